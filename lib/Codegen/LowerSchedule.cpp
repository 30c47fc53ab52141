//===- LowerSchedule.cpp - The default (simple) schedule ------------------===//
//
// Correctness first: every materialized Func is compute_root, vectorized
// along x (dimension 0) where its extent allows, and parallel over its outer
// dimensions (channels and batch fused for feature maps). Reduction updates
// put x innermost (outside the RVars is wrong for vectorization), keeping
// the RVars' own order. Views stay inline. Per-shape schedules (DESIGN.md,
// "Code generation") replace this later.
//
//===----------------------------------------------------------------------===//

#include "LowerInternal.h"

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::lowering;

static void scheduleStage(Halide::Stage stage, const MaterializedFunc &m,
                          const std::vector<Halide::RVar> &rvars) {
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
  const int64_t width = m.extents[0];
  const int lanes = width >= 16 ? 16 : width >= 8 ? 8 : 0;
  if (lanes)
    stage.vectorize(m.args[0], lanes, Halide::TailStrategy::GuardWithIf);
  if (rank >= 4) {
    Halide::Var fused("cn");
    stage.fuse(m.args[2], m.args[3], fused).parallel(fused);
  } else if (rank >= 2 && m.extents[rank - 1] > 1) {
    stage.parallel(m.args[rank - 1]);
  }
}

void lowering::applyDefaultSchedule(LoweringState &state) {
  for (MaterializedFunc &m : state.materialized) {
    m.func.compute_root();
    scheduleStage(m.func, m, {});
    for (size_t i = 0; i < m.updateRVars.size(); ++i)
      scheduleStage(m.func.update(static_cast<int>(i)), m, m.updateRVars[i]);
  }
}
