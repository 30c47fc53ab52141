//===- Aot.h - Ahead-of-time compilation to a library + header --*- C++ -*-===//
//
// rifflec --emit=lib: lowers the model's function to a Halide pipeline
// (riffle/Conversion/RiffleToHalide/RiffleToHalide.h), compiles it ahead of time and writes, into
// OUTDIR:
//
//   NAME.a          the pipeline (symbol NAME_halide), the model's C API
//                   (lib/Codegen/glue/riffle_glue_model.c) and, unless
//                   --no-runtime, Halide's runtime with the process-wide
//                   glue (glue/riffle_glue_runtime.c); link with -lpthread
//                   -ldl -lm
//   NAME_halide.h   Halide's header (it carries HalideRuntime.h)
//   NAME.h          the shapes as constants and the C API compiled into the
//                   library: the Halide entry NAME(halide_buffer_t *...),
//                   NAME_run(const float *in0, ..., float *out0, ...) over
//                   dense NCHW arrays, NAME_run_batch with --batch=dynamic,
//                   shape queries, NAME_set_num_threads, NAME_last_error.
//                   Halide's error handler (it records messages per thread
//                   instead of aborting) and buffer cache are installed once
//                   per process; every entry is safe to call from several
//                   threads
//   NAME.so         with `shared`: the same, as a shared library
//   NAME_run        with `runner` (rifflec --emit=runner): an executable
//                   linked against NAME.a; see lib/Codegen/runner/
//                   RunnerMain.cpp for its usage
//
// Several models in one program share one Halide runtime: compile each with
// `noRuntime` (Halide's no_runtime feature) and link riffle_runtime.a (or
// .so), which emitRuntime writes for the same target.
//
// The C glue, the runner's main and the .npy code the runner uses are real
// source files embedded into rifflec at build time and compiled with the
// target's toolchain: cc/c++/ar for this machine, Debian's
// aarch64-linux-gnu-gcc/g++/ar for arm-64-linux elsewhere.
//
// `dynamicBatch`: the model must have batch 1; NAME and NAME_run_batch take
// any batch and run the batch-1 pipeline once per sample (the throughput of
// batch 1; a batch compiled in with --input-shape reuses weights better).
//
// The schedule is Riffle's own or one of Halide's autoschedulers
// (riffle/Codegen/Schedule.h, rifflec --schedule=...).
//
// GPU targets (a Halide target with cuda or opencl): the library carries the
// device code and Halide's GPU runtime, which loads the driver library
// (libcuda.so, libOpenCL.so) at run time. NAME_run copies its inputs to the
// device and its outputs back; NAME takes host or device buffers and leaves
// outputs on the device (examples/run_model_device.c). The runner checks
// that the driver library loads before the first call.
//
// Everything is written into a temporary folder inside OUTDIR and renamed
// into place at the end, so a failed run leaves none of these files behind.
// The writer's parts are listed in lib/Codegen/AotInternal.h.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_CODEGEN_AOT_H
#define RIFFLE_CODEGEN_AOT_H

#include "riffle/Codegen/Schedule.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir::riffle {

struct AotOptions {
  /// Output folder (created when missing).
  std::string outputDir = ".";
  /// Symbol and file name; must be a C identifier.
  std::string name;
  /// Halide target string ("host" resolves to this machine).
  std::string target = "host";
  /// Riffle's schedule or one of Halide's autoschedulers.
  ScheduleKind schedule = ScheduleKind::Riffle;
  /// Also link NAME.so (runs the target's C compiler).
  bool shared = false;
  /// Also build the executable NAME_run (runs the target's C++ compiler).
  bool runner = false;
  /// Leave Halide's runtime out (Halide's no_runtime feature); the program
  /// links riffle_runtime.a/.so (emitRuntime) once for all its models.
  bool noRuntime = false;
  /// The batch is chosen per call (the model must have batch 1).
  bool dynamicBatch = false;
  /// Runner only: compile with Halide's `profile` feature and give the
  /// runner the table Func -> ONNX node(s), MACs (NAME_run --profile).
  bool profile = false;
  /// Stage progress with times ("rifflec: ..."); null for none.
  llvm::raw_ostream *progress = &llvm::errs();
};

/// Compiles `func` into OUTDIR/NAME.{a,h} (and NAME.so). Reports every
/// problem as a diagnostic and returns failure, leaving no output file.
LogicalResult emitLibrary(func::FuncOp func, const AotOptions &options);

/// Writes OUTDIR/riffle_runtime.a (with `shared` also riffle_runtime.so):
/// Halide's runtime for `options.target` (compile_standalone_runtime) and
/// the process-wide C glue, for libraries compiled with `noRuntime`.
LogicalResult emitRuntime(MLIRContext *context, const AotOptions &options);

/// Halide's textual views of the compiled pipeline (rifflec --emit=...).
enum class HalideTextKind {
  Stmt, // lowered statement (compile_to_lowered_stmt, text)
  Html, // lowered statement as HTML
  Asm,  // assembly; for GPU targets the device code (PTX, OpenCL C)
  Llvm, // LLVM IR (compile_to_llvm_assembly)
};

/// Compiles `func` for `target` and writes the view `kind` to `outputPath`
/// ("-" or empty: stdout). The file is written to a temporary next to it and
/// renamed into place, so a failed run leaves nothing behind. The pipeline
/// function is named `name`; it is scheduled as `schedule` says.
LogicalResult emitHalideText(func::FuncOp func, HalideTextKind kind,
                             llvm::StringRef outputPath, llvm::StringRef name,
                             llvm::StringRef target,
                             ScheduleKind schedule = ScheduleKind::Riffle,
                             llvm::raw_ostream *progress = &llvm::errs());

} // namespace mlir::riffle

#endif // RIFFLE_CODEGEN_AOT_H
