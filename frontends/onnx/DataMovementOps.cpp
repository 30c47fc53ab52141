//===- DataMovementOps.cpp - Concat, Split, Slice, Reshape, Transpose... --===//

#include "Importer.h"

#include "llvm/Support/MathExtras.h"

#include "llvm/ADT/STLExtras.h"

#include <numeric>

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::onnx_import;

/// Maps `axes` (each in [-rank, rank)) to [0, rank) in place; returns what
/// is wrong instead (an axis out of range for `rankText`, or one listed
/// twice). Opset 18 reaches the importer unchecked by libonnx 1.12, and the
/// axes index shapes and pads.
static std::optional<std::string>
normalizeAxes(llvm::MutableArrayRef<int64_t> axes, int64_t rank,
              llvm::StringRef rankText) {
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t axis = axes[i];
    if (axis < -rank || axis >= rank)
      return "axis " + std::to_string(axis) + " is out of range for " +
             rankText.str();
    axes[i] = axis < 0 ? axis + rank : axis;
    if (llvm::is_contained(axes.take_front(i), axes[i]))
      return "axis " + std::to_string(axes[i]) + " is listed twice";
  }
  return std::nullopt;
}

static int64_t product(llvm::ArrayRef<int64_t> dims) {
  return std::accumulate(dims.begin(), dims.end(), int64_t{1},
                         std::multiplies<int64_t>());
}

LogicalResult GraphImporter::importIdentity(const onnx::NodeProto &node) {
  // Identity, and Dropout at inference: the output is the input.
  if (failed(checkOnlyFirstOutputUsed(node)))
    return failure();
  if (node.op_type() == "Dropout" && hasInput(node, 2)) {
    const ConstTensor *training = lookupConstInput(node, 2);
    if (!training || training->size() != 1 || training->at(0) != 0)
      return emitNodeError(node) << "training_mode must be a constant false; "
                                    "Riffle compiles inference graphs";
  }
  TensorEntry *entry = getInputEntry(node, 0);
  if (!entry)
    return failure();
  setOutputEntry(node, 0, *entry);
  return success();
}

//===----------------------------------------------------------------------===//
// Concat, Split, Slice
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importConcat(const onnx::NodeProto &node) {
  int64_t axis = getIntAttr(node, "axis", 1);
  llvm::SmallVector<const ConstTensor *> constants;
  for (int i = 0; i < node.input_size(); ++i)
    if (const ConstTensor *c = lookupConstInput(node, i))
      constants.push_back(c);
  if (static_cast<int>(constants.size()) == node.input_size() &&
      !constants.empty()) {
    int64_t rank = constants[0]->dims.size();
    if (axis < 0)
      axis += rank;
    for (const ConstTensor *c : constants)
      if (static_cast<int64_t>(c->dims.size()) != rank ||
          c->kind != constants[0]->kind || axis < 0 || axis >= rank)
        return emitNodeError(node) << "inputs do not concatenate along axis "
                                   << axis;
    TensorEntry entry;
    entry.constant = concatConstants(constants, axis);
    setOutputEntry(node, 0, std::move(entry));
    return success();
  }
  llvm::SmallVector<Value> inputs;
  for (int i = 0; i < node.input_size(); ++i) {
    FailureOr<Value> input = getTensorInput(node, i);
    if (failed(input))
      return failure();
    inputs.push_back(*input);
  }
  if (axis < 0)
    axis += cast<RankedTensorType>(inputs[0].getType()).getRank();
  return setOutputs(node, createOp<ConcatOp>(
      node, inputs, {builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis))}));
}

