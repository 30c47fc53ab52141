func.func @mismatched_groups(%x: tensor<1x12x2x2xf32>) -> tensor<1x12x2x2xf32> {
  %w1 = arith.constant dense<0.5> : tensor<12x6x1x1xf32>
  %w2 = arith.constant dense<0.5> : tensor<12x3x1x1xf32>
  %0 = riffle.conv2d %x, %w1 {groups = 2 : i64} : (tensor<1x12x2x2xf32>, tensor<12x6x1x1xf32>) -> tensor<1x12x2x2xf32>
  %1 = riffle.channel_shuffle %0, groups = 3 : tensor<1x12x2x2xf32>
  %2 = riffle.conv2d %1, %w2 {groups = 4 : i64} : (tensor<1x12x2x2xf32>, tensor<12x3x1x1xf32>) -> tensor<1x12x2x2xf32>
  return %2 : tensor<1x12x2x2xf32>
}
