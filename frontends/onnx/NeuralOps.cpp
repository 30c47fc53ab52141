//===- NeuralOps.cpp - Conv, BN, activations, pools, Gemm, arithmetic -----===//

#include "Importer.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::onnx_import;

//===----------------------------------------------------------------------===//
// Windows: pads, auto_pad, folded Pad nodes
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::getWindowPads(const onnx::NodeProto &node,
                                           llvm::ArrayRef<int64_t> inputHW,
                                           llvm::ArrayRef<int64_t> kernel,
                                           llvm::ArrayRef<int64_t> strides,
                                           llvm::ArrayRef<int64_t> dilations,
                                           llvm::SmallVectorImpl<int64_t> &pads) {
  std::string autoPad = getStringAttr(node, "auto_pad", "NOTSET");
  pads.assign(4, 0);
  if (autoPad == "NOTSET") {
    if (std::optional<llvm::SmallVector<int64_t>> explicitPads =
            getIntsAttr(node, "pads")) {
      if (explicitPads->size() != 4)
        return emitNodeError(node) << "expects 4 pads for a 2-D window, got "
                                   << explicitPads->size();
      pads.assign(explicitPads->begin(), explicitPads->end());
    }
    return success();
  }
  if (autoPad == "VALID")
    return success();
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
    return emitNodeError(node) << "unknown auto_pad '" << autoPad << "'";
  // SAME: the output has ceil(in / stride) elements; the padding needed for
  // that is split evenly, the odd element at the end (UPPER) or start (LOWER).
  for (int d = 0; d < 2; ++d) {
    int64_t out = (inputHW[d] + strides[d] - 1) / strides[d];
    int64_t extent = dilations[d] * (kernel[d] - 1) + 1;
    int64_t total =
        std::max<int64_t>(0, (out - 1) * strides[d] + extent - inputHW[d]);
    int64_t small = total / 2, large = total - small;
    pads[d] = autoPad == "SAME_UPPER" ? small : large;
    pads[d + 2] = autoPad == "SAME_UPPER" ? large : small;
  }
  return success();
}

/// Whether every element of `value` is >= 0 (so zero padding and the
/// implicit -inf padding of max pooling give the same maximum).
static bool isKnownNonNegative(Value value) {
  Operation *op = value.getDefiningOp();
  if (!op)
    return false;
  auto nonNegativeAct = [](std::optional<ActivationAttr> act) {
    if (!act)
      return false;
    switch (act->getKind()) {
    case ActivationKind::relu:
    case ActivationKind::sigmoid:
    case ActivationKind::hardsigmoid:
      return true;
    case ActivationKind::clip:
      return !act->getAlpha().isNegative();
    default:
      return false;
    }
  };
  if (auto activation = dyn_cast<ActivationOpInterface>(op))
    return nonNegativeAct(activation.getActivation());
  if (auto conv = dyn_cast<Conv2dOp>(op))
    return nonNegativeAct(conv.getAct());
  if (auto add = dyn_cast<AddOp>(op))
    return nonNegativeAct(add.getAct());
  if (isa<MaxPool2dOp, AvgPool2dOp, GlobalAvgPoolOp, ChannelShuffleOp>(op))
    return isKnownNonNegative(op->getOperand(0));
  if (auto concat = dyn_cast<ConcatOp>(op))
    return llvm::all_of(concat.getInputs(), isKnownNonNegative);
  return false;
}

FailureOr<Value>
GraphImporter::takePaddedInput(const onnx::NodeProto &node,
                               llvm::SmallVectorImpl<int64_t> &pads,
                               bool isMaxPool) {
  TensorEntry *entry = getInputEntry(node, 0);
  if (!entry)
    return failure();
  if (!entry->pad)
    return getTensorInput(node, 0);
  const PendingPad &pad = *entry->pad;
  if (isMaxPool && llvm::any_of(getIntsAttr(node, "dilations").value_or(
                                    llvm::SmallVector<int64_t>{1, 1}),
                                [](int64_t d) { return d != 1; })) {
    // A dilated window can fall between the input elements into the Pad
    // node's zeros only (max 0), which pool padding cannot express.
    emitNodeError(node) << "cannot fold the zero padding of Pad node '"
                        << pad.nodeName << "' into a dilated max pool";
    return failure();
  }
  if (isMaxPool && !isKnownNonNegative(pad.source)) {
    emitNodeError(node) << "follows the zero padding of Pad node '"
                        << pad.nodeName
                        << "', which changes a max pool's result unless its "
                           "input is known to be non-negative";
    return failure();
  }
  for (int i = 0; i < 4; ++i)
    pads[i] += pad.pads[i];
  return pad.source;
}

