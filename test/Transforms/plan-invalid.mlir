// RUN: riffle-opt %s -split-input-file -verify-diagnostics

// Hand-edited plans the dialect rejects, with where and why.

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
#gpu = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 8, gpu = true, gpu_block = [16, 8, 128]>

// A channel tile larger than the output channels.
func.func @tile_too_big(%x: tensor<1x8x16x16xf32>) -> tensor<1x12x16x16xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<12x8x1x1xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan tile of 16 output channels does not fit the 12 output channels}}
  %y = riffle.conv2d %x, %w {riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 16]>} : (tensor<1x8x16x16xf32>, tensor<12x8x1x1xf32>) -> tensor<1x12x16x16xf32>
  return %y : tensor<1x12x16x16xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// An overlapping last x tile wider than the plane.
func.func @x_tile_too_wide(%x: tensor<1x8x7x7xf32>) -> tensor<1x8x7x7xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<8x8x1x1xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan x tile of 16 columns does not fit the 7-column output with tail = shift_inwards (use round_up)}}
  %y = riffle.conv2d %x, %w {riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 8]>} : (tensor<1x8x7x7xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x7x7xf32>
  return %y : tensor<1x8x7x7xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// A depthwise conv planned as a dense one.
func.func @kind_mismatch(%x: tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<8x1x3x3xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan kind 'conv' does not fit the op on a CPU target; expected 'channelwise_window'}}
  %y = riffle.conv2d %x, %w {groups = 8 : i64, pads = array<i64: 1, 1, 1, 1>, riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 8], pad = root>} : (tensor<1x8x16x16xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x16x16xf32>
  return %y : tensor<1x8x16x16xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// A padded conv whose plan computes no padding.
func.func @missing_pad(%x: tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<8x1x3x3xf32>
  // expected-error @+1 {{'riffle.conv2d' op reads outside its input but its plan has pad = none}}
  %y = riffle.conv2d %x, %w {groups = 8 : i64, pads = array<i64: 1, 1, 1, 1>, riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 16, tile = [16, 1]>} : (tensor<1x8x16x16xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x16x16xf32>
  return %y : tensor<1x8x16x16xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// A depthwise conv's padding at root (CPU window ops pad a plane at a time).
func.func @wrong_pad(%x: tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<8x1x3x3xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan pad = root is not one of per_channel for kind 'channelwise_window' on a CPU target}}
  %y = riffle.conv2d %x, %w {groups = 8 : i64, pads = array<i64: 1, 1, 1, 1>, riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 16, tile = [16, 1], pad = root>} : (tensor<1x8x16x16xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x16x16xf32>
  return %y : tensor<1x8x16x16xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// A depthwise conv's row tile taller than its 6 output rows (the last tile
// would shift inwards past the first row).
func.func @window_rows_too_tall(%x: tensor<1x8x6x16xf32>) -> tensor<1x8x6x16xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<8x1x3x3xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan tile of 8 rows is taller than the 6 output rows}}
  %y = riffle.conv2d %x, %w {groups = 8 : i64, pads = array<i64: 1, 1, 1, 1>, riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 16, tile = [16, 1, 8], pad = per_channel>} : (tensor<1x8x6x16xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x6x16xf32>
  return %y : tensor<1x8x6x16xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// A window op's tile of four sizes.
func.func @window_tile_rank(%x: tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<8x1x3x3xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan kind 'channelwise_window' needs tile = [x, channels(, rows)], got 4 size(s)}}
  %y = riffle.conv2d %x, %w {groups = 8 : i64, pads = array<i64: 1, 1, 1, 1>, riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 16, tile = [16, 1, 4, 1], pad = per_channel>} : (tensor<1x8x16x16xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x16x16xf32>
  return %y : tensor<1x8x16x16xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// A conv "fused into" an op that is not a depthwise conv reading it.
func.func @fused_into_non_consumer(%x: tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<8x8x1x1xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan placement = consumer: its user riffle.relu is not a conv2d planned as 'channelwise_window' reading it as its input without channel maps}}
  %y = riffle.conv2d %x, %w {riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 8], placement = consumer>} : (tensor<1x8x16x16xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x16x16xf32>
  %z = riffle.relu %y {riffle.schedule = #riffle.schedule<kind = root, vector = 16>} : tensor<1x8x16x16xf32>
  return %z : tensor<1x8x16x16xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// A fused producer in other channel blocks than its consumer.
func.func @fused_block_mismatch(%x: tensor<1x8x16x16xf32>) -> tensor<1x32x16x16xf32> attributes {riffle.target = #cpu} {
  %we = arith.constant dense<0.5> : tensor<32x8x1x1xf32>
  %wd = arith.constant dense<0.5> : tensor<32x1x3x3xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan channel tile (8) must equal the channel tile of the depthwise conv it is computed in (16)}}
  %e = riffle.conv2d %x, %we {riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 8], placement = consumer>} : (tensor<1x8x16x16xf32>, tensor<32x8x1x1xf32>) -> tensor<1x32x16x16xf32>
  %d = riffle.conv2d %e, %wd {groups = 32 : i64, pads = array<i64: 1, 1, 1, 1>, riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 16, tile = [16, 16], pad = per_channel>} : (tensor<1x32x16x16xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x16x16xf32>
  return %d : tensor<1x32x16x16xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// `io` (channel-vector) weights on a 3x3 kernel: they hold 1x1 kernels.
func.func @layout_mismatch(%x: tensor<1x8x7x7xf32>) -> tensor<1x16x5x5xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<16x8x3x3xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan weights = io needs a 1x1 kernel (use packed)}}
  %y = riffle.conv2d %x, %w {riffle.schedule = #riffle.schedule<kind = channel_vector_conv, vector = 16, tile = [16, 2], weights = io>} : (tensor<1x8x7x7xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x5x5xf32>
  return %y : tensor<1x16x5x5xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// `io` weights with a kind that reads them as OIHW.
func.func @io_weights_on_conv(%x: tensor<1x8x16x16xf32>) -> tensor<1x16x16x16xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<16x8x1x1xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan weights = io applies to kind 'channel_vector_conv' only}}
  %y = riffle.conv2d %x, %w {riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 16], weights = io>} : (tensor<1x8x16x16xf32>, tensor<16x8x1x1xf32>) -> tensor<1x16x16x16xf32>
  return %y : tensor<1x16x16x16xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// `packed` weights on a gemm whose weights are not a constant.
