//===- ElementwiseOps.cpp - activations, add, mul, softmax ----------------===//

#include "Kernels.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::interp;

//===----------------------------------------------------------------------===//
// Activation
//===----------------------------------------------------------------------===//

Activation::Activation(ActivationAttr attr)
    : kind(attr.getKind()),
      // ActivationAttr::apply rounds its parameters to float the same way.
      alpha(static_cast<float>(attr.getAlpha().convertToDouble())),
      beta(static_cast<float>(attr.getBeta().convertToDouble())) {}

float Activation::apply(float x) const {
  return kind ? applyActivation(*kind, alpha, beta, x) : x;
}

//===----------------------------------------------------------------------===//
// Element-wise ops
//===----------------------------------------------------------------------===//

Tensor interp::evalUnary(const Tensor &input, const Activation &function) {
  Tensor output(input.shape);
  for (size_t i = 0, e = input.data.size(); i < e; ++i)
    output.data[i] = function.apply(input.data[i]);
  return output;
}

/// Strides of `shape` (row-major) aligned to the last `rank` dimensions of a
/// broadcast result, with stride 0 along broadcast (size-1 or missing)
/// dimensions.
static SmallVector<int64_t> broadcastStrides(ArrayRef<int64_t> shape,
                                             ArrayRef<int64_t> outShape) {
  int64_t rank = outShape.size();
  int64_t offset = rank - static_cast<int64_t>(shape.size());
  SmallVector<int64_t> strides(rank, 0);
  int64_t stride = 1;
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    strides[d + offset] = shape[d] == 1 && outShape[d + offset] != 1 ? 0 : stride;
    stride *= shape[d];
  }
  return strides;
}

Tensor interp::evalBroadcastBinary(const Tensor &lhs, const Tensor &rhs,
                                   ArrayRef<int64_t> outShape, bool add,
                                   const Activation &act) {
  Tensor output(outShape);
  auto combine = [&](float a, float b) {
    return add ? act.apply(a + b) : a * b;
  };
  if (ArrayRef<int64_t>(lhs.shape) == outShape &&
      ArrayRef<int64_t>(rhs.shape) == outShape) {
    for (size_t i = 0, e = output.data.size(); i < e; ++i)
      output.data[i] = combine(lhs.data[i], rhs.data[i]);
    return output;
  }
  if (output.data.empty())
    return output;
  const int64_t rank = outShape.size();
  if (rank == 0) {
    output.data[0] = combine(lhs.data[0], rhs.data[0]);
    return output;
  }
  SmallVector<int64_t> lhsStrides = broadcastStrides(lhs.shape, outShape);
  SmallVector<int64_t> rhsStrides = broadcastStrides(rhs.shape, outShape);
  // Odometer over all dimensions but the last; the last is the inner loop.
  const int64_t inner = outShape[rank - 1];
  const int64_t lhsInner = lhsStrides[rank - 1], rhsInner = rhsStrides[rank - 1];
  SmallVector<int64_t> index(rank, 0);
  int64_t lhsBase = 0, rhsBase = 0;
  for (int64_t outBase = 0, total = output.getNumElements(); outBase < total;
       outBase += inner) {
    for (int64_t i = 0; i < inner; ++i)
      output.data[outBase + i] = combine(lhs.data[lhsBase + i * lhsInner],
                                         rhs.data[rhsBase + i * rhsInner]);
    // Advance the odometer over dimensions rank-2 .. 0.
    for (int64_t d = rank - 2; d >= 0; --d) {
      ++index[d];
      lhsBase += lhsStrides[d];
      rhsBase += rhsStrides[d];
      if (index[d] < outShape[d])
        break;
      lhsBase -= lhsStrides[d] * index[d];
      rhsBase -= rhsStrides[d] * index[d];
      index[d] = 0;
    }
  }
  return output;
}

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

Tensor interp::evalSoftmax(SoftmaxOp op, const Tensor &input) {
  Tensor output(input.shape);
  const int64_t axis = op.getAxis();
  ArrayRef<int64_t> shape = input.shape;
  const int64_t size = shape[axis];
  const int64_t outer = Tensor::getNumElements(shape.take_front(axis));
  const int64_t inner = Tensor::getNumElements(shape.drop_front(axis + 1));
  std::vector<double> exps(size);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      const int64_t base = o * size * inner + i;
      double maxValue = -INFINITY;
      for (int64_t k = 0; k < size; ++k)
        maxValue = std::max(maxValue,
                            static_cast<double>(input.data[base + k * inner]));
      double sum = 0.0;
      for (int64_t k = 0; k < size; ++k) {
        exps[k] = std::exp(static_cast<double>(input.data[base + k * inner]) -
                           maxValue);
        sum += exps[k];
      }
      for (int64_t k = 0; k < size; ++k)
        output.data[base + k * inner] = static_cast<float>(exps[k] / sum);
    }
  }
  return output;
}
