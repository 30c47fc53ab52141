//===- Driver.h - The pipeline behind rifflec -------------------*- C++ -*-===//

#ifndef RIFFLE_DRIVER_DRIVER_H
#define RIFFLE_DRIVER_DRIVER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace mlir::riffle {

/// What rifflec produces.
enum class EmitKind {
  Mlir,    // the imported IR, before any pass
  MlirOpt, // the IR after the default pipeline
  Lib,     // NAME.a + NAME.h (+ NAME.so) in the -o folder (riffle/Codegen/Aot.h)
  Runner,  // the library plus the executable NAME_run, in the -o folder
  Stmt,    // Halide's lowered statement (text)
  Html,    // Halide's lowered statement as HTML
  Asm,     // assembly (PTX for CUDA)
  Llvm,    // LLVM IR
  Runtime, // riffle_runtime.a (+ .so) for --no-runtime libraries; no INPUT
};

struct DriverOptions {
  std::string inputPath;
  /// Output file for text emits ("-" or empty: stdout); output folder for
  /// --emit=lib ("-" or empty: the current folder).
  std::string outputPath;
  /// DESIGN.md's contract: without --emit, the library.
  EmitKind emit = EmitKind::Lib;
  /// Symbol and file name; default: the input's stem as a C identifier.
  std::string name;
  /// Halide target string for code generation.
  std::string target = "host";
  /// --schedule: "riffle" or "auto:NAME" (riffle/Codegen/Schedule.h);
  /// checked by runDriver.
  std::string schedule = "riffle";
  /// --emit=lib/runner/runtime: also write NAME.so.
  bool shared = false;
  /// --emit=lib: leave Halide's runtime out (--no-runtime); the program
  /// links one riffle_runtime.a from --emit=runtime for all its models.
  bool noRuntime = false;
  /// --batch: "" (the model's own) or "dynamic" (chosen per call).
  std::string batch;
  /// --quiet: no progress lines on stderr.
  bool quiet = false;
  /// Overrides the model input's shape (ONNX inputs only).
  llvm::SmallVector<int64_t> inputShape;
  /// Print weights in full instead of eliding large ones.
  bool keepWeights = false;
  /// Passes of the default pipeline to leave out (by argument name).
  llvm::SmallVector<std::string> disabledPasses;
  /// Print the IR (to stderr) after every pass / after the named ones.
  bool printIrAfterAll = false;
  llvm::SmallVector<std::string> printIrAfter;
  /// Print the passes' statistics (to stderr) after the pipeline.
  bool passStatistics = false;
  /// riffle-plan-codegen's materialize-shuffles: every channel_shuffle a
  /// copy of its own (the baseline the shuffle fusion is measured against).
  bool materializeShuffles = false;
  /// riffle-plan-codegen's sample-loop: a separable batch computed one
  /// sample at a time (CPU targets).
  bool sampleLoop = true;
  /// riffle-plan-codegen's max-pipeline-funcs: CPU functions with more
  /// Halide Funcs are split into several pipelines (0: never).
  int64_t maxPipelineFuncs = 128;
  /// --emit=runner: compile with Halide's `profile` feature; NAME_run
  /// --profile then prints the per-layer table.
  bool profile = false;
  /// Print the MACs/params table (stdout) before and after the pipeline;
  /// the emitted output then goes only to an -o file.
  bool report = false;
};

/// "shufflenet-v2.x1" -> "shufflenet_v2_x1"; a leading digit gets a prefix.
std::string makeCIdentifier(llvm::StringRef name);

/// Reads INPUT (.onnx, .onnxtxt or .mlir) into a module of riffle IR.
/// Returns null after reporting diagnostics.
OwningOpRef<ModuleOp> loadInput(MLIRContext &context,
                                const DriverOptions &options);

/// Runs rifflec: load, (later: passes and code generation), emit. Reports
/// every problem as a diagnostic; returns the process exit code.
int runDriver(MLIRContext &context, const DriverOptions &options);

/// Prints diagnostics as `FILE: error: node 'NAME': message` for model
/// files and `FILE:LINE:COL: error: message` for IR files.
void registerDriverDiagnosticHandler(MLIRContext &context);

} // namespace mlir::riffle

#endif // RIFFLE_DRIVER_DRIVER_H
