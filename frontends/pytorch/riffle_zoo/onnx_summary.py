"""Summarize which ONNX ops, attributes and input kinds exported models use.

    /usr/bin/python3 -m riffle_zoo.onnx_summary FILE.onnx [FILE.onnx ...]
    (run from frontends/pytorch, or with it on PYTHONPATH)

Prints, per file, the opset and op counts; then, over all files, every op
type with the attribute values seen and, for each input position, where the
input comes from: `graph-input`, `initializer`, `Constant` (a Constant node)
or the op type of the node computing it. Meant for the author of an ONNX
importer who needs to know exactly what the exporter emits.
"""

import sys
from collections import Counter, defaultdict
from typing import Dict, List, Set

import onnx
from onnx import helper, numpy_helper


def _attr_text(attr: onnx.AttributeProto) -> str:
    value = helper.get_attribute_value(attr)
    if attr.type == onnx.AttributeProto.TENSOR:
        array = numpy_helper.to_array(value)
        text = f"tensor<{array.dtype}, shape {list(array.shape)}>"
        if array.size <= 8:
            text += f" {array.tolist()}"
        return text
    if isinstance(value, bytes):
        value = value.decode()
    if isinstance(value, list):
        value = [v.decode() if isinstance(v, bytes) else v for v in value]
    return repr(value)


def summarize(paths: List[str]) -> str:
    out: List[str] = []
    union: Counter = Counter()
    models_using: Dict[str, Set[str]] = defaultdict(set)
    attrs: Dict[str, Dict[str, Set[str]]] = defaultdict(lambda: defaultdict(set))
    sources: Dict[str, Dict[int, Set[str]]] = defaultdict(lambda: defaultdict(set))
    opsets: Set[str] = set()

    for path in paths:
        model = onnx.load(path)
        graph = model.graph
        opset = ",".join(f"{o.domain or 'ai.onnx'}:{o.version}" for o in model.opset_import)
        opsets.add(opset)
        producer = {o: n.op_type for n in graph.node for o in n.output}
        inits = {i.name for i in graph.initializer}
        inputs = {i.name for i in graph.input}
        counts = Counter(n.op_type for n in graph.node)
        union.update(counts)
        name = graph.name or path
        for op in counts:
            models_using[op].add(name)
        for node in graph.node:
            for attr in node.attribute:
                attrs[node.op_type][attr.name].add(_attr_text(attr))
            for index, value in enumerate(node.input):
                if value == "":
                    kind = "(omitted)"
                elif value in inits:
                    kind = "initializer"
                elif value in inputs:
                    kind = "graph-input"
                else:
                    kind = producer.get(value, "?")
                sources[node.op_type][index].add(kind)
        ops = ", ".join(f"{op} {c}" for op, c in sorted(counts.items()))
        out.append(f"{name} [{opset}] {len(graph.node)} nodes, "
                   f"{len(graph.initializer)} initializers: {ops}")

    out.append("")
    out.append(f"opsets: {', '.join(sorted(opsets))}")
    out.append(f"op types over all {len(paths)} files: {', '.join(sorted(union))}")
    for op in sorted(union):
        out.append("")
        out.append(f"{op}: {union[op]} nodes in {len(models_using[op])} models")
        for index in sorted(sources[op]):
            out.append(f"  input {index} from: {', '.join(sorted(sources[op][index]))}")
        for attr in sorted(attrs[op]):
            values = sorted(attrs[op][attr])
            shown = "; ".join(values[:12]) + ("; ..." if len(values) > 12 else "")
            out.append(f"  {attr}: {shown}")
    return "\n".join(out)


def main(argv: List[str]) -> int:
    if not argv:
        print("usage: python3 -m riffle_zoo.onnx_summary FILE.onnx ...", file=sys.stderr)
        return 1
    print(summarize(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
