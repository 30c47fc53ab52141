"""The model zoo: a registry from name to constructor, and deterministic
random weights.

No pretrained weights exist here (nothing is downloaded); every model gets
random weights from a fixed seed instead, chosen so that activations stay in
a sane range through the whole network and every BatchNorm is far from the
identity (see `randomize_`).
"""

import math
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Tuple

import torch
import torch.nn as nn
import torchvision

from . import blocks
from .models import MobileNetV1, ShuffleNetV1

__all__ = ["ZooEntry", "ZOO", "names", "get", "create", "randomize_"]


@dataclass(frozen=True)
class ZooEntry:
    name: str
    build: Callable[[], nn.Module]  # returns a freshly initialized module
    kind: str  # "network", "family" (other CNN families) or "block"
    channels: int  # input channels (C of the NCHW input)
    height: int  # default input height
    width: int  # default input width
    description: str

    @property
    def is_network(self) -> bool:
        """A whole network (core or other family), run at image sizes."""
        return self.kind in ("network", "family")

    @property
    def default_shape(self) -> Tuple[int, int, int]:
        return (self.channels, self.height, self.width)


ZOO: Dict[str, ZooEntry] = {}


def _register(name: str, build: Callable[[], nn.Module], kind: str,
              shape: Tuple[int, int, int], description: str) -> None:
    assert name not in ZOO, name
    ZOO[name] = ZooEntry(name, build, kind, *shape, description)


def _torchvision(name: str) -> Callable[[], nn.Module]:
    return lambda: getattr(torchvision.models, name)(weights=None)


_IMAGE = (3, 224, 224)

# --- full networks ------------------------------------------------------------

for _name in ("shufflenet_v2_x0_5", "shufflenet_v2_x1_0", "shufflenet_v2_x1_5",
              "shufflenet_v2_x2_0", "mobilenet_v2", "mobilenet_v3_small",
              "mobilenet_v3_large", "squeezenet1_1"):
    _register(_name, _torchvision(_name), "network", _IMAGE, f"torchvision {_name}")

for _groups in (1, 2, 3, 4, 8):
    for _scale, _suffix in ((0.5, "0_5"), (1.0, "1_0")):
        _register(
            f"shufflenet_v1_g{_groups}_x{_suffix}",
            (lambda g=_groups, s=_scale: ShuffleNetV1(groups=g, scale=s)),
            "network", _IMAGE, f"ShuffleNet V1 {_scale}x, g={_groups} (paper, Table 1)",
        )

_register("mobilenet_v1", lambda: MobileNetV1(alpha=1.0), "network", _IMAGE,
          "MobileNet V1, alpha=1.0")
_register("mobilenet_v1_x0_5", lambda: MobileNetV1(alpha=0.5), "network", _IMAGE,
          "MobileNet V1, alpha=0.5")

# --- other CNN families (torchvision) -----------------------------------------
# Networks built from the same blocks as the core zoo (depthwise-separable
# and group convolutions, SE, concat-heavy dense blocks) that users of the
# core networks also compile. Kind "family": `export.py all` (networks and
# blocks, which the import and pipeline tests run through the interpreter at
# 224x224) leaves them out; `export.py families` names them, and the e2e
# tests (test/e2e/zoo-families*.test) and the bench run them.

_register("efficientnet_b0", _torchvision("efficientnet_b0"), "family", _IMAGE,
          "torchvision efficientnet_b0 (SiLU, squeeze-and-excitation)")
_register("mnasnet1_0", _torchvision("mnasnet1_0"), "family", _IMAGE,
          "torchvision mnasnet1_0")
_register("regnet_x_400mf", _torchvision("regnet_x_400mf"), "family", _IMAGE,
          "torchvision regnet_x_400mf (group convolutions)")
_register("regnet_y_400mf", _torchvision("regnet_y_400mf"), "family", _IMAGE,
          "torchvision regnet_y_400mf (group convolutions, squeeze-and-excitation)")
_register("resnext50_32x4d", _torchvision("resnext50_32x4d"), "family", _IMAGE,
          "torchvision resnext50_32x4d")
_register("resnet18", _torchvision("resnet18"), "family", _IMAGE, "torchvision resnet18")
# Without the auxiliary classifiers (eval mode never runs them) and without
# torchvision's own init (randomize_ replaces every weight anyway).
_register("googlenet",
          lambda: torchvision.models.googlenet(weights=None, aux_logits=False,
                                               init_weights=False),
          "family", _IMAGE, "torchvision googlenet, no auxiliary classifiers")
_register("densenet121", _torchvision("densenet121"), "family", _IMAGE,
          "torchvision densenet121 (concat-heavy)")
_register("squeezenet1_0", _torchvision("squeezenet1_0"), "family", _IMAGE,
          "torchvision squeezenet1_0")

# --- blocks (small, for frontend and pass tests) ------------------------------

_register("shuffle_unit_v1", blocks.shuffle_unit_v1, "block", (240, 28, 28),
          "ShuffleNet V1 stride-1 unit, g=3, 240 channels")
_register("shuffle_unit_v1_s2", blocks.shuffle_unit_v1_s2, "block", (240, 28, 28),
          "ShuffleNet V1 stride-2 unit, g=3, 240 -> 480 channels")
_register("shuffle_unit_v2", blocks.shuffle_unit_v2, "block", (116, 28, 28),
          "torchvision ShuffleNet V2 stride-1 unit, 116 channels")
_register("shuffle_unit_v2_s2", blocks.shuffle_unit_v2_s2, "block", (116, 28, 28),
          "torchvision ShuffleNet V2 stride-2 unit, 116 -> 232 channels")
