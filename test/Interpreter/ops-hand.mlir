// Small functions without arguments whose results were worked out by hand
// (the pool values were also checked with torch.nn.functional). Weights and
// inputs are constants in every form: dense, splat and dense_resource.
//
// RUN: riffle-interp %s --function conv --print | FileCheck %s --check-prefix=CONV
// RUN: riffle-interp %s --function conv_channel_maps --print | FileCheck %s --check-prefix=MAPS
// RUN: riffle-interp %s --function gemm_resource --print | FileCheck %s --check-prefix=GEMM
// RUN: riffle-interp %s --function batch_norm --print | FileCheck %s --check-prefix=BN
// RUN: riffle-interp %s --function activations --print | FileCheck %s --check-prefix=ACT
// RUN: riffle-interp %s --function broadcast --print | FileCheck %s --check-prefix=BCAST
// RUN: riffle-interp %s --function softmax --print | FileCheck %s --check-prefix=SOFTMAX
// RUN: riffle-interp %s --function data_movement --print | FileCheck %s --check-prefix=MOVE
// RUN: riffle-interp %s --function channel_shuffle --print | FileCheck %s --check-prefix=SHUFFLE
// RUN: riffle-interp %s --function pools --print | FileCheck %s --check-prefix=POOL

// 2x2 window of ones over 1..9, bias -12, ReLU: sums 12 16 24 28.
// CONV:      result #0: [1, 1, 2, 2]
// CONV-NEXT: 0 4
// CONV-NEXT: 12 16
func.func @conv() -> tensor<1x1x2x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x2x2xf32>
  %b = arith.constant dense<[-12.0]> : tensor<1xf32>
  %0 = riffle.conv2d %x, %w, %b {act = #riffle.act<relu>} : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// Computed channel 0 reads input channel m[0] = 1: 2 * [10, 20] + 100;
// computed channel 1 reads input channel 0: 3 * [1, 2] + 200. Output
// channel c holds computed channel p[c]: p = [1, 0] swaps them back.
// MAPS:      result #0: [1, 2, 1, 2]
// MAPS-NEXT: 203 206
// MAPS-NEXT: 120 140
func.func @conv_channel_maps() -> tensor<1x2x1x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0]], [[10.0, 20.0]]]]> : tensor<1x2x1x2xf32>
  %w = arith.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[100.0, 200.0]> : tensor<2xf32>
  %0 = riffle.conv2d %x, %w, %b {groups = 2 : i64, input_channel_map = array<i64: 1, 0>, output_channel_map = array<i64: 1, 0>} : (tensor<1x2x1x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x1x2xf32>
  return %0 : tensor<1x2x1x2xf32>
}

// Weight rows [1, 0], [0, 1], [1, 1] from a resource blob; x = [1, 2]; bias 0.5.
// GEMM:      result #0: [1, 3]
// GEMM-NEXT: 1.5 2.5 3.5
func.func @gemm_resource() -> tensor<1x3xf32> {
  %x = arith.constant dense_resource<x_blob> : tensor<1x2xf32>
  %w = arith.constant dense_resource<fc.weight> : tensor<3x2xf32>
  %b = arith.constant dense<0.5> : tensor<3xf32>
  %0 = riffle.gemm %x, %w, %b : (tensor<1x2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// Channel 0: (x - 1) / sqrt(4) * 2 + 0; channel 1: (x - 3) / sqrt(1) * 1 + 1.
// BN:      result #0: [1, 2, 1, 2]
// BN-NEXT: 0 1
// BN-NEXT: 1 2
func.func @batch_norm() -> tensor<1x2x1x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0]], [[3.0, 4.0]]]]> : tensor<1x2x1x2xf32>
  %scale = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %bias = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %var = arith.constant dense<[4.0, 1.0]> : tensor<2xf32>
  %0 = riffle.batch_norm %x, %scale, %bias, %mean, %var {epsilon = 0.0 : f32} : tensor<1x2x1x2xf32>, tensor<2xf32>
  return %0 : tensor<1x2x1x2xf32>
}

