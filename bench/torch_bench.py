#!/usr/bin/python3
"""Times one zoo model in PyTorch on a .npy input: eager on the CPU, or on a
CUDA GPU, eager or torch.compile'd.

    /usr/bin/python3 bench/torch_bench.py --model NAME --input X.npy
        [--output Y.npy] [--threads N] [--runs N] [--warmup N] [--seed S]
        [--device cpu|cuda] [--compile]

The model comes from the zoo itself (riffle_zoo.zoo.create, the same weights
export.py wrote into the ONNX file), so the output check against MODEL.output.npy
also proves that ORT and Riffle were given the same network. On CUDA each
timed call does what Riffle's NAME_run does: the input from host memory to
the GPU, the forward pass, the output back (so the copies are in both
figures).
Prints one JSON line: {"median_ms", "min_ms", "version"[, "device"]}; exit 2
with a JSON "error" when this PyTorch has no CUDA device (Debian's
python3-torch is CPU-only) or no torch.compile.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "frontends", "pytorch"))
from riffle_zoo import zoo  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True)
    p.add_argument("--input", required=True)
    p.add_argument("--output")
    p.add_argument("--threads", type=int, default=1, help="CPU: intra-op threads")
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--seed", type=int, default=0, help="must match export.py's --seed (default 0)")
    p.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    p.add_argument("--compile", action="store_true", help="torch.compile the model first")
    args = p.parse_args()

    problem = None
    if args.device == "cuda" and not torch.cuda.is_available():
        problem = f"PyTorch {torch.__version__} has no CUDA device"
    elif args.compile and not hasattr(torch, "compile"):
        problem = f"PyTorch {torch.__version__} has no torch.compile (2.0+)"
    if problem:
        print(json.dumps({"error": problem}))
        return 2
    # Intra-op threads as asked, no inter-op pool: the same setting as ORT's.
    torch.set_num_interop_threads(1)
    torch.set_num_threads(args.threads)
    model = zoo.create(args.model, seed=args.seed).eval().to(args.device)
    if args.compile:
        model = torch.compile(model)
    x = torch.from_numpy(np.load(args.input))

    def call():
        return model(x.to(args.device)).cpu()  # on CUDA, .cpu() synchronizes

    times = []
    with torch.no_grad():
        for _ in range(args.warmup):  # also torch.compile's compilation
            y = call()
        for _ in range(args.runs):
            t0 = time.perf_counter()
            y = call()
            times.append((time.perf_counter() - t0) * 1e3)
    if args.output:
        np.save(args.output, y.numpy().astype(np.float32))
    result = {"median_ms": float(np.median(times)), "min_ms": min(times),
              "version": torch.__version__}
    if args.device == "cuda":
        result["device"] = torch.cuda.get_device_name(0)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
