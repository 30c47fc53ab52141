"""A small numpy interpreter for the ONNX ops the zoo's exports use.

It exists to check an exported graph against PyTorch's own output, so that
`MODEL.output.npy` is known to be what the ONNX file means (onnxruntime is
not available here). It computes in float64, favours clarity over speed
(a 224x224 network takes a second or a few), and raises
NotImplementedError for any op or attribute form it does not cover rather
than guessing.

    from riffle_zoo import onnx_ref
    (y,) = onnx_ref.run(onnx.load("m.onnx"), {"input": x})
"""

from typing import Callable, Dict, List, Optional, Sequence

import numpy as np
import onnx
from onnx import helper, numpy_helper

__all__ = ["run", "OPS"]


def _attrs(node: onnx.NodeProto) -> Dict[str, object]:
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _spatial_out(size: int, kernel: int, stride: int, dilation: int, pad_begin: int,
                 pad_end: int, ceil_mode: bool) -> int:
    span = dilation * (kernel - 1) + 1
    numerator = size + pad_begin + pad_end - span
    out = (-(-numerator // stride) if ceil_mode else numerator // stride) + 1
    # PyTorch and ONNX drop a last window that would start in the end padding.
    if ceil_mode and (out - 1) * stride >= size + pad_begin:
        out -= 1
    return out


def _windows(x: np.ndarray, kernel: Sequence[int], strides: Sequence[int],
             dilations: Sequence[int], pads: Sequence[int], ceil_mode: bool,
             fill: float) -> np.ndarray:
    """(N, C, Ho, Wo, kh, kw) view of the windows of x (N, C, H, W), padded with
    `fill` (extra end padding added where ceil_mode needs it)."""
    n, c, h, w = x.shape
    (kh, kw), (sh, sw), (dh, dw) = kernel, strides, dilations
    pt, pl, pb, pr = pads
    ho = _spatial_out(h, kh, sh, dh, pt, pb, ceil_mode)
    wo = _spatial_out(w, kw, sw, dw, pl, pr, ceil_mode)
    need_h = (ho - 1) * sh + dh * (kh - 1) + 1
    need_w = (wo - 1) * sw + dw * (kw - 1) + 1
    xp = np.pad(x, ((0, 0), (0, 0), (pt, max(pb, need_h - h - pt)), (pl, max(pr, need_w - w - pl))),
                constant_values=fill)
    s = xp.strides
    return np.lib.stride_tricks.as_strided(
        xp, (n, c, ho, wo, kh, kw), (s[0], s[1], s[2] * sh, s[3] * sw, s[2] * dh, s[3] * dw),
        writeable=False)


def _pool_attrs(a: Dict[str, object]):
    kernel = list(a["kernel_shape"])
    if len(kernel) != 2:
        raise NotImplementedError("only 2-D pooling and convolution")
    strides = list(a.get("strides", [1, 1]))
    dilations = list(a.get("dilations", [1, 1]))
    pads = list(a.get("pads", [0, 0, 0, 0]))
    if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
        raise NotImplementedError("auto_pad")
    return kernel, strides, dilations, pads


def _conv(node, a, x, w, b=None):
    kernel, strides, dilations, pads = _pool_attrs({"kernel_shape": w.shape[2:], **a})
    group = a.get("group", 1)
    n, c = x.shape[:2]
    m = w.shape[0]
    cg, mg = c // group, m // group
    win = _windows(x, kernel, strides, dilations, pads, False, 0.0)  # N C Ho Wo kh kw
    ho, wo = win.shape[2:4]
    if group == c and m == c:  # depthwise: one filter per channel
        out = np.einsum("nchwij,cij->nchw", win, w[:, 0])
    else:
        out = np.empty((n, m, ho, wo))
        for gi in range(group):
            cols = win[:, gi * cg:(gi + 1) * cg].transpose(0, 2, 3, 1, 4, 5).reshape(n * ho * wo, -1)
            wmat = w[gi * mg:(gi + 1) * mg].reshape(mg, -1)
            out[:, gi * mg:(gi + 1) * mg] = (cols @ wmat.T).reshape(n, ho, wo, mg).transpose(0, 3, 1, 2)
    if b is not None:
        out = out + b[None, :, None, None]
    return out


def _max_pool(node, a, x):
    kernel, strides, dilations, pads = _pool_attrs(a)
    if a.get("storage_order", 0):
        raise NotImplementedError("MaxPool storage_order")
    if len(node.output) > 1 and node.output[1]:
        raise NotImplementedError("MaxPool indices output")
    return _windows(x, kernel, strides, dilations, pads, bool(a.get("ceil_mode", 0)), -np.inf).max(axis=(4, 5))


def _average_pool(node, a, x):
    kernel, strides, dilations, pads = _pool_attrs(a)
    ceil_mode = bool(a.get("ceil_mode", 0))
    sums = _windows(x, kernel, strides, dilations, pads, ceil_mode, 0.0).sum(axis=(4, 5))
    ones = np.ones((1, 1) + x.shape[2:])
    if a.get("count_include_pad", 0):
        # Explicit pads count, the extra ceil-mode region does not.
        ones = np.pad(ones, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])), constant_values=1.0)
        pads = [0, 0, 0, 0]
    counts = _windows(ones, kernel, strides, dilations, pads, ceil_mode, 0.0).sum(axis=(4, 5))
    return sums / counts[:, :, :sums.shape[2], :sums.shape[3]]


