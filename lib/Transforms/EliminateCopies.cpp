//===- EliminateCopies.cpp - data movement becomes channel views ----------===//

#include "ChannelViews.h"

#include "riffle/Transforms/PassCounters.h"
#include "riffle/Transforms/Passes.h"
#include "RewriteDriver.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::riffle {
#define GEN_PASS_DEF_ELIMINATECOPIES
#include "riffle/Transforms/Passes.h.inc"
} // namespace mlir::riffle

using namespace mlir;
using namespace mlir::riffle;

namespace {
struct EliminateCopiesPass
    : riffle::impl::EliminateCopiesBase<EliminateCopiesPass>, PassCounters {
  void runOnOperation() override {
    ViewCounters counters;
    RewritePatternSet patterns(&getContext());
    populateChannelViewPatterns(patterns, ViewScope::All, counters);
    applyRewrites(getOperation(), std::move(patterns));
    numCopiesRemoved += counters.converted;
    numViewsComposed += counters.composed;
    lastRun = {{"copies-removed", "copy-only ops turned into views",
                counters.converted},
               {"views-composed", "views folded into another view",
                counters.composed}};
  }
};
} // namespace
