//===- Pipeline.cpp - rifflec's default pass pipeline ---------------------===//
//
// The one definition of the default pipeline: rifflec builds it with
// buildDefaultPipeline, riffle-opt runs it as --riffle-default-pipeline, and
// both check pass names against the same list.
//
//===----------------------------------------------------------------------===//

#include "riffle/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::riffle;

namespace {

/// The default pipeline's passes, in order (all on func.func).
using PassFactory = std::unique_ptr<Pass> (*)();
const PassFactory defaultPipeline[] = {
    [] { return createFoldBatchNorm(); },
    [] { return createFuseActivation(); },
    [] { return createFuseChannelShuffle(); },
    [] { return createEliminateCopies(); },
    [] { return createCanonicalizerPass(); },
    [] { return createCSEPass(); },
};

struct DefaultPipelineOptions
    : PassPipelineOptions<DefaultPipelineOptions> {
  ListOption<std::string> disable{
      *this, "disable",
      llvm::cl::desc("passes of the pipeline to leave out, by argument name "
                     "(rifflec's --disable-pass)")};
};

} // namespace

llvm::ArrayRef<std::string> mlir::riffle::getDefaultPipelinePassNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> result;
    for (PassFactory create : defaultPipeline)
      result.push_back(create()->getArgument().str());
    return result;
  }();
  return names;
}

LogicalResult mlir::riffle::checkDefaultPipelinePassNames(
    llvm::ArrayRef<std::string> names,
    llvm::function_ref<LogicalResult(const llvm::Twine &)> report) {
  llvm::ArrayRef<std::string> known = getDefaultPipelinePassNames();
  for (const std::string &name : names) {
    if (llvm::is_contained(known, name))
      continue;
    std::string message;
    llvm::raw_string_ostream os(message);
    os << "unknown pass '" << name << "'; the pipeline runs ";
    llvm::interleaveComma(known, os);
    return report(message);
  }
  return success();
}

void mlir::riffle::buildDefaultPipeline(OpPassManager &pm,
                                        llvm::ArrayRef<std::string> disabled) {
  OpPassManager &funcPm = pm.nest<func::FuncOp>();
  for (PassFactory create : defaultPipeline) {
    std::unique_ptr<Pass> pass = create();
    if (!llvm::is_contained(disabled, pass->getArgument()))
      funcPm.addPass(std::move(pass));
  }
}

void mlir::riffle::registerDefaultPipeline() {
  // registerPassPipeline rather than PassPipelineRegistration: its builder
  // can reject an unknown pass name in `disable` instead of ignoring it.
  registerPassPipeline(
      "riffle-default-pipeline",
      "rifflec's default pass pipeline (what --emit=mlir-opt prints)",
      [](OpPassManager &pm, StringRef optionsText,
         llvm::function_ref<LogicalResult(const llvm::Twine &)> report) {
        DefaultPipelineOptions options;
        if (failed(options.parseFromString(optionsText)) ||
            failed(checkDefaultPipelinePassNames(
                *options.disable, [&](const llvm::Twine &message) {
                  return report("riffle-default-pipeline: disable: " +
                                message);
                })))
          return failure();
        buildDefaultPipeline(pm, *options.disable);
        return success();
      },
      [](llvm::function_ref<void(const detail::PassOptions &)> printOptions) {
        printOptions(DefaultPipelineOptions());
      });
}
