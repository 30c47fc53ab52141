// conv2d (dense, group with input and output channel maps, dilation,
// depthwise, pointwise, asymmetric pads, windows past the input), gemm and
// batch_norm with fixed weights: riffle-halide-run (Halide JIT) against
// riffle-interp on the same deterministic random input.
// RUN: riffle-interp %s --function conv_dense --output %t.conv_dense.0.npy
// RUN: riffle-halide-run %s --function conv_dense --compare %t.conv_dense.0.npy | FileCheck %s --check-prefix=CONV_DENSE
// RUN: riffle-interp %s --function conv_group_maps --output %t.conv_group_maps.0.npy
// RUN: riffle-halide-run %s --function conv_group_maps --compare %t.conv_group_maps.0.npy | FileCheck %s --check-prefix=CONV_GROUP_MAPS
// RUN: riffle-interp %s --function conv_depthwise --output %t.conv_depthwise.0.npy
// RUN: riffle-halide-run %s --function conv_depthwise --compare %t.conv_depthwise.0.npy | FileCheck %s --check-prefix=CONV_DEPTHWISE
// RUN: riffle-interp %s --function conv_pointwise_outmap --output %t.conv_pointwise_outmap.0.npy
// RUN: riffle-halide-run %s --function conv_pointwise_outmap --compare %t.conv_pointwise_outmap.0.npy | FileCheck %s --check-prefix=CONV_POINTWISE_OUTMAP
// RUN: riffle-interp %s --function conv_ceil_window --output %t.conv_ceil_window.0.npy
// RUN: riffle-halide-run %s --function conv_ceil_window --compare %t.conv_ceil_window.0.npy | FileCheck %s --check-prefix=CONV_CEIL_WINDOW
// RUN: riffle-interp %s --function gemm_sigmoid --output %t.gemm_sigmoid.0.npy
// RUN: riffle-halide-run %s --function gemm_sigmoid --compare %t.gemm_sigmoid.0.npy | FileCheck %s --check-prefix=GEMM_SIGMOID
// RUN: riffle-interp %s --function gemm_nobias --output %t.gemm_nobias.0.npy
// RUN: riffle-halide-run %s --function gemm_nobias --compare %t.gemm_nobias.0.npy | FileCheck %s --check-prefix=GEMM_NOBIAS
// RUN: riffle-interp %s --function batch_norm --output %t.batch_norm.0.npy
// RUN: riffle-halide-run %s --function batch_norm --compare %t.batch_norm.0.npy | FileCheck %s --check-prefix=BATCH_NORM

