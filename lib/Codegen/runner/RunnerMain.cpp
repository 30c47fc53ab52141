//===- RunnerMain.cpp - main() of NAME_run (rifflec --emit=runner) --------===//
//
// This file is not compiled into Riffle: its text is embedded into rifflec at
// build time (lib/Codegen/runner/EmbedSource.cmake), and rifflec
// --emit=runner compiles it with the system C++ compiler against the model's
// library, together with the .npy code the compiler uses
// (lib/Support/NpyFormat.cpp). It is generic over the model; the glue header
// rifflec writes next to it, riffle_runner_model.h, includes NAME.h and
// provides:
//
//   RIFFLE_MODEL_NAME                       "NAME"
//   riffle_num_inputs, riffle_num_outputs   counts
//   riffle_input_ranks[], riffle_input_shapes[]    (row-major shapes)
//   riffle_output_ranks[], riffle_output_shapes[]
//   int riffle_model_call(const float *const *in, float *const *out)
//                                           NAME_run over dense NCHW arrays
//   const char *riffle_model_last_error()   NAME_last_error
//
// Usage: NAME_run [--input FILE.npy]... [--output FILE.npy]... [--bench N]
//                 [--threads N] [--launches]
//                 [--profile [--profile-seconds S] [--peak-gflops X]]
//   --input   float32 (or float64) C-order .npy (v1.0/2.0) of exactly the input's
//             shape, one per model input in order; without it, a
//             deterministic random input, uniform in [-1, 1) (fixed seed)
//   --output  writes the output as .npy v1.0 (one per model output);
//             without it a summary line per output goes to stdout
//   --bench N 3 warm-up runs, then N timed runs; prints exactly
//             `median_ms=X min_ms=Y` on stdout
//   --threads N  threads per parallel loop (riffle_glue_set_num_threads:
//                Riffle's pool and Halide's)
//   --launches   after one warm-up call, counts the GPU kernels one
//                inference launches (clEnqueueNDRangeKernel, cuLaunchKernel,
//                seen through Halide's symbol-lookup hooks) and prints
//                `kernel_launches=N` (0 for CPU targets)
//   --profile    (a runner built with rifflec --emit=runner --profile) runs
//                the model for --profile-seconds S (default 2, at least 10
//                runs) under Halide's sampling profiler and prints one row
//                per layer, slowest first: time per run, share, MACs,
//                GFLOP/s, with --peak-gflops X also % of X and the time the
//                layer takes beyond what X would need, then the ONNX node(s)
//                it came from. Times are samples (about 1 ms apart) spread
//                over the runs, so short layers need many runs.
// Errors: `error: ...` on stderr, exit 1.
//
//===----------------------------------------------------------------------===//

#include "riffle_runner_model.h"
#include "riffle/Support/NpyFormat.h"

#include <dlfcn.h>

// The library's thread count (lib/Codegen/glue/riffle_glue_threads.c).
extern "C" int riffle_glue_set_num_threads(int n);

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

[[noreturn]] void fail(const std::string &message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  std::exit(1);
}

void usage(FILE *to) {
  std::fprintf(to,
               "usage: %s_run [--input FILE.npy] [--output FILE.npy] "
               "[--bench N] [--threads N] [--launches]\n"
               "       [--profile [--profile-seconds S] [--peak-gflops X]]\n"
               "  --input FILE.npy   float32 C-order input (repeat for each "
               "model input); default:\n"
               "                     deterministic random values in [-1, 1)\n"
               "  --output FILE.npy  write the output (repeat for each model "
               "output)\n"
               "  --bench N          warm up, then time N runs; prints "
               "median_ms=X min_ms=Y\n"
               "  --threads N        threads per parallel loop\n"
               "  --launches         print the GPU kernels launched per "
               "inference\n"
               "  --profile          per-layer times (a runner built with "
               "rifflec --profile)\n"
               "  --profile-seconds S  how long --profile samples (default "
               "2)\n"
               "  --peak-gflops X    --profile: also %% of X GFLOP/s\n",
               RIFFLE_MODEL_NAME);
}

std::string shapeText(const int *shape, int rank, const char *sep) {
  std::string text;
  for (int d = 0; d < rank; ++d) {
    if (d)
      text += sep;
    text += std::to_string(shape[d]);
  }
  return text;
}

size_t elementCount(const int *shape, int rank) {
  size_t n = 1;
  for (int d = 0; d < rank; ++d)
    n *= (size_t)shape[d];
  return n;
}

