//===- Schedule.h - Which schedule a compiled pipeline gets -----*- C++ -*-===//
//
// rifflec --schedule=riffle|auto:adams2019|auto:mullapudi2016|auto:li2018.
//
// `riffle` is Riffle's own schedule, applied by the lowering
// (riffle/Conversion/RiffleToHalide/RiffleToHalide.h). The `auto:` ones lower with no Riffle
// schedule and hand the pipeline to one of Halide 14's autoschedulers, which
// Debian's libhalide14-0-dev ships as plugins (libautoschedule_NAME.so in
// /usr/lib/x86_64-linux-gnu/halide14, next to libHalide14.so.0); they are
// loaded on first use. They are a baseline for Riffle's schedules to beat.
//
// This header does not include Halide.h, so the driver can parse the option
// without building against Halide.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_CODEGEN_SCHEDULE_H
#define RIFFLE_CODEGEN_SCHEDULE_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <optional>

namespace mlir::riffle {

struct LoweredPipeline;

enum class ScheduleKind {
  Riffle,        // Riffle's own schedule (the default)
  Adams2019,     // Halide's learned-cost-model beam search ("Adams2019")
  Mullapudi2016, // Halide's heuristic grouping/tiling ("Mullapudi2016")
  Li2018,        // Halide's gradient autoscheduler ("Li2018")
};

/// The option spellings, in order: "riffle", "auto:adams2019",
/// "auto:mullapudi2016", "auto:li2018".
llvm::ArrayRef<llvm::StringRef> getScheduleNames();

/// The kind `name` spells (one of getScheduleNames()), or nullopt.
std::optional<ScheduleKind> parseScheduleName(llvm::StringRef name);

/// The option spelling of `kind` ("auto:adams2019").
llvm::StringRef getScheduleName(ScheduleKind kind);

/// Schedules `lowered` (lowered without a Riffle schedule) with Halide's
/// autoscheduler `kind` (not Riffle) for `target` (a resolved Halide target
/// string): sets estimates on every input (`inputShapes`, MLIR order) and
/// output (lowered.outputShapes) from their static shapes, loads the plugin
/// and runs the autoscheduler, which applies its schedule to the pipeline's
/// Funcs. It then adjusts that schedule around two Halide 14 problems (every
/// split guards its tail; Funcs that sliding window could slide over a
/// reduction loop are stored where computed); RIFFLE_AUTOSCHEDULE_RAW=1
/// leaves the schedule as is. Machine parameters: HL_MACHINE_PARAMS when
/// set, else Halide's generic ones with parallelism set to this machine's
/// hardware threads. Adams2019 searches with HL_BEAM_SIZE=1 unless it is
/// set. lib/Codegen/AutoSchedule.cpp documents why. Progress lines
/// ("rifflec: ...") go to `progress` when non-null. Reports problems (plugin
/// missing, autoscheduler errors) through `emitError` and returns failure.
LogicalResult
autoSchedule(LoweredPipeline &lowered,
             llvm::ArrayRef<llvm::SmallVector<int64_t, 4>> inputShapes,
             ScheduleKind kind, llvm::StringRef target,
             llvm::function_ref<InFlightDiagnostic()> emitError,
             llvm::raw_ostream *progress);

} // namespace mlir::riffle

#endif // RIFFLE_CODEGEN_SCHEDULE_H
