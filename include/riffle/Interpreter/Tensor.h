//===- Tensor.h - The reference interpreter's tensors -----------*- C++ -*-===//

#ifndef RIFFLE_INTERPRETER_TENSOR_H
#define RIFFLE_INTERPRETER_TENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <functional>
#include <numeric>
#include <vector>

namespace mlir::riffle {

/// A dense float32 tensor in row-major (C) order: what flows between ops in
/// the reference interpreter, and what .npy files hold.
struct Tensor {
  llvm::SmallVector<int64_t, 4> shape;
  std::vector<float> data;

  Tensor() = default;
  /// A zero-filled tensor of `shape`.
  explicit Tensor(llvm::ArrayRef<int64_t> shape)
      : shape(shape.begin(), shape.end()), data(getNumElements(shape), 0.0f) {}
  Tensor(llvm::ArrayRef<int64_t> shape, std::vector<float> data)
      : shape(shape.begin(), shape.end()), data(std::move(data)) {}

  static int64_t getNumElements(llvm::ArrayRef<int64_t> shape) {
    return std::accumulate(shape.begin(), shape.end(), int64_t{1},
                           std::multiplies<int64_t>());
  }
  int64_t getNumElements() const { return getNumElements(shape); }
  int64_t getRank() const { return shape.size(); }
  int64_t dim(int64_t i) const { return shape[i]; }
};

} // namespace mlir::riffle

#endif // RIFFLE_INTERPRETER_TENSOR_H
