//===- AotLibrary.cpp - rifflec --emit=lib|runner|runtime ----------------===//
//
// Drives one build (riffle/Codegen/Aot.h): lowers and schedules the model,
// compiles it with Halide, compiles the C glue (glue/*.c) with the target's
// C compiler, archives, links the shared library and the runner, and stages
// the files into OUTDIR. The role of IREE's LibraryBuilder /
// StaticLibraryGenerator; the parts live in the files AotInternal.h lists.
//
//===----------------------------------------------------------------------===//

#include "AotInternal.h"
#include "riffle/Codegen/Aot.h"
#include "riffle/Conversion/RiffleToHalide/HalideSupport.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include "Halide.h"

// Sources embedded at build time (lib/Codegen/CMakeLists.txt): the C glue,
// the runner's main and the .npy code it shares with the compiler.
#include "EmbeddedSources.inc"

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::aot;

void Progress::say(const llvm::Twine &text) const {
  if (!os)
    return;
  *os << "rifflec: " << text << "\n";
  os->flush();
}

double Progress::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       begin)
      .count();
}

FailureOr<SmallVector<Shape>>
mlir::riffle::aot::getInputShapes(func::FuncOp func, llvm::StringRef what) {
  SmallVector<Shape> shapes;
  for (auto [index, type] : llvm::enumerate(func.getArgumentTypes())) {
    auto tensorType = dyn_cast<RankedTensorType>(type);
    if (!tensorType || !tensorType.hasStaticShape() ||
        !tensorType.getElementType().isF32())
      return func.emitError("argument #")
             << index << " has type " << type << "; " << what
             << " supports statically shaped f32 tensors";
    shapes.emplace_back(tensorType.getShape());
  }
  return shapes;
}

std::string mlir::riffle::aot::getStageFunctionName(llvm::StringRef pipelineName,
                                                 size_t index,
                                                 size_t numStages) {
  if (numStages == 1)
    return pipelineName.str();
  return (pipelineName + "_s" + llvm::Twine(index)).str();
}

FailureOr<LoweredPipeline> mlir::riffle::aot::lowerAndSchedule(
    func::FuncOp func, ArrayRef<Shape> inputShapes, ScheduleKind schedule,
    llvm::StringRef target, const Progress &progress) {
  bool riffle = schedule == ScheduleKind::Riffle;
  progress.say("lowering @" + func.getSymName() + " to Halide ...");
  Progress timer(nullptr);
  LoweringOptions loweringOptions;
  loweringOptions.schedule = riffle;
  loweringOptions.target = Halide::Target(target.str());
  FailureOr<LoweredPipeline> lowered = lowerToHalide(func, loweringOptions);
  if (failed(lowered))
    return failure();
  if (riffle) {
    progress.say(llvm::formatv("lowered to {0} materialized Funcs in {1:f2} s{2}",
                               lowered->numMaterializedFuncs, timer.seconds(),
                               lowered->stages.size() > 1
                                   ? llvm::formatv(" ({0} pipelines)",
                                                   lowered->stages.size())
                                         .str()
                                   : std::string())
                     .str());
    return lowered;
  }
  progress.say(llvm::formatv("lowered in {0:f2} s, unscheduled for "
                             "--schedule={1}",
                             timer.seconds(), getScheduleName(schedule))
                   .str());
  // autoSchedule reports on the same stream (null when quiet).
  if (failed(autoSchedule(
          *lowered, inputShapes, schedule, target,
          [&] { return mlir::emitError(func.getLoc()); }, progress.stream())))
    return failure();
  return lowered;
}

