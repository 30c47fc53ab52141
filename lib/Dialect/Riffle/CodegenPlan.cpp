//===- CodegenPlan.cpp - Verifying the code-generation plan ---------------===//
//
// The plan (#riffle.target on a function, #riffle.schedule on its ops and
// arguments) may be written by hand, so everything the Halide emitter
// relies on is checked here, with a diagnostic at the op, before any code
// is generated: the kind fits the op, tiles fit the tensor, the padding is
// where the op reads outside its input, fused producers feed their
// consumer, layouts match the kernel.
//
//===----------------------------------------------------------------------===//

#include "riffle/Dialect/Riffle/CodegenPlan.h"
#include "riffle/Dialect/Riffle/RiffleDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/DialectImplementation.h"

using namespace mlir;
using namespace mlir::riffle;

TargetAttr mlir::riffle::getPlanTarget(Operation *op) {
  auto func = dyn_cast<func::FuncOp>(op);
  if (!func)
    func = op->getParentOfType<func::FuncOp>();
  return func ? func->getAttrOfType<TargetAttr>(kTargetAttrName)
              : TargetAttr();
}

int64_t mlir::riffle::getSampleLoop(func::FuncOp func) {
  auto samples = func->getAttrOfType<IntegerAttr>(kSampleLoopAttrName);
  return samples ? samples.getInt() : 1;
}

SmallVector<int64_t, 4> mlir::riffle::getCallShape(func::FuncOp func,
                                                   ArrayRef<int64_t> shape) {
  SmallVector<int64_t, 4> call(shape);
  if (!call.empty())
    call.front() *= getSampleLoop(func);
  return call;
}

OpFamily mlir::riffle::getOpFamily(Operation *op) {
  if (auto conv = dyn_cast<Conv2dOp>(op))
    return isDepthwise(conv) ? OpFamily::ChannelwiseWindow : OpFamily::Conv;
  if (isa<MaxPool2dOp, AvgPool2dOp>(op))
    return OpFamily::ChannelwiseWindow;
  if (isa<GemmOp>(op))
    return OpFamily::Gemm;
  if (isa<ChannelGatherOp, ChannelShuffleOp, SliceOp, SplitOp, FlattenOp,
          ReshapeOp>(op))
    return OpFamily::View;
  if (isa<ActivationOpInterface, AddOp, MulOp>(op))
    return OpFamily::Elementwise;
  if (isa<ConcatOp, BatchNormOp, SoftmaxOp, GlobalAvgPoolOp>(op))
    return OpFamily::Generic;
  return OpFamily::Unknown;
}

static ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

bool mlir::riffle::isDepthwise(Conv2dOp op) {
  ArrayRef<int64_t> weight = shapeOf(op.getWeight());
  int64_t outChannels = shapeOf(op.getOutput())[1];
  return weight[1] == 1 && outChannels / op.getGroups() == 1;
}

std::array<int64_t, 2> mlir::riffle::getWindowKernel(Operation *op) {
  if (auto conv = dyn_cast<Conv2dOp>(op)) {
    ArrayRef<int64_t> weight = shapeOf(conv.getWeight());
    return {weight[2], weight[3]};
  }
  ArrayRef<int64_t> kernel;
  if (auto pool = dyn_cast<MaxPool2dOp>(op))
    kernel = pool.getKernel();
  else if (auto pool = dyn_cast<AvgPool2dOp>(op))
    kernel = pool.getKernel();
  if (kernel.size() != 2)
    return {1, 1};
  return {kernel[0], kernel[1]};
}

std::optional<WindowGeometry> mlir::riffle::getWindowGeometry(Operation *op) {
  ArrayRef<int64_t> strides, pads, dilations;
  if (auto conv = dyn_cast<Conv2dOp>(op)) {
    strides = conv.getStrides();
    pads = conv.getPads();
    dilations = conv.getDilations();
  } else if (auto pool = dyn_cast<MaxPool2dOp>(op)) {
    strides = pool.getStrides();
    pads = pool.getPads();
    dilations = pool.getDilations();
  } else if (auto pool = dyn_cast<AvgPool2dOp>(op)) {
    strides = pool.getStrides();
    pads = pool.getPads();
  } else {
    return std::nullopt;
  }
  auto pair = [](ArrayRef<int64_t> values) -> std::array<int64_t, 2> {
    if (values.size() < 2)
      return {1, 1};
    return {values[0], values[1]};
  };
  WindowGeometry window;
  window.kernel = getWindowKernel(op);
  window.strides = pair(strides);
  window.pads = pads.size() < 2 ? std::array<int64_t, 2>{0, 0} : pair(pads);
  window.dilations = pair(dilations);
  return window;
}

