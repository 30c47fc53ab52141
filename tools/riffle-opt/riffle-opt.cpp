//===- riffle-opt.cpp - mlir-opt for the riffle dialect -------------------===//
//
// Parses riffle IR, runs the passes named on the command line and prints the
// result; follows mlir-opt's conventions (diagnostics, -split-input-file,
// -verify-diagnostics, exit code 1 on failure).
//
//===----------------------------------------------------------------------===//

#include "riffle/Dialect/Riffle/RiffleDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();

  mlir::DialectRegistry registry;
  registry.insert<mlir::riffle::RiffleDialect, mlir::func::FuncDialect,
                  mlir::arith::ArithDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Riffle optimizer driver\n", registry));
}
