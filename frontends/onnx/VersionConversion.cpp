//===- VersionConversion.cpp - Models at other opsets ---------------------===//

#include "VersionConversion.h"
#include "Importer.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

#include "onnx/checker.h"
#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"
#include "onnx/version_converter/convert.h"

#include <exception>
#include <optional>
#include <string>

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::onnx_import;

/// The newest default-domain opset this libonnx has schemas (and converter
/// adapters) for.
static int64_t getNewestKnownOpset() {
  return onnx::OpSchemaRegistry::DomainToVersionRange::Instance()
      .Map()
      .at("")
      .second;
}

static std::string describe(const onnx::NodeProto &node) {
  return "node '" + GraphImporter::describeNode(node) + "' (" +
         node.op_type() + ")";
}

/// Runs libonnx's converter; its failures (exceptions: ONNX_ASSERT throws)
/// come back as the message.
static std::optional<std::string> tryConvert(const onnx::ModelProto &model,
                                             int64_t target,
                                             onnx::ModelProto *converted) {
  try {
    onnx::ModelProto result =
        onnx::version_conversion::ConvertVersion(model, static_cast<int>(target));
    if (converted)
      *converted = std::move(result);
  } catch (const std::exception &error) {
    return llvm::StringRef(error.what()).trim().str();
  }
  return std::nullopt;
}

/// A model of `node` alone, with whatever the original graph says about its
/// inputs and outputs (types, initializers), so that the converter's
/// adapters see what they would in the whole model.
static onnx::ModelProto makeSingleNodeModel(const onnx::ModelProto &model,
                                            const onnx::NodeProto &node) {
  onnx::ModelProto single;
  single.set_ir_version(model.ir_version());
  *single.mutable_opset_import() = model.opset_import();
  const onnx::GraphProto &graph = model.graph();
  onnx::GraphProto *out = single.mutable_graph();
  out->set_name(graph.name());
  *out->add_node() = node;

  auto findInfo = [&](const std::string &name) -> const onnx::ValueInfoProto * {
    for (const auto *infos : {&graph.input(), &graph.value_info(),
                              &graph.output()})
      for (const onnx::ValueInfoProto &info : *infos)
        if (info.name() == name)
          return &info;
    return nullptr;
  };
  auto addInfo = [&](google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>
                         *infos,
                     const std::string &name) {
    if (const onnx::ValueInfoProto *info = findInfo(name))
      *infos->Add() = *info;
    else
      infos->Add()->set_name(name);
  };
  llvm::StringSet<> seen;
  for (const std::string &input : node.input()) {
    if (input.empty() || !seen.insert(input).second)
      continue;
    addInfo(out->mutable_input(), input);
    for (const onnx::TensorProto &init : graph.initializer())
      if (init.name() == input)
        *out->add_initializer() = init;
  }
  for (const std::string &output : node.output())
    if (!output.empty())
      addInfo(out->mutable_output(), output);
  return single;
}

/// Converts `model` to `target`; on failure, names the first node the
/// converter cannot convert on its own.
static LogicalResult convertModel(onnx::ModelProto &model, int64_t opset,
                                  int64_t target, Location loc) {
  // Adapters that rewrite broadcasting (Add, Gemm, ... before opset 7) need
  // the shapes of their inputs: infer what can be inferred. A model shape
  // inference rejects is left as it is; the checker and shape inference
  // after conversion report its problems.
  try {
    onnx::shape_inference::InferShapes(model);
  } catch (const std::exception &) {
  }
  onnx::ModelProto converted;
  std::optional<std::string> failure = tryConvert(model, target, &converted);
  if (!failure) {
    // The converter rebuilds the graph and drops what its IR does not hold:
    // the graph's name (the default function name) and the model's
    // descriptive fields.
    converted.mutable_graph()->set_name(model.graph().name());
    converted.mutable_graph()->set_doc_string(model.graph().doc_string());
    converted.set_doc_string(model.doc_string());
    converted.set_producer_name(model.producer_name());
    converted.set_producer_version(model.producer_version());
    *converted.mutable_metadata_props() = model.metadata_props();
    model = std::move(converted);
    // The converter keeps the IR version, but an old one (IR 3 required
    // every initializer to be a graph input) rejects what its adapters add
    // (Pad's pads become an initializer). Opset 13 came with IR version 7.
    if (model.ir_version() < kIrVersionOfConversionTarget)
      model.set_ir_version(kIrVersionOfConversionTarget);
    loc.getContext()->getDiagEngine().emit(loc, DiagnosticSeverity::Note)
        << "converted the model from ONNX opset " << opset << " to opset "
        << target << " with libonnx's version converter";
    return success();
  }
  for (const onnx::NodeProto &node : model.graph().node()) {
    std::optional<std::string> nodeFailure =
        tryConvert(makeSingleNodeModel(model, node), target, nullptr);
    if (nodeFailure)
      return mlir::emitError(loc)
             << describe(node) << ": libonnx's version converter cannot "
             << "convert it from opset " << opset << " to opset " << target
             << ": " << *nodeFailure;
  }
  return mlir::emitError(loc)
         << "libonnx's version converter cannot convert the model from "
            "opset "
         << opset << " to opset " << target << ": " << *failure;
}

LogicalResult
mlir::riffle::onnx_import::convertToSupportedOpset(onnx::ModelProto &model,
                                                   int64_t &opset,
                                                   Location loc) {
  if (opset >= kMinOnnxOpset && opset <= kMaxOnnxOpset)
    return success();
  int64_t newestKnown = getNewestKnownOpset();
  int64_t target = opset < kMinOnnxOpset
                       ? kOnnxConversionTarget
                       : std::min(kMaxOnnxOpset, newestKnown);
  if (opset < 1 || opset > newestKnown) {
    InFlightDiagnostic diag = mlir::emitError(loc);
    diag << "the model uses ONNX opset " << opset << "; Riffle imports opsets "
         << kMinOnnxOpset << " to " << kMaxOnnxOpset;
    if (opset > newestKnown)
      diag << ", and libonnx's version converter knows opsets up to "
           << newestKnown << " only, so it cannot convert this model down";
    return diag;
  }

  // The converter's adapters assume a well-formed model of ops they know:
  // malformed models and nodes Riffle cannot import are refused before
  // they reach it.
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &error) {
    return mlir::emitError(loc)
           << "the ONNX checker rejects the model (at its opset " << opset
           << ", before conversion): " << llvm::StringRef(error.what()).trim();
  }
  const auto &importers = GraphImporter::getNodeImporters();
  for (const onnx::NodeProto &node : model.graph().node()) {
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    if (defaultDomain && importers.count(node.op_type()))
      continue;
    InFlightDiagnostic diag = mlir::emitError(loc);
    diag << describe(node) << ": unsupported op '" << node.op_type() << "'";
    if (!defaultDomain)
      diag << " of domain '" << node.domain() << "'";
    diag << " (the model is at ONNX opset " << opset << "); supported ops: ";
    llvm::interleaveComma(getSupportedOnnxOps(), diag);
    return diag;
  }
  if (failed(convertModel(model, opset, target, loc)))
    return failure();
  opset = target;
  return success();
}
