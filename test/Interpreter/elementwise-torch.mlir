// batch_norm, activations, add/mul with NumPy broadcasting and softmax
// against PyTorch (float64); see Inputs/check_against_torch.py.
//
// RUN: %python_torch %S/Inputs/check_against_torch.py riffle-interp %s %t | FileCheck %s
// CHECK-NOT: FAILED

// CHECK: batch_norm_eps: ok
// INIT: x4 = np.abs(x4) + 0.1
// REF: F.batch_norm(x0, x3, x4, x1, x2, False, 0.0, 1e-3)
func.func @batch_norm_eps(%x: tensor<2x3x4x5xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x5xf32> {
  %0 = riffle.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32} : tensor<2x3x4x5xf32>, tensor<3xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// CHECK: batch_norm_default_eps: ok
// INIT: x4 = np.abs(x4) + 0.01
// REF: F.batch_norm(x0, x3, x4, x1, x2, False, 0.0, 1e-5)
func.func @batch_norm_default_eps(%x: tensor<1x4x3x3xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<1x4x3x3xf32> {
  %0 = riffle.batch_norm %x, %s, %b, %m, %v : tensor<1x4x3x3xf32>, tensor<4xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// CHECK: relu: ok
// REF: F.relu(x0)
func.func @relu(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = riffle.relu %x : tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// CHECK: leaky_relu: ok
// REF: F.leaky_relu(x0, 0.2)
func.func @leaky_relu(%x: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %0 = riffle.leaky_relu %x {alpha = 0.2 : f32} : tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// CHECK: leaky_relu_default_alpha: ok
// REF: F.leaky_relu(x0)
func.func @leaky_relu_default_alpha(%x: tensor<40xf32>) -> tensor<40xf32> {
  %0 = riffle.leaky_relu %x : tensor<40xf32>
  return %0 : tensor<40xf32>
}

// CHECK: clip: ok
// REF: torch.clamp(x0, -0.5, 0.75)
func.func @clip(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32> {
  %0 = riffle.clip %x, min = -0.5, max = 0.75 : tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// CHECK: hardswish: ok
// INIT: x0 = x0 * 4
// REF: F.hardswish(x0)
func.func @hardswish(%x: tensor<2x50xf32>) -> tensor<2x50xf32> {
  %0 = riffle.hardswish %x : tensor<2x50xf32>
  return %0 : tensor<2x50xf32>
}

// CHECK: hardsigmoid_default: ok
// INIT: x0 = x0 * 4
// REF: torch.clamp(0.2 * x0 + 0.5, 0, 1)
func.func @hardsigmoid_default(%x: tensor<2x50xf32>) -> tensor<2x50xf32> {
  %0 = riffle.hardsigmoid %x : tensor<2x50xf32>
  return %0 : tensor<2x50xf32>
}

// PyTorch's hardsigmoid is alpha = 1/6, beta = 0.5.
// CHECK: hardsigmoid_pytorch: ok
// INIT: x0 = x0 * 4
// REF: F.hardsigmoid(x0)
func.func @hardsigmoid_pytorch(%x: tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32> {
  %0 = riffle.hardsigmoid %x {alpha = 0.16666667 : f32, beta = 0.5 : f32} : tensor<1x4x5x5xf32>
  return %0 : tensor<1x4x5x5xf32>
}

// CHECK: sigmoid: ok
// INIT: x0 = x0 * 5
// REF: torch.sigmoid(x0)
func.func @sigmoid(%x: tensor<3x5x2xf32>) -> tensor<3x5x2xf32> {
  %0 = riffle.sigmoid %x : tensor<3x5x2xf32>
  return %0 : tensor<3x5x2xf32>
}

// CHECK: add_relu: ok
// REF: F.relu(x0 + x1)
func.func @add_relu(%x: tensor<2x3x4x4xf32>, %y: tensor<2x3x4x4xf32>) -> tensor<2x3x4x4xf32> {
  %0 = riffle.add %x, %y {act = #riffle.act<relu>} : tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32> -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// CHECK: add_broadcast_lhs: ok
// REF: x0 + x1
func.func @add_broadcast_lhs(%se: tensor<2x16x1x1xf32>, %x: tensor<2x16x7x5xf32>) -> tensor<2x16x7x5xf32> {
  %0 = riffle.add %se, %x : tensor<2x16x1x1xf32>, tensor<2x16x7x5xf32> -> tensor<2x16x7x5xf32>
  return %0 : tensor<2x16x7x5xf32>
}

// A lower-rank operand lines up with the trailing dimensions.
// CHECK: add_rank_broadcast_hardswish: ok
// REF: F.hardswish(x0 + x1)
func.func @add_rank_broadcast_hardswish(%v: tensor<5xf32>, %x: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = riffle.add %v, %x {act = #riffle.act<hardswish>} : tensor<5xf32>, tensor<2x3x4x5xf32> -> tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// Both operands broadcast.
// CHECK: add_outer: ok
// REF: x0 + x1
func.func @add_outer(%x: tensor<3x1xf32>, %y: tensor<1x4xf32>) -> tensor<3x4xf32> {
  %0 = riffle.add %x, %y : tensor<3x1xf32>, tensor<1x4xf32> -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// Squeeze-and-excitation: a per-channel scale.
// CHECK: mul_se: ok
// REF: x0 * x1
func.func @mul_se(%x: tensor<2x16x7x5xf32>, %se: tensor<2x16x1x1xf32>) -> tensor<2x16x7x5xf32> {
  %0 = riffle.mul %x, %se : tensor<2x16x7x5xf32>, tensor<2x16x1x1xf32> -> tensor<2x16x7x5xf32>
  return %0 : tensor<2x16x7x5xf32>
}

// CHECK: mul_interleaved_broadcast: ok
// REF: x0 * x1
func.func @mul_interleaved_broadcast(%x: tensor<2x1x4x1xf32>, %y: tensor<3x1x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = riffle.mul %x, %y : tensor<2x1x4x1xf32>, tensor<3x1x5xf32> -> tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// CHECK: mul_scalar: ok
// REF: x0 * x1
func.func @mul_scalar(%x: tensor<f32>, %y: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = riffle.mul %x, %y : tensor<f32>, tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// CHECK: softmax_default_axis: ok
// INIT: x0 = x0 * 10
// REF: torch.softmax(x0, 1)
func.func @softmax_default_axis(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  %0 = riffle.softmax %x : tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// CHECK: softmax_axis0: ok
// REF: torch.softmax(x0, 0)
func.func @softmax_axis0(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = riffle.softmax %x {axis = 0 : i64} : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// CHECK: softmax_axis2: ok
// REF: torch.softmax(x0, 2)
func.func @softmax_axis2(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = riffle.softmax %x {axis = 2 : i64} : tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// CHECK: softmax_axis3: ok
// INIT: x0 = x0 * 100
// REF: torch.softmax(x0, 3)
func.func @softmax_axis3(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = riffle.softmax %x {axis = 3 : i64} : tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// CHECK: 21 of 21 cases ok
