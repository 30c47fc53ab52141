//===- rifflec.cpp - The Riffle compiler driver ---------------------------===//
//
//   rifflec INPUT [options]
//
// INPUT is a .onnx (binary ONNX), .onnxtxt (ONNX text syntax) or .mlir
// (riffle IR) file. Everything but option parsing lives in lib/Driver.
//
//===----------------------------------------------------------------------===//

#include "riffle/Driver/Driver.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir::riffle;

namespace {
llvm::cl::OptionCategory rifflecCategory("rifflec options");

llvm::cl::opt<std::string> inputPath(llvm::cl::Positional,
                                     llvm::cl::desc("INPUT (.onnx, .onnxtxt, .mlir)"),
                                     llvm::cl::Optional,
                                     llvm::cl::cat(rifflecCategory));
llvm::cl::opt<std::string>
    outputPath("o", llvm::cl::desc("output file for text emits (default: "
                                   "stdout); output folder for --emit=lib and "
                                   "--emit=runner (default: .)"),
               llvm::cl::value_desc("PATH"), llvm::cl::init("-"),
               llvm::cl::cat(rifflecCategory));
llvm::cl::opt<EmitKind> emitKind(
    "emit", llvm::cl::desc("what to produce (default: lib)"),
    llvm::cl::init(EmitKind::Lib),
    llvm::cl::values(
        clEnumValN(EmitKind::Mlir, "mlir",
                   "the imported riffle IR, before any pass"),
        clEnumValN(EmitKind::MlirOpt, "mlir-opt",
                   "the IR after the default pass pipeline"),
        clEnumValN(EmitKind::Lib, "lib",
                   "NAME.a and NAME.h (with --shared also NAME.so) in the -o "
                   "folder"),
        clEnumValN(EmitKind::Runner, "runner",
                   "the library plus an executable NAME_run (benchmark / "
                   ".npy runner) in the -o folder"),
        clEnumValN(EmitKind::Stmt, "stmt", "Halide's lowered statement"),
        clEnumValN(EmitKind::Html, "html",
                   "Halide's lowered statement as HTML"),
        clEnumValN(EmitKind::Asm, "asm",
                   "assembly; for GPU targets the device code (PTX for "
                   "CUDA, OpenCL C for OpenCL)"),
        clEnumValN(EmitKind::Llvm, "llvm", "LLVM IR"),
        clEnumValN(EmitKind::Runtime, "runtime",
                   "riffle_runtime.a (with --shared also .so): Halide's "
                   "runtime for --target, shared by --no-runtime libraries; "
                   "takes no INPUT")),
    llvm::cl::cat(rifflecCategory));
llvm::cl::opt<std::string>
    nameOption("name",
               llvm::cl::desc("symbol and file name (default: the input's stem)"),
               llvm::cl::value_desc("NAME"), llvm::cl::cat(rifflecCategory));
llvm::cl::opt<std::string>
    targetOption("target",
                 llvm::cl::desc("Halide target string for code generation "
                                "(lib, runner, stmt, html, asm, llvm; "
                                "default host; GPU: host-opencl, "
                                "host-cuda-cuda_capability_NN)"),
                 llvm::cl::value_desc("T"), llvm::cl::init("host"),
                 llvm::cl::cat(rifflecCategory));
llvm::cl::opt<std::string> scheduleOption(
    "schedule",
    llvm::cl::desc("schedule for code generation: riffle (Riffle's own, the "
                   "default), or one of Halide 14's autoschedulers "
                   "auto:adams2019, auto:mullapudi2016, auto:li2018 (loaded "
                   "as plugins)"),
    llvm::cl::value_desc("riffle|auto:NAME"), llvm::cl::init("riffle"),
    llvm::cl::cat(rifflecCategory));
llvm::cl::opt<bool> sharedOption(
    "shared", llvm::cl::desc("--emit=lib/runner: also write NAME.so"),
    llvm::cl::cat(rifflecCategory));
llvm::cl::opt<bool> noRuntimeOption(
    "no-runtime",
    llvm::cl::desc("--emit=lib: leave Halide's runtime out of the library; "
                   "link riffle_runtime.a (--emit=runtime) once per program"),
    llvm::cl::cat(rifflecCategory));
llvm::cl::opt<std::string> batchOption(
    "batch",
    llvm::cl::desc("--emit=lib/runner: 'dynamic' compiles a batch-1 model "
                   "into a library whose batch is chosen per call "
                   "(NAME_run_batch)"),
    llvm::cl::value_desc("dynamic"), llvm::cl::cat(rifflecCategory));
llvm::cl::opt<bool> materializeShuffles(
    "materialize-shuffles",
    llvm::cl::desc("compute every riffle.channel_shuffle left in the IR as "
                   "a copy of its own instead of an index view; with "
                   "--disable-pass=riffle-fuse-channel-shuffle "
                   "--disable-pass=riffle-eliminate-copies (which otherwise "
                   "fold shuffles into weights or channel_gather views) the "
                   "copying baseline of the shuffle fusion, as ONNX Runtime "
                   "and PyTorch run it"),
    llvm::cl::cat(rifflecCategory));
llvm::cl::opt<bool> sampleLoop(
    "sample-loop",
    llvm::cl::desc("CPU targets: compute a batch one sample at a time when "
                   "every op treats each sample on its own (the plan's "
                   "riffle.sample_loop; --sample-loop=false: the whole "
                   "batch layer by layer)"),
    llvm::cl::init(true), llvm::cl::cat(rifflecCategory));
llvm::cl::opt<int64_t> maxPipelineFuncs(
    "max-pipeline-funcs",
    llvm::cl::desc("CPU targets: split a model into Halide pipelines of "
                   "about this many Funcs each, run in order (Halide's "
                   "compile time grows with the square of a pipeline's "
                   "Funcs; 0: one pipeline)"),
    llvm::cl::init(128), llvm::cl::value_desc("N"),
    llvm::cl::cat(rifflecCategory));
llvm::cl::opt<bool> profileOption(
    "profile",
    llvm::cl::desc("--emit=runner: compile with Halide's sampling profiler; "
                   "NAME_run --profile prints each layer's time, MACs and "
                   "GFLOP/s"),
    llvm::cl::cat(rifflecCategory));
llvm::cl::opt<bool> quietOption(
    "quiet", llvm::cl::desc("no progress lines on stderr"),
    llvm::cl::cat(rifflecCategory));
llvm::cl::opt<std::string> inputShapeOption(
    "input-shape",
    llvm::cl::desc("fix the model input's shape, e.g. 1x3x224x224 (for models "
                   "exported with symbolic dimensions)"),
    llvm::cl::value_desc("NxCxHxW"), llvm::cl::cat(rifflecCategory));
llvm::cl::opt<bool> keepWeights(
    "keep-weights",
    llvm::cl::desc("print weights in full (default: elide large ones)"),
    llvm::cl::cat(rifflecCategory));
llvm::cl::list<std::string> disablePass(
    "disable-pass",
    llvm::cl::desc("leave this pass out of the default pipeline (repeatable)"),
    llvm::cl::value_desc("PASS"), llvm::cl::cat(rifflecCategory));
llvm::cl::opt<bool> printIrAfterAll(
    "print-ir-after-all",
    llvm::cl::desc("print the IR to stderr after every pass"),
    llvm::cl::cat(rifflecCategory));
llvm::cl::list<std::string> printIrAfter(
    "print-ir-after",
    llvm::cl::desc("print the IR to stderr after this pass (repeatable)"),
    llvm::cl::value_desc("PASS"), llvm::cl::cat(rifflecCategory));
llvm::cl::opt<bool> passStatistics(
    "pass-statistics",
    llvm::cl::desc("print the passes' statistics to stderr after the pipeline"),
    llvm::cl::cat(rifflecCategory));
llvm::cl::opt<bool> report(
    "report",
    llvm::cl::desc("print a per-layer MACs/params table (thop's conventions) "
                   "before and after the pipeline"),
    llvm::cl::cat(rifflecCategory));

void printVersion(llvm::raw_ostream &os) {
  os << "Riffle version " RIFFLE_VERSION "\n"
     << "  built with LLVM " LLVM_VERSION_STRING ", MLIR " LLVM_VERSION_STRING
        " (one release), Halide " RIFFLE_HALIDE_VERSION "\n";
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  llvm::cl::HideUnrelatedOptions(rifflecCategory);
  llvm::cl::SetVersionPrinter(printVersion);
  llvm::cl::ParseCommandLineOptions(argc, argv, "Riffle: an ahead-of-time "
                                                "compiler for efficient CNNs\n");
  if (inputPath.empty() && emitKind != EmitKind::Runtime) {
    llvm::errs() << "error: no INPUT model given (rifflec INPUT [options]; "
                    "see --help)\n";
    return 1;
  }
  DriverOptions options;
  options.inputPath = inputPath;
  options.outputPath = outputPath;
  options.emit = emitKind;
  options.target = targetOption;
  options.shared = sharedOption;
  options.noRuntime = noRuntimeOption;
  options.batch = batchOption;
  options.quiet = quietOption;
  options.schedule = scheduleOption;
  options.keepWeights = keepWeights;
  options.disabledPasses.assign(disablePass.begin(), disablePass.end());
  options.printIrAfterAll = printIrAfterAll;
  options.printIrAfter.assign(printIrAfter.begin(), printIrAfter.end());
  options.passStatistics = passStatistics;
  options.report = report;
  options.materializeShuffles = materializeShuffles;
  options.sampleLoop = sampleLoop;
  options.maxPipelineFuncs = maxPipelineFuncs;
  options.profile = profileOption;
  if (!nameOption.empty()) {
    if (makeCIdentifier(nameOption) != nameOption) {
      llvm::errs() << "error: --name '" << nameOption
                   << "' is not a C identifier\n";
      return 1;
    }
    options.name = nameOption;
  }
  if (!inputShapeOption.empty()) {
    llvm::SmallVector<llvm::StringRef> dims;
    llvm::StringRef(inputShapeOption).split(dims, 'x');
    for (llvm::StringRef dim : dims) {
      int64_t value;
      if (dim.getAsInteger(10, value) || value < 1) {
        llvm::errs() << "error: --input-shape '" << inputShapeOption
                     << "' is not a shape like 1x3x224x224\n";
        return 1;
      }
      options.inputShape.push_back(value);
    }
  }

  mlir::MLIRContext context;
  registerDriverDiagnosticHandler(context);
  return runDriver(context, options);
}
