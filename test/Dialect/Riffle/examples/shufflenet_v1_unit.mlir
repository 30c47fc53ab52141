// One ShuffleNet V1 unit (stride 1, 3 groups, 240 channels at 28x28), written
// by hand: group 1x1 conv, BN, ReLU, channel shuffle, depthwise 3x3, BN,
// group 1x1 conv, BN, residual add, ReLU.
// RUN: riffle-opt %s | riffle-opt | FileCheck %s

// CHECK-LABEL: func.func @shufflenet_v1_unit
// CHECK-SAME: (%[[X:.*]]: tensor<1x240x28x28xf32>) -> tensor<1x240x28x28xf32>
// CHECK: %[[G1:.*]] = riffle.conv2d %[[X]], %{{.*}} {groups = 3 : i64}
// CHECK: %[[BN1:.*]] = riffle.batch_norm %[[G1]]
// CHECK: %[[R1:.*]] = riffle.relu %[[BN1]]
// CHECK: %[[SH:.*]] = riffle.channel_shuffle %[[R1]], groups = 3 : tensor<1x60x28x28xf32>
// CHECK: %[[DW:.*]] = riffle.conv2d %[[SH]], %{{.*}} {groups = 60 : i64, pads = array<i64: 1, 1, 1, 1>}
// CHECK: %[[BN2:.*]] = riffle.batch_norm %[[DW]]
// CHECK: %[[G2:.*]] = riffle.conv2d %[[BN2]], %{{.*}} {groups = 3 : i64}
// CHECK: %[[BN3:.*]] = riffle.batch_norm %[[G2]]
// CHECK: %[[SUM:.*]] = riffle.add %[[X]], %[[BN3]]
// CHECK: %[[OUT:.*]] = riffle.relu %[[SUM]]
// CHECK: return %[[OUT]]
func.func @shufflenet_v1_unit(%x: tensor<1x240x28x28xf32>) -> tensor<1x240x28x28xf32> {
  %w1 = arith.constant dense<0.02> : tensor<60x80x1x1xf32>
  %s1 = arith.constant dense<1.1> : tensor<60xf32>
  %b1 = arith.constant dense<0.1> : tensor<60xf32>
  %m1 = arith.constant dense<0.05> : tensor<60xf32>
  %v1 = arith.constant dense<0.9> : tensor<60xf32>
  %g1 = riffle.conv2d %x, %w1 {groups = 3 : i64} : (tensor<1x240x28x28xf32>, tensor<60x80x1x1xf32>) -> tensor<1x60x28x28xf32>
  %bn1 = riffle.batch_norm %g1, %s1, %b1, %m1, %v1 : tensor<1x60x28x28xf32>, tensor<60xf32>
  %r1 = riffle.relu %bn1 : tensor<1x60x28x28xf32>
  %sh = riffle.channel_shuffle %r1, groups = 3 : tensor<1x60x28x28xf32>

  %wd = arith.constant dense<0.1> : tensor<60x1x3x3xf32>
  %s2 = arith.constant dense<0.8> : tensor<60xf32>
  %b2 = arith.constant dense<-0.1> : tensor<60xf32>
  %m2 = arith.constant dense<0.02> : tensor<60xf32>
  %v2 = arith.constant dense<1.2> : tensor<60xf32>
  %dw = riffle.conv2d %sh, %wd {pads = array<i64: 1, 1, 1, 1>, groups = 60 : i64} : (tensor<1x60x28x28xf32>, tensor<60x1x3x3xf32>) -> tensor<1x60x28x28xf32>
  %bn2 = riffle.batch_norm %dw, %s2, %b2, %m2, %v2 : tensor<1x60x28x28xf32>, tensor<60xf32>

  %w3 = arith.constant dense<0.05> : tensor<240x20x1x1xf32>
  %s3 = arith.constant dense<0.9> : tensor<240xf32>
  %b3 = arith.constant dense<0.0> : tensor<240xf32>
  %m3 = arith.constant dense<0.1> : tensor<240xf32>
  %v3 = arith.constant dense<1.5> : tensor<240xf32>
  %g2 = riffle.conv2d %bn2, %w3 {groups = 3 : i64} : (tensor<1x60x28x28xf32>, tensor<240x20x1x1xf32>) -> tensor<1x240x28x28xf32>
  %bn3 = riffle.batch_norm %g2, %s3, %b3, %m3, %v3 : tensor<1x240x28x28xf32>, tensor<240xf32>

  %sum = riffle.add %x, %bn3 : tensor<1x240x28x28xf32>, tensor<1x240x28x28xf32> -> tensor<1x240x28x28xf32>
  %out = riffle.relu %sum : tensor<1x240x28x28xf32>
  return %out : tensor<1x240x28x28xf32>
}
