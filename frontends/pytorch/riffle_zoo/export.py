"""Export zoo models to ONNX with a reference input and PyTorch's output on it.

    /usr/bin/python3 frontends/pytorch/export.py MODEL [MODEL ...] -o OUTDIR
        [--batch N] [--height H] [--width W] [--opset K] [--seed S] [--fold-bn]
    /usr/bin/python3 frontends/pytorch/export.py --list

For each MODEL it writes
    OUTDIR/MODEL.onnx        torch.onnx.export, constant folding on, static
                             shapes, input named "input", output "output"
    OUTDIR/MODEL.input.npy   float32 NCHW input, standard normal from the seed
    OUTDIR/MODEL.output.npy  float32, PyTorch's output on that input
    OUTDIR/MODEL.meta.json   facts from the PyTorch model, not from the ONNX
                             graph: nn.Conv2d / BatchNorm2d / Linear calls
                             and channel shuffles (with their groups) in one
                             forward pass, shapes, opset, fold_bn, model name
                             (see riffle_zoo/census.py and `write_meta`)
`all` stands for every network and block of the core zoo; `families` for the
networks of other CNN families (torchvision; see zoo.py).

Same arguments, same files: weights come from `zoo.create(MODEL, seed)` and
do not depend on the input shape, so MODEL exported at two sizes has the
same weights.

BatchNorm: by default the graph keeps its BatchNormalization nodes
(inference form, one output), so Riffle's own riffle-fold-batch-norm is what
folds them. torch.onnx's default (TrainingMode.EVAL) folds every BN that
follows a Conv into the Conv's weights and bias before writing; --fold-bn
asks for that, which is what most ONNX files in the wild look like.

Exit status 0 on success; 1 with `error: ...` on stderr for an unknown model
name, bad arguments or a failed export.
"""

import argparse
import json
import os
import sys
import time
import warnings
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import numpy as np
import onnx
import torch

from . import census, zoo

DEFAULT_OPSET = 13


class ExportError(Exception):
    pass


@dataclass
class ExportResult:
    name: str
    onnx_path: str
    input_shape: Tuple[int, ...]
    output_shape: Tuple[int, ...]
    nodes: int
    seconds: float
    meta_path: str = ""


def make_input(shape: Sequence[int], seed: int) -> np.ndarray:
    """The reference input: standard normal float32 from numpy's PCG64 (stable
    across platforms and numpy versions)."""
    return np.random.default_rng(seed).standard_normal(tuple(shape), dtype=np.float32)


