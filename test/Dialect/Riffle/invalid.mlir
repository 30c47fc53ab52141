// Every verifier message of the riffle dialect, one case each.
// RUN: riffle-opt %s -split-input-file -verify-diagnostics

func.func @conv_input_rank(%x: tensor<24x8x8xf32>, %w: tensor<8x24x1x1xf32>) {
  // expected-error @+1 {{operand #0 must be 4-D statically shaped f32 tensor (NCHW), but got 'tensor<24x8x8xf32>'}}
  %0 = "riffle.conv2d"(%x, %w) : (tensor<24x8x8xf32>, tensor<8x24x1x1xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_dynamic_shape(%x: tensor<?x24x8x8xf32>, %w: tensor<8x24x1x1xf32>) {
  // expected-error @+1 {{operand #0 must be 4-D statically shaped f32 tensor (NCHW), but got 'tensor<?x24x8x8xf32>'}}
  %0 = "riffle.conv2d"(%x, %w) : (tensor<?x24x8x8xf32>, tensor<8x24x1x1xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_strides_size(%x: tensor<1x8x8x8xf32>, %w: tensor<8x8x1x1xf32>) {
  // expected-error @+1 {{'riffle.conv2d' op expects 'strides' to have 2 entries, got 1}}
  %0 = riffle.conv2d %x, %w {strides = array<i64: 2>} : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @conv_strides_zero(%x: tensor<1x8x8x8xf32>, %w: tensor<8x8x1x1xf32>) {
  // expected-error @+1 {{'riffle.conv2d' op expects 'strides' entries to be at least 1, got [0, 1]}}
  %0 = riffle.conv2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_pads_size(%x: tensor<1x8x8x8xf32>, %w: tensor<8x8x3x3xf32>) {
  // expected-error @+1 {{'riffle.conv2d' op expects 'pads' to have 4 entries, got 2}}
  %0 = riffle.conv2d %x, %w {pads = array<i64: 1, 1>} : (tensor<1x8x8x8xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_pads_negative(%x: tensor<1x8x8x8xf32>, %w: tensor<8x8x3x3xf32>) {
  // expected-error @+1 {{'riffle.conv2d' op expects 'pads' entries to be at least 0, got [1, -1, 1, 1]}}
  %0 = riffle.conv2d %x, %w {pads = array<i64: 1, -1, 1, 1>} : (tensor<1x8x8x8xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_dilations(%x: tensor<1x8x8x8xf32>, %w: tensor<8x8x3x3xf32>) {
  // expected-error @+1 {{'riffle.conv2d' op expects 'dilations' entries to be at least 1, got [1, 0]}}
  %0 = riffle.conv2d %x, %w {dilations = array<i64: 1, 0>} : (tensor<1x8x8x8xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_groups_zero(%x: tensor<1x8x8x8xf32>, %w: tensor<8x8x1x1xf32>) {
  // expected-error @+1 {{'riffle.conv2d' op expects 'groups' to be positive, got 0}}
  %0 = riffle.conv2d %x, %w {groups = 0 : i64} : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_groups_input(%x: tensor<1x8x8x8xf32>, %w: tensor<6x2x1x1xf32>) {
  // expected-error @+1 {{'riffle.conv2d' op groups (3) must divide the input channels (8)}}
  %0 = riffle.conv2d %x, %w {groups = 3 : i64} : (tensor<1x8x8x8xf32>, tensor<6x2x1x1xf32>) -> tensor<1x6x8x8xf32>
  return
}

// -----

func.func @conv_groups_output(%x: tensor<1x12x8x8xf32>, %w: tensor<8x4x1x1xf32>) {
  // expected-error @+1 {{'riffle.conv2d' op groups (3) must divide the output channels (8)}}
  %0 = riffle.conv2d %x, %w {groups = 3 : i64} : (tensor<1x12x8x8xf32>, tensor<8x4x1x1xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_weight_shape(%x: tensor<1x12x8x8xf32>, %w: tensor<6x12x1x1xf32>) {
  // expected-error @+1 {{'riffle.conv2d' op weight [6, 12, 1, 1] has 12 input channels per group; expected 4 (12 input channels in 3 groups)}}
  %0 = riffle.conv2d %x, %w {groups = 3 : i64} : (tensor<1x12x8x8xf32>, tensor<6x12x1x1xf32>) -> tensor<1x6x8x8xf32>
  return
}

// -----

func.func @conv_bias(%x: tensor<1x8x8x8xf32>, %w: tensor<16x8x1x1xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'riffle.conv2d' op bias has 8 elements; expected one per output channel (16)}}
  %0 = riffle.conv2d %x, %w, %b : (tensor<1x8x8x8xf32>, tensor<16x8x1x1xf32>, tensor<8xf32>) -> tensor<1x16x8x8xf32>
  return
}

// -----

func.func @conv_input_map_size(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x1x1xf32>) {
  // expected-error @+1 {{'riffle.conv2d' op 'input_channel_map' has 3 entries but the input has 4 channels}}
  %0 = riffle.conv2d %x, %w {input_channel_map = array<i64: 0, 1, 2>} : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @conv_output_map_range(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x1x1xf32>) {
  // expected-error @+1 {{'riffle.conv2d' op 'output_channel_map' entry 9 is not a channel in [0, 4)}}
  %0 = riffle.conv2d %x, %w {output_channel_map = array<i64: 0, 1, 2, 9>} : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @conv_map_not_permutation(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x1x1xf32>) {
  // expected-error @+1 {{'riffle.conv2d' op 'input_channel_map' is not a permutation: channel 1 appears twice}}
  %0 = riffle.conv2d %x, %w {input_channel_map = array<i64: 0, 1, 1, 3>} : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @conv_kernel_too_large(%x: tensor<1x4x4x4xf32>, %w: tensor<4x4x5x5xf32>) {
  // expected-error @+1 {{'riffle.conv2d' op window of extent 5 (kernel 5, dilation 1) does not fit the padded height of 4 (4 + pads 0, 0)}}
  %0 = riffle.conv2d %x, %w : (tensor<1x4x4x4xf32>, tensor<4x4x5x5xf32>) -> tensor<1x4x1x1xf32>
  return
}

// -----

func.func @conv_result_type(%x: tensor<1x8x8x8xf32>, %w: tensor<16x8x3x3xf32>) {
  // expected-error @+2 {{'riffle.conv2d' op inferred type(s) 'tensor<1x16x6x6xf32>' are incompatible with return type(s) of operation 'tensor<1x16x8x8xf32>'}}
  // expected-error @+1 {{'riffle.conv2d' op failed to infer returned types}}
  %0 = riffle.conv2d %x, %w : (tensor<1x8x8x8xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x8x8xf32>
  return
}

// -----

func.func @conv_bad_activation(%x: tensor<1x8x8x8xf32>, %w: tensor<8x8x1x1xf32>) {
  // expected-error @+1 {{unknown activation 'swish'; expected relu, clip, leaky_relu, hardswish, hardsigmoid or sigmoid}}
  %0 = riffle.conv2d %x, %w {act = #riffle.act<swish>} : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_bad_clip_activation(%x: tensor<1x8x8x8xf32>, %w: tensor<8x8x1x1xf32>) {
  // expected-error @+1 {{clip min (6.000000e+00) must not be greater than its max (0.000000e+00)}}
  %0 = riffle.conv2d %x, %w {act = #riffle.act<clip(6.0, 0.0)>} : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @gemm_features(%x: tensor<1x64xf32>, %w: tensor<10x32xf32>) {
  // expected-error @+1 {{'riffle.gemm' op weight [10, 32] takes 32 input features but the input has 64}}
  %0 = riffle.gemm %x, %w : (tensor<1x64xf32>, tensor<10x32xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @gemm_bias(%x: tensor<1x64xf32>, %w: tensor<10x64xf32>, %b: tensor<64xf32>) {
  // expected-error @+1 {{'riffle.gemm' op bias has 64 elements; expected one per output feature (10)}}
  %0 = riffle.gemm %x, %w, %b : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<64xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @gemm_rank(%x: tensor<1x64x1x1xf32>, %w: tensor<10x64xf32>) {
  // expected-error @+1 {{operand #0 must be 2-D statically shaped f32 tensor, but got 'tensor<1x64x1x1xf32>'}}
  %0 = "riffle.gemm"(%x, %w) : (tensor<1x64x1x1xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @shuffle_groups_zero(%x: tensor<1x12x2x2xf32>) {
  // expected-error @+1 {{'riffle.channel_shuffle' op expects 'groups' to be positive, got 0}}
  %0 = riffle.channel_shuffle %x, groups = 0 : tensor<1x12x2x2xf32>
  return
}

// -----

func.func @shuffle_groups_divide(%x: tensor<1x12x2x2xf32>) {
  // expected-error @+1 {{'riffle.channel_shuffle' op groups (5) must divide the channels (12)}}
  %0 = riffle.channel_shuffle %x, groups = 5 : tensor<1x12x2x2xf32>
  return
}

// -----

func.func @batch_norm_params(%x: tensor<1x8x2x2xf32>, %p: tensor<7xf32>) {
  // expected-error @+1 {{'riffle.batch_norm' op 'scale' has 7 elements but the input has 8 channels}}
  %0 = riffle.batch_norm %x, %p, %p, %p, %p : tensor<1x8x2x2xf32>, tensor<7xf32>
  return
}

// -----

func.func @batch_norm_param_types(%x: tensor<1x8x2x2xf32>, %p: tensor<8xf32>, %q: tensor<7xf32>) {
  // expected-error @+1 {{'riffle.batch_norm' op failed to verify that all of {scale, bias, mean, variance} have same type}}
  %0 = "riffle.batch_norm"(%x, %p, %p, %q, %p) : (tensor<1x8x2x2xf32>, tensor<8xf32>, tensor<8xf32>, tensor<7xf32>, tensor<8xf32>) -> tensor<1x8x2x2xf32>
  return
}

// -----

func.func @batch_norm_epsilon(%x: tensor<1x8x2x2xf32>, %p: tensor<8xf32>) {
  // expected-error @+1 {{'riffle.batch_norm' op expects 'epsilon' to be non-negative, got -1.000000e-03}}
  %0 = riffle.batch_norm %x, %p, %p, %p, %p {epsilon = -1.0e-3 : f32} : tensor<1x8x2x2xf32>, tensor<8xf32>
  return
}

// -----

func.func @clip_range(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{'riffle.clip' op clip min (6.000000e+00) must not be greater than its max (0.000000e+00)}}
  %0 = riffle.clip %x, min = 6.0, max = 0.0 : tensor<1x8x2x2xf32>
  return
}

// -----

func.func @relu_element_type(%x: tensor<1x8x2x2xf16>) {
  // expected-error @+1 {{operand #0 must be statically shaped f32 tensor, but got 'tensor<1x8x2x2xf16>'}}
  %0 = riffle.relu %x : tensor<1x8x2x2xf16>
  return
}

// -----

func.func @add_broadcast(%x: tensor<1x8x2x2xf32>, %y: tensor<1x4x2x2xf32>) {
  // expected-error @+1 {{'riffle.add' op operand shapes [1, 8, 2, 2] and [1, 4, 2, 2] are not broadcast-compatible}}
  %0 = riffle.add %x, %y : tensor<1x8x2x2xf32>, tensor<1x4x2x2xf32> -> tensor<1x8x2x2xf32>
  return
}

// -----

func.func @mul_broadcast(%x: tensor<1x8x2x2xf32>, %y: tensor<1x8x3x1xf32>) {
  // expected-error @+1 {{'riffle.mul' op operand shapes [1, 8, 2, 2] and [1, 8, 3, 1] are not broadcast-compatible}}
  %0 = riffle.mul %x, %y : tensor<1x8x2x2xf32>, tensor<1x8x3x1xf32> -> tensor<1x8x2x2xf32>
  return
}

// -----

func.func @concat_empty() {
  // expected-error @+1 {{'riffle.concat' op expects at least one input}}
  %0 = "riffle.concat"() : () -> tensor<1x8x2x2xf32>
  return
}

// -----

func.func @concat_axis(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{'riffle.concat' op axis 4 is out of range for rank 4}}
  %0 = riffle.concat %x, %x {axis = 4 : i64} : (tensor<1x8x2x2xf32>, tensor<1x8x2x2xf32>) -> tensor<1x16x2x2xf32>
  return
}

// -----

func.func @concat_shapes(%x: tensor<1x8x2x2xf32>, %y: tensor<1x8x3x2xf32>) {
  // expected-error @+1 {{'riffle.concat' op input #1 has shape [1, 8, 3, 2], which does not match input #0's [1, 8, 2, 2] outside axis 1}}
  %0 = riffle.concat %x, %y : (tensor<1x8x2x2xf32>, tensor<1x8x3x2xf32>) -> tensor<1x16x2x2xf32>
  return
}

// -----

func.func @slice_axis(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{'riffle.slice' op axis -1 is out of range for rank 4}}
  %0 = riffle.slice %x[0 : 4] {axis = -1 : i64} : tensor<1x8x2x2xf32> -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @slice_step(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{'riffle.slice' op expects 'step' to be positive, got 0}}
  %0 = riffle.slice %x[0 : 4] {step = 0 : i64} : tensor<1x8x2x2xf32> -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @slice_range(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{'riffle.slice' op range [4, 12) is empty or outside axis 1 of size 8}}
  %0 = riffle.slice %x[4 : 12] : tensor<1x8x2x2xf32> -> tensor<1x8x2x2xf32>
  return
}

// -----

func.func @split_no_sizes(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{'riffle.split' op expects at least one size}}
  "riffle.split"(%x) <{sizes = array<i64>}> : (tensor<1x8x2x2xf32>) -> ()
  return
}

// -----

func.func @split_sizes_positive(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{'riffle.split' op expects 'sizes' to be positive, got [8, 0]}}
  %0:2 = riffle.split %x [8, 0] : tensor<1x8x2x2xf32> -> tensor<1x8x2x2xf32>, tensor<1x0x2x2xf32>
  return
}

// -----

func.func @split_sizes_sum(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{'riffle.split' op sizes [4, 5] add up to 9 but axis 1 has size 8}}
  %0:2 = riffle.split %x [4, 5] : tensor<1x8x2x2xf32> -> tensor<1x4x2x2xf32>, tensor<1x5x2x2xf32>
  return
}

// -----

func.func @split_result_count(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+2 {{'riffle.split' op inferred type(s) 'tensor<1x4x2x2xf32>', 'tensor<1x4x2x2xf32>' are incompatible with return type(s) of operation 'tensor<1x4x2x2xf32>'}}
  // expected-error @+1 {{'riffle.split' op failed to infer returned types}}
  %0 = "riffle.split"(%x) <{axis = 1 : i64, sizes = array<i64: 4, 4>}> : (tensor<1x8x2x2xf32>) -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @flatten_axis(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{'riffle.flatten' op axis 5 is out of range [0, 4]}}
  %0 = riffle.flatten %x {axis = 5 : i64} : tensor<1x8x2x2xf32> -> tensor<1x32xf32>
  return
}

// -----

func.func @reshape_elements(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{'riffle.reshape' op cannot reshape 32 elements into 30 (shape [1, 30])}}
  %0 = riffle.reshape %x : tensor<1x8x2x2xf32> -> tensor<1x30xf32>
  return
}

// -----

func.func @pool_kernel(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'riffle.max_pool2d' op expects 'kernel' to have 2 entries, got 3}}
  %0 = riffle.max_pool2d %x {kernel = array<i64: 3, 3, 3>} : tensor<1x8x8x8xf32> -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @pool_pads(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'riffle.avg_pool2d' op pads [2, 2, 2, 2] must be smaller than the window extent 2}}
  %0 = riffle.avg_pool2d %x {kernel = array<i64: 2, 2>, pads = array<i64: 2, 2, 2, 2>} : tensor<1x8x8x8xf32> -> tensor<1x8x11x11xf32>
  return
}

// -----

func.func @pool_window(%x: tensor<1x8x2x8xf32>) {
  // expected-error @+1 {{'riffle.max_pool2d' op window of extent 3 (kernel 3, dilation 1) does not fit the padded height of 2 (2 + pads 0, 0)}}
  %0 = riffle.max_pool2d %x {kernel = array<i64: 3, 3>} : tensor<1x8x2x8xf32> -> tensor<1x8x1x6xf32>
  return
}

// -----

func.func @global_pool_rank(%x: tensor<8x2x2xf32>) {
  // expected-error @+1 {{operand #0 must be 4-D statically shaped f32 tensor (NCHW), but got 'tensor<8x2x2xf32>'}}
  %0 = riffle.global_avg_pool %x : tensor<8x2x2xf32> -> tensor<1x8x1x1xf32>
  return
}

// -----

func.func @softmax_axis(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'riffle.softmax' op axis 2 is out of range for rank 2}}
  %0 = riffle.softmax %x {axis = 2 : i64} : tensor<2x10xf32>
  return
}

// -----

func.func @conv_dilation_overflow(%x: tensor<1x8x8x8xf32>, %w: tensor<8x8x3x3xf32>) {
  // expected-error @+1 {{'riffle.conv2d' op window (kernel 3, dilation 4611686018427387904) or padding (0, 0) along the height is too large}}
  %0 = riffle.conv2d %x, %w {dilations = array<i64: 4611686018427387904, 1>} : (tensor<1x8x8x8xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @shuffle_missing_groups(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{'riffle.channel_shuffle' op requires attribute 'groups'}}
  %0 = "riffle.channel_shuffle"(%x) : (tensor<1x8x2x2xf32>) -> tensor<1x8x2x2xf32>
  return
}

// -----

func.func @gather_spatial_mismatch(%x: tensor<1x2x4x4xf32>, %y: tensor<1x2x4x5xf32>) {
  // expected-error @+1 {{'riffle.channel_gather' op input #1 has shape [1, 2, 4, 5], which does not match input #0's [1, 2, 4, 4] outside the channels}}
  %0 = riffle.channel_gather %x, %y sources [0, 1] channels [0, 0] : (tensor<1x2x4x4xf32>, tensor<1x2x4x5xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @gather_map_sizes(%x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'riffle.channel_gather' op expects as many sources as channels (one per output channel), got 2 and 1}}
  %0 = riffle.channel_gather %x sources [0, 0] channels [1] : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @gather_bad_source(%x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'riffle.channel_gather' op output channel 1 names input #1, but there are 1 inputs}}
  %0 = riffle.channel_gather %x sources [0, 1] channels [0, 0] : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @gather_bad_channel(%x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'riffle.channel_gather' op output channel 0 names channel 2 of input #0, which has 2 channels}}
  %0 = riffle.channel_gather %x sources [0] channels [2] : (tensor<1x2x4x4xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @gather_no_input() {
  // expected-error @+1 {{'riffle.channel_gather' op expects at least one input}}
  %0 = "riffle.channel_gather"() <{sources = array<i64: 0>, channels = array<i64: 0>}> : () -> tensor<1x1x4x4xf32>
  return
}
