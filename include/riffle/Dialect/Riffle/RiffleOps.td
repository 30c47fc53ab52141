//===- RiffleOps.td - Riffle operations --------------------*- tablegen -*-===//
//
// Every op here infers its result types through one C++ function per op,
// `inferResultTypes`, which also reports every invalid operand or attribute.
// The verifier and the InferTypeOpInterface builders share it, so a
// diagnostic reads the same whether it comes from parsing or from a pass.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_DIALECT_RIFFLE_RIFFLEOPS_TD
#define RIFFLE_DIALECT_RIFFLE_RIFFLEOPS_TD

include "riffle/Dialect/Riffle/RiffleDialect.td"
include "riffle/Dialect/Riffle/RiffleAttrs.td"
include "riffle/Dialect/Riffle/RiffleInterfaces.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Riffle_Tensor : Type<
    And<[TensorOf<[F32]>.predicate, HasStaticShapePred]>,
    "statically shaped f32 tensor", "::mlir::RankedTensorType">;

def Riffle_FeatureMap : Type<
    And<[TensorRankOf<[F32], [4]>.predicate, HasStaticShapePred]>,
    "4-D statically shaped f32 tensor (NCHW)", "::mlir::RankedTensorType">;

def Riffle_Matrix : Type<
    And<[TensorRankOf<[F32], [2]>.predicate, HasStaticShapePred]>,
    "2-D statically shaped f32 tensor", "::mlir::RankedTensorType">;

def Riffle_Vector : Type<
    And<[TensorRankOf<[F32], [1]>.predicate, HasStaticShapePred]>,
    "1-D statically shaped f32 tensor", "::mlir::RankedTensorType">;

//===----------------------------------------------------------------------===//
// Base classes
//===----------------------------------------------------------------------===//

class Riffle_Op<string mnemonic, list<Trait> traits = []>
    : Op<Riffle_Dialect, mnemonic, !listconcat(traits, [Pure])>;

// An op whose result types follow from its operands and attributes.
class Riffle_InferredOp<string mnemonic, list<Trait> traits = []>
    : Riffle_Op<mnemonic, !listconcat(traits, [InferTypeOpAdaptor])> {
  let hasVerifier = 1;
  code inferDecl = [{
    /// Computes the result types, reporting invalid operands or attributes
    /// through `report` (which is silent when it has no location).
    static ::llvm::LogicalResult inferResultTypes(
        Adaptor adaptor, ::mlir::riffle::ShapeErrorReporter &report,
        ::llvm::SmallVectorImpl<::mlir::Type> &resultTypes);
  }];
  let extraClassDeclaration = inferDecl;
  code inferDef = [{
    ::llvm::LogicalResult $cppClass::verify() {
      ::llvm::SmallVector<::mlir::Type> resultTypes;
      ::mlir::riffle::ShapeErrorReporter report(getOperation());
      return inferResultTypes(Adaptor(*this), report, resultTypes);
    }
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, ::std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &resultTypes) {
      ::mlir::riffle::ShapeErrorReporter report(location, getOperationName());
      return ::mlir::riffle::inferWithDefaults<$cppClass>(context, adaptor,
                                                          report, resultTypes);
    }
  }];
  let extraClassDefinition = inferDef;
}

