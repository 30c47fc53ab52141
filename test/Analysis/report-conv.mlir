// DESIGN.md's reference figures for thop's conventions: Conv2d(6, 30, 3, 1)
// (with bias) on a 1x6x112x112 input with groups 1, 2, 3 and 6 gives
// 19.96M/1.65K, 10.16M/840, 6.90M/570 and 3.63M/300 MACs/params.
// Output 1x30x110x110 = 363000 elements; MACs = 363000 * (6/g * 9 + 1).
//
// RUN: rifflec %s --report | FileCheck %s

// The table: index, op, output shape, MACs (exact, then thop's "%.2f"
// clever_format), params (likewise), and the op's location name.
// The table is printed before and after the pipeline (nothing to fold here).
// CHECK-LABEL: before the pipeline
// CHECK:      #  op      output shape      MACs          params         name
// CHECK-NEXT: 0  conv2d  1x30x110x110  19965000  19.96M    1650  1.65K  conv_g1
// CHECK-NEXT: 1  conv2d  1x30x110x110  10164000  10.16M     840    840  conv_g2
// CHECK-NEXT: 2  conv2d  1x30x110x110   6897000   6.90M     570    570  conv_g3
// CHECK-NEXT: 3  conv2d  1x30x110x110   3630000   3.63M     300    300  conv_g6
// CHECK-NEXT: total MACs: 40656000 (40.66M)
// CHECK-NEXT: total params: 3360 (3.36K)
// CHECK-LABEL: after the pipeline
// CHECK:      total MACs: 40656000 (40.66M)

func.func @conv_groups(%x: tensor<1x6x112x112xf32>)
    -> (tensor<1x30x110x110xf32>, tensor<1x30x110x110xf32>,
        tensor<1x30x110x110xf32>, tensor<1x30x110x110xf32>) {
  %w1 = arith.constant dense<0.01> : tensor<30x6x3x3xf32>
  %b1 = arith.constant dense<0.1> : tensor<30xf32>
  %y1 = riffle.conv2d %x, %w1, %b1 : (tensor<1x6x112x112xf32>, tensor<30x6x3x3xf32>, tensor<30xf32>) -> tensor<1x30x110x110xf32> loc("conv_g1")
  %w2 = arith.constant dense<0.02> : tensor<30x3x3x3xf32>
  %b2 = arith.constant dense<0.2> : tensor<30xf32>
  %y2 = riffle.conv2d %x, %w2, %b2 {groups = 2 : i64} : (tensor<1x6x112x112xf32>, tensor<30x3x3x3xf32>, tensor<30xf32>) -> tensor<1x30x110x110xf32> loc("conv_g2")
  %w3 = arith.constant dense<0.03> : tensor<30x2x3x3xf32>
  %b3 = arith.constant dense<0.3> : tensor<30xf32>
  %y3 = riffle.conv2d %x, %w3, %b3 {groups = 3 : i64} : (tensor<1x6x112x112xf32>, tensor<30x2x3x3xf32>, tensor<30xf32>) -> tensor<1x30x110x110xf32> loc("conv_g3")
  %w6 = arith.constant dense<0.06> : tensor<30x1x3x3xf32>
  %b6 = arith.constant dense<0.6> : tensor<30xf32>
  %y6 = riffle.conv2d %x, %w6, %b6 {groups = 6 : i64} : (tensor<1x6x112x112xf32>, tensor<30x1x3x3xf32>, tensor<30xf32>) -> tensor<1x30x110x110xf32> loc("conv_g6")
  return %y1, %y2, %y3, %y6 : tensor<1x30x110x110xf32>, tensor<1x30x110x110xf32>, tensor<1x30x110x110xf32>, tensor<1x30x110x110xf32>
}
