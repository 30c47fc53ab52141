//===- riffle-interp.cpp - Run riffle IR with the reference interpreter ---===//
//
//   riffle-interp FILE.mlir [--function NAME] [--input IN.npy ...]
//                 [--output OUT.npy ...] [--random-input] [--seed S]
//                 [--compare REF.npy ... [--atol A] [--rtol R]] [--print]
//
// Evaluates one function of riffle IR on .npy inputs (one per argument, in
// order) or, without --input, on a deterministic random input of each
// argument's shape (uniform in [-1, 1), from --seed). Writes the results to
// .npy files (one --output per result, in order), prints them (--print),
// and compares them with references (one --compare per result):
//
//   max_abs_diff=X max_abs_ref=Y tolerance=Z
//
// with Z = atol + rtol * Y; a result with X > Z (or a NaN where the
// reference has none) fails. Exit status 0 on success, 1 with `error: ...`
// on stderr for any problem or mismatch; an output file is written whole or
// not at all, and none is left behind when the run fails.
//
//===----------------------------------------------------------------------===//

#include "riffle/Dialect/Riffle/CodegenPlan.h"
#include "riffle/Interpreter/Interpreter.h"
#include "riffle/Support/ToolSupport.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVectorExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::riffle;

namespace {
llvm::cl::OptionCategory category("riffle-interp options");
RunToolOptions options(category, "use a deterministic random input (the "
                                 "default without --input)");
llvm::cl::opt<bool> printResults("print",
                                 llvm::cl::desc("print the results as text"),
                                 llvm::cl::cat(category));

void printTensor(llvm::raw_ostream &os, unsigned index, const Tensor &tensor) {
  os << "result #" << index << ": " << formatShape(tensor.shape) << "\n";
  int64_t row = tensor.shape.empty() ? 1 : tensor.shape.back();
  if (row == 0)
    return;
  for (size_t i = 0; i < tensor.data.size(); ++i) {
    os << llvm::format("%.7g", tensor.data[i]);
    os << ((static_cast<int64_t>(i) + 1) % row == 0 ? "\n" : " ");
  }
}

ArrayView view(const Tensor &tensor) { return {tensor.shape, tensor.data}; }
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  llvm::cl::HideUnrelatedOptions(category);
  llvm::cl::ParseCommandLineOptions(
      argc, argv, "Riffle reference interpreter: runs riffle IR on .npy "
                  "inputs\n");

  if (llvm::Error error = options.validate())
    return reportToolError(std::move(error));

  MLIRContext context;
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module;
  func::FuncOp func = loadFunctionToRun(context, sourceMgr, options.inputFile,
                                        options.functionName, module);
  if (!func)
    return 1;

  // Inputs: a plan computing one sample at a time (riffle.sample_loop)
  // takes its whole batch.
  llvm::ArrayRef<Type> argumentTypes = func.getArgumentTypes();
  llvm::SmallVector<Tensor> inputs;
  if (llvm::Error error =
          options.checkInputCount(func.getSymName(), argumentTypes.size()))
    return reportToolError(std::move(error));
  for (auto [index, type] : llvm::enumerate(argumentTypes)) {
    auto tensorType = dyn_cast<RankedTensorType>(type);
    bool isStatic = tensorType && tensorType.hasStaticShape();
    if (options.inputPaths.empty()) {
      if (!isStatic)
        return reportToolError("argument #" + llvm::Twine(index) + " of @" +
                               func.getSymName() +
                               " is not a statically shaped tensor; give "
                               "--input");
      llvm::SmallVector<int64_t, 4> shape =
          getCallShape(func, tensorType.getShape());
      inputs.emplace_back(shape,
                          randomInputData(Tensor::getNumElements(shape),
                                          options.seed, index));
      continue;
    }
    // The interpreter checks other arguments' shapes itself.
    llvm::SmallVector<int64_t, 4> callShape;
    std::optional<llvm::ArrayRef<int64_t>> expectedShape;
    if (isStatic) {
      callShape = getCallShape(func, tensorType.getShape());
      expectedShape = callShape;
    }
    std::string typeText;
    llvm::raw_string_ostream(typeText) << type;
    llvm::Expected<NpyArray> array = readInputNpy(
        options.inputPaths[index], expectedShape,
        "argument #" + llvm::Twine(index) + " of @" + func.getSymName() +
            " (" + typeText + ")");
    if (!array)
      return reportToolError(array.takeError());
    inputs.emplace_back(array->shape, std::move(array->data));
  }

  if (llvm::Error error =
          options.checkResultFileCounts(func.getSymName(), func.getNumResults()))
    return reportToolError(std::move(error));

  FailureOr<llvm::SmallVector<Tensor>> results = interpretFunction(func, inputs);
  if (failed(results))
    return 1;
  llvm::SmallVector<ArrayView> views = llvm::map_to_vector(*results, view);

  if (llvm::Error error = writeOutputs(options.outputPaths, views))
    return reportToolError(std::move(error));

  if (printResults)
    for (auto [index, result] : llvm::enumerate(*results))
      printTensor(llvm::outs(), index, result);
  llvm::outs().flush();

  bool ok = true;
  for (auto [index, path] : llvm::enumerate(options.comparePaths))
    ok &= compareWithReference(index, views[index], path, options.atol,
                               options.rtol);
  return ok ? 0 : 1;
}