/// Reads a float32 (or float64, converted), C-order .npy of exactly `shape`
/// into `data`, with the .npy code the compiler uses (riffle/Support/
/// NpyFormat.h, carried by rifflec next to this file).
void readNpy(const std::string &path, const int *shape, int rank,
             std::vector<float> &data, int index) {
  FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    fail("cannot open input '" + path + "': " + std::strerror(errno));
  std::string bytes;
  char chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0)
    bytes.append(chunk, n);
  bool readError = std::ferror(file) != 0;
  std::fclose(file);
  if (readError)
    fail("cannot read input '" + path + "'");
  std::vector<int64_t> fileShape;
  std::string error = riffle::npy::parse(bytes.data(), bytes.size(),
                                         fileShape, data);
  if (!error.empty())
    fail("input '" + path + "': " + error);
  std::string fileShapeText;
  for (size_t d = 0; d < fileShape.size(); ++d)
    fileShapeText += (d ? "x" : "") + std::to_string(fileShape[d]);
  if (fileShape.empty())
    fileShapeText = "a scalar";
  bool same = (int)fileShape.size() == rank;
  for (int d = 0; same && d < rank; ++d)
    same = fileShape[d] == shape[d];
  if (!same)
    fail("input '" + path + "': has shape " + fileShapeText +
         "; " RIFFLE_MODEL_NAME " expects input " + std::to_string(index) +
         " of shape " + shapeText(shape, rank, "x"));
}

/// Writes `data` as a float32 .npy of `shape` (through a temporary file
/// renamed into place).
void writeNpy(const std::string &path, const int *shape, int rank,
              const std::vector<float> &data) {
  std::vector<int64_t> dims(shape, shape + rank);
  std::string bytes =
      riffle::npy::serialize(dims.data(), dims.size(), data.data(), data.size());
  std::string tmp = path + ".tmp";
  FILE *file = std::fopen(tmp.c_str(), "wb");
  if (!file)
    fail("cannot write output '" + path + "': " + std::strerror(errno));
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
  ok = (std::fclose(file) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    fail("cannot write output '" + path + "'");
  }
}

/// Deterministic uniform values in [-1, 1) (splitmix64; the same on every
/// platform).
void fillRandom(std::vector<float> &data, uint64_t seed) {
  uint64_t state = seed;
  for (float &v : data) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    v = (float)((double)(z >> 40) * (1.0 / 16777216.0) * 2.0 - 1.0);
  }
}

long parsePositive(const char *option, const char *text) {
  char *end = nullptr;
  errno = 0;
  long value = std::strtol(text, &end, 10);
  if (!*text || *end || errno || value < 1 || value > 1000000000)
    fail(std::string(option) + " expects a positive integer, got '" + text +
         "'");
  return value;
}

// Kernel-launch counting: Halide's GPU runtimes look their driver's entry
// points up through halide_get_library_symbol / halide_get_symbol, so hooks
// there can hand back counting wrappers for the launch calls.
long launchCount = 0;
void *realEnqueueNDRangeKernel = nullptr, *realCuLaunchKernel = nullptr;

int countedEnqueueNDRangeKernel(void *queue, void *kernel, unsigned dims,
                                const size_t *offset, const size_t *global,
                                const size_t *local, unsigned numEvents,
                                const void *waitList, void *event) {
  ++launchCount;
  using Fn = int (*)(void *, void *, unsigned, const size_t *, const size_t *,
                     const size_t *, unsigned, const void *, void *);
  return ((Fn)realEnqueueNDRangeKernel)(queue, kernel, dims, offset, global,
                                        local, numEvents, waitList, event);
}

int countedCuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz,
                          unsigned bx, unsigned by, unsigned bz,
                          unsigned sharedBytes, void *stream, void **params,
                          void **extra) {
  ++launchCount;
  using Fn = int (*)(void *, unsigned, unsigned, unsigned, unsigned, unsigned,
                     unsigned, unsigned, void *, void **, void **);
  return ((Fn)realCuLaunchKernel)(f, gx, gy, gz, bx, by, bz, sharedBytes,
                                  stream, params, extra);
}

void *countingWrapper(const char *name, void *real) {
  if (!real)
    return real;
  if (std::strcmp(name, "clEnqueueNDRangeKernel") == 0) {
    realEnqueueNDRangeKernel = real;
    return (void *)countedEnqueueNDRangeKernel;
  }
  if (std::strcmp(name, "cuLaunchKernel") == 0) {
    realCuLaunchKernel = real;
    return (void *)countedCuLaunchKernel;
  }
  return real;
}

