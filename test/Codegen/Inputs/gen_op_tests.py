# Generates conv.mlir, elementwise.mlir, data-movement.mlir and pool.mlir
# (fixed pseudo-random weights, seed 5): /usr/bin/python3 gen_op_tests.py OUTDIR
import numpy as np
rng = np.random.default_rng(5)
def dense(shape, positive=False, scale=0.5):
    a = rng.uniform(-1, 1, size=shape) * scale
    if positive: a = np.abs(a) + 0.1
    a = np.round(a.astype(np.float32), 4)
    def fmt(x):
        if x.ndim == 0: return f"{float(x):.4g}"
        return "[" + ", ".join(fmt(e) for e in x) + "]"
    return f"arith.constant dense<{fmt(a)}> : tensor<{'x'.join(map(str, shape))}xf32>"
def t(s): return "tensor<" + "x".join(map(str, s)) + "xf32>"
import re
def run_lines(name, fns, body):
    out = []
    for fn, b in zip(fns, body):
        ret = [l for l in b.splitlines() if l.strip().startswith("return")][0]
        k = ret.split(":")[0].count("%")
        outs = " ".join(f"--output %t.{fn}.{i}.npy" for i in range(k))
        cmps = " ".join(f"--compare %t.{fn}.{i}.npy" for i in range(k))
        out.append(f"// RUN: riffle-interp %s --function {fn} {outs}")
        out.append(f"// RUN: riffle-halide-run %s --function {fn} {cmps} | FileCheck %s --check-prefix={fn.upper()}")
    return "\n".join(out)

files = {}
# ---------------- conv / gemm / batch_norm
fns = []
body = []
def conv(fn, xs, ws, out, attrs, bias=True):
    fns.append(fn)
    b = f"\n  %b = {dense([ws[0]])}" if bias else ""
    bo = ", %b" if bias else ""
    bt = f", {t([ws[0]])}" if bias else ""
    body.append(f"""func.func @{fn}(%x: {t(xs)}) -> {t(out)} {{
  %w = {dense(ws)}{b}
  %y = riffle.conv2d %x, %w{bo} {{{attrs}}} : ({t(xs)}, {t(ws)}{bt}) -> {t(out)}
  return %y : {t(out)}
}}""")
conv("conv_dense", [2,5,11,9], [6,5,3,3], [2,6,5,10], "strides = array<i64: 2, 1>, pads = array<i64: 1, 2, 0, 1>, act = #riffle.act<relu>")
p6 = list(rng.permutation(6)); p9 = list(rng.permutation(9))
conv("conv_group_maps", [2,6,7,9], [9,2,3,3], [2,9,5,9],
     f"groups = 3 : i64, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 2, 1>, act = #riffle.act<clip(0.0, 6.0)>, input_channel_map = array<i64: {', '.join(map(str,p6))}>, output_channel_map = array<i64: {', '.join(map(str,p9))}>")
conv("conv_depthwise", [2,4,8,13], [4,1,3,3], [2,4,4,7], "groups = 4 : i64, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, act = #riffle.act<hardswish>")
p4 = list(rng.permutation(4))
conv("conv_pointwise_outmap", [2,6,5,7], [4,6,1,1], [2,4,5,7], f"act = #riffle.act<leaky_relu(0.1)>, output_channel_map = array<i64: {', '.join(map(str,p4))}>", bias=False)
conv("conv_ceil_window", [2,3,6,5], [2,3,2,2], [2,2,3,3], "strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 1, 1>, act = #riffle.act<hardsigmoid(0.2, 0.5)>")
fns.append("gemm_sigmoid")
body.append(f"""func.func @gemm_sigmoid(%x: {t([2,7])}) -> {t([2,5])} {{
  %w = {dense([5,7])}
  %b = {dense([5])}
  %y = riffle.gemm %x, %w, %b {{act = #riffle.act<sigmoid>}} : ({t([2,7])}, {t([5,7])}, {t([5])}) -> {t([2,5])}
  return %y : {t([2,5])}
}}""")
fns.append("gemm_nobias")
body.append(f"""func.func @gemm_nobias(%x: {t([3,19])}) -> {t([3,4])} {{
  %w = {dense([4,19])}
  %y = riffle.gemm %x, %w : ({t([3,19])}, {t([4,19])}) -> {t([3,4])}
  return %y : {t([3,4])}
}}""")
fns.append("batch_norm")
body.append(f"""func.func @batch_norm(%x: {t([2,3,5,7])}) -> {t([2,3,5,7])} {{
  %s = {dense([3])}
  %b = {dense([3])}
  %m = {dense([3])}
  %v = {dense([3], positive=True)}
  %y = riffle.batch_norm %x, %s, %b, %m, %v {{epsilon = 1.0e-3 : f32}} : {t([2,3,5,7])}, {t([3])}
  return %y : {t([2,3,5,7])}
}}""")
files["conv.mlir"] = ("""// conv2d (dense, group with input and output channel maps, dilation,
// depthwise, pointwise, asymmetric pads, windows past the input), gemm and
// batch_norm with fixed weights: riffle-halide-run (Halide JIT) against
// riffle-interp on the same deterministic random input.
""", fns, body)

