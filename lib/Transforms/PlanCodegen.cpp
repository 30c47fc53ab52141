//===- PlanCodegen.cpp - The code-generation plan -------------------------===//
//
// riffle-plan-codegen: every decision of code generation, made here for
// one target and written into the IR (include/riffle/Dialect/Riffle/
// CodegenPlan.h; the attributes' documentation in RiffleAttrs.td says what
// each parameter makes the Halide emitter do). The choices, per op shape
// (DESIGN.md, "Code generation"; measured there):
//  - CPU convolutions: register tiles of two x-vectors times a block of
//    output channels on planes of two vectors or more (up to 12 channels
//    with AVX-512's 32 registers, 6 with 16: fewer loads per FMA than one
//    vector, measured 2-8% faster on AVX2), else of one vector of x (or
//    the smallest power of two covering a narrower plane, computed past
//    the edge) times up to 16 or 8 channels (the block size computing the
//    fewest channels in all);
//    dense 1x1 convolutions on planes at most half a vector wide tile
//    vectors of output channels times two rows instead, and dense convs
//    with long reductions on planes narrower than a vector two or more
//    channel vectors times a row; dense convs' weights packed per tile;
//    dense 1x1 convs with stride 1 on planes whose rows end in part-empty
//    tiles computed over the flattened plane (H*W positions one
//    dimension) when their readers and their input's storage allow;
//  - CPU depthwise convolutions and pools: one padded channel plane at a
//    time; an inverted residual's expansion conv (a dense conv whose only
//    use is a depthwise conv without channel maps) is computed inside it a
//    channel block at a time; window taps unrolled up to 64 (larger
//    windows loop over their rows, or over every tap);
//  - GPU: convolutions give each thread the largest of 4, 3, 2, 1 output
//    channels dividing the count; depthwise convolutions and pools stage
//    their padded tile in shared memory; an expansion conv with at most 128
//    products per output is computed inside its depthwise conv's kernel
//    (longer ones spilled registers); element-wise ops are inlined; an op
//    whose only use is a function result is computed by the result's
//    kernel;
//  - CPU function arguments read by anything that does not pad them itself
//    go through a padded copy (narrow tiles compute, and so read, a few
//    columns past the edge);
//  - CPU functions of batch N > 1 whose ops keep samples apart are
//    planned for one sample and run once per sample (SampleLoop.cpp): a
//    batch's activations left L2 between layers, one sample's stay;
//  - CPU functions of more than max-pipeline-funcs Halide Funcs (128)
//    become several pipelines run in order, ended where the fewest elements
//    are live and no view is handed on (DenseNet-121 compiled in 128 s as
//    one pipeline, 36 s as four); a handed-on tensor is read like an
//    argument.
//
//===----------------------------------------------------------------------===//

#include "SampleLoop.h"

#include "riffle/Dialect/Riffle/CodegenPlan.h"
#include "riffle/Transforms/PassCounters.h"
#include "riffle/Transforms/Passes.h"

#include "Halide.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <tuple>

namespace mlir::riffle {
#define GEN_PASS_DEF_PLANCODEGEN
#include "riffle/Transforms/Passes.h.inc"
} // namespace mlir::riffle

using namespace mlir;
using namespace mlir::riffle;

namespace {
/// What the plan needs to know about the target.
struct TargetFacts {
  std::string name;
  /// f32 lanes of the widest vectors (16 with AVX-512, 8 with AVX2, 4 with
  /// SSE and NEON).
  int64_t lanes = 4;
  bool gpu = false;
};

/// A split of a dimension of `extent` for vectors of `lanes`.
struct XSplit {
  int64_t factor;
  SplitTail tail;
};
} // namespace

static FailureOr<TargetFacts> describeTarget(StringRef target) {
  // validate_target_string does not throw; the constructor would.
  if (!Halide::Target::validate_target_string(target.str()))
    return failure();
  Halide::Target halideTarget(target.str());
  TargetFacts facts;
  facts.name = halideTarget.to_string();
  facts.lanes = std::max(4, halideTarget.natural_vector_size(Halide::Float(32)));
  facts.gpu = halideTarget.has_gpu_feature();
  return facts;
}

/// Whole vectors with an overlapping last one when the plane holds one;
/// else the smallest power of two covering it, computed past the edge.
static XSplit splitForVectors(int64_t extent, int64_t lanes) {
  if (extent >= lanes)
    return {lanes, SplitTail::shift_inwards};
  int64_t factor = 1;
  while (factor < extent)
    factor *= 2;
  return {factor, SplitTail::round_up};
}

/// Output channels per register tile: the block size between `least` and
/// `most` that computes the fewest channels in all (blocks overlap at the
/// end), the largest such block on ties; all of them when there are fewer.
static int64_t channelBlock(int64_t channels, int64_t most,
                            int64_t least = 8) {
  if (channels <= most)
    return channels;
  int64_t best = most;
  int64_t bestWork = (channels + most - 1) / most * most;
  for (int64_t block = most - 1; block >= least; --block) {
    int64_t work = (channels + block - 1) / block * block;
    if (work < bestWork) {
      best = block;
      bestWork = work;
    }
  }
  return best;
}

/// Accumulators a CPU register tile may hold per vector of x: 16 output
/// channels with AVX-512's 32 vector registers, 8 with 16.
static int64_t convChannelBlock(int64_t channels, const TargetFacts &target) {
  return channelBlock(channels, target.lanes >= 16 ? 16 : 8);
}

/// Whether the target has 32 vector registers (AVX-512); register tiles
/// are sized for 16 otherwise.
static bool hasWideRegisterFile(const TargetFacts &target) {
  return target.lanes >= 16;
}

/// Accumulator registers an x-vector or flat register tile may take: the
/// rest hold the operands of the FMAs (32 spilled). Channel-vector tiles
/// count their registers themselves (channelVectorTile): an earlier "28
/// accumulators ran 30% faster than 14 on 7x7 planes" no longer held once
/// the 28 computed a row past the plane.
static int64_t accumulatorBudget(const TargetFacts &target) {
  return hasWideRegisterFile(target) ? 28 : 12;
}

