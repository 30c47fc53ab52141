//===- FoldBatchNorm.cpp - batch_norm folded into convolutions ------------===//

#include "riffle/Dialect/Riffle/Constants.h"
#include "riffle/Dialect/Riffle/RiffleOps.h"
#include "riffle/Transforms/PassCounters.h"
#include "riffle/Transforms/Passes.h"
#include "RewriteDriver.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::riffle {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "riffle/Transforms/Passes.h.inc"
} // namespace mlir::riffle

using namespace mlir;
using namespace mlir::riffle;

namespace {

/// Per-channel scale k = gamma / sqrt(var + eps) and shift beta - mean * k
/// of an inference batch norm with constant parameters.
struct BatchNormAffine {
  std::vector<float> scale, shift;
};

std::optional<BatchNormAffine> getAffine(BatchNormOp bn) {
  auto gamma = getConstantFloats(bn.getScale());
  auto beta = getConstantFloats(bn.getBias());
  auto mean = getConstantFloats(bn.getMean());
  auto variance = getConstantFloats(bn.getVariance());
  if (!gamma || !beta || !mean || !variance)
    return std::nullopt;
  double eps = bn.getEpsilon().convertToDouble();
  BatchNormAffine affine;
  for (size_t c = 0; c < gamma->size(); ++c) {
    double k = (*gamma)[c] / std::sqrt(static_cast<double>((*variance)[c]) + eps);
    affine.scale.push_back(k);
    affine.shift.push_back((*beta)[c] - (*mean)[c] * k);
  }
  return affine;
}

/// batch_norm(conv(x)) -> conv(x) with scaled filters and a new bias.
struct FoldIntoConv : OpRewritePattern<BatchNormOp> {
  FoldIntoConv(MLIRContext *context, uint64_t &folded)
      : OpRewritePattern(context, /*benefit=*/2), folded(folded) {}

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<Conv2dOp>();
    if (!conv || !conv->hasOneUse() || conv.getAct())
      return rewriter.notifyMatchFailure(bn, "input is not a plain conv2d used once");
    std::optional<BatchNormAffine> affine = getAffine(bn);
    std::optional<std::vector<float>> weight = getConstantFloats(conv.getWeight());
    std::optional<std::vector<float>> bias;
    if (conv.getBias())
      bias = getConstantFloats(conv.getBias());
    if (!affine || !weight || (conv.getBias() && !bias))
      return rewriter.notifyMatchFailure(bn, "non-constant parameters");

    RankedTensorType weightType = conv.getWeight().getType();
    int64_t outChannels = weightType.getDimSize(0);
    int64_t perFilter = weightType.getNumElements() / outChannels;
    // With an output channel map p, output channel c is computed channel
    // p[c]: the batch norm's channel c scales computed filter p[c].
    SmallVector<int64_t> computedToOutput(outChannels);
    for (int64_t c = 0; c < outChannels; ++c)
      computedToOutput[c] = c;
    if (std::optional<ArrayRef<int64_t>> map = conv.getOutputChannelMap())
      computedToOutput = invertPermutation(*map);

    std::vector<float> newBias(outChannels);
    for (int64_t j = 0; j < outChannels; ++j) {
      int64_t c = computedToOutput[j];
      float k = affine->scale[c];
      for (int64_t i = 0; i < perFilter; ++i)
        (*weight)[j * perFilter + i] *= k;
      newBias[j] = (bias ? (*bias)[j] * k : 0.0f) + affine->shift[c];
    }
    Location loc = conv.getLoc();
    rewriter.setInsertionPoint(conv); // the new weights must dominate it
    Value newWeight =
        createFloatConstant(rewriter, loc, weightType, *weight, "folded_w");
    Value newBiasValue = createFloatConstant(
        rewriter, loc,
        RankedTensorType::get({outChannels}, rewriter.getF32Type()), newBias,
        "folded_b");
    rewriter.modifyOpInPlace(conv, [&] {
      conv.getWeightMutable().assign(newWeight);
      if (conv.getBias())
        conv.getBiasMutable().assign(newBiasValue);
      else
        conv.getBiasMutable().append(newBiasValue);
    });
    rewriter.replaceOp(bn, conv.getResult());
    ++folded;
    return success();
  }

  uint64_t &folded;
};

/// Any other batch_norm: x * k + shift with [1, C, 1, 1] constants.
struct DecomposeBatchNorm : OpRewritePattern<BatchNormOp> {
  DecomposeBatchNorm(MLIRContext *context, uint64_t &decomposed)
      : OpRewritePattern(context, /*benefit=*/1), decomposed(decomposed) {}

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    std::optional<BatchNormAffine> affine = getAffine(bn);
    if (!affine)
      return rewriter.notifyMatchFailure(bn, "non-constant parameters");
    int64_t channels = affine->scale.size();
    auto paramType =
        RankedTensorType::get({1, channels, 1, 1}, rewriter.getF32Type());
    Location loc = bn.getLoc();
    Value scale =
        createFloatConstant(rewriter, loc, paramType, affine->scale, "bn_scale");
    Value shift =
        createFloatConstant(rewriter, loc, paramType, affine->shift, "bn_shift");
    Value scaled = MulOp::create(rewriter, loc, bn.getInput(), scale);
    rewriter.replaceOpWithNewOp<AddOp>(bn, scaled, shift, ActivationAttr());
    ++decomposed;
    return success();
  }

  uint64_t &decomposed;
};

struct FoldBatchNormPass
    : riffle::impl::FoldBatchNormBase<FoldBatchNormPass>, PassCounters {
  void runOnOperation() override {
    uint64_t folded = 0, decomposed = 0;
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv>(&getContext(), folded);
    patterns.add<DecomposeBatchNorm>(&getContext(), decomposed);
    applyRewrites(getOperation(), std::move(patterns));
    numFolded += folded;
    numDecomposed += decomposed;
    lastRun = {{"batch-norms-folded", "batch_norms folded into convolutions", folded},
               {"batch-norms-decomposed", "batch_norms turned into mul and add", decomposed}};
  }
};

} // namespace
