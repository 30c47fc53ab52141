// Activations, broadcasting add/mul (with fused activation) and softmax
// along several axes: riffle-halide-run against riffle-interp.
// RUN: riffle-interp %s --function activations --output %t.activations.0.npy --output %t.activations.1.npy --output %t.activations.2.npy --output %t.activations.3.npy --output %t.activations.4.npy --output %t.activations.5.npy
// RUN: riffle-halide-run %s --function activations --compare %t.activations.0.npy --compare %t.activations.1.npy --compare %t.activations.2.npy --compare %t.activations.3.npy --compare %t.activations.4.npy --compare %t.activations.5.npy | FileCheck %s --check-prefix=ACTIVATIONS
// RUN: riffle-interp %s --function add_mul_broadcast --output %t.add_mul_broadcast.0.npy
// RUN: riffle-halide-run %s --function add_mul_broadcast --compare %t.add_mul_broadcast.0.npy | FileCheck %s --check-prefix=ADD_MUL_BROADCAST
// RUN: riffle-interp %s --function softmax --output %t.softmax.0.npy --output %t.softmax.1.npy --output %t.softmax.2.npy
// RUN: riffle-halide-run %s --function softmax --compare %t.softmax.0.npy --compare %t.softmax.1.npy --compare %t.softmax.2.npy | FileCheck %s --check-prefix=SOFTMAX

// ACTIVATIONS: max_abs_diff=
// ACTIVATIONS-NEXT: max_abs_diff=
// ACTIVATIONS-NEXT: max_abs_diff=
// ACTIVATIONS-NEXT: max_abs_diff=
// ACTIVATIONS-NEXT: max_abs_diff=
// ACTIVATIONS-NEXT: max_abs_diff=
func.func @activations(%x: tensor<2x3x5x17xf32>) -> (tensor<2x3x5x17xf32>, tensor<2x3x5x17xf32>, tensor<2x3x5x17xf32>, tensor<2x3x5x17xf32>, tensor<2x3x5x17xf32>, tensor<2x3x5x17xf32>) {
  %0 = riffle.relu %x : tensor<2x3x5x17xf32>
  %1 = riffle.leaky_relu %x {alpha = 0.2 : f32} : tensor<2x3x5x17xf32>
  %2 = riffle.clip %x, min = -0.5, max = 0.75 : tensor<2x3x5x17xf32>
  %3 = riffle.hardswish %x : tensor<2x3x5x17xf32>
  %4 = riffle.hardsigmoid %x : tensor<2x3x5x17xf32>
  %5 = riffle.sigmoid %x : tensor<2x3x5x17xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x3x5x17xf32>, tensor<2x3x5x17xf32>, tensor<2x3x5x17xf32>, tensor<2x3x5x17xf32>, tensor<2x3x5x17xf32>, tensor<2x3x5x17xf32>
}

// ADD_MUL_BROADCAST: max_abs_diff=
func.func @add_mul_broadcast(%x: tensor<2x3x5x7xf32>, %se: tensor<2x3x1x1xf32>) -> tensor<2x3x5x7xf32> {
  %r = arith.constant dense<[[[-0.1481, 0.0819, 0.3551, 0.0404, -0.3744, -0.4557, -0.4649]], [[0.2562, 0.3944, -0.3547, 0.3099, -0.4582, 0.3351, 0.2023]], [[-0.0266, -0.0228, -0.2805, 0.4307, -0.2279, -0.2353, 0.2712]]]> : tensor<3x1x7xf32>
  %0 = riffle.mul %x, %se : tensor<2x3x5x7xf32>, tensor<2x3x1x1xf32> -> tensor<2x3x5x7xf32>
  %1 = riffle.add %0, %r {act = #riffle.act<relu>} : tensor<2x3x5x7xf32>, tensor<3x1x7xf32> -> tensor<2x3x5x7xf32>
  %2 = riffle.add %1, %x : tensor<2x3x5x7xf32>, tensor<2x3x5x7xf32> -> tensor<2x3x5x7xf32>
  return %2 : tensor<2x3x5x7xf32>
}

// SOFTMAX: max_abs_diff=
// SOFTMAX-NEXT: max_abs_diff=
// SOFTMAX-NEXT: max_abs_diff=
func.func @softmax(%x: tensor<2x10xf32>, %y: tensor<2x3x4x5xf32>) -> (tensor<2x10xf32>, tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>) {
  %0 = riffle.softmax %x : tensor<2x10xf32>
  %1 = riffle.softmax %y {axis = 2 : i64} : tensor<2x3x4x5xf32>
  %2 = riffle.softmax %y {axis = 3 : i64} : tensor<2x3x4x5xf32>
  return %0, %1, %2 : tensor<2x10xf32>, tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>
}