/// Output channels per tile of two x-vectors: 12 with 32 registers (24
/// accumulators: measured best on 56x56 planes among 8 to 14), 6 with 16
/// (12 accumulators, two input vectors and a broadcast weight: 8 loads per
/// 12 FMAs where one x-vector by 8 channels needs 9 per 8).
static int64_t twoVectorChannelBlock(int64_t channels,
                                     const TargetFacts &target) {
  return hasWideRegisterFile(target) ? channelBlock(channels, 12)
                                     : channelBlock(channels, 6, 4);
}

/// channel_vector_conv tiles: `vectors` vectors of output channels times
/// `rows` rows of the `width`-column plane. Among the tiles whose
/// accumulators, weight vectors and broadcast input fit the registers (at
/// most 8 vectors, which already hide the FMA latency), the one taking the
/// fewest cycles in all: per input channel a tile issues max(FMAs, loads)
/// (both two a cycle), times its tiles, counting the rows and channels
/// computed past the edge (an overlapping last row tile, channels rounded
/// up to whole tiles); ties go to fewer loads. A kernel `tapColumns` wide
/// (its columns unrolled) has that many taps' weight vectors and broadcast
/// inputs live at once. Measured on AVX-512, 1x1 convs on 7x7 planes
/// (1024->1024, 320->1280) ran 13-14% faster with one row of two vectors
/// than with two rows of two (8 rows computed for 7), and slower with four
/// vectors (28 accumulators and 4 weight vectors spill); 3x3 convs (Zen 4)
/// faster with one vector than with two on 13x13 (64->256: 0.44 / 0.46 ms,
/// 26 accumulators spill) and 14x14 (64->256: 0.51 / 0.69-0.90 ms; two
/// rows of one vector, 28 accumulators: 0.84).
static SmallVector<int64_t> channelVectorTile(int64_t channels, int64_t height,
                                             int64_t width, int64_t tapColumns,
                                             const TargetFacts &target) {
  const int64_t lanes = target.lanes;
  const int64_t registers = hasWideRegisterFile(target) ? 32 : 16;
  const int64_t maxVectors =
      std::clamp<int64_t>(channels / lanes, int64_t(1), int64_t(8));
  SmallVector<int64_t> best = {lanes, 1};
  int64_t bestCycles = std::numeric_limits<int64_t>::max(), bestLoads = 0;
  for (int64_t rows = 1; rows <= height; ++rows) {
    for (int64_t vectors = 1; vectors <= maxVectors; ++vectors) {
      const int64_t fmas = vectors * rows * width;
      const int64_t loads = vectors + rows * width;
      if (fmas + (vectors + 1) * tapColumns > registers)
        break;
      const int64_t tiles = (height + rows - 1) / rows *
                            ((channels + vectors * lanes - 1) /
                             (vectors * lanes));
      const int64_t cycles = tiles * std::max(fmas, loads);
      if (cycles < bestCycles ||
          (cycles == bestCycles && tiles * loads < bestLoads)) {
        best = {vectors * lanes, rows};
        bestCycles = cycles;
        bestLoads = tiles * loads;
      }
    }
  }
  return best;
}

/// Whether a dense conv with `reductionTerms` products per output (1x1:
/// its input channels) producing `out` (NCHW) tiles vectors of output
/// channels rather than vectors of x.
/// - 1x1 convs on planes at most half a vector wide: x-vectors would be
///   mostly empty.
/// - Planes narrower than a vector, where a row holds two channel vectors
///   (or one, for kernels wider than a column: its neighbouring columns
///   share their input loads; SqueezeNet's 3x3 64->256 conv on 13x13 ran
///   0.53 ms as x-vectors, 0.44 as one channel vector, Zen 4):
///   one x-vector by 16 channels loads 17 values per 16 FMAs and computes
///   the empty lanes; two channel vectors by a 14-column row load 16 per 28
///   (MobileNet V1's 512x512 1x1 convs on 14x14 ran 0.63 -> 0.52 ms). But
///   each output is stored on its own (the tile is transposed to the plane)
///   and the channels are rounded up to whole vectors: so only for long
///   reductions (16 vectors of products or more) and when it computes fewer
///   outputs in all (MobileNet V2's 64->384 expansions and V3's 80- and
///   112-channel projections ran 2-8% slower as channel vectors).
static bool tilesChannelVectors(ArrayRef<int64_t> weight,
                                int64_t reductionTerms, ArrayRef<int64_t> out,
                                const TargetFacts &target) {
  const bool pointwise = weight[2] == 1 && weight[3] == 1;
  const int64_t lanes = target.lanes;
  if (out[1] < lanes)
    return false;
  if (out[3] * 2 <= lanes)
    return pointwise;
  if (out[3] >= lanes || out[1] < 2 * lanes || reductionTerms < 16 * lanes)
    return false;
  const int64_t tile =
      channelVectorTile(out[1], out[2], out[3], weight[3], target)[0];
  if (tile < 2 * lanes && pointwise)
    return false;
  const int64_t channelVectorWork = (out[1] + tile - 1) / tile * tile * out[3];
  const int64_t block = convChannelBlock(out[1], target);
  const int64_t xVectorWork =
      (out[1] + block - 1) / block * block * lanes;
  return channelVectorWork < xVectorWork;
}

/// Output channels per GPU thread: up to 4 (registers per accumulator),
/// dividing the count (with an overlapping last block the per-thread array
/// is not provably constant-indexed and goes to local memory).
static int64_t gpuChannelsPerThread(int64_t channels) {
  int64_t block = 4;
  while (channels % block)
    --block;
  return block;
}

/// GPU thread blocks: 128 threads (a multiple of the warp that leaves room
/// for several resident blocks per multiprocessor), tiles of up to 16 x 8
/// output pixels.
constexpr int64_t kGpuBlock[3] = {16, 8, 128};

/// An expansion conv computed inside its depthwise conv's GPU kernel with
/// more products per output than this spilled registers (ptxas unrolls a
/// short constant loop a long way; ShuffleNet V2 x2.0's later units on
/// sm_75 used all 255 registers).
constexpr int64_t kMaxGpuFusedReductionTerms = 128;

static ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