# ---------------- elementwise
fns=[]; body=[]
fns.append("activations")
s=[2,3,5,17]
body.append(f"""func.func @activations(%x: {t(s)}) -> ({t(s)}, {t(s)}, {t(s)}, {t(s)}, {t(s)}, {t(s)}) {{
  %0 = riffle.relu %x : {t(s)}
  %1 = riffle.leaky_relu %x {{alpha = 0.2 : f32}} : {t(s)}
  %2 = riffle.clip %x, min = -0.5, max = 0.75 : {t(s)}
  %3 = riffle.hardswish %x : {t(s)}
  %4 = riffle.hardsigmoid %x : {t(s)}
  %5 = riffle.sigmoid %x : {t(s)}
  return %0, %1, %2, %3, %4, %5 : {t(s)}, {t(s)}, {t(s)}, {t(s)}, {t(s)}, {t(s)}
}}""")
fns.append("add_mul_broadcast")
body.append(f"""func.func @add_mul_broadcast(%x: {t([2,3,5,7])}, %se: {t([2,3,1,1])}) -> {t([2,3,5,7])} {{
  %r = {dense([3,1,7])}
  %0 = riffle.mul %x, %se : {t([2,3,5,7])}, {t([2,3,1,1])} -> {t([2,3,5,7])}
  %1 = riffle.add %0, %r {{act = #riffle.act<relu>}} : {t([2,3,5,7])}, {t([3,1,7])} -> {t([2,3,5,7])}
  %2 = riffle.add %1, %x : {t([2,3,5,7])}, {t([2,3,5,7])} -> {t([2,3,5,7])}
  return %2 : {t([2,3,5,7])}
}}""")
fns.append("softmax")
body.append(f"""func.func @softmax(%x: {t([2,10])}, %y: {t([2,3,4,5])}) -> ({t([2,10])}, {t([2,3,4,5])}, {t([2,3,4,5])}) {{
  %0 = riffle.softmax %x : {t([2,10])}
  %1 = riffle.softmax %y {{axis = 2 : i64}} : {t([2,3,4,5])}
  %2 = riffle.softmax %y {{axis = 3 : i64}} : {t([2,3,4,5])}
  return %0, %1, %2 : {t([2,10])}, {t([2,3,4,5])}, {t([2,3,4,5])}
}}""")
files["elementwise.mlir"] = ("""// Activations, broadcasting add/mul (with fused activation) and softmax
// along several axes: riffle-halide-run against riffle-interp.
""", fns, body)

