// channel_shuffle, concat (channels and width), slice with steps, split,
// channel_gather views over several inputs (read through by convs and
// returned), flatten and reshape: riffle-halide-run against riffle-interp.
// RUN: riffle-interp %s --function identity --output %t.identity.0.npy
// RUN: riffle-halide-run %s --function identity --compare %t.identity.0.npy | FileCheck %s --check-prefix=IDENTITY
// RUN: riffle-interp %s --function shuffle_concat_slice_split --output %t.shuffle_concat_slice_split.0.npy --output %t.shuffle_concat_slice_split.1.npy --output %t.shuffle_concat_slice_split.2.npy --output %t.shuffle_concat_slice_split.3.npy
// RUN: riffle-halide-run %s --function shuffle_concat_slice_split --compare %t.shuffle_concat_slice_split.0.npy --compare %t.shuffle_concat_slice_split.1.npy --compare %t.shuffle_concat_slice_split.2.npy --compare %t.shuffle_concat_slice_split.3.npy | FileCheck %s --check-prefix=SHUFFLE_CONCAT_SLICE_SPLIT
// RUN: riffle-interp %s --function gather_views --output %t.gather_views.0.npy --output %t.gather_views.1.npy --output %t.gather_views.2.npy
// RUN: riffle-halide-run %s --function gather_views --compare %t.gather_views.0.npy --compare %t.gather_views.1.npy --compare %t.gather_views.2.npy | FileCheck %s --check-prefix=GATHER_VIEWS
// RUN: riffle-interp %s --function flatten_reshape --output %t.flatten_reshape.0.npy --output %t.flatten_reshape.1.npy --output %t.flatten_reshape.2.npy
// RUN: riffle-halide-run %s --function flatten_reshape --compare %t.flatten_reshape.0.npy --compare %t.flatten_reshape.1.npy --compare %t.flatten_reshape.2.npy | FileCheck %s --check-prefix=FLATTEN_RESHAPE

// IDENTITY: max_abs_diff=
// Both tools draw the same random input: returning it proves it.
func.func @identity(%x: tensor<2x3x5x7xf32>) -> tensor<2x3x5x7xf32> {
  return %x : tensor<2x3x5x7xf32>
}

// SHUFFLE_CONCAT_SLICE_SPLIT: max_abs_diff=
// SHUFFLE_CONCAT_SLICE_SPLIT-NEXT: max_abs_diff=
// SHUFFLE_CONCAT_SLICE_SPLIT-NEXT: max_abs_diff=
// SHUFFLE_CONCAT_SLICE_SPLIT-NEXT: max_abs_diff=
func.func @shuffle_concat_slice_split(%x: tensor<2x6x5x7xf32>, %y: tensor<2x3x5x7xf32>) -> (tensor<2x9x5x7xf32>, tensor<2x3x5x7xf32>, tensor<2x6x5x2xf32>, tensor<2x9x5x14xf32>) {
  %0 = riffle.channel_shuffle %x, groups = 3 : tensor<2x6x5x7xf32>
  %1 = riffle.concat %0, %y : (tensor<2x6x5x7xf32>, tensor<2x3x5x7xf32>) -> tensor<2x9x5x7xf32>
  %2 = riffle.slice %1[1 : 9] {step = 3 : i64} : tensor<2x9x5x7xf32> -> tensor<2x3x5x7xf32>
  %3:2 = riffle.split %x [2, 4] : tensor<2x6x5x7xf32> -> tensor<2x2x5x7xf32>, tensor<2x4x5x7xf32>
  %4 = riffle.concat %3#1, %3#0 : (tensor<2x4x5x7xf32>, tensor<2x2x5x7xf32>) -> tensor<2x6x5x7xf32>
  %5 = riffle.slice %4[2 : 7] {axis = 3 : i64, step = 4 : i64} : tensor<2x6x5x7xf32> -> tensor<2x6x5x2xf32>
  %6 = riffle.concat %1, %1 {axis = 3 : i64} : (tensor<2x9x5x7xf32>, tensor<2x9x5x7xf32>) -> tensor<2x9x5x14xf32>
  return %1, %2, %5, %6 : tensor<2x9x5x7xf32>, tensor<2x3x5x7xf32>, tensor<2x6x5x2xf32>, tensor<2x9x5x14xf32>
}

