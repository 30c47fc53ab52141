//===- CostModel.h - MACs and parameters per layer, thop style -*- C++ -*-===//
//
// The analysis behind `rifflec --report`: multiply-accumulates (MACs) and
// parameters of every op of a riffle function, counted the way thop (the
// PyTorch op counter, github.com/Lyken17/pytorch-OpCounter) counts the
// matching PyTorch module, so the figures are the ones PyTorch users already
// see (DESIGN.md, "MACs and params follow thop's conventions").
//
// Rules (sizes from the static tensor types, batch included):
//   conv2d           MACs   = out elements * (Cin/groups * kH * kW)
//                             + out elements when it has a bias
//                    params = weight elements + bias elements
//   gemm             MACs   = out elements * in_features (no bias term)
//                    params = weight elements + bias elements
//   batch_norm       MACs   = 2 * input elements
//                    params = scale + bias elements (2 * C; the running mean
//                             and variance are buffers, not parameters)
//   avg_pool2d       MACs   = out elements
//   global_avg_pool  MACs   = (H * W + 1) * out elements (H*W adds, 1 divide)
//   everything else  0 MACs, 0 params: max_pool2d, relu, leaky_relu, clip,
//                    hardswish, hardsigmoid, sigmoid, add, mul, concat, slice,
//                    split, channel_gather, flatten, reshape, channel_shuffle,
//                    softmax, and any op this file does not know (thop: "Cannot
//                    find rule ... Treat it as zero Macs and zero Params").
// A fused activation (`act`) adds nothing. Parameters are counted per op
// from its operands, so a constant that CSE shares between two ops counts
// for each of them, as two PyTorch modules would.
//
// Where the rules come from in thop's source. thop changed its rules over
// time; DESIGN.md's reference figures (Conv2d(6, 30, 3, 1) on 1x6x112x112:
// 19.96M/1.65K with groups 1) include the conv bias, so these rules follow
// thop's pre-0.1 generation (thop/count_hooks.py, later
// thop/vision/basic_hooks.py and calc_func.py):
//   - count_convNd: `y.nelement() * (in_channels // groups * kernel_ops +
//     bias_ops)`, later `calculate_conv(bias_ops, ...)`. Current thop
//     (calculate_conv2d_flops) drops the bias term; the bias version is still
//     in its source, commented out.
//   - count_linear: `in_features * y.numel()` (the bias is not counted).
//   - count_bn: `2 * x.numel()`. Later thop's count_normalization gives
//     4 * x.numel() for an affine BatchNorm (2 * numel, doubled when affine).
//   - count_avgpool: `y.numel()`; count_adap_avgpool: `(prod(x.shape[2:] /
//     y.shape[2:]) + 1) * y.numel()`.
//   - ReLU, ReLU6, MaxPool*, Dropout: zero_ops; Hardswish, Hardsigmoid,
//     Sigmoid have no rule (zero). LeakyReLU is counted as x.numel() by
//     some thop versions and zero by others; Riffle counts zero. thop counts
//     an nn.Softmax module, but a softmax reaching Riffle cannot be told
//     from F.softmax, which thop never sees; Riffle counts zero.
//   - Functionals (F.relu, torch.cat, x + y, x * y, F.adaptive_avg_pool2d,
//     x.mean(...)) are invisible to thop's module hooks. Riffle sees only
//     ops, so a global pool written as a functional (torchvision's
//     MobileNet V2 and ShuffleNet V2) is counted here but not by thop.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_ANALYSIS_COSTMODEL_H
#define RIFFLE_ANALYSIS_COSTMODEL_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

namespace mlir::riffle {

/// The cost of one op (one row of the report).
struct LayerCost {
  Operation *op = nullptr;
  /// The op's name without the `riffle.` prefix ("conv2d"); other dialects'
  /// ops keep their full name.
  std::string opName;
  /// The name the op's location carries: a NameLoc's name (the ONNX
  /// importer puts the node name there); the NameLocs inside a FusedLoc
  /// joined with '+'; empty otherwise.
  std::string locName;
  /// The shape of the first result (empty for an op without results).
  SmallVector<int64_t> outputShape;
  int64_t macs = 0;
  int64_t params = 0;
};

/// Totals over a function.
struct ModelCost {
  int64_t macs = 0;
  int64_t params = 0;
};

/// The cost of one op under the rules above; `opName`, `locName` and
/// `outputShape` are filled in as well.
LayerCost computeLayerCost(Operation *op);

/// One LayerCost per op of `func`'s body in program order, except
/// `arith.constant` (weights are counted by the ops that use them) and the
/// terminator. A function planned one sample at a time
/// (riffle.sample_loop = N) counts each op's MACs N times.
SmallVector<LayerCost> computeModelCost(func::FuncOp func);

/// The sums of `layers`' MACs and params.
ModelCost sumCosts(ArrayRef<LayerCost> layers);

/// thop's clever_format (thop/utils.py) with its default format "%.2f",
/// which is what DESIGN.md's figures use ("19.96M", not the "19.965M" that
/// thop's README gets by passing "%.3f"): strictly above 1e12, 1e9, 1e6 or
/// 1e3 the value divided by that power with two decimals and T, G, M or K
/// ("19.96M", "1.65K", "1000.00K" for exactly 1e6); the rounding is
/// printf's, the same as Python's % on the same double. Up to 1000 the exact
/// integer ("840", as DESIGN.md writes it) where thop prints "840.00B".
std::string formatCount(int64_t count);

/// "1x30x110x110"; a rank-0 shape prints as "scalar".
std::string formatDims(ArrayRef<int64_t> shape);

/// Prints the per-layer table of `func` and its totals, e.g.
///
///   TITLE
///     #  op      output shape      MACs          params         name
///     0  conv2d  1x30x110x110  19965000  19.96M    1650  1.65K  conv_g1
///     1  conv2d  1x30x110x110  10164000  10.16M     840    840  conv_g2
///   total MACs: 30129000 (30.13M)
///   total params: 2490 (2.49K)
///
/// TITLE is `title`, or `@FUNC` when `title` is empty. One row per
/// LayerCost of computeModelCost: index, op, output shape (every result of a
/// multi-result op, comma-separated), MACs exact then formatCount'ed, params
/// likewise (the formatted columns have empty headers), and the location
/// name; the name column is left out when no op has one. Columns are as
/// wide as their widest entry, numbers right-aligned, text left-aligned, two
/// spaces before each column, no trailing spaces.
void printCostReport(func::FuncOp func, llvm::raw_ostream &os,
                     llvm::StringRef title = "");

} // namespace mlir::riffle

#endif // RIFFLE_ANALYSIS_COSTMODEL_H
