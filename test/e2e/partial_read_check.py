"""Layers whose consumers read only part of them, through the compiled runner.

    /usr/bin/python3 partial_read_check.py --rifflec RIFFLEC --work DIR
        [--target TARGET] [CASE ...]

A layer computed on its own is split into tiles (channel blocks, vectors of
columns, row blocks) chosen for its whole tensor; its consumers may read
less of it: a slice keeping fewer channels than a tile, a strided 1x1 conv
skipping the last column or row. Each case is a small PyTorch module
exported to ONNX, compiled with `rifflec --emit=runner` (for --target, default host) and run on a
standard normal input; its output is compared with PyTorch's:

    ok  iff  shapes match and max|out - ref| <= 1e-5 + 1e-3 * max|ref|

One line per case (`CASE: ok max_abs_diff=D` or `CASE: FAIL reason`), then
`partial reads: N of M ok`; exit status 1 if any case fails.
"""

import argparse
import os
import subprocess
import sys

import numpy as np
import torch
import torch.nn as nn


class ChannelSlice(nn.Module):
    def __init__(self, begin, end):
        super().__init__()
        self.begin, self.end = begin, end

    def forward(self, x):
        return x[:, self.begin:self.end]


class ToPlanes(nn.Module):
    def forward(self, x):
        return x.reshape(x.shape[0], -1, 1, 1)


def cases():
    """name -> (module, input shape)."""
    return {
        # 32 output channels in tiles of several; two of them read.
        "conv_channel_slice": (
            nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(),
                          ChannelSlice(3, 5), nn.MaxPool2d(2)),
            (1, 3, 20, 20)),
        # ... and the last channels but one.
        "conv_top_channel_slice": (
            nn.Sequential(nn.Conv2d(3, 30, 1), nn.ReLU(),
                          ChannelSlice(27, 29), nn.AvgPool2d(2)),
            (1, 3, 10, 10)),
        # A depthwise conv's channels, one of them read.
        "depthwise_channel_slice": (
            nn.Sequential(nn.Conv2d(16, 16, 3, padding=1, groups=16),
                          ChannelSlice(7, 8), nn.Conv2d(1, 4, 1)),
            (2, 16, 12, 12)),
        # A fully connected layer's outputs, two read.
        "gemm_slice": (
            nn.Sequential(nn.Flatten(), nn.Linear(48, 64),
                          ToPlanes(), ChannelSlice(5, 7)),
            (1, 3, 4, 4)),
        # A stride-2 1x1 conv reads columns 0..14 of a 16-wide plane.
        "stride2_reads_15_columns": (
            nn.Sequential(nn.Conv2d(8, 16, 1), nn.ReLU(),
                          nn.Conv2d(16, 16, 1, stride=2)),
            (1, 8, 16, 16)),
        # ... and row 0 of a 2x2 plane (channel-vector tiles of rows).
        "stride2_reads_1_row": (
            nn.Sequential(nn.Conv2d(64, 64, 1), nn.ReLU(),
                          nn.Conv2d(64, 32, 1, stride=2)),
            (1, 64, 2, 2)),
        # Channel-vector tiles (planes narrower than a vector, long
        # reductions; AVX-512): a padded 3x3 conv, its two 32-channel tiles
        # splitting rows between threads, two channels read ...
        "channel_vector_3x3_slice": (
            nn.Sequential(nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(),
                          ChannelSlice(3, 5), nn.MaxPool2d(2)),
            (1, 64, 13, 13)),
        # ... and a 1x1 conv's 96 channels in three tiles, read near the top.
        "channel_vector_1x1_top_slice": (
            nn.Sequential(nn.Conv2d(256, 96, 1), nn.ReLU(),
                          ChannelSlice(90, 95), nn.AvgPool2d(2)),
            (1, 256, 14, 14)),
    }


def check(name, module, shape, rifflec, work, target):
    torch.manual_seed(0)
    for p in module.parameters():
        nn.init.normal_(p, std=0.5)
    module.eval()
    x = torch.randn(*shape)
    with torch.no_grad():
        ref = module(x).numpy()
    folder = os.path.join(work, name)
    os.makedirs(folder, exist_ok=True)
    model = os.path.join(folder, "m.onnx")
    torch.onnx.export(module, x, model, opset_version=13)
    np.save(os.path.join(folder, "x.npy"), x.numpy())
    built = subprocess.run([rifflec, model, "--emit=runner", "--target=" + target, "-o",
                            os.path.join(folder, "out"), "--name", "m"],
                           capture_output=True, text=True)
    if built.returncode != 0:
        errors = [line for line in built.stderr.splitlines() if "error:" in line]
        return "FAIL rifflec: " + (errors or ["exit %d" % built.returncode])[0]
    out = os.path.join(folder, "y.npy")
    ran = subprocess.run([os.path.join(folder, "out", "m_run"), "--input",
                          os.path.join(folder, "x.npy"), "--output", out],
                         capture_output=True, text=True)
    if ran.returncode != 0:
        return "FAIL runner: " + ran.stderr.strip()
    y = np.load(out)
    if y.shape != ref.shape:
        return "FAIL shape %s, expected %s" % (y.shape, ref.shape)
    diff = float(np.abs(y - ref).max())
    if not diff <= 1e-5 + 1e-3 * float(np.abs(ref).max()):
        return "FAIL max_abs_diff=%g" % diff
    return "ok max_abs_diff=%g" % diff


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rifflec", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--target", default="host",
                        help="rifflec --target (host-opencl: PoCL)")
    parser.add_argument("case", nargs="*")
    args = parser.parse_args()
    table = cases()
    names = args.case or list(table)
    passed = 0
    for name in names:
        module, shape = table[name]
        result = check(name, module, shape, args.rifflec, args.work,
                       args.target)
        passed += result.startswith("ok")
        print("%s: %s" % (name, result), flush=True)
    print("partial reads: %d of %d ok" % (passed, len(names)))
    return 0 if passed == len(names) else 1


if __name__ == "__main__":
    sys.exit(main())
