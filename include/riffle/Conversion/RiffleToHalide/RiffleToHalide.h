//===- RiffleToHalide.h - riffle IR to a Halide pipeline --------*- C++ -*-===//
//
// Lowers one riffle-dialect function (the IR after rifflec's default
// pipeline and riffle-plan-codegen, or any planned riffle IR) into a Halide
// pipeline: every op becomes one or more Halide Funcs, weights become
// Halide::Buffer constants, and every function argument becomes an
// ImageParam. The function must carry a code-generation plan
// (#riffle.target on it, #riffle.schedule on its ops: riffle-plan-codegen,
// include/riffle/Dialect/Riffle/CodegenPlan.h); lowerToHalide carries it out
// and decides nothing itself: each op's algorithm is defined once,
// target-independently, and the plan's schedules are applied to it
// (lib/Conversion/RiffleToHalide/LowerSchedule.cpp for CPU targets,
// lib/Conversion/RiffleToHalide/LowerGpuSchedule.cpp for CUDA and OpenCL).
//
// Layout: a rank-r tensor is a Func of r Vars, Var 0 being the last (fastest)
// axis; an NCHW feature map is Func(x, y, c, n).
//
// Every call into Halide goes through runHalide; an unsupported op or type is
// a diagnostic at the op, never a crash.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_CONVERSION_RIFFLETOHALIDE_RIFFLETOHALIDE_H
#define RIFFLE_CONVERSION_RIFFLETOHALIDE_RIFFLETOHALIDE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include "Halide.h"

#include <cassert>
#include <vector>

namespace mlir::riffle {

/// A buffer one of a function's Halide pipelines reads or writes.
struct PipelineBuffer {
  enum class Kind {
    /// Function argument `index` (every pipeline takes all of them).
    Argument,
    /// Function result `index` (written by the last pipeline).
    Result,
    /// A tensor pipeline k hands to later ones: LoweredPipeline's
    /// intermediateShapes[index].
    Intermediate,
  };
  Kind kind;
  unsigned index;
};

/// One Halide pipeline of a function (its plan's `pipeline`).
struct PipelineStage {
  Halide::Pipeline pipeline;
  /// Its buffer parameters in order and what each is: the function's
  /// arguments, then the intermediates it reads.
  std::vector<Halide::ImageParam> params;
  SmallVector<PipelineBuffer> paramBuffers;
  /// Its outputs in order and what each is: the intermediates it hands on,
  /// then (the last pipeline) the function's results.
  std::vector<Halide::Func> outputs;
  SmallVector<PipelineBuffer> outputBuffers;
};

/// A riffle function as Halide pipelines run in order: one, unless its
/// plan splits it (`pipeline` in #riffle.schedule).
struct LoweredPipeline {
  /// One per function argument, in order; dims are the argument's shape
  /// reversed, with bounds and dense strides constrained.
  std::vector<Halide::ImageParam> inputs;
  /// One per function result, in order.
  std::vector<Halide::Func> outputs;
  /// The results' shapes in MLIR (row-major) order.
  SmallVector<SmallVector<int64_t, 4>> outputShapes;
  /// The pipelines, in the order they run; the first computes from the
  /// arguments, the last writes the results.
  std::vector<PipelineStage> stages;
  /// The shapes (MLIR order) of the tensors pipelines hand to later ones:
  /// dense f32 buffers the caller allocates between the calls.
  SmallVector<SmallVector<int64_t, 4>> intermediateShapes;
  /// Number of Funcs the schedule materializes (compute_root), outputs
  /// included; a measure of pipeline size.
  unsigned numMaterializedFuncs = 0;
  /// The plan's riffle.sample_loop: the pipelines compute one sample of a
  /// batch of this many, the caller running them once per sample (the
  /// arguments' and results' shapes here are one sample's); else 1.
  int64_t sampleLoop = 1;

  /// The single pipeline of an unsplit function.
  Halide::Pipeline &pipeline() {
    assert(stages.size() == 1 && "the function is split into pipelines");
    return stages.front().pipeline;
  }
};

/// Options for lowering.
struct LoweringOptions {
  /// Apply Riffle's schedule (otherwise the pipeline is left unscheduled,
  /// for Halide's autoschedulers: rifflec --schedule=auto:*, and the plan's
  /// `pipeline` split is not carried out: one pipeline).
  bool schedule = true;
  /// The target compiled for; a plan made for a GPU target cannot be
  /// compiled for a CPU one, nor the other way round.
  Halide::Target target = Halide::get_host_target();
};

/// Lowers `func` (one block of riffle ops, arith.constant weights and a
/// func.return) into Halide pipelines. Reports at the offending op and
/// returns failure for anything it does not support.
FailureOr<LoweredPipeline> lowerToHalide(func::FuncOp func,
                                         const LoweringOptions &options = {});

} // namespace mlir::riffle

#endif // RIFFLE_CONVERSION_RIFFLETOHALIDE_RIFFLETOHALIDE_H
