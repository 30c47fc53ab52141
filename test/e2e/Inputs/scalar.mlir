func.func @s(%x: tensor<f32>) -> tensor<f32> {
  %y = riffle.relu %x : tensor<f32>
  return %y : tensor<f32>
}
