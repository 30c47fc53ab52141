// RUN: riffle-opt %s -split-input-file -riffle-fuse-channel-shuffle -canonicalize | FileCheck %s

// A dense producer computes the shuffled channels itself: its filters are
// permuted. shuffle(2) on 4 channels reads channels [0, 2, 1, 3].
// CHECK-LABEL: func.func @dense_producer
// CHECK: %[[W:.*]] = arith.constant dense<{{\[}}[{{\[}}[1.000000e+00]]], {{\[}}[{{\[}}3.000000e+00]]], {{\[}}[{{\[}}2.000000e+00]]], {{\[}}[{{\[}}4.000000e+00]]]]>
// CHECK: %[[C:.*]] = riffle.conv2d %arg0, %[[W]] {act = #riffle.act<relu>}
// CHECK-NOT: channel_
// CHECK: return %[[C]]
func.func @dense_producer(%x: tensor<1x1x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>
  %0 = riffle.conv2d %x, %w {act = #riffle.act<relu>} : (tensor<1x1x2x2xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x2x2xf32>
  %1 = riffle.channel_shuffle %0, groups = 2 : tensor<1x4x2x2xf32>
  return %1 : tensor<1x4x2x2xf32>
}

// -----

// A dense consumer takes the permutation into its weight columns.
// CHECK-LABEL: func.func @dense_consumer
// CHECK: %[[W:.*]] = arith.constant dense<{{\[}}[{{\[}}[1.000000e+00]], {{\[}}[3.000000e+00]], {{\[}}[2.000000e+00]], {{\[}}[4.000000e+00]]]]>
// CHECK: riffle.conv2d %arg0, %[[W]] :
// CHECK-NOT: channel_
func.func @dense_consumer(%x: tensor<1x4x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]> : tensor<1x4x1x1xf32>
  %0 = riffle.channel_shuffle %x, groups = 2 : tensor<1x4x2x2xf32>
  %1 = riffle.conv2d %0, %w : (tensor<1x4x2x2xf32>, tensor<1x4x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %1 : tensor<1x1x2x2xf32>
}

// -----

// ShuffleNet V1: group conv, shuffle, depthwise conv, group conv. The
// permutation moves through the depthwise conv (its filters permuted) and
// becomes the last conv's input channel map.
// CHECK-LABEL: func.func @shufflenet_v1_unit
// CHECK: %[[G1:.*]] = riffle.conv2d %arg0, %{{.*}} {act = #riffle.act<relu>, groups = 2 : i64}
// CHECK: %[[DW:.*]] = riffle.conv2d %[[G1]], %{{.*}} {groups = 4 : i64, pads = array<i64: 1, 1, 1, 1>}
// CHECK: riffle.conv2d %[[DW]], %{{.*}} {groups = 2 : i64, input_channel_map = array<i64: 0, 2, 1, 3>}
// CHECK-NOT: channel_
func.func @shufflenet_v1_unit(%x: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %w1 = arith.constant dense<0.5> : tensor<4x2x1x1xf32>
  %wd = arith.constant dense<0.25> : tensor<4x1x3x3xf32>
  %w2 = arith.constant dense<1.5> : tensor<4x2x1x1xf32>
  %0 = riffle.conv2d %x, %w1 {groups = 2 : i64, act = #riffle.act<relu>} : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  %1 = riffle.channel_shuffle %0, groups = 2 : tensor<1x4x3x3xf32>
  %2 = riffle.conv2d %1, %wd {groups = 4 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x3x3xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x3x3xf32>
  %3 = riffle.conv2d %2, %w2 {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  return %3 : tensor<1x4x3x3xf32>
}

// -----

// Standalone activation ops (any op with ActivationOpInterface) are
// channel-wise: the permutation moves through them, parameters kept.
// CHECK-LABEL: func.func @through_activation_ops
// CHECK: %[[G1:.*]] = riffle.conv2d %arg0, %{{.*}} {groups = 2 : i64} :
// CHECK: %[[HS:.*]] = riffle.hardsigmoid %[[G1]] {alpha = 2.500000e-01 : f32}
// CHECK: %[[LR:.*]] = riffle.leaky_relu %[[HS]] {alpha = 1.250000e-01 : f32}
// CHECK: %[[DW:.*]] = riffle.conv2d %[[LR]], %{{.*}} {groups = 4 : i64, pads = array<i64: 1, 1, 1, 1>}
// CHECK: riffle.conv2d %[[DW]], %{{.*}} {groups = 2 : i64, input_channel_map = array<i64: 0, 2, 1, 3>}
// CHECK-NOT: channel_
func.func @through_activation_ops(%x: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %w1 = arith.constant dense<0.5> : tensor<4x2x1x1xf32>
  %wd = arith.constant dense<0.25> : tensor<4x1x3x3xf32>
  %w2 = arith.constant dense<1.5> : tensor<4x2x1x1xf32>
  %0 = riffle.conv2d %x, %w1 {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  %1 = riffle.channel_shuffle %0, groups = 2 : tensor<1x4x3x3xf32>
  %2 = riffle.hardsigmoid %1 {alpha = 0.25 : f32} : tensor<1x4x3x3xf32>
  %3 = riffle.leaky_relu %2 {alpha = 0.125 : f32} : tensor<1x4x3x3xf32>
  %4 = riffle.conv2d %3, %wd {groups = 4 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x3x3xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x3x3xf32>
  %5 = riffle.conv2d %4, %w2 {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  return %5 : tensor<1x4x3x3xf32>
}

// -----

// Next to a residual add the group conv producer writes the permuted
// channels (output map); the add is untouched.
// CHECK-LABEL: func.func @before_residual_add
// CHECK: %[[G:.*]] = riffle.conv2d %arg0, %{{.*}} {groups = 2 : i64, output_channel_map = array<i64: 0, 2, 1, 3>}
// CHECK: riffle.add %[[G]], %arg0
// CHECK-NOT: channel_
func.func @before_residual_add(%x: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %w = arith.constant dense<0.5> : tensor<4x2x1x1xf32>
  %0 = riffle.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  %1 = riffle.channel_shuffle %0, groups = 2 : tensor<1x4x3x3xf32>
  %2 = riffle.add %1, %x : tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32> -> tensor<1x4x3x3xf32>
  return %2 : tensor<1x4x3x3xf32>
}

// -----

// Two consumers absorb it each their own way; the producer (an argument)
// is untouched.
// CHECK-LABEL: func.func @two_consumers
// CHECK-DAG: riffle.conv2d %arg0, %{{.*}} {groups = 2 : i64, input_channel_map = array<i64: 0, 2, 1, 3>}
// CHECK-DAG: riffle.conv2d %arg0, %{{.*}} : (tensor<1x4x3x3xf32>, tensor<2x4x1x1xf32>)
// CHECK-NOT: channel_
func.func @two_consumers(%x: tensor<1x4x3x3xf32>) -> (tensor<1x4x3x3xf32>, tensor<1x2x3x3xf32>) {
  %wg = arith.constant dense<0.5> : tensor<4x2x1x1xf32>
  %wd = arith.constant dense<0.25> : tensor<2x4x1x1xf32>
  %0 = riffle.channel_shuffle %x, groups = 2 : tensor<1x4x3x3xf32>
  %1 = riffle.conv2d %0, %wg {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  %2 = riffle.conv2d %0, %wd : (tensor<1x4x3x3xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %1, %2 : tensor<1x4x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// At the function's result nothing can absorb it: it stays a view.
// CHECK-LABEL: func.func @at_function_result
// CHECK: %[[V:.*]] = riffle.channel_gather %arg0 sources [0, 0, 0, 0, 0, 0] channels [0, 3, 1, 4, 2, 5]
// CHECK: return %[[V]]
func.func @at_function_result(%x: tensor<1x6x2x2xf32>) -> tensor<1x6x2x2xf32> {
  %0 = riffle.channel_shuffle %x, groups = 2 : tensor<1x6x2x2xf32>
  return %0 : tensor<1x6x2x2xf32>
}

// -----

// shuffle(2) then shuffle(3) on 6 channels is the identity.
// CHECK-LABEL: func.func @inverse_shuffles
// CHECK-NEXT: return %arg0
func.func @inverse_shuffles(%x: tensor<1x6x2x2xf32>) -> tensor<1x6x2x2xf32> {
  %0 = riffle.channel_shuffle %x, groups = 2 : tensor<1x6x2x2xf32>
  %1 = riffle.channel_shuffle %0, groups = 3 : tensor<1x6x2x2xf32>
  return %1 : tensor<1x6x2x2xf32>
}

// -----

// Groups that do not match the neighbours' (conv groups 2, shuffle 3, conv
// groups 4): the maps compose exactly.
// CHECK-LABEL: func.func @mismatched_groups
// CHECK: riffle.conv2d %{{.*}} {groups = 4 : i64, input_channel_map = array<i64: 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11>}
// CHECK-NOT: channel_
func.func @mismatched_groups(%x: tensor<1x12x2x2xf32>) -> tensor<1x12x2x2xf32> {
  %w1 = arith.constant dense<0.5> : tensor<12x6x1x1xf32>
  %w2 = arith.constant dense<0.5> : tensor<12x3x1x1xf32>
  %0 = riffle.conv2d %x, %w1 {groups = 2 : i64} : (tensor<1x12x2x2xf32>, tensor<12x6x1x1xf32>) -> tensor<1x12x2x2xf32>
  %1 = riffle.channel_shuffle %0, groups = 3 : tensor<1x12x2x2xf32>
  %2 = riffle.conv2d %1, %w2 {groups = 4 : i64} : (tensor<1x12x2x2xf32>, tensor<12x3x1x1xf32>) -> tensor<1x12x2x2xf32>
  return %2 : tensor<1x12x2x2xf32>
}

// -----

// ShuffleNet V2: split, branch, concat, shuffle, split. The shuffled
// channels are [a0, br0, a1, br1]; both halves become views of the unit's
// input and the branch output, read by the next conv without a copy.
// CHECK-LABEL: func.func @shufflenet_v2_unit
// CHECK-DAG: %[[B:.*]] = riffle.conv2d %{{.*}}, %{{.*}} {act = #riffle.act<relu>}
// CHECK-DAG: %[[HALF:.*]] = riffle.channel_gather %arg0, %[[B]] sources [0, 1] channels [0, 0]
// CHECK-DAG: %[[NEXT:.*]] = riffle.channel_gather %arg0, %[[B]] sources [0, 1] channels [1, 1]
// CHECK-DAG: riffle.conv2d %[[NEXT]], %{{.*}} :
// CHECK-NOT: channel_shuffle
func.func @shufflenet_v2_unit(%x: tensor<1x4x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %w2 = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %a, %b = riffle.split %x [2, 2] : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
  %br = riffle.conv2d %b, %w {act = #riffle.act<relu>} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %c = riffle.concat %a, %br : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  %s = riffle.channel_shuffle %c, groups = 2 : tensor<1x4x2x2xf32>
  %x1 = riffle.slice %s[0 : 2] : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  %x2 = riffle.slice %s[2 : 4] : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  %y = riffle.conv2d %x2, %w2 : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %x1, %y : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// A shuffle feeding a concat whose other operand is in channel order: the
// concat becomes one view reading both in their own orders.
// CHECK-LABEL: func.func @shuffle_into_concat
// CHECK: %[[V:.*]] = riffle.channel_gather %arg0, %arg1 sources [0, 0, 0, 0, 1, 1] channels [0, 2, 1, 3, 0, 1]
// CHECK: return %[[V]]
func.func @shuffle_into_concat(%x: tensor<1x4x2x2xf32>, %y: tensor<1x2x2x2xf32>) -> tensor<1x6x2x2xf32> {
  %0 = riffle.channel_shuffle %x, groups = 2 : tensor<1x4x2x2xf32>
  %1 = riffle.concat %0, %y : (tensor<1x4x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x6x2x2xf32>
  return %1 : tensor<1x6x2x2xf32>
}

// -----

// A rank-1 constant broadcasts along W, not along the channels: the
// permutation cannot move through this add (W == C == 4 here).
// CHECK-LABEL: func.func @rank1_constant_is_not_per_channel
// CHECK: %[[V:.*]] = riffle.channel_gather %arg0
// CHECK: riffle.add %[[V]], %{{.*}} : tensor<1x4x1x4xf32>, tensor<4xf32>
func.func @rank1_constant_is_not_per_channel(%x: tensor<1x4x1x4xf32>) -> tensor<1x4x1x4xf32> {
  %c = arith.constant dense<[0.0, 10.0, 20.0, 30.0]> : tensor<4xf32>
  %0 = riffle.channel_shuffle %x, groups = 2 : tensor<1x4x1x4xf32>
  %1 = riffle.add %0, %c : tensor<1x4x1x4xf32>, tensor<4xf32> -> tensor<1x4x1x4xf32>
  return %1 : tensor<1x4x1x4xf32>
}

// -----

// A [1, C, 1, 1] constant is per channel: it is permuted and the view moves on.
// CHECK-LABEL: func.func @per_channel_constant
// CHECK: %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}2.000000e+01]], {{\[\[}}1.000000e+01]], {{\[\[}}3.000000e+01]]]]>
// CHECK: %[[A:.*]] = riffle.add %arg0, %[[C]]
// CHECK: riffle.channel_gather %[[A]] sources [0, 0, 0, 0] channels [0, 2, 1, 3]
func.func @per_channel_constant(%x: tensor<1x4x1x4xf32>) -> tensor<1x4x1x4xf32> {
  %c = arith.constant dense<[[[[0.0]], [[10.0]], [[20.0]], [[30.0]]]]> : tensor<1x4x1x1xf32>
  %0 = riffle.channel_shuffle %x, groups = 2 : tensor<1x4x1x4xf32>
  %1 = riffle.add %0, %c : tensor<1x4x1x4xf32>, tensor<1x4x1x1xf32> -> tensor<1x4x1x4xf32>
  return %1 : tensor<1x4x1x4xf32>
}

// -----

// A shuffle spelled with strided slices and a concat (x[:, 0::2],
// x[:, 1::2]) is a permutation too: the dense consumer absorbs it.
// CHECK-LABEL: func.func @strided_slices_shuffle
// CHECK-NOT: riffle.slice
// CHECK-NOT: riffle.concat
// CHECK-NOT: channel_gather
// CHECK: riffle.conv2d %arg0, %{{.*}} :
func.func @strided_slices_shuffle(%x: tensor<1x4x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]> : tensor<1x4x1x1xf32>
  %a = riffle.slice %x[0 : 4] {step = 2 : i64} : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  %b = riffle.slice %x[1 : 4] {step = 2 : i64} : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  %c = riffle.concat %a, %b : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  %y = riffle.conv2d %c, %w : (tensor<1x4x2x2xf32>, tensor<1x4x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// No shuffle: concat and slice are left to riffle-eliminate-copies.
// CHECK-LABEL: func.func @no_shuffle
// CHECK: riffle.concat
// CHECK: riffle.slice
func.func @no_shuffle(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %0 = riffle.concat %x, %x : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  %1 = riffle.slice %0[1 : 3] : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}
