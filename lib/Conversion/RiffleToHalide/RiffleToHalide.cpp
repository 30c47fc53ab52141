//===- RiffleToHalide.cpp - riffle IR to a Halide pipeline ----------------===//
//
// The driver of the lowering: function arguments become ImageParams,
// arith.constant tensors become Buffers, each riffle op is handed to its
// family's file (LowerConv, LowerElementwise, LowerDataMovement, LowerPool),
// the results become output Funcs, and Riffle's CPU schedule is applied
// (LowerSchedule). Weights and lookup tables live in a constant pool
// (ConstantPool), so the function is walked twice: to size it, then to fill
// it. A function whose plan splits it (`pipeline`) becomes several
// pipelines: a value a later one reads is copied into an output of its own
// pipeline and read there through an ImageParam; arguments and constants
// are lowered per pipeline that reads them, each pipeline with its own
// constant pool. The whole walk runs inside runHalide, so a Halide::Error
// becomes a diagnostic at the op being lowered.
//
//===----------------------------------------------------------------------===//

#include "LowerInternal.h"

#include "riffle/Conversion/RiffleToHalide/HalideSupport.h"
#include "riffle/Conversion/RiffleToHalide/RiffleToHalide.h"
#include "riffle/Dialect/Riffle/Constants.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cstring>

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::lowering;

//===----------------------------------------------------------------------===//
// LoweringState
//===----------------------------------------------------------------------===//

static const std::vector<Halide::Var> &allVars() {
  static const std::vector<Halide::Var> vars = {
      Halide::Var("x"),  Halide::Var("y"),  Halide::Var("c"),
      Halide::Var("n"),  Halide::Var("d4"), Halide::Var("d5"),
      Halide::Var("d6"), Halide::Var("d7")};
  return vars;
}

std::vector<Halide::Var> LoweringState::vars(int64_t rank) const {
  const auto &all = allVars();
  return std::vector<Halide::Var>(all.begin(), all.begin() + rank);
}

std::vector<Halide::Expr> LoweringState::exprs(int64_t rank) const {
  std::vector<Halide::Expr> result;
  for (const Halide::Var &v : vars(rank))
    result.push_back(v);
  return result;
}

std::string LoweringState::uniqueName(StringRef base) {
  std::string name;
  for (char ch : base)
    name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return name + "_" + std::to_string(counter++);
}

Halide::Func LoweringState::makeFunc(Operation *op, StringRef suffix) {
  std::string base = op->getName().stripDialect().str();
  if (!suffix.empty())
    base += "_" + suffix.str();
  return Halide::Func(uniqueName(base));
}

void LoweringState::materialize(
    Halide::Func func, ArrayRef<int64_t> extents,
    std::vector<std::vector<Halide::RVar>> updateRVars) {
  materialize(func, vars(extents.size()), extents, std::move(updateRVars));
}

void LoweringState::materialize(
    Halide::Func func, std::vector<Halide::Var> args,
    ArrayRef<int64_t> extents,
    std::vector<std::vector<Halide::RVar>> updateRVars) {
  MaterializedFunc m;
  m.func = func;
  m.args = std::move(args);
  m.extents.assign(extents.begin(), extents.end());
  m.updateRVars = std::move(updateRVars);
  m.op = currentOp;
  m.plan = currentPlan;
  materialized.push_back(std::move(m));
}

void LoweringState::setPaddedInput(MaterializedFunc *pad) {
  materialized.back().paddedInput = pad;
}

ConstantArray LoweringState::table(ArrayRef<int64_t> values) {
  std::vector<int32_t> data(values.begin(), values.end());
  return constants().addInts(data, {static_cast<int64_t>(values.size())});
}

//===----------------------------------------------------------------------===//
// ConstantPool
//===----------------------------------------------------------------------===//

