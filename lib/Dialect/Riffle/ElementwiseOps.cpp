//===- ElementwiseOps.cpp - activations, add, mul -------------------------===//
//
// The activation ops' verification and ActivationOpInterface are generated
// from Riffle_ActivationOp (RiffleOps.td) and implemented here once.
//
//===----------------------------------------------------------------------===//

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

//===----------------------------------------------------------------------===//
// Activation ops (ActivationOpInterface)
//===----------------------------------------------------------------------===//

ActivationAttr riffle::detail::getActivation(MLIRContext *context, ActivationKind kind,
                                     ArrayRef<llvm::APFloat> params) {
  // The attribute keeps its parameters as doubles whatever the op's
  // attributes hold, so the same activation compares equal in both forms.
  double values[2] = {0.0, 0.0};
  for (auto [i, param] : llvm::enumerate(params))
    values[i] = param.convertToDouble();
  return ActivationAttr::get(context, kind, values[0], values[1]);
}

Operation *riffle::detail::buildActivationOp(OpBuilder &builder, Location loc,
                                     StringRef opName,
                                     ArrayRef<StringRef> paramNames,
                                     Value input, ActivationAttr act) {
  OperationState state(loc, opName);
  state.addOperands(input);
  state.addTypes(input.getType());
  const double values[2] = {act.getAlphaValue(), act.getBetaValue()};
  for (auto [i, name] : llvm::enumerate(paramNames))
    state.addAttribute(name, builder.getF32FloatAttr(values[i]));
  return builder.create(state);
}

LogicalResult riffle::detail::inferActivationResultTypes(
    ActivationKind kind, ArrayRef<llvm::APFloat> params,
    ShapeErrorReporter &report, Value input,
    SmallVectorImpl<Type> &resultTypes) {
  llvm::APFloat values[2] = {llvm::APFloat(0.0), llvm::APFloat(0.0)};
  for (auto [i, param] : llvm::enumerate(params))
    values[i] = llvm::APFloat(param.convertToDouble());
  if (failed(ActivationAttr::verifyParams(
          kind, values[0], values[1],
          [&](const llvm::Twine &message) { return report(message.str()); })))
    return failure();
  return inferSameAsInput(report, input, resultTypes);
}

Operation *mlir::riffle::createActivationOp(OpBuilder &builder, Location loc,
                                            Value input, ActivationAttr act) {
  for (RegisteredOperationName name :
       builder.getContext()->getRegisteredOperations()) {
    auto *activationOp = name.getInterface<ActivationOpInterface>();
    if (activationOp && activationOp->getActivationKind() == act.getKind())
      return activationOp->buildActivation(builder, loc, input, act);
  }
  return nullptr;
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
