"""Runs each function of a riffle IR file through Riffle's GPU schedule on
OpenCL and checks it against the reference interpreter.

usage: gpu_schedule_check.py CASES.mlir --work DIR --tools BINDIR
           [--ptx-target T]

For each func.func (written to its own file, as rifflec compiles one
function): a deterministic input (uniform in [-1, 1)), `rifflec
--target=host-opencl --emit=runner`, the runner in a separate process with
--launches, and `riffle-interp --compare` on its output (the interpreter's
tolerance). With --ptx-target, also `rifflec --emit=asm` for that CUDA
target: the PTX's kernels are counted and must equal the launches, and it
may not use local memory (.local: per-thread arrays or spills). One line
per function:

    NAME: ok launches=L kernels=K shared=yes|no max_abs_diff=D

(shared: whether a kernel reads a tile staged in shared memory), or
NAME: FAIL <why> (details on stderr). Exit status 1 if any function failed.
"""
import argparse
import os
import re
import subprocess
import sys

import numpy as np


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def check(name, text, args):
    match = re.search(r"%x: tensor<([0-9x]+)xf32>", text)
    shape = [int(d) for d in match.group(1).split("x")]
    base = os.path.join(args.work, name)
    with open(base + ".mlir", "w") as f:
        f.write(text)
    x = np.random.default_rng(11).uniform(-1, 1, shape).astype(np.float32)
    np.save(base + ".in.npy", x)
    rifflec = os.path.join(args.tools, "rifflec")
    r = run([rifflec, base + ".mlir", "--target=host-opencl", "--emit=runner",
             "-o", base, "--name", name])
    if r.returncode:
        return "rifflec --target=host-opencl failed", r.stderr
    r = run([os.path.join(base, name + "_run"), "--input", base + ".in.npy",
             "--output", base + ".out.npy", "--launches"])
    if r.returncode:
        return "the runner failed", r.stdout + r.stderr
    launches = int(re.search(r"kernel_launches=(\d+)", r.stdout).group(1))
    r = run([os.path.join(args.tools, "riffle-interp"), base + ".mlir",
             "--input", base + ".in.npy", "--compare", base + ".out.npy"])
    if r.returncode:
        return "differs from the interpreter", r.stdout + r.stderr
    diff = re.search(r"max_abs_diff=(\S+)", r.stdout).group(1)
    line = f"launches={launches}"
    if args.ptx_target:
        r = run([rifflec, base + ".mlir", f"--target={args.ptx_target}",
                 "--emit=asm", "-o", base + ".ptx"])
        if r.returncode:
            return f"rifflec --target={args.ptx_target} failed", r.stderr
        with open(base + ".ptx") as f:
            ptx = f.read()
        kernels = len(re.findall(r"^\.visible \.entry ", ptx, re.M))
        if kernels != launches:
            return f"{kernels} kernels in the PTX, {launches} launched", ""
        if re.search(r"\.local\b", ptx):
            return "the PTX uses local memory", ""
        shared = "yes" if re.search(r"\bld\.shared\.", ptx) else "no"
        line += f" kernels={kernels} shared={shared}"
    return None, f"{line} max_abs_diff={diff}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("cases")
    p.add_argument("--work", required=True)
    p.add_argument("--tools", required=True)
    p.add_argument("--ptx-target")
    args = p.parse_args()
    os.makedirs(args.work, exist_ok=True)
    with open(args.cases) as f:
        source = f.read()
    failed = 0
    for text in re.split(r"(?=^func\.func @)", source, flags=re.M):
        match = re.match(r"func\.func @(\w+)", text)
        if not match:
            continue
        name = match.group(1)
        problem, detail = check(name, text, args)
        if problem:
            failed += 1
            print(f"{name}: FAIL {problem}", flush=True)
            print(f"{name}: FAIL {problem}\n{detail}", file=sys.stderr)
        else:
            print(f"{name}: ok {detail}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
