//===- LowerSchedule.cpp - Riffle's CPU schedules -------------------------===//
//
// Schedules chosen per op shape (DESIGN.md, "Code generation"):
//  - conv2d (dense, grouped over their group dimension, any kernel) and
//    gemm: the output Func is split into register tiles (a vector of x
//    times a block of output channels for convolutions, a few vectors of
//    outputs for gemm); the accumulator is computed per tile with the
//    channel block unrolled inside the reduction loop, so the partial sums
//    stay in registers and every input vector loaded feeds a whole block.
//  - dense 1x1 conv2d on planes narrower than half a vector: tiles of a
//    vector of output channels times two rows.
//  - depthwise conv2d and max/avg pools: one channel at a time, its padded
//    input plane computed just before it (the plane stays in L1) and the
//    taps unrolled; a pointwise conv feeding only a depthwise conv (an
//    inverted residual's expansion) is computed a channel block at a time
//    inside it.
//  - padded inputs: a pure fill plus a dense interior copy (no clamped or
//    selected indices inside vector loops: those become gathers).
//  - everything else: compute_root, vectorized along x.
// Parallel loops are over rows and batch (convolutions) or channels and
// batch (depthwise, pools, elementwise); with one thread they cost nothing.
// Views stay inline.
//
//===----------------------------------------------------------------------===//

#include "LowerInternal.h"

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::lowering;

using Halide::TailStrategy;

namespace {
/// How a dimension of `extent` is vectorized.
struct VectorSplit {
  int lanes = 1;
  TailStrategy tail = TailStrategy::GuardWithIf;
};
} // namespace

/// Full vectors with overlapping last vector when the dimension holds at
/// least one; otherwise the smallest power of two covering it, with `narrow`
/// as the tail strategy (RoundUp computes a few extra columns, which is safe
/// for Funcs whose every producer is defined past its extent).
static VectorSplit vectorSplit(int64_t extent, int vectorLanes,
                               TailStrategy narrow) {
  VectorSplit split;
  if (extent >= vectorLanes) {
    split.lanes = vectorLanes;
    split.tail = TailStrategy::ShiftInwards;
    return split;
  }
  split.lanes = 1;
  while (split.lanes < extent)
    split.lanes *= 2;
  split.tail = narrow;
  return split;
}

/// compute_root Funcs of any rank: dimension 0 vectorized, the two outermost
/// dimensions fused and parallel. Update stages put dimension 0 innermost,
/// then their RVars, then the other pure dimensions.
static void scheduleGenericStage(Halide::Stage stage,
                                 const MaterializedFunc &m,
                                 const std::vector<Halide::RVar> &rvars,
                                 const ScheduleParams &params) {
  const size_t rank = m.args.size();
  if (rank == 0)
    return;
  if (!rvars.empty()) {
    std::vector<Halide::VarOrRVar> order;
    order.push_back(m.args[0]);
    for (const Halide::RVar &r : rvars)
      order.push_back(r);
    for (size_t i = 1; i < rank; ++i)
      order.push_back(m.args[i]);
    stage.reorder(order);
  }
  VectorSplit split =
      vectorSplit(m.extents[0], params.vectorLanes, TailStrategy::GuardWithIf);
  // Pure stages may recompute the overlapping last vector; updates that
  // accumulate may not.
  if (!rvars.empty() || m.updateRVars.size() > 0)
    split.tail = TailStrategy::GuardWithIf;
  if (split.lanes >= 4)
    stage.vectorize(m.args[0], split.lanes, split.tail);
  if (rank >= 4) {
    Halide::Var fused(m.func.name() + "_cn");
    stage.fuse(m.args[2], m.args[3], fused).parallel(fused);
  } else if (rank >= 2 && m.extents[rank - 1] > 1) {
    stage.parallel(m.args[rank - 1]);
  }
}

/// A padded feature map: fill, then the interior. `root` when it is computed
/// once for the whole tensor (then parallel over channels and batch), else
/// its consumer computes it per channel.
static void schedulePad(MaterializedFunc &m, const ScheduleParams &params,
                        bool root);