Halide::Expr
ConstantArray::operator()(const std::vector<Halide::Expr> &index) const {
  Halide::Expr flat = static_cast<int>(offset);
  for (size_t d = 0; d < index.size(); ++d)
    flat = flat + index[d] * static_cast<int>(strides[d]);
  return buffer(flat);
}

template <typename T>
ConstantArray ConstantPool::add(Halide::Buffer<T> &buffer, int64_t &used,
                                ArrayRef<T> values,
                                ArrayRef<int64_t> extents) {
  // 64-byte aligned: whole vectors load without splitting cache lines.
  const int64_t alignment = 64 / sizeof(T);
  used = (used + alignment - 1) / alignment * alignment;
  ConstantArray array;
  array.offset = used;
  int64_t size = 1;
  for (int64_t extent : extents) {
    array.strides.push_back(size);
    size *= extent;
  }
  if (filling) {
    if (!values.empty())
      std::memcpy(buffer.data() + used, values.data(), size * sizeof(T));
  } else if (!buffer.defined()) {
    buffer = Halide::Buffer<T>(1, "sizing");
  }
  array.buffer = buffer;
  used += size;
  return array;
}

ConstantArray ConstantPool::addFloats(ArrayRef<float> values,
                                      ArrayRef<int64_t> extents) {
  return add(floats, floatsUsed, values, extents);
}

ConstantArray ConstantPool::addInts(ArrayRef<int32_t> values,
                                    ArrayRef<int64_t> extents) {
  return add(ints, intsUsed, values, extents);
}

void ConstantPool::startFilling() {
  filling = true;
  floats = Halide::Buffer<float>(static_cast<int>(std::max<int64_t>(floatsUsed, 1)),
                                 "weights");
  ints = Halide::Buffer<int32_t>(static_cast<int>(std::max<int64_t>(intsUsed, 1)),
                                 "tables");
  floats.fill(0.0f);
  ints.fill(0);
  floatsUsed = intsUsed = 0;
}

Halide::Func LoweringState::padded(Operation *namer, const HTensor &input,
                                   Halide::Expr value, PadPlacement pad,
                                   MaterializedFunc **materializedPad) {
  if (materializedPad)
    *materializedPad = nullptr;
  if (pad == PadPlacement::none)
    return input.func;
  const int64_t width = input.extent(0), height = input.extent(1);
  Halide::Var c = vars(4)[2], n = vars(4)[3];
  Halide::Func padded =
      namer ? makeFunc(namer, "pad") : Halide::Func(uniqueName("handed_pad"));
  if (pad == PadPlacement::select || pad == PadPlacement::staged) {
    // GPU threads load scalars: a select on clamped coordinates costs no
    // gathers there, and a pure Func is inlined or staged by its reader
    // instead of being a kernel of its own.
    std::vector<Halide::Var> v = vars(4);
    Halide::Expr inside = v[0] >= 0 && v[0] < static_cast<int>(width) &&
                          v[1] >= 0 && v[1] < static_cast<int>(height);
    padded(v) = Halide::select(
        inside,
        input.func(Halide::clamp(v[0], 0, static_cast<int>(width) - 1),
                   Halide::clamp(v[1], 0, static_cast<int>(height) - 1), v[2],
                   v[3]),
        value);
    materialize(padded, {width, height, input.extent(2), input.extent(3)});
  } else {
    // The pad value everywhere, then the interior over an RDom: both loops
    // load and store densely (a select on clamped coordinates would turn
    // vector loads into gathers).
    padded(vars(4)) = value;
    Halide::RDom interior({{0, static_cast<int>(width)},
                           {0, static_cast<int>(height)}},
                          uniqueName("interior"));
    padded(interior.x, interior.y, c, n) =
        input.func(interior.x, interior.y, c, n);
    materialize(padded, {width, height, input.extent(2), input.extent(3)},
                {{interior.x, interior.y}});
  }
  materialized.back().role = FuncRole::PaddedInput;
  if (materializedPad)
    *materializedPad = &materialized.back();
  return padded;
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

Halide::Expr lowering::applyActivation(ActivationAttr act, Halide::Expr x) {
  if (!act)
    return x;
  // The parameters rounded to float, as the reference semantics take them.
  const float alpha = static_cast<float>(act.getAlphaValue());
  const float beta = static_cast<float>(act.getBetaValue());
  switch (act.getKind()) {
  case ActivationKind::relu:
    return Halide::max(x, 0.0f);
  case ActivationKind::clip:
    return Halide::min(Halide::max(x, alpha), beta);
  case ActivationKind::leaky_relu:
    return Halide::select(x >= 0.0f, x, alpha * x);
  case ActivationKind::hardswish:
    return x * Halide::min(Halide::max(x + 3.0f, 0.0f), 6.0f) / 6.0f;
  case ActivationKind::hardsigmoid:
    return Halide::min(Halide::max(alpha * x + beta, 0.0f), 1.0f);
  case ActivationKind::sigmoid:
    return 1.0f / (1.0f + Halide::exp(-x));
  }
  return x;
}

//===----------------------------------------------------------------------===//
// The walk
//===----------------------------------------------------------------------===//

/// A statically shaped f32 tensor type, or null.
static RankedTensorType getF32TensorType(Type type) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!tensorType || !tensorType.hasStaticShape() ||
      !tensorType.getElementType().isF32() || tensorType.getRank() > 8)
    return {};
  return tensorType;
}

