//===- LowerConv.cpp - conv2d, gemm, batch_norm to Halide -----------------===//
//
// conv2d and gemm are two Funcs: an accumulator (the bias, then one RDom
// update over (kw, kh, input channel in group), reading an explicitly padded
// input) and a pure Func applying the fused activation to it, which the
// schedule tiles (LowerSchedule.cpp computes the accumulator per register
// tile). Channel maps are int32 lookup tables: output channel c computes
// filter oc = output_map[c] and reads input channel
// input_map[group(oc) * inPerGroup + i].
//
//===----------------------------------------------------------------------===//

#include "LowerInternal.h"

#include <tuple>

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::lowering;

namespace {
/// Input channels [0, length) of one reduction of a dense convolution: they
/// are channels firstChannel + i of `source`, and their weights are at
/// weightOffset + i of the re-laid-out weights.
struct ReductionSegment {
  Halide::Func source;
  int64_t firstChannel, length, weightOffset;
};
} // namespace

/// The input channels a dense convolution reads, in reduction order k, as
/// (source, channel) pairs, sorted so that each source's channels are
/// contiguous; `order[j]` is the original k of sorted position j.
static SmallVector<ReductionSegment>
segmentDenseReduction(const HTensor &input,
                      std::optional<ArrayRef<int64_t>> inputMap,
                      int64_t inPerGroup, SmallVectorImpl<int64_t> &order) {
  struct Read {
    int64_t source, channel, k;
  };
  SmallVector<Read> reads;
  const bool isView = !input.viewSources.empty();
  for (int64_t k = 0; k < inPerGroup; ++k) {
    int64_t ic = inputMap ? (*inputMap)[k] : k;
    if (isView)
      reads.push_back({input.viewSourceOf[ic], input.viewChannels[ic], k});
    else
      reads.push_back({0, ic, k});
  }
  llvm::stable_sort(reads, [](const Read &a, const Read &b) {
    return std::tie(a.source, a.channel) < std::tie(b.source, b.channel);
  });
  SmallVector<ReductionSegment> segments;
  for (size_t j = 0; j < reads.size(); ++j) {
    order.push_back(reads[j].k);
    if (j > 0 && reads[j].source == reads[j - 1].source &&
        reads[j].channel == reads[j - 1].channel + 1) {
      ++segments.back().length;
      continue;
    }
    segments.push_back({isView ? input.viewSources[reads[j].source]
                               : input.func,
                        reads[j].channel, 1, static_cast<int64_t>(j)});
  }
  return segments;
}

namespace {
/// A conv2d's operands and shapes, and where its taps read.
struct ConvGeometry {
  ConvGeometry(Conv2dOp op, ArrayRef<HTensor> operands)
      : input(operands[0]), weight(operands[1]),
        bias(op.getBias() ? &operands[2] : nullptr),
        outShape(cast<RankedTensorType>(op.getOutput().getType()).getShape()),
        strides(op.getStrides()), pads(op.getPads()),
        dilations(op.getDilations()), inChannels(input.shape[1]),
        outChannels(outShape[1]), outHeight(outShape[2]),
        outWidth(outShape[3]), inPerGroup(weight.shape[1]),
        kernelH(weight.shape[2]), kernelW(weight.shape[3]),
        groups(op.getGroups()), outPerGroup(outChannels / groups) {}

  /// The input column (row) output column x (row y) reads at kernel tap
  /// `tap`.
  Halide::Expr inputX(Halide::Expr x, Halide::Expr tap) const {
    return x * static_cast<int>(strides[1]) +
           tap * static_cast<int>(dilations[1]) - static_cast<int>(pads[1]);
  }
  Halide::Expr inputY(Halide::Expr y, Halide::Expr tap) const {
    return y * static_cast<int>(strides[0]) +
           tap * static_cast<int>(dilations[0]) - static_cast<int>(pads[0]);
  }
  const HTensor &input, &weight;
  const HTensor *bias;
  ArrayRef<int64_t> outShape, strides, pads, dilations;
  int64_t inChannels, outChannels, outHeight, outWidth,
      inPerGroup, kernelH, kernelW, groups, outPerGroup;
};
} // namespace

