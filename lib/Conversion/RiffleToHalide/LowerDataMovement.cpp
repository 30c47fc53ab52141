//===- LowerDataMovement.cpp - shuffles, views, concat, reshapes to Halide ===//
//
// Views (channel_shuffle, slice, split, channel_gather, flatten, reshape) are
// Funcs the schedule leaves inline: their consumers read through them with
// index arithmetic (channel_gather: int32 lookup tables of source and
// channel, a select over the inputs when there are several). concat is
// materialized.
//
//===----------------------------------------------------------------------===//

#include "LowerInternal.h"

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::lowering;

static SmallVector<int64_t, 4> resultShape(Value value) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(value.getType()).getShape();
  return SmallVector<int64_t, 4>(shape);
}

/// A view of `input` along MLIR axis `axis`: index i reads start + i * step.
static HTensor sliceView(Operation *op, const HTensor &input, int64_t axis,
                         int64_t start, int64_t step,
                         SmallVector<int64_t, 4> shape, LoweringState &state) {
  const int64_t rank = input.rank();
  const int64_t d = rank - 1 - axis;
  std::vector<Halide::Var> vars = state.vars(rank);
  std::vector<Halide::Expr> args = state.exprs(rank);
  args[d] = args[d] * static_cast<int>(step) + static_cast<int>(start);
  Halide::Func f = state.makeFunc(op);
  f(vars) = input.func(args);
  return {f, std::move(shape)};
}

/// `input` reinterpreted (row-major) as `shape`.
static HTensor reshapeView(Operation *op, const HTensor &input,
                           SmallVector<int64_t, 4> shape,
                           LoweringState &state) {
  const int64_t outRank = shape.size();
  std::vector<Halide::Var> vars = state.vars(outRank);
  // The flat (row-major) index of the output element.
  Halide::Expr flat = 0;
  int64_t stride = 1;
  for (int64_t i = 0; i < outRank; ++i) {
    const int64_t extent = shape[outRank - 1 - i];
    if (extent != 1)
      flat = flat + vars[i] * static_cast<int>(stride);
    stride *= extent;
  }
  std::vector<Halide::Expr> index;
  int64_t inStride = 1;
  for (int64_t i = 0; i < input.rank(); ++i) {
    const int64_t extent = input.extent(i);
    Halide::Expr e;
    if (extent == 1) {
      e = 0;
    } else {
      e = inStride == 1 ? flat : flat / static_cast<int>(inStride);
      bool outermost = true;
      for (int64_t j = i + 1; j < input.rank(); ++j)
        outermost &= input.extent(j) == 1;
      if (!outermost)
        e = e % static_cast<int>(extent);
    }
    index.push_back(e);
    inStride *= extent;
  }
  Halide::Func f = state.makeFunc(op);
  f(vars) = input.func(index);
  return {f, std::move(shape)};
}