LogicalResult GraphImporter::importSplit(const onnx::NodeProto &node) {
  FailureOr<Value> input = getTensorInput(node, 0);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t axis = getIntAttr(node, "axis", 0);
  if (axis < 0)
    axis += type.getRank();
  if (axis < 0 || axis >= type.getRank())
    return emitNodeError(node) << "axis is out of range for "
                               << formatShape(type.getShape());
  int64_t dim = type.getDimSize(axis);
  llvm::SmallVector<int64_t> sizes;
  if (opset < 13) {
    if (auto attr = getIntsAttr(node, "split"))
      sizes = *attr;
  } else if (hasInput(node, 1)) {
    FailureOr<const ConstTensor *> split = getConstInput(node, 1, "split");
    if (failed(split))
      return failure();
    sizes.assign((*split)->ints.begin(), (*split)->ints.end());
  }
  int64_t parts = node.output_size();
  if (sizes.empty()) {
    if (opset >= 18)
      parts = getIntAttr(node, "num_outputs", parts);
    if (parts < 1)
      return emitNodeError(node) << "splits into " << parts
                                 << " parts; at least 1 is needed";
    // Equal parts; since opset 18 the last may be smaller.
    int64_t chunk = (dim + parts - 1) / parts;
    if (opset < 18 && dim % parts != 0)
      return emitNodeError(node) << "cannot split " << dim << " into "
                                 << parts << " equal parts";
    for (int64_t start = 0; start < dim; start += chunk)
      sizes.push_back(std::min(chunk, dim - start));
  }
  if (static_cast<int64_t>(sizes.size()) != node.output_size())
    return emitNodeError(node) << sizes.size() << " split sizes for "
                               << node.output_size() << " outputs";
  return setOutputs(node, createOp<SplitOp>(
      node, *input,
      {builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis)),
       builder.getNamedAttr("sizes", builder.getDenseI64ArrayAttr(sizes))}));
}

std::pair<int64_t, int64_t>
mlir::riffle::onnx_import::clampSliceRange(int64_t dim, int64_t start,
                                           int64_t end) {
  if (start < 0)
    start += dim;
  if (end < 0)
    end += dim;
  return {std::clamp<int64_t>(start, 0, dim), std::clamp<int64_t>(end, 0, dim)};
}

LogicalResult GraphImporter::importSlice(const onnx::NodeProto &node) {
  llvm::SmallVector<int64_t> starts, ends, axes, steps;
  if (opset < 10) {
    return emitNodeError(node) << "Slice before opset 10 is not supported";
  }
  const char *names[] = {"starts", "ends", "axes", "steps"};
  llvm::SmallVector<int64_t> *lists[] = {&starts, &ends, &axes, &steps};
  for (int i = 0; i < 4; ++i) {
    if (!hasInput(node, i + 1))
      continue;
    FailureOr<const ConstTensor *> values = getConstInput(node, i + 1, names[i]);
    if (failed(values))
      return failure();
    if (!(*values)->isInt())
      return emitNodeError(node) << names[i] << " must be integers";
    lists[i]->assign((*values)->ints.begin(), (*values)->ints.end());
  }
  if (starts.size() != ends.size())
    return emitNodeError(node) << "starts and ends differ in length";
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (axes.size() != starts.size() || steps.size() != starts.size())
    return emitNodeError(node) << "axes/steps do not match starts in length";
  if (llvm::is_contained(steps, 0))
    return emitNodeError(node) << "a slice step is zero";

  TensorEntry *entry = getInputEntry(node, 0);
  if (!entry)
    return failure();
  if (entry->constant) {
    // Shape arithmetic: slice the constant.
    const ConstTensor &data = *entry->constant;
    int64_t rank = data.dims.size();
    llvm::SmallVector<int64_t> begin(rank, 0), stride(rank, 1),
        outDims(data.dims);
    for (size_t i = 0; i < axes.size(); ++i) {
      int64_t axis = axes[i] < 0 ? axes[i] + rank : axes[i];
      if (axis < 0 || axis >= rank)
        return emitNodeError(node) << "slice axis out of range";
      int64_t dim = data.dims[axis];
      if (steps[i] > 0) {
        auto [s, e] = clampSliceRange(dim, starts[i], ends[i]);
        begin[axis] = s;
        // 1 + (span - 1) / step: no overflow for steps near 2^63.
        outDims[axis] = e > s ? 1 + (e - s - 1) / steps[i] : 0;
      } else {
        // Backwards (torch.onnx reverses F.pad's list this way): start
        // clamps to [0, dim - 1], end to [-1, dim - 1].
        int64_t s = starts[i] < 0 ? starts[i] + dim : starts[i];
        int64_t e = ends[i] < 0 ? ends[i] + dim : ends[i];
        s = std::clamp<int64_t>(s, 0, dim - 1);
        e = std::clamp<int64_t>(e, -1, dim - 1);
        begin[axis] = s;
        // The step's magnitude taken unsigned: -INT64_MIN overflows.
        uint64_t magnitude = 0 - static_cast<uint64_t>(steps[i]);
        outDims[axis] =
            s > e ? 1 + static_cast<int64_t>(static_cast<uint64_t>(s - e - 1) /
                                             magnitude)
                  : 0;
      }
      stride[axis] = steps[i];
    }
    llvm::SmallVector<int64_t> inStrides = getStrides(data.dims);
    TensorEntry result;
    result.constant = mapConstant(data, outDims, [&](llvm::ArrayRef<int64_t> idx) {
      int64_t flat = 0;
      for (int64_t d = 0; d < rank; ++d)
        flat += (begin[d] + idx[d] * stride[d]) * inStrides[d];
      return flat;
    });
    setOutputEntry(node, 0, std::move(result));
    return success();
  }
  if (llvm::any_of(steps, [](int64_t s) { return s < 0; }))
    return emitNodeError(node) << "reverses run-time data (a negative step); "
                                  "only constants can be sliced backwards";
  FailureOr<Value> input = getTensorInput(node, 0);
  if (failed(input))
    return failure();
  return importSliceOnTensor(node, *input, starts, ends, axes, steps);
}

