// A depthwise conv's plan takes tiles of 4 output rows (tile[2]); the
// emitter computes them together: 7 row tiles for 28 rows, an accumulator
// of 16 columns by 4 rows, its taps straight-line code in which the second
// row reads the padded plane's rows (48 floats apart) that the first row
// read too, so LLVM loads each once.
// RUN: riffle-opt %s -riffle-plan-codegen=target=x86-64-linux-avx512 | FileCheck %s --check-prefix=PLAN
// PLAN: riffle.schedule = #riffle.schedule<kind = channelwise_window, vector = 16, tile = [16, 1, 4], pad = per_channel, parallel = channels>
// RUN: rifflec %s --emit=stmt --target=x86-64-linux-avx512 2>/dev/null | FileCheck %s
// CHECK: for (conv2d_{{[0-9]+}}$1.s0.y.conv2d_{{[0-9]+}}$1_yo, 0, 7)
// CHECK: allocate conv2d_acc_{{[0-9]+}}$1[float32 * 16 * 4 * 1 * 1]
// CHECK: conv2d_acc_{{[0-9]+}}$1[ramp(0, 1, 16)] = {{.*}}conv2d_pad_{{[0-9]+}}$1[ramp(((conv2d_{{[0-9]+}}$1.s0.x.conv2d_{{[0-9]+}}$1_xo + t{{[0-9]+}})*16) + 48, 1, 16)
// CHECK: conv2d_acc_{{[0-9]+}}$1[ramp(16, 1, 16)] = {{.*}}conv2d_pad_{{[0-9]+}}$1[ramp(((conv2d_{{[0-9]+}}$1.s0.x.conv2d_{{[0-9]+}}$1_xo + t{{[0-9]+}})*16) + 48, 1, 16)

func.func @dw_rows(%x: tensor<1x8x28x32xf32>) -> tensor<1x8x28x32xf32> {
  %w = arith.constant dense<0.5> : tensor<8x1x3x3xf32>
  %a = riffle.relu %x : tensor<1x8x28x32xf32>
  %y = riffle.conv2d %a, %w {groups = 8 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x28x32xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x28x32xf32>
  return %y : tensor<1x8x28x32xf32>
}
