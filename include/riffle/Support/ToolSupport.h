//===- ToolSupport.h - Shared code of the run-and-compare tools -*- C++ -*-===//
//
// What riffle-interp and riffle-halide-run have in common: their common
// command-line options, the deterministic random input, loading inputs,
// writing outputs all or none, and comparing results with references. Kept
// free of MLIR IR, Halide and the interpreter: arrays are a shape plus
// float32 data in C order.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_SUPPORT_TOOLSUPPORT_H
#define RIFFLE_SUPPORT_TOOLSUPPORT_H

#include "riffle/Support/Npy.h"

#include "riffle/Support/Format.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir::riffle {

/// The options both tools take. A struct rather than globals in the library
/// so that only the tools that instantiate it register them (in `category`).
struct RunToolOptions {
  /// `randomInputDesc` differs per tool; everything else is shared.
  RunToolOptions(llvm::cl::OptionCategory &category,
                 llvm::StringRef randomInputDesc);

  llvm::cl::opt<std::string> inputFile;
  llvm::cl::opt<std::string> functionName;
  llvm::cl::list<std::string> inputPaths;
  llvm::cl::list<std::string> outputPaths;
  llvm::cl::opt<bool> randomInput;
  llvm::cl::opt<uint64_t> seed;
  llvm::cl::list<std::string> comparePaths;
  llvm::cl::opt<double> atol;
  llvm::cl::opt<double> rtol;

  /// Checks the options that exclude each other or must be non-negative.
  llvm::Error validate() const;
  /// Checks the number of --input files against `numArguments`.
  llvm::Error checkInputCount(llvm::StringRef funcName,
                              size_t numArguments) const;
  /// Checks that there are no more --output / --compare files than results.
  llvm::Error checkResultFileCounts(llvm::StringRef funcName,
                                    size_t numResults) const;
};

/// A read-only view of a result: shape plus data in C order.
struct ArrayView {
  llvm::ArrayRef<int64_t> shape;
  llvm::ArrayRef<float> data;
};

/// Prints `error: MESSAGE` to stderr; returns 1, the tools' exit status.
int reportToolError(const llvm::Twine &message);
/// Same for an llvm::Error (which it consumes).
int reportToolError(llvm::Error error);


/// The random input of argument #`argument`: `count` values uniform in
/// [-1, 1) from splitmix64 (portable, unlike std distributions), a distinct
/// stream per argument, so both tools see the same values for a seed.
std::vector<float> randomInputData(int64_t count, uint64_t seed,
                                   unsigned argument);

/// Reads an input .npy; if `expectedShape` is set, its shape must match it
/// (`argument` names the argument in the error, e.g. "argument #0 of @f
/// (tensor<2xf32>)").
llvm::Expected<NpyArray>
readInputNpy(llvm::StringRef path,
             std::optional<llvm::ArrayRef<int64_t>> expectedShape,
             const llvm::Twine &argument);

/// Writes results[i] to paths[i] (paths may be fewer). Each file appears
/// whole; on a failure the ones already written are removed, so a failed run
/// leaves none behind.
llvm::Error writeOutputs(llvm::ArrayRef<std::string> paths,
                         llvm::ArrayRef<ArrayView> results);

/// Compares result #`index` with the reference in `path`: prints
/// `max_abs_diff=X max_abs_ref=Y tolerance=Z` (Z = atol + rtol * Y) to
/// stdout; reports and returns false on a bad reference or when X > Z. A NaN
/// matches only a NaN.
bool compareWithReference(unsigned index, ArrayView result,
                          llvm::StringRef path, double atol, double rtol);

} // namespace mlir::riffle

#endif // RIFFLE_SUPPORT_TOOLSUPPORT_H
