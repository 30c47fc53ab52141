//===- Importer.cpp - ONNX models to the riffle dialect -------------------===//

#include "Importer.h"
#include "ValidateAttributes.h"
#include "VersionConversion.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "onnx/checker.h"
#include "onnx/defs/parser.h"
#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

#include <exception>

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::onnx_import;

//===----------------------------------------------------------------------===//
// Supported ops
//===----------------------------------------------------------------------===//

const llvm::StringMap<GraphImporter::NodeImporter> &
GraphImporter::getNodeImporters() {
  static const llvm::StringMap<NodeImporter> importers = {
      {"Add", &GraphImporter::importBinary},
      {"AveragePool", &GraphImporter::importPool},
      {"BatchNormalization", &GraphImporter::importBatchNorm},
      {"Cast", &GraphImporter::importCast},
      {"Clip", &GraphImporter::importClip},
      {"Concat", &GraphImporter::importConcat},
      {"Constant", &GraphImporter::importConstant},
      {"ConstantOfShape", &GraphImporter::importConstantOfShape},
      {"Conv", &GraphImporter::importConv},
      {"Div", &GraphImporter::importBinary},
      {"Dropout", &GraphImporter::importIdentity},
      {"Flatten", &GraphImporter::importFlatten},
      {"Gather", &GraphImporter::importGather},
      {"Gemm", &GraphImporter::importGemm},
      {"GlobalAveragePool", &GraphImporter::importGlobalAveragePool},
      {"HardSigmoid", &GraphImporter::importActivation},
      {"HardSwish", &GraphImporter::importActivation},
      {"Identity", &GraphImporter::importIdentity},
      {"LeakyRelu", &GraphImporter::importActivation},
      {"MatMul", &GraphImporter::importMatMul},
      {"MaxPool", &GraphImporter::importPool},
      {"Mul", &GraphImporter::importBinary},
      {"Pad", &GraphImporter::importPad},
      {"Range", &GraphImporter::importRange},
      {"ReduceMean", &GraphImporter::importReduceMean},
      {"Relu", &GraphImporter::importActivation},
      {"Reshape", &GraphImporter::importReshape},
      {"Shape", &GraphImporter::importShape},
      {"Sigmoid", &GraphImporter::importActivation},
      {"Slice", &GraphImporter::importSlice},
      {"Softmax", &GraphImporter::importSoftmax},
      {"Split", &GraphImporter::importSplit},
      {"Squeeze", &GraphImporter::importSqueezeUnsqueeze},
      {"Sub", &GraphImporter::importBinary},
      {"Transpose", &GraphImporter::importTranspose},
      {"Unsqueeze", &GraphImporter::importSqueezeUnsqueeze},
  };
  return importers;
}

llvm::ArrayRef<llvm::StringRef> mlir::riffle::getSupportedOnnxOps() {
  static const std::vector<llvm::StringRef> names = [] {
    std::vector<llvm::StringRef> sorted;
    for (const auto &entry : GraphImporter::getNodeImporters())
      sorted.push_back(entry.getKey());
    llvm::sort(sorted);
    return sorted;
  }();
  return names;
}

//===----------------------------------------------------------------------===//
// Diagnostics, locations and the tensor environment
//===----------------------------------------------------------------------===//

GraphImporter::GraphImporter(MLIRContext *context, llvm::StringRef path,
                             onnx::ModelProto &model, int64_t opset)
    : context(context), path(path.str()), model(model), opset(opset),
      builder(context) {}

Location GraphImporter::fileLoc() {
  return FileLineColLoc::get(context, path, 0, 0);
}

Location GraphImporter::nodeLoc(const onnx::NodeProto &node) {
  return NameLoc::get(StringAttr::get(context, describeNode(node)), fileLoc());
}

std::string GraphImporter::describeNode(const onnx::NodeProto &node) {
  if (!node.name().empty())
    return node.name();
  return "(unnamed, output " +
         (node.output_size() ? node.output(0) : std::string("none")) + ")";
}

InFlightDiagnostic GraphImporter::emitNodeError(const onnx::NodeProto &node) {
  InFlightDiagnostic diag = mlir::emitError(fileLoc());
  diag << "node '" << describeNode(node) << "' (" << node.op_type() << "): ";
  return diag;
}

bool GraphImporter::hasInput(const onnx::NodeProto &node, int index) const {
  return index < node.input_size() && !node.input(index).empty();
}

