func.func @two_consumers(%x: tensor<1x4x3x3xf32>) -> (tensor<1x4x3x3xf32>, tensor<1x2x3x3xf32>) {
  %wg = arith.constant dense<0.5> : tensor<4x2x1x1xf32>
  %wd = arith.constant dense<0.25> : tensor<2x4x1x1xf32>
  %0 = riffle.channel_shuffle %x, groups = 2 : tensor<1x4x3x3xf32>
  %1 = riffle.conv2d %0, %wg {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  %2 = riffle.conv2d %0, %wd : (tensor<1x4x3x3xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %1, %2 : tensor<1x4x3x3xf32>, tensor<1x2x3x3xf32>
}
