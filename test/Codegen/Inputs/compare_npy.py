"""Compares a runner's .npy output with a reference .npy (PyTorch's):
max|out - ref| <= 1e-5 + 1e-3 * max|ref|, the tolerance of the e2e tests.
Prints max_abs_diff and exits non-zero when the output differs."""
import sys

import numpy as np

out_path, ref_path = sys.argv[1], sys.argv[2]
out, ref = np.load(out_path), np.load(ref_path)
if out.dtype != np.float32 or out.shape != ref.shape:
    sys.exit(f"error: {out_path} is {out.dtype} {out.shape}, "
             f"{ref_path} {ref.dtype} {ref.shape}")
diff = float(np.abs(out - ref).max())
tol = 1e-5 + 1e-3 * float(np.abs(ref).max())
print(f"max_abs_diff={diff:.3g} tolerance={tol:.3g}")
sys.exit(0 if diff <= tol else "error: output differs from the reference")