//===----------------------------------------------------------------------===//
// Conv
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importConv(const onnx::NodeProto &node) {
  TensorEntry *inputEntry = getInputEntry(node, 0);
  if (!inputEntry)
    return failure();
  FailureOr<Value> rawInput = inputEntry->pad
                                  ? FailureOr<Value>(inputEntry->pad->source)
                                  : getTensorInput(node, 0);
  if (failed(rawInput))
    return failure();
  auto inputType = cast<RankedTensorType>(rawInput->getType());
  if (inputType.getRank() != 4)
    return emitNodeError(node)
           << "only 2-D convolutions (4-D NCHW input) are supported; the "
              "input has shape "
           << formatShape(inputType.getShape());
  FailureOr<Value> weight = getTensorInput(node, 1);
  if (failed(weight))
    return failure();
  auto weightType = cast<RankedTensorType>(weight->getType());
  if (weightType.getRank() != 4)
    return emitNodeError(node) << "expects a 4-D weight, got "
                               << formatShape(weightType.getShape());
  llvm::SmallVector<int64_t> kernel(weightType.getShape().drop_front(2));
  if (std::optional<llvm::SmallVector<int64_t>> kernelShape =
          getIntsAttr(node, "kernel_shape");
      kernelShape && *kernelShape != kernel)
    return emitNodeError(node) << "kernel_shape " << formatShape(*kernelShape)
                               << " does not match the weight "
                               << formatShape(weightType.getShape());
  llvm::SmallVector<int64_t> strides =
      getIntsAttr(node, "strides").value_or(llvm::SmallVector<int64_t>{1, 1});
  llvm::SmallVector<int64_t> dilations =
      getIntsAttr(node, "dilations").value_or(llvm::SmallVector<int64_t>{1, 1});
  if (strides.size() != 2 || dilations.size() != 2)
    return emitNodeError(node) << "expects 2 strides and 2 dilations";
  llvm::SmallVector<int64_t> pads;
  // auto_pad SAME refers to the input as the Conv sees it (after any Pad).
  llvm::SmallVector<int64_t> inputHW(
      llvm::ArrayRef<int64_t>(inputEntry->getShape()).drop_front(2));
  if (failed(getWindowPads(node, inputHW, kernel, strides, dilations, pads)))
    return failure();
  FailureOr<Value> input = takePaddedInput(node, pads, /*isMaxPool=*/false);
  if (failed(input))
    return failure();

  llvm::SmallVector<Value> operands = {*input, *weight};
  if (hasInput(node, 2)) {
    FailureOr<Value> bias = getTensorInput(node, 2);
    if (failed(bias))
      return failure();
    operands.push_back(*bias);
  }
  llvm::SmallVector<NamedAttribute> attrs = {
      builder.getNamedAttr("strides", builder.getDenseI64ArrayAttr(strides)),
      builder.getNamedAttr("pads", builder.getDenseI64ArrayAttr(pads)),
      builder.getNamedAttr("dilations", builder.getDenseI64ArrayAttr(dilations)),
      builder.getNamedAttr("groups",
                           builder.getI64IntegerAttr(getIntAttr(node, "group", 1)))};
  return setOutputs(node, createOp<Conv2dOp>(node, operands, attrs));
}

