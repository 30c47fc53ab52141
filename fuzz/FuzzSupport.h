//===- FuzzSupport.h - Shared pieces of Riffle's libFuzzer targets -*- C++ -*-===//
//
// The importer reads models from a path (its extension picks binary or text
// syntax), so the ONNX targets write each input to a file of their own.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_FUZZ_FUZZSUPPORT_H
#define RIFFLE_FUZZ_FUZZSUPPORT_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace riffle_fuzz {

/// A per-process scratch file `riffle-fuzz-PID<suffix>` in $TMPDIR (or
/// /tmp), rewritten with each input.
inline const std::string &scratchPath(llvm::StringRef suffix) {
  static const std::string path = [&] {
    const char *dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/riffle-fuzz-" +
           std::to_string(getpid()) + suffix.str();
  }();
  return path;
}

inline void writeScratch(const std::string &path, const uint8_t *data,
                         size_t size) {
  FILE *file = std::fopen(path.c_str(), "wb");
  if (!file)
    __builtin_trap(); // the harness itself is broken
  if (size && std::fwrite(data, 1, size, file) != size)
    __builtin_trap();
  std::fclose(file);
}

/// A context per input: imported weights live in the context's resource
/// blobs, so one shared context would grow with every input. Threading is
/// off so that a crash's stack is the fuzzer's own.
inline std::unique_ptr<mlir::MLIRContext> makeContext() {
  auto context = std::make_unique<mlir::MLIRContext>(
      mlir::MLIRContext::Threading::DISABLED);
  // Diagnostics are the expected outcome of most inputs; drop them.
  context->getDiagEngine().registerHandler([](mlir::Diagnostic &) {});
  return context;
}

} // namespace riffle_fuzz

#endif // RIFFLE_FUZZ_FUZZSUPPORT_H
