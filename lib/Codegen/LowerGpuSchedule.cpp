//===- LowerGpuSchedule.cpp - Riffle's GPU schedules ----------------------===//
//
// The same schedule for CUDA and OpenCL (DESIGN.md, "Code generation").
// A batch-1 CNN on a GPU is bound by kernel launches and memory traffic
// rather than arithmetic, so every materialized Func is one kernel and the
// schedule avoids extra ones:
//  - convolutions (dense, grouped, any kernel) and gemm: the output plane
//    tiled over thread blocks (up to 16 x 8 threads over x and y, the rest
//    of the block's threads over output channels when the plane is small);
//    each thread computes a block of up to 4 output channels of one pixel,
//    its accumulators in registers (the accumulator Func computed per
//    thread, the channel block unrolled inside the reduction loop), so each
//    input value loaded feeds the whole block. Threads of a warp share
//    their output channels: weight loads are uniform (one broadcast load
//    per warp) and stay in the L1/constant cache.
//  - zero or -inf padding: a select on clamped coordinates, inlined into
//    the reader (scalar loads: no gathers to avoid, unlike on CPUs), so
//    padding is never a kernel of its own.
//  - depthwise convolutions and pools: one thread per output pixel and
//    channel; the padded input tile of the block (tile plus halo) is
//    staged in shared memory, loaded once by the block's threads and read
//    kernel-area times from there.
//  - fusion: an inverted residual's expansion conv whose only use is the
//    depthwise conv is computed inside the depthwise kernel, per block, for
//    the block's tile plus halo, into shared memory: the expanded tensor
//    never goes to global memory and the pair is one launch.
//  - everything else (elementwise, concat copies, softmax, global pooling,
//    results): one kernel per stage, threads over the innermost dimensions,
//    reductions serial inside each thread.
// Tails are guarded (threads past the edge idle): function inputs are
// exactly their shape, so nothing may read past them.
//
//===----------------------------------------------------------------------===//

#include "LowerInternal.h"

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::lowering;

using Halide::TailStrategy;

namespace {
/// Threads per block: a multiple of the warp (32) that leaves room for
/// several resident blocks per multiprocessor.
constexpr int kThreadsPerBlock = 128;
/// Output channels per thread in convolutions (registers per accumulator).
constexpr int kConvChannelsPerThread = 4;

/// A loop to tile: a pure dimension, its extent, the most threads it may
/// take.
struct TiledDim {
  Halide::Var var;
  int64_t extent;
  int64_t maxThreads;
};

/// Where a tiled stage's loops ended up.
struct GpuTiling {
  /// The innermost thread loop (compute a per-thread producer there).
  Halide::VarOrRVar innermostThread = Halide::Var();
  /// The innermost block loop (compute a per-block producer there).
  Halide::VarOrRVar innermostBlock = Halide::Var();
};
} // namespace

static int64_t powerOfTwoAtLeast(int64_t n) {
  int64_t p = 1;
  while (p < n)
    p *= 2;
  return p;
}