bool mlir::riffle::readsOutsideInput(Operation *op) {
  std::optional<WindowGeometry> window = getWindowGeometry(op);
  if (!window)
    return false;
  ArrayRef<int64_t> in = shapeOf(op->getOperand(0));
  ArrayRef<int64_t> out = shapeOf(op->getResult(0));
  auto readsPast = [&](int dim, int axis) {
    return (out[dim] - 1) * window->strides[axis] +
               (window->kernel[axis] - 1) * window->dilations[axis] -
               window->pads[axis] >=
           in[dim];
  };
  return window->pads[0] > 0 || window->pads[1] > 0 || readsPast(2, 0) ||
         readsPast(3, 1);
}

int64_t mlir::riffle::getTiledOutputChannels(Conv2dOp op) {
  int64_t outChannels = shapeOf(op.getOutput())[1];
  if (op.getGroups() > 1 && !isDepthwise(op))
    return outChannels / op.getGroups();
  return outChannels;
}

bool mlir::riffle::hasConstantWeights(GemmOp op) {
  return isa_and_nonnull<arith::ConstantOp>(op.getWeight().getDefiningOp());
}

bool mlir::riffle::hasRelaidDenseWeights(Conv2dOp op) {
  return !isDepthwise(op) && op.getGroups() == 1 &&
         isa_and_nonnull<arith::ConstantOp>(op.getWeight().getDefiningOp());
}

bool mlir::riffle::isFlattenableConv(Conv2dOp op) {
  auto isOne = [](int64_t v) { return v == 1; };
  return hasRelaidDenseWeights(op) && llvm::all_of(op.getStrides(), isOne) &&
         llvm::all_of(op.getDilations(), isOne);
}

int64_t mlir::riffle::flatConvPitch(Conv2dOp op) {
  return shapeOf(op.getOutput())[3] + shapeOf(op.getWeight())[3] - 1;
}

int64_t mlir::riffle::flatConvPositions(Conv2dOp op) {
  return (shapeOf(op.getOutput())[2] - 1) * flatConvPitch(op) +
         shapeOf(op.getOutput())[3];
}

/// Whether a view's result keeps its operands' planes (it selects or
/// reorders channels only).
static bool keepsPlane(Operation *view) {
  for (Value result : view->getResults()) {
    ArrayRef<int64_t> shape = shapeOf(result);
    for (Value operand : view->getOperands()) {
      ArrayRef<int64_t> in = shapeOf(operand);
      if (shape.size() != 4 || in.size() != 4 || shape[0] != in[0] ||
          shape[2] != in[2] || shape[3] != in[3])
        return false;
    }
  }
  return true;
}

bool mlir::riffle::readsStayInPlane(Value value) {
  return llvm::all_of(value.getUsers(), [](Operation *user) {
    if (isa<func::ReturnOp>(user))
      return true; // copied out by a root nest
    ScheduleAttr plan = getSchedule(user);
    if (!plan)
      return false;
    if (getOpFamily(user) == OpFamily::View && !keepsPlane(user))
      return false;
    if (plan.getKind() == ScheduleKind::inlined)
      return llvm::all_of(user->getResults(), readsStayInPlane);
    // A padded copy reads the plane's interior, whatever its reader
    // computes.
    return readsOutsideInput(user) || plan.getTail() != SplitTail::round_up;
  });
}

int64_t mlir::riffle::getReductionTerms(Conv2dOp op) {
  ArrayRef<int64_t> weight = shapeOf(op.getWeight());
  return weight[1] * weight[2] * weight[3];
}

bool mlir::riffle::hasOwnResultFunc(Operation *op) {
  switch (getOpFamily(op)) {
  case OpFamily::View:
  case OpFamily::Unknown:
    return false;
  case OpFamily::Conv:
    return cast<Conv2dOp>(op).getGroups() == 1;
  default:
    return true;
  }
}

//===----------------------------------------------------------------------===//
// Attribute syntax and verifiers
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<int64_t>> mlir::riffle::parseTileSizes(AsmParser &parser) {
  SmallVector<int64_t> sizes;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        return parser.parseInteger(sizes.emplace_back());
      }))
    return failure();
  return sizes;
}

void mlir::riffle::printTileSizes(AsmPrinter &printer,
                                  ArrayRef<int64_t> sizes) {
  printer << '[';
  llvm::interleaveComma(sizes, printer);
  printer << ']';
}

//===----------------------------------------------------------------------===//
// Verifiers
//===----------------------------------------------------------------------===//

