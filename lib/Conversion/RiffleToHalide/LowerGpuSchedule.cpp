//===- LowerGpuSchedule.cpp - Riffle's GPU schedules ----------------------===//
//
// Carries out the GPU plan (riffle-plan-codegen decides; #riffle.schedule
// in RiffleAttrs.td documents each parameter), the same for CUDA and
// OpenCL (DESIGN.md, "Code generation").
// A batch-1 CNN on a GPU is bound by kernel launches and memory traffic
// rather than arithmetic, so every materialized Func is one kernel and the
// schedule avoids extra ones:
//  - convolutions (dense, grouped, any kernel) and gemm: the output plane
//    tiled over thread blocks (the target's gpu_block, e.g. up to 16 x 8
//    threads over x and y, the rest of the block's 128 threads over output
//    channels when the plane is small);
//    each thread computes a block of output channels of one pixel (the
//    plan's tile[0]), its accumulators in registers (the accumulator Func computed per
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
//    never goes to global memory and the pair is one launch (not when the
//    expansion gathers its input from many tensors: register pressure).
//  - activations, residual adds and excitation multiplies: inlined into
//    their consumers.
//  - everything else (concat copies, softmax, global pooling, results):
//    one kernel each, threads over the innermost dimensions, a Func's
//    update stages (reductions) computed per thread in the same kernel.
//  - a function result that is some Func's only use is computed by the
//    result's kernel with that Func's schedule (no copy kernel).
// Kernels per inference (rifflec runners: --launches) are at most one per
// conv/gemm/pool layer plus one for the result (test/e2e/zoo-gpu-*.test).
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
/// The plan's thread block (#riffle.target's gpu_block): at most `threads`
/// threads, at most `x` and `y` of them over an output plane's columns and
/// rows.
struct GpuBlock {
  int64_t x, y, threads;
};

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
  /// Threads given to each of the tiled dims, in their order.
  std::vector<int64_t> threadCounts;
};
} // namespace

static int64_t powerOfTwoAtLeast(int64_t n) {
  int64_t p = 1;
  while (p < n)
    p *= 2;
  return p;
}

