//===- Importer.h - ONNX graph importer internals ---------------*- C++ -*-===//
//
// Internal to frontends/onnx. The importer walks the (topologically sorted)
// ONNX graph once. Every ONNX tensor name maps to a TensorEntry: an MLIR
// value, a constant known at import time (initializers, Constant nodes and
// folded shape arithmetic), or a pending pattern that only some consumers
// may take (zero padding folded into a following conv/pool, the
// reshape-transpose halves of a channel shuffle).
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_FRONTENDS_ONNX_IMPORTER_H
#define RIFFLE_FRONTENDS_ONNX_IMPORTER_H

#include "riffle/Dialect/Riffle/RiffleOps.h"
#include "riffle/Frontend/OnnxImporter.h"
#include "riffle/Support/Format.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include "onnx/onnx_pb.h"

#include <array>
#include <optional>
#include <type_traits>
#include <vector>

namespace mlir::riffle::onnx_import {

/// The largest tensor shape arithmetic may build at import (elements).
constexpr int64_t kMaxFoldedElements = int64_t{1} << 26;

/// A tensor whose contents are known at import time.
struct ConstTensor {
  enum class Kind { Float, Int };
  Kind kind = Kind::Float;
  llvm::SmallVector<int64_t> dims;
  std::vector<float> floats; // when kind == Float
  std::vector<int64_t> ints; // when kind == Int

  int64_t size() const {
    return kind == Kind::Float ? static_cast<int64_t>(floats.size())
                               : static_cast<int64_t>(ints.size());
  }
  bool isInt() const { return kind == Kind::Int; }
  /// Element `i` as a double, whatever the kind.
  double at(int64_t i) const {
    return isInt() ? static_cast<double>(ints[i]) : floats[i];
  }
  static ConstTensor ofInts(llvm::ArrayRef<int64_t> dims,
                            std::vector<int64_t> values);
  static ConstTensor ofFloats(llvm::ArrayRef<int64_t> dims,
                              std::vector<float> values);
};

/// Zero padding [top, left, bottom, right] of `source` that the next conv or
/// pool absorbs.
struct PendingPad {
  Value source;
  std::array<int64_t, 4> pads;
  std::string nodeName;
};

/// The middle of a channel shuffle: `source` [N, C, ...] viewed as
/// [N, groups, C / groups, ...] and, once `transposed`, with those two axes
/// swapped. Only a Transpose (then) a Reshape back to the source's shape
/// may consume it.
struct ShuffleView {
  Value source;
  int64_t groups;
  bool transposed;
  llvm::SmallVector<int64_t> shape; // the view's shape (after transposition)
  std::string nodeName;
};

struct TensorEntry {
  Value value;                         // null for constants not yet used
  std::optional<ConstTensor> constant; // contents known at import
  std::optional<PendingPad> pad;
  std::optional<ShuffleView> shuffle;

  /// The shape of the tensor the entry stands for: the view's for a shuffle
  /// view, the padded one for pending padding.
  llvm::SmallVector<int64_t> getShape() const;
};

class GraphImporter {
public:
  GraphImporter(MLIRContext *context, llvm::StringRef path,
                onnx::ModelProto &model, int64_t opset);

  OwningOpRef<ModuleOp> run(const OnnxImportOptions &options);

  using NodeImporter = LogicalResult (GraphImporter::*)(const onnx::NodeProto &);
  static const llvm::StringMap<NodeImporter> &getNodeImporters();

  /// The node's name, or "(unnamed, output X)" for unnamed nodes.
  static std::string describeNode(const onnx::NodeProto &node);

private:
  //===--- Diagnostics and locations -------------------------------------===//
  Location fileLoc();
  Location nodeLoc(const onnx::NodeProto &node);
  /// `node 'NAME' (TYPE): ...` at the file's location.
  InFlightDiagnostic emitNodeError(const onnx::NodeProto &node);

