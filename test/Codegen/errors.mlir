// riffle-halide-run reports what the Halide lowering cannot handle at the op,
// with `error:` and exit status 1, and writes no output file.
// RUN: rm -f %t.out.npy
// RUN: not riffle-halide-run %s --function int_result --output %t.out.npy 2>&1 | FileCheck %s --check-prefix=INT
// RUN: not ls %t.out.npy
// RUN: not riffle-halide-run %s --function elided 2>&1 | FileCheck %s --check-prefix=ELIDED
// RUN: not riffle-halide-run %s --function foreign_op 2>&1 | FileCheck %s --check-prefix=FOREIGN
// RUN: %python_torch -c "import numpy as np; np.save('%t.bad.npy', np.zeros((1, 2, 3, 3), np.float32))"
// RUN: not riffle-halide-run %s --function ok --input %t.bad.npy --output %t.out.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: not ls %t.out.npy
// RUN: not riffle-halide-run %s --function ok --compare %t.bad.npy 2>&1 | FileCheck %s --check-prefix=REF

// INT: error: 'arith.constant' op of type 'tensor<2xi32>' cannot be lowered to Halide
func.func @int_result() -> tensor<2xi32> {
  %0 = arith.constant dense<[1, 2]> : tensor<2xi32>
  return %0 : tensor<2xi32>
}

// ELIDED: error: 'arith.constant' op has no readable f32 data
func.func @elided(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense_resource<__elided__> : tensor<2x2x1x1xf32>
  %0 = riffle.conv2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// FOREIGN: error: 'arith.addf' op cannot be lowered to Halide
func.func @foreign_op(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %0 = arith.addf %x, %x : tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// SHAPE: error: {{.*}}bad.npy: array of shape [1, 2, 3, 3] does not match argument #0 of @ok
// REF: error: {{.*}}bad.npy: reference of shape [1, 2, 3, 3] does not match result #0 of shape [2, 2, 3, 3]
func.func @ok(%x: tensor<2x2x3x3xf32>) -> tensor<2x2x3x3xf32> {
  %0 = riffle.relu %x : tensor<2x2x3x3xf32>
  return %0 : tensor<2x2x3x3xf32>
}
