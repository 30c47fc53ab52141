//===- riffle-halide-run.cpp - JIT-run riffle IR through Halide -----------===//
//
//   riffle-halide-run FILE.mlir [--function NAME] [--input IN.npy ...]
//                     [--random-input] [--seed S] [--output OUT.npy ...]
//                     [--compare REF.npy ... [--atol A] [--rtol R]]
//                     [--target T] [--bench N] [--timing]
//
// Lowers one function to a Halide pipeline (riffle/Conversion/RiffleToHalide/RiffleToHalide.h) with
// Riffle's schedule for the target (default host; a GPU target gets the GPU
// schedule, its results copied back), JIT-compiles it for that target and
// runs it on .npy inputs (one per argument, in order) or, without --input,
// on riffle-interp's deterministic random input (same --seed, same values).
// Results go to .npy files (one --output per result) and are compared with
// references (one --compare per result) like riffle-interp does:
//
//   max_abs_diff=X max_abs_ref=Y tolerance=Z      (Z = atol + rtol * Y)
//
// --timing prints `funcs=F lower_ms=L jit_compile_ms=J run_ms=R`; --bench N
// runs N more times and prints `median_ms=X min_ms=Y`.
// Exit status 0 on success, 1 with `error: ...` on any problem or mismatch;
// no output file is left behind when the run fails.
//
//===----------------------------------------------------------------------===//

#include "riffle/Conversion/RiffleToHalide/HalideSupport.h"
#include "riffle/Conversion/RiffleToHalide/RiffleToHalide.h"
#include "riffle/Dialect/Riffle/CodegenPlan.h"
#include "riffle/Interpreter/Interpreter.h"
#include "riffle/Support/ToolSupport.h"
#include "riffle/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include "Halide.h"

#include <algorithm>
#include <chrono>

using namespace mlir;
using namespace mlir::riffle;

namespace {
llvm::cl::OptionCategory category("riffle-halide-run options");
RunToolOptions options(category,
                       "use riffle-interp's deterministic random input (the "
                       "default without --input)");
llvm::cl::opt<std::string>
    targetOption("target",
                 llvm::cl::desc("Halide target string (default host)"),
                 llvm::cl::init("host"), llvm::cl::cat(category));
llvm::cl::opt<unsigned> benchRuns(
    "bench", llvm::cl::desc("run N more times, print median_ms and min_ms"),
    llvm::cl::init(0), llvm::cl::cat(category));
llvm::cl::opt<bool> printTiming(
    "timing", llvm::cl::desc("print lowering, JIT compile and run times"),
    llvm::cl::cat(category));

double msSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  llvm::cl::HideUnrelatedOptions(category);
  llvm::cl::ParseCommandLineOptions(
      argc, argv, "Riffle: JIT-compile riffle IR through Halide and run it\n");
  if (llvm::Error error = options.validate())
    return reportToolError(std::move(error));

  MLIRContext context;
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module;
  func::FuncOp func = loadFunctionToRun(context, sourceMgr, options.inputFile,
                                        options.functionName, module);
  if (!func)
    return 1;

  FailureOr<std::string> target = resolveHalideTarget(
      targetOption, [&] { return emitError(UnknownLoc::get(&context)); });
  if (failed(target))
    return 1;
  // The code-generation plan for the target (a plan the function already
  // has is kept).
  {
    PassManager pm(&context);
    PlanCodegenOptions planOptions;
    planOptions.target = *target;
    pm.nest<func::FuncOp>().addPass(createPlanCodegen(planOptions));
    if (failed(pm.run(*module)))
      return 1;
  }

  // Inputs. A plan computing one sample at a time (riffle.sample_loop)
  // takes the whole batch, runs the pipelines once per sample.
  const int64_t samples = getSampleLoop(func);
  llvm::ArrayRef<Type> argumentTypes = func.getArgumentTypes();
  std::vector<std::vector<float>> inputData;
  std::vector<llvm::SmallVector<int64_t, 4>> inputShapes;
  if (llvm::Error error =
          options.checkInputCount(func.getSymName(), argumentTypes.size()))
    return reportToolError(std::move(error));
  for (auto [index, type] : llvm::enumerate(argumentTypes)) {
    auto tensorType = dyn_cast<RankedTensorType>(type);
    if (!tensorType || !tensorType.hasStaticShape() ||
        !tensorType.getElementType().isF32())
      return reportToolError("argument #" + llvm::Twine(index) + " of @" +
                             func.getSymName() +
                             " is not a statically shaped f32 tensor");
    llvm::SmallVector<int64_t, 4> shape =
        getCallShape(func, tensorType.getShape());
    if (!options.inputPaths.empty()) {
      std::string typeText;
      llvm::raw_string_ostream(typeText) << type;
      if (samples > 1)
        typeText += " per sample, batch " + std::to_string(samples);
      llvm::Expected<NpyArray> array = readInputNpy(
          options.inputPaths[index], shape,
          "argument #" + llvm::Twine(index) + " of @" + func.getSymName() +
              " (" + typeText + ")");
      if (!array)
        return reportToolError(array.takeError());
      inputData.push_back(std::move(array->data));
    } else {
      inputData.push_back(randomInputData(
          tensorType.getNumElements() * samples, options.seed, index));
    }
    inputShapes.push_back(shape);
  }
  if (llvm::Error error =
          options.checkResultFileCounts(func.getSymName(), func.getNumResults()))
    return reportToolError(std::move(error));

