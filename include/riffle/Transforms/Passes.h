//===- Passes.h - Riffle graph passes ---------------------------*- C++ -*-===//

#ifndef RIFFLE_TRANSFORMS_PASSES_H
#define RIFFLE_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::riffle {

#define GEN_PASS_DECL
#include "riffle/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "riffle/Transforms/Passes.h.inc"

/// The names of the default pipeline's passes, in order.
llvm::ArrayRef<llvm::StringRef> getDefaultPipelinePassNames();

/// Adds rifflec's default pipeline to `pm` (on func.func), leaving out the
/// passes named in `disabled`: fold-batch-norm, fuse-activation,
/// fuse-channel-shuffle, eliminate-copies, each followed by canonicalize,
/// then cse.
void buildDefaultPipeline(OpPassManager &pm,
                          const llvm::StringSet<> &disabled = {});

} // namespace mlir::riffle

#endif // RIFFLE_TRANSFORMS_PASSES_H