void *countingGetLibrarySymbol(void *lib, const char *name) {
  return countingWrapper(name, halide_default_get_library_symbol(lib, name));
}

void *countingGetSymbol(const char *name) {
  return countingWrapper(name, halide_default_get_symbol(name));
}

double parsePositiveReal(const char *option, const char *text) {
  char *end = nullptr;
  errno = 0;
  double value = std::strtod(text, &end);
  if (!*text || *end || errno || !(value > 0) || value > 1e12)
    fail(std::string(option) + " expects a positive number, got '" + text +
         "'");
  return value;
}

#ifdef RIFFLE_MODEL_PROFILE
/// One row of the --profile table: a layer, or a Func of no layer.
struct ProfileRow {
  std::string op, nodes;
  long long macs = -1; // -1: not an op's (no MACs column)
  double ns = 0;       // per run
};

/// Runs `call` for `seconds` (at least 10 runs) under Halide's profiler and
/// prints the per-layer table (see the file comment).
template <typename Call>
void profile(Call call, double seconds, double peakGflops) {
  for (int i = 0; i < 3; ++i)
    call();
  halide_profiler_reset();
  auto start = std::chrono::steady_clock::now();
  long runs = 0;
  double elapsed = 0;
  while (runs < 10 || elapsed < seconds) {
    call();
    ++runs;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                            start)
                  .count();
  }
  halide_profiler_state *state = halide_profiler_get_state();
  halide_mutex_lock(&state->lock);
  // The model's pipelines (several when its plan splits it), each run once
  // per call.
  std::vector<halide_profiler_pipeline_stats *> pipelines;
  for (const char *const *name = riffle_profile_pipelines; *name; ++name) {
    halide_profiler_pipeline_stats *p = state->pipelines;
    while (p && std::strcmp(p->name, *name) != 0)
      p = (halide_profiler_pipeline_stats *)p->next;
    if (!p || p->runs == 0) {
      halide_mutex_unlock(&state->lock);
      fail(std::string("the profiler recorded no run of ") + *name);
    }
    pipelines.push_back(p);
  }
  std::vector<ProfileRow> rows(riffle_profile_num_layers);
  for (int l = 0; l < riffle_profile_num_layers; ++l) {
    rows[l].op = riffle_profile_layers[l].op;
    rows[l].nodes = riffle_profile_layers[l].nodes;
    rows[l].macs = riffle_profile_layers[l].macs;
  }
  std::vector<bool> timed(riffle_profile_num_layers, false);
  // Per model run: a plan computing one sample at a time runs each
  // pipeline once per sample.
  const double pipelineRuns = pipelines.front()->runs;
  const double perRun = static_cast<double>(runs);
  double totalNs = 0;
  int samples = 0;
  for (halide_profiler_pipeline_stats *pipeline : pipelines) {
    for (int i = 0; i < pipeline->num_funcs; ++i) {
      const halide_profiler_func_stats &f = pipeline->funcs[i];
      if (f.time == 0)
        continue;
      // Halide's profiler names a Func's produce `NAME$N`.
      std::string name = f.name;
      name = name.substr(0, name.find('$'));
      int layer = -1;
      for (int k = 0; k < riffle_profile_num_funcs; ++k)
        if (name == riffle_profile_funcs[k].name)
          layer = riffle_profile_funcs[k].layer;
      if (layer >= 0) {
        rows[layer].ns += f.time / perRun;
        timed[layer] = true;
        continue;
      }
      // Padded arguments, copies, the runtime's own (one row per name
      // over all pipelines).
      const std::string op = "(" + name + ")";
      auto same = std::find_if(
          rows.begin() + riffle_profile_num_layers, rows.end(),
          [&](const ProfileRow &row) { return row.op == op; });
      if (same == rows.end()) {
        rows.emplace_back();
        same = rows.end() - 1;
        same->op = op;
      }
      same->ns += f.time / perRun;
    }
    totalNs += pipeline->time / perRun;
    samples += pipeline->samples;
  }
  halide_mutex_unlock(&state->lock);
  // Layers without samples and MACs left out (views read through inline,
  // element-wise ops computed inside others); one with MACs stays, at 0 ms
  // when too short for the samples to see.
  std::vector<ProfileRow> shown;
  for (size_t i = 0; i < rows.size(); ++i)
    if (i >= timed.size() || timed[i] || rows[i].macs > 0)
      shown.push_back(rows[i]);
  std::stable_sort(shown.begin(), shown.end(),
                   [](const ProfileRow &a, const ProfileRow &b) {
                     return a.ns > b.ns;
                   });
  long long totalMacs = 0;
  for (int l = 0; l < riffle_profile_num_layers; ++l)
    totalMacs += riffle_profile_layers[l].macs;
  std::printf("profile %s: %ld runs (%ld pipeline runs), %d samples, "
              "%.4f ms per run, %lld MACs, %.2f GFLOP/s\n",
              RIFFLE_MODEL_NAME, runs, (long)pipelineRuns, samples,
              totalNs * 1e-6, totalMacs, 2.0 * totalMacs / totalNs);
  const bool peak = peakGflops > 0;
  std::printf("%4s  %9s  %6s  %12s  %8s%s  %-16s  %s\n", "rank", "ms",
              "%time", "MACs", "GFLOP/s", peak ? "  %peak  over_ms" : "",
              "op", "nodes");
  int rank = 0;
  for (const ProfileRow &row : shown) {
    const double ms = row.ns * 1e-6;
    char macs[32] = "-", gflops[32] = "-", pct[32] = "-", over[32] = "-";
    if (row.macs >= 0) {
      std::snprintf(macs, sizeof macs, "%lld", row.macs);
      std::snprintf(gflops, sizeof gflops, "%.2f", 2.0 * row.macs / row.ns);
      if (peak) {
        std::snprintf(pct, sizeof pct, "%.1f",
                      100.0 * 2.0 * row.macs / row.ns / peakGflops);
        // The time beyond what the layer's MACs need at the peak.
        std::snprintf(over, sizeof over, "%.4f",
                      ms - 2.0 * row.macs / (peakGflops * 1e6));
      }
    } else if (peak) {
      std::snprintf(over, sizeof over, "%.4f", ms);
    }
    char peakCells[64] = "";
    if (peak)
      std::snprintf(peakCells, sizeof peakCells, "  %5s  %7s", pct, over);
    std::printf("%4d  %9.4f  %6.2f  %12s  %8s%s  %-16s  %s\n", ++rank, ms,
                totalNs > 0 ? 100.0 * row.ns / totalNs : 0.0, macs, gflops,
                peakCells, row.op.c_str(),
                row.nodes.empty() ? "-" : row.nodes.c_str());
  }
  std::fflush(stdout);
  // Halide's runtime prints its own report at exit otherwise.
  halide_profiler_reset();
}
#endif

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> inputPaths, outputPaths;
  long bench = 0, threads = 0;
  bool launches = false, profiling = false;
  double profileSeconds = 2, peakGflops = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      usage(stdout);
      return 0;
    }
    if (arg == "--launches") {
      launches = true;
      continue;
    }
    if (arg == "--profile") {
      profiling = true;
      continue;
    }
    std::string option = arg, value;
    size_t eq = arg.find('=');
    bool hasValue = false;
    if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      option = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      hasValue = true;
    }
    if (option != "--input" && option != "--output" && option != "--bench" &&
        option != "--threads" && option != "--profile-seconds" &&
        option != "--peak-gflops") {
      usage(stderr);
      fail("unknown argument '" + arg + "'");
    }
    if (!hasValue) {
      if (i + 1 >= argc)
        fail(option + " needs a value");
      value = argv[++i];
    }
    if (option == "--input")
      inputPaths.push_back(value);
    else if (option == "--output")
      outputPaths.push_back(value);
    else if (option == "--bench")
      bench = parsePositive("--bench", value.c_str());
    else if (option == "--profile-seconds")
      profileSeconds = parsePositiveReal("--profile-seconds", value.c_str());
    else if (option == "--peak-gflops")
      peakGflops = parsePositiveReal("--peak-gflops", value.c_str());
    else
      threads = parsePositive("--threads", value.c_str());
  }
  if (profiling && (bench > 0 || launches))
    fail("--profile is a run of its own; leave out --bench and --launches");
