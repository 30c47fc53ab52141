"""Checks riffle-interp against PyTorch, one function of a .mlir file at a time.

    check_against_torch.py RIFFLE_INTERP FILE.mlir OUTDIR

Every function in FILE.mlir preceded by `// REF:` comment lines is a case:
the REF lines hold a Python expression for the function's results in terms
of its arguments `x0, x1, ...` (torch tensors, float64), `F`
(torch.nn.functional) and `torch`; a tuple for several results. Optional
`// INIT:` lines run first on the NumPy inputs (e.g. to make a variance
positive). The inputs are float32 standard normal values from a seed derived
from the case's name; the reference is computed by PyTorch in float64 from
those same float32 values, so it is independent of the interpreter and more
accurate than a float32 run.

For each case this writes OUTDIR/NAME.inK.npy and OUTDIR/NAME.refK.npy, runs
RIFFLE_INTERP FILE --function NAME --input ... --compare ... with tight
tolerances, and prints `NAME: ok max_abs_diff=...` or `NAME: FAILED ...`,
then `N of M cases ok`.
"""

import os
import re
import subprocess
import sys
import zlib

import numpy as np
import torch
import torch.nn.functional as F

ATOL = "1e-6"
RTOL = "1e-6"


def parse_cases(text):
    cases = []
    ref, init = [], []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("// REF:"):
            ref.append(stripped[len("// REF:"):].strip())
            continue
        if stripped.startswith("// INIT:"):
            init.append(stripped[len("// INIT:"):].strip())
            continue
        match = re.match(r"func\.func @(\w+)\((.*?)\)\s*->", stripped)
        if match and ref:
            shapes = []
            for arg in match.group(2).split(","):
                m = re.search(r"tensor<((?:\d+x)*)f32>", arg)
                if m is None:
                    raise SystemExit("cannot read the argument type of " + arg)
                dims = m.group(1)
                shapes.append(tuple(int(d) for d in dims.split("x") if d))
            cases.append((match.group(1), shapes, " ".join(ref), init))
        if not stripped.startswith("//"):
            ref, init = [], []
    return cases


def main():
    interp, mlir, outdir = sys.argv[1:4]
    os.makedirs(outdir, exist_ok=True)
    with open(mlir) as f:
        cases = parse_cases(f.read())
    ok = 0
    for name, shapes, ref, init in cases:
        rng = np.random.default_rng(zlib.crc32(name.encode()))
        env = {"np": np, "torch": torch, "F": F}
        for i, shape in enumerate(shapes):
            env["x%d" % i] = rng.standard_normal(shape).astype(np.float32)
        for statement in init:
            exec(statement, env)
        inputs = []
        for i in range(len(shapes)):
            array = np.array(env["x%d" % i], dtype=np.float32, order="C")
            path = os.path.join(outdir, "%s.in%d.npy" % (name, i))
            np.save(path, array)
            inputs.append(path)
            env["x%d" % i] = torch.from_numpy(array.astype(np.float64))
        with torch.no_grad():
            results = eval(ref, env)
        if not isinstance(results, tuple):
            results = (results,)
        refs = []
        for i, result in enumerate(results):
            path = os.path.join(outdir, "%s.ref%d.npy" % (name, i))
            np.save(path, result.numpy().astype(np.float32))
            refs.append(path)
        command = [interp, mlir, "--function", name]
        for path in inputs:
            command += ["--input", path]
        for path in refs:
            command += ["--compare", path]
        command += ["--atol", ATOL, "--rtol", RTOL]
        run = subprocess.run(command, capture_output=True, text=True)
        lines = run.stdout.strip().splitlines()
        if run.returncode == 0 and len(lines) == len(refs):
            worst = max(float(l.split()[0].split("=")[1]) for l in lines)
            print("%s: ok max_abs_diff=%g" % (name, worst))
            ok += 1
        else:
            print("%s: FAILED (exit %d)\n%s%s" % (name, run.returncode,
                                                 run.stdout, run.stderr))
    print("%d of %d cases ok" % (ok, len(cases)))


if __name__ == "__main__":
    main()
