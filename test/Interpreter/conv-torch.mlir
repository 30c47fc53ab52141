// conv2d and gemm against PyTorch (float64): strides, asymmetric pads,
// dilations, groups, depthwise, bias, every fused activation, and channel
// maps. Each `// REF:` is torch's result for the function below it, with
// the function's arguments as x0, x1, ... (see Inputs/check_against_torch.py).
// Riffle's pads are [top, left, bottom, right]; F.pad takes
// (left, right, top, bottom).
//
// RUN: %python_torch %S/Inputs/check_against_torch.py riffle-interp %s %t | FileCheck %s
// CHECK-NOT: FAILED

// CHECK: conv_basic: ok
// REF: F.conv2d(x0, x1, x2)
func.func @conv_basic(%x: tensor<1x3x7x7xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x5x5xf32> {
  %0 = riffle.conv2d %x, %w, %b : (tensor<1x3x7x7xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x5x5xf32>
  return %0 : tensor<1x4x5x5xf32>
}

// CHECK: conv_stride_pad_relu: ok
// REF: F.relu(F.conv2d(x0, x1, x2, stride=2, padding=1))
func.func @conv_stride_pad_relu(%x: tensor<2x4x9x8xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<6xf32>) -> tensor<2x6x5x4xf32> {
  %0 = riffle.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, act = #riffle.act<relu>} : (tensor<2x4x9x8xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<2x6x5x4xf32>
  return %0 : tensor<2x6x5x4xf32>
}

// CHECK: conv_asymmetric_pads_clip: ok
// REF: torch.clamp(F.conv2d(F.pad(x0, (0, 3, 2, 1)), x1, x2, stride=(2, 1)), -0.5, 0.5)
func.func @conv_asymmetric_pads_clip(%x: tensor<1x3x6x7xf32>, %w: tensor<5x3x3x2xf32>, %b: tensor<5xf32>) -> tensor<1x5x4x9xf32> {
  %0 = riffle.conv2d %x, %w, %b {strides = array<i64: 2, 1>, pads = array<i64: 2, 0, 1, 3>, act = #riffle.act<clip(-0.5, 0.5)>} : (tensor<1x3x6x7xf32>, tensor<5x3x3x2xf32>, tensor<5xf32>) -> tensor<1x5x4x9xf32>
  return %0 : tensor<1x5x4x9xf32>
}

// CHECK: conv_dilation_leaky_relu: ok
// REF: F.leaky_relu(F.conv2d(F.pad(x0, (3, 0, 2, 1)), x1, stride=(1, 2), dilation=(2, 3)), 0.1)
func.func @conv_dilation_leaky_relu(%x: tensor<1x2x10x11xf32>, %w: tensor<3x2x3x2xf32>) -> tensor<1x3x9x6xf32> {
  %0 = riffle.conv2d %x, %w {strides = array<i64: 1, 2>, pads = array<i64: 2, 3, 1, 0>, dilations = array<i64: 2, 3>, act = #riffle.act<leaky_relu(0.1)>} : (tensor<1x2x10x11xf32>, tensor<3x2x3x2xf32>) -> tensor<1x3x9x6xf32>
  return %0 : tensor<1x3x9x6xf32>
}

// CHECK: conv_groups_hardswish: ok
// INIT: x2 = x2 * 3
// REF: F.hardswish(F.conv2d(x0, x1, x2, padding=1, groups=3))
func.func @conv_groups_hardswish(%x: tensor<1x6x5x5xf32>, %w: tensor<9x2x3x3xf32>, %b: tensor<9xf32>) -> tensor<1x9x5x5xf32> {
  %0 = riffle.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, groups = 3 : i64, act = #riffle.act<hardswish>} : (tensor<1x6x5x5xf32>, tensor<9x2x3x3xf32>, tensor<9xf32>) -> tensor<1x9x5x5xf32>
  return %0 : tensor<1x9x5x5xf32>
}

// Group convolution with two output channels per input channel.
// CHECK: conv_groups_expand: ok
// REF: F.conv2d(x0, x1, x2, stride=(1, 2), padding=(0, 1), groups=4)
func.func @conv_groups_expand(%x: tensor<2x4x3x6xf32>, %w: tensor<8x1x1x3xf32>, %b: tensor<8xf32>) -> tensor<2x8x3x3xf32> {
  %0 = riffle.conv2d %x, %w, %b {strides = array<i64: 1, 2>, pads = array<i64: 0, 1, 0, 1>, groups = 4 : i64} : (tensor<2x4x3x6xf32>, tensor<8x1x1x3xf32>, tensor<8xf32>) -> tensor<2x8x3x3xf32>
  return %0 : tensor<2x8x3x3xf32>
}

// CHECK: conv_depthwise_hardsigmoid: ok
// INIT: x0 = x0 * 3
// REF: torch.clamp(0.2 * F.conv2d(x0, x1, stride=2, padding=1, groups=8) + 0.5, 0, 1)
func.func @conv_depthwise_hardsigmoid(%x: tensor<1x8x7x7xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32> {
  %0 = riffle.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, groups = 8 : i64, act = #riffle.act<hardsigmoid(0.2, 0.5)>} : (tensor<1x8x7x7xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// Channel maps: the convolution reads input channel m[c] where it would
// read c; output channel c holds computed channel p[c], whose bias and
// activation are those of channel p[c].
// CHECK: conv_channel_maps_sigmoid: ok
// REF: torch.sigmoid(F.conv2d(F.pad(x0[:, [2, 0, 3, 1]], (1, 1, 0, 0)), x1, x2, stride=(2, 1), groups=2))[:, [5, 3, 1, 0, 2, 4]]
func.func @conv_channel_maps_sigmoid(%x: tensor<2x4x5x6xf32>, %w: tensor<6x2x1x3xf32>, %b: tensor<6xf32>) -> tensor<2x6x3x6xf32> {
  %0 = riffle.conv2d %x, %w, %b {strides = array<i64: 2, 1>, pads = array<i64: 0, 1, 0, 1>, groups = 2 : i64, act = #riffle.act<sigmoid>, input_channel_map = array<i64: 2, 0, 3, 1>, output_channel_map = array<i64: 5, 3, 1, 0, 2, 4>} : (tensor<2x4x5x6xf32>, tensor<6x2x1x3xf32>, tensor<6xf32>) -> tensor<2x6x3x6xf32>
  return %0 : tensor<2x6x3x6xf32>
}

// CHECK: conv_input_map_depthwise: ok
// REF: F.conv2d(x0[:, [1, 3, 0, 2]], x1, x2, padding=1, groups=4)
func.func @conv_input_map_depthwise(%x: tensor<1x4x4x4xf32>, %w: tensor<4x1x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %0 = riffle.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, groups = 4 : i64, input_channel_map = array<i64: 1, 3, 0, 2>} : (tensor<1x4x4x4xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// The bias decides which channels ReLU clears: it must follow the channel.
// CHECK: conv_output_map_bias_relu: ok
// INIT: x2 = np.array([-3.0, -1.0, 0.5, 3.0], np.float32)
// REF: F.relu(F.conv2d(x0, x1, x2))[:, [3, 2, 0, 1]]
func.func @conv_output_map_bias_relu(%x: tensor<1x3x4x4xf32>, %w: tensor<4x3x1x1xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %0 = riffle.conv2d %x, %w, %b {act = #riffle.act<relu>, output_channel_map = array<i64: 3, 2, 0, 1>} : (tensor<1x3x4x4xf32>, tensor<4x3x1x1xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// A ShuffleNet V1 pattern: group conv whose output is shuffled, as the
// fuse-channel-shuffle pass writes it (output map = the shuffle's gather map).
// CHECK: conv_output_map_is_shuffle: ok
// REF: F.conv2d(x0, x1, groups=3).reshape(1, 3, 4, 2, 2).transpose(1, 2).reshape(1, 12, 2, 2)
func.func @conv_output_map_is_shuffle(%x: tensor<1x6x2x2xf32>, %w: tensor<12x2x1x1xf32>) -> tensor<1x12x2x2xf32> {
  %0 = riffle.conv2d %x, %w {groups = 3 : i64, output_channel_map = array<i64: 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11>} : (tensor<1x6x2x2xf32>, tensor<12x2x1x1xf32>) -> tensor<1x12x2x2xf32>
  return %0 : tensor<1x12x2x2xf32>
}

// CHECK: conv_pointwise_batch3: ok
// REF: F.conv2d(x0, x1)
func.func @conv_pointwise_batch3(%x: tensor<3x16x5x5xf32>, %w: tensor<8x16x1x1xf32>) -> tensor<3x8x5x5xf32> {
  %0 = riffle.conv2d %x, %w : (tensor<3x16x5x5xf32>, tensor<8x16x1x1xf32>) -> tensor<3x8x5x5xf32>
  return %0 : tensor<3x8x5x5xf32>
}

// Padding larger than the kernel: whole rows and columns of zeros + bias.
// CHECK: conv_wide_padding: ok
// REF: F.conv2d(F.pad(x0, (2, 1, 3, 0)), x1, x2, stride=2)
func.func @conv_wide_padding(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x2x2xf32>, %b: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %0 = riffle.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 3, 2, 0, 1>} : (tensor<1x2x3x3xf32>, tensor<2x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// CHECK: gemm_bias_relu: ok
// REF: F.relu(F.linear(x0, x1, x2))
func.func @gemm_bias_relu(%x: tensor<3x64xf32>, %w: tensor<10x64xf32>, %b: tensor<10xf32>) -> tensor<3x10xf32> {
  %0 = riffle.gemm %x, %w, %b {act = #riffle.act<relu>} : (tensor<3x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<3x10xf32>
  return %0 : tensor<3x10xf32>
}

// CHECK: gemm_clip: ok
// REF: torch.clamp(F.linear(x0, x1), -1.0, 1.0)
func.func @gemm_clip(%x: tensor<2x7xf32>, %w: tensor<5x7xf32>) -> tensor<2x5xf32> {
  %0 = riffle.gemm %x, %w {act = #riffle.act<clip(-1.0, 1.0)>} : (tensor<2x7xf32>, tensor<5x7xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// CHECK: 15 of 15 cases ok
