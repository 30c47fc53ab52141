func.func @inverse_shuffles(%x: tensor<1x6x2x2xf32>) -> tensor<1x6x2x2xf32> {
  %0 = riffle.channel_shuffle %x, groups = 2 : tensor<1x6x2x2xf32>
  %1 = riffle.channel_shuffle %0, groups = 3 : tensor<1x6x2x2xf32>
  return %1 : tensor<1x6x2x2xf32>
}
