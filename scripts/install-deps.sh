#!/usr/bin/env bash
# Installs every Debian package Riffle needs to build, test and benchmark.
# Idempotent: when everything is present it does nothing (no apt-get update).
# Nothing is fetched from anywhere but Debian's archive (and, for the
# benchmark only, the npm registry: see bench/).
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # fuzzing and sanitizer builds (scripts/reliability.sh): clang, libFuzzer, ASan/UBSan/TSan runtimes
  clang-22 libfuzzer-22-dev libclang-rt-22-dev
  # LLVM / MLIR 22 (headers, CMake packages, FileCheck, not, lit, mlir-tblgen)
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  # libraries LLVM 22's CMake package expects to find
  zlib1g-dev libzstd-dev libxml2-dev libedit-dev libcurl4-openssl-dev libffi-dev libncurses-dev
  # Halide 14
  libhalide14-0-dev
  # ONNX 1.12 (C++), protobuf
  libonnx-dev libprotobuf-dev protobuf-compiler
  # OpenCL on the CPU (PoCL) for running GPU schedules without a GPU
  pocl-opencl-icd ocl-icd-opencl-dev
  # unit tests
  libgtest-dev
  # Arm: cross compiler for --target=arm-64-linux libraries and runners, and
  # qemu-user to run them in the tests (qemu-aarch64-static -L /usr/aarch64-linux-gnu)
  g++-aarch64-linux-gnu qemu-user-static
  # reference models and outputs (under /usr/bin/python3)
  python3 python3-torch python3-torchvision python3-onnx python3-numpy
  # ONNX's conformance cases (node tests, PyTorch-converted cases) for test/Frontend/conformance
  libonnx-testdata
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
