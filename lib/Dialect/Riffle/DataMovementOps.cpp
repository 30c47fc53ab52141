//===- DataMovementOps.cpp - concat, slice, split, flatten, reshape -------===//

#include "OpHelpers.h"
#include "riffle/Dialect/Riffle/RiffleOps.h"

#include "llvm/ADT/STLExtras.h"

#include <numeric>

using namespace mlir;
using namespace mlir::riffle;

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::inferResultTypes(Adaptor adaptor,
                                         ShapeErrorReporter &report,
                                         SmallVectorImpl<Type> &resultTypes) {
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return report("expects at least one input");
  RankedTensorType firstType = getRankedOperand(report, inputs[0], "inputs");
  if (!firstType)
    return failure();
  int64_t axis = adaptor.getAxis();
  if (failed(checkAxis(report, axis, firstType.getRank())))
    return failure();
  SmallVector<int64_t> shape(firstType.getShape());
  for (auto [index, input] : llvm::enumerate(inputs.drop_front())) {
    RankedTensorType type = getRankedOperand(report, input, "inputs");
    if (!type)
      return failure();
    bool sameOutsideAxis = type.getRank() == firstType.getRank();
    for (int64_t d = 0; sameOutsideAxis && d < type.getRank(); ++d)
      sameOutsideAxis = d == axis || type.getDimSize(d) == shape[d];
    if (!sameOutsideAxis)
      return report("input #", index + 1, " has shape ",
                    formatShape(type.getShape()),
                    ", which does not match input #0's ",
                    formatShape(firstType.getShape()), " outside axis ", axis);
    shape[axis] += type.getDimSize(axis);
  }
  resultTypes.push_back(
      RankedTensorType::get(shape, firstType.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

LogicalResult SliceOp::inferResultTypes(Adaptor adaptor,
                                        ShapeErrorReporter &report,
                                        SmallVectorImpl<Type> &resultTypes) {
  RankedTensorType inputType =
      getRankedOperand(report, adaptor.getInput(), "input");
  if (!inputType)
    return failure();
  int64_t axis = adaptor.getAxis();
  if (failed(checkAxis(report, axis, inputType.getRank())))
    return failure();
  int64_t start = adaptor.getStart(), end = adaptor.getEnd();
  int64_t step = adaptor.getStep();
  int64_t size = inputType.getDimSize(axis);
  if (step < 1)
    return report("expects 'step' to be positive, got ", step);
  if (start < 0 || end > size || start >= end)
    return report("range [", start, ", ", end,
                  ") is empty or outside axis ", axis, " of size ", size);
  SmallVector<int64_t> shape(inputType.getShape());
  shape[axis] = (end - start + step - 1) / step;
  resultTypes.push_back(
      RankedTensorType::get(shape, inputType.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// SplitOp
//===----------------------------------------------------------------------===//

LogicalResult SplitOp::inferResultTypes(Adaptor adaptor,
                                        ShapeErrorReporter &report,
                                        SmallVectorImpl<Type> &resultTypes) {
  RankedTensorType inputType =
      getRankedOperand(report, adaptor.getInput(), "input");
  if (!inputType)
    return failure();
  int64_t axis = adaptor.getAxis();
  if (failed(checkAxis(report, axis, inputType.getRank())))
    return failure();
  ArrayRef<int64_t> sizes = adaptor.getSizes();
  if (sizes.empty())
    return report("expects at least one size");
  if (llvm::any_of(sizes, [](int64_t s) { return s < 1; }))
    return report("expects 'sizes' to be positive, got ", formatShape(sizes));
  int64_t total = std::accumulate(sizes.begin(), sizes.end(), int64_t{0});
  if (total != inputType.getDimSize(axis))
    return report("sizes ", formatShape(sizes), " add up to ", total,
                  " but axis ", axis, " has size ",
                  inputType.getDimSize(axis));
  for (int64_t size : sizes) {
    SmallVector<int64_t> shape(inputType.getShape());
    shape[axis] = size;
    resultTypes.push_back(
        RankedTensorType::get(shape, inputType.getElementType()));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ChannelGatherOp
//===----------------------------------------------------------------------===//

LogicalResult
ChannelGatherOp::inferResultTypes(Adaptor adaptor, ShapeErrorReporter &report,
                                  SmallVectorImpl<Type> &resultTypes) {
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return report("expects at least one input");
  SmallVector<RankedTensorType> types;
  for (Value input : inputs) {
    RankedTensorType type = getRankedOperand(report, input, "inputs", 4);
    if (!type)
      return failure();
    if (!types.empty() &&
        (type.getDimSize(0) != types[0].getDimSize(0) ||
         type.getDimSize(2) != types[0].getDimSize(2) ||
         type.getDimSize(3) != types[0].getDimSize(3)))
      return report("input #", types.size(), " has shape ",
                    formatShape(type.getShape()),
                    ", which does not match input #0's ",
                    formatShape(types[0].getShape()), " outside the channels");
    types.push_back(type);
  }
  ArrayRef<int64_t> sources = adaptor.getSources();
  ArrayRef<int64_t> channels = adaptor.getChannels();
  if (sources.empty() || sources.size() != channels.size())
    return report("expects as many sources as channels (one per output "
                  "channel), got ",
                  sources.size(), " and ", channels.size());
  for (auto [c, source] : llvm::enumerate(sources)) {
    if (source < 0 || source >= static_cast<int64_t>(types.size()))
      return report("output channel ", c, " names input #", source,
                    ", but there are ", types.size(), " inputs");
    if (channels[c] < 0 || channels[c] >= types[source].getDimSize(1))
      return report("output channel ", c, " names channel ", channels[c],
                    " of input #", source, ", which has ",
                    types[source].getDimSize(1), " channels");
  }
  resultTypes.push_back(RankedTensorType::get(
      {types[0].getDimSize(0), static_cast<int64_t>(sources.size()),
       types[0].getDimSize(2), types[0].getDimSize(3)},
      types[0].getElementType()));
  return success();
}

OpFoldResult ChannelGatherOp::fold(FoldAdaptor) {
  // All channels of one input, in order: the view is that input.
  ArrayRef<int64_t> channels = getChannels();
  Value first = getInputs()[getSources()[0]];
  if (llvm::any_of(getSources(),
                   [&](int64_t s) { return getInputs()[s] != first; }) ||
      static_cast<int64_t>(channels.size()) !=
          cast<RankedTensorType>(first.getType()).getDimSize(1))
    return {};
  for (auto [c, channel] : llvm::enumerate(channels))
    if (channel != static_cast<int64_t>(c))
      return {};
  return first;
}

//===----------------------------------------------------------------------===//
// FlattenOp
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::inferResultTypes(Adaptor adaptor,
                                          ShapeErrorReporter &report,
                                          SmallVectorImpl<Type> &resultTypes) {
  RankedTensorType inputType =
      getRankedOperand(report, adaptor.getInput(), "input");
  if (!inputType)
    return failure();
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis > inputType.getRank())
    return report("axis ", axis, " is out of range [0, ",
                  inputType.getRank(), "]");
  ArrayRef<int64_t> shape = inputType.getShape();
  int64_t outer = std::accumulate(shape.begin(), shape.begin() + axis,
                                  int64_t{1}, std::multiplies<int64_t>());
  int64_t inner = std::accumulate(shape.begin() + axis, shape.end(),
                                  int64_t{1}, std::multiplies<int64_t>());
  resultTypes.push_back(
      RankedTensorType::get({outer, inner}, inputType.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  int64_t inElements = getInput().getType().getNumElements();
  int64_t outElements = getOutput().getType().getNumElements();
  if (inElements != outElements)
    return emitOpError("cannot reshape ")
           << inElements << " elements into " << outElements << " (shape "
           << formatShape(getOutput().getType().getShape()) << ")";
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  // reshape(reshape(x)) is one reshape of x.
  if (auto producer = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(producer.getInput());
    return getOutput();
  }
  return {};
}

//===----------------------------------------------------------------------===//
// SoftmaxOp
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::inferResultTypes(Adaptor adaptor,
                                          ShapeErrorReporter &report,
                                          SmallVectorImpl<Type> &resultTypes) {
  RankedTensorType inputType =
      getRankedOperand(report, adaptor.getInput(), "input");
  if (!inputType ||
      failed(checkAxis(report, adaptor.getAxis(), inputType.getRank())))
    return failure();
  resultTypes.push_back(inputType);
  return success();
}
