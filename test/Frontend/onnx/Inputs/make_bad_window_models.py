"""Writes binary .onnx models whose window attributes would make libonnx's
shape inference divide by zero, in the places ONNX text cannot reach: a
named node, a node inside an If branch, and a node of a model-local function.

    python3 make_bad_window_models.py OUT_DIR
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper, save

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def fmap(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def write(name, nodes, inits=(), functions=(), opset=13):
    graph = helper.make_graph(nodes, name, [fmap("x", [1, 2, 8, 8])], [fmap("y", None)], list(inits))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset),
                                                    helper.make_opsetid("local", 1)],
                              functions=list(functions))
    model.ir_version = 8
    # No onnx.checker here: these models are meant to be refused by Riffle
    # before libonnx sees them.
    save(model, os.path.join(out, name + ".onnx"))


w = numpy_helper.from_array(np.ones((4, 2, 3, 3), np.float32), "w")

# The reproducer: a Conv with strides [2, 0], named as exporters do.
write("named-conv", [helper.make_node("Conv", ["x", "w"], ["y"], name="stem/conv", strides=[2, 0])], [w])

# A MaxPool with a zero stride inside an If branch (libonnx infers subgraph
# shapes too).
cond = numpy_helper.from_array(np.array(True), "cond")
branch = helper.make_graph(
    [helper.make_node("MaxPool", ["x"], ["pooled"], name="branch/pool", kernel_shape=[2, 2], strides=[1, 0])],
    "branch", [], [fmap("pooled", None)])
write("if-branch", [helper.make_node("If", ["cond"], ["y"], name="choose", then_branch=branch, else_branch=branch)],
      [cond])

# A model-local function whose body holds a Conv with group 0.
function = helper.make_function(
    "local", "BadConv", ["fx", "fw"], ["fy"],
    [helper.make_node("Conv", ["fx", "fw"], ["fy"], name="body/conv", group=0)],
    [helper.make_opsetid("", 13)])
write("function-body", [helper.make_node("BadConv", ["x", "w"], ["y"], name="call", domain="local")], [w],
      functions=[function])
