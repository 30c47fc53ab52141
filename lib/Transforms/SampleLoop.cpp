//===- SampleLoop.cpp - Planning a batch as a loop over samples -----------===//
//
// Layer by layer over a batch, each layer's activations are the batch's
// (6-12 MB for ShuffleNet V1 or SqueezeNet at batch 8) and fall out of L2
// between layers; one sample at a time they stay in cache, and the
// one-sample plan is the one tuned for batch 1. Measured on Zen 4 before
// this plan (bench/RESULTS.md, 2026-12-07): SqueezeNet 9.1 ms per image at
// batch 8 against 7.3 at batch 1, ShuffleNet V1 g8 7.1 against 4.1.
//
//===----------------------------------------------------------------------===//

#include "SampleLoop.h"

#include "riffle/Dialect/Riffle/CodegenPlan.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace mlir::riffle;

static std::optional<int64_t> getLeadingDim(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.getRank() == 0 || !type.hasStaticShape())
    return std::nullopt;
  return type.getDimSize(0);
}

/// Which operands of `op` must be per-sample values for it to compute each
/// sample alone (the others are the same for every sample: weights,
/// biases, batch-norm parameters), by operand number; nullopt for an op
/// that may mix samples.
static std::optional<llvm::SmallBitVector> getSampleOperands(Operation *op) {
  llvm::SmallBitVector sampled(op->getNumOperands());
  auto first = [&](bool keepsSamplesApart)
      -> std::optional<llvm::SmallBitVector> {
    if (!keepsSamplesApart)
      return std::nullopt;
    sampled.set(0);
    return sampled;
  };
  // The input only: along a non-batch axis, or keeping the batch axis.
  if (isa<Conv2dOp, GemmOp, BatchNormOp>(op))
    return first(true);
  if (auto slice = dyn_cast<SliceOp>(op))
    return first(slice.getAxis() != 0);
  if (auto split = dyn_cast<SplitOp>(op))
    return first(split.getAxis() != 0);
  if (auto softmax = dyn_cast<SoftmaxOp>(op))
    return first(softmax.getAxis() != 0);
  if (auto flatten = dyn_cast<FlattenOp>(op))
    return first(flatten.getAxis() != 0);
  if (auto concat = dyn_cast<ConcatOp>(op)) {
    if (concat.getAxis() == 0)
      return std::nullopt;
    sampled.set();
    return sampled;
  }
  // A reshape keeping the batch dimension (checked on its result) keeps
  // each sample's elements together: they are row-major.
  if (isa<ReshapeOp, ChannelGatherOp, ChannelShuffleOp, MaxPool2dOp,
          AvgPool2dOp, GlobalAvgPoolOp, ActivationOpInterface>(op)) {
    sampled.set();
    return sampled;
  }
  // Broadcasting: an operand the same for every sample (rank below the
  // result's, or a leading 1) need not be one.
  if (isa<AddOp, MulOp>(op)) {
    int64_t rank = cast<RankedTensorType>(op->getResult(0).getType()).getRank();
    for (OpOperand &operand : op->getOpOperands()) {
      auto type = cast<RankedTensorType>(operand.get().getType());
      if (type.getRank() == rank && type.getDimSize(0) != 1)
        sampled.set(operand.getOperandNumber());
    }
    return sampled;
  }
  return std::nullopt;
}

std::optional<int64_t> mlir::riffle::getSeparableBatch(func::FuncOp func) {
  if (func.isExternal() || !func.getBody().hasOneBlock())
    return std::nullopt;
  Block &body = func.getBody().front();
  if (body.getNumArguments() == 0)
    return std::nullopt;
  std::optional<int64_t> batch = getLeadingDim(body.getArgument(0));
  if (!batch || *batch < 2)
    return std::nullopt;
  auto isBatched = [&](Value value) { return getLeadingDim(value) == batch; };
  // Values computed from the arguments; the rest are the same for every
  // sample (constants).
  llvm::DenseSet<Value> perSample;
  for (BlockArgument argument : body.getArguments()) {
    if (!isBatched(argument))
      return std::nullopt;
    perSample.insert(argument);
  }
  for (Operation &op : body.without_terminator()) {
    bool readsSamples = llvm::any_of(op.getOperands(), [&](Value operand) {
      return perSample.contains(operand);
    });
    if (!readsSamples)
      continue;
    std::optional<llvm::SmallBitVector> sampled = getSampleOperands(&op);
    if (!sampled || op.getNumResults() == 0)
      return std::nullopt;
    // Per-sample values exactly where the op keeps samples apart (a weight
    // computed from the input would mix them).
    for (OpOperand &operand : op.getOpOperands()) {
      bool isSampled = sampled->test(operand.getOperandNumber());
      if (perSample.contains(operand.get()) != isSampled ||
          (isSampled && !isBatched(operand.get())))
        return std::nullopt;
    }
    for (Value result : op.getResults()) {
      if (!isBatched(result))
        return std::nullopt;
      perSample.insert(result);
    }
  }
  for (Value result : body.getTerminator()->getOperands())
    if (!perSample.contains(result))
      return std::nullopt;
  return batch;
}

static void setOneSample(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape.front() = 1;
  value.setType(type.clone(shape));
}

void mlir::riffle::planSampleLoop(func::FuncOp func, int64_t batch) {
  Block &body = func.getBody().front();
  llvm::DenseSet<Value> perSample;
  for (BlockArgument argument : body.getArguments()) {
    perSample.insert(argument);
    setOneSample(argument);
  }
  for (Operation &op : body.without_terminator()) {
    if (llvm::none_of(op.getOperands(),
                      [&](Value v) { return perSample.contains(v); }))
      continue;
    for (Value result : op.getResults()) {
      perSample.insert(result);
      setOneSample(result);
    }
  }
  func.setType(FunctionType::get(func.getContext(), body.getArgumentTypes(),
                                 body.getTerminator()->getOperandTypes()));
  func->setAttr(kSampleLoopAttrName,
                IntegerAttr::get(IntegerType::get(func.getContext(), 64),
                                 batch));
}