// GATHER_VIEWS: max_abs_diff=
// GATHER_VIEWS-NEXT: max_abs_diff=
// GATHER_VIEWS-NEXT: max_abs_diff=
// channel_gather over three inputs, read through by a padded conv and a
// 1x1 conv with an input channel map, and returned as a result.
func.func @gather_views(%a: tensor<2x3x5x9xf32>, %b: tensor<2x5x5x9xf32>, %c: tensor<2x4x5x9xf32>) -> (tensor<2x8x5x9xf32>, tensor<2x4x5x9xf32>, tensor<2x3x5x9xf32>) {
  %w = arith.constant dense<[[[[0.0769, 0.0167, 0.0709], [-0.3895, -0.3909, 0.4789], [0.2028, 0.1146, 0.0607]], [[-0.2652, -0.3433, 0.0842], [-0.4899, -0.4723, -0.1568], [0.0857, 0.4297, -0.0474]], [[-0.1943, 0.4547, -0.2026], [-0.0188, -0.0225, -0.456], [-0.3941, -0.4918, 0.294]], [[-0.1203, 0.1808, -0.0538], [-0.0046, 0.364, -0.1056], [-0.3983, 0.1688, -0.4705]]], [[[0.0155, -0.1313, -0.0734], [0.228, 0.339, 0.4625], [0.2798, 0.3197, 0.4368]], [[-0.1152, -0.1568, -0.4723], [-0.0462, -0.4435, -0.2859], [-0.0873, -0.0884, 0.2649]], [[-0.0364, 0.2066, -0.4772], [0.2211, 0.2615, -0.4874], [-0.1491, 0.1363, -0.3625]], [[0.306, 0.4726, 0.2835], [0.1196, 0.2836, 0.4384], [0.4554, -0.1674, 0.1473]]], [[[-0.4057, 0.4153, -0.442], [-0.2127, 0.0732, -0.2768], [-0.0789, -0.1493, 0.1665]], [[0.0178, 0.3298, 0.1212], [0.2209, -0.4838, 0.1757], [0.4102, -0.3641, 0.2833]], [[0.2847, -0.4166, 0.1149], [-0.1886, -0.1302, 0.4941], [0.0705, -0.0231, 0.2972]], [[-0.109, -0.3705, 0.4804], [-0.3386, 0.4011, 0.4768], [-0.0313, -0.3798, -0.0396]]], [[[0.0432, 0.2867, 0.4992], [-0.2552, -0.4658, 0.4817], [-0.4977, 0.4627, 0.3931]], [[0.3996, -0.0975, -0.2996], [0.098, -0.0675, 0.2097], [-0.308, -0.0297, 0.4131]], [[0.0891, 0.4281, 0.2504], [-0.3656, 0.1453, -0.3154], [-0.4285, 0.1036, -0.4912]], [[-0.4474, -0.1094, -0.3191], [0.1647, -0.2219, -0.2582], [0.0515, 0.0247, 0.3457]]]]> : tensor<4x4x3x3xf32>
  %w1 = arith.constant dense<[[[[0.3207]], [[0.4339]], [[-0.3888]], [[-0.4437]], [[0.2515]], [[-0.0996]], [[-0.4468]], [[0.0302]]], [[[-0.1795]], [[-0.286]], [[0.1648]], [[0.2342]], [[-0.2397]], [[0.1659]], [[-0.2741]], [[0.3855]]], [[[-0.1016]], [[-0.0268]], [[-0.3321]], [[-0.0356]], [[-0.223]], [[0.2838]], [[-0.3647]], [[0.0338]]]]> : tensor<3x8x1x1xf32>
  %0 = riffle.channel_gather %a, %b, %c sources [2, 0, 1, 2, 0, 1, 1, 2] channels [3, 0, 1, 0, 2, 4, 0, 1] : (tensor<2x3x5x9xf32>, tensor<2x5x5x9xf32>, tensor<2x4x5x9xf32>) -> tensor<2x8x5x9xf32>
  %1 = riffle.conv2d %0, %w {groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<2x8x5x9xf32>, tensor<4x4x3x3xf32>) -> tensor<2x4x5x9xf32>
  %2 = riffle.conv2d %0, %w1 {input_channel_map = array<i64: 7, 6, 5, 4, 3, 2, 1, 0>} : (tensor<2x8x5x9xf32>, tensor<3x8x1x1xf32>) -> tensor<2x3x5x9xf32>
  return %0, %1, %2 : tensor<2x8x5x9xf32>, tensor<2x4x5x9xf32>, tensor<2x3x5x9xf32>
}

// FLATTEN_RESHAPE: max_abs_diff=
// FLATTEN_RESHAPE-NEXT: max_abs_diff=
// FLATTEN_RESHAPE-NEXT: max_abs_diff=
func.func @flatten_reshape(%x: tensor<2x3x4x5xf32>) -> (tensor<2x60xf32>, tensor<6x20xf32>, tensor<5x4x3x2xf32>) {
  %0 = riffle.flatten %x : tensor<2x3x4x5xf32> -> tensor<2x60xf32>
  %1 = riffle.flatten %x {axis = 2 : i64} : tensor<2x3x4x5xf32> -> tensor<6x20xf32>
  %2 = riffle.reshape %x : tensor<2x3x4x5xf32> -> tensor<5x4x3x2xf32>
  return %0, %1, %2 : tensor<2x60xf32>, tensor<6x20xf32>, tensor<5x4x3x2xf32>
}
