//===- HalideSupport.cpp - The boundary between Riffle and Halide ---------===//

#include "riffle/Conversion/RiffleToHalide/HalideSupport.h"

#include "Halide.h"

#include <exception>
#include <iostream>
#include <vector>

using namespace mlir;

namespace {
/// Halide's compile-time reports: errors are thrown as Halide's own reporter
/// would (with exceptions on), warnings printed as it would, except the one
/// that says the code being compiled fails an assertion on every run. That
/// one is kept for runHalide to turn into an error: a library that can only
/// fail must not be written.
class HalideReporter final : public Halide::CompileTimeErrorReporter {
public:
  static constexpr llvm::StringLiteral kCertainFailure =
      "guaranteed to fail an assertion at runtime";

  void warning(const char *message) override {
    llvm::StringRef text(message);
    if (text.contains(kCertainFailure))
      certainFailures().push_back(text.split(kCertainFailure).second.ltrim(
          ": \n").rtrim().str());
    else
      std::cerr << message;
  }
  [[noreturn]] void error(const char *message) override {
    throw Halide::CompileError(message);
  }

  /// This thread's certain-failure reports since runHalide last began.
  static std::vector<std::string> &certainFailures() {
    static thread_local std::vector<std::string> reports;
    return reports;
  }
};
} // namespace

LogicalResult
mlir::riffle::runHalide(llvm::function_ref<void()> body,
                        llvm::function_ref<InFlightDiagnostic()> emitError) {
  static HalideReporter reporter;
  static const bool installed =
      (Halide::set_custom_compile_time_error_reporter(&reporter), true);
  (void)installed;
  std::vector<std::string> &failures = HalideReporter::certainFailures();
  failures.clear();
  try {
    body();
    if (failures.empty())
      return success();
    // The assertion names the buffer and bound it violates, e.g.
    // halide_error_constraint_violated("weights.min.0", ...).
    InFlightDiagnostic diag = emitError();
    diag << "internal error: the generated code would fail on every run ("
         << failures.front()
         << "); this is a bug in Riffle's code generation, please report it "
            "with the model";
    return diag;
  } catch (const Halide::Error &error) {
    // Halide's messages end with a newline; diagnostics add their own.
    return emitError() << "Halide: " << llvm::StringRef(error.what()).trim();
  } catch (const std::exception &error) {
    return emitError() << "Halide: " << llvm::StringRef(error.what()).trim();
  }
}

FailureOr<std::string> mlir::riffle::resolveHalideTarget(
    llvm::StringRef target,
    llvm::function_ref<InFlightDiagnostic()> emitError) {
  std::string text = target.str();
  // Halide::Target's string constructor aborts the process (user_error) on
  // an unknown string; validate first so a bad --target is a diagnostic.
  if (!Halide::Target::validate_target_string(text)) {
    emitError() << "unknown Halide target '" << target
                << "'; expected e.g. host, x86-64-linux-avx2, arm-64-linux, "
                   "host-cuda or host-opencl";
    return failure();
  }
  std::string resolved;
  if (failed(runHalide(
          [&] {
            Halide::Target parsed(text);
            resolved = parsed.to_string();
          },
          emitError)))
    return failure();
  return resolved;
}