TensorEntry *GraphImporter::getInputEntry(const onnx::NodeProto &node,
                                          int index) {
  if (!hasInput(node, index)) {
    emitNodeError(node) << "input #" << index << " is missing";
    return nullptr;
  }
  auto it = tensors.find(node.input(index));
  if (it == tensors.end()) {
    emitNodeError(node) << "input '" << node.input(index)
                        << "' is not a graph input, an initializer or the "
                           "output of an earlier node";
    return nullptr;
  }
  return &it->second;
}

const ConstTensor *GraphImporter::lookupConstInput(const onnx::NodeProto &node,
                                                   int index) {
  if (!hasInput(node, index))
    return nullptr;
  auto it = tensors.find(node.input(index));
  if (it == tensors.end() || !it->second.constant)
    return nullptr;
  return &*it->second.constant;
}

FailureOr<const ConstTensor *>
GraphImporter::getConstInput(const onnx::NodeProto &node, int index,
                             llvm::StringRef what) {
  TensorEntry *entry = getInputEntry(node, index);
  if (!entry)
    return failure();
  if (!entry->constant) {
    emitNodeError(node) << what << " (input '" << node.input(index)
                        << "') must be known at compile time (an "
                           "initializer, a Constant or shape arithmetic)";
    return failure();
  }
  return &*entry->constant;
}

Value GraphImporter::materialize(const ConstTensor &constant,
                                 llvm::StringRef name) {
  auto type = RankedTensorType::get(constant.dims, builder.getF32Type());
  Attribute value;
  // Small constants stay inline and readable; weights become resource blobs,
  // which printing can elide.
  if (constant.size() <= 16) {
    value = DenseElementsAttr::get(type, llvm::ArrayRef<float>(constant.floats));
  } else {
    std::string key;
    for (char c : name)
      key.push_back(llvm::isAlnum(c) || c == '_' || c == '.' ? c : '_');
    if (key.empty() || llvm::isDigit(key[0]))
      key.insert(0, "w_");
    value = DenseResourceElementsAttr::get(
        type, key,
        HeapAsmResourceBlob::allocateAndCopyInferAlign(
            llvm::ArrayRef<float>(constant.floats)));
  }
  ++numConstants;
  return arith::ConstantOp::create(builder, NameLoc::get(
                                                StringAttr::get(context, name),
                                                fileLoc()),
                                   cast<TypedAttr>(value));
}

FailureOr<Value> GraphImporter::getTensorInput(const onnx::NodeProto &node,
                                               int index) {
  TensorEntry *entry = getInputEntry(node, index);
  if (!entry)
    return failure();
  if (entry->pad) {
    emitNodeError(node) << "reads the zero padding of Pad node '"
                        << entry->pad->nodeName
                        << "', which Riffle folds only into a following Conv, "
                           "AveragePool or MaxPool";
    return failure();
  }
  if (entry->shuffle) {
    emitNodeError(node) << "reads the " << entry->shuffle->shape.size()
                        << "-D view " << formatShape(entry->shuffle->shape)
                        << " made by node '" << entry->shuffle->nodeName
                        << "'; such reshapes and transposes are supported "
                           "only as the parts of a channel shuffle "
                           "(reshape to [N, g, C/g, ...], swap axes 1 and 2, "
                           "reshape back)";
    return failure();
  }
  if (!entry->value) {
    if (entry->constant->isInt()) {
      emitNodeError(node) << "integer tensor '" << node.input(index)
                          << "' cannot be used as data; Riffle computes in f32";
      return failure();
    }
    entry->value = materialize(*entry->constant, node.input(index));
  }
  return entry->value;
}

void GraphImporter::setOutput(const onnx::NodeProto &node, int index,
                              Value value) {
  TensorEntry entry;
  entry.value = value;
  setOutputEntry(node, index, std::move(entry));
}

LogicalResult GraphImporter::setOutputs(const onnx::NodeProto &node,
                                        Operation *op) {
  if (!op)
    return failure();
  for (auto [index, result] : llvm::enumerate(op->getResults()))
    setOutput(node, index, result);
  return success();
}

void GraphImporter::setOutputEntry(const onnx::NodeProto &node, int index,
                                   TensorEntry entry) {
  tensors[node.output(index)] = std::move(entry);
}

FailureOr<RankedTensorType>
GraphImporter::getRankedType(const onnx::NodeProto &node, Value value,
                             int64_t rank) {
  auto type = cast<RankedTensorType>(value.getType());
  if (rank >= 0 && type.getRank() != rank) {
    emitNodeError(node) << "expects a " << rank << "-D input, got "
                        << formatShape(type.getShape());
    return failure();
  }
  return type;
}

