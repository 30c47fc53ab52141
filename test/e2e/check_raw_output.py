"""Compares a raw float32 file (examples/run_model.c's output) with a
reference .npy: max|out - ref| <= 1e-5 + 1e-3 * max|ref|."""
import sys

import numpy as np

out_path, ref_path = sys.argv[1], sys.argv[2]
ref = np.load(ref_path).astype(np.float32)
out = np.fromfile(out_path, dtype="<f4")
if out.size != ref.size:
    sys.exit(f"error: {out_path} holds {out.size} values, {ref_path} {ref.size}")
diff = float(np.abs(out.reshape(ref.shape) - ref).max())
tol = 1e-5 + 1e-3 * float(np.abs(ref).max())
print(f"max_abs_diff={diff:.3g} tolerance={tol:.3g}")
sys.exit(0 if diff <= tol else "error: output differs from the reference")
