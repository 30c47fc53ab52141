func.func @strided_slices_shuffle(%x: tensor<1x4x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]> : tensor<1x4x1x1xf32>
  %a = riffle.slice %x[0 : 4] {step = 2 : i64} : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  %b = riffle.slice %x[1 : 4] {step = 2 : i64} : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  %c = riffle.concat %a, %b : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  %y = riffle.conv2d %c, %w : (tensor<1x4x2x2xf32>, tensor<1x4x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}
