#!/usr/bin/env bash
# Riffle's main job: build the compiler, export ShuffleNet V2 x1.0 from the
# PyTorch zoo (first use only), compile it to a native library and runner,
# check its output against PyTorch's and print its latency.
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
echo "== rifflec $MODEL.onnx --emit=runner -o $WORK/$MODEL"
"$BUILD/bin/rifflec" "$WORK/$MODEL.onnx" --emit=runner -o "$WORK/$MODEL" \
  --name "$MODEL"
echo "== $MODEL against PyTorch's output"
"$WORK/$MODEL/${MODEL}_run" --input "$WORK/$MODEL.input.npy" \
  --output "$WORK/$MODEL.riffle.npy"
/usr/bin/python3 - "$WORK/$MODEL.riffle.npy" "$WORK/$MODEL.output.npy" <<'PY'
import sys
import numpy as np
out, ref = np.load(sys.argv[1]), np.load(sys.argv[2])
diff, tol = float(np.max(np.abs(out - ref))), 1e-5 + 1e-3 * float(np.max(np.abs(ref)))
print(f"max_abs_diff={diff:.3g} tolerance={tol:.3g} {'ok' if diff <= tol else 'MISMATCH'}")
sys.exit(0 if diff <= tol else 1)
PY
echo "== latency, 1 thread, 50 runs"
"$WORK/$MODEL/${MODEL}_run" --input "$WORK/$MODEL.input.npy" --bench 50 --threads 1