// y = f(x) element by element; the result type is the input's.
class Riffle_UnaryOp<string mnemonic, list<Trait> traits = []>
    : Riffle_InferredOp<mnemonic, traits> {
  let arguments = (ins Riffle_Tensor:$input);
  let results = (outs Riffle_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

//===----------------------------------------------------------------------===//
// Convolution and fully connected layers
//===----------------------------------------------------------------------===//

def Riffle_Conv2dOp : Riffle_InferredOp<"conv2d"> {
  let summary = "2-D (group) convolution with optional bias, fused activation and channel maps";
  let description = [{
    `output = act(conv(input, weight) + bias)` on NCHW tensors with an OIHW
    weight of shape `[Cout, Cin / groups, kH, kW]`. `pads` is
    `[top, left, bottom, right]`; implicit padding is zero.

    Channel maps make a channel permutation free: with
    `input_channel_map = m` the convolution reads input channel `m[c]`
    wherever it would read channel `c`; with `output_channel_map = p`,
    output channel `c` holds the computed channel `p[c]`. Both are
    permutations (gather maps) of the channel range.

    ```mlir
    %y = riffle.conv2d %x, %w, %b {groups = 3 : i64, act = #riffle.act<relu>}
        : (tensor<1x24x28x28xf32>, tensor<60x8x1x1xf32>, tensor<60xf32>)
        -> tensor<1x60x28x28xf32>
    ```
  }];
  let arguments = (ins
    Riffle_FeatureMap:$input,
    Riffle_FeatureMap:$weight,
    Optional<Riffle_Vector>:$bias,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
    DefaultValuedAttr<I64Attr, "1">:$groups,
    OptionalAttr<Riffle_ActivationAttr>:$act,
    OptionalAttr<DenseI64ArrayAttr>:$input_channel_map,
    OptionalAttr<DenseI64ArrayAttr>:$output_channel_map
  );
  let results = (outs Riffle_FeatureMap:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = inferDecl # [{
    /// One group per input channel, one output channel per group.
    bool isDepthwise();
    /// A 1x1 kernel with unit strides, no padding and no dilation.
    bool isPointwise();
  }];
}

def Riffle_GemmOp : Riffle_InferredOp<"gemm"> {
  let summary = "fully connected layer: input x weight^T + bias";
  let description = [{
    `output[m, n] = act(sum_k input[m, k] * weight[n, k] + bias[n])`; the
    weight is `[N, K]` like PyTorch's `nn.Linear`. Frontends fold ONNX's
    `alpha`, `beta` and transposes into the constant operands.
  }];
  let arguments = (ins
    Riffle_Matrix:$input,
    Riffle_Matrix:$weight,
    Optional<Riffle_Vector>:$bias,
    OptionalAttr<Riffle_ActivationAttr>:$act
  );
  let results = (outs Riffle_Matrix:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Channel-wise ops
//===----------------------------------------------------------------------===//

def Riffle_ChannelShuffleOp : Riffle_InferredOp<"channel_shuffle"> {
  let summary = "ShuffleNet's channel shuffle";
  let description = [{
    With `C = groups * n` channels, `output[:, c] = input[:, (c % groups) * n + c / groups]`:
    the channels, viewed as a `groups x n` matrix, are transposed.
  }];
  let arguments = (ins Riffle_FeatureMap:$input, I64Attr:$groups);
  let results = (outs Riffle_FeatureMap:$output);
  let assemblyFormat = "$input `,` `groups` `=` $groups attr-dict `:` type($input)";
  let hasFolder = 1;
  let extraClassDeclaration = inferDecl # [{
    /// The gather map of this shuffle: output channel c is input channel map[c].
    static ::llvm::SmallVector<int64_t> getPermutation(int64_t channels, int64_t groups);
  }];
}

def Riffle_BatchNormOp : Riffle_InferredOp<"batch_norm",
    [AllTypesMatch<["scale", "bias", "mean", "variance"]>]> {
  let summary = "inference-mode batch normalization";
  let description = [{
    `output[:, c] = (input[:, c] - mean[c]) / sqrt(variance[c] + epsilon) * scale[c] + bias[c]`.
  }];
  let arguments = (ins
    Riffle_FeatureMap:$input,
    Riffle_Vector:$scale,
    Riffle_Vector:$bias,
    Riffle_Vector:$mean,
    Riffle_Vector:$variance,
    DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon
  );
  let results = (outs Riffle_FeatureMap:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    type($input) `,` type($scale)
  }];
}

//===----------------------------------------------------------------------===//
// Element-wise ops
//===----------------------------------------------------------------------===//

