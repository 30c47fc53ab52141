"""End-to-end check of zoo models through `rifflec --emit=runner`.

    /usr/bin/python3 zoo_runner_check.py --work DIR GROUP|MODEL [...]
        [--batch N] [--height H --width W] [--block-size HxW]
        [--rifflec-flag FLAG ...] [--unfused] [--launches] [--ptx TARGET] [--keep]
        [--sample K --seed S]
    /usr/bin/python3 zoo_runner_check.py --check-groups
    /usr/bin/python3 zoo_runner_check.py --list GROUP|MODEL [...]

For each model: export it with riffle_zoo (PyTorch's output on a standard
normal input is the reference), compile it with `rifflec MODEL.onnx
--emit=runner` (plus the given flags and --pass-statistics), run the
resulting NAME_run executable in a separate process on the reference input,
and compare its .npy output with PyTorch's here, with numpy:

    ok  iff  shape and dtype (float32) match, every value is finite and
             max|out - ref| <= 1e-5 + 1e-3 * max|ref|

One line per model on stdout, in the order given:

    MODEL bN CxHxW[ unfused][ opsetK]: ok max_abs_diff=D tol=T max_abs_ref=R shuffles=S removed=K[ launches=L layers=N][ kernels=L sm=NN local=0[ spills=0]] (export .. s, compile .. s, run .. s)
    MODEL bN CxHxW[ unfused][ opsetK]: FAIL <reason>

(`shuffles` is the number of channel shuffles PyTorch's forward pass runs,
from the exporter's census; `removed` is riffle-fuse-channel-shuffle's
shuffles-removed statistic, or `off` with --unfused, where the script also
checks that the pass did not run; `launches`, with --launches, the GPU
kernels the runner counted in one inference; with --ptx, what check_ptx
checked, and `layers` the ONNX graph's conv/gemm/pool nodes: launches may
not exceed layers + 1), then `zoo_runner_check: N models, N ok, 0 failed in T s`. Failures are
repeated on stderr with rifflec's or the runner's stderr. Exit status 1 if
any model fails. rifflec and the runner each get a time limit
(--compile-timeout, --run-timeout); one that runs over fails its model.

With --sample K, K of the models named are checked, drawn with --seed
(plus a first line naming the sample): CI's share of a long file, whose
every model runs under suite=full.

Networks get --height/--width (default: the zoo's 224x224); blocks get
--block-size (default: their own shape). Models run one after the other
(lit runs several of the zoo-*.test files side by side). A failed model's
files stay in --work/MODEL; a passing model's are deleted unless --keep.

Besides the comparison, every model checks the zoo's bookkeeping: a model
whose PyTorch forward pass runs a channel shuffle must be in SHUFFLE_MODELS
(the models the --disable-pass=riffle-fuse-channel-shuffle tests cover) and
one in SHUFFLE_MODELS must run one, and with --unfused every model must have
one (otherwise the flag tests nothing). --check-groups checks that the
groups below split the zoo's model list exactly.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SRC_ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SRC_ROOT, "frontends", "pytorch"))

from riffle_zoo import zoo  # noqa: E402
from riffle_zoo.export import DEFAULT_OPSET, export_model  # noqa: E402

# The zoo, split so that lit can spread it over several test files. Together
# the first four are every model exactly once (--check-groups).
GROUPS = {
    "shufflenet_v1": [
        "shufflenet_v1_g1_x0_5", "shufflenet_v1_g1_x1_0",
        "shufflenet_v1_g2_x0_5", "shufflenet_v1_g2_x1_0",
        "shufflenet_v1_g3_x0_5", "shufflenet_v1_g3_x1_0",
        "shufflenet_v1_g4_x0_5", "shufflenet_v1_g4_x1_0",
        "shufflenet_v1_g8_x0_5", "shufflenet_v1_g8_x1_0",
    ],
    "other_networks": [
        "shufflenet_v2_x0_5", "shufflenet_v2_x1_0", "shufflenet_v2_x1_5",
        "shufflenet_v2_x2_0", "mobilenet_v2", "mobilenet_v3_small",
        "mobilenet_v3_large", "squeezenet1_1", "mobilenet_v1",
        "mobilenet_v1_x0_5",
    ],
    "families": [
        "efficientnet_b0", "mnasnet1_0", "regnet_x_400mf", "regnet_y_400mf",
        "resnext50_32x4d", "resnet18", "googlenet", "densenet121", "squeezenet1_0",
    ],
    "blocks": [
        "shuffle_unit_v1", "shuffle_unit_v1_s2", "shuffle_unit_v2",
        "shuffle_unit_v2_s2", "inverted_residual", "shuffle_view_transpose",
        "shuffle_reshape_permute", "shuffle_view_permute_reshape",
        "shuffle_cg_split",
    ],
}
PARTITION = ("shufflenet_v1", "other_networks", "families", "blocks")
# Every model whose PyTorch forward pass runs a channel shuffle (checked
# against the exporter's census on every run): ShuffleNet V1 with g > 1,
# ShuffleNet V2 and the shuffle blocks. GROUP_with_shuffle is GROUP's part
# of it; the --disable-pass=riffle-fuse-channel-shuffle tests run these
# groups, so together they cover every model with a channel shuffle.
SHUFFLE_MODELS = [n for n in GROUPS["shufflenet_v1"] if not n.startswith("shufflenet_v1_g1_")]
SHUFFLE_MODELS += [n for n in GROUPS["other_networks"] if n.startswith("shufflenet_v2_")]
SHUFFLE_MODELS += [n for n in GROUPS["blocks"] if n != "inverted_residual"]
for _g in PARTITION:
    GROUPS[_g + "_with_shuffle"] = [n for n in GROUPS[_g] if n in SHUFFLE_MODELS]

PASS = "riffle-fuse-channel-shuffle"


def check_groups() -> int:
    names = zoo.names()
    seen = [n for g in PARTITION for n in GROUPS[g]]
    problems = []
    for n in sorted(set(seen)):
        if seen.count(n) > 1:
            problems.append(f"{n} is in more than one group")
    for n in names:
        if n not in seen:
            problems.append(f"zoo model {n} is in no group of zoo_runner_check.py")
    for n in seen:
        if n not in names:
            problems.append(f"{n} is not a zoo model")
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    for g in PARTITION:
        print(f"{g}: {len(GROUPS[g])} models")
    print(f"zoo: {len(names)} models, groups: {len(seen)} models")
    return 1 if problems else 0


def pass_statistics(stderr: str) -> dict:
    """{pass name: {statistic: value}} from rifflec's --pass-statistics."""
    stats, current = {}, None
    for line in stderr.splitlines():
        if line.startswith("riffle-"):
            current = stats.setdefault(line.strip(), {})
        elif current is not None and line.startswith("  "):
            parts = line.split()
            if len(parts) >= 2 and parts[0].isdigit():
                current[parts[1]] = int(parts[0])
        elif not line.startswith(" "):
            current = None
    return stats