  //===--- Tensor environment --------------------------------------------===//
  /// The entry for input `index` of `node`; reports when it is missing.
  TensorEntry *getInputEntry(const onnx::NodeProto &node, int index);
  bool hasInput(const onnx::NodeProto &node, int index) const;
  /// Input `index` as a plain tensor value (materializing constants);
  /// reports pending patterns that this consumer cannot take.
  FailureOr<Value> getTensorInput(const onnx::NodeProto &node, int index);
  /// Input `index` as an import-time constant; reports when it is not one.
  FailureOr<const ConstTensor *> getConstInput(const onnx::NodeProto &node,
                                               int index,
                                               llvm::StringRef what);
  /// The constant behind input `index`, or null.
  const ConstTensor *lookupConstInput(const onnx::NodeProto &node, int index);
  Value materialize(const ConstTensor &constant, llvm::StringRef name);
  void setOutput(const onnx::NodeProto &node, int index, Value value);
  /// Records the results of `op` as the node's outputs, in order; failure
  /// (already reported) when `op` is null because building it failed.
  LogicalResult setOutputs(const onnx::NodeProto &node, Operation *op);
  void setOutputEntry(const onnx::NodeProto &node, int index, TensorEntry entry);
  FailureOr<RankedTensorType> getRankedType(const onnx::NodeProto &node,
                                            Value value, int64_t rank);
  /// Checks that the outputs of `node` the importer will not produce are
  /// unused (BatchNormalization's running stats, MaxPool's indices...).
  LogicalResult checkOnlyFirstOutputUsed(const onnx::NodeProto &node);

  /// Builds an op with the given operands and attributes, inferring and
  /// verifying its result types; on failure reports at the node and returns
  /// null (nothing is left in the IR).
  template <typename OpT>
  OpT createOp(const onnx::NodeProto &node, ValueRange operands,
               llvm::ArrayRef<NamedAttribute> attributes = {});

  //===--- Node importers (one per ONNX op family) ------------------------===//
  LogicalResult importNode(const onnx::NodeProto &node);
  // NeuralOps.cpp
  LogicalResult importConv(const onnx::NodeProto &node);
  LogicalResult importBatchNorm(const onnx::NodeProto &node);
  LogicalResult importActivation(const onnx::NodeProto &node);
  LogicalResult importClip(const onnx::NodeProto &node);
  LogicalResult importPool(const onnx::NodeProto &node);
  LogicalResult importGlobalAveragePool(const onnx::NodeProto &node);
  LogicalResult importReduceMean(const onnx::NodeProto &node);
  LogicalResult importGemm(const onnx::NodeProto &node);
  LogicalResult importMatMul(const onnx::NodeProto &node);
  LogicalResult importSoftmax(const onnx::NodeProto &node);
  LogicalResult importBinary(const onnx::NodeProto &node);
  // DataMovementOps.cpp
  LogicalResult importIdentity(const onnx::NodeProto &node);
  LogicalResult importConcat(const onnx::NodeProto &node);
  LogicalResult importSplit(const onnx::NodeProto &node);
  LogicalResult importSlice(const onnx::NodeProto &node);
  LogicalResult importReshape(const onnx::NodeProto &node);
  LogicalResult importTranspose(const onnx::NodeProto &node);
  LogicalResult importFlatten(const onnx::NodeProto &node);
  LogicalResult importPad(const onnx::NodeProto &node);
  LogicalResult importSqueezeUnsqueeze(const onnx::NodeProto &node);
  // ShapeOps.cpp (evaluated at import)
  LogicalResult importConstant(const onnx::NodeProto &node);
  LogicalResult importShape(const onnx::NodeProto &node);
  LogicalResult importGather(const onnx::NodeProto &node);
  LogicalResult importCast(const onnx::NodeProto &node);
  LogicalResult importConstantOfShape(const onnx::NodeProto &node);
  LogicalResult importRange(const onnx::NodeProto &node);

  /// Element-wise arithmetic when every input is known at import.
  LogicalResult foldBinary(const onnx::NodeProto &node, const ConstTensor &lhs,
                           const ConstTensor &rhs);
  /// Absorbs pending zero padding on input 0 into `pads` (top, left,
  /// bottom, right); returns the unpadded source.
  FailureOr<Value> takePaddedInput(const onnx::NodeProto &node,
                                   llvm::SmallVectorImpl<int64_t> &pads,
                                   bool isMaxPool);
  /// Resolves `auto_pad` and `pads` of a conv/pool into [t, l, b, r].
  LogicalResult getWindowPads(const onnx::NodeProto &node,
                              llvm::ArrayRef<int64_t> inputHW,
                              llvm::ArrayRef<int64_t> kernel,
                              llvm::ArrayRef<int64_t> strides,
                              llvm::ArrayRef<int64_t> dilations,
                              llvm::SmallVectorImpl<int64_t> &pads);
  LogicalResult importSliceOnTensor(const onnx::NodeProto &node, Value input,
                                    llvm::ArrayRef<int64_t> starts,
                                    llvm::ArrayRef<int64_t> ends,
                                    llvm::ArrayRef<int64_t> axes,
                                    llvm::ArrayRef<int64_t> steps);