// The standalone form of `#riffle.act<KIND(...)>`: the op is named after
// its activation kind, and `params` names its f32 attributes in the order of
// the activation's parameters (alpha, beta), each a single lower-case word.
// This class is the op-to-activation mapping: it implements
// ActivationOpInterface and verifies the parameters as ActivationAttr does.
class Riffle_ActivationOp<string kind, list<string> params = []>
    : Riffle_UnaryOp<kind, [Riffle_ActivationOpInterface]> {
  list<string> paramGetters = !foreach(p, params,
      "get" # !toupper(!substr(p, 0, 1)) # !substr(p, 1) # "()");
  string paramList = "{" # !interleave(paramGetters, ", ") # "}";
  string adaptorParamList =
      "{" # !interleave(!foreach(g, paramGetters, "adaptor." # g), ", ") # "}";
  string paramNameList =
      "{" # !interleave(!foreach(p, params, "\"" # p # "\""), ", ") # "}";
  let extraClassDeclaration = inferDecl # [{
    static ::mlir::riffle::ActivationKind getActivationKind() {
      return ::mlir::riffle::ActivationKind::}] # kind # [{;
    }
    ::mlir::riffle::ActivationAttr getActivation() {
      return ::mlir::riffle::detail::getActivation(
          getContext(), getActivationKind(), }] # paramList # [{);
    }
    static ::mlir::Operation *buildActivation(::mlir::OpBuilder &builder,
        ::mlir::Location loc, ::mlir::Value input,
        ::mlir::riffle::ActivationAttr act) {
      return ::mlir::riffle::detail::buildActivationOp(
          builder, loc, getOperationName(), }] # paramNameList # [{, input, act);
    }
  }];
  let extraClassDefinition = inferDef # [{
    ::llvm::LogicalResult $cppClass::inferResultTypes(
        Adaptor adaptor, ::mlir::riffle::ShapeErrorReporter &report,
        ::llvm::SmallVectorImpl<::mlir::Type> &resultTypes) {
      return ::mlir::riffle::detail::inferActivationResultTypes(
          getActivationKind(), }] # adaptorParamList # [{, report,
          adaptor.getInput(), resultTypes);
    }
  }];
}

def Riffle_ReluOp : Riffle_ActivationOp<"relu"> {
  let summary = "max(x, 0)";
}

def Riffle_LeakyReluOp : Riffle_ActivationOp<"leaky_relu", ["alpha"]> {
  let summary = "x if x >= 0 else alpha * x";
  let arguments = (ins Riffle_Tensor:$input, DefaultValuedAttr<F32Attr, "0.01">:$alpha);
}

def Riffle_ClipOp : Riffle_ActivationOp<"clip", ["min", "max"]> {
  let summary = "min(max(x, min), max); ReLU6 is clip(0, 6)";
  let arguments = (ins Riffle_Tensor:$input, F32Attr:$min, F32Attr:$max);
  let assemblyFormat = "$input `,` `min` `=` $min `,` `max` `=` $max attr-dict `:` type($input)";
}

def Riffle_HardSwishOp : Riffle_ActivationOp<"hardswish"> {
  let summary = "x * clip(x + 3, 0, 6) / 6";
}

def Riffle_HardSigmoidOp : Riffle_ActivationOp<"hardsigmoid", ["alpha", "beta"]> {
  let summary = "clip(alpha * x + beta, 0, 1)";
  let arguments = (ins Riffle_Tensor:$input,
                   DefaultValuedAttr<F32Attr, "0.2">:$alpha,
                   DefaultValuedAttr<F32Attr, "0.5">:$beta);
}

def Riffle_SigmoidOp : Riffle_ActivationOp<"sigmoid"> {
  let summary = "1 / (1 + exp(-x))";
}

