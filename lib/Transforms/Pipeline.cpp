//===- Pipeline.cpp - rifflec's default pass pipeline ---------------------===//

#include "riffle/Transforms/Passes.h"

#include "mlir/Transforms/Passes.h"

using namespace mlir;

llvm::ArrayRef<llvm::StringRef> mlir::riffle::getDefaultPipelinePassNames() {
  static const llvm::StringRef names[] = {
      "riffle-fold-batch-norm", "riffle-fuse-activation",
      "riffle-fuse-channel-shuffle", "riffle-eliminate-copies",
      "canonicalize", "cse"};
  return names;
}

void mlir::riffle::buildDefaultPipeline(OpPassManager &pm,
                                        const llvm::StringSet<> &disabled) {
  OpPassManager &funcPm = pm.nest<func::FuncOp>();
  auto enabled = [&](llvm::StringRef name) { return !disabled.contains(name); };
  if (enabled("riffle-fold-batch-norm"))
    funcPm.addPass(createFoldBatchNorm());
  if (enabled("riffle-fuse-activation"))
    funcPm.addPass(createFuseActivation());
  if (enabled("riffle-fuse-channel-shuffle"))
    funcPm.addPass(createFuseChannelShuffle());
  if (enabled("riffle-eliminate-copies"))
    funcPm.addPass(createEliminateCopies());
  if (enabled("canonicalize"))
    funcPm.addPass(createCanonicalizerPass());
  if (enabled("cse"))
    funcPm.addPass(createCSEPass());
}
