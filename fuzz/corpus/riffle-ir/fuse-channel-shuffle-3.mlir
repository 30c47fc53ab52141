func.func @before_residual_add(%x: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %w = arith.constant dense<0.5> : tensor<4x2x1x1xf32>
  %0 = riffle.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  %1 = riffle.channel_shuffle %0, groups = 2 : tensor<1x4x3x3xf32>
  %2 = riffle.add %1, %x : tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32> -> tensor<1x4x3x3xf32>
  return %2 : tensor<1x4x3x3xf32>
}
