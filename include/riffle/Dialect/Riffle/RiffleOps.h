//===- RiffleOps.h - Riffle operations --------------------------*- C++ -*-===//

#ifndef RIFFLE_DIALECT_RIFFLE_RIFFLEOPS_H
#define RIFFLE_DIALECT_RIFFLE_RIFFLEOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "riffle/Dialect/Riffle/RiffleAttrs.h"
#include "riffle/Dialect/Riffle/RiffleDialect.h"
#include "riffle/Dialect/Riffle/RiffleInterfaces.h"
#include "riffle/Dialect/Riffle/ShapeErrorReporter.h"

#define GET_OP_CLASSES
#include "riffle/Dialect/Riffle/RiffleOps.h.inc"

#endif // RIFFLE_DIALECT_RIFFLE_RIFFLEOPS_H
