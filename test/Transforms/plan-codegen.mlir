// RUN: riffle-opt %s -split-input-file -riffle-plan-codegen=target=x86-64-linux-avx512 | FileCheck %s --check-prefix=AVX512
// RUN: riffle-opt %s -split-input-file -riffle-plan-codegen=target=x86-64-linux-avx2-fma | FileCheck %s --check-prefix=AVX2
// RUN: riffle-opt %s -split-input-file -riffle-plan-codegen=target=arm-64-linux | FileCheck %s --check-prefix=NEON
// RUN: riffle-opt %s -split-input-file -riffle-plan-codegen=target=x86-64-linux-cuda | FileCheck %s --check-prefix=GPU
// RUN: riffle-opt %s -split-input-file -riffle-plan-codegen="target=x86-64-linux-avx512 materialize-shuffles=1" | FileCheck %s --check-prefix=COPY
// RUN: riffle-opt %s -split-input-file -riffle-plan-codegen="target=x86-64-linux-cuda materialize-shuffles=1" | FileCheck %s --check-prefix=COPY-GPU

// The code-generation plan of every schedule shape for AVX-512 (16 lanes,
// register blocks of up to 16 output channels), AVX2 (8 lanes, blocks of
// up to 8), Arm NEON (4 lanes) and a GPU (threads: channels per thread,
// staged or inline padding, element-wise ops inlined, ops feeding only a
// result computed by the result's kernel). CPU plans name the loop the
// threads split (`parallel`: rows of a conv, or its channel blocks when it
// has fewer than 8 rows and more blocks; channel blocks elsewhere; none for
// an op computed inside another's loop nest). Weights are splats: the plan
// depends on shapes only.

// 1x1 dense conv on a large plane (56 wide): register tiles of two
// x-vectors by a channel block, up to 12 channels where the target has 32
// registers (AVX-512), up to 6 (at least 4) with 16 (so on AVX2 5 blocks of 8
// for 40 channels); the argument, read by an unpadded conv, gets a padded
// copy.
// AVX512-LABEL: func.func @pw_large
// AVX512-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX512-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [32, 10], weights = packed, parallel = rows>
// AVX512: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 16, parallel = channels>
// AVX2-LABEL: func.func @pw_large
// AVX2-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX2-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx2-fma", vector_lanes = 8, gpu = false>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 8, tile = [16, 5], weights = packed, parallel = rows>
// AVX2: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 8, parallel = channels>
// NEON-LABEL: func.func @pw_large
// NEON-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// NEON-SAME: riffle.target = #riffle.target<name = "arm-64-linux", vector_lanes = 4, gpu = false>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 4, tile = [8, 5], weights = packed, parallel = rows>
// NEON: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 4, parallel = channels>
// GPU-LABEL: func.func @pw_large
// GPU-SAME: riffle.target = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 4, gpu = true, gpu_block = [16, 8, 128]>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, tile = [4]>
// GPU: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
func.func @pw_large(%x: tensor<1x24x56x56xf32>) -> tensor<1x40x56x56xf32> {
  %w = arith.constant dense<0.5> : tensor<40x24x1x1xf32>
  %b = arith.constant dense<0.1> : tensor<40xf32>
  %y = riffle.conv2d %x, %w, %b {act = #riffle.act<relu>} : (tensor<1x24x56x56xf32>, tensor<40x24x1x1xf32>, tensor<40xf32>) -> tensor<1x40x56x56xf32>
  %z = riffle.relu %y : tensor<1x40x56x56xf32>
  return %z : tensor<1x40x56x56xf32>
}

// -----

// 1x1 dense conv on a 7x7 plane: channel-vector tiles where two rows fit
// in half a vector (AVX-512), the tile taking the fewest cycles: one row
// of two vectors (two rows would compute 8 rows for 7, three vectors 192
// channels for 160); the threads split the rows (five channel tiles); x
// tiles elsewhere.
// AVX512-LABEL: func.func @pw_7x7
// AVX512-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX512-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channel_vector_conv, vector = 16, tile = [32, 1], weights = packed, parallel = rows>
// AVX512: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 16>
// AVX2-LABEL: func.func @pw_7x7
// AVX2-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX2-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx2-fma", vector_lanes = 8, gpu = false>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 8, tile = [8, 8], tail = round_up, weights = packed, parallel = channels>
// AVX2: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 8>
// NEON-LABEL: func.func @pw_7x7
// NEON-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// NEON-SAME: riffle.target = #riffle.target<name = "arm-64-linux", vector_lanes = 4, gpu = false>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 4, tile = [4, 8], weights = packed, parallel = channels>
// NEON: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 4>
// GPU-LABEL: func.func @pw_7x7
// GPU-SAME: riffle.target = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 4, gpu = true, gpu_block = [16, 8, 128]>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, tile = [4]>
// GPU: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
func.func @pw_7x7(%x: tensor<1x96x7x7xf32>) -> tensor<1x160x7x7xf32> {
  %w = arith.constant dense<0.5> : tensor<160x96x1x1xf32>
  %y = riffle.conv2d %x, %w : (tensor<1x96x7x7xf32>, tensor<160x96x1x1xf32>) -> tensor<1x160x7x7xf32>
  %z = riffle.relu %y : tensor<1x160x7x7xf32>
  return %z : tensor<1x160x7x7xf32>
}

// -----

// 1x1 dense convs on a 14x14 plane, narrower than an AVX-512 vector: a long
// reduction (512 inputs) tiles two channel vectors by one row of 14 (no
// empty lanes, 16 loads per 28 FMAs); a short one (64 inputs: the
// transposed stores would not pay) and 80 outputs (rounded up to 96) keep
// x tiles. Three channel tiles (96 outputs) are too few for the threads to
// split: they split the rows. AVX2 and NEON vectors fit the row: x tiles.
// AVX512-LABEL: func.func @pw_14x14
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channel_vector_conv, vector = 16, tile = [32, 1], weights = packed, parallel = channels>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channel_vector_conv, vector = 16, tile = [32, 1], weights = packed, parallel = rows>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 16], tail = round_up, weights = packed, parallel = rows>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 16], tail = round_up, weights = packed, parallel = rows>
// AVX2-LABEL: func.func @pw_14x14
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 8, tile = [8, 8], weights = packed, parallel = rows>
// NEON-LABEL: func.func @pw_14x14
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 4, tile = [8, 4], weights = packed, parallel = rows>
func.func @pw_14x14(%x: tensor<1x512x14x14xf32>, %s: tensor<1x64x14x14xf32>) -> (tensor<1x512x14x14xf32>, tensor<1x96x14x14xf32>, tensor<1x384x14x14xf32>, tensor<1x80x14x14xf32>) {
  %w = arith.constant dense<0.5> : tensor<512x512x1x1xf32>
  %y = riffle.conv2d %x, %w : (tensor<1x512x14x14xf32>, tensor<512x512x1x1xf32>) -> tensor<1x512x14x14xf32>
  %wq = arith.constant dense<0.5> : tensor<96x512x1x1xf32>
  %q = riffle.conv2d %x, %wq : (tensor<1x512x14x14xf32>, tensor<96x512x1x1xf32>) -> tensor<1x96x14x14xf32>
  %ws = arith.constant dense<0.5> : tensor<384x64x1x1xf32>
  %e = riffle.conv2d %s, %ws : (tensor<1x64x14x14xf32>, tensor<384x64x1x1xf32>) -> tensor<1x384x14x14xf32>
  %wp = arith.constant dense<0.5> : tensor<80x512x1x1xf32>
  %p = riffle.conv2d %x, %wp : (tensor<1x512x14x14xf32>, tensor<80x512x1x1xf32>) -> tensor<1x80x14x14xf32>
  return %y, %q, %e, %p : tensor<1x512x14x14xf32>, tensor<1x96x14x14xf32>, tensor<1x384x14x14xf32>, tensor<1x80x14x14xf32>
}