FailureOr<OpResults> lowering::lowerDataMovement(Operation *op,
                                                 ArrayRef<HTensor> operands,
                                                 LoweringState &state,
                                                 bool &matched) {
  matched = true;
  OpResults results;
  std::vector<Halide::Var> v4 = state.vars(4);
  Halide::Var x = v4[0], y = v4[1], c = v4[2], n = v4[3];

  if (auto shuffle = dyn_cast<ChannelShuffleOp>(op)) {
    const HTensor &input = operands[0];
    const int groups = static_cast<int>(shuffle.getGroups());
    const int perGroup = static_cast<int>(input.shape[1]) / groups;
    Halide::Func f = state.makeFunc(op);
    f(x, y, c, n) = input.func(x, y, (c % groups) * perGroup + c / groups, n);
    // A copy of its own when its plan says so (riffle-plan-codegen's
    // materialize-shuffles): the copying baseline of the shuffle fusion.
    if (state.currentPlan.getKind() == ScheduleKind::root)
      state.materialize(f, SmallVector<int64_t>(input.shape.rbegin(),
                                                input.shape.rend()));
    results.push_back({f, input.shape});
    return results;
  }

  if (auto gather = dyn_cast<ChannelGatherOp>(op)) {
    ArrayRef<int64_t> sources = gather.getSources();
    ArrayRef<int64_t> channels = gather.getChannels();
    SmallVector<int64_t, 4> shape = resultShape(gather.getOutput());
    for (auto [index, source] : llvm::enumerate(sources))
      if (source < 0 || source >= static_cast<int64_t>(operands.size()) ||
          channels[index] < 0 ||
          channels[index] >= operands[source].shape[1])
        return op->emitOpError("output channel ")
               << index << " names a channel that does not exist";
    // Fast path: one input read at c * step + start.
    bool oneSource = llvm::all_equal(sources);
    bool affine = channels.size() >= 1;
    int64_t start = channels.empty() ? 0 : channels[0];
    int64_t step = channels.size() >= 2 ? channels[1] - channels[0] : 1;
    for (size_t i = 0; i < channels.size(); ++i)
      affine &= channels[i] == start + static_cast<int64_t>(i) * step;
    Halide::Func f = state.makeFunc(op);
    if (oneSource && affine && step >= 0) {
      const HTensor &input = operands[sources.empty() ? 0 : sources[0]];
      f(x, y, c, n) = input.func(x, y, c * static_cast<int>(step) +
                                           static_cast<int>(start), n);
    } else {
      ConstantArray channelTable = state.table(channels);
      std::vector<Halide::Expr> choices;
      // Inputs that are never read get no select arm.
      SmallVector<int64_t> used;
      for (int64_t s = 0; s < static_cast<int64_t>(operands.size()); ++s)
        if (llvm::is_contained(sources, s))
          used.push_back(s);
      Halide::Expr value;
      if (used.size() == 1) {
        const HTensor &input = operands[used[0]];
        value = input.func(
            x, y,
            Halide::clamp(channelTable(c), 0,
                          static_cast<int>(input.shape[1]) - 1),
            n);
      } else {
        ConstantArray sourceTable = state.table(sources);
        Halide::Expr source = sourceTable(c);
        // select(source == u0, in_u0(...), source == u1, ..., in_last(...))
        for (size_t k = used.size(); k-- > 0;) {
          const HTensor &input = operands[used[k]];
          Halide::Expr read = input.func(
              x, y,
              Halide::clamp(channelTable(c), 0,
                            static_cast<int>(input.shape[1]) - 1),
              n);
          value = k + 1 == used.size()
                      ? read
                      : Halide::select(source == static_cast<int>(used[k]),
                                       read, value);
        }
      }
      f(x, y, c, n) = value;
    }
    HTensor view{f, shape};
    for (const HTensor &input : operands)
      view.viewSources.push_back(input.func);
    view.viewSourceOf.assign(sources.begin(), sources.end());
    view.viewChannels.assign(channels.begin(), channels.end());
    results.push_back(std::move(view));
    return results;
  }

  if (auto concat = dyn_cast<ConcatOp>(op)) {
    SmallVector<int64_t, 4> shape = resultShape(concat.getOutput());
    const int64_t rank = shape.size();
    const int64_t axis = concat.getAxis();
    if (axis < 0 || axis >= rank)
      return op->emitOpError("concat axis out of range for Halide lowering");
    const int64_t d = rank - 1 - axis;
    std::vector<Halide::Var> vars = state.vars(rank);
    // Later pieces first: select(i < end0, piece0, i < end1, piece1, ...).
    SmallVector<int64_t> offsets;
    int64_t offset = 0;
    for (const HTensor &input : operands) {
      offsets.push_back(offset);
      offset += input.shape[axis];
    }
    Halide::Expr value;
    for (size_t k = operands.size(); k-- > 0;) {
      const HTensor &input = operands[k];
      if (input.shape[axis] == 0)
        continue;
      std::vector<Halide::Expr> args(vars.begin(), vars.end());
      args[d] = Halide::clamp(args[d] - static_cast<int>(offsets[k]), 0,
                              static_cast<int>(input.shape[axis]) - 1);
      Halide::Expr read = input.func(args);
      value = !value.defined()
                  ? read
                  : Halide::select(
                        vars[d] < static_cast<int>(offsets[k] +
                                                   input.shape[axis]),
                        read, value);
    }
    Halide::Func f = state.makeFunc(op);
    f(vars) = value.defined() ? value : Halide::Expr(0.0f);
    state.materialize(f, SmallVector<int64_t>(shape.rbegin(), shape.rend()));
    results.push_back({f, shape});
    return results;
  }

  if (auto slice = dyn_cast<SliceOp>(op)) {
    results.push_back(sliceView(op, operands[0], slice.getAxis(),
                                slice.getStart(), slice.getStep(),
                                resultShape(slice.getOutput()), state));
    return results;
  }

  if (auto split = dyn_cast<SplitOp>(op)) {
    int64_t start = 0;
    for (Value result : split.getOutputs()) {
      SmallVector<int64_t, 4> shape = resultShape(result);
      results.push_back(sliceView(op, operands[0], split.getAxis(), start, 1,
                                  shape, state));
      start += shape[split.getAxis()];
    }
    return results;
  }

  if (isa<FlattenOp, ReshapeOp>(op)) {
    results.push_back(
        reshapeView(op, operands[0], resultShape(op->getResult(0)), state));
    return results;
  }

  matched = false;
  return failure();
}
