// One MobileNet V2 inverted residual (24 -> 144 -> 24 at 56x56, stride 1),
// written by hand: 1x1 expansion, BN, ReLU6, depthwise 3x3, BN, ReLU6,
// 1x1 projection, BN, residual add.
// RUN: riffle-opt %s | riffle-opt | FileCheck %s

// CHECK-LABEL: func.func @mobilenet_v2_block
// CHECK-SAME: (%[[X:.*]]: tensor<1x24x56x56xf32>) -> tensor<1x24x56x56xf32>
// CHECK: %[[E:.*]] = riffle.conv2d %[[X]], %{{.*}} : (tensor<1x24x56x56xf32>, tensor<144x24x1x1xf32>) -> tensor<1x144x56x56xf32>
// CHECK: %[[BN1:.*]] = riffle.batch_norm %[[E]]
// CHECK: %[[A1:.*]] = riffle.clip %[[BN1]], min = 0.000000e+00, max = 6.000000e+00
// CHECK: %[[DW:.*]] = riffle.conv2d %[[A1]], %{{.*}} {groups = 144 : i64, pads = array<i64: 1, 1, 1, 1>}
// CHECK: %[[BN2:.*]] = riffle.batch_norm %[[DW]]
// CHECK: %[[A2:.*]] = riffle.clip %[[BN2]], min = 0.000000e+00, max = 6.000000e+00
// CHECK: %[[P:.*]] = riffle.conv2d %[[A2]], %{{.*}} : (tensor<1x144x56x56xf32>, tensor<24x144x1x1xf32>) -> tensor<1x24x56x56xf32>
// CHECK: %[[BN3:.*]] = riffle.batch_norm %[[P]]
// CHECK: %[[SUM:.*]] = riffle.add %[[X]], %[[BN3]]
// CHECK: return %[[SUM]]
func.func @mobilenet_v2_block(%x: tensor<1x24x56x56xf32>) -> tensor<1x24x56x56xf32> {
  %we = arith.constant dense<0.03> : tensor<144x24x1x1xf32>
  %s1 = arith.constant dense<1.0> : tensor<144xf32>
  %b1 = arith.constant dense<0.1> : tensor<144xf32>
  %m1 = arith.constant dense<0.0> : tensor<144xf32>
  %v1 = arith.constant dense<1.0> : tensor<144xf32>
  %e = riffle.conv2d %x, %we : (tensor<1x24x56x56xf32>, tensor<144x24x1x1xf32>) -> tensor<1x144x56x56xf32>
  %bn1 = riffle.batch_norm %e, %s1, %b1, %m1, %v1 : tensor<1x144x56x56xf32>, tensor<144xf32>
  %a1 = riffle.clip %bn1, min = 0.0, max = 6.0 : tensor<1x144x56x56xf32>

  %wd = arith.constant dense<0.1> : tensor<144x1x3x3xf32>
  %s2 = arith.constant dense<0.9> : tensor<144xf32>
  %b2 = arith.constant dense<0.05> : tensor<144xf32>
  %m2 = arith.constant dense<0.1> : tensor<144xf32>
  %v2 = arith.constant dense<0.8> : tensor<144xf32>
  %dw = riffle.conv2d %a1, %wd {pads = array<i64: 1, 1, 1, 1>, groups = 144 : i64} : (tensor<1x144x56x56xf32>, tensor<144x1x3x3xf32>) -> tensor<1x144x56x56xf32>
  %bn2 = riffle.batch_norm %dw, %s2, %b2, %m2, %v2 : tensor<1x144x56x56xf32>, tensor<144xf32>
  %a2 = riffle.clip %bn2, min = 0.0, max = 6.0 : tensor<1x144x56x56xf32>

  %wp = arith.constant dense<0.02> : tensor<24x144x1x1xf32>
  %s3 = arith.constant dense<1.2> : tensor<24xf32>
  %b3 = arith.constant dense<0.0> : tensor<24xf32>
  %m3 = arith.constant dense<0.05> : tensor<24xf32>
  %v3 = arith.constant dense<1.1> : tensor<24xf32>
  %p = riffle.conv2d %a2, %wp : (tensor<1x144x56x56xf32>, tensor<24x144x1x1xf32>) -> tensor<1x24x56x56xf32>
  %bn3 = riffle.batch_norm %p, %s3, %b3, %m3, %v3 : tensor<1x24x56x56xf32>, tensor<24xf32>

  %sum = riffle.add %x, %bn3 : tensor<1x24x56x56xf32>, tensor<1x24x56x56xf32> -> tensor<1x24x56x56xf32>
  return %sum : tensor<1x24x56x56xf32>
}
