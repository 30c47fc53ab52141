//===- Driver.cpp - The pipeline behind rifflec ---------------------------===//

#include "riffle/Driver/Driver.h"
#include "riffle/Analysis/CostModel.h"
#include "riffle/Codegen/Aot.h"
#include "riffle/Conversion/RiffleToHalide/HalideSupport.h"
#include "riffle/Codegen/Schedule.h"
#include "riffle/Dialect/Riffle/RiffleDialect.h"
#include "riffle/Frontend/OnnxImporter.h"
#include "riffle/Transforms/PassCounters.h"
#include "riffle/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace mlir::riffle;

std::string mlir::riffle::makeCIdentifier(llvm::StringRef name) {
  std::string id;
  for (char c : name)
    id.push_back(llvm::isAlnum(c) ? c : '_');
  if (id.empty() || llvm::isDigit(id.front()))
    id.insert(0, "m_");
  return id;
}

OwningOpRef<ModuleOp> mlir::riffle::loadInput(MLIRContext &context,
                                              const DriverOptions &options) {
  context.loadDialect<RiffleDialect, func::FuncDialect, arith::ArithDialect>();
  llvm::StringRef path = options.inputPath;
  Location fileLoc = FileLineColLoc::get(&context, path, 0, 0);
  if (!llvm::sys::fs::exists(path)) {
    emitError(fileLoc) << "no such file";
    return nullptr;
  }
  if (llvm::sys::fs::is_directory(path)) {
    emitError(fileLoc) << "is a directory, not a model";
    return nullptr;
  }
  llvm::StringRef extension = llvm::sys::path::extension(path);
  std::string name = options.name.empty()
                         ? makeCIdentifier(llvm::sys::path::stem(path))
                         : options.name;

  if (extension == ".onnx" || extension == ".onnxtxt") {
    OnnxImportOptions importOptions;
    importOptions.functionName = name;
    importOptions.inputShape = options.inputShape;
    return importOnnxFile(path, &context, importOptions);
  }
  if (extension == ".mlir") {
    if (!options.inputShape.empty()) {
      emitError(fileLoc) << "--input-shape applies to ONNX models only";
      return nullptr;
    }
    llvm::SourceMgr sourceMgr;
    std::string includedFile;
    auto buffer = llvm::MemoryBuffer::getFile(path);
    if (!buffer) {
      emitError(fileLoc) << "cannot read: " << buffer.getError().message();
      return nullptr;
    }
    sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
    OwningOpRef<ModuleOp> module =
        parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
    if (!module)
      return nullptr;
    auto funcs = module->getOps<func::FuncOp>();
    if (std::distance(funcs.begin(), funcs.end()) != 1) {
      emitError(module->getLoc())
          << "expects exactly one func.func (the model), found "
          << std::distance(funcs.begin(), funcs.end());
      return nullptr;
    }
    return module;
  }
  emitError(fileLoc) << "unknown input kind '" << extension
                     << "'; expected .onnx (binary ONNX), .onnxtxt (ONNX "
                        "text syntax) or .mlir (riffle IR)";
  return nullptr;
}

/// Writes `text` to `path` ("-" or empty: stdout). A failed run leaves no
/// file behind (ToolOutputFile removes it unless kept).
static LogicalResult writeOutput(MLIRContext &context, llvm::StringRef path,
                                 llvm::function_ref<void(llvm::raw_ostream &)> write) {
  std::string error;
  auto file = openOutputFile(path.empty() ? "-" : path, &error);
  if (!file) {
    emitError(FileLineColLoc::get(&context, path, 0, 0))
        << "cannot write: " << error;
    return failure();
  }
  write(file->os());
  file->os().flush();
  if (file->os().has_error()) {
    emitError(FileLineColLoc::get(&context, path, 0, 0)) << "write failed";
    file->os().clear_error();
    return failure();
  }
  file->keep();
  return success();
}

/// Prints `module`; with every resource elided, MLIR still prints an empty
/// resource section, which is dropped here.
static void printModule(ModuleOp module, const OpPrintingFlags &flags,
                        llvm::raw_ostream &os) {
  std::string text;
  llvm::raw_string_ostream textStream(text);
  module->print(textStream, flags);
  llvm::StringRef printed(text);
  printed.consume_back("\n");
  if (printed.consume_back("{-#\n\n#-}"))
    printed = printed.rtrim();
  os << printed << "\n";
}