namespace {
/// A plan's parameters, to change some and make the attribute again.
struct PlanParameters {
  explicit PlanParameters(ScheduleAttr plan)
      : kind(plan.getKind()), vector(plan.getVector()), tile(plan.getTile()),
        tail(plan.getTail()), pad(plan.getPad()),
        placement(plan.getPlacement()), weights(plan.getWeights()),
        parallel(plan.getParallel()), unroll(plan.getUnroll()),
        pipeline(plan.getPipeline()), handoff(plan.getHandoff()) {}
  ScheduleAttr get(MLIRContext *context) const {
    return ScheduleAttr::get(context, kind, vector, tile, tail, pad, placement,
                             weights, parallel, unroll, pipeline, handoff);
  }
  ScheduleKind kind;
  int64_t vector;
  SmallVector<int64_t> tile;
  SplitTail tail;
  PadPlacement pad;
  Placement placement;
  WeightLayout weights;
  ParallelLoop parallel;
  TapUnroll unroll;
  int64_t pipeline;
  Handoff handoff;
};
} // namespace

/// Taps unrolled whole up to this many (a 7x7 depthwise conv's 49 become
/// straight-line FMAs), a row of taps up to this many columns; larger
/// windows loop, so code and compile time do not grow with the window (a
/// 60x80 max pool unrolled ran Halide's lowering for minutes).
constexpr int64_t kMaxUnrolledTaps = 64;
constexpr int64_t kMaxUnrolledColumns = 16;

static TapUnroll planTapUnroll(std::array<int64_t, 2> kernel) {
  if (kernel[0] * kernel[1] <= kMaxUnrolledTaps)
    return TapUnroll::all;
  return kernel[1] <= kMaxUnrolledColumns ? TapUnroll::columns
                                          : TapUnroll::none;
}

/// Most output rows in one channelwise_window tile: an accumulator each,
/// beside the input vectors their taps share.
constexpr int64_t kMaxWindowRows = 4;

/// Output rows per channelwise_window tile (CPU, taps unrolled): the tile's
/// rows are computed together, so an input row that several of them read
/// (kernel height > stride) is loaded once for all of them. Among 1 to
/// kMaxWindowRows rows, the tile with the fewest loads plus window ops
/// over the plane, counting the rows an overlapping last tile computes
/// again; ties to fewer rows (less code). A 3x3 stride-1 depthwise conv
/// on 56 rows takes 4 (18 loads and 36 FMAs a tile of x-vectors, against
/// 9 and 9 a row); a standalone one (128 channels of 56x56) ran 19%
/// faster so, a stride-2 one (64 channels, 112 -> 56) 6% (Zen 4).
static int64_t windowRowTile(Operation *op, int64_t outRows) {
  // Called for window ops only, which all have a window.
  const WindowGeometry window = *getWindowGeometry(op);
  const std::array<int64_t, 2> kernel = window.kernel;
  const std::array<int64_t, 2> step = {window.strides[0],
                                       window.dilations[0]};
  int64_t best = 1, bestCost = std::numeric_limits<int64_t>::max();
  for (int64_t rows = 1; rows <= std::min(kMaxWindowRows, outRows); ++rows) {
    SmallVector<bool> read((rows - 1) * step[0] + (kernel[0] - 1) * step[1] +
                           1);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t ky = 0; ky < kernel[0]; ++ky)
        read[r * step[0] + ky * step[1]] = true;
    const int64_t inputRows = llvm::count(read, true);
    const int64_t tiles = (outRows + rows - 1) / rows;
    const int64_t cost = tiles * (inputRows + rows * kernel[0]) * kernel[1];
    if (cost < bestCost) {
      best = rows;
      bestCost = cost;
    }
  }
  return best;
}

