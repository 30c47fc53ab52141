// rifflec's pass-pipeline options on a small conv + BN + ReLU + shuffle model.
// RUN: rifflec %s --emit=mlir-opt | FileCheck %s --check-prefix=OPT
// RUN: rifflec %s --emit=mlir | FileCheck %s --check-prefix=IMPORTED
// RUN: rifflec %s --emit=mlir-opt --disable-pass=riffle-fuse-channel-shuffle --disable-pass=riffle-eliminate-copies | FileCheck %s --check-prefix=UNFUSED
// RUN: rifflec %s --emit=mlir-opt --print-ir-after=riffle-fold-batch-norm -o /dev/null 2>&1 | FileCheck %s --check-prefix=AFTER-BN
// RUN: rifflec %s --emit=mlir-opt --print-ir-after-all -o /dev/null 2>&1 | FileCheck %s --check-prefix=ALL
// RUN: rifflec %s --emit=mlir-opt --pass-statistics -o /dev/null 2>&1 | FileCheck %s --check-prefix=STATS
// RUN: not rifflec %s --emit=mlir-opt --disable-pass=riffle-no-such-pass 2>&1 | FileCheck %s --check-prefix=BADPASS
// RUN: not rifflec %s --emit=mlir --print-ir-after-all 2>&1 | FileCheck %s --check-prefix=NOPIPE
// Unknown pass names exit with status 1 and leave no output file.
// RUN: rm -f %t.out
// RUN: not rifflec %s --emit=mlir-opt --print-ir-after=riffle-no-such-pass -o %t.out 2>&1 | FileCheck %s --check-prefix=BADPRINT
// RUN: not test -e %t.out
// RUN: rifflec %s --emit=mlir-opt --print-ir-after=riffle-no-such-pass -o %t.out 2>/dev/null; test $? -eq 1
// RUN: rifflec %s --emit=mlir-opt --disable-pass=riffle-fuse-activation --disable-pass=cse2 -o %t.out 2>/dev/null; test $? -eq 1
// RUN: not test -e %t.out

// OPT-LABEL: func.func @model
// OPT: riffle.conv2d {{.*}}act = #riffle.act<relu>, groups = 2 : i64, output_channel_map = array<i64: 0, 2, 1, 3>
// OPT-NOT: riffle.batch_norm
// OPT-NOT: riffle.channel_shuffle
// OPT-NOT: riffle.relu

// IMPORTED: riffle.batch_norm
// IMPORTED: riffle.relu
// IMPORTED: riffle.channel_shuffle

// UNFUSED: riffle.conv2d {{.*}}act = #riffle.act<relu>, groups = 2 : i64}
// UNFUSED: riffle.channel_shuffle

// AFTER-BN: IR Dump After FoldBatchNorm (riffle-fold-batch-norm)
// AFTER-BN-NOT: IR Dump After
// AFTER-BN: riffle.relu
// AFTER-BN-NOT: IR Dump After

// ALL: IR Dump After FoldBatchNorm (riffle-fold-batch-norm)
// ALL: IR Dump After FuseActivation (riffle-fuse-activation)
// ALL: IR Dump After FuseChannelShuffle (riffle-fuse-channel-shuffle)
// ALL: IR Dump After EliminateCopies (riffle-eliminate-copies)
// ALL: IR Dump After Canonicalizer (canonicalize)
// ALL: IR Dump After CSE (cse)

// STATS: riffle-fold-batch-norm
// STATS-NEXT: 1 batch-norms-folded
// STATS: riffle-fuse-activation
// STATS-NEXT: 1 activations-fused
// STATS: riffle-fuse-channel-shuffle
// STATS-NEXT: 1 shuffles-removed
// STATS: 1 channel-maps-created

// BADPASS: error: --disable-pass: unknown pass 'riffle-no-such-pass'; the pipeline runs riffle-fold-batch-norm, riffle-fuse-activation, riffle-fuse-channel-shuffle, riffle-eliminate-copies, canonicalize, cse

// BADPRINT: error: --print-ir-after: unknown pass 'riffle-no-such-pass'; the pipeline runs riffle-fold-batch-norm, riffle-fuse-activation, riffle-fuse-channel-shuffle, riffle-eliminate-copies, canonicalize, cse

// NOPIPE: error: --emit=mlir prints the IR before any pass; pass options need --emit=mlir-opt

func.func @model(%x: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %w = arith.constant dense<0.5> : tensor<4x2x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<4xf32>
  %0 = riffle.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  %1 = riffle.batch_norm %0, %p, %p, %p, %p : tensor<1x4x3x3xf32>, tensor<4xf32>
  %2 = riffle.relu %1 : tensor<1x4x3x3xf32>
  %3 = riffle.channel_shuffle %2, groups = 2 : tensor<1x4x3x3xf32>
  %4 = riffle.add %3, %x : tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32> -> tensor<1x4x3x3xf32>
  return %4 : tensor<1x4x3x3xf32>
}
