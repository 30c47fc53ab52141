//===- Constants.h - Reading and creating weight constants ------*- C++ -*-===//
//
// Weights are arith.constant tensors whose elements are either dense
// (inline or splat) or dense_resource blobs. Passes rewrite them (folding,
// permuting) through these helpers.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_DIALECT_RIFFLE_CONSTANTS_H
#define RIFFLE_DIALECT_RIFFLE_CONSTANTS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"

#include <optional>
#include <vector>

namespace mlir::riffle {

/// The f32 contents of `value` when it is an arith.constant with dense or
/// dense_resource elements whose data is present; nullopt otherwise (not a
/// constant, or an elided resource).
std::optional<std::vector<float>> getConstantFloats(Value value);

/// An arith.constant holding `values`: inline dense elements when small,
/// a dense_resource blob (named after `nameHint`) otherwise.
Value createFloatConstant(OpBuilder &builder, Location loc,
                          RankedTensorType type, llvm::ArrayRef<float> values,
                          llvm::StringRef nameHint = "w");

/// The inverse of the permutation `map` (map[i] = j  =>  inverse[j] = i).
llvm::SmallVector<int64_t> invertPermutation(llvm::ArrayRef<int64_t> map);

} // namespace mlir::riffle

#endif // RIFFLE_DIALECT_RIFFLE_CONSTANTS_H
