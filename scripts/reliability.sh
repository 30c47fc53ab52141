#!/usr/bin/env bash
# Riffle's reliability checks in one command (issue #15): one clang build
# with AddressSanitizer + UndefinedBehaviorSanitizer and libFuzzer coverage
# (build-asan/), then
#   sanitize  the unit tests (ctest) and the lit suite under the sanitizers
#   fuzz      every libFuzzer target in fuzz/, from its seed corpus
#
#   scripts/reliability.sh [--ci] [--fuzz-seconds N] [build|sanitize|fuzz]...
#
# The build comes first in any case (`build` alone only builds); with no
# step named, sanitize and fuzz both run. The build is -O1 (ASan's usual
# level: faster to compile than Release's -O3, stack traces closer to the
# source). --ci is the bounded part CI runs
# (scripts/test.sh): 30 s per fuzz target, and lit's CI suite on the
# directories whose tests run without Halide compiles of whole networks
# (Dialect, Transforms, Frontend/onnx, Interpreter, Analysis, Driver, Fuzz)
# less their whole-zoo files; Codegen, e2e, Random, Reliability and the zoo
# files run only without --ci. Without --ci, lit runs in full (--param
# suite=full) and each target fuzzes for --fuzz-seconds (default 600).
# Exits non-zero on any test failure, sanitizer report or fuzzer crash; a
# crash leaves its reproducer in build-asan/fuzz/artifacts/TARGET/.
#
# Environment: RIFFLE_ASAN_BUILD_DIR (default ROOT/build-asan), JOBS (ninja
# -j, default 2), SAMPLE_SEED (lit's %sample_seed; default lit's, which
# changes daily).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${RIFFLE_ASAN_BUILD_DIR:-$ROOT/build-asan}"
LIT=/usr/lib/llvm-22/bin/lit
JOBS="${JOBS:-2}"
CI=0
FUZZ_SECONDS=600
STEPS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --ci) CI=1; FUZZ_SECONDS=30 ;;
    --fuzz-seconds) FUZZ_SECONDS="$2"; shift ;;
    build|sanitize|fuzz) STEPS+=("$1") ;;
    *) echo "reliability.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
[ ${#STEPS[@]} -eq 0 ] && STEPS=(sanitize fuzz)

# Defaults: LeakSanitizer on, no suppressions; UBSan stops at the first
# report with a stack.
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

bash "$ROOT/scripts/install-deps.sh" >/dev/null || exit 1

echo "== build ($BUILD: clang-22, address,undefined + fuzzer coverage)"
start=$(date +%s)
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -G Ninja -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_FLAGS_RELEASE="-O1 -DNDEBUG" -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DRIFFLE_SANITIZE=address,undefined -DRIFFLE_FUZZ=ON >/dev/null || exit 1
fi
ninja -C "$BUILD" -j"$JOBS" || exit 1
echo "build: $(( $(date +%s) - start )) s"

# One libFuzzer run of target $1 for FUZZ_SECONDS: the working corpus grows
# in the build directory (the seeds and reproducers in the tree stay as they
# are); a crash leaves its input in build-asan/fuzz/artifacts/TARGET/.
fuzz_target() {
  local target=$1
  local corpus="$BUILD/fuzz/corpus/$target" artifacts="$BUILD/fuzz/artifacts/$target"
  local inputs=("$corpus" "$ROOT/fuzz/corpus/$target")
  [ -d "$ROOT/fuzz/regressions/$target" ] && inputs+=("$ROOT/fuzz/regressions/$target")
  mkdir -p "$corpus" "$artifacts"
  "$BUILD/fuzz/riffle-fuzz-$target" -max_total_time="$FUZZ_SECONDS" -timeout=30 \
    -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "${inputs[@]}" > "$BUILD/fuzz/$target.log" 2>&1
}

seed_param=()
[ -n "${SAMPLE_SEED:-}" ] && seed_param=(--param "sample_seed=$SAMPLE_SEED")

status=0
for step in "${STEPS[@]}"; do
  case "$step" in
  build) ;;
  sanitize)
    echo "== ctest (sanitized)"
    (cd "$BUILD" && ctest --output-on-failure) || status=1
    echo "== lit (sanitized)"
    if [ $CI -eq 1 ]; then
      # The directories whose tests take seconds, without the whole-zoo
      # files (zoo-import, zoo-pipeline, Interpreter/zoo: 3-25 minutes
      # each under ASan; e2e's Halide compiles of whole networks take
      # minutes) and seed-corpora.test (the fuzz step below replays the
      # seeds and reproducers and fuzzes longer).
      "$LIT" -s "${seed_param[@]}" --filter-out 'zoo|seed-corpora' \
        "$BUILD/test/Dialect" "$BUILD/test/Transforms" "$BUILD/test/Frontend/onnx" \
        "$BUILD/test/Interpreter" "$BUILD/test/Analysis" "$BUILD/test/Driver" \
        "$BUILD/test/Fuzz" || status=1
    else
      "$LIT" -s --param suite=full "${seed_param[@]}" \
        "$BUILD/test" || status=1
    fi
    ;;
  fuzz)
    # The targets run $JOBS at a time (each libFuzzer process is single
    # threaded); each one's summary is printed when all are done.
    targets=(onnx onnx-text riffle-ir npy model-entry)
    echo "== fuzz ${targets[*]} (${FUZZ_SECONDS} s each, $JOBS at a time)"
    pids=()
    for target in "${targets[@]}"; do
      while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 1; done
      fuzz_target "$target" & pids+=($!)
    done
    for i in "${!targets[@]}"; do
      wait "${pids[$i]}"
      rc=$?
      target="${targets[$i]}"
      echo "-- fuzz $target"
      grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)" "$BUILD/fuzz/$target.log"
      if [ $rc -ne 0 ]; then
        echo "fuzz $target: FAILED (exit $rc); see $BUILD/fuzz/$target.log"
        tail -40 "$BUILD/fuzz/$target.log"
        status=1
      fi
    done
    ;;
  esac
done
echo "reliability: $( [ $status -eq 0 ] && echo PASS || echo FAIL ) in $(( $(date +%s) - start )) s"
exit $status