static void scheduleGeneric(MaterializedFunc &m, LoweringState &state,
                            const ScheduleParams &params) {
  m.func.compute_root();
  scheduleGenericStage(m.func, m, {}, params);
  for (size_t i = 0; i < m.updateRVars.size(); ++i)
    scheduleGenericStage(m.func.update(static_cast<int>(i)), m,
                         m.updateRVars[i], params);
  if (m.padIndex < 0)
    return;
  // Pools: pad one channel plane at a time, inside the (fused, parallel)
  // channel loop of the last stage, so the plane stays in cache.
  MaterializedFunc &pad = state.materialized[m.padIndex];
  pad.func.compute_at(m.func, Halide::Var(m.func.name() + "_cn"));
  schedulePad(pad, params, /*root=*/false);
}

static void schedulePad(MaterializedFunc &m, const ScheduleParams &params,
                        bool root) {
  Halide::Var x = m.args[0], c = m.args[2], n = m.args[3];
  const std::vector<Halide::RVar> &interior = m.updateRVars[0];
  const int lanes = params.vectorLanes;
  m.func.vectorize(x, lanes, TailStrategy::RoundUp);
  Halide::Stage fill = m.func.update();
  fill.reorder(interior[0], interior[1], c, n);
  if (m.extents[0] >= 4)
    fill.vectorize(interior[0],
                   vectorSplit(m.extents[0], lanes, TailStrategy::GuardWithIf)
                       .lanes,
                   TailStrategy::GuardWithIf);
  if (root) {
    Halide::Var cn(m.func.name() + "_cn"), cn2(m.func.name() + "_cn2");
    m.func.fuse(c, n, cn).parallel(cn);
    fill.fuse(c, n, cn2).parallel(cn2);
  }
}

/// Output channels per register tile: the block size between 8 and `most`
/// that computes the fewest channels in all (blocks overlap at the end),
/// the largest such block on ties; all of them when there are fewer.
static int channelBlock(int64_t channels, int most) {
  if (channels <= most)
    return static_cast<int>(channels);
  int best = most;
  int64_t bestWork = (channels + most - 1) / most * most;
  for (int block = most - 1; block >= 8; --block) {
    int64_t work = (channels + block - 1) / block * block;
    if (work < bestWork) {
      best = block;
      bestWork = work;
    }
  }
  return best;
}

/// Convolutions other than depthwise (Funcs over x, y, c, [g,] n):
/// register tiles of a vector of x times a block of output channels, loops
/// n, y, [g,] channel block, x tile. With AVX-512's 32 registers a block of
/// up to 16 channels keeps its partial sums in registers (8 with 16).
static int convChannelBlock(int64_t channels, const ScheduleParams &params) {
  return channelBlock(channels, params.vectorLanes >= 16 ? 16 : 8);
}

