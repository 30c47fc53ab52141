//===- LowerPool.cpp - max_pool2d, avg_pool2d, global_avg_pool to Halide --===//
//
// Pools read an explicitly padded input (-inf for max, 0 for average) over an
// RDom window; windows that ceil_mode adds past the bottom/right padding read
// the same exterior value. The average's divisor follows PyTorch:
// count_include_pad divides by the window clipped to the padded input,
// otherwise by the number of input elements it covers.
//
//===----------------------------------------------------------------------===//

#include "LowerInternal.h"

#include <limits>

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::lowering;

/// Records a pool as a channel-wise window (scheduled like a depthwise
/// convolution): `out` is pure over `acc`, which reduces over `taps`.
static void materializeWindow(LoweringState &state, Halide::Func out,
                              Halide::Func acc,
                              std::vector<Halide::RVar> taps,
                              ArrayRef<int64_t> outShape,
                              MaterializedFunc *pad) {
  state.materialize(out, {outShape[3], outShape[2], outShape[1], outShape[0]});
  MaterializedFunc &m = state.materialized.back();
  m.accumulator = acc;
  m.reductions = {std::move(taps)};
  state.setPaddedInput(pad);
}

FailureOr<OpResults> lowering::lowerPool(Operation *op,
                                         ArrayRef<HTensor> operands,
                                         LoweringState &state, bool &matched) {
  matched = true;
  OpResults results;
  std::vector<Halide::Var> v = state.vars(4);
  Halide::Var x = v[0], y = v[1], c = v[2], n = v[3];
  const HTensor &input = operands.empty() ? HTensor() : operands[0];

  if (auto pool = dyn_cast<MaxPool2dOp>(op)) {
    ArrayRef<int64_t> outShape = pool.getOutput().getType().getShape();
    ArrayRef<int64_t> kernel = pool.getKernel(), strides = pool.getStrides(),
                      pads = pool.getPads(), dilations = pool.getDilations();
    const float lowest = -std::numeric_limits<float>::infinity();
    MaterializedFunc *pad = nullptr;
    Halide::Func in = state.padded(op, input, Halide::Expr(lowest),
                                   state.currentPlan.getPad(), &pad);
    Halide::RDom r({{0, static_cast<int>(kernel[1])},
                    {0, static_cast<int>(kernel[0])}},
                   state.uniqueName("r"));
    Halide::Func acc = state.makeFunc(op, "acc");
    acc(x, y, c, n) = Halide::Expr(lowest);
    acc(x, y, c, n) = Halide::max(
        acc(x, y, c, n),
        in(x * static_cast<int>(strides[1]) +
               r.x * static_cast<int>(dilations[1]) - static_cast<int>(pads[1]),
           y * static_cast<int>(strides[0]) +
               r.y * static_cast<int>(dilations[0]) - static_cast<int>(pads[0]),
           c, n));
    Halide::Func f = state.makeFunc(op);
    f(x, y, c, n) = acc(x, y, c, n);
    materializeWindow(state, f, acc, {r.x, r.y}, outShape, pad);
    results.push_back({f, SmallVector<int64_t, 4>(outShape)});
    return results;
  }

  if (auto pool = dyn_cast<AvgPool2dOp>(op)) {
    ArrayRef<int64_t> outShape = pool.getOutput().getType().getShape();
    ArrayRef<int64_t> kernel = pool.getKernel(), strides = pool.getStrides(),
                      pads = pool.getPads();
    MaterializedFunc *pad = nullptr;
    Halide::Func in = state.padded(op, input, Halide::Expr(0.0f),
                                   state.currentPlan.getPad(), &pad);
    Halide::RDom r({{0, static_cast<int>(kernel[1])},
                    {0, static_cast<int>(kernel[0])}},
                   state.uniqueName("r"));
    const int height = static_cast<int>(input.shape[2]);
    const int width = static_cast<int>(input.shape[3]);
    Halide::Func acc = state.makeFunc(op, "acc");
    acc(x, y, c, n) = 0.0f;
    acc(x, y, c, n) += in(x * static_cast<int>(strides[1]) + r.x -
                            static_cast<int>(pads[1]),
                        y * static_cast<int>(strides[0]) + r.y -
                            static_cast<int>(pads[0]),
                        c, n);
    // PyTorch's divisor (see the interpreter's evalAvgPool2d).
    Halide::Expr hStart = y * static_cast<int>(strides[0]) -
                          static_cast<int>(pads[0]);
    Halide::Expr hEnd = Halide::min(hStart + static_cast<int>(kernel[0]),
                                    height + static_cast<int>(pads[2]));
    Halide::Expr wStart = x * static_cast<int>(strides[1]) -
                          static_cast<int>(pads[1]);
    Halide::Expr wEnd = Halide::min(wStart + static_cast<int>(kernel[1]),
                                    width + static_cast<int>(pads[3]));
    Halide::Expr divisor;
    if (pool.getCountIncludePad()) {
      divisor = (hEnd - hStart) * (wEnd - wStart);
    } else {
      Halide::Expr rows = Halide::max(Halide::min(hEnd, height) -
                                          Halide::max(hStart, 0),
                                      0);
      Halide::Expr cols = Halide::max(Halide::min(wEnd, width) -
                                          Halide::max(wStart, 0),
                                      0);
      divisor = rows * cols;
    }
    Halide::Func f = state.makeFunc(op);
    f(x, y, c, n) = acc(x, y, c, n) / Halide::cast<float>(divisor);
    materializeWindow(state, f, acc, {r.x, r.y}, outShape, pad);
    results.push_back({f, SmallVector<int64_t, 4>(outShape)});
    return results;
  }

  if (auto pool = dyn_cast<GlobalAvgPoolOp>(op)) {
    ArrayRef<int64_t> outShape = pool.getOutput().getType().getShape();
    Halide::RDom r({{0, static_cast<int>(input.shape[3])},
                    {0, static_cast<int>(input.shape[2])}},
                   state.uniqueName("r"));
    Halide::Func f = state.makeFunc(op);
    f(x, y, c, n) = 0.0f;
    f(x, y, c, n) += input.func(r.x, r.y, c, n);
    f(x, y, c, n) = f(x, y, c, n) /
                    static_cast<float>(input.shape[2] * input.shape[3]);
    state.materialize(f, {outShape[3], outShape[2], outShape[1], outShape[0]},
                      {{r.x, r.y}, {}});
    results.push_back({f, SmallVector<int64_t, 4>(outShape)});
    return results;
  }

  matched = false;
  return failure();
}
