// The report before and after the pipeline shows batch-norm folding: a 1x1
// conv (2 -> 2 channels, no bias) on 1x2x4x4 has 32 outputs * 2 = 64 MACs and
// 4 params; thop counts the batch norm as 2 * 32 = 64 MACs and 2 * 2 params.
// Folded, the conv gains a bias: 32 * (2 + 1) = 96 MACs, 4 + 2 params.
// RUN: rifflec %s --report | FileCheck %s

// CHECK-LABEL: before the pipeline
// CHECK:      0  conv2d      1x2x4x4  64  64  4  4
// CHECK-NEXT: 1  batch_norm  1x2x4x4  64  64  4  4
// CHECK-NEXT: total MACs: 128 (128)
// CHECK-NEXT: total params: 8 (8)
// CHECK-LABEL: after the pipeline
// CHECK:      0  conv2d  1x2x4x4  96  96  6  6
// CHECK-NEXT: total MACs: 96 (96)
// CHECK-NEXT: total params: 6 (6)
func.func @conv_bn(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %0 = riffle.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = riffle.batch_norm %0, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %1 : tensor<1x2x4x4xf32>
}