// ACT:      result #0: [6]
// ACT-NEXT: 0 0 0 0.5 3 7
// ACT-NEXT: result #1: [6]
// ACT-NEXT: -0.4 -0.1 0 0.5 3 7
// ACT-NEXT: result #2: [6]
// ACT-NEXT: 0 0 0 0.5 3 6
// ACT-NEXT: result #3: [6]
// ACT-NEXT: -0 -0.3333333 0 0.2916667 3 7
// ACT-NEXT: result #4: [6]
// ACT-NEXT: 0 0.3 0.5 0.6 1 1
// Sigmoid in float (the last digit is left to the C library's expf).
// ACT-NEXT: result #5: [6]
// ACT-NEXT: 0.0179862{{[0-9]}} 0.268941{{[0-9]}} 0.5 0.622459{{[0-9]}} 0.952574{{[0-9]}} 0.99908{{[0-9]+}}
func.func @activations() -> (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) {
  %x = arith.constant dense<[-4.0, -1.0, 0.0, 0.5, 3.0, 7.0]> : tensor<6xf32>
  %0 = riffle.relu %x : tensor<6xf32>
  %1 = riffle.leaky_relu %x {alpha = 0.1 : f32} : tensor<6xf32>
  %2 = riffle.clip %x, min = 0.0, max = 6.0 : tensor<6xf32>
  %3 = riffle.hardswish %x : tensor<6xf32>
  %4 = riffle.hardsigmoid %x : tensor<6xf32>
  %5 = riffle.sigmoid %x : tensor<6xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>
}

// [[1], [2]] against [10, 20, 30]: a sum, a sum clipped to 25, a product.
// BCAST:      result #0: [2, 3]
// BCAST-NEXT: 11 21 31
// BCAST-NEXT: 12 22 32
// BCAST-NEXT: result #1: [2, 3]
// BCAST-NEXT: 11 21 25
// BCAST-NEXT: 12 22 25
// BCAST-NEXT: result #2: [2, 3]
// BCAST-NEXT: 10 20 30
// BCAST-NEXT: 20 40 60
func.func @broadcast() -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %col = arith.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %row = arith.constant dense<[10.0, 20.0, 30.0]> : tensor<3xf32>
  %0 = riffle.add %col, %row : tensor<2x1xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %1 = riffle.add %col, %row {act = #riffle.act<clip(0.0, 25.0)>} : tensor<2x1xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %2 = riffle.mul %row, %col : tensor<3xf32>, tensor<2x1xf32> -> tensor<2x3xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// Large logits must not overflow; axis 0 of a constant matrix is uniform.
// SOFTMAX:      result #0: [1, 3]
// SOFTMAX-NEXT: 0.5 0.5 0
// SOFTMAX-NEXT: result #1: [4, 2]
// SOFTMAX-NEXT: 0.25 0.25
// SOFTMAX-NEXT: 0.25 0.25
// SOFTMAX-NEXT: 0.25 0.25
// SOFTMAX-NEXT: 0.25 0.25
func.func @softmax() -> (tensor<1x3xf32>, tensor<4x2xf32>) {
  %x = arith.constant dense<[[1000.0, 1000.0, -1000.0]]> : tensor<1x3xf32>
  %y = arith.constant dense<7.0> : tensor<4x2xf32>
  %0 = riffle.softmax %x : tensor<1x3xf32>
  %1 = riffle.softmax %y {axis = 0 : i64} : tensor<4x2xf32>
  return %0, %1 : tensor<1x3xf32>, tensor<4x2xf32>
}

// x = [[0 .. 5], [6 .. 11]]: odd columns, a split into 2 + 4 columns and
// the parts concatenated the other way round.
// MOVE:      result #0: [2, 3]
// MOVE-NEXT: 1 3 5
// MOVE-NEXT: 7 9 11
// MOVE-NEXT: result #1: [2, 2]
// MOVE-NEXT: 0 1
// MOVE-NEXT: 6 7
// MOVE-NEXT: result #2: [2, 6]
// MOVE-NEXT: 2 3 4 5 0 1
// MOVE-NEXT: 8 9 10 11 6 7
// MOVE-NEXT: result #3: [12]
// MOVE-NEXT: 0 1 2 3 4 5 6 7 8 9 10 11
func.func @data_movement() -> (tensor<2x3xf32>, tensor<2x2xf32>, tensor<2x6xf32>, tensor<12xf32>) {
  %x = arith.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 7.0, 8.0, 9.0, 10.0, 11.0]]> : tensor<2x6xf32>
  %0 = riffle.slice %x[1 : 6] {step = 2 : i64} : tensor<2x6xf32> -> tensor<2x3xf32>
  %1:2 = riffle.split %x [2, 4] : tensor<2x6xf32> -> tensor<2x2xf32>, tensor<2x4xf32>
  %2 = riffle.concat %1#1, %1#0 : (tensor<2x4xf32>, tensor<2x2xf32>) -> tensor<2x6xf32>
  %3 = riffle.reshape %x : tensor<2x6xf32> -> tensor<12xf32>
  return %0, %1#0, %2, %3 : tensor<2x3xf32>, tensor<2x2xf32>, tensor<2x6xf32>, tensor<12xf32>
}