/// Tiles `stage` over blocks and threads: threads are given to `dims` in
/// order (at most three of them, each up to its maxThreads, kThreadsPerBlock
/// in all), the rest of each dimension and the dimensions without threads
/// become block loops (fused into three when there are more). `serial`
/// loops (unrolled channel blocks, reduction variables) stay inside each
/// thread, innermost first. `tail` is the strategy for partial tiles.
static GpuTiling gpuTile(Halide::Stage stage, const std::string &prefix,
                         ArrayRef<TiledDim> dims,
                         ArrayRef<Halide::VarOrRVar> serial,
                         TailStrategy tail = TailStrategy::GuardWithIf) {
  std::vector<Halide::VarOrRVar> threads, blocks;
  int64_t budget = kThreadsPerBlock;
  for (const TiledDim &dim : dims) {
    int64_t count = std::min({powerOfTwoAtLeast(dim.extent), dim.maxThreads,
                              budget});
    if (threads.size() == 3 || dim.extent <= 1 || count <= 1) {
      blocks.push_back(dim.var);
      continue;
    }
    Halide::Var outer(prefix + "_" + dim.var.name() + "_b"),
        inner(prefix + "_" + dim.var.name() + "_t");
    stage.split(dim.var, outer, inner, static_cast<int>(count), tail);
    threads.push_back(inner);
    blocks.push_back(outer);
    budget /= count;
  }
  // A kernel needs a thread loop: one of extent 1 when nothing else is.
  if (threads.empty()) {
    Halide::Var one(prefix + "_one");
    stage.split(dims.front().var, blocks.front(), one, 1);
    threads.push_back(one);
  }
  std::vector<Halide::VarOrRVar> order(serial.begin(), serial.end());
  order.insert(order.end(), threads.begin(), threads.end());
  order.insert(order.end(), blocks.begin(), blocks.end());
  stage.reorder(order);
  // Blocks beyond the third are fused into it.
  while (blocks.size() > 3) {
    Halide::Var fused(prefix + "_f" + std::to_string(blocks.size()));
    Halide::VarOrRVar inner = blocks[blocks.size() - 2],
                      outer = blocks.back();
    stage.fuse(inner, outer, fused);
    blocks.pop_back();
    blocks.back() = fused;
  }
  switch (threads.size()) {
  case 1:
    stage.gpu_threads(threads[0]);
    break;
  case 2:
    stage.gpu_threads(threads[0], threads[1]);
    break;
  default:
    stage.gpu_threads(threads[0], threads[1], threads[2]);
  }
  switch (blocks.size()) {
  case 1:
    stage.gpu_blocks(blocks[0]);
    break;
  case 2:
    stage.gpu_blocks(blocks[0], blocks[1]);
    break;
  default:
    stage.gpu_blocks(blocks[0], blocks[1], blocks[2]);
  }
  GpuTiling tiling;
  tiling.innermostThread = threads.front();
  tiling.innermostBlock = blocks.front();
  return tiling;
}

/// The pure dimensions of `m`, threads over x and y first (a 16 x 8 tile),
/// then over the others.
static std::vector<TiledDim> planeFirstDims(const std::vector<Halide::Var> &args,
                                            ArrayRef<int64_t> extents) {
  std::vector<TiledDim> dims;
  for (size_t i = 0; i < args.size(); ++i) {
    int64_t most = i == 0 ? 16 : i == 1 ? 8 : kThreadsPerBlock;
    if (args.size() <= 2 && i == 0)
      most = kThreadsPerBlock; // vectors and matrices: all along dim 0
    dims.push_back({args[i], extents[i], most});
  }
  return dims;
}

/// compute_root Funcs: one kernel per stage, updates with their reduction
/// serial inside each thread.
static void scheduleGpuGeneric(MaterializedFunc &m) {
  m.func.compute_root();
  if (m.args.empty())
    return; // A scalar: computed on the host.
  std::vector<TiledDim> dims = planeFirstDims(m.args, m.extents);
  gpuTile(m.func, m.func.name(), dims, {});
  for (size_t i = 0; i < m.updateRVars.size(); ++i) {
    std::vector<Halide::VarOrRVar> serial(m.updateRVars[i].begin(),
                                          m.updateRVars[i].end());
    gpuTile(m.func.update(static_cast<int>(i)),
            m.func.name() + "_u" + std::to_string(i), dims, serial);
  }
}

/// The accumulator of a Conv-like Func, computed per thread at `at`: the
/// channel dimension (`channel`, a block of constant extent) unrolled in
/// every stage, innermost, so its partial sums stay in registers.
static void scheduleAccumulatorPerThread(MaterializedFunc &m,
                                         Halide::LoopLevel at,
                                         std::optional<Halide::Var> channel) {
  Halide::Func acc = m.accumulator;
  acc.compute_at(at);
  for (size_t i = 0; i < m.reductions.size(); ++i) {
    std::vector<Halide::VarOrRVar> order;
    if (channel)
      order.push_back(*channel);
    for (const Halide::RVar &r : m.reductions[i])
      order.push_back(r);
    for (const Halide::Var &v : m.args)
      if (!channel || v.name() != channel->name())
        order.push_back(v);
    Halide::Stage update = acc.update(static_cast<int>(i));
    update.reorder(order);
    if (channel)
      update.unroll(*channel);
  }
  if (channel)
    acc.unroll(*channel);
}

