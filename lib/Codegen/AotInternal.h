//===- AotInternal.h - The AOT writer's parts, shared privately -*- C++ -*-===//
//
// rifflec's library writer (riffle/Codegen/Aot.h) in parts, one per concern:
//   AotLibrary.cpp    drives a build: lower, compile with Halide, glue, link,
//                     stage (emitLibrary, emitRuntime)
//   AotHeader.cpp     the text rifflec generates: NAME.h, the glue's
//                     configuration header, the runner's glue header
//   AotToolchain.cpp  the C/C++ compilers, archiver and linker for a target
//   AotStaging.cpp    the temporary folder inside OUTDIR and the renames that
//                     put a complete set of files in place
//   AotText.cpp       Halide's text views (emitHalideText)
// The C glue itself is real C source under lib/Codegen/glue/, embedded into
// rifflec at build time with the runner's main and the .npy code.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_LIB_CODEGEN_AOTINTERNAL_H
#define RIFFLE_LIB_CODEGEN_AOTINTERNAL_H

#include "riffle/Conversion/RiffleToHalide/RiffleToHalide.h"
#include "riffle/Codegen/Schedule.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <string>

namespace mlir::riffle::aot {

using Shape = SmallVector<int64_t, 4>;
using EmitError = function_ref<InFlightDiagnostic()>;

/// Progress lines ("rifflec: ...") with stage times; silent without a stream.
class Progress {
public:
  explicit Progress(llvm::raw_ostream *os) : os(os) {}
  void say(const llvm::Twine &text) const;
  /// Starts timing a stage; `done` reports the seconds since.
  void start() { begin = std::chrono::steady_clock::now(); }
  double seconds() const;
  llvm::raw_ostream *stream() const { return os; }

private:
  llvm::raw_ostream *os;
  std::chrono::steady_clock::time_point begin = std::chrono::steady_clock::now();
};

/// What the generated C sees of a compiled model.
struct ModelSignature {
  std::string name;
  std::string target; // resolved Halide target string
  SmallVector<Shape> inputs, outputs;
  bool gpu = false;
  bool dynamicBatch = false;
  /// The plan's riffle.sample_loop: the pipelines compute one sample of a
  /// batch of this many, and the glue calls them once per sample (1: the
  /// whole batch in one call).
  int64_t sampleLoop = 1;
  /// Compiled with Halide's profiler (rifflec --profile).
  bool profile = false;
  /// Compiled with Halide's no_runtime feature: Halide's header then lacks
  /// the runtime's declarations, so NAME.h includes HalideRuntime.h.
  bool noRuntime = false;
  /// The Halide pipelines a call runs, in order (one unless the plan splits
  /// the model): each one's C function and the buffers it takes.
  struct Stage {
    std::string function;
    SmallVector<PipelineBuffer> buffers;
  };
  SmallVector<Stage> stages;
  /// The shapes of the buffers pipelines hand to later ones.
  SmallVector<Shape> intermediates;
};

/// The shapes of `func`'s arguments; an error unless all are statically
/// shaped f32 tensors. `what` names the emit in the message.
FailureOr<SmallVector<Shape>> getInputShapes(func::FuncOp func,
                                             llvm::StringRef what);

/// Lowers `func` and schedules it as `schedule` says: Riffle's schedule is
/// applied by the lowering; an autoscheduler gets the unscheduled pipeline.
FailureOr<LoweredPipeline> lowerAndSchedule(func::FuncOp func,
                                            ArrayRef<Shape> inputShapes,
                                            ScheduleKind schedule,
                                            llvm::StringRef target,
                                            const Progress &progress);

/// The C name of pipeline `index` of a function lowered into `numStages`
/// of them, under `pipelineName`: the name itself for a single pipeline,
/// else `<pipelineName>_s<index>`.
std::string getStageFunctionName(llvm::StringRef pipelineName, size_t index,
                                 size_t numStages);

/// Whether `target` (a string resolveHalideTarget accepted) offloads to a
/// GPU.
bool isGpuTarget(llvm::StringRef target);

// AotHeader.cpp
/// NAME.h: the shapes as constants and the C API's declarations.
std::string makeModelHeader(const ModelSignature &model);
/// riffle_glue_config.h: the macros glue/riffle_glue_model.c is written
/// against.
std::string makeGlueConfig(const ModelSignature &model);
/// riffle_runner_model.h: NAME.h seen generically by runner/RunnerMain.cpp.
std::string makeRunnerGlue(const ModelSignature &model);

// AotProfile.cpp
/// The runner's profile table (appended to riffle_runner_model.h by
/// rifflec --emit=runner --profile): each layer's op, ONNX node(s) and MACs,
/// the layer each Func of `lowered` computes, and the pipelines (`model`'s
/// stages) whose times add up to a run.
std::string makeProfileTable(func::FuncOp func, const LoweredPipeline &lowered,
                             const ModelSignature &model);

// AotToolchain.cpp
/// The programs that build a target's code: the C compiler (glue, shared
/// libraries), the C++ compiler (runner) and the archiver. For this
/// machine's architecture `cc`, `c++`, `ar`; for aarch64 Linux on another
/// host Debian's cross toolchain (aarch64-linux-gnu-gcc, -g++, -ar).
struct Toolchain {
  std::string target;       // the resolved Halide target string
  std::string triplePrefix; // "" or "aarch64-linux-gnu-"
  bool native = true;
};
/// Resolves the Halide target string `target` ("host", ...) and finds its
/// toolchain; an unknown target or one without a toolchain is an error.
FailureOr<Toolchain> getToolchain(llvm::StringRef target, EmitError emitError);
/// Runs `argv` (argv[0] a program name found on PATH), its stdout and stderr
/// into `log`; on failure reports `what` failed with the log's text.
LogicalResult runTool(ArrayRef<std::string> argv, llvm::StringRef log,
                      llvm::StringRef what, EmitError emitError);
/// cc -c SOURCE -o OBJECT with `includeDir` on the include path.
LogicalResult compileC(const Toolchain &tools, llvm::StringRef source,
                       llvm::StringRef includeDir, llvm::StringRef object,
                       llvm::StringRef log, EmitError emitError);
/// ar: appends `objects` to ARCHIVE (created when missing) and indexes it.
LogicalResult addToArchive(const Toolchain &tools, llvm::StringRef archive,
                           ArrayRef<std::string> objects, llvm::StringRef log,
                           EmitError emitError);
/// cc -shared: ARCHIVE's every member into SO.
LogicalResult linkShared(const Toolchain &tools, llvm::StringRef archive,
                         llvm::StringRef so, llvm::StringRef log,
                         EmitError emitError);
/// c++: the runner's sources (in `sourceDir`) against ARCHIVE into EXE.
LogicalResult linkRunner(const Toolchain &tools, ArrayRef<std::string> sources,
                         llvm::StringRef sourceDir, llvm::StringRef archive,
                         llvm::StringRef exe, llvm::StringRef log,
                         EmitError emitError);

// AotStaging.cpp
/// A temporary folder inside OUTDIR where a build writes its files; commit()
/// renames the finished ones into OUTDIR, the last one last, so its presence
/// means the set is complete. The folder is removed when the object goes.
class OutputStaging {
public:
  ~OutputStaging();
  /// Creates OUTDIR when missing and the temporary folder in it.
  LogicalResult create(llvm::StringRef outputDir, llvm::StringRef name,
                       EmitError emitAtDir);
  std::string path(llvm::StringRef file) const;
  const std::string &folder() const { return tmpDir; }
  LogicalResult write(llvm::StringRef file, llvm::StringRef text,
                      EmitError emitError) const;
  /// Writes each (file, text) pair.
  LogicalResult
  write(ArrayRef<std::pair<llvm::StringRef, llvm::StringRef>> files,
        EmitError emitError) const;
  /// Moves `files` into OUTDIR in order; on failure removes what moved.
  LogicalResult commit(ArrayRef<std::string> files, EmitError emitAtDir);

private:
  std::string outputDir, tmpDir;
};

/// Writes `text` to `path`, reporting failures.
LogicalResult writeText(llvm::StringRef path, llvm::StringRef text,
                        EmitError emitError);

} // namespace mlir::riffle::aot

#endif // RIFFLE_LIB_CODEGEN_AOTINTERNAL_H