  // Lower, compile, run.
  auto start = std::chrono::steady_clock::now();
  LoweringOptions loweringOptions;
  if (failed(runHalide(
          [&] { loweringOptions.target = Halide::Target(*target); },
          [&] { return emitError(UnknownLoc::get(&context)); })))
    return 1;
  FailureOr<LoweredPipeline> lowered = lowerToHalide(func, loweringOptions);
  if (failed(lowered))
    return 1;
  double lowerMs = msSince(start);

  std::vector<Halide::Buffer<float>> outputs;
  double compileMs = 0.0, runMs = 0.0;
  std::vector<double> benchMs;
  auto emitAtFunc = [&] { return func.emitError("Halide JIT run failed: "); };
  if (failed(runHalide(
          [&] {
            Halide::Target halideTarget(*target);
            auto t0 = std::chrono::steady_clock::now();
            for (PipelineStage &stage : lowered->stages)
              stage.pipeline.compile_jit(halideTarget);
            compileMs = msSince(t0);
            std::vector<Halide::Buffer<float>> inputBuffers;
            for (size_t i = 0; i < lowered->inputs.size(); ++i) {
              std::vector<int> sizes(inputShapes[i].rbegin(),
                                     inputShapes[i].rend());
              inputBuffers.emplace_back(inputData[i].data(), sizes);
              inputBuffers.back().set_host_dirty(); // GPU: copy it over
            }
            for (const auto &shape : lowered->outputShapes) {
              llvm::SmallVector<int64_t, 4> whole = getCallShape(func, shape);
              outputs.emplace_back(
                  std::vector<int>(whole.rbegin(), whole.rend()));
            }
            // Sample n of a buffer (its last dimension the batch), as the
            // one-sample pipelines take it: batch index 0.
            auto sample = [](const Halide::Buffer<float> &buffer, int n) {
              int batchDim = buffer.dimensions() - 1;
              return Halide::Buffer<float>(
                  buffer.get()->cropped(batchDim, n, 1).translated(batchDim,
                                                                   -n));
            };
            // A function split into pipelines runs them in order, the
            // buffers between them allocated here.
            std::vector<Halide::Buffer<float>> intermediates;
            for (const auto &shape : lowered->intermediateShapes)
              intermediates.emplace_back(
                  std::vector<int>(shape.rbegin(), shape.rend()));
            for (PipelineStage &stage : lowered->stages)
              for (auto [param, buffer] :
                   llvm::zip(stage.params, stage.paramBuffers))
                if (buffer.kind == PipelineBuffer::Kind::Intermediate)
                  param.set(intermediates[buffer.index]);
            auto runOnce = [&] {
              for (int n = 0; n < samples; ++n) {
                for (size_t i = 0; i < inputBuffers.size(); ++i)
                  lowered->inputs[i].set(samples > 1
                                             ? sample(inputBuffers[i], n)
                                             : inputBuffers[i]);
                for (PipelineStage &stage : lowered->stages) {
                  std::vector<Halide::Buffer<>> realization;
                  for (const PipelineBuffer &buffer : stage.outputBuffers)
                    realization.push_back(
                        buffer.kind != PipelineBuffer::Kind::Result
                            ? intermediates[buffer.index]
                        : samples > 1 ? sample(outputs[buffer.index], n)
                                      : outputs[buffer.index]);
                  Halide::Realization r(realization);
                  stage.pipeline.realize(r, halideTarget);
                }
              }
            };
            auto t1 = std::chrono::steady_clock::now();
            runOnce();
            for (Halide::Buffer<float> &output : outputs)
              output.copy_to_host(); // GPU targets leave results there
            runMs = msSince(t1);
            for (unsigned i = 0; i < benchRuns; ++i) {
              auto t2 = std::chrono::steady_clock::now();
              runOnce();
              benchMs.push_back(msSince(t2));
            }
          },
          emitAtFunc)))
    return 1;

  if (printTiming)
    llvm::outs() << llvm::format(
        "funcs=%u lower_ms=%.1f jit_compile_ms=%.1f run_ms=%.2f\n",
        lowered->numMaterializedFuncs, lowerMs, compileMs, runMs);
  if (!benchMs.empty()) {
    std::sort(benchMs.begin(), benchMs.end());
    llvm::outs() << llvm::format("median_ms=%.3f min_ms=%.3f\n",
                                 benchMs[benchMs.size() / 2], benchMs[0]);
  }

  std::vector<llvm::SmallVector<int64_t, 4>> outputShapes;
  for (const auto &shape : lowered->outputShapes)
    outputShapes.push_back(getCallShape(func, shape));
  llvm::SmallVector<ArrayView> views;
  for (auto [index, buffer] : llvm::enumerate(outputs))
    views.push_back({outputShapes[index],
                     llvm::ArrayRef<float>(buffer.data(),
                                           buffer.number_of_elements())});
  if (llvm::Error error = writeOutputs(options.outputPaths, views))
    return reportToolError(std::move(error));
  llvm::outs().flush();
  bool ok = true;
  for (auto [index, path] : llvm::enumerate(options.comparePaths))
    ok &= compareWithReference(index, views[index], path, options.atol,
                               options.rtol);
  return ok ? 0 : 1;
}
