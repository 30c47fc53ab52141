// RUN: riffle-opt %s -split-input-file -riffle-fold-batch-norm | FileCheck %s

// k = gamma / sqrt(var + eps) = [1 / 2, 2 / 1]; w' = w * k; b' = beta - mean * k.
// CHECK-LABEL: func.func @fold_into_conv
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}[{{\[}}[1.000000e+00]]], {{\[}}[{{\[}}6.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[0.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK: %[[R:.*]] = riffle.conv2d %arg0, %[[W]], %[[B]]
// CHECK-NOT: riffle.batch_norm
// CHECK: return %[[R]]
func.func @fold_into_conv(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %gamma = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %0 = riffle.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = riffle.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// An existing bias is scaled too: b' = b * k + beta - mean * k = [4 * 0.5 + 0, 1 * 2 - 1].
// CHECK-LABEL: func.func @fold_with_bias
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[2.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK: riffle.conv2d %arg0, %{{.*}}, %[[B]]
// CHECK-NOT: riffle.batch_norm
func.func @fold_with_bias(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[4.0, 1.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %0 = riffle.conv2d %x, %w, %b : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %1 = riffle.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// With output_channel_map [1, 0], batch-norm channel 0 scales computed filter 1.
// CHECK-LABEL: func.func @fold_through_output_map
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}[{{\[}}[4.000000e+00]]], {{\[}}[{{\[}}1.500000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK: riffle.conv2d %arg0, %[[W]], %{{.*}} {output_channel_map = array<i64: 1, 0>}
func.func @fold_through_output_map(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %gamma = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %0 = riffle.conv2d %x, %w {output_channel_map = array<i64: 1, 0>} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = riffle.batch_norm %0, %gamma, %zero, %zero, %var {epsilon = 1.0 : f32} : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// The conv's result has another user: the batch norm becomes mul + add.
// CHECK-LABEL: func.func @conv_with_two_users
// CHECK: %[[C:.*]] = riffle.conv2d
// CHECK: %[[M:.*]] = riffle.mul %[[C]], %{{.*}} : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>
// CHECK: %[[A:.*]] = riffle.add %[[M]], %{{.*}} : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>
// CHECK: return %[[C]], %[[A]]
func.func @conv_with_two_users(%x: tensor<1x1x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %0 = riffle.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = riffle.batch_norm %0, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %0, %1 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// A batch norm after an activation cannot move into the conv.
// CHECK-LABEL: func.func @conv_with_activation
// CHECK: riffle.conv2d {{.*}}act = #riffle.act<relu>
// CHECK: riffle.mul
// CHECK: riffle.add
// CHECK-NOT: riffle.batch_norm
func.func @conv_with_activation(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %0 = riffle.conv2d %x, %w {act = #riffle.act<relu>} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = riffle.batch_norm %0, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// Parameters that are not constants: left alone.
// CHECK-LABEL: func.func @dynamic_parameters
// CHECK: riffle.batch_norm
func.func @dynamic_parameters(%x: tensor<1x2x4x4xf32>, %p: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %0 = riffle.batch_norm %x, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %0 : tensor<1x2x4x4xf32>
}
