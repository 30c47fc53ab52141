//===- Interpreter.h - Reference interpreter for riffle IR ------*- C++ -*-===//
//
// The oracle of the project: evaluates a function of riffle IR (riffle ops,
// arith.constant weights, func.return) on concrete inputs, exactly as each
// op's description defines it, accumulating in double. Graph rewrites and
// generated code are checked against it.
//
// Every problem (an op it does not know, an input of the wrong shape, a
// weight whose data was elided) is reported as an MLIR diagnostic at the op
// or function concerned; the functions then return failure.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_INTERPRETER_INTERPRETER_H
#define RIFFLE_INTERPRETER_INTERPRETER_H

#include "riffle/Interpreter/Tensor.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace mlir::riffle {

/// Evaluates `func` on `inputs` (one per argument, each with the argument's
/// shape) and returns one tensor per result. Verifies the function first.
/// A function planned one sample at a time (riffle.sample_loop = N) also
/// takes inputs of N samples, as its compiled code does, and runs once per
/// sample.
FailureOr<SmallVector<Tensor>> interpretFunction(func::FuncOp func,
                                                 ArrayRef<Tensor> inputs);

/// Evaluates one riffle op on operand values (one per operand, each with the
/// operand's shape); returns one tensor per result. The op must verify.
FailureOr<SmallVector<Tensor>> interpretOp(Operation *op,
                                           ArrayRef<Tensor> operands);

/// The value of a constant f32 tensor: `dense<...>` (splat or not) or
/// `dense_resource<KEY>`. Reports (at `op`) a blob that is elided or missing.
FailureOr<Tensor> getConstantTensor(arith::ConstantOp op);

/// The function named `name` in `module`, or, with an empty name, the first
/// function. Reports at the module when there is none.
func::FuncOp lookupFunction(ModuleOp module, StringRef name);

/// What riffle-interp and riffle-halide-run run: loads the riffle, func and
/// arith dialects into `context`, reads `path` ("-": stdin) into
/// `sourceMgr` (the caller owns the diagnostic handler on it, which must
/// outlive the function's use), parses it into `module` and returns the
/// function `name` names (empty: the first with a body). Reports and returns
/// null when any of that fails or the function has no body.
func::FuncOp loadFunctionToRun(MLIRContext &context,
                               llvm::SourceMgr &sourceMgr, StringRef path,
                               StringRef name, OwningOpRef<ModuleOp> &module);

} // namespace mlir::riffle

#endif // RIFFLE_INTERPRETER_INTERPRETER_H
