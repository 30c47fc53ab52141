//===- LowerSchedule.cpp - Riffle's CPU schedules -------------------------===//
//
// Carries out the CPU plan (riffle-plan-codegen; what each schedule kind
// and parameter means is documented with #riffle.schedule in
// RiffleAttrs.td). One loop-nest shape per kind:
//  - conv (dense or grouped over their group dimension, any kernel): the
//    output Func split into register tiles of tile[0] columns of x times
//    tile[1] output channels; the accumulator computed per tile with the
//    channel block unrolled inside the reduction loop, so the partial sums
//    stay in registers and every input vector loaded feeds a whole block.
//  - channel_vector_conv: tiles of tile[0] output channels (a vector)
//    times tile[1] rows.
//  - flat_conv: the plane flattened (rows its input's pitch apart), tiles
//    of tile[0] positions times tile[1] output channels; a padded input's
//    copy realized exactly, so its rows are that pitch apart.
//  - channelwise_window (depthwise conv2d, max/avg pools): one channel at a
//    time, its padded input plane computed just before it (the plane stays
//    in L1), tiles of tile[2] rows, the taps unrolled; a conv placed in it
//    (placement = consumer) is computed a channel block (tile[1]) at a
//    time inside it.
//  - gemm: tiles of tile[0] outputs, the reduction inside.
//  - padded inputs: a pure fill plus a dense interior copy.
//  - root: compute_root, vectorized along x.
// The parallel loop is the plan's `parallel` (fused with the batch loop);
// with one thread it costs nothing.
// Inlined ops and views stay inline.
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

/// compute_root Funcs of any rank: dimension 0 vectorized (vectors of
/// `vectorLanes`), the two outermost dimensions fused and parallel. Update
/// stages put dimension 0 innermost, then their RVars, then the other pure
/// dimensions.
static void scheduleGenericStage(Halide::Stage stage,
                                 const MaterializedFunc &m,
                                 const std::vector<Halide::RVar> &rvars,
                                 int vectorLanes, ParallelLoop parallel) {
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
      vectorSplit(m.extents[0], vectorLanes, TailStrategy::GuardWithIf);
  // Pure stages may recompute the overlapping last vector; updates that
  // accumulate may not.
  if (!rvars.empty() || m.updateRVars.size() > 0)
    split.tail = TailStrategy::GuardWithIf;
  if (split.lanes >= 4)
    stage.vectorize(m.args[0], split.lanes, split.tail);
  if (parallel == ParallelLoop::channels && rank >= 4) {
    Halide::Var fused(m.func.name() + "_cn");
    stage.fuse(m.args[2], m.args[3], fused).parallel(fused);
  } else if (parallel == ParallelLoop::outer && rank >= 2) {
    stage.parallel(m.args[rank - 1]);
  }
}

/// A function result's copy has no plan of its own: it is split like a
/// root nest (channels, or its outer dimension when that has more than one
/// index).
static ParallelLoop resultCopyParallel(const MaterializedFunc &m) {
  const size_t rank = m.args.size();
  if (rank >= 4)
    return ParallelLoop::channels;
  return rank >= 2 && m.extents[rank - 1] > 1 ? ParallelLoop::outer
                                               : ParallelLoop::none;
}

/// A padded feature map: fill, then the interior, vectors of the target's
/// width. `root` when it is computed once for the whole tensor (then
/// parallel over channels and batch when `parallel`), else its consumer
/// computes it per channel.
static void schedulePad(MaterializedFunc &m, int vectorLanes, bool root,
                        bool parallel = false,
                        TailStrategy fillTail = TailStrategy::RoundUp) {
  Halide::Var x = m.args[0], c = m.args[2], n = m.args[3];
  const std::vector<Halide::RVar> &interior = m.updateRVars[0];
  m.func.vectorize(x, vectorLanes, fillTail);
  Halide::Stage fill = m.func.update();
  fill.reorder(interior[0], interior[1], c, n);
  if (m.extents[0] >= 4)
    fill.vectorize(
        interior[0],
        vectorSplit(m.extents[0], vectorLanes, TailStrategy::GuardWithIf)
            .lanes,
        TailStrategy::GuardWithIf);
  if (root && parallel) {
    Halide::Var cn(m.func.name() + "_cn"), cn2(m.func.name() + "_cn2");
    m.func.fuse(c, n, cn).parallel(cn);
    fill.fuse(c, n, cn2).parallel(cn2);
  }
}

