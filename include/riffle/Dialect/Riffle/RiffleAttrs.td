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

#endif // RIFFLE_DIALECT_RIFFLE_RIFFLEATTRS_TD