static std::vector<int> reversedSizes(ArrayRef<int64_t> shape) {
  std::vector<int> sizes(shape.rbegin(), shape.rend());
  return sizes;
}

/// An ImageParam over a dense f32 tensor of `shape` (MLIR order): bounds
/// and strides constrained, so every bound in the pipeline is a constant.
static Halide::ImageParam makeDenseParam(ArrayRef<int64_t> shape,
                                         const std::string &name) {
  const int rank = static_cast<int>(shape.size());
  Halide::ImageParam param(Halide::Float(32), rank, name);
  std::vector<int> sizes = reversedSizes(shape);
  int stride = 1;
  for (int d = 0; d < rank; ++d) {
    param.dim(d).set_bounds(0, sizes[d]);
    param.dim(d).set_stride(stride);
    stride *= sizes[d];
  }
  return param;
}

/// Makes `output` write a dense buffer of exactly `tensor`'s shape. With
/// symbolic output bounds, bounds inference carries ever larger expressions
/// through the network, and lowering time grows with its depth; a buffer of
/// another shape is reported as an error by the generated code.
static void constrainToDenseShape(Halide::Func output, const HTensor &tensor) {
  int stride = 1;
  for (int64_t d = 0; d < tensor.rank(); ++d) {
    const int extent = static_cast<int>(tensor.extent(d));
    output.output_buffer()
        .dim(static_cast<int>(d))
        .set_bounds(0, extent)
        .set_stride(stride);
    stride *= extent;
  }
}

/// A Func named `name` reading `source` (a Func or an ImageParam) at the
/// same coordinates, over `rank` dimensions.
template <typename Source>
static Halide::Func copyOf(const LoweringState &state, std::string name,
                           const Source &source, int64_t rank) {
  Halide::Func copy(std::move(name));
  copy(state.vars(rank)) = source(state.exprs(rank));
  return copy;
}

namespace {
class Lowerer {
public:
  Lowerer(func::FuncOp func, const LoweringOptions &options)
      : func(func), options(options) {}

  FailureOr<LoweredPipeline> run();

private:
  LogicalResult lowerBody(LoweredPipeline &result);
  FailureOr<HTensor> lowerConstant(arith::ConstantOp op);
  LogicalResult lowerOp(Operation *op);
  LogicalResult lowerReturn(func::ReturnOp ret, LoweredPipeline &result);
  /// `value` as pipeline `pipeline` reads it: its own Func when computed
  /// there, else a copy of an argument or constant made for it, or the
  /// buffer an earlier pipeline hands it.
  FailureOr<HTensor> operandIn(Value value, int64_t pipeline,
                               LoweredPipeline &result);
  /// The pipeline that computes `op` (0 when unsplit).
  int64_t pipelineOf(Operation *op) const;
  /// A copy of argument `index` for the current pipeline, padded as its
  /// plan says.
  HTensor lowerArgument(unsigned index, LoweredPipeline &result);