/// `at`: compute_root and parallel over rows when unset; otherwise computed
/// there (a consumer's loop), serially, `block` channels being all the
/// channels asked for there.
static void scheduleConv(MaterializedFunc &m, LoweringState &state,
                         const ScheduleParams &params,
                         std::optional<Halide::LoopLevel> at = {},
                         int block = 0) {
  Halide::Func out = m.func, acc = m.accumulator;
  Halide::Var x = m.args[0], y = m.args[1], c = m.args[2];
  // Pure dimensions outside the channels: n, or g and n for group convs.
  std::vector<Halide::Var> outer(m.args.begin() + 3, m.args.end());
  Halide::Var n = outer.back();
  VectorSplit split =
      vectorSplit(m.extents[0], params.vectorLanes, TailStrategy::RoundUp);
  if (!block)
    block = convChannelBlock(m.extents[2], params);
  Halide::Var xo(out.name() + "_xo"), xi(out.name() + "_xi"),
      co(out.name() + "_co"), ci(out.name() + "_ci"),
      yn(out.name() + "_yn");
  std::vector<Halide::VarOrRVar> order = {xi, ci, xo, co};
  for (size_t i = 0; i + 1 < outer.size(); ++i)
    order.push_back(outer[i]);
  order.push_back(y);
  order.push_back(n);
  if (at)
    out.compute_at(*at);
  else
    out.compute_root();
  out.split(x, xo, xi, split.lanes, split.tail)
      .split(c, co, ci, block, TailStrategy::ShiftInwards)
      .reorder(order)
      .fuse(y, n, yn);
  if (!at)
    out.parallel(yn);
  if (split.lanes >= 4)
    out.vectorize(xi);
  out.unroll(ci);

  acc.compute_at(out, xo);
  if (split.lanes >= 4)
    acc.vectorize(x);
  acc.unroll(c);
  for (size_t i = 0; i < m.reductions.size(); ++i) {
    std::vector<Halide::VarOrRVar> updateOrder = {x, c};
    for (const Halide::RVar &r : m.reductions[i])
      updateOrder.push_back(r);
    updateOrder.push_back(y);
    for (const Halide::Var &v : outer)
      updateOrder.push_back(v);
    Halide::Stage update = acc.update(static_cast<int>(i));
    update.reorder(updateOrder);
    if (split.lanes >= 4)
      update.vectorize(x);
    update.unroll(c);
  }

  if (m.padIndex >= 0) {
    MaterializedFunc &pad = state.materialized[m.padIndex];
    pad.func.compute_root();
    schedulePad(pad, params, /*root=*/true);
  }
}

/// Depthwise convolutions and pools: per channel, its padded input plane,
/// then rows of vectors with the window's taps unrolled.
static void scheduleChannelwiseWindow(MaterializedFunc &m, LoweringState &state,
                                  const ScheduleParams &params) {
  Halide::Func out = m.func, acc = m.accumulator;
  Halide::Var x = m.args[0], y = m.args[1], c = m.args[2], n = m.args[3];
  VectorSplit split =
      vectorSplit(m.extents[0], params.vectorLanes, TailStrategy::RoundUp);
  Halide::Var xo(out.name() + "_xo"), xi(out.name() + "_xi"),
      co(out.name() + "_co"), ci(out.name() + "_ci"),
      cn(out.name() + "_cn");
  // With a fused producer, channels go by in the producer's blocks: the
  // block's expanded planes are computed, then padded and convolved one
  // plane at a time.
  const int block = m.producerIndex >= 0
                        ? convChannelBlock(m.extents[2], params)
                        : 1;
  out.compute_root()
      .split(x, xo, xi, split.lanes, split.tail)
      .split(c, co, ci, block, TailStrategy::ShiftInwards)
      .reorder(xi, xo, y, ci, co, n);
  if (split.lanes >= 4)
    out.vectorize(xi);
  acc.compute_at(out, xo);
  if (split.lanes >= 4)
    acc.vectorize(x);
  Halide::Stage update = acc.update();
  const std::vector<Halide::RVar> &taps = m.reductions[0];
  std::vector<Halide::VarOrRVar> order = {x};
  for (const Halide::RVar &r : taps)
    order.push_back(r);
  order.push_back(y);
  order.push_back(c);
  order.push_back(n);
  update.reorder(order);
  if (split.lanes >= 4)
    update.vectorize(x);
  update.unroll(taps[0]).unroll(taps[1]);
  out.fuse(co, n, cn).parallel(cn);
  if (m.padIndex >= 0) {
    MaterializedFunc &pad = state.materialized[m.padIndex];
    pad.func.compute_at(out, ci);
    schedulePad(pad, params, /*root=*/false);
  }
  if (m.producerIndex >= 0)
    scheduleConv(state.materialized[m.producerIndex], state, params,
                 Halide::LoopLevel(out, cn), block);
}

