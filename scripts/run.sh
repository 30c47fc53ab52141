#!/usr/bin/env bash
# Riffle's main job, as far as it goes today: build the compiler and run
# riffle-opt (verify, canonicalize) over the example networks written in the
# riffle dialect. Code generation replaces this with compiling a model to a
# native library.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${RIFFLE_BUILD_DIR:-$ROOT/build}"

bash "$ROOT/scripts/build.sh"
for example in "$ROOT"/test/Dialect/Riffle/examples/*.mlir; do
  echo "== riffle-opt --canonicalize $(basename "$example")"
  "$BUILD/bin/riffle-opt" --canonicalize \
    --mlir-elide-elementsattrs-if-larger=4 "$example"
done