LogicalResult
TargetAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                   StringRef name, int64_t vectorLanes, bool gpu,
                   ArrayRef<int64_t> gpuBlock) {
  if (name.empty())
    return emitError() << "#riffle.target needs a target name";
  if (vectorLanes < 1 || (vectorLanes & (vectorLanes - 1)))
    return emitError() << "#riffle.target vector_lanes must be a power of "
                          "two, not "
                       << vectorLanes;
  if (!gpu && !gpuBlock.empty())
    return emitError() << "#riffle.target gpu_block on a CPU target";
  if (gpu && (gpuBlock.size() != 3 ||
              llvm::any_of(gpuBlock, [](int64_t n) { return n < 1; }) ||
              gpuBlock[0] * gpuBlock[1] > gpuBlock[2]))
    return emitError() << "#riffle.target of a GPU needs gpu_block = [x, y, "
                          "threads]: at least 1 each, x * y <= threads";
  return success();
}

LogicalResult
ScheduleAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                     ScheduleKind kind, int64_t vector, ArrayRef<int64_t> tile,
                     SplitTail, PadPlacement, Placement, WeightLayout,
                     ParallelLoop, TapUnroll, int64_t pipeline, Handoff) {
  if (vector < 0)
    return emitError() << "#riffle.schedule vector must not be negative";
  if (pipeline < 0)
    return emitError() << "#riffle.schedule pipeline must not be negative";
  for (int64_t size : tile)
    if (size < 0)
      return emitError() << "#riffle.schedule tile sizes must not be "
                            "negative";
  return success();
}

//===----------------------------------------------------------------------===//
// The plan against its op
//===----------------------------------------------------------------------===//

static StringRef kindName(ScheduleKind kind) {
  return stringifyScheduleKind(kind);
}

/// The tile must have exactly `sizes` entries, each at least 1.
static LogicalResult checkTileRank(Operation *op, ScheduleAttr plan,
                                   unsigned sizes, StringRef meaning) {
  ArrayRef<int64_t> tile = plan.getTile();
  if (tile.size() != sizes)
    return op->emitOpError("plan kind '")
           << kindName(plan.getKind()) << "' needs tile = [" << meaning
           << "], got " << tile.size() << " size(s)";
  for (int64_t size : tile)
    if (size < 1)
      return op->emitOpError("plan tile sizes must be at least 1 for kind '")
             << kindName(plan.getKind()) << "'";
  return success();
}

/// The x split of conv and channelwise_window plans: vectorized whole or
/// not at all, and an overlapping last tile needs a plane at least a tile
/// wide.
static LogicalResult checkXSplit(Operation *op, ScheduleAttr plan,
                                 int64_t width) {
  int64_t x = plan.getTile()[0];
  if (plan.getVector() != 0 && (plan.getVector() < 0 || x % plan.getVector()))
    return op->emitOpError("plan vector = ")
           << plan.getVector() << " must be 0 or divide the x tile (" << x
           << ")";
  if (plan.getTail() == SplitTail::shift_inwards && x > width)
    return op->emitOpError("plan x tile of ")
           << x << " columns does not fit the " << width
           << "-column output with tail = shift_inwards (use round_up)";
  return success();
}

/// Kinds vectorizing tile[0] whole (`what` it tiles): whole vectors only.
static LogicalResult checkVectorizedTile(Operation *op, ScheduleAttr plan,
                                         StringRef what) {
  if (plan.getVector() > 0 && plan.getTile()[0] % plan.getVector() == 0)
    return success();
  return op->emitOpError("plan kind '")
         << kindName(plan.getKind()) << "' vectorizes its " << what
         << ": tile[0] must be a multiple of the vector";
}

/// Whether `plan` can lay out `op`'s weights per tile (`packed`): the
/// weights are a constant the code generator lays out anew, and the plan
/// has a tile of outputs to pack for.
static bool canPackWeights(Operation *op, ScheduleAttr plan) {
  switch (plan.getKind()) {
  case ScheduleKind::gemm:
    return plan.getTileSize(0) >= 1 && hasConstantWeights(cast<GemmOp>(op));
  case ScheduleKind::conv:
  case ScheduleKind::channel_vector_conv:
  case ScheduleKind::flat_conv:
    return hasRelaidDenseWeights(cast<Conv2dOp>(op));
  default:
    return false;
  }
}

static LogicalResult checkChannelTile(Operation *op, int64_t block,
                                      int64_t channels, StringRef what) {
  if (block > channels)
    return op->emitOpError("plan tile of ")
           << block << " output channels does not fit the " << channels
           << " " << what;
  return success();
}

