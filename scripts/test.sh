#!/usr/bin/env bash
# Builds Riffle and runs the tests: the lit suite (test/), the GoogleTest
# unit tests (through ctest), then the bounded part of the reliability
# checks (scripts/reliability.sh --ci: a second build with ASan + UBSan and
# libFuzzer, the unit tests and a sample of lit under the sanitizers, each
# fuzz target for 30 s). Prints the summaries; exits non-zero when anything
# fails.
#
#   bash scripts/test.sh           the CI suite: every test file, the long ones
#                                  (every variant on OpenCL, the zoo at each
#                                  batch and target, ...) on a seeded sample
#                                  of their cases, then the reliability part;
#                                  32 minutes on a fresh clone on a 2-core
#                                  machine (2026-12-07)
#   bash scripts/test.sh --full    every case of every test file (well over
#                                  an hour more on 2 cores)
#   --seed N                       the sample's seed (default: changes daily;
#                                  lit prints the one it used)
#   --no-reliability               skip the sanitizer build and fuzzing
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${RIFFLE_BUILD_DIR:-$ROOT/build}"
LIT=/usr/lib/llvm-22/bin/lit

suite=ci
reliability=1
seed=
lit_params=()
while [ $# -gt 0 ]; do
  case "$1" in
    --full) suite=full ;;
    --no-reliability) reliability=0 ;;
    --seed) shift; seed="${1:?--seed needs a number}"; lit_params+=(--param "sample_seed=$seed") ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

bash "$ROOT/scripts/build.sh" || exit 1

# The sanitizer build (build-asan/) starts now at the lowest priority: it
# takes the cycles lit leaves idle, and the reliability step below finishes
# it (or reports its errors).
asan_build=
if [ $reliability -eq 1 ]; then
  echo "== sanitizer build started beside lit (log: $BUILD/asan-build.log)"
  nice -n 19 bash "$ROOT/scripts/reliability.sh" build > "$BUILD/asan-build.log" 2>&1 &
  asan_build=$!
fi

# On a fresh build lit has no times of its own; test/.lit_test_times.txt
# (a CI run's, copied from build/test) lets it start the longest files first.
status=0
echo "== lit ($suite suite)"
"$LIT" -sv --time-tests --param "suite=$suite" "${lit_params[@]}" "$BUILD/test" || status=1
echo "== ctest"
(cd "$BUILD" && ctest --output-on-failure) || status=1
if [ $reliability -eq 1 ]; then
  wait "$asan_build"
  echo "== reliability (bounded: scripts/reliability.sh --ci)"
  SAMPLE_SEED="$seed" bash "$ROOT/scripts/reliability.sh" --ci || status=1
fi
exit $status
