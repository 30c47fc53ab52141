//===- ElementwiseOps.cpp - activations, add, mul -------------------------===//

#include "OpHelpers.h"
#include "riffle/Dialect/Riffle/RiffleOps.h"

#include "mlir/Dialect/Traits.h"

using namespace mlir;
using namespace mlir::riffle;

/// Element-wise ops map each element on its own: the result type is the
/// input's.
static LogicalResult inferSameAsInput(ShapeErrorReporter &report, Value input,
                                      SmallVectorImpl<Type> &resultTypes) {
  RankedTensorType type = getRankedOperand(report, input, "input");
  if (!type)
    return failure();
  resultTypes.push_back(type);
  return success();
}

#define RIFFLE_SAME_TYPE_INFERENCE(OP)                                         \
  LogicalResult OP::inferResultTypes(Adaptor adaptor,                          \
                                     ShapeErrorReporter &report,               \
                                     SmallVectorImpl<Type> &resultTypes) {     \
    return inferSameAsInput(report, adaptor.getInput(), resultTypes);          \
  }

RIFFLE_SAME_TYPE_INFERENCE(ReluOp)
RIFFLE_SAME_TYPE_INFERENCE(LeakyReluOp)
RIFFLE_SAME_TYPE_INFERENCE(HardSwishOp)
RIFFLE_SAME_TYPE_INFERENCE(HardSigmoidOp)
RIFFLE_SAME_TYPE_INFERENCE(SigmoidOp)
#undef RIFFLE_SAME_TYPE_INFERENCE

LogicalResult ClipOp::inferResultTypes(Adaptor adaptor,
                                       ShapeErrorReporter &report,
                                       SmallVectorImpl<Type> &resultTypes) {
  llvm::APFloat min = adaptor.getMin(), max = adaptor.getMax();
  if (min.compare(max) == llvm::APFloat::cmpGreaterThan)
    return report("min (", min.convertToDouble(),
                  ") must not be greater than max (", max.convertToDouble(),
                  ")");
  return inferSameAsInput(report, adaptor.getInput(), resultTypes);
}

/// NumPy broadcasting of two static shapes.
static LogicalResult inferBroadcast(ShapeErrorReporter &report, Value lhs,
                                    Value rhs,
                                    SmallVectorImpl<Type> &resultTypes) {
  RankedTensorType lhsType = getRankedOperand(report, lhs, "lhs");
  RankedTensorType rhsType =
      lhsType ? getRankedOperand(report, rhs, "rhs") : RankedTensorType();
  if (!lhsType || !rhsType)
    return failure();
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(lhsType.getShape(),
                                          rhsType.getShape(), shape))
    return report("operand shapes ", formatShape(lhsType.getShape()), " and ",
                  formatShape(rhsType.getShape()),
                  " are not broadcast-compatible");
  resultTypes.push_back(
      RankedTensorType::get(shape, lhsType.getElementType()));
  return success();
}

LogicalResult AddOp::inferResultTypes(Adaptor adaptor,
                                      ShapeErrorReporter &report,
                                      SmallVectorImpl<Type> &resultTypes) {
  return inferBroadcast(report, adaptor.getLhs(), adaptor.getRhs(),
                        resultTypes);
}

LogicalResult MulOp::inferResultTypes(Adaptor adaptor,
                                      ShapeErrorReporter &report,
                                      SmallVectorImpl<Type> &resultTypes) {
  return inferBroadcast(report, adaptor.getLhs(), adaptor.getRhs(),
                        resultTypes);
}