// -----

// A padded 3x3 dense conv on a 13x13 plane (SqueezeNet's expand3x3): 576
// products per output, channel-vector tiles over its padded copy, the
// kernel's columns unrolled (neighbouring columns share input loads): one
// vector of channels (two by 13 columns, with three taps' weights and
// inputs live, would not fit the registers); on a 10x10 plane two. With
// 16 input channels (144 products) x tiles, packed weights.
// AVX512-LABEL: func.func @conv3x3_13x13
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channel_vector_conv, vector = 16, tile = [16, 1], pad = root, weights = packed, parallel = channels, unroll = columns>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 16], tail = round_up, pad = root, weights = packed, parallel = rows>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channel_vector_conv, vector = 16, tile = [32, 1], pad = root, weights = packed, parallel = rows, unroll = columns>
// AVX2-LABEL: func.func @conv3x3_13x13
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 8, tile = [8, 8], pad = root, weights = packed, parallel = rows>
func.func @conv3x3_13x13(%x: tensor<1x64x13x13xf32>, %s: tensor<1x16x13x13xf32>, %t: tensor<1x96x10x10xf32>) -> (tensor<1x256x13x13xf32>, tensor<1x64x13x13xf32>, tensor<1x128x10x10xf32>) {
  %w = arith.constant dense<0.5> : tensor<256x64x3x3xf32>
  %y = riffle.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x64x13x13xf32>, tensor<256x64x3x3xf32>) -> tensor<1x256x13x13xf32>
  %ws = arith.constant dense<0.5> : tensor<64x16x3x3xf32>
  %e = riffle.conv2d %s, %ws {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x16x13x13xf32>, tensor<64x16x3x3xf32>) -> tensor<1x64x13x13xf32>
  %wt = arith.constant dense<0.5> : tensor<128x96x3x3xf32>
  %u = riffle.conv2d %t, %wt {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x96x10x10xf32>, tensor<128x96x3x3xf32>) -> tensor<1x128x10x10xf32>
  return %y, %e, %u : tensor<1x256x13x13xf32>, tensor<1x64x13x13xf32>, tensor<1x128x10x10xf32>
}

// -----

// Grouped 1x1 conv with a channel map (ShuffleNet V1): tiles of output
// channels per group (20).
// AVX512-LABEL: func.func @group_pw
// AVX512-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX512-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 10], parallel = rows>
// AVX512: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 16, parallel = channels>
// AVX2-LABEL: func.func @group_pw
// AVX2-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX2-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx2-fma", vector_lanes = 8, gpu = false>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 8, tile = [16, 5], parallel = rows>
// AVX2: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 8, parallel = channels>
// NEON-LABEL: func.func @group_pw
// NEON-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// NEON-SAME: riffle.target = #riffle.target<name = "arm-64-linux", vector_lanes = 4, gpu = false>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 4, tile = [8, 5], parallel = rows>
// NEON: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 4, parallel = channels>
// GPU-LABEL: func.func @group_pw
// GPU-SAME: riffle.target = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 4, gpu = true, gpu_block = [16, 8, 128]>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, tile = [4]>
// GPU: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
func.func @group_pw(%x: tensor<1x24x28x28xf32>) -> tensor<1x60x28x28xf32> {
  %w = arith.constant dense<0.5> : tensor<60x8x1x1xf32>
  %y = riffle.conv2d %x, %w {groups = 3 : i64} : (tensor<1x24x28x28xf32>, tensor<60x8x1x1xf32>) -> tensor<1x60x28x28xf32>
  %z = riffle.relu %y : tensor<1x60x28x28xf32>
  return %z : tensor<1x60x28x28xf32>
}

// -----

