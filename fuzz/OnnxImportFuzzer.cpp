//===- OnnxImportFuzzer.cpp - libFuzzer target: the ONNX importer ---------===//
//
// Feeds each input to importOnnxFile as a binary .onnx model, or as ONNX text
// when built with RIFFLE_FUZZ_ONNX_TEXT (riffle-fuzz-onnx-text): protobuf
// parsing or libonnx's text parser, Riffle's attribute checks, libonnx's
// checker and shape inference, then the importer and the verifier. Any
// input must end in a module or in diagnostics, never in a crash.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "riffle/Frontend/OnnxImporter.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#ifdef RIFFLE_FUZZ_ONNX_TEXT
static constexpr const char *kExtension = ".onnxtxt";
#else
static constexpr const char *kExtension = ".onnx";
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string &path = riffle_fuzz::scratchPath(kExtension);
  riffle_fuzz::writeScratch(path, data, size);
  std::unique_ptr<mlir::MLIRContext> context = riffle_fuzz::makeContext();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::riffle::importOnnxFile(path, context.get());
  (void)module;
  return 0;
}
