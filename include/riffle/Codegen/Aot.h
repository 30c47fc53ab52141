//===- Aot.h - Ahead-of-time compilation to a library + header --*- C++ -*-===//
//
// rifflec --emit=lib: lowers the model's function to a Halide pipeline
// (riffle/Codegen/Lowering.h), compiles it ahead of time and writes, into
// OUTDIR:
//
//   NAME.a          the pipeline, as the symbol NAME_halide, plus Halide's
//                   runtime (static_library); link with -lpthread -ldl
//   NAME_halide.h   Halide's header (it carries HalideRuntime.h):
//                   int NAME_halide(halide_buffer_t *input_0, ...,
//                   halide_buffer_t *output_0, ...)
//   NAME.h          the entry points for users: includes NAME_halide.h and
//                   adds the shapes as constants, the Halide entry
//                   `static inline int NAME(halide_buffer_t *input_0, ...)`
//                   (NAME_halide behind a non-aborting error handler: Halide's
//                   default one aborts on a bad buffer) and a plain C entry
//                   NAME_run(const float *in0, ..., float *out0, ...) over
//                   dense row-major (NCHW) arrays (`in`, `out` for one each)
//   NAME.so         with `shared`: the same, as a shared library
//   NAME_run        with `runner` (rifflec --emit=runner): an executable
//                   linked against NAME.a; see lib/Codegen/runner/
//                   RunnerMain.cpp for its usage. Its main() is embedded in
//                   rifflec at build time and compiled, together with a
//                   generated glue header (riffle_runner_model.h, which
//                   includes NAME.h), by the system C++ compiler (`c++`)
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
  /// Also link NAME.so (runs the system C compiler, `cc`).
  bool shared = false;
  /// Also build the executable NAME_run (runs the system C++ compiler,
  /// `c++`); the target must be for this machine's architecture and OS.
  bool runner = false;
  /// Stage progress with times ("rifflec: ..."); null for none.
  llvm::raw_ostream *progress = &llvm::errs();
};

/// Compiles `func` into OUTDIR/NAME.{a,h} (and NAME.so). Reports every
/// problem as a diagnostic and returns failure, leaving no output file.
LogicalResult emitLibrary(func::FuncOp func, const AotOptions &options);

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
