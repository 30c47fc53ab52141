//===- ChannelViews.cpp - channel_gather building blocks ------------------===//

#include "ChannelViews.h"

#include "llvm/ADT/MapVector.h"

using namespace mlir;
using namespace mlir::riffle;

std::optional<ChannelPermutation>
mlir::riffle::getPermutation(ChannelGatherOp gather) {
  Value input = gather.getInputs()[gather.getSources()[0]];
  for (int64_t source : gather.getSources())
    if (gather.getInputs()[source] != input)
      return std::nullopt;
  int64_t channels = cast<RankedTensorType>(input.getType()).getDimSize(1);
  ArrayRef<int64_t> map = gather.getChannels();
  if (static_cast<int64_t>(map.size()) != channels)
    return std::nullopt;
  SmallVector<bool> seen(channels, false);
  for (int64_t c : map) {
    if (seen[c])
      return std::nullopt;
    seen[c] = true;
  }
  return ChannelPermutation{input, SmallVector<int64_t>(map)};
}

Value mlir::riffle::createGather(PatternRewriter &rewriter, Location loc,
                                 ArrayRef<std::pair<Value, int64_t>> channels) {
  llvm::MapVector<Value, int64_t> inputIndex;
  SmallVector<int64_t> sources, indices;
  for (auto [value, channel] : channels) {
    auto it = inputIndex.insert({value, inputIndex.size()}).first;
    sources.push_back(it->second);
    indices.push_back(channel);
  }
  SmallVector<Value> inputs;
  for (auto &entry : inputIndex)
    inputs.push_back(entry.first);
  return ChannelGatherOp::create(rewriter, loc, inputs,
                                 rewriter.getDenseI64ArrayAttr(sources),
                                 rewriter.getDenseI64ArrayAttr(indices));
}

SmallVector<std::pair<Value, int64_t>>
mlir::riffle::getChannelSources(Value value) {
  SmallVector<std::pair<Value, int64_t>> result;
  if (auto gather = value.getDefiningOp<ChannelGatherOp>()) {
    for (auto [source, channel] :
         llvm::zip(gather.getSources(), gather.getChannels()))
      result.push_back({gather.getInputs()[source], channel});
    return result;
  }
  int64_t channels = cast<RankedTensorType>(value.getType()).getDimSize(1);
  for (int64_t c = 0; c < channels; ++c)
    result.push_back({value, c});
  return result;
}

namespace {

bool isChannelTensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.getRank() == 4;
}

bool definedByView(Value value) {
  return value.getDefiningOp<ChannelGatherOp>() != nullptr;
}

/// The tensor `value` takes channels of, when it is a channel slice or a
/// channel split result; null otherwise.
Value getChannelPartSource(Value value) {
  if (auto slice = value.getDefiningOp<SliceOp>())
    return slice.getAxis() == 1 ? slice.getInput() : Value();
  if (auto split = value.getDefiningOp<SplitOp>())
    return split.getAxis() == 1 ? split.getInput() : Value();
  return {};
}

bool usedByView(Value value) {
  return llvm::any_of(value.getUsers(),
                      [](Operation *user) { return isa<ChannelGatherOp>(user); });
}

struct ShuffleToGather : OpRewritePattern<ChannelShuffleOp> {
  ShuffleToGather(MLIRContext *ctx, unsigned &converted)
      : OpRewritePattern(ctx), converted(converted) {}
  LogicalResult matchAndRewrite(ChannelShuffleOp shuffle,
                                PatternRewriter &rewriter) const override {
    int64_t channels = shuffle.getType().getDimSize(1);
    SmallVector<std::pair<Value, int64_t>> map;
    for (int64_t c :
         ChannelShuffleOp::getPermutation(channels, shuffle.getGroups()))
      map.push_back({shuffle.getInput(), c});
    rewriter.replaceOp(shuffle, createGather(rewriter, shuffle.getLoc(), map));
    ++converted;
    return success();
  }
  unsigned &converted;
};