/// A root loop nest: its plan's vector width.
static void scheduleGeneric(MaterializedFunc &m) {
  const int lanes = static_cast<int>(m.plan.getVector());
  const ParallelLoop parallel = m.plan.getParallel();
  m.func.compute_root();
  scheduleGenericStage(m.func, m, {}, lanes, parallel);
  for (size_t i = 0; i < m.updateRVars.size(); ++i)
    scheduleGenericStage(m.func.update(static_cast<int>(i)), m,
                         m.updateRVars[i], lanes, parallel);
}

static TailStrategy tailOf(SplitTail tail) {
  return tail == SplitTail::shift_inwards ? TailStrategy::ShiftInwards
                                          : TailStrategy::RoundUp;
}

/// The plan's x split: tile[0] columns, vectorized when its vector is set.
static VectorSplit planXSplit(const MaterializedFunc &m) {
  VectorSplit split;
  split.lanes = static_cast<int>(m.plan.getTileSize(0, 1));
  split.tail = tailOf(m.plan.getTail());
  return split;
}

/// A ShiftInwards split needs its loop to span at least one whole tile. A
/// Func computed at root is therefore realized over the whole of each
/// dimension it splits that way (the extent its plan's tile was chosen
/// for), not only over the part its consumers read: a view keeping fewer
/// channels than a tile would shift the tile below index 0, where the
/// weights are read out of bounds. Dimension 0 of feature maps is left
/// to bounds inference: a round-up consumer may read its columns past
/// the extent.
static void realizeWholeDim(MaterializedFunc &m, size_t dim) {
  m.func.bound(m.args[dim], 0, static_cast<int>(m.extents[dim]));
}

/// Convolutions other than depthwise (Funcs over x, y, c, [g,] n):
/// register tiles of tile[0] columns times tile[1] output channels, loops
/// n, y, [g,] channel block, x tile; with parallel = channels, n, [g,]
/// channel block, y, x tile, the threads splitting the channel blocks.
/// `at`: compute_root when unset; otherwise computed there (a consumer's
/// loop; its plan is serial).
static void scheduleConv(MaterializedFunc &m, int vectorLanes,
                         std::optional<Halide::LoopLevel> at = {}) {
  Halide::Func out = m.func, acc = m.accumulator;
  Halide::Var x = m.args[0], y = m.args[1], c = m.args[2];
  // Pure dimensions outside the channels: n, or g and n for group convs.
  std::vector<Halide::Var> outer(m.args.begin() + 3, m.args.end());
  Halide::Var n = outer.back();
  const VectorSplit split = planXSplit(m);
  const bool vectorized = m.plan.getVector() > 0;
  const int block = static_cast<int>(m.plan.getTileSize(1, 1));
  Halide::Var xo(out.name() + "_xo"), xi(out.name() + "_xi"),
      co(out.name() + "_co"), ci(out.name() + "_ci"),
      yn(out.name() + "_yn");
  const ParallelLoop parallel = m.plan.getParallel();
  const bool channelsOutside = parallel == ParallelLoop::channels;
  std::vector<Halide::VarOrRVar> order = {xi, ci, xo};
  if (channelsOutside)
    order.push_back(y);
  order.push_back(co);
  for (size_t i = 0; i + 1 < outer.size(); ++i)
    order.push_back(outer[i]);
  if (!channelsOutside)
    order.push_back(y);
  order.push_back(n);
  if (at) {
    out.compute_at(*at);
  } else {
    out.compute_root();
    realizeWholeDim(m, 2);
  }
  out.split(x, xo, xi, split.lanes, split.tail)
      .split(c, co, ci, block, TailStrategy::ShiftInwards)
      .reorder(order);
  if (channelsOutside) {
    // The channel blocks, [groups,] and batch: one parallel loop.
    Halide::Var blocks = co;
    for (size_t i = 0; i < outer.size(); ++i) {
      Halide::Var fused(out.name() + "_cb" + std::to_string(i));
      out.fuse(blocks, outer[i], fused);
      blocks = fused;
    }
    out.parallel(blocks);
  } else {
    out.fuse(y, n, yn);
    if (parallel == ParallelLoop::rows)
      out.parallel(yn);
  }
  if (vectorized)
    out.vectorize(xi);
  out.unroll(ci);

  acc.compute_at(out, xo);
  if (vectorized)
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
    if (vectorized)
      update.vectorize(x);
    update.unroll(c);
  }

  if (m.paddedInput) {
    m.paddedInput->func.compute_root();
    schedulePad(*m.paddedInput, vectorLanes, /*root=*/true,
                parallel != ParallelLoop::none);
  }
}

