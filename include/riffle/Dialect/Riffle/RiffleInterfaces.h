//===- RiffleInterfaces.h - Riffle op interfaces ----------------*- C++ -*-===//

#ifndef RIFFLE_DIALECT_RIFFLE_RIFFLEINTERFACES_H
#define RIFFLE_DIALECT_RIFFLE_RIFFLEINTERFACES_H

#include "riffle/Dialect/Riffle/RiffleAttrs.h"
#include "riffle/Dialect/Riffle/ShapeErrorReporter.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include "riffle/Dialect/Riffle/RiffleInterfaces.h.inc"

namespace mlir::riffle {

/// The activation op applying `act` to `input` (riffle.clip for
/// #riffle.act<clip(...)>, ...), found through ActivationOpInterface: the
/// inverse of ActivationOpInterface::getActivation. Null when no registered
/// op computes that kind.
Operation *createActivationOp(OpBuilder &builder, Location loc, Value input,
                              ActivationAttr act);

namespace detail {
// ActivationOpInterface's implementation for every op defined with
// Riffle_ActivationOp (RiffleOps.td). `params` are the op's f32 attributes,
// `paramNames` their names, in the order of the activation's parameters.
ActivationAttr getActivation(MLIRContext *context, ActivationKind kind,
                             llvm::ArrayRef<llvm::APFloat> params);
Operation *buildActivationOp(OpBuilder &builder, Location loc,
                             llvm::StringRef opName,
                             llvm::ArrayRef<llvm::StringRef> paramNames,
                             Value input, ActivationAttr act);
/// Checks the parameters as #riffle.act does; the result type is the
/// input's.
llvm::LogicalResult
inferActivationResultTypes(ActivationKind kind,
                           llvm::ArrayRef<llvm::APFloat> params,
                           ShapeErrorReporter &report, Value input,
                           llvm::SmallVectorImpl<Type> &resultTypes);
} // namespace detail

} // namespace mlir::riffle

#endif // RIFFLE_DIALECT_RIFFLE_RIFFLEINTERFACES_H