/// The plan of `op` alone (fusion is decided afterwards).
static ScheduleAttr planOp(Operation *op, const TargetFacts &target) {
  MLIRContext *context = op->getContext();
  const int64_t lanes = target.lanes;
  auto make = [&](ScheduleKind kind, int64_t vector = 0,
                  ArrayRef<int64_t> tile = {},
                  SplitTail tail = SplitTail::shift_inwards,
                  PadPlacement pad = PadPlacement::none,
                  WeightLayout weights = WeightLayout::oihw) {
    return ScheduleAttr::get(context, kind, vector, tile, tail, pad,
                             Placement::own, weights, ParallelLoop::none,
                             TapUnroll::all, /*pipeline=*/0,
                             Handoff::direct);
  };
  const bool padded = readsOutsideInput(op);
  switch (getOpFamily(op)) {
  case OpFamily::Unknown:
    return {};
  case OpFamily::View:
    return make(ScheduleKind::inlined);
  case OpFamily::Elementwise:
    // GPU: a kernel saved per activation, residual add or excitation
    // multiply, for a few extra loads and flops in the consumer.
    return target.gpu ? make(ScheduleKind::inlined)
                      : make(ScheduleKind::root, lanes);
  case OpFamily::Generic:
    // Global pooling: one value per channel, so vectors run over channels
    // (a root nest would vectorize the 1-wide x and add scalars).
    if (!target.gpu && isa<GlobalAvgPoolOp>(op))
      return make(ScheduleKind::plane_reduction, lanes);
    return make(ScheduleKind::root, target.gpu ? 0 : lanes);
  case OpFamily::Gemm: {
    if (target.gpu)
      return make(ScheduleKind::gemm);
    const int64_t features = shapeOf(op->getResult(0))[1];
    const int64_t tile =
        features < lanes ? 0 : features >= 4 * lanes ? 4 * lanes : lanes;
    // Constant weights packed per tile: read in [input][output] order, a
    // tile's loads stride a whole row (4 KB for 1000 outputs), a new page
    // per input feature that the prefetchers do not follow; measured on
    // AVX-512, a 1024x1000 classifier at batch 1 ran at 5-16% of peak so.
    const bool packed = tile > 0 && hasConstantWeights(cast<GemmOp>(op));
    return make(ScheduleKind::gemm, lanes, {tile}, SplitTail::shift_inwards,
                PadPlacement::none,
                packed ? WeightLayout::packed : WeightLayout::oihw);
  }
  case OpFamily::ChannelwiseWindow: {
    ScheduleAttr plan;
    if (target.gpu) {
      plan = make(ScheduleKind::channelwise_window, 0, {},
                  SplitTail::shift_inwards,
                  padded ? PadPlacement::staged : PadPlacement::none);
    } else {
      XSplit x = splitForVectors(shapeOf(op->getResult(0))[3], lanes);
      plan = make(ScheduleKind::channelwise_window,
                  x.factor >= 4 ? x.factor : 0, {x.factor, 1}, x.tail,
                  padded ? PadPlacement::per_channel : PadPlacement::none);
    }
    PlanParameters p(plan);
    p.unroll = planTapUnroll(getWindowKernel(op));
    // Rows share loads only when their taps are straight-line code.
    if (!target.gpu && p.unroll == TapUnroll::all) {
      const int64_t rows = windowRowTile(op, shapeOf(op->getResult(0))[2]);
      if (rows > 1)
        p.tile.push_back(rows);
    }
    return p.get(context);
  }
  case OpFamily::Conv: {
    auto conv = cast<Conv2dOp>(op);
    const int64_t channels = getTiledOutputChannels(conv);
    if (target.gpu)
      return make(ScheduleKind::conv, 0, {gpuChannelsPerThread(channels)},
                  SplitTail::shift_inwards,
                  padded ? PadPlacement::select : PadPlacement::none);
    ArrayRef<int64_t> weight = shapeOf(conv.getWeight());
    ArrayRef<int64_t> out = shapeOf(conv.getOutput());
    // Re-laid-out weights are packed per channel tile: a tile's weights
    // are then one sequential stream. In [output][input] order a 1x1
    // conv's tile of 16 channels read 16 streams, and in [input][output]
    // order ('io') each input channel's row of weights was a page apart
    // (4 KB for 1024 outputs), which the prefetchers do not follow:
    // MobileNet V1's 1024x1024 1x1 conv on 7x7 ran at 51% of peak so.
    const WeightLayout relaid = hasRelaidDenseWeights(conv)
                                    ? WeightLayout::packed
                                    : WeightLayout::oihw;
    // x-vectors would be mostly empty: vectors of output channels instead.
    if (hasRelaidDenseWeights(conv) &&
        tilesChannelVectors(weight, getReductionTerms(conv), out, target)) {
      // Larger kernels unroll their columns only: neighbouring columns of
      // a tile share input loads (SqueezeNet's 3x3 convs on 13x13 planes
      // ran 0.53 -> 0.35 ms so, and slower as x-vector tiles: 0.38 ms).
      PlanParameters p(make(ScheduleKind::channel_vector_conv, lanes,
                            channelVectorTile(out[1], out[2], out[3],
                                              weight[3], target),
                            SplitTail::shift_inwards,
                            padded ? PadPlacement::root : PadPlacement::none,
                            WeightLayout::packed));
      if (weight[2] * weight[3] > 1)
        p.unroll = TapUnroll::columns;
      return p.get(context);
    }
    // Planes of two vectors or more: two x-vectors per tile, so a
    // broadcast weight feeds two FMAs (fewer loads per FMA), with a smaller
    // channel block to stay within the registers. Not for a strided conv
    // whose rows take an odd number of vectors: its last two-vector tile
    // would compute a vector more than one-vector tiles do, and each
    // strided input vector costs a shuffle besides its loads (stride-2
    // stems, 3->32 channels on 112 columns and 3->64 on 111, ran 23% faster
    // as one vector by 16 channels than as two by 8, Zen 4). Stride-1
    // convs are flattened where that computes fewer vectors (flattenPlane).
    const int64_t rowVectors = (out[3] + lanes - 1) / lanes;
    if (out[3] >= 2 * lanes &&
        (conv.getStrides()[1] == 1 || rowVectors % 2 == 0))
      return make(ScheduleKind::conv, lanes, {2 * lanes,
                  twoVectorChannelBlock(channels, target)},
                  SplitTail::shift_inwards,
                  padded ? PadPlacement::root : PadPlacement::none, relaid);
    XSplit x = splitForVectors(out[3], lanes);
    return make(ScheduleKind::conv, x.factor >= 4 ? x.factor : 0,
                {x.factor, convChannelBlock(channels, target)}, x.tail,
                padded ? PadPlacement::root : PadPlacement::none, relaid);
  }
  }
  return {};
}


static ScheduleAttr withPlacement(ScheduleAttr plan, Placement placement) {
  PlanParameters p(plan);
  p.placement = placement;
  return p.get(plan.getContext());
}

static ScheduleAttr withChannelTile(ScheduleAttr plan, int64_t block) {
  PlanParameters p(plan);
  p.tile[1] = block;
  return p.get(plan.getContext());
}

static ScheduleAttr withPad(ScheduleAttr plan, PadPlacement pad) {
  PlanParameters p(plan);
  p.pad = pad;
  return p.get(plan.getContext());
}

/// Output rows (times the batch) below which a convolution's threads split
/// its channel blocks instead, when it has more of them: 7 rows split 4:3
/// between two threads.
constexpr int64_t kMinParallelRows = 8;

static int64_t numElements(ArrayRef<int64_t> shape) {
  int64_t elements = 1;
  for (int64_t extent : shape)
    elements *= extent;
  return elements;
}

/// One thread's time for an op's loop nest, in the time of one
/// multiply-accumulate of a dense convolution (about 1/20 of a cycle with
/// AVX-512): the other loop nests do less arithmetic per value they load
/// and store (relative costs read off Halide's profile of the zoo at one
/// thread: an element-wise value, a window tap or a gemm MAC costs 2 to 4
/// conv MACs).
static int64_t estimateSerialWork(Operation *op, ScheduleAttr plan) {
  const int64_t outputs = numElements(shapeOf(op->getResult(0)));
  switch (plan.getKind()) {
  case ScheduleKind::conv:
  case ScheduleKind::channel_vector_conv:
  case ScheduleKind::flat_conv: {
    auto conv = cast<Conv2dOp>(op);
    ArrayRef<int64_t> weight = shapeOf(conv.getWeight());
    return outputs * weight[1] * weight[2] * weight[3];
  }
  case ScheduleKind::channelwise_window: {
    std::array<int64_t, 2> kernel = getWindowKernel(op);
    int64_t work = 3 * outputs * kernel[0] * kernel[1];
    // An expansion conv computed inside it is part of its loop nest.
    Operation *producer = op->getOperand(0).getDefiningOp();
    if (ScheduleAttr fused = producer ? getSchedule(producer) : ScheduleAttr())
      if (fused.getPlacement() == Placement::consumer)
        work += estimateSerialWork(producer, fused);
    return work;
  }
  case ScheduleKind::gemm:
    return 4 * outputs * shapeOf(op->getOperand(0)).back();
  case ScheduleKind::plane_reduction:
    return 2 * numElements(shapeOf(op->getOperand(0)));
  case ScheduleKind::root:
  case ScheduleKind::inlined:
    return 3 * outputs;
  }
  return outputs;
}

