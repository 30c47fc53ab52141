func.func @fold_with_bias(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[4.0, 1.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %0 = riffle.conv2d %x, %w, %b : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %1 = riffle.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %1 : tensor<1x2x4x4xf32>
}