  func::FuncOp func;
  const LoweringOptions &options;
  LoweringState state;
  /// Each value in the pipeline that computes it.
  llvm::DenseMap<Value, HTensor> values;
  /// Arguments, constants and handed-off values per pipeline reading them.
  llvm::DenseMap<std::pair<Value, int64_t>, HTensor> copies;
  /// A value handed to later pipelines: its intermediate buffer.
  llvm::DenseMap<Value, unsigned> intermediateOf;
  std::vector<Halide::ImageParam> intermediateParams;
  /// What lowerBody is filling.
  LoweredPipeline *lowered = nullptr;
  /// The op being lowered, for Halide errors.
  Operation *current = nullptr;
};
} // namespace

int64_t Lowerer::pipelineOf(Operation *op) const {
  ScheduleAttr plan = options.schedule ? getSchedule(op) : ScheduleAttr();
  return plan ? plan.getPipeline() : 0;
}

FailureOr<HTensor> Lowerer::lowerConstant(arith::ConstantOp op) {
  RankedTensorType type = getF32TensorType(op.getType());
  if (!type)
    return op.emitOpError("of type ")
           << op.getType()
           << " cannot be lowered to Halide (expected a statically shaped f32 "
              "tensor of rank <= 8)";
  std::optional<std::vector<float>> data = getConstantFloats(op.getResult());
  if (!data || static_cast<int64_t>(data->size()) != type.getNumElements())
    return op.emitOpError(
        "has no readable f32 data (dense or dense_resource elements; weights "
        "elided or a missing blob cannot be compiled: use --keep-weights)");
  // A host copy for lowerings that re-lay the weights out, and the
  // pipeline's copy in the pool.
  Halide::Buffer<float> buffer(reversedSizes(type.getShape()));
  if (!data->empty())
    std::memcpy(buffer.data(), data->data(), data->size() * sizeof(float));
  std::vector<int64_t> extents(type.getShape().rbegin(),
                               type.getShape().rend());
  ConstantArray array = state.constants().addFloats(*data, extents);
  HTensor tensor;
  tensor.shape.assign(type.getShape().begin(), type.getShape().end());
  tensor.constant = buffer;
  tensor.func = state.makeFunc(op, "const");
  std::vector<Halide::Var> vars = state.vars(type.getRank());
  tensor.func(vars) = array(state.exprs(type.getRank()));
  return tensor;
}

HTensor Lowerer::lowerArgument(unsigned index, LoweredPipeline &result) {
  const Halide::ImageParam &param = result.inputs[index];
  HTensor tensor;
  auto type = cast<RankedTensorType>(func.getArgument(index).getType());
  tensor.shape.assign(type.getShape().begin(), type.getShape().end());
  tensor.func = copyOf(state, state.uniqueName("arg"), param, type.getRank());
  // The plan says when a padded copy makes the reads of readers that
  // compute past their edge defined (riffle-plan-codegen).
  // Its `parallel` goes with the copy.
  if (auto argPlan = func.getArgAttrOfType<ScheduleAttr>(index,
                                                         kScheduleAttrName)) {
    state.currentPlan = argPlan;
    tensor.func = state.padded(func, tensor, Halide::Expr(0.0f),
                               argPlan.getPad());
    state.currentPlan = {};
  }
  return tensor;
}

