//===- ToolSupport.cpp - Shared code of the run-and-compare tools ---------===//

#include "riffle/Support/ToolSupport.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir::riffle;
namespace cl = llvm::cl;

RunToolOptions::RunToolOptions(cl::OptionCategory &category,
                               llvm::StringRef randomInputDesc)
    : inputFile(cl::Positional, cl::desc("FILE.mlir"), cl::Required,
                cl::cat(category)),
      functionName("function",
                   cl::desc("function to run (default: the first one)"),
                   cl::value_desc("NAME"), cl::cat(category)),
      inputPaths("input",
                 cl::desc("input .npy, one per function argument, in order"),
                 cl::value_desc("IN.npy"), cl::cat(category)),
      outputPaths("output",
                  cl::desc("write result #i to the i-th --output (.npy)"),
                  cl::value_desc("OUT.npy"), cl::cat(category)),
      randomInput("random-input", cl::desc(randomInputDesc), cl::cat(category)),
      seed("seed", cl::desc("seed of the random input (default 0)"),
           cl::init(0), cl::cat(category)),
      comparePaths("compare",
                   cl::desc("compare result #i with the i-th --compare (.npy)"),
                   cl::value_desc("REF.npy"), cl::cat(category)),
      atol("atol", cl::desc("absolute tolerance (default 1e-5)"),
           cl::init(1e-5), cl::cat(category)),
      rtol("rtol", cl::desc("tolerance relative to max|ref| (default 1e-3)"),
           cl::init(1e-3), cl::cat(category)) {}

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Error RunToolOptions::validate() const {
  if (randomInput && !inputPaths.empty())
    return makeError("--random-input and --input exclude each other");
  // Written negated so that NaN fails too.
  if (!(atol >= 0.0) || !(rtol >= 0.0))
    return makeError("--atol and --rtol must be non-negative");
  return llvm::Error::success();
}

llvm::Error RunToolOptions::checkInputCount(llvm::StringRef funcName,
                                            size_t numArguments) const {
  if (!inputPaths.empty() && inputPaths.size() != numArguments)
    return makeError("@" + funcName + " takes " + llvm::Twine(numArguments) +
                     " argument(s) but " + llvm::Twine(inputPaths.size()) +
                     " --input file(s) were given");
  return llvm::Error::success();
}

llvm::Error RunToolOptions::checkResultFileCounts(llvm::StringRef funcName,
                                                  size_t numResults) const {
  for (auto [paths, flag] : {std::pair(&outputPaths, "--output"),
                             std::pair(&comparePaths, "--compare")})
    if (paths->size() > numResults)
      return makeError(llvm::Twine(paths->size()) + " " + flag +
                       " file(s) for " + llvm::Twine(numResults) +
                       " result(s) of @" + funcName);
  return llvm::Error::success();
}

int mlir::riffle::reportToolError(const llvm::Twine &message) {
  llvm::errs() << "error: " << message << "\n";
  return 1;
}

int mlir::riffle::reportToolError(llvm::Error error) {
  return reportToolError(llvm::toString(std::move(error)));
}

static uint64_t splitmix64(uint64_t &state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::vector<float> mlir::riffle::randomInputData(int64_t count, uint64_t seed,
                                                 unsigned argument) {
  std::vector<float> data(count);
  uint64_t state = seed * 0x100000001b3ULL + argument;
  for (float &value : data) {
    // 24 random bits give an exactly representable float in [0, 1).
    float unit = static_cast<float>(splitmix64(state) >> 40) * 0x1.0p-24f;
    value = 2.0f * unit - 1.0f;
  }
  return data;
}

llvm::Expected<NpyArray>
mlir::riffle::readInputNpy(llvm::StringRef path,
                           std::optional<llvm::ArrayRef<int64_t>> expectedShape,
                           const llvm::Twine &argument) {
  llvm::Expected<NpyArray> array = readNpy(path);
  if (array && expectedShape &&
      *expectedShape != llvm::ArrayRef<int64_t>(array->shape))
    return makeError(path + ": array of shape " + formatShape(array->shape) +
                     " does not match " + argument);
  return array;
}

llvm::Error mlir::riffle::writeOutputs(llvm::ArrayRef<std::string> paths,
                                       llvm::ArrayRef<ArrayView> results) {
  for (size_t index = 0; index < paths.size(); ++index) {
    if (llvm::Error error = writeNpy(paths[index], results[index].shape,
                                     results[index].data)) {
      for (size_t written = 0; written < index; ++written)
        llvm::sys::fs::remove(paths[written]);
      return error;
    }
  }
  return llvm::Error::success();
}

bool mlir::riffle::compareWithReference(unsigned index, ArrayView result,
                                        llvm::StringRef path, double atol,
                                        double rtol) {
  llvm::Expected<NpyArray> reference = readNpy(path);
  if (!reference) {
    reportToolError(reference.takeError());
    return false;
  }
  if (llvm::ArrayRef<int64_t>(reference->shape) != result.shape) {
    reportToolError(path + ": reference of shape " +
                    formatShape(reference->shape) + " does not match result #" +
                    llvm::Twine(index) + " of shape " +
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
    else if (got == want) // Also equal infinities (whose difference is NaN).
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
  double tolerance = atol + rtol * maxRef;
  llvm::outs() << llvm::format("max_abs_diff=%g max_abs_ref=%g tolerance=%g\n",
                               maxDiff, maxRef, tolerance);
  // Before the error on stderr, so the two stay in order when merged.
  llvm::outs().flush();
  // Not `<=`: a NaN tolerance (0 * inf) passes, as it always has.
  if (!(maxDiff > tolerance))
    return true;

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
  reportToolError(detail);
  return false;
}
