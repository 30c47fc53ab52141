//===- VersionConversion.h - Models at other opsets -------------*- C++ -*-===//
//
// Internal to frontends/onnx. Models written at an opset Riffle does not
// import directly (published files are often at opsets 7 to 10) are brought
// to a supported opset with libonnx's version converter before import.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_FRONTENDS_ONNX_VERSIONCONVERSION_H
#define RIFFLE_FRONTENDS_ONNX_VERSIONCONVERSION_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include "onnx/onnx_pb.h"

#include <cstdint>

namespace mlir::riffle::onnx_import {

/// The opset older models are converted to: the oldest one Riffle imports,
/// so that as few of libonnx's adapters run as possible. Softmax's 12 -> 13
/// adapter, for one, needs its input's rank, which shape inference at opset
/// 9 or 10 loses after a Reshape to a computed shape (torch's flatten).
constexpr int64_t kOnnxConversionTarget = 11;
/// The ONNX IR version released with opset kOnnxConversionTarget.
constexpr int64_t kIrVersionOfConversionTarget = 6;

/// When `opset` (the model's default-domain opset) is outside the range
/// Riffle imports, converts `model` in place with libonnx's version converter
/// and sets `opset` to the new version, with a note on the diagnostic stream.
/// Fails with an error naming the node and op when a node has no importer in
/// Riffle or the converter cannot convert it, and with the range Riffle
/// imports when libonnx cannot convert from `opset` at all.
LogicalResult convertToSupportedOpset(onnx::ModelProto &model, int64_t &opset,
                                      Location loc);

} // namespace mlir::riffle::onnx_import

#endif // RIFFLE_FRONTENDS_ONNX_VERSIONCONVERSION_H
