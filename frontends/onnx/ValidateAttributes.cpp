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
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
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

  /// `outer` holds the names a subgraph may read from enclosing graphs.
  LogicalResult validateGraph(const onnx::GraphProto &graph,
                              const llvm::StringSet<> &outer = {}) {
    llvm::StringSet<> defined = outer;
    for (const onnx::ValueInfoProto &input : graph.input())
      defined.insert(input.name());
    for (const onnx::TensorProto &init : graph.initializer())
      defined.insert(init.name());
    for (const onnx::SparseTensorProto &init : graph.sparse_initializer())
      defined.insert(init.values().name());
    for (const onnx::NodeProto &node : graph.node()) {
      if (failed(validateNode(node, defined)))
        return failure();
      for (const std::string &output : node.output())
        defined.insert(output);
    }
    // libonnx's IR import (run by the version converter) dereferences the
    // producer of every graph output without checking that there is one.
    for (const onnx::ValueInfoProto &output : graph.output())
      if (!defined.contains(output.name())) {
        mlir::emitError(loc)
            << "graph '" << graph.name() << "': output '" << output.name()
            << "' is not a graph input, an initializer or the output of a "
               "node";
        return failure();
      }
    return success();
  }

  LogicalResult validateFunction(const onnx::FunctionProto &function) {
    llvm::StringSet<> defined;
    for (const std::string &input : function.input())
      defined.insert(input);
    for (const onnx::NodeProto &node : function.node()) {
      if (failed(validateNode(node, defined)))
        return failure();
      for (const std::string &output : node.output())
        defined.insert(output);
    }
    return success();
  }

private:
  LogicalResult validateNode(const onnx::NodeProto &node,
                             const llvm::StringSet<> &scope) {
    // Subgraphs (If, Loop, Scan bodies) go through shape inference too.
    for (const onnx::AttributeProto &attr : node.attribute()) {
      if (attr.has_g() && failed(validateGraph(attr.g(), scope)))
        return failure();
      for (const onnx::GraphProto &graph : attr.graphs())
        if (failed(validateGraph(graph, scope)))
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

namespace {

/// The input holding the weight of the convolutions whose libonnx shape
/// inference takes the kernel from the weight's shape when `kernel_shape`
/// is absent; nullopt for other ops.
std::optional<int> getConvWeightInput(const onnx::NodeProto &node) {
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return std::nullopt;
  return llvm::StringSwitch<std::optional<int>>(node.op_type())
      .Cases({"Conv", "ConvInteger", "ConvTranspose"}, 1)
      .Case("QLinearConv", 3)
      .Default(std::nullopt);
}

/// What is known about a tensor before shape inference: its rank, and its
/// dimensions when it is a constant.
struct StaticShape {
  int64_t rank = -1;
  std::optional<std::vector<int64_t>> dims;
};

void addDeclared(llvm::StringMap<StaticShape> &shapes,
                 const onnx::ValueInfoProto &value) {
  if (value.type().has_tensor_type() &&
      value.type().tensor_type().has_shape())
    shapes[value.name()].rank = value.type().tensor_type().shape().dim_size();
}

void addConstant(llvm::StringMap<StaticShape> &shapes, const std::string &name,
                 const onnx::TensorProto &tensor) {
  StaticShape &shape = shapes[name];
  shape.rank = tensor.dims_size();
  shape.dims = std::vector<int64_t>(tensor.dims().begin(), tensor.dims().end());
}

/// Makes the kernel of every conv-like node of `graph` (and its subgraphs)
/// explicit; `shapes` starts with what the enclosing graphs know.
LogicalResult makeKernelShapesExplicit(onnx::GraphProto &graph,
                                       llvm::StringMap<StaticShape> shapes,
                                       Location loc) {
  for (const onnx::ValueInfoProto &input : graph.input())
    addDeclared(shapes, input);
  for (const onnx::ValueInfoProto &value : graph.value_info())
    addDeclared(shapes, value);
  for (const onnx::TensorProto &init : graph.initializer())
    addConstant(shapes, init.name(), init);
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    for (onnx::AttributeProto &attr : *node.mutable_attribute()) {
      if (attr.has_g() &&
          failed(makeKernelShapesExplicit(*attr.mutable_g(), shapes, loc)))
        return failure();
      for (onnx::GraphProto &subgraph : *attr.mutable_graphs())
        if (failed(makeKernelShapesExplicit(subgraph, shapes, loc)))
          return failure();
    }
    if (node.op_type() == "Constant" && node.output_size() == 1)
      for (const onnx::AttributeProto &attr : node.attribute())
        if (attr.name() == "value" && attr.has_t())
          addConstant(shapes, node.output(0), attr.t());

    std::optional<int> weightInput = getConvWeightInput(node);
    if (!weightInput || node.input_size() <= *weightInput ||
        llvm::any_of(node.attribute(), [](const onnx::AttributeProto &attr) {
          return attr.name() == "kernel_shape";
        }))
      continue;
    auto describeNode = [&] {
      return "node '" + GraphImporter::describeNode(node) + "' (" +
             node.op_type() + "): ";
    };
    const std::string &weightName = node.input(*weightInput);
    auto weight = shapes.find(weightName);
    if (weight == shapes.end() || weight->second.rank < 0)
      continue;
    int64_t weightRank = weight->second.rank;
    if (weightRank < 3) {
      mlir::emitError(loc) << describeNode() << "weight '" << weightName
                           << "' has rank " << weightRank
                           << "; a convolution weight has at least 3 "
                              "dimensions (output channels, input "
                              "channels, one extent per spatial axis)";
      return failure();
    }
    auto input = shapes.find(node.input(0));
    if (input != shapes.end() && input->second.rank >= 0 &&
        input->second.rank != weightRank) {
      mlir::emitError(loc) << describeNode() << "weight '" << weightName
                           << "' has rank " << weightRank << " but input '"
                           << node.input(0) << "' has rank "
                           << input->second.rank << "; they must agree";
      return failure();
    }
    if (!weight->second.dims)
      continue;
    onnx::AttributeProto *kernel = node.add_attribute();
    kernel->set_name("kernel_shape");
    kernel->set_type(onnx::AttributeProto::INTS);
    for (int64_t d = 2; d < weightRank; ++d)
      kernel->add_ints((*weight->second.dims)[d]);
  }
  return success();
}

} // namespace

LogicalResult
mlir::riffle::onnx_import::makeKernelShapesExplicit(onnx::ModelProto &model,
                                                    Location loc) {
  return ::makeKernelShapesExplicit(*model.mutable_graph(), {}, loc);
}