/// Runs the default pipeline on `module`, then riffle-plan-codegen for
/// `planTarget` when set, printing IR as requested: the pipeline riffle-opt
/// runs as --riffle-default-pipeline, with MLIR's IR printing filtered by
/// pass argument.
static LogicalResult runPipeline(MLIRContext &context, ModuleOp module,
                                 const DriverOptions &options,
                                 const OpPrintingFlags &flags,
                                 std::optional<std::string> planTarget) {
  auto checkNames = [&](llvm::ArrayRef<std::string> names,
                        llvm::StringRef option) {
    return checkDefaultPipelinePassNames(
        names, [&](const llvm::Twine &message) {
          return emitError(UnknownLoc::get(&context))
                 << option << ": " << message;
        });
  };
  // The plan pass follows the default pipeline: its IR can be printed, but
  // it cannot be left out (code generation needs a plan).
  SmallVector<std::string> printedPipelinePasses;
  for (const std::string &name : options.printIrAfter)
    if (name != "riffle-plan-codegen")
      printedPipelinePasses.push_back(name);
  if (failed(checkNames(options.disabledPasses, "--disable-pass")) ||
      failed(checkNames(printedPipelinePasses, "--print-ir-after")))
    return failure();
  PassManager pm(&context);
  buildDefaultPipeline(pm, options.disabledPasses);
  if (planTarget) {
    PlanCodegenOptions planOptions;
    planOptions.target = *planTarget;
    planOptions.materializeShuffles = options.materializeShuffles;
    planOptions.sampleLoop = options.sampleLoop;
    planOptions.maxPipelineFuncs = options.maxPipelineFuncs;
    pm.nest<func::FuncOp>().addPass(createPlanCodegen(planOptions));
  }
  if (options.passStatistics)
    addPassCountersInstrumentation(pm, llvm::errs());
  if (options.printIrAfterAll || !options.printIrAfter.empty()) {
    llvm::SmallVector<std::string> printAfter = options.printIrAfter;
    bool all = options.printIrAfterAll;
    context.disableMultithreading(); // module-scope printing needs it
    pm.enableIRPrinting(
        /*shouldPrintBeforePass=*/[](Pass *, Operation *) { return false; },
        /*shouldPrintAfterPass=*/
        [all, printAfter](Pass *pass, Operation *) {
          return all || llvm::is_contained(printAfter, pass->getArgument());
        },
        /*printModuleScope=*/true, /*printAfterOnlyOnChange=*/false,
        /*printAfterOnlyOnFailure=*/false, llvm::errs(), flags);
  }
  return pm.run(module);
}