/// Loop nests cheaper than this (about 0.4 us on one thread) stay serial:
/// handing half of a loop to the library's spinning workers
/// (riffle_glue_threads.c) and waiting for the last task costs a few
/// cache-line transfers, more than the halves of a tinier loop save. The
/// bound was 10x higher while the loops woke Halide's sleeping workers
/// (tens of microseconds); lowered to this, A/B at 2 threads (Zen 4, min
/// ratios over 7 rounds): MobileNet V3-small 0.95, V3-large 0.96,
/// ShuffleNet V2 x0.5 0.98; splitting every loop gained nothing more.
constexpr int64_t kMinParallelWork = 30000;

/// The loop the CPU threads split (`parallel` in RiffleAttrs.td): none for
/// GPUs, for ops computed inside another's loop nest and for short ones.
static ParallelLoop planParallel(Operation *op, ScheduleAttr plan,
                                 const TargetFacts &target) {
  if (target.gpu || plan.getPlacement() != Placement::own)
    return ParallelLoop::none;
  if (op->getNumResults() == 1 &&
      estimateSerialWork(op, plan) < kMinParallelWork)
    return ParallelLoop::none;
  switch (plan.getKind()) {
  case ScheduleKind::inlined:
    return ParallelLoop::none;
  case ScheduleKind::root: {
    ArrayRef<int64_t> shape = shapeOf(op->getResult(0));
    if (shape.size() >= 4)
      return ParallelLoop::channels;
    return shape.size() >= 2 && shape[0] > 1 ? ParallelLoop::outer
                                             : ParallelLoop::none;
  }
  case ScheduleKind::conv:
  case ScheduleKind::flat_conv: {
    auto conv = cast<Conv2dOp>(op);
    ArrayRef<int64_t> out = shapeOf(conv.getOutput());
    const int64_t rows = out[0] * out[2];
    const int64_t channels = getTiledOutputChannels(conv);
    const int64_t block = plan.getTileSize(1, 1);
    const int64_t blocks =
        (channels + block - 1) / block * out[0] * conv.getGroups();
    return rows < kMinParallelRows && blocks > rows ? ParallelLoop::channels
                                                    : ParallelLoop::rows;
  }
  case ScheduleKind::gemm:
    return plan.getTileSize(0) == 0 ? ParallelLoop::none
                                    : ParallelLoop::channels;
  case ScheduleKind::channel_vector_conv: {
    // Few channel tiles split unevenly between threads (three on two):
    // the threads split the rows then. MobileNet V2, whose 14x14
    // projections have 64 and 96 channels, ran 6% slower at 2 threads with
    // its channel tiles split, 1.5% faster with its rows split.
    ArrayRef<int64_t> out = shapeOf(op->getResult(0));
    const int64_t tile = plan.getTileSize(0, 1);
    const int64_t tiles = (out[1] + tile - 1) / tile * out[0];
    const int64_t rowTiles =
        (out[2] + plan.getTileSize(1, 1) - 1) / plan.getTileSize(1, 1) *
        out[0];
    return tiles < kMinParallelRows && rowTiles > tiles
               ? ParallelLoop::rows
               : ParallelLoop::channels;
  }
  case ScheduleKind::channelwise_window:
  case ScheduleKind::plane_reduction:
    return ParallelLoop::channels;
  }
  return ParallelLoop::none;
}

/// An inverted residual's expansion: a dense conv whose only use is this
/// depthwise conv (without channel maps) is computed inside it, a block
/// of channels at a time, so the expanded tensor stays in cache (CPU) or
/// shared memory (GPU). Returns whether it fused.
static bool fuseProducer(Conv2dOp consumer, const TargetFacts &target) {
  ScheduleAttr consumerPlan = getSchedule(consumer);
  if (!consumerPlan ||
      consumerPlan.getKind() != ScheduleKind::channelwise_window ||
      consumer.getInputChannelMap() || consumer.getOutputChannelMap() ||
      !consumer.getInput().hasOneUse())
    return false;
  auto producer = consumer.getInput().getDefiningOp<Conv2dOp>();
  ScheduleAttr producerPlan = producer ? getSchedule(producer) : ScheduleAttr();
  if (!producerPlan || producerPlan.getKind() != ScheduleKind::conv ||
      producer.getGroups() != 1)
    return false;
  if (target.gpu) {
    if (getReductionTerms(producer) > kMaxGpuFusedReductionTerms)
      return false;
    // The producer's tile is staged instead; the padding reads it inline.
    if (consumerPlan.getPad() == PadPlacement::staged)
      consumer->setAttr(kScheduleAttrName,
                        withPad(consumerPlan, PadPlacement::select));
    producer->setAttr(kScheduleAttrName,
                      withPlacement(producerPlan, Placement::consumer));
    return true;
  }
  // Channels go by in the producer's register blocks: the block's expanded
  // planes are computed, then padded and convolved a plane at a time.
  const int64_t channels = shapeOf(consumer.getOutput())[1];
  const bool twoVectors = producerPlan.getTile()[0] > target.lanes;
  int64_t block = twoVectors ? twoVectorChannelBlock(channels, target)
                             : convChannelBlock(channels, target);
  consumer->setAttr(kScheduleAttrName, withChannelTile(consumerPlan, block));
  producer->setAttr(
      kScheduleAttrName,
      withPlacement(withChannelTile(producerPlan, block), Placement::consumer));
  return true;
}