# ---------------- data movement
fns=[]; body=[]
fns.append("identity")
body.append(f"""// Both tools draw the same random input: returning it proves it.
func.func @identity(%x: {t([2,3,5,7])}) -> {t([2,3,5,7])} {{
  return %x : {t([2,3,5,7])}
}}""")
fns.append("shuffle_concat_slice_split")
body.append(f"""func.func @shuffle_concat_slice_split(%x: {t([2,6,5,7])}, %y: {t([2,3,5,7])}) -> ({t([2,9,5,7])}, {t([2,3,5,7])}, {t([2,6,5,2])}, {t([2,9,5,14])}) {{
  %0 = riffle.channel_shuffle %x, groups = 3 : {t([2,6,5,7])}
  %1 = riffle.concat %0, %y : ({t([2,6,5,7])}, {t([2,3,5,7])}) -> {t([2,9,5,7])}
  %2 = riffle.slice %1[1 : 9] {{step = 3 : i64}} : {t([2,9,5,7])} -> {t([2,3,5,7])}
  %3:2 = riffle.split %x [2, 4] : {t([2,6,5,7])} -> {t([2,2,5,7])}, {t([2,4,5,7])}
  %4 = riffle.concat %3#1, %3#0 : ({t([2,4,5,7])}, {t([2,2,5,7])}) -> {t([2,6,5,7])}
  %5 = riffle.slice %4[2 : 7] {{axis = 3 : i64, step = 4 : i64}} : {t([2,6,5,7])} -> {t([2,6,5,2])}
  %6 = riffle.concat %1, %1 {{axis = 3 : i64}} : ({t([2,9,5,7])}, {t([2,9,5,7])}) -> {t([2,9,5,14])}
  return %1, %2, %5, %6 : {t([2,9,5,7])}, {t([2,3,5,7])}, {t([2,6,5,2])}, {t([2,9,5,14])}
}}""")
fns.append("gather_views")
src = [2,0,1,2,0,1,1,2]; ch = [3,0,1,0,2,4,0,1]
body.append(f"""// channel_gather over three inputs, read through by a padded conv and a
// 1x1 conv with an input channel map, and returned as a result.
func.func @gather_views(%a: {t([2,3,5,9])}, %b: {t([2,5,5,9])}, %c: {t([2,4,5,9])}) -> ({t([2,8,5,9])}, {t([2,4,5,9])}, {t([2,3,5,9])}) {{
  %w = {dense([4,4,3,3])}
  %w1 = {dense([3,8,1,1])}
  %0 = riffle.channel_gather %a, %b, %c sources [{', '.join(map(str,src))}] channels [{', '.join(map(str,ch))}] : ({t([2,3,5,9])}, {t([2,5,5,9])}, {t([2,4,5,9])}) -> {t([2,8,5,9])}
  %1 = riffle.conv2d %0, %w {{groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>}} : ({t([2,8,5,9])}, {t([4,4,3,3])}) -> {t([2,4,5,9])}
  %2 = riffle.conv2d %0, %w1 {{input_channel_map = array<i64: 7, 6, 5, 4, 3, 2, 1, 0>}} : ({t([2,8,5,9])}, {t([3,8,1,1])}) -> {t([2,3,5,9])}
  return %0, %1, %2 : {t([2,8,5,9])}, {t([2,4,5,9])}, {t([2,3,5,9])}
}}""")
fns.append("flatten_reshape")
body.append(f"""func.func @flatten_reshape(%x: {t([2,3,4,5])}) -> ({t([2,60])}, {t([6,20])}, {t([5,4,3,2])}) {{
  %0 = riffle.flatten %x : {t([2,3,4,5])} -> {t([2,60])}
  %1 = riffle.flatten %x {{axis = 2 : i64}} : {t([2,3,4,5])} -> {t([6,20])}
  %2 = riffle.reshape %x : {t([2,3,4,5])} -> {t([5,4,3,2])}
  return %0, %1, %2 : {t([2,60])}, {t([6,20])}, {t([5,4,3,2])}
}}""")
files["data-movement.mlir"] = ("""// channel_shuffle, concat (channels and width), slice with steps, split,
// channel_gather views over several inputs (read through by convs and
// returned), flatten and reshape: riffle-halide-run against riffle-interp.
""", fns, body)

# ---------------- pools
fns=[]; body=[]
def pool(fn, op, xs, out, attrs):
    fns.append(fn)
    body.append(f"""func.func @{fn}(%x: {t(xs)}) -> {t(out)} {{
  %0 = riffle.{op} %x {{{attrs}}} : {t(xs)} -> {t(out)}
  return %0 : {t(out)}
}}""")
pool("max_pool_pad", "max_pool2d", [2,3,9,11], [2,3,5,6], "kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>")
pool("max_pool_ceil", "max_pool2d", [2,3,14,13], [2,3,7,6], "kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, ceil_mode = true")
pool("max_pool_ceil_pad_dilation", "max_pool2d", [2,2,11,10], [2,2,5,5], "kernel = array<i64: 3, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 0, 1, 0>, dilations = array<i64: 2, 1>, ceil_mode = true")
pool("avg_pool_include_pad", "avg_pool2d", [2,3,9,11], [2,3,5,6], "kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true, count_include_pad = true")
pool("avg_pool_exclude_pad", "avg_pool2d", [2,3,9,11], [2,3,5,6], "kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true")
pool("avg_pool_ceil_asym", "avg_pool2d", [2,2,7,8], [2,2,4,3], "kernel = array<i64: 2, 3>, strides = array<i64: 2, 3>, pads = array<i64: 0, 1, 1, 0>, ceil_mode = true, count_include_pad = true")
fns.append("global_avg_pool")
body.append(f"""func.func @global_avg_pool(%x: {t([2,5,7,9])}) -> {t([2,5,1,1])} {{
  %0 = riffle.global_avg_pool %x : {t([2,5,7,9])} -> {t([2,5,1,1])}
  return %0 : {t([2,5,1,1])}
}}""")
files["pool.mlir"] = ("""// max_pool2d (padding, ceil_mode with windows past the input, dilation),
// avg_pool2d (count_include_pad both ways, ceil_mode, asymmetric pads) and
// global_avg_pool: riffle-halide-run against riffle-interp.
""", fns, body)

import sys
def checks(fns, body):
    res = []
    for fn, b in zip(fns, body):
        ret = [l for l in b.splitlines() if l.strip().startswith("return")][0]
        k = ret.split(":")[0].count("%")
        c = "\n".join(f"// {fn.upper()}{'' if i == 0 else '-NEXT'}: max_abs_diff=" for i in range(k))
        res.append(c + "\n" + b)
    return res
for name, (hdr, fns, body) in files.items():
    with open(sys.argv[1] + "/" + name, "w") as f:
        f.write(hdr + run_lines(name, fns, body) + "\n\n" + "\n\n".join(checks(fns, body)) + "\n")
