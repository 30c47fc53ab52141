// Round trip of every riffle op: parse, print, parse again (custom and
// generic forms) and check the printed form.
// RUN: riffle-opt %s | riffle-opt | FileCheck %s
// RUN: riffle-opt %s -mlir-print-op-generic | riffle-opt | FileCheck %s

// CHECK-LABEL: func.func @conv2d
func.func @conv2d(%x: tensor<1x24x8x8xf32>, %w: tensor<48x8x3x3xf32>, %b: tensor<48xf32>,
                  %pw: tensor<16x24x1x1xf32>) -> (tensor<1x48x4x4xf32>, tensor<1x16x8x8xf32>) {
  // CHECK: riffle.conv2d %{{.*}}, %{{.*}}, %{{.*}} {act = #riffle.act<clip(0.000000e+00, 6.000000e+00)>, groups = 3 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x24x8x8xf32>, tensor<48x8x3x3xf32>, tensor<48xf32>) -> tensor<1x48x4x4xf32>
  %0 = riffle.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 3 : i64, act = #riffle.act<clip(0.0, 6.0)>} : (tensor<1x24x8x8xf32>, tensor<48x8x3x3xf32>, tensor<48xf32>) -> tensor<1x48x4x4xf32>
  // Without bias; defaults (unit strides, no padding, one group) elided.
  // CHECK: riffle.conv2d %{{.*}}, %{{.*}} : (tensor<1x24x8x8xf32>, tensor<16x24x1x1xf32>) -> tensor<1x16x8x8xf32>
  %1 = riffle.conv2d %x, %pw : (tensor<1x24x8x8xf32>, tensor<16x24x1x1xf32>) -> tensor<1x16x8x8xf32>
  return %0, %1 : tensor<1x48x4x4xf32>, tensor<1x16x8x8xf32>
}

