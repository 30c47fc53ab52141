func.func @split_shuffle_concat(%x: tensor<1x4x2x2xf32>) -> (tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>) {
  %a, %b = riffle.split %x [2, 2] : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
  %0 = riffle.concat %b, %a : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  %1 = riffle.channel_shuffle %0, groups = 2 : tensor<1x4x2x2xf32>
  %2 = riffle.concat %a, %b : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  return %1, %2 : tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>
}
