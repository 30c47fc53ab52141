//===- SampleLoop.h - Planning a batch as a loop over samples ---*- C++ -*-===//
//
// Internal to riffle-plan-codegen: a CPU function whose batch of N > 1
// samples is computed one sample at a time (every op treats each sample on
// its own) is re-typed to one sample and marked `riffle.sample_loop = N`;
// code generation compiles the one-sample function and runs it N times.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_LIB_TRANSFORMS_SAMPLELOOP_H
#define RIFFLE_LIB_TRANSFORMS_SAMPLELOOP_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <optional>

namespace mlir::riffle {

/// The batch N > 1 of `func` when each of its N samples may be computed
/// alone: every argument and result is batched (leading dimension N), and
/// every op computes sample n of its results from sample n of its batched
/// operands only (its other operands, weights, being the same for every
/// sample). nullopt otherwise.
std::optional<int64_t> getSeparableBatch(func::FuncOp func);

/// Re-types `func` (which getSeparableBatch accepted with `batch`) to one
/// sample: every batched value's leading dimension becomes 1. Marks it
/// `riffle.sample_loop = batch`.
void planSampleLoop(func::FuncOp func, int64_t batch);

} // namespace mlir::riffle

#endif // RIFFLE_LIB_TRANSFORMS_SAMPLELOOP_H
