//===- OpHelpers.h - Shared checks for riffle op inference ------*- C++ -*-===//
//
// Internal to the dialect library: attribute checks and window arithmetic
// shared by convolution and pooling ops.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_LIB_DIALECT_RIFFLE_OPHELPERS_H
#define RIFFLE_LIB_DIALECT_RIFFLE_OPHELPERS_H

#include "riffle/Dialect/Riffle/ShapeErrorReporter.h"
#include "riffle/Support/Format.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/ArrayRef.h"

#include <string>

namespace mlir::riffle {

/// The operand's type if it is a ranked tensor of `rank` (any rank when
/// `rank` is negative); otherwise reports and returns null. Operand types
/// are already checked by ODS when verifying, so this only reports on the
/// builder path.
RankedTensorType getRankedOperand(ShapeErrorReporter &report, Value operand,
                                  llvm::StringRef name, int64_t rank = -1);

/// Checks that `attrName` has `size` entries, each at least `minValue`.
llvm::LogicalResult checkIntList(ShapeErrorReporter &report,
                                 llvm::StringRef attrName,
                                 llvm::ArrayRef<int64_t> values, size_t size,
                                 int64_t minValue);

/// Checks the kernel/strides/pads/dilations of a 2-D window op.
llvm::LogicalResult checkWindowAttrs(ShapeErrorReporter &report,
                                     llvm::ArrayRef<int64_t> strides,
                                     llvm::ArrayRef<int64_t> pads,
                                     llvm::ArrayRef<int64_t> dilations);

/// Output extent of a sliding window over `size` elements; reports when the
/// window does not fit. `ceilMode` follows PyTorch/ONNX: round up, but drop
/// a last window that would start in the trailing padding.
llvm::FailureOr<int64_t> computeWindowOutputSize(
    ShapeErrorReporter &report, llvm::StringRef dimName, int64_t size,
    int64_t kernel, int64_t stride, int64_t padBegin, int64_t padEnd,
    int64_t dilation, bool ceilMode);

/// Checks that `map` (when present) permutes [0, channels).
llvm::LogicalResult checkChannelMap(ShapeErrorReporter &report,
                                    llvm::StringRef attrName,
                                    std::optional<llvm::ArrayRef<int64_t>> map,
                                    int64_t channels, llvm::StringRef what);

/// Checks 0 <= axis < rank.
llvm::LogicalResult checkAxis(ShapeErrorReporter &report, int64_t axis,
                              int64_t rank);

} // namespace mlir::riffle

#endif // RIFFLE_LIB_DIALECT_RIFFLE_OPHELPERS_H
