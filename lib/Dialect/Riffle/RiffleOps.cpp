//===- RiffleOps.cpp - Generated op definitions ---------------------------===//
//
// The op definitions TableGen generates. Each op family's inference,
// verification and folding lives in its own file (ConvOps.cpp, ...).
//
//===----------------------------------------------------------------------===//

#include "riffle/Dialect/Riffle/RiffleOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::riffle;

#include "riffle/Dialect/Riffle/RiffleInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "riffle/Dialect/Riffle/RiffleOps.cpp.inc"
