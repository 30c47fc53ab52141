// RUN: riffle-opt %s -split-input-file -riffle-plan-codegen="target=x86-64-linux-avx512 max-pipeline-funcs=4" | FileCheck %s --check-prefix=SPLIT
// RUN: riffle-opt %s -split-input-file -riffle-plan-codegen="target=x86-64-linux-avx512 max-pipeline-funcs=7" | FileCheck %s --check-prefix=LIVE
// RUN: riffle-opt %s -split-input-file -riffle-plan-codegen="target=x86-64-linux-avx512" | FileCheck %s --check-prefix=WHOLE
// RUN: riffle-opt %s -split-input-file -riffle-plan-codegen="target=x86-64-linux-cuda max-pipeline-funcs=1" | FileCheck %s --check-prefix=GPU

// Splitting a CPU function into Halide pipelines (`pipeline`, default 0
// not printed) of at most max-pipeline-funcs Funcs (a root op is one, a
// conv two: loop nest and accumulator, three with a padded input, an
// inlined op none). Values
// a later pipeline reads are handed off `padded` when a reader there does
// not pad its input itself. The default budget leaves small functions
// whole; a GPU function is never split.

// Four 1x1 convs, two per pipeline: one handoff, read by an unpadded conv
// (through a padded copy).
// SPLIT-LABEL: func.func @chain
// SPLIT: %[[A:.*]] = riffle.conv2d %arg0, {{.*}}>}
// SPLIT: %[[B:.*]] = riffle.conv2d %[[A]], {{.*}}handoff = padded>}
// SPLIT: %[[C:.*]] = riffle.conv2d %[[B]], {{.*}}pipeline = 1>}
// SPLIT: riffle.conv2d %[[C]], {{.*}}pipeline = 1>}
// WHOLE-LABEL: func.func @chain
// WHOLE-NOT: pipeline =
// WHOLE-NOT: handoff =
// WHOLE: return
// GPU-LABEL: func.func @chain
// GPU-NOT: pipeline =
// GPU-NOT: handoff =
// GPU: return
func.func @chain(%x: tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x8x1x1xf32>
  %a = riffle.conv2d %x, %w : (tensor<1x8x16x16xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x16x16xf32>
  %b = riffle.conv2d %a, %w : (tensor<1x8x16x16xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x16x16xf32>
  %c = riffle.conv2d %b, %w : (tensor<1x8x16x16xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x16x16xf32>
  %d = riffle.conv2d %c, %w : (tensor<1x8x16x16xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x16x16xf32>
  return %d : tensor<1x8x16x16xf32>
}

// -----

// A view (channel_gather) is not a buffer: no pipeline ends where one is
// read later, though after %v the fewest elements are live (4 channels,
// against 16 after %a and 8 after %b). It ends after %b, handed off
// padded.
// SPLIT-LABEL: func.func @views
// SPLIT: %[[A:.*]] = riffle.conv2d %arg0, {{.*}}>}
// SPLIT: %[[B:.*]] = riffle.conv2d %[[A]], {{.*}}handoff = padded>}
// SPLIT: %[[V:.*]] = riffle.channel_gather %[[B]] {{.*}}#riffle.schedule<kind = inlined, pipeline = 1>
// SPLIT: riffle.relu %[[V]] {riffle.schedule = #riffle.schedule<kind = root, vector = 16, pipeline = 1>}
func.func @views(%x: tensor<1x8x16x16xf32>) -> tensor<1x4x16x16xf32> {
  %w1 = arith.constant dense<0.5> : tensor<16x8x1x1xf32>
  %w2 = arith.constant dense<0.5> : tensor<8x16x1x1xf32>
  %a = riffle.conv2d %x, %w1 : (tensor<1x8x16x16xf32>, tensor<16x8x1x1xf32>) -> tensor<1x16x16x16xf32>
  %b = riffle.conv2d %a, %w2 : (tensor<1x16x16x16xf32>, tensor<8x16x1x1xf32>) -> tensor<1x8x16x16xf32>
  %v = riffle.channel_gather %b sources [0, 0, 0, 0] channels [0, 2, 4, 6] : (tensor<1x8x16x16xf32>) -> tensor<1x4x16x16xf32>
  %c = riffle.relu %v : tensor<1x4x16x16xf32>
  return %c : tensor<1x4x16x16xf32>
}

// -----

// A pipeline ends where the fewest elements are live: of the points that
// keep both pipelines within 7 Funcs (after %c: 8 channels live, after %d:
// 4), after %d. The 3x3 conv reading the handoff pads its input itself:
// handed off as it is.
// LIVE-LABEL: func.func @fewest_live
// LIVE: riffle.conv2d {{.*}}>} {{.*}}-> tensor<1x32x8x8xf32>
// LIVE: riffle.conv2d {{.*}}>} {{.*}}-> tensor<1x8x8x8xf32>
// LIVE: riffle.conv2d {{.*}}>} {{.*}}-> tensor<1x4x8x8xf32>
// LIVE: riffle.conv2d {{.*}}pad = root, weights = packed, {{.*}}pipeline = 1>} {{.*}}-> tensor<1x32x8x8xf32>
// LIVE: riffle.relu {{.*}}pipeline = 1>}
func.func @fewest_live(%x: tensor<1x8x8x8xf32>) -> tensor<1x32x8x8xf32> {
  %w1 = arith.constant dense<0.5> : tensor<32x8x1x1xf32>
  %w2 = arith.constant dense<0.5> : tensor<8x32x1x1xf32>
  %w3 = arith.constant dense<0.5> : tensor<4x8x1x1xf32>
  %w4 = arith.constant dense<0.5> : tensor<32x4x3x3xf32>
  %a = riffle.relu %x : tensor<1x8x8x8xf32>
  %b = riffle.conv2d %a, %w1 : (tensor<1x8x8x8xf32>, tensor<32x8x1x1xf32>) -> tensor<1x32x8x8xf32>
  %c = riffle.conv2d %b, %w2 : (tensor<1x32x8x8xf32>, tensor<8x32x1x1xf32>) -> tensor<1x8x8x8xf32>
  %d = riffle.conv2d %c, %w3 : (tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x8x8xf32>
  %e = riffle.conv2d %d, %w4 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<32x4x3x3xf32>) -> tensor<1x32x8x8xf32>
  %f = riffle.relu %e : tensor<1x32x8x8xf32>
  return %f : tensor<1x32x8x8xf32>
}
