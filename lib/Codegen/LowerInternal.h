//===- LowerInternal.h - Shared state of the Halide lowering ----*- C++ -*-===//
//
// Private to lib/Codegen/Lower*.cpp. The op-family files define Funcs
// (Lower{Conv,Elementwise,DataMovement,Pool}.cpp); the schedule is applied
// separately (LowerSchedule.cpp) from what they record here.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_LIB_CODEGEN_LOWERINTERNAL_H
#define RIFFLE_LIB_CODEGEN_LOWERINTERNAL_H

#include "riffle/Dialect/Riffle/RiffleOps.h"

#include "mlir/IR/Operation.h"
#include "llvm/ADT/SmallVector.h"

#include "Halide.h"

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

/// How LowerSchedule treats a materialized Func.
enum class FuncKind {
  /// compute_root, vectorized along dimension 0, parallel over the outer
  /// dimensions (elementwise ops, pools, concat, softmax, ...).
  Generic,
  /// An explicitly padded copy of a feature map: a pure fill with the pad
  /// value plus an update writing the interior (dense loads and stores).
  Pad,
  /// A convolution or gemm: `func` is pure (the fused activation applied to
  /// `accumulator`), `accumulator` holds the bias plus one reduction update.
  /// The reduction is computed per register tile of `func`.
  Conv,
  /// A depthwise convolution (one input channel per output channel) or a
  /// max/average pool: same shape of Funcs as Conv, the reduction over the
  /// window's taps only (RVars x, y[, one channel]).
  ChannelwiseWindow,
  /// A dense 1x1 convolution over planes narrower than half a vector: the
  /// register tile is a vector of output channels times a row of x (its
  /// weights are laid out output channel innermost).
  ChannelVectorConv,
  Gemm,
  /// A function result.
  Output,
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
  FuncKind kind = FuncKind::Generic;
  /// Conv, ChannelwiseWindow, ChannelVectorConv, Gemm: the reduction (bias as
  /// its pure definition, then one update per entry of `reductions`, each
  /// listing its RVars innermost first).
  Halide::Func accumulator;
  std::vector<std::vector<Halide::RVar>> reductions;
  /// Index into LoweringState::materialized of the padded input, or -1;
  /// this Func's schedule places it.
  int padIndex = -1;
  /// ChannelwiseWindow (depthwise): index of the pointwise Conv producing
  /// its input, computed a block of channels at a time inside this Func's
  /// channel loop, or -1. Output (GPU targets only): index of the Func
  /// whose values it copies, scheduled in the Output's place, or -1.
  int producerIndex = -1;
  /// Pad, Conv (CPU and GPU); any kind (GPU): placed by its consumer's
  /// schedule.
  bool placedByConsumer = false;
  /// Generic: pure and elementwise (an activation, add or mul), so
  /// consumers may recompute it per element (GPU schedules inline it).
  bool elementwise = false;
};

/// What the schedule needs to know about the target.
struct ScheduleParams {
  /// f32 lanes of the target's widest vectors (16 with AVX-512, 8 with AVX2,
  /// 4 with SSE/NEON).
  int vectorLanes = 16;
  /// A GPU target (CUDA, OpenCL): applyGpuSchedule, and padding is a pure
  /// select that readers inline or stage (LowerGpuSchedule.cpp).
  bool gpu = false;
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
  /// Set before the walk; lowerings that pick a data layout for their
  /// schedule (channel-vectorized 1x1 convolutions) read it.
  ScheduleParams params;

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

  /// Makes the pad at `padIndex` (-1: none) part of the last materialized
  /// Func's schedule (computed per channel where that Func allows).
  void placePadInConsumer(int padIndex);

  /// An int32 lookup table holding `values`.
  ConstantArray table(ArrayRef<int64_t> values);

  ConstantPool constants;

  /// A Func reading `input` (an NCHW tensor) at any x, y, with `value`
  /// outside [0, W) x [0, H). Materialized when `needed` (its index in
  /// `materialized` goes to `*index`), else `input` (`*index` = -1).
  Halide::Func padded(Operation *op, const HTensor &input, Halide::Expr value,
                      bool needed, int *index = nullptr);

  std::vector<MaterializedFunc> materialized;

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

/// Applies Riffle's CPU schedule to every recorded Func.
void applyCpuSchedule(LoweringState &state);
/// Applies Riffle's GPU schedule (CUDA, OpenCL) to every recorded Func.
void applyGpuSchedule(LoweringState &state);

} // namespace mlir::riffle::lowering

#endif // RIFFLE_LIB_CODEGEN_LOWERINTERNAL_H
