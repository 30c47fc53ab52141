//===- FuseChannelShuffle.cpp - channel shuffles folded into convs --------===//
//
// A channel shuffle is a permutation of channels. The pass first turns each
// shuffle (and the concats, slices and splits next to it) into a
// channel_gather view, then makes the views disappear:
//  - into the producer conv: permuted filters (dense) or an output channel
//    map (group conv);
//  - into a consumer conv: permuted weight columns (dense) or an input
//    channel map (group conv), reading the view's inputs in their own order;
//  - through channel-wise ops (depthwise conv, activations, per-channel
//    mul/add with constants, pools), permuting their parameters, so the
//    permutation reaches a conv that absorbs it.
// Whatever cannot be absorbed stays a view (never a copy; see
// riffle.channel_gather), e.g. a shuffle that is the function's result.
//
//===----------------------------------------------------------------------===//

#include "ChannelViews.h"

#include "riffle/Dialect/Riffle/Constants.h"
#include "riffle/Transforms/PassCounters.h"
#include "riffle/Transforms/Passes.h"
#include "RewriteDriver.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::riffle {
#define GEN_PASS_DEF_FUSECHANNELSHUFFLE
#include "riffle/Transforms/Passes.h.inc"
} // namespace mlir::riffle

using namespace mlir;
using namespace mlir::riffle;

namespace {

struct ShuffleStats {
  uint64_t weightsPermuted = 0;
  uint64_t channelMaps = 0;
  uint64_t movedThrough = 0;
};

SmallVector<int64_t> identityMap(int64_t size) {
  SmallVector<int64_t> map(size);
  for (int64_t i = 0; i < size; ++i)
    map[i] = i;
  return map;
}

/// `blocks[c]` of `values` (C contiguous blocks) placed at `order`:
/// result block c = values block order[c].
std::vector<float> permuteBlocks(ArrayRef<float> values,
                                 ArrayRef<int64_t> order) {
  size_t block = values.size() / order.size();
  std::vector<float> result(values.size());
  for (size_t c = 0; c < order.size(); ++c)
    std::copy_n(values.begin() + order[c] * block, block,
                result.begin() + c * block);
  return result;
}

/// gather(conv(...)) where the conv has no other user: the conv computes
/// the permuted channels itself.
struct AbsorbIntoProducerConv : OpRewritePattern<ChannelGatherOp> {
  AbsorbIntoProducerConv(MLIRContext *ctx, ShuffleStats &stats)
      : OpRewritePattern(ctx), stats(stats) {}

  LogicalResult matchAndRewrite(ChannelGatherOp gather,
                                PatternRewriter &rewriter) const override {
    std::optional<ChannelPermutation> perm = getPermutation(gather);
    if (!perm)
      return failure();
    auto conv = perm->input.getDefiningOp<Conv2dOp>();
    if (!conv || !conv->hasOneUse())
      return failure();
    bool dense = conv.getGroups() == 1 && !conv.getOutputChannelMap();
    // A group conv takes an output map; but when every user of the view is a
    // conv, they absorb it for free (weights or input map) instead.
    if (!dense && llvm::all_of(gather->getUsers(), [](Operation *user) {
          return isa<Conv2dOp>(user);
        }))
      return failure();

    std::optional<std::vector<float>> weight;
    std::optional<std::vector<float>> bias;
    if (dense) {
      weight = getConstantFloats(conv.getWeight());
      if (conv.getBias())
        bias = getConstantFloats(conv.getBias());
      dense = weight && (!conv.getBias() || bias);
    }
    // output[c] = computed[p[perm[c]]]. New weights must dominate the conv.
    rewriter.setInsertionPoint(conv);
    rewriter.modifyOpInPlace(conv, [&] {
      if (dense) {
        conv.getWeightMutable().assign(createFloatConstant(
            rewriter, conv.getLoc(), conv.getWeight().getType(),
            permuteBlocks(*weight, perm->map), "permuted_w"));
        if (bias)
          conv.getBiasMutable().assign(createFloatConstant(
              rewriter, conv.getLoc(),
              cast<RankedTensorType>(conv.getBias().getType()),
              permuteBlocks(*bias, perm->map), "permuted_b"));
        ++stats.weightsPermuted;
      } else {
        SmallVector<int64_t> outMap =
            conv.getOutputChannelMap()
                ? SmallVector<int64_t>(*conv.getOutputChannelMap())
                : identityMap(perm->map.size());
        SmallVector<int64_t> composed;
        for (int64_t c : perm->map)
          composed.push_back(outMap[c]);
        conv.setOutputChannelMap(composed);
        ++stats.channelMaps;
      }
    });
    rewriter.replaceOp(gather, conv.getResult());
    return success();
  }
  ShuffleStats &stats;
};

/// conv(gather(...)): the conv reads the view's inputs in their own order
/// (a concat view) and takes the permutation into its weights or input map.
struct AbsorbIntoConsumerConv : OpRewritePattern<Conv2dOp> {
  AbsorbIntoConsumerConv(MLIRContext *ctx, ShuffleStats &stats)
      : OpRewritePattern(ctx), stats(stats) {}

