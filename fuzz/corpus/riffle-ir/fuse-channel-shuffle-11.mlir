func.func @per_channel_constant(%x: tensor<1x4x1x4xf32>) -> tensor<1x4x1x4xf32> {
  %c = arith.constant dense<[[[[0.0]], [[10.0]], [[20.0]], [[30.0]]]]> : tensor<1x4x1x1xf32>
  %0 = riffle.channel_shuffle %x, groups = 2 : tensor<1x4x1x4xf32>
  %1 = riffle.add %0, %c : tensor<1x4x1x4xf32>, tensor<1x4x1x1xf32> -> tensor<1x4x1x4xf32>
  return %1 : tensor<1x4x1x4xf32>
}
