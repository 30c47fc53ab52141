"""Block-level models for frontend and pass tests: single units and bare
channel shuffles, small and fast to export.

The units are the very modules the full networks use (torchvision's for
ShuffleNet V2 and MobileNet V2, ours for ShuffleNet V1), so a block's ONNX
graph is a faithful excerpt of the full model's graph.

The channel-shuffle modules each spell the same permutation (or, for
`ShuffleCGSplit`, its inverse) differently in PyTorch; all of them must be
recognized by riffle-raise-channel-shuffle. Each reads its sizes with
`x.size()`, as real models do, rather than hard-coding them.
"""

import torch.nn as nn
from torch import Tensor
from torchvision.models.mobilenetv2 import InvertedResidual as MobileNetV2Block
from torchvision.models.shufflenetv2 import InvertedResidual as ShuffleNetV2Unit

from .models import ShuffleUnitV1

__all__ = [
    "shuffle_unit_v1",
    "shuffle_unit_v1_s2",
    "shuffle_unit_v2",
    "shuffle_unit_v2_s2",
    "inverted_residual",
    "ShuffleViewTranspose",
    "ShuffleReshapePermute",
    "ShuffleViewPermuteReshape",
    "ShuffleCGSplit",
]


# --- units ------------------------------------------------------------------

def shuffle_unit_v1() -> nn.Module:
    """ShuffleNet V1 stride-1 unit, g=3, 240 -> 240 channels (stage 2 of 1x g=3)."""
    return ShuffleUnitV1(240, 240, groups=3, stride=1)


def shuffle_unit_v1_s2() -> nn.Module:
    """ShuffleNet V1 stride-2 unit, g=3, 240 -> 480 channels (first of stage 3):
    avg-pool shortcut concatenated with a 240-channel branch."""
    return ShuffleUnitV1(240, 480, groups=3, stride=2)


def shuffle_unit_v2() -> nn.Module:
    """torchvision ShuffleNet V2 stride-1 unit, 116 -> 116 channels (stage 2 of
    x1.0): split in halves, branch on the second, concat, shuffle with g=2."""
    return ShuffleNetV2Unit(116, 116, 1)


def shuffle_unit_v2_s2() -> nn.Module:
    """torchvision ShuffleNet V2 stride-2 unit, 116 -> 232 channels (first of
    stage 3 of x1.0): two branches, concat, shuffle with g=2."""
    return ShuffleNetV2Unit(116, 232, 2)


def inverted_residual() -> nn.Module:
    """torchvision MobileNet V2 inverted residual 24 -> 144 -> 24, stride 1
    (expand 1x1 + ReLU6, 3x3 depthwise + ReLU6, project 1x1, add input)."""
    return MobileNetV2Block(24, 24, stride=1, expand_ratio=6)


# --- channel shuffle spellings ----------------------------------------------

class _Shuffle(nn.Module):
    def __init__(self, groups: int = 3) -> None:
        super().__init__()
        self.groups = groups

    def extra_repr(self) -> str:
        return f"groups={self.groups}"

    def reshape_groups(self, channels: int) -> int:
        """The group count the exported graph shows for `channels` input
        channels: the size of dim 1 after the first view/reshape."""
        return self.groups


class ShuffleViewTranspose(_Shuffle):
    """view(n, g, c/g, h, w) -> transpose(1, 2) -> contiguous -> view(n, c, h, w)
    (torchvision's and ShuffleNet V1's spelling)."""

    def forward(self, x: Tensor) -> Tensor:
        n, c, h, w = x.size()
        g = self.groups
        return x.view(n, g, c // g, h, w).transpose(1, 2).contiguous().view(n, c, h, w)


class ShuffleReshapePermute(_Shuffle):
    """reshape(n, g, c/g, h, w) -> permute(0, 2, 1, 3, 4) -> reshape(n, c, h, w)."""

    def forward(self, x: Tensor) -> Tensor:
        n, c, h, w = x.size()
        g = self.groups
        return x.reshape(n, g, c // g, h, w).permute(0, 2, 1, 3, 4).reshape(n, c, h, w)


class ShuffleViewPermuteReshape(_Shuffle):
    """view(n, g, c/g, h, w) -> permute(0, 2, 1, 3, 4) -> reshape(n, -1, h, w)."""

    def forward(self, x: Tensor) -> Tensor:
        n, c, h, w = x.size()
        g = self.groups
        return x.view(n, g, c // g, h, w).permute(0, 2, 1, 3, 4).reshape(n, -1, h, w)


class ShuffleCGSplit(_Shuffle):
    """view(n, c/g, g, h, w) -> transpose(1, 2) -> contiguous -> view(n, c, h, w).

    Channels split as (c/g, g) instead of (g, c/g): this is the inverse of
    channel_shuffle(x, g), i.e. channel_shuffle(x, c/g).
    """

    def reshape_groups(self, channels: int) -> int:
        return channels // self.groups

    def forward(self, x: Tensor) -> Tensor:
        n, c, h, w = x.size()
        g = self.groups
        return x.view(n, c // g, g, h, w).transpose(1, 2).contiguous().view(n, c, h, w)
