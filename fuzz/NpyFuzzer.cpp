//===- NpyFuzzer.cpp - libFuzzer target: the .npy reader ------------------===//
//
// parseNpy must turn any bytes into an array or an error. An array it
// returns must hold exactly as many floats as its shape says: the tools
// index it by that shape.
//
//===----------------------------------------------------------------------===//

#include "riffle/Support/Npy.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  llvm::Expected<mlir::riffle::NpyArray> array =
      mlir::riffle::parseNpy(bytes, "fuzz-input");
  if (!array) {
    llvm::consumeError(array.takeError());
    return 0;
  }
  uint64_t elements = 1;
  for (int64_t dim : array->shape) {
    if (dim < 0)
      std::abort();
    elements *= static_cast<uint64_t>(dim);
  }
  if (elements != array->data.size())
    std::abort();
  return 0;
}