  //===--- State ----------------------------------------------------------===//
  MLIRContext *context;
  std::string path;
  onnx::ModelProto &model;
  int64_t opset;
  OpBuilder builder;
  llvm::StringMap<TensorEntry> tensors;
  /// Number of nodes reading each tensor name (graph outputs count as one).
  llvm::StringMap<int> useCounts;
  /// Op types of the nodes reading each tensor name (graph outputs: "").
  llvm::StringMap<llvm::SmallVector<std::string, 2>> consumerTypes;
  /// Static shapes ONNX's shape inference found, to cross-check ours.
  llvm::StringMap<llvm::SmallVector<int64_t>> inferredShapes;
  /// Graph outputs: pending patterns may not escape through them.
  llvm::StringSet<> graphOutputs;
  unsigned numConstants = 0;
};

template <typename OpT>
OpT GraphImporter::createOp(const onnx::NodeProto &node, ValueRange operands,
                            llvm::ArrayRef<NamedAttribute> attributes) {
  Location loc = nodeLoc(node);
  OperationState state(loc, OpT::getOperationName());
  state.addOperands(operands);
  using Properties = typename OpT::Properties;
  if constexpr (!std::is_same_v<Properties, EmptyProperties>) {
    Properties &properties = state.getOrAddProperties<Properties>();
    if (failed(OpT::setPropertiesFromAttr(
            properties, DictionaryAttr::get(context, attributes),
            [&] { return mlir::emitError(loc); })))
      return nullptr;
  }
  // Inference verifies operands and attributes and reports at the node.
  llvm::SmallVector<Type> resultTypes;
  if (failed(OpT::inferReturnTypes(context, loc, state.operands,
                                   state.attributes.getDictionary(context),
                                   state.getRawProperties(), state.regions,
                                   resultTypes)))
    return nullptr;
  state.addTypes(resultTypes);
  return llvm::cast<OpT>(builder.create(state));
}

//===--- Attribute access (Attributes.cpp) --------------------------------===//

const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                     llvm::StringRef name);
int64_t getIntAttr(const onnx::NodeProto &node, llvm::StringRef name,
                   int64_t defaultValue);
float getFloatAttr(const onnx::NodeProto &node, llvm::StringRef name,
                   float defaultValue);
std::string getStringAttr(const onnx::NodeProto &node, llvm::StringRef name,
                          llvm::StringRef defaultValue);
std::optional<llvm::SmallVector<int64_t>>
getIntsAttr(const onnx::NodeProto &node, llvm::StringRef name);

/// Reads a TensorProto's contents (float, double, integer and bool types);
/// failure with `error` set for unsupported types or external data.
FailureOr<ConstTensor> readTensorProto(const onnx::TensorProto &tensor,
                                       std::string &error);

/// The static shape of a ValueInfo's tensor type; failure names the first
/// dimension that is not a fixed number.
FailureOr<llvm::SmallVector<int64_t>>
getStaticShape(const onnx::ValueInfoProto &info, std::string &error);

//===--- Import-time evaluation on constants (ShapeOps.cpp) ---------------===//

/// A constant of shape `outDims` whose element at each multi-index is the
/// input's element at flat index `sourceIndex(index)`.
ConstTensor mapConstant(const ConstTensor &input,
                        llvm::ArrayRef<int64_t> outDims,
                        llvm::function_ref<int64_t(llvm::ArrayRef<int64_t>)>
                            sourceIndex);
/// Row-major strides of `dims`.
llvm::SmallVector<int64_t> getStrides(llvm::ArrayRef<int64_t> dims);
ConstTensor transposeConstant(const ConstTensor &input,
                              llvm::ArrayRef<int64_t> perm);
ConstTensor concatConstants(llvm::ArrayRef<const ConstTensor *> inputs,
                            int64_t axis);
/// Clamps an ONNX Slice range on a dimension of size `dim` (positive step).
std::pair<int64_t, int64_t> clampSliceRange(int64_t dim, int64_t start,
                                            int64_t end);


} // namespace mlir::riffle::onnx_import

#endif // RIFFLE_FRONTENDS_ONNX_IMPORTER_H
