//===- Kernels.h - The interpreter's op implementations ---------*- C++ -*-===//
//
// Internal to the interpreter library. One function per riffle op; each
// takes a verified op and its operand values (shapes as in the op's types)
// and returns its result values. Output shapes come from the op's result
// types, which the verifier has checked against the operands and
// attributes; loops clip every input index to the input's bounds, so even
// an inconsistent op reads no memory out of bounds.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_LIB_INTERPRETER_KERNELS_H
#define RIFFLE_LIB_INTERPRETER_KERNELS_H

#include "riffle/Dialect/Riffle/RiffleOps.h"
#include "riffle/Interpreter/Activation.h"
#include "riffle/Interpreter/Tensor.h"

#include <optional>

namespace mlir::riffle::interp {

/// The static shape of a value's ranked tensor type.
ArrayRef<int64_t> shapeOf(Value value);

// ConvOps.cpp
Tensor evalConv2d(Conv2dOp op, const Tensor &input, const Tensor &weight,
                  const Tensor *bias);
Tensor evalGemm(GemmOp op, const Tensor &input, const Tensor &weight,
                const Tensor *bias);
Tensor evalBatchNorm(BatchNormOp op, const Tensor &input, const Tensor &scale,
                     const Tensor &bias, const Tensor &mean,
                     const Tensor &variance);

// ElementwiseOps.cpp
/// out = f(in) element by element.
Tensor evalUnary(const Tensor &input, const Activation &function);
/// NumPy broadcasting of `lhs op rhs` into `outShape`; `add` selects + or *;
/// `act` is applied to the sum (identity for mul).
Tensor evalBroadcastBinary(const Tensor &lhs, const Tensor &rhs,
                           ArrayRef<int64_t> outShape, bool add,
                           const Activation &act);
Tensor evalSoftmax(SoftmaxOp op, const Tensor &input);

// DataMovementOps.cpp
Tensor evalChannelShuffle(ChannelShuffleOp op, const Tensor &input);
Tensor evalConcat(ConcatOp op, ArrayRef<const Tensor *> inputs);
Tensor evalSlice(SliceOp op, const Tensor &input);
SmallVector<Tensor> evalSplit(SplitOp op, const Tensor &input);
/// flatten and reshape: the same elements under the result's shape.
Tensor evalReshape(Value result, const Tensor &input);
/// `output[:, c] = inputs[sources[c]][:, channels[c]]` (riffle.channel_gather,
/// read through its generic attributes). Fails, reporting at `op`, when the
/// attributes do not describe valid channels of the inputs.
FailureOr<Tensor> evalChannelGather(Operation *op,
                                    ArrayRef<const Tensor *> inputs);

// PoolOps.cpp
Tensor evalMaxPool2d(MaxPool2dOp op, const Tensor &input);
Tensor evalAvgPool2d(AvgPool2dOp op, const Tensor &input);
Tensor evalGlobalAvgPool(GlobalAvgPoolOp op, const Tensor &input);

} // namespace mlir::riffle::interp

#endif // RIFFLE_LIB_INTERPRETER_KERNELS_H
