//===- Npy.h - NumPy .npy files of float32 arrays ---------------*- C++ -*-===//
//
// Reads and writes the NumPy `.npy` format (versions 1.0 and 2.0) for the
// arrays Riffle exchanges with PyTorch and NumPy: little-endian float32 in C
// order. Reading also accepts little-endian float64 and converts it to
// float32. Anything else (Fortran order, other dtypes, big-endian data,
// other format versions, a malformed header, a truncated file or trailing
// bytes) is an error whose message names the file and the problem.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_SUPPORT_NPY_H
#define RIFFLE_SUPPORT_NPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::riffle {

/// A dense float32 array in C (row-major) order. A 0-d array has an empty
/// shape and one element.
struct NpyArray {
  llvm::SmallVector<int64_t, 4> shape;
  std::vector<float> data;
};

/// Parses the bytes of a .npy file; `name` (the file name) prefixes errors.
llvm::Expected<NpyArray> parseNpy(llvm::StringRef bytes, llvm::StringRef name);

/// Reads a .npy file.
llvm::Expected<NpyArray> readNpy(llvm::StringRef path);

/// The bytes of a .npy file holding `data` (float32, C order) of `shape`:
/// format version 1.0, or 2.0 when the header does not fit 1.0's 16-bit
/// length. `data` must hold exactly the product of `shape` elements.
std::string serializeNpy(llvm::ArrayRef<int64_t> shape,
                         llvm::ArrayRef<float> data);

/// Writes a .npy file. The file appears whole or not at all: the bytes go
/// to a temporary file next to `path` that is renamed over it at the end.
llvm::Error writeNpy(llvm::StringRef path, llvm::ArrayRef<int64_t> shape,
                     llvm::ArrayRef<float> data);

} // namespace mlir::riffle

#endif // RIFFLE_SUPPORT_NPY_H
