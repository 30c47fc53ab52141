//===- Interpreter.cpp - Reference interpreter for riffle IR --------------===//
//
// The dispatcher: walks a function's single block in order, materializes
// arith.constant weights, evaluates each riffle op with its kernel (one file
// per op family) and frees every value after its last use.
//
//===----------------------------------------------------------------------===//

#include "riffle/Interpreter/Interpreter.h"

#include "Kernels.h"
#include "riffle/Dialect/Riffle/CodegenPlan.h"
#include "riffle/Dialect/Riffle/RiffleDialect.h"
#include "riffle/Support/Format.h"
#include "riffle/Support/ToolSupport.h"
#include "mlir/Parser/Parser.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::interp;

ArrayRef<int64_t> interp::shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

/// A statically shaped f32 tensor type, or null.
static RankedTensorType getF32TensorType(Type type) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!tensorType || !tensorType.hasStaticShape() ||
      !tensorType.getElementType().isF32())
    return {};
  return tensorType;
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

/// The name a constant goes by in messages: the name of its NameLoc (the
/// ONNX importer names weights after their initializers), else empty.
static std::string getConstantName(Operation *op) {
  Location loc = op->getLoc();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    if (!fused.getLocations().empty())
      loc = fused.getLocations().front();
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  return {};
}

FailureOr<Tensor> mlir::riffle::getConstantTensor(arith::ConstantOp op) {
  RankedTensorType type = getF32TensorType(op.getType());
  if (!type)
    return op.emitOpError("of type ")
           << op.getType()
           << " is not a statically shaped f32 tensor; the reference "
              "interpreter evaluates only f32 tensors";
  const int64_t numElements = type.getNumElements();
  // "constant 'conv1.weight' (dense_resource<key>)" or "dense_resource<key>".
  std::string name = getConstantName(op);
  auto describe = [&](StringRef value) {
    return name.empty() ? value.str()
                        : "constant '" + name + "' (" + value.str() + ")";
  };

  if (auto dense = dyn_cast<DenseElementsAttr>(op.getValue())) {
    if (!dense.getElementType().isF32())
      return op.emitOpError()
             << describe("dense<...>") << " does not hold f32 elements";
    Tensor tensor(type.getShape());
    if (dense.isSplat()) {
      std::fill(tensor.data.begin(), tensor.data.end(),
                dense.getSplatValue<float>());
    } else {
      llvm::copy(dense.getValues<float>(), tensor.data.begin());
    }
    return tensor;
  }

  if (auto resource = dyn_cast<DenseResourceElementsAttr>(op.getValue())) {
    DenseResourceElementsHandle handle = resource.getRawHandle();
    StringRef key = handle.getKey();
    AsmResourceBlob *blob = handle.getBlob();
    std::string value = ("dense_resource<" + key + ">").str();
    if (!blob || key.starts_with("__elided__"))
      return op.emitOpError()
             << describe(value)
             << " has no data: its weights were elided or its blob is "
                "missing from the file's dialect_resources section; print the "
                "IR with its weights (rifflec --keep-weights, or without "
                "--mlir-elide-resource-strings-if-larger)";
    ArrayRef<char> bytes = blob->getData();
    if (static_cast<int64_t>(bytes.size()) != numElements * 4)
      return op.emitOpError()
             << describe(value) << " holds "
             << bytes.size() << " bytes but its type " << type << " needs "
             << numElements * 4 << " (" << numElements << " f32 values)";
    Tensor tensor(type.getShape());
    // The blob holds raw little-endian f32 values (the host's order here).
    if (!bytes.empty())
      std::memcpy(tensor.data.data(), bytes.data(), bytes.size());
    return tensor;
  }

  return op.emitOpError()
         << (name.empty() ? std::string("value") : "constant '" + name + "'")
         << " is not one the reference interpreter can read (expected "
            "dense<...> or dense_resource<...> elements)";
}

//===----------------------------------------------------------------------===//
// Op dispatch
//===----------------------------------------------------------------------===//

using Results = SmallVector<Tensor>;

static Results single(Tensor tensor) {
  Results results;
  results.push_back(std::move(tensor));
  return results;
}

