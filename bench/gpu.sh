#!/usr/bin/env bash
# Riffle's GPU benchmark in one command, on a machine with an NVIDIA GPU:
# build rifflec, then bench/gpu_bench.py compiles every zoo network for CUDA
# and times it against PyTorch eager and torch.compile on the same GPU, at
# batch 1 and 64, writing the GPU section of bench/RESULTS.md.
#
#   bash bench/gpu.sh [--models a,b,...] [--batches 1,64] [--runs 50]
#                     [--target host-cuda-cuda_capability_NN] [--no-compile]
#
# PyTorch's columns need a CUDA build of torch under /usr/bin/python3
# (Debian's python3-torch is CPU-only: they then read "no CUDA device").
# Environment: RIFFLE_SKIP_BUILD=1 skips the build; RIFFLE_BUILD_DIR (default build).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${RIFFLE_BUILD_DIR:-$ROOT/build}"
if [ "${RIFFLE_SKIP_BUILD:-0}" != 1 ]; then
  bash "$ROOT/scripts/build.sh"
fi
exec /usr/bin/python3 "$ROOT/bench/gpu_bench.py" --rifflec="$BUILD/bin/rifflec" "$@"
