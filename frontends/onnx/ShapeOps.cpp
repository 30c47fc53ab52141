//===- ShapeOps.cpp - Shape arithmetic evaluated at import ----------------===//
//
// PyTorch exports compute reshape targets and split points with Shape,
// Gather, Unsqueeze, Div, Mul, Concat... on the (static) input shape. All of
// it is evaluated here, so the riffle IR only sees the resulting constants.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <limits>
#include <numeric>

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::onnx_import;

llvm::SmallVector<int64_t>
mlir::riffle::onnx_import::getStrides(llvm::ArrayRef<int64_t> dims) {
  llvm::SmallVector<int64_t> strides(dims.size(), 1);
  for (int64_t d = static_cast<int64_t>(dims.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * dims[d + 1];
  return strides;
}

ConstTensor mlir::riffle::onnx_import::mapConstant(
    const ConstTensor &input, llvm::ArrayRef<int64_t> outDims,
    llvm::function_ref<int64_t(llvm::ArrayRef<int64_t>)> sourceIndex) {
  int64_t count = std::accumulate(outDims.begin(), outDims.end(), int64_t{1},
                                  std::multiplies<int64_t>());
  ConstTensor out;
  out.kind = input.kind;
  out.dims.assign(outDims.begin(), outDims.end());
  llvm::SmallVector<int64_t> index(outDims.size(), 0);
  for (int64_t flat = 0; flat < count; ++flat) {
    int64_t source = sourceIndex(index);
    if (input.isInt())
      out.ints.push_back(input.ints[source]);
    else
      out.floats.push_back(input.floats[source]);
    for (int64_t d = static_cast<int64_t>(index.size()) - 1; d >= 0; --d) {
      if (++index[d] < outDims[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

ConstTensor
mlir::riffle::onnx_import::transposeConstant(const ConstTensor &input,
                                             llvm::ArrayRef<int64_t> perm) {
  llvm::SmallVector<int64_t> outDims, inStrides = getStrides(input.dims);
  for (int64_t p : perm)
    outDims.push_back(input.dims[p]);
  return mapConstant(input, outDims, [&](llvm::ArrayRef<int64_t> index) {
    int64_t flat = 0;
    for (size_t d = 0; d < perm.size(); ++d)
      flat += index[d] * inStrides[perm[d]];
    return flat;
  });
}

ConstTensor mlir::riffle::onnx_import::concatConstants(
    llvm::ArrayRef<const ConstTensor *> inputs, int64_t axis) {
  ConstTensor out;
  out.kind = inputs[0]->kind;
  out.dims = inputs[0]->dims;
  out.dims[axis] = 0;
  for (const ConstTensor *input : inputs)
    out.dims[axis] += input->dims[axis];
  // Row-major: for each index of the axes before `axis`, append each
  // input's contiguous block.
  int64_t outer = std::accumulate(out.dims.begin(), out.dims.begin() + axis,
                                  int64_t{1}, std::multiplies<int64_t>());
  for (int64_t o = 0; o < outer; ++o)
    for (const ConstTensor *input : inputs) {
      int64_t block = input->size() / std::max<int64_t>(outer, 1);
      for (int64_t i = 0; i < block; ++i) {
        if (out.isInt())
          out.ints.push_back(input->ints[o * block + i]);
        else
          out.floats.push_back(input->floats[o * block + i]);
      }
    }
  return out;
}

/// NumPy broadcasting of two shapes; failure when incompatible.
static FailureOr<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  llvm::SmallVector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      return failure();
    out[i] = std::max(da, db);
  }
  return out;
}

/// Flat index into `dims` (right-aligned, broadcast) for an index of `out`.
static int64_t broadcastIndex(llvm::ArrayRef<int64_t> dims,
                              llvm::ArrayRef<int64_t> strides,
                              llvm::ArrayRef<int64_t> outIndex) {
  int64_t flat = 0, offset = outIndex.size() - dims.size();
  for (size_t d = 0; d < dims.size(); ++d)
    if (dims[d] != 1)
      flat += outIndex[d + offset] * strides[d];
  return flat;
}

LogicalResult GraphImporter::foldBinary(const onnx::NodeProto &node,
                                        const ConstTensor &lhs,
                                        const ConstTensor &rhs) {
  if (lhs.kind != rhs.kind)
    return emitNodeError(node) << "mixes integer and float operands";
  FailureOr<llvm::SmallVector<int64_t>> shape =
      broadcastShapes(lhs.dims, rhs.dims);
  if (failed(shape))
    return emitNodeError(node) << "operands " << formatShape(lhs.dims)
                               << " and " << formatShape(rhs.dims)
                               << " do not broadcast";
  int64_t elements = 1;
  for (int64_t d : *shape)
    if (d > 0 && elements > kMaxFoldedElements / d)
      return emitNodeError(node) << "result " << formatShape(*shape)
                                 << " is too large to evaluate at compile time";
    else
      elements *= d;
  llvm::StringRef op = node.op_type();
  llvm::SmallVector<int64_t> lhsStrides = getStrides(lhs.dims),
                             rhsStrides = getStrides(rhs.dims);
  ConstTensor out;
  out.kind = lhs.kind;
  out.dims = *shape;
  int64_t count = std::accumulate(shape->begin(), shape->end(), int64_t{1},
                                  std::multiplies<int64_t>());
  llvm::SmallVector<int64_t> index(shape->size(), 0);
  for (int64_t flat = 0; flat < count; ++flat) {
    int64_t i = broadcastIndex(lhs.dims, lhsStrides, index);
    int64_t j = broadcastIndex(rhs.dims, rhsStrides, index);
    if (lhs.isInt()) {
      int64_t a = lhs.ints[i], b = rhs.ints[j];
      if (op == "Div" && b == 0)
        return emitNodeError(node) << "integer division by zero";
      // ONNX integer division truncates, like C. Shape arithmetic that
      // leaves int64 (INT64_MIN / -1 included) is refused, not wrapped.
      int64_t result = 0;
      bool overflow =
          op == "Add"   ? __builtin_add_overflow(a, b, &result)
          : op == "Sub" ? __builtin_sub_overflow(a, b, &result)
          : op == "Mul" ? __builtin_mul_overflow(a, b, &result)
                        : (a == std::numeric_limits<int64_t>::min() && b == -1);
      if (overflow)
        return emitNodeError(node) << "integer " << op << " of " << a
                                   << " and " << b << " overflows int64";
      out.ints.push_back(op == "Div" ? a / b : result);
    } else {
      float a = lhs.floats[i], b = rhs.floats[j];
      out.floats.push_back(op == "Add"   ? a + b
                           : op == "Sub" ? a - b
                           : op == "Mul" ? a * b
                                         : a / b);
    }
    for (int64_t d = static_cast<int64_t>(index.size()) - 1; d >= 0; --d) {
      if (++index[d] < (*shape)[d])
        break;
      index[d] = 0;
    }
  }
  TensorEntry entry;
  entry.constant = std::move(out);
  setOutputEntry(node, 0, std::move(entry));
  return success();
}

LogicalResult GraphImporter::importConstant(const onnx::NodeProto &node) {
  TensorEntry entry;
  if (const onnx::AttributeProto *value = findAttr(node, "value")) {
    std::string error;
    FailureOr<ConstTensor> tensor = readTensorProto(value->t(), error);
    if (failed(tensor))
      return emitNodeError(node) << error;
    entry.constant = std::move(*tensor);
  } else if (const onnx::AttributeProto *f = findAttr(node, "value_float")) {
    entry.constant = ConstTensor::ofFloats({}, {f->f()});
  } else if (const onnx::AttributeProto *fs = findAttr(node, "value_floats")) {
    entry.constant = ConstTensor::ofFloats(
        {fs->floats_size()}, std::vector<float>(fs->floats().begin(),
                                                fs->floats().end()));
  } else if (const onnx::AttributeProto *i = findAttr(node, "value_int")) {
    entry.constant = ConstTensor::ofInts({}, {i->i()});
  } else if (const onnx::AttributeProto *is = findAttr(node, "value_ints")) {
    entry.constant = ConstTensor::ofInts(
        {is->ints_size()},
        std::vector<int64_t>(is->ints().begin(), is->ints().end()));
  } else {
    return emitNodeError(node) << "only tensor, float(s) and int(s) "
                                  "constants are supported";
  }
  setOutputEntry(node, 0, std::move(entry));
  return success();
}

LogicalResult GraphImporter::importShape(const onnx::NodeProto &node) {
  TensorEntry *entry = getInputEntry(node, 0);
  if (!entry)
    return failure();
  llvm::SmallVector<int64_t> shape = entry->getShape();
  int64_t rank = shape.size();
  int64_t start = getIntAttr(node, "start", 0);
  int64_t end = getIntAttr(node, "end", rank);
  auto [s, e] = clampSliceRange(rank, start, end);
  std::vector<int64_t> dims(shape.begin() + s, shape.begin() + std::max(s, e));
  TensorEntry result;
  int64_t count = dims.size();
  result.constant = ConstTensor::ofInts({count}, std::move(dims));
  setOutputEntry(node, 0, std::move(result));
  return success();
}

LogicalResult GraphImporter::importGather(const onnx::NodeProto &node) {
  FailureOr<const ConstTensor *> data =
      getConstInput(node, 0, "data (Gather runs only on shapes and constants)");
  if (failed(data))
    return failure();
  FailureOr<const ConstTensor *> indices = getConstInput(node, 1, "indices");
  if (failed(indices))
    return failure();
  int64_t rank = (*data)->dims.size();
  int64_t axis = getIntAttr(node, "axis", 0);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank || !(*indices)->isInt())
    return emitNodeError(node) << "invalid axis or indices";
  int64_t dim = (*data)->dims[axis];
  std::vector<int64_t> idx((*indices)->ints);
  for (int64_t &i : idx) {
    if (i < 0)
      i += dim;
    if (i < 0 || i >= dim)
      return emitNodeError(node) << "index out of range for a dimension of "
                                 << dim;
  }
  // out[pre..., ind..., post...] = data[pre..., indices[ind...], post...]
  llvm::SmallVector<int64_t> outDims((*data)->dims.begin(),
                                     (*data)->dims.begin() + axis);
  outDims.append((*indices)->dims.begin(), (*indices)->dims.end());
  outDims.append((*data)->dims.begin() + axis + 1, (*data)->dims.end());
  llvm::SmallVector<int64_t> dataStrides = getStrides((*data)->dims);
  llvm::SmallVector<int64_t> indexStrides = getStrides((*indices)->dims);
  int64_t indexRank = (*indices)->dims.size();
  TensorEntry result;
  result.constant =
      mapConstant(**data, outDims, [&](llvm::ArrayRef<int64_t> index) {
        int64_t flat = 0, position = 0;
        for (int64_t d = 0; d < axis; ++d)
          flat += index[d] * dataStrides[d];
        for (int64_t d = 0; d < indexRank; ++d)
          position += index[axis + d] * indexStrides[d];
        flat += idx[position] * dataStrides[axis];
        for (int64_t d = axis + 1; d < rank; ++d)
          flat += index[d - 1 + indexRank] * dataStrides[d];
        return flat;
      });
  setOutputEntry(node, 0, std::move(result));
  return success();
}

LogicalResult GraphImporter::importCast(const onnx::NodeProto &node) {
  TensorEntry *entry = getInputEntry(node, 0);
  if (!entry)
    return failure();
  int64_t to = getIntAttr(node, "to", onnx::TensorProto::FLOAT);
  bool toFloat = to == onnx::TensorProto::FLOAT ||
                 to == onnx::TensorProto::DOUBLE ||
                 to == onnx::TensorProto::FLOAT16;
  bool toInt = to == onnx::TensorProto::INT64 ||
               to == onnx::TensorProto::INT32 ||
               to == onnx::TensorProto::INT8 ||
               to == onnx::TensorProto::UINT8 || to == onnx::TensorProto::BOOL;
  if (entry->constant) {
    const ConstTensor &in = *entry->constant;
    ConstTensor out;
    out.dims = in.dims;
    if (toFloat) {
      out.kind = ConstTensor::Kind::Float;
      for (int64_t i = 0; i < in.size(); ++i)
        out.floats.push_back(static_cast<float>(in.at(i)));
    } else if (toInt) {
      out.kind = ConstTensor::Kind::Int;
      for (int64_t i = 0; i < in.size(); ++i)
        out.ints.push_back(to == onnx::TensorProto::BOOL
                               ? in.at(i) != 0
                               : static_cast<int64_t>(std::trunc(in.at(i))));
    } else {
      return emitNodeError(node) << "cast to type " << to
                                 << " is not supported";
    }
    TensorEntry result;
    result.constant = std::move(out);
    setOutputEntry(node, 0, std::move(result));
    return success();
  }
  if (!toFloat || to != onnx::TensorProto::FLOAT)
    return emitNodeError(node) << "casts run-time data to type " << to
                               << "; Riffle computes in f32";
  return importIdentity(node);
}

LogicalResult
GraphImporter::importConstantOfShape(const onnx::NodeProto &node) {
  FailureOr<const ConstTensor *> shape = getConstInput(node, 0, "shape");
  if (failed(shape))
    return failure();
  ConstTensor fill = ConstTensor::ofFloats({1}, {0.0f});
  if (const onnx::AttributeProto *value = findAttr(node, "value")) {
    std::string error;
    FailureOr<ConstTensor> tensor = readTensorProto(value->t(), error);
    if (failed(tensor) || tensor->size() != 1)
      return emitNodeError(node) << "value must be a one-element tensor";
    fill = std::move(*tensor);
  }
  llvm::SmallVector<int64_t> dims((*shape)->ints.begin(), (*shape)->ints.end());
  int64_t count = 1;
  for (int64_t d : dims) {
    if (d < 0 || (d > 0 && count > kMaxFoldedElements / d))
      return emitNodeError(node) << "shape " << formatShape(dims)
                                 << " is negative or too large to evaluate "
                                    "at compile time";
    count *= d;
  }
  TensorEntry result;
  result.constant =
      mapConstant(fill, dims, [](llvm::ArrayRef<int64_t>) { return int64_t{0}; });
  setOutputEntry(node, 0, std::move(result));
  return success();
}

LogicalResult GraphImporter::importRange(const onnx::NodeProto &node) {
  const ConstTensor *bounds[3];
  const char *names[3] = {"start", "limit", "delta"};
  for (int i = 0; i < 3; ++i) {
    FailureOr<const ConstTensor *> bound = getConstInput(node, i, names[i]);
    if (failed(bound))
      return failure();
    if ((*bound)->size() != 1)
      return emitNodeError(node) << names[i] << " must be a scalar";
    bounds[i] = *bound;
  }
  double start = bounds[0]->at(0), limit = bounds[1]->at(0),
         delta = bounds[2]->at(0);
  if (delta == 0)
    return emitNodeError(node) << "delta is zero";
  double steps = std::ceil((limit - start) / delta);
  if (!(steps <= static_cast<double>(kMaxFoldedElements)))
    return emitNodeError(node) << "the range is too large to evaluate at "
                                  "compile time";
  int64_t count = std::max<int64_t>(0, static_cast<int64_t>(steps));
  TensorEntry result;
  if (bounds[0]->isInt()) {
    std::vector<int64_t> values;
    for (int64_t i = 0; i < count; ++i)
      values.push_back(static_cast<int64_t>(start + i * delta));
    result.constant = ConstTensor::ofInts({count}, std::move(values));
  } else {
    std::vector<float> values;
    for (int64_t i = 0; i < count; ++i)
      values.push_back(static_cast<float>(start + i * delta));
    result.constant = ConstTensor::ofFloats({count}, std::move(values));
  }
  setOutputEntry(node, 0, std::move(result));
  return success();
}
