//===- AutoSchedule.cpp - Halide's autoschedulers as plugins --------------===//
//
// See riffle/Codegen/Schedule.h. Every Halide call goes through runHalide.
//
// Halide 14's API (Halide.h): a plugin is loaded with Halide::load_plugin
// (dlopen; the library's static initializer registers its autoscheduler by
// name with Pipeline::add_autoscheduler), then
// Pipeline::auto_schedule(name, target, MachineParams) runs it. All three
// autoschedulers apply the schedule they find to the pipeline's Funcs
// themselves (AutoSchedulerResults::schedule_source is only its C++ text), so
// compiling the same Pipeline afterwards uses it. They need an estimate of
// every input's and every output's region; Riffle's shapes are static, so the
// estimates are the exact bounds.
//
// Machine parameters: HL_MACHINE_PARAMS ("parallelism,cache_bytes,balance")
// when set, which MachineParams::generic() reads; otherwise generic()'s
// (Halide 14: 16,16777216,40) with parallelism set to this machine's
// hardware threads. The cache size and balance stay Halide's defaults.
//
// The plugins must come from the same Halide build as libHalide14.so.0 (they
// link against it and register into its table), so they are looked up next
// to the libHalide this process has loaded (dladdr), in Debian's halide14/
// subfolder, then in libHalide's own folder (upstream's layout), then in the
// folder CMake was configured with.
//
// Quirks of Debian's 14.0.0 build, seen on ShuffleNet units and ShuffleNet
// V2 (test/Codegen/schedule-auto*.test):
//   - Adams2019 carries its cost model's weights inside the plugin
//     ("Loading weights from built-in data..." with HL_DEBUG_AUTOSCHEDULE=1);
//     HL_WEIGHTS_DIR names a .weights file (or, deprecated, a folder) to use
//     instead. Its search reads HL_BEAM_SIZE (default 32), HL_NUM_PASSES
//     (default 5, 1 for beam 1), HL_RANDOM_DROPOUT, HL_SEED,
//     HL_NO_SUBTILING, HL_AUTOSCHEDULE_MEMORY_LIMIT. The default search is
//     impractical here: one ShuffleNet V1 unit at 14x14 took 81 s and 3.9 GB
//     (beam 1: 0.6 s and 0.3 GB), and beam 1 on the whole of ShuffleNet V2
//     already takes about 30 s and 3 GB. rifflec therefore sets
//     HL_BEAM_SIZE=1 (a greedy search) when it is unset, and says so.
//   - Adams2019 prints its progress to stderr ("generate_schedule for
//     target=...", "Pass 0 of 1, cost: ...", "Warning: Huge number of
//     states generated"); Mullapudi2016 warns once per stage that it
//     vectorizes an outer dimension ("Outer dim vectorization of var c");
//     Li2018 is silent. rifflec leaves their output alone.
//   - Li2018 (meant for gradient pipelines) handles Riffle's pipelines: it
//     computes each Func at root, parallel and vectorized. It is the only
//     one that makes GPU schedules; Adams2019 and Mullapudi2016 return CPU
//     schedules for a GPU target (rifflec notes it).
//   - Adams2019's schedules are miscompiled by Halide 14 or read outside
//     Riffle's buffers; rifflec works around two cases after the
//     autoscheduler has run (set RIFFLE_AUTOSCHEDULE_RAW=1 to compile its
//     schedule as is), and warns at every use because a third remains
//     (ShuffleNet V2 x1.0 at 224x224 computes wrong numbers, raw or not):
//     1. Sliding window over a reduction loop: with a producer computed
//        inside a consumer's update loop over an RVar and stored further
//        out (e.g. a conv's padded input compute_at(conv, r.x),
//        store_at(conv, c)), Halide's sliding window skips producing the
//        rows the later RVar iterations need, and the consumer reads
//        uninitialized memory: silently wrong, nondeterministic output
//        (ShuffleNet V1 units, stride 1 and 2, and the ShuffleNet V2
//        stride-2 unit at 14x14, beam 1 and 4, and beam 32 with one pass).
//        Such Funcs are stored where they are computed, which turns sliding
//        window (and storage folding) off for them only.
//     2. Over-computed tiles: ShiftInwards and RoundUp splits (and Auto,
//        which is one of them) compute a Func over more than its required
//        region where a tile is wider than what is left at a border. Where
//        that reaches the pipeline's inputs or the embedded weight and
//        channel-table buffers, whose bounds Riffle fixes, the library fails
//        at run time ("Input buffer input_0 is accessed at -1, which is
//        before the min (0) in dimension 0"; Halide warns "This pipeline is
//        guaranteed to fail an assertion at runtime" while compiling
//        ShuffleNet V2). Every split's tail strategy becomes GuardWithIf,
//        which is legal everywhere. Applied to all three autoschedulers: on
//        ShuffleNet V2 it left Mullapudi2016's and Li2018's run times
//        unchanged within noise.
//
//===----------------------------------------------------------------------===//