def _batch_norm(node, a, x, scale, bias, mean, var):
    if len(node.output) > 1:
        raise NotImplementedError("BatchNormalization in training mode")
    shape = (1, -1) + (1,) * (x.ndim - 2)
    eps = a.get("epsilon", 1e-5)
    return (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps) * scale.reshape(shape) + bias.reshape(shape)


def _slice(node, a, x, starts, ends, axes=None, steps=None):
    axes = range(len(starts)) if axes is None else axes
    steps = [1] * len(starts) if steps is None else steps
    index = [slice(None)] * x.ndim
    for start, end, axis, step in zip(starts, ends, axes, steps):
        index[int(axis)] = slice(int(start), int(end), int(step))  # Python clamps like ONNX
    return x[tuple(index)]


def _reshape(node, a, x, shape):
    shape = [int(s) for s in shape]
    if not a.get("allowzero", 0):
        shape = [x.shape[i] if s == 0 else s for i, s in enumerate(shape)]
    return x.reshape(shape)


def _div(node, a, x, y):
    if np.issubdtype(x.dtype, np.integer):
        q = np.abs(x) // np.abs(y)
        return (np.sign(x) * np.sign(y) * q).astype(x.dtype)  # truncates toward zero
    return x / y


def _clip(node, a, x, lo=None, hi=None):
    lo = a.get("min") if lo is None else lo
    hi = a.get("max") if hi is None else hi
    return np.clip(x, -np.inf if lo is None else lo, np.inf if hi is None else hi)


def _pad(node, a, x, pads, value=None):
    if a.get("mode", b"constant") not in (b"constant", "constant"):
        raise NotImplementedError("Pad mode other than constant")
    pads = [int(p) for p in pads]
    r = x.ndim
    if any(p < 0 for p in pads):
        raise NotImplementedError("negative Pad")
    return np.pad(x, list(zip(pads[:r], pads[r:])), constant_values=0 if value is None else value)