func.func @packed_runtime_weights(%x: tensor<1x64xf32>, %w: tensor<32x64xf32>) -> tensor<1x32xf32> attributes {riffle.target = #cpu} {
  // expected-error @+1 {{'riffle.gemm' op plan weights = packed applies on CPUs to kind 'gemm' with a tile of outputs and constant weights, and to kinds 'conv', 'channel_vector_conv' and 'flat_conv' of a convolution whose weights are re-laid out (dense, constant weights) only}}
  %y = riffle.gemm %x, %w {riffle.schedule = #riffle.schedule<kind = gemm, vector = 16, tile = [16], weights = packed>} : (tensor<1x64xf32>, tensor<32x64xf32>) -> tensor<1x32xf32>
  return %y : tensor<1x32xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// `packed` weights on an unsplit row (no tile to pack for).
func.func @packed_unsplit(%x: tensor<1x64xf32>) -> tensor<1x32xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<32x64xf32>
  // expected-error @+1 {{'riffle.gemm' op plan weights = packed applies on CPUs to kind 'gemm' with a tile of outputs and constant weights, and to kinds 'conv', 'channel_vector_conv' and 'flat_conv' of a convolution whose weights are re-laid out (dense, constant weights) only}}
  %y = riffle.gemm %x, %w {riffle.schedule = #riffle.schedule<kind = gemm, vector = 16, tile = [0], weights = packed>} : (tensor<1x64xf32>, tensor<32x64xf32>) -> tensor<1x32xf32>
  return %y : tensor<1x32xf32>
}

// -----

#gpu = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 8, gpu = true, gpu_block = [16, 8, 128]>
// GPU: channels per thread must divide the channels.
func.func @gpu_block_not_dividing(%x: tensor<1x8x16x16xf32>) -> tensor<1x6x16x16xf32> attributes {riffle.target = #gpu} {
  %w = arith.constant dense<0.5> : tensor<6x8x1x1xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan tile of 4 output channels per thread does not divide the 6 output channels}}
  %y = riffle.conv2d %x, %w {riffle.schedule = #riffle.schedule<kind = conv, tile = [4]>} : (tensor<1x8x16x16xf32>, tensor<6x8x1x1xf32>) -> tensor<1x6x16x16xf32>
  return %y : tensor<1x6x16x16xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// A view cannot be a loop nest of its own (a channel_shuffle can: the
// copying baseline of riffle-plan-codegen's materialize-shuffles).
func.func @view_not_inlined(%x: tensor<1x8x4x4xf32>) -> tensor<1x4x4x4xf32> attributes {riffle.target = #cpu} {
  // expected-error @+1 {{'riffle.slice' op plan kind 'root' does not fit the op on a CPU target; expected 'inlined'}}
  %y = riffle.slice %x[2 : 6] {riffle.schedule = #riffle.schedule<kind = root, vector = 16>} : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// A plan without a target.
func.func @no_target(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'riffle.relu' op has a plan but its function has no 'riffle.target' (run riffle-plan-codegen)}}
  %y = riffle.relu %x {riffle.schedule = #riffle.schedule<kind = root, vector = 16>} : tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

#gpu = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 8, gpu = true, gpu_block = [16, 8, 128]>
// placement = result on an op with another use.
func.func @result_with_other_use(%x: tensor<1x8x4x4xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) attributes {riffle.target = #gpu} {
  // expected-error @+1 {{'riffle.softmax' op plan placement = result needs the function result to be the op's only use}}
  %y = riffle.softmax %x {riffle.schedule = #riffle.schedule<kind = root, placement = result>} : tensor<1x8x4x4xf32>
  %z = riffle.relu %y {riffle.schedule = #riffle.schedule<kind = inlined>} : tensor<1x8x4x4xf32>
  return %y, %z : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>
}

// -----

// expected-error @+1 {{#riffle.target vector_lanes must be a power of two, not 12}}
func.func @bad_lanes() attributes {riffle.target = #riffle.target<name = "x86-64-linux", vector_lanes = 12, gpu = false>} {
  return
}

// -----

#gpu = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 8, gpu = true, gpu_block = [16, 8, 128]>
// A padded copy of an argument is a CPU plan.
// expected-error @+1 {{'func.func' op argument #0: the only argument plan is #riffle.schedule<kind = root, pad = root[, parallel = channels]> on a 4-D argument for a CPU target}}
func.func @gpu_arg_pad(%x: tensor<1x8x4x4xf32> {riffle.schedule = #riffle.schedule<kind = root, pad = root>}) -> tensor<1x8x4x4xf32> attributes {riffle.target = #gpu} {
  return %x : tensor<1x8x4x4xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// A depthwise conv's threads split its channels, never its rows.
func.func @parallel_rows_depthwise(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<16x1x3x3xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan parallel = rows does not fit kind 'channelwise_window'; expected none or channels}}
  %y = riffle.conv2d %x, %w {groups = 16 : i64, pads = array<i64: 1, 1, 1, 1>, riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 8, tile = [8, 1], pad = per_channel, parallel = rows>} : (tensor<1x16x8x8xf32>, tensor<16x1x3x3xf32>) -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// -----

#gpu = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 8, gpu = true, gpu_block = [16, 8, 128]>
// On a GPU the kernel's grid is the parallel loop.
func.func @parallel_on_gpu(%x: tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32> attributes {riffle.target = #gpu} {
  %w = arith.constant dense<0.5> : tensor<8x8x1x1xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan parallel = rows on a GPU target (the kernel's grid is the parallel loop; use none)}}
  %y = riffle.conv2d %x, %w {riffle.schedule = #riffle.schedule<kind = conv, tile = [4], parallel = rows>} : (tensor<1x8x16x16xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x16x16xf32>
  return %y : tensor<1x8x16x16xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// An expansion conv computed inside its depthwise conv runs on the thread
// of the channel block it is computed for.
func.func @parallel_in_consumer(%x: tensor<1x8x16x16xf32>) -> tensor<1x16x16x16xf32> attributes {riffle.target = #cpu} {
  %we = arith.constant dense<0.5> : tensor<16x8x1x1xf32>
  %wd = arith.constant dense<0.5> : tensor<16x1x3x3xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan parallel = rows with placement = consumer (computed inside another loop nest, serially; use none)}}
  %e = riffle.conv2d %x, %we {riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 16], placement = consumer, parallel = rows>} : (tensor<1x8x16x16xf32>, tensor<16x8x1x1xf32>) -> tensor<1x16x16x16xf32>
  %d = riffle.conv2d %e, %wd {groups = 16 : i64, pads = array<i64: 1, 1, 1, 1>, riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 16, tile = [16, 16], pad = per_channel, parallel = channels>} : (tensor<1x16x16x16xf32>, tensor<16x1x3x3xf32>) -> tensor<1x16x16x16xf32>
  return %d : tensor<1x16x16x16xf32>
}

// -----

// A GPU target's thread block: three sizes, x * y within the threads.
// expected-error @+1 {{#riffle.target of a GPU needs gpu_block = [x, y, threads]: at least 1 each, x * y <= threads}}
func.func @gpu_block_too_big(%x: tensor<1x8xf32>) -> tensor<1x8xf32> attributes {riffle.target = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 8, gpu = true, gpu_block = [32, 8, 128]>} {
  return %x : tensor<1x8xf32>
}

// -----

// expected-error @+1 {{#riffle.target gpu_block on a CPU target}}
func.func @gpu_block_on_cpu(%x: tensor<1x8xf32>) -> tensor<1x8xf32> attributes {riffle.target = #riffle.target<name = "x86-64-linux-avx2", vector_lanes = 8, gpu = false, gpu_block = [16, 8, 128]>} {
  return %x : tensor<1x8xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// Only window ops and channel-vector convs choose which tap loops to unroll.
func.func @unroll_on_conv(%x: tensor<1x8x16x16xf32>) -> tensor<1x16x16x16xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<16x8x3x3xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan unroll = none applies to kinds 'channelwise_window' and 'channel_vector_conv' only (the loops over a window's taps)}}
  %y = riffle.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 16], unroll = none>} : (tensor<1x8x16x16xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x16x16xf32>
  return %y : tensor<1x16x16x16xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// Pipelines run in order: an op cannot read what a later one computes.
func.func @operand_from_later_pipeline(%x: tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32> attributes {riffle.target = #cpu} {
  %a = riffle.relu %x {riffle.schedule = #riffle.schedule<kind = root, vector = 16, pipeline = 1>} : tensor<1x8x16x16xf32>
  // expected-error @+1 {{'riffle.relu' op plan pipeline 0 reads operand #0 from pipeline 1, which runs after it (operands come from the op's own pipeline or earlier ones)}}
  %b = riffle.relu %a {riffle.schedule = #riffle.schedule<kind = root, vector = 16>} : tensor<1x8x16x16xf32>
  return %b : tensor<1x8x16x16xf32>
}

// -----

#gpu = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 8, gpu = true, gpu_block = [16, 8, 128]>
// A GPU function is one pipeline (its intermediates stay on the device).
func.func @pipeline_on_gpu(%x: tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32> attributes {riffle.target = #gpu} {
  // expected-error @+1 {{'riffle.relu' op plan pipeline and handoff apply to CPU targets only (a GPU target's pipeline is one)}}
  %a = riffle.relu %x {riffle.schedule = #riffle.schedule<kind = root, pipeline = 1>} : tensor<1x8x16x16xf32>
  return %a : tensor<1x8x16x16xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// A padded copy is of an NCHW feature map.
func.func @handoff_padded_matrix(%x: tensor<2x8xf32>) -> tensor<2x8xf32> attributes {riffle.target = #cpu} {
  // expected-error @+1 {{'riffle.relu' op plan handoff = padded needs 4-D results (padded copies are NCHW), found 'tensor<2x8xf32>'}}
  %a = riffle.relu %x {riffle.schedule = #riffle.schedule<kind = root, vector = 16, parallel = outer, handoff = padded>} : tensor<2x8xf32>
  return %a : tensor<2x8xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// A producer computed inside its depthwise conv is in that conv's pipeline.
func.func @consumer_in_other_pipeline(%x: tensor<1x8x16x16xf32>) -> tensor<1x16x16x16xf32> attributes {riffle.target = #cpu} {
  %we = arith.constant dense<0.5> : tensor<16x8x1x1xf32>
  %wd = arith.constant dense<0.5> : tensor<16x1x3x3xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan placement = consumer in pipeline 0, its consumer in pipeline 1 (an op computed inside another is in its pipeline)}}
  %e = riffle.conv2d %x, %we {riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 16], placement = consumer>} : (tensor<1x8x16x16xf32>, tensor<16x8x1x1xf32>) -> tensor<1x16x16x16xf32>
  %d = riffle.conv2d %e, %wd {groups = 16 : i64, pads = array<i64: 1, 1, 1, 1>, riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 16, tile = [16, 16], pad = per_channel, parallel = channels, pipeline = 1>} : (tensor<1x16x16x16xf32>, tensor<16x1x3x3xf32>) -> tensor<1x16x16x16xf32>
  return %d : tensor<1x16x16x16xf32>
}

// -----

// expected-error @+1 {{#riffle.schedule pipeline must not be negative}}
#bad = #riffle.schedule<kind = root, pipeline = -1>

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// `packed` weights on a grouped conv: its weights are read as the op holds
// them (only dense convs re-lay them out).
func.func @packed_group_conv(%x: tensor<1x8x16x16xf32>) -> tensor<1x16x16x16xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<16x4x1x1xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan weights = packed applies on CPUs to kind 'gemm' with a tile of outputs and constant weights, and to kinds 'conv', 'channel_vector_conv' and 'flat_conv' of a convolution whose weights are re-laid out (dense, constant weights) only}}
  %y = riffle.conv2d %x, %w {groups = 2 : i64, riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 8], weights = packed>} : (tensor<1x8x16x16xf32>, tensor<16x4x1x1xf32>) -> tensor<1x16x16x16xf32>
  return %y : tensor<1x16x16x16xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// flat_conv reads its input at p + ky * pitch + kx for output position p:
// with stride 2 the input positions run twice as fast.
func.func @flat_conv_stride(%x: tensor<1x8x16x16xf32>) -> tensor<1x16x7x7xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<16x8x3x3xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan kind 'flat_conv' needs a dense convolution with stride 1, dilation 1 and constant weights}}
  %y = riffle.conv2d %x, %w {strides = array<i64: 2, 2>, riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 16, tile = [32, 8], weights = packed>} : (tensor<1x8x16x16xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x7x7xf32>
  return %y : tensor<1x16x7x7xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// A padded conv flattens its padded copy, which must then be one whole
// plane computed once (pad = root), not a plane per channel.
func.func @flat_conv_pad(%x: tensor<1x8x16x16xf32>) -> tensor<1x16x16x16xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<16x8x3x3xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan kind 'flat_conv' of a padded convolution needs pad = root}}
  %y = riffle.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 16, tile = [32, 8], weights = packed>} : (tensor<1x8x16x16xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x16x16xf32>
  return %y : tensor<1x16x16x16xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// A tile of positions larger than the plane.
func.func @flat_conv_tile(%x: tensor<1x8x4x4xf32>) -> tensor<1x16x4x4xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<16x8x1x1xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan tile of 32 positions does not fit the 16-position plane with tail = shift_inwards (the only tail of kind 'flat_conv')}}
  %y = riffle.conv2d %x, %w {riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 16, tile = [32, 8], weights = packed>} : (tensor<1x8x4x4xf32>, tensor<16x8x1x1xf32>) -> tensor<1x16x4x4xf32>
  return %y : tensor<1x16x4x4xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// The reader's round_up tile computes columns 14 and 15 of a 14-column
// plane: in the flattened plane those are the next row's first columns,
// and past the plane on the last row.
func.func @flat_conv_read_past(%x: tensor<1x8x14x14xf32>) -> tensor<1x16x14x14xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<16x8x1x1xf32>
  %w2 = arith.constant dense<0.5> : tensor<16x16x1x1xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan kind 'flat_conv': a reader computes past the plane's edge (tail = round_up without a padded copy, or a view re-indexing the plane), which would read the next row or past the plane}}
  %y = riffle.conv2d %x, %w {riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 16, tile = [32, 8], weights = packed>} : (tensor<1x8x14x14xf32>, tensor<16x8x1x1xf32>) -> tensor<1x16x14x14xf32>
  %z = riffle.conv2d %y, %w2 {riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 16], tail = round_up, weights = packed>} : (tensor<1x16x14x14xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x14x14xf32>
  return %z : tensor<1x16x14x14xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// A tile of positions that is not whole vectors.
func.func @flat_conv_part_vector(%x: tensor<1x8x8x8xf32>) -> tensor<1x16x8x8xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<16x8x1x1xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan kind 'flat_conv' vectorizes its positions: tile[0] must be a multiple of the vector}}
  %y = riffle.conv2d %x, %w {riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 16, tile = [24, 8], weights = packed>} : (tensor<1x8x8x8xf32>, tensor<16x8x1x1xf32>) -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// A channel-vector tile that is not whole vectors of channels.
func.func @channel_vector_part_vector(%x: tensor<1x8x8x8xf32>) -> tensor<1x32x8x8xf32> attributes {riffle.target = #cpu} {
  %w = arith.constant dense<0.5> : tensor<32x8x1x1xf32>
  // expected-error @+1 {{'riffle.conv2d' op plan kind 'channel_vector_conv' vectorizes its channel tile: tile[0] must be a multiple of the vector}}
  %y = riffle.conv2d %x, %w {riffle.schedule = #riffle.schedule<kind = channel_vector_conv, vector = 16, tile = [24, 1], weights = packed>} : (tensor<1x8x8x8xf32>, tensor<32x8x1x1xf32>) -> tensor<1x32x8x8xf32>
  return %y : tensor<1x32x8x8xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>

// A sample loop runs a one-sample function: an argument holding a batch.
// expected-error @+1 {{'func.func' op has 'riffle.sample_loop' but argument #0 is 'tensor<2x4xf32>'; expected one sample (leading dimension 1)}}
func.func @sample_loop_batched_argument(%x: tensor<2x4xf32>) -> tensor<2x4xf32> attributes {riffle.target = #cpu, riffle.sample_loop = 2 : i64} {
  return %x : tensor<2x4xf32>
}

// -----

#cpu = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>

// expected-error @+1 {{'func.func' op 'riffle.sample_loop' is 1; expected a batch of at least 2}}
func.func @sample_loop_of_one(%x: tensor<1x4xf32>) -> tensor<1x4xf32> attributes {riffle.target = #cpu, riffle.sample_loop = 1 : i64} {
  return %x : tensor<1x4xf32>
}

// -----

#gpu = #riffle.target<name = "x86-64-linux-cuda", vector_lanes = 8, gpu = true, gpu_block = [16, 8, 128]>

// The glue loops over samples on CPUs only.
// expected-error @+1 {{'func.func' op 'riffle.sample_loop' needs a CPU plan ('riffle.target' with gpu = false)}}
func.func @sample_loop_on_gpu(%x: tensor<1x4xf32>) -> tensor<1x4xf32> attributes {riffle.target = #gpu, riffle.sample_loop = 4 : i64} {
  return %x : tensor<1x4xf32>
}
