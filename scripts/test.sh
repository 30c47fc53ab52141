#!/usr/bin/env bash
# Builds Riffle and runs the tests: the lit suite (test/) and the GoogleTest
# unit tests (through ctest). Prints both summaries; exits non-zero when
# anything fails.
#
#   bash scripts/test.sh           the CI suite: every test file, the long ones
#                                  (every variant on OpenCL, ...) on a seeded
#                                  sample of their cases; under 40 minutes on a
#                                  fresh 2-core machine
#   bash scripts/test.sh --full    every case of every test file (about an hour
#                                  more on 2 cores)
#   --seed N                       the sample's seed (default: changes daily;
#                                  lit prints the one it used)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${RIFFLE_BUILD_DIR:-$ROOT/build}"
LIT=/usr/lib/llvm-22/bin/lit

suite=ci
lit_params=()
while [ $# -gt 0 ]; do
  case "$1" in
    --full) suite=full ;;
    --seed) shift; lit_params+=(--param "sample_seed=${1:?--seed needs a number}") ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

bash "$ROOT/scripts/build.sh" || exit 1

status=0
echo "== lit ($suite suite)"
"$LIT" -sv --time-tests --param "suite=$suite" "${lit_params[@]}" "$BUILD/test" || status=1
echo "== ctest"
(cd "$BUILD" && ctest --output-on-failure) || status=1
exit $status
