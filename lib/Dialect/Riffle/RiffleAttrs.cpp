//===- RiffleAttrs.cpp - Riffle attributes --------------------------------===//

#include "riffle/Dialect/Riffle/RiffleAttrs.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::riffle;

#include "riffle/Dialect/Riffle/RiffleEnums.cpp.inc"

float ActivationAttr::apply(float x) const {
  return applyActivation(getKind(), getAlpha().convertToDouble(),
                         getBeta().convertToDouble(), x);
}

LogicalResult ActivationAttr::verifyParams(
    ActivationKind kind, llvm::APFloat alpha, llvm::APFloat beta,
    llvm::function_ref<LogicalResult(const llvm::Twine &)> report) {
  std::string message;
  llvm::raw_string_ostream os(message);
  unsigned numParams = getNumParams(kind);
  if ((numParams < 1 && !alpha.isZero()) || (numParams < 2 && !beta.isZero()))
    os << "activation '" << stringifyActivationKind(kind) << "' takes "
       << numParams << " parameter(s)";
  else if (kind == ActivationKind::clip &&
           alpha.compare(beta) == APFloat::cmpGreaterThan)
    os << "clip min (" << alpha.convertToDouble()
       << ") must not be greater than its max (" << beta.convertToDouble()
       << ")";
  else
    return success();
  return report(message);
}

LogicalResult
ActivationAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                       ActivationKind kind, llvm::APFloat alpha,
                       llvm::APFloat beta) {
  return verifyParams(kind, alpha, beta, [&](const llvm::Twine &message) {
    return emitError() << message;
  });
}

/// A parameter read from text, rounded to single precision where that
/// keeps it finite. Parameters are f32 values (the activation ops hold f32
/// attributes and every consumer computes in float) and print at single
/// precision, so this makes printing and parsing inverse: `0.166666672`
/// reads back as the float it was printed from, not as a nearby double
/// that would print differently, and #riffle.act<leaky_relu(0.1)> equals
/// the attribute fused from riffle.leaky_relu {alpha = 0.1 : f32}.
static double roundParameter(double value) {
  float single = static_cast<float>(value);
  return std::isinf(single) && !std::isinf(value) ? value : single;
}

// #riffle.act<relu>, #riffle.act<leaky_relu(0.1)>, #riffle.act<clip(0.0, 6.0)>
Attribute ActivationAttr::parse(AsmParser &parser, Type) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  llvm::StringRef keyword;
  if (parser.parseLess() || parser.parseKeyword(&keyword))
    return {};
  std::optional<ActivationKind> kind = symbolizeActivationKind(keyword);
  if (!kind) {
    InFlightDiagnostic diag = parser.emitError(loc, "unknown activation '")
                              << keyword << "'; expected ";
    for (uint32_t i = 0, last = getMaxEnumValForActivationKind(); i <= last;
         ++i)
      diag << (i == 0 ? "" : i == last ? " or " : ", ")
           << stringifyActivationKind(static_cast<ActivationKind>(i));
    return {};
  }
  double params[2] = {0.0, 0.0};
  unsigned numParams = getNumParams(*kind);
  if (numParams > 0) {
    if (parser.parseLParen())
      return {};
    for (unsigned i = 0; i < numParams; ++i)
      if ((i > 0 && parser.parseComma()) || parser.parseFloat(params[i]))
        return {};
    if (parser.parseRParen())
      return {};
  }
  if (parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); },
                    parser.getContext(), *kind,
                    llvm::APFloat(roundParameter(params[0])),
                    llvm::APFloat(roundParameter(params[1])));
}

/// Prints `value` at single precision when that loses nothing: parameters
/// usually come from f32 attributes, and 0.1f reads better than its double.
/// (A clamp with one bound has an infinite other bound.)
static void printParameter(AsmPrinter &printer, llvm::APFloat value) {
  // Non-finite values print as hex bits, which the parser reads back as a
  // double: keep them double.
  if (!value.isFinite()) {
    printer.printFloat(value);
    return;
  }
  llvm::APFloat single = value;
  bool losesInfo = false;
  single.convert(llvm::APFloat::IEEEsingle(), llvm::APFloat::rmNearestTiesToEven,
                 &losesInfo);
  printer.printFloat(losesInfo ? value : single);
}

void ActivationAttr::print(AsmPrinter &printer) const {
  printer << "<" << stringifyActivationKind(getKind());
  unsigned numParams = getNumParams(getKind());
  if (numParams > 0) {
    printer << "(";
    printParameter(printer, getAlpha());
    if (numParams > 1) {
      printer << ", ";
      printParameter(printer, getBeta());
    }
    printer << ")";
  }
  printer << ">";
}
