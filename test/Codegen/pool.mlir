// max_pool2d (padding, ceil_mode with windows past the input, dilation),
// avg_pool2d (count_include_pad both ways, ceil_mode, asymmetric pads) and
// global_avg_pool: riffle-halide-run against riffle-interp.
// RUN: riffle-interp %s --function max_pool_pad --output %t.max_pool_pad.0.npy
// RUN: riffle-halide-run %s --function max_pool_pad --compare %t.max_pool_pad.0.npy | FileCheck %s --check-prefix=MAX_POOL_PAD
// RUN: riffle-interp %s --function max_pool_ceil --output %t.max_pool_ceil.0.npy
// RUN: riffle-halide-run %s --function max_pool_ceil --compare %t.max_pool_ceil.0.npy | FileCheck %s --check-prefix=MAX_POOL_CEIL
// RUN: riffle-interp %s --function max_pool_ceil_pad_dilation --output %t.max_pool_ceil_pad_dilation.0.npy
// RUN: riffle-halide-run %s --function max_pool_ceil_pad_dilation --compare %t.max_pool_ceil_pad_dilation.0.npy | FileCheck %s --check-prefix=MAX_POOL_CEIL_PAD_DILATION
// RUN: riffle-interp %s --function avg_pool_include_pad --output %t.avg_pool_include_pad.0.npy
// RUN: riffle-halide-run %s --function avg_pool_include_pad --compare %t.avg_pool_include_pad.0.npy | FileCheck %s --check-prefix=AVG_POOL_INCLUDE_PAD
// RUN: riffle-interp %s --function avg_pool_exclude_pad --output %t.avg_pool_exclude_pad.0.npy
// RUN: riffle-halide-run %s --function avg_pool_exclude_pad --compare %t.avg_pool_exclude_pad.0.npy | FileCheck %s --check-prefix=AVG_POOL_EXCLUDE_PAD
// RUN: riffle-interp %s --function avg_pool_ceil_asym --output %t.avg_pool_ceil_asym.0.npy
// RUN: riffle-halide-run %s --function avg_pool_ceil_asym --compare %t.avg_pool_ceil_asym.0.npy | FileCheck %s --check-prefix=AVG_POOL_CEIL_ASYM
// RUN: riffle-interp %s --function global_avg_pool --output %t.global_avg_pool.0.npy
// RUN: riffle-halide-run %s --function global_avg_pool --compare %t.global_avg_pool.0.npy | FileCheck %s --check-prefix=GLOBAL_AVG_POOL

// MAX_POOL_PAD: max_abs_diff=
func.func @max_pool_pad(%x: tensor<2x3x9x11xf32>) -> tensor<2x3x5x6xf32> {
  %0 = riffle.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<2x3x9x11xf32> -> tensor<2x3x5x6xf32>
  return %0 : tensor<2x3x5x6xf32>
}

// MAX_POOL_CEIL: max_abs_diff=
func.func @max_pool_ceil(%x: tensor<2x3x14x13xf32>) -> tensor<2x3x7x6xf32> {
  %0 = riffle.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, ceil_mode = true} : tensor<2x3x14x13xf32> -> tensor<2x3x7x6xf32>
  return %0 : tensor<2x3x7x6xf32>
}

// MAX_POOL_CEIL_PAD_DILATION: max_abs_diff=
func.func @max_pool_ceil_pad_dilation(%x: tensor<2x2x11x10xf32>) -> tensor<2x2x5x5xf32> {
  %0 = riffle.max_pool2d %x {kernel = array<i64: 3, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 0, 1, 0>, dilations = array<i64: 2, 1>, ceil_mode = true} : tensor<2x2x11x10xf32> -> tensor<2x2x5x5xf32>
  return %0 : tensor<2x2x5x5xf32>
}

// AVG_POOL_INCLUDE_PAD: max_abs_diff=
func.func @avg_pool_include_pad(%x: tensor<2x3x9x11xf32>) -> tensor<2x3x5x6xf32> {
  %0 = riffle.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true, count_include_pad = true} : tensor<2x3x9x11xf32> -> tensor<2x3x5x6xf32>
  return %0 : tensor<2x3x5x6xf32>
}

// AVG_POOL_EXCLUDE_PAD: max_abs_diff=
func.func @avg_pool_exclude_pad(%x: tensor<2x3x9x11xf32>) -> tensor<2x3x5x6xf32> {
  %0 = riffle.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true} : tensor<2x3x9x11xf32> -> tensor<2x3x5x6xf32>
  return %0 : tensor<2x3x5x6xf32>
}

// AVG_POOL_CEIL_ASYM: max_abs_diff=
func.func @avg_pool_ceil_asym(%x: tensor<2x2x7x8xf32>) -> tensor<2x2x4x3xf32> {
  %0 = riffle.avg_pool2d %x {kernel = array<i64: 2, 3>, strides = array<i64: 2, 3>, pads = array<i64: 0, 1, 1, 0>, ceil_mode = true, count_include_pad = true} : tensor<2x2x7x8xf32> -> tensor<2x2x4x3xf32>
  return %0 : tensor<2x2x4x3xf32>
}

// GLOBAL_AVG_POOL: max_abs_diff=
func.func @global_avg_pool(%x: tensor<2x5x7x9xf32>) -> tensor<2x5x1x1xf32> {
  %0 = riffle.global_avg_pool %x : tensor<2x5x7x9xf32> -> tensor<2x5x1x1xf32>
  return %0 : tensor<2x5x1x1xf32>
}