int mlir::riffle::runDriver(MLIRContext &context,
                            const DriverOptions &options) {
  // The schedule's name first: a typo fails before any work.
  std::optional<ScheduleKind> schedule = parseScheduleName(options.schedule);
  if (!schedule) {
    InFlightDiagnostic diag = emitError(UnknownLoc::get(&context));
    diag << "unknown --schedule '" << options.schedule << "'; expected one of ";
    llvm::interleaveComma(getScheduleNames(), diag);
    return 1;
  }
  if (!options.batch.empty() && options.batch != "dynamic") {
    emitError(UnknownLoc::get(&context))
        << "unknown --batch '" << options.batch
        << "'; expected 'dynamic' (the batch is chosen per call)";
    return 1;
  }
  bool isLibrary =
      options.emit == EmitKind::Lib || options.emit == EmitKind::Runner;
  if (options.noRuntime && options.emit != EmitKind::Lib) {
    emitError(UnknownLoc::get(&context))
        << "--no-runtime applies to --emit=lib only (a runner carries its "
           "runtime)";
    return 1;
  }
  if (!isLibrary && !options.batch.empty()) {
    emitError(UnknownLoc::get(&context))
        << "--batch applies to --emit=lib and --emit=runner only";
    return 1;
  }
  if (options.profile && options.emit != EmitKind::Runner) {
    emitError(UnknownLoc::get(&context))
        << "--profile applies to --emit=runner only (NAME_run --profile "
           "prints the per-layer table)";
    return 1;
  }
  // The shared runtime needs no model.
  if (options.emit == EmitKind::Runtime) {
    if (!options.inputPath.empty()) {
      emitError(FileLineColLoc::get(&context, options.inputPath, 0, 0))
          << "--emit=runtime takes no model";
      return 1;
    }
    AotOptions aot;
    aot.outputDir = options.outputPath.empty() || options.outputPath == "-"
                        ? "."
                        : options.outputPath;
    aot.target = options.target;
    aot.shared = options.shared;
    aot.progress = options.quiet ? nullptr : &llvm::errs();
    return failed(emitRuntime(&context, aot)) ? 1 : 0;
  }
  OwningOpRef<ModuleOp> module = loadInput(context, options);
  if (!module)
    return 1;
  if (failed(verify(*module)))
    return 1;

  OpPrintingFlags flags;
  if (!options.keepWeights)
    flags.elideLargeResourceString(64).elideLargeElementsAttrs(16);

  bool isCodegen = isLibrary || options.emit == EmitKind::Stmt ||
                   options.emit == EmitKind::Html ||
                   options.emit == EmitKind::Asm ||
                   options.emit == EmitKind::Llvm;
  // Every emit but the imported IR takes a target: the code-generation
  // emits compile for it, --emit=mlir-opt plans for it.
  if (options.emit == EmitKind::Mlir && options.target != "host") {
    emitError(UnknownLoc::get(&context))
        << "--target applies to --emit=lib, runner, runtime, stmt, html, asm, "
           "llvm and mlir-opt (the code-generation plan); --emit=mlir prints "
           "the imported IR, before any target is known";
    return 1;
  }
  if (!isCodegen && *schedule != ScheduleKind::Riffle) {
    emitError(UnknownLoc::get(&context))
        << "--schedule applies to --emit=lib, runner, stmt, html, asm and "
           "llvm only";
    return 1;
  }
  if (!isLibrary && options.shared) {
    emitError(UnknownLoc::get(&context))
        << "--shared applies to --emit=lib, runner and runtime only";
    return 1;
  }
  if (options.maxPipelineFuncs < 0) {
    emitError(UnknownLoc::get(&context))
        << "--max-pipeline-funcs=" << options.maxPipelineFuncs
        << ": expected a count >= 0 (0: one pipeline)";
    return 1;
  }
  bool runPasses = options.emit != EmitKind::Mlir || options.report;
  // The code-generation plan: for every code-generation emit (any schedule:
  // it also says how padding is defined), and for --emit=mlir-opt when a
  // target is named or the plan is asked for.
  std::optional<std::string> planTarget;
  if (isCodegen || (options.emit == EmitKind::MlirOpt &&
                    (options.target != "host" ||
                     llvm::is_contained(options.printIrAfter,
                                        "riffle-plan-codegen"))))
    planTarget = options.target;
  // A bad --target is the option's error, reported before any pass runs.
  if (planTarget && failed(resolveHalideTarget(*planTarget, [&] {
        return emitError(UnknownLoc::get(&context));
      })))
    return 1;
  if (!runPasses &&
      (options.printIrAfterAll || !options.printIrAfter.empty() ||
       !options.disabledPasses.empty() || options.passStatistics)) {
    emitError(UnknownLoc::get(&context))
        << "--emit=mlir prints the IR before any pass; pass options need "
           "--emit=mlir-opt";
    return 1;
  }
  // The model's function (a .mlir input was checked to hold exactly one).
  auto modelFunc = [&] { return *module->getOps<func::FuncOp>().begin(); };
  if (options.report)
    printCostReport(modelFunc(), llvm::outs(), "before the pipeline");
  // The report shows the pipeline's effect even when the IR emitted is the
  // imported one; the module is re-imported for that emit.
  OwningOpRef<ModuleOp> optimized;
  ModuleOp toEmit = *module;
  if (runPasses) {
    if (options.emit == EmitKind::Mlir) {
      optimized = module->clone();
      if (failed(runPipeline(context, *optimized, options, flags,
                             std::nullopt)))
        return 1;
    } else if (failed(runPipeline(context, *module, options, flags,
                                  planTarget))) {
      return 1;
    }
  }
  if (options.report) {
    func::FuncOp after =
        optimized ? *optimized->getOps<func::FuncOp>().begin() : modelFunc();
    llvm::outs() << "\n";
    printCostReport(after, llvm::outs(), "after the pipeline");
    llvm::outs().flush();
    // With the table on stdout, the IR goes only to a named file.
    if (options.outputPath.empty() || options.outputPath == "-")
      return 0;
  }

  switch (options.emit) {
  case EmitKind::Mlir:
  case EmitKind::MlirOpt:
    return failed(writeOutput(context, options.outputPath,
                              [&](llvm::raw_ostream &os) {
                                printModule(toEmit, flags, os);
                              }))
               ? 1
               : 0;
  case EmitKind::Lib:
  case EmitKind::Runner: {
    AotOptions aot;
    aot.outputDir = options.outputPath.empty() || options.outputPath == "-"
                        ? "."
                        : options.outputPath;
    aot.name = options.name.empty()
                   ? makeCIdentifier(llvm::sys::path::stem(options.inputPath))
                   : options.name;
    aot.target = options.target;
    aot.shared = options.shared;
    aot.schedule = *schedule;
    aot.runner = options.emit == EmitKind::Runner;
    aot.noRuntime = options.noRuntime;
    aot.dynamicBatch = options.batch == "dynamic";
    aot.profile = options.profile;
    aot.progress = options.quiet ? nullptr : &llvm::errs();
    return failed(emitLibrary(modelFunc(), aot)) ? 1 : 0;
  }
  case EmitKind::Runtime:
    break; // handled before the model is loaded
  case EmitKind::Stmt:
  case EmitKind::Html:
  case EmitKind::Asm:
  case EmitKind::Llvm: {
    HalideTextKind kind = options.emit == EmitKind::Stmt   ? HalideTextKind::Stmt
                          : options.emit == EmitKind::Html ? HalideTextKind::Html
                          : options.emit == EmitKind::Asm  ? HalideTextKind::Asm
                                                           : HalideTextKind::Llvm;
    std::string name =
        options.name.empty()
            ? makeCIdentifier(llvm::sys::path::stem(options.inputPath))
            : options.name;
    return failed(emitHalideText(modelFunc(), kind, options.outputPath, name,
                                 options.target, *schedule,
                                 options.quiet ? nullptr : &llvm::errs()))
               ? 1
               : 0;
  }
  }
  return 1;
}