FailureOr<HTensor> Lowerer::operandIn(Value value, int64_t pipeline,
                                      LoweredPipeline &result) {
  auto cached = copies.find({value, pipeline});
  if (cached != copies.end())
    return cached->second;
  // Constants go into the reading pipeline's pool.
  state.currentPipeline = static_cast<size_t>(pipeline);
  Operation *producer = value.getDefiningOp();
  if (!producer) {
    HTensor tensor =
        lowerArgument(cast<BlockArgument>(value).getArgNumber(), result);
    return copies[{value, pipeline}] = tensor;
  }
  if (auto constant = dyn_cast<arith::ConstantOp>(producer)) {
    FailureOr<HTensor> tensor = lowerConstant(constant);
    if (failed(tensor))
      return failure();
    return copies[{value, pipeline}] = *tensor;
  }
  auto it = values.find(value);
  if (it == values.end())
    return failure(); // reported by the caller
  const int64_t producedIn = pipelineOf(producer);
  if (producedIn == pipeline)
    return it->second;
  const HTensor &source = it->second;
  // Handed on: the producing pipeline copies it into a buffer (once, for
  // every later reader), this one reads it from there.
  auto [slot, isNew] = intermediateOf.try_emplace(
      value, static_cast<unsigned>(result.intermediateShapes.size()));
  const unsigned index = slot->second;
  if (isNew) {
    const std::string name = "handoff_" + std::to_string(index);
    result.intermediateShapes.emplace_back(source.shape.begin(),
                                           source.shape.end());
    intermediateParams.push_back(makeDenseParam(source.shape, name));
    Halide::Func copy =
        copyOf(state, state.uniqueName(name), source.func, source.rank());
    state.materialize(copy, SmallVector<int64_t>(source.shape.rbegin(),
                                                 source.shape.rend()));
    state.materialized.back().role = FuncRole::FunctionResult;
    constrainToDenseShape(copy, source);
    PipelineStage &from = result.stages[producedIn];
    from.outputs.push_back(copy);
    from.outputBuffers.push_back({PipelineBuffer::Kind::Intermediate, index});
  }
  PipelineStage &to = result.stages[pipeline];
  to.params.push_back(intermediateParams[index]);
  to.paramBuffers.push_back({PipelineBuffer::Kind::Intermediate, index});
  HTensor tensor;
  tensor.shape = source.shape;
  tensor.func = copyOf(state, state.uniqueName("handed"),
                       intermediateParams[index], source.rank());
  if (getSchedule(producer).getHandoff() == Handoff::padded) {
    // Read like a padded argument; parallel as the producer's loop nest.
    // Named apart from the producer's Funcs (which the profile table
    // tells apart by name and order).
    state.currentPlan = getSchedule(producer);
    tensor.func = state.padded(nullptr, tensor, Halide::Expr(0.0f),
                               PadPlacement::root);
    state.currentPlan = {};
  }
  return copies[{value, pipeline}] = tensor;
}