/// Whether the storage `value` is read from is exactly its plane, dense
/// (a reader in `pipeline`): its loop nest's own (no tile computing past
/// the edge, no reader making it compute more, not computed inside
/// another's loop), a function argument read as it is, or a buffer handed
/// on directly; through channel views and inlined ops, their operands'.
/// A flattened position p then reads (p % width) + (p / width) * width,
/// which Halide simplifies to p: one dense vector load.
static bool storageIsPlane(Value value, int64_t pipeline) {
  auto argument = dyn_cast<BlockArgument>(value);
  if (argument) {
    auto func = dyn_cast<func::FuncOp>(argument.getOwner()->getParentOp());
    return func && !func.getArgAttr(argument.getArgNumber(),
                                    kScheduleAttrName);
  }
  Operation *producer = value.getDefiningOp();
  ScheduleAttr plan = getSchedule(producer);
  if (!plan || plan.getPlacement() != Placement::own)
    return false;
  if (plan.getKind() == ScheduleKind::inlined)
    return llvm::all_of(producer->getOperands(), [&](Value operand) {
      return isa<RankedTensorType>(operand.getType()) &&
             (isa_and_nonnull<arith::ConstantOp>(operand.getDefiningOp()) ||
              storageIsPlane(operand, pipeline));
    });
  if (plan.getPipeline() != pipeline && plan.getHandoff() == Handoff::padded)
    return false;
  // A flattened conv's rows are its pitch apart, wider than its plane's.
  if (auto conv = dyn_cast<Conv2dOp>(producer))
    if (plan.getKind() == ScheduleKind::flat_conv &&
        flatConvPitch(conv) != shapeOf(conv.getOutput())[3])
      return false;
  return plan.getTail() != SplitTail::round_up && readsStayInPlane(value);
}

/// CPU: a dense conv with stride 1 planned as x-vector tiles is computed
/// over its flattened plane (kind flat_conv) when that takes fewer vector
/// FMAs: on planes whose width is not a multiple of the tile, every row's
/// last tile is partly empty (28- and 56-wide planes: 12.5% of the lanes
/// at AVX-512; 55-wide ones 14%), and planes narrower than a vector take
/// narrower vectors (7 columns: 8-lane vectors, 7 per channel against 4
/// flat). A 1x1 conv's positions are its plane's; a larger kernel's are
/// its input's, rows a pitch of width + kernel - 1 apart (its padded copy,
/// computed once, or its unpadded input), the kernel - 1 columns past each
/// row computed and never read (55-wide: 57 lanes a row against 64).
/// Needs every reader to stay in the plane and the storage it reads to be
/// exactly its input plane (else the loads become gathers): a padded copy
/// of its own (pad = root) or, unpadded, its input's storage; a larger
/// kernel's is its own loop nest (not computed in its consumer's).
/// Tiles of two vectors of positions times up to 12 channels. Returns
/// whether it flattened.
static bool flattenPlane(Conv2dOp conv, const TargetFacts &target) {
  ScheduleAttr plan = getSchedule(conv);
  if (target.gpu || !plan || plan.getKind() != ScheduleKind::conv ||
      !isFlattenableConv(conv) || !readsStayInPlane(conv.getOutput()))
    return false;
  ArrayRef<int64_t> out = shapeOf(conv.getOutput());
  const bool pitched = flatConvPitch(conv) != out[3];
  if (pitched && plan.getPlacement() != Placement::own)
    return false;
  if (readsOutsideInput(conv) ? plan.getPad() != PadPlacement::root
                              : !storageIsPlane(conv.getInput(),
                                                plan.getPipeline()))
    return false;
  const int64_t lanes = target.lanes;
  const int64_t positions = flatConvPositions(conv);
  if (positions < lanes)
    return false;
  if (plan.getVector() < 4)
    return false; // scalar columns: planes too narrow to matter
  // Two vectors of positions, with a channel block that fits them.
  PlanParameters p(plan);
  int64_t block = p.tile[1];
  if (positions >= 2 * lanes && 2 * block > accumulatorBudget(target))
    block = twoVectorChannelBlock(out[1], target);
  const int64_t tile =
      positions >= 2 * lanes && 2 * block <= accumulatorBudget(target)
          ? 2 * lanes
          : lanes;
  // Vector FMAs per output channel and input term: the rows' tiles of
  // the plan's (narrower on planes under a vector) against the flat tiles.
  const int64_t columns = plan.getTileSize(0, 1);
  const int64_t rowVectors = out[2] * ((out[3] + columns - 1) / columns) *
                             (columns / plan.getVector());
  const int64_t flatVectors = (positions + tile - 1) / tile * (tile / lanes);
  if (flatVectors >= rowVectors)
    return false;
  // The depthwise conv computing a fused one goes by the same blocks.
  if (block != p.tile[1] && p.placement == Placement::consumer) {
    Operation *consumer = *conv->user_begin();
    consumer->setAttr(kScheduleAttrName,
                      withChannelTile(getSchedule(consumer), block));
  }
  p.tile = {tile, block};
  p.kind = ScheduleKind::flat_conv;
  p.vector = lanes;
  p.tail = SplitTail::shift_inwards;
  conv->setAttr(kScheduleAttrName, p.get(conv.getContext()));
  return true;
}

/// CPU: an element-wise op whose only use is an element-wise op of the
/// same shape is computed inside that op's loop (no pass over memory of its
/// own): a batch norm exported as Mul then Add (DenseNet's, after each
/// concat) becomes one loop. Returns whether it inlined.
static bool inlineIntoElementwiseUser(Operation &op,
                                      const TargetFacts &target) {
  if (target.gpu || getOpFamily(&op) != OpFamily::Elementwise ||
      op.getNumResults() != 1 || !op.hasOneUse())
    return false;
  Operation *user = *op.user_begin();
  ScheduleAttr userPlan = getSchedule(user);
  if (getOpFamily(user) != OpFamily::Elementwise || !userPlan ||
      userPlan.getKind() != ScheduleKind::root ||
      user->getResult(0).getType() != op.getResult(0).getType())
    return false;
  PlanParameters p(getSchedule(&op));
  p.kind = ScheduleKind::inlined;
  p.vector = 0;
  op.setAttr(kScheduleAttrName, p.get(op.getContext()));
  return true;
}