  LogicalResult matchAndRewrite(Conv2dOp conv,
                                PatternRewriter &rewriter) const override {
    auto gather = conv.getInput().getDefiningOp<ChannelGatherOp>();
    if (!gather)
      return failure();
    // A plain depthwise conv passes a permutation on instead (see
    // MoveThroughChannelwise), so a dense conv further on absorbs it.
    if (conv.isDepthwise() && !conv.getInputChannelMap() &&
        !conv.getOutputChannelMap() && getPermutation(gather))
      return failure();

    SmallVector<std::pair<Value, int64_t>> sources =
        getChannelSources(gather.getResult());
    // The same channels sorted: inputs in order of first use, channels
    // ascending within each input.
    SmallVector<Value> inputs;
    for (auto [value, channel] : sources)
      if (!llvm::is_contained(inputs, value))
        inputs.push_back(value);
    SmallVector<int64_t> order(sources.size());
    for (size_t c = 0; c < sources.size(); ++c)
      order[c] = c;
    auto rank = [&](int64_t c) {
      return std::make_pair(llvm::find(inputs, sources[c].first) - inputs.begin(),
                            sources[c].second);
    };
    llvm::stable_sort(order, [&](int64_t a, int64_t b) { return rank(a) < rank(b); });
    // position[c]: where view channel c sits in the sorted view.
    SmallVector<int64_t> position(order.size());
    for (size_t i = 0; i < order.size(); ++i)
      position[order[i]] = i;
    if (llvm::equal(position, identityMap(position.size())))
      return failure(); // already reads its sources in order
    SmallVector<std::pair<Value, int64_t>> sorted;
    for (int64_t c : order)
      sorted.push_back(sources[c]);

    std::optional<std::vector<float>> weight;
    bool dense = conv.getGroups() == 1 && !conv.getInputChannelMap();
    if (dense)
      weight = getConstantFloats(conv.getWeight());
    Value sortedView = createGather(rewriter, gather.getLoc(), sorted);
    rewriter.modifyOpInPlace(conv, [&] {
      conv.getInputMutable().assign(sortedView);
      if (dense && weight) {
        // sum_c w[o, c] * view[c] = sum_c w[o, c] * sorted[position[c]].
        RankedTensorType type = conv.getWeight().getType();
        int64_t outChannels = type.getDimSize(0), inChannels = type.getDimSize(1);
        int64_t kernel = type.getDimSize(2) * type.getDimSize(3);
        std::vector<float> permuted(weight->size());
        for (int64_t o = 0; o < outChannels; ++o)
          for (int64_t c = 0; c < inChannels; ++c)
            std::copy_n(weight->begin() + (o * inChannels + c) * kernel, kernel,
                        permuted.begin() +
                            (o * inChannels + position[c]) * kernel);
        conv.getWeightMutable().assign(createFloatConstant(
            rewriter, conv.getLoc(), type, permuted, "permuted_w"));
        ++stats.weightsPermuted;
      } else {
        // The conv reads view channel m[c]; that is sorted[position[m[c]]].
        SmallVector<int64_t> inMap =
            conv.getInputChannelMap()
                ? SmallVector<int64_t>(*conv.getInputChannelMap())
                : identityMap(position.size());
        for (int64_t &c : inMap)
          c = position[c];
        conv.setInputChannelMap(inMap);
        ++stats.channelMaps;
      }
    });
    return success();
  }
  ShuffleStats &stats;
};

/// Constant per-channel parameters ([1, C, 1, 1], [C, 1, 1]) permuted
/// with `map` (result[c] = values[map[c]]); nullopt if `value` is not one.
std::optional<Value> permutePerChannelConstant(PatternRewriter &rewriter,
                                               Value value,
                                               ArrayRef<int64_t> map,
                                               Location loc) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type)
    return std::nullopt;
  int64_t channels = map.size();
  if (type.getNumElements() == 1)
    return value; // a scalar is the same for every channel
  // NumPy broadcasting aligns trailing dimensions: [C] would be along W, so
  // only [1, C, 1, 1] and [C, 1, 1] hold one value per channel.
  bool perChannel =
      (type.getRank() == 4 && type.getDimSize(0) == 1 &&
       type.getDimSize(1) == channels && type.getDimSize(2) == 1 &&
       type.getDimSize(3) == 1) ||
      (type.getRank() == 3 && type.getDimSize(0) == channels &&
       type.getDimSize(1) == 1 && type.getDimSize(2) == 1);
  std::optional<std::vector<float>> values = getConstantFloats(value);
  if (!perChannel || !values)
    return std::nullopt;
  return createFloatConstant(rewriter, loc, type, permuteBlocks(*values, map),
                             "permuted_c");
}

