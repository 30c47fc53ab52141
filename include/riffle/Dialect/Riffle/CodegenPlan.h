//===- CodegenPlan.h - The code-generation plan in the IR -------*- C++ -*-===//
//
// riffle-plan-codegen records every code-generation decision in the IR: a
// #riffle.target on the function (the target the plan is for) and a
// #riffle.schedule on every riffle op (and on function arguments read
// through a padded copy), both under the attribute names below. The
// dialect verifies them against the ops (RiffleDialect's attribute
// verifiers, lib/Dialect/Riffle/CodegenPlan.cpp); the Halide emitter
// carries them out. The queries here are the op facts both the planner and
// the verifier reason about.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_DIALECT_RIFFLE_CODEGENPLAN_H
#define RIFFLE_DIALECT_RIFFLE_CODEGENPLAN_H

#include "riffle/Dialect/Riffle/RiffleAttrs.h"
#include "riffle/Dialect/Riffle/RiffleOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <array>
#include <optional>

namespace mlir::riffle {

/// `riffle.schedule`: an op's (or a function argument's) ScheduleAttr.
constexpr llvm::StringLiteral kScheduleAttrName = "riffle.schedule";
/// `riffle.target`: the function's TargetAttr.
constexpr llvm::StringLiteral kTargetAttrName = "riffle.target";
/// `riffle.sample_loop = N`: the function computes one sample of a batch of
/// N; code generation runs it once per sample (CPU targets).
constexpr llvm::StringLiteral kSampleLoopAttrName = "riffle.sample_loop";

/// The op's plan, or null.
inline ScheduleAttr getSchedule(Operation *op) {
  return op->getAttrOfType<ScheduleAttr>(kScheduleAttrName);
}
/// The plan's target of the function holding `op` (or of `op`, a
/// function), or null.
TargetAttr getPlanTarget(Operation *op);
/// The samples a function's code runs once each per call: its
/// `riffle.sample_loop`, or 1.
int64_t getSampleLoop(func::FuncOp func);
/// An argument's or result's `shape` as a call of the function's code
/// takes it: the leading dimension times the sample loop's count.
SmallVector<int64_t, 4> getCallShape(func::FuncOp func,
                                     ArrayRef<int64_t> shape);

/// What code generation makes of an op, whatever the target.
enum class OpFamily {
  /// Not computed by a loop nest of its own: channel_gather,
  /// channel_shuffle, slice, split, flatten, reshape (addressing only).
  View,
  /// Element-wise (activations, add, mul): may be recomputed by readers.
  Elementwise,
  /// Other ops computed over the whole tensor (concat, batch_norm, softmax,
  /// global_avg_pool).
  Generic,
  /// Dense or grouped conv2d (not depthwise).
  Conv,
  /// Depthwise conv2d, max_pool2d, avg_pool2d.
  ChannelwiseWindow,
  Gemm,
  /// Not a riffle op code generation knows.
  Unknown,
};
OpFamily getOpFamily(Operation *op);

/// Whether a depthwise convolution (one input channel per output channel).
bool isDepthwise(Conv2dOp op);
/// A window op's kernel as {rows, columns}: a conv2d's weight plane or a
/// max/avg pool's window ({1, 1} for other ops).
std::array<int64_t, 2> getWindowKernel(Operation *op);
/// A conv2d's or max/avg pool's window, each as {rows, columns}: its
/// kernel, strides, leading (top, left) pads and dilations (1 for avg pools).
struct WindowGeometry {
  std::array<int64_t, 2> kernel, strides, pads, dilations;
};
/// The window of a conv2d or max/avg pool; nullopt for other ops.
std::optional<WindowGeometry> getWindowGeometry(Operation *op);
/// Whether a conv2d or pool reads outside its input (needs a padded input).
bool readsOutsideInput(Operation *op);
/// Output channels a conv2d's register tiles split: per group for grouped
/// convolutions (computed over a group dimension), else all of them.
int64_t getTiledOutputChannels(Conv2dOp op);
/// Whether a conv2d takes the dense path whose weights code generation
/// re-lays out at compile time (groups 1, not depthwise, constant weights;
/// on CPUs padded ones too): the only one `io` (1x1) and `packed` weights
/// apply to.
bool hasRelaidDenseWeights(Conv2dOp op);
/// Whether a conv2d may be computed over its flattened plane (kind
/// `flat_conv`): a dense convolution with re-laid-out weights, stride 1 and
/// dilation 1. Output position p = x + y * pitch then reads its (padded)
/// input at p + ky * pitch + kx, the input plane's rows `pitch` apart.
bool isFlattenableConv(Conv2dOp op);
/// The row pitch of a flattened conv's planes: its (padded) input's width,
/// the output width plus the kernel's less one (a 1x1 conv: its width).
int64_t flatConvPitch(Conv2dOp op);
/// The positions a flattened conv computes: (height - 1) * pitch + width
/// (the pitch's columns past the width on every row but the last).
int64_t flatConvPositions(Conv2dOp op);
/// Whether every reader of `value`, as planned, reads its columns within
/// the plane: none computes past the plane's edge (`tail = round_up`)
/// without a padded copy of its own; channel views and inlined ops pass
/// their readers' reads on, other views (flatten, reshape, spatial slices)
/// count as reading past it.
bool readsStayInPlane(Value value);
/// Whether a gemm's weights are a constant, which code generation may lay
/// out anew (`packed` weights apply to such gemms only).
bool hasConstantWeights(GemmOp op);
/// Products summed per output of a conv2d (kernel area times input
/// channels per group).
int64_t getReductionTerms(Conv2dOp op);
/// Whether code generation gives the op's result a Func of its own over
/// the standard dimensions (which a function result may compute in its
/// place): not views and not grouped convolutions (their result is a
/// view of a Func over a group dimension).
bool hasOwnResultFunc(Operation *op);

/// Checks `plan` on `op` against the op and its neighbours' plans; reports
/// through `emitError` (at `op`).
LogicalResult verifySchedule(Operation *op, ScheduleAttr plan,
                             TargetAttr target);

} // namespace mlir::riffle

#endif // RIFFLE_DIALECT_RIFFLE_CODEGENPLAN_H