LogicalResult GraphImporter::importSliceOnTensor(
    const onnx::NodeProto &node, Value input, llvm::ArrayRef<int64_t> starts,
    llvm::ArrayRef<int64_t> ends, llvm::ArrayRef<int64_t> axes,
    llvm::ArrayRef<int64_t> steps) {
  Value result = input;
  for (size_t i = 0; i < axes.size(); ++i) {
    auto type = cast<RankedTensorType>(result.getType());
    int64_t axis = axes[i] < 0 ? axes[i] + type.getRank() : axes[i];
    if (axis < 0 || axis >= type.getRank())
      return emitNodeError(node) << "slice axis " << axes[i]
                                 << " is out of range for "
                                 << formatShape(type.getShape());
    int64_t dim = type.getDimSize(axis);
    auto [start, end] = clampSliceRange(dim, starts[i], ends[i]);
    if (start == 0 && end == dim && steps[i] == 1)
      continue; // the whole axis
    auto slice = createOp<SliceOp>(
        node, result,
        {builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis)),
         builder.getNamedAttr("start", builder.getI64IntegerAttr(start)),
         builder.getNamedAttr("end", builder.getI64IntegerAttr(end)),
         builder.getNamedAttr("step", builder.getI64IntegerAttr(steps[i]))});
    if (!slice)
      return failure();
    result = slice;
  }
  setOutput(node, 0, result);
  return success();
}

//===----------------------------------------------------------------------===//
// Reshape and Transpose, and the channel shuffle they spell
//===----------------------------------------------------------------------===//

/// Resolves an ONNX Reshape target: 0 copies the input's dimension (unless
/// allowzero), -1 takes what is left.
static FailureOr<llvm::SmallVector<int64_t>>
resolveReshape(llvm::ArrayRef<int64_t> inputShape,
               llvm::ArrayRef<int64_t> target, bool allowZero,
               std::string &error) {
  llvm::SmallVector<int64_t> shape(target);
  int64_t inferred = -1, known = 1;
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (d == 0 && !allowZero) {
      if (i >= inputShape.size()) {
        error = "0 at position " + std::to_string(i) +
                " has no input dimension to copy";
        return failure();
      }
      d = inputShape[i];
    }
    if (d == -1) {
      if (inferred >= 0) {
        error = "more than one -1";
        return failure();
      }
      inferred = i;
      continue;
    }
    if (d < 0) {
      error = "negative dimension " + std::to_string(d);
      return failure();
    }
    if (llvm::MulOverflow(known, d, known)) {
      error = "target " + formatShape(shape) + " has more than 2^63 elements";
      return failure();
    }
  }
  int64_t total = product(inputShape);
  if (inferred >= 0) {
    if (known == 0 || total % known != 0) {
      error = "cannot infer the -1 dimension";
      return failure();
    }
    shape[inferred] = total / known;
  } else if (known != total) {
    error = "cannot reshape " + formatShape(inputShape) + " (" +
            std::to_string(total) + " elements) to " + formatShape(shape) +
            " (" + std::to_string(known) + " elements)";
    return failure();
  }
  return shape;
}

