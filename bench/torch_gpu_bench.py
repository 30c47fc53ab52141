#!/usr/bin/python3
"""Times one zoo model in PyTorch on a CUDA GPU, eager or torch.compile'd.

    /usr/bin/python3 bench/torch_gpu_bench.py --model NAME --input X.npy
        [--output Y.npy] [--compile] [--runs N] [--warmup N] [--seed S]

Each timed call does what Riffle's NAME_run does: the input from host memory
to the GPU, the forward pass, the output back to host memory (so the copies
are in both figures). The model comes from the zoo (the weights export.py
wrote into the ONNX file), so the output check against MODEL.output.npy
also proves both ran the same network. Prints one JSON line:
{"median_ms", "min_ms", "version", "device"}; exit 2 with a JSON "error"
when this PyTorch has no CUDA (Debian's python3-torch is CPU-only).
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
    p.add_argument("--compile", action="store_true", help="torch.compile the model first")
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--seed", type=int, default=0, help="must match export.py's --seed (default 0)")
    args = p.parse_args()
    if not torch.cuda.is_available():
        print(json.dumps({"error": f"PyTorch {torch.__version__} has no CUDA device"}))
        return 2
    if args.compile and not hasattr(torch, "compile"):
        print(json.dumps({"error": f"PyTorch {torch.__version__} has no torch.compile (2.0+)"}))
        return 2
    model = zoo.create(args.model, seed=args.seed).eval().cuda()
    if args.compile:
        model = torch.compile(model)
    x_host = torch.from_numpy(np.load(args.input))

    def call():
        y = model(x_host.cuda())
        return y.cpu()  # synchronizes

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
    print(json.dumps({"median_ms": float(np.median(times)), "min_ms": min(times),
                      "version": torch.__version__,
                      "device": torch.cuda.get_device_name(0)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
