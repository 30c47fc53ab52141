//===- riffle-opt.cpp - mlir-opt for the riffle dialect -------------------===//
//
// Parses riffle IR, runs the passes named on the command line and prints the
// result; follows mlir-opt's conventions (diagnostics, -split-input-file,
// -verify-diagnostics, exit code 1 on failure). --riffle-default-pipeline
// runs what rifflec runs (`--riffle-default-pipeline=disable=NAME,...` for
// its --disable-pass). --riffle-pass-statistics prints the riffle passes'
// counters (see riffle/Transforms/PassCounters.h).
//
//===----------------------------------------------------------------------===//

#include "riffle/Dialect/Riffle/RiffleDialect.h"
#include "riffle/Transforms/PassCounters.h"
#include "riffle/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"

static llvm::cl::opt<bool> passStatistics(
    "riffle-pass-statistics",
    llvm::cl::desc("print the riffle passes' statistics after the pipeline"));

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::riffle::registerRifflePasses();
  mlir::riffle::registerDefaultPipeline();

  mlir::DialectRegistry registry;
  registry.insert<mlir::riffle::RiffleDialect, mlir::func::FuncDialect,
                  mlir::arith::ArithDialect>();
  auto [inputFile, outputFile] = mlir::registerAndParseCLIOptions(
      argc, argv, "Riffle optimizer driver\n", registry);

  mlir::MlirOptMainConfig config =
      mlir::MlirOptMainConfig::createFromCLOptions();
  mlir::MlirOptMainConfig cliConfig = config;
  config.setPassPipelineSetupFn([cliConfig](mlir::PassManager &pm) {
    if (mlir::failed(cliConfig.setupPassPipeline(pm)))
      return mlir::failure();
    if (passStatistics)
      mlir::riffle::addPassCountersInstrumentation(pm, llvm::errs());
    return mlir::success();
  });

  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input =
      mlir::openInputFile(inputFile, &error);
  if (!input) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(outputFile, &error);
  if (!output) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  if (mlir::failed(mlir::MlirOptMain(output->os(), std::move(input), registry,
                                     config)))
    return 1;
  output->keep();
  return 0;
}
