//===- RiffleAttrs.td - Riffle attributes ------------------*- tablegen -*-===//

#ifndef RIFFLE_DIALECT_RIFFLE_RIFFLEATTRS_TD
#define RIFFLE_DIALECT_RIFFLE_RIFFLEATTRS_TD

include "riffle/Dialect/Riffle/RiffleDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Riffle_ActivationKind : I32EnumAttr<"ActivationKind",
    "element-wise activation function", [
      I32EnumAttrCase<"relu", 0>,
      I32EnumAttrCase<"clip", 1>,
      I32EnumAttrCase<"leaky_relu", 2>,
      I32EnumAttrCase<"hardswish", 3>,
      I32EnumAttrCase<"hardsigmoid", 4>,
      I32EnumAttrCase<"sigmoid", 5>
    ]> {
  let cppNamespace = "::mlir::riffle";
  let genSpecializedAttr = 0;
}

def Riffle_ActivationAttr : AttrDef<Riffle_Dialect, "Activation"> {
  let mnemonic = "act";
  let summary = "an activation fused into the op that produces its input";
  let description = [{
    The activation applied to every element an op produces (after its bias).
    Kinds and their parameters:
    - `relu`: max(x, 0)
    - `clip(min, max)`: min(max(x, min), max); ReLU6 is `clip(0.0, 6.0)`
    - `leaky_relu(alpha)`: x if x >= 0 else alpha * x
    - `hardswish`: x * clip(x + 3, 0, 6) / 6
    - `hardsigmoid(alpha, beta)`: clip(alpha * x + beta, 0, 1)
    - `sigmoid`: 1 / (1 + exp(-x))

    Syntax: `#riffle.act<relu>`, `#riffle.act<clip(0.0, 6.0)>`.
  }];
  let parameters = (ins
    EnumParameter<Riffle_ActivationKind>:$kind,
    APFloatParameter<"first parameter (clip min, alpha)">:$alpha,
    APFloatParameter<"second parameter (clip max, beta)">:$beta
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let builders = [
    AttrBuilder<(ins "ActivationKind":$kind,
                     CArg<"double", "0.0">:$alpha,
                     CArg<"double", "0.0">:$beta), [{
      return $_get($_ctxt, kind, ::llvm::APFloat(alpha), ::llvm::APFloat(beta));
    }]>
  ];
  let extraClassDeclaration = [{
    /// Number of float parameters `kind` takes (0, 1 or 2).
    static unsigned getNumParams(ActivationKind kind);
    /// Checks `alpha` and `beta` as the parameters of `kind`; calls
    /// `report` with the problem and returns its result if they are not.
    /// The attribute and the activation ops verify through it.
    static ::llvm::LogicalResult verifyParams(ActivationKind kind,
        ::llvm::APFloat alpha, ::llvm::APFloat beta,
        ::llvm::function_ref<::llvm::LogicalResult(const ::llvm::Twine &)> report);
    /// Applies the activation to one value (the reference semantics).
    float apply(float x) const;
    double getAlphaValue() const { return getAlpha().convertToDouble(); }
    double getBetaValue() const { return getBeta().convertToDouble(); }
  }];
}


//===----------------------------------------------------------------------===//
// The code-generation plan (riffle-plan-codegen)
//===----------------------------------------------------------------------===//

def Riffle_ScheduleKind : I32EnumAttr<"ScheduleKind",
    "how code generation computes an op", [
      I32EnumAttrCase<"inlined", 0>,
      I32EnumAttrCase<"root", 1>,
      I32EnumAttrCase<"conv", 2>,
      I32EnumAttrCase<"channelwise_window", 3>,
      I32EnumAttrCase<"channel_vector_conv", 4>,
      I32EnumAttrCase<"gemm", 5>,
      I32EnumAttrCase<"plane_reduction", 6>,
      I32EnumAttrCase<"flat_conv", 7>
    ]> {
  let cppNamespace = "::mlir::riffle";
  let genSpecializedAttr = 0;
}

def Riffle_PadPlacement : I32EnumAttr<"PadPlacement",
    "where the padded input of a window op is computed", [
      I32EnumAttrCase<"none", 0>,
      I32EnumAttrCase<"root", 1>,
      I32EnumAttrCase<"per_channel", 2>,
      I32EnumAttrCase<"select", 3>,
      I32EnumAttrCase<"staged", 4>
    ]> {
  let cppNamespace = "::mlir::riffle";
  let genSpecializedAttr = 0;
}

def Riffle_Placement : I32EnumAttr<"Placement",
    "which loop nest computes an op's result", [
      I32EnumAttrCase<"own", 0>,
      I32EnumAttrCase<"consumer", 1>,
      I32EnumAttrCase<"result", 2>
    ]> {
  let cppNamespace = "::mlir::riffle";
  let genSpecializedAttr = 0;
}

def Riffle_WeightLayout : I32EnumAttr<"WeightLayout",
    "how a convolution's constant weights are laid out in the library", [
      I32EnumAttrCase<"oihw", 0>,
      I32EnumAttrCase<"io", 1>,
      I32EnumAttrCase<"packed", 2>
    ]> {
  let cppNamespace = "::mlir::riffle";
  let genSpecializedAttr = 0;
}

def Riffle_SplitTail : I32EnumAttr<"SplitTail",
    "what a split does when its factor does not divide the extent", [
      I32EnumAttrCase<"shift_inwards", 0>,
      I32EnumAttrCase<"round_up", 1>
    ]> {
  let cppNamespace = "::mlir::riffle";
  let genSpecializedAttr = 0;
}

def Riffle_ParallelLoop : I32EnumAttr<"ParallelLoop",
    "which loop of an op's CPU loop nest runs in parallel", [
      I32EnumAttrCase<"none", 0>,
      I32EnumAttrCase<"rows", 1>,
      I32EnumAttrCase<"channels", 2>,
      I32EnumAttrCase<"outer", 3>
    ]> {
  let cppNamespace = "::mlir::riffle";
  let genSpecializedAttr = 0;
}

def Riffle_TapUnroll : I32EnumAttr<"TapUnroll",
    "which of a window's tap loops are unrolled", [
      I32EnumAttrCase<"all", 0>,
      I32EnumAttrCase<"columns", 1>,
      I32EnumAttrCase<"none", 2>
    ]> {
  let cppNamespace = "::mlir::riffle";
  let genSpecializedAttr = 0;
}

def Riffle_Handoff : I32EnumAttr<"Handoff",
    "how later pipelines read an op's results", [
      I32EnumAttrCase<"direct", 0>,
      I32EnumAttrCase<"padded", 1>
    ]> {
  let cppNamespace = "::mlir::riffle";
  let genSpecializedAttr = 0;
}

def Riffle_TileSizesParameter : OptionalArrayRefParameter<"int64_t",
                                                          "tile sizes"> {
  let parser = "::mlir::riffle::parseTileSizes($_parser)";
  let printer = "::mlir::riffle::printTileSizes($_printer, $_self)";
}

def Riffle_TargetAttr : AttrDef<Riffle_Dialect, "Target"> {
  let mnemonic = "target";
  let summary = "the target a function's code-generation plan was made for";
  let description = [{
    On a `func.func` as `riffle.target`, set by riffle-plan-codegen: the
    Halide target string the plan was made for, the f32 lanes of its widest
    vectors, and whether it is a GPU target (CUDA, OpenCL). The Halide
    emitter refuses to carry out a CPU plan for a GPU target and the other
    way round. GPU targets also carry `gpu_block = [x, y, threads]`: the
    thread block of every kernel, at most `threads` threads, of which at
    most `x` along the output's columns and `y` along its rows (the rest
    over channels, groups and batch; vectors and matrices put all of them
    along their first dimension).

    Syntax: `#riffle.target<name = "x86-64-linux-avx2", vector_lanes = 8,
    gpu = false>`, `#riffle.target<name = "host-cuda", vector_lanes = 4,
    gpu = true, gpu_block = [16, 8, 128]>`.
  }];
  let parameters = (ins
    StringRefParameter<"Halide target string">:$name,
    "int64_t":$vector_lanes,
    "bool":$gpu,
    Riffle_TileSizesParameter:$gpu_block
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

// Tile sizes in brackets (`tile = [16, 12]`), so the next parameter's comma
// is not read as one more size.
def Riffle_ScheduleAttr : AttrDef<Riffle_Dialect, "Schedule"> {
  let mnemonic = "schedule";
  let summary = "how code generation computes one op (its plan)";
  let description = [{
    Set by riffle-plan-codegen on every riffle op (as `riffle.schedule`) and
    on function arguments read through a padded copy; the Halide emitter
    (lib/Conversion/RiffleToHalide) carries it out and decides nothing of
    its own. Parameters (all but `kind` optional):
    - `kind`, the shape of the loop nest:
      - `inlined`: no loop nest; consumers recompute the values (views; on
        GPUs, element-wise ops);
      - `root`: one loop nest over the whole tensor, the innermost
        dimension vectorized (`vector` lanes, or the smallest power of two
        covering a narrower one), the outer ones parallel (CPU) or one
        kernel with threads over the tensor (GPU);
      - `conv`: a dense or grouped convolution. CPU: register tiles of
        `tile[0]` columns (vectorized when >= 4) times `tile[1]` output
        channels, loops n, y, [group,] channel block, x tile (rows and batch
        parallel), the accumulator computed per tile. GPU: one thread per
        pixel computes `tile[0]` output channels;
      - `channelwise_window`: a depthwise convolution or a max/avg pool.
        CPU: `tile[0]` columns times `tile[2]` rows (optional, default 1;
        rows computed together load the input rows they share once, the
        last row tile overlapping the one before), channels in blocks of
        `tile[1]`, one channel plane at a time, taps unrolled as `unroll`
        says, channel blocks and batch parallel. GPU: one thread per
        output pixel and channel;
      - `channel_vector_conv`: a dense convolution on narrow planes
        (CPU): `tile[0]` output channels (a vector) times `tile[1]` whole
        rows, each input value broadcast to the vector of channels;
      - `flat_conv`: a dense convolution with stride 1 and dilation 1
        computed over its flattened plane (CPU): the positions are one
        dimension, so a register tile of `tile[0]` positions (vectors)
        times `tile[1]` output channels runs on across rows and no vector
        is left part empty at a row's end; loops n, channel block,
        position tile (`parallel = rows`: strips of about a row's
        positions outermost, split between threads). Rows are a pitch of
        W + kernel width - 1 positions apart, its input's (a 1x1 conv: W);
        position p = x + y * pitch reads input position p + ky * pitch +
        kx, and the pitch's columns past W are computed, never read. Its
        readers read its columns within the plane, and the storage it
        reads is exactly its input plane (a padded conv: its own padded
        copy, `pad = root`), so a position's input is one dense load;
      - `gemm`: tiles of `tile[0]` outputs (CPU; 0: the whole row),
        `vector` lanes each; GPU: one thread per output;
      - `plane_reduction`: a reduction of every channel's whole plane to
        one value (global average pooling; CPU): vectors of `vector`
        channels, the plane's values in the reduction loop, channel vectors
        and batch parallel.
    - `vector`: f32 lanes of the vectors used (0 on GPUs);
    - `tile`: the kind's tile sizes, above;
    - `tail`: how the x split of `conv` and `channelwise_window` handles a
      last partial tile (`shift_inwards`: the last tile overlaps the one
      before; `round_up`: a few columns are computed past the edge);
    - `pad`: where the padded input of a window op is computed: `none`
      (reads in bounds), `root` (an explicit padded copy computed once),
      `per_channel` (an explicit padded copy, one channel plane at a time
      inside the op's channel loop), `select` (a select on clamped
      coordinates inlined into the reads; GPU), `staged` (the same, staged
      per thread block in shared memory; GPU);
    - `placement`: `own` (its own loop nest or kernel), `consumer`
      (computed a channel block at a time inside its only user, a
      `channelwise_window`: an inverted residual's expansion conv),
      `result` (computed by the loop nest of the function result that is
      its only use; GPU);
    - `weights`: the layout of a convolution's re-laid-out weights (dense,
      constant; padded ones on CPUs only: `oihw`; `io` for a 1x1
      `channel_vector_conv`, output channel innermost) or of a gemm's constant weights (`oihw`: [input
      feature][output]); or `packed`: one block per tile of outputs, [tile]
      [input channel][ky][kx][output in tile], padded with zeros to whole
      tiles, so a tile reads its weights as one sequential stream (the tile
      is tile[1] output channels for `conv` and `flat_conv`, tile[0] for
      `channel_vector_conv` and `gemm`, whose tiles then start at
      multiples of it);
    - `parallel` (CPU): the loop the threads split, fused with the batch
      loop: `rows` (output rows; `conv`, and `channel_vector_conv`, whose
      row tiles then go outside its channel tiles), `channels` (blocks of
      output channels: `conv`, whose channel-block loop then goes outside
      the rows, `channelwise_window`, `channel_vector_conv`,
      `plane_reduction`,
      a `root` nest of rank 4, gemm's output tiles), `outer` (the outermost
      dimension of a `root` nest of rank 2 or 3) or `none` (serial: one
      thread's work is too small to split, or the op is computed inside
      another's loop nest). A padded copy computed at root is parallel over
      channels unless its op's loop nest is serial. The loop order inside
      is the kind's (above);
    - `unroll` (`channelwise_window`, `channel_vector_conv`): which loops
      over the window's taps are unrolled: `all` (the default: short
      windows, whose taps become straight-line FMAs), `columns` (the row
      loop stays a loop: a channel-vector tile's neighbouring columns then
      share their input loads) or `none` (large windows, e.g. a 60x80 max
      pool: unrolling every tap makes code, and compile time, grow with
      the window);
    - `pipeline` (CPU): which of the function's Halide pipelines computes
      the op (0, the default, for all of them unless riffle-plan-codegen
      split a large network: Halide's lowering takes time quadratic in the
      Funcs of one pipeline). The library runs the pipelines in order; a
      result one pipeline hands to a later one is copied into a buffer
      between them (the generated C allocates it) and read there as an
      input. An op's operands come from its own or earlier pipelines;
    - `handoff` (CPU): how later pipelines read the op's results: `direct`
      (from the buffer, as it is), or `padded` (through a padded copy, as a
      function argument with a plan is: readers that compute a few columns
      past the edge read defined values).

    Syntax: `#riffle.schedule<kind = conv, vector = 16, tile = [16, 12],
    tail = shift_inwards, pad = root>`.
  }];
  let parameters = (ins
    EnumParameter<Riffle_ScheduleKind>:$kind,
    DefaultValuedParameter<"int64_t", "0">:$vector,
    Riffle_TileSizesParameter:$tile,
    DefaultValuedParameter<"::mlir::riffle::SplitTail",
                           "::mlir::riffle::SplitTail::shift_inwards">:$tail,
    DefaultValuedParameter<"::mlir::riffle::PadPlacement",
                           "::mlir::riffle::PadPlacement::none">:$pad,
    DefaultValuedParameter<"::mlir::riffle::Placement",
                           "::mlir::riffle::Placement::own">:$placement,
    DefaultValuedParameter<"::mlir::riffle::WeightLayout",
                           "::mlir::riffle::WeightLayout::oihw">:$weights,
    DefaultValuedParameter<"::mlir::riffle::ParallelLoop",
                           "::mlir::riffle::ParallelLoop::none">:$parallel,
    DefaultValuedParameter<"::mlir::riffle::TapUnroll",
                           "::mlir::riffle::TapUnroll::all">:$unroll,
    DefaultValuedParameter<"int64_t", "0">:$pipeline,
    DefaultValuedParameter<"::mlir::riffle::Handoff",
                           "::mlir::riffle::Handoff::direct">:$handoff
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// tile[i], or `otherwise` when the tile has fewer sizes.
    int64_t getTileSize(unsigned i, int64_t otherwise = 0) const {
      return i < getTile().size() ? getTile()[i] : otherwise;
    }
  }];
}

#endif // RIFFLE_DIALECT_RIFFLE_RIFFLEATTRS_TD