struct ConcatToGather : OpRewritePattern<ConcatOp> {
  ConcatToGather(MLIRContext *ctx, ViewScope scope, unsigned &converted)
      : OpRewritePattern(ctx), scope(scope), converted(converted) {}
  LogicalResult matchAndRewrite(ConcatOp concat,
                                PatternRewriter &rewriter) const override {
    if (concat.getAxis() != 1 || !isChannelTensor(concat.getResult()))
      return failure();
    // Next to a view, or re-assembling parts of one tensor (a shuffle
    // spelled with strided slices and a concat).
    Value partsOf = getChannelPartSource(concat.getInputs()[0]);
    bool reassembles = partsOf && llvm::all_of(concat.getInputs(), [&](Value v) {
                         return getChannelPartSource(v) == partsOf;
                       });
    if (scope == ViewScope::AdjacentToViews && !reassembles &&
        llvm::none_of(concat.getInputs(), definedByView) &&
        !usedByView(concat.getResult()))
      return failure();
    SmallVector<std::pair<Value, int64_t>> map;
    for (Value input : concat.getInputs())
      map.append(getChannelSources(input));
    rewriter.replaceOp(concat, createGather(rewriter, concat.getLoc(), map));
    ++converted;
    return success();
  }
  ViewScope scope;
  unsigned &converted;
};

struct SliceToGather : OpRewritePattern<SliceOp> {
  SliceToGather(MLIRContext *ctx, ViewScope scope, unsigned &converted)
      : OpRewritePattern(ctx), scope(scope), converted(converted) {}
  LogicalResult matchAndRewrite(SliceOp slice,
                                PatternRewriter &rewriter) const override {
    if (slice.getAxis() != 1 || !isChannelTensor(slice.getInput()))
      return failure();
    if (scope == ViewScope::AdjacentToViews &&
        !definedByView(slice.getInput()) && !usedByView(slice.getResult()))
      return failure();
    SmallVector<std::pair<Value, int64_t>> sources =
        getChannelSources(slice.getInput());
    SmallVector<std::pair<Value, int64_t>> map;
    for (int64_t c = slice.getStart(); c < slice.getEnd(); c += slice.getStep())
      map.push_back(sources[c]);
    rewriter.replaceOp(slice, createGather(rewriter, slice.getLoc(), map));
    ++converted;
    return success();
  }
  ViewScope scope;
  unsigned &converted;
};

struct SplitToGathers : OpRewritePattern<SplitOp> {
  SplitToGathers(MLIRContext *ctx, ViewScope scope, unsigned &converted)
      : OpRewritePattern(ctx), scope(scope), converted(converted) {}
  LogicalResult matchAndRewrite(SplitOp split,
                                PatternRewriter &rewriter) const override {
    if (split.getAxis() != 1 || !isChannelTensor(split.getInput()))
      return failure();
    if (scope == ViewScope::AdjacentToViews &&
        !definedByView(split.getInput()) &&
        llvm::none_of(split.getResults(), usedByView))
      return failure();
    SmallVector<std::pair<Value, int64_t>> sources =
        getChannelSources(split.getInput());
    SmallVector<Value> views;
    int64_t start = 0;
    for (int64_t size : split.getSizes()) {
      views.push_back(createGather(
          rewriter, split.getLoc(),
          ArrayRef<std::pair<Value, int64_t>>(sources).slice(start, size)));
      start += size;
    }
    rewriter.replaceOp(split, views);
    ++converted;
    return success();
  }
  ViewScope scope;
  unsigned &converted;
};

