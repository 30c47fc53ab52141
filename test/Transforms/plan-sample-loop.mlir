// RUN: riffle-opt %s -split-input-file -riffle-plan-codegen=target=x86-64-linux-avx512 | FileCheck %s
// RUN: riffle-opt %s -split-input-file -riffle-plan-codegen="target=x86-64-linux-avx512 sample-loop=0" | FileCheck %s --check-prefix=OFF
// RUN: riffle-opt %s -split-input-file -riffle-plan-codegen=target=x86-64-linux-cuda | FileCheck %s --check-prefix=GPU

// A CPU function of batch N > 1 whose ops compute every sample on its own
// is planned for one sample: batched values re-typed to a leading 1, the
// function marked riffle.sample_loop = N (code generation runs it once per
// sample). Anything that mixes samples keeps the batch; so do GPU plans
// and sample-loop=0.

// Conv, pool, global pool, flatten, gemm, softmax over classes and an SE
// scale (a per-sample [N, C, 1, 1] operand): one sample, planned as one.
// CHECK-LABEL: func.func @classifier
// CHECK-SAME: (%arg0: tensor<1x8x16x16xf32>
// CHECK-SAME: -> tensor<1x10xf32>
// CHECK-SAME: riffle.sample_loop = 4 : i64
// CHECK: riffle.conv2d {{.*}} -> tensor<1x16x8x8xf32>
// CHECK: riffle.global_avg_pool {{.*}} -> tensor<1x16x1x1xf32>
// CHECK: riffle.mul {{.*}} -> tensor<1x16x8x8xf32>
// CHECK: riffle.flatten {{.*}} -> tensor<1x1024xf32>
// CHECK: riffle.gemm {{.*}} -> tensor<1x10xf32>
// CHECK: riffle.softmax {{.*}} : tensor<1x10xf32>
// OFF-LABEL: func.func @classifier
// OFF-NOT: sample_loop
// OFF: riffle.conv2d {{.*}} -> tensor<4x16x8x8xf32>
// GPU-LABEL: func.func @classifier
// GPU-NOT: sample_loop
// GPU: riffle.conv2d {{.*}} -> tensor<4x16x8x8xf32>
func.func @classifier(%x: tensor<4x8x16x16xf32>) -> tensor<4x10xf32> {
  %w = arith.constant dense<0.5> : tensor<16x8x3x3xf32>
  %fw = arith.constant dense<0.25> : tensor<10x1024xf32>
  %c = riffle.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<4x8x16x16xf32>, tensor<16x8x3x3xf32>) -> tensor<4x16x8x8xf32>
  %g = riffle.global_avg_pool %c : tensor<4x16x8x8xf32> -> tensor<4x16x1x1xf32>
  %s = riffle.mul %c, %g : tensor<4x16x8x8xf32>, tensor<4x16x1x1xf32> -> tensor<4x16x8x8xf32>
  %f = riffle.flatten %s : tensor<4x16x8x8xf32> -> tensor<4x1024xf32>
  %y = riffle.gemm %f, %fw : (tensor<4x1024xf32>, tensor<10x1024xf32>) -> tensor<4x10xf32>
  %p = riffle.softmax %y : tensor<4x10xf32>
  return %p : tensor<4x10xf32>
}

// -----

// Two inputs; a constant broadcast over the batch (its leading 1) and
// channel views are per sample.
// CHECK-LABEL: func.func @two_inputs
// CHECK-SAME: (%arg0: tensor<1x4x5x5xf32>{{.*}}, %arg1: tensor<1x4x5x5xf32>
// CHECK-SAME: riffle.sample_loop = 2 : i64
// CHECK: riffle.add {{.*}} -> tensor<1x4x5x5xf32>
// CHECK: riffle.concat {{.*}} -> tensor<1x8x5x5xf32>
func.func @two_inputs(%x: tensor<2x4x5x5xf32>, %y: tensor<2x4x5x5xf32>) -> tensor<2x8x5x5xf32> {
  %b = arith.constant dense<1.0> : tensor<1x4x1x1xf32>
  %a = riffle.add %x, %b : tensor<2x4x5x5xf32>, tensor<1x4x1x1xf32> -> tensor<2x4x5x5xf32>
  %c = riffle.concat %a, %y : (tensor<2x4x5x5xf32>, tensor<2x4x5x5xf32>) -> tensor<2x8x5x5xf32>
  return %c : tensor<2x8x5x5xf32>
}

// -----

// Softmax over the batch mixes samples: the batch stays.
// CHECK-LABEL: func.func @softmax_over_batch
// CHECK-NOT: sample_loop
// CHECK: riffle.softmax {{.*}} : tensor<3x10xf32>
func.func @softmax_over_batch(%x: tensor<3x10xf32>) -> tensor<3x10xf32> {
  %p = riffle.softmax %x {axis = 0 : i64} : tensor<3x10xf32>
  return %p : tensor<3x10xf32>
}

// -----

// A reshape that moves elements between samples.
// CHECK-LABEL: func.func @reshape_across_batch
// CHECK-NOT: sample_loop
// CHECK: riffle.reshape {{.*}} -> tensor<4x20xf32>
func.func @reshape_across_batch(%x: tensor<2x40xf32>) -> tensor<4x20xf32> {
  %r = riffle.reshape %x : tensor<2x40xf32> -> tensor<4x20xf32>
  return %r : tensor<4x20xf32>
}

// -----

// A constant with a value per sample (its leading dimension the batch's).
// CHECK-LABEL: func.func @per_sample_constant
// CHECK-NOT: sample_loop
// CHECK: riffle.add {{.*}} -> tensor<2x4x5x5xf32>
func.func @per_sample_constant(%x: tensor<2x4x5x5xf32>) -> tensor<2x4x5x5xf32> {
  %b = arith.constant dense<1.0> : tensor<2x4x5x5xf32>
  %a = riffle.add %x, %b : tensor<2x4x5x5xf32>, tensor<2x4x5x5xf32> -> tensor<2x4x5x5xf32>
  return %a : tensor<2x4x5x5xf32>
}

// -----

// Weights computed from the input (a gemm reading the batch as its
// weight).
// CHECK-LABEL: func.func @batch_as_weight
// CHECK-NOT: sample_loop
// CHECK: riffle.gemm {{.*}} -> tensor<2x2xf32>
func.func @batch_as_weight(%x: tensor<2x6xf32>) -> tensor<2x2xf32> {
  %y = riffle.gemm %x, %x : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// Batch 1: nothing to loop over.
// CHECK-LABEL: func.func @one_sample
// CHECK-NOT: sample_loop
// CHECK: return
func.func @one_sample(%x: tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32> {
  %r = riffle.relu %x : tensor<1x4x5x5xf32>
  return %r : tensor<1x4x5x5xf32>
}
