"""Runs each pass of the default pipeline, in order, on riffle-IR models
and checks with the reference interpreter that every pass leaves the
outputs unchanged (max |diff| <= 1e-5 * max |output before any pass|) on a
random input.

usage: check_pass_equivalence.py TOOLS_DIR WORK_DIR MODEL.mlir...
"""
import pathlib
import re
import subprocess
import sys

import numpy as np

PASSES = ["riffle-fold-batch-norm", "riffle-fuse-activation",
          "riffle-fuse-channel-shuffle", "riffle-eliminate-copies",
          "canonicalize", "cse"]


def run(cmd):
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{pathlib.Path(str(cmd[0])).name} failed: {result.stderr.strip()}")
    return result.stdout


def outputs(tools, ir, inp, prefix):
    # The number of results: the operands of the function's return.
    returned = re.search(r"^\s*(?:func\.)?return (.*?) :", ir.read_text(), re.M)
    count = len(returned.group(1).split(","))
    outs = [prefix.with_name(f"{prefix.name}.{i}.npy") for i in range(count)]
    cmd = [tools / "riffle-interp", ir, "--input", inp]
    for out in outs:
        cmd += ["--output", out]
    run(cmd)
    return [np.load(o) for o in outs]


def check(tools, work, model):
    name = model.stem
    shape = [int(d) for d in re.search(r"%x: tensor<([0-9x]+)xf32>",
                                       model.read_text()).group(1).split("x")]
    inp = work / f"{name}.input.npy"
    np.save(inp, np.random.default_rng(3).normal(size=shape).astype(np.float32))
    before = outputs(tools, model, inp, work / f"{name}.before")
    problems = []
    stage = model
    for p in PASSES:
        nxt = work / f"{name}.{p}.mlir"
        run([tools / "riffle-opt", stage, f"--pass-pipeline=builtin.module(func.func({p}))",
             "-o", nxt])
        after = outputs(tools, nxt, inp, work / f"{name}.{p}")
        for i, (a, b) in enumerate(zip(before, after)):
            scale = float(np.max(np.abs(a))) or 1.0
            diff = float(np.max(np.abs(a - b))) if a.shape == b.shape else float("inf")
            if diff > 1e-5 * scale:
                problems.append(f"{p} changes result #{i}: max |diff| {diff:.3g} "
                                f"(scale {scale:.3g})")
        stage = nxt
    return problems


def main():
    tools, work = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    models = [pathlib.Path(m) for m in sys.argv[3:]]
    failures = 0
    for model in models:
        try:
            problems = check(tools, work, model)
        except RuntimeError as error:
            problems = [str(error)]
        print(f"{model.stem}: " + ("ok" if not problems else "FAILED: " + "; ".join(problems)))
        failures += bool(problems)
    print(f"pass equivalence: {len(models) - failures} of {len(models)} models ok")
    return 1 if failures or not models else 0


if __name__ == "__main__":
    sys.exit(main())
