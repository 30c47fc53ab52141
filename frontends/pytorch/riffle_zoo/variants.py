"""Variants: small networks and blocks written the ways the zoo does *not*
write them, for the frontend and the pass pipeline.

The zoo (zoo.py) holds the reference networks and one spelling of each
block. Real models spell the same things differently: other channel-shuffle
idioms (`permute`, `flatten`, `torch.stack`, index gathers, the official
Megvii ShuffleNet V2 shuffle), biased convs without BatchNorm, residual adds
in odd places, shuffles on the network input or as its output, several
inputs or outputs, ceil-mode pools, LeakyReLU DarkNet blocks, ResNeXt group
convs, SqueezeNet fire modules, MobileNet V3 SE blocks... Every variant is a
small `nn.Module` with deterministic random weights (zoo.randomize_, so BN
statistics are calibrated and far from the identity), exported like the zoo
exports its models.

    /usr/bin/python3 -m riffle_zoo.variants NAME [NAME ...] -o DIR
        [--batch N] [--height H] [--width W] [--opset K] [--keep-bn]
        [--seed S] [--tag TAG] [--dynamic none|batch|all]
    /usr/bin/python3 -m riffle_zoo.variants --list

(run from frontends/pytorch). For each NAME it writes
    DIR/TAG.onnx          torch.onnx.export, constant folding on, static
                          shapes; inputs "input" (or "input0", "input1", ...)
                          and outputs "output" (or "output0", "output1", ...)
    DIR/TAG.input.npy     the reference input (TAG.input0.npy ... for several)
    DIR/TAG.output.npy    PyTorch's output (TAG.output0.npy ... for several)
    DIR/TAG.json          name, shapes, opset, keep_bn, and the lists of
                          input and output .npy files in order
TAG is NAME unless --tag is given (useful only with one NAME). `all` stands
for every variant. --dynamic exports a symbolic batch (or batch, height and
width); compile such files with `rifflec --input-shape=NxCxHxW`.

BatchNorm: unlike export.py, the default here is torch.onnx's own default
(TrainingMode.EVAL), which folds every Conv+BN pair before writing: that is
what most ONNX files in the wild look like. --keep-bn exports with
TrainingMode.PRESERVE on the eval-mode model, so BatchNormalization nodes
stay and Riffle's riffle-fold-batch-norm has to fold them.

Exit status 0 on success; 1 with `error: ...` on stderr otherwise.
"""

import argparse
import json
import os
import sys
import warnings
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

from . import zoo
from .export import DEFAULT_OPSET, make_input

__all__ = ["Variant", "VARIANTS", "names", "get", "create", "export_variant", "main"]


@dataclass(frozen=True)
class Variant:
    name: str
    build: Callable[[], nn.Module]
    shapes: Tuple[Tuple[int, int, int], ...]  # (C, H, W) of each input
    description: str

    @property
    def channels(self) -> Tuple[int, ...]:
        return tuple(s[0] for s in self.shapes)


VARIANTS: Dict[str, Variant] = {}


def _register(name: str, shapes, description: str):
    """Decorator: register a zero-argument builder under `name`."""
    if isinstance(shapes[0], int):
        shapes = (shapes,)

    def wrap(build):
        assert name not in VARIANTS, name
        VARIANTS[name] = Variant(name, build, tuple(tuple(s) for s in shapes), description)
        return build
    return wrap


def _constant(shape: Sequence[int], seed: int, scale: float = 1.0) -> Tensor:
    """A fixed random tensor for buffers (randomize_ only touches parameters)."""
    return torch.randn(tuple(shape), generator=torch.Generator().manual_seed(seed)) * scale


# ---------------------------------------------------------------------------
# Channel-shuffle spellings. Each takes (x, groups) and returns
# channel_shuffle(x, groups) as DESIGN.md defines it, unless noted.
# ---------------------------------------------------------------------------

