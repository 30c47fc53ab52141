// riffle.channel_gather: output[:, c] = inputs[sources[c]][:, channels[c]].
// RUN: riffle-interp %s --print | FileCheck %s

// x holds channels 0, 1 (values 0 and 1), y channels 10, 11, 12.
// CHECK:      result #0: [1, 4, 1, 2]
// CHECK-NEXT: 12 12
// CHECK-NEXT: 0 0
// CHECK-NEXT: 10 10
// CHECK-NEXT: 1 1
func.func @channel_gather() -> tensor<1x4x1x2xf32> {
  %x = arith.constant dense<[[[[0.0, 0.0]], [[1.0, 1.0]]]]> : tensor<1x2x1x2xf32>
  %y = arith.constant dense<[[[[10.0, 10.0]], [[11.0, 11.0]], [[12.0, 12.0]]]]> : tensor<1x3x1x2xf32>
  %0 = riffle.channel_gather %x, %y sources [1, 0, 1, 0] channels [2, 0, 0, 1] : (tensor<1x2x1x2xf32>, tensor<1x3x1x2xf32>) -> tensor<1x4x1x2xf32>
  return %0 : tensor<1x4x1x2xf32>
}
