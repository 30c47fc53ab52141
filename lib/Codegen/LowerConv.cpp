//===- LowerConv.cpp - conv2d, gemm, batch_norm to Halide -----------------===//
//
// conv2d: a pure definition (the bias) plus an RDom update over
// (kw, kh, input channel in group) reading an explicitly padded input, plus a
// pure update for the fused activation. Channel maps are int32 lookup tables:
// output channel c computes filter oc = output_map[c] and reads input channel
// input_map[group(oc) * inPerGroup + i].
//
//===----------------------------------------------------------------------===//

#include "LowerInternal.h"

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::lowering;

FailureOr<OpResults> lowering::lowerConv2d(Conv2dOp op,
                                           ArrayRef<HTensor> operands,
                                           LoweringState &state) {
  const HTensor &input = operands[0];
  const HTensor &weight = operands[1];
  const HTensor *bias = op.getBias() ? &operands[2] : nullptr;
  ArrayRef<int64_t> outShape =
      cast<RankedTensorType>(op.getOutput().getType()).getShape();
  const int64_t inChannels = input.shape[1], height = input.shape[2],
                width = input.shape[3];
  const int64_t outChannels = outShape[1], outHeight = outShape[2],
                outWidth = outShape[3];
  const int64_t inPerGroup = weight.shape[1], kernelH = weight.shape[2],
                kernelW = weight.shape[3];
  const int64_t groups = op.getGroups();
  const int64_t outPerGroup = outChannels / groups;
  ArrayRef<int64_t> strides = op.getStrides(), pads = op.getPads(),
                    dilations = op.getDilations();

  // Does any tap read outside the input?
  const bool needsPad =
      pads[0] > 0 || pads[1] > 0 ||
      (outHeight - 1) * strides[0] + (kernelH - 1) * dilations[0] - pads[0] >=
          height ||
      (outWidth - 1) * strides[1] + (kernelW - 1) * dilations[1] - pads[1] >=
          width;
  Halide::Func in = state.padded(op, input, Halide::Expr(0.0f), needsPad);

  std::vector<Halide::Var> v = state.vars(4);
  Halide::Var x = v[0], y = v[1], c = v[2], n = v[3];
  Halide::Expr oc = c;
  if (std::optional<ArrayRef<int64_t>> map = op.getOutputChannelMap()) {
    Halide::Buffer<int32_t> table = state.table(*map, "output_map");
    oc = Halide::clamp(table(c), 0, static_cast<int>(outChannels) - 1);
  }
  Halide::RDom r({{0, static_cast<int>(kernelW)},
                  {0, static_cast<int>(kernelH)},
                  {0, static_cast<int>(inPerGroup)}},
                 state.uniqueName("r"));
  Halide::Expr ic = (oc / static_cast<int>(outPerGroup)) *
                        static_cast<int>(inPerGroup) +
                    r.z;
  if (std::optional<ArrayRef<int64_t>> map = op.getInputChannelMap()) {
    Halide::Buffer<int32_t> table = state.table(*map, "input_map");
    ic = Halide::clamp(table(Halide::clamp(ic, 0, static_cast<int>(inChannels) - 1)),
                       0, static_cast<int>(inChannels) - 1);
  }

  Halide::Func conv = state.makeFunc(op);
  conv(x, y, c, n) = bias ? bias->func(oc) : Halide::Expr(0.0f);
  Halide::Expr ix = x * static_cast<int>(strides[1]) +
                    r.x * static_cast<int>(dilations[1]) -
                    static_cast<int>(pads[1]);
  Halide::Expr iy = y * static_cast<int>(strides[0]) +
                    r.y * static_cast<int>(dilations[0]) -
                    static_cast<int>(pads[0]);
  conv(x, y, c, n) += weight.func(r.x, r.y, r.z, oc) * in(ix, iy, ic, n);
  std::vector<std::vector<Halide::RVar>> rvars = {{r.x, r.y, r.z}};
  if (ActivationAttr act = op.getActAttr()) {
    conv(x, y, c, n) = applyActivation(act, conv(x, y, c, n));
    rvars.push_back({});
  }
  state.materialize(conv, {outWidth, outHeight, outChannels, outShape[0]},
                    rvars);
  OpResults results;
  results.push_back({conv, SmallVector<int64_t, 4>(outShape)});
  return results;
}

FailureOr<OpResults> lowering::lowerGemm(GemmOp op, ArrayRef<HTensor> operands,
                                         LoweringState &state) {
  const HTensor &input = operands[0];
  const HTensor &weight = operands[1];
  const HTensor *bias = op.getBias() ? &operands[2] : nullptr;
  ArrayRef<int64_t> outShape =
      cast<RankedTensorType>(op.getOutput().getType()).getShape();
  const int64_t depth = input.shape[1];
  std::vector<Halide::Var> v = state.vars(2);
  Halide::Var j = v[0], i = v[1]; // output[i, j]
  Halide::RDom k(0, static_cast<int>(depth), state.uniqueName("k"));
  Halide::Func gemm = state.makeFunc(op);
  gemm(j, i) = bias ? bias->func(j) : Halide::Expr(0.0f);
  gemm(j, i) += input.func(k, i) * weight.func(k, j);
  std::vector<std::vector<Halide::RVar>> rvars = {{Halide::RVar(k)}};
  if (ActivationAttr act = op.getActAttr()) {
    gemm(j, i) = applyActivation(act, gemm(j, i));
    rvars.push_back({});
  }
  state.materialize(gemm, {outShape[1], outShape[0]}, rvars);
  OpResults results;
  results.push_back({gemm, SmallVector<int64_t, 4>(outShape)});
  return results;
}

FailureOr<OpResults> lowering::lowerBatchNorm(BatchNormOp op,
                                              ArrayRef<HTensor> operands,
                                              LoweringState &state) {
  const HTensor &input = operands[0];
  const HTensor &scale = operands[1], &bias = operands[2], &mean = operands[3],
                &variance = operands[4];
  const float epsilon =
      static_cast<float>(op.getEpsilon().convertToDouble());
  std::vector<Halide::Var> v = state.vars(4);
  Halide::Var x = v[0], y = v[1], c = v[2], n = v[3];
  Halide::Func bn = state.makeFunc(op);
  bn(x, y, c, n) = (input.func(x, y, c, n) - mean.func(c)) /
                       Halide::sqrt(variance.func(c) + epsilon) *
                       scale.func(c) +
                   bias.func(c);
  state.materialize(bn, {input.shape[3], input.shape[2], input.shape[1],
                         input.shape[0]});
  OpResults results;
  results.push_back({bn, input.shape});
  return results;
}
