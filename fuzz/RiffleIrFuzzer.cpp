//===- RiffleIrFuzzer.cpp - libFuzzer target: riffle IR to the pipeline ---===//
//
// Parses each input as riffle IR (func, arith and riffle dialects), verifies
// it and, when it verifies, runs rifflec's default pipeline on it: every op's
// parser, verifier, folders and the graph passes must turn any input into a
// diagnostic or a module, never a crash.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "riffle/Dialect/Riffle/RiffleDialect.h"
#include "riffle/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::unique_ptr<mlir::MLIRContext> context = riffle_fuzz::makeContext();
  context->loadDialect<mlir::riffle::RiffleDialect, mlir::func::FuncDialect,
                       mlir::arith::ArithDialect>();
  // MLIR's lexer reads up to a terminating NUL (as every source file loaded
  // through llvm::MemoryBuffer has); the fuzzer's bytes have none.
  std::string source(reinterpret_cast<const char *>(data), size);
  mlir::ParserConfig config(context.get());
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(source, config, "fuzz-input");
  if (!module || mlir::failed(mlir::verify(*module)))
    return 0;
  mlir::PassManager pm(context.get());
  mlir::riffle::buildDefaultPipeline(pm);
  (void)pm.run(*module);
  return 0;
}