/// Evaluates `op` on `in` (one tensor per operand, of the operand's shape).
static FailureOr<Results> evalOp(Operation *op, ArrayRef<const Tensor *> in) {
  return llvm::TypeSwitch<Operation *, FailureOr<Results>>(op)
      // Convolution, fully connected, normalization.
      .Case([&](Conv2dOp conv) {
        return single(evalConv2d(conv, *in[0], *in[1],
                                 conv.getBias() ? in[2] : nullptr));
      })
      .Case([&](GemmOp gemm) {
        return single(
            evalGemm(gemm, *in[0], *in[1], gemm.getBias() ? in[2] : nullptr));
      })
      .Case([&](BatchNormOp bn) {
        return single(evalBatchNorm(bn, *in[0], *in[1], *in[2], *in[3], *in[4]));
      })
      // Element-wise: the standalone activations share the fused ones' code.
      .Case([&](ActivationOpInterface activation) {
        return single(
            evalUnary(*in[0], Activation(activation.getActivation())));
      })
      .Case([&](AddOp add) {
        return single(evalBroadcastBinary(*in[0], *in[1],
                                          shapeOf(add.getOutput()),
                                          /*add=*/true,
                                          Activation::get(add.getActAttr())));
      })
      .Case([&](MulOp mul) {
        return single(evalBroadcastBinary(*in[0], *in[1],
                                          shapeOf(mul.getOutput()),
                                          /*add=*/false, Activation()));
      })
      .Case([&](SoftmaxOp softmax) {
        return single(evalSoftmax(softmax, *in[0]));
      })
      // Data movement.
      .Case([&](ChannelShuffleOp shuffle) {
        return single(evalChannelShuffle(shuffle, *in[0]));
      })
      .Case([&](ConcatOp concat) { return single(evalConcat(concat, in)); })
      .Case([&](SliceOp slice) { return single(evalSlice(slice, *in[0])); })
      .Case([&](SplitOp split) { return evalSplit(split, *in[0]); })
      .Case([&](FlattenOp flatten) {
        return single(evalReshape(flatten.getOutput(), *in[0]));
      })
      .Case([&](ReshapeOp reshape) {
        return single(evalReshape(reshape.getOutput(), *in[0]));
      })
      // Pooling.
      .Case([&](MaxPool2dOp pool) { return single(evalMaxPool2d(pool, *in[0])); })
      .Case([&](AvgPool2dOp pool) { return single(evalAvgPool2d(pool, *in[0])); })
      .Case([&](GlobalAvgPoolOp pool) {
        return single(evalGlobalAvgPool(pool, *in[0]));
      })
      .Default([&](Operation *op) -> FailureOr<Results> {
        // Read through its generic form, so that the interpreter does not
        // depend on the op's C++ class.
        if (op->getName().getStringRef() == "riffle.channel_gather") {
          FailureOr<Tensor> result = evalChannelGather(op, in);
          if (failed(result))
            return failure();
          return single(std::move(*result));
        }
        return op->emitOpError("is not supported by the reference interpreter");
      });
}

/// Checks that every result of `op` is a statically shaped f32 tensor.
static LogicalResult checkResultTypes(Operation *op) {
  for (auto [index, result] : llvm::enumerate(op->getResults()))
    if (!getF32TensorType(result.getType()))
      return op->emitOpError("result #")
             << index << " has type " << result.getType()
             << "; the reference interpreter evaluates only statically "
                "shaped f32 tensors";
  return success();
}

