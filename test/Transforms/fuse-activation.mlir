// RUN: riffle-opt %s -split-input-file -riffle-fuse-activation | FileCheck %s

// CHECK-LABEL: func.func @conv_relu6
// CHECK: %[[C:.*]] = riffle.conv2d {{.*}}act = #riffle.act<clip(0.000000e+00, 6.000000e+00)>
// CHECK-NEXT: return %[[C]]
func.func @conv_relu6(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = riffle.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = riffle.clip %0, min = 0.0, max = 6.0 : tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @each_kind
// CHECK: riffle.conv2d {{.*}}act = #riffle.act<relu>
// CHECK: riffle.conv2d {{.*}}act = #riffle.act<leaky_relu(1.000000e-01)>
// CHECK: riffle.conv2d {{.*}}act = #riffle.act<hardswish>
// CHECK: riffle.conv2d {{.*}}act = #riffle.act<hardsigmoid(2.000000e-01, 5.000000e-01)>
// CHECK: riffle.conv2d {{.*}}act = #riffle.act<sigmoid>
// CHECK-NOT: riffle.relu
func.func @each_kind(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = riffle.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = riffle.relu %0 : tensor<1x2x4x4xf32>
  %2 = riffle.conv2d %1, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %3 = riffle.leaky_relu %2 {alpha = 0.1 : f32} : tensor<1x2x4x4xf32>
  %4 = riffle.conv2d %3, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %5 = riffle.hardswish %4 : tensor<1x2x4x4xf32>
  %6 = riffle.conv2d %5, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %7 = riffle.hardsigmoid %6 : tensor<1x2x4x4xf32>
  %8 = riffle.conv2d %7, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %9 = riffle.sigmoid %8 : tensor<1x2x4x4xf32>
  return %9 : tensor<1x2x4x4xf32>
}

// -----

// Default-valued parameters become the attribute's parameters (f32 values,
// printed as such), the same for every producer kind.
// CHECK-LABEL: func.func @default_parameters
// CHECK: riffle.conv2d {{.*}}act = #riffle.act<leaky_relu(0.00999999977)>
// CHECK: riffle.gemm {{.*}}act = #riffle.act<hardsigmoid(2.000000e-01, 5.000000e-01)>
// CHECK: riffle.add {{.*}}act = #riffle.act<clip(-1.000000e+00, 0x7FF0000000000000)>
// CHECK-NOT: riffle.leaky_relu
// CHECK-NOT: riffle.hardsigmoid
// CHECK-NOT: riffle.clip
func.func @default_parameters(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>, %m: tensor<1x8xf32>, %wm: tensor<4x8xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x4xf32>, tensor<1x2x4x4xf32>) {
  %0 = riffle.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = riffle.leaky_relu %0 : tensor<1x2x4x4xf32>
  %2 = riffle.gemm %m, %wm : (tensor<1x8xf32>, tensor<4x8xf32>) -> tensor<1x4xf32>
  %3 = riffle.hardsigmoid %2 : tensor<1x4xf32>
  %4 = riffle.add %x, %x : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %5 = riffle.clip %4, min = -1.0, max = 0x7F800000 : tensor<1x2x4x4xf32>
  return %1, %3, %5 : tensor<1x2x4x4xf32>, tensor<1x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @gemm_and_add
// CHECK: riffle.gemm {{.*}}act = #riffle.act<relu>
// CHECK: riffle.add {{.*}}act = #riffle.act<relu>
func.func @gemm_and_add(%x: tensor<1x8xf32>, %w: tensor<4x8xf32>, %y: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = riffle.gemm %x, %w : (tensor<1x8xf32>, tensor<4x8xf32>) -> tensor<1x4xf32>
  %1 = riffle.relu %0 : tensor<1x4xf32>
  %2 = riffle.add %1, %y : tensor<1x4xf32>, tensor<1x4xf32> -> tensor<1x4xf32>
  %3 = riffle.relu %2 : tensor<1x4xf32>
  return %3 : tensor<1x4xf32>
}

// -----

// Not fused: the conv has another user, or an activation already, or the
// producer is not a conv, gemm or add.
// CHECK-LABEL: func.func @not_fused
// CHECK: %[[C:.*]] = riffle.conv2d
// CHECK: riffle.relu %[[C]]
// CHECK: riffle.conv2d {{.*}}act = #riffle.act<relu>
// CHECK: riffle.sigmoid
// CHECK: riffle.max_pool2d
// CHECK: riffle.relu
func.func @not_fused(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>) {
  %0 = riffle.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = riffle.relu %0 : tensor<1x2x4x4xf32>
  %2 = riffle.conv2d %x, %w {act = #riffle.act<relu>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %3 = riffle.sigmoid %2 : tensor<1x2x4x4xf32>
  %4 = riffle.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %5 = riffle.relu %4 : tensor<1x2x2x2xf32>
  return %0, %1, %3, %5 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>
}

// -----

// Opset-13 hardswish, x * hardsigmoid(x) {alpha = 1/6}, is raised and fused.
// CHECK-LABEL: func.func @hardswish_from_hardsigmoid
// CHECK: %[[C:.*]] = riffle.conv2d {{.*}}act = #riffle.act<hardswish>
// CHECK-NOT: riffle.mul
// CHECK: return %[[C]]
func.func @hardswish_from_hardsigmoid(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = riffle.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = riffle.hardsigmoid %0 {alpha = 0.16666667 : f32} : tensor<1x2x4x4xf32>
  %2 = riffle.mul %0, %1 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  return %2 : tensor<1x2x4x4xf32>
}

// -----

// A plain hardsigmoid gate (SE block) stays a multiplication.
// CHECK-LABEL: func.func @se_gate_kept
// CHECK: riffle.hardsigmoid
// CHECK: riffle.mul
func.func @se_gate_kept(%x: tensor<1x2x4x4xf32>, %g: tensor<1x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = riffle.hardsigmoid %g : tensor<1x2x1x1xf32>
  %1 = riffle.mul %x, %0 : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32> -> tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}
