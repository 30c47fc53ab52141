// A conv computed over its flattened plane (kind flat_conv) reads its input
// with one dense vector load per tap: this 3x3 conv padded by 1 on a 27x27
// plane reads its padded copy, realized with rows of exactly 29 columns,
// at p + ky * 29 + kx. A vector division or modulo by the pitch (x32(29))
// would mean gathers.
// RUN: riffle-opt %s -riffle-plan-codegen=target=x86-64-linux-avx512 | FileCheck %s --check-prefix=PLAN
// PLAN: riffle.schedule = #riffle.schedule<kind = flat_conv, vector = 16, tile = [32, 8], pad = root, weights = packed, parallel = rows>
// RUN: rifflec %s --emit=stmt --target=x86-64-linux-avx512 2>/dev/null | FileCheck %s --implicit-check-not="x32(29)"
// CHECK: conv2d_pad_{{[0-9]+}}$1[ramp(((conv2d_pad_{{[0-9]+}}$1.s1.interior_{{[0-9]+}}$y + t{{[0-9]+}})*29) + 30, 1, 16)
// CHECK: allocate conv2d_acc_{{[0-9]+}}$1[float32 * 32 * 8 * 1]
// CHECK: conv2d_acc_{{[0-9]+}}$1[ramp(0, 1, 32)] = conv2d_acc_{{[0-9]+}}$1[ramp(0, 1, 32)] + (conv2d_pad_{{[0-9]+}}$1[ramp(conv2d_acc_{{[0-9]+}}$1.s1.r_{{[0-9]+}}$x + t{{[0-9]+}}, 1, 32)]

func.func @pitched(%x: tensor<1x8x27x27xf32>) -> tensor<1x16x27x27xf32> {
  %w = arith.constant dense<0.5> : tensor<16x8x3x3xf32>
  %a = riffle.relu %x : tensor<1x8x27x27xf32>
  %y = riffle.conv2d %a, %w {pads = array<i64: 1, 1, 1, 1>, act = #riffle.act<relu>} : (tensor<1x8x27x27xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x27x27xf32>
  return %y : tensor<1x16x27x27xf32>
}
