// Functions for riffle-interp.test.

// 2 * relu(x).
func.func @main(%x: tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32> {
  %0 = riffle.relu %x : tensor<1x3x2x2xf32>
  %1 = riffle.add %0, %0 : tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32> -> tensor<1x3x2x2xf32>
  return %1 : tensor<1x3x2x2xf32>
}

// relu(x) and x + y.
func.func @two_results(%x: tensor<1x3x2x2xf32>, %y: tensor<1x3x2x2xf32>) -> (tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>) {
  %0 = riffle.relu %x : tensor<1x3x2x2xf32>
  %1 = riffle.add %x, %y : tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32> -> tensor<1x3x2x2xf32>
  return %0, %1 : tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>
}

func.func @unsupported(%x: tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32> {
  %0 = arith.addf %x, %x : tensor<1x3x2x2xf32>
  return %0 : tensor<1x3x2x2xf32>
}

func.func @elided(%x: tensor<1x3x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense_resource<__elided__> : tensor<2x3x1x1xf32>
  %0 = riffle.conv2d %x, %w : (tensor<1x3x2x2xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

func.func @missing_blob(%x: tensor<1x3x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense_resource<conv1.weight> : tensor<2x3x1x1xf32>
  %0 = riffle.conv2d %x, %w : (tensor<1x3x2x2xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

func.func private @declaration(%x: tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