#ifndef RIFFLE_MODEL_PROFILE
  if (profiling)
    fail(RIFFLE_MODEL_NAME "_run was built without the profiler; build it "
                           "with rifflec --emit=runner --profile");
#endif
  if (!inputPaths.empty() && (int)inputPaths.size() != riffle_num_inputs)
    fail(RIFFLE_MODEL_NAME " has " + std::to_string(riffle_num_inputs) +
         " input(s); got " + std::to_string(inputPaths.size()) + " --input");
  if (!outputPaths.empty() && (int)outputPaths.size() != riffle_num_outputs)
    fail(RIFFLE_MODEL_NAME " has " + std::to_string(riffle_num_outputs) +
         " output(s); got " + std::to_string(outputPaths.size()) +
         " --output");

  std::vector<std::vector<float>> inputs(riffle_num_inputs),
      outputs(riffle_num_outputs);
  for (int i = 0; i < riffle_num_inputs; ++i) {
    if (inputPaths.empty()) {
      inputs[i].resize(
          elementCount(riffle_input_shapes[i], riffle_input_ranks[i]));
      fillRandom(inputs[i], 0x5eed0000u + (uint64_t)i);
    } else {
      readNpy(inputPaths[i], riffle_input_shapes[i], riffle_input_ranks[i],
              inputs[i], i);
    }
  }
  for (int i = 0; i < riffle_num_outputs; ++i)
    outputs[i].assign(
        elementCount(riffle_output_shapes[i], riffle_output_ranks[i]), 0.0f);
  std::vector<const float *> in(riffle_num_inputs);
  std::vector<float *> out(riffle_num_outputs);
  for (int i = 0; i < riffle_num_inputs; ++i)
    in[i] = inputs[i].data();
  for (int i = 0; i < riffle_num_outputs; ++i)
    out[i] = outputs[i].data();

  if (threads > 0)
    riffle_glue_set_num_threads((int)threads);