/// The pads a kind allows on the target, given whether the op reads
/// outside its input.
static LogicalResult checkPad(Operation *op, ScheduleAttr plan, bool gpu) {
  PadPlacement pad = plan.getPad();
  bool needed = readsOutsideInput(op);
  if (!needed) {
    if (pad != PadPlacement::none)
      return op->emitOpError("plan pad = ")
             << stringifyPadPlacement(pad)
             << " but the op reads only inside its input (use pad = none)";
    return success();
  }
  if (pad == PadPlacement::none)
    return op->emitOpError("reads outside its input but its plan has "
                           "pad = none");
  SmallVector<PadPlacement, 2> allowed;
  if (gpu)
    allowed = plan.getKind() == ScheduleKind::channelwise_window
                  ? SmallVector<PadPlacement, 2>{PadPlacement::staged,
                                                 PadPlacement::select}
                  : SmallVector<PadPlacement, 2>{PadPlacement::select};
  else
    allowed = {plan.getKind() == ScheduleKind::channelwise_window
                   ? PadPlacement::per_channel
                   : PadPlacement::root};
  if (llvm::is_contained(allowed, pad))
    return success();
  InFlightDiagnostic diag = op->emitOpError("plan pad = ")
                            << stringifyPadPlacement(pad) << " is not one of ";
  llvm::interleaveComma(allowed, diag, [&](PadPlacement p) {
    diag << stringifyPadPlacement(p);
  });
  diag << " for kind '" << kindName(plan.getKind()) << "' on a "
       << (gpu ? "GPU" : "CPU") << " target";
  return diag;
}

/// placement = consumer: a dense conv whose only use is the input of a
/// channelwise_window conv2d without channel maps, in the same channel
/// blocks (CPU).
static LogicalResult checkFusedIntoConsumer(Operation *op, ScheduleAttr plan,
                                            bool gpu) {
  auto conv = dyn_cast<Conv2dOp>(op);
  if (!conv ||
      (plan.getKind() != ScheduleKind::conv &&
       plan.getKind() != ScheduleKind::flat_conv) ||
      conv.getGroups() != 1)
    return op->emitOpError("plan placement = consumer needs an ungrouped "
                           "conv2d planned as kind 'conv' or 'flat_conv'");
  if (!op->hasOneUse())
    return op->emitOpError("plan placement = consumer needs exactly one "
                           "use, found ")
           << std::distance(op->use_begin(), op->use_end());
  OpOperand &use = *op->use_begin();
  auto consumer = dyn_cast<Conv2dOp>(use.getOwner());
  ScheduleAttr consumerPlan = consumer ? getSchedule(consumer) : ScheduleAttr();
  if (!consumer || use.getOperandNumber() != 0 || !consumerPlan ||
      consumerPlan.getKind() != ScheduleKind::channelwise_window ||
      consumer.getInputChannelMap() || consumer.getOutputChannelMap())
    return op->emitOpError("plan placement = consumer: its user ")
           << use.getOwner()->getName()
           << " is not a conv2d planned as 'channelwise_window' reading it "
              "as its input without channel maps";
  if (!gpu && consumerPlan.getTileSize(1) != plan.getTileSize(1))
    return op->emitOpError("plan channel tile (")
           << plan.getTileSize(1)
           << ") must equal the channel tile of the depthwise conv it is "
              "computed in ("
           << consumerPlan.getTileSize(1) << ")";
  return success();
}

/// A window's channel tile larger than one channel only goes with a fused
/// producer (its channel blocks).
static bool hasFusedProducer(Operation *op) {
  auto conv = dyn_cast<Conv2dOp>(op);
  if (!conv)
    return false;
  Operation *producer = conv.getInput().getDefiningOp();
  ScheduleAttr plan = producer ? getSchedule(producer) : ScheduleAttr();
  return plan && plan.getPlacement() == Placement::consumer;
}

