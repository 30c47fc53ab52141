//===- ConvOps.cpp - conv2d, gemm, batch_norm, channel_shuffle ------------===//

#include "OpHelpers.h"
#include "riffle/Dialect/Riffle/RiffleOps.h"

using namespace mlir;
using namespace mlir::riffle;

//===----------------------------------------------------------------------===//
// Conv2dOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2dOp::inferResultTypes(Adaptor adaptor,
                                         ShapeErrorReporter &report,
                                         SmallVectorImpl<Type> &resultTypes) {
  RankedTensorType inputType =
      getRankedOperand(report, adaptor.getInput(), "input", 4);
  RankedTensorType weightType =
      inputType ? getRankedOperand(report, adaptor.getWeight(), "weight", 4)
                : RankedTensorType();
  if (!inputType || !weightType)
    return failure();
  ArrayRef<int64_t> strides = adaptor.getStrides();
  ArrayRef<int64_t> pads = adaptor.getPads();
  ArrayRef<int64_t> dilations = adaptor.getDilations();
  if (failed(checkWindowAttrs(report, strides, pads, dilations)))
    return failure();

  ArrayRef<int64_t> in = inputType.getShape();
  ArrayRef<int64_t> w = weightType.getShape();
  int64_t groups = adaptor.getGroups();
  int64_t inChannels = in[1], outChannels = w[0];
  if (groups < 1)
    return report("expects 'groups' to be positive, got ", groups);
  if (inChannels % groups != 0)
    return report("groups (", groups, ") must divide the input channels (",
                  inChannels, ")");
  if (outChannels % groups != 0)
    return report("groups (", groups, ") must divide the output channels (",
                  outChannels, ")");
  if (w[1] != inChannels / groups)
    return report("weight ", formatShape(w), " has ", w[1],
                  " input channels per group; expected ", inChannels / groups,
                  " (", inChannels, " input channels in ", groups,
                  " groups)");
  if (Value bias = adaptor.getBias()) {
    RankedTensorType biasType = getRankedOperand(report, bias, "bias", 1);
    if (!biasType)
      return failure();
    if (biasType.getDimSize(0) != outChannels)
      return report("bias has ", biasType.getDimSize(0),
                    " elements; expected one per output channel (",
                    outChannels, ")");
  }
  if (failed(checkChannelMap(report, "input_channel_map",
                             adaptor.getInputChannelMap(), inChannels,
                             "input")) ||
      failed(checkChannelMap(report, "output_channel_map",
                             adaptor.getOutputChannelMap(), outChannels,
                             "output")))
    return failure();

  FailureOr<int64_t> outHeight =
      computeWindowOutputSize(report, "height", in[2], w[2], strides[0],
                              pads[0], pads[2], dilations[0], false);
  if (failed(outHeight))
    return failure();
  FailureOr<int64_t> outWidth =
      computeWindowOutputSize(report, "width", in[3], w[3], strides[1],
                              pads[1], pads[3], dilations[1], false);
  if (failed(outWidth))
    return failure();
  resultTypes.push_back(RankedTensorType::get(
      {in[0], outChannels, *outHeight, *outWidth}, inputType.getElementType()));
  return success();
}

bool Conv2dOp::isDepthwise() {
  int64_t groups = getGroups();
  return groups > 1 && getInput().getType().getDimSize(1) == groups &&
         getWeight().getType().getDimSize(0) == groups;
}

bool Conv2dOp::isPointwise() {
  ArrayRef<int64_t> w = getWeight().getType().getShape();
  return w[2] == 1 && w[3] == 1 && llvm::all_of(getStrides(), [](int64_t s) {
           return s == 1;
         }) && llvm::all_of(getPads(), [](int64_t p) { return p == 0; });
}

//===----------------------------------------------------------------------===//
// GemmOp
//===----------------------------------------------------------------------===//