LogicalResult GraphImporter::importReshape(const onnx::NodeProto &node) {
  TensorEntry *entry = getInputEntry(node, 0);
  if (!entry)
    return failure();
  FailureOr<const ConstTensor *> target = getConstInput(node, 1, "shape");
  if (failed(target))
    return failure();
  bool allowZero = getIntAttr(node, "allowzero", 0) != 0;
  llvm::SmallVector<int64_t> inputShape = entry->getShape();
  std::string error;
  FailureOr<llvm::SmallVector<int64_t>> shape =
      resolveReshape(inputShape, (*target)->ints, allowZero, error);
  if (failed(shape))
    return emitNodeError(node) << error;

  if (entry->constant) {
    TensorEntry result;
    result.constant = *entry->constant;
    result.constant->dims = *shape;
    setOutputEntry(node, 0, std::move(result));
    return success();
  }

  // End of a channel shuffle: the transposed view goes back to the shape
  // of the tensor it came from.
  if (entry->shuffle && entry->shuffle->transposed) {
    ShuffleView view = *entry->shuffle;
    auto sourceType = cast<RankedTensorType>(view.source.getType());
    if (llvm::ArrayRef<int64_t>(*shape) != sourceType.getShape())
      return emitNodeError(node)
             << "reshapes the transposed view " << formatShape(view.shape)
             << " of node '" << view.nodeName << "' to "
             << formatShape(*shape) << ", not back to "
             << formatShape(sourceType.getShape())
             << "; only channel shuffles are supported";
    auto shuffle = createOp<ChannelShuffleOp>(
        node, view.source,
        {builder.getNamedAttr("groups", builder.getI64IntegerAttr(view.groups))});
    if (!shuffle)
      return failure();
    setOutput(node, 0, shuffle);
    return success();
  }

  FailureOr<Value> input = getTensorInput(node, 0);
  if (failed(input))
    return failure();
  auto inputType = cast<RankedTensorType>(input->getType());
  // Start of a channel shuffle: [N, C, rest...] viewed as [N, a, b, rest'...]
  // with a * b = C. Only a Transpose swapping axes 1 and 2 may read it.
  llvm::ArrayRef<int64_t> in = inputType.getShape();
  const auto &consumers = consumerTypes[node.output(0)];
  bool onlyTransposed =
      !consumers.empty() && llvm::all_of(consumers, [](const std::string &type) {
        return type == "Transpose";
      });
  if (onlyTransposed && in.size() >= 3 && shape->size() >= 4 &&
      (*shape)[0] == in[0] &&
      (*shape)[1] * (*shape)[2] == in[1] &&
      product(llvm::ArrayRef<int64_t>(*shape).drop_front(3)) ==
          product(in.drop_front(2))) {
    TensorEntry view;
    view.shuffle = ShuffleView{*input, (*shape)[1], /*transposed=*/false,
                               *shape, describeNode(node)};
    setOutputEntry(node, 0, std::move(view));
    return success();
  }
  Value result = *input;
  if (inputType.getShape() != llvm::ArrayRef<int64_t>(*shape))
    result = ReshapeOp::create(
        builder, nodeLoc(node),
        RankedTensorType::get(*shape, inputType.getElementType()), *input);
  setOutput(node, 0, result);
  return success();
}