//===----------------------------------------------------------------------===//
// BatchNormalization
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importBatchNorm(const onnx::NodeProto &node) {
  if (getIntAttr(node, "training_mode", 0) != 0)
    return emitNodeError(node) << "training_mode is set; Riffle compiles "
                                  "inference graphs";
  if (failed(checkOnlyFirstOutputUsed(node)))
    return failure();
  llvm::SmallVector<Value> operands;
  for (int i = 0; i < 5; ++i) {
    FailureOr<Value> operand = getTensorInput(node, i);
    if (failed(operand))
      return failure();
    operands.push_back(*operand);
  }
  // (Named here with the ONNX op; the riffle op's verifier would say the
  // same without it.)
  if (failed(getRankedType(node, operands.front(), 4)))
    return failure();
  return setOutputs(node, createOp<BatchNormOp>(
      node, operands,
      {builder.getNamedAttr("epsilon", builder.getF32FloatAttr(getFloatAttr(
                                           node, "epsilon", 1e-5f)))}));
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importActivation(const onnx::NodeProto &node) {
  FailureOr<Value> input = getTensorInput(node, 0);
  if (failed(input))
    return failure();
  llvm::StringRef type = node.op_type();
  Operation *op = nullptr;
  if (type == "Relu") {
    op = createOp<ReluOp>(node, *input);
  } else if (type == "Sigmoid") {
    op = createOp<SigmoidOp>(node, *input);
  } else if (type == "HardSwish") {
    op = createOp<HardSwishOp>(node, *input);
  } else if (type == "LeakyRelu") {
    op = createOp<LeakyReluOp>(
        node, *input,
        {builder.getNamedAttr("alpha", builder.getF32FloatAttr(getFloatAttr(
                                           node, "alpha", 0.01f)))});
  } else if (type == "HardSigmoid") {
    op = createOp<HardSigmoidOp>(
        node, *input,
        {builder.getNamedAttr("alpha", builder.getF32FloatAttr(getFloatAttr(
                                           node, "alpha", 0.2f))),
         builder.getNamedAttr("beta", builder.getF32FloatAttr(getFloatAttr(
                                          node, "beta", 0.5f)))});
  }
  return setOutputs(node, op);
}

LogicalResult GraphImporter::importClip(const onnx::NodeProto &node) {
  FailureOr<Value> input = getTensorInput(node, 0);
  if (failed(input))
    return failure();
  float bounds[2] = {-std::numeric_limits<float>::infinity(),
                     std::numeric_limits<float>::infinity()};
  const char *names[2] = {"min", "max"};
  for (int i = 0; i < 2; ++i) {
    if (opset < 11) {
      bounds[i] = getFloatAttr(node, names[i], bounds[i]);
      continue;
    }
    if (!hasInput(node, i + 1))
      continue;
    FailureOr<const ConstTensor *> bound = getConstInput(node, i + 1, names[i]);
    if (failed(bound))
      return failure();
    if ((*bound)->size() != 1)
      return emitNodeError(node) << names[i] << " must be a scalar";
    bounds[i] = static_cast<float>((*bound)->at(0));
  }
  return setOutputs(node, createOp<ClipOp>(
      node, *input,
      {builder.getNamedAttr("min", builder.getF32FloatAttr(bounds[0])),
       builder.getNamedAttr("max", builder.getF32FloatAttr(bounds[1]))}));
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importPool(const onnx::NodeProto &node) {
  bool isMax = node.op_type() == "MaxPool";
  if (failed(checkOnlyFirstOutputUsed(node)))
    return failure();
  TensorEntry *inputEntry = getInputEntry(node, 0);
  if (!inputEntry)
    return failure();
  FailureOr<Value> rawInput = inputEntry->pad
                                  ? FailureOr<Value>(inputEntry->pad->source)
                                  : getTensorInput(node, 0);
  if (failed(rawInput))
    return failure();
  auto inputType = cast<RankedTensorType>(rawInput->getType());
  if (inputType.getRank() != 4)
    return emitNodeError(node) << "only 2-D pooling (4-D NCHW input) is "
                                  "supported; the input has shape "
                               << formatShape(inputType.getShape());
  std::optional<llvm::SmallVector<int64_t>> kernel =
      getIntsAttr(node, "kernel_shape");
  if (!kernel || kernel->size() != 2)
    return emitNodeError(node) << "expects a 2-D kernel_shape";
  llvm::SmallVector<int64_t> strides =
      getIntsAttr(node, "strides").value_or(llvm::SmallVector<int64_t>{1, 1});
  llvm::SmallVector<int64_t> dilations =
      getIntsAttr(node, "dilations").value_or(llvm::SmallVector<int64_t>{1, 1});
  if (strides.size() != 2 || dilations.size() != 2)
    return emitNodeError(node) << "expects 2 strides and 2 dilations";
  if (!isMax && llvm::any_of(dilations, [](int64_t d) { return d != 1; }))
    return emitNodeError(node) << "dilated average pooling is not supported";
  if (isMax && getIntAttr(node, "storage_order", 0) != 0)
    return emitNodeError(node) << "storage_order 1 is not supported";
  bool ceilMode = getIntAttr(node, "ceil_mode", 0) != 0;
  bool countIncludePad = getIntAttr(node, "count_include_pad", 0) != 0;

  llvm::SmallVector<int64_t> inputHW(
      llvm::ArrayRef<int64_t>(inputEntry->getShape()).drop_front(2));
  llvm::SmallVector<int64_t> pads;
  if (failed(getWindowPads(node, inputHW, *kernel, strides, dilations, pads)))
    return failure();
  if (inputEntry->pad && !isMax) {
    // The Pad node's zeros are real elements of the average. Folded, they
    // count only under count_include_pad, which must then hold for the
    // pool's own padding too.
    bool ownPads = llvm::any_of(pads, [](int64_t p) { return p != 0; });
    if (ownPads && !countIncludePad)
      return emitNodeError(node)
             << "cannot fold the zero padding of Pad node '"
             << inputEntry->pad->nodeName
             << "' into an average pool that has its own padding without "
                "count_include_pad";
    countIncludePad = true;
  }
  llvm::SmallVector<int64_t> ownPads(pads);
  FailureOr<Value> input = takePaddedInput(node, pads, isMax);
  if (failed(input))
    return failure();
  if (inputEntry->pad && ceilMode) {
    // Ceil mode keeps a last window that starts in the Pad node's zeros
    // (they are input), but drops it once they are folded into padding. Such
    // a window sees only zeros, which pool padding cannot express.
    for (int d = 0; d < 2; ++d) {
      int64_t extent = dilations[d] * ((*kernel)[d] - 1) + 1;
      auto ceilOutput = [&](int64_t in, int64_t begin, int64_t end) {
        int64_t span = in + begin + end - extent;
        int64_t out = span / strides[d] + (span % strides[d] != 0) + 1;
        if ((out - 1) * strides[d] >= in + begin)
          --out;
        return out;
      };
      if (ceilOutput(inputHW[d], ownPads[d], ownPads[d + 2]) !=
          ceilOutput(inputType.getDimSize(d + 2), pads[d], pads[d + 2]))
        return emitNodeError(node)
               << "cannot fold the zero padding of Pad node '"
               << inputEntry->pad->nodeName
               << "' into this ceil_mode pool: its last window would see "
                  "only the Pad node's zeros";
    }
  }

  llvm::SmallVector<NamedAttribute> attrs = {
      builder.getNamedAttr("kernel", builder.getDenseI64ArrayAttr(*kernel)),
      builder.getNamedAttr("strides", builder.getDenseI64ArrayAttr(strides)),
      builder.getNamedAttr("pads", builder.getDenseI64ArrayAttr(pads)),
      builder.getNamedAttr("ceil_mode", builder.getBoolAttr(ceilMode))};
  Operation *pool;
  if (isMax) {
    attrs.push_back(
        builder.getNamedAttr("dilations", builder.getDenseI64ArrayAttr(dilations)));
    pool = createOp<MaxPool2dOp>(node, *input, attrs);
  } else {
    attrs.push_back(builder.getNamedAttr("count_include_pad",
                                         builder.getBoolAttr(countIncludePad)));
    pool = createOp<AvgPool2dOp>(node, *input, attrs);
  }
  return setOutputs(node, pool);
}

LogicalResult
GraphImporter::importGlobalAveragePool(const onnx::NodeProto &node) {
  FailureOr<Value> input = getTensorInput(node, 0);
  if (failed(input) || failed(getRankedType(node, *input, 4)))
    return failure();
  return setOutputs(node, createOp<GlobalAvgPoolOp>(node, *input));
}

LogicalResult GraphImporter::importReduceMean(const onnx::NodeProto &node) {
  FailureOr<Value> input = getTensorInput(node, 0);
  if (failed(input))
    return failure();
  FailureOr<RankedTensorType> type = getRankedType(node, *input, -1);
  if (failed(type))
    return failure();
  llvm::SmallVector<int64_t> axes;
  if (opset >= 18) {
    if (hasInput(node, 1)) {
      FailureOr<const ConstTensor *> axesInput =
          getConstInput(node, 1, "axes");
      if (failed(axesInput))
        return failure();
      axes.assign((*axesInput)->ints.begin(), (*axesInput)->ints.end());
    }
  } else if (auto attr = getIntsAttr(node, "axes")) {
    axes = *attr;
  }
  int64_t rank = type->getRank();
  for (int64_t &axis : axes)
    if (axis < 0)
      axis += rank;
  llvm::sort(axes);
  if (rank != 4 || axes != llvm::SmallVector<int64_t>{2, 3})
    return emitNodeError(node)
           << "only the mean over H and W of a 4-D tensor (axes [2, 3]) is "
              "supported; got axes "
           << formatShape(axes) << " on " << formatShape(type->getShape());
  auto pool = createOp<GlobalAvgPoolOp>(node, *input);
  if (!pool)
    return failure();
  Value result = pool;
  if (getIntAttr(node, "keepdims", 1) == 0) {
    auto flatType = RankedTensorType::get(
        {type->getDimSize(0), type->getDimSize(1)}, builder.getF32Type());
    result = ReshapeOp::create(builder, nodeLoc(node), flatType, result);
  }
  setOutput(node, 0, result);
  return success();
}

//===----------------------------------------------------------------------===//
// Gemm, MatMul, Softmax
//===----------------------------------------------------------------------===//


LogicalResult GraphImporter::importGemm(const onnx::NodeProto &node) {
  if (getIntAttr(node, "transA", 0) != 0)
    return emitNodeError(node) << "transA is not supported";
  FailureOr<Value> input = getTensorInput(node, 0);
  if (failed(input) || failed(getRankedType(node, *input, 2)))
    return failure();
  FailureOr<const ConstTensor *> b = getConstInput(node, 1, "B (the weight)");
  if (failed(b))
    return failure();
  if ((*b)->dims.size() != 2 || (*b)->isInt())
    return emitNodeError(node) << "expects a 2-D float B";
  float alpha = getFloatAttr(node, "alpha", 1.0f);
  float beta = getFloatAttr(node, "beta", 1.0f);
  bool transB = getIntAttr(node, "transB", 0) != 0;
  int64_t n = transB ? (*b)->dims[0] : (*b)->dims[1];
  int64_t k = transB ? (*b)->dims[1] : (*b)->dims[0];
  // riffle.gemm takes the weight as [N, K] with alpha folded in.
  std::vector<float> weight(n * k);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < k; ++j)
      weight[i * k + j] =
          alpha * (*b)->floats[transB ? i * k + j : j * n + i];
  llvm::SmallVector<Value> operands = {
      *input, materialize(ConstTensor::ofFloats({n, k}, std::move(weight)),
                          node.input(1))};
  if (hasInput(node, 2)) {
    FailureOr<const ConstTensor *> c = getConstInput(node, 2, "C (the bias)");
    if (failed(c))
      return failure();
    int64_t count = (*c)->size();
    bool perFeature = count == n && ((*c)->dims.size() == 1 ||
                                     ((*c)->dims.size() == 2 &&
                                      (*c)->dims[0] == 1));
    if (!perFeature && count != 1)
      return emitNodeError(node) << "C of shape " << formatShape((*c)->dims)
                                 << " is not a per-output bias of " << n
                                 << " elements";
    std::vector<float> bias(n);
    for (int64_t i = 0; i < n; ++i)
      bias[i] = beta * static_cast<float>((*c)->at(count == 1 ? 0 : i));
    operands.push_back(
        materialize(ConstTensor::ofFloats({n}, std::move(bias)), node.input(2)));
  }
  return setOutputs(node, createOp<GemmOp>(node, operands));
}

LogicalResult GraphImporter::importMatMul(const onnx::NodeProto &node) {
  FailureOr<Value> input = getTensorInput(node, 0);
  if (failed(input))
    return failure();
  FailureOr<RankedTensorType> type = getRankedType(node, *input, -1);
  if (failed(type))
    return failure();
  if (type->getRank() != 2)
    return emitNodeError(node) << "only [M, K] x [K, N] products are "
                                  "supported; A has shape "
                               << formatShape(type->getShape());
  FailureOr<const ConstTensor *> b = getConstInput(node, 1, "B (the weight)");
  if (failed(b))
    return failure();
  if ((*b)->dims.size() != 2 || (*b)->isInt())
    return emitNodeError(node) << "expects a 2-D float B";
  int64_t k = (*b)->dims[0], n = (*b)->dims[1];
  std::vector<float> weight(n * k);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < k; ++j)
      weight[i * k + j] = (*b)->floats[j * n + i];
  return setOutputs(node, createOp<GemmOp>(
      node, {*input, materialize(ConstTensor::ofFloats({n, k}, std::move(weight)),
                                 node.input(1))}));
}

