func.func @no_shuffle(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %0 = riffle.concat %x, %x : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  %1 = riffle.slice %0[1 : 3] : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}