LogicalResult Lowerer::lowerOp(Operation *op) {
  if (isa<arith::ConstantOp>(op))
    return success(); // lowered per pipeline, where read (operandIn)
  if (!isa<RiffleDialect>(op->getDialect()))
    return op->emitOpError("cannot be lowered to Halide (only riffle ops, "
                           "arith.constant tensors and func.return are "
                           "supported)");
  if (op->getNumRegions() != 0)
    return op->emitOpError("has regions; cannot be lowered to Halide");
  for (auto [index, result] : llvm::enumerate(op->getResults()))
    if (!getF32TensorType(result.getType()))
      return op->emitOpError("result #")
             << index << " has type " << result.getType()
             << "; Halide lowering supports statically shaped f32 tensors";
  ScheduleAttr plan = getSchedule(op);
  if (!plan)
    return op->emitOpError("has no code-generation plan (riffle.schedule; "
                           "run riffle-plan-codegen)");
  const int64_t pipeline = pipelineOf(op);
  SmallVector<HTensor> operands;
  for (Value operand : op->getOperands()) {
    FailureOr<HTensor> tensor = operandIn(operand, pipeline, *lowered);
    if (failed(tensor))
      return op->emitOpError("uses a value the Halide lowering has not "
                             "defined");
    operands.push_back(*tensor);
  }
  // The op's own constants (re-laid-out weights, tables) go into its pool.
  state.currentPipeline = static_cast<size_t>(pipeline);
  state.currentOp = op;
  state.currentPlan = plan;
  const size_t firstFunc = state.materialized.size();

  FailureOr<OpResults> results = failure();
  bool matched = true;
  if (auto conv = dyn_cast<Conv2dOp>(op))
    results = lowerConv2d(conv, operands, state);
  else if (auto gemm = dyn_cast<GemmOp>(op))
    results = lowerGemm(gemm, operands, state);
  else if (auto bn = dyn_cast<BatchNormOp>(op))
    results = lowerBatchNorm(bn, operands, state);
  else {
    results = lowerElementwise(op, operands, state, matched);
    if (!matched) {
      matched = true;
      results = lowerDataMovement(op, operands, state, matched);
    }
    if (!matched) {
      matched = true;
      results = lowerPool(op, operands, state, matched);
    }
    if (!matched)
      return op->emitOpError("is not supported by the Halide lowering");
  }
  state.currentOp = nullptr;
  state.currentPlan = {};
  if (failed(results))
    return failure();
  // The op's last Func is its loop nest; Funcs before it (other than padded
  // inputs) are stages of it.
  if (state.materialized.size() > firstFunc) {
    for (size_t i = firstFunc; i + 1 < state.materialized.size(); ++i)
      if (state.materialized[i].role == FuncRole::Main)
        state.materialized[i].role = FuncRole::Stage;
    state.mainFuncOf[op] = &state.materialized.back();
  }
  if (results->size() != op->getNumResults())
    return op->emitOpError("internal error: Halide lowering produced ")
           << results->size() << " results for " << op->getNumResults();
  for (auto [result, tensor] : llvm::zip(op->getResults(), *results)) {
    ArrayRef<int64_t> shape = cast<RankedTensorType>(result.getType()).getShape();
    if (ArrayRef<int64_t>(tensor.shape) != shape)
      return op->emitOpError("internal error: Halide lowering produced a "
                             "result of the wrong shape");
    values[result] = tensor;
  }
  return success();
}

LogicalResult Lowerer::lowerReturn(func::ReturnOp ret,
                                   LoweredPipeline &result) {
  // The last pipeline writes every result.
  const int64_t last = static_cast<int64_t>(result.stages.size()) - 1;
  for (auto [index, operand] : llvm::enumerate(ret.getOperands())) {
    FailureOr<HTensor> tensor = operandIn(operand, last, result);
    if (failed(tensor))
      return ret.emitOpError("returns a value the Halide lowering has "
                             "not defined");
    // A fresh Func per result: results may be views, arguments or
    // constants, or the same value twice.
    Halide::Func output = copyOf(state, "output_" + std::to_string(index),
                                 tensor->func, tensor->rank());
    state.materialize(output, SmallVector<int64_t>(tensor->shape.rbegin(),
                                                   tensor->shape.rend()));
    MaterializedFunc &copy = state.materialized.back();
    copy.role = FuncRole::FunctionResult;
    // GPU: the returned op's loop nest computed by this result's kernel
    // (no copy kernel).
    if (Operation *source = operand.getDefiningOp()) {
      ScheduleAttr plan = getSchedule(source);
      if (plan && plan.getPlacement() == Placement::result)
        copy.computes = state.mainFuncOf.lookup(source);
    }
    constrainToDenseShape(output, *tensor);
    result.outputs.push_back(output);
    result.outputShapes.emplace_back(tensor->shape.begin(),
                                     tensor->shape.end());
    result.stages.back().outputs.push_back(output);
    result.stages.back().outputBuffers.push_back(
        {PipelineBuffer::Kind::Result, static_cast<unsigned>(index)});
  }
  return success();
}

