"""What one forward pass of a PyTorch model executes, counted from PyTorch.

The exporter writes these counts to MODEL.meta.json so that a test of the
C++ ONNX importer can check its output against facts that come from the
PyTorch model, not from the ONNX graph the importer reads.

    counts = census(model, x)   # {"conv2d": ..., "channel_shuffles": ..., ...}

Counted with instrumentation during one forward pass under torch.no_grad(),
so only what really runs counts (a module that is never called counts 0
times, one called twice counts twice):

* "conv2d", "batch_norm", "linear": calls of nn.Conv2d, nn.BatchNorm2d and
  nn.Linear modules (subclasses included), via forward hooks.
* "channel_shuffles": channel shuffles executed, and "shuffle_groups", the
  group count of each one in execution order. The group count is the one the
  exported ONNX graph shows: the size of dim 1 after the shuffle's first
  view/reshape. The shuffles instrumented are
  - torchvision's `torchvision.models.shufflenetv2.channel_shuffle(x, groups)`
    (ShuffleNet V2 units call it through that module's global, so the module
    attribute is what gets replaced): `groups`;
  - ShuffleNet V1's `riffle_zoo.models.channel_shuffle(x, groups)` (called
    through riffle_zoo.models' global): `groups`;
  - the shuffle-only blocks (subclasses of `riffle_zoo.blocks._Shuffle`), via
    forward hooks: `reshape_groups(C)`, which is C/g for ShuffleCGSplit.
  A shuffle executed inside another one (should one spelling ever call
  another) counts once, as the outer one.

Everything is restored before `census` returns, even on error, and nothing
about the model changes: with the model in eval mode, BatchNorm does not
update its running statistics, so exporting afterwards gives the same file.
"""

from typing import Any, Callable, Dict, List

import torch
import torch.nn as nn
import torchvision.models.shufflenetv2 as tv_shufflenetv2

from . import blocks, models

__all__ = ["census"]

# (key in the result, module type counted)
_MODULE_COUNTS = (
    ("conv2d", nn.Conv2d),
    ("batch_norm", nn.BatchNorm2d),
    ("linear", nn.Linear),
)

# Module globals through which the shuffle functions are called.
_SHUFFLE_FUNCTIONS = (
    (tv_shufflenetv2, "channel_shuffle"),
    (models, "channel_shuffle"),
)


def census(model: nn.Module, x: torch.Tensor) -> Dict[str, Any]:
    """Run `model` once on `x` and count what executes (see the module docstring).

    `model` must be in eval mode (a training-mode forward would update the
    BatchNorm statistics). Returns a dict with the int entries "conv2d",
    "batch_norm", "linear", "channel_shuffles" and the list "shuffle_groups".
    """
    if model.training:
        raise ValueError("census: the model must be in eval mode")

    counts: Dict[str, int] = {key: 0 for key, _ in _MODULE_COUNTS}
    shuffle_groups: List[int] = []
    depth = [0]  # shuffles in progress, so that nested ones count once

    def shuffle_enter(groups: int) -> None:
        if depth[0] == 0:
            shuffle_groups.append(int(groups))
        depth[0] += 1

    def shuffle_exit() -> None:
        depth[0] -= 1

    def counting_hook(key: str) -> Callable[..., None]:
        def hook(module: nn.Module, inputs: Any, output: Any) -> None:
            counts[key] += 1
        return hook

    def wrap(function: Callable[..., torch.Tensor]) -> Callable[..., torch.Tensor]:
        def counted_shuffle(x: torch.Tensor, groups: int) -> torch.Tensor:
            shuffle_enter(groups)
            try:
                return function(x, groups)
            finally:
                shuffle_exit()
        counted_shuffle.__wrapped__ = function  # type: ignore[attr-defined]
        return counted_shuffle

    def block_pre_hook(module: blocks._Shuffle, inputs: Any) -> None:
        shuffle_enter(module.reshape_groups(inputs[0].size(1)))

    def block_hook(module: blocks._Shuffle, inputs: Any, output: Any) -> None:
        shuffle_exit()

    handles = []
    originals = []
    try:
        for module in model.modules():
            for key, cls in _MODULE_COUNTS:
                if isinstance(module, cls):
                    handles.append(module.register_forward_hook(counting_hook(key)))
            if isinstance(module, blocks._Shuffle):
                handles.append(module.register_forward_pre_hook(block_pre_hook))
                handles.append(module.register_forward_hook(block_hook))
        for owner, attr in _SHUFFLE_FUNCTIONS:
            original = getattr(owner, attr)
            originals.append((owner, attr, original))
            setattr(owner, attr, wrap(original))
        with torch.no_grad():
            model(x)
    finally:
        for owner, attr, original in reversed(originals):
            setattr(owner, attr, original)
        for handle in handles:
            handle.remove()

    result: Dict[str, Any] = dict(counts)
    result["channel_shuffles"] = len(shuffle_groups)
    result["shuffle_groups"] = shuffle_groups
    return result