LogicalResult GraphImporter::importTranspose(const onnx::NodeProto &node) {
  TensorEntry *entry = getInputEntry(node, 0);
  if (!entry)
    return failure();
  llvm::SmallVector<int64_t> inputShape = entry->getShape();
  int64_t rank = inputShape.size();
  llvm::SmallVector<int64_t> perm;
  if (auto attr = getIntsAttr(node, "perm"))
    perm = *attr;
  else
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  llvm::SmallVector<int64_t> sorted(perm);
  llvm::sort(sorted);
  for (int64_t i = 0; i < rank; ++i)
    if (static_cast<int64_t>(sorted.size()) != rank || sorted[i] != i)
      return emitNodeError(node) << "perm " << formatShape(perm)
                                 << " is not a permutation of the "
                                 << rank << " axes";

  if (entry->constant) {
    TensorEntry result;
    result.constant = transposeConstant(*entry->constant, perm);
    setOutputEntry(node, 0, std::move(result));
    return success();
  }
  bool identity = llvm::all_of(llvm::enumerate(perm), [](auto pair) {
    return static_cast<int64_t>(pair.index()) == pair.value();
  });
  bool swapsChannelGroups =
      rank >= 4 && perm[0] == 0 && perm[1] == 2 && perm[2] == 1 &&
      llvm::all_of(llvm::seq<int64_t>(3, rank),
                   [&](int64_t i) { return perm[i] == i; });
  if (entry->shuffle && !entry->shuffle->transposed && swapsChannelGroups) {
    TensorEntry view;
    view.shuffle = *entry->shuffle;
    view.shuffle->transposed = true;
    std::swap(view.shuffle->shape[1], view.shuffle->shape[2]);
    setOutputEntry(node, 0, std::move(view));
    return success();
  }
  if (identity) {
    setOutputEntry(node, 0, *entry);
    return success();
  }
  return emitNodeError(node)
         << "transposes " << formatShape(inputShape) << " with perm "
         << formatShape(perm)
         << "; Riffle supports transposes only inside a channel shuffle "
            "(reshape to [N, g, C/g, ...], perm [0, 2, 1, ...], reshape back)";
}

LogicalResult GraphImporter::importFlatten(const onnx::NodeProto &node) {
  TensorEntry *entry = getInputEntry(node, 0);
  if (!entry)
    return failure();
  int64_t axis = getIntAttr(node, "axis", 1);
  if (entry->constant) {
    int64_t rank = entry->constant->dims.size();
    if (axis < 0)
      axis += rank;
    if (axis < 0 || axis > rank)
      return emitNodeError(node) << "axis out of range";
    llvm::ArrayRef<int64_t> dims = entry->constant->dims;
    TensorEntry result;
    result.constant = *entry->constant;
    result.constant->dims = {product(dims.take_front(axis)),
                             product(dims.drop_front(axis))};
    setOutputEntry(node, 0, std::move(result));
    return success();
  }
  FailureOr<Value> input = getTensorInput(node, 0);
  if (failed(input))
    return failure();
  if (axis < 0)
    axis += cast<RankedTensorType>(input->getType()).getRank();
  return setOutputs(node, createOp<FlattenOp>(
      node, *input, {builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis))}));
}

LogicalResult
GraphImporter::importSqueezeUnsqueeze(const onnx::NodeProto &node) {
  bool squeeze = node.op_type() == "Squeeze";
  TensorEntry *entry = getInputEntry(node, 0);
  if (!entry)
    return failure();
  llvm::SmallVector<int64_t> axes;
  if (opset < 13) {
    if (auto attr = getIntsAttr(node, "axes"))
      axes = *attr;
  } else if (hasInput(node, 1)) {
    FailureOr<const ConstTensor *> axesInput = getConstInput(node, 1, "axes");
    if (failed(axesInput))
      return failure();
    axes.assign((*axesInput)->ints.begin(), (*axesInput)->ints.end());
  }
  if (!entry->constant && failed(getTensorInput(node, 0)))
    return failure(); // reports padding or shuffle views it cannot read
  llvm::SmallVector<int64_t> inShape = entry->getShape();
  llvm::SmallVector<int64_t> outShape;
  // Axes count in the input's rank for Squeeze, the output's for
  // Unsqueeze (an Unsqueeze axis past the end read beyond the input's shape).
  int64_t rank = squeeze ? inShape.size() : inShape.size() + axes.size();
  if (std::optional<std::string> error = normalizeAxes(
          axes, rank,
          (squeeze ? "the input's rank " : "the output's rank ") +
              std::to_string(rank)))
    return emitNodeError(node) << *error;
  if (squeeze) {
    for (int64_t d = 0; d < rank; ++d) {
      bool listed = llvm::is_contained(axes, d);
      if (listed && inShape[d] != 1)
        return emitNodeError(node) << "cannot squeeze axis " << d << " of "
                                   << formatShape(inShape);
      if (!(listed || (axes.empty() && inShape[d] == 1)))
        outShape.push_back(inShape[d]);
    }
  } else {
    auto next = inShape.begin();
    for (int64_t d = 0; d < rank; ++d)
      outShape.push_back(llvm::is_contained(axes, d) ? 1 : *next++);
  }
  if (entry->constant) {
    TensorEntry result;
    result.constant = *entry->constant;
    result.constant->dims = outShape;
    setOutputEntry(node, 0, std::move(result));
    return success();
  }
  FailureOr<Value> input = getTensorInput(node, 0);
  if (failed(input))
    return failure();
  setOutput(node, 0,
            ReshapeOp::create(builder, nodeLoc(node),
                              RankedTensorType::get(outShape, builder.getF32Type()),
                              *input));
  return success();
}