/// Convolutions over their flattened plane (Funcs over p, c, n):
/// register tiles of tile[0] positions times tile[1] output channels, the
/// accumulator per tile. Loops n, channel block, position tile; with
/// parallel = rows (and serially) strips of about one row's positions go
/// outermost instead, as scheduleConv's rows do: a strip's input stays in
/// L1 while the channel blocks go by.
static void scheduleFlatConv(MaterializedFunc &m,
                             std::optional<Halide::LoopLevel> at = {}) {
  Halide::Func out = m.func, acc = m.accumulator;
  Halide::Var p = m.args[0], c = m.args[1], n = m.args[2];
  const int positions = static_cast<int>(m.plan.getTileSize(0, 1));
  const int block = static_cast<int>(m.plan.getTileSize(1, 1));
  const int lanes = static_cast<int>(m.plan.getVector());
  auto conv = cast<Conv2dOp>(m.op);
  const int pitch = static_cast<int>(flatConvPitch(conv));
  Halide::Var po(out.name() + "_po"), pi(out.name() + "_pi"),
      ps(out.name() + "_ps"), pt(out.name() + "_pt"),
      co(out.name() + "_co"), ci(out.name() + "_ci"),
      outerLoop(out.name() + "_par");
  if (at) {
    out.compute_at(*at);
  } else {
    out.compute_root();
    realizeWholeDim(m, 1);
  }
  // Positions too: the plan checked that no reader goes past the plane.
  realizeWholeDim(m, 0);
  out.split(p, po, pi, positions, TailStrategy::ShiftInwards)
      .split(c, co, ci, block, TailStrategy::ShiftInwards);
  Halide::Var tileLoop = po;
  if (m.plan.getParallel() == ParallelLoop::channels) {
    out.reorder(pi, ci, po, co, n).fuse(co, n, outerLoop).parallel(outerLoop);
  } else {
    const int strip = std::max(1, (pitch + positions - 1) / positions);
    out.split(po, ps, pt, strip, TailStrategy::GuardWithIf)
        .reorder(pi, ci, pt, co, ps, n)
        .fuse(ps, n, outerLoop);
    if (m.plan.getParallel() == ParallelLoop::rows)
      out.parallel(outerLoop);
    tileLoop = pt;
  }
  out.vectorize(pi, lanes).unroll(ci);
  // The whole tile is one (multi-register) vector: its weight broadcast
  // feeds every vector of it.
  acc.compute_at(out, tileLoop).vectorize(p).unroll(c);
  for (size_t i = 0; i < m.reductions.size(); ++i) {
    std::vector<Halide::VarOrRVar> order = {p, c};
    for (const Halide::RVar &r : m.reductions[i])
      order.push_back(r);
    order.push_back(n);
    acc.update(static_cast<int>(i)).reorder(order).vectorize(p).unroll(c);
  }
  if (m.paddedInput) {
    // The plane the positions index: the padded input realized exactly,
    // rows `pitch` apart (a rounded-up fill would widen its rows).
    MaterializedFunc &pad = *m.paddedInput;
    ArrayRef<int64_t> pads = conv.getPads();
    const int rows = static_cast<int>(
        conv.getOutput().getType().getShape()[2] +
        conv.getWeight().getType().getShape()[2] - 1);
    pad.func.compute_root()
        .bound(pad.args[0], -static_cast<int>(pads[1]), pitch)
        .bound(pad.args[1], -static_cast<int>(pads[0]), rows);
    const VectorSplit fill =
        vectorSplit(pitch, lanes, TailStrategy::GuardWithIf);
    schedulePad(pad, fill.lanes, /*root=*/true,
                m.plan.getParallel() != ParallelLoop::none, fill.tail);
  }
}

