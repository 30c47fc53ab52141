// channel_shuffle, concat, slice, split, flatten and reshape against
// PyTorch; these only move elements, so the results must be exact (the
// tolerance still applies, but every diff is 0). A small ShuffleNet V2-like
// graph at the end strings the ops together. See
// Inputs/check_against_torch.py.
//
// RUN: %python_torch %S/Inputs/check_against_torch.py riffle-interp %s %t | FileCheck %s
// CHECK-NOT: FAILED

// CHECK: channel_shuffle_g3: ok max_abs_diff=0{{$}}
// REF: x0.reshape(1, 3, 4, 2, 3).transpose(1, 2).reshape(1, 12, 2, 3)
func.func @channel_shuffle_g3(%x: tensor<1x12x2x3xf32>) -> tensor<1x12x2x3xf32> {
  %0 = riffle.channel_shuffle %x, groups = 3 : tensor<1x12x2x3xf32>
  return %0 : tensor<1x12x2x3xf32>
}

// CHECK: channel_shuffle_g4_batch2: ok max_abs_diff=0{{$}}
// REF: x0.reshape(2, 4, 2, 3, 3).transpose(1, 2).reshape(2, 8, 3, 3)
func.func @channel_shuffle_g4_batch2(%x: tensor<2x8x3x3xf32>) -> tensor<2x8x3x3xf32> {
  %0 = riffle.channel_shuffle %x, groups = 4 : tensor<2x8x3x3xf32>
  return %0 : tensor<2x8x3x3xf32>
}

// CHECK: concat_channels: ok max_abs_diff=0{{$}}
// REF: torch.cat([x0, x1, x2], 1)
func.func @concat_channels(%a: tensor<2x2x3x3xf32>, %b: tensor<2x4x3x3xf32>, %c: tensor<2x1x3x3xf32>) -> tensor<2x7x3x3xf32> {
  %0 = riffle.concat %a, %b, %c : (tensor<2x2x3x3xf32>, tensor<2x4x3x3xf32>, tensor<2x1x3x3xf32>) -> tensor<2x7x3x3xf32>
  return %0 : tensor<2x7x3x3xf32>
}

// CHECK: concat_axis3: ok max_abs_diff=0{{$}}
// REF: torch.cat([x0, x1], 3)
func.func @concat_axis3(%a: tensor<2x3x4x2xf32>, %b: tensor<2x3x4x5xf32>) -> tensor<2x3x4x7xf32> {
  %0 = riffle.concat %a, %b {axis = 3 : i64} : (tensor<2x3x4x2xf32>, tensor<2x3x4x5xf32>) -> tensor<2x3x4x7xf32>
  return %0 : tensor<2x3x4x7xf32>
}

