#!/usr/bin/env bash
# Riffle's benchmark in one command: build rifflec, install ONNX Runtime for
# node (once, into a cache), then bench/bench.py exports, compiles and times
# every model against ONNX Runtime and PyTorch (alternating rounds) and writes
# bench/RESULTS.md.
#
#   bash bench/run.sh [--models a,b,...|all] [--threads 1,2] [--runs 50] [--rounds 3]
#                     [--batch 1,8] [--quick] [--auto LIST|all|none] [--blocks]
#                     [--no-unfused] [--no-torch] [--profile] [--baseline-rifflec PATH]
#
# Environment: RIFFLE_SKIP_BUILD=1 skips the build; RIFFLE_BUILD_DIR (default
# build); RIFFLE_ORT_VERSION overrides the pinned onnxruntime-node version.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${RIFFLE_BUILD_DIR:-$ROOT/build}"
# Pinned so results stay comparable across runs; 1.30.0 loads and runs on node 20.
ORT_VERSION="${RIFFLE_ORT_VERSION:-1.30.0}"
ORT_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/riffle/ort-$ORT_VERSION"

if [ "${RIFFLE_SKIP_BUILD:-0}" != 1 ]; then
  bash "$ROOT/scripts/build.sh"
fi

# --ignore-scripts: the package's install script only fetches GPU libraries;
# the CPU library ships in the package itself.
if [ ! -f "$ORT_DIR/node_modules/onnxruntime-node/package.json" ]; then
  echo "== installing onnxruntime-node@$ORT_VERSION into $ORT_DIR"
  mkdir -p "$ORT_DIR"
  npm install --prefix "$ORT_DIR" --ignore-scripts --no-audit --no-fund --loglevel=error \
    "onnxruntime-node@$ORT_VERSION"
fi

exec /usr/bin/python3 "$ROOT/bench/bench.py" --rifflec="$BUILD/bin/rifflec" \
  --ort-dir="$ORT_DIR" "$@"