/// Tiles `stage` over blocks and threads: threads are given to `dims` in
/// order (at most three of them, each up to its maxThreads, block.threads
/// in all), the rest of each dimension and the dimensions without threads
/// become block loops (fused into three when there are more). `serial`
/// loops (unrolled channel blocks, reduction variables) stay inside each
/// thread, innermost first. Partial tiles are guarded.
static GpuTiling gpuTile(Halide::Stage stage, const std::string &prefix,
                         ArrayRef<TiledDim> dims,
                         ArrayRef<Halide::VarOrRVar> serial,
                         const GpuBlock &block) {
  std::vector<Halide::VarOrRVar> threads, blocks;
  std::vector<int64_t> blockExtents;
  GpuTiling tiling;
  int64_t budget = block.threads;
  for (const TiledDim &dim : dims) {
    int64_t count = std::min({powerOfTwoAtLeast(dim.extent), dim.maxThreads,
                              budget});
    if (threads.size() == 3 || dim.extent <= 1 || count <= 1) {
      blocks.push_back(dim.var);
      blockExtents.push_back(std::max<int64_t>(dim.extent, 1));
      tiling.threadCounts.push_back(1);
      continue;
    }
    tiling.threadCounts.push_back(count);
    Halide::Var outer(prefix + "_" + dim.var.name() + "_b"),
        inner(prefix + "_" + dim.var.name() + "_t");
    stage.split(dim.var, outer, inner, static_cast<int>(count),
                TailStrategy::GuardWithIf);
    threads.push_back(inner);
    blocks.push_back(outer);
    blockExtents.push_back((dim.extent + count - 1) / count);
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
    blockExtents[blocks.size() - 1] *= blockExtents[blocks.size()];
    blockExtents.pop_back();
  }
  // The longest block loop innermost: it becomes the grid's x dimension,
  // the only one not limited to 65535 blocks (a large batch times many
  // channel blocks can exceed that).
  size_t longest = 0;
  for (size_t i = 1; i < blocks.size(); ++i)
    if (blockExtents[i] > blockExtents[longest])
      longest = i;
  if (longest != 0) {
    std::swap(blocks[0], blocks[longest]);
    std::vector<Halide::VarOrRVar> blockOrder(blocks.begin(), blocks.end());
    stage.reorder(blockOrder);
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
  tiling.innermostThread = threads.front();
  tiling.innermostBlock = blocks.front();
  return tiling;
}

/// The pure dimensions of `m`, threads over x and y first (a block.x x
/// block.y tile), then over the others.
static std::vector<TiledDim> planeFirstDims(const std::vector<Halide::Var> &args,
                                            ArrayRef<int64_t> extents,
                                            const GpuBlock &block) {
  std::vector<TiledDim> dims;
  for (size_t i = 0; i < args.size(); ++i) {
    int64_t most = i == 0 ? block.x : i == 1 ? block.y : block.threads;
    if (args.size() <= 2 && i == 0)
      most = block.threads; // vectors and matrices: all along dim 0
    dims.push_back({args[i], extents[i], most});
  }
  return dims;
}

/// One kernel over `kernel` (compute_root, threads over its dims) that
/// computes every stage of `perThread` inside each thread: a Func with
/// reductions (global pooling, softmax) in one kernel instead of one per
/// stage.
static void computeStagesPerThread(Halide::Func kernel,
                                   const MaterializedFunc &shape,
                                   Halide::Func perThread,
                                   const GpuBlock &block) {
  kernel.compute_root();
  GpuTiling tiling =
      gpuTile(kernel, kernel.name(),
              planeFirstDims(shape.args, shape.extents, block), {}, block);
  perThread.compute_at(Halide::LoopLevel(kernel, tiling.innermostThread));
}

/// Elementwise Funcs are inlined into their consumers (a kernel saved per
/// activation, residual add or excitation multiply, for a few extra loads
/// and flops in the consumer). Other Funcs: one kernel, threads over the
/// tensor; a Func with updates (global pooling, softmax's reductions) is
/// computed whole per thread, inside a wrapper's kernel, instead of one
/// kernel per stage.
static void scheduleGpuGeneric(MaterializedFunc &m, const GpuBlock &block) {
  if (m.args.empty()) {
    m.func.compute_root(); // A scalar: computed on the host.
    return;
  }
  if (m.updateRVars.empty()) {
    m.func.compute_root();
    gpuTile(m.func, m.func.name(), planeFirstDims(m.args, m.extents, block),
            {}, block);
    return;
  }
  computeStagesPerThread(m.func.in(), m, m.func, block);
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
static void scheduleGpuConv(MaterializedFunc &m, const GpuBlock &block) {
  Halide::Func out = m.func;
  out.compute_root();
  const bool isConv = m.args.size() >= 4;
  if (!isConv) {
    GpuTiling tiling = gpuTile(
        out, out.name(), planeFirstDims(m.args, m.extents, block), {}, block);
    scheduleAccumulatorPerThread(
        m, Halide::LoopLevel(out, tiling.innermostThread), std::nullopt);
    return;
  }
  Halide::Var c = m.args[2];
  const int64_t channels = m.extents[2];
  // The plan's block divides the channels (verified): with an overlapping
  // last block the accumulator's index would not be provably constant once
  // the blocks are also split over guarded threads.
  const int perThread = static_cast<int>(m.plan.getTileSize(0, 1));
  Halide::Var co(out.name() + "_co"), ci(out.name() + "_ci");
  out.split(c, co, ci, perThread, TailStrategy::RoundUp);
  std::vector<TiledDim> dims = {
      {m.args[0], m.extents[0], block.x},
      {m.args[1], m.extents[1], block.y},
      {co, (channels + perThread - 1) / perThread, block.threads}};
  // Groups and batch get the threads the plane and channels leave (a 1x1
  // plane at batch 64).
  for (size_t i = 3; i < m.args.size(); ++i)
    dims.push_back({m.args[i], m.extents[i], block.threads});
  GpuTiling tiling = gpuTile(out, out.name(), dims, {ci}, block);
  out.unroll(ci);
  scheduleAccumulatorPerThread(
      m, Halide::LoopLevel(out, tiling.innermostThread), c);
}

/// Depthwise convolutions and pools: a thread per output pixel and
/// channel; the block's padded input tile in shared memory (pad =
/// staged), or, with a conv placed in it, that conv's tile computed in
/// shared memory.
static void scheduleGpuChannelwiseWindow(MaterializedFunc &m,
                                         LoweringState &state,
                                         const GpuBlock &block) {
  Halide::Func out = m.func;
  out.compute_root();
  std::vector<TiledDim> dims = planeFirstDims(m.args, m.extents, block);
  for (size_t i = 3; i < dims.size(); ++i)
    dims[i].maxThreads = 1; // batch over blocks
  GpuTiling tiling = gpuTile(out, out.name(), dims, {}, block);
  Halide::LoopLevel perThread(out, tiling.innermostThread),
      perBlock(out, tiling.innermostBlock);
  Halide::Func acc = m.accumulator;
  acc.compute_at(perThread);
  const std::vector<Halide::RVar> &taps = m.reductions[0];
  Halide::Stage update = acc.update();
  unrollTaps(update, taps, m.plan.getUnroll());

  // Staged per block: the tile plus halo goes over the block's own threads
  // (x, y, channels; in as many passes over x and y as it takes: a strided
  // or wide window's tile is several times the output tile), the batch
  // serial inside each thread.
  auto stagePerBlock = [&](Halide::Func f, const std::vector<Halide::Var> &v) {
    std::vector<Halide::VarOrRVar> inner, outer;
    for (int d = 0; d < 3; ++d) {
      Halide::Var o(f.name() + "_s" + std::to_string(d)),
          i(f.name() + "_t" + std::to_string(d));
      f.split(v[d], o, i, static_cast<int>(tiling.threadCounts[d]),
              TailStrategy::GuardWithIf);
      inner.push_back(i);
      outer.push_back(o);
    }
    f.compute_at(perBlock)
        .store_in(Halide::MemoryType::GPUShared)
        .reorder(v[3], inner[0], inner[1], inner[2], outer[0], outer[1],
                 outer[2])
        .gpu_threads(inner[0], inner[1], inner[2]);
  };
  // The expansion conv computed inside, one accumulator value at a time
  // per thread; its padding (if any) stays inline on the staged tile.
  if (MaterializedFunc *producer = getFusedProducer(m, state)) {
    stagePerBlock(producer->func, producer->args);
    producer->accumulator.compute_at(producer->func, producer->args[3]);
  }
  if (m.paddedInput && m.plan.getPad() == PadPlacement::staged)
    stagePerBlock(m.paddedInput->func, m.paddedInput->args);
}

static void scheduleGpuFunc(MaterializedFunc &m, LoweringState &state,
                            const GpuBlock &block);

/// A result computed by the FunctionResult's kernel: the source's schedule
/// applied to the result's Func (same Vars), the source itself inlined
/// into it.
static void scheduleGpuFunctionResult(MaterializedFunc &m,
                                      LoweringState &state,
                                      const GpuBlock &block) {
  if (!m.computes) {
    scheduleGpuGeneric(m, block);
    return;
  }
  const MaterializedFunc &source = *m.computes;
  if (source.plan.getKind() == ScheduleKind::root) {
    if (source.updateRVars.empty())
      scheduleGpuGeneric(m, block); // the source stays inline
    else
      computeStagesPerThread(m.func, m, source.func, block);
    return;
  }
  MaterializedFunc proxy = source;
  proxy.func = m.func;
  scheduleGpuFunc(proxy, state, block);
}

static void scheduleGpuFunc(MaterializedFunc &m, LoweringState &state,
                            const GpuBlock &block) {
  switch (m.role) {
  case FuncRole::FunctionResult:
    scheduleGpuFunctionResult(m, state, block);
    return;
  case FuncRole::PaddedInput:
    // Inline unless its consumer stages it (a pure select on GPUs).
    return;
  case FuncRole::Stage:
    scheduleGpuGeneric(m, block);
    return;
  case FuncRole::Main:
    break;
  }
  switch (m.plan.getKind()) {
  case ScheduleKind::inlined:
    break;
  case ScheduleKind::root:
  case ScheduleKind::plane_reduction: // a CPU kind; the verifier refuses it
    scheduleGpuGeneric(m, block);
    break;
  case ScheduleKind::conv:
  case ScheduleKind::channel_vector_conv: // CPU kinds: the verifier
  case ScheduleKind::flat_conv:           // refuses them on GPUs
  case ScheduleKind::gemm:
    scheduleGpuConv(m, block);
    break;
  case ScheduleKind::channelwise_window:
    scheduleGpuChannelwiseWindow(m, state, block);
    break;
  }
}

void lowering::applyGpuSchedule(LoweringState &state) {
  // The verifier guarantees a GPU target's gpu_block has three sizes.
  ArrayRef<int64_t> sizes = state.target.getGpuBlock();
  const GpuBlock block = {sizes[0], sizes[1], sizes[2]};
  for (MaterializedFunc &m : state.materialized) {
    // Computed in their consumer's kernel, or in a function result's.
    if (m.role == FuncRole::Main &&
        m.plan.getPlacement() != Placement::own)
      continue;
    scheduleGpuFunc(m, state, block);
  }
}
