// RUN: riffle-opt %s -split-input-file -riffle-eliminate-copies -canonicalize | FileCheck %s

// A concat becomes a view of its inputs; a slice of it, a view of the part.
// CHECK-LABEL: func.func @concat_and_slice
// CHECK: %[[C:.*]] = riffle.conv2d
// CHECK: %[[V:.*]] = riffle.channel_gather %arg0, %[[C]] sources [0, 0, 1, 1] channels [0, 1, 0, 1]
// CHECK: %[[S:.*]] = riffle.channel_gather %arg0, %[[C]] sources [0, 1] channels [1, 0]
// CHECK: return %[[V]], %[[S]]
func.func @concat_and_slice(%x: tensor<1x2x2x2xf32>) -> (tensor<1x4x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %c = riffle.conv2d %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %0 = riffle.concat %x, %c : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  %1 = riffle.slice %0[1 : 3] : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  return %0, %1 : tensor<1x4x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// Split, shuffle and concat compose into one view per result; a view that
// reads all of one input in order folds away.
// CHECK-LABEL: func.func @split_shuffle_concat
// CHECK-NOT: riffle.split
// CHECK-NOT: riffle.channel_shuffle
// CHECK-NOT: riffle.concat
// CHECK: %[[V:.*]] = riffle.channel_gather %arg0 sources [0, 0, 0, 0] channels [2, 0, 3, 1]
// CHECK: return %[[V]], %arg0
func.func @split_shuffle_concat(%x: tensor<1x4x2x2xf32>) -> (tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>) {
  %a, %b = riffle.split %x [2, 2] : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
  %0 = riffle.concat %b, %a : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  %1 = riffle.channel_shuffle %0, groups = 2 : tensor<1x4x2x2xf32>
  %2 = riffle.concat %a, %b : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  return %1, %2 : tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>
}

// -----

// Data movement along other axes copies for real and stays.
// CHECK-LABEL: func.func @other_axes
// CHECK: riffle.concat {{.*}} {axis = 2 : i64}
// CHECK: riffle.slice {{.*}} {axis = 3 : i64}
func.func @other_axes(%x: tensor<1x2x2x2xf32>) -> (tensor<1x2x4x2xf32>, tensor<1x2x2x1xf32>) {
  %0 = riffle.concat %x, %x {axis = 2 : i64} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x4x2xf32>
  %1 = riffle.slice %x[0 : 1] {axis = 3 : i64} : tensor<1x2x2x2xf32> -> tensor<1x2x2x1xf32>
  return %0, %1 : tensor<1x2x4x2xf32>, tensor<1x2x2x1xf32>
}
