func.func @dense_producer(%x: tensor<1x1x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>
  %0 = riffle.conv2d %x, %w {act = #riffle.act<relu>} : (tensor<1x1x2x2xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x2x2xf32>
  %1 = riffle.channel_shuffle %0, groups = 2 : tensor<1x4x2x2xf32>
  return %1 : tensor<1x4x2x2xf32>
}
