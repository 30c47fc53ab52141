//===- RiffleAttrs.h - Riffle attributes ------------------------*- C++ -*-===//

#ifndef RIFFLE_DIALECT_RIFFLE_RIFFLEATTRS_H
#define RIFFLE_DIALECT_RIFFLE_RIFFLEATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/APFloat.h"

#include "riffle/Dialect/Riffle/RiffleEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "riffle/Dialect/Riffle/RiffleAttrs.h.inc"

#endif // RIFFLE_DIALECT_RIFFLE_RIFFLEATTRS_H