/// Depthwise convolutions and pools: per channel, its padded input plane,
/// then rows of vectors with the window's taps unrolled; channels in
/// blocks of tile[1], the block of a conv computed inside (placement =
/// consumer): the block's expanded planes are computed, then padded and
/// convolved one plane at a time.
static void scheduleChannelwiseWindow(MaterializedFunc &m,
                                      LoweringState &state) {
  Halide::Func out = m.func, acc = m.accumulator;
  Halide::Var x = m.args[0], y = m.args[1], c = m.args[2], n = m.args[3];
  const VectorSplit split = planXSplit(m);
  const bool vectorized = m.plan.getVector() > 0;
  const int vectorLanes = static_cast<int>(state.target.getVectorLanes());
  Halide::Var xo(out.name() + "_xo"), xi(out.name() + "_xi"),
      co(out.name() + "_co"), ci(out.name() + "_ci"),
      cn(out.name() + "_cn");
  const int block = static_cast<int>(m.plan.getTileSize(1, 1));
  const int rows = static_cast<int>(m.plan.getTileSize(2, 1));
  out.compute_root()
      .split(x, xo, xi, split.lanes, split.tail)
      .split(c, co, ci, block, TailStrategy::ShiftInwards);
  if (rows > 1) {
    // A tile of rows: their unrolled taps load the input rows they share
    // once.
    Halide::Var yo(out.name() + "_yo"), yi(out.name() + "_yi");
    out.split(y, yo, yi, rows, TailStrategy::ShiftInwards)
        .reorder(xi, yi, xo, yo, ci, co, n)
        .unroll(yi);
  } else {
    out.reorder(xi, xo, y, ci, co, n);
  }
  realizeWholeDim(m, 2);
  if (vectorized)
    out.vectorize(xi);
  acc.compute_at(out, xo);
  if (vectorized)
    acc.vectorize(x);
  if (rows > 1)
    acc.unroll(y);
  Halide::Stage update = acc.update();
  const std::vector<Halide::RVar> &taps = m.reductions[0];
  std::vector<Halide::VarOrRVar> order = {x};
  for (const Halide::RVar &r : taps)
    order.push_back(r);
  order.push_back(y);
  order.push_back(c);
  order.push_back(n);
  update.reorder(order);
  if (vectorized)
    update.vectorize(x);
  unrollTaps(update, taps, m.plan.getUnroll());
  if (rows > 1)
    update.unroll(y);
  out.fuse(co, n, cn);
  if (m.plan.getParallel() == ParallelLoop::channels)
    out.parallel(cn);
  if (m.paddedInput) {
    m.paddedInput->func.compute_at(out, ci);
    schedulePad(*m.paddedInput, vectorLanes, /*root=*/false);
  }
  if (MaterializedFunc *producer = getFusedProducer(m, state)) {
    const Halide::LoopLevel at(out, cn);
    if (producer->plan.getKind() == ScheduleKind::flat_conv)
      scheduleFlatConv(*producer, at);
    else
      scheduleConv(*producer, vectorLanes, at);
  }
}

