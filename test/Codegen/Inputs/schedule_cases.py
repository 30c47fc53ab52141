"""Writes riffle IR functions whose shapes select each of Riffle's CPU
schedules (lib/Conversion/RiffleToHalide/LowerSchedule.cpp), with random weights (fixed seed).
schedules.test runs each through the reference interpreter and through the
scheduled Halide pipeline and compares the two.

usage: schedule_cases.py OUT.mlir   (prints the function names)
"""
import sys

import numpy as np

rng = np.random.default_rng(7)


def dense(shape):
    values = rng.uniform(-0.5, 0.5, size=shape).astype(np.float32)
    text = np.array2string(values, separator=", ", threshold=10**9,
                           max_line_width=10**9,
                           formatter={"float_kind": lambda v: f"{v:.6g}"})
    return f"dense<{text}> : {tensor(shape)}"


def tensor(shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


def perm(n):
    return ", ".join(str(int(i)) for i in rng.permutation(n))


def conv(name, x, w, y, attrs="", bias=True, pre=""):
    """A function with one conv2d (after `pre` ops producing %in)."""
    b = f"  %b = arith.constant {dense([w[0]])}\n" if bias else ""
    operands = "%in, %w, %b" if bias else "%in, %w"
    types = f"{tensor(x if not pre else pre[1])}, {tensor(w)}" + (f", {tensor([w[0]])}" if bias else "")
    body = pre[0] if pre else "  %in = riffle.relu %x : " + tensor(x) + "\n"
    return (f"func.func @{name}(%x: {tensor(x)}) -> {tensor(y)} {{\n"
            f"  %w = arith.constant {dense(w)}\n{b}{body}"
            f"  %y = riffle.conv2d {operands} {{{attrs}}} : ({types}) -> {tensor(y)}\n"
            f"  return %y : {tensor(y)}\n}}\n")


cases = {}
# 1x1 dense, planes wider than a vector: x-vector x channel-block tiles,
# both split with overlapping last tiles (20 = 16 + 4, 21 channels).
cases["pw_wide"] = conv("pw_wide", [2, 19, 13, 20], [21, 19, 1, 1], [2, 21, 13, 20],
                        "act = #riffle.act<relu>")
# 1x1 dense on a 7-wide plane: vectors over output channels, two rows per
# tile (5 rows: the last tile overlaps), output map applied to the weights.
cases["pw_narrow"] = conv("pw_narrow", [2, 24, 5, 7], [40, 24, 1, 1], [2, 40, 5, 7],
                          f"output_channel_map = array<i64: {perm(40)}>, input_channel_map = array<i64: {perm(24)}>")
# 1x1 dense reading a gather of two tensors (one reduction per source run).
pre = ("  %a = riffle.relu %x : tensor<1x12x6x17xf32>\n"
       "  %c = riffle.sigmoid %x : tensor<1x12x6x17xf32>\n"
       "  %in = riffle.channel_gather %a, %c sources [" +
       ", ".join(str(i % 2) for i in range(24)) + "] channels [" +
       ", ".join(str(i // 2) for i in range(24)) + "] : (tensor<1x12x6x17xf32>, tensor<1x12x6x17xf32>) -> tensor<1x24x6x17xf32>\n",
       [1, 24, 6, 17])
cases["pw_gather"] = conv("pw_gather", [1, 12, 6, 17], [10, 24, 1, 1], [1, 10, 6, 17],
                          "", pre=pre)
# Group 1x1 with both channel maps (group dimension, output map as a view).
cases["group_maps"] = conv("group_maps", [1, 24, 3, 17], [48, 8, 1, 1], [1, 48, 3, 17],
                           f"groups = 3 : i64, input_channel_map = array<i64: {perm(24)}>, output_channel_map = array<i64: {perm(48)}>")
# Group 3x3 with padding on a narrow plane (padded input, RoundUp tiles).
cases["group_3x3"] = conv("group_3x3", [1, 8, 9, 9], [12, 4, 3, 3], [1, 12, 9, 9],
                          "groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>, act = #riffle.act<clip(0.0, 6.0)>")
# Depthwise 3x3 stride 2 with an output map (input gathered per channel,
# padded one plane at a time).
cases["dw_s2_map"] = conv("dw_s2_map", [1, 20, 18, 18], [20, 1, 3, 3], [1, 20, 9, 9],
                          f"groups = 20 : i64, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, output_channel_map = array<i64: {perm(20)}>")
# Depthwise 5x5 on a plane wider than a vector, no bias.
cases["dw_5x5"] = conv("dw_5x5", [2, 6, 11, 35], [6, 1, 5, 5], [2, 6, 11, 35],
                       "groups = 6 : i64, pads = array<i64: 2, 2, 2, 2>", bias=False)
# Stem-like 3x3 stride 2 on the function argument, 3 input channels.
cases["stem"] = conv("stem", [1, 3, 33, 40], [24, 3, 3, 3], [1, 24, 17, 20],
                     "strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, act = #riffle.act<relu>")
# 1x1 reading the 5-wide function argument directly (padded input copy).
cases["pw_on_input"] = (
    f"func.func @pw_on_input(%x: {tensor([1, 16, 4, 5])}) -> {tensor([1, 32, 4, 5])} {{\n"
    f"  %w = arith.constant {dense([32, 16, 1, 1])}\n"
    f"  %y = riffle.conv2d %x, %w : ({tensor([1, 16, 4, 5])}, {tensor([32, 16, 1, 1])}) -> {tensor([1, 32, 4, 5])}\n"
    f"  return %y : {tensor([1, 32, 4, 5])}\n}}\n")
# An inverted residual's expansion and depthwise conv: the pointwise conv is
# computed a block of channels at a time inside the depthwise conv's
# channel loop (40 channels: blocks overlap at the end), stride 2 on odd
# planes.
def pw_dw(name, x, expanded, stride, out_hw):
    n, cin, h, w = x
    y = [n, expanded] + out_hw
    t = [n, expanded, h, w]
    return (f"func.func @{name}(%x: {tensor(x)}) -> {tensor(y)} {{\n"
            f"  %w1 = arith.constant {dense([expanded, cin, 1, 1])}\n"
            f"  %b1 = arith.constant {dense([expanded])}\n"
            f"  %w2 = arith.constant {dense([expanded, 1, 3, 3])}\n"
            f"  %e = riffle.conv2d %x, %w1, %b1 {{act = #riffle.act<clip(0.0, 6.0)>}} : "
            f"({tensor(x)}, {tensor([expanded, cin, 1, 1])}, {tensor([expanded])}) -> {tensor(t)}\n"
            f"  %y = riffle.conv2d %e, %w2 {{groups = {expanded} : i64, strides = array<i64: {stride}, {stride}>, "
            f"pads = array<i64: 1, 1, 1, 1>}} : ({tensor(t)}, {tensor([expanded, 1, 3, 3])}) -> {tensor(y)}\n"
            f"  return %y : {tensor(y)}\n}}\n")


cases["pw_dw"] = pw_dw("pw_dw", [2, 8, 11, 19], 40, 1, [11, 19])
cases["pw_dw_s2"] = pw_dw("pw_dw_s2", [1, 6, 13, 21], 36, 2, [7, 11])
# gemm: 4-vector tiles with an overlapping last tile, one-vector tiles,
# fewer outputs than a vector.
for name, (m, k, n) in {"gemm_wide": (1, 70, 100), "gemm_mid": (3, 40, 20),
                        "gemm_small": (2, 10, 5)}.items():
    cases[name] = (
        f"func.func @{name}(%x: {tensor([m, k])}) -> {tensor([m, n])} {{\n"
        f"  %w = arith.constant {dense([n, k])}\n  %b = arith.constant {dense([n])}\n"
        f"  %y = riffle.gemm %x, %w, %b : ({tensor([m, k])}, {tensor([n, k])}, {tensor([n])}) -> {tensor([m, n])}\n"
        f"  return %y : {tensor([m, n])}\n}}\n")

# A large batch of 1x1 planes: on GPUs the batch takes the threads the plane
# leaves, and the longest block loop must be the grid's x dimension (y and z
# are limited to 65535 blocks).
cases["pw_big_batch"] = conv("pw_big_batch", [70000, 4, 1, 1], [6, 4, 1, 1],
                             [70000, 6, 1, 1])

with open(sys.argv[1], "w") as out:
    out.write("\n".join(cases.values()))
print("\n".join(cases))
