//===- ChannelViews.h - channel_gather building blocks ----------*- C++ -*-===//
//
// Internal to lib/Transforms: rewrite patterns shared by
// riffle-fuse-channel-shuffle and riffle-eliminate-copies that turn ops
// which only move channels into riffle.channel_gather views and compose
// views of views.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_LIB_TRANSFORMS_CHANNELVIEWS_H
#define RIFFLE_LIB_TRANSFORMS_CHANNELVIEWS_H

#include "riffle/Dialect/Riffle/RiffleOps.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::riffle {

/// A channel_gather reading every channel of one input exactly once:
/// `output[:, c] = input[:, map[c]]`.
struct ChannelPermutation {
  Value input;
  SmallVector<int64_t> map;
};
std::optional<ChannelPermutation> getPermutation(ChannelGatherOp gather);

/// Builds channel_gather(inputs; (source, channel) per output channel),
/// deduplicating inputs.
Value createGather(PatternRewriter &rewriter, Location loc,
                   ArrayRef<std::pair<Value, int64_t>> channels);

/// The (input, channel) each output channel of `value` reads when `value`
/// is a channel_gather; otherwise the identity on `value`.
SmallVector<std::pair<Value, int64_t>> getChannelSources(Value value);

/// Which data-movement ops the view patterns convert.
enum class ViewScope {
  /// Only those next to a view (a shuffle has already become one).
  AdjacentToViews,
  /// All of them.
  All,
};

/// How many ops the view patterns rewrote (passes add these to their
/// statistics).
struct ViewCounters {
  unsigned converted = 0; // data-movement ops replaced by views
  unsigned composed = 0;  // views folded into another view
};

/// Patterns: channel_shuffle, channel concat/slice/split -> channel_gather,
/// and gather-of-gather composition.
void populateChannelViewPatterns(RewritePatternSet &patterns, ViewScope scope,
                                 ViewCounters &counters);

} // namespace mlir::riffle

#endif // RIFFLE_LIB_TRANSFORMS_CHANNELVIEWS_H