#include "riffle/Codegen/Schedule.h"

#include "riffle/Conversion/RiffleToHalide/HalideSupport.h"
#include "riffle/Conversion/RiffleToHalide/RiffleToHalide.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include "Halide.h"

#include <dlfcn.h>
#include <link.h>

#include <chrono>
#include <thread>

using namespace mlir;
using namespace mlir::riffle;

namespace {
struct AutoschedulerInfo {
  ScheduleKind kind;
  /// rifflec's spelling, after "auto:".
  llvm::StringRef option;
  /// The name the plugin registers with Pipeline::add_autoscheduler.
  llvm::StringRef halideName;
  /// The plugin's file name.
  llvm::StringRef plugin;
};

constexpr AutoschedulerInfo kAutoschedulers[] = {
    {ScheduleKind::Adams2019, "adams2019", "Adams2019",
     "libautoschedule_adams2019.so"},
    {ScheduleKind::Mullapudi2016, "mullapudi2016", "Mullapudi2016",
     "libautoschedule_mullapudi2016.so"},
    {ScheduleKind::Li2018, "li2018", "Li2018", "libautoschedule_li2018.so"},
};

const AutoschedulerInfo *findAutoscheduler(ScheduleKind kind) {
  for (const AutoschedulerInfo &info : kAutoschedulers)
    if (info.kind == kind)
      return &info;
  return nullptr;
}

/// The path of the libHalide this process has loaded, or empty.
std::string loadedHalideLibrary() {
  // dladdr of a function libHalide defines names the object it lives in. In
  // a position-independent executable (Debian's default) the address taken
  // is the function's own; a non-PIE executable may get a canonical PLT
  // entry inside itself instead, so accept only an object named like
  // libHalide and otherwise look through the loaded objects by name.
  Dl_info info;
  if (dladdr(reinterpret_cast<void *>(&Halide::load_plugin), &info) &&
      info.dli_fname &&
      llvm::sys::path::filename(info.dli_fname).starts_with("libHalide"))
    return info.dli_fname;
  std::string found;
  dl_iterate_phdr(
      [](struct dl_phdr_info *object, size_t, void *data) -> int {
        if (!object->dlpi_name || !llvm::sys::path::filename(object->dlpi_name)
                                       .starts_with("libHalide"))
          return 0;
        *static_cast<std::string *>(data) = object->dlpi_name;
        return 1;
      },
      &found);
  return found;
}

/// The folders to look for plugins in, best first: Debian's halide14/ next
/// to libHalide14.so.0, libHalide's own folder (upstream's install layout),
/// and the folder CMake configured (HALIDE_SHARE_DIR), in case libHalide
/// cannot be located at run time.
SmallVector<std::string> pluginDirs() {
  SmallVector<std::string> dirs;
  std::string library = loadedHalideLibrary();
  if (!library.empty()) {
    llvm::SmallString<256> real;
    if (llvm::sys::fs::real_path(library, real))
      real = library;
    llvm::StringRef dir = llvm::sys::path::parent_path(real);
    llvm::SmallString<256> debian(dir);
    llvm::sys::path::append(debian, "halide14");
    dirs.push_back(std::string(debian));
    dirs.push_back(dir.str());
  }
#ifdef RIFFLE_HALIDE_PLUGIN_DIR
  if (!llvm::is_contained(dirs, RIFFLE_HALIDE_PLUGIN_DIR))
    dirs.push_back(RIFFLE_HALIDE_PLUGIN_DIR);
#endif
  return dirs;
}

/// Finds the plugin of `info` (its path into `path`) and loads it, once per
/// process: loading a second copy would register the autoscheduler's name
/// twice, which Halide rejects.
LogicalResult loadPlugin(const AutoschedulerInfo &info,
                         function_ref<InFlightDiagnostic()> emitError,
                         std::string &path) {
  static llvm::StringMap<std::string> loaded; // Halide name -> path
  if (auto it = loaded.find(info.halideName); it != loaded.end()) {
    path = it->second;
    return success();
  }
  SmallVector<std::string> dirs = pluginDirs();
  path.clear();
  for (const std::string &dir : dirs) {
    llvm::SmallString<256> candidate(dir);
    llvm::sys::path::append(candidate, info.plugin);
    if (llvm::sys::fs::exists(candidate)) {
      path = std::string(candidate);
      break;
    }
  }
  if (path.empty()) {
    InFlightDiagnostic diag = emitError();
    diag << "--schedule=auto:" << info.option << ": Halide's autoscheduler "
         << "plugin " << info.plugin << " not found (looked in ";
    if (dirs.empty())
      diag << "no folder: libHalide's location is unknown";
    llvm::interleaveComma(dirs, diag);
    diag << "); it ships with Debian's libhalide14-0-dev";
    return failure();
  }
  // load_plugin reports a dlopen failure (a broken or foreign library) as a
  // Halide::Error.
  if (failed(runHalide([&] { Halide::load_plugin(path); },
                       [&] {
                         return emitError() << "--schedule=auto:" << info.option
                                            << ": cannot load " << path << ": ";
                       })))
    return failure();
  loaded[info.halideName] = path;
  return success();
}

/// The region [0, extent) of every Halide dimension of `shape` (MLIR order:
/// Halide's dimension 0 is the last axis).
Halide::Region regionOf(ArrayRef<int64_t> shape) {
  Halide::Region region;
  for (int64_t extent : llvm::reverse(shape))
    region.emplace_back(0, static_cast<int>(extent));
  return region;
}

/// The stage `level` names, or -1 for "the last stage", which is what
/// compute_at(f, var) without a stage means (LoopLevel::stage_index asserts
/// on it, throwing Halide::InternalError).
int stageIndexOf(const Halide::LoopLevel &level) {
  try {
    return level.stage_index();
  } catch (const Halide::Error &) {
    return -1;
  }
}

/// Whether Halide's loop name `loop` ("c.ci.ci") is the loop over `var`.
bool isLoopOver(const std::string &loop, const std::string &var) {
  return loop == var || llvm::StringRef(loop).ends_with("." + var);
}

/// Whether a loop over an RVar lies between `function`'s store level
/// (exclusive) and compute level (inclusive): the loops Halide's sliding
/// window optimization may slide over. `funcs` holds every Function of the
/// pipeline by name.
bool slidesOverRVarLoop(
    const Halide::Internal::Function &function,
    const std::map<std::string, Halide::Internal::Function> &funcs) {
  using Halide::LoopLevel;
  LoopLevel store = function.schedule().store_level();
  LoopLevel level = function.schedule().compute_level();
  store.lock();
  level.lock();
  if (store.is_inlined() || level.is_inlined() || level.is_root() ||
      store == level)
    return false;
  // Walk outwards from the compute level, through the consumers' loop nests,
  // until the store level.
  for (size_t depth = 0; depth <= funcs.size(); ++depth) {
    auto it = funcs.find(level.func());
    if (it == funcs.end())
      return false;
    const Halide::Internal::Function &consumer = it->second;
    std::string var = level.var().name();
    auto dimsOf = [&](int stage) -> const std::vector<Halide::Internal::Dim> & {
      return (stage == 0 ? consumer.definition() : consumer.update(stage - 1))
          .schedule()
          .dims();
    };
    const int lastStage = static_cast<int>(consumer.updates().size());
    int stage = stageIndexOf(level);
    if (stage < 0 || stage > lastStage) {
      // The last stage with a loop over `var`.
      stage = lastStage;
      while (stage > 0 && llvm::none_of(dimsOf(stage), [&](const auto &dim) {
               return isLoopOver(dim.var, var);
             }))
        --stage;
    }
    const std::vector<Halide::Internal::Dim> &dims = dimsOf(stage);
    size_t i = 0;
    while (i < dims.size() && !isLoopOver(dims[i].var, var))
      ++i;
    bool storeHere = !store.is_root() && store.func() == consumer.name();
    if (storeHere) {
      int storeStage = stageIndexOf(store);
      storeHere = storeStage < 0 || storeStage == stage;
    }
    std::string storeVar = storeHere ? store.var().name() : std::string();
    for (; i < dims.size(); ++i) {
      if (storeHere && isLoopOver(dims[i].var, storeVar))
        return false;
      if (dims[i].is_rvar())
        return true;
    }
    level = consumer.schedule().compute_level();
    level.lock();
    if (level.is_root() || level.is_inlined())
      return false;
  }
  return false;
}

/// Makes every split of every stage guard its tail (TailStrategy::
/// GuardWithIf) instead of shifting the last tile inwards or rounding the
/// loop up (ShiftInwards, RoundUp, or Auto, which means one of those for
/// pure variables): those compute the Func over more than the region asked
/// for, and the extra region, at a border, reads the inputs or the embedded
/// weight and table buffers outside their bounds, which Riffle constrains
/// (see the file comment). Guarding is legal for every split. Returns how
/// many splits changed.
unsigned guardSplitTails(
    const std::map<std::string, Halide::Internal::Function> &funcs) {
  unsigned changed = 0;
  for (const auto &[name, constFunction] : funcs) {
    Halide::Internal::Function function = constFunction; // a shared handle
    for (size_t stage = 0; stage <= function.updates().size(); ++stage) {
      Halide::Internal::Definition &definition =
          stage == 0 ? function.definition() : function.update(stage - 1);
      for (Halide::Internal::Split &split : definition.schedule().splits()) {
        if (!split.is_split() ||
            split.tail == Halide::TailStrategy::GuardWithIf)
          continue;
        split.tail = Halide::TailStrategy::GuardWithIf;
        ++changed;
      }
    }
  }
  return changed;
}

/// Works around a Halide 14 miscompile (see the file comment): every Func
/// that could be slid over a loop over an RVar is stored where it is
/// computed instead. Returns how many Funcs changed.
unsigned storeWhereComputedAroundRVars(
    const std::map<std::string, Halide::Internal::Function> &funcs) {
  unsigned changed = 0;
  for (auto &[name, function] : funcs) {
    if (!slidesOverRVarLoop(function, funcs))
      continue;
    Halide::LoopLevel compute = function.schedule().compute_level();
    Halide::Func(function).store_at(compute);
    ++changed;
  }
  return changed;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}
} // namespace

