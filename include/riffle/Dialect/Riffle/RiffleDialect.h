//===- RiffleDialect.h - The riffle dialect ---------------------*- C++ -*-===//

#ifndef RIFFLE_DIALECT_RIFFLE_RIFFLEDIALECT_H
#define RIFFLE_DIALECT_RIFFLE_RIFFLEDIALECT_H

#include "mlir/IR/Dialect.h"

#include "riffle/Dialect/Riffle/RiffleOpsDialect.h.inc"

#endif // RIFFLE_DIALECT_RIFFLE_RIFFLEDIALECT_H
