"""Checks the table of `NAME_run --profile` against the ONNX model it came from.

    python profile_check.py MODEL.onnx TABLE.txt

The MACs are computed here from the ONNX file alone (shape inference and the
Conv nodes' attributes), not from anything rifflec wrote: a Conv's MACs are
its output elements times (input channels / groups) times the kernel's
area, plus the output elements once more when it has a bias, its own or the
one a following BatchNormalization folds into it (thop's rule, DESIGN.md).
Checked: the header line; every row's node names are nodes of the model;
rows of no layer are only the runtime's, the profiler's overhead, argument
or result copies and handoffs between pipelines;
every Conv node is in exactly one conv2d row, with those MACs; the conv rows
hold at least half of the time (their Halide Funcs were found); the header's
total is the sum over the Conv nodes; rows come slowest first; the GFLOP/s
column follows from ms and MACs. Prints `profile table ok: ...`.
"""

import math
import re
import sys

import onnx
from onnx import shape_inference


def conv_macs(model):
    """{conv node name: MACs}, from the model's shapes and attributes."""
    graph = shape_inference.infer_shapes(model).graph
    shapes = {}
    for v in list(graph.input) + list(graph.value_info) + list(graph.output):
        shapes[v.name] = [d.dim_value for d in v.type.tensor_type.shape.dim]
    inits = {i.name: list(i.dims) for i in graph.initializer}
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    macs = {}
    for node in graph.node:
        if node.op_type != "Conv":
            continue
        out = shapes[node.output[0]]
        weight = inits[node.input[1]]  # [Cout, Cin/groups, kH, kW]
        elements = math.prod(out)
        bias = len(node.input) > 2 and node.input[2] != ""
        bias = bias or any(c.op_type == "BatchNormalization"
                           for c in consumers.get(node.output[0], []))
        macs[node.name] = elements * weight[1] * weight[2] * weight[3] + (elements if bias else 0)
    return macs, {n.name for n in graph.node}


def main():
    model = onnx.load(sys.argv[1])
    expected, node_names = conv_macs(model)
    lines = open(sys.argv[2]).read().splitlines()
    head = re.match(r"profile \w+: (\d+) runs \(\d+ pipeline runs\), (\d+) samples, "
                    r"([\d.]+) ms per run, (\d+) MACs, ([\d.]+) GFLOP/s$", lines[0])
    assert head, f"header: {lines[0]!r}"
    assert int(head.group(1)) >= 10, "fewer than 10 runs"
    assert int(head.group(4)) == sum(expected.values()), \
        f"total MACs {head.group(4)} != {sum(expected.values())} over the Conv nodes"
    assert lines[1].split() == ["rank", "ms", "%time", "MACs", "GFLOP/s", "%peak", "over_ms",
                                "op", "nodes"], f"columns: {lines[1]!r}"
    seen, last_ms, conv_ms = {}, math.inf, 0.0
    for line in lines[2:]:
        cells = line.split()
        assert len(cells) == 9, f"row: {line!r}"
        ms = float(cells[1])
        assert ms <= last_ms, f"rows not slowest first at {line!r}"
        last_ms = ms
        op, nodes = cells[7], cells[8]
        if op.startswith("("):  # a Halide Func of no op
            assert cells[3] == "-", line
            # Only the runtime's, the profiler's own overhead (a row when it
            # was sampled, under load), the copies of arguments and results
            # and the buffers handed between pipelines (and their padded
            # copies) are of no op: an op's stage here was not matched to
            # its layer.
            assert re.match(r"\((halide_|overhead\)|arg_|output_|func_pad_|handed_pad_|handoff_)", op), \
                f"a stage of an op in no layer: {line!r}"
            continue
        names = nodes.split("+")
        unknown = [n for n in names if n not in node_names]
        assert not unknown, f"row names nodes the model lacks: {unknown} in {line!r}"
        convs = [n for n in names if n in expected]
        if op != "conv2d":
            assert not convs, f"a Conv node in a {op} row: {line!r}"
            continue
        assert len(convs) == 1, f"conv2d row without exactly one Conv node: {line!r}"
        assert convs[0] not in seen, f"Conv node {convs[0]} in two rows"
        seen[convs[0]] = int(cells[3])
        conv_ms += ms
        assert int(cells[3]) == expected[convs[0]], \
            f"{convs[0]}: MACs {cells[3]}, expected {expected[convs[0]]}"
        if ms > 0:
            gflops = 2 * expected[convs[0]] / (ms * 1e6)
            assert abs(float(cells[4]) - gflops) <= 0.01 * gflops + 0.01, line
    missing = sorted(set(expected) - set(seen))
    assert not missing, f"Conv nodes in no row: {missing}"
    # The convs are where the time goes: their Funcs must have been found.
    total_ms = float(head.group(3))
    assert conv_ms >= 0.5 * total_ms, f"conv rows hold {conv_ms} of {total_ms} ms"
    print(f"profile table ok: {len(seen)} convs, {len(lines) - 2} rows")


if __name__ == "__main__":
    main()