// CONV_DENSE: max_abs_diff=
func.func @conv_dense(%x: tensor<2x5x11x9xf32>) -> tensor<2x6x5x10xf32> {
  %w = arith.constant dense<[[[[-0.0915, -0.4547, -0.4512], [0.4992, 0.1524, -0.2655], [-0.0651, 0.4742, 0.3977]], [[0.3442, -0.1076, -0.007], [0.1767, -0.4392, 0.0556], [-0.2285, 0.3797, -0.4358]], [[0.1792, 0.3701, -0.2727], [0.3954, 0.3722, -0.4815], [0.2075, -0.4988, 0.0034]], [[-0.0633, -0.2967, -0.1751], [0.3062, -0.1835, -0.351], [0.1985, -0.0515, 0.2989]], [[-0.2645, -0.1802, 0.2999], [0.0071, 0.0064, -0.2638], [-0.4855, 0.4332, -0.4142]]], [[[0.3449, -0.1321, 0.451], [-0.1006, 0.4364, 0.0562], [-0.2599, 0.2414, 0.1744]], [[0.1842, -0.0362, -0.2781], [0.1409, -0.3929, 0.1922], [0.1354, -0.1235, 0.2985]], [[-0.306, -0.1095, 0.2979], [-0.1195, 0.2133, 0.1125], [0.441, 0.4917, 0.2237]], [[0.3088, -0.3471, 0.2129], [0.3476, -0.0988, 0.0533], [-0.0205, 0.4585, -0.1827]], [[-0.0979, -0.4991, -0.0798], [0.1314, 0.435, 0.4237], [-0.1727, 0.4889, -0.3123]]], [[[0.3233, -0.3427, -0.0949], [-0.4265, 0.358, 0.3288], [-0.3602, 0.0271, -0.2419]], [[-0.0082, 0.0532, -0.3937], [0.3644, -0.2213, -0.0529], [-0.4427, -0.4973, -0.3048]], [[-0.1583, 0.4281, 0.3897], [-0.0195, -0.0452, 0.167], [0.3588, -0.1627, 0.2937]], [[-0.101, 0.0941, 0.2375], [0.0014, 0.1908, 0.1973], [-0.4943, -0.4609, -0.351]], [[-0.2864, -0.2968, -0.451], [-0.2828, 0.1009, 0.3861], [-0.1505, -0.1336, -0.0833]]], [[[0.1803, 0.2853, 0.441], [-0.1243, 0.2068, -0.1584], [0.324, -0.2694, 0.371]], [[0.0051, 0.2253, 0.035], [-0.1839, -0.0057, -0.4495], [-0.457, 0.03, -0.0228]], [[0.3331, -0.4799, 0.0569], [-0.0094, 0.098, 0.2296], [0.0247, 0.063, -0.0082]], [[0.1152, -0.2519, 0.0526], [0.1724, -0.3089, 0.4904], [0.2465, 0.4553, -0.2061]], [[-0.0565, -0.2386, -0.4533], [-0.4833, -0.2533, 0.3613], [-0.3363, 0.1896, -0.2506]]], [[[-0.4344, -0.3075, 0.1779], [0.0017, 0.049, -0.0468], [-0.2257, -0.0117, 0.4224]], [[-0.2985, 0.2327, -0.2489], [-0.3066, -0.1762, -0.4072], [0.4354, -0.1349, -0.3242]], [[-0.5, -0.4396, -0.2853], [-0.0823, 0.1016, 0.481], [0.3905, -0.2577, 0.1115]], [[0.4215, -0.3984, 0.354], [-0.1039, 0.2817, -0.1774], [0.1257, 0.007, -0.3956]], [[0.2598, 0.3229, -0.017], [-0.112, 0.4475, -0.1257], [0.3796, -0.0814, -0.1265]]], [[[-0.1386, -0.44, -0.2227], [-0.2705, -0.4377, 0.0416], [-0.0578, -0.4749, -0.3441]], [[0.4187, -0.3664, -0.1267], [0.4508, -0.3866, -0.0902], [0.3011, -0.4809, -0.4322]], [[0.4299, 0.1842, -0.239], [-0.0198, -0.2511, 0.3924], [0.4498, -0.429, 0.0241]], [[-0.316, -0.0956, 0.2412], [0.2133, -0.3102, -0.1677], [-0.0747, -0.1137, 0.1821]], [[0.2884, -0.1646, -0.0588], [-0.4327, -0.1332, 0.447], [0.0022, 0.0572, 0.1061]]]]> : tensor<6x5x3x3xf32>
  %b = arith.constant dense<[0.305, 0.3079, 0.0153, -0.2142, -0.4461, -0.1166]> : tensor<6xf32>
  %y = riffle.conv2d %x, %w, %b {strides = array<i64: 2, 1>, pads = array<i64: 1, 2, 0, 1>, act = #riffle.act<relu>} : (tensor<2x5x11x9xf32>, tensor<6x5x3x3xf32>, tensor<6xf32>) -> tensor<2x6x5x10xf32>
  return %y : tensor<2x6x5x10xf32>
}

// CONV_GROUP_MAPS: max_abs_diff=
func.func @conv_group_maps(%x: tensor<2x6x7x9xf32>) -> tensor<2x9x5x9xf32> {
  %w = arith.constant dense<[[[[0.2844, -0.4865, 0.4993], [0.4553, 0.1785, -0.3032], [0.1568, -0.3098, -0.1266]], [[-0.465, -0.4298, -0.3423], [-0.3181, 0.3384, -0.2559], [0.3254, -0.4938, -0.4421]]], [[[-0.4391, 0.4316, 0.3173], [-0.4844, 0.4315, -0.2735], [-0.2355, 0.0844, -0.2953]], [[0.4749, -0.1337, 0.0711], [0.0725, -0.2183, 0.2346], [0.4923, 0.0957, -0.4162]]], [[[0.3081, 0.1668, -0.0102], [0.1543, -0.2386, -0.1962], [0.0153, -0.4316, 0.088]], [[-0.3176, -0.2461, 0.3999], [0.0879, -0.2561, 0.199], [0.4966, 0.3976, 0.2988]]], [[[-0.1674, 0.0831, 0.085], [-0.4115, 0.1927, 0.0211], [0.0219, 0.2373, -0.4226]], [[-0.2874, 0.4878, -0.2003], [-0.2447, -0.4282, -0.1876], [0.0605, -0.4609, -0.211]]], [[[-0.2436, -0.346, 0.2919], [0.4623, 0.4155, -0.0592], [-0.4337, -0.151, 0.0246]], [[-0.1197, 0.2312, 0.2431], [0.3967, -0.0308, -0.2616], [0.4112, 0.3843, -0.3732]]], [[[-0.2886, 0.1601, 0.3208], [0.4602, -0.4789, -0.3108], [-0.077, 0.0509, 0.2784]], [[0.0567, 0.0186, -0.2607], [0.1501, 0.0824, 0.4457], [-0.3102, -0.3752, -0.1465]]], [[[-0.1744, -0.047, -0.3285], [0.2068, 0.3227, -0.4937], [0.4103, -0.4094, -0.1937]], [[-0.0136, -0.076, -0.2847], [0.2294, 0.3391, -0.2725], [-0.3352, 0.019, -0.3514]]], [[[0.4396, 0.3512, 0.3348], [-0.0884, 0.2868, -0.1083], [-0.0421, -0.3938, -0.4626]], [[0.1704, -0.3067, 0.4564], [0.065, 0.0765, 0.3945], [-0.2025, -0.4892, -0.2803]]], [[[-0.0422, -0.3481, -0.2193], [0.2377, -0.1231, -0.1585], [-0.2664, 0.0316, 0.4954]], [[-0.3309, 0.3436, 0.2749], [0.101, 0.0429, 0.02], [-0.3972, 0.0689, 0.489]]]]> : tensor<9x2x3x3xf32>
  %b = arith.constant dense<[-0.027, -0.0261, 0.3811, -0.3694, 0.0144, -0.2504, -0.1572, 0.3173, -0.1018]> : tensor<9xf32>
  %y = riffle.conv2d %x, %w, %b {groups = 3 : i64, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 2, 1>, act = #riffle.act<clip(0.0, 6.0)>, input_channel_map = array<i64: 1, 2, 5, 3, 0, 4>, output_channel_map = array<i64: 0, 6, 3, 5, 1, 7, 4, 8, 2>} : (tensor<2x6x7x9xf32>, tensor<9x2x3x3xf32>, tensor<9xf32>) -> tensor<2x9x5x9xf32>
  return %y : tensor<2x9x5x9xf32>
}

// CONV_DEPTHWISE: max_abs_diff=
func.func @conv_depthwise(%x: tensor<2x4x8x13xf32>) -> tensor<2x4x4x7xf32> {
  %w = arith.constant dense<[[[[-0.4937, -0.3, 0.4575], [0.1535, 0.3277, 0.0338], [-0.4588, 0.0362, 0.1298]]], [[[-0.4116, -0.0194, 0.4427], [-0.4378, -0.4539, -0.3969], [0.1821, 0.3929, -0.3438]]], [[[0.3447, -0.278, 0.0383], [0.2638, -0.3823, -0.0226], [0.3666, -0.145, 0.2974]]], [[[-0.0456, 0.4433, -0.0994], [0.3227, -0.4244, -0.161], [-0.3543, -0.0962, -0.0947]]]]> : tensor<4x1x3x3xf32>
  %b = arith.constant dense<[0.2291, -0.0334, -0.0572, 0.3698]> : tensor<4xf32>
  %y = riffle.conv2d %x, %w, %b {groups = 4 : i64, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, act = #riffle.act<hardswish>} : (tensor<2x4x8x13xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<2x4x4x7xf32>
  return %y : tensor<2x4x4x7xf32>
}

// CONV_POINTWISE_OUTMAP: max_abs_diff=
func.func @conv_pointwise_outmap(%x: tensor<2x6x5x7xf32>) -> tensor<2x4x5x7xf32> {
  %w = arith.constant dense<[[[[0.1816]], [[0.0776]], [[-0.2566]], [[0.2113]], [[0.2088]], [[-0.0782]]], [[[-0.0406]], [[-0.3268]], [[0.3347]], [[-0.1434]], [[-0.207]], [[0.4287]]], [[[-0.1946]], [[-0.302]], [[-0.1176]], [[0.0157]], [[0.1142]], [[-0.1016]]], [[[0.1842]], [[-0.477]], [[0.4266]], [[-0.0388]], [[-0.0514]], [[-0.0533]]]]> : tensor<4x6x1x1xf32>
  %y = riffle.conv2d %x, %w {act = #riffle.act<leaky_relu(0.1)>, output_channel_map = array<i64: 3, 0, 2, 1>} : (tensor<2x6x5x7xf32>, tensor<4x6x1x1xf32>) -> tensor<2x4x5x7xf32>
  return %y : tensor<2x4x5x7xf32>
}

// CONV_CEIL_WINDOW: max_abs_diff=
func.func @conv_ceil_window(%x: tensor<2x3x6x5xf32>) -> tensor<2x2x3x3xf32> {
  %w = arith.constant dense<[[[[-0.0471, -0.4044], [-0.1499, -0.015]], [[-0.1405, -0.3975], [0.3888, -0.349]], [[0.229, -0.0756], [-0.0046, 0.1772]]], [[[-0.483, -0.0104], [-0.0408, -0.0711]], [[-0.4988, -0.4887], [-0.0101, -0.0443]], [[-0.1653, -0.3836], [-0.1361, 0.1729]]]]> : tensor<2x3x2x2xf32>
  %b = arith.constant dense<[-0.2242, 0.3149]> : tensor<2xf32>
  %y = riffle.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 1, 1>, act = #riffle.act<hardsigmoid(0.2, 0.5)>} : (tensor<2x3x6x5xf32>, tensor<2x3x2x2xf32>, tensor<2xf32>) -> tensor<2x2x3x3xf32>
  return %y : tensor<2x2x3x3xf32>
}

// GEMM_SIGMOID: max_abs_diff=
func.func @gemm_sigmoid(%x: tensor<2x7xf32>) -> tensor<2x5xf32> {
  %w = arith.constant dense<[[0.3196, 0.2644, -0.4983, -0.1614, -0.0108, 0.3143, 0.0646], [0.3019, 0.1892, -0.4276, 0.4811, 0.0575, 0.1037, -0.2409], [0.403, 0.4983, -0.1571, -0.0109, -0.4367, 0.2633, 0.1434], [-0.2665, 0.3298, 0.0471, 0.4289, 0.3202, -0.3994, -0.2627], [0.3484, -0.4684, -0.3696, 0.4195, 0.3106, -0.245, -0.1613]]> : tensor<5x7xf32>
  %b = arith.constant dense<[-0.4619, -0.3732, -0.4888, 0.0871, 0.1106]> : tensor<5xf32>
  %y = riffle.gemm %x, %w, %b {act = #riffle.act<sigmoid>} : (tensor<2x7xf32>, tensor<5x7xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// GEMM_NOBIAS: max_abs_diff=
func.func @gemm_nobias(%x: tensor<3x19xf32>) -> tensor<3x4xf32> {
  %w = arith.constant dense<[[-0.3561, 0.3334, -0.0125, 0.0994, 0.1624, -0.2947, 0.3037, -0.0892, -0.002, -0.3739, -0.2451, -0.0447, 0.2243, -0.0424, 0.0604, 0.257, -0.0973, -0.4841, 0.0615], [0.4441, -0.4621, -0.0372, 0.1545, -0.011, -0.3965, 0.0138, -0.4202, -0.4297, -0.1619, -0.3227, 0.0044, 0.4446, -0.285, 0.4887, -0.1507, 0.3356, 0.0227, 0.2806], [0.3653, 0.3419, -0.3524, 0.3912, -0.3802, 0.2344, -0.4542, -0.1998, -0.3681, 0.1216, -0.1851, 0.0663, -0.2815, -0.1008, 0.4014, 0.0974, -0.0133, 0.2259, 0.4925], [-0.1661, -0.3903, -0.2591, -0.3435, -0.0947, 0.2422, 0.2663, -0.3921, -0.3379, -0.1399, 0.3443, -0.0162, 0.0391, -0.2089, 0.0499, 0.1052, -0.1637, 0.1015, 0.2541]]> : tensor<4x19xf32>
  %y = riffle.gemm %x, %w : (tensor<3x19xf32>, tensor<4x19xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// BATCH_NORM: max_abs_diff=
func.func @batch_norm(%x: tensor<2x3x5x7xf32>) -> tensor<2x3x5x7xf32> {
  %s = arith.constant dense<[-0.146, -0.044, -0.3697]> : tensor<3xf32>
  %b = arith.constant dense<[-0.2406, -0.4594, -0.4437]> : tensor<3xf32>
  %m = arith.constant dense<[-0.4158, 0.3976, 0.2323]> : tensor<3xf32>
  %v = arith.constant dense<[0.1854, 0.3983, 0.424]> : tensor<3xf32>
  %y = riffle.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32} : tensor<2x3x5x7xf32>, tensor<3xf32>
  return %y : tensor<2x3x5x7xf32>
}
