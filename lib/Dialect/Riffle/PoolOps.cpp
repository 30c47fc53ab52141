//===- PoolOps.cpp - max_pool2d, avg_pool2d, global_avg_pool --------------===//

#include "OpHelpers.h"
#include "riffle/Dialect/Riffle/RiffleOps.h"

using namespace mlir;
using namespace mlir::riffle;

/// Shared by both windowed pools: checks the window and computes [N, C, oH, oW].
static LogicalResult inferPoolType(ShapeErrorReporter &report, Value input,
                                   ArrayRef<int64_t> kernel,
                                   ArrayRef<int64_t> strides,
                                   ArrayRef<int64_t> pads,
                                   ArrayRef<int64_t> dilations, bool ceilMode,
                                   SmallVectorImpl<Type> &resultTypes) {
  RankedTensorType inputType = getRankedOperand(report, input, "input", 4);
  if (!inputType)
    return failure();
  if (failed(checkIntList(report, "kernel", kernel, 2, 1)) ||
      failed(checkWindowAttrs(report, strides, pads, dilations)))
    return failure();
  // A window lying wholly in padding would have no input element (max of
  // nothing, average over zero elements).
  for (int d = 0; d < 2; ++d) {
    int64_t extent = dilations[d] * (kernel[d] - 1) + 1;
    if (pads[d] >= extent || pads[d + 2] >= extent)
      return report("pads ", formatShape(pads),
                    " must be smaller than the window extent ", extent);
  }
  ArrayRef<int64_t> in = inputType.getShape();
  FailureOr<int64_t> outHeight =
      computeWindowOutputSize(report, "height", in[2], kernel[0], strides[0],
                              pads[0], pads[2], dilations[0], ceilMode);
  if (failed(outHeight))
    return failure();
  FailureOr<int64_t> outWidth =
      computeWindowOutputSize(report, "width", in[3], kernel[1], strides[1],
                              pads[1], pads[3], dilations[1], ceilMode);
  if (failed(outWidth))
    return failure();
  resultTypes.push_back(RankedTensorType::get(
      {in[0], in[1], *outHeight, *outWidth}, inputType.getElementType()));
  return success();
}

LogicalResult MaxPool2dOp::inferResultTypes(Adaptor adaptor,
                                            ShapeErrorReporter &report,
                                            SmallVectorImpl<Type> &resultTypes) {
  return inferPoolType(report, adaptor.getInput(), adaptor.getKernel(),
                       adaptor.getStrides(), adaptor.getPads(),
                       adaptor.getDilations(), adaptor.getCeilMode(),
                       resultTypes);
}

LogicalResult AvgPool2dOp::inferResultTypes(Adaptor adaptor,
                                            ShapeErrorReporter &report,
                                            SmallVectorImpl<Type> &resultTypes) {
  const int64_t unitDilations[] = {1, 1};
  return inferPoolType(report, adaptor.getInput(), adaptor.getKernel(),
                       adaptor.getStrides(), adaptor.getPads(), unitDilations,
                       adaptor.getCeilMode(), resultTypes);
}

LogicalResult
GlobalAvgPoolOp::inferResultTypes(Adaptor adaptor, ShapeErrorReporter &report,
                                  SmallVectorImpl<Type> &resultTypes) {
  RankedTensorType inputType =
      getRankedOperand(report, adaptor.getInput(), "input", 4);
  if (!inputType)
    return failure();
  resultTypes.push_back(RankedTensorType::get(
      {inputType.getDimSize(0), inputType.getDimSize(1), 1, 1},
      inputType.getElementType()));
  return success();
}
