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
    if (scope == ViewScope::AdjacentToViews &&
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
  patterns.add<ComposeGathers>(ctx, counters.composed);
}