/// Dense 1x1 convolutions on narrow planes (7x7 with AVX-512): x-vectors
/// would be mostly empty, so a tile is a vector of output channels times two
/// whole rows; each input value is broadcast to the vector of channels.
/// Channel blocks are the outer loop so a block's weights stay in L1 while
/// the rows go by.
static void scheduleChannelVectorConv(MaterializedFunc &m,
                                      const ScheduleParams &params) {
  Halide::Func out = m.func, acc = m.accumulator;
  Halide::Var x = m.args[0], y = m.args[1], c = m.args[2], n = m.args[3];
  const int lanes = params.vectorLanes;
  const int rows = m.extents[1] >= 2 ? 2 : 1;
  Halide::Var co(out.name() + "_co"), ci(out.name() + "_ci"),
      yo(out.name() + "_yo"), yi(out.name() + "_yi"),
      cn(out.name() + "_cn");
  out.compute_root()
      .split(c, co, ci, lanes, TailStrategy::ShiftInwards)
      .split(y, yo, yi, rows, TailStrategy::ShiftInwards)
      .reorder(ci, x, yi, yo, co, n)
      .vectorize(ci)
      .unroll(x)
      .unroll(yi)
      .fuse(co, n, cn)
      .parallel(cn);
  acc.compute_at(out, yo).reorder_storage(c, x, y, n);
  acc.reorder(c, x, y, n).vectorize(c).unroll(x).unroll(y);
  for (size_t i = 0; i < m.reductions.size(); ++i) {
    std::vector<Halide::VarOrRVar> order = {c, x, y};
    for (const Halide::RVar &r : m.reductions[i])
      order.push_back(r);
    order.push_back(n);
    acc.update(static_cast<int>(i))
        .reorder(order)
        .vectorize(c)
        .unroll(x)
        .unroll(y);
  }
}

/// gemm: tiles of up to four vectors of outputs, the reduction inside.
static void scheduleGemm(MaterializedFunc &m, const ScheduleParams &params) {
  Halide::Func out = m.func, acc = m.accumulator;
  Halide::Var j = m.args[0], i = m.args[1];
  const int64_t features = m.extents[0];
  const int lanes = params.vectorLanes;
  out.compute_root();
  if (features < lanes) {
    acc.compute_at(out, i);
    return;
  }
  const int tile = features >= 4 * lanes ? 4 * lanes : lanes;
  Halide::Var jo(out.name() + "_jo"), ji(out.name() + "_ji");
  out.split(j, jo, ji, tile, TailStrategy::ShiftInwards)
      .vectorize(ji, lanes)
      .parallel(jo);
  acc.compute_at(out, jo).vectorize(j, lanes);
  Halide::Var jv(acc.name() + "_jv"), jl(acc.name() + "_jl");
  acc.update()
      .split(j, jv, jl, lanes)
      .reorder(jl, jv, m.reductions[0][0], i)
      .vectorize(jl)
      .unroll(jv);
}

static void scheduleOutput(MaterializedFunc &m, const ScheduleParams &params) {
  m.func.compute_root();
  scheduleGenericStage(m.func, m, {}, params);
}

void lowering::applyCpuSchedule(LoweringState &state) {
  const ScheduleParams &params = state.params;
  for (size_t index = 0; index < state.materialized.size(); ++index) {
    MaterializedFunc &m = state.materialized[index];
    switch (m.kind) {
    case FuncKind::Generic:
      scheduleGeneric(m, state, params);
      break;
    case FuncKind::Pad:
      if (!m.placedByConsumer) {
        m.func.compute_root();
        schedulePad(m, params, /*root=*/true);
      }
      break;
    case FuncKind::Conv:
      if (!m.placedByConsumer)
        scheduleConv(m, state, params);
      break;
    case FuncKind::ChannelwiseWindow:
      scheduleChannelwiseWindow(m, state, params);
      break;
    case FuncKind::ChannelVectorConv:
      scheduleChannelVectorConv(m, params);
      break;
    case FuncKind::Gemm:
      scheduleGemm(m, params);
      break;
    case FuncKind::Output:
      scheduleOutput(m, params);
      break;
    }
  }
}