/// torch.stack((x1, x2), dim=2).flatten(1, 2) and its cat/unsqueeze
/// spelling: reshape([N, C', K, H, W] -> [N, C' * K, H, W]) of a concat along
/// axis 2 of reshapes [N, C' * k, H, W] -> [N, C', k, H, W]. Output channel
/// i * K + j comes from the input holding position j of axis 2: a shuffle of
/// several tensors, hence a view.
struct InterleaveToGather : OpRewritePattern<ReshapeOp> {
  InterleaveToGather(MLIRContext *ctx, unsigned &converted)
      : OpRewritePattern(ctx), converted(converted) {}
  LogicalResult matchAndRewrite(ReshapeOp reshape,
                                PatternRewriter &rewriter) const override {
    auto concat = reshape.getInput().getDefiningOp<ConcatOp>();
    ArrayRef<int64_t> out = reshape.getType().getShape();
    if (!concat || concat.getAxis() != 2 || out.size() != 4)
      return failure();
    ArrayRef<int64_t> mid = concat.getType().getShape();
    if (mid.size() != 5 || mid[0] != out[0] || mid[1] * mid[2] != out[1] ||
        mid[3] != out[2] || mid[4] != out[3])
      return failure();
    int64_t perGroup = mid[1], total = mid[2];
    // For each position j along axis 2: (source channels of that input, k).
    SmallVector<std::pair<SmallVector<std::pair<Value, int64_t>>, int64_t>> parts;
    SmallVector<std::pair<int64_t, int64_t>> positionToPart; // (part, j local)
    for (Value input : concat.getInputs()) {
      auto inner = input.getDefiningOp<ReshapeOp>();
      if (!inner || inner.getInput().getType().getRank() != 4)
        return failure();
      ArrayRef<int64_t> src = inner.getInput().getType().getShape();
      ArrayRef<int64_t> view = inner.getType().getShape();
      if (src[0] != mid[0] || src[2] != mid[3] || src[3] != mid[4] ||
          view[1] != perGroup || src[1] != perGroup * view[2])
        return failure();
      for (int64_t j = 0; j < view[2]; ++j)
        positionToPart.push_back({static_cast<int64_t>(parts.size()), j});
      parts.push_back({getChannelSources(inner.getInput()), view[2]});
    }
    SmallVector<std::pair<Value, int64_t>> map;
    for (int64_t c = 0; c < perGroup * total; ++c) {
      auto [part, j] = positionToPart[c % total];
      auto &[sources, k] = parts[part];
      map.push_back(sources[(c / total) * k + j]);
    }
    rewriter.replaceOp(reshape, createGather(rewriter, reshape.getLoc(), map));
    ++converted;
    return success();
  }
  unsigned &converted;
};

/// gather(..., gather(...), ...) -> one gather over the inner inputs.
struct ComposeGathers : OpRewritePattern<ChannelGatherOp> {
  ComposeGathers(MLIRContext *ctx, unsigned &composed)
      : OpRewritePattern(ctx), composed(composed) {}
  LogicalResult matchAndRewrite(ChannelGatherOp gather,
                                PatternRewriter &rewriter) const override {
    if (llvm::none_of(gather.getInputs(), definedByView))
      return failure();
    SmallVector<SmallVector<std::pair<Value, int64_t>>> inputSources;
    for (Value input : gather.getInputs())
      inputSources.push_back(getChannelSources(input));
    SmallVector<std::pair<Value, int64_t>> map;
    for (auto [source, channel] :
         llvm::zip(gather.getSources(), gather.getChannels()))
      map.push_back(inputSources[source][channel]);
    rewriter.replaceOp(gather, createGather(rewriter, gather.getLoc(), map));
    ++composed;
    return success();
  }
  unsigned &composed;
};

} // namespace

void mlir::riffle::populateChannelViewPatterns(RewritePatternSet &patterns,
                                               ViewScope scope,
                                               ViewCounters &counters) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ShuffleToGather>(ctx, counters.converted);
  patterns.add<ConcatToGather, SliceToGather, SplitToGathers>(
      ctx, scope, counters.converted);
  patterns.add<InterleaveToGather>(ctx, counters.converted);
  patterns.add<ComposeGathers>(ctx, counters.composed);
}
