// max_pool2d, avg_pool2d and global_avg_pool against PyTorch (float64):
// ceil_mode (with a last window clipped by, or dropped for starting in, the
// padding), count_include_pad both ways, dilation, asymmetric pads (through
// F.pad, since PyTorch pads symmetrically), rectangular windows. See
// Inputs/check_against_torch.py. F.pad takes (left, right, top, bottom).
//
// RUN: %python_torch %S/Inputs/check_against_torch.py riffle-interp %s %t | FileCheck %s
// CHECK-NOT: FAILED

// CHECK: max_pool: ok
// REF: F.max_pool2d(x0, 3, 2, 1)
func.func @max_pool(%x: tensor<1x2x9x9xf32>) -> tensor<1x2x5x5xf32> {
  %0 = riffle.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x2x9x9xf32> -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// Padding never wins, even over negative inputs.
// CHECK: max_pool_negative: ok
// INIT: x0 = -np.abs(x0) - 1
// REF: F.max_pool2d(x0, 2, 1, 1)
func.func @max_pool_negative(%x: tensor<1x1x3x4xf32>) -> tensor<1x1x4x5xf32> {
  %0 = riffle.max_pool2d %x {kernel = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x3x4xf32> -> tensor<1x1x4x5xf32>
  return %0 : tensor<1x1x4x5xf32>
}

// CHECK: max_pool_ceil: ok
// REF: F.max_pool2d(x0, 3, 2, ceil_mode=True)
func.func @max_pool_ceil(%x: tensor<1x3x14x13xf32>) -> tensor<1x3x7x6xf32> {
  %0 = riffle.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, ceil_mode = true} : tensor<1x3x14x13xf32> -> tensor<1x3x7x6xf32>
  return %0 : tensor<1x3x7x6xf32>
}

// The last window starts on the last row and reaches into the padding.
// CHECK: max_pool_ceil_pad: ok
// REF: F.max_pool2d(x0, 3, 2, 1, ceil_mode=True)
func.func @max_pool_ceil_pad(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x4x4xf32> {
  %0 = riffle.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true} : tensor<1x2x6x6xf32> -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// Rounding up would add a window starting in the padding: it is dropped.
// CHECK: max_pool_ceil_dropped: ok
// REF: F.max_pool2d(x0, 2, 2, 1, ceil_mode=True)
func.func @max_pool_ceil_dropped(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  %0 = riffle.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true} : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// CHECK: max_pool_dilation: ok
// REF: F.max_pool2d(x0, 2, 1, 1, dilation=2)
func.func @max_pool_dilation(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32> {
  %0 = riffle.max_pool2d %x {kernel = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 2, 2>} : tensor<1x2x8x8xf32> -> tensor<1x2x8x8xf32>
  return %0 : tensor<1x2x8x8xf32>
}

// CHECK: max_pool_dilation_ceil: ok
// REF: F.max_pool2d(x0, (3, 2), (2, 3), (1, 1), dilation=(2, 3), ceil_mode=True)
func.func @max_pool_dilation_ceil(%x: tensor<2x2x10x11xf32>) -> tensor<2x2x5x4xf32> {
  %0 = riffle.max_pool2d %x {kernel = array<i64: 3, 2>, strides = array<i64: 2, 3>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 2, 3>, ceil_mode = true} : tensor<2x2x10x11xf32> -> tensor<2x2x5x4xf32>
  return %0 : tensor<2x2x5x4xf32>
}

// CHECK: max_pool_asymmetric: ok
// REF: F.max_pool2d(F.pad(x0, (1, 0, 0, 2), value=float("-inf")), 3, 2)
func.func @max_pool_asymmetric(%x: tensor<1x2x7x6xf32>) -> tensor<1x2x4x3xf32> {
  %0 = riffle.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 1, 2, 0>} : tensor<1x2x7x6xf32> -> tensor<1x2x4x3xf32>
  return %0 : tensor<1x2x4x3xf32>
}

// CHECK: avg_pool_include_pad: ok
// REF: F.avg_pool2d(x0, 3, 2, 1, count_include_pad=True)
func.func @avg_pool_include_pad(%x: tensor<1x2x9x9xf32>) -> tensor<1x2x5x5xf32> {
  %0 = riffle.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true} : tensor<1x2x9x9xf32> -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// CHECK: avg_pool_exclude_pad: ok
// REF: F.avg_pool2d(x0, 3, 2, 1, count_include_pad=False)
func.func @avg_pool_exclude_pad(%x: tensor<1x2x9x9xf32>) -> tensor<1x2x5x5xf32> {
  %0 = riffle.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x2x9x9xf32> -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// With ceil_mode the last window is clipped to the padded input: its
// divisor counts the padding row it covers but not the rows beyond.
// CHECK: avg_pool_ceil_include_pad: ok
// REF: F.avg_pool2d(x0, 3, 2, 1, ceil_mode=True, count_include_pad=True)
func.func @avg_pool_ceil_include_pad(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x4x4xf32> {
  %0 = riffle.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true, count_include_pad = true} : tensor<1x2x6x6xf32> -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// CHECK: avg_pool_ceil_exclude_pad: ok
// REF: F.avg_pool2d(x0, 3, 2, 1, ceil_mode=True, count_include_pad=False)
func.func @avg_pool_ceil_exclude_pad(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x4x4xf32> {
  %0 = riffle.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true} : tensor<1x2x6x6xf32> -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// No padding: the last window is clipped to the input either way.
// CHECK: avg_pool_ceil_no_pad: ok
// REF: F.avg_pool2d(x0, 3, 2, ceil_mode=True, count_include_pad=True)
func.func @avg_pool_ceil_no_pad(%x: tensor<1x3x14x13xf32>) -> tensor<1x3x7x6xf32> {
  %0 = riffle.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, ceil_mode = true, count_include_pad = true} : tensor<1x3x14x13xf32> -> tensor<1x3x7x6xf32>
  return %0 : tensor<1x3x7x6xf32>
}

// CHECK: avg_pool_ceil_dropped: ok
// REF: F.avg_pool2d(x0, 2, 2, 1, ceil_mode=True, count_include_pad=True)
func.func @avg_pool_ceil_dropped(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  %0 = riffle.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true, count_include_pad = true} : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// Asymmetric pads: zero padding counted (F.pad then no padding), or not
// (the same sum divided by the number of real elements in each window).
// CHECK: avg_pool_asymmetric_include_pad: ok
// REF: F.avg_pool2d(F.pad(x0, (1, 0, 0, 2)), 3, 2)
func.func @avg_pool_asymmetric_include_pad(%x: tensor<1x2x7x6xf32>) -> tensor<1x2x4x3xf32> {
  %0 = riffle.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 1, 2, 0>, count_include_pad = true} : tensor<1x2x7x6xf32> -> tensor<1x2x4x3xf32>
  return %0 : tensor<1x2x4x3xf32>
}

// CHECK: avg_pool_asymmetric_exclude_pad: ok
// REF: F.avg_pool2d(F.pad(x0, (1, 0, 0, 2)), 3, 2) / F.avg_pool2d(F.pad(torch.ones_like(x0), (1, 0, 0, 2)), 3, 2)
func.func @avg_pool_asymmetric_exclude_pad(%x: tensor<1x2x7x6xf32>) -> tensor<1x2x4x3xf32> {
  %0 = riffle.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 1, 2, 0>} : tensor<1x2x7x6xf32> -> tensor<1x2x4x3xf32>
  return %0 : tensor<1x2x4x3xf32>
}

// CHECK: avg_pool_rectangular: ok
// REF: F.avg_pool2d(x0, (2, 3), (1, 2))
func.func @avg_pool_rectangular(%x: tensor<2x1x5x7xf32>) -> tensor<2x1x4x3xf32> {
  %0 = riffle.avg_pool2d %x {kernel = array<i64: 2, 3>, strides = array<i64: 1, 2>} : tensor<2x1x5x7xf32> -> tensor<2x1x4x3xf32>
  return %0 : tensor<2x1x4x3xf32>
}

// CHECK: global_avg_pool: ok
// REF: x0.mean((2, 3), keepdim=True)
func.func @global_avg_pool(%x: tensor<2x3x5x7xf32>) -> tensor<2x3x1x1xf32> {
  %0 = riffle.global_avg_pool %x : tensor<2x3x5x7xf32> -> tensor<2x3x1x1xf32>
  return %0 : tensor<2x3x1x1xf32>
}

// CHECK: 18 of 18 cases ok
