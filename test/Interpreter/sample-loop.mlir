// RUN: riffle-opt %s -riffle-plan-codegen=target=x86-64-linux-avx512 -o %t.plan.mlir
// RUN: FileCheck %s < %t.plan.mlir
// RUN: riffle-interp %s --seed 3 --output %t.batch.npy
// RUN: riffle-interp %t.plan.mlir --seed 3 --compare %t.batch.npy --atol 0 --rtol 0 | FileCheck %s --check-prefix=SAME
// RUN: riffle-halide-run %t.plan.mlir --seed 3 --compare %t.batch.npy | FileCheck %s --check-prefix=SAME

// A function planned one sample at a time (riffle.sample_loop) runs, in the
// interpreter as in compiled code, on the whole batch of 3: once per
// sample, with the results of the unplanned function on the same input.
// CHECK: func.func @head(%arg0: tensor<1x4x6x6xf32>{{.*}} -> tensor<1x5xf32>
// CHECK-SAME: riffle.sample_loop = 3 : i64
// SAME: max_abs_diff=
func.func @head(%x: tensor<3x4x6x6xf32>) -> tensor<3x5xf32> {
  %w = arith.constant dense<[[[[0.5]], [[-0.25]], [[0.125]], [[1.0]]], [[[-1.0]], [[0.5]], [[0.75]], [[-0.5]]]]> : tensor<2x4x1x1xf32>
  %fw = arith.constant dense<[[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6], [0.7, -0.8], [0.9, 1.0]]> : tensor<5x2xf32>
  %c = riffle.conv2d %x, %w {act = #riffle.act<relu>} : (tensor<3x4x6x6xf32>, tensor<2x4x1x1xf32>) -> tensor<3x2x6x6xf32>
  %g = riffle.global_avg_pool %c : tensor<3x2x6x6xf32> -> tensor<3x2x1x1xf32>
  %f = riffle.flatten %g : tensor<3x2x1x1xf32> -> tensor<3x2xf32>
  %y = riffle.gemm %f, %fw : (tensor<3x2xf32>, tensor<5x2xf32>) -> tensor<3x5xf32>
  %p = riffle.softmax %y : tensor<3x5xf32>
  return %p : tensor<3x5xf32>
}
