#!/usr/bin/env bash
# Riffle's main job, as far as it goes today (code generation is next):
# build the compiler, export ShuffleNet V2 x1.0 from the PyTorch zoo, run the
# default pass pipeline on it, check the optimized IR with the reference
# interpreter against PyTorch's output, and print the MACs/params report.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${RIFFLE_BUILD_DIR:-$ROOT/build}"
MODEL="${1:-shufflenet_v2_x1_0}"
WORK="${RIFFLE_WORK_DIR:-$BUILD/models}"

bash "$ROOT/scripts/build.sh"
mkdir -p "$WORK"
if [ ! -f "$WORK/$MODEL.onnx" ]; then
  echo "== exporting $MODEL from the PyTorch zoo"
  /usr/bin/python3 "$ROOT/frontends/pytorch/export.py" "$MODEL" -o "$WORK" -q
fi
echo "== rifflec $MODEL.onnx --emit=mlir-opt --pass-statistics"
"$BUILD/bin/rifflec" "$WORK/$MODEL.onnx" --emit=mlir-opt --keep-weights \
  --pass-statistics -o "$WORK/$MODEL.opt.mlir"
echo "== riffle-interp: optimized IR against PyTorch's output"
"$BUILD/bin/riffle-interp" "$WORK/$MODEL.opt.mlir" \
  --input "$WORK/$MODEL.input.npy" --compare "$WORK/$MODEL.output.npy"
echo "== rifflec --report"
"$BUILD/bin/rifflec" "$WORK/$MODEL.onnx" --report | tail -n 4