class Riffle_BroadcastBinaryOp<string mnemonic> : Riffle_InferredOp<mnemonic> {
  let description = [{
    Element-wise with NumPy broadcasting, e.g. a `[N, C, 1, 1]` operand
    scales every plane of a `[N, C, H, W]` one (squeeze-and-excitation).
  }];
  let results = (outs Riffle_Tensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($output)";
}

def Riffle_AddOp : Riffle_BroadcastBinaryOp<"add"> {
  let summary = "element-wise sum with broadcasting and optional fused activation";
  let arguments = (ins Riffle_Tensor:$lhs, Riffle_Tensor:$rhs,
                   OptionalAttr<Riffle_ActivationAttr>:$act);
}

def Riffle_MulOp : Riffle_BroadcastBinaryOp<"mul"> {
  let summary = "element-wise product with broadcasting";
  let arguments = (ins Riffle_Tensor:$lhs, Riffle_Tensor:$rhs);
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def Riffle_ConcatOp : Riffle_InferredOp<"concat"> {
  let summary = "concatenation along one axis (channels by default)";
  let arguments = (ins Variadic<Riffle_Tensor>:$inputs,
                   DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs Riffle_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, results)";
}

def Riffle_SliceOp : Riffle_InferredOp<"slice"> {
  let summary = "elements start, start + step, ... below end along one axis";
  let arguments = (ins Riffle_Tensor:$input,
                   DefaultValuedAttr<I64Attr, "1">:$axis,
                   I64Attr:$start, I64Attr:$end,
                   DefaultValuedAttr<I64Attr, "1">:$step);
  let results = (outs Riffle_Tensor:$output);
  let assemblyFormat = [{
    $input `[` $start `:` $end `]` attr-dict `:` type($input) `->` type($output)
  }];
}

def Riffle_SplitOp : Riffle_InferredOp<"split"> {
  let summary = "split along one axis into consecutive parts of the given sizes";
  let arguments = (ins Riffle_Tensor:$input,
                   DefaultValuedAttr<I64Attr, "1">:$axis,
                   DenseI64ArrayAttr:$sizes);
  let results = (outs Variadic<Riffle_Tensor>:$outputs);
  let assemblyFormat = "$input $sizes attr-dict `:` type($input) `->` type($outputs)";
}

def Riffle_ChannelGatherOp : Riffle_InferredOp<"channel_gather"> {
  let summary = "a channel view: each output channel names one input channel";
  let description = [{
    `output[:, c] = inputs[sources[c]][:, channels[c]]` for NCHW inputs that
    agree on N, H and W. It expresses every op that only moves channels
    (concat, channel slices and splits, channel shuffles, and any
    composition of them) as one view.

    Contract with code generation: a channel_gather is never a copy. Its
    consumers read channel c straight from `inputs[sources[c]]` at channel
    `channels[c]` (index arithmetic per channel plane); only a function
    result that is a view is materialized, by the producers writing into
    the result buffer.
  }];
  let arguments = (ins Variadic<Riffle_FeatureMap>:$inputs,
                   DenseI64ArrayAttr:$sources,
                   DenseI64ArrayAttr:$channels);
  let results = (outs Riffle_FeatureMap:$output);
  let assemblyFormat = [{
    $inputs `sources` $sources `channels` $channels attr-dict `:`
    functional-type($inputs, results)
  }];
  let hasFolder = 1;
}

def Riffle_FlattenOp : Riffle_InferredOp<"flatten"> {
  let summary = "collapse to 2-D: [d0 * ... * d(axis-1), d(axis) * ... * d(n-1)]";
  let arguments = (ins Riffle_Tensor:$input, DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs Riffle_Matrix:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Riffle_ReshapeOp : Riffle_Op<"reshape"> {
  let summary = "reinterpret the elements (row-major) under another static shape";
  let arguments = (ins Riffle_Tensor:$input);
  let results = (outs Riffle_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Pooling and normalization
//===----------------------------------------------------------------------===//

def Riffle_MaxPool2dOp : Riffle_InferredOp<"max_pool2d"> {
  let summary = "2-D max pooling";
  let description = [{
    Padding never wins the max. With `ceil_mode` the output size rounds up,
    but a window that would start in the bottom/right padding is dropped
    (PyTorch's and ONNX's rule).
  }];
  let arguments = (ins Riffle_FeatureMap:$input,
                   DenseI64ArrayAttr:$kernel,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                   DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);
  let results = (outs Riffle_FeatureMap:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Riffle_AvgPool2dOp : Riffle_InferredOp<"avg_pool2d"> {
  let summary = "2-D average pooling";
  let description = [{
    With `count_include_pad` the divisor is the window clipped to the padded
    input; without it, the number of input elements the window covers.
  }];
  let arguments = (ins Riffle_FeatureMap:$input,
                   DenseI64ArrayAttr:$kernel,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                   DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                   DefaultValuedAttr<BoolAttr, "false">:$count_include_pad);
  let results = (outs Riffle_FeatureMap:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Riffle_GlobalAvgPoolOp : Riffle_InferredOp<"global_avg_pool"> {
  let summary = "mean over H and W: [N, C, H, W] -> [N, C, 1, 1]";
  let arguments = (ins Riffle_FeatureMap:$input);
  let results = (outs Riffle_FeatureMap:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Riffle_SoftmaxOp : Riffle_InferredOp<"softmax"> {
  let summary = "softmax along one axis";
  let arguments = (ins Riffle_Tensor:$input, DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs Riffle_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

#endif // RIFFLE_DIALECT_RIFFLE_RIFFLEOPS_TD