def shuffle_view_transpose(x: Tensor, g: int) -> Tensor:
    n, c, h, w = x.size()
    return x.view(n, g, c // g, h, w).transpose(1, 2).contiguous().view(n, c, h, w)


def shuffle_reshape_permute_neg1(x: Tensor, g: int) -> Tensor:
    n, c, h, w = x.shape
    return x.reshape(n, g, -1, h, w).permute(0, 2, 1, 3, 4).reshape(n, -1, h, w)


def shuffle_transpose_flatten(x: Tensor, g: int) -> Tensor:
    n, c, h, w = x.shape
    return torch.transpose(x.view(n, g, c // g, h, w), 1, 2).flatten(1, 2)


def shuffle_batch_neg1(x: Tensor, g: int) -> Tensor:
    _, c, h, w = x.shape
    return x.view(-1, g, c // g, h, w).transpose(1, 2).reshape(-1, c, h, w)


def shuffle_hw_flat(x: Tensor, g: int) -> Tensor:
    """Spatial axes merged: a 4-D view [N, g, C/g, H*W]."""
    n, c, h, w = x.shape
    return x.view(n, g, c // g, h * w).transpose(1, 2).reshape(n, c, h, w)


def shuffle_cg_view_transpose(x: Tensor, g: int) -> Tensor:
    """view(n, c/g, g, h, w).transpose(1, 2): the *inverse* shuffle, i.e.
    channel_shuffle(x, c/g)."""
    n, c, h, w = x.shape
    return x.view(n, c // g, g, h, w).transpose(1, 2).contiguous().view(n, c, h, w)


def shuffle_stack2(x: Tensor, g: int) -> Tensor:
    """torch.stack of the two halves along a new axis 2, flattened: the
    2-group shuffle (interleave the halves)."""
    assert g == 2
    x1, x2 = x.chunk(2, dim=1)
    return torch.stack((x1, x2), dim=2).flatten(1, 2)


def shuffle_cat_unsqueeze(x: Tensor, g: int) -> Tensor:
    """torch.cat of unsqueezed groups along axis 2, reshaped back."""
    n, c, h, w = x.shape
    parts = x.split(c // g, dim=1)
    return torch.cat([p.unsqueeze(2) for p in parts], dim=2).reshape(n, c, h, w)


def shuffle_index(x: Tensor, g: int) -> Tensor:
    """Advanced indexing with the permutation (exports as Gather on axis 1)."""
    c = x.shape[1]
    perm = torch.arange(c).view(g, c // g).t().reshape(-1)
    return x[:, perm]


def shuffle_strided_slices(x: Tensor, g: int) -> Tensor:
    """cat([x[:, i::k] for i in range(k)]) with k = C/g: channel i of group j
    is x[i*g + j]... i.e. exactly channel_shuffle(x, g) written with step-k
    channel slices and a concat."""
    k = x.shape[1] // g
    return torch.cat([x[:, i::k] for i in range(k)], dim=1)


def shuffle_nhwc(x: Tensor, g: int) -> Tensor:
    """The shuffle done in NHWC (TensorFlow-ported code): permute to NHWC,
    reshape [N, H, W, g, C/g], swap the last two axes, back to NCHW."""
    n, c, h, w = x.shape
    y = x.permute(0, 2, 3, 1).reshape(n, h, w, g, c // g).transpose(3, 4)
    return y.reshape(n, h, w, c).permute(0, 3, 1, 2)


SHUFFLES: Dict[str, Callable[[Tensor, int], Tensor]] = {
    "strided_slices": shuffle_strided_slices,
    "nhwc": shuffle_nhwc,
    "view_transpose": shuffle_view_transpose,
    "reshape_permute_neg1": shuffle_reshape_permute_neg1,
    "transpose_flatten": shuffle_transpose_flatten,
    "batch_neg1": shuffle_batch_neg1,
    "hw_flat": shuffle_hw_flat,
    "cg_view_transpose": shuffle_cg_view_transpose,
    "stack2": shuffle_stack2,
    "cat_unsqueeze": shuffle_cat_unsqueeze,
    "index": shuffle_index,
}


def conv(cin, cout, k=1, s=1, groups=1, bias=True, padding=None) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, k, s, k // 2 if padding is None else padding,
                     groups=groups, bias=bias)


def conv_bn(cin, cout, k=1, s=1, groups=1, act: Optional[nn.Module] = None) -> nn.Sequential:
    layers = [conv(cin, cout, k, s, groups, bias=False), nn.BatchNorm2d(cout)]
    if act is not None:
        layers.append(act)
    return nn.Sequential(*layers)


# --- every spelling between two group convs -----------------------------------

class ShuffleSandwich(nn.Module):
    """1x1 group conv (g) + ReLU -> SHUFFLE -> 3x3 depthwise -> 1x1 group conv (g)."""

    def __init__(self, spelling: str, channels: int = 24, groups: int = 3) -> None:
        super().__init__()
        self.spelling, self.g = spelling, groups
        self.pw1 = conv_bn(channels, channels, 1, groups=groups, act=nn.ReLU())
        self.dw = conv_bn(channels, channels, 3, groups=channels)
        self.pw2 = conv(channels, channels, 1, groups=groups)

    def forward(self, x: Tensor) -> Tensor:
        y = SHUFFLES[self.spelling](self.pw1(x), self.g)
        return self.pw2(self.dw(y))


for _sp, _g in (("view_transpose", 3), ("reshape_permute_neg1", 3), ("transpose_flatten", 3),
                ("batch_neg1", 3), ("hw_flat", 3), ("cg_view_transpose", 3),
                ("stack2", 2), ("cat_unsqueeze", 3), ("index", 3), ("strided_slices", 3),
                ("nhwc", 3)):
    _register(f"shuffle_{_sp}", (24, 12, 20),
              f"group conv -> shuffle spelled '{_sp}' (g={_g}) -> dw -> group conv")(
        (lambda sp=_sp, g=_g: ShuffleSandwich(sp, 24, g)))


# --- where the shuffle sits -----------------------------------------------------

@_register("shuffle_before_group_conv", (16, 12, 20),
           "dense 1x1 -> shuffle g=4 -> 1x1 group conv g=4 -> shuffle g=4 -> 1x1 group conv")
class ShuffleBeforeGroupConv(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(16, 32, 1)
        self.b = conv(32, 32, 1, groups=4)
        self.c = conv(32, 16, 1, groups=4)

    def forward(self, x):
        x = shuffle_view_transpose(F.relu(self.a(x)), 4)
        x = shuffle_view_transpose(F.relu(self.b(x)), 4)
        return self.c(x)


@_register("shuffle_after_depthwise", (24, 12, 20),
           "group conv -> 3x3 depthwise (bias) -> shuffle -> group conv g=3")
class ShuffleAfterDepthwise(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.dw = conv(24, 24, 3, groups=24)
        self.b = conv(24, 24, 1, groups=3)

    def forward(self, x):
        return self.b(shuffle_view_transpose(self.dw(F.relu(self.a(x))), 3))


@_register("shuffle_on_input", (12, 12, 20),
           "shuffle g=3 of the network input -> group conv g=3 -> relu")
class ShuffleOnInput(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(12, 24, 1, groups=3)

    def forward(self, x):
        return F.relu(self.a(shuffle_reshape_permute_neg1(x, 3)))


@_register("shuffle_input_to_output", (12, 6, 10),
           "nothing but a shuffle g=4 of the input")
class ShuffleInputToOutput(nn.Module):
    def forward(self, x):
        return shuffle_view_transpose(x, 4)


@_register("shuffle_at_output", (12, 12, 20),
           "group conv g=3 + BN + ReLU -> shuffle g=3 is the output")
class ShuffleAtOutput(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv_bn(12, 24, 1, groups=3, act=nn.ReLU())

    def forward(self, x):
        return shuffle_view_transpose(self.a(x), 3)


@_register("shuffle_dense_at_output", (12, 12, 20),
           "dense 3x3 conv + BN -> shuffle g=2 is the output")
class ShuffleDenseAtOutput(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv_bn(12, 24, 3)

    def forward(self, x):
        return shuffle_view_transpose(self.a(x), 2)


@_register("shuffle_twice_different_groups", (24, 12, 20),
           "group conv g=2 -> shuffle g=2 -> shuffle g=3 -> group conv g=3")
class ShuffleTwice(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=2)
        self.b = conv(24, 24, 1, groups=3)

    def forward(self, x):
        y = shuffle_view_transpose(F.relu(self.a(x)), 2)
        y = shuffle_reshape_permute_neg1(y, 3)
        return self.b(y)


@_register("shuffle_twice_relu_between", (24, 12, 20),
           "group conv -> shuffle g=3 -> relu -> shuffle g=4 -> dw -> relu -> shuffle g=2 -> output")
class ShuffleTwiceReluBetween(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.dw = conv(24, 24, 3, groups=24)

    def forward(self, x):
        y = F.relu(shuffle_view_transpose(self.a(x), 3))
        y = F.relu(self.dw(shuffle_view_transpose(y, 4)))
        return shuffle_view_transpose(y, 2)


@_register("shuffle_channelwise_only", (24, 13, 21),
           "shuffle -> BN -> ReLU6 -> depthwise -> max pool -> hardswish (no conv absorbs it)")
class ShuffleChannelwiseOnly(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.bn = nn.BatchNorm2d(24)
        self.dw = conv(24, 24, 3, groups=24)
        self.pool = nn.MaxPool2d(3, 2, 1)

    def forward(self, x):
        y = F.relu6(self.bn(shuffle_view_transpose(x, 3)))
        return F.hardswish(self.pool(self.dw(y)))


@_register("shuffle_gap_linear", (24, 12, 20),
           "group conv -> shuffle -> global avg pool -> flatten -> linear")
class ShuffleGapLinear(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 48, 1, groups=3)
        self.fc = nn.Linear(48, 10)

    def forward(self, x):
        y = shuffle_view_transpose(F.relu(self.a(x)), 3)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(y, 1), 1))


@_register("shuffle_depthwise_multiplier", (24, 12, 20),
           "group conv -> shuffle -> depthwise with channel multiplier 2 (24 -> 48) -> 1x1")
class ShuffleDepthwiseMultiplier(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.dw = conv(24, 48, 3, groups=24)
        self.b = conv(48, 16, 1)

    def forward(self, x):
        return self.b(self.dw(shuffle_view_transpose(self.a(x), 3)))


@_register("shuffle_two_conv_consumers", (24, 12, 20),
           "shuffle read by a dense conv and a group conv, outputs added")
class ShuffleTwoConvConsumers(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.b = conv(24, 16, 1)
        self.c = conv(24, 16, 3, groups=4)

    def forward(self, x):
        y = shuffle_view_transpose(self.a(x), 3)
        return self.b(y) + self.c(y)


@_register("shuffle_strided_consumer", (24, 13, 21),
           "shuffle -> stride-2 3x3 group conv g=2 with dilation-free padding 1")
class ShuffleStridedConsumer(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.b = conv(24, 32, 3, 2, groups=2)

    def forward(self, x):
        return self.b(shuffle_view_transpose(F.leaky_relu(self.a(x), 0.1), 3))


# --- ShuffleNet V1 units ----------------------------------------------------------

class V1Unit(nn.Module):
    """ShuffleNet V1 unit with biased convs and no BN (or with BN)."""

    def __init__(self, cin, cout, g, stride, bn=False) -> None:
        super().__init__()
        mid = cout // 4
        branch = cout - cin if stride == 2 else cout
        self.stride, self.g = stride, g
        if bn:
            self.pw1 = conv_bn(cin, mid, 1, groups=g)
            self.dw = conv_bn(mid, mid, 3, stride, groups=mid)
            self.pw2 = conv_bn(mid, branch, 1, groups=g)
        else:
            self.pw1 = conv(cin, mid, 1, groups=g)
            self.dw = conv(mid, mid, 3, stride, groups=mid)
            self.pw2 = conv(mid, branch, 1, groups=g)

    def forward(self, x):
        y = shuffle_view_transpose(F.relu(self.pw1(x)), self.g)
        y = self.pw2(self.dw(y))
        if self.stride == 2:
            return F.relu(torch.cat((F.avg_pool2d(x, 3, 2, 1), y), 1))
        return F.relu(x + y)


_register("v1_unit_bias_nobn", (48, 12, 20),
          "ShuffleNet V1 stride-1 unit, g=3, biased convs, no BN")(lambda: V1Unit(48, 48, 3, 1))
_register("v1_unit_s2_bias_nobn", (24, 13, 21),
          "ShuffleNet V1 stride-2 unit, g=3, 24 -> 72, biased convs, no BN, odd size")(
    lambda: V1Unit(24, 72, 3, 2))
_register("v1_unit_bn_g4", (64, 12, 20),
          "ShuffleNet V1 stride-1 unit, g=4, with BN")(lambda: V1Unit(64, 64, 4, 1, bn=True))


@_register("v1_stage", (24, 16, 24), "two ShuffleNet V1 units, g=2 (stride 2 then 1), with BN")
class V1Stage(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.u1 = V1Unit(24, 48, 2, 2, bn=True)
        self.u2 = V1Unit(48, 48, 2, 1, bn=True)

    def forward(self, x):
        return self.u2(self.u1(x))


# --- ShuffleNet V2 units ----------------------------------------------------------

class V2Unit(nn.Module):
    """ShuffleNet V2 stride-1 unit: split halves, branch on the second,
    concat, shuffle g=2. `split` picks how the halves are taken; `bn=False`
    gives biased convs without BN."""

    def __init__(self, channels: int, split: str, bn: bool = True,
                 shuffle: str = "view_transpose") -> None:
        super().__init__()
        half = channels // 2
        self.split, self.shuffle = split, shuffle
        if bn:
            self.branch = nn.Sequential(
                conv_bn(half, half, 1, act=nn.ReLU()), conv_bn(half, half, 3, groups=half),
                conv_bn(half, half, 1, act=nn.ReLU()))
        else:
            self.branch = nn.Sequential(
                conv(half, half, 1), nn.ReLU(), conv(half, half, 3, groups=half),
                conv(half, half, 1), nn.ReLU())

    def forward(self, x):
        c = x.shape[1]
        if self.split == "chunk":
            x1, x2 = torch.chunk(x, 2, dim=1)
        elif self.split == "split":
            x1, x2 = torch.split(x, c // 2, dim=1)
        elif self.split == "slice":
            x1, x2 = x[:, :c // 2], x[:, c // 2:]
        elif self.split == "narrow":
            x1, x2 = x.narrow(1, 0, c // 2), x.narrow(1, c // 2, c // 2)
        else:
            raise ValueError(self.split)
        out = torch.cat((x1, self.branch(x2)), dim=1)
        return SHUFFLES[self.shuffle](out, 2)


for _split in ("chunk", "split", "slice", "narrow"):
    _register(f"v2_unit_{_split}", (48, 12, 20),
              f"ShuffleNet V2 stride-1 unit, halves by {_split}, BN")(
        (lambda s=_split: V2Unit(48, s)))
_register("v2_unit_split_bias_nobn", (48, 12, 20),
          "ShuffleNet V2 stride-1 unit, torch.split, biased convs, no BN")(
    lambda: V2Unit(48, "split", bn=False))
_register("v2_unit_stack_shuffle", (48, 12, 20),
          "ShuffleNet V2 stride-1 unit, slicing, shuffle written with torch.stack")(
    lambda: V2Unit(48, "slice", shuffle="stack2"))
_register("v2_unit_permute_shuffle", (48, 12, 20),
          "ShuffleNet V2 stride-1 unit, chunk, shuffle written reshape/permute/-1")(
    lambda: V2Unit(48, "chunk", shuffle="reshape_permute_neg1"))


class V2UnitS2(nn.Module):
    """ShuffleNet V2 stride-2 unit (two branches, concat, shuffle g=2)."""

    def __init__(self, cin: int, cout: int, bn: bool = True) -> None:
        super().__init__()
        half = cout // 2
        if bn:
            self.b1 = nn.Sequential(conv_bn(cin, cin, 3, 2, groups=cin),
                                    conv_bn(cin, half, 1, act=nn.ReLU()))
            self.b2 = nn.Sequential(conv_bn(cin, half, 1, act=nn.ReLU()),
                                    conv_bn(half, half, 3, 2, groups=half),
                                    conv_bn(half, half, 1, act=nn.ReLU()))
        else:
            self.b1 = nn.Sequential(conv(cin, cin, 3, 2, groups=cin), conv(cin, half, 1),
                                    nn.ReLU())
            self.b2 = nn.Sequential(conv(cin, half, 1), nn.ReLU(),
                                    conv(half, half, 3, 2, groups=half),
                                    conv(half, half, 1), nn.ReLU())

    def forward(self, x):
        return shuffle_view_transpose(torch.cat((self.b1(x), self.b2(x)), 1), 2)


_register("v2_unit_s2_bias_nobn", (24, 13, 21),
          "ShuffleNet V2 stride-2 unit 24 -> 48, biased convs, no BN, odd size")(
    lambda: V2UnitS2(24, 48, bn=False))


@_register("v2_stage", (24, 16, 24),
           "ShuffleNet V2 stage: stride-2 unit then two stride-1 units (chunk, split)")
class V2Stage(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.u1 = V2UnitS2(24, 48)
        self.u2 = V2Unit(48, "chunk")
        self.u3 = V2Unit(48, "split")

    def forward(self, x):
        return self.u3(self.u2(self.u1(x)))


@_register("v2_unit_megvii", (48, 12, 20),
           "official Megvii ShuffleNet V2 stride-1 unit: shuffle by reshape(N*C/2, 2, HW)"
           ".permute(1, 0, 2) and x[0], x[1] at the unit's start")
class V2UnitMegvii(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.branch = nn.Sequential(
            conv_bn(24, 24, 1, act=nn.ReLU()), conv_bn(24, 24, 3, groups=24),
            conv_bn(24, 24, 1, act=nn.ReLU()))

    @staticmethod
    def channel_shuffle(x):
        b, c, h, w = x.size()
        x = x.reshape(b * c // 2, 2, h * w)
        x = x.permute(1, 0, 2)
        x = x.reshape(2, -1, c // 2, h, w)
        return x[0], x[1]

    def forward(self, x):
        x_proj, x = self.channel_shuffle(x)
        return torch.cat((x_proj, self.branch(x)), 1)


# --- residual adds in odd places ----------------------------------------------------

@_register("add_shuffled_and_unshuffled", (24, 12, 20),
           "y = group conv(x); z = shuffle(y) + y; group conv(relu(z))")
class AddShuffledAndUnshuffled(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.b = conv(24, 24, 1, groups=3)

    def forward(self, x):
        y = self.a(x)
        return self.b(F.relu(shuffle_view_transpose(y, 3) + y))


@_register("add_after_concat", (24, 12, 20),
           "z = concat(conv_a(x), conv_b(x)) + x; shuffle g=2; group conv g=2")
class AddAfterConcat(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 12, 1)
        self.b = conv(24, 12, 3, groups=12)
        self.c = conv(24, 24, 1, groups=2)

    def forward(self, x):
        z = torch.cat((self.a(x), self.b(x)), 1) + x
        return self.c(shuffle_view_transpose(z, 2))


@_register("add_two_shuffles", (24, 12, 20),
           "shuffle(conv_a(x), 3) + shuffle(conv_b(x), 3) -> group conv g=3")
class AddTwoShuffles(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.b = conv(24, 24, 3, groups=3)
        self.c = conv(24, 24, 1, groups=3)

    def forward(self, x):
        y = shuffle_view_transpose(self.a(x), 3) + shuffle_view_transpose(self.b(x), 3)
        return self.c(y)


@_register("add_shuffle_residual", (24, 12, 20),
           "relu(x + shuffle(group conv(x))) -> dw -> relu, shuffle on the residual branch")
class AddShuffleResidual(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.dw = conv(24, 24, 3, groups=24)

    def forward(self, x):
        y = F.relu(x + shuffle_view_transpose(self.a(x), 3))
        return F.relu(self.dw(y))


@_register("add_shuffle_self", (24, 12, 20),
           "shuffle(y) + shuffle(y) and shuffle(y) * y")
class AddShuffleSelf(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.b = conv(24, 24, 1)

    def forward(self, x):
        y = self.a(x)
        s = shuffle_view_transpose(y, 3)
        return self.b(s + s) * y


@_register("add_const_channel", (24, 12, 20),
           "shuffle(group conv) + const[C,1,1], * const[1,C,1,1], -> group conv")
class AddConstChannel(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.b = conv(24, 24, 1, groups=3)
        self.register_buffer("shift", _constant((24, 1, 1), 11))
        self.register_buffer("scale", _constant((1, 24, 1, 1), 12))

    def forward(self, x):
        y = shuffle_view_transpose(self.a(x), 3)
        return self.b(F.relu((y + self.shift) * self.scale))


@_register("add_const_width", (24, 12, 24),
           "shuffle(group conv) + const of shape [W] (W == C: broadcasts along W, not C)")
class AddConstWidth(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.b = conv(24, 24, 1, groups=3)
        self.register_buffer("shift", _constant((24,), 13))

    def forward(self, x):
        y = shuffle_view_transpose(self.a(x), 3)
        return self.b(y + self.shift)


@_register("mul_const_hw", (24, 24, 24),
           "shuffle(group conv) * const[24, 1] (broadcasts along H; H == C)")
class MulConstHW(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.b = conv(24, 24, 1, groups=3)
        self.register_buffer("scale", _constant((24, 1), 14))

    def forward(self, x):
        y = shuffle_view_transpose(self.a(x), 3)
        return self.b(y * self.scale)


# --- MobileNets ------------------------------------------------------------------

@_register("mobilenet_v1_blocks", (16, 17, 25),
           "two MobileNet V1 depthwise-separable blocks (first stride 2), BN + ReLU")
class MobileNetV1Blocks(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Sequential(
            conv_bn(16, 16, 3, 2, groups=16, act=nn.ReLU(inplace=True)),
            conv_bn(16, 32, 1, act=nn.ReLU(inplace=True)),
            conv_bn(32, 32, 3, 1, groups=32, act=nn.ReLU(inplace=True)),
            conv_bn(32, 64, 1, act=nn.ReLU(inplace=True)))

    def forward(self, x):
        return self.body(x)


class IRBlock(nn.Module):
    """MobileNet V2 inverted residual with a chosen activation."""

    def __init__(self, cin, cout, stride, expand, act=nn.ReLU) -> None:
        super().__init__()
        mid = cin * expand
        self.res = stride == 1 and cin == cout
        self.body = nn.Sequential(
            conv_bn(cin, mid, 1, act=act()), conv_bn(mid, mid, 3, stride, groups=mid, act=act()),
            conv_bn(mid, cout, 1))

    def forward(self, x):
        return x + self.body(x) if self.res else self.body(x)


@_register("mobilenet_v2_relu", (3, 32, 48),
           "tiny MobileNet V2: stem, inverted residuals with ReLU instead of ReLU6, GAP, FC")
class MobileNetV2Relu(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.stem = conv_bn(3, 16, 3, 2, act=nn.ReLU())
        self.blocks = nn.Sequential(IRBlock(16, 16, 1, 4), IRBlock(16, 24, 2, 6),
                                    IRBlock(24, 24, 1, 6))
        self.head = conv_bn(24, 64, 1, act=nn.ReLU())
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = self.head(self.blocks(self.stem(x)))
        return self.fc(x.mean([2, 3]))


_register("inverted_residual_relu6", (16, 14, 22),
          "MobileNet V2 inverted residual 16 -> 96 -> 16 with ReLU6")(
    lambda: IRBlock(16, 16, 1, 6, act=nn.ReLU6))


def _mbv3_block(cin, k, exp, cout, se, act, stride):
    from torchvision.models.mobilenetv3 import InvertedResidual, InvertedResidualConfig
    from functools import partial
    cfg = InvertedResidualConfig(cin, k, exp, cout, se, act, stride, 1, 1.0)
    return InvertedResidual(cfg, partial(nn.BatchNorm2d, eps=0.001, momentum=0.01))


_register("mobilenet_v3_se_block", (24, 14, 22),
          "torchvision MobileNet V3 block 24 -> 72 -> 24, 5x5 dw, SE, hardswish, residual")(
    lambda: _mbv3_block(24, 5, 72, 24, True, "HS", 1))
_register("mobilenet_v3_se_block_s2", (16, 15, 23),
          "torchvision MobileNet V3 block 16 -> 64 -> 24, 3x3 dw stride 2, SE, ReLU")(
    lambda: _mbv3_block(16, 3, 64, 24, True, "RE", 2))


@_register("hardswish_spellings", (16, 12, 20),
           "x * relu6(x + 3) / 6 and F.hardswish and hardsigmoid gates")
class HardswishSpellings(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(16, 16, 1)
        self.b = conv(16, 16, 3, groups=16)

    def forward(self, x):
        y = self.a(x)
        y = y * F.relu6(y + 3.0) / 6.0
        z = F.hardswish(self.b(y))
        return z * F.hardsigmoid(z.mean([2, 3], keepdim=True))


# --- ResNeXt, SqueezeNet, DarkNet ----------------------------------------------------

class ResNeXtBlock(nn.Module):
    """ResNeXt bottleneck: 1x1 -> 3x3 group conv (cardinality 32) -> 1x1, residual."""

    def __init__(self, cin=64, width=128, cout=64, stride=1, cardinality=32) -> None:
        super().__init__()
        self.body = nn.Sequential(
            conv_bn(cin, width, 1, act=nn.ReLU()),
            conv_bn(width, width, 3, stride, groups=cardinality, act=nn.ReLU()),
            conv_bn(width, cout, 1))
        self.down = None if stride == 1 and cin == cout else conv_bn(cin, cout, 1, stride)

    def forward(self, x):
        skip = x if self.down is None else self.down(x)
        return F.relu(self.body(x) + skip)


_register("resnext_block", (64, 10, 14),
          "ResNeXt 32x4d bottleneck 64 -> 128 (g=32) -> 64 with identity shortcut")(ResNeXtBlock)
_register("resnext_block_s2", (64, 11, 15),
          "ResNeXt 32x4d bottleneck 64 -> 128 (g=32, stride 2) -> 128, projection shortcut")(
    lambda: ResNeXtBlock(64, 128, 128, 2))


class Fire(nn.Module):
    def __init__(self, cin, squeeze, e1, e3) -> None:
        super().__init__()
        self.s = conv(cin, squeeze, 1)
        self.e1 = conv(squeeze, e1, 1)
        self.e3 = conv(squeeze, e3, 3)

    def forward(self, x):
        s = F.relu(self.s(x))
        return torch.cat((F.relu(self.e1(s)), F.relu(self.e3(s))), 1)


@_register("squeezenet_fire", (3, 33, 47),
           "SqueezeNet stem, ceil-mode max pool, two fire modules, ceil pool, conv head, GAP")
class SqueezeFire(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.stem = conv(3, 32, 3, 2, padding=0)
        self.f1 = Fire(32, 8, 16, 16)
        self.f2 = Fire(32, 8, 16, 16)
        self.head = conv(32, 10, 1)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.stem(x)), 3, 2, ceil_mode=True)
        x = self.f2(self.f1(x))
        x = F.max_pool2d(x, 3, 2, ceil_mode=True)
        return torch.flatten(F.adaptive_avg_pool2d(F.relu(self.head(x)), 1), 1)


@_register("squeezenet_fire_residual", (32, 12, 20),
           "fire module with a bypass (SqueezeNet simple bypass): x + fire(x)")
class FireResidual(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.f = Fire(32, 8, 16, 16)

    def forward(self, x):
        return x + self.f(x)


class DarkConv(nn.Sequential):
    def __init__(self, cin, cout, k, s=1) -> None:
        super().__init__(conv(cin, cout, k, s, bias=False), nn.BatchNorm2d(cout),
                         nn.LeakyReLU(0.1))


@_register("darknet_block", (32, 13, 21),
           "DarkNet-53 residual block: 1x1 (BN, LeakyReLU 0.1) -> 3x3 -> add input")
class DarkNetBlock(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = DarkConv(32, 16, 1)
        self.b = DarkConv(16, 32, 3)

    def forward(self, x):
        return x + self.b(self.a(x))


@_register("darknet_stage", (3, 25, 33),
           "DarkNet stem 3x3, stride-2 3x3 downsample, residual block, LeakyReLU 0.1")
class DarkNetStage(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.stem = DarkConv(3, 16, 3)
        self.down = DarkConv(16, 32, 3, 2)
        self.block = DarkNetBlock()

    def forward(self, x):
        return self.block(self.down(self.stem(x)))


# --- pools, several inputs and outputs -------------------------------------------------

@_register("pools_ceil", (8, 13, 22),
           "ceil-mode max and avg pools (padding, count_include_pad False) on odd sizes")
class PoolsCeil(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(8, 8, 3)

    def forward(self, x):
        y = F.relu(self.a(x))
        p = F.max_pool2d(y, 3, 2, ceil_mode=True)
        q = F.avg_pool2d(y, 3, 2, 1, ceil_mode=True, count_include_pad=False)
        r = F.avg_pool2d(y, 2, 2, ceil_mode=True)
        return (p.mean([2, 3]) + q.mean([2, 3]) + r.mean([2, 3])) * 1.0


@_register("two_outputs", (24, 12, 20),
           "outputs: shuffle(group conv(x)) and group conv(that shuffle)")
class TwoOutputs(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.b = conv(24, 24, 1, groups=3)

    def forward(self, x):
        s = shuffle_view_transpose(F.relu(self.a(x)), 3)
        return s, self.b(s)


@_register("two_outputs_pre_and_post_shuffle", (24, 12, 20),
           "outputs: y = dense conv(x) and shuffle(y), and a head reading the shuffle")
class TwoOutputsPrePost(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1)
        self.b = conv(24, 10, 1, groups=2)

    def forward(self, x):
        y = self.a(x)
        s = shuffle_view_transpose(y, 3)
        return y, s, self.b(s).mean([2, 3])


@_register("two_outputs_v2_halves", (48, 12, 20),
           "ShuffleNet V2 unit whose two shuffled halves are both outputs")
class TwoOutputsV2Halves(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.unit = V2Unit(48, "chunk")

    def forward(self, x):
        y = self.unit(x)
        a, b = y.chunk(2, 1)
        return a, b


@_register("two_inputs_concat_shuffle", ((12, 12, 20), (12, 12, 20)),
           "two inputs: concat -> shuffle g=2 -> group conv g=2, and their sum")
class TwoInputsConcatShuffle(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=2)

    def forward(self, x, y):
        z = shuffle_view_transpose(torch.cat((x, y), 1), 2)
        return self.a(z), x + y


# --- more spellings and edge cases ---------------------------------------------------

@_register("v2_unit_strided_halves", (48, 12, 20),
           "ShuffleNet V2 unit taking its halves as x[:, 0::2] and x[:, 1::2] (step-2 slices)")
class V2UnitStridedHalves(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.branch = nn.Sequential(conv(24, 24, 1), nn.ReLU(), conv(24, 24, 3, groups=24),
                                    conv(24, 24, 1), nn.ReLU())

    def forward(self, x):
        x1, x2 = x[:, 0::2], x[:, 1::2]
        return torch.cat((x1, self.branch(x2)), 1)


@_register("split_unequal_negative_axis", (40, 12, 20),
           "torch.split(x, [8, 16, 16], dim=-3), cat(dim=-3) in another order, shuffle g=4")
class SplitUnequal(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(16, 16, 3, groups=16)
        self.b = conv(40, 40, 1, groups=4)

    def forward(self, x):
        p, q, r = torch.split(x, [8, 16, 16], dim=-3)
        y = torch.cat((self.a(r), p, q), dim=-3)
        return self.b(shuffle_view_transpose(y, 4))


@_register("slice_negative_bounds", (48, 12, 20),
           "halves as x[:, -24:] and x[:, :-24], branch on one, concat, shuffle g=2")
class SliceNegative(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1)
        self.b = conv(48, 48, 1, groups=2)

    def forward(self, x):
        x1, x2 = x[:, -24:], x[:, :-24]
        return self.b(shuffle_view_transpose(torch.cat((F.relu(self.a(x1)), x2), 1), 2))


@_register("shuffle_trivial_groups", (24, 12, 20),
           "shuffles with g=1 and g=C (both the identity) between convs")
class ShuffleTrivialGroups(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.b = conv(24, 24, 1, groups=3)

    def forward(self, x):
        y = shuffle_view_transpose(F.relu(self.a(x)), 1)
        y = shuffle_view_transpose(y, 24)
        return self.b(y)


@_register("shuffle_after_gap", (24, 12, 20),
           "global avg pool (keepdim) -> shuffle g=3 on [N, C, 1, 1] -> 1x1 group conv -> flatten")
class ShuffleAfterGap(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.b = conv(24, 12, 1, groups=3)

    def forward(self, x):
        y = F.adaptive_avg_pool2d(F.relu(self.a(x)), 1)
        return torch.flatten(self.b(shuffle_view_transpose(y, 3)), 1)


@_register("concat_self_shuffle", (12, 12, 20),
           "cat((y, y), 1) -> shuffle g=2 (every channel twice) -> dense conv")
class ConcatSelfShuffle(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(12, 12, 1, groups=3)
        self.b = conv(24, 16, 1)

    def forward(self, x):
        y = F.relu(self.a(x))
        return self.b(shuffle_view_transpose(torch.cat((y, y), 1), 2))


@_register("shuffle_pool_concat", (24, 13, 21),
           "s = shuffle(group conv(x)); cat(avgpool s2(s), dw s2(s)) -> group conv (V1 s2 shortcut on a shuffle)")
class ShufflePoolConcat(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.dw = conv(24, 24, 3, 2, groups=24)
        self.b = conv(48, 48, 1, groups=4)

    def forward(self, x):
        s = shuffle_view_transpose(F.relu(self.a(x)), 3)
        y = torch.cat((F.avg_pool2d(s, 3, 2, 1), self.dw(s)), 1)
        return self.b(y)


@_register("add_const_first", (24, 12, 20),
           "const[1,C,1,1] + shuffle(y) and const[C,1,1] * shuffle(...) with the constant on the left")
class AddConstFirst(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.b = conv(24, 24, 1, groups=3)
        self.register_buffer("shift", _constant((1, 24, 1, 1), 15))
        self.register_buffer("scale", _constant((24, 1, 1), 16))

    def forward(self, x):
        y = shuffle_view_transpose(self.a(x), 3)
        return self.b(self.scale * (self.shift + y))


@_register("conv_relu_bn", (16, 12, 20),
           "conv -> ReLU -> BN (BN after the activation) -> group conv -> BN used twice")
class ConvReluBn(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(16, 32, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(32)
        self.b = conv(32, 32, 1, groups=4, bias=False)
        self.bn2 = nn.BatchNorm2d(32)

    def forward(self, x):
        y = self.bn1(F.relu(self.a(x)))
        z = self.b(y)
        return self.bn2(z) + z


@_register("bn_input_and_concat", (8, 12, 20),
           "BN on the network input, conv, BN after a concat (DenseNet-like), shuffle")
class BnInputConcat(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.bn0 = nn.BatchNorm2d(8)
        self.a = conv(8, 16, 3)
        self.bn1 = nn.BatchNorm2d(24)
        self.b = conv(24, 24, 1, groups=3)

    def forward(self, x):
        x = self.bn0(x)
        y = F.relu(self.bn1(torch.cat((x, self.a(x)), 1)))
        return self.b(shuffle_view_transpose(y, 3))


@_register("conv_shapes", (8, 13, 21),
           "1x3 and 3x1 kernels, stride (1, 2), dilation 2, padding (0, 1), shuffle between")
class ConvShapes(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = nn.Conv2d(8, 16, (1, 3), (1, 2), (0, 1))
        self.b = nn.Conv2d(16, 16, (3, 1), 1, (1, 0), groups=4)
        self.c = nn.Conv2d(16, 16, 3, 1, 2, dilation=2, groups=16)
        self.d = nn.Conv2d(16, 8, 3, (2, 1), 0)

    def forward(self, x):
        y = F.relu(self.a(x))
        y = self.c(shuffle_view_transpose(self.b(y), 4))
        return self.d(y)


@_register("zero_pad_conv", (16, 13, 21),
           "DarkNet/TF-style nn.ZeroPad2d((1, 0, 1, 0)) before a stride-2 3x3 conv without padding")
class ZeroPadConv(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.pad = nn.ZeroPad2d((1, 0, 1, 0))
        self.a = DarkConv(16, 32, 3, 2)
        self.a[0].padding = (0, 0)

    def forward(self, x):
        return self.a(self.pad(x))


@_register("pad_pools", (8, 13, 22),
           "relu -> zero F.pad -> max pool; asymmetric F.pad -> avg pool; concat")
class PadPools(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(8, 8, 1)

    def forward(self, x):
        y = F.relu(self.a(x))
        p = F.max_pool2d(F.pad(y, (1, 1, 1, 1)), 3, 2)
        q = F.avg_pool2d(F.pad(x, (0, 1, 0, 1)), 2, 2)
        return torch.cat((p, q), 1)


@_register("maxpool_ceil_pad", (8, 11, 11),
           "max pool k2 s2 p1 ceil_mode: PyTorch drops the last window, which starts in the padding")
class MaxPoolCeilPad(nn.Module):
    def forward(self, x):
        return F.max_pool2d(x, 2, 2, 1, ceil_mode=True)


@_register("avgpool_ceil_pad", (8, 12, 9),
           "avg pool k3 s2 p1 ceil_mode, count_include_pad True and False")
class AvgPoolCeilPad(nn.Module):
    def forward(self, x):
        p = F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=True)
        q = F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False)
        return p, q


@_register("clip_spellings", (16, 12, 20),
           "clamp(min=0), clamp(max=6), hardtanh(-1, 1), nn.ReLU6, SiLU, sigmoid gate")
class ClipSpellings(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(16, 16, 1)
        self.b = conv(16, 16, 3, groups=16)
        self.c = conv(16, 16, 1)

    def forward(self, x):
        y = torch.clamp(self.a(x), min=0)
        y = torch.clamp(self.b(y), max=6.0)
        y = F.hardtanh(self.c(y), -1.0, 1.0)
        return F.silu(y) * torch.sigmoid(y.mean([2, 3], keepdim=True))


@_register("softmax_head", (16, 12, 20),
           "conv, global pool, squeeze, linear without bias, linear, softmax over classes")
class SoftmaxHead(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(16, 32, 3, 2)
        self.fc1 = nn.Linear(32, 32, bias=False)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        y = F.adaptive_avg_pool2d(F.relu(self.a(x)), 1).squeeze(-1).squeeze(-1)
        return F.softmax(self.fc2(F.relu(self.fc1(y))), dim=1)


@_register("spatial_crop", (16, 12, 20),
           "conv with padding 2 then a spatial crop x[:, :, 1:-1, 2:] and a shuffle")
class SpatialCrop(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(16, 16, 3, padding=2, groups=4)
        self.b = conv(16, 16, 1, groups=4)

    def forward(self, x):
        y = self.a(x)[:, :, 1:-1, 2:]
        return self.b(shuffle_view_transpose(y, 4))


@_register("darknet_add_leaky", (32, 13, 21),
           "LeakyReLU 0.1 after a residual add, and a biased conv + leaky with alpha 0.2")
class DarkNetAddLeaky(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = DarkConv(32, 32, 3)
        self.b = conv(32, 32, 1)

    def forward(self, x):
        y = F.leaky_relu(x + self.a(x), 0.1)
        return F.leaky_relu(self.b(y), 0.2)


@_register("two_outputs_same_tensor", (24, 12, 20),
           "the same shuffled tensor returned twice, and the conv before it")
class TwoOutputsSame(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)

    def forward(self, x):
        y = self.a(x)
        s = shuffle_view_transpose(y, 3)
        return s, s, y


@_register("two_inputs_scale", ((16, 12, 20), (16, 1, 1)),
           "second input is a per-channel scale [N, C, 1, 1]: shuffle(conv(x)) * s -> group conv")
class TwoInputsScale(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(16, 16, 1, groups=4)
        self.b = conv(16, 16, 1, groups=4)

    def forward(self, x, s):
        return self.b(shuffle_view_transpose(self.a(x), 4) * s)


@_register("v2_unit_dw_first", (48, 12, 20),
           "ShuffleNet V2 unit whose branch starts with a depthwise conv on the second half of a shuffle")
class V2UnitDwFirst(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.pre = conv(48, 48, 1, groups=2)
        self.branch = nn.Sequential(conv(24, 24, 3, groups=24), conv(24, 24, 1), nn.ReLU())

    def forward(self, x):
        y = shuffle_view_transpose(F.relu(self.pre(x)), 2)
        y1, y2 = y.chunk(2, 1)
        return shuffle_view_transpose(torch.cat((y1, self.branch(y2)), 1), 2)


@_register("se_after_shuffle", (24, 12, 20),
           "s = shuffle(group conv(x)); s * sigmoid(fc(relu(fc(GAP(s))))) -> group conv")
class SEAfterShuffle(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.fc1 = conv(24, 8, 1)
        self.fc2 = conv(8, 24, 1)
        self.b = conv(24, 24, 1, groups=3)

    def forward(self, x):
        s = shuffle_view_transpose(F.relu(self.a(x)), 3)
        gate = torch.sigmoid(self.fc2(F.relu(self.fc1(F.adaptive_avg_pool2d(s, 1)))))
        return self.b(s * gate)


@_register("shuffle_flatten_linear", (24, 4, 4),
           "group conv -> shuffle -> flatten (no pooling) -> linear")
class ShuffleFlattenLinear(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.fc = nn.Linear(24 * 16, 10)

    def forward(self, x):
        return self.fc(torch.flatten(shuffle_view_transpose(self.a(x), 3), 1))


@_register("shared_weights", (24, 12, 20),
           "the same group conv module applied twice, with a shuffle in between")
class SharedWeights(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.dw = conv(24, 24, 3, groups=24)

    def forward(self, x):
        y = shuffle_view_transpose(F.relu(self.a(x)), 3)
        y = self.dw(y)
        z = shuffle_view_transpose(F.relu(self.a(y)), 3)
        return self.dw(z) + self.dw(y)


@_register("concat_uneven_shuffle", (16, 12, 20),
           "cat(16-channel, 32-channel branches) -> shuffle g=2 (groups straddle the branches) -> group conv")
class ConcatUnevenShuffle(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(16, 32, 1)
        self.b = conv(48, 48, 1, groups=2)

    def forward(self, x):
        y = torch.cat((x, F.relu(self.a(x))), 1)
        return self.b(shuffle_view_transpose(y, 2))


@_register("split_shuffle_parts", (48, 12, 20),
           "split in 3, shuffle each part with its own groups, concat in reverse, dense conv")
class SplitShuffleParts(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(48, 48, 1, groups=4)
        self.b = conv(48, 16, 1)

    def forward(self, x):
        p, q, r = F.relu(self.a(x)).split(16, 1)
        y = torch.cat((shuffle_view_transpose(r, 4), shuffle_view_transpose(q, 2), p), 1)
        return self.b(y)


@_register("shuffle_cancel", (24, 12, 20),
           "shuffle g=3 then its inverse (g=8): the identity; then group conv")
class ShuffleCancel(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(24, 24, 1, groups=3)
        self.b = conv(24, 24, 1, groups=3)

    def forward(self, x):
        y = shuffle_view_transpose(F.relu(self.a(x)), 3)
        return self.b(shuffle_view_transpose(y, 8))


@_register("unsupported_upsample", (16, 6, 10),
           "YOLO-style nearest upsample (Resize): Riffle does not support it")
class UnsupportedUpsample(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(16, 8, 1)

    def forward(self, x):
        return F.interpolate(self.a(x), scale_factor=2, mode="nearest")


@_register("unsupported_sub_tensors", (16, 6, 10),
           "x - conv(x): Sub of two tensors")
class UnsupportedSub(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(16, 16, 1)

    def forward(self, x):
        return x - self.a(x)


def _tv_resnext_bottleneck():
    from torchvision.models.resnet import Bottleneck
    down = nn.Sequential(conv(128, 256, 1, bias=False), nn.BatchNorm2d(256))
    return Bottleneck(128, 64, downsample=down, groups=32, base_width=4)


_register("resnext_tv_bottleneck", (128, 8, 12),
          "torchvision ResNeXt 32x4d Bottleneck 128 -> 128 (g=32) -> 256 with projection")(
    _tv_resnext_bottleneck)


def _tv_fire():
    from torchvision.models.squeezenet import Fire as TvFire
    return TvFire(32, 16, 32, 32)


_register("squeezenet_tv_fire", (32, 13, 27), "torchvision SqueezeNet Fire 32 -> 16 -> 32 + 32")(
    _tv_fire)


@_register("softmax_channels", (16, 6, 10),
           "softmax over the channels of a 4-D tensor (dim=1), after a shuffle")
class SoftmaxChannels(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(16, 16, 1, groups=4)

    def forward(self, x):
        return F.softmax(shuffle_view_transpose(self.a(x), 4), dim=1)


@_register("mean_one_axis_at_a_time", (16, 6, 10),
           "global pooling written x.mean(3).mean(2), then linear")
class MeanOneAxis(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = conv(16, 16, 3)
        self.fc = nn.Linear(16, 5)

    def forward(self, x):
        return self.fc(F.relu(self.a(x)).mean(3).mean(2))


# --- random ShuffleNet-like graphs ------------------------------------------------------

class RandomShuffleGraph(nn.Module):
    """A random graph of the ops the shuffle passes care about, drawn from
    `seed`: group/dense/depthwise convs (bias or not, BN or not, an
    activation or not), channel shuffles in four spellings, residual adds,
    concats, halves, BN, per-channel constant add/mul, 3x3 stride-1 pools and
    activations. Each step reads the newest tensor (60 %) or any earlier one;
    with probability 0.3 the two newest tensors are both outputs."""

    SPELLINGS = ("view_transpose", "reshape_permute_neg1", "cg_view_transpose",
                 "transpose_flatten")

    def __init__(self, seed: int, channels: int = 24) -> None:
        super().__init__()
        import random
        rnd = random.Random(seed)
        acts = [None, nn.ReLU, nn.ReLU6, lambda: nn.LeakyReLU(0.1), nn.Hardswish, nn.Sigmoid]
        self.steps: List[tuple] = []
        self.mods = nn.ModuleList()
        chans = [channels]

        def divisors(c):
            return [d for d in range(1, c + 1) if c % d == 0]

        for i in range(rnd.randint(4, 14)):
            kind = rnd.choice(["conv", "conv", "dw", "shuffle", "shuffle", "add", "cat",
                               "half", "bn", "const", "pool", "act"])
            a = len(chans) - 1 if rnd.random() < 0.6 else rnd.randrange(len(chans))
            ca = chans[a]
            if kind == "conv":
                cout = rnd.choice([12, 24, 36, 48])
                g = rnd.choice([g for g in divisors(ca) if cout % g == 0 and g <= 12])
                k = rnd.choice([1, 1, 3])
                m = nn.Sequential(nn.Conv2d(ca, cout, k, 1, k // 2, groups=g,
                                            bias=rnd.random() < 0.5))
                if rnd.random() < 0.5:
                    m.append(nn.BatchNorm2d(cout))
                act = rnd.choice(acts)
                if act:
                    m.append(act())
                self.mods.append(m)
                self.steps.append(("mod", a, len(self.mods) - 1))
                chans.append(cout)
            elif kind == "dw":
                m = nn.Sequential(nn.Conv2d(ca, ca, 3, 1, 1, groups=ca, bias=rnd.random() < 0.5))
                if rnd.random() < 0.5:
                    m.append(nn.BatchNorm2d(ca))
                self.mods.append(m)
                self.steps.append(("mod", a, len(self.mods) - 1))
                chans.append(ca)
            elif kind == "shuffle":
                gs = [g for g in divisors(ca) if 1 < g < ca]
                if gs:
                    self.steps.append(("shuffle", a, rnd.choice(gs), rnd.choice(self.SPELLINGS)))
                    chans.append(ca)
            elif kind == "add":
                same = [j for j, c in enumerate(chans) if c == ca and j != a]
                if same:
                    self.steps.append(("add", a, rnd.choice(same)))
                    chans.append(ca)
            elif kind == "cat":
                b = rnd.randrange(len(chans))
                self.steps.append(("cat", a, b))
                chans.append(ca + chans[b])
            elif kind == "half":
                if ca % 2 == 0:
                    self.steps.append(("half", a, rnd.randrange(2)))
                    chans.append(ca // 2)
            elif kind == "bn":
                self.mods.append(nn.BatchNorm2d(ca))
                self.steps.append(("mod", a, len(self.mods) - 1))
                chans.append(ca)
            elif kind == "const":
                shape = rnd.choice([(1, ca, 1, 1), (ca, 1, 1)])
                self.register_buffer(f"c{i}", _constant(shape, seed * 100 + i))
                self.steps.append(("const", a, f"c{i}", rnd.random() < 0.5))
                chans.append(ca)
            elif kind == "pool":
                self.steps.append(("pool", a, rnd.random() < 0.5))
                chans.append(ca)
            else:
                self.steps.append(("act", a, rnd.choice(["relu", "relu6", "hardswish", "leaky"])))
                chans.append(ca)
        self.two_outputs = rnd.random() < 0.3 and len(chans) > 2

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
            elif kind == "half":
                y = t.chunk(2, 1)[step[2]]
            elif kind == "const":
                c = getattr(self, step[2])
                y = t * c if step[3] else t + c
            elif kind == "pool":
                y = F.max_pool2d(t, 3, 1, 1) if step[2] else F.avg_pool2d(t, 3, 1, 1)
            else:
                y = {"relu": F.relu, "relu6": F.relu6, "hardswish": F.hardswish,
                     "leaky": lambda z: F.leaky_relu(z, 0.1)}[step[2]](t)
            ts.append(y)
        return (ts[-1], ts[-2]) if self.two_outputs else ts[-1]


for _seed in range(16):
    _register(f"random_graph_{_seed}", (24, 7, 9),
              f"random ShuffleNet-like graph from seed {_seed} (RandomShuffleGraph)")(
        (lambda s=_seed: RandomShuffleGraph(s)))


# --- zoo networks at odd shapes -----------------------------------------------------------

def _zoo_network(name: str) -> Callable[[], nn.Module]:
    return lambda: zoo.create(name, 0)


_register("zoo_shufflenet_v2_x0_5", (3, 64, 64),
          "torchvision ShuffleNet V2 x0.5 (zoo weights)")(_zoo_network("shufflenet_v2_x0_5"))
_register("zoo_shufflenet_v1_g8_x0_5", (3, 64, 64),
          "ShuffleNet V1 x0.5 g=8 (zoo weights)")(_zoo_network("shufflenet_v1_g8_x0_5"))
_register("zoo_mobilenet_v3_small", (3, 64, 64),
          "torchvision MobileNet V3 small (zoo weights)")(_zoo_network("mobilenet_v3_small"))
_register("zoo_mobilenet_v3_large", (3, 64, 64),
          "torchvision MobileNet V3 large (zoo weights)")(_zoo_network("mobilenet_v3_large"))
_register("zoo_mobilenet_v2", (3, 64, 64),
          "torchvision MobileNet V2 (zoo weights)")(_zoo_network("mobilenet_v2"))
_register("zoo_squeezenet1_1", (3, 64, 64),
          "torchvision SqueezeNet 1.1 (zoo weights)")(_zoo_network("squeezenet1_1"))
_register("zoo_shufflenet_v1_g3_x0_5", (3, 64, 64),
          "ShuffleNet V1 x0.5 g=3 (zoo weights)")(_zoo_network("shufflenet_v1_g3_x0_5"))
_register("zoo_mobilenet_v1_x0_5", (3, 64, 64),
          "MobileNet V1 x0.5 (zoo weights)")(_zoo_network("mobilenet_v1_x0_5"))


# ---------------------------------------------------------------------------
# Registry access, weights, export
# ---------------------------------------------------------------------------

def names() -> List[str]:
    return list(VARIANTS)


def get(name: str) -> Variant:
    return VARIANTS[name]


class _Splat(nn.Module):
    """Calls the wrapped model with a tuple of inputs (for randomize_)."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, inputs):
        return self.model(*inputs)


def create(name: str, seed: int = 0) -> nn.Module:
    """Variant `name` with deterministic random weights, in eval mode. Zoo
    networks keep the zoo's own weights for the seed."""
    v = VARIANTS[name]
    torch.manual_seed(seed)
    model = v.build()
    if name.startswith("zoo_"):
        return model.eval()
    gen = torch.Generator().manual_seed(seed + 1)
    calibration = tuple(torch.randn((2,) + s, generator=gen) for s in v.shapes)
    zoo.randomize_(_Splat(model), seed, calibration)
    return model.eval()


def _as_tuple(y) -> Tuple[Tensor, ...]:
    return tuple(y) if isinstance(y, (tuple, list)) else (y,)


def _dynamic_axes(dynamic, input_names, output_names, ys):
    if dynamic == "none":
        return None
    if dynamic not in ("batch", "all"):
        raise ValueError(f"dynamic must be none, batch or all, not {dynamic!r}")
    axes = {}
    for n in input_names:
        axes[n] = {0: "N"} if dynamic == "batch" else {0: "N", 2: f"H_{n}", 3: f"W_{n}"}
    for n in output_names:
        axes[n] = {0: "N"}
    return axes


def export_variant(name: str, outdir: str, batch: int = 1, height: Optional[int] = None,
                   width: Optional[int] = None, opset: int = DEFAULT_OPSET,
                   keep_bn: bool = False, seed: int = 0, tag: Optional[str] = None,
                   dynamic: str = "none") -> dict:
    """Export one variant; returns what TAG.json holds (see the module doc).

    dynamic: "none" (static shapes), "batch" (symbolic N) or "all" (symbolic
    N, H and W); compile such models with rifflec --input-shape."""
    v = VARIANTS[name]
    tag = tag or name
    shapes = [(batch, c, height or h, width or w) for c, h, w in v.shapes]
    model = create(name, seed)
    xs = [make_input(s, seed + i) for i, s in enumerate(shapes)]
    with torch.no_grad():
        ys = [y.numpy().astype(np.float32)
              for y in _as_tuple(model(*[torch.from_numpy(x.copy()) for x in xs]))]
    multi_in, multi_out = len(xs) > 1, len(ys) > 1
    input_names = [f"input{i}" if multi_in else "input" for i in range(len(xs))]
    output_names = [f"output{i}" if multi_out else "output" for i in range(len(ys))]

    os.makedirs(outdir, exist_ok=True)
    onnx_path = os.path.join(outdir, f"{tag}.onnx")
    training = torch.onnx.TrainingMode.PRESERVE if keep_bn else torch.onnx.TrainingMode.EVAL
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, tuple(torch.from_numpy(x.copy()) for x in xs), onnx_path,
                          export_params=True, opset_version=opset, do_constant_folding=True,
                          training=training, input_names=input_names,
                          output_names=output_names, dynamic_axes=_dynamic_axes(
                              dynamic, input_names, output_names, ys))
    proto = onnx.load(onnx_path)
    proto.graph.name = tag
    proto.doc_string = f"riffle_zoo.variants {name}: {v.description}"
    onnx.checker.check_model(proto, full_check=True)
    onnx.save(proto, onnx_path)

    files_in, files_out = [], []
    for names_, arrays, files, kind in ((input_names, xs, files_in, "input"),
                                        (output_names, ys, files_out, "output")):
        for n, a in zip(names_, arrays):
            fname = f"{tag}.{n}.npy"
            np.save(os.path.join(outdir, fname), a)
            files.append(fname)
    meta = dict(variant=name, tag=tag, description=v.description,
                input_shapes=[list(s) for s in shapes],
                output_shapes=[list(y.shape) for y in ys], opset=opset, keep_bn=bool(keep_bn),
                seed=seed, dynamic=dynamic, onnx=f"{tag}.onnx", inputs=files_in, outputs=files_out,
                onnx_ops=sorted({n.op_type for n in proto.graph.node}))
    with open(os.path.join(outdir, f"{tag}.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(meta, sort_keys=True, indent=2) + "\n")
    return meta


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        sys.exit(1)


def main(argv: Optional[List[str]] = None) -> int:
    p = _Parser(prog="python3 -m riffle_zoo.variants",
                description="Export Riffle test variants to ONNX plus reference .npy files.")
    p.add_argument("names", nargs="*", metavar="NAME", help="variant name(s), or 'all'")
    p.add_argument("-o", "--outdir")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--height", type=int)
    p.add_argument("--width", type=int)
    p.add_argument("--opset", type=int, default=DEFAULT_OPSET)
    p.add_argument("--keep-bn", action="store_true",
                   help="keep BatchNormalization nodes (TrainingMode.PRESERVE)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--tag", help="file stem instead of NAME (one NAME only)")
    p.add_argument("--dynamic", choices=("none", "batch", "all"), default="none",
                   help="export with a symbolic batch (or batch, height and width); "
                        "compile with rifflec --input-shape")
    p.add_argument("--list", action="store_true")
    p.add_argument("-q", "--quiet", action="store_true")
    args = p.parse_args(argv)
    if args.list:
        for v in VARIANTS.values():
            print(f"{v.name}: {v.description}")
        return 0
    if not args.names or not args.outdir:
        p.error("NAME and -o DIR are required (see --list)")
    todo = names() if args.names == ["all"] else args.names
    if args.tag and len(todo) != 1:
        p.error("--tag needs exactly one NAME")
    for name in todo:
        if name not in VARIANTS:
            print(f"error: unknown variant '{name}' (see --list)", file=sys.stderr)
            return 1
        try:
            meta = export_variant(name, args.outdir, args.batch, args.height, args.width,
                                  args.opset, args.keep_bn, args.seed, args.tag,
                                  args.dynamic)
        except Exception as e:  # one line, no traceback
            print(f"error: {name}: {type(e).__name__}: {e}".rstrip(), file=sys.stderr)
            return 1
        if not args.quiet:
            print(f"{meta['tag']}: {meta['input_shapes']} -> {meta['output_shapes']}, "
                  f"opset {meta['opset']}, {'BN kept' if meta['keep_bn'] else 'BN folded'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
