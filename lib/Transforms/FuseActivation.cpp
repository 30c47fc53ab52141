//===- FuseActivation.cpp - activations into conv, gemm and add -----------===//

#include "riffle/Dialect/Riffle/RiffleOps.h"
#include "riffle/Transforms/PassCounters.h"
#include "riffle/Transforms/Passes.h"
#include "RewriteDriver.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::riffle {
#define GEN_PASS_DEF_FUSEACTIVATION
#include "riffle/Transforms/Passes.h.inc"
} // namespace mlir::riffle

using namespace mlir;
using namespace mlir::riffle;

namespace {

/// act(producer(...)) -> producer(...) {act}, for conv2d, gemm and add.
struct FuseIntoProducer : RewritePattern {
  FuseIntoProducer(MLIRContext *context, uint64_t &fused)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context),
        fused(fused) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    auto activation = dyn_cast<ActivationOpInterface>(op);
    if (!activation)
      return failure();
    Operation *producer = op->getOperand(0).getDefiningOp();
    if (!producer || !producer->hasOneUse() ||
        !isa<Conv2dOp, GemmOp, AddOp>(producer) ||
        producer->getAttr("act"))
      return rewriter.notifyMatchFailure(op, "no fusable producer");
    // A broadcasting add produces more elements than it reads: fine, the
    // activation applies to its result either way.
    rewriter.modifyOpInPlace(producer, [&] {
      producer->setAttr("act", activation.getActivation());
    });
    rewriter.replaceOp(op, producer->getResults());
    ++fused;
    return success();
  }

  uint64_t &fused;
};

/// mul(x, hardsigmoid(x){alpha = 1/6, beta = 1/2}) -> hardswish(x).
struct RaiseHardSwish : OpRewritePattern<MulOp> {
  RaiseHardSwish(MLIRContext *context, uint64_t &raised)
      : OpRewritePattern(context, /*benefit=*/2), raised(raised) {}

  LogicalResult matchAndRewrite(MulOp mul,
                                PatternRewriter &rewriter) const override {
    for (int i = 0; i < 2; ++i) {
      Value x = mul->getOperand(i);
      auto gate = mul->getOperand(1 - i).getDefiningOp<HardSigmoidOp>();
      if (!gate || gate.getInput() != x || x.getType() != mul.getType())
        continue;
      double alpha = gate.getAlpha().convertToDouble();
      double beta = gate.getBeta().convertToDouble();
      if (std::fabs(alpha - 1.0 / 6.0) > 1e-6 || std::fabs(beta - 0.5) > 1e-6)
        continue;
      rewriter.replaceOpWithNewOp<HardSwishOp>(mul, x);
      ++raised;
      return success();
    }
    return failure();
  }

  uint64_t &raised;
};

struct FuseActivationPass
    : riffle::impl::FuseActivationBase<FuseActivationPass>, PassCounters {
  void runOnOperation() override {
    uint64_t fused = 0, raised = 0;
    RewritePatternSet patterns(&getContext());
    patterns.add<RaiseHardSwish>(&getContext(), raised);
    patterns.add<FuseIntoProducer>(&getContext(), fused);
    applyRewrites(getOperation(), std::move(patterns));
    numFused += fused;
    numHardSwish += raised;
    lastRun = {{"activations-fused", "activations fused into their producer", fused},
               {"hardswish-raised", "x * hardsigmoid(x) raised to hardswish", raised}};
  }
};

} // namespace