LogicalResult
GraphImporter::checkOnlyFirstOutputUsed(const onnx::NodeProto &node) {
  for (int i = 1; i < node.output_size(); ++i) {
    const std::string &name = node.output(i);
    if (!name.empty() && useCounts.lookup(name) > 0)
      return emitNodeError(node) << "output #" << i << " ('" << name
                                 << "') is used, but Riffle computes only "
                                    "the first output of this op";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// The graph walk
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importNode(const onnx::NodeProto &node) {
  if (node.output_size() == 0 ||
      llvm::all_of(node.output(), [](const std::string &o) { return o.empty(); }))
    return mlir::emitError(fileLoc())
           << "node '" << node.name() << "' (" << node.op_type()
           << ") has no output";
  const auto &importers = getNodeImporters();
  auto it = importers.find(node.op_type());
  bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
  if (!defaultDomain || it == importers.end()) {
    InFlightDiagnostic diag = emitNodeError(node);
    diag << "unsupported op '" << node.op_type() << "'";
    if (!defaultDomain)
      diag << " of domain '" << node.domain() << "'";
    diag << "; supported ops: ";
    llvm::interleaveComma(getSupportedOnnxOps(), diag);
    return failure();
  }
  if (failed((this->*(it->second))(node)))
    return failure();

  // Cross-check the shapes Riffle inferred with ONNX's own shape inference:
  // a disagreement is an importer bug and must not pass silently.
  for (const std::string &output : node.output()) {
    auto entryIt = tensors.find(output);
    auto shapeIt = inferredShapes.find(output);
    if (output.empty() || entryIt == tensors.end() ||
        !entryIt->second.value || shapeIt == inferredShapes.end())
      continue;
    auto type = cast<RankedTensorType>(entryIt->second.value.getType());
    if (type.getShape() == llvm::ArrayRef<int64_t>(shapeIt->second))
      continue;
    InFlightDiagnostic diag = emitNodeError(node);
    diag << "Riffle computes shape " << formatShape(type.getShape()) << " for '"
         << output << "' but ONNX shape inference says "
         << formatShape(shapeIt->second);
    if (llvm::StringRef(node.op_type()).ends_with("Pool") &&
        getIntAttr(node, "ceil_mode", 0) != 0)
      diag << "; with ceil_mode, PyTorch and Riffle drop a last window that "
              "would start in the padding, which libonnx 1.12's shape "
              "inference (and the model's declared shape) keeps";
    return diag;
  }
  return success();
}

/// A C identifier made from `name`.
static std::string makeIdentifier(llvm::StringRef name) {
  std::string id;
  for (char c : name)
    id.push_back(llvm::isAlnum(c) ? c : '_');
  if (id.empty() || llvm::isDigit(id[0]))
    id.insert(0, "m_");
  return id;
}

OwningOpRef<ModuleOp> GraphImporter::run(const OnnxImportOptions &options) {
  const onnx::GraphProto &graph = model.graph();

  for (const onnx::TensorProto &init : graph.initializer()) {
    std::string error;
    FailureOr<ConstTensor> constant = readTensorProto(init, error);
    if (failed(constant)) {
      mlir::emitError(fileLoc()) << "initializer: " << error;
      return nullptr;
    }
    tensors[init.name()].constant = std::move(*constant);
  }
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &input : node.input())
      if (!input.empty()) {
        ++useCounts[input];
        consumerTypes[input].push_back(node.op_type());
      }
  for (const onnx::ValueInfoProto &output : graph.output()) {
    ++useCounts[output.name()];
    consumerTypes[output.name()].push_back("");
    graphOutputs.insert(output.name());
  }
  auto recordShape = [&](const onnx::ValueInfoProto &info) {
    std::string ignored;
    FailureOr<llvm::SmallVector<int64_t>> shape = getStaticShape(info, ignored);
    if (succeeded(shape))
      inferredShapes[info.name()] = *shape;
  };
  for (const onnx::ValueInfoProto &info : graph.value_info())
    recordShape(info);
  for (const onnx::ValueInfoProto &info : graph.output())
    recordShape(info);

  // Graph inputs that are not initializers are the function's arguments.
  llvm::SmallVector<const onnx::ValueInfoProto *> inputs;
  for (const onnx::ValueInfoProto &input : graph.input())
    if (!tensors.count(input.name()))
      inputs.push_back(&input);
  if (inputs.empty()) {
    mlir::emitError(fileLoc()) << "the graph has no input";
    return nullptr;
  }
  llvm::SmallVector<Type> argTypes;
  for (const onnx::ValueInfoProto *input : inputs) {
    int32_t elemType = input->type().tensor_type().elem_type();
    if (elemType != onnx::TensorProto::FLOAT) {
      mlir::emitError(fileLoc())
          << "graph input '" << input->name()
          << "' is not a float tensor; Riffle compiles f32 models";
      return nullptr;
    }
    // --input-shape, if given, is already in the model.
    std::string error;
    FailureOr<llvm::SmallVector<int64_t>> shape = getStaticShape(*input, error);
    if (failed(shape)) {
      mlir::emitError(fileLoc())
          << "graph input: " << error
          << " (re-export with a fixed input shape, or give one with "
             "--input-shape)";
      return nullptr;
    }
    argTypes.push_back(RankedTensorType::get(*shape, builder.getF32Type()));
  }

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc());
  builder.setInsertionPointToEnd(module->getBody());
  std::string name = !options.functionName.empty()
                         ? options.functionName
                         : makeIdentifier(graph.name().empty()
                                              ? llvm::sys::path::stem(path)
                                              : llvm::StringRef(graph.name()));
  auto func = func::FuncOp::create(builder, fileLoc(), name,
                                   builder.getFunctionType(argTypes, {}));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToEnd(body);
  for (auto [input, arg] : llvm::zip(inputs, body->getArguments()))
    tensors[input->name()].value = arg;

  for (const onnx::NodeProto &node : graph.node())
    if (failed(importNode(node)))
      return nullptr;

  llvm::SmallVector<Value> results;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    auto it = tensors.find(output.name());
    if (it == tensors.end()) {
      mlir::emitError(fileLoc()) << "graph output '" << output.name()
                                 << "' is not produced by any node";
      return nullptr;
    }
    TensorEntry &entry = it->second;
    if (entry.pad || entry.shuffle) {
      mlir::emitError(fileLoc())
          << "graph output '" << output.name()
          << "' is an intermediate view (padding or half of a channel "
             "shuffle) that Riffle only supports inside a pattern";
      return nullptr;
    }
    if (!entry.value) {
      if (entry.constant->isInt()) {
        mlir::emitError(fileLoc()) << "graph output '" << output.name()
                                   << "' is an integer tensor";
        return nullptr;
      }
      entry.value = materialize(*entry.constant, output.name());
    }
    results.push_back(entry.value);
  }
  func::ReturnOp::create(builder, fileLoc(), results);
  func.setFunctionType(
      builder.getFunctionType(argTypes, ValueRange(results).getTypes()));

  // Patterns leave unused views behind (the first reshape of a shuffle):
  // drop every side-effect-free op without uses.
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*body)))
    if (op.use_empty() && op.getNumResults() > 0 && isPure(&op))
      op.erase();

  if (failed(mlir::verify(*module)))
    return nullptr;
  return module;
}

