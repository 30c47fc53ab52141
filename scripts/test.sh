#!/usr/bin/env bash
# Builds Riffle and runs every test: the lit suite (test/) and the GoogleTest
# unit tests (through ctest). Prints both summaries; exits non-zero when
# anything fails.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${RIFFLE_BUILD_DIR:-$ROOT/build}"
LIT=/usr/lib/llvm-22/bin/lit

bash "$ROOT/scripts/build.sh" || exit 1

status=0
echo "== lit"
"$LIT" -sv --time-tests "$BUILD/test" || status=1
echo "== ctest"
(cd "$BUILD" && ctest --output-on-failure) || status=1
exit $status
