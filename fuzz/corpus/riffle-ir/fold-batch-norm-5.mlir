func.func @dynamic_parameters(%x: tensor<1x2x4x4xf32>, %p: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %0 = riffle.batch_norm %x, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %0 : tensor<1x2x4x4xf32>
}