//===----------------------------------------------------------------------===//
// Loading
//===----------------------------------------------------------------------===//

/// Parses, checks and shape-infers the model. ONNX reports problems by
/// throwing; they become diagnostics here.
/// Gives the model's single data input the shape the user asked for, so
/// ONNX's shape inference sees static shapes too.
static LogicalResult overrideInputShape(onnx::ModelProto &model,
                                        llvm::ArrayRef<int64_t> shape,
                                        Location loc) {
  llvm::StringSet<> initializers;
  for (const onnx::TensorProto &init : model.graph().initializer())
    initializers.insert(init.name());
  onnx::ValueInfoProto *input = nullptr;
  int inputs = 0;
  for (onnx::ValueInfoProto &candidate : *model.mutable_graph()->mutable_input())
    if (!initializers.contains(candidate.name())) {
      input = &candidate;
      ++inputs;
    }
  if (inputs != 1)
    return mlir::emitError(loc) << "--input-shape needs a model with one "
                                   "input; this one has "
                                << inputs;
  onnx::TensorShapeProto *declared =
      input->mutable_type()->mutable_tensor_type()->mutable_shape();
  if (declared->dim_size() != 0 &&
      declared->dim_size() != static_cast<int>(shape.size()))
    return mlir::emitError(loc)
           << "--input-shape has rank " << shape.size() << " but input '"
           << input->name() << "' has rank " << declared->dim_size();
  for (int d = 0; d < declared->dim_size(); ++d)
    if (declared->dim(d).has_dim_value() &&
        declared->dim(d).dim_value() != shape[d])
      return mlir::emitError(loc)
             << "dimension " << d << " of input '" << input->name()
             << "' is fixed at " << declared->dim(d).dim_value()
             << "; --input-shape gives " << shape[d];
  declared->clear_dim();
  for (int64_t d : shape)
    declared->add_dim()->set_dim_value(d);
  return success();
}

