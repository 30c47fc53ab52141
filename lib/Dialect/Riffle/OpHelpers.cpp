//===- OpHelpers.cpp - Shared checks for riffle op inference --------------===//

#include "OpHelpers.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::riffle;

RankedTensorType mlir::riffle::getRankedOperand(ShapeErrorReporter &report,
                                                Value operand,
                                                llvm::StringRef name,
                                                int64_t rank) {
  auto type = operand ? dyn_cast<RankedTensorType>(operand.getType())
                      : RankedTensorType();
  if (!type || !type.hasStaticShape() || (rank >= 0 && type.getRank() != rank)) {
    if (rank >= 0)
      (void)report("expects '", name, "' to be a statically shaped ", rank,
                   "-D tensor");
    else
      (void)report("expects '", name, "' to be a statically shaped tensor");
    return {};
  }
  return type;
}

LogicalResult mlir::riffle::checkIntList(ShapeErrorReporter &report,
                                         llvm::StringRef attrName,
                                         llvm::ArrayRef<int64_t> values,
                                         size_t size, int64_t minValue) {
  if (values.size() != size)
    return report("expects '", attrName, "' to have ", size,
                  " entries, got ", values.size());
  if (llvm::any_of(values, [&](int64_t v) { return v < minValue; }))
    return report("expects '", attrName, "' entries to be at least ",
                  minValue, ", got ", formatShape(values));
  return success();
}

LogicalResult mlir::riffle::checkWindowAttrs(ShapeErrorReporter &report,
                                             llvm::ArrayRef<int64_t> strides,
                                             llvm::ArrayRef<int64_t> pads,
                                             llvm::ArrayRef<int64_t> dilations) {
  if (failed(checkIntList(report, "strides", strides, 2, 1)) ||
      failed(checkIntList(report, "pads", pads, 4, 0)) ||
      failed(checkIntList(report, "dilations", dilations, 2, 1)))
    return failure();
  return success();
}

FailureOr<int64_t> mlir::riffle::computeWindowOutputSize(
    ShapeErrorReporter &report, llvm::StringRef dimName, int64_t size,
    int64_t kernel, int64_t stride, int64_t padBegin, int64_t padEnd,
    int64_t dilation, bool ceilMode) {
  // Attributes come from user input: guard every product and sum.
  std::optional<int64_t> extent = llvm::checkedMul(dilation, kernel - 1);
  if (extent)
    extent = llvm::checkedAdd(*extent, int64_t{1});
  std::optional<int64_t> padded = llvm::checkedAdd(size, padBegin);
  if (padded)
    padded = llvm::checkedAdd(*padded, padEnd);
  if (!extent || !padded) {
    (void)report("window (kernel ", kernel, ", dilation ", dilation,
                 ") or padding (", padBegin, ", ", padEnd,
                 ") along the ", dimName, " is too large");
    return failure();
  }
  if (*padded < *extent) {
    (void)report("window of extent ", *extent, " (kernel ", kernel,
                 ", dilation ", dilation, ") does not fit the padded ",
                 dimName, " of ", *padded, " (", size, " + pads ", padBegin,
                 ", ", padEnd, ")");
    return failure();
  }
  int64_t span = *padded - *extent;
  int64_t out = (ceilMode ? span / stride + (span % stride != 0)
                          : span / stride) +
                1;
  if (ceilMode && (out - 1) * stride >= size + padBegin)
    --out;
  return out;
}

LogicalResult
mlir::riffle::checkChannelMap(ShapeErrorReporter &report,
                              llvm::StringRef attrName,
                              std::optional<llvm::ArrayRef<int64_t>> map,
                              int64_t channels, llvm::StringRef what) {
  if (!map)
    return success();
  if (static_cast<int64_t>(map->size()) != channels)
    return report("'", attrName, "' has ", map->size(), " entries but the ",
                  what, " has ", channels, " channels");
  llvm::SmallVector<bool> seen(channels, false);
  for (int64_t c : *map) {
    if (c < 0 || c >= channels)
      return report("'", attrName, "' entry ", c, " is not a channel in [0, ",
                    channels, ")");
    if (seen[c])
      return report("'", attrName, "' is not a permutation: channel ", c,
                    " appears twice");
    seen[c] = true;
  }
  return success();
}

LogicalResult mlir::riffle::checkAxis(ShapeErrorReporter &report, int64_t axis,
                                      int64_t rank) {
  if (axis < 0 || axis >= rank)
    return report("axis ", axis, " is out of range for rank ", rank);
  return success();
}
