"""Differential test of random networks (riffle_zoo.random_nets): each is
exported from PyTorch and run three ways, which must agree within
1e-5 + 1e-3 * max|ref| (riffle-interp's --compare rule):

  1. PyTorch (the exporter's reference output);
  2. riffle-interp on the optimized IR (`rifflec --emit=mlir-opt`);
  3. the compiled runner (`rifflec --emit=runner`, Riffle's schedules) on
     the CPU, and with --opencl-every K every K-th network also for
     --target=host-opencl (PoCL's CPU device here).

Import refusals count as failures: the generator draws only what Riffle
supports. One line per network (`rnd_SEED: ok`, or `FAILED` with what went
wrong), then `random nets: N of N ok`. Exit status 1 if any failed.

usage: check_random_nets.py TOOLS_DIR WORK_DIR --src-root SRC
           (--seed S | --sample K) [--count N] [--opencl-every K] [--no-runner]
           [--keep] [--jobs N]
--seed S checks seeds S .. S+N-1; --sample K (lit's %sample_seed) checks
block K of N seeds, K*N .. K*N+N-1, so each CI sample seed draws new
networks.
"""
import argparse
import functools
import multiprocessing
import pathlib
import shutil
import subprocess
import sys
import time

import numpy as np


def run(cmd, **kw):
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)


def tolerance(ref):
    return 1e-5 + 1e-3 * float(np.max(np.abs(ref))) if ref.size else 1e-5


def describe(proc):
    if proc.returncode < 0:
        return f"killed by signal {-proc.returncode}"
    lines = [l for l in (proc.stderr + proc.stdout).splitlines() if l.strip()]
    return f"exit {proc.returncode}: " + (lines[-1] if lines else "(no output)")


def compare(name, got_path, ref, problems):
    got = np.load(got_path)
    if got.shape != ref.shape:
        problems.append(f"{name}: shape {list(got.shape)} != {list(ref.shape)}")
        return None
    diff = float(np.max(np.abs(got - ref))) if ref.size else 0.0
    if not diff <= tolerance(ref):  # NaN fails too
        problems.append(f"{name}: max|diff| {diff:.3g} > {tolerance(ref):.3g}")
    return got


def check(seed, tools, work, export, args):
    tag = f"rnd_{seed}"
    case = work / tag
    case.mkdir(parents=True, exist_ok=True)
    config = export(seed, str(case))
    onnx_path, x_path = case / f"{tag}.onnx", case / f"{tag}.input.npy"
    ref = np.load(case / f"{tag}.output.npy")
    problems = []

    proc = run([tools / "rifflec", onnx_path, "--emit=mlir-opt", "--keep-weights",
                "-o", case / "opt.mlir"])
    if proc.returncode != 0:
        return config, [f"rifflec --emit=mlir-opt: {describe(proc)}"]
    proc = run([tools / "riffle-interp", case / "opt.mlir", "--input", x_path,
                "--output", case / "interp.npy"])
    if proc.returncode != 0:
        problems.append(f"riffle-interp: {describe(proc)}")
    else:
        compare("riffle-interp vs PyTorch", case / "interp.npy", ref, problems)

    targets = [] if args.no_runner else ["host"]
    if args.opencl_every and seed % args.opencl_every == 0:
        targets.append("host-opencl")
    for target in targets:
        out = case / target
        proc = run([tools / "rifflec", onnx_path, "--emit=runner", f"--target={target}",
                    "-o", out, "--name", "m"])
        if proc.returncode != 0:
            problems.append(f"rifflec --emit=runner --target={target}: {describe(proc)}")
            continue
        proc = run([out / "m_run", "--input", x_path, "--output", out / "y.npy"], timeout=600)
        if proc.returncode != 0:
            problems.append(f"runner ({target}): {describe(proc)}")
            continue
        compare(f"runner ({target}) vs PyTorch", out / "y.npy", ref, problems)
    if not problems and not args.keep:
        shutil.rmtree(case)
    return config, problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tools", type=pathlib.Path)
    parser.add_argument("work", type=pathlib.Path)
    parser.add_argument("--src-root", type=pathlib.Path, required=True)
    first = parser.add_mutually_exclusive_group(required=True)
    first.add_argument("--seed", type=int, help="first seed")
    first.add_argument("--sample", type=int, help="block of --count seeds")
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--seed-offset", type=int, default=0,
                        help="added to the first seed (keeps --sample blocks of two runs apart)")
    parser.add_argument("--opencl-every", type=int, default=0,
                        help="also compile and run every K-th network for host-opencl")
    parser.add_argument("--no-runner", action="store_true",
                        help="compare PyTorch and riffle-interp only")
    parser.add_argument("--keep", action="store_true", help="keep passing cases' files")
    parser.add_argument("--jobs", type=int, default=1,
                        help="networks checked at once (forked workers)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.src_root / "frontends" / "pytorch"))
    from riffle_zoo.random_nets import export_random_net

    if args.sample is not None:
        args.seed = args.sample * args.count
    args.seed += args.seed_offset
    start, failed = time.time(), 0
    seeds = range(args.seed, args.seed + args.count)
    work = functools.partial(check_seed, export=export_random_net, args=args)
    if args.jobs > 1:
        # Forked workers, one network each at a time; lines stay in seed order.
        pool = multiprocessing.get_context("fork").Pool(args.jobs, initializer=_one_thread)
        results = pool.imap(work, seeds)
    else:
        pool, results = None, map(work, seeds)
    for seed, (config, problems) in zip(seeds, results):
        if problems:
            failed += 1
            print(f"rnd_{seed}: FAILED ({config.get('input_shape')}, opset "
                  f"{config.get('opset')}): " + "; ".join(problems), flush=True)
        else:
            print(f"rnd_{seed}: ok", flush=True)
    if pool:
        pool.close()
        pool.join()
    print(f"random nets: {args.count - failed} of {args.count} ok "
          f"({time.time() - start:.0f} s)")
    return 1 if failed else 0


def _one_thread():
    import torch
    torch.set_num_threads(1)


def check_seed(seed, export, args):
    try:
        return check(seed, args.tools, args.work, export, args)
    except Exception as error:  # the generator or a runner timeout
        return {}, [f"{type(error).__name__}: {error}"]


if __name__ == "__main__":
    sys.exit(main())
