//===- DataMovementOps.cpp - shuffle, concat, slice, split, reshape -------===//
//
// These ops move elements without arithmetic: their results are exact.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <algorithm>
#include <cstring>

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::interp;

/// Copies channel `from` of every batch item of `input` to channel `to` of
/// `output` (both NCHW with the same N, H and W).
static void copyChannel(const Tensor &input, int64_t from, Tensor &output,
                        int64_t to) {
  const int64_t plane = input.dim(2) * input.dim(3);
  for (int64_t n = 0; n < input.dim(0); ++n)
    std::memcpy(output.data.data() + (n * output.dim(1) + to) * plane,
                input.data.data() + (n * input.dim(1) + from) * plane,
                plane * sizeof(float));
}

Tensor interp::evalChannelShuffle(ChannelShuffleOp op, const Tensor &input) {
  Tensor output(input.shape);
  const int64_t channels = input.dim(1);
  const int64_t groups = op.getGroups();
  const int64_t perGroup = channels / groups;
  // out[:, c] = in[:, (c % g) * n + c / g]
  for (int64_t c = 0; c < channels; ++c)
    copyChannel(input, (c % groups) * perGroup + c / groups, output, c);
  return output;
}

Tensor interp::evalConcat(ConcatOp op, ArrayRef<const Tensor *> inputs) {
  ArrayRef<int64_t> outShape = shapeOf(op.getOutput());
  Tensor output(outShape);
  const int64_t axis = op.getAxis();
  const int64_t outer = Tensor::getNumElements(outShape.take_front(axis));
  const int64_t inner = Tensor::getNumElements(outShape.drop_front(axis + 1));
  const int64_t outRow = outShape[axis] * inner;
  int64_t offset = 0;
  for (const Tensor *input : inputs) {
    const int64_t row = input->dim(axis) * inner;
    for (int64_t o = 0; o < outer; ++o)
      std::copy_n(input->data.data() + o * row, row,
                  output.data.data() + o * outRow + offset);
    offset += row;
  }
  return output;
}

/// Elements start, start + step, ... below start + count * step along `axis`.
static Tensor sliceAlong(const Tensor &input, int64_t axis, int64_t start,
                         int64_t step, int64_t count) {
  SmallVector<int64_t> outShape(input.shape.begin(), input.shape.end());
  outShape[axis] = count;
  Tensor output(outShape);
  ArrayRef<int64_t> shape = input.shape;
  const int64_t outer = Tensor::getNumElements(shape.take_front(axis));
  const int64_t inner = Tensor::getNumElements(shape.drop_front(axis + 1));
  const int64_t size = shape[axis];
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < count; ++k)
      std::copy_n(input.data.data() + (o * size + start + k * step) * inner,
                  inner, output.data.data() + (o * count + k) * inner);
  return output;
}

Tensor interp::evalSlice(SliceOp op, const Tensor &input) {
  const int64_t axis = op.getAxis();
  return sliceAlong(input, axis, op.getStart(), op.getStep(),
                    shapeOf(op.getOutput())[axis]);
}

SmallVector<Tensor> interp::evalSplit(SplitOp op, const Tensor &input) {
  SmallVector<Tensor> outputs;
  const int64_t axis = op.getAxis();
  int64_t start = 0;
  for (int64_t size : op.getSizes()) {
    outputs.push_back(sliceAlong(input, axis, start, 1, size));
    start += size;
  }
  return outputs;
}

Tensor interp::evalReshape(Value result, const Tensor &input) {
  return Tensor(shapeOf(result), input.data);
}

FailureOr<Tensor> interp::evalChannelGather(Operation *op,
                                            ArrayRef<const Tensor *> inputs) {
  auto sources = op->getAttrOfType<DenseI64ArrayAttr>("sources");
  auto channels = op->getAttrOfType<DenseI64ArrayAttr>("channels");
  if (!sources || !channels || inputs.empty() || op->getNumResults() != 1)
    return op->emitOpError("is not a channel_gather the interpreter "
                           "understands (expects inputs, one result and "
                           "'sources' and 'channels' arrays)");
  ArrayRef<int64_t> outShape = shapeOf(op->getResult(0));
  if (outShape.size() != 4 ||
      static_cast<int64_t>(sources.size()) != outShape[1] ||
      static_cast<int64_t>(channels.size()) != outShape[1])
    return op->emitOpError("'sources' and 'channels' must name one channel "
                           "per output channel");
  Tensor output(outShape);
  for (int64_t c = 0; c < outShape[1]; ++c) {
    int64_t source = sources[c], channel = channels[c];
    if (source < 0 || source >= static_cast<int64_t>(inputs.size()))
      return op->emitOpError("output channel ")
             << c << " names input #" << source << " of " << inputs.size();
    const Tensor &input = *inputs[source];
    if (input.getRank() != 4 || input.dim(0) != outShape[0] ||
        input.dim(2) != outShape[2] || input.dim(3) != outShape[3])
      return op->emitOpError("input #")
             << source << " does not match the output's N, H and W";
    if (channel < 0 || channel >= input.dim(1))
      return op->emitOpError("output channel ")
             << c << " names channel " << channel << " of input #" << source
             << ", which has " << input.dim(1);
    copyChannel(input, channel, output, c);
  }
  return output;
}
