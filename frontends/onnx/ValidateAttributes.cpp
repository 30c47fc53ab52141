//===- ValidateAttributes.cpp - Attribute checks before libonnx -----------===//
//
// Which ops: those whose ONNX 1.12 shape inference divides by, or sizes
// shapes from, their window attributes. Conv, ConvInteger, QLinearConv,
// MaxPool, AveragePool and LpPool share convPoolShapeInference, which
// divides by every stride; ConvTranspose and MaxUnpool multiply by strides
// and kernel sizes. Riffle imports only some of them, but libonnx infers
// shapes for every node of the model, so all are checked.
//
//===----------------------------------------------------------------------===//

#include "ValidateAttributes.h"
#include "Importer.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <limits>

using namespace mlir;
using namespace mlir::riffle::onnx_import;

namespace {

/// What a window op's attributes may hold.
struct WindowOpRules {
  bool hasGroup = false;        // Conv-like ops
  bool hasOutputPadding = false; // ConvTranspose
};

/// The window ops of the default domain and their rules; nullopt for others.
std::optional<WindowOpRules> getWindowOpRules(llvm::StringRef opType) {
  return llvm::StringSwitch<std::optional<WindowOpRules>>(opType)
      .Cases({"Conv", "ConvInteger", "QLinearConv"},
             WindowOpRules{/*hasGroup=*/true, /*hasOutputPadding=*/false})
      .Case("ConvTranspose",
            WindowOpRules{/*hasGroup=*/true, /*hasOutputPadding=*/true})
      .Cases({"MaxPool", "AveragePool", "LpPool", "MaxUnpool"},
             WindowOpRules{})
      .Default(std::nullopt);
}

/// Upper bound of a window extent, stride, dilation or padding: products of
/// two of them stay far from int64 overflow in libonnx's arithmetic.
constexpr int64_t kMaxWindowValue = std::numeric_limits<int32_t>::max();

class NodeValidator {
public:
  explicit NodeValidator(Location loc) : loc(loc) {}

  LogicalResult validateGraph(const onnx::GraphProto &graph) {
    for (const onnx::NodeProto &node : graph.node())
      if (failed(validateNode(node)))
        return failure();
    return success();
  }

  LogicalResult validateFunction(const onnx::FunctionProto &function) {
    for (const onnx::NodeProto &node : function.node())
      if (failed(validateNode(node)))
        return failure();
    return success();
  }

private:
  LogicalResult validateNode(const onnx::NodeProto &node) {
    // Subgraphs (If, Loop, Scan bodies) go through shape inference too.
    for (const onnx::AttributeProto &attr : node.attribute()) {
      if (attr.has_g() && failed(validateGraph(attr.g())))
        return failure();
      for (const onnx::GraphProto &graph : attr.graphs())
        if (failed(validateGraph(graph)))
          return failure();
    }
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      return success();
    std::optional<WindowOpRules> rules = getWindowOpRules(node.op_type());
    if (!rules)
      return success();
    return validateWindowNode(node, *rules);
  }

  InFlightDiagnostic emitAttrError(const onnx::NodeProto &node,
                                   const onnx::AttributeProto &attr) {
    InFlightDiagnostic diag = mlir::emitError(loc);
    diag << "node '" << GraphImporter::describeNode(node) << "' ("
         << node.op_type() << "): attribute '" << attr.name() << "' ";
    return diag;
  }

  /// An INTS attribute whose entries lie in [minValue, kMaxWindowValue];
  /// `size` receives its length.
  LogicalResult checkInts(const onnx::NodeProto &node,
                          const onnx::AttributeProto &attr, int64_t minValue,
                          llvm::StringRef requirement, int &size) {
    if (attr.type() != onnx::AttributeProto::INTS || attr.floats_size() ||
        attr.has_i() || attr.has_f()) {
      emitAttrError(node, attr) << "must be a list of integers";
      return failure();
    }
    size = attr.ints_size();
    for (int i = 0; i < size; ++i) {
      int64_t value = attr.ints(i);
      if (value < minValue) {
        emitAttrError(node, attr) << "holds " << value << " at index " << i
                                  << "; " << requirement;
        return failure();
      }
      if (value > kMaxWindowValue) {
        emitAttrError(node, attr) << "holds " << value << " at index " << i
                                  << "; Riffle accepts at most "
                                  << kMaxWindowValue;
        return failure();
      }
    }
    return success();
  }

  LogicalResult validateWindowNode(const onnx::NodeProto &node,
                                   WindowOpRules rules) {
    // The number of spatial dimensions, fixed by the first list attribute
    // that has one; the others must agree.
    int spatialRank = -1;
    const onnx::AttributeProto *rankSource = nullptr;
    auto agreeOnRank = [&](const onnx::AttributeProto &attr,
                           int rank) -> LogicalResult {
      if (spatialRank < 0) {
        spatialRank = rank;
        rankSource = &attr;
        return success();
      }
      if (rank == spatialRank)
        return success();
      emitAttrError(node, attr)
          << "has " << rank << " spatial entries but '" << rankSource->name()
          << "' has " << spatialRank;
      return failure();
    };

    for (const onnx::AttributeProto &attr : node.attribute()) {
      llvm::StringRef name = attr.name();
      int size = 0;
      if (name == "kernel_shape" || name == "strides" ||
          name == "dilations") {
        if (failed(checkInts(node, attr, 1, name.str() + " must be positive",
                             size)) ||
            failed(agreeOnRank(attr, size)))
          return failure();
      } else if (name == "pads") {
        if (failed(checkInts(node, attr, 0, "pads must not be negative",
                             size)))
          return failure();
        if (size % 2 != 0) {
          emitAttrError(node, attr)
              << "has " << size
              << " entries; it needs a begin and an end per spatial axis";
          return failure();
        }
        if (failed(agreeOnRank(attr, size / 2)))
          return failure();
      } else if (name == "output_padding" && rules.hasOutputPadding) {
        if (failed(checkInts(node, attr, 0,
                             "output_padding must not be negative", size)) ||
            failed(agreeOnRank(attr, size)))
          return failure();
      } else if (name == "group" && rules.hasGroup) {
        if (attr.type() != onnx::AttributeProto::INT) {
          emitAttrError(node, attr) << "must be an integer";
          return failure();
        }
        if (attr.i() < 1 || attr.i() > kMaxWindowValue) {
          emitAttrError(node, attr)
              << "is " << attr.i() << "; group must be positive"
              << (attr.i() > kMaxWindowValue ? " and fit in 32 bits" : "");
          return failure();
        }
      }
    }
    return success();
  }

  Location loc;
};

} // namespace

LogicalResult
mlir::riffle::onnx_import::validateNodeAttributes(const onnx::ModelProto &model,
                                                  Location loc) {
  NodeValidator validator(loc);
  if (failed(validator.validateGraph(model.graph())))
    return failure();
  for (const onnx::FunctionProto &function : model.functions())
    if (failed(validator.validateFunction(function)))
      return failure();
  return success();
}
