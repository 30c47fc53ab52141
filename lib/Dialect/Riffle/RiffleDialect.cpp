//===- RiffleDialect.cpp - The riffle dialect -----------------------------===//

#include "riffle/Dialect/Riffle/RiffleDialect.h"
#include "riffle/Dialect/Riffle/RiffleAttrs.h"
#include "riffle/Dialect/Riffle/RiffleOps.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::riffle;

#include "riffle/Dialect/Riffle/RiffleOpsDialect.cpp.inc"

void RiffleDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "riffle/Dialect/Riffle/RiffleAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "riffle/Dialect/Riffle/RiffleOps.cpp.inc"
      >();
}

#define GET_ATTRDEF_CLASSES
#include "riffle/Dialect/Riffle/RiffleAttrs.cpp.inc"
