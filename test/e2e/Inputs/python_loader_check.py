"""Runs riffle.load(LIB)(x) (python/riffle) on PyTorch's exported inputs and
compares with PyTorch's outputs: max|y - ref| <= 1e-5 + 1e-3 * max|ref|.

    python_loader_check.py LIB.so DIR [DIR ...]

Each DIR holds MODEL.input.npy / MODEL.output.npy from frontends/pytorch/
export.py (one batch size per folder; a --batch=dynamic library takes them
all). Prints one line per folder and exits 1 on a mismatch."""
import glob
import os
import sys

import numpy as np

import riffle

lib, dirs = sys.argv[1], sys.argv[2:]
model = riffle.load(lib)
print(f"{model.name}: inputs {model.input_shapes} outputs {model.output_shapes} "
      f"dynamic_batch={model.dynamic_batch}")
ok = True
for d in dirs:
    (x_path,) = glob.glob(os.path.join(d, "*.input.npy"))
    x = np.load(x_path)
    ref = np.load(x_path.replace(".input.npy", ".output.npy"))
    y = model(x)
    diff = float(np.abs(y.astype(np.float64) - ref).max())
    tol = 1e-5 + 1e-3 * float(np.abs(ref).max())
    good = y.shape == ref.shape and y.dtype == np.float32 and diff <= tol
    ok &= good
    print(f"batch {x.shape[0]}: output {y.shape} max_abs_diff={diff:.3g} tol={tol:.3g} "
          f"{'ok' if good else 'FAIL'}")
sys.exit(0 if ok else 1)
