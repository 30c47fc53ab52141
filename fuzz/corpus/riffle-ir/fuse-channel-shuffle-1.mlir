func.func @dense_consumer(%x: tensor<1x4x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]> : tensor<1x4x1x1xf32>
  %0 = riffle.channel_shuffle %x, groups = 2 : tensor<1x4x2x2xf32>
  %1 = riffle.conv2d %0, %w : (tensor<1x4x2x2xf32>, tensor<1x4x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %1 : tensor<1x1x2x2xf32>
}
