//===- RiffleInterfaces.td - Riffle op interfaces ----------*- tablegen -*-===//

#ifndef RIFFLE_DIALECT_RIFFLE_RIFFLEINTERFACES_TD
#define RIFFLE_DIALECT_RIFFLE_RIFFLEINTERFACES_TD

include "mlir/IR/Interfaces.td"

def Riffle_ActivationOpInterface : OpInterface<"ActivationOpInterface"> {
  let cppNamespace = "::mlir::riffle";
  let description = [{
    A standalone activation op (`riffle.relu`, `riffle.clip`, ...): the op
    form of `#riffle.act<...>`, the activation an op can carry fused. This
    interface is the one mapping between the two forms: the fusion pass,
    the reference interpreter and the code generator read an activation op
    only through `getActivation()`, and `createActivationOp` builds the op
    for an attribute. Every activation op implements it through
    `Riffle_ActivationOp` in RiffleOps.td, which also defines its
    verification, so adding an activation adds one line there.
  }];
  let methods = [
    StaticInterfaceMethod<
      "The activation kind ops of this type compute.",
      "::mlir::riffle::ActivationKind", "getActivationKind">,
    InterfaceMethod<
      "The activation this op applies to every element, with its parameters.",
      "::mlir::riffle::ActivationAttr", "getActivation">,
    StaticInterfaceMethod<
      "Builds an op of this type applying `act` (of this type's kind) to "
      "`input`.",
      "::mlir::Operation *", "buildActivation",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Location":$loc,
           "::mlir::Value":$input, "::mlir::riffle::ActivationAttr":$act)>
  ];
}

#endif // RIFFLE_DIALECT_RIFFLE_RIFFLEINTERFACES_TD