/// Dense convolutions on narrow planes: x-vectors would be mostly empty,
/// so a tile is a vector of tile[0] output channels times tile[1] whole
/// rows; each input value is broadcast to the vector of channels, the
/// kernel's taps unrolled as the plan says.
/// Channel blocks are the outer loop so a block's weights stay in L1 while
/// the rows go by, unless the threads split the rows (few channel tiles).
static void scheduleChannelVectorConv(MaterializedFunc &m) {
  Halide::Func out = m.func, acc = m.accumulator;
  Halide::Var x = m.args[0], y = m.args[1], c = m.args[2], n = m.args[3];
  const int lanes = static_cast<int>(m.plan.getTileSize(0, 1));
  const int rows = static_cast<int>(m.plan.getTileSize(1, 1));
  Halide::Var co(out.name() + "_co"), ci(out.name() + "_ci"),
      yo(out.name() + "_yo"), yi(out.name() + "_yi"),
      cn(out.name() + "_cn");
  out.compute_root();
  if (m.plan.getWeights() == WeightLayout::packed) {
    // Tiles at multiples of the tile, as the packed weights are (whole
    // vectors of one tile's weights); channels past the last whole tile
    // read the weights' zero padding.
    const int padded =
        static_cast<int>((m.extents[2] + lanes - 1) / lanes) * lanes;
    out.bound(c, 0, padded).split(c, co, ci, lanes, TailStrategy::RoundUp);
  } else {
    out.split(c, co, ci, lanes, TailStrategy::ShiftInwards);
    realizeWholeDim(m, 2);
  }
  // parallel = rows: the threads split the row tiles, each going through
  // every channel tile; else the channel tiles are the outer loop.
  const bool rowsOutside = m.plan.getParallel() == ParallelLoop::rows;
  out.split(y, yo, yi, rows, TailStrategy::ShiftInwards);
  if (rowsOutside)
    out.reorder(ci, x, yi, co, yo, n).fuse(yo, n, cn);
  else
    out.reorder(ci, x, yi, yo, co, n).fuse(co, n, cn);
  out.vectorize(ci).unroll(x).unroll(yi);
  realizeWholeDim(m, 1);
  if (m.plan.getParallel() != ParallelLoop::none)
    out.parallel(cn);
  acc.compute_at(out, rowsOutside ? co : yo).reorder_storage(c, x, y, n);
  acc.reorder(c, x, y, n).vectorize(c).unroll(x).unroll(y);
  for (size_t i = 0; i < m.reductions.size(); ++i) {
    std::vector<Halide::VarOrRVar> order = {c, x, y};
    for (const Halide::RVar &r : m.reductions[i])
      order.push_back(r);
    order.push_back(n);
    Halide::Stage update = acc.update(static_cast<int>(i));
    update.reorder(order)
        .vectorize(c)
        .unroll(x)
        .unroll(y);
    unrollTaps(update, m.reductions[i], m.plan.getUnroll());
  }
  if (m.paddedInput) {
    m.paddedInput->func.compute_root();
    schedulePad(*m.paddedInput, static_cast<int>(m.plan.getVector()),
                /*root=*/true, m.plan.getParallel() != ParallelLoop::none);
  }
}

/// gemm: tiles of tile[0] outputs (vectors of `vector` lanes), the
/// reduction inside; tile 0: the accumulator per row, unsplit.
static void scheduleGemm(MaterializedFunc &m) {
  Halide::Func out = m.func, acc = m.accumulator;
  Halide::Var j = m.args[0], i = m.args[1];
  const int lanes = static_cast<int>(m.plan.getVector());
  const int tile = static_cast<int>(m.plan.getTileSize(0));
  out.compute_root();
  if (tile == 0) {
    acc.compute_at(out, i);
    return;
  }
  Halide::Var jo(out.name() + "_jo"), ji(out.name() + "_ji");
  if (m.plan.getWeights() == WeightLayout::packed) {
    // Tiles at multiples of the tile, as the packed weights are; the
    // outputs past the last whole tile read the weights' zero padding.
    const int padded = static_cast<int>((m.extents[0] + tile - 1) / tile) *
                       tile;
    out.bound(j, 0, padded)
        .split(j, jo, ji, tile, TailStrategy::RoundUp)
        .vectorize(ji, lanes);
  } else {
    out.split(j, jo, ji, tile, TailStrategy::ShiftInwards)
        .vectorize(ji, lanes);
    realizeWholeDim(m, 0);
  }
  if (m.plan.getParallel() == ParallelLoop::channels)
    out.parallel(jo);
  acc.compute_at(out, jo).vectorize(j, lanes);
  Halide::Var jv(acc.name() + "_jv"), jl(acc.name() + "_jl");
  acc.update()
      .split(j, jv, jl, lanes)
      .reorder(jl, jv, m.reductions[0][0], i)
      .vectorize(jl)
      .unroll(jv);
}

