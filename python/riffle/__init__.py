"""Riffle's Python loader: call a compiled model on NumPy arrays.

    import riffle
    model = riffle.load("m.so")          # rifflec MODEL --shared -o DIR --name m
    y = model(x)                         # x: float32 NCHW array; y: numpy array

It is ctypes over the C API compiled into the library (NAME.h): the shapes
come from NAME_num_inputs / NAME_input_rank / NAME_input_dim (and the output
equivalents), the call is NAME_run (NAME_run_batch for a library compiled
with --batch=dynamic, which takes any batch), and a failure raises
riffle.Error with NAME_last_error()'s message. The library must carry its
Halide runtime (compiled without --no-runtime), as a Python process has no
other. Needs only NumPy.
"""

import ctypes
import os

import numpy as np

__all__ = ["Error", "Model", "load"]


class Error(RuntimeError):
    """A model refused its arguments or failed; the message is the
    library's NAME_last_error()."""


class Model:
    """A loaded model; call it with one array per input."""

    def __init__(self, path, name=None):
        path = os.fspath(path)
        if name is None:
            name = os.path.splitext(os.path.basename(path))[0]
        self.name = name
        self.path = path
        try:
            self._lib = ctypes.CDLL(os.path.abspath(path))
        except OSError as e:
            raise Error(f"{path}: cannot load: {e}") from None

        def fn(suffix, restype, *argtypes):
            try:
                f = getattr(self._lib, f"{name}_{suffix}")
            except AttributeError:
                raise Error(f"{path}: no symbol {name}_{suffix}; is it a Riffle "
                            f"library named {name!r} (load(path, name=...))?") from None
            f.restype = restype
            f.argtypes = list(argtypes)
            return f

        c_int = ctypes.c_int
        self._last_error = fn("last_error", ctypes.c_char_p)
        self._set_num_threads = fn("set_num_threads", c_int, c_int)
        self.dynamic_batch = bool(fn("dynamic_batch", c_int)())
        self.input_shapes = self._shapes(fn("num_inputs", c_int)(),
                                         fn("input_rank", c_int, c_int),
                                         fn("input_dim", c_int, c_int, c_int))
        self.output_shapes = self._shapes(fn("num_outputs", c_int)(),
                                          fn("output_rank", c_int, c_int),
                                          fn("output_dim", c_int, c_int, c_int))
        pointers = [ctypes.c_void_p] * (len(self.input_shapes) + len(self.output_shapes))
        if self.dynamic_batch:
            self._run = fn("run_batch", c_int, c_int, *pointers)
        else:
            self._run = fn("run", c_int, *pointers)

    @staticmethod
    def _shapes(count, rank_fn, dim_fn):
        return [tuple(dim_fn(i, d) for d in range(rank_fn(i))) for i in range(count)]

    def set_num_threads(self, n):
        """Halide's thread count (per process); returns the previous one."""
        return self._set_num_threads(int(n))

    def __call__(self, *inputs):
        if len(inputs) != len(self.input_shapes):
            raise Error(f"{self.name} takes {len(self.input_shapes)} input(s); "
                        f"got {len(inputs)}")
        batch = None
        arrays = []
        for i, (x, shape) in enumerate(zip(inputs, self.input_shapes)):
            x = np.asarray(x)
            if x.dtype != np.float32:
                raise Error(f"{self.name}: input {i} has dtype {x.dtype}; expected float32")
            expected = shape
            if self.dynamic_batch and x.ndim == len(shape) and x.ndim > 0:
                batch = x.shape[0] if batch is None else batch
                expected = (batch,) + shape[1:]
            if x.shape != expected:
                raise Error(f"{self.name}: input {i} has shape {x.shape}; "
                            f"expected {expected}")
            arrays.append(np.ascontiguousarray(x))
        outputs = []
        for shape in self.output_shapes:
            if self.dynamic_batch:
                shape = (batch,) + shape[1:]
            outputs.append(np.empty(shape, np.float32))
        args = [a.ctypes.data_as(ctypes.c_void_p) for a in arrays + outputs]
        rc = self._run(batch, *args) if self.dynamic_batch else self._run(*args)
        if rc != 0:
            raise Error(self._last_error().decode(errors="replace"))
        return outputs[0] if len(outputs) == 1 else tuple(outputs)


def load(path, name=None):
    """Loads a model library (NAME.so from `rifflec --shared`); `name` is
    NAME, by default the file's stem."""
    return Model(path, name)
