//===- HalideSupport.cpp - The boundary between Riffle and Halide ---------===//

#include "riffle/Conversion/RiffleToHalide/HalideSupport.h"

#include "Halide.h"

#include <exception>

using namespace mlir;

LogicalResult
mlir::riffle::runHalide(llvm::function_ref<void()> body,
                        llvm::function_ref<InFlightDiagnostic()> emitError) {
  try {
    body();
    return success();
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