class Failure(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def run(cmd, timeout):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        raise Failure(f"{os.path.basename(cmd[0])} timed out after {timeout:g} s",
                      f"$ {' '.join(cmd)}\n{err}")


def check_model(name, args, workdir):
    entry = zoo.get(name)
    if entry.is_network:
        h, w = args.height or entry.height, args.width or entry.width
    elif args.block_size:
        h, w = args.block_size
    else:
        h, w = entry.height, entry.width
    label = f"{name} b{args.batch} {entry.channels}x{h}x{w}" + (" unfused" if args.unfused else "")
    if args.opset != DEFAULT_OPSET:
        label += f" opset{args.opset}"
    mdir = os.path.join(workdir, name)
    shutil.rmtree(mdir, ignore_errors=True)
    os.makedirs(mdir)
    times = []

    try:
        t = time.perf_counter()
        try:
            export_model(name, mdir, batch=args.batch, height=h, width=w,
                         opset=args.opset)
        except Exception as e:
            raise Failure(f"export failed: {type(e).__name__}: {e}")
        times.append(time.perf_counter() - t)
        with open(os.path.join(mdir, f"{name}.meta.json")) as f:
            meta = json.load(f)
        shuffles = int(meta["channel_shuffles"])
        if shuffles and name not in SHUFFLE_MODELS:
            raise Failure(f"runs {shuffles} channel shuffles in PyTorch but is not in "
                          "the shuffle group of zoo_runner_check.py")
        if not shuffles and name in SHUFFLE_MODELS:
            raise Failure("is in the shuffle group but runs no channel shuffle in PyTorch")
        if args.unfused and not shuffles:
            raise Failure(f"runs no channel shuffle, so --disable-pass={PASS} tests nothing")

        onnx_path = os.path.join(mdir, f"{name}.onnx")
        out_dir = os.path.join(mdir, "out")
        cmd = [args.rifflec, onnx_path, "--emit=runner", "-o", out_dir, "--name", "m",
               "--pass-statistics"] + args.rifflec_flag
        if args.unfused:
            cmd.append(f"--disable-pass={PASS}")
        t = time.perf_counter()
        r = run(cmd, args.compile_timeout)
        times.append(time.perf_counter() - t)
        if r.returncode != 0:
            raise Failure(f"rifflec exited with {r.returncode}",
                          f"$ {' '.join(cmd)}\n{r.stderr}")
        stats = pass_statistics(r.stderr)
        if args.unfused:
            if PASS in stats:
                raise Failure(f"{PASS} ran despite --disable-pass", r.stderr)
            removed = "off"
        else:
            if PASS not in stats:
                raise Failure(f"no {PASS} statistics in rifflec's stderr", r.stderr)
            removed = str(stats[PASS].get("shuffles-removed", 0))

        runner = os.path.join(out_dir, "m_run")
        x_path = os.path.join(mdir, f"{name}.input.npy")
        y_path = os.path.join(mdir, "runner_output.npy")
        cmd = args.run_prefix.split() + [runner, "--input", x_path, "--output", y_path]
        if args.launches:
            cmd.append("--launches")
        t = time.perf_counter()
        r = run(cmd, args.run_timeout)
        times.append(time.perf_counter() - t)
        if r.returncode != 0:
            raise Failure(f"runner exited with {r.returncode}",
                          f"$ {' '.join(cmd)}\n{r.stdout}{r.stderr}")
        if not os.path.exists(y_path):
            raise Failure("runner wrote no output", r.stdout + r.stderr)
        launches, count = "", None
        if args.launches:
            counts = [l for l in r.stdout.splitlines() if l.startswith("kernel_launches=")]
            if not counts:
                raise Failure("runner printed no kernel_launches=", r.stdout + r.stderr)
            count = int(counts[0].split("=")[1])
            layers = compute_layers(onnx_path)
            # Every activation, batch norm, residual add, shuffle, concat
            # and split is fused into a layer's kernel: at most one kernel
            # per conv/gemm/pool layer, plus one writing the result.
            if count > layers + 1:
                raise Failure(f"{count} kernel launches for {layers} conv/gemm/pool "
                              "layers (more than one per layer plus the result)")
            launches = f" launches={count} layers={layers}"

        ref = np.load(os.path.join(mdir, f"{name}.output.npy"))
        out = np.load(y_path)
        if args.corrupt:  # self-test of this check: perturb one value
            out = out.copy()
            out.flat[out.size // 2] += args.corrupt
        if out.dtype != np.float32 or out.shape != ref.shape:
            raise Failure(f"output has dtype {out.dtype} shape {out.shape}; "
                          f"reference {ref.dtype} {ref.shape}")
        if ref.dtype != np.float32 or not np.all(np.isfinite(ref)):
            raise Failure("PyTorch's reference is not finite float32")
        bad = int(np.count_nonzero(~np.isfinite(out)))
        if bad:
            raise Failure(f"output has {bad} non-finite values")
        diff = float(np.abs(out.astype(np.float64) - ref.astype(np.float64)).max())
        ref_max = float(np.abs(ref).max())
        tol = (1e-5 + 1e-3 * ref_max) * args.tolerance_scale
        verdict = f"max_abs_diff={diff:.3g} tol={tol:.3g} max_abs_ref={ref_max:.3g}"
        if not diff <= tol:
            where = np.unravel_index(int(np.abs(out - ref).argmax()), ref.shape)
            raise Failure(f"{verdict}: output differs from PyTorch's (largest at "
                          f"index {tuple(int(i) for i in where)}: out={out[where]:.6g} "
                          f"ref={ref[where]:.6g})")
        ptx_note = check_ptx(args, onnx_path, mdir, count) if args.ptx else ""
    except Failure as f:
        line = f"{label}: FAIL {f.reason}"
        print(line, flush=True)
        print(line + ("\n" + f.detail.rstrip() if f.detail else ""), file=sys.stderr, flush=True)
        return False

    timing = ", ".join(f"{what} {s:.1f} s" for what, s in zip(("export", "compile", "run"), times))
    print(f"{label}: ok {verdict} shuffles={shuffles} removed={removed}{launches}{ptx_note} "
          f"({timing})",
          flush=True)
    if not args.keep:
        shutil.rmtree(mdir, ignore_errors=True)
    return True


def compute_layers(onnx_path):
    """The ONNX graph's conv, gemm and pooling nodes."""
    import onnx
    model = onnx.load(onnx_path)
    kinds = ("Conv", "Gemm", "MatMul", "MaxPool", "AveragePool", "GlobalAveragePool")
    return sum(1 for node in model.graph.node if node.op_type in kinds)


def check_ptx(args, onnx_path, mdir, launches):
    """Compiles the model's PTX (--emit=asm for the CUDA target --ptx) and
    checks it: the .target the target asks for, no local memory (.local:
    per-thread arrays or stack), with --launches one .entry per kernel the
    OpenCL run launched (`launches`, None without --launches; the same
    schedule: every kernel runs once per inference), and where ptxas is on
    PATH no register spills. Returns the
    line's ` kernels=N sm=NN local=0[ spills=0]` part."""
    import re
    match = re.search(r"cuda_capability_(\d+)", args.ptx)
    if "cuda" not in args.ptx.split("-") or not match:
        raise Failure(f"--ptx {args.ptx}: not a CUDA target with a cuda_capability_NN feature")
    sm = match.group(1)
    ptx_path = os.path.join(mdir, "m.ptx")
    flags = [f for f in args.rifflec_flag if not f.startswith("--target")]
    cmd = [args.rifflec, onnx_path, "--emit=asm", f"--target={args.ptx}", "-o", ptx_path] + flags
    r = run(cmd, args.compile_timeout)
    if r.returncode != 0:
        raise Failure(f"rifflec --emit=asm --target={args.ptx} exited with {r.returncode}",
                      f"$ {' '.join(cmd)}\n{r.stderr}")
    with open(ptx_path) as f:
        ptx = f.read()
    if not re.search(rf"^\.target sm_{sm}\b", ptx, re.M):
        raise Failure(f"PTX has no '.target sm_{sm}' line")
    kernels = len(re.findall(r"^\.visible \.entry ", ptx, re.M))
    if launches is not None and kernels != launches:
        raise Failure(f"PTX has {kernels} kernels; the OpenCL run launched {launches}")
    local = len(re.findall(r"\.local\b", ptx))
    if local:
        raise Failure(f"PTX uses local memory ({local} .local references)")
    note = f" kernels={kernels} sm={sm} local=0"
    ptxas = shutil.which("ptxas")
    if ptxas:
        cmd = [ptxas, f"-arch=sm_{sm}", "-v", ptx_path, "-o", os.devnull]
        r = run(cmd, args.compile_timeout)
        if r.returncode != 0:
            raise Failure(f"ptxas exited with {r.returncode}", r.stderr)
        spills = [int(n) for n in re.findall(r"(\d+) bytes spill (?:stores|loads)", r.stderr)]
        if len(spills) != 2 * kernels:
            raise Failure("ptxas -v did not report spills for every kernel", r.stderr)
        if any(spills):
            raise Failure(f"ptxas reports register spills ({max(spills)} bytes)", r.stderr)
        note += " spills=0"
    return note


def size(text):
    h, _, w = text.partition("x")
    return int(h), int(w)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("models", nargs="*", metavar="GROUP|MODEL",
                   help=f"models, or groups: {', '.join(GROUPS)}, all")
    p.add_argument("--work", help="scratch folder (created; one subfolder per model)")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--height", type=int, help="networks' input height (default 224)")
    p.add_argument("--width", type=int, help="networks' input width (default 224)")
    p.add_argument("--block-size", type=size, metavar="HxW",
                   help="blocks' input height and width (default: each block's own)")
    p.add_argument("--opset", type=int, default=DEFAULT_OPSET,
                   help=f"ONNX opset of the export (default {DEFAULT_OPSET}); rifflec "
                        "converts opsets below 11 with libonnx's version converter")
    p.add_argument("--unfused", action="store_true",
                   help=f"compile with --disable-pass={PASS}")
    p.add_argument("--rifflec-flag", action="append", default=[], metavar="FLAG",
                   help="extra rifflec argument (repeatable)")
    p.add_argument("--launches", action="store_true",
                   help="run the runner with --launches; the line gets launches=N "
                        "(GPU kernels per inference)")
    p.add_argument("--ptx", metavar="TARGET",
                   help="also compile each model's PTX for this CUDA target (with a "
                        "cuda_capability_NN feature) and check it; see check_ptx")
    p.add_argument("--run-prefix", default="", metavar="CMD",
                   help="command the runner is run under, e.g. 'qemu-aarch64-static "
                        "-L /usr/aarch64-linux-gnu' for --target=arm-64-linux runners")
    p.add_argument("--rifflec", default=shutil.which("rifflec") or "rifflec")
    p.add_argument("--keep", action="store_true", help="keep every model's files")
    # A compile takes 3-25 s on a loaded 2-core machine; a hang fails the model
    # after this long instead of stalling the lit run.
    p.add_argument("--compile-timeout", type=float, default=300, metavar="S",
                   help="seconds per rifflec run before the model fails (default 300)")
    p.add_argument("--run-timeout", type=float, default=60, metavar="S",
                   help="seconds per runner run before the model fails (default 60)")
    p.add_argument("--sample", type=int, metavar="K",
                   help="check K of the models named, drawn with --seed (CI's "
                        "share of a long file; every model under suite=full)")
    p.add_argument("--seed", type=int, default=0,
                   help="--sample's seed (mixed with the models and options, so "
                        "files sharing one seed draw different models)")
    p.add_argument("--list", action="store_true",
                   help="print the models the arguments name, one a line, and exit")
    p.add_argument("--check-groups", action="store_true",
                   help="check that the groups split the zoo exactly, and exit")
    # Self-tests of the comparison (zoo-check.test: they must make a model
    # fail): multiply the tolerance, or add a value to one output element.
    p.add_argument("--tolerance-scale", type=float, default=1.0, help=argparse.SUPPRESS)
    p.add_argument("--corrupt", type=float, default=0.0, help=argparse.SUPPRESS)
    args = p.parse_args()

    if args.check_groups:
        return check_groups()
    if not args.models or (not args.work and not args.list):
        p.error("give models or groups, and --work")

    names = []
    for m in args.models:
        if m == "all":
            names += zoo.names()
        elif m in GROUPS:
            names += GROUPS[m]
        elif m in zoo.ZOO:
            names.append(m)
        else:
            p.error(f"unknown model or group '{m}'")
    names = list(dict.fromkeys(names))
    if args.sample is not None and args.sample < len(names):
        # A string seed is hashed deterministically (random.seed, version 2).
        draw = random.Random(f"{args.seed}:{args.batch}:{args.height}:{args.width}:"
                             f"{args.unfused}:{args.rifflec_flag}:{names}")
        picked = set(draw.sample(range(len(names)), args.sample))
        print(f"zoo_runner_check: sample of {args.sample} of {len(names)} models "
              f"(seed {args.seed})", flush=True)
        names = [n for i, n in enumerate(names) if i in picked]
    if args.list:
        print("\n".join(names))
        return 0

    os.makedirs(args.work, exist_ok=True)
    start = time.perf_counter()
    ok = sum(check_model(n, args, args.work) for n in names)
    failed = len(names) - ok
    print(f"zoo_runner_check: {len(names)} model{'s' if len(names) != 1 else ''}, "
          f"{ok} ok, {failed} failed "
          f"in {time.perf_counter() - start:.0f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
