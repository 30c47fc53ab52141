//===- ShapeErrorReporter.h - Diagnostics for shape inference ---*- C++ -*-===//
//
// Result-type inference doubles as verification: the same function runs when
// an op is verified (errors go to the op) and when a builder infers result
// types (errors go to the builder's location, or nowhere without one).
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_DIALECT_RIFFLE_SHAPEERRORREPORTER_H
#define RIFFLE_DIALECT_RIFFLE_SHAPEERRORREPORTER_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Operation.h"

#include <optional>
#include <type_traits>

namespace mlir::riffle {

class ShapeErrorReporter {
public:
  explicit ShapeErrorReporter(Operation *op) : op(op) {}
  ShapeErrorReporter(std::optional<Location> loc, llvm::StringRef opName)
      : loc(loc), opName(opName) {}

  /// Reports `'<op>' op <args...>` and returns failure. Without an op or a
  /// location it only returns failure.
  template <typename... Args>
  llvm::LogicalResult operator()(Args &&...args) {
    if (op) {
      InFlightDiagnostic diag = op->emitOpError();
      (diag << ... << std::forward<Args>(args));
      return diag;
    }
    if (loc) {
      InFlightDiagnostic diag = mlir::emitError(*loc)
                                << "'" << opName << "' op ";
      (diag << ... << std::forward<Args>(args));
      return diag;
    }
    return llvm::failure();
  }

private:
  Operation *op = nullptr;
  std::optional<Location> loc;
  llvm::StringRef opName;
};

namespace detail {
template <typename OpT, typename = void>
struct HasDefaultProperties : std::false_type {};
template <typename OpT>
struct HasDefaultProperties<
    OpT, std::void_t<decltype(&OpT::populateDefaultProperties)>>
    : std::true_type {};
} // namespace detail

/// Runs OpT::inferResultTypes on `adaptor` with default-valued attributes
/// filled in. The parser and builders infer result types before the op
/// exists, when attributes left at their default are still absent.
template <typename OpT>
llvm::LogicalResult
inferWithDefaults(MLIRContext *context, typename OpT::Adaptor adaptor,
                  ShapeErrorReporter &report,
                  llvm::SmallVectorImpl<Type> &resultTypes) {
  if constexpr (detail::HasDefaultProperties<OpT>::value) {
    typename OpT::Properties properties = adaptor.getProperties();
    OpT::populateDefaultProperties(
        OperationName(OpT::getOperationName(), context), properties);
    // Riffle ops have no regions.
    typename OpT::Adaptor complete(adaptor.getOperands(),
                                   adaptor.getAttributes(), properties);
    return OpT::inferResultTypes(complete, report, resultTypes);
  } else {
    return OpT::inferResultTypes(adaptor, report, resultTypes);
  }
}

} // namespace mlir::riffle

#endif // RIFFLE_DIALECT_RIFFLE_SHAPEERRORREPORTER_H