/// A reduction of whole planes to one value per channel (Funcs over x, y,
/// c, n with extent 1 in x and y; an initial value, the sum over the plane,
/// then the division): every stage vectorized over channels (the plane's
/// values gathered across channel planes), channel vectors and batch
/// parallel.
static void schedulePlaneReduction(MaterializedFunc &m) {
  Halide::Var c = m.args[2], n = m.args[3];
  const int lanes = static_cast<int>(m.plan.getVector());
  const bool vectorize = m.extents[2] >= lanes;
  auto schedule = [&](Halide::Stage stage,
                      const std::vector<Halide::RVar> &rvars, int index) {
    std::string suffix = "_" + std::to_string(index);
    Halide::Var co(m.func.name() + "_co" + suffix),
        ci(m.func.name() + "_ci" + suffix),
        cn(m.func.name() + "_cn" + suffix);
    std::vector<Halide::VarOrRVar> order = {ci};
    for (const Halide::RVar &r : rvars)
      order.push_back(r);
    order.push_back(co);
    order.push_back(n);
    stage.split(c, co, ci, vectorize ? lanes : 1, TailStrategy::GuardWithIf)
        .reorder(order)
        .fuse(co, n, cn);
    if (m.plan.getParallel() == ParallelLoop::channels)
      stage.parallel(cn);
    if (vectorize)
      stage.vectorize(ci);
  };
  m.func.compute_root();
  schedule(m.func, {}, 0);
  for (size_t i = 0; i < m.updateRVars.size(); ++i)
    schedule(m.func.update(static_cast<int>(i)), m.updateRVars[i],
             static_cast<int>(i) + 1);
}

void lowering::unrollTaps(Halide::Stage &update,
                          const std::vector<Halide::RVar> &taps,
                          TapUnroll unroll) {
  if (unroll == TapUnroll::none)
    return;
  update.unroll(taps[0]);
  if (unroll == TapUnroll::all)
    update.unroll(taps[1]);
}

MaterializedFunc *lowering::getFusedProducer(const MaterializedFunc &consumer,
                                             LoweringState &state) {
  auto conv = dyn_cast_or_null<Conv2dOp>(consumer.op);
  if (!conv)
    return nullptr;
  Operation *producer = conv.getInput().getDefiningOp();
  ScheduleAttr plan = producer ? getSchedule(producer) : ScheduleAttr();
  if (!plan || plan.getPlacement() != Placement::consumer)
    return nullptr;
  return state.mainFuncOf.lookup(producer);
}

void lowering::applyCpuSchedule(LoweringState &state) {
  const int vectorLanes = static_cast<int>(state.target.getVectorLanes());
  for (MaterializedFunc &m : state.materialized) {
    switch (m.role) {
    case FuncRole::FunctionResult:
      m.func.compute_root();
      scheduleGenericStage(m.func, m, {}, vectorLanes, resultCopyParallel(m));
      continue;
    case FuncRole::PaddedInput:
      // A function argument's copy; an op's is placed by the op.
      if (!m.op) {
        m.func.compute_root();
        schedulePad(m, vectorLanes, /*root=*/true,
                    m.plan && m.plan.getParallel() != ParallelLoop::none);
      }
      continue;
    case FuncRole::Stage:
      scheduleGeneric(m);
      continue;
    case FuncRole::Main:
      break;
    }
    if (m.plan.getPlacement() == Placement::consumer)
      continue; // scheduled by the consumer
    switch (m.plan.getKind()) {
    case ScheduleKind::inlined:
      break;
    case ScheduleKind::root:
      scheduleGeneric(m);
      break;
    case ScheduleKind::conv:
      scheduleConv(m, vectorLanes);
      break;
    case ScheduleKind::channelwise_window:
      scheduleChannelwiseWindow(m, state);
      break;
    case ScheduleKind::channel_vector_conv:
      scheduleChannelVectorConv(m);
      break;
    case ScheduleKind::flat_conv:
      scheduleFlatConv(m);
      break;
    case ScheduleKind::gemm:
      scheduleGemm(m);
      break;
    case ScheduleKind::plane_reduction:
      schedulePlaneReduction(m);
      break;
    }
  }
}