/// user(gather(x)) -> gather(user'(x)) for channel-wise users, with the
/// user's per-channel parameters permuted.
struct MoveThroughChannelwise : OpRewritePattern<ChannelGatherOp> {
  MoveThroughChannelwise(MLIRContext *ctx, ShuffleStats &stats)
      : OpRewritePattern(ctx, /*benefit=*/2), stats(stats) {}

  /// The user rebuilt on `input` (the unpermuted tensor), or null.
  Operation *rebuildOnInput(PatternRewriter &rewriter, Operation *user,
                            Value view, Value input,
                            ArrayRef<int64_t> map) const {
    SmallVector<int64_t> inverse = invertPermutation(map);
    Location loc = user->getLoc();
    if (isa<ActivationOpInterface, MaxPool2dOp, AvgPool2dOp, GlobalAvgPoolOp>(
            user)) {
      Operation *clone = rewriter.clone(*user);
      clone->setOperand(0, input);
      return clone;
    }
    if (auto dw = dyn_cast<Conv2dOp>(user)) {
      if (!dw.isDepthwise() || dw.getInputChannelMap() ||
          dw.getOutputChannelMap() || dw.getInput() != view)
        return nullptr;
      // Output channel c of the new conv sees input channel c: it needs the
      // filter the old conv applied where it saw that channel.
      std::optional<std::vector<float>> weight =
          getConstantFloats(dw.getWeight());
      std::optional<std::vector<float>> bias;
      if (dw.getBias())
        bias = getConstantFloats(dw.getBias());
      if (!weight || (dw.getBias() && !bias))
        return nullptr;
      auto clone = cast<Conv2dOp>(rewriter.clone(*dw));
      clone.getInputMutable().assign(input);
      clone.getWeightMutable().assign(createFloatConstant(
          rewriter, loc, dw.getWeight().getType(),
          permuteBlocks(*weight, inverse), "permuted_w"));
      if (bias)
        clone.getBiasMutable().assign(createFloatConstant(
            rewriter, loc, cast<RankedTensorType>(dw.getBias().getType()),
            permuteBlocks(*bias, inverse), "permuted_b"));
      ++stats.weightsPermuted;
      return clone;
    }
    if (isa<AddOp, MulOp>(user) && user->getResult(0).getType() == view.getType()) {
      int viewIndex = user->getOperand(0) == view ? 0 : 1;
      Value other = user->getOperand(1 - viewIndex);
      if (other == view)
        return nullptr;
      std::optional<Value> permuted =
          permutePerChannelConstant(rewriter, other, inverse, loc);
      if (!permuted)
        return nullptr;
      Operation *clone = rewriter.clone(*user);
      clone->setOperand(viewIndex, input);
      clone->setOperand(1 - viewIndex, *permuted);
      return clone;
    }
    if (auto bn = dyn_cast<BatchNormOp>(user)) {
      // batch_norm's parameters are [C] by definition (not broadcast).
      SmallVector<Value> params;
      for (Value param : {bn.getScale(), bn.getBias(), bn.getMean(),
                          bn.getVariance()}) {
        std::optional<std::vector<float>> values = getConstantFloats(param);
        if (!values)
          return nullptr;
        params.push_back(createFloatConstant(
            rewriter, loc, cast<RankedTensorType>(param.getType()),
            permuteBlocks(*values, inverse), "permuted_bn"));
      }
      Operation *clone = rewriter.clone(*user);
      clone->setOperands({input, params[0], params[1], params[2], params[3]});
      return clone;
    }
    return nullptr;
  }