/// `pipeline` and `handoff`: CPU only; operands from the op's own pipeline
/// or earlier ones (the pipelines run in order); results handed off padded
/// are 4-D.
static LogicalResult checkPipeline(Operation *op, ScheduleAttr plan,
                                   bool gpu) {
  const int64_t pipeline = plan.getPipeline();
  if (gpu && (pipeline != 0 || plan.getHandoff() != Handoff::direct))
    return op->emitOpError("plan pipeline and handoff apply to CPU targets "
                           "only (a GPU target's pipeline is one)");
  for (auto [index, operand] : llvm::enumerate(op->getOperands())) {
    Operation *producer = operand.getDefiningOp();
    ScheduleAttr producerPlan =
        producer ? getSchedule(producer) : ScheduleAttr();
    if (producerPlan && producerPlan.getPipeline() > pipeline)
      return op->emitOpError("plan pipeline ")
             << pipeline << " reads operand #" << index << " from pipeline "
             << producerPlan.getPipeline()
             << ", which runs after it (operands come from the op's own "
                "pipeline or earlier ones)";
  }
  if (plan.getPlacement() == Placement::consumer && op->hasOneUse()) {
    ScheduleAttr consumerPlan = getSchedule(*op->user_begin());
    if (consumerPlan && consumerPlan.getPipeline() != pipeline)
      return op->emitOpError("plan placement = consumer in pipeline ")
             << pipeline << ", its consumer in pipeline "
             << consumerPlan.getPipeline()
             << " (an op computed inside another is in its pipeline)";
  }
  if (plan.getHandoff() == Handoff::padded)
    for (Type type : op->getResultTypes()) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (!tensor || tensor.getRank() != 4)
        return op->emitOpError("plan handoff = padded needs 4-D results "
                               "(padded copies are NCHW), found ")
               << type;
    }
  return success();
}

/// The loops a kind's CPU loop nest can split between threads (see
/// `parallel` in RiffleAttrs.td).
static LogicalResult checkParallel(Operation *op, ScheduleAttr plan,
                                   bool gpu) {
  const ParallelLoop parallel = plan.getParallel();
  if (parallel == ParallelLoop::none)
    return success();
  if (gpu)
    return op->emitOpError("plan parallel = ")
           << stringifyParallelLoop(parallel)
           << " on a GPU target (the kernel's grid is the parallel loop; use "
              "none)";
  if (plan.getPlacement() != Placement::own)
    return op->emitOpError("plan parallel = ")
           << stringifyParallelLoop(parallel)
           << " with placement = " << stringifyPlacement(plan.getPlacement())
           << " (computed inside another loop nest, serially; use none)";
  SmallVector<ParallelLoop, 2> allowed;
  switch (plan.getKind()) {
  case ScheduleKind::inlined:
    break;
  case ScheduleKind::root: {
    auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (type && type.getRank() >= 4)
      allowed = {ParallelLoop::channels};
    else if (type && type.getRank() >= 2)
      allowed = {ParallelLoop::outer};
    break;
  }
  case ScheduleKind::conv:
  case ScheduleKind::channel_vector_conv:
  case ScheduleKind::flat_conv:
    allowed = {ParallelLoop::rows, ParallelLoop::channels};
    break;
  case ScheduleKind::gemm:
    if (plan.getTileSize(0) != 0)
      allowed = {ParallelLoop::channels};
    break;
  case ScheduleKind::channelwise_window:
  case ScheduleKind::plane_reduction:
    allowed = {ParallelLoop::channels};
    break;
  }
  if (llvm::is_contained(allowed, parallel))
    return success();
  InFlightDiagnostic diag =
      op->emitOpError("plan parallel = ")
      << stringifyParallelLoop(parallel) << " does not fit kind '"
      << stringifyScheduleKind(plan.getKind()) << "'; expected none";
  for (ParallelLoop loop : allowed)
    diag << " or " << stringifyParallelLoop(loop);
  return diag;
}