#ifdef RIFFLE_MODEL_DEVICE_LIBRARIES
  // A GPU model: its driver library must load (Halide's runtime would
  // report each missing entry point on its own line).
  {
    const char *libraries[] = RIFFLE_MODEL_DEVICE_LIBRARIES;
    bool loaded = false;
    std::string reasons;
    for (const char *library : libraries) {
      if (dlopen(library, RTLD_LAZY | RTLD_GLOBAL)) {
        loaded = true;
        break;
      }
      reasons += std::string(reasons.empty() ? "" : "; ") + dlerror();
    }
    if (!loaded)
      fail(RIFFLE_MODEL_NAME " was compiled for " RIFFLE_MODEL_DEVICE_API
                             " (target " RIFFLE_MODEL_TARGET
                             "), but the " RIFFLE_MODEL_DEVICE_API
                             " driver library cannot be loaded: " +
           reasons);
  }
#endif

  auto call = [&] {
    int rc = riffle_model_call(in.data(), out.data());
    if (rc != 0)
      fail(std::string(riffle_model_last_error()) + " (error " +
           std::to_string(rc) + ")");
  };

  if (launches) {
    // Before the first call: the runtime resolves its symbols once.
    halide_set_custom_get_library_symbol(countingGetLibrarySymbol);
    halide_set_custom_get_symbol(countingGetSymbol);
    call(); // warm-up: context creation, kernel compilation, weight upload
    launchCount = 0;
    call();
    std::printf("kernel_launches=%ld\n", launchCount);
  }

#ifdef RIFFLE_MODEL_PROFILE
  if (profiling)
    profile(call, profileSeconds, peakGflops);
#endif

  if (bench > 0) {
    for (int i = 0; i < 3; ++i)
      call();
    std::vector<double> ms(bench);
    for (long i = 0; i < bench; ++i) {
      auto start = std::chrono::steady_clock::now();
      call();
      ms[i] = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    }
    std::sort(ms.begin(), ms.end());
    double median = bench % 2 ? ms[bench / 2]
                              : 0.5 * (ms[bench / 2 - 1] + ms[bench / 2]);
    std::printf("median_ms=%.4f min_ms=%.4f\n", median, ms.front());
  } else if (!profiling) {
    call();
  }

  for (int i = 0; i < riffle_num_outputs; ++i) {
    if (!outputPaths.empty()) {
      writeNpy(outputPaths[i], riffle_output_shapes[i], riffle_output_ranks[i],
               outputs[i]);
    } else if (bench == 0 && !profiling) {
      double sum = 0, absSum = 0;
      for (float v : outputs[i]) {
        sum += v;
        absSum += v < 0 ? -v : v;
      }
      std::printf("output%d shape=%s sum=%.6g abs_sum=%.6g\n", i,
                  shapeText(riffle_output_shapes[i], riffle_output_ranks[i],
                            "x")
                      .c_str(),
                  sum, absSum);
    }
  }
  return 0;
}
