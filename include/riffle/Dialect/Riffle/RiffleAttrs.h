//===- RiffleAttrs.h - Riffle attributes ------------------------*- C++ -*-===//

#ifndef RIFFLE_DIALECT_RIFFLE_RIFFLEATTRS_H
#define RIFFLE_DIALECT_RIFFLE_RIFFLEATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/APFloat.h"

#include "riffle/Dialect/Riffle/RiffleEnums.h.inc"

namespace mlir {
class AsmParser;
class AsmPrinter;
namespace riffle {
/// `[16, 12]`: #riffle.schedule's tile sizes.
FailureOr<SmallVector<int64_t>> parseTileSizes(AsmParser &parser);
void printTileSizes(AsmPrinter &printer, ArrayRef<int64_t> sizes);
} // namespace riffle
} // namespace mlir

#define GET_ATTRDEF_CLASSES
#include "riffle/Dialect/Riffle/RiffleAttrs.h.inc"

#include <algorithm>
#include <cmath>

namespace mlir::riffle {

// What each activation kind is, in C++: its parameter count here, its
// reference semantics in applyActivation below, its Halide expression in
// lib/Codegen (lowering::applyActivation). The op computing it standalone is
// declared in RiffleOps.td with Riffle_ActivationOp.

inline unsigned ActivationAttr::getNumParams(ActivationKind kind) {
  switch (kind) {
  case ActivationKind::clip:
  case ActivationKind::hardsigmoid:
    return 2;
  case ActivationKind::leaky_relu:
    return 1;
  case ActivationKind::relu:
  case ActivationKind::hardswish:
  case ActivationKind::sigmoid:
    return 0;
  }
  return 0;
}

/// The reference semantics of every activation kind (see the
/// documentation of #riffle.act); inline because interpreters and folders
/// call it per element.
inline float applyActivation(ActivationKind kind, float alpha, float beta,
                             float x) {
  switch (kind) {
  case ActivationKind::relu:
    return std::max(x, 0.0f);
  case ActivationKind::clip:
    return std::min(std::max(x, alpha), beta);
  case ActivationKind::leaky_relu:
    return x >= 0.0f ? x : alpha * x;
  case ActivationKind::hardswish:
    return x * std::min(std::max(x + 3.0f, 0.0f), 6.0f) / 6.0f;
  case ActivationKind::hardsigmoid:
    return std::min(std::max(alpha * x + beta, 0.0f), 1.0f);
  case ActivationKind::sigmoid:
    return 1.0f / (1.0f + std::exp(-x));
  }
  return x;
}

} // namespace mlir::riffle

#endif // RIFFLE_DIALECT_RIFFLE_RIFFLEATTRS_H
