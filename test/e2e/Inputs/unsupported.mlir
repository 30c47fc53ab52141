// An op the Halide lowering does not handle (aot-errors.test).
func.func @m(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %0 = arith.addf %x, %x : tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}