ArrayRef<llvm::StringRef> mlir::riffle::getScheduleNames() {
  static const llvm::StringRef names[] = {"riffle", "auto:adams2019",
                                          "auto:mullapudi2016", "auto:li2018"};
  return names;
}

std::optional<ScheduleKind>
mlir::riffle::parseScheduleName(llvm::StringRef name) {
  if (name == "riffle")
    return ScheduleKind::Riffle;
  if (!name.consume_front("auto:"))
    return std::nullopt;
  for (const AutoschedulerInfo &info : kAutoschedulers)
    if (name == info.option)
      return info.kind;
  return std::nullopt;
}

llvm::StringRef mlir::riffle::getScheduleName(ScheduleKind kind) {
  switch (kind) {
  case ScheduleKind::Riffle:
    return "riffle";
  case ScheduleKind::Adams2019:
    return "auto:adams2019";
  case ScheduleKind::Mullapudi2016:
    return "auto:mullapudi2016";
  case ScheduleKind::Li2018:
    return "auto:li2018";
  }
  return "riffle";
}

LogicalResult mlir::riffle::autoSchedule(
    LoweredPipeline &lowered, ArrayRef<SmallVector<int64_t, 4>> inputShapes,
    ScheduleKind kind, llvm::StringRef target,
    function_ref<InFlightDiagnostic()> emitError, llvm::raw_ostream *progress) {
  const AutoschedulerInfo *info = findAutoscheduler(kind);
  if (!info)
    return emitError() << "internal error: --schedule=" << getScheduleName(kind)
                       << " is not an autoscheduler";
  if (inputShapes.size() != lowered.inputs.size() ||
      lowered.outputShapes.size() != lowered.outputs.size())
    return emitError() << "internal error: " << inputShapes.size()
                       << " input shapes for " << lowered.inputs.size()
                       << " inputs";
  auto say = [&](const llvm::Twine &text) {
    if (progress) {
      *progress << "rifflec: " << text << "\n";
      progress->flush();
    }
  };

  std::string pluginPath;
  if (failed(loadPlugin(*info, emitError, pluginPath)))
    return failure();

  // Machine parameters: HL_MACHINE_PARAMS when set (MachineParams::generic
  // reads it), else Halide's generic ones with this machine's parallelism.
  bool fromEnvironment = std::getenv("HL_MACHINE_PARAMS") != nullptr;
  std::string paramsText;
  if (failed(runHalide(
          [&] {
            Halide::MachineParams params = Halide::MachineParams::generic();
            if (!fromEnvironment) {
              unsigned threads = std::thread::hardware_concurrency();
              params.parallelism = static_cast<int>(threads ? threads : 1);
            }
            paramsText = params.to_string();
          },
          [&] {
            return emitError() << "--schedule=auto:" << info->option
                               << ": bad HL_MACHINE_PARAMS: ";
          })))
    return failure();

  // Adams2019's default beam search (beam 32, 5 passes) takes minutes and
  // gigabytes even for one ShuffleNet unit and is out of reach for a whole
  // network (file comment); rifflec asks for a greedy search (beam 1)
  // unless HL_BEAM_SIZE says otherwise. The plugin reads it on each call.
  std::string search;
  if (kind == ScheduleKind::Adams2019) {
    const char *beam = std::getenv("HL_BEAM_SIZE");
    if (!beam) {
      ::setenv("HL_BEAM_SIZE", "1", /*overwrite=*/0);
      search = ", beam size 1 (HL_BEAM_SIZE to widen)";
    } else {
      search = ", beam size " + std::string(beam) + " (HL_BEAM_SIZE)";
    }
  }
  say(llvm::formatv("autoscheduling with {0} (Halide's {1} from {2}; machine "
                    "parameters {3}{4}{5}) ...",
                    info->option, info->halideName, pluginPath, paramsText,
                    fromEnvironment ? " (HL_MACHINE_PARAMS)" : "", search)
          .str());
  // Halide 14's Adams2019 and Mullapudi2016 schedule for the CPU only: for
  // a GPU target they return a CPU schedule (no gpu_blocks/gpu_threads), so
  // the pipeline runs on the host; Li2018 makes GPU schedules.
  bool gpu = false;
  if (failed(runHalide(
          [&] { gpu = Halide::Target(target.str()).has_gpu_feature(); },
          emitError)))
    return failure();
  // Seen on whole networks after the workarounds below: ShuffleNet V2 x1.0
  // computes wrong numbers (max |diff| 2 against PyTorch, also with every
  // Func stored where it is computed, so not the sliding-window bug) and
  // MobileNet V2 fails to compile ("Can only unroll for loops over a
  // constant extent"). Not found in time; said at every use.
  if (kind == ScheduleKind::Adams2019)
    say("warning: Halide 14's Adams2019 schedules are miscompiled on some "
        "networks (wrong output on ShuffleNet V2 x1.0): check the library's "
        "output before trusting it; use it as a timing baseline only");
  if (gpu && kind != ScheduleKind::Li2018)
    say(llvm::Twine("note: Halide 14's ") + info->halideName +
        " makes CPU schedules only; on this GPU target the pipeline will "
        "run on the host (auto:li2018 schedules for the GPU)");
  auto start = std::chrono::steady_clock::now();
  bool raw = std::getenv("RIFFLE_AUTOSCHEDULE_RAW") != nullptr;
  unsigned storesMoved = 0, tailsGuarded = 0;
  if (failed(runHalide(
          [&] {
            for (auto [param, shape] : llvm::zip(lowered.inputs, inputShapes))
              param.set_estimates(regionOf(shape));
            for (auto [func, shape] :
                 llvm::zip(lowered.outputs, lowered.outputShapes))
              func.set_estimates(regionOf(shape));
            lowered.pipeline().auto_schedule(info->halideName.str(),
                                           Halide::Target(target.str()),
                                           Halide::MachineParams(paramsText));
            if (raw)
              return;
            std::map<std::string, Halide::Internal::Function> funcs;
            for (const Halide::Func &output : lowered.pipeline().outputs()) {
              auto calls =
                  Halide::Internal::find_transitive_calls(output.function());
              funcs.insert(calls.begin(), calls.end());
            }
            storesMoved = storeWhereComputedAroundRVars(funcs);
            tailsGuarded = guardSplitTails(funcs);
          },
          [&] {
            return emitError()
                   << "--schedule=auto:" << info->option << ": Halide's "
                   << info->halideName << " autoscheduler failed: ";
          })))
    return failure();
  say(llvm::formatv("autoscheduling done in {0:f2} s{1}", secondsSince(start),
                    raw ? std::string(" (RIFFLE_AUTOSCHEDULE_RAW: as is)")
                        : llvm::formatv(" ({0} split tails guarded, {1} "
                                        "Funcs stored where computed)",
                                        tailsGuarded, storesMoved)
                              .str())
          .str());
  return success();
}
