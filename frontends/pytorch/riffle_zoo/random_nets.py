"""Random valid networks for differential testing (issue #15).

Each network is drawn from one integer seed: batch, channels and plane size
of the input; a chain of 3..12 steps, each reading the newest tensor or an
earlier one of the same plane size: convolutions (dense, group, depthwise
with a channel multiplier; kernel 1/3/5, stride 1/2, dilation 1/2, any
padding, bias or BN or neither, an activation or not), channel shuffles in
the spellings of variants.SHUFFLES that Riffle supports
(reshape-transpose-reshape, view/permute, chunk/stack, strided slices...), concats, channel splits
(torch.split / chunk, one part kept or the parts swapped and concatenated),
residual adds, max and average pools (kernel 2/3, stride 1/2, padding,
ceil mode), per-channel constants and activations; sometimes a classifier
head (global average pool, linear, softmax). Weights come from
zoo.randomize_ (BN statistics calibrated), the export is torch.onnx's at an
opset from 9 to 17 (9 and 10 reach Riffle through libonnx's version
converter), or 17 rewritten to 18 (torch 1.13 stops at 17; see
_to_opset18).

    /usr/bin/python3 -m riffle_zoo.random_nets --seed S [--count N] -o DIR

(run from frontends/pytorch) writes, for each seed S..S+N-1,
DIR/rnd_S.onnx, DIR/rnd_S.input.npy, DIR/rnd_S.output.npy (PyTorch's) and
DIR/rnd_S.json (the drawn configuration). test/Random/check_random_nets.py
compiles and compares them.
"""

import argparse
import json
import os
import random
import sys
import warnings
from typing import List, Optional, Tuple

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import helper, numpy_helper

from . import zoo
from .export import make_input
from .variants import SHUFFLES, _constant

__all__ = ["RandomNet", "export_random_net", "main"]

ACTIVATIONS = {
    "relu": nn.ReLU, "relu6": nn.ReLU6, "leaky": lambda: nn.LeakyReLU(0.1),
    "hardswish": nn.Hardswish, "hardsigmoid": nn.Hardsigmoid, "sigmoid": nn.Sigmoid,
}
# Spellings that need a particular group count.
SPELLING_GROUPS = {"stack2": (2,)}
# Spellings Riffle refuses by design (test/Frontend/variants/check_variants.py,
# EXPECTED_REJECTIONS): a Gather on the data tensor, a transpose to NHWC.
UNSUPPORTED_SPELLINGS = ("index", "nhwc")


def _divisors(c: int) -> List[int]:
    return [d for d in range(1, c + 1) if c % d == 0]