/// Convolutions other than depthwise (x, y, c, [g,] n) and gemm (j, i):
/// a thread computes a block of output channels of one pixel (convs) or
/// one output (gemm).
static void scheduleGpuConv(MaterializedFunc &m) {
  Halide::Func out = m.func;
  out.compute_root();
  const bool isConv = m.args.size() >= 4;
  if (!isConv) {
    GpuTiling tiling =
        gpuTile(out, out.name(), planeFirstDims(m.args, m.extents), {});
    scheduleAccumulatorPerThread(
        m, Halide::LoopLevel(out, tiling.innermostThread), std::nullopt);
    return;
  }
  Halide::Var c = m.args[2];
  const int64_t channels = m.extents[2];
  const int block = static_cast<int>(
      std::min<int64_t>(channels, kConvChannelsPerThread));
  Halide::Var co(out.name() + "_co"), ci(out.name() + "_ci");
  // Overlapping last block: every block has the same (unrolled) extent.
  out.split(c, co, ci, block, TailStrategy::ShiftInwards);
  std::vector<TiledDim> dims = {
      {m.args[0], m.extents[0], 16},
      {m.args[1], m.extents[1], 8},
      {co, (channels + block - 1) / block, kThreadsPerBlock}};
  for (size_t i = 3; i < m.args.size(); ++i)
    dims.push_back({m.args[i], m.extents[i], 1});
  GpuTiling tiling = gpuTile(out, out.name(), dims, {ci});
  out.unroll(ci);
  scheduleAccumulatorPerThread(
      m, Halide::LoopLevel(out, tiling.innermostThread), c);
}

/// Depthwise convolutions and pools: a thread per output pixel and
/// channel; the block's padded input tile in shared memory, or, with a
/// fused expansion conv, that conv's tile computed in shared memory.
static void scheduleGpuChannelwiseWindow(MaterializedFunc &m,
                                         LoweringState &state) {
  Halide::Func out = m.func;
  out.compute_root();
  std::vector<TiledDim> dims = planeFirstDims(m.args, m.extents);
  for (size_t i = 3; i < dims.size(); ++i)
    dims[i].maxThreads = 1; // batch over blocks
  GpuTiling tiling = gpuTile(out, out.name(), dims, {});
  Halide::LoopLevel perThread(out, tiling.innermostThread),
      perBlock(out, tiling.innermostBlock);
  Halide::Func acc = m.accumulator;
  acc.compute_at(perThread);
  const std::vector<Halide::RVar> &taps = m.reductions[0];
  acc.update().unroll(taps[0]).unroll(taps[1]);

  // Staged per block: the loads of the tile plus halo are spread over the
  // block's threads (x, y), channels and batch serial inside each.
  auto stagePerBlock = [&](Halide::Func f, const std::vector<Halide::Var> &v) {
    f.compute_at(perBlock)
        .store_in(Halide::MemoryType::GPUShared)
        .reorder(v[2], v[3], v[0], v[1])
        .gpu_threads(v[0], v[1]);
  };
  if (m.producerIndex >= 0) {
    // The expansion conv's accumulator: one value at a time per thread.
    MaterializedFunc &producer = state.materialized[m.producerIndex];
    stagePerBlock(producer.func, producer.args);
    producer.accumulator.compute_at(producer.func, producer.args[2]);
    return; // its padding (if any) stays inline on the staged tile
  }
  if (m.padIndex >= 0) {
    MaterializedFunc &pad = state.materialized[m.padIndex];
    stagePerBlock(pad.func, pad.args);
  }
}

void lowering::applyGpuSchedule(LoweringState &state) {
  for (size_t index = 0; index < state.materialized.size(); ++index) {
    MaterializedFunc &m = state.materialized[index];
    switch (m.kind) {
    case FuncKind::Generic:
    case FuncKind::Output:
      // A Generic's pad (pools scheduled as Generic) stays inline.
      scheduleGpuGeneric(m);
      break;
    case FuncKind::Pad:
      // Inline unless its consumer stages it (a pure select on GPUs).
      break;
    case FuncKind::Conv:
    case FuncKind::ChannelVectorConv:
    case FuncKind::Gemm:
      if (!m.placedByConsumer)
        scheduleGpuConv(m);
      break;
    case FuncKind::ChannelwiseWindow:
      scheduleGpuChannelwiseWindow(m, state);
      break;
    }
  }
}
