// Folders of the riffle dialect.
// RUN: riffle-opt %s -split-input-file -canonicalize | FileCheck %s

// A shuffle with one group is the identity.
// CHECK-LABEL: func.func @shuffle_one_group
// CHECK-SAME: (%[[X:.*]]: tensor<1x12x2x2xf32>)
// CHECK-NEXT: return %[[X]]
func.func @shuffle_one_group(%x: tensor<1x12x2x2xf32>) -> tensor<1x12x2x2xf32> {
  %0 = riffle.channel_shuffle %x, groups = 1 : tensor<1x12x2x2xf32>
  return %0 : tensor<1x12x2x2xf32>
}

// -----

// So is one with one channel per group.
// CHECK-LABEL: func.func @shuffle_one_channel_per_group
// CHECK-SAME: (%[[X:.*]]: tensor<1x12x2x2xf32>)
// CHECK-NEXT: return %[[X]]
func.func @shuffle_one_channel_per_group(%x: tensor<1x12x2x2xf32>) -> tensor<1x12x2x2xf32> {
  %0 = riffle.channel_shuffle %x, groups = 12 : tensor<1x12x2x2xf32>
  return %0 : tensor<1x12x2x2xf32>
}

// -----

// shuffle(3) after shuffle(4) on 12 channels is the identity; shuffle(2)
// after shuffle(3) is not.
// CHECK-LABEL: func.func @inverse_shuffles
// CHECK-SAME: (%[[X:.*]]: tensor<1x12x2x2xf32>)
// CHECK-NEXT: %[[A:.*]] = riffle.channel_shuffle %[[X]], groups = 3
// CHECK-NEXT: %[[B:.*]] = riffle.channel_shuffle %[[A]], groups = 2
// CHECK-NEXT: return %[[X]], %[[B]]
func.func @inverse_shuffles(%x: tensor<1x12x2x2xf32>) -> (tensor<1x12x2x2xf32>, tensor<1x12x2x2xf32>) {
  %0 = riffle.channel_shuffle %x, groups = 4 : tensor<1x12x2x2xf32>
  %1 = riffle.channel_shuffle %0, groups = 3 : tensor<1x12x2x2xf32>
  %2 = riffle.channel_shuffle %x, groups = 3 : tensor<1x12x2x2xf32>
  %3 = riffle.channel_shuffle %2, groups = 2 : tensor<1x12x2x2xf32>
  return %1, %3 : tensor<1x12x2x2xf32>, tensor<1x12x2x2xf32>
}

// -----

// A real shuffle stays.
// CHECK-LABEL: func.func @shuffle_kept
// CHECK: riffle.channel_shuffle %{{.*}}, groups = 3
func.func @shuffle_kept(%x: tensor<1x12x2x2xf32>) -> tensor<1x12x2x2xf32> {
  %0 = riffle.channel_shuffle %x, groups = 3 : tensor<1x12x2x2xf32>
  return %0 : tensor<1x12x2x2xf32>
}

// -----

// A reshape to its own type folds away; a chain of reshapes becomes one.
// CHECK-LABEL: func.func @reshape_chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x6xf32>)
// CHECK-NEXT: %[[R:.*]] = riffle.reshape %[[X]] : tensor<2x6xf32> -> tensor<12xf32>
// CHECK-NEXT: return %[[X]], %[[R]]
func.func @reshape_chain(%x: tensor<2x6xf32>) -> (tensor<2x6xf32>, tensor<12xf32>) {
  %0 = riffle.reshape %x : tensor<2x6xf32> -> tensor<2x6xf32>
  %1 = riffle.reshape %0 : tensor<2x6xf32> -> tensor<3x4xf32>
  %2 = riffle.reshape %1 : tensor<3x4xf32> -> tensor<12xf32>
  return %0, %2 : tensor<2x6xf32>, tensor<12xf32>
}

// -----

// A view of all of one input, in order, is that input; any other view stays.
// CHECK-LABEL: func.func @gather_identity
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x2x2xf32>)
// CHECK-NEXT: %[[V:.*]] = riffle.channel_gather %[[X]] sources [0, 0, 0] channels [0, 2, 1]
// CHECK-NEXT: return %[[X]], %[[V]]
func.func @gather_identity(%x: tensor<1x3x2x2xf32>) -> (tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>) {
  %0 = riffle.channel_gather %x sources [0, 0, 0] channels [0, 1, 2] : (tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  %1 = riffle.channel_gather %x sources [0, 0, 0] channels [0, 2, 1] : (tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  return %0, %1 : tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>
}
