func.func @at_function_result(%x: tensor<1x6x2x2xf32>) -> tensor<1x6x2x2xf32> {
  %0 = riffle.channel_shuffle %x, groups = 2 : tensor<1x6x2x2xf32>
  return %0 : tensor<1x6x2x2xf32>
}