// Depthwise 3x3, stride 1 and stride 2: one padded channel plane at a time,
// in tiles of rows that load the input rows they share once (28 rows: 4
// at a time, 6 input rows loaded per 4 output rows; 14 rows at stride 2:
// 2 at a time, as 3 or 4 would compute 15 or 16).
// AVX512-LABEL: func.func @dw
// AVX512-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX512-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// AVX512: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 16, parallel = channels>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 16, tile = [16, 1, 4], pad = per_channel, parallel = channels>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 16, tile = [16, 1, 2], tail = round_up, pad = per_channel, parallel = channels>
// AVX2-LABEL: func.func @dw
// AVX2-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX2-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx2-fma", vector_lanes = 8, gpu = false>
// AVX2: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 8, parallel = channels>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 8, tile = [8, 1, 4], pad = per_channel, parallel = channels>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 8, tile = [8, 1, 2], pad = per_channel, parallel = channels>
// NEON-LABEL: func.func @dw
// NEON-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// NEON-SAME: riffle.target = #riffle.target<name = "arm-64-linux", vector_lanes = 4, gpu = false>
// NEON: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 4, parallel = channels>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 4, tile = [4, 1, 4], pad = per_channel, parallel = channels>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 4, tile = [4, 1, 2], pad = per_channel, parallel = channels>
// GPU-LABEL: func.func @dw
// GPU-SAME: riffle.target = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 4, gpu = true, gpu_block = [16, 8, 128]>
// GPU: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, pad = staged>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, pad = staged, placement = result>
func.func @dw(%x: tensor<1x32x28x28xf32>) -> tensor<1x32x14x14xf32> {
  %w = arith.constant dense<0.5> : tensor<32x1x3x3xf32>
  %a = riffle.relu %x : tensor<1x32x28x28xf32>
  %s1 = riffle.conv2d %a, %w {groups = 32 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x32x28x28xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x28x28xf32>
  %s2 = riffle.conv2d %s1, %w {groups = 32 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x32x28x28xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x14x14xf32>
  return %s2 : tensor<1x32x14x14xf32>
}

// -----

// Stem: dense 3x3 stride 2 on 3 input channels, padded once at root;
// rows of 32 columns in tiles of two x-vectors, rows of 48 (three vectors
// at AVX-512) in tiles of one by 16 channels: two-vector tiles would
// compute a fourth vector.
// AVX512-LABEL: func.func @stem
// AVX512-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [32, 12], pad = root, weights = packed, parallel = rows>
// AVX512: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 16, parallel = channels>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 16], pad = root, weights = packed, parallel = rows>
// AVX2-LABEL: func.func @stem
// AVX2-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx2-fma", vector_lanes = 8, gpu = false>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 8, tile = [16, 6], pad = root, weights = packed, parallel = rows>
// AVX2: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 8, parallel = channels>
// NEON-LABEL: func.func @stem
// NEON-SAME: riffle.target = #riffle.target<name = "arm-64-linux", vector_lanes = 4, gpu = false>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 4, tile = [8, 6], pad = root, weights = packed, parallel = rows>
// NEON: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 4, parallel = channels>
// GPU-LABEL: func.func @stem
// GPU-SAME: riffle.target = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 4, gpu = true, gpu_block = [16, 8, 128]>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, tile = [4], pad = select>
// GPU: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
func.func @stem(%x: tensor<1x3x64x64xf32>, %v: tensor<1x3x96x96xf32>) -> (tensor<1x24x32x32xf32>, tensor<1x32x48x48xf32>) {
  %w = arith.constant dense<0.5> : tensor<24x3x3x3xf32>
  %y = riffle.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, act = #riffle.act<clip(0.0, 6.0)>} : (tensor<1x3x64x64xf32>, tensor<24x3x3x3xf32>) -> tensor<1x24x32x32xf32>
  %z = riffle.relu %y : tensor<1x24x32x32xf32>
  %w3 = arith.constant dense<0.5> : tensor<32x3x3x3xf32>
  %u = riffle.conv2d %v, %w3 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x96x96xf32>, tensor<32x3x3x3xf32>) -> tensor<1x32x48x48xf32>
  return %z, %u : tensor<1x24x32x32xf32>, tensor<1x32x48x48xf32>
}

// -----

// Depthwise 5x5 (MobileNet V3) and a 1x3 then 3x1 dense pair. The 3x1's
// padded copy (rows only) has rows of its plane's width: with AVX2 and
// NEON, whose 14-column rows take two tiles of two vectors, it is
// flattened (with AVX2, 13 tiles of two vectors against 14 rows of two).
// AVX512-LABEL: func.func @dw5x5_1x3_3x1
// AVX512-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX512-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// AVX512: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 16>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 16, tile = [16, 1, 3], tail = round_up, pad = per_channel, parallel = channels>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 16], tail = round_up, pad = root, weights = packed, parallel = rows>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 16], tail = round_up, pad = root, weights = packed, parallel = rows>
// AVX2-LABEL: func.func @dw5x5_1x3_3x1
// AVX2-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX2-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx2-fma", vector_lanes = 8, gpu = false>
// AVX2: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 8>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 8, tile = [8, 1, 3], pad = per_channel, parallel = channels>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 8, tile = [8, 8], pad = root, weights = packed, parallel = rows>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 8, tile = [16, 4], pad = root, weights = packed, parallel = rows>
// NEON-LABEL: func.func @dw5x5_1x3_3x1
// NEON-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// NEON-SAME: riffle.target = #riffle.target<name = "arm-64-linux", vector_lanes = 4, gpu = false>
// NEON: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 4>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 4, tile = [4, 1, 3], pad = per_channel, parallel = channels>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 4, tile = [8, 4], pad = root, weights = packed, parallel = rows>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 4, tile = [8, 4], pad = root, weights = packed, parallel = rows>
// GPU-LABEL: func.func @dw5x5_1x3_3x1
// GPU-SAME: riffle.target = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 4, gpu = true, gpu_block = [16, 8, 128]>
// GPU: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, pad = staged>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, tile = [4], pad = select>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, tile = [4], pad = select, placement = result>
func.func @dw5x5_1x3_3x1(%x: tensor<1x16x14x14xf32>) -> tensor<1x16x14x14xf32> {
  %w5 = arith.constant dense<0.5> : tensor<16x1x5x5xf32>
  %w13 = arith.constant dense<0.5> : tensor<16x16x1x3xf32>
  %w31 = arith.constant dense<0.5> : tensor<16x16x3x1xf32>
  %a = riffle.relu %x : tensor<1x16x14x14xf32>
  %d = riffle.conv2d %a, %w5 {groups = 16 : i64, pads = array<i64: 2, 2, 2, 2>} : (tensor<1x16x14x14xf32>, tensor<16x1x5x5xf32>) -> tensor<1x16x14x14xf32>
  %h = riffle.conv2d %d, %w13 {pads = array<i64: 0, 1, 0, 1>} : (tensor<1x16x14x14xf32>, tensor<16x16x1x3xf32>) -> tensor<1x16x14x14xf32>
  %v = riffle.conv2d %h, %w31 {pads = array<i64: 1, 0, 1, 0>} : (tensor<1x16x14x14xf32>, tensor<16x16x3x1xf32>) -> tensor<1x16x14x14xf32>
  return %v : tensor<1x16x14x14xf32>
}

// -----

// Pools: max 3x3 stride 2 (padded with -inf; tiles of 4 rows, which share
// input rows), average 2x2 (no padding; one row at a time, as rows share
// no input rows), global average.
// AVX512-LABEL: func.func @pools
// AVX512-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX512-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// AVX512: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 16, parallel = channels>
// AVX512: riffle.max_pool2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 16, tile = [16, 1, 4], pad = per_channel, parallel = channels>
// AVX512: riffle.avg_pool2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 16, tile = [16, 1], tail = round_up, parallel = channels>
// AVX512: riffle.global_avg_pool {{.*}}riffle.schedule = #riffle.schedule<kind = plane_reduction, vector = 16>
// AVX2-LABEL: func.func @pools
// AVX2-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX2-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx2-fma", vector_lanes = 8, gpu = false>
// AVX2: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 8, parallel = channels>
// AVX2: riffle.max_pool2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 8, tile = [8, 1, 4], pad = per_channel, parallel = channels>
// AVX2: riffle.avg_pool2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 8, tile = [8, 1], parallel = channels>
// AVX2: riffle.global_avg_pool {{.*}}riffle.schedule = #riffle.schedule<kind = plane_reduction, vector = 8>
// NEON-LABEL: func.func @pools
// NEON-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// NEON-SAME: riffle.target = #riffle.target<name = "arm-64-linux", vector_lanes = 4, gpu = false>
// NEON: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 4, parallel = channels>
// NEON: riffle.max_pool2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 4, tile = [4, 1, 4], pad = per_channel, parallel = channels>
// NEON: riffle.avg_pool2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 4, tile = [4, 1], parallel = channels>
// NEON: riffle.global_avg_pool {{.*}}riffle.schedule = #riffle.schedule<kind = plane_reduction, vector = 4>
// GPU-LABEL: func.func @pools
// GPU-SAME: riffle.target = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 4, gpu = true, gpu_block = [16, 8, 128]>
// GPU: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// GPU: riffle.max_pool2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, pad = staged>
// GPU: riffle.avg_pool2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window>
// GPU: riffle.global_avg_pool {{.*}}riffle.schedule = #riffle.schedule<kind = root, placement = result>
func.func @pools(%x: tensor<1x24x56x56xf32>) -> tensor<1x24x1x1xf32> {
  %a = riffle.relu %x : tensor<1x24x56x56xf32>
  %m = riffle.max_pool2d %a {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x24x56x56xf32> -> tensor<1x24x28x28xf32>
  %p = riffle.avg_pool2d %m {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x24x28x28xf32> -> tensor<1x24x14x14xf32>
  %g = riffle.global_avg_pool %p : tensor<1x24x14x14xf32> -> tensor<1x24x1x1xf32>
  return %g : tensor<1x24x1x1xf32>
}

// -----

// Large windows loop over their taps: a 9x9 pool (81 taps) unrolls its
// columns only, a 60x80 pool none; a 7x7 depthwise conv (49) all of them,
// the default, which the attribute does not print.
// AVX512-LABEL: func.func @large_windows
// AVX512: riffle.max_pool2d {{.*}}kind = channelwise_window, {{.*}}parallel = channels, unroll = columns>
// AVX512: riffle.max_pool2d {{.*}}kind = channelwise_window, {{.*}}parallel = channels, unroll = none>
// AVX512: riffle.conv2d {{.*}}kind = channelwise_window, {{.*}}parallel = channels>
// AVX512-NOT: unroll
// GPU-LABEL: func.func @large_windows
// (On GPUs each result is computed by its own kernel: placement = result.)
// GPU: riffle.max_pool2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, pad = staged, placement = result, unroll = columns>
// GPU: riffle.max_pool2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, pad = staged, placement = result, unroll = none>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, pad = staged, placement = result>
func.func @large_windows(%x: tensor<1x8x100x100xf32>, %w: tensor<8x1x7x7xf32>) -> (tensor<1x8x96x96xf32>, tensor<1x8x7x7xf32>, tensor<1x8x100x100xf32>) {
  %a = riffle.max_pool2d %x {kernel = array<i64: 9, 9>, pads = array<i64: 2, 2, 2, 2>, strides = array<i64: 1, 1>} : tensor<1x8x100x100xf32> -> tensor<1x8x96x96xf32>
  %b = riffle.max_pool2d %x {kernel = array<i64: 60, 80>, pads = array<i64: 10, 20, 10, 20>, strides = array<i64: 10, 10>, dilations = array<i64: 1, 1>} : tensor<1x8x100x100xf32> -> tensor<1x8x7x7xf32>
  %c = riffle.conv2d %x, %w {groups = 8 : i64, pads = array<i64: 3, 3, 3, 3>} : (tensor<1x8x100x100xf32>, tensor<8x1x7x7xf32>) -> tensor<1x8x100x100xf32>
  return %a, %b, %c : tensor<1x8x96x96xf32>, tensor<1x8x7x7xf32>, tensor<1x8x100x100xf32>
}

// -----

// Fully connected layers: wide (4 vectors per tile), narrow (unsplit);
// constant weights of a split row are packed per tile.
// AVX512-LABEL: func.func @gemm
// AVX512-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// AVX512: riffle.gemm {{.*}}riffle.schedule = #riffle.schedule<kind = gemm, vector = 16, tile = [64], weights = packed, parallel = channels>
// AVX512: riffle.gemm {{.*}}riffle.schedule = #riffle.schedule<kind = gemm, vector = 16, tile = [0]>
// AVX512: riffle.softmax {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 16>
// AVX2-LABEL: func.func @gemm
// AVX2-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx2-fma", vector_lanes = 8, gpu = false>
// AVX2: riffle.gemm {{.*}}riffle.schedule = #riffle.schedule<kind = gemm, vector = 8, tile = [32], weights = packed, parallel = channels>
// AVX2: riffle.gemm {{.*}}riffle.schedule = #riffle.schedule<kind = gemm, vector = 8, tile = [8], weights = packed>
// AVX2: riffle.softmax {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 8>
// NEON-LABEL: func.func @gemm
// NEON-SAME: riffle.target = #riffle.target<name = "arm-64-linux", vector_lanes = 4, gpu = false>
// NEON: riffle.gemm {{.*}}riffle.schedule = #riffle.schedule<kind = gemm, vector = 4, tile = [16], weights = packed, parallel = channels>
// NEON: riffle.gemm {{.*}}riffle.schedule = #riffle.schedule<kind = gemm, vector = 4, tile = [4], weights = packed>
// NEON: riffle.softmax {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 4>
// GPU-LABEL: func.func @gemm
// GPU-SAME: riffle.target = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 4, gpu = true, gpu_block = [16, 8, 128]>
// GPU: riffle.gemm {{.*}}riffle.schedule = #riffle.schedule<kind = gemm>
// GPU: riffle.gemm {{.*}}riffle.schedule = #riffle.schedule<kind = gemm>
// GPU: riffle.softmax {{.*}}riffle.schedule = #riffle.schedule<kind = root, placement = result>
func.func @gemm(%x: tensor<1x1024xf32>) -> tensor<1x10xf32> {
  %w1 = arith.constant dense<0.5> : tensor<100x1024xf32>
  %w2 = arith.constant dense<0.5> : tensor<10x100xf32>
  %h = riffle.gemm %x, %w1 {act = #riffle.act<relu>} : (tensor<1x1024xf32>, tensor<100x1024xf32>) -> tensor<1x100xf32>
  %y = riffle.gemm %h, %w2 : (tensor<1x100xf32>, tensor<10x100xf32>) -> tensor<1x10xf32>
  %s = riffle.softmax %y {axis = 1 : i64} : tensor<1x10xf32>
  return %s : tensor<1x10xf32>
}

// -----

// MobileNet V2 inverted residual: the expansion conv computed inside its
// depthwise conv, a channel block at a time (CPU) or per thread block
// (GPU); projection and residual add as usual.
// AVX512-LABEL: func.func @inverted_residual
// AVX512-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX512-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// AVX512: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 16, parallel = channels>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 16, tile = [32, 12], placement = consumer, weights = packed>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 16, tile = [16, 12, 4], pad = per_channel, parallel = channels>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 16, tile = [32, 12], weights = packed, parallel = rows>
// AVX512: riffle.add {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 16, parallel = channels>
// AVX2-LABEL: func.func @inverted_residual
// AVX2-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX2-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx2-fma", vector_lanes = 8, gpu = false>
// AVX2: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 8, parallel = channels>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 8, tile = [16, 6], placement = consumer, weights = packed>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 8, tile = [8, 6, 4], pad = per_channel, parallel = channels>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 8, tile = [16, 6], weights = packed, parallel = rows>
// AVX2: riffle.add {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 8, parallel = channels>
// NEON-LABEL: func.func @inverted_residual
// NEON-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// NEON-SAME: riffle.target = #riffle.target<name = "arm-64-linux", vector_lanes = 4, gpu = false>
// NEON: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 4, parallel = channels>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 4, tile = [8, 6], placement = consumer, weights = packed>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 4, tile = [4, 6, 4], pad = per_channel, parallel = channels>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 4, tile = [8, 6], weights = packed, parallel = rows>
// NEON: riffle.add {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 4, parallel = channels>
// GPU-LABEL: func.func @inverted_residual
// GPU-SAME: riffle.target = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 4, gpu = true, gpu_block = [16, 8, 128]>
// GPU: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, tile = [4], placement = consumer>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, pad = select>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, tile = [4]>
// GPU: riffle.add {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
func.func @inverted_residual(%x: tensor<1x24x56x56xf32>) -> tensor<1x24x56x56xf32> {
  %we = arith.constant dense<0.5> : tensor<144x24x1x1xf32>
  %wd = arith.constant dense<0.5> : tensor<144x1x3x3xf32>
  %wp = arith.constant dense<0.5> : tensor<24x144x1x1xf32>
  %a = riffle.relu %x : tensor<1x24x56x56xf32>
  %e = riffle.conv2d %a, %we {act = #riffle.act<clip(0.0, 6.0)>} : (tensor<1x24x56x56xf32>, tensor<144x24x1x1xf32>) -> tensor<1x144x56x56xf32>
  %d = riffle.conv2d %e, %wd {groups = 144 : i64, pads = array<i64: 1, 1, 1, 1>, act = #riffle.act<clip(0.0, 6.0)>} : (tensor<1x144x56x56xf32>, tensor<144x1x3x3xf32>) -> tensor<1x144x56x56xf32>
  %p = riffle.conv2d %d, %wp : (tensor<1x144x56x56xf32>, tensor<24x144x1x1xf32>) -> tensor<1x24x56x56xf32>
  %r = riffle.add %p, %a : tensor<1x24x56x56xf32>, tensor<1x24x56x56xf32> -> tensor<1x24x56x56xf32>
  return %r : tensor<1x24x56x56xf32>
}

// -----

// SE block (MobileNet V3): squeeze (a plane reduction, vectors over
// channels), two 1x1 convs on a 1x1 plane (as many channel vectors as the
// channels fill, up to 8 and within the registers: with AVX-512, 24
// channels make one vector and 96 six; with 16 registers, AVX2 and NEON
// tiles of 96 channels take six vectors, 48 and 24 channels), hard
// sigmoid, channel-wise excitation multiply.
// AVX512-LABEL: func.func @se_block
// AVX512-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX512-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// AVX512: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 16, parallel = channels>
// AVX512: riffle.global_avg_pool {{.*}}riffle.schedule = #riffle.schedule<kind = plane_reduction, vector = 16, parallel = channels>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channel_vector_conv, vector = 16, tile = [16, 1], weights = packed>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channel_vector_conv, vector = 16, tile = [96, 1], weights = packed>
// AVX512: riffle.hardsigmoid {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 16>
// AVX512: riffle.mul {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 16, parallel = channels>
// AVX2-LABEL: func.func @se_block
// AVX2-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX2-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx2-fma", vector_lanes = 8, gpu = false>
// AVX2: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 8, parallel = channels>
// AVX2: riffle.global_avg_pool {{.*}}riffle.schedule = #riffle.schedule<kind = plane_reduction, vector = 8, parallel = channels>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channel_vector_conv, vector = 8, tile = [24, 1], weights = packed>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channel_vector_conv, vector = 8, tile = [48, 1], weights = packed>
// AVX2: riffle.hardsigmoid {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 8>
// AVX2: riffle.mul {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 8, parallel = channels>
// NEON-LABEL: func.func @se_block
// NEON-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// NEON-SAME: riffle.target = #riffle.target<name = "arm-64-linux", vector_lanes = 4, gpu = false>
// NEON: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 4, parallel = channels>
// NEON: riffle.global_avg_pool {{.*}}riffle.schedule = #riffle.schedule<kind = plane_reduction, vector = 4, parallel = channels>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channel_vector_conv, vector = 4, tile = [24, 1], weights = packed>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channel_vector_conv, vector = 4, tile = [24, 1], weights = packed>
// NEON: riffle.hardsigmoid {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 4>
// NEON: riffle.mul {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 4, parallel = channels>
// GPU-LABEL: func.func @se_block
// GPU-SAME: riffle.target = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 4, gpu = true, gpu_block = [16, 8, 128]>
// GPU: riffle.relu {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// GPU: riffle.global_avg_pool {{.*}}riffle.schedule = #riffle.schedule<kind = root>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, tile = [4]>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, tile = [4]>
// GPU: riffle.hardsigmoid {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// GPU: riffle.mul {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
func.func @se_block(%x: tensor<1x96x14x14xf32>) -> tensor<1x96x14x14xf32> {
  %w1 = arith.constant dense<0.5> : tensor<24x96x1x1xf32>
  %w2 = arith.constant dense<0.5> : tensor<96x24x1x1xf32>
  %a = riffle.relu %x : tensor<1x96x14x14xf32>
  %g = riffle.global_avg_pool %a : tensor<1x96x14x14xf32> -> tensor<1x96x1x1xf32>
  %s = riffle.conv2d %g, %w1 {act = #riffle.act<relu>} : (tensor<1x96x1x1xf32>, tensor<24x96x1x1xf32>) -> tensor<1x24x1x1xf32>
  %e = riffle.conv2d %s, %w2 : (tensor<1x24x1x1xf32>, tensor<96x24x1x1xf32>) -> tensor<1x96x1x1xf32>
  %h = riffle.hardsigmoid %e {alpha = 0.16666667 : f32, beta = 0.5 : f32} : tensor<1x96x1x1xf32>
  %m = riffle.mul %a, %h : tensor<1x96x14x14xf32>, tensor<1x96x1x1xf32> -> tensor<1x96x14x14xf32>
  return %m : tensor<1x96x14x14xf32>
}

// -----

// ShuffleNet V2 unit after the pipeline: the split and the concat-shuffle
// are channel_gather views (inlined: addressing in their readers); the
// branch's expansion conv reads a view and is still computed inside its
// depthwise conv. The projection (28 columns: rows ending in part-empty
// vectors except on NEON) is computed over its flattened plane; the
// expansion is not: it reads the argument's padded copy.
// AVX512-LABEL: func.func @shufflenet_v2_unit
// AVX512-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX512-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// AVX512: riffle.channel_gather {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 4], placement = consumer, weights = packed>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 16, tile = [16, 4, 4], pad = per_channel, parallel = channels>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 16, tile = [32, 4], weights = packed>
// AVX512: riffle.channel_gather {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// AVX2-LABEL: func.func @shufflenet_v2_unit
// AVX2-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// AVX2-SAME: riffle.target = #riffle.target<name = "x86-64-linux-avx2-fma", vector_lanes = 8, gpu = false>
// AVX2: riffle.channel_gather {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 8, tile = [16, 4], placement = consumer, weights = packed>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 8, tile = [8, 4, 4], pad = per_channel, parallel = channels>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 8, tile = [16, 4], weights = packed>
// AVX2: riffle.channel_gather {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// NEON-LABEL: func.func @shufflenet_v2_unit
// NEON-SAME: {riffle.schedule = #riffle.schedule<kind = root, pad = root, parallel = channels>}
// NEON-SAME: riffle.target = #riffle.target<name = "arm-64-linux", vector_lanes = 4, gpu = false>
// NEON: riffle.channel_gather {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 4, tile = [8, 4], placement = consumer, weights = packed>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 4, tile = [4, 4, 4], pad = per_channel, parallel = channels>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 4, tile = [8, 4], weights = packed>
// NEON: riffle.channel_gather {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// GPU-LABEL: func.func @shufflenet_v2_unit
// GPU-SAME: riffle.target = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 4, gpu = true, gpu_block = [16, 8, 128]>
// GPU: riffle.channel_gather {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, tile = [4], placement = consumer>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, pad = select>
// GPU: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, tile = [4]>
// GPU: riffle.channel_gather {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
func.func @shufflenet_v2_unit(%x: tensor<1x8x28x28xf32>) -> tensor<1x8x28x28xf32> {
  %w1 = arith.constant dense<0.5> : tensor<4x4x1x1xf32>
  %wd = arith.constant dense<0.5> : tensor<4x1x3x3xf32>
  %w2 = arith.constant dense<0.5> : tensor<4x4x1x1xf32>
  %b = riffle.channel_gather %x sources [0, 0, 0, 0] channels [4, 5, 6, 7] : (tensor<1x8x28x28xf32>) -> tensor<1x4x28x28xf32>
  %e = riffle.conv2d %b, %w1 {act = #riffle.act<relu>} : (tensor<1x4x28x28xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x28x28xf32>
  %d = riffle.conv2d %e, %wd {groups = 4 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x28x28xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x28x28xf32>
  %p = riffle.conv2d %d, %w2 {act = #riffle.act<relu>} : (tensor<1x4x28x28xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x28x28xf32>
  %y = riffle.channel_gather %x, %p sources [0, 1, 0, 1, 0, 1, 0, 1] channels [0, 0, 1, 1, 2, 2, 3, 3] : (tensor<1x8x28x28xf32>, tensor<1x4x28x28xf32>) -> tensor<1x8x28x28xf32>
  return %y : tensor<1x8x28x28xf32>
}

// -----

// A channel shuffle left in the IR (riffle-fuse-channel-shuffle disabled):
// by default an index view its readers read through; with
// materialize-shuffles a copy of its own (`root`), the baseline the shuffle
// fusion is measured against. Other views stay inlined.
// AVX512-LABEL: func.func @unfused_shuffle
// AVX512: riffle.channel_shuffle {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// AVX512: riffle.split {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// GPU-LABEL: func.func @unfused_shuffle
// GPU: riffle.channel_shuffle {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// COPY-LABEL: func.func @unfused_shuffle
// COPY: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv,
// COPY: riffle.channel_shuffle {{.*}}riffle.schedule = #riffle.schedule<kind = root, vector = 16>
// COPY: riffle.split {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
// COPY: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv,
// COPY-GPU-LABEL: func.func @unfused_shuffle
// COPY-GPU: riffle.channel_shuffle {{.*}}riffle.schedule = #riffle.schedule<kind = root>
// COPY-GPU: riffle.split {{.*}}riffle.schedule = #riffle.schedule<kind = inlined>
func.func @unfused_shuffle(%x: tensor<1x8x28x28xf32>) -> (tensor<1x4x28x28xf32>, tensor<1x4x28x28xf32>) {
  %w = arith.constant dense<0.5> : tensor<8x8x1x1xf32>
  %w2 = arith.constant dense<0.5> : tensor<4x4x1x1xf32>
  %c = riffle.conv2d %x, %w {act = #riffle.act<relu>} : (tensor<1x8x28x28xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x28x28xf32>
  %s = riffle.channel_shuffle %c, groups = 2 : tensor<1x8x28x28xf32>
  %a, %b = riffle.split %s [4, 4] : tensor<1x8x28x28xf32> -> tensor<1x4x28x28xf32>, tensor<1x4x28x28xf32>
  %p = riffle.conv2d %b, %w2 : (tensor<1x4x28x28xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x28x28xf32>
  return %a, %p : tensor<1x4x28x28xf32>, tensor<1x4x28x28xf32>
}

// -----

// An element-wise op whose only use is an element-wise op of its shape is
// computed inside it (CPU): a batch norm exported as Mul then Add+ReLU,
// and the excitation multiply after it, are one loop. Not an op its user
// broadcasts (the sigmoid) or one with two uses (%e).
// AVX512-LABEL: func.func @elementwise_chain
// AVX512: %[[M:.*]] = riffle.mul %arg0, %{{.*}} {riffle.schedule = #riffle.schedule<kind = inlined>}
// AVX512: %[[A:.*]] = riffle.add %[[M]], %{{.*}} {act = #riffle.act<relu>, riffle.schedule = #riffle.schedule<kind = inlined>}
// AVX512: %[[S:.*]] = riffle.sigmoid %arg1 {riffle.schedule = #riffle.schedule<kind = root, vector = 16>}
// AVX512: %[[E:.*]] = riffle.mul %[[A]], %[[S]] {riffle.schedule = #riffle.schedule<kind = root, vector = 16, parallel = channels>}
// AVX512: %[[T:.*]] = riffle.relu %[[E]] {riffle.schedule = #riffle.schedule<kind = inlined>}
// AVX512: riffle.add %[[T]], %[[E]] {riffle.schedule = #riffle.schedule<kind = root, vector = 16, parallel = channels>}
func.func @elementwise_chain(%x: tensor<1x32x28x28xf32>, %z: tensor<1x32x1x1xf32>) -> tensor<1x32x28x28xf32> {
  %scale = arith.constant dense<0.5> : tensor<1x32x1x1xf32>
  %shift = arith.constant dense<0.25> : tensor<1x32x1x1xf32>
  %m = riffle.mul %x, %scale : tensor<1x32x28x28xf32>, tensor<1x32x1x1xf32> -> tensor<1x32x28x28xf32>
  %a = riffle.add %m, %shift {act = #riffle.act<relu>} : tensor<1x32x28x28xf32>, tensor<1x32x1x1xf32> -> tensor<1x32x28x28xf32>
  %s = riffle.sigmoid %z : tensor<1x32x1x1xf32>
  %e = riffle.mul %a, %s : tensor<1x32x28x28xf32>, tensor<1x32x1x1xf32> -> tensor<1x32x28x28xf32>
  %t = riffle.relu %e : tensor<1x32x28x28xf32>
  %r = riffle.add %t, %e : tensor<1x32x28x28xf32>, tensor<1x32x28x28xf32> -> tensor<1x32x28x28xf32>
  return %r : tensor<1x32x28x28xf32>
}

// -----

// Short loop nests stay serial (CPU): handing half of a loop this small to
// the other thread costs more than it saves. The estimate counts a conv's
// MACs, three units per element-wise value and per window tap: a relu of
// 37,632 values (~113K units) is split, one of 9,408 (28K) is not; a 1x1
// conv of 512x512 on 7x7 (12.8M MACs) is split, one of 16x16 (12.5K) is
// not; a depthwise 3x3 of 512 channels on 7x7 (677K) is split.
// AVX512-LABEL: func.func @parallel_threshold
// AVX512: riffle.relu %arg0 {riffle.schedule = #riffle.schedule<kind = root, vector = 16, parallel = channels>}
// AVX512: riffle.relu %arg1 {riffle.schedule = #riffle.schedule<kind = root, vector = 16>}
// AVX512: riffle.conv2d {{.*}}kind = channel_vector_conv, {{.*}}parallel = channels>
// AVX512: riffle.conv2d {{.*}}kind = channel_vector_conv, vector = 16, tile = [16, 1], weights = packed>
// AVX512: riffle.conv2d {{.*}}kind = channelwise_window, {{.*}}parallel = channels>
// GPU-LABEL: func.func @parallel_threshold
// GPU-NOT: parallel =
func.func @parallel_threshold(%big: tensor<1x768x7x7xf32>, %small: tensor<1x192x7x7xf32>,
                              %wide: tensor<1x512x7x7xf32>, %narrow: tensor<1x16x7x7xf32>)
    -> (tensor<1x768x7x7xf32>, tensor<1x192x7x7xf32>, tensor<1x512x7x7xf32>, tensor<1x16x7x7xf32>, tensor<1x512x7x7xf32>) {
  %w1 = arith.constant dense<0.5> : tensor<512x512x1x1xf32>
  %w2 = arith.constant dense<0.5> : tensor<16x16x1x1xf32>
  %w3 = arith.constant dense<0.5> : tensor<512x1x3x3xf32>
  %a = riffle.relu %big : tensor<1x768x7x7xf32>
  %b = riffle.relu %small : tensor<1x192x7x7xf32>
  %c = riffle.conv2d %wide, %w1 : (tensor<1x512x7x7xf32>, tensor<512x512x1x1xf32>) -> tensor<1x512x7x7xf32>
  %d = riffle.conv2d %narrow, %w2 : (tensor<1x16x7x7xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x7x7xf32>
  %e = riffle.conv2d %wide, %w3 {groups = 512 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x512x7x7xf32>, tensor<512x1x3x3xf32>) -> tensor<1x512x7x7xf32>
  return %a, %b, %c, %d, %e : tensor<1x768x7x7xf32>, tensor<1x192x7x7xf32>, tensor<1x512x7x7xf32>, tensor<1x16x7x7xf32>, tensor<1x512x7x7xf32>
}

// -----

// Weights computed at run time (not a constant) keep their layout.
// AVX512-LABEL: func.func @gemm_runtime_weights
// AVX512: riffle.gemm %arg0, %arg1 {riffle.schedule = #riffle.schedule<kind = gemm, vector = 16, tile = [64], parallel = channels>}
func.func @gemm_runtime_weights(%x: tensor<1x1024xf32>, %w: tensor<1000x1024xf32>) -> tensor<1x1000xf32> {
  %y = riffle.gemm %x, %w : (tensor<1x1024xf32>, tensor<1000x1024xf32>) -> tensor<1x1000xf32>
  return %y : tensor<1x1000xf32>
}

// -----

// 1x1 convs with stride 1 on planes whose rows end in part-empty vectors
// (28 columns: 2 x-vectors of 16 per row, 12.5% empty) are computed over
// the flattened plane: tiles of 32 positions run on across rows. Not when
// a reader computes past the plane's edge (a round_up tile on 14 columns
// would read the next row, or past the plane), not when the input is read
// through a padded copy (its storage is not the plane: the loads would be
// gathers), not when the rows hold whole tiles (64 columns). AVX2's
// 14-column rows hold no round_up tile (8 + 8 overlapping), so both 14x14
// convs flatten there. GPUs: never (a CPU kind).
// AVX512-LABEL: func.func @flat_conv
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 16, tile = [32, 8], weights = packed, parallel = rows>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 16], weights = packed, parallel = rows>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 16], tail = round_up, weights = packed, parallel = rows>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 16], tail = round_up, weights = packed, parallel = rows>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [32, 8], weights = packed, parallel = rows>
// AVX2-LABEL: func.func @flat_conv
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 8, tile = [16, 4], weights = packed, parallel = rows>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 8, tile = [16, 4], weights = packed, parallel = rows>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 8, tile = [16, 4], weights = packed, parallel = rows>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 8, tile = [16, 4], weights = packed, parallel = rows>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 8, tile = [16, 4], weights = packed, parallel = rows>
// NEON-LABEL: func.func @flat_conv
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 4, tile = [8, 4], weights = packed, parallel = rows>
// GPU-LABEL: func.func @flat_conv
// GPU-NOT: flat_conv
// GPU: return
func.func @flat_conv(%x: tensor<1x64x28x28xf32>, %s: tensor<1x64x14x14xf32>, %z: tensor<1x64x64x64xf32>) -> (tensor<1x64x28x28xf32>, tensor<1x64x28x28xf32>, tensor<1x64x14x14xf32>, tensor<1x64x64x64xf32>) {
  %w = arith.constant dense<0.5> : tensor<64x64x1x1xf32>
  %a = riffle.relu %x : tensor<1x64x28x28xf32>
  %y = riffle.conv2d %a, %w : (tensor<1x64x28x28xf32>, tensor<64x64x1x1xf32>) -> tensor<1x64x28x28xf32>
  %u = riffle.conv2d %x, %w : (tensor<1x64x28x28xf32>, tensor<64x64x1x1xf32>) -> tensor<1x64x28x28xf32>
  %b = riffle.relu %s : tensor<1x64x14x14xf32>
  %p = riffle.conv2d %b, %w : (tensor<1x64x14x14xf32>, tensor<64x64x1x1xf32>) -> tensor<1x64x14x14xf32>
  %q = riffle.conv2d %p, %w : (tensor<1x64x14x14xf32>, tensor<64x64x1x1xf32>) -> tensor<1x64x14x14xf32>
  %c = riffle.relu %z : tensor<1x64x64x64xf32>
  %v = riffle.conv2d %c, %w : (tensor<1x64x64x64xf32>, tensor<64x64x1x1xf32>) -> tensor<1x64x64x64xf32>
  return %y, %u, %q, %v : tensor<1x64x28x28xf32>, tensor<1x64x28x28xf32>, tensor<1x64x14x14xf32>, tensor<1x64x64x64xf32>
}

// -----

// Larger kernels flatten over their input's rows: a 3x3 conv padded by 1
// on a 55x55 plane reads its padded copy (pad = root, 57 columns a row)
// at p + ky * 57 + kx, computing 57 positions a row (two past the edge,
// never read) where x tiles compute 64. Its 1x1 reader then keeps x tiles
// (its input's rows are 57 apart, not 55). Not on 14x14 (16 positions a
// row either way). Unpadded (30x30 in, 28x28 out), it reads its input's
// storage, rows 30 apart. NEON's 8-column tiles leave one column of 56
// empty: x tiles there. GPUs: never.
// AVX512-LABEL: func.func @flat_conv_pitched
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 16, tile = [32, 8], pad = root, weights = packed, parallel = rows>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [32, 8], weights = packed, parallel = rows>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 16], tail = round_up, pad = root, weights = packed, parallel = rows>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 16, tile = [32, 8], weights = packed, parallel = rows>
// AVX2-LABEL: func.func @flat_conv_pitched
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 8, tile = [16, 4], pad = root, weights = packed, parallel = rows>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 8, tile = [16, 4], weights = packed, parallel = rows>
// NEON-LABEL: func.func @flat_conv_pitched
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 4, tile = [8, 4], pad = root, weights = packed, parallel = rows>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 4, tile = [8, 4], weights = packed, parallel = rows>
// GPU-LABEL: func.func @flat_conv_pitched
// GPU-NOT: flat_conv
// GPU: return
func.func @flat_conv_pitched(%x: tensor<1x16x55x55xf32>, %s: tensor<1x16x14x14xf32>, %t: tensor<1x16x30x30xf32>) -> (tensor<1x64x55x55xf32>, tensor<1x16x14x14xf32>, tensor<1x32x28x28xf32>) {
  %w3 = arith.constant dense<0.5> : tensor<32x16x3x3xf32>
  %w1 = arith.constant dense<0.5> : tensor<64x32x1x1xf32>
  %w14 = arith.constant dense<0.5> : tensor<16x16x3x3xf32>
  %a = riffle.relu %x : tensor<1x16x55x55xf32>
  %e = riffle.conv2d %a, %w3 {pads = array<i64: 1, 1, 1, 1>, act = #riffle.act<relu>} : (tensor<1x16x55x55xf32>, tensor<32x16x3x3xf32>) -> tensor<1x32x55x55xf32>
  %p = riffle.conv2d %e, %w1 : (tensor<1x32x55x55xf32>, tensor<64x32x1x1xf32>) -> tensor<1x64x55x55xf32>
  %b = riffle.relu %s : tensor<1x16x14x14xf32>
  %q = riffle.conv2d %b, %w14 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x16x14x14xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x14x14xf32>
  %c = riffle.relu %t : tensor<1x16x30x30xf32>
  %u = riffle.conv2d %c, %w3 : (tensor<1x16x30x30xf32>, tensor<32x16x3x3xf32>) -> tensor<1x32x28x28xf32>
  return %p, %q, %u : tensor<1x64x55x55xf32>, tensor<1x16x14x14xf32>, tensor<1x32x28x28xf32>
}

// -----

// An expansion computed inside its depthwise conv on a 28-column plane:
// planned as one x-vector by 16 channels (28 < two vectors), it is
// flattened with two vectors of positions and a smaller channel block,
// which its depthwise conv then goes by too (the blocks must agree).
// AVX512-LABEL: func.func @flat_conv_fused
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 16, tile = [32, 12], placement = consumer, weights = packed>
// AVX512: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 16, tile = [16, 12, 4], pad = per_channel, parallel = channels>
// AVX2-LABEL: func.func @flat_conv_fused
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 8, tile = [16, 6], placement = consumer, weights = packed>
// AVX2: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 8, tile = [8, 6, 4], pad = per_channel, parallel = channels>
// NEON-LABEL: func.func @flat_conv_fused
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 4, tile = [8, 6], placement = consumer, weights = packed>
// NEON: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 4, tile = [4, 6, 4], pad = per_channel, parallel = channels>
func.func @flat_conv_fused(%x: tensor<1x32x28x28xf32>) -> tensor<1x192x28x28xf32> {
  %we = arith.constant dense<0.5> : tensor<192x32x1x1xf32>
  %wd = arith.constant dense<0.5> : tensor<192x1x3x3xf32>
  %a = riffle.relu %x : tensor<1x32x28x28xf32>
  %e = riffle.conv2d %a, %we {act = #riffle.act<clip(0.0, 6.0)>} : (tensor<1x32x28x28xf32>, tensor<192x32x1x1xf32>) -> tensor<1x192x28x28xf32>
  %d = riffle.conv2d %e, %wd {groups = 192 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x192x28x28xf32>, tensor<192x1x3x3xf32>) -> tensor<1x192x28x28xf32>
  return %d : tensor<1x192x28x28xf32>
}