LogicalResult Lowerer::lowerBody(LoweredPipeline &result) {
  Block &block = func.getBody().front();
  lowered = &result;
  state.target = getPlanTarget(func);
  if (!state.target)
    return func.emitOpError("has no code-generation plan (riffle.target; run "
                            "riffle-plan-codegen)");
  if (state.target.getGpu() != options.target.has_gpu_feature())
    return func.emitOpError("has a plan for ")
           << (state.target.getGpu() ? "a GPU" : "a CPU") << " target ("
           << state.target.getName() << ") but is compiled for "
           << options.target.to_string()
           << "; plan it again (riffle-plan-codegen{replace=1})";
  // Arguments: every pipeline takes all of them.
  for (auto [index, argument] : llvm::enumerate(block.getArguments())) {
    RankedTensorType type = getF32TensorType(argument.getType());
    if (!type)
      return func.emitOpError("argument #")
             << index << " has type " << argument.getType()
             << "; Halide lowering supports statically shaped f32 tensors";
    result.inputs.push_back(
        makeDenseParam(type.getShape(), "input_" + std::to_string(index)));
  }
  int64_t numPipelines = 1;
  for (Operation &op : block)
    numPipelines = std::max(numPipelines, pipelineOf(&op) + 1);
  result.stages.resize(numPipelines);
  state.pools.resize(numPipelines); // sized by the first walk, kept after
  for (PipelineStage &stage : result.stages)
    for (auto [index, param] : llvm::enumerate(result.inputs)) {
      stage.params.push_back(param);
      stage.paramBuffers.push_back(
          {PipelineBuffer::Kind::Argument, static_cast<unsigned>(index)});
    }
  // Ops.
  for (Operation &op : block) {
    current = &op;
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      if (failed(lowerReturn(ret, result)))
        return failure();
      continue;
    }
    if (failed(lowerOp(&op)))
      return failure();
  }
  if (result.outputs.empty())
    return func.emitOpError("has no results to compute");
  current = nullptr;
  if (options.schedule) {
    if (state.target.getGpu())
      applyGpuSchedule(state);
    else
      applyCpuSchedule(state);
  }
  result.numMaterializedFuncs = options.schedule ? state.materialized.size()
                                                 : result.outputs.size();
  result.sampleLoop = getSampleLoop(func);
  // A pipeline whose values no later one reads computes nothing anyone
  // sees: left out.
  llvm::erase_if(result.stages, [](const PipelineStage &stage) {
    return stage.outputs.empty();
  });
  for (PipelineStage &stage : result.stages)
    stage.pipeline = Halide::Pipeline(stage.outputs);
  return success();
}

FailureOr<LoweredPipeline> Lowerer::run() {
  if (func.isExternal())
    return func.emitOpError("@")
           << func.getSymName() << " has no body to lower";
  if (!func.getBody().hasOneBlock())
    return func.emitOpError("@")
           << func.getSymName()
           << " has more than one block; Halide lowering handles "
              "straight-line functions only";
  LoweredPipeline result;
  LogicalResult bodyResult = failure();
  LogicalResult halideResult = runHalide(
      [&] {
        // Walk once to size the constant pools, then again to fill them.
        LoweredPipeline sizing;
        bodyResult = lowerBody(sizing);
        if (failed(bodyResult))
          return;
        std::vector<ConstantPool> pools = std::move(state.pools);
        for (ConstantPool &pool : pools)
          pool.startFilling();
        state = LoweringState();
        state.pools = std::move(pools);
        values.clear();
        copies.clear();
        intermediateOf.clear();
        intermediateParams.clear();
        bodyResult = lowerBody(result);
      },
      [&] {
        return current ? current->emitOpError("could not be lowered: ")
                       : func.emitOpError("could not be lowered: ");
      });
  if (failed(halideResult) || failed(bodyResult))
    return failure();
  return result;
}

FailureOr<LoweredPipeline>
mlir::riffle::lowerToHalide(func::FuncOp func,
                            const LoweringOptions &options) {
  return Lowerer(func, options).run();
}