  LogicalResult matchAndRewrite(ChannelGatherOp gather,
                                PatternRewriter &rewriter) const override {
    std::optional<ChannelPermutation> perm = getPermutation(gather);
    if (!perm)
      return failure();
    bool changed = false;
    for (Operation *user : llvm::make_early_inc_range(gather->getUsers())) {
      rewriter.setInsertionPoint(user);
      Operation *moved =
          rebuildOnInput(rewriter, user, gather.getResult(), perm->input, perm->map);
      if (!moved)
        continue;
      SmallVector<std::pair<Value, int64_t>> map;
      for (int64_t c : perm->map)
        map.push_back({moved->getResult(0), c});
      rewriter.replaceOp(user, createGather(rewriter, gather.getLoc(), map));
      ++stats.movedThrough;
      changed = true;
    }
    if (gather->use_empty())
      rewriter.eraseOp(gather);
    return success(changed);
  }
  ShuffleStats &stats;
};

struct FuseChannelShufflePass
    : riffle::impl::FuseChannelShuffleBase<FuseChannelShufflePass>,
      PassCounters {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    func::FuncOp func = getOperation();
    unsigned shufflesBefore = 0, shufflesAfter = 0;
    func.walk([&](ChannelShuffleOp) { ++shufflesBefore; });

    ViewCounters counters;
    RewritePatternSet patterns(ctx);
    populateChannelViewPatterns(patterns, ViewScope::AdjacentToViews, counters);
    ShuffleStats stats;
    patterns.add<AbsorbIntoProducerConv, AbsorbIntoConsumerConv,
                 MoveThroughChannelwise>(ctx, stats);
    applyRewrites(func, std::move(patterns));
    func.walk([&](ChannelShuffleOp) { ++shufflesAfter; });
    uint64_t removed = shufflesBefore - shufflesAfter;
    numShufflesRemoved += removed;
    numWeightsPermuted += stats.weightsPermuted;
    numChannelMaps += stats.channelMaps;
    numMovedThrough += stats.movedThrough;
    lastRun = {
        {"shuffles-removed", "channel_shuffle ops removed", removed},
        {"weights-permuted", "weight tensors permuted",
         stats.weightsPermuted},
        {"channel-maps-created", "input/output channel maps created or composed", stats.channelMaps},
        {"moved-through-channelwise", "permutations moved through channel-wise ops",
         stats.movedThrough}};
  }
};

} // namespace