LogicalResult GemmOp::inferResultTypes(Adaptor adaptor,
                                       ShapeErrorReporter &report,
                                       SmallVectorImpl<Type> &resultTypes) {
  RankedTensorType inputType =
      getRankedOperand(report, adaptor.getInput(), "input", 2);
  RankedTensorType weightType =
      inputType ? getRankedOperand(report, adaptor.getWeight(), "weight", 2)
                : RankedTensorType();
  if (!inputType || !weightType)
    return failure();
  int64_t features = inputType.getDimSize(1);
  int64_t outFeatures = weightType.getDimSize(0);
  if (weightType.getDimSize(1) != features)
    return report("weight ", formatShape(weightType.getShape()), " takes ",
                  weightType.getDimSize(1),
                  " input features but the input has ", features);
  if (Value bias = adaptor.getBias()) {
    RankedTensorType biasType = getRankedOperand(report, bias, "bias", 1);
    if (!biasType)
      return failure();
    if (biasType.getDimSize(0) != outFeatures)
      return report("bias has ", biasType.getDimSize(0),
                    " elements; expected one per output feature (",
                    outFeatures, ")");
  }
  resultTypes.push_back(RankedTensorType::get(
      {inputType.getDimSize(0), outFeatures}, inputType.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// ChannelShuffleOp
//===----------------------------------------------------------------------===//

LogicalResult
ChannelShuffleOp::inferResultTypes(Adaptor adaptor, ShapeErrorReporter &report,
                                   SmallVectorImpl<Type> &resultTypes) {
  RankedTensorType inputType =
      getRankedOperand(report, adaptor.getInput(), "input", 4);
  if (!inputType)
    return failure();
  int64_t groups = adaptor.getGroups();
  int64_t channels = inputType.getDimSize(1);
  if (groups < 1)
    return report("expects 'groups' to be positive, got ", groups);
  if (channels % groups != 0)
    return report("groups (", groups, ") must divide the channels (",
                  channels, ")");
  resultTypes.push_back(inputType);
  return success();
}

SmallVector<int64_t> ChannelShuffleOp::getPermutation(int64_t channels,
                                                      int64_t groups) {
  int64_t perGroup = channels / groups;
  SmallVector<int64_t> map(channels);
  for (int64_t c = 0; c < channels; ++c)
    map[c] = (c % groups) * perGroup + c / groups;
  return map;
}

OpFoldResult ChannelShuffleOp::fold(FoldAdaptor) {
  // With one group, or one channel per group, the permutation is the identity.
  int64_t groups = getGroups();
  int64_t channels = getInput().getType().getDimSize(1);
  if (groups == 1 || groups == channels)
    return getInput();
  // shuffle(g) undoes shuffle(C / g): the channels, seen as a g x C/g
  // matrix, are transposed and transposed back.
  if (auto inner = getInput().getDefiningOp<ChannelShuffleOp>())
    if (static_cast<int64_t>(inner.getGroups()) * groups == channels)
      return inner.getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferResultTypes(Adaptor adaptor,
                                            ShapeErrorReporter &report,
                                            SmallVectorImpl<Type> &resultTypes) {
  RankedTensorType inputType =
      getRankedOperand(report, adaptor.getInput(), "input", 4);
  if (!inputType)
    return failure();
  int64_t channels = inputType.getDimSize(1);
  std::pair<Value, StringRef> params[] = {{adaptor.getScale(), "scale"},
                                          {adaptor.getBias(), "bias"},
                                          {adaptor.getMean(), "mean"},
                                          {adaptor.getVariance(), "variance"}};
  for (auto [value, name] : params) {
    RankedTensorType type = getRankedOperand(report, value, name, 1);
    if (!type)
      return failure();
    if (type.getDimSize(0) != channels)
      return report("'", name, "' has ", type.getDimSize(0),
                    " elements but the input has ", channels, " channels");
  }
  if (adaptor.getEpsilon().isNegative())
    return report("expects 'epsilon' to be non-negative, got ",
                  adaptor.getEpsilon().convertToDouble());
  resultTypes.push_back(inputType);
  return success();
}