LogicalResult mlir::riffle::verifySchedule(Operation *op, ScheduleAttr plan,
                                           TargetAttr target) {
  const bool gpu = target.getGpu();
  const OpFamily family = getOpFamily(op);
  const ScheduleKind kind = plan.getKind();
  if (family == OpFamily::Unknown)
    return op->emitOpError("has a plan but code generation does not know "
                           "the op");
  // The kinds each family can be computed as.
  SmallVector<ScheduleKind, 2> kinds;
  switch (family) {
  case OpFamily::View:
    kinds = {ScheduleKind::inlined};
    // A materialized shuffle: riffle-plan-codegen{materialize-shuffles=1}.
    if (isa<ChannelShuffleOp>(op))
      kinds.push_back(ScheduleKind::root);
    break;
  case OpFamily::Elementwise:
    kinds = {ScheduleKind::root, ScheduleKind::inlined};
    break;
  case OpFamily::Generic:
    kinds = {ScheduleKind::root};
    if (!gpu && isa<GlobalAvgPoolOp>(op))
      kinds.push_back(ScheduleKind::plane_reduction);
    break;
  case OpFamily::Conv:
    kinds = {ScheduleKind::conv};
    if (!gpu) {
      kinds.push_back(ScheduleKind::channel_vector_conv);
      kinds.push_back(ScheduleKind::flat_conv);
    }
    break;
  case OpFamily::ChannelwiseWindow:
    kinds = {ScheduleKind::channelwise_window};
    break;
  case OpFamily::Gemm:
    kinds = {ScheduleKind::gemm};
    break;
  case OpFamily::Unknown:
    break;
  }
  if (!llvm::is_contained(kinds, kind)) {
    InFlightDiagnostic diag = op->emitOpError("plan kind '")
                              << kindName(kind) << "' does not fit the op "
                              << "on a " << (gpu ? "GPU" : "CPU")
                              << " target; expected ";
    llvm::interleave(
        kinds, diag, [&](ScheduleKind k) { diag << "'" << kindName(k) << "'"; },
        " or ");
    return diag;
  }
  if (plan.getWeights() == WeightLayout::io &&
      kind != ScheduleKind::channel_vector_conv)
    return op->emitOpError("plan weights = io applies to kind "
                           "'channel_vector_conv' only");
  if (plan.getWeights() == WeightLayout::packed &&
      (gpu || !canPackWeights(op, plan)))
    return op->emitOpError("plan weights = packed applies on CPUs to kind "
                           "'gemm' with a tile of outputs and constant "
                           "weights, and to kinds 'conv', "
                           "'channel_vector_conv' and 'flat_conv' of a "
                           "convolution whose "
                           "weights are re-laid out (dense, constant "
                           "weights) only");
  if (failed(checkParallel(op, plan, gpu)))
    return failure();
  if (plan.getUnroll() != TapUnroll::all &&
      kind != ScheduleKind::channelwise_window &&
      kind != ScheduleKind::channel_vector_conv)
    return op->emitOpError("plan unroll = ")
           << stringifyTapUnroll(plan.getUnroll())
           << " applies to kinds 'channelwise_window' and "
              "'channel_vector_conv' only (the loops over a window's taps)";
  if (failed(checkPipeline(op, plan, gpu)))
    return failure();
  if (gpu && plan.getVector() != 0)
    return op->emitOpError("plan vector = ")
           << plan.getVector() << " on a GPU target (threads load scalars; "
                                  "use 0)";

  switch (kind) {
  case ScheduleKind::inlined:
  case ScheduleKind::root:
    if (!plan.getTile().empty())
      return op->emitOpError("plan kind '")
             << kindName(kind) << "' takes no tile";
    break;
  case ScheduleKind::plane_reduction:
    if (!plan.getTile().empty())
      return op->emitOpError("plan kind 'plane_reduction' takes no tile");
    if (plan.getVector() < 1)
      return op->emitOpError("plan kind 'plane_reduction' needs vector >= 1 "
                             "(channels per vector)");
    break;
  case ScheduleKind::conv: {
    auto conv = cast<Conv2dOp>(op);
    const int64_t channels = getTiledOutputChannels(conv);
    const StringRef what =
        conv.getGroups() > 1 ? "output channels per group" : "output channels";
    if (gpu) {
      if (failed(checkTileRank(op, plan, 1, "output channels per thread")))
        return failure();
      if (channels % plan.getTile()[0])
        return op->emitOpError("plan tile of ")
               << plan.getTile()[0] << " output channels per thread does not "
               << "divide the " << channels << " " << what;
      break;
    }
    if (failed(checkTileRank(op, plan, 2, "x, output channels")) ||
        failed(checkXSplit(op, plan, shapeOf(conv.getOutput())[3])) ||
        failed(checkChannelTile(op, plan.getTile()[1], channels, what)))
      return failure();
    break;
  }
  case ScheduleKind::channelwise_window: {
    const int64_t channels = shapeOf(op->getResult(0))[1];
    if (gpu) {
      if (!plan.getTile().empty())
        return op->emitOpError("plan kind 'channelwise_window' takes no tile "
                               "on a GPU target");
      if (plan.getPad() == PadPlacement::staged && hasFusedProducer(op))
        return op->emitOpError("plan pad = staged with a fused producer: "
                               "the producer's tile is staged instead "
                               "(use pad = select)");
      break;
    }
    ArrayRef<int64_t> out = shapeOf(op->getResult(0));
    if (failed(checkTileRank(op, plan, plan.getTile().size() == 3 ? 3 : 2,
                             "x, channels(, rows)")) ||
        failed(checkXSplit(op, plan, out[3])) ||
        failed(checkChannelTile(op, plan.getTile()[1], channels,
                                "output channels")))
      return failure();
    // A last row tile overlaps the one before (rows shift inwards).
    if (plan.getTileSize(2, 1) > out[2])
      return op->emitOpError("plan tile of ")
             << plan.getTileSize(2, 1) << " rows is taller than the "
             << out[2] << " output rows";
    if (plan.getTile()[1] != 1 && !hasFusedProducer(op))
      return op->emitOpError("plan channel tile of ")
             << plan.getTile()[1]
             << " needs a producer fused into it (placement = consumer); "
                "alone it computes one channel at a time (use 1)";
    break;
  }
  case ScheduleKind::channel_vector_conv: {
    auto conv = cast<Conv2dOp>(op);
    ArrayRef<int64_t> weight = shapeOf(conv.getWeight());
    ArrayRef<int64_t> out = shapeOf(conv.getOutput());
    if (!hasRelaidDenseWeights(conv))
      return op->emitOpError("plan kind 'channel_vector_conv' needs a dense "
                             "convolution with constant weights");
    if (plan.getWeights() == WeightLayout::oihw)
      return op->emitOpError("plan kind 'channel_vector_conv' needs "
                             "weights = io or packed (output channel "
                             "innermost)");
    if (plan.getWeights() == WeightLayout::io &&
        (weight[2] != 1 || weight[3] != 1))
      return op->emitOpError("plan weights = io needs a 1x1 kernel (use "
                             "packed)");
    if (failed(checkTileRank(op, plan, 2, "output channels, rows")) ||
        failed(checkChannelTile(op, plan.getTile()[0], out[1],
                                "output channels")))
      return failure();
    if (failed(checkVectorizedTile(op, plan, "channel tile")))
      return failure();
    if (plan.getTile()[1] > out[2])
      return op->emitOpError("plan tile of ")
             << plan.getTile()[1] << " rows does not fit the " << out[2]
             << "-row output";
    break;
  }
  case ScheduleKind::flat_conv: {
    auto conv = cast<Conv2dOp>(op);
    ArrayRef<int64_t> out = shapeOf(conv.getOutput());
    if (!isFlattenableConv(conv))
      return op->emitOpError("plan kind 'flat_conv' needs a dense "
                             "convolution with stride 1, dilation 1 and "
                             "constant weights");
    // The padded copy is the plane it flattens: one computed exactly, once.
    if (readsOutsideInput(op) && plan.getPad() != PadPlacement::root)
      return op->emitOpError("plan kind 'flat_conv' of a padded convolution "
                             "needs pad = root");
    if (failed(checkTileRank(op, plan, 2, "positions, output channels")) ||
        failed(checkChannelTile(op, plan.getTile()[1], out[1],
                                "output channels")))
      return failure();
    if (failed(checkVectorizedTile(op, plan, "positions")))
      return failure();
    const int64_t positions = flatConvPositions(conv);
    if (plan.getTile()[0] > positions ||
        plan.getTail() != SplitTail::shift_inwards)
      return op->emitOpError("plan tile of ")
             << plan.getTile()[0] << " positions does not fit the "
             << positions
             << "-position plane with tail = shift_inwards (the only tail "
                "of kind 'flat_conv')";
    if (!readsStayInPlane(conv.getOutput()))
      return op->emitOpError("plan kind 'flat_conv': a reader computes past "
                             "the plane's edge (tail = round_up without a "
                             "padded copy, or a view re-indexing the plane), "
                             "which would read the next row or past the "
                             "plane");
    break;
  }
  case ScheduleKind::gemm: {
    if (gpu) {
      if (!plan.getTile().empty())
        return op->emitOpError("plan kind 'gemm' takes no tile on a GPU "
                               "target");
      break;
    }
    const int64_t features = shapeOf(op->getResult(0))[1];
    if (plan.getTile().size() != 1)
      return op->emitOpError("plan kind 'gemm' needs tile = [outputs] (0: "
                             "the whole row unsplit)");
    int64_t tile = plan.getTile()[0];
    if (tile != 0 && (plan.getVector() < 1 || tile % plan.getVector()))
      return op->emitOpError("plan gemm tile of ")
             << tile << " outputs must be a multiple of vector ("
             << plan.getVector() << ")";
    if (tile > features)
      return op->emitOpError("plan gemm tile of ")
             << tile << " outputs does not fit the " << features
             << " outputs";
    break;
  }
  }

  if (family == OpFamily::Conv || family == OpFamily::ChannelwiseWindow) {
    if (failed(checkPad(op, plan, gpu)))
      return failure();
  } else if (plan.getPad() != PadPlacement::none) {
    return op->emitOpError("plan pad applies to convolutions and pools only");
  }

  switch (plan.getPlacement()) {
  case Placement::own:
    break;
  case Placement::consumer:
    if (failed(checkFusedIntoConsumer(op, plan, gpu)))
      return failure();
    break;
  case Placement::result:
    if (!gpu)
      return op->emitOpError("plan placement = result applies to GPU "
                             "targets only");
    if (kind == ScheduleKind::inlined || !hasOwnResultFunc(op))
      return op->emitOpError("plan placement = result needs an op with a "
                             "loop nest of its own");
    if (!op->hasOneUse() || !isa<func::ReturnOp>(*op->user_begin()))
      return op->emitOpError("plan placement = result needs the function "
                             "result to be the op's only use");
    break;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// The dialect's hooks
//===----------------------------------------------------------------------===//

/// `riffle.sample_loop`: a count of 2 or more on a CPU plan's function
/// whose arguments and results are one sample each.
static LogicalResult verifySampleLoop(Operation *op, Attribute value) {
  auto func = dyn_cast<func::FuncOp>(op);
  auto samples = dyn_cast<IntegerAttr>(value);
  if (!func || !samples || !samples.getType().isInteger(64))
    return op->emitOpError("'") << kSampleLoopAttrName
                                << "' must be an i64 on a func.func";
  if (samples.getInt() < 2)
    return op->emitOpError("'")
           << kSampleLoopAttrName << "' is " << samples.getInt()
           << "; expected a batch of at least 2";
  TargetAttr target = getPlanTarget(op);
  if (!target || target.getGpu())
    return op->emitOpError("'") << kSampleLoopAttrName
                                << "' needs a CPU plan ('" << kTargetAttrName
                                << "' with gpu = false)";
  auto checkOneSample = [&](TypeRange types,
                            StringRef what) -> LogicalResult {
    for (auto [index, type] : llvm::enumerate(types)) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (!tensor || tensor.getRank() == 0 || tensor.getDimSize(0) != 1)
        return op->emitOpError("has '")
               << kSampleLoopAttrName << "' but " << what << " #" << index
               << " is " << type << "; expected one sample (leading "
               << "dimension 1)";
    }
    return success();
  };
  return failure(failed(checkOneSample(func.getArgumentTypes(), "argument")) ||
                 failed(checkOneSample(func.getResultTypes(), "result")));
}

LogicalResult RiffleDialect::verifyOperationAttribute(Operation *op,
                                                      NamedAttribute attr) {
  if (attr.getName() == kTargetAttrName) {
    if (!isa<func::FuncOp>(op) || !isa<TargetAttr>(attr.getValue()))
      return op->emitOpError("'")
             << kTargetAttrName
             << "' must be a #riffle.target on a func.func";
    return success();
  }
  if (attr.getName() == kSampleLoopAttrName)
    return verifySampleLoop(op, attr.getValue());
  if (attr.getName() == kScheduleAttrName) {
    auto plan = dyn_cast<ScheduleAttr>(attr.getValue());
    if (!plan)
      return op->emitOpError("'") << kScheduleAttrName
                                  << "' must be a #riffle.schedule";
    TargetAttr target = getPlanTarget(op);
    if (!target)
      return op->emitOpError("has a plan but its function has no '")
             << kTargetAttrName << "' (run riffle-plan-codegen)";
    return verifySchedule(op, plan, target);
  }
  return op->emitOpError("has unknown riffle attribute '")
         << attr.getName() << "'";
}

LogicalResult RiffleDialect::verifyRegionArgAttribute(Operation *op,
                                                      unsigned regionIndex,
                                                      unsigned argIndex,
                                                      NamedAttribute attr) {
  auto func = dyn_cast<func::FuncOp>(op);
  auto plan = dyn_cast<ScheduleAttr>(attr.getValue());
  if (attr.getName() != kScheduleAttrName || !func || !plan)
    return op->emitOpError("argument #")
           << argIndex << ": unknown riffle argument attribute '"
           << attr.getName() << "'";
  // The only argument plan: read through an explicit padded copy, so
  // consumers computing a few columns past their edge read defined values
  // (CPU).
  TargetAttr target = getPlanTarget(op);
  auto type = dyn_cast<RankedTensorType>(
      func.getArgument(argIndex).getType());
  if (!target || target.getGpu() || !type || type.getRank() != 4 ||
      plan.getKind() != ScheduleKind::root ||
      plan.getPad() != PadPlacement::root || !plan.getTile().empty() ||
      plan.getPlacement() != Placement::own ||
      plan.getParallel() == ParallelLoop::rows ||
      plan.getParallel() == ParallelLoop::outer)
    return op->emitOpError("argument #")
           << argIndex
           << ": the only argument plan is #riffle.schedule<kind = root, "
              "pad = root[, parallel = channels]> on a 4-D argument for a "
              "CPU target";
  return success();
}