_register("inverted_residual", blocks.inverted_residual, "block", (24, 56, 56),
          "torchvision MobileNet V2 inverted residual 24 -> 144 -> 24, stride 1")
_SHUFFLE_SHAPE = (24, 8, 8)  # g=3 on 24 channels: 3 groups of 8
for _name, _cls in (("shuffle_view_transpose", blocks.ShuffleViewTranspose),
                    ("shuffle_reshape_permute", blocks.ShuffleReshapePermute),
                    ("shuffle_view_permute_reshape", blocks.ShuffleViewPermuteReshape),
                    ("shuffle_cg_split", blocks.ShuffleCGSplit)):
    _register(_name, (lambda cls=_cls: cls(groups=3)), "block", _SHUFFLE_SHAPE,
              f"channel shuffle only, g=3: {_cls.__doc__.splitlines()[0]}")


def names(kind: Optional[str] = None) -> List[str]:
    """Registered names in registration order, optionally of one kind."""
    return [n for n, e in ZOO.items() if kind is None or e.kind == kind]


def get(name: str) -> ZooEntry:
    """The entry for `name`; KeyError if there is none."""
    return ZOO[name]


# --- deterministic random weights ---------------------------------------------

def _fan_in(weight: torch.Tensor) -> int:
    # Conv2d weight: (out, in/groups, kh, kw); Linear weight: (out, in).
    return weight[0].numel()


@torch.no_grad()
def randomize_(model: nn.Module, seed: int, calibration_input: torch.Tensor) -> nn.Module:
    """Re-randomize every parameter and BatchNorm statistic of `model`, in place.

    * Conv2d weights: normal, std sqrt(2 / fan_in) (He et al.), where fan_in is
      (in_channels / groups) * kh * kw, so depthwise convs get their own scale.
      Linear weights: normal, std sqrt(1 / fan_in). Biases: normal, std 0.5.
    * BatchNorm2d weight (gamma) uniform in [0.5, 2.5], bias (beta) normal with
      std 0.25. A mean gamma above 1 makes BN outputs wide enough that the
      clamps are exercised: a few per mille of ReLU6 inputs exceed 6 and a
      few per cent of hardswish inputs lie beyond +-3 (checked on
      mobilenet_v2 / mobilenet_v3_*).
    * BatchNorm2d running statistics are calibrated, then perturbed: one eval
      forward pass on `calibration_input` measures the per-channel mean and
      variance that reach each BN (earlier BNs already set), and each BN gets
      running_mean = mean + 0.2 * std * N(0, 1) and
      running_var  = var * U(0.5, 1.5).
      Purely random statistics (say var in U(0.5, 1.5) regardless of the data)
      let activations grow or shrink by a constant factor per layer, which
      over 50 layers of ShuffleNet means overflow or underflow; calibrated
      ones keep every BN output at roughly unit scale, while mean, var, gamma
      and beta are all far from an identity BN, so folding is really tested.

    Everything is drawn from one torch.Generator seeded with `seed`, in
    module order and then in execution order, so the weights depend only on
    the seed, the architecture and `calibration_input`.
    Raises TypeError for a module type it does not know how to randomize, so
    no parameter silently keeps its default initialization.
    """
    gen = torch.Generator().manual_seed(seed)

    for module in model.modules():
        own = list(module.parameters(recurse=False))
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            gain = 2.0 if isinstance(module, nn.Conv2d) else 1.0
            module.weight.normal_(0.0, math.sqrt(gain / _fan_in(module.weight)), generator=gen)
            if module.bias is not None:
                module.bias.normal_(0.0, 0.5, generator=gen)
        elif isinstance(module, nn.BatchNorm2d):
            module.weight.uniform_(0.5, 2.5, generator=gen)
            module.bias.normal_(0.0, 0.25, generator=gen)
        elif own:
            raise TypeError(f"randomize_: no rule for parameters of {type(module).__name__}")

    def calibrate(bn: nn.BatchNorm2d, inputs: Tuple[torch.Tensor, ...]) -> None:
        (x,) = inputs
        mean = x.mean(dim=(0, 2, 3))
        var = x.var(dim=(0, 2, 3), unbiased=False)
        # Channels that are (almost) constant on the calibration batch, e.g.
        # dead after a ReLU, get a floor so that they are not amplified
        # hugely on another input.
        var = var.clamp_min(1e-2 * float(var.mean()) + 1e-6)
        noise = torch.randn(mean.shape, generator=gen)
        bn.running_mean.copy_(mean + 0.2 * var.sqrt() * noise)
        bn.running_var.copy_(var * torch.empty_like(var).uniform_(0.5, 1.5, generator=gen))

    model.eval()
    hooks = [m.register_forward_pre_hook(calibrate)
             for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    try:
        if hooks:
            model(calibration_input)
    finally:
        for hook in hooks:
            hook.remove()
    return model


def create(name: str, seed: int = 0) -> nn.Module:
    """Build zoo model `name` with deterministic random weights, in eval mode.

    The weights depend only on `name` and `seed` (not on the input size the
    model is later run or exported with): BN statistics are calibrated on a
    fixed batch of 2 random inputs at the entry's default shape.
    """
    entry = ZOO[name]
    torch.manual_seed(seed)  # only affects the default init, which is overwritten
    model = entry.build()
    gen = torch.Generator().manual_seed(seed + 1)
    calibration = torch.randn((2,) + entry.default_shape, generator=gen)
    randomize_(model, seed, calibration)
    return model.eval()