LogicalResult GraphImporter::importSoftmax(const onnx::NodeProto &node) {
  FailureOr<Value> input = getTensorInput(node, 0);
  if (failed(input))
    return failure();
  int64_t rank = cast<RankedTensorType>(input->getType()).getRank();
  int64_t axis = getIntAttr(node, "axis", opset < 13 ? 1 : -1);
  if (axis < 0)
    axis += rank;
  // Before opset 13, Softmax flattened everything from `axis` on.
  auto dims = cast<RankedTensorType>(input->getType()).getShape();
  bool trailingUnit = llvm::all_of(dims.drop_front(std::min(axis + 1, rank)),
                                   [](int64_t d) { return d == 1; });
  if (opset < 13 && !trailingUnit)
    return emitNodeError(node) << "softmax over the flattened axes " << axis
                               << ".." << rank - 1
                               << " (opset < 13) is not supported";
  return setOutputs(node, createOp<SoftmaxOp>(
      node, *input, {builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis))}));
}

//===----------------------------------------------------------------------===//
// Add, Sub, Mul, Div
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importBinary(const onnx::NodeProto &node) {
  const ConstTensor *lhsConst = lookupConstInput(node, 0);
  const ConstTensor *rhsConst = lookupConstInput(node, 1);
  if (!getInputEntry(node, 0) || !getInputEntry(node, 1))
    return failure();
  if (lhsConst && rhsConst)
    return foldBinary(node, *lhsConst, *rhsConst);

  llvm::StringRef type = node.op_type();
  FailureOr<Value> lhs = getTensorInput(node, 0);
  if (failed(lhs))
    return failure();
  Value rhs;
  if (type == "Sub" || type == "Div") {
    // x - c and x / c become x + (-c) and x * (1 / c).
    if (!rhsConst || rhsConst->isInt())
      return emitNodeError(node) << type
                                 << " is supported only with a constant "
                                    "float right operand";
    ConstTensor folded = *rhsConst;
    for (float &v : folded.floats)
      v = type == "Sub" ? -v : 1.0f / v;
    rhs = materialize(folded, node.input(1));
  } else {
    FailureOr<Value> rhsValue = getTensorInput(node, 1);
    if (failed(rhsValue))
      return failure();
    rhs = *rhsValue;
  }
  Operation *op = (type == "Add" || type == "Sub")
                      ? createOp<AddOp>(node, {*lhs, rhs}).getOperation()
                      : createOp<MulOp>(node, {*lhs, rhs}).getOperation();
  return setOutputs(node, op);
}
