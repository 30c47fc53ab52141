//===- Activation.h - Activations for the interpreter's loops ---*- C++ -*-===//

#ifndef RIFFLE_INTERPRETER_ACTIVATION_H
#define RIFFLE_INTERPRETER_ACTIVATION_H

#include "riffle/Dialect/Riffle/RiffleAttrs.h"

#include <optional>

namespace mlir::riffle {

/// An activation function with its parameters decoded once, for use in
/// inner loops (ActivationAttr::apply decodes its APFloat parameters on
/// every call). Both go through applyActivation.
class Activation {
public:
  /// The identity.
  Activation() = default;
  explicit Activation(ActivationAttr attr);
  /// The identity when `attr` is absent.
  static Activation get(std::optional<ActivationAttr> attr) {
    return attr ? Activation(*attr) : Activation();
  }
  static Activation get(ActivationAttr attr) {
    return attr ? Activation(attr) : Activation();
  }

  float apply(float x) const;
  bool isIdentity() const { return !kind; }

private:
  std::optional<ActivationKind> kind;
  float alpha = 0.0f, beta = 0.0f;
};

} // namespace mlir::riffle

#endif // RIFFLE_INTERPRETER_ACTIVATION_H
