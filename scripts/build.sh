#!/usr/bin/env bash
# Installs the Debian packages Riffle needs (only when missing), configures
# the build folder once and builds everything into build/bin.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${RIFFLE_BUILD_DIR:-$ROOT/build}"
JOBS="${RIFFLE_JOBS:-$(nproc)}"

bash "$ROOT/scripts/install-deps.sh"
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -G Ninja -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release
fi
ninja -C "$BUILD" -j "$JOBS"