// CHECK-LABEL: func.func @conv2d_channel_maps
func.func @conv2d_channel_maps(%x: tensor<1x4x5x7xf32>, %w: tensor<4x2x1x3xf32>) -> tensor<1x4x2x2xf32> {
  // CHECK: riffle.conv2d %{{.*}}, %{{.*}} {act = #riffle.act<leaky_relu(1.000000e-01)>, dilations = array<i64: 2, 2>, groups = 2 : i64, input_channel_map = array<i64: 0, 2, 1, 3>, output_channel_map = array<i64: 3, 2, 1, 0>, strides = array<i64: 3, 2>}
  %0 = riffle.conv2d %x, %w {strides = array<i64: 3, 2>, dilations = array<i64: 2, 2>, groups = 2 : i64, act = #riffle.act<leaky_relu(0.1)>, input_channel_map = array<i64: 0, 2, 1, 3>, output_channel_map = array<i64: 3, 2, 1, 0>} : (tensor<1x4x5x7xf32>, tensor<4x2x1x3xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// A clamp with one bound has an infinite other bound; it prints as the
// double's bits and reads back as the same double.
// CHECK-LABEL: func.func @one_sided_clip
func.func @one_sided_clip(%x: tensor<1x2x2x2xf32>, %w: tensor<2x2x1x1xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  // CHECK: act = #riffle.act<clip(0.000000e+00, 0x7FF0000000000000)>
  %0 = riffle.conv2d %x, %w {act = #riffle.act<clip(0.0, 0x7FF0000000000000)>} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  // CHECK: act = #riffle.act<clip(0xFFF0000000000000, 6.000000e+00)>
  %1 = riffle.conv2d %x, %w {act = #riffle.act<clip(0xFFF0000000000000, 6.0)>} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %0, %1 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// CHECK-LABEL: func.func @gemm
func.func @gemm(%x: tensor<2x64xf32>, %w: tensor<10x64xf32>, %b: tensor<10xf32>) -> (tensor<2x10xf32>, tensor<2x10xf32>) {
  // CHECK: riffle.gemm %{{.*}}, %{{.*}}, %{{.*}} {act = #riffle.act<relu>} : (tensor<2x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<2x10xf32>
  %0 = riffle.gemm %x, %w, %b {act = #riffle.act<relu>} : (tensor<2x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<2x10xf32>
  // CHECK: riffle.gemm %{{.*}}, %{{.*}} : (tensor<2x64xf32>, tensor<10x64xf32>) -> tensor<2x10xf32>
  %1 = riffle.gemm %x, %w : (tensor<2x64xf32>, tensor<10x64xf32>) -> tensor<2x10xf32>
  return %0, %1 : tensor<2x10xf32>, tensor<2x10xf32>
}

// CHECK-LABEL: func.func @channel_shuffle
func.func @channel_shuffle(%x: tensor<1x12x3x3xf32>) -> tensor<1x12x3x3xf32> {
  // CHECK: riffle.channel_shuffle %{{.*}}, groups = 3 : tensor<1x12x3x3xf32>
  %0 = riffle.channel_shuffle %x, groups = 3 : tensor<1x12x3x3xf32>
  return %0 : tensor<1x12x3x3xf32>
}

// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>) {
  // CHECK: riffle.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x3x4x4xf32>, tensor<3xf32>
  %0 = riffle.batch_norm %x, %s, %b, %m, %v : tensor<2x3x4x4xf32>, tensor<3xf32>
  // CHECK: riffle.batch_norm %{{.*}} {epsilon = 1.000000e-03 : f32} : tensor<2x3x4x4xf32>, tensor<3xf32>
  %1 = riffle.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32} : tensor<2x3x4x4xf32>, tensor<3xf32>
  return %0, %1 : tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>
}

// CHECK-LABEL: func.func @activations
func.func @activations(%x: tensor<1x8x2x2xf32>, %v: tensor<3x5xf32>) -> tensor<3x5xf32> {
  // CHECK: riffle.relu %{{.*}} : tensor<1x8x2x2xf32>
  %0 = riffle.relu %x : tensor<1x8x2x2xf32>
  // CHECK: riffle.leaky_relu %{{.*}} {alpha = 2.000000e-01 : f32} : tensor<1x8x2x2xf32>
  %1 = riffle.leaky_relu %0 {alpha = 0.2 : f32} : tensor<1x8x2x2xf32>
  // CHECK: riffle.clip %{{.*}}, min = 0.000000e+00, max = 6.000000e+00 : tensor<1x8x2x2xf32>
  %2 = riffle.clip %1, min = 0.0, max = 6.0 : tensor<1x8x2x2xf32>
  // CHECK: riffle.hardswish %{{.*}} : tensor<1x8x2x2xf32>
  %3 = riffle.hardswish %2 : tensor<1x8x2x2xf32>
  // CHECK: riffle.hardsigmoid %{{.*}} : tensor<1x8x2x2xf32>
  %4 = riffle.hardsigmoid %3 : tensor<1x8x2x2xf32>
  // CHECK: riffle.hardsigmoid %{{.*}} {alpha = 0.166666672 : f32} : tensor<1x8x2x2xf32>
  %5 = riffle.hardsigmoid %4 {alpha = 0.16666667 : f32} : tensor<1x8x2x2xf32>
  // Element-wise ops take any rank.
  // CHECK: riffle.sigmoid %{{.*}} : tensor<3x5xf32>
  %6 = riffle.sigmoid %v : tensor<3x5xf32>
  return %6 : tensor<3x5xf32>
}

// CHECK-LABEL: func.func @broadcast_binary
func.func @broadcast_binary(%x: tensor<2x16x7x5xf32>, %se: tensor<2x16x1x1xf32>, %y: tensor<2x16x7x5xf32>) -> tensor<2x16x7x5xf32> {
  // CHECK: riffle.mul %{{.*}}, %{{.*}} : tensor<2x16x7x5xf32>, tensor<2x16x1x1xf32> -> tensor<2x16x7x5xf32>
  %0 = riffle.mul %x, %se : tensor<2x16x7x5xf32>, tensor<2x16x1x1xf32> -> tensor<2x16x7x5xf32>
  // CHECK: riffle.add %{{.*}}, %{{.*}} {act = #riffle.act<relu>} : tensor<2x16x7x5xf32>, tensor<2x16x7x5xf32> -> tensor<2x16x7x5xf32>
  %1 = riffle.add %0, %y {act = #riffle.act<relu>} : tensor<2x16x7x5xf32>, tensor<2x16x7x5xf32> -> tensor<2x16x7x5xf32>
  // CHECK: riffle.add %{{.*}}, %{{.*}} : tensor<2x16x1x1xf32>, tensor<2x16x7x5xf32> -> tensor<2x16x7x5xf32>
  %2 = riffle.add %se, %1 : tensor<2x16x1x1xf32>, tensor<2x16x7x5xf32> -> tensor<2x16x7x5xf32>
  return %2 : tensor<2x16x7x5xf32>
}

// CHECK-LABEL: func.func @data_movement
func.func @data_movement(%x: tensor<1x16x4x4xf32>, %y: tensor<1x8x4x4xf32>) -> (tensor<1x24x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x10x4x4xf32>, tensor<1x6x4x4xf32>) {
  // CHECK: riffle.concat %{{.*}}, %{{.*}} : (tensor<1x16x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x24x4x4xf32>
  %0 = riffle.concat %x, %y : (tensor<1x16x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x24x4x4xf32>
  // CHECK: riffle.slice %{{.*}}[8 : 16] {step = 2 : i64} : tensor<1x16x4x4xf32> -> tensor<1x4x4x4xf32>
  %1 = riffle.slice %x[8 : 16] {step = 2 : i64} : tensor<1x16x4x4xf32> -> tensor<1x4x4x4xf32>
  // CHECK: riffle.split %{{.*}} [10, 6] : tensor<1x16x4x4xf32> -> tensor<1x10x4x4xf32>, tensor<1x6x4x4xf32>
  %2:2 = riffle.split %x [10, 6] : tensor<1x16x4x4xf32> -> tensor<1x10x4x4xf32>, tensor<1x6x4x4xf32>
  return %0, %1, %2#0, %2#1 : tensor<1x24x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x10x4x4xf32>, tensor<1x6x4x4xf32>
}

// CHECK-LABEL: func.func @channel_gather
func.func @channel_gather(%x: tensor<1x2x4x4xf32>, %y: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  // CHECK: riffle.channel_gather %{{.*}}, %{{.*}} sources [1, 0, 1] channels [2, 0, 0] : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  %0 = riffle.channel_gather %x, %y sources [1, 0, 1] channels [2, 0, 0] : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// CHECK-LABEL: func.func @concat_other_axis
func.func @concat_other_axis(%x: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // CHECK: riffle.concat %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %0 = riffle.concat %x, %x {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// CHECK-LABEL: func.func @reshapes
func.func @reshapes(%x: tensor<2x16x3x3xf32>) -> (tensor<2x144xf32>, tensor<32x9xf32>, tensor<2x16x9xf32>) {
  // CHECK: riffle.flatten %{{.*}} : tensor<2x16x3x3xf32> -> tensor<2x144xf32>
  %0 = riffle.flatten %x : tensor<2x16x3x3xf32> -> tensor<2x144xf32>
  // CHECK: riffle.flatten %{{.*}} {axis = 2 : i64} : tensor<2x16x3x3xf32> -> tensor<32x9xf32>
  %1 = riffle.flatten %x {axis = 2 : i64} : tensor<2x16x3x3xf32> -> tensor<32x9xf32>
  // CHECK: riffle.reshape %{{.*}} : tensor<2x16x3x3xf32> -> tensor<2x16x9xf32>
  %2 = riffle.reshape %x : tensor<2x16x3x3xf32> -> tensor<2x16x9xf32>
  return %0, %1, %2 : tensor<2x144xf32>, tensor<32x9xf32>, tensor<2x16x9xf32>
}

// CHECK-LABEL: func.func @pools
func.func @pools(%x: tensor<1x24x112x112xf32>, %y: tensor<1x8x14x13xf32>) -> (tensor<1x24x56x56xf32>, tensor<1x8x7x6xf32>, tensor<1x24x56x56xf32>, tensor<1x8x1x1xf32>) {
  // CHECK: riffle.max_pool2d %{{.*}} {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x24x112x112xf32> -> tensor<1x24x56x56xf32>
  %0 = riffle.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x24x112x112xf32> -> tensor<1x24x56x56xf32>
  // Sizes as PyTorch computes them: ceil mode keeps a last partial window.
  // CHECK: riffle.max_pool2d %{{.*}} {ceil_mode = true, kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<1x8x14x13xf32> -> tensor<1x8x7x6xf32>
  %1 = riffle.max_pool2d %y {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, ceil_mode = true} : tensor<1x8x14x13xf32> -> tensor<1x8x7x6xf32>
  // CHECK: riffle.avg_pool2d %{{.*}} {count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x24x112x112xf32> -> tensor<1x24x56x56xf32>
  %2 = riffle.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true} : tensor<1x24x112x112xf32> -> tensor<1x24x56x56xf32>
  // CHECK: riffle.global_avg_pool %{{.*}} : tensor<1x8x14x13xf32> -> tensor<1x8x1x1xf32>
  %3 = riffle.global_avg_pool %y : tensor<1x8x14x13xf32> -> tensor<1x8x1x1xf32>
  return %0, %1, %2, %3 : tensor<1x24x56x56xf32>, tensor<1x8x7x6xf32>, tensor<1x24x56x56xf32>, tensor<1x8x1x1xf32>
}

// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<2x1000xf32>) -> tensor<2x1000xf32> {
  // CHECK: riffle.softmax %{{.*}} : tensor<2x1000xf32>
  %0 = riffle.softmax %x : tensor<2x1000xf32>
  return %0 : tensor<2x1000xf32>
}

// Weights are ordinary constants; dense_resource blobs round-trip too.
// CHECK-LABEL: func.func @resource_weights
func.func @resource_weights(%x: tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32> {
  // CHECK: arith.constant dense_resource<conv_w> : tensor<2x2x1x1xf32>
  %w = arith.constant dense_resource<conv_w> : tensor<2x2x1x1xf32>
  %0 = riffle.conv2d %x, %w : (tensor<1x2x1x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  return %0 : tensor<1x2x1x1xf32>
}

{-#
  dialect_resources: {
    builtin: {
      conv_w: "0x040000000000803F000000000000000000000040"
    }
  }
#-}
