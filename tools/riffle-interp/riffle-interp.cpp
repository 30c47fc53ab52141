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

#include "riffle/Dialect/Riffle/RiffleDialect.h"
#include "riffle/Interpreter/Interpreter.h"
#include "riffle/Support/Npy.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::riffle;

namespace {
llvm::cl::OptionCategory category("riffle-interp options");

llvm::cl::opt<std::string> inputFile(llvm::cl::Positional,
                                     llvm::cl::desc("FILE.mlir"),
                                     llvm::cl::Required, llvm::cl::cat(category));
llvm::cl::opt<std::string>
    functionName("function",
                 llvm::cl::desc("function to run (default: the first one)"),
                 llvm::cl::value_desc("NAME"), llvm::cl::cat(category));
llvm::cl::list<std::string>
    inputPaths("input",
               llvm::cl::desc("input .npy, one per function argument, in order"),
               llvm::cl::value_desc("IN.npy"), llvm::cl::cat(category));
llvm::cl::list<std::string> outputPaths(
    "output", llvm::cl::desc("write result #i to the i-th --output (.npy)"),
    llvm::cl::value_desc("OUT.npy"), llvm::cl::cat(category));
llvm::cl::opt<bool> randomInput(
    "random-input",
    llvm::cl::desc("use a deterministic random input (the default without "
                   "--input)"),
    llvm::cl::cat(category));
llvm::cl::opt<uint64_t>
    seed("seed", llvm::cl::desc("seed of the random input (default 0)"),
         llvm::cl::init(0), llvm::cl::cat(category));
llvm::cl::list<std::string> comparePaths(
    "compare",
    llvm::cl::desc("compare result #i with the i-th --compare (.npy)"),
    llvm::cl::value_desc("REF.npy"), llvm::cl::cat(category));
llvm::cl::opt<double> atolOption("atol",
                           llvm::cl::desc("absolute tolerance (default 1e-5)"),
                           llvm::cl::init(1e-5), llvm::cl::cat(category));
llvm::cl::opt<double>
    rtolOption("rtol",
         llvm::cl::desc("tolerance relative to max|ref| (default 1e-3)"),
         llvm::cl::init(1e-3), llvm::cl::cat(category));
llvm::cl::opt<bool> printResults("print",
                                 llvm::cl::desc("print the results as text"),
                                 llvm::cl::cat(category));

int fail(const llvm::Twine &message) {
  llvm::errs() << "error: " << message << "\n";
  return 1;
}

std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

/// splitmix64: a fixed, portable sequence (std distributions vary across
/// standard libraries).
uint64_t splitmix64(uint64_t &state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// Uniform values in [-1, 1), a distinct stream per argument.
Tensor randomTensor(llvm::ArrayRef<int64_t> shape, uint64_t seed,
                    unsigned argument) {
  Tensor tensor(shape);
  uint64_t state = seed * 0x100000001b3ULL + argument;
  for (float &value : tensor.data) {
    // 24 random bits give an exactly representable float in [0, 1).
    float unit = static_cast<float>(splitmix64(state) >> 40) * 0x1.0p-24f;
    value = 2.0f * unit - 1.0f;
  }
  return tensor;
}

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

/// Compares `result` with the reference in `path`; prints the summary line
/// and returns false (after reporting) on a mismatch or a bad reference.
bool compareWithReference(unsigned index, const Tensor &result,
                          llvm::StringRef path) {
  llvm::Expected<NpyArray> reference = readNpy(path);
  if (!reference) {
    fail(llvm::toString(reference.takeError()));
    return false;
  }
  if (llvm::ArrayRef<int64_t>(reference->shape) !=
      llvm::ArrayRef<int64_t>(result.shape)) {
    fail(path + ": reference of shape " + formatShape(reference->shape) +
         " does not match result #" + llvm::Twine(index) + " of shape " +
         formatShape(result.shape));
    return false;
  }
  double maxDiff = 0.0, maxRef = 0.0;
  size_t worst = 0;
  for (size_t i = 0; i < result.data.size(); ++i) {
    double got = result.data[i], want = reference->data[i];
    double diff;
    if (std::isnan(got) || std::isnan(want))
      diff = std::isnan(got) && std::isnan(want)
                 ? 0.0
                 : std::numeric_limits<double>::infinity();
    else if (got == want) // Also equal infinities.
      diff = 0.0;
    else
      diff = std::fabs(got - want);
    if (diff > maxDiff) {
      maxDiff = diff;
      worst = i;
    }
    if (!std::isnan(want))
      maxRef = std::max(maxRef, std::fabs(want));
  }
  double tolerance = atolOption + rtolOption * maxRef;
  llvm::outs() << llvm::format("max_abs_diff=%g max_abs_ref=%g tolerance=%g\n",
                               maxDiff, maxRef, tolerance);
  llvm::outs().flush();
  if (maxDiff > tolerance) {
    // The worst element's multi-index.
    llvm::SmallVector<int64_t, 4> position(result.shape.size());
    size_t rest = worst;
    for (int64_t d = static_cast<int64_t>(result.shape.size()) - 1; d >= 0;
         --d) {
      position[d] = rest % result.shape[d];
      rest /= result.shape[d];
    }
    std::string detail;
    llvm::raw_string_ostream os(detail);
    os << "result #" << index << " differs from " << path
       << llvm::format(": max_abs_diff %g > tolerance %g", maxDiff, tolerance)
       << " (worst at " << formatShape(position) << ": got "
       << llvm::format("%.9g", result.data[worst]) << ", expected "
       << llvm::format("%.9g", reference->data[worst]) << ")";
    fail(detail);
    return false;
  }
  return true;
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  llvm::cl::HideUnrelatedOptions(category);
  llvm::cl::ParseCommandLineOptions(
      argc, argv, "Riffle reference interpreter: runs riffle IR on .npy "
                  "inputs\n");

  if (randomInput && !inputPaths.empty())
    return fail("--random-input and --input exclude each other");
  if (!(atolOption >= 0.0) || !(rtolOption >= 0.0))
    return fail("--atol and --rtol must be non-negative");

  MLIRContext context;
  DialectRegistry registry;
  registry.insert<RiffleDialect, func::FuncDialect, arith::ArithDialect>();
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
  // Diagnostics point at the source line; no generic op dump after them.
  context.printOpOnDiagnostic(false);

  std::string openError;
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFileOrSTDIN(inputFile, /*IsText=*/true);
  if (!file)
    return fail("cannot read '" + inputFile + "': " +
                file.getError().message());
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  if (!module)
    return 1;
  func::FuncOp func = lookupFunction(*module, functionName);
  if (!func)
    return 1;
  if (func.isExternal())
    return fail("@" + func.getSymName() + " is a declaration without a body");

  // Inputs.
  llvm::ArrayRef<Type> argumentTypes = func.getArgumentTypes();
  llvm::SmallVector<Tensor> inputs;
  if (!inputPaths.empty()) {
    if (inputPaths.size() != argumentTypes.size())
      return fail("@" + func.getSymName() + " takes " +
                  llvm::Twine(argumentTypes.size()) + " argument(s) but " +
                  llvm::Twine(inputPaths.size()) + " --input file(s) were given");
    for (auto [index, path] : llvm::enumerate(inputPaths)) {
      llvm::Expected<NpyArray> array = readNpy(path);
      if (!array)
        return fail(llvm::toString(array.takeError()));
      auto type = dyn_cast<RankedTensorType>(argumentTypes[index]);
      if (type && type.hasStaticShape() &&
          type.getShape() != llvm::ArrayRef<int64_t>(array->shape)) {
        std::string typeText;
        llvm::raw_string_ostream os(typeText);
        os << type;
        return fail(path + ": array of shape " + formatShape(array->shape) +
                    " does not match argument #" + llvm::Twine(index) +
                    " of @" + func.getSymName() + " (" + typeText + ")");
      }
      inputs.emplace_back(array->shape, std::move(array->data));
    }
  } else {
    for (auto [index, type] : llvm::enumerate(argumentTypes)) {
      auto tensorType = dyn_cast<RankedTensorType>(type);
      if (!tensorType || !tensorType.hasStaticShape())
        return fail("argument #" + llvm::Twine(index) + " of @" +
                    func.getSymName() +
                    " is not a statically shaped tensor; give --input");
      inputs.push_back(randomTensor(tensorType.getShape(), seed, index));
    }
  }

  if (outputPaths.size() > func.getNumResults())
    return fail(llvm::Twine(outputPaths.size()) + " --output file(s) for " +
                llvm::Twine(func.getNumResults()) + " result(s) of @" +
                func.getSymName());
  if (comparePaths.size() > func.getNumResults())
    return fail(llvm::Twine(comparePaths.size()) + " --compare file(s) for " +
                llvm::Twine(func.getNumResults()) + " result(s) of @" +
                func.getSymName());

  FailureOr<llvm::SmallVector<Tensor>> results = interpretFunction(func, inputs);
  if (failed(results))
    return 1;

  // Outputs: all or none.
  for (auto [index, path] : llvm::enumerate(outputPaths)) {
    const Tensor &result = (*results)[index];
    if (llvm::Error error = writeNpy(path, result.shape, result.data)) {
      for (size_t written = 0; written < index; ++written)
        llvm::sys::fs::remove(outputPaths[written]);
      return fail(llvm::toString(std::move(error)));
    }
  }

  if (printResults)
    for (auto [index, result] : llvm::enumerate(*results))
      printTensor(llvm::outs(), index, result);
  llvm::outs().flush();

  bool ok = true;
  for (auto [index, path] : llvm::enumerate(comparePaths))
    ok &= compareWithReference(index, (*results)[index], path);
  return ok ? 0 : 1;
}
