// A hand-edited plan compiles as written. The conv below carries register
// tiles of 16 columns by 8 output channels; riffle-plan-codegen would pick
// 32 by 8 (kept unless told to replace the plan). The tile shows in the
// lowered statement: the accumulator's allocation (16 x 8 or 32 x 8) and
// the x-tile loop (2 tiles of the 32 columns, or none).
// RUN: rifflec %s --emit=stmt --target=x86-64-linux-avx512 2>/dev/null | FileCheck %s --check-prefix=HAND
// HAND: for (conv2d_{{[0-9]+}}$1.s0.x.conv2d_{{[0-9]+}}$1_xo, 0, 2)
// HAND: allocate conv2d_acc_{{[0-9]+}}$1[float32 * 16 * 1 * 8 * 1]

// RUN: riffle-opt %s -riffle-plan-codegen="target=x86-64-linux-avx512 replace=1" -o %t.planned.mlir
// RUN: FileCheck %s --check-prefix=REPLANNED --input-file %t.planned.mlir
// REPLANNED: riffle.conv2d {{.*}}riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [32, 8], weights = packed, parallel = rows>
// RUN: rifflec %t.planned.mlir --emit=stmt --target=x86-64-linux-avx512 2>/dev/null | FileCheck %s --check-prefix=PLANNED
// PLANNED-NOT: _xo, 0,
// PLANNED: allocate conv2d_acc_{{[0-9]+}}$1[float32 * 32 * 1 * 8 * 1]

// Without replace, the pass keeps the hand plan.
// RUN: riffle-opt %s -riffle-plan-codegen=target=arm-64-linux | FileCheck %s --check-prefix=KEPT
// KEPT: riffle.target = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>
// KEPT: riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 8]>

// rifflec shows the plan it makes with --print-ir-after.
// RUN: rifflec %t.planned.mlir --emit=mlir-opt --print-ir-after=riffle-plan-codegen -o /dev/null 2>&1 | FileCheck %s --check-prefix=PRINT
// PRINT: IR Dump After PlanCodegen (riffle-plan-codegen)
// PRINT: riffle.schedule = #riffle.schedule<kind = conv

// A CPU plan compiled for a GPU target: an error naming both, exit 1, no
// output file.
// RUN: not rifflec %s --emit=stmt --target=host-opencl -o %t.gpu.stmt 2>&1 | FileCheck %s --check-prefix=MISMATCH
// RUN: not ls %t.gpu.stmt
// MISMATCH: error: 'func.func' op has a plan for a CPU target (x86-64-linux-avx512) but is compiled for {{.*}}opencl{{.*}}; plan it again (riffle-plan-codegen{replace=1})

// A target string Halide does not know: an error, exit 1.
// RUN: not riffle-opt %s -riffle-plan-codegen="target=no-such-target replace=1" 2>&1 | FileCheck %s --check-prefix=BADTARGET
// BADTARGET: error: riffle-plan-codegen: 'no-such-target' is not a Halide target string

func.func @hand(%x: tensor<1x8x16x32xf32>) -> tensor<1x32x16x32xf32> attributes {riffle.target = #riffle.target<name = "x86-64-linux-avx512", vector_lanes = 16, gpu = false>} {
  %w = arith.constant dense<0.5> : tensor<32x8x1x1xf32>
  %y = riffle.conv2d %x, %w {riffle.schedule = #riffle.schedule<kind = conv, vector = 16, tile = [16, 8]>} : (tensor<1x8x16x32xf32>, tensor<32x8x1x1xf32>) -> tensor<1x32x16x32xf32>
  return %y : tensor<1x32x16x32xf32>
}
