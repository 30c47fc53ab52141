//===- LowerElementwise.cpp - activations, add, mul, softmax to Halide ----===//

#include "LowerInternal.h"

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::lowering;

static SmallVector<int64_t, 4> reversed(ArrayRef<int64_t> shape) {
  return SmallVector<int64_t, 4>(shape.rbegin(), shape.rend());
}

/// `operand` read at the broadcast result's coordinates `args` (Halide
/// order): missing leading axes are dropped, size-1 axes read index 0.
static Halide::Expr broadcastRead(const HTensor &operand,
                                  ArrayRef<int64_t> outShape,
                                  const std::vector<Halide::Expr> &args) {
  const int64_t outRank = outShape.size();
  std::vector<Halide::Expr> index;
  for (int64_t i = 0; i < operand.rank(); ++i) {
    const bool broadcast =
        operand.extent(i) == 1 && outShape[outRank - 1 - i] != 1;
    index.push_back(broadcast ? Halide::Expr(0) : args[i]);
  }
  return operand.func(index);
}

FailureOr<OpResults> lowering::lowerElementwise(Operation *op,
                                                ArrayRef<HTensor> operands,
                                                LoweringState &state,
                                                bool &matched) {
  matched = true;
  auto unary = [&](ActivationAttr act) -> FailureOr<OpResults> {
    const HTensor &input = operands[0];
    std::vector<Halide::Var> vars = state.vars(input.rank());
    std::vector<Halide::Expr> args = state.exprs(input.rank());
    Halide::Func f = state.makeFunc(op);
    f(vars) = applyActivation(act, input.func(args));
    state.materialize(f, reversed(input.shape));
    OpResults results;
    results.push_back({f, input.shape});
    return results;
  };
  auto binary = [&](bool add, ActivationAttr act) -> FailureOr<OpResults> {
    ArrayRef<int64_t> outShape =
        cast<RankedTensorType>(op->getResult(0).getType()).getShape();
    const int64_t rank = outShape.size();
    std::vector<Halide::Var> vars = state.vars(rank);
    std::vector<Halide::Expr> args = state.exprs(rank);
    Halide::Expr lhs = broadcastRead(operands[0], outShape, args);
    Halide::Expr rhs = broadcastRead(operands[1], outShape, args);
    Halide::Func f = state.makeFunc(op);
    f(vars) = add ? applyActivation(act, lhs + rhs) : lhs * rhs;
    state.materialize(f, reversed(outShape));
    OpResults results;
    results.push_back({f, SmallVector<int64_t, 4>(outShape)});
    return results;
  };

  if (auto activation = dyn_cast<ActivationOpInterface>(op))
    return unary(activation.getActivation());
  if (auto add = dyn_cast<AddOp>(op))
    return binary(/*add=*/true, add.getActAttr());
  if (isa<MulOp>(op))
    return binary(/*add=*/false, ActivationAttr());

  if (auto softmax = dyn_cast<SoftmaxOp>(op)) {
    const HTensor &input = operands[0];
    const int64_t rank = input.rank();
    const int64_t axis = softmax.getAxis();
    if (axis < 0 || axis >= rank)
      return op->emitOpError("softmax axis ")
             << axis << " is out of range for Halide lowering";
    const int64_t d = rank - 1 - axis; // Halide dimension of the axis.
    std::vector<Halide::Var> vars = state.vars(rank);
    std::vector<Halide::Var> others;
    std::vector<Halide::Expr> otherArgs;
    SmallVector<int64_t> otherExtents;
    for (int64_t i = 0; i < rank; ++i)
      if (i != d) {
        others.push_back(vars[i]);
        otherArgs.push_back(vars[i]);
        otherExtents.push_back(input.extent(i));
      }
    Halide::RDom r(0, static_cast<int>(input.extent(d)),
                   state.uniqueName("r"));
    auto along = [&](Halide::Expr k) {
      std::vector<Halide::Expr> args(vars.begin(), vars.end());
      args[d] = k;
      return args;
    };
    Halide::Func maxValue = state.makeFunc(op, "max");
    maxValue(others) = Halide::Float(32).min();
    maxValue(others) = Halide::max(maxValue(otherArgs), input.func(along(r)));
    state.materialize(maxValue, others, otherExtents, {{Halide::RVar(r)}});
    Halide::Func exps = state.makeFunc(op, "exp");
    std::vector<Halide::Expr> args(vars.begin(), vars.end());
    exps(vars) = Halide::exp(input.func(args) - maxValue(otherArgs));
    state.materialize(exps, reversed(input.shape));
    Halide::Func sum = state.makeFunc(op, "sum");
    sum(others) = 0.0f;
    sum(others) += exps(along(r));
    state.materialize(sum, others, otherExtents, {{Halide::RVar(r)}});
    Halide::Func f = state.makeFunc(op);
    f(vars) = exps(args) / sum(otherArgs);
    state.materialize(f, reversed(input.shape));
    OpResults results;
    results.push_back({f, input.shape});
    return results;
  }
  matched = false;
  return failure();
}
