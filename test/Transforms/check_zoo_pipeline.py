"""Checks rifflec's default pipeline on exported zoo models:
  - after the pipeline no channel_shuffle, batch_norm, concat, slice or split
    is left (data movement is channel_gather views only);
  - the reference interpreter's output after the pipeline agrees with its
    output before it (relative 1e-5 of the output's range), and both agree
    with PyTorch's output (max |diff| <= 1e-5 + 1e-3 * max |ref|);
  - with --per-pass, the same before/after agreement holds after each pass.

usage: check_zoo_pipeline.py TOOLS_DIR EXPORT_DIR [--per-pass]
"""
import argparse
import pathlib
import re
import subprocess
import sys

import numpy as np

PASSES = ["riffle-fold-batch-norm", "riffle-fuse-activation",
          "riffle-fuse-channel-shuffle", "riffle-eliminate-copies",
          "canonicalize", "cse"]
FORBIDDEN = ["channel_shuffle", "batch_norm", "concat", "slice", "split"]


def run(cmd):
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed: {result.stderr.strip()}")
    return result.stdout


def interpret(tools, ir, inp, out):
    run([tools / "riffle-interp", ir, "--input", inp, "--output", out])
    return np.load(out)


def check_model(tools, onnx_path, work, per_pass):
    name = onnx_path.stem
    inp = onnx_path.with_suffix(".input.npy")
    ref = np.load(onnx_path.with_suffix(".output.npy"))
    problems = []
    imported = work / f"{name}.imported.mlir"
    optimized = work / f"{name}.opt.mlir"
    run([tools / "rifflec", onnx_path, "--emit=mlir", "--keep-weights", "-o", imported])
    run([tools / "rifflec", onnx_path, "--emit=mlir-opt", "--keep-weights", "-o", optimized])
    ir = optimized.read_text()
    for op in FORBIDDEN:
        n = len(re.findall(rf"= riffle\.{op} ", ir))
        if n:
            problems.append(f"{n} riffle.{op} left after the pipeline")

    before = interpret(tools, imported, inp, work / f"{name}.before.npy")
    after = interpret(tools, optimized, inp, work / f"{name}.after.npy")
    scale = float(np.max(np.abs(before))) or 1.0
    diff = float(np.max(np.abs(after - before)))
    if diff > 1e-5 * scale:
        problems.append(f"pipeline changes the output: max |diff| {diff:.3g} "
                        f"> 1e-5 * {scale:.3g}")
    for label, out in (("before", before), ("after", after)):
        tol = 1e-5 + 1e-3 * float(np.max(np.abs(ref)))
        d = float(np.max(np.abs(out - ref)))
        if out.shape != ref.shape or d > tol:
            problems.append(f"{label} the pipeline: max |diff| to PyTorch {d:.3g} > {tol:.3g}")

    if per_pass:
        stage = imported
        for p in PASSES:
            nxt = work / f"{name}.{p}.mlir"
            run([tools / "riffle-opt", stage, f"--pass-pipeline=builtin.module(func.func({p}))",
                 "-o", nxt])
            out = interpret(tools, nxt, inp, work / f"{name}.{p}.npy")
            d = float(np.max(np.abs(out - before)))
            if d > 1e-5 * scale:
                problems.append(f"{p} changes the output: max |diff| {d:.3g}")
            stage = nxt
    return problems, diff / scale


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tools", type=pathlib.Path)
    parser.add_argument("export_dir", type=pathlib.Path)
    parser.add_argument("--per-pass", action="store_true")
    args = parser.parse_args()
    models = sorted(args.export_dir.glob("*.onnx"))
    work = args.export_dir / "work"
    work.mkdir(exist_ok=True)
    failures = 0
    for path in models:
        try:
            problems, rel = check_model(args.tools, path, work, args.per_pass)
        except RuntimeError as error:
            problems, rel = [str(error)], float("nan")
        status = f"ok (relative change {rel:.2g})" if not problems else \
            "FAILED: " + "; ".join(problems)
        print(f"{path.stem}: {status}", flush=True)
        failures += bool(problems)
    print(f"zoo pipeline: {len(models) - failures} of {len(models)} models ok")
    return 1 if failures or not models else 0


if __name__ == "__main__":
    sys.exit(main())
