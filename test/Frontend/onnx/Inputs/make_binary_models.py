"""Writes small binary .onnx models that ONNX text cannot express: named
nodes, and initializers stored as raw_data and in float64 / float16 / int32.

    python3 make_binary_models.py OUT_DIR
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def save(graph, name, opset=13):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, name))


def fmap(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


# Initializers in every storage the importer reads: float32 as raw_data,
# float64 and float16 (raw; cast to float32 at import), int32 Slice bounds
# and an int64 raw Reshape target.
w = np.arange(1, 4 * 2 * 1 * 1 + 1, dtype=np.float32).reshape(4, 2, 1, 1)
inits = [
    numpy_helper.from_array(w, "w_raw"),  # numpy_helper writes raw_data
    helper.make_tensor("b_double", TensorProto.DOUBLE, [4], [0.5, 1.5, -2.0, 4.0]),
    numpy_helper.from_array(np.array([0.5, -1.0, 2.0, 65504.0], np.float16).reshape(1, 4, 1, 1), "c_half"),
    helper.make_tensor("starts", TensorProto.INT32, [1], [1]),
    helper.make_tensor("ends", TensorProto.INT32, [1], [3]),
    helper.make_tensor("axes", TensorProto.INT32, [1], [1]),
    numpy_helper.from_array(np.array([1, -1], np.int64), "target"),
]
nodes = [
    helper.make_node("Cast", ["b_double"], ["b"], name="cast_b", to=TensorProto.FLOAT),
    helper.make_node("Conv", ["x", "w_raw", "b"], ["conv"], name="conv1"),
    helper.make_node("Cast", ["c_half"], ["c"], name="cast_c", to=TensorProto.FLOAT),
    helper.make_node("Add", ["conv", "c"], ["add"], name="add1"),
    helper.make_node("Slice", ["add", "starts", "ends", "axes"], ["slice"], name="slice1"),
    helper.make_node("Reshape", ["slice", "target"], ["y"], name="flat"),
]
save(helper.make_graph(nodes, "g", [fmap("x", [1, 2, 3, 3])], [fmap("y", [1, 18])], inits),
     "initializers.onnx")

# Named nodes: diagnostics name them. A 5-D channel-shuffle view read by a
# Relu, and a Pad before a MaxPool on possibly negative data.
view = numpy_helper.from_array(np.array([1, 2, 3, 4, 4], np.int64), "view")
nodes = [
    helper.make_node("Reshape", ["x", "view"], ["v"], name="stage2/shuffle/view"),
    helper.make_node("Relu", ["v"], ["y"], name="stage2/relu"),
]
save(helper.make_graph(nodes, "g", [fmap("x", [1, 6, 4, 4])], [fmap("y", [1, 2, 3, 4, 4])], [view]),
     "named-view.onnx")
pads = numpy_helper.from_array(np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64), "pads")
nodes = [
    helper.make_node("Pad", ["x", "pads"], ["p"], name="stem/pad"),
    helper.make_node("MaxPool", ["p"], ["y"], name="stem/pool", kernel_shape=[3, 3], strides=[2, 2]),
]
save(helper.make_graph(nodes, "g", [fmap("x", [1, 1, 4, 4])], [fmap("y", [1, 1, 2, 2])], [pads]),
     "named-pad.onnx")
