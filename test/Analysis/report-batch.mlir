// A batch of 4 planned one sample at a time (riffle.sample_loop): after the
// pipeline (and the plan) the table shows one sample's shapes but the
// batch's MACs, as before it: 4 x 1x30x110x110 outputs x (6 * 9 + 1).
//
// RUN: rifflec %s --report | FileCheck %s

// CHECK-LABEL: before the pipeline
// CHECK:      0  conv2d  4x30x110x110  79860000  79.86M  1650  1.65K  conv
// CHECK-NEXT: total MACs: 79860000 (79.86M)
// CHECK-LABEL: after the pipeline
// CHECK-NEXT: (planned one sample at a time, riffle.sample_loop = 4: shapes are one sample's, MACs the batch's)
// CHECK:      0  conv2d  1x30x110x110  79860000  79.86M  1650  1.65K  conv
// CHECK-NEXT: total MACs: 79860000 (79.86M)

func.func @conv_batch(%x: tensor<4x6x112x112xf32>) -> tensor<4x30x110x110xf32> {
  %w = arith.constant dense<0.01> : tensor<30x6x3x3xf32>
  %b = arith.constant dense<0.1> : tensor<30xf32>
  %y = riffle.conv2d %x, %w, %b : (tensor<4x6x112x112xf32>, tensor<30x6x3x3xf32>, tensor<30xf32>) -> tensor<4x30x110x110xf32> loc("conv")
  return %y : tensor<4x30x110x110xf32>
}
