func.func @conv_relu6(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = riffle.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = riffle.clip %0, min = 0.0, max = 6.0 : tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}