namespace {

/// Writes the embedded C glue and compiles `sources` (file names among the
/// glue's) into objects next to them; returns the objects' paths.
FailureOr<SmallVector<std::string>>
compileGlue(const OutputStaging &staging, const Toolchain &tools,
            ArrayRef<std::string> sources, EmitError emitAtDir) {
  if (failed(staging.write({{"riffle_glue.h", kGlueHeaderSource},
                             {"HalideRuntime.h", kHalideRuntimeHeader},
                             {"riffle_glue_model.c", kGlueModelSource},
                             {"riffle_glue_runtime.c", kGlueRuntimeSource},
                             {"riffle_glue_threads.c", kGlueThreadsSource}},
                            emitAtDir)))
    return failure();
  SmallVector<std::string> objects;
  for (const std::string &source : sources) {
    std::string object = staging.path(source + ".o");
    if (failed(compileC(tools, staging.path(source), staging.folder(), object,
                        staging.path("glue.log"), emitAtDir)))
      return failure();
    objects.push_back(object);
  }
  return objects;
}

/// The Halide target of the compiled pipeline: `target`, plus no_runtime
/// when the runtime comes from riffle_runtime.a, plus profile for a
/// profiling runner.
Halide::Target pipelineTarget(llvm::StringRef target, bool noRuntime,
                              bool profile) {
  Halide::Target t(target.str());
  if (noRuntime)
    t = t.with_feature(Halide::Target::NoRuntime);
  if (profile)
    t = t.with_feature(Halide::Target::Profile);
  return t;
}

/// Compiles the lowered function's pipelines into ARCHIVE (NAME.a) and
/// NAME_halide.h, recording each one's C function and buffers in `model`.
/// One pipeline is `pipelineName`; a split function's are
/// `pipelineName`_s<k>, the first carrying the runtime (unless --no-runtime),
/// the others added to the archive, their headers concatenated.
LogicalResult compilePipelines(LoweredPipeline &lowered,
                               const std::string &pipelineName,
                               const std::string &target,
                               const AotOptions &options,
                               const OutputStaging &staging,
                               const Toolchain &tools, ModelSignature &model,
                               EmitError emitAtDir, EmitError emitAtFunc) {
  const std::string archive = staging.path(options.name + ".a");
  const size_t numStages = lowered.stages.size();
  std::string header;
  SmallVector<std::string> objects;
  for (auto [index, stage] : llvm::enumerate(lowered.stages)) {
    const std::string function =
        getStageFunctionName(pipelineName, index, numStages);
    const std::string stageHeader = staging.path(function + ".h");
    std::map<Halide::OutputFileType, std::string> outputs = {
        {Halide::OutputFileType::c_header, stageHeader}};
    if (index == 0) {
      outputs[Halide::OutputFileType::static_library] = archive;
    } else {
      objects.push_back(staging.path(function + ".o"));
      outputs[Halide::OutputFileType::object] = objects.back();
    }
    if (failed(runHalide(
            [&] {
              std::vector<Halide::Argument> args(stage.params.begin(),
                                                 stage.params.end());
              stage.pipeline.compile_to(
                  outputs, args, function,
                  pipelineTarget(target, options.noRuntime || index > 0,
                                 options.profile));
            },
            emitAtFunc)))
      return failure();
    ModelSignature::Stage signature;
    signature.function = function;
    signature.buffers.append(stage.paramBuffers.begin(),
                             stage.paramBuffers.end());
    signature.buffers.append(stage.outputBuffers.begin(),
                             stage.outputBuffers.end());
    model.stages.push_back(std::move(signature));
    if (numStages == 1)
      continue;
    auto text = llvm::MemoryBuffer::getFile(stageHeader);
    if (!text)
      return emitAtDir() << "cannot read Halide's header " << stageHeader
                         << ": " << text.getError().message();
    header += (*text)->getBuffer();
  }
  if (numStages > 1 &&
      (failed(staging.write(pipelineName + ".h", header, emitAtDir)) ||
       failed(addToArchive(tools, archive, objects,
                           staging.path("ar.log"), emitAtDir))))
    return failure();
  return success();
}

} // namespace

