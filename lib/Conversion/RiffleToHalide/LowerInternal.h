//===- LowerInternal.h - Shared state of the Halide lowering ----*- C++ -*-===//
//
// Private to lib/Conversion/RiffleToHalide/*.cpp. The op-family files define Funcs
// (Lower{Conv,Elementwise,DataMovement,Pool}.cpp); the schedule is applied
// separately (LowerSchedule.cpp) from what they record here.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_LIB_CODEGEN_LOWERINTERNAL_H
#define RIFFLE_LIB_CODEGEN_LOWERINTERNAL_H

#include "riffle/Dialect/Riffle/RiffleOps.h"

#include "mlir/IR/Operation.h"
#include "riffle/Dialect/Riffle/CodegenPlan.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include "Halide.h"

#include <deque>
#include <string>
#include <vector>

namespace mlir::riffle::lowering {

/// A tensor value as a Halide Func. `shape` is in MLIR (row-major) order;
/// the Func's argument i indexes axis shape.size() - 1 - i.
struct HTensor {
  Halide::Func func;
  SmallVector<int64_t, 4> shape;
  /// The values, when the tensor is a constant (weights), as a host buffer
  /// (not part of the pipeline); lowerings may re-lay them out at compile
  /// time (e.g. gemm transposes its weights) into the ConstantPool.
  Halide::Buffer<float> constant;
  /// For a channel_gather view of several tensors: channel c reads channel
  /// viewChannels[c] of viewSources[viewSourceOf[c]]. Convolutions use it
  /// to read each source directly instead of through a select per load.
  std::vector<Halide::Func> viewSources;
  SmallVector<int64_t> viewSourceOf, viewChannels;

  int64_t rank() const { return static_cast<int64_t>(shape.size()); }
  /// Extent of Halide dimension `i` (MLIR axis rank - 1 - i).
  int64_t extent(int64_t i) const { return shape[rank() - 1 - i]; }
  /// The element at Halide coordinates `args` (dimension 0 first).
  Halide::Expr operator()(const std::vector<Halide::Expr> &args) const {
    return func(args);
  }
};

/// What a materialized Func is to the op it belongs to.
enum class FuncRole {
  /// The op's loop nest, scheduled as its plan says: the op's result, or
  /// for a grouped convolution the Func over the group dimension its result
  /// is a view of.
  Main,
  /// Another stage of the op (softmax's maximum, exponentials and sum),
  /// scheduled like a `root` Main.
  Stage,
  /// The padded input of a window op (placed by that op's schedule, as its
  /// plan's `pad` says) or of a function argument (computed at root).
  PaddedInput,
  /// A function result (a copy of the returned value), or a tensor handed
  /// to a later pipeline (a copy of it into the buffer between them).
  FunctionResult,
};

/// A Func the schedule materializes.
struct MaterializedFunc {
  Halide::Func func;
  /// Its pure arguments, dimension 0 (innermost) first, and their extents.
  std::vector<Halide::Var> args;
  std::vector<int64_t> extents;
  /// Per update definition, its reduction variables (innermost first; empty
  /// for a pure update).
  std::vector<std::vector<Halide::RVar>> updateRVars;
  FuncRole role = FuncRole::Main;
  /// The op it computes (null for function arguments' padded copies and
  /// function results) and that op's plan.
  Operation *op = nullptr;
  ScheduleAttr plan;
  /// Kinds conv, channelwise_window, channel_vector_conv, gemm: the
  /// reduction (bias as its pure definition, then one update per entry of
  /// `reductions`, each listing its RVars innermost first); `func` applies
  /// the activation to it.
  Halide::Func accumulator;
  std::vector<std::vector<Halide::RVar>> reductions;
  /// Main: the explicitly padded input it reads, or null.
  MaterializedFunc *paddedInput = nullptr;
  /// FunctionResult: the Main Func (plan placement = result) whose loop
  /// nest this result takes over, or null.
  MaterializedFunc *computes = nullptr;
};

/// A dense array inside the ConstantPool; index dimension 0 first.
struct ConstantArray {
  Halide::Expr operator()(const std::vector<Halide::Expr> &index) const;
  template <typename... Args>
  Halide::Expr operator()(Halide::Expr first, Args... rest) const {
    return (*this)(std::vector<Halide::Expr>{first, Halide::Expr(rest)...});
  }

  Halide::Buffer<> buffer;
  int64_t offset = 0;
  std::vector<int64_t> strides;
};

/// Every weight and lookup table of the pipeline, packed into one f32 and
/// one int32 buffer. Each embedded Halide::Buffer costs the generated code a
/// handful of runtime checks, and Halide's simplifier handles those in time
/// quadratic in their number: with a Buffer per weight tensor, lowering a
/// zoo model took minutes. The lowering walks the function twice: the first
/// walk only sizes the pool, the second fills it.
class ConstantPool {
public:
  /// Ends the sizing walk: allocates the buffers, restarts at offset 0.
  void startFilling();
  /// Appends a dense array with the given extents (dimension 0 first),
  /// aligned for vector loads. `values` may be empty while sizing.
  ConstantArray addFloats(ArrayRef<float> values, ArrayRef<int64_t> extents);
  ConstantArray addInts(ArrayRef<int32_t> values, ArrayRef<int64_t> extents);

private:
  template <typename T>
  ConstantArray add(Halide::Buffer<T> &buffer, int64_t &used,
                    ArrayRef<T> values, ArrayRef<int64_t> extents);

