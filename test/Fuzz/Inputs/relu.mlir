// A function to hand riffle-interp's --input files (regressions.test).
func.func @relu(%x: tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32> {
  %y = riffle.relu %x : tensor<1x2x2x3xf32>
  return %y : tensor<1x2x2x3xf32>
}