def _window_out(size: int, k: int, s: int, p: int, d: int = 1, ceil: bool = False) -> int:
    span = size + 2 * p - d * (k - 1) - 1
    if span < 0:
        return 0
    if not ceil:
        return span // s + 1
    out = -(-span // s) + 1
    # PyTorch's (and ONNX's) rule: the last window must start inside the
    # input or its left padding.
    if (out - 1) * s >= size + p:
        out -= 1
    return out


class RandomNet(nn.Module):
    """A random network drawn from `seed`; `self.config` records the draw."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        rnd = random.Random(seed)
        self.batch = rnd.choice([1, 1, 1, 2, 3])
        c0 = rnd.choice([3, 4, 8, 12, 16, 24])
        h0, w0 = rnd.randint(5, 24), rnd.randint(5, 24)
        self.input_shape = (self.batch, c0, h0, w0)
        self.opset = rnd.choice([9, 10, 11, 12, 13, 14, 15, 16, 17, 18])
        self.mods = nn.ModuleList()
        self.steps: List[tuple] = []
        shapes: List[Tuple[int, int, int]] = [(c0, h0, w0)]  # (C, H, W) per tensor

        def pick_source() -> int:
            return len(shapes) - 1 if rnd.random() < 0.6 else rnd.randrange(len(shapes))

        def add_module(module: nn.Module, src: int, shape) -> None:
            self.mods.append(module)
            self.steps.append(("mod", src, len(self.mods) - 1))
            shapes.append(shape)

        for i in range(rnd.randint(3, 12)):
            kind = rnd.choice(["conv", "conv", "conv", "dw", "shuffle", "shuffle", "add", "cat",
                               "split", "pool", "const", "act"])
            a = pick_source()
            c, h, w = shapes[a]
            if kind in ("conv", "dw"):
                k = rnd.choice([1, 1, 3, 3, 5])
                s = rnd.choice([1, 1, 2])
                d = 2 if k > 1 and rnd.random() < 0.15 else 1
                p = rnd.choice([0, (k - 1) * d // 2, (k - 1) * d // 2, rnd.randint(0, k - 1)])
                if kind == "conv":
                    cout = rnd.choice([4, 8, 12, 16, 24, 32, 48])
                    g = rnd.choice([g for g in _divisors(c) if cout % g == 0])
                else:
                    g, cout = c, c * rnd.choice([1, 1, 2])
                ho, wo = _window_out(h, k, s, p, d), _window_out(w, k, s, p, d)
                if ho < 1 or wo < 1:
                    continue
                m = nn.Sequential(nn.Conv2d(c, cout, k, s, p, dilation=d, groups=g,
                                            bias=rnd.random() < 0.5))
                if rnd.random() < 0.5:
                    m.append(nn.BatchNorm2d(cout))
                act = rnd.choice([None, None] + list(ACTIVATIONS))
                if act:
                    m.append(ACTIVATIONS[act]())
                add_module(m, a, (cout, ho, wo))
            elif kind == "shuffle":
                # Strided slices need Slice's steps (opset 10); torch cannot
                # export them at opset 9.
                excluded = set(UNSUPPORTED_SPELLINGS) | (
                    {"strided_slices"} if self.opset < 10 else set())
                spelling = rnd.choice(sorted(set(SHUFFLES) - excluded))
                groups = [g for g in _divisors(c) if 1 < g < c]
                groups = [g for g in groups if g in SPELLING_GROUPS.get(spelling, groups)]
                if groups:
                    self.steps.append(("shuffle", a, rnd.choice(groups), spelling))
                    shapes.append((c, h, w))
            elif kind == "add":
                same = [j for j, t in enumerate(shapes) if t == (c, h, w) and j != a]
                if same:
                    self.steps.append(("add", a, rnd.choice(same)))
                    shapes.append((c, h, w))
            elif kind == "cat":
                same = [j for j, t in enumerate(shapes) if t[1:] == (h, w)]
                b = rnd.choice(same)
                self.steps.append(("cat", a, b))
                shapes.append((c + shapes[b][0], h, w))
            elif kind == "split":
                if c < 2:
                    continue
                if rnd.random() < 0.5 and c % 2 == 0:
                    # torch.chunk halves, swapped and concatenated (Split + Concat).
                    self.steps.append(("swap_halves", a))
                    shapes.append((c, h, w))
                else:
                    first = rnd.randint(1, c - 1)
                    part = rnd.randrange(2)
                    self.steps.append(("split", a, first, part))
                    shapes.append((first if part == 0 else c - first, h, w))
            elif kind == "pool":
                k = rnd.choice([2, 3])
                s = rnd.choice([1, 2, 2])
                p = rnd.choice([0, 0, k // 2])
                # Ceil mode only where PyTorch keeps every window: when its
                # last window would start in the padding, PyTorch drops it
                # and ONNX 1.12 keeps it, which Riffle refuses as a shape
                # disagreement (EXPECTED_REJECTIONS "maxpool_ceil_pad").
                # Below opset 10 (no ceil_mode attribute) torch emulates ceil
                # mode with end pads that can reach the window's extent,
                # which Riffle refuses as ONNX Runtime does ("Pad should be
                # smaller than kernel").
                ceil = rnd.random() < 0.3 and self.opset >= 10 and all(
                    _window_out(n, k, s, p, 1, True) == -(-(n + 2 * p - k) // s) + 1 for n in (h, w))
                is_max = rnd.random() < 0.5
                include_pad = rnd.random() < 0.5
                ho, wo = _window_out(h, k, s, p, 1, ceil), _window_out(w, k, s, p, 1, ceil)
                if ho < 1 or wo < 1:
                    continue
                self.steps.append(("pool", a, is_max, k, s, p, ceil, include_pad))
                shapes.append((c, ho, wo))
            elif kind == "const":
                shape = rnd.choice([(1, c, 1, 1), (c, 1, 1)])
                self.register_buffer(f"c{i}", _constant(shape, seed * 1000 + i))
                self.steps.append(("const", a, f"c{i}", rnd.choice(["mul", "add", "sub"])))
                shapes.append((c, h, w))
            else:
                self.steps.append(("act", a, rnd.choice(sorted(ACTIVATIONS))))
                shapes.append((c, h, w))
        self.head = None
        if rnd.random() < 0.25:
            classes = rnd.choice([5, 10])
            self.head = nn.Linear(shapes[-1][0], classes)
            self.softmax = rnd.random() < 0.5
        self.config = dict(seed=seed, input_shape=list(self.input_shape), opset=self.opset,
                           steps=[list(map(str, s)) for s in self.steps],
                           modules=[str(m) for m in self.mods],
                           head=self.head is not None)

    def forward(self, x):
        ts = [x]
        for step in self.steps:
            kind, t = step[0], ts[step[1]]
            if kind == "mod":
                y = self.mods[step[2]](t)
            elif kind == "shuffle":
                y = SHUFFLES[step[3]](t, step[2])
            elif kind == "add":
                y = t + ts[step[2]]
            elif kind == "cat":
                y = torch.cat((t, ts[step[2]]), 1)
            elif kind == "swap_halves":
                x1, x2 = t.chunk(2, dim=1)
                y = torch.cat((x2, x1), 1)
            elif kind == "split":
                y = torch.split(t, [step[2], t.shape[1] - step[2]], dim=1)[step[3]]
            elif kind == "pool":
                _, is_max, k, s, p, ceil, include_pad = step[1:]
                if is_max:
                    y = F.max_pool2d(t, k, s, p, ceil_mode=ceil)
                else:
                    y = F.avg_pool2d(t, k, s, p, ceil_mode=ceil, count_include_pad=include_pad)
            elif kind == "const":
                c = getattr(self, step[2])
                y = {"mul": t * c, "add": t + c, "sub": t - c}[step[3]]
            else:
                y = ACTIVATIONS[step[2]]()(t)
            ts.append(y)
        y = ts[-1]
        if self.head is not None:
            y = self.head(y.mean((2, 3)))
            if self.softmax:
                y = F.softmax(y, dim=1)
        return y


def _to_opset18(model: onnx.ModelProto) -> onnx.ModelProto:
    """Rewrites an opset-17 export as opset 18: ReduceMean's `axes` moves
    from an attribute to an input (the only opset-18 change that touches what
    these networks export)."""
    graph = model.graph
    for node in graph.node:
        if node.op_type == "ReduceMean":
            axes = [a for a in node.attribute if a.name == "axes"]
            if axes:
                name = f"{node.output[0]}_axes"
                graph.initializer.append(numpy_helper.from_array(np.array(axes[0].ints, np.int64), name))
                node.attribute.remove(axes[0])
                node.input.append(name)
    for opset in model.opset_import:
        if opset.domain in ("", "ai.onnx"):
            opset.version = 18
    return model


def export_random_net(seed: int, outdir: str) -> dict:
    """Draws network `seed`, exports it and PyTorch's output; returns its
    configuration (also written to rnd_SEED.json)."""
    torch.manual_seed(seed)
    model = RandomNet(seed)
    gen = torch.Generator().manual_seed(seed + 1)
    zoo.randomize_(model, seed, torch.randn((2,) + model.input_shape[1:], generator=gen))
    model.eval()
    x = make_input(model.input_shape, seed)
    with torch.no_grad():
        y = model(torch.from_numpy(x.copy())).numpy().astype(np.float32)
    tag = f"rnd_{seed}"
    os.makedirs(outdir, exist_ok=True)
    path = os.path.join(outdir, tag + ".onnx")
    export_opset = min(model.opset, 17)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (torch.from_numpy(x.copy()),), path, export_params=True,
                          opset_version=export_opset, do_constant_folding=True,
                          input_names=["input"], output_names=["output"])
    proto = onnx.load(path)
    proto.graph.name = tag
    if model.opset == 18:
        proto = _to_opset18(proto)  # libonnx 1.12's checker knows opsets up to 17
    else:
        onnx.checker.check_model(proto, full_check=True)
    onnx.save(proto, path)
    np.save(os.path.join(outdir, tag + ".input.npy"), x)
    np.save(os.path.join(outdir, tag + ".output.npy"), y)
    config = dict(model.config, tag=tag, output_shape=list(y.shape),
                  onnx_ops=sorted({n.op_type for n in proto.graph.node}))
    with open(os.path.join(outdir, tag + ".json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(config, sort_keys=True, indent=2) + "\n")
    return config


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True, help="first seed")
    parser.add_argument("--count", type=int, default=1, help="number of networks (seeds)")
    parser.add_argument("-o", "--outdir", required=True)
    args = parser.parse_args(argv)
    for seed in range(args.seed, args.seed + args.count):
        config = export_random_net(seed, args.outdir)
        print(f"rnd_{seed}: {config['input_shape']} -> {config['output_shape']}, "
              f"opset {config['opset']}, {len(config['steps'])} steps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
