"""Writes the .npy files riffle-interp.test reads into OUTDIR (argv[1])."""

import os
import sys

import numpy as np

out = sys.argv[1]
x = np.arange(-6, 6, dtype=np.float32).reshape(1, 3, 2, 2)
y = 2 * np.maximum(x, 0)


def save(name, array):
    np.save(os.path.join(out, name), array)


save("x.npy", x)
save("x64.npy", x.astype(np.float64))
save("y-ref.npy", y)
save("x-times-2.npy", 2 * x)
save("relu-x.npy", np.maximum(x, 0))
bad = y.copy()
bad[0, 2, 1, 1] += 0.5
save("y-bad.npy", bad)
save("y-nan.npy", np.full_like(y, np.nan))
save("wrong-shape.npy", x.reshape(1, 3, 4, 1))
save("int.npy", x.astype(np.int32))
save("big-endian.npy", x.astype(">f4"))
# A Fortran-order array records fortran_order: True in its header.
save("fortran.npy", np.asfortranarray(np.arange(12, dtype=np.float32).reshape(3, 4)))
with open(os.path.join(out, "x.npy"), "rb") as f:
    data = f.read()
with open(os.path.join(out, "truncated.npy"), "wb") as f:
    f.write(data[:-5])
# Format version 3.0 (a UTF-8 header) is not one riffle-interp reads.
with open(os.path.join(out, "v3.npy"), "wb") as f:
    f.write(data[:6] + b"\x03" + data[7:])
