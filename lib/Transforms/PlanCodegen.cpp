//===- PlanCodegen.cpp - The code-generation plan -------------------------===//
//
// riffle-plan-codegen: every decision of code generation, made here for
// one target and written into the IR (include/riffle/Dialect/Riffle/
// CodegenPlan.h; the attributes' documentation in RiffleAttrs.td says what
// each parameter makes the Halide emitter do). The choices, per op shape
// (DESIGN.md, "Code generation"; measured there):
//  - CPU convolutions: register tiles of a vector of x (or the smallest
//    power of two covering a narrower plane, computed past the edge) times
//    a block of output channels (up to 16 with AVX-512's 32 registers, 8
//    otherwise; the block size computing the fewest channels in all);
//    dense 1x1 convolutions on planes narrower than half a vector tile a
//    vector of output channels times two rows instead, their weights laid
//    out output channel innermost;
//  - CPU depthwise convolutions and pools: one padded channel plane at a
//    time; an inverted residual's expansion conv (a dense conv whose only
//    use is a depthwise conv without channel maps) is computed inside it a
//    channel block at a time;
//  - GPU: convolutions give each thread the largest of 4, 3, 2, 1 output
//    channels dividing the count; depthwise convolutions and pools stage
//    their padded tile in shared memory; an expansion conv with at most 128
//    products per output is computed inside its depthwise conv's kernel
//    (longer ones spilled registers); element-wise ops are inlined; an op
//    whose only use is a function result is computed by the result's
//    kernel;
//  - CPU function arguments read by anything that does not pad them itself
//    go through a padded copy (narrow tiles compute, and so read, a few
//    columns past the edge).
//
//===----------------------------------------------------------------------===//

#include "riffle/Dialect/Riffle/CodegenPlan.h"
#include "riffle/Transforms/PassCounters.h"
#include "riffle/Transforms/Passes.h"

#include "Halide.h"

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

/// Output channels per register tile: the block size between 8 and `most`
/// that computes the fewest channels in all (blocks overlap at the end),
/// the largest such block on ties; all of them when there are fewer.
static int64_t channelBlock(int64_t channels, int64_t most) {
  if (channels <= most)
    return channels;
  int64_t best = most;
  int64_t bestWork = (channels + most - 1) / most * most;
  for (int64_t block = most - 1; block >= 8; --block) {
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

/// Output channels per GPU thread: up to 4 (registers per accumulator),
/// dividing the count (with an overlapping last block the per-thread array
/// is not provably constant-indexed and goes to local memory).
static int64_t gpuChannelsPerThread(int64_t channels) {
  int64_t block = 4;
  while (channels % block)
    --block;
  return block;
}

/// An expansion conv computed inside its depthwise conv's GPU kernel with
/// more products per output than this spilled registers (ptxas unrolls a
/// short constant loop a long way; ShuffleNet V2 x2.0's later units on
/// sm_75 used all 255 registers).
constexpr int64_t kMaxGpuFusedReductionTerms = 128;

static ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
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
                             Placement::own, weights);
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
    return make(ScheduleKind::root, target.gpu ? 0 : lanes);
  case OpFamily::Gemm: {
    if (target.gpu)
      return make(ScheduleKind::gemm);
    const int64_t features = shapeOf(op->getResult(0))[1];
    const int64_t tile =
        features < lanes ? 0 : features >= 4 * lanes ? 4 * lanes : lanes;
    return make(ScheduleKind::gemm, lanes, {tile});
  }
  case OpFamily::ChannelwiseWindow: {
    if (target.gpu)
      return make(ScheduleKind::channelwise_window, 0, {},
                  SplitTail::shift_inwards,
                  padded ? PadPlacement::staged : PadPlacement::none);
    XSplit x = splitForVectors(shapeOf(op->getResult(0))[3], lanes);
    return make(ScheduleKind::channelwise_window, x.factor >= 4 ? x.factor : 0,
                {x.factor, 1}, x.tail,
                padded ? PadPlacement::per_channel : PadPlacement::none);
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
    // x-vectors would be mostly empty: vectors of output channels instead.
    if (hasRelaidDenseWeights(conv) && weight[2] == 1 && weight[3] == 1 &&
        out[3] * 2 <= lanes && out[1] >= lanes)
      return make(ScheduleKind::channel_vector_conv, lanes,
                  {lanes, out[2] >= 2 ? 2 : 1}, SplitTail::shift_inwards,
                  PadPlacement::none, WeightLayout::io);
    XSplit x = splitForVectors(out[3], lanes);
    return make(ScheduleKind::conv, x.factor >= 4 ? x.factor : 0,
                {x.factor, convChannelBlock(channels, target)}, x.tail,
                padded ? PadPlacement::root : PadPlacement::none);
  }
  }
  return {};
}

static ScheduleAttr withPlacement(ScheduleAttr plan, Placement placement) {
  return ScheduleAttr::get(plan.getContext(), plan.getKind(), plan.getVector(),
                           plan.getTile(), plan.getTail(), plan.getPad(),
                           placement, plan.getWeights());
}

static ScheduleAttr withChannelTile(ScheduleAttr plan, int64_t block) {
  SmallVector<int64_t> tile(plan.getTile());
  tile[1] = block;
  return ScheduleAttr::get(plan.getContext(), plan.getKind(), plan.getVector(),
                           tile, plan.getTail(), plan.getPad(),
                           plan.getPlacement(), plan.getWeights());
}

static ScheduleAttr withPad(ScheduleAttr plan, PadPlacement pad) {
  return ScheduleAttr::get(plan.getContext(), plan.getKind(), plan.getVector(),
                           plan.getTile(), plan.getTail(), pad,
                           plan.getPlacement(), plan.getWeights());
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
  int64_t block = convChannelBlock(shapeOf(consumer.getOutput())[1], target);
  consumer->setAttr(kScheduleAttrName, withChannelTile(consumerPlan, block));
  producer->setAttr(
      kScheduleAttrName,
      withPlacement(withChannelTile(producerPlan, block), Placement::consumer));
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
    func->setAttr(kTargetAttrName, TargetAttr::get(context, facts->name,
                                                   facts->lanes, facts->gpu));
    uint64_t planned = 0, fused = 0, paddedArguments = 0;
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
                                       WeightLayout::oihw));
    for (Operation &op : body)
      if (auto conv = dyn_cast<Conv2dOp>(op))
        fused += fuseProducer(conv, *facts);
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
                                        WeightLayout::oihw));
      ++paddedArguments;
    }
    numPlanned += planned;
    numFusedProducers += fused;
    numPaddedArguments += paddedArguments;
    lastRun = {{"ops-planned", "ops given a schedule", planned},
               {"producers-fused", "convolutions computed inside their consumer",
                fused},
               {"arguments-padded", "arguments read through a padded copy",
                paddedArguments}};
    markAllAnalysesPreserved();
  }
};
} // namespace