/// Whether `user` reads its input through a padded copy of its own.
static bool padsItsInput(Operation *user) {
  ArrayRef<int64_t> pads;
  if (auto conv = dyn_cast<Conv2dOp>(user))
    pads = conv.getPads();
  else if (auto pool = dyn_cast<MaxPool2dOp>(user))
    pads = pool.getPads();
  else if (auto pool = dyn_cast<AvgPool2dOp>(user))
    pads = pool.getPads();
  return llvm::any_of(pads, [](int64_t pad) { return pad > 0; });
}

/// Halide Funcs the lowering makes for `op` as planned (those its passes
/// walk: not the inlined ones), roughly: the loop nest, an accumulator for
/// the reducing kinds, a padded input computed on its own.
static int64_t estimateHalideFuncs(Operation *op, ScheduleAttr plan) {
  int64_t funcs = 0;
  switch (plan.getKind()) {
  case ScheduleKind::inlined:
    return 0;
  case ScheduleKind::root:
    funcs = isa<SoftmaxOp>(op) ? 3 : 1;
    break;
  case ScheduleKind::conv:
  case ScheduleKind::channelwise_window:
  case ScheduleKind::channel_vector_conv:
  case ScheduleKind::flat_conv:
  case ScheduleKind::gemm:
  case ScheduleKind::plane_reduction:
    funcs = 2;
    break;
  }
  if (plan.getPad() == PadPlacement::root ||
      plan.getPad() == PadPlacement::per_channel)
    ++funcs;
  return funcs;
}

/// Whether later pipelines can read `op`'s results from a buffer: they
/// are computed by a loop nest of the op's own (not views, not computed
/// inside another op).
static bool canHandOff(Operation *op) {
  ScheduleAttr plan = getSchedule(op);
  return plan && plan.getKind() != ScheduleKind::inlined &&
         plan.getPlacement() == Placement::own;
}

/// Splits a CPU function into several Halide pipelines of at most about
/// `maxFuncs` Funcs each (0: never): Halide's lowering walks the whole
/// statement once per Func in several of its passes, so one pipeline's
/// compile time grows with the square of its Funcs (DenseNet-121's 311
/// Funcs spent 79 s there). A pipeline may end after an op where every
/// value a later op reads comes from a loop nest of its own (no views:
/// each handoff is one buffer). Results read by a later
/// pipeline are handed off `padded` when a reader there does not pad its
/// input itself, as function arguments are. Returns the number of
/// pipelines.
static int64_t planPipelines(Block &body, int64_t maxFuncs) {
  SmallVector<Operation *> ops;
  for (Operation &op : body)
    if (getSchedule(&op))
      ops.push_back(&op);
  const size_t n = ops.size();
  if (maxFuncs <= 0 || n < 2)
    return 1;
  llvm::DenseMap<Operation *, size_t> position;
  for (auto [i, op] : llvm::enumerate(ops))
    position[op] = i;
  SmallVector<int64_t> funcs, elements;
  SmallVector<size_t> lastUse(n, 0); // n: read by the return
  for (auto [i, op] : llvm::enumerate(ops)) {
    funcs.push_back(estimateHalideFuncs(op, getSchedule(op)));
    int64_t count = 0;
    for (Type type : op->getResultTypes())
      count += cast<RankedTensorType>(type).getNumElements();
    elements.push_back(count);
    for (Operation *user : op->getUsers()) {
      auto it = position.find(user);
      lastUse[i] = std::max(lastUse[i], it == position.end() ? n : it->second);
    }
  }
  // Per point after ops[b]: whether a pipeline may end there, and the
  // elements live across it.
  SmallVector<bool> canEnd(n, true);
  SmallVector<int64_t> live(n, 0);
  for (size_t b = 0; b + 1 < n; ++b)
    for (size_t i = 0; i <= b; ++i)
      if (lastUse[i] > b) {
        canEnd[b] = canEnd[b] && canHandOff(ops[i]);
        live[b] += elements[i];
      }
  // The pipelines: each fits in `maxFuncs` where the function allows it
  // (else overflows least), then the fewest elements live across the
  // points they end at (block boundaries: a DenseNet transition rather
  // than inside a dense block), then the fewest pipelines. best[j]: the
  // best split of ops[0, j), ending at from[j].
  using Cost = std::tuple<int64_t, int64_t, int64_t>;
  SmallVector<int64_t> prefix(n + 1, 0);
  for (size_t i = 0; i < n; ++i)
    prefix[i + 1] = prefix[i] + funcs[i];
  SmallVector<std::optional<Cost>> best(n + 1);
  SmallVector<size_t> from(n + 1, 0);
  best[0] = Cost{0, 0, 0};
  for (size_t j = 1; j <= n; ++j) {
    if (j < n && !canEnd[j - 1])
      continue;
    for (size_t i = 0; i < j; ++i) {
      if (!best[i])
        continue;
      auto [overflow, handed, pipelines] = *best[i];
      Cost cost{overflow + std::max<int64_t>(0, prefix[j] - prefix[i] -
                                                    maxFuncs),
                handed + (j < n ? live[j - 1] : 0), pipelines + 1};
      if (!best[j] || cost < *best[j]) {
        best[j] = cost;
        from[j] = i;
      }
    }
  }
  SmallVector<size_t> starts;
  for (size_t j = n; j > 0; j = from[j])
    starts.push_back(from[j]);
  std::reverse(starts.begin(), starts.end());
  MLIRContext *context = body.getParentOp()->getContext();
  int64_t pipeline = -1;
  for (auto [i, op] : llvm::enumerate(ops)) {
    if (pipeline + 1 < static_cast<int64_t>(starts.size()) &&
        starts[pipeline + 1] == i)
      ++pipeline;
    PlanParameters p(getSchedule(op));
    p.pipeline = pipeline;
    op->setAttr(kScheduleAttrName, p.get(context));
  }
  // Handoffs, now that every reader's pipeline is known.
  for (Operation *op : ops) {
    PlanParameters p(getSchedule(op));
    bool padded = false;
    for (Operation *user : op->getUsers()) {
      ScheduleAttr userPlan = getSchedule(user);
      if (userPlan && userPlan.getPipeline() > p.pipeline &&
          !padsItsInput(user))
        padded = true;
    }
    p.handoff = padded && llvm::all_of(op->getResultTypes(), [](Type type) {
                  return cast<RankedTensorType>(type).getRank() == 4;
                })
                    ? Handoff::padded
                    : Handoff::direct;
    op->setAttr(kScheduleAttrName, p.get(context));
  }
  return static_cast<int64_t>(starts.size());
}