/// The filter output channel `c` computes: output_channel_map[c], or `c`.
static Halide::Expr filterOf(Conv2dOp op, Halide::Expr c,
                             LoweringState &state) {
  std::optional<ArrayRef<int64_t>> map = op.getOutputChannelMap();
  if (!map)
    return c;
  ConstantArray table = state.table(*map);
  return Halide::clamp(table(c), 0, static_cast<int>(map->size()) - 1);
}

/// Group convolutions (other than depthwise) are computed over an explicit
/// group dimension, acc(x, y, j, g, n) for filter g * outPerGroup + j, so
/// that the input channels a register tile reads depend on g alone (one
/// vector load feeds the whole block of j). The op's result is a view that
/// applies the output channel map.
static FailureOr<OpResults> lowerGroupConv(Conv2dOp op,
                                           const ConvGeometry &geometry,
                                           Halide::Func in,
                                           MaterializedFunc *pad,
                                           LoweringState &state) {
  const HTensor &weight = geometry.weight;
  const int inChannels = static_cast<int>(geometry.inChannels);
  const int groups = static_cast<int>(geometry.groups);
  const int inPerGroup = static_cast<int>(geometry.inPerGroup);
  const int outPerGroup = static_cast<int>(geometry.outPerGroup);
  ArrayRef<int64_t> outShape = geometry.outShape;
  std::vector<Halide::Var> v = state.vars(4);
  Halide::Var x = v[0], y = v[1], c = v[2], n = v[3];
  Halide::Var j("j"), g("g");
  Halide::RDom r({{0, static_cast<int>(weight.shape[3])},
                  {0, static_cast<int>(weight.shape[2])},
                  {0, inPerGroup}},
                 state.uniqueName("r"));
  Halide::Expr filter = g * outPerGroup + j;
  Halide::Expr ic = g * inPerGroup + r.z;
  if (std::optional<ArrayRef<int64_t>> map = op.getInputChannelMap()) {
    ConstantArray table = state.table(*map);
    ic = Halide::clamp(table(ic), 0, inChannels - 1);
  }
  Halide::Func acc = state.makeFunc(op, "acc");
  acc(x, y, j, g, n) =
      geometry.bias ? geometry.bias->func(filter) : Halide::Expr(0.0f);
  acc(x, y, j, g, n) +=
      weight.func(r.x, r.y, r.z, filter) *
      in(geometry.inputX(x, r.x), geometry.inputY(y, r.y), ic, n);
  Halide::Func grouped = state.makeFunc(op, "grouped");
  grouped(x, y, j, g, n) =
      applyActivation(op.getActAttr(), acc(x, y, j, g, n));
  state.materialize(grouped, {x, y, j, g, n},
                    {outShape[3], outShape[2], outPerGroup, groups,
                     outShape[0]});
  MaterializedFunc &m = state.materialized.back();
  m.accumulator = acc;
  m.reductions = {{r.x, r.y, r.z}};
  state.setPaddedInput(pad);

  Halide::Expr oc = filterOf(op, c, state);
  Halide::Func conv = state.makeFunc(op);
  conv(x, y, c, n) = grouped(x, y, oc % outPerGroup, oc / outPerGroup, n);
  OpResults results;
  results.push_back({conv, SmallVector<int64_t, 4>(outShape)});
  return results;
}

