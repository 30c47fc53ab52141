"""Writes small riffle-IR models with random weights (fixed seed) that
exercise every rewrite of the default pipeline: batch norms to fold or
decompose, activations to fuse, channel shuffles next to group, depthwise
and dense convolutions, residual adds, concats and splits. Random, distinct
weights make any wrong permutation show up in the interpreter's output.

usage: gen_equivalence_models.py OUTDIR
"""
import pathlib
import sys

import numpy as np

rng = np.random.default_rng(7)


class Builder:
    def __init__(self, name, in_shape):
        self.name = name
        self.lines = []
        self.count = 0
        self.in_shape = in_shape

    def fresh(self):
        self.count += 1
        return f"%v{self.count}"

    @staticmethod
    def ty(shape):
        return "tensor<" + "x".join(map(str, shape)) + "xf32>"

    def const(self, shape, scale=0.5, positive=False):
        values = rng.uniform(0.5, 1.5, shape) if positive else rng.normal(0, scale, shape)
        name = self.fresh()
        nested = self.nest(np.asarray(values, np.float32), shape)
        self.lines.append(f"  {name} = arith.constant dense<{nested}> : {self.ty(shape)}")
        return name

    def nest(self, values, shape):
        if len(shape) == 0:
            return f"{float(values):.6e}"
        return "[" + ", ".join(self.nest(values[i], shape[1:]) for i in range(shape[0])) + "]"

    def op(self, text, shape):
        name = self.fresh()
        self.lines.append(f"  {name} = {text}".replace("$T", self.ty(shape)))
        return name

    def conv(self, x, cin, cout, k, shape, groups=1, stride=1, pad=0, bias=False, act=None):
        n, _, h, w = shape
        oh = (h + 2 * pad - k) // stride + 1
        ow = (w + 2 * pad - k) // stride + 1
        wgt = self.const([cout, cin // groups, k, k])
        operands = [x, wgt]
        types = [self.ty(shape), self.ty([cout, cin // groups, k, k])]
        if bias:
            operands.append(self.const([cout]))
            types.append(self.ty([cout]))
        attrs = [f"groups = {groups} : i64", f"strides = array<i64: {stride}, {stride}>",
                 f"pads = array<i64: {pad}, {pad}, {pad}, {pad}>"]
        if act:
            attrs.append(f"act = #riffle.act<{act}>")
        out = [n, cout, oh, ow]
        return self.op(f"riffle.conv2d {', '.join(operands)} {{{', '.join(attrs)}}} : "
                       f"({', '.join(types)}) -> {self.ty(out)}", out), out

    def bn(self, x, shape):
        c = shape[1]
        params = [self.const([c], positive=True), self.const([c]), self.const([c], 0.2),
                  self.const([c], positive=True)]
        return self.op(f"riffle.batch_norm {x}, {', '.join(params)} : $T, {self.ty([c])}", shape)

    def unary(self, kind, x, shape, attrs=""):
        return self.op(f"riffle.{kind} {x}{attrs} : $T", shape)

    def shuffle(self, x, g, shape):
        return self.op(f"riffle.channel_shuffle {x}, groups = {g} : $T", shape)

    def binary(self, kind, a, b, sa, sb, out):
        return self.op(f"riffle.{kind} {a}, {b} : {self.ty(sa)}, {self.ty(sb)} -> {self.ty(out)}", out)

    def concat(self, xs, shapes):
        out = list(shapes[0])
        out[1] = sum(s[1] for s in shapes)
        types = ", ".join(self.ty(s) for s in shapes)
        return self.op(f"riffle.concat {', '.join(xs)} : ({types}) -> {self.ty(out)}", out), out

    def split(self, x, sizes, shape):
        outs = [[shape[0], s, shape[2], shape[3]] for s in sizes]
        name = self.fresh()
        self.lines.append(f"  {name}:{len(sizes)} = riffle.split {x} [{', '.join(map(str, sizes))}] : "
                          f"{self.ty(shape)} -> {', '.join(self.ty(o) for o in outs)}")
        return [f"{name}#{i}" for i in range(len(sizes))], outs

    def finish(self, results, shapes):
        rets = ", ".join(self.ty(s) for s in shapes)
        head = f"func.func @{self.name}(%x: {self.ty(self.in_shape)}) -> ({rets}) {{"
        body = "\n".join(self.lines)
        return f"{head}\n{body}\n  return {', '.join(results)} : {rets}\n}}\n"


def conv_bn(b, x, cin, cout, k, shape, act=None, **kw):
    y, s = b.conv(x, cin, cout, k, shape, **kw)
    y = b.bn(y, s)
    if act == "relu":
        y = b.unary("relu", y, s)
    return y, s


def shufflenet_v1(b, x, s):
    # gconv, BN, ReLU, shuffle, depthwise, BN, gconv, BN, + x, ReLU; then a
    # stride-2 unit: avg-pool shortcut concatenated with the branch.
    y, t = conv_bn(b, x, 12, 6, 1, s, act="relu", groups=3)
    y = b.shuffle(y, 3, t)
    y, t = conv_bn(b, y, 6, 6, 3, t, groups=6, pad=1)
    y, t = conv_bn(b, y, 6, 12, 1, t, groups=3)
    y = b.binary("add", x, y, s, t, t)
    y = b.unary("relu", y, t)
    short = b.op(f"riffle.avg_pool2d {y} {{kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, "
                 f"pads = array<i64: 1, 1, 1, 1>, count_include_pad = true}} : {b.ty(t)} -> "
                 f"{b.ty([s[0], 12, 3, 3])}", [s[0], 12, 3, 3])
    z, u = conv_bn(b, y, 12, 6, 1, t, act="relu", groups=3)
    z = b.shuffle(z, 3, u)
    z, u = conv_bn(b, z, 6, 6, 3, u, groups=6, stride=2, pad=1)
    z, u = conv_bn(b, z, 6, 12, 1, u, groups=3)
    c, cs = b.concat([short, z], [[s[0], 12, 3, 3], u])
    return [b.unary("relu", c, cs)], [cs]


def shufflenet_v2(b, x, s):
    # Two units: split, branch on the second half, concat, shuffle(2); then
    # a dense conv reads the result.
    for _ in range(2):
        (x1, x2), (s1, s2) = b.split(x, [6, 6], s)
        y, t = conv_bn(b, x2, 6, 6, 1, s2, act="relu")
        y, t = conv_bn(b, y, 6, 6, 3, t, groups=6, pad=1)
        y, t = conv_bn(b, y, 6, 6, 1, t, act="relu")
        c, cs = b.concat([x1, y], [s1, t])
        x = b.shuffle(c, 2, cs)
    y, t = b.conv(x, 12, 8, 1, s, bias=True)
    return [y, x], [t, s]


def mismatched_groups(b, x, s):
    y, t = b.conv(x, 12, 12, 1, s, groups=2, act="relu")
    y = b.shuffle(y, 3, t)
    y, t = b.conv(y, 12, 12, 3, t, groups=4, pad=1)
    y = b.shuffle(y, 2, t)
    y, t = b.conv(y, 12, 5, 1, t)
    return [y], [t]


def residual_and_consumers(b, x, s):
    y, t = b.conv(x, 12, 12, 1, s, groups=2)
    y = b.shuffle(y, 2, t)
    r = b.binary("add", y, x, t, s, t)
    z = b.shuffle(x, 4, s)
    g, gs = b.conv(z, 12, 12, 1, s, groups=3)
    d, ds = b.conv(z, 12, 4, 3, s, pad=1)
    m = b.unary("relu", z, s)
    p = b.op(f"riffle.max_pool2d {m} {{kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}} : {b.ty(s)} -> "
             f"{b.ty([s[0], 12, 2, 2])}", [s[0], 12, 2, 2])
    return [r, g, d, p, z], [t, gs, ds, [s[0], 12, 2, 2], s]


def channelwise_chain(b, x, s):
    # A shuffle moved through hardswish and per-channel mul/add with
    # constants, then absorbed by a dense conv; hardswish as x * hsig(x).
    z = b.shuffle(x, 3, s)
    h = b.unary("hardsigmoid", z, s, " {alpha = 0.16666667 : f32}")
    z = b.binary("mul", z, h, s, s, s)
    c = b.const([1, 12, 1, 1])
    z = b.binary("mul", z, c, s, [1, 12, 1, 1], s)
    c2 = b.const([1, 12, 1, 1])
    z = b.binary("add", z, c2, s, [1, 12, 1, 1], s)
    y, t = b.conv(z, 12, 6, 1, s, bias=True)
    return [y], [t]


def se_block(b, x, s):
    # MobileNet V3: conv + BN + hardswish, squeeze-and-excite gate.
    y, t = conv_bn(b, x, 12, 12, 3, s, pad=1, groups=12)
    y = b.unary("hardswish", y, t)
    gap = b.op(f"riffle.global_avg_pool {y} : {b.ty(t)} -> {b.ty([s[0], 12, 1, 1])}", [s[0], 12, 1, 1])
    g, gs = b.conv(gap, 12, 4, 1, [s[0], 12, 1, 1], bias=True, act="relu")
    g, gs = b.conv(g, 4, 12, 1, gs, bias=True)
    g = b.unary("hardsigmoid", g, gs, " {alpha = 0.16666667 : f32}")
    y = b.binary("mul", y, g, t, gs, t)
    return [y], [t]


def batch_norms(b, x, s):
    # Standalone BN, conv+bias+BN, and a conv whose result has two users.
    a = b.bn(x, s)
    y, t = b.conv(a, 12, 6, 1, s, bias=True)
    y = b.bn(y, t)
    z, u = b.conv(x, 12, 6, 1, s)
    w = b.bn(z, u)
    return [y, z, w], [t, u, u]


MODELS = [shufflenet_v1, shufflenet_v2, mismatched_groups, residual_and_consumers,
          channelwise_chain, se_block, batch_norms]


def main():
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    shape = [2, 12, 5, 5]  # batch 2, odd plane
    for model in MODELS:
        b = Builder(model.__name__, shape)
        results, shapes = model(b, "%x", shape)
        (out / f"{model.__name__}.mlir").write_text(b.finish(results, shapes))


if __name__ == "__main__":
    main()