def _split(node, a, x, split=None):
    axis = a.get("axis", 0)
    if split is None:
        split = a.get("split")
    if split is None:
        split = [x.shape[axis] // len(node.output)] * len(node.output)
    return tuple(np.split(x, np.cumsum(split)[:-1], axis=axis))


def _gemm(node, a, x, w, c=None):
    x = x.T if a.get("transA", 0) else x
    w = w.T if a.get("transB", 0) else w
    y = a.get("alpha", 1.0) * (x @ w)
    return y if c is None else y + a.get("beta", 1.0) * c


def _hard_sigmoid(x, alpha, beta):
    return np.clip(alpha * x + beta, 0.0, 1.0)


def _constant(node, a):
    if "value" not in a:
        raise NotImplementedError("Constant without a tensor `value`")
    return numpy_helper.to_array(a["value"]).copy()


def _reduce_mean(node, a, x, axes=None):
    axes = a.get("axes") if axes is None else axes
    return x.mean(axis=None if axes is None else tuple(int(i) for i in axes),
                  keepdims=bool(a.get("keepdims", 1)))


def _unsqueeze(node, a, x, axes=None):
    axes = a.get("axes") if axes is None else axes
    for axis in sorted(int(i) % (x.ndim + len(axes)) for i in axes):
        x = np.expand_dims(x, axis)
    return x


def _squeeze(node, a, x, axes=None):
    axes = a.get("axes") if axes is None else axes
    return np.squeeze(x, axis=None if axes is None else tuple(int(i) for i in axes))


# Each op: f(node, attrs, *inputs) -> output or tuple of outputs. Omitted
# optional inputs ("") are passed as None.
OPS: Dict[str, Callable] = {
    "Add": lambda n, a, x, y: x + y,
    "Sub": lambda n, a, x, y: x - y,
    "Mul": lambda n, a, x, y: x * y,
    "Div": _div,
    "Relu": lambda n, a, x: np.maximum(x, 0),
    "Sigmoid": lambda n, a, x: 1.0 / (1.0 + np.exp(-x)),
    "Clip": _clip,
    "HardSigmoid": lambda n, a, x: _hard_sigmoid(x, a.get("alpha", 0.2), a.get("beta", 0.5)),
    "HardSwish": lambda n, a, x: x * _hard_sigmoid(x, 1.0 / 6.0, 0.5),
    "Conv": _conv,
    "BatchNormalization": _batch_norm,
    "MaxPool": _max_pool,
    "AveragePool": _average_pool,
    "GlobalAveragePool": lambda n, a, x: x.mean(axis=(2, 3), keepdims=True),
    "ReduceMean": _reduce_mean,
    "Gemm": _gemm,
    "MatMul": lambda n, a, x, y: x @ y,
    "Flatten": lambda n, a, x: x.reshape(int(np.prod(x.shape[:a.get("axis", 1)])), -1),
    "Reshape": _reshape,
    "Transpose": lambda n, a, x: x.transpose(a.get("perm", list(range(x.ndim))[::-1])),
    "Concat": lambda n, a, *xs: np.concatenate(xs, axis=a["axis"]),
    "Split": _split,
    "Slice": _slice,
    "Pad": _pad,
    "Shape": lambda n, a, x: np.array(x.shape, dtype=np.int64),
    "Gather": lambda n, a, x, i: np.take(x, i, axis=a.get("axis", 0)),
    "Unsqueeze": _unsqueeze,
    "Squeeze": _squeeze,
    "Identity": lambda n, a, x: x,
    "Dropout": lambda n, a, x, *rest: x,
    "Constant": _constant,
}


def run(model: onnx.ModelProto, inputs: Dict[str, np.ndarray],
        outputs: Optional[List[str]] = None) -> List[np.ndarray]:
    """Evaluate `model` on `inputs` (by graph input name); returns the graph
    outputs (or the named values in `outputs`) in float64 / int64."""
    graph = model.graph
    env: Dict[str, np.ndarray] = {}
    for init in graph.initializer:
        array = numpy_helper.to_array(init)
        env[init.name] = array.astype(np.float64) if array.dtype == np.float32 else array
    for name, array in inputs.items():
        env[name] = np.asarray(array, dtype=np.float64)
    for node in graph.node:  # ONNX requires topological order
        if node.domain not in ("", "ai.onnx"):
            raise NotImplementedError(f"op domain {node.domain}")
        op = OPS.get(node.op_type)
        if op is None:
            raise NotImplementedError(f"op {node.op_type} (node {node.name})")
        args = [env[i] if i else None for i in node.input]
        while args and args[-1] is None:
            args.pop()
        result = op(node, _attrs(node), *args)
        results = result if isinstance(result, tuple) else (result,)
        for name, value in zip(node.output, results):
            if name:
                env[name] = value
    return [env[name] for name in (outputs or [o.name for o in graph.output])]
