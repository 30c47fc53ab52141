"""Networks that torchvision lacks, written from their papers.

* ShuffleNet V1: X. Zhang, X. Zhou, M. Lin, J. Sun, "ShuffleNet: An Extremely
  Efficient Convolutional Neural Network for Mobile Devices", 2017
  (arXiv:1707.01083). Architecture of Table 1, unit of Figure 2 (b)/(c).
* MobileNet V1: A. G. Howard et al., "MobileNets: Efficient Convolutional
  Neural Networks for Mobile Vision Applications", 2017 (arXiv:1704.04861).
  Body of Table 1, layer structure of Figure 3.

Both produce 1000 logits (no softmax, like torchvision's classifiers) and use
a global average pool, so any input size whose feature map survives the five
stride-2 reductions works (e.g. 160x192, not only 224x224).
"""

from typing import List

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

__all__ = [
    "channel_shuffle",
    "ShuffleUnitV1",
    "ShuffleNetV1",
    "MobileNetV1",
    "SHUFFLENET_V1_STAGE_CHANNELS",
]


def channel_shuffle(x: Tensor, groups: int) -> Tensor:
    """ShuffleNet's channel shuffle, spelled the usual PyTorch way.

    Channels viewed as a (groups, C/groups) matrix are transposed and
    flattened again, so output channel c reads input channel
    (c % groups) * (C / groups) + c // groups.
    """
    n, c, h, w = x.size()
    x = x.view(n, groups, c // groups, h, w)
    x = x.transpose(1, 2).contiguous()
    return x.view(n, c, h, w)


# ---------------------------------------------------------------------------
# ShuffleNet V1
# ---------------------------------------------------------------------------

# Output channels of stages 2, 3 and 4 for the 1x network (paper, Table 1).
SHUFFLENET_V1_STAGE_CHANNELS = {
    1: (144, 288, 576),
    2: (200, 400, 800),
    3: (240, 480, 960),
    4: (272, 544, 1088),
    8: (384, 768, 1536),
}
# Units per stage: one stride-2 unit followed by 3, 7 and 3 stride-1 units.
SHUFFLENET_V1_STAGE_UNITS = (4, 8, 4)
SHUFFLENET_V1_STEM_CHANNELS = 24


def _round_to_multiple(value: float, multiple: int) -> int:
    """Nearest positive multiple of `multiple` to `value` (ties round up)."""
    return max(multiple, int(value / multiple + 0.5) * multiple)


class ShuffleUnitV1(nn.Module):
    """One ShuffleNet V1 unit (paper, Figure 2 (b) for stride 1, (c) for stride 2).

    Residual branch: 1x1 group conv -> BN -> ReLU -> channel shuffle ->
    3x3 depthwise conv (stride 1 or 2) -> BN -> 1x1 group conv -> BN.
    Stride 1: out = ReLU(x + branch(x)), so in_channels must equal out_channels.
    Stride 2: out = ReLU(concat(avgpool3x3s2(x), branch(x))); the branch then
    produces out_channels - in_channels channels so that the concatenation
    has out_channels.

    The bottleneck (the depthwise conv's width) is a quarter of out_channels,
    as in the paper. Where a width-scaled network makes that not a multiple
    of the group count (only in stage 2 of 0.5x g=2 and g=4, where it would be
    25 and 34) it is rounded to the nearest multiple of `groups` (26 and 36).

    `group_first_pointwise=False` keeps the first 1x1 conv dense, which the
    paper does for the first unit of stage 2 ("the number of input channels is
    relatively small"). A channel shuffle after a dense conv only relabels its
    filters, so that unit has no shuffle; every other unit with groups > 1
    shuffles.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        groups: int,
        stride: int,
        group_first_pointwise: bool = True,
    ) -> None:
        super().__init__()
        if stride not in (1, 2):
            raise ValueError(f"stride must be 1 or 2, got {stride}")
        if stride == 1 and in_channels != out_channels:
            raise ValueError(
                f"a stride-1 unit adds its input: in_channels ({in_channels}) "
                f"must equal out_channels ({out_channels})"
            )
        branch_out = out_channels - in_channels if stride == 2 else out_channels
        if branch_out <= 0 or branch_out % groups:
            raise ValueError(
                f"branch output channels {branch_out} must be a positive "
                f"multiple of groups={groups}"
            )
        first_groups = groups if group_first_pointwise else 1
        if in_channels % first_groups:
            raise ValueError(
                f"in_channels={in_channels} is not a multiple of groups={first_groups}"
            )
        mid = _round_to_multiple(out_channels / 4, groups)

        self.stride = stride
        # Shuffle only where the first pointwise conv is really grouped.
        self.shuffle_groups = first_groups

        self.gconv1 = nn.Conv2d(in_channels, mid, 1, groups=first_groups, bias=False)
        self.bn1 = nn.BatchNorm2d(mid)
        self.dwconv = nn.Conv2d(mid, mid, 3, stride=stride, padding=1, groups=mid, bias=False)
        self.bn2 = nn.BatchNorm2d(mid)
        self.gconv2 = nn.Conv2d(mid, branch_out, 1, groups=groups, bias=False)
        self.bn3 = nn.BatchNorm2d(branch_out)
        if stride == 2:
            self.shortcut = nn.AvgPool2d(3, stride=2, padding=1)

    def forward(self, x: Tensor) -> Tensor:
        y = F.relu(self.bn1(self.gconv1(x)))
        if self.shuffle_groups > 1:
            y = channel_shuffle(y, self.shuffle_groups)
        y = self.bn2(self.dwconv(y))  # no ReLU after the depthwise conv (paper, 3.2)
        y = self.bn3(self.gconv2(y))
        if self.stride == 1:
            return F.relu(x + y)
        return F.relu(torch.cat((self.shortcut(x), y), dim=1))


class ShuffleNetV1(nn.Module):
    """ShuffleNet V1 with `groups` in {1, 2, 3, 4, 8} and a width scale.

    Stem: 3x3 conv stride 2 (24 channels, BN, ReLU) and 3x3 max pool stride 2;
    stages 2-4 of ShuffleUnitV1s (the first of each with stride 2); global
    average pool; fully connected layer to `num_classes`.
    The scale multiplies the channels of stages 2-4; the stem keeps 24.
    """

    def __init__(self, groups: int = 3, scale: float = 1.0, num_classes: int = 1000) -> None:
        super().__init__()
        if groups not in SHUFFLENET_V1_STAGE_CHANNELS:
            raise ValueError(
                f"groups must be one of {sorted(SHUFFLENET_V1_STAGE_CHANNELS)}, got {groups}"
            )
        stage_channels = [int(c * scale) for c in SHUFFLENET_V1_STAGE_CHANNELS[groups]]
        self.groups = groups
        self.scale = scale

        stem = SHUFFLENET_V1_STEM_CHANNELS
        self.conv1 = nn.Sequential(
            nn.Conv2d(3, stem, 3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(stem),
            nn.ReLU(inplace=True),
        )
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)

        stages: List[nn.Module] = []
        in_channels = stem
        for stage_index, (out_channels, units) in enumerate(
            zip(stage_channels, SHUFFLENET_V1_STAGE_UNITS)
        ):
            layers: List[nn.Module] = []
            for unit_index in range(units):
                first = unit_index == 0
                layers.append(
                    ShuffleUnitV1(
                        in_channels,
                        out_channels,
                        groups,
                        stride=2 if first else 1,
                        # Stage 2's first pointwise conv sees the 24-channel stem.
                        group_first_pointwise=not (stage_index == 0 and first),
                    )
                )
                in_channels = out_channels
            stages.append(nn.Sequential(*layers))
        self.stage2, self.stage3, self.stage4 = stages

        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(in_channels, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        x = self.maxpool(self.conv1(x))
        x = self.stage4(self.stage3(self.stage2(x)))
        x = torch.flatten(self.avgpool(x), 1)
        return self.fc(x)


# ---------------------------------------------------------------------------
# MobileNet V1
# ---------------------------------------------------------------------------

# (output channels, stride) of the 13 depthwise-separable layers (paper, Table 1).
MOBILENET_V1_LAYERS = (
    (64, 1),
    (128, 2),
    (128, 1),
    (256, 2),
    (256, 1),
    (512, 2),
    (512, 1),
    (512, 1),
    (512, 1),
    (512, 1),
    (512, 1),
    (1024, 2),
    (1024, 1),
)
MOBILENET_V1_STEM_CHANNELS = 32


def _conv_bn_relu(in_channels: int, out_channels: int, kernel: int, stride: int, groups: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(
            in_channels,
            out_channels,
            kernel,
            stride=stride,
            padding=kernel // 2,
            groups=groups,
            bias=False,
        ),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(inplace=True),
    )


class MobileNetV1(nn.Module):
    """MobileNet V1 with width multiplier `alpha` (paper, section 3.3).

    Stem: 3x3 conv stride 2 to 32*alpha channels; then 13 depthwise-separable
    layers, each a 3x3 depthwise conv and a 1x1 pointwise conv, both followed
    by BN and ReLU (paper, Figure 3); global average pool; fully connected
    layer to `num_classes`. alpha multiplies every layer's channel count.
    """

    def __init__(self, alpha: float = 1.0, num_classes: int = 1000) -> None:
        super().__init__()
        if alpha <= 0:
            raise ValueError(f"alpha must be positive, got {alpha}")
        self.alpha = alpha

        def width(channels: int) -> int:
            return max(1, int(channels * alpha))

        in_channels = width(MOBILENET_V1_STEM_CHANNELS)
        layers: List[nn.Module] = [_conv_bn_relu(3, in_channels, 3, 2, 1)]
        for channels, stride in MOBILENET_V1_LAYERS:
            out_channels = width(channels)
            layers.append(
                nn.Sequential(
                    _conv_bn_relu(in_channels, in_channels, 3, stride, in_channels),  # depthwise
                    _conv_bn_relu(in_channels, out_channels, 1, 1, 1),  # pointwise
                )
            )
            in_channels = out_channels
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(in_channels, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        x = self.avgpool(self.features(x))
        return self.fc(torch.flatten(x, 1))
