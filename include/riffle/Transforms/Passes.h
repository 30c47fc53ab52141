//===- Passes.h - Riffle graph passes ---------------------------*- C++ -*-===//

#ifndef RIFFLE_TRANSFORMS_PASSES_H
#define RIFFLE_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace mlir::riffle {

#define GEN_PASS_DECL
#include "riffle/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "riffle/Transforms/Passes.h.inc"

/// The argument names of the default pipeline's passes, in order:
/// fold-batch-norm, fuse-activation, fuse-channel-shuffle, eliminate-copies,
/// canonicalize, cse.
llvm::ArrayRef<std::string> getDefaultPipelinePassNames();

/// Checks that every name in `names` is a pass of the default pipeline;
/// otherwise calls `report` with "unknown pass 'NAME'; the pipeline runs
/// ..." and returns its result.
llvm::LogicalResult checkDefaultPipelinePassNames(
    llvm::ArrayRef<std::string> names,
    llvm::function_ref<llvm::LogicalResult(const llvm::Twine &)> report);

/// Adds rifflec's default pipeline to `pm` (nested on func.func), leaving
/// out the passes named in `disabled`.
void buildDefaultPipeline(OpPassManager &pm,
                          llvm::ArrayRef<std::string> disabled = {});

/// Registers the default pipeline as `riffle-default-pipeline`, with the
/// option `disable=NAME,...` (rifflec's --disable-pass), for riffle-opt's
/// --riffle-default-pipeline and -pass-pipeline.
void registerDefaultPipeline();

} // namespace mlir::riffle

#endif // RIFFLE_TRANSFORMS_PASSES_H