LogicalResult mlir::riffle::emitLibrary(func::FuncOp func,
                                        const AotOptions &options) {
  MLIRContext *context = func.getContext();
  auto emitAtDir = [&] {
    return mlir::emitError(
        FileLineColLoc::get(context, options.outputDir, 0, 0));
  };
  auto emitHere = [&] { return mlir::emitError(UnknownLoc::get(context)); };
  Progress progress(options.progress);
  const std::string &name = options.name;

  // Target and toolchain first: a bad one fails before any work.
  FailureOr<Toolchain> tools = getToolchain(options.target, emitHere);
  if (failed(tools))
    return failure();
  const std::string &target = tools->target;
  bool gpu = isGpuTarget(target);
  if (options.profile && !options.runner)
    return emitHere() << "--profile applies to --emit=runner";
  if (options.runner && options.noRuntime)
    return emitHere() << "--no-runtime applies to --emit=lib; a runner "
                         "carries its runtime";
  if (options.dynamicBatch && gpu)
    return emitHere() << "--batch=dynamic is for CPU targets; target '"
                      << target << "' offloads to a GPU";

  ModelSignature model;
  model.name = name;
  model.target = target;
  model.gpu = gpu;
  model.dynamicBatch = options.dynamicBatch;
  model.noRuntime = options.noRuntime;
  model.profile = options.profile;
  FailureOr<SmallVector<Shape>> inputShapes = getInputShapes(func, "--emit=lib");
  if (failed(inputShapes))
    return failure();
  model.inputs = *inputShapes;

  OutputStaging staging;
  if (failed(staging.create(options.outputDir, name, emitAtDir)))
    return failure();

  FailureOr<LoweredPipeline> lowered = lowerAndSchedule(
      func, model.inputs, options.schedule, target, progress);
  if (failed(lowered))
    return failure();
  model.outputs.assign(lowered->outputShapes.begin(),
                       lowered->outputShapes.end());
  // A plan computing one sample at a time: the model's arguments hold the
  // whole batch, the pipelines one sample of it.
  model.sampleLoop = lowered->sampleLoop;
  if (model.sampleLoop > 1)
    for (Shape &shape : llvm::concat<Shape>(model.inputs, model.outputs))
      shape.front() *= model.sampleLoop;
  if (options.dynamicBatch) {
    // The pipeline is compiled for one sample; the glue loops over a batch.
    for (auto [i, shape] : llvm::enumerate(model.inputs))
      if (shape.empty() || shape.front() != 1)
        return func.emitError("--batch=dynamic needs a batch of 1 in the "
                              "model; argument #")
               << i << " has a leading dimension of "
               << (shape.empty() ? 0 : shape.front())
               << " (export at batch 1, or use --input-shape)";
    for (auto [i, shape] : llvm::enumerate(model.outputs))
      if (shape.empty() || shape.front() != 1)
        return func.emitError("--batch=dynamic needs a batch of 1 in the "
                              "model; result #")
               << i << " has a leading dimension of "
               << (shape.empty() ? 0 : shape.front());
  }

  // Compile. The lowering constrains inputs and outputs to their shapes and
  // dense strides, so a wrong-shaped buffer is an error.
  std::string archive = staging.path(name + ".a");
  std::string halideHeader = name + "_halide.h";
  const size_t numStages = lowered->stages.size();
  model.intermediates.assign(lowered->intermediateShapes.begin(),
                             lowered->intermediateShapes.end());
  progress.say("Halide compile to " + name + ".a (target " + target +
               (options.noRuntime ? ", no runtime" : "") +
               (options.profile ? ", profile" : "") +
               (numStages > 1 ? ", " + std::to_string(numStages) + " pipelines"
                              : std::string()) +
               ") ...");
  progress.start();
  if (failed(compilePipelines(*lowered, name + "_halide", target, options,
                              staging, *tools, model, emitAtDir,
                              [&] {
                                return func.emitError(
                                    "Halide compilation failed: ");
                              })))
    return failure();
  progress.say(
      llvm::formatv("Halide compile done in {0:f2} s", progress.seconds()).str());

  // The header and the C API: the model's glue, plus the process-wide part
  // when the library carries Halide's runtime.
  if (failed(staging.write(name + ".h", makeModelHeader(model), emitAtDir)) ||
      failed(staging.write("riffle_glue_config.h", makeGlueConfig(model),
                           emitAtDir)))
    return failure();
  SmallVector<std::string> glueSources = {"riffle_glue_model.c"};
  if (!options.noRuntime)
    glueSources.append({"riffle_glue_runtime.c", "riffle_glue_threads.c"});
  FailureOr<SmallVector<std::string>> glueObjects =
      compileGlue(staging, *tools, glueSources, emitAtDir);
  if (failed(glueObjects) ||
      failed(addToArchive(*tools, archive, *glueObjects,
                          staging.path("ar.log"), emitAtDir)))
    return failure();

  if (options.shared) {
    progress.say("linking " + name + ".so ...");
    progress.start();
    if (failed(linkShared(*tools, archive, staging.path(name + ".so"),
                          staging.path("link.log"), emitAtDir)))
      return failure();
    progress.say(llvm::formatv("linked in {0:f2} s", progress.seconds()).str());
  }

  // Runner: the embedded main and .npy code plus a glue header, compiled
  // and linked against NAME.a by the target's C++ compiler.
  if (options.runner) {
    progress.say("building " + name + "_run ...");
    progress.start();
    std::string runnerGlue = makeRunnerGlue(model);
    if (options.profile)
      runnerGlue += makeProfileTable(func, *lowered, model);
    if (failed(staging.write(
            {{"riffle_runner_model.h", runnerGlue},
             {"riffle_runner_main.cpp", kRunnerMainSource},
             {"riffle/Support/NpyFormat.h", kNpyFormatHeader},
             {"riffle_npy_format.cpp", kNpyFormatSource}},
            emitAtDir)))
      return failure();
    if (failed(linkRunner(*tools,
                          {staging.path("riffle_runner_main.cpp"),
                           staging.path("riffle_npy_format.cpp")},
                          staging.folder(), archive,
                          staging.path(name + "_run"),
                          staging.path("runner.log"), emitAtDir)))
      return failure();
    progress.say(llvm::formatv("built in {0:f2} s", progress.seconds()).str());
  }

  // The library last, so a complete NAME.a means a complete set.
  SmallVector<std::string> files = {halideHeader, name + ".h"};
  if (options.noRuntime)
    files.push_back("HalideRuntime.h");
  if (options.shared)
    files.push_back(name + ".so");
  if (options.runner)
    files.push_back(name + "_run");
  files.push_back(name + ".a");
  if (failed(staging.commit(files, emitAtDir)))
    return failure();
  progress.say("wrote " + llvm::Twine(options.outputDir) + "/" + name +
               ".a and " + name + ".h" +
               (options.shared ? " and " + name + ".so" : "") +
               (options.runner ? " and " + name + "_run" : ""));
  return success();
}