  bool filling = false;
  int64_t floatsUsed = 0, intsUsed = 0;
  Halide::Buffer<float> floats;
  Halide::Buffer<int32_t> ints;
};

/// State shared by the op-family lowerings.
class LoweringState {
public:
  /// The target the function's plan was made for (its vector width is
  /// the one function results and padded copies use).
  TargetAttr target;
  /// The op being lowered (null while lowering arguments and results) and
  /// its plan: Funcs materialized meanwhile belong to it.
  Operation *currentOp = nullptr;
  ScheduleAttr currentPlan;

  /// Vars for Halide dimensions 0 .. rank-1 (shared by every Func).
  std::vector<Halide::Var> vars(int64_t rank) const;
  /// The same as Exprs.
  std::vector<Halide::Expr> exprs(int64_t rank) const;

  /// A fresh Func named after `op` ("conv2d_12" or "conv2d_12_suffix").
  Halide::Func makeFunc(Operation *op, StringRef suffix = {});
  std::string uniqueName(StringRef base);

  /// Records `func` (defined over vars(extents.size())) for materialization.
  /// `updateRVars` lists each update's RVars.
  void materialize(Halide::Func func, ArrayRef<int64_t> extents,
                   std::vector<std::vector<Halide::RVar>> updateRVars = {});
  /// The same for a Func over `args` (not a prefix of vars()).
  void materialize(Halide::Func func, std::vector<Halide::Var> args,
                   ArrayRef<int64_t> extents,
                   std::vector<std::vector<Halide::RVar>> updateRVars = {});

  /// Makes `pad` (null: none) the padded input of the last materialized
  /// Func, which places it.
  void setPaddedInput(MaterializedFunc *pad);

  /// An int32 lookup table holding `values`.
  ConstantArray table(ArrayRef<int64_t> values);

  /// The constant pool of the pipeline being lowered (each pipeline embeds
  /// its own weights).
  ConstantPool &constants() { return pools[currentPipeline]; }
  std::vector<ConstantPool> pools;
  size_t currentPipeline = 0;

  /// A Func reading `input` (an NCHW tensor) at any x, y, with `value`
  /// outside [0, W) x [0, H), defined as `pad` says: an explicit copy (a
  /// fill plus a dense interior: no clamped or selected indices inside
  /// vector loops, which become gathers) for `root` and `per_channel`, a
  /// select on clamped coordinates for `select` and `staged` (scalar GPU
  /// loads), `input` itself for `none`. The padded Func is materialized
  /// (`*materializedPad`, else null); `namer` names it (null: a
  /// handed-on tensor's copy, "handed_pad").
  Halide::Func padded(Operation *namer, const HTensor &input,
                      Halide::Expr value, PadPlacement pad,
                      MaterializedFunc **materializedPad = nullptr);

  /// Stable addresses: Funcs point at their padded inputs.
  std::deque<MaterializedFunc> materialized;
  /// Each lowered op's Main Func.
  llvm::DenseMap<Operation *, MaterializedFunc *> mainFuncOf;

private:
  unsigned counter = 0;
};

/// `act(x)` in Halide, with the reference semantics of applyActivation (a
/// null attribute is the identity). Standalone activation ops come here
/// through ActivationOpInterface, fused ones with their `act` attribute.
Halide::Expr applyActivation(ActivationAttr act, Halide::Expr x);

/// Results of lowering one op, one HTensor per result. Failure has been
/// reported at the op.
using OpResults = SmallVector<HTensor, 1>;

// Op families. Each defines the op's Funcs from its operands' HTensors
// (one per operand, null-Func-free) and records what to materialize.
FailureOr<OpResults> lowerConv2d(Conv2dOp op, ArrayRef<HTensor> operands,
                                 LoweringState &state);
FailureOr<OpResults> lowerGemm(GemmOp op, ArrayRef<HTensor> operands,
                               LoweringState &state);
FailureOr<OpResults> lowerBatchNorm(BatchNormOp op, ArrayRef<HTensor> operands,
                                    LoweringState &state);
/// relu, leaky_relu, clip, hardswish, hardsigmoid, sigmoid, add, mul,
/// softmax; failure() without a diagnostic for other ops.
FailureOr<OpResults> lowerElementwise(Operation *op,
                                      ArrayRef<HTensor> operands,
                                      LoweringState &state, bool &matched);
/// channel_shuffle, concat, slice, split, channel_gather, flatten, reshape.
FailureOr<OpResults> lowerDataMovement(Operation *op,
                                       ArrayRef<HTensor> operands,
                                       LoweringState &state, bool &matched);
/// max_pool2d, avg_pool2d, global_avg_pool.
FailureOr<OpResults> lowerPool(Operation *op, ArrayRef<HTensor> operands,
                               LoweringState &state, bool &matched);

/// Carries out the plan's CPU schedules on every recorded Func.
void applyCpuSchedule(LoweringState &state);
/// Carries out the plan's GPU schedules (CUDA, OpenCL) on every recorded
/// Func.
void applyGpuSchedule(LoweringState &state);

/// Unrolls a window's tap loops `taps` = {columns, rows} of `update` as the
/// plan's `unroll` says (CPU and GPU schedules alike).
void unrollTaps(Halide::Stage &update, const std::vector<Halide::RVar> &taps,
                TapUnroll unroll);

/// The Main Func of the conv2d that `consumer` (a depthwise conv2d)
/// computes inside its loop nest (plan placement = consumer), or null.
MaterializedFunc *getFusedProducer(const MaterializedFunc &consumer,
                                   LoweringState &state);

} // namespace mlir::riffle::lowering

#endif // RIFFLE_LIB_CODEGEN_LOWERINTERNAL_H
