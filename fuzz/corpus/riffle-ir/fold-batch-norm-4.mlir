func.func @conv_with_activation(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %0 = riffle.conv2d %x, %w {act = #riffle.act<relu>} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = riffle.batch_norm %0, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %1 : tensor<1x2x4x4xf32>
}