//===----------------------------------------------------------------------===//
// Pad: folded into the conv or pool that follows
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importPad(const onnx::NodeProto &node) {
  std::string mode = getStringAttr(node, "mode", "constant");
  if (mode != "constant")
    return emitNodeError(node) << "pad mode '" << mode
                               << "' is not supported (only constant zero "
                                  "padding)";
  TensorEntry *entry = getInputEntry(node, 0);
  if (!entry)
    return failure();
  PendingPad pending;
  if (entry->pad) {
    pending = *entry->pad; // Pad of a Pad: the paddings add up
  } else {
    FailureOr<Value> input = getTensorInput(node, 0);
    if (failed(input))
      return failure();
    pending.source = *input;
    pending.pads = {0, 0, 0, 0};
  }
  pending.nodeName = describeNode(node);
  auto type = cast<RankedTensorType>(pending.source.getType());
  int64_t rank = type.getRank();

  llvm::SmallVector<int64_t> pads;
  float value = 0.0f;
  if (opset < 11) {
    pads = getIntsAttr(node, "pads").value_or(llvm::SmallVector<int64_t>());
    value = getFloatAttr(node, "value", 0.0f);
  } else {
    FailureOr<const ConstTensor *> padsInput = getConstInput(node, 1, "pads");
    if (failed(padsInput))
      return failure();
    pads.assign((*padsInput)->ints.begin(), (*padsInput)->ints.end());
    if (hasInput(node, 2)) {
      FailureOr<const ConstTensor *> constant =
          getConstInput(node, 2, "constant_value");
      if (failed(constant))
        return failure();
      value = (*constant)->size() ? (*constant)->at(0) : 0.0;
    }
  }
  llvm::SmallVector<int64_t> axes;
  if (hasInput(node, 3)) {
    FailureOr<const ConstTensor *> axesInput = getConstInput(node, 3, "axes");
    if (failed(axesInput))
      return failure();
    axes.assign((*axesInput)->ints.begin(), (*axesInput)->ints.end());
    if (std::optional<std::string> error =
            normalizeAxes(axes, rank, formatShape(type.getShape())))
      return emitNodeError(node) << *error;
  } else {
    for (int64_t a = 0; a < rank; ++a)
      axes.push_back(a);
  }
  if (value != 0.0f)
    return emitNodeError(node) << "pads with " << value
                               << "; only zero padding is supported";
  if (pads.size() != 2 * axes.size())
    return emitNodeError(node) << "expects " << 2 * axes.size()
                               << " pads, got " << pads.size();
  for (auto [i, axis] : llvm::enumerate(axes)) {
    int64_t begin = pads[i], end = pads[i + axes.size()];
    if (begin < 0 || end < 0)
      return emitNodeError(node) << "negative padding (cropping) is not "
                                    "supported";
    if ((begin || end) && (rank != 4 || axis < 2))
      return emitNodeError(node) << "pads axis " << axis << " of "
                                 << formatShape(type.getShape())
                                 << "; only the H and W axes of an NCHW "
                                    "tensor can be padded";
    if (rank == 4 && axis >= 2) {
      pending.pads[axis - 2] += begin;
      pending.pads[axis] += end;
    }
  }
  TensorEntry result;
  if (llvm::all_of(pending.pads, [](int64_t p) { return p == 0; }))
    result.value = pending.source;
  else
    result.pad = pending;
  setOutputEntry(node, 0, std::move(result));
  return success();
}