// CHECK: concat_axis0: ok max_abs_diff=0{{$}}
// REF: torch.cat([x0, x0, x1], 0)
func.func @concat_axis0(%a: tensor<2x3xf32>, %b: tensor<1x3xf32>) -> tensor<5x3xf32> {
  %0 = riffle.concat %a, %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

// CHECK: slice_step: ok max_abs_diff=0{{$}}
// REF: x0[:, 8:16:2]
func.func @slice_step(%x: tensor<1x16x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %0 = riffle.slice %x[8 : 16] {step = 2 : i64} : tensor<1x16x4x4xf32> -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// CHECK: slice_axis2: ok max_abs_diff=0{{$}}
// REF: x0[:, :, 1:6:3]
func.func @slice_axis2(%x: tensor<2x3x7x4xf32>) -> tensor<2x3x2x4xf32> {
  %0 = riffle.slice %x[1 : 6] {axis = 2 : i64, step = 3 : i64} : tensor<2x3x7x4xf32> -> tensor<2x3x2x4xf32>
  return %0 : tensor<2x3x2x4xf32>
}

// CHECK: slice_last_axis: ok max_abs_diff=0{{$}}
// REF: x0[:, 2:5]
func.func @slice_last_axis(%x: tensor<3x5xf32>) -> tensor<3x3xf32> {
  %0 = riffle.slice %x[2 : 5] : tensor<3x5xf32> -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// CHECK: split_channels: ok max_abs_diff=0{{$}}
// REF: torch.split(x0, [1, 3, 2], 1)
func.func @split_channels(%x: tensor<2x6x3x3xf32>) -> (tensor<2x1x3x3xf32>, tensor<2x3x3x3xf32>, tensor<2x2x3x3xf32>) {
  %0:3 = riffle.split %x [1, 3, 2] : tensor<2x6x3x3xf32> -> tensor<2x1x3x3xf32>, tensor<2x3x3x3xf32>, tensor<2x2x3x3xf32>
  return %0#0, %0#1, %0#2 : tensor<2x1x3x3xf32>, tensor<2x3x3x3xf32>, tensor<2x2x3x3xf32>
}

// CHECK: split_axis3: ok max_abs_diff=0{{$}}
// REF: torch.split(x0, [4, 3], 3)
func.func @split_axis3(%x: tensor<1x2x3x7xf32>) -> (tensor<1x2x3x4xf32>, tensor<1x2x3x3xf32>) {
  %0:2 = riffle.split %x [4, 3] {axis = 3 : i64} : tensor<1x2x3x7xf32> -> tensor<1x2x3x4xf32>, tensor<1x2x3x3xf32>
  return %0#0, %0#1 : tensor<1x2x3x4xf32>, tensor<1x2x3x3xf32>
}

// CHECK: flatten_reshape: ok max_abs_diff=0{{$}}
// REF: (torch.flatten(x0, 1), x0.reshape(32, 9), x0.reshape(1, 288), x0.reshape(2, 16, 9), x0.reshape(6, 4, 12))
func.func @flatten_reshape(%x: tensor<2x16x3x3xf32>) -> (tensor<2x144xf32>, tensor<32x9xf32>, tensor<1x288xf32>, tensor<2x16x9xf32>, tensor<6x4x12xf32>) {
  %0 = riffle.flatten %x : tensor<2x16x3x3xf32> -> tensor<2x144xf32>
  %1 = riffle.flatten %x {axis = 2 : i64} : tensor<2x16x3x3xf32> -> tensor<32x9xf32>
  %2 = riffle.flatten %x {axis = 0 : i64} : tensor<2x16x3x3xf32> -> tensor<1x288xf32>
  %3 = riffle.reshape %x : tensor<2x16x3x3xf32> -> tensor<2x16x9xf32>
  %4 = riffle.reshape %3 : tensor<2x16x9xf32> -> tensor<6x4x12xf32>
  return %0, %1, %2, %3, %4 : tensor<2x144xf32>, tensor<32x9xf32>, tensor<1x288xf32>, tensor<2x16x9xf32>, tensor<6x4x12xf32>
}

// A ShuffleNet V2 unit and a classifier head: split, pointwise and
// depthwise convs with batch norm, concat, shuffle, pooling, gemm, softmax.
// Values flow through ops that free their inputs after the last use; %x is
// used twice, late.
// CHECK: shufflenet_v2_like: ok
// INIT: x5 = np.abs(x5) + 0.5
// REF: (lambda a, b: torch.softmax(F.linear(torch.flatten(F.adaptive_avg_pool2d(F.max_pool2d(torch.cat([a, b], 1).reshape(1, 2, 4, 6, 6).transpose(1, 2).reshape(1, 8, 6, 6), 3, 2, 1), 1), 1), x6, x7), 1))(x0[:, :4], F.relu(F.batch_norm(F.conv2d(F.conv2d(F.relu(F.conv2d(x0[:, 4:], x1)), x2, padding=1, groups=4), x3), x4[2], x5[0], x4[0], x4[1], False, 0.0, 1e-5)))
func.func @shufflenet_v2_like(%x: tensor<1x8x6x6xf32>, %w1: tensor<4x4x1x1xf32>, %w2: tensor<4x1x3x3xf32>, %w3: tensor<4x4x1x1xf32>, %bn: tensor<3x4xf32>, %var: tensor<1x4xf32>, %fc: tensor<5x8xf32>, %fcb: tensor<5xf32>) -> tensor<1x5xf32> {
  %halves:2 = riffle.split %x [4, 4] : tensor<1x8x6x6xf32> -> tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>
  %0 = riffle.conv2d %halves#1, %w1 {act = #riffle.act<relu>} : (tensor<1x4x6x6xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x6x6xf32>
  %1 = riffle.conv2d %0, %w2 {groups = 4 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x6x6xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  %2 = riffle.conv2d %1, %w3 : (tensor<1x4x6x6xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x6x6xf32>
  %rows:3 = riffle.split %bn [1, 1, 1] {axis = 0 : i64} : tensor<3x4xf32> -> tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
  %scale = riffle.reshape %rows#0 : tensor<1x4xf32> -> tensor<4xf32>
  %bias = riffle.reshape %rows#1 : tensor<1x4xf32> -> tensor<4xf32>
  %mean = riffle.reshape %rows#2 : tensor<1x4xf32> -> tensor<4xf32>
  %variance = riffle.reshape %var : tensor<1x4xf32> -> tensor<4xf32>
  %3 = riffle.batch_norm %2, %scale, %bias, %mean, %variance : tensor<1x4x6x6xf32>, tensor<4xf32>
  %4 = riffle.relu %3 : tensor<1x4x6x6xf32>
  %5 = riffle.concat %halves#0, %4 : (tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) -> tensor<1x8x6x6xf32>
  %6 = riffle.channel_shuffle %5, groups = 2 : tensor<1x8x6x6xf32>
  %7 = riffle.max_pool2d %6 {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x8x6x6xf32> -> tensor<1x8x3x3xf32>
  %8 = riffle.global_avg_pool %7 : tensor<1x8x3x3xf32> -> tensor<1x8x1x1xf32>
  %9 = riffle.flatten %8 : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
  %10 = riffle.gemm %9, %fc, %fcb : (tensor<1x8xf32>, tensor<5x8xf32>, tensor<5xf32>) -> tensor<1x5xf32>
  %11 = riffle.softmax %10 : tensor<1x5xf32>
  return %11 : tensor<1x5xf32>
}

// CHECK: 12 of 12 cases ok
