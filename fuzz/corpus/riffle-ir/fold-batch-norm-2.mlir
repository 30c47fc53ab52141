func.func @fold_through_output_map(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %gamma = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %0 = riffle.conv2d %x, %w {output_channel_map = array<i64: 1, 0>} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = riffle.batch_norm %0, %gamma, %zero, %zero, %var {epsilon = 1.0 : f32} : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %1 : tensor<1x2x4x4xf32>
}
