func.func @shufflenet_v1_unit(%x: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %w1 = arith.constant dense<0.5> : tensor<4x2x1x1xf32>
  %wd = arith.constant dense<0.25> : tensor<4x1x3x3xf32>
  %w2 = arith.constant dense<1.5> : tensor<4x2x1x1xf32>
  %0 = riffle.conv2d %x, %w1 {groups = 2 : i64, act = #riffle.act<relu>} : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  %1 = riffle.channel_shuffle %0, groups = 2 : tensor<1x4x3x3xf32>
  %2 = riffle.conv2d %1, %wd {groups = 4 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x3x3xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x3x3xf32>
  %3 = riffle.conv2d %2, %w2 {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  return %3 : tensor<1x4x3x3xf32>
}
