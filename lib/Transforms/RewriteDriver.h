//===- RewriteDriver.h - How the riffle passes apply their patterns -*- C++ -*-===//

#ifndef RIFFLE_LIB_TRANSFORMS_REWRITEDRIVER_H
#define RIFFLE_LIB_TRANSFORMS_REWRITEDRIVER_H

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::riffle {

/// Applies `patterns` greedily until nothing changes. Every riffle pattern
/// preserves the function's results exactly, so the IR is valid whenever
/// the driver stops; a graph deep enough to need more sweeps than the limit
/// is left partly rewritten rather than failing the compile.
inline void applyRewrites(Operation *op, FrozenRewritePatternSet patterns) {
  GreedyRewriteConfig config;
  config.setMaxIterations(64);
  (void)applyPatternsGreedily(op, patterns, config);
}

} // namespace mlir::riffle

#endif // RIFFLE_LIB_TRANSFORMS_REWRITEDRIVER_H