static LogicalResult loadModel(llvm::StringRef path, onnx::ModelProto &model,
                               Location loc, int64_t &opset,
                               llvm::ArrayRef<int64_t> inputShape) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/true);
  if (!file)
    return mlir::emitError(loc)
           << "cannot read '" << path << "': " << file.getError().message();
  llvm::StringRef contents = (*file)->getBuffer();

  llvm::StringRef extension = llvm::sys::path::extension(path);
  if (extension == ".onnxtxt" || extension == ".txt") {
    onnx::OnnxParser parser(contents.data());
    onnx::Status status;
    try { // the parser throws from std::stoll/stof on malformed numbers
      status = parser.Parse(model);
    } catch (const std::exception &error) {
      return mlir::emitError(loc) << "ONNX text syntax error: malformed "
                                     "number (" << error.what() << ")";
    }
    if (!status.IsOK())
      return mlir::emitError(loc)
             << "ONNX text syntax error: " << status.ErrorMessage();
  } else {
    if (contents.size() > static_cast<size_t>(INT32_MAX) ||
        !model.ParseFromArray(contents.data(),
                              static_cast<int>(contents.size())))
      return mlir::emitError(loc)
             << "not a valid ONNX model (the protobuf does not parse; is the "
                "file truncated or not ONNX?)";
    if (!model.has_graph() || model.graph().node_size() == 0)
      return mlir::emitError(loc)
             << "not a valid ONNX model (it holds no graph nodes)";
  }

  if (!inputShape.empty() &&
      failed(overrideInputShape(model, inputShape, loc)))
    return failure();

  opset = -1;
  for (const onnx::OperatorSetIdProto &import : model.opset_import())
    if (import.domain().empty() || import.domain() == "ai.onnx")
      opset = import.version();
  if (opset < 0)
    return mlir::emitError(loc) << "the model imports no opset of the "
                                   "default ONNX domain";
  // Attributes first: libonnx's checker, shape inference and version
  // converter divide by strides and allocate by kernel sizes.
  if (failed(validateNodeAttributes(model, loc)) ||
      failed(makeKernelShapesExplicit(model, loc)))
    return failure();
  if (failed(convertToSupportedOpset(model, opset, loc)))
    return failure();
  // Debian's libonnx 1.12 knows the schemas up to opset 17. For newer models
  // its checker would apply older schemas and reject valid nodes, so only
  // Riffle's own checks (every op's verifier and shape inference) run.
  int64_t knownOpset = onnx::OpSchemaRegistry::DomainToVersionRange::Instance()
                           .Map()
                           .at("")
                           .second;
  if (opset > knownOpset)
    return success();

  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &error) {
    return mlir::emitError(loc)
           << "the ONNX checker rejects the model: "
           << llvm::StringRef(error.what()).trim();
  }
  try {
    onnx::ShapeInferenceOptions inferenceOptions(/*check_type=*/true,
                                                 /*strict_mode=*/1,
                                                 /*data_prop=*/true);
    onnx::shape_inference::InferShapes(model,
                                       onnx::OpSchemaRegistry::Instance(),
                                       inferenceOptions);
  } catch (const std::exception &error) {
    return mlir::emitError(loc)
           << "ONNX shape inference fails: "
           << llvm::StringRef(error.what()).trim();
  }
  return success();
}

OwningOpRef<ModuleOp>
mlir::riffle::importOnnxFile(llvm::StringRef path, MLIRContext *context,
                             const OnnxImportOptions &options) {
  context->loadDialect<RiffleDialect, func::FuncDialect, arith::ArithDialect>();
  Location loc = FileLineColLoc::get(context, path, 0, 0);
  onnx::ModelProto model;
  int64_t opset = -1;
  if (failed(loadModel(path, model, loc, opset, options.inputShape)))
    return nullptr;
  GraphImporter importer(context, path, model, opset);
  return importer.run(options);
}
