func.func @shufflenet_v2_unit(%x: tensor<1x4x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %w2 = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %a, %b = riffle.split %x [2, 2] : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
  %br = riffle.conv2d %b, %w {act = #riffle.act<relu>} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %c = riffle.concat %a, %br : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  %s = riffle.channel_shuffle %c, groups = 2 : tensor<1x4x2x2xf32>
  %x1 = riffle.slice %s[0 : 2] : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  %x2 = riffle.slice %s[2 : 4] : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  %y = riffle.conv2d %x2, %w2 : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %x1, %y : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}
