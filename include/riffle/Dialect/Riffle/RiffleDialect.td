//===- RiffleDialect.td - The riffle dialect --------------*- tablegen -*-===//
//
// Riffle's dialect: CNN operators on statically shaped NCHW f32 tensors.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_DIALECT_RIFFLE_RIFFLEDIALECT_TD
#define RIFFLE_DIALECT_RIFFLE_RIFFLEDIALECT_TD

include "mlir/IR/OpBase.td"

def Riffle_Dialect : Dialect {
  let name = "riffle";
  let summary = "Operators of efficient convolutional networks";
  let description = [{
    The riffle dialect models the operators of ShuffleNet, MobileNet and
    related networks on ranked, statically shaped `f32` tensors in NCHW
    layout. Weights are ordinary tensor constants (`arith.constant` with
    `dense` or `dense_resource` elements). Every op verifies its operands and
    attributes and infers its result type, so a pass can rebuild an op from
    its operands without computing shapes itself.

    Channel permutations (channel shuffles) are first-class: `conv2d` can
    carry an input and an output channel map, which code generation turns
    into index arithmetic, so a folded shuffle costs nothing at run time.
  }];
  let cppNamespace = "::mlir::riffle";
  let useDefaultAttributePrinterParser = 1;
  // The code-generation plan (riffle.schedule, riffle.target):
  // lib/Dialect/Riffle/CodegenPlan.cpp.
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
}

#endif // RIFFLE_DIALECT_RIFFLE_RIFFLEDIALECT_TD
