// Malformed input is a diagnostic with its location and exit code 1, never a
// crash.
// RUN: not riffle-opt %s -split-input-file 2>&1 | FileCheck %s

// CHECK: malformed.mlir:[[# @LINE + 2]]:8: error: 'riffle.conv2d' op expected 2 or more operands, but found 1
func.func @missing_weight(%x: tensor<1x8x2x2xf32>) {
  %0 = "riffle.conv2d"(%x) : (tensor<1x8x2x2xf32>) -> tensor<1x8x2x2xf32>
  return
}

// -----

// CHECK: malformed.mlir:[[# @LINE + 2]]:8: error: invalid properties {strides = 3 : i64} for op riffle.conv2d
func.func @bad_attribute_kind(%x: tensor<1x8x2x2xf32>) {
  %0 = "riffle.conv2d"(%x, %x) <{strides = 3 : i64}> : (tensor<1x8x2x2xf32>, tensor<1x8x2x2xf32>) -> tensor<1x8x2x2xf32>
  return
}

// -----

// CHECK: malformed.mlir:[[# @LINE + 2]]:8: error: custom op 'riffle.no_such_op' is unknown
func.func @unknown_op(%x: tensor<1x8x2x2xf32>) {
  %0 = riffle.no_such_op %x : tensor<1x8x2x2xf32>
  return
}

// -----

// CHECK: malformed.mlir:{{[0-9]+}}:{{[0-9]+}}: error: expected operation name in quotes
func.func @truncated(%x: tensor<1x8x2x2xf32>) {
  %0 = riffle.relu %x : tensor<1x8x2x2xf32>
