"""Checks that a .npy file riffle-interp wrote is what numpy.save writes.

    check_npy_output.py FILE.npy
Prints the array's shape, dtype and order, and whether numpy.save of the
loaded array gives the same bytes.
"""

import io
import sys

import numpy as np

with open(sys.argv[1], "rb") as f:
    data = f.read()
array = np.load(io.BytesIO(data))
again = io.BytesIO()
np.save(again, array)
print("shape=%s dtype=%s c_order=%s same_bytes_as_numpy=%s" % (
    array.shape, array.dtype, array.flags["C_CONTIGUOUS"],
    again.getvalue() == data))
