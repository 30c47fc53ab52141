func.func @gemm_and_add(%x: tensor<1x8xf32>, %w: tensor<4x8xf32>, %y: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = riffle.gemm %x, %w : (tensor<1x8xf32>, tensor<4x8xf32>) -> tensor<1x4xf32>
  %1 = riffle.relu %0 : tensor<1x4xf32>
  %2 = riffle.add %1, %y : tensor<1x4xf32>, tensor<1x4xf32> -> tensor<1x4xf32>
  %3 = riffle.relu %2 : tensor<1x4xf32>
  return %3 : tensor<1x4xf32>
}
