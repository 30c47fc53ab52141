func.func @concat_and_slice(%x: tensor<1x2x2x2xf32>) -> (tensor<1x4x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %c = riffle.conv2d %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %0 = riffle.concat %x, %c : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  %1 = riffle.slice %0[1 : 3] : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  return %0, %1 : tensor<1x4x2x2xf32>, tensor<1x2x2x2xf32>
}
