"""Imports every zoo model with rifflec and checks the riffle IR's op counts
against facts taken elsewhere: the number of Conv nodes in the ONNX graph,
and the channel shuffles the PyTorch forward pass executed (MODEL.meta.json,
written by the exporter from the PyTorch model itself).

usage: check_zoo_import.py RIFFLEC EXPORT_DIR [--models M ...]
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys

import onnx


def count(pattern, text):
    return len(re.findall(pattern, text))


def check_model(rifflec, onnx_path):
    name = onnx_path.stem
    meta = json.loads(onnx_path.with_suffix(".meta.json").read_text())
    graph = onnx.load(str(onnx_path)).graph
    onnx_convs = sum(1 for n in graph.node if n.op_type == "Conv")
    run = subprocess.run([rifflec, str(onnx_path), "--emit=mlir"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return [f"rifflec failed (exit {run.returncode}): {run.stderr.strip()}"]
    ir = run.stdout
    problems = []
    convs = count(r"= riffle\.conv2d ", ir)
    if convs != onnx_convs:
        problems.append(f"{convs} riffle.conv2d for {onnx_convs} ONNX Conv nodes")
    if convs != meta["conv2d"]:
        problems.append(f"{convs} riffle.conv2d for {meta['conv2d']} nn.Conv2d calls")
    groups = [int(g) for g in re.findall(r"riffle\.channel_shuffle %\S+, groups = (\d+)", ir)]
    if len(groups) != meta["channel_shuffles"]:
        problems.append(f"{len(groups)} riffle.channel_shuffle for "
                        f"{meta['channel_shuffles']} shuffles in PyTorch")
    elif sorted(groups) != sorted(meta["shuffle_groups"]):
        problems.append(f"shuffle groups {groups} != PyTorch's {meta['shuffle_groups']}")
    bns = count(r"= riffle\.batch_norm ", ir)
    if bns != meta["batch_norm"]:
        problems.append(f"{bns} riffle.batch_norm for {meta['batch_norm']} BatchNorm2d calls")
    gemms = count(r"= riffle\.gemm ", ir)
    if gemms != meta["linear"]:
        problems.append(f"{gemms} riffle.gemm for {meta['linear']} nn.Linear calls")
    # No op that PyTorch's export needed for shapes survives.
    m = re.search(r"func\.func @\w+\(%arg0: tensor<([0-9x]+)xf32>\) -> tensor<([0-9x]+)xf32>", ir)
    if not m:
        problems.append("no single-input, single-output func in the IR")
    else:
        if [int(d) for d in m.group(1).split("x")] != meta["input_shape"]:
            problems.append(f"input type {m.group(1)} != {meta['input_shape']}")
        if [int(d) for d in m.group(2).split("x")] != meta["output_shape"]:
            problems.append(f"output type {m.group(2)} != {meta['output_shape']}")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("rifflec")
    parser.add_argument("export_dir", type=pathlib.Path)
    args = parser.parse_args()
    models = sorted(args.export_dir.glob("*.onnx"))
    failures = 0
    for path in models:
        problems = check_model(args.rifflec, path)
        status = "ok" if not problems else "FAILED: " + "; ".join(problems)
        print(f"{path.stem}: {status}")
        failures += bool(problems)
    print(f"zoo import: {len(models) - failures} of {len(models)} models ok")
    return 1 if failures or not models else 0


if __name__ == "__main__":
    sys.exit(main())