/// Evaluates `op` and checks the results against its result types (a
/// mismatch is an interpreter bug, reported rather than propagated).
static FailureOr<Results> evalAndCheck(Operation *op,
                                       ArrayRef<const Tensor *> operands) {
  if (op->getNumRegions() != 0)
    return op->emitOpError("has regions; the reference interpreter does not "
                           "support it");
  if (failed(checkResultTypes(op)))
    return failure();
  FailureOr<Results> results = evalOp(op, operands);
  if (failed(results))
    return failure();
  if (results->size() != op->getNumResults())
    return op->emitOpError("internal interpreter error: computed ")
           << results->size() << " results for " << op->getNumResults();
  for (auto [index, result] : llvm::enumerate(op->getResults())) {
    const Tensor &tensor = (*results)[index];
    if (ArrayRef<int64_t>(tensor.shape) != shapeOf(result) ||
        static_cast<int64_t>(tensor.data.size()) != tensor.getNumElements())
      return op->emitOpError("internal interpreter error: result #")
             << index << " computed with shape " << formatShape(tensor.shape)
             << " but typed " << result.getType();
  }
  return results;
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<Tensor>>
mlir::riffle::interpretOp(Operation *op, ArrayRef<Tensor> operands) {
  if (failed(mlir::verify(op)))
    return failure();
  if (operands.size() != op->getNumOperands())
    return op->emitOpError("takes ")
           << op->getNumOperands() << " operands but the interpreter got "
           << operands.size();
  SmallVector<const Tensor *> pointers;
  for (auto [index, operand] : llvm::enumerate(op->getOperands())) {
    RankedTensorType type = getF32TensorType(operand.getType());
    if (!type)
      return op->emitOpError("operand #")
             << index << " has type " << operand.getType()
             << "; the reference interpreter evaluates only statically "
                "shaped f32 tensors";
    const Tensor &value = operands[index];
    if (ArrayRef<int64_t>(value.shape) != type.getShape() ||
        static_cast<int64_t>(value.data.size()) != value.getNumElements())
      return op->emitOpError("operand #")
             << index << " is a tensor of shape " << formatShape(value.shape)
             << " with " << value.data.size() << " elements; expected "
             << type;
    pointers.push_back(&value);
  }
  if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
    FailureOr<Tensor> value = getConstantTensor(constant);
    if (failed(value))
      return failure();
    return single(std::move(*value));
  }
  return evalAndCheck(op, pointers);
}

/// The function's body on `inputs` (the function verified).
static FailureOr<SmallVector<Tensor>> interpretBody(func::FuncOp func,
                                                    ArrayRef<Tensor> inputs) {
  if (func.isExternal())
    return func.emitOpError("@")
           << func.getSymName() << " has no body to interpret";
  if (!func.getBody().hasOneBlock())
    return func.emitOpError("@")
           << func.getSymName()
           << " has more than one block; the reference interpreter runs "
              "straight-line functions only";

  Block &block = func.getBody().front();
  if (inputs.size() != block.getNumArguments())
    return func.emitOpError("@")
           << func.getSymName() << " takes " << block.getNumArguments()
           << " argument(s) but " << inputs.size() << " input(s) were given";

  // Values live until their last use.
  llvm::DenseMap<Value, Tensor> values;
  llvm::DenseMap<Value, Operation *> lastUse;
  for (Operation &op : block)
    for (Value operand : op.getOperands())
      lastUse[operand] = &op;

  for (auto [index, argument] : llvm::enumerate(block.getArguments())) {
    RankedTensorType type = getF32TensorType(argument.getType());
    if (!type)
      return func.emitOpError("argument #")
             << index << " of @" << func.getSymName() << " has type "
             << argument.getType()
             << "; the reference interpreter evaluates only statically "
                "shaped f32 tensors";
    const Tensor &input = inputs[index];
    if (ArrayRef<int64_t>(input.shape) != type.getShape())
      return func.emitOpError("input #")
             << index << " has shape " << formatShape(input.shape)
             << " but argument #" << index << " of @" << func.getSymName()
             << " is " << type;
    if (static_cast<int64_t>(input.data.size()) != input.getNumElements())
      return func.emitOpError("input #")
             << index << " holds " << input.data.size()
             << " values; its shape " << formatShape(input.shape) << " needs "
             << input.getNumElements();
    values[argument] = input;
  }

  for (Operation &op : block) {
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      SmallVector<Tensor> results;
      for (Value operand : ret.getOperands()) {
        auto it = values.find(operand);
        if (it == values.end())
          return ret.emitOpError("returns a value the interpreter has not "
                                 "computed");
        results.push_back(it->second);
      }
      return results;
    }

    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      FailureOr<Tensor> value = getConstantTensor(constant);
      if (failed(value))
        return failure();
      values[constant.getResult()] = std::move(*value);
      continue;
    }

    SmallVector<const Tensor *> operands;
    for (Value operand : op.getOperands()) {
      auto it = values.find(operand);
      if (it == values.end())
        return op.emitOpError("uses a value the interpreter has not computed");
      operands.push_back(&it->second);
    }
    FailureOr<Results> results = evalAndCheck(&op, operands);
    if (failed(results))
      return failure();
    for (auto [result, tensor] : llvm::zip(op.getResults(), *results))
      values[result] = std::move(tensor);
    for (Value operand : op.getOperands()) {
      auto it = lastUse.find(operand);
      if (it != lastUse.end() && it->second == &op)
        values.erase(operand);
    }
  }
  return func.emitOpError("@") << func.getSymName()
                               << " does not end with func.return";
}

