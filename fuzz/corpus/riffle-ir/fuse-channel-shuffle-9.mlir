func.func @shuffle_into_concat(%x: tensor<1x4x2x2xf32>, %y: tensor<1x2x2x2xf32>) -> tensor<1x6x2x2xf32> {
  %0 = riffle.channel_shuffle %x, groups = 2 : tensor<1x4x2x2xf32>
  %1 = riffle.concat %0, %y : (tensor<1x4x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x6x2x2xf32>
  return %1 : tensor<1x6x2x2xf32>
}
