func.func @each_kind(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = riffle.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = riffle.relu %0 : tensor<1x2x4x4xf32>
  %2 = riffle.conv2d %1, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %3 = riffle.leaky_relu %2 {alpha = 0.1 : f32} : tensor<1x2x4x4xf32>
  %4 = riffle.conv2d %3, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %5 = riffle.hardswish %4 : tensor<1x2x4x4xf32>
  %6 = riffle.conv2d %5, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %7 = riffle.hardsigmoid %6 : tensor<1x2x4x4xf32>
  %8 = riffle.conv2d %7, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %9 = riffle.sigmoid %8 : tensor<1x2x4x4xf32>
  return %9 : tensor<1x2x4x4xf32>
}