LogicalResult mlir::riffle::emitRuntime(MLIRContext *context,
                                        const AotOptions &options) {
  auto emitAtDir = [&] {
    return mlir::emitError(
        FileLineColLoc::get(context, options.outputDir, 0, 0));
  };
  auto emitHere = [&] { return mlir::emitError(UnknownLoc::get(context)); };
  Progress progress(options.progress);
  FailureOr<Toolchain> tools = getToolchain(options.target, emitHere);
  if (failed(tools))
    return failure();
  const std::string &target = tools->target;
  OutputStaging staging;
  if (failed(staging.create(options.outputDir, "riffle_runtime", emitAtDir)))
    return failure();

  progress.say("Halide runtime for target " + target + " ...");
  std::string object = staging.path("halide_runtime.o");
  if (failed(runHalide(
          [&] {
            Halide::compile_standalone_runtime(object,
                                               Halide::Target(target));
          },
          emitHere)))
    return failure();
  FailureOr<SmallVector<std::string>> glueObjects =
      compileGlue(staging, *tools,
                  {"riffle_glue_runtime.c", "riffle_glue_threads.c"}, emitAtDir);
  if (failed(glueObjects))
    return failure();
  SmallVector<std::string> objects = {object};
  objects.append(glueObjects->begin(), glueObjects->end());
  std::string archive = staging.path("riffle_runtime.a");
  if (failed(addToArchive(*tools, archive, objects, staging.path("ar.log"),
                          emitAtDir)))
    return failure();
  SmallVector<std::string> files;
  if (options.shared) {
    if (failed(linkShared(*tools, archive, staging.path("riffle_runtime.so"),
                          staging.path("link.log"), emitAtDir)))
      return failure();
    files.push_back("riffle_runtime.so");
  }
  files.push_back("riffle_runtime.a");
  if (failed(staging.commit(files, emitAtDir)))
    return failure();
  progress.say("wrote " + llvm::Twine(options.outputDir) +
               "/riffle_runtime.a" +
               (options.shared ? " and riffle_runtime.so" : ""));
  return success();
}
