#!/usr/bin/python3
"""Riffle's CUDA code against PyTorch on the same NVIDIA GPU.

Normally started by bench/gpu.sh; see bench/README.md ("GPU"). For each zoo
network and batch size: export it (224x224), compile it with `rifflec
--target=TARGET --emit=runner`, count the kernels one inference launches
(NAME_run --launches), time the runner (NAME_run --bench N: host input to
the device, the network, the output back), then PyTorch eager and
torch.compile (bench/torch_bench.py --device cuda, the same copies in each call), one
right after the other; every output is checked against PyTorch's CPU
reference (max|diff| <= 1e-5 + 1e-3 max|ref|). Results go into the GPU
section of bench/RESULTS.md (the CPU bench keeps it) and WORK/gpu.json.
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench import ROOT, GPU_BEGIN, GPU_END, check, run, zoo  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--models", help="comma-separated zoo names (default: every network)")
    p.add_argument("--batches", default="1,64", help="batch sizes (default 1,64)")
    p.add_argument("--runs", type=int, default=50, help="timed runs per measurement")
    p.add_argument("--target", default="host-cuda-cuda_capability_86",
                   help="Halide target (default host-cuda-cuda_capability_86: Halide 14's "
                        "newest; the driver JIT-compiles the PTX for newer GPUs)")
    p.add_argument("--no-compile", action="store_true", help="skip torch.compile")
    p.add_argument("--work", default=os.path.join(ROOT, "build", "bench-gpu"))
    p.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    p.add_argument("--rifflec", default=os.path.join(ROOT, "build", "bin", "rifflec"))
    p.add_argument("--timeout", type=int, default=1800, help="seconds per step")
    a = p.parse_args()
    a.models = a.models.split(",") if a.models else [
        n for n in zoo.names() if zoo.get(n).kind == "network"]
    a.batches = [int(b) for b in a.batches.split(",")]
    return a


def gpu_name():
    try:
        ok, out, _ = run(["nvidia-smi", "--query-gpu=name,driver_version",
                          "--format=csv,noheader"], 60)
    except OSError:
        ok, out = False, ""
    return out.strip().splitlines()[0] if ok and out.strip() else "unknown (no nvidia-smi)"


def bench_one(a, name, batch):
    work = os.path.join(a.work, f"b{batch}")
    base = os.path.join(work, name)
    res = {}
    if not os.path.exists(base + ".output.npy"):
        ok, _, why = run(["/usr/bin/python3", os.path.join(ROOT, "frontends", "pytorch", "export.py"),
                          name, "-o", work, "-q", "--batch", str(batch),
                          "--height", "224", "--width", "224"], a.timeout)
        if not ok:
            return {"error": f"export: {why}"}
    x, ref = base + ".input.npy", base + ".output.npy"
    outdir = os.path.join(work, name + "_riffle")
    t0 = time.perf_counter()
    ok, _, why = run([a.rifflec, base + ".onnx", f"--target={a.target}", "--emit=runner",
                      "-o", outdir, "--name", name], a.timeout)
    res["compile_s"] = time.perf_counter() - t0
    if not ok:
        return {"error": f"rifflec: {why}"}
    runner = os.path.join(outdir, name + "_run")
    y = os.path.join(work, name + ".riffle.npy")
    ok, out, why = run([runner, "--input", x, "--output", y, "--launches"], a.timeout)
    m = re.search(r"kernel_launches=(\d+)", out)
    if not ok or not m:
        return {"error": f"runner: {why}"}
    res["launches"] = int(m.group(1))
    peers = {"riffle": [runner, "--input", x, "--output", y, "--bench", str(a.runs)]}
    torch_cmd = ["/usr/bin/python3", os.path.join(HERE, "torch_bench.py"), "--model", name,
                 "--input", x, "--runs", str(a.runs), "--warmup", "10", "--device", "cuda"]
    peers["eager"] = torch_cmd + ["--output", os.path.join(work, name + ".eager.npy")]
    if not a.no_compile:
        peers["compile"] = torch_cmd + ["--compile", "--output",
                                        os.path.join(work, name + ".compile.npy")]
    for peer, cmd in peers.items():
        out_path = cmd[cmd.index("--output") + 1]
        if os.path.exists(out_path):
            os.remove(out_path)
        ok, out, why = run(cmd, a.timeout)
        m = re.search(r"median_ms\W+([\d.]+)\W+min_ms\W+([\d.]+)", out)
        if not ok or not m:
            err = re.search(r'"error": "([^"]*)"', out)
            res[peer] = {"error": err.group(1) if err else why}
            continue
        good, detail = check(out_path, ref)
        res[peer] = {"median_ms": float(m.group(1)), "min_ms": float(m.group(2)), "ok": good,
                     "check": detail, "images_per_s": batch / float(m.group(1)) * 1e3}
    return res


def cell(r):
    if not r or "error" in r:
        return "n/a" if not r else f"failed: {r['error'][:60]}"
    text = f"{r['median_ms']:.3f} ms, {r['images_per_s']:.0f} img/s"
    return text if r["ok"] else f"**WRONG** ({r['check']})"


def ratio(res, peer):
    r, p = res.get("riffle"), res.get(peer)
    if not r or not p or "error" in r or "error" in p or not r["ok"] or not p["ok"]:
        return "-"
    return f"{r['median_ms'] / p['median_ms']:.2f}"


def render(info, results):
    L = [GPU_BEGIN, "## GPU: Riffle (CUDA) against PyTorch on the same GPU", "",
         f"Recorded {info['date']} on {info['gpu']} (host {info['host']}), "
         f"`bash bench/gpu.sh`, target `{info['target']}`, median of {info['runs']} runs "
         "after warm-up. Every call copies the input to the GPU and the output back "
         "(Riffle's NAME_run; PyTorch's `x.cuda()` ... `y.cpu()`). Ratios are Riffle / "
         "peer (below 1: Riffle is faster). `launches`: kernels per inference.", "",
         "| model | batch | launches | Riffle | PyTorch eager | torch.compile | "
         "Riffle/eager | Riffle/compile | compile s |",
         "|---|---|---|---|---|---|---|---|---|"]
    for key, res in results.items():
        name, batch = key.rsplit("@", 1)
        if "error" in res:
            L.append(f"| {name} | {batch} | | failed: {res['error'][:80]} | | | | | |")
            continue
        L.append(f"| {name} | {batch} | {res['launches']} | {cell(res.get('riffle'))} | "
                 f"{cell(res.get('eager'))} | {cell(res.get('compile'))} | "
                 f"{ratio(res, 'eager')} | {ratio(res, 'compile')} | {res['compile_s']:.1f} |")
    L += ["", GPU_END, ""]
    return "\n".join(L)


def write(a, info, results):
    with open(os.path.join(a.work, "gpu.json"), "w") as f:
        json.dump({"info": info, "results": results}, f, indent=1)
    section = render(info, results)
    text = open(a.results).read() if os.path.exists(a.results) else ""
    if GPU_BEGIN in text and GPU_END in text:
        head, rest = text.split(GPU_BEGIN, 1)
        text = head + section + rest.split(GPU_END, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(a.results, "w") as f:
        f.write(text)
    return section


def main():
    a = parse_args()
    os.makedirs(a.work, exist_ok=True)
    info = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "gpu": gpu_name(), "host": platform.node(), "target": a.target, "runs": a.runs}
    results = {}
    for batch in a.batches:
        for name in a.models:
            print(f"{name} batch {batch}", flush=True)
            try:
                results[f"{name}@{batch}"] = bench_one(a, name, batch)
            except Exception as e:  # one broken model must not end the run
                results[f"{name}@{batch}"] = {"error": str(e)[:300]}
            write(a, info, results)
    print(write(a, info, results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
