func.func @other_axes(%x: tensor<1x2x2x2xf32>) -> (tensor<1x2x4x2xf32>, tensor<1x2x2x1xf32>) {
  %0 = riffle.concat %x, %x {axis = 2 : i64} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x4x2xf32>
  %1 = riffle.slice %x[0 : 1] {axis = 3 : i64} : tensor<1x2x2x2xf32> -> tensor<1x2x2x1xf32>
  return %0, %1 : tensor<1x2x4x2xf32>, tensor<1x2x2x1xf32>
}
