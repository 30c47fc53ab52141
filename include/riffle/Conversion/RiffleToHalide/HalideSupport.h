//===- HalideSupport.h - The boundary between Riffle and Halide -*- C++ -*-===//
//
// Halide 14 reports errors by throwing Halide::Error (and its subclasses),
// while the rest of Riffle builds without exceptions. Every call into Halide
// goes through runHalide, which turns a throw into an MLIR diagnostic.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_CONVERSION_RIFFLETOHALIDE_HALIDESUPPORT_H
#define RIFFLE_CONVERSION_RIFFLETOHALIDE_HALIDESUPPORT_H

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <string>

namespace mlir::riffle {

/// Runs `body`, which may call Halide. A Halide::Error (or any other
/// exception) thrown by it is reported through `emitError` with its message
/// and turned into failure.
llvm::LogicalResult
runHalide(llvm::function_ref<void()> body,
          llvm::function_ref<InFlightDiagnostic()> emitError);

/// The Halide target string `target` names ("host" resolves to this
/// machine's features), or failure with a diagnostic when Halide does not
/// know it.
llvm::FailureOr<std::string>
resolveHalideTarget(llvm::StringRef target,
                    llvm::function_ref<InFlightDiagnostic()> emitError);

} // namespace mlir::riffle

#endif // RIFFLE_CONVERSION_RIFFLETOHALIDE_HALIDESUPPORT_H