/// Sample n of a batch (the leading dimension).
static Tensor sliceSample(const Tensor &batch, int64_t n) {
  SmallVector<int64_t, 4> shape(batch.shape);
  int64_t elements = batch.getNumElements() / shape.front();
  shape.front() = 1;
  return Tensor(shape, std::vector<float>(batch.data.begin() + n * elements,
                                          batch.data.begin() +
                                              (n + 1) * elements));
}

FailureOr<SmallVector<Tensor>>
mlir::riffle::interpretFunction(func::FuncOp func, ArrayRef<Tensor> inputs) {
  if (failed(mlir::verify(func)))
    return failure();
  // A plan computing one sample at a time (riffle.sample_loop = N) takes
  // the batch of N, as its compiled code does: the body once per sample.
  const int64_t samples = getSampleLoop(func);
  bool batched = samples > 1 && llvm::all_of(inputs, [&](const Tensor &t) {
    return t.getRank() > 0 && t.dim(0) == samples;
  });
  if (!batched)
    return interpretBody(func, inputs);
  SmallVector<Tensor> results;
  for (int64_t n = 0; n < samples; ++n) {
    SmallVector<Tensor> sample;
    for (const Tensor &input : inputs)
      sample.push_back(sliceSample(input, n));
    FailureOr<SmallVector<Tensor>> outputs = interpretBody(func, sample);
    if (failed(outputs))
      return failure();
    if (n == 0)
      for (const Tensor &output : *outputs) {
        SmallVector<int64_t, 4> shape(output.shape);
        shape.front() *= samples;
        results.emplace_back(shape, std::vector<float>());
      }
    for (auto [result, output] : llvm::zip(results, *outputs))
      result.data.insert(result.data.end(), output.data.begin(),
                         output.data.end());
  }
  return results;
}

func::FuncOp mlir::riffle::lookupFunction(ModuleOp module, StringRef name) {
  if (name.empty()) {
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isExternal())
        return func;
    emitError(module.getLoc()) << "the module holds no function to interpret";
    return {};
  }
  auto func = module.lookupSymbol<func::FuncOp>(name);
  if (!func) {
    std::string names;
    for (auto candidate : module.getOps<func::FuncOp>())
      names += (names.empty() ? "@" : ", @") + candidate.getSymName().str();
    emitError(module.getLoc())
        << "no function named '" << name << "' in the module"
        << (names.empty() ? std::string() : " (it has " + names + ")");
    return {};
  }
  return func;
}

func::FuncOp mlir::riffle::loadFunctionToRun(MLIRContext &context,
                                             llvm::SourceMgr &sourceMgr,
                                             StringRef path, StringRef name,
                                             OwningOpRef<ModuleOp> &module) {
  context.loadDialect<RiffleDialect, func::FuncDialect, arith::ArithDialect>();
  // Diagnostics point at the source line; no generic op dump after them.
  context.printOpOnDiagnostic(false);
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
  if (!file) {
    reportToolError("cannot read '" + path + "': " + file.getError().message());
    return {};
  }
  sourceMgr.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
  module = parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  if (!module)
    return {};
  func::FuncOp func = lookupFunction(*module, name);
  if (func && func.isExternal()) {
    reportToolError("@" + func.getSymName() +
                    " is a declaration without a body");
    return {};
  }
  return func;
}