FailureOr<OpResults> lowering::lowerConv2d(Conv2dOp op,
                                           ArrayRef<HTensor> operands,
                                           LoweringState &state) {
  const ConvGeometry geometry(op, operands);
  const HTensor &input = geometry.input, &weight = geometry.weight;
  const HTensor *bias = geometry.bias;
  const int64_t inChannels = geometry.inChannels,
                outChannels = geometry.outChannels,
                outHeight = geometry.outHeight,
                outWidth = geometry.outWidth,
                inPerGroup = geometry.inPerGroup,
                outPerGroup = geometry.outPerGroup,
                kernelH = geometry.kernelH, kernelW = geometry.kernelW,
                groups = geometry.groups;
  ArrayRef<int64_t> outShape = geometry.outShape;
  std::optional<ArrayRef<int64_t>> outputMap = op.getOutputChannelMap();
  std::optional<ArrayRef<int64_t>> inputMap = op.getInputChannelMap();
  const bool depthwise = inPerGroup == 1 && outPerGroup == 1;
  const bool needsPad = readsOutsideInput(op);

  std::vector<Halide::Var> v = state.vars(4);
  Halide::Var x = v[0], y = v[1], c = v[2], n = v[3];
  // Packed channel-vector tiles compute whole tiles, past the last output
  // channel (LowerSchedule.cpp): its bias and channel map are read at the
  // last channel there (their weights are zeros).
  const bool computesPastChannels =
      state.currentPlan.getKind() == ScheduleKind::channel_vector_conv &&
      state.currentPlan.getWeights() == WeightLayout::packed;
  Halide::Expr oc = filterOf(
      op,
      computesPastChannels
          ? Halide::min(c, static_cast<int>(geometry.outChannels) - 1)
          : Halide::Expr(c),
      state);
  // flat_conv: over the flattened plane, p = x + y * pitch; tap (kx, ky)
  // reads input position p + kx + ky * pitch of the (padded) input, as
  // ((p + kx) % pitch, (p + kx) / pitch + ky): once Halide has flattened
  // that storage (the plan checked its rows are exactly `pitch` apart) the
  // address folds to one dense load (with ky inside the division it did
  // not: gathers).
  const bool flat = state.currentPlan.getKind() == ScheduleKind::flat_conv;
  Halide::Var p("p");
  const std::vector<Halide::Var> accArgs =
      flat ? std::vector<Halide::Var>{p, c, n}
           : std::vector<Halide::Var>{x, y, c, n};
  const int pitch = flat ? static_cast<int>(flatConvPitch(op)) : 0;
  auto flatInput = [&](Halide::Func source, Halide::Expr kx, Halide::Expr ky,
                       Halide::Expr channel) {
    Halide::Expr q = p + kx;
    return source(q % pitch - static_cast<int>(geometry.pads[1]),
                  q / pitch + ky - static_cast<int>(geometry.pads[0]),
                  channel, n);
  };
  Halide::Func acc = state.makeFunc(op, "acc");
  acc(accArgs) = bias ? bias->func(oc) : Halide::Expr(0.0f);
  auto newRDom = [&](int64_t channels) {
    return Halide::RDom({{0, static_cast<int>(kernelW)},
                         {0, static_cast<int>(kernelH)},
                         {0, static_cast<int>(channels)}},
                        state.uniqueName("r"));
  };
  std::vector<std::vector<Halide::RVar>> reductions;
  MaterializedFunc *pad = nullptr;

  if (hasRelaidDenseWeights(op) && (!needsPad || !state.target.getGpu())) {
    // Dense: the channel maps and a gathered input are resolved at compile
    // time. The weights are re-laid out with the output map applied and
    // input channels in the order of `segments`, one reduction per
    // contiguous run of one source tensor (no select per load, no lookup
    // table in the inner loop). A padded conv reads its padded input, one
    // tensor (GPU schedules keep their own padding, below).
    HTensor source = input;
    if (needsPad) {
      source.func = state.padded(op, input, Halide::Expr(0.0f),
                                 state.currentPlan.getPad(), &pad);
      source.viewSources.clear();
    }
    SmallVector<int64_t> order;
    SmallVector<ReductionSegment> segments =
        segmentDenseReduction(source, inputMap, inPerGroup, order);
    auto filterOf = [&](int64_t ch) {
      return static_cast<int>(outputMap ? (*outputMap)[ch] : ch);
    };
    // The plan's weight layout: `io` ([input channel][output channel],
    // for tiles vectorized over output channels) holds 1x1 kernels only
    // (the dialect's plan verifier checks); `packed` is [channel tile]
    // [input channel][ky][kx][output channel in tile], zero-padded to
    // whole tiles, so a tile's weights are one sequential stream.
    const WeightLayout layout = state.currentPlan.getWeights();
    const bool vectorizeChannels =
        state.currentPlan.getKind() == ScheduleKind::channel_vector_conv;
    std::vector<float> relaid;
    ConstantArray weights;
    Halide::Expr tileOfC, channelInTile;
    if (layout == WeightLayout::packed) {
      const int64_t tile = state.currentPlan.getTileSize(
          vectorizeChannels ? 0 : 1, 1);
      const int64_t tiles = (outChannels + tile - 1) / tile;
      for (int64_t t = 0; t < tiles; ++t)
        for (int j = 0; j < inPerGroup; ++j)
          for (int ky = 0; ky < kernelH; ++ky)
            for (int kx = 0; kx < kernelW; ++kx)
              for (int64_t i = 0; i < tile; ++i) {
                const int64_t ch = t * tile + i;
                relaid.push_back(ch < outChannels
                                     ? weight.constant(kx, ky, order[j],
                                                       filterOf(ch))
                                     : 0.0f);
              }
      weights = state.constants().addFloats(
          relaid, {tile, kernelW, kernelH, inPerGroup, tiles});
      channelInTile = c % static_cast<int>(tile);
      tileOfC = c / static_cast<int>(tile);
    } else if (layout == WeightLayout::io) {
      for (int j = 0; j < inPerGroup; ++j)
        for (int ch = 0; ch < outChannels; ++ch)
          relaid.push_back(weight.constant(0, 0, order[j], filterOf(ch)));
      weights = state.constants().addFloats(relaid, {outChannels, inPerGroup});
    } else {
      for (int ch = 0; ch < outChannels; ++ch)
        for (int j = 0; j < inPerGroup; ++j)
          for (int ky = 0; ky < kernelH; ++ky)
            for (int kx = 0; kx < kernelW; ++kx)
              relaid.push_back(
                  weight.constant(kx, ky, order[j], filterOf(ch)));
      weights = state.constants().addFloats(
          relaid, {kernelW, kernelH, inPerGroup, outChannels});
    }
    for (const ReductionSegment &segment : segments) {
      Halide::RDom r = newRDom(segment.length);
      Halide::Expr j = static_cast<int>(segment.weightOffset) + r.z;
      Halide::Expr w =
          layout == WeightLayout::packed
              ? weights(channelInTile, r.x, r.y, j, tileOfC)
          : layout == WeightLayout::io ? weights(c, j)
                                       : weights(r.x, r.y, j, c);
      Halide::Expr channel = static_cast<int>(segment.firstChannel) + r.z;
      acc(accArgs) +=
          w * (flat ? flatInput(segment.source, r.x, r.y, channel)
                    : segment.source(geometry.inputX(x, r.x),
                                     geometry.inputY(y, r.y), channel, n));
      reductions.push_back({r.x, r.y, r.z});
    }
  } else {
    Halide::RDom r = newRDom(inPerGroup);
    Halide::Expr ic;
    HTensor source = input;
    if (depthwise) {
      ic = c;
      if (outputMap || inputMap) {
        // Output channel c reads exactly one input channel: gather those
        // first (in output order), so that the padded plane of channel c is
        // the one channel c reads and the schedule can pad one channel at a
        // time.
        SmallVector<int64_t> inputOf;
        for (int64_t ch = 0; ch < outChannels; ++ch) {
          int64_t filter = outputMap ? (*outputMap)[ch] : ch;
          inputOf.push_back(inputMap ? (*inputMap)[filter] : filter);
        }
        ConstantArray table = state.table(inputOf);
        source.func = state.makeFunc(op, "gather");
        source.func(x, y, c, n) = input.func(
            x, y,
            Halide::clamp(table(c), 0, static_cast<int>(inChannels) - 1), n);
        source.shape[1] = outChannels;
      }
    } else {
      ic = (oc / static_cast<int>(outPerGroup)) *
               static_cast<int>(inPerGroup) +
           r.z;
      if (inputMap) {
        ConstantArray table = state.table(*inputMap);
        ic = Halide::clamp(
            table(Halide::clamp(ic, 0, static_cast<int>(inChannels) - 1)), 0,
            static_cast<int>(inChannels) - 1);
      }
    }
    Halide::Func in = state.padded(op, source, Halide::Expr(0.0f),
                                   state.currentPlan.getPad(), &pad);
    if (!depthwise && groups > 1)
      return lowerGroupConv(op, geometry, in, pad, state);
    acc(x, y, c, n) += weight.func(r.x, r.y, r.z, oc) *
                       in(geometry.inputX(x, r.x), geometry.inputY(y, r.y),
                          ic, n);
    reductions.push_back({r.x, r.y, r.z});
  }

  Halide::Func conv;
  if (flat) {
    // Named before the result, as the profile table expects of an op's
    // stages (AotProfile.cpp).
    Halide::Func plane = state.makeFunc(op, "flat");
    plane(p, c, n) = applyActivation(op.getActAttr(), acc(p, c, n));
    state.materialize(plane, {p, c, n},
                      {flatConvPositions(op), outChannels, outShape[0]});
    conv = state.makeFunc(op);
    conv(x, y, c, n) = plane(x + y * pitch, c, n);
  } else {
    conv = state.makeFunc(op);
    conv(x, y, c, n) = applyActivation(op.getActAttr(), acc(x, y, c, n));
    state.materialize(conv, {outWidth, outHeight, outChannels, outShape[0]});
  }
  MaterializedFunc &m = state.materialized.back();
  m.accumulator = acc;
  m.reductions = std::move(reductions);
  state.setPaddedInput(pad);
  OpResults results;
  results.push_back({conv, SmallVector<int64_t, 4>(outShape)});
  return results;
}