def write_meta(path: str, meta: dict) -> None:
    """Write `meta` as JSON: sorted keys, 2-space indent, a final newline, no
    timestamps, so the same arguments always give the same bytes."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(meta, sort_keys=True, indent=2) + "\n")


def export_model(
    name: str,
    outdir: str,
    batch: int = 1,
    height: Optional[int] = None,
    width: Optional[int] = None,
    opset: int = DEFAULT_OPSET,
    seed: int = 0,
    fold_bn: bool = False,
) -> ExportResult:
    """Export one zoo model; see the module docstring for what is written."""
    start = time.perf_counter()
    entry = zoo.get(name)
    shape = (batch, entry.channels, height or entry.height, width or entry.width)

    model = zoo.create(name, seed)
    x = make_input(shape, seed)
    with torch.no_grad():
        y = model(torch.from_numpy(x.copy())).numpy().astype(np.float32)
    # Count what one forward pass executes, on the same eval-mode model and
    # the reference input; the instrumentation is gone again before export.
    meta = census.census(model, torch.from_numpy(x.copy()))
    meta.update(
        model=name,
        input_shape=list(shape),
        output_shape=list(y.shape),
        opset=opset,
        fold_bn=bool(fold_bn),
    )

    os.makedirs(outdir, exist_ok=True)
    onnx_path = os.path.join(outdir, f"{name}.onnx")
    # EVAL lets the exporter fold BN into the preceding Conv; PRESERVE (with
    # the model already in eval mode) exports BN as inference-mode
    # BatchNormalization and leaves it alone.
    training = torch.onnx.TrainingMode.EVAL if fold_bn else torch.onnx.TrainingMode.PRESERVE
    with warnings.catch_warnings():
        # PRESERVE + constant folding warns that folding could change
        # *trainable* parameters; the model is in eval mode, so nothing
        # trainable is exported and the warning does not apply.
        warnings.filterwarnings("ignore", message="It is recommended that constant folding be turned off")
        torch.onnx.export(
            model,
            (torch.from_numpy(x.copy()),),
            onnx_path,
            export_params=True,
            opset_version=opset,
            do_constant_folding=True,
            training=training,
            input_names=["input"],
            output_names=["output"],
        )

    # Name the graph after the model and record how it was made, then check
    # the result (full_check also runs ONNX shape inference).
    proto = onnx.load(onnx_path)
    proto.graph.name = name
    proto.doc_string = f"riffle_zoo {name}: {entry.description}"
    for key, value in (
        ("riffle_zoo.model", name),
        ("riffle_zoo.seed", str(seed)),
        ("riffle_zoo.input_shape", "x".join(map(str, shape))),
        ("riffle_zoo.batch_norm", "folded by torch.onnx" if fold_bn else "kept"),
    ):
        prop = proto.metadata_props.add()
        prop.key, prop.value = key, value
    onnx.checker.check_model(proto, full_check=True)
    onnx.save(proto, onnx_path)

    np.save(os.path.join(outdir, f"{name}.input.npy"), x)
    np.save(os.path.join(outdir, f"{name}.output.npy"), y)
    meta_path = os.path.join(outdir, f"{name}.meta.json")
    write_meta(meta_path, meta)
    return ExportResult(name, onnx_path, shape, tuple(y.shape), len(proto.graph.node),
                        time.perf_counter() - start, meta_path)


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit with status 1 like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        sys.exit(1)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value


def _nonnegative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a non-negative integer, got {text}")
    return value


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="export.py",
        description="Export Riffle zoo models to ONNX plus reference input/output .npy files.",
    )
    p.add_argument("models", nargs="*", metavar="MODEL",
                   help="model name(s) from --list, 'all' or 'families'")
    p.add_argument("-o", "--outdir", help="output folder (created if missing)")
    p.add_argument("--batch", type=_positive, default=1, help="batch size N (default 1)")
    p.add_argument("--height", type=_positive, help="input height (default: the model's, 224 for networks)")
    p.add_argument("--width", type=_positive, help="input width (default: the model's, 224 for networks)")
    p.add_argument("--opset", type=int, default=DEFAULT_OPSET,
                   help=f"ONNX opset (default {DEFAULT_OPSET})")
    p.add_argument("--seed", type=_nonnegative, default=0, help="seed for weights and input (default 0)")
    p.add_argument("--fold-bn", action="store_true",
                   help="let torch.onnx fold BatchNorm into the preceding Conv "
                        "(default: keep BatchNormalization nodes)")
    p.add_argument("--list", action="store_true", help="print the model names, one per line, and exit")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    return p


def main(argv: Optional[List[str]] = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)

    if args.list:
        print("\n".join(zoo.names()))
        return 0
    if not args.models:
        parser.error("no MODEL given (see --list)")
    if not args.outdir:
        parser.error("-o OUTDIR is required")

    names: List[str] = []
    for name in args.models:
        if name == "all":
            names.extend(zoo.names("network") + zoo.names("block"))
        elif name == "families":
            names.extend(zoo.names("family"))
        elif name in zoo.ZOO:
            names.append(name)
        else:
            print(f"error: unknown model '{name}' (see --list)", file=sys.stderr)
            return 1
    names = list(dict.fromkeys(names))  # drop repeats, keep order

    total = time.perf_counter()
    for name in names:
        try:
            r = export_model(name, args.outdir, batch=args.batch, height=args.height,
                             width=args.width, opset=args.opset, seed=args.seed,
                             fold_bn=args.fold_bn)
        except Exception as e:  # report any failure as one line, never a traceback
            print(f"error: {name}: {type(e).__name__}: {e}".rstrip(), file=sys.stderr)
            return 1
        if not args.quiet:
            print(f"{r.name}: {'x'.join(map(str, r.input_shape))} -> "
                  f"{'x'.join(map(str, r.output_shape))}, {r.nodes} nodes, "
                  f"{r.seconds:.2f} s -> {r.onnx_path}")
    if not args.quiet and len(names) > 1:
        print(f"exported {len(names)} models in {time.perf_counter() - total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
