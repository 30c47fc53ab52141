//===- Passes.td - Riffle graph passes ---------------------*- tablegen -*-===//

#ifndef RIFFLE_TRANSFORMS_PASSES_TD
#define RIFFLE_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldBatchNorm : Pass<"riffle-fold-batch-norm", "func::FuncOp"> {
  let summary = "Fold batch_norm into the convolution that produces its input";
  let description = [{
    `batch_norm(conv(x, w, b))` becomes one conv2d with `w' = w * k` and
    `b' = b * k + (beta - mean * k)`, `k = gamma / sqrt(var + eps)`, when the
    conv's only user is the batch_norm and it has no fused activation. Any
    other batch_norm with constant parameters becomes a per-channel `mul`
    and `add` of constants, so no batch_norm survives the pass.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let statistics = [
    Statistic<"numFolded", "batch-norms-folded", "batch_norms folded into convolutions">,
    Statistic<"numDecomposed", "batch-norms-decomposed", "batch_norms turned into mul and add">
  ];
}

def FuseActivation : Pass<"riffle-fuse-activation", "func::FuncOp"> {
  let summary = "Fuse element-wise activations into the conv, gemm or add before them";
  let description = [{
    Every activation op (relu, clip for ReLU6, hardswish, ...: the ops with
    ActivationOpInterface) whose input is a conv2d, gemm or add with no
    other user and no activation yet becomes that op's `act` attribute. `mul(x, hardsigmoid(x))` with
    alpha 1/6 and beta 1/2 (hardswish as exported at opset 13) becomes
    `hardswish(x)` first.
  }];
  let statistics = [
    Statistic<"numFused", "activations-fused", "activations fused into their producer">,
    Statistic<"numHardSwish", "hardswish-raised", "x * hardsigmoid(x) raised to hardswish">
  ];
}

def FuseChannelShuffle : Pass<"riffle-fuse-channel-shuffle", "func::FuncOp"> {
  let summary = "Fold every channel shuffle into the convolutions next to it";
  let description = [{
    A channel shuffle is a fixed channel permutation. It is absorbed into
    the weights of a dense convolution (its filters when the shuffle follows
    it, its input columns when it precedes it), moved through channel-wise
    ops (depthwise convolution, activations, per-channel add and mul,
    pools) by permuting their per-channel parameters, and kept as an input
    or output channel map where it meets a group convolution. Where it meets
    concatenation and channel slices (ShuffleNet V2's concat, shuffle,
    split) it becomes a `channel_gather` view that code generation turns
    into addressing.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let statistics = [
    Statistic<"numShufflesRemoved", "shuffles-removed", "channel_shuffle ops removed">,
    Statistic<"numWeightsPermuted", "weights-permuted", "weight tensors permuted">,
    Statistic<"numChannelMaps", "channel-maps-created", "input/output channel maps created or composed">,
    Statistic<"numMovedThrough", "moved-through-channelwise", "permutations moved through channel-wise ops">
  ];
}

def EliminateCopies : Pass<"riffle-eliminate-copies", "func::FuncOp"> {
  let summary = "Turn concat, slice, split and shuffle into channel views";
  let description = [{
    Ops that only move channels (concat, slice, split on channels,
    channel_shuffle) become `riffle.channel_gather` views, and views of views
    are composed into one. A view is never materialized: code generation
    reads a view's channel c from the source tensor and channel its map
    names. See the contract in docs of riffle.channel_gather.
  }];
  let statistics = [
    Statistic<"numCopiesRemoved", "copies-removed", "copy-only ops turned into views">,
    Statistic<"numViewsComposed", "views-composed", "views folded into another view">
  ];
}

def PlanCodegen : Pass<"riffle-plan-codegen", "func::FuncOp"> {
  let summary = "Decide how code generation computes every op, in the IR";
  let description = [{
    Records the code-generation plan for the Halide target given as
    `target` (a Halide target string; its vector width and whether it is a
    GPU target decide): `riffle.target = #riffle.target<...>` on the
    function and `riffle.schedule = #riffle.schedule<...>` on every riffle
    op, and on 4-D arguments read through a padded copy. A schedule says
    which loop-nest shape computes the op (register-tiled convolution,
    channel-wise window, channel-vector 1x1 convolution, gemm, a plain loop
    nest, or inlined into its readers), its tile sizes and how the last
    partial tile is handled, where a padded input is computed, and whether
    the op is computed inside another's loop nest (an inverted residual's
    expansion conv inside its depthwise conv; on GPUs, an op computed by the
    kernel of the function result it feeds). The Halide emitter carries the
    plan out and decides nothing itself; a hand-edited plan (checked by the
    dialect's verifier) compiles as written. A function that already has a
    plan keeps it unless `replace` is set.
    With `materialize-shuffles`, every channel_shuffle is planned `root` (a
    copy computed on its own) instead of `inlined`. On CPU targets, a
    function with more than `max-pipeline-funcs` Halide Funcs is split into
    several pipelines run in order (`pipeline` in each op's plan; Halide's
    lowering time grows with the square of a pipeline's Funcs).
    With `sample-loop` (the default), a CPU function of batch N > 1 whose
    ops compute every sample on its own is planned for one sample: its
    batched values are re-typed to a leading dimension of 1 and the
    function is marked `riffle.sample_loop = N`, which code generation
    carries out by running the one-sample code once per sample (each
    sample's activations stay in cache, where a batch's leave it between
    layers).
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"host\"",
           "Halide target string the plan is made for">,
    Option<"replace", "replace", "bool", /*default=*/"false",
           "Replace a plan the function already has (kept by default)">,
    Option<"materializeShuffles", "materialize-shuffles", "bool",
           /*default=*/"false",
           "Compute every channel_shuffle as a copy of its own (`root`) "
           "instead of an index view its readers read through: the copying "
           "baseline the shuffle fusion is measured against (what ONNX "
           "Runtime and PyTorch do)">,
    Option<"maxPipelineFuncs", "max-pipeline-funcs", "int64_t",
           /*default=*/"128",
           "CPU targets: split a function into Halide pipelines of about "
           "this many Funcs each, at points where every value handed on "
           "is a materialized tensor (0: one pipeline)">,
    Option<"sampleLoop", "sample-loop", "bool", /*default=*/"true",
           "CPU targets: compute a batch one sample at a time when every op "
           "computes each sample on its own (riffle.sample_loop)">
  ];
  let statistics = [
    Statistic<"numPlanned", "ops-planned", "ops given a schedule">,
    Statistic<"numFusedProducers", "producers-fused", "convolutions computed inside their consumer">,
    Statistic<"numInlinedElementwise", "elementwise-inlined", "element-wise ops computed inside their element-wise user">,
    Statistic<"numPaddedArguments", "arguments-padded", "arguments read through a padded copy">,
    Statistic<"numFlattenedPlanes", "planes-flattened", "1x1 convolutions computed over their flattened plane">,
    Statistic<"numPipelines", "pipelines", "Halide pipelines the functions are split into">,
    Statistic<"numSampleLoops", "sample-loops", "functions planned one sample at a time">
  ];
}

#endif // RIFFLE_TRANSFORMS_PASSES_TD