// out[c] = in[(c % 2) * 3 + c / 2] with channels holding their index.
// SHUFFLE:      result #0: [1, 6, 1, 2]
// SHUFFLE-NEXT: 0 0
// SHUFFLE-NEXT: 3 3
// SHUFFLE-NEXT: 1 1
// SHUFFLE-NEXT: 4 4
// SHUFFLE-NEXT: 2 2
// SHUFFLE-NEXT: 5 5
func.func @channel_shuffle() -> tensor<1x6x1x2xf32> {
  %x = arith.constant dense<[[[[0.0, 0.0]], [[1.0, 1.0]], [[2.0, 2.0]], [[3.0, 3.0]], [[4.0, 4.0]], [[5.0, 5.0]]]]> : tensor<1x6x1x2xf32>
  %0 = riffle.channel_shuffle %x, groups = 2 : tensor<1x6x1x2xf32>
  return %0 : tensor<1x6x1x2xf32>
}

// x = 1 .. 16 in a 4x4 plane.
// POOL:      result #0: [1, 1, 2, 2]
// POOL-NEXT: 6 8
// POOL-NEXT: 14 16
// POOL-NEXT: result #1: [1, 1, 2, 2]
// POOL-NEXT: 11 12
// POOL-NEXT: 15 16
// POOL-NEXT: result #2: [1, 1, 2, 2]
// POOL-NEXT: 1.555556 3.333333
// POOL-NEXT: 6.333333 11
// POOL-NEXT: result #3: [1, 1, 2, 2]
// POOL-NEXT: 3.5 5
// POOL-NEXT: 9.5 11
// POOL-NEXT: result #4: [1, 1, 3, 3]
// POOL-NEXT: 1.555556 3.333333 2
// POOL-NEXT: 6.333333 11 6
// POOL-NEXT: 4.5 7.5 4
// POOL-NEXT: result #5: [1, 1, 1, 1]
// POOL-NEXT: 8.5
func.func @pools() -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0, 12.0], [13.0, 14.0, 15.0, 16.0]]]]> : tensor<1x1x4x4xf32>
  %0 = riffle.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %1 = riffle.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, ceil_mode = true} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  // Divisor 9 everywhere (padding counted), then only real elements.
  %2 = riffle.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %3 = riffle.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  // ceil_mode adds a third window starting on row/column 3; it is clipped
  // to the padded input (rows 3 and the padding row 4): divisors 6 and 4.
  %4 = riffle.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true, count_include_pad = true} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  %5 = riffle.global_avg_pool %x : tensor<1x1x4x4xf32> -> tensor<1x1x1x1xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>
}

{-#
  dialect_resources: {
    builtin: {
      x_blob: "0x040000000000803F00000040",
      fc.weight: "0x040000000000803F00000000000000000000803F0000803F0000803F"
    }
  }
#-}