FailureOr<OpResults> lowering::lowerGemm(GemmOp op, ArrayRef<HTensor> operands,
                                         LoweringState &state) {
  const HTensor &input = operands[0];
  const HTensor &weight = operands[1];
  const HTensor *bias = op.getBias() ? &operands[2] : nullptr;
  ArrayRef<int64_t> outShape =
      cast<RankedTensorType>(op.getOutput().getType()).getShape();
  const int64_t depth = input.shape[1], outFeatures = outShape[1];
  std::vector<Halide::Var> v = state.vars(2);
  Halide::Var j = v[0], i = v[1]; // output[i, j]
  Halide::RDom k(0, static_cast<int>(depth), state.uniqueName("k"));
  // Weights are [N, K] (K innermost); a constant is re-laid out as [K, N] so
  // that a vector of outputs j reads contiguous weights, or packed per tile
  // of the plan (RiffleAttrs.td), [N / tile][K][tile], padded with zeros.
  Halide::Expr w;
  const int64_t tile = state.currentPlan.getTileSize(0);
  if (state.currentPlan.getWeights() == WeightLayout::packed &&
      weight.constant.defined()) {
    const int64_t tiles = (outFeatures + tile - 1) / tile;
    std::vector<float> packed;
    packed.reserve(tiles * depth * tile);
    for (int64_t t = 0; t < tiles; ++t)
      for (int kk = 0; kk < depth; ++kk)
        for (int64_t jj = 0; jj < tile; ++jj) {
          const int64_t output = t * tile + jj;
          packed.push_back(output < outFeatures
                               ? weight.constant(kk, static_cast<int>(output))
                               : 0.0f);
        }
    const int tileSize = static_cast<int>(tile);
    w = state.constants().addFloats(packed, {tile, depth, tiles})(
        j % tileSize, k, j / tileSize);
  } else if (weight.constant.defined()) {
    std::vector<float> transposed;
    for (int kk = 0; kk < depth; ++kk)
      for (int jj = 0; jj < outFeatures; ++jj)
        transposed.push_back(weight.constant(kk, jj));
    w = state.constants().addFloats(transposed, {outFeatures, depth})(j, k);
  } else {
    w = weight.func(k, j);
  }
  Halide::Func acc = state.makeFunc(op, "acc");
  acc(j, i) = bias ? bias->func(j) : Halide::Expr(0.0f);
  acc(j, i) += input.func(k, i) * w;
  Halide::Func gemm = state.makeFunc(op);
  gemm(j, i) = applyActivation(op.getActAttr(), acc(j, i));
  state.materialize(gemm, {outShape[1], outShape[0]});
  MaterializedFunc &m = state.materialized.back();
  m.accumulator = acc;
  m.reductions = {{Halide::RVar(k)}};
  OpResults results;
  results.push_back({gemm, SmallVector<int64_t, 4>(outShape)});
  return results;
}

FailureOr<OpResults> lowering::lowerBatchNorm(BatchNormOp op,
                                              ArrayRef<HTensor> operands,
                                              LoweringState &state) {
  const HTensor &input = operands[0];
  const HTensor &scale = operands[1], &bias = operands[2], &mean = operands[3],
                &variance = operands[4];
  const float epsilon =
      static_cast<float>(op.getEpsilon().convertToDouble());
  std::vector<Halide::Var> v = state.vars(4);
  Halide::Var x = v[0], y = v[1], c = v[2], n = v[3];
  Halide::Func bn = state.makeFunc(op);
  bn(x, y, c, n) = (input.func(x, y, c, n) - mean.func(c)) /
                       Halide::sqrt(variance.func(c) + epsilon) *
                       scale.func(c) +
                   bias.func(c);
  state.materialize(bn, {input.shape[3], input.shape[2], input.shape[1],
                         input.shape[0]});
  OpResults results;
  results.push_back({bn, input.shape});
  return results;
}
