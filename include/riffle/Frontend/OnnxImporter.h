//===- OnnxImporter.h - ONNX models to the riffle dialect -------*- C++ -*-===//
//
// Imports an ONNX model (binary protobuf or ONNX text syntax) into one
// func.func of riffle ops. The model goes through ONNX's checker and shape
// inference first; shape arithmetic is folded at import, channel shuffles
// are raised to riffle.channel_shuffle, and every failure is an MLIR
// diagnostic naming the file and node.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_FRONTEND_ONNXIMPORTER_H
#define RIFFLE_FRONTEND_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace mlir::riffle {

struct OnnxImportOptions {
  /// Name of the generated func.func (default: the graph's name, made a C
  /// identifier, or "main").
  std::string functionName;
  /// When non-empty, replaces the shape of the model's single input (for
  /// models exported with symbolic dimensions).
  llvm::SmallVector<int64_t> inputShape;
};

/// ONNX opsets (default domain) imported directly; older models are first
/// converted with libonnx's version converter (frontends/onnx/VersionConversion.h).
constexpr int64_t kMinOnnxOpset = 11;
constexpr int64_t kMaxOnnxOpset = 18;

/// Reads `path` (.onnx: binary protobuf; .onnxtxt: ONNX text syntax) and
/// imports it. Returns null after emitting diagnostics on failure.
OwningOpRef<ModuleOp> importOnnxFile(llvm::StringRef path,
                                     MLIRContext *context,
                                     const OnnxImportOptions &options = {});

/// The ONNX op types the importer maps, sorted.
llvm::ArrayRef<llvm::StringRef> getSupportedOnnxOps();

} // namespace mlir::riffle

#endif // RIFFLE_FRONTEND_ONNXIMPORTER_H
