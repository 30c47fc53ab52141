//===- Driver.cpp - The pipeline behind rifflec ---------------------------===//

#include "riffle/Driver/Driver.h"
#include "riffle/Dialect/Riffle/RiffleDialect.h"
#include "riffle/Frontend/OnnxImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace mlir::riffle;

std::string mlir::riffle::makeCIdentifier(llvm::StringRef name) {
  std::string id;
  for (char c : name)
    id.push_back(llvm::isAlnum(c) ? c : '_');
  if (id.empty() || llvm::isDigit(id.front()))
    id.insert(0, "m_");
  return id;
}

OwningOpRef<ModuleOp> mlir::riffle::loadInput(MLIRContext &context,
                                              const DriverOptions &options) {
  context.loadDialect<RiffleDialect, func::FuncDialect, arith::ArithDialect>();
  llvm::StringRef path = options.inputPath;
  Location fileLoc = FileLineColLoc::get(&context, path, 0, 0);
  if (!llvm::sys::fs::exists(path)) {
    emitError(fileLoc) << "no such file";
    return nullptr;
  }
  if (llvm::sys::fs::is_directory(path)) {
    emitError(fileLoc) << "is a directory, not a model";
    return nullptr;
  }
  llvm::StringRef extension = llvm::sys::path::extension(path);
  std::string name = options.name.empty()
                         ? makeCIdentifier(llvm::sys::path::stem(path))
                         : options.name;

  if (extension == ".onnx" || extension == ".onnxtxt") {
    OnnxImportOptions importOptions;
    importOptions.functionName = name;
    importOptions.inputShape = options.inputShape;
    return importOnnxFile(path, &context, importOptions);
  }
  if (extension == ".mlir") {
    if (!options.inputShape.empty()) {
      emitError(fileLoc) << "--input-shape applies to ONNX models only";
      return nullptr;
    }
    llvm::SourceMgr sourceMgr;
    std::string includedFile;
    auto buffer = llvm::MemoryBuffer::getFile(path);
    if (!buffer) {
      emitError(fileLoc) << "cannot read: " << buffer.getError().message();
      return nullptr;
    }
    sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
    OwningOpRef<ModuleOp> module =
        parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
    if (!module)
      return nullptr;
    auto funcs = module->getOps<func::FuncOp>();
    if (std::distance(funcs.begin(), funcs.end()) != 1) {
      emitError(module->getLoc())
          << "expects exactly one func.func (the model), found "
          << std::distance(funcs.begin(), funcs.end());
      return nullptr;
    }
    return module;
  }
  emitError(fileLoc) << "unknown input kind '" << extension
                     << "'; expected .onnx (binary ONNX), .onnxtxt (ONNX "
                        "text syntax) or .mlir (riffle IR)";
  return nullptr;
}

/// Writes `text` to `path` ("-" or empty: stdout). A failed run leaves no
/// file behind (ToolOutputFile removes it unless kept).
static LogicalResult writeOutput(MLIRContext &context, llvm::StringRef path,
                                 llvm::function_ref<void(llvm::raw_ostream &)> write) {
  std::string error;
  auto file = openOutputFile(path.empty() ? "-" : path, &error);
  if (!file) {
    emitError(FileLineColLoc::get(&context, path, 0, 0))
        << "cannot write: " << error;
    return failure();
  }
  write(file->os());
  file->os().flush();
  if (file->os().has_error()) {
    emitError(FileLineColLoc::get(&context, path, 0, 0)) << "write failed";
    file->os().clear_error();
    return failure();
  }
  file->keep();
  return success();
}

int mlir::riffle::runDriver(MLIRContext &context,
                            const DriverOptions &options) {
  OwningOpRef<ModuleOp> module = loadInput(context, options);
  if (!module)
    return 1;
  if (failed(verify(*module)))
    return 1;

  switch (options.emit) {
  case EmitKind::Mlir: {
    OpPrintingFlags flags;
    if (!options.keepWeights)
      flags.elideLargeResourceString(64).elideLargeElementsAttrs(16);
    return failed(writeOutput(context, options.outputPath,
                              [&](llvm::raw_ostream &os) {
                                module->print(os, flags);
                                os << "\n";
                              }))
               ? 1
               : 0;
  }
  }
  return 1;
}
