func.func @se_gate_kept(%x: tensor<1x2x4x4xf32>, %g: tensor<1x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = riffle.hardsigmoid %g : tensor<1x2x1x1xf32>
  %1 = riffle.mul %x, %0 : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32> -> tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}
