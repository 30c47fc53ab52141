//===- Format.h - Shapes and index lists in messages ------------*- C++ -*-===//

#ifndef RIFFLE_SUPPORT_FORMAT_H
#define RIFFLE_SUPPORT_FORMAT_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <string>

namespace mlir::riffle {

/// "[1, 3, 224, 224]": how every Riffle diagnostic writes a shape or a list
/// of indices.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

} // namespace mlir::riffle

#endif // RIFFLE_SUPPORT_FORMAT_H
