#!/usr/bin/python3
"""Times one zoo model in PyTorch (eager, CPU) on a .npy input.

    /usr/bin/python3 bench/torch_bench.py --model NAME --input X.npy
        [--output Y.npy] [--threads N] [--runs N] [--warmup N] [--seed S]

The model comes from the zoo itself (riffle_zoo.zoo.create, the same weights
export.py wrote into the ONNX file), so the output check against MODEL.output.npy
also proves that ORT and Riffle were given the same network.
Prints one JSON line: {"median_ms", "min_ms", "version"}.
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
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--seed", type=int, default=0, help="must match export.py's --seed (default 0)")
    args = p.parse_args()

    # Intra-op threads as asked, no inter-op pool: the same setting as ORT's.
    torch.set_num_interop_threads(1)
    torch.set_num_threads(args.threads)
    model = zoo.create(args.model, seed=args.seed).eval()
    x = torch.from_numpy(np.load(args.input))

    times = []
    with torch.no_grad():
        for _ in range(args.warmup):
            y = model(x)
        for _ in range(args.runs):
            t0 = time.perf_counter()
            y = model(x)
            times.append((time.perf_counter() - t0) * 1e3)
    if args.output:
        np.save(args.output, y.numpy().astype(np.float32))
    print(json.dumps({"median_ms": float(np.median(times)), "min_ms": min(times),
                      "version": torch.__version__}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