namespace {
struct PlanCodegenPass : riffle::impl::PlanCodegenBase<PlanCodegenPass>,
                         PassCounters {
  using PlanCodegenBase::PlanCodegenBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    lastRun.clear();
    if (func.isExternal())
      return;
    if (func->hasAttr(kTargetAttrName) && !replace)
      return; // a plan of its own (hand-edited): kept
    FailureOr<TargetFacts> facts = describeTarget(target);
    if (failed(facts)) {
      func.emitError("riffle-plan-codegen: '")
          << target << "' is not a Halide target string";
      return signalPassFailure();
    }
    MLIRContext *context = func.getContext();
    // First, as every decision below depends on the shapes: a batch
    // computed one sample at a time is planned as one sample.
    uint64_t sampleLoops = 0;
    if (sampleLoop && !facts->gpu && !func->hasAttr(kSampleLoopAttrName))
      if (std::optional<int64_t> batch = getSeparableBatch(func)) {
        planSampleLoop(func, *batch);
        sampleLoops = 1;
      }
    SmallVector<int64_t, 3> gpuBlock;
    if (facts->gpu)
      gpuBlock.assign(std::begin(kGpuBlock), std::end(kGpuBlock));
    func->setAttr(kTargetAttrName,
                  TargetAttr::get(context, facts->name, facts->lanes,
                                  facts->gpu, gpuBlock));
    uint64_t planned = 0, fused = 0, inlined = 0, paddedArguments = 0;
    Block &body = func.getBody().front();
    for (Operation &op : body) {
      op.removeAttr(kScheduleAttrName);
      if (ScheduleAttr plan = planOp(&op, *facts)) {
        op.setAttr(kScheduleAttrName, plan);
        ++planned;
      }
    }
    // The copying baseline of the shuffle fusion's measurement: a shuffle
    // computed on its own, as runtimes without the fusion do.
    if (materializeShuffles)
      for (Operation &op : body)
        if (isa<ChannelShuffleOp>(op))
          op.setAttr(kScheduleAttrName,
                     ScheduleAttr::get(context, ScheduleKind::root,
                                       facts->gpu ? 0 : facts->lanes, {},
                                       SplitTail::shift_inwards,
                                       PadPlacement::none, Placement::own,
                                       WeightLayout::oihw, ParallelLoop::none,
                                       TapUnroll::all, /*pipeline=*/0,
                                       Handoff::direct));
    for (Operation &op : body)
      if (auto conv = dyn_cast<Conv2dOp>(op))
        fused += fuseProducer(conv, *facts);
    // In order: a chain of such ops inlines into its last one.
    for (Operation &op : body)
      inlined += inlineIntoElementwiseUser(op, *facts);
    for (Operation &op : body)
      if (ScheduleAttr plan = getSchedule(&op)) {
        PlanParameters p(plan);
        p.parallel = planParallel(&op, plan, *facts);
        op.setAttr(kScheduleAttrName, p.get(context));
      }
    // GPU: an op whose only use is a function result is computed by the
    // result's kernel (no copy kernel).
    if (facts->gpu)
      for (Value result : body.getTerminator()->getOperands()) {
        Operation *op = result.getDefiningOp();
        ScheduleAttr plan = op ? getSchedule(op) : ScheduleAttr();
        if (plan && result.hasOneUse() && hasOwnResultFunc(op) &&
            plan.getKind() != ScheduleKind::inlined &&
            plan.getPlacement() == Placement::own)
          op->setAttr(kScheduleAttrName,
                      withPlacement(plan, Placement::result));
      }
    const int64_t pipelines =
        facts->gpu ? 1 : planPipelines(body, maxPipelineFuncs);
    for (BlockArgument argument : body.getArguments()) {
      func.removeArgAttr(argument.getArgNumber(), kScheduleAttrName);
      auto type = dyn_cast<RankedTensorType>(argument.getType());
      if (facts->gpu || !type || type.getRank() != 4 ||
          llvm::all_of(argument.getUsers(), padsItsInput))
        continue;
      func.setArgAttr(argument.getArgNumber(), kScheduleAttrName,
                      ScheduleAttr::get(context, ScheduleKind::root, 0, {},
                                        SplitTail::shift_inwards,
                                        PadPlacement::root, Placement::own,
                                        WeightLayout::oihw,
                                        ParallelLoop::channels,
                                        TapUnroll::all, /*pipeline=*/0,
                                        Handoff::direct));
      ++paddedArguments;
    }
    // Last: it asks how every reader and producer is planned.
    uint64_t flattened = 0;
    for (Operation &op : body)
      if (auto conv = dyn_cast<Conv2dOp>(op))
        flattened += flattenPlane(conv, *facts);
    numPlanned += planned;
    numFusedProducers += fused;
    numInlinedElementwise += inlined;
    numPaddedArguments += paddedArguments;
    numFlattenedPlanes += flattened;
    numPipelines += pipelines;
    numSampleLoops += sampleLoops;
    lastRun = {{"ops-planned", "ops given a schedule", planned},
               {"producers-fused", "convolutions computed inside their consumer",
                fused},
               {"elementwise-inlined",
                "element-wise ops computed inside their element-wise user",
                inlined},
               {"arguments-padded", "arguments read through a padded copy",
                paddedArguments},
               {"planes-flattened",
                "1x1 convolutions computed over their flattened plane",
                flattened},
               {"pipelines", "Halide pipelines the functions are split into",
                static_cast<uint64_t>(pipelines)},
               {"sample-loops", "functions planned one sample at a time",
                sampleLoops}};
    // Attributes only, unless the function was re-typed to one sample.
    if (!sampleLoops)
      markAllAnalysesPreserved();
  }
};
} // namespace
