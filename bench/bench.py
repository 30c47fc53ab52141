#!/usr/bin/python3
"""Riffle against ONNX Runtime and PyTorch on the zoo's networks, side by side.

Normally started by bench/run.sh (which builds rifflec and installs ONNX
Runtime first); see bench/README.md for the options and the columns.
For each model: export it (once), compile it with rifflec (timed), then time
Riffle's runner, ONNX Runtime and PyTorch one after the other at each thread
count, check every output against PyTorch's reference, and rewrite the
results (RESULTS.md and WORK/results.json) so an interrupted run keeps what
it measured.
"""

import argparse
import json
import math
import os
import re
import shlex
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "frontends", "pytorch"))
from riffle_zoo import zoo  # noqa: E402  (the model list; also imports torch)

AUTO_SCHEDULES = ["auto:adams2019", "auto:mullapudi2016", "auto:li2018"]
AUTO_DEFAULT = "shufflenet_v2_x1_0,mobilenet_v2"  # keeps a full run's time in check
QUICK_MODELS = "shufflenet_v2_x0_5,mobilenet_v3_small"
UNFUSED_FLAG = "--disable-pass=riffle-fuse-channel-shuffle"
# bench/gpu_bench.py's section of RESULTS.md, kept when this bench rewrites it.
GPU_BEGIN, GPU_END = "<!-- gpu-bench: begin -->", "<!-- gpu-bench: end -->"


def parse_args():
    p = argparse.ArgumentParser(description="Riffle vs ONNX Runtime vs PyTorch (see bench/README.md)")
    p.add_argument("--models", help="comma-separated zoo names, or 'all' (every network, other families "
                        "included; default)")
    p.add_argument("--blocks", action="store_true", help="add the zoo's blocks to the models")
    p.add_argument("--threads", default="1,2", help="thread counts (default 1,2)")
    p.add_argument("--runs", type=int, help="timed runs per measurement (default 50)")
    p.add_argument("--warmup", type=int, default=5, help="ORT/PyTorch warm-up runs (the runner does 3)")
    p.add_argument("--batch", type=int, default=1, help="batch size (default 1)")
    p.add_argument("--auto", help=f"models that get autoscheduler rows: names, 'all' or 'none' "
                                  f"(default {AUTO_DEFAULT})")
    p.add_argument("--schedules", default=",".join(AUTO_SCHEDULES), help="autoschedulers to try")
    p.add_argument("--no-unfused", action="store_true", help="skip the fused/unfused comparison")
    p.add_argument("--quick", action="store_true",
                   help=f"10 runs, no autoscheduler or unfused rows, models {QUICK_MODELS} "
                        "(explicit options still win)")
    p.add_argument("--work", default=os.path.join(ROOT, "build", "bench"), help="work folder")
    p.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"), help="Markdown output")
    p.add_argument("--rifflec", default=os.path.join(ROOT, "build", "bin", "rifflec"))
    p.add_argument("--baseline-rifflec", metavar="PATH",
                   help="also compile every model with this rifflec (e.g. a build of the previous "
                        "main) and time it right after Riffle's runner: the new/baseline table")
    p.add_argument("--ort-dir", required=True, help="folder holding node_modules/onnxruntime-node")
    p.add_argument("--compile-timeout", type=int, default=1200, help="seconds per rifflec call")
    p.add_argument("--run-timeout", type=int, default=900, help="seconds per timed measurement")
    a = p.parse_args()
    if a.quick:
        a.runs = a.runs or 10
        a.auto = a.auto or "none"
        a.no_unfused = True
        a.models = a.models or QUICK_MODELS
    a.runs = a.runs or 50
    a.threads = [int(t) for t in a.threads.split(",")]
    networks = zoo.names("network") + zoo.names("family")
    names = networks if a.models in (None, "all") else a.models.split(",")
    if a.blocks:
        names += zoo.names("block")
    unknown = [n for n in names if n not in zoo.ZOO]
    if unknown:
        p.error(f"unknown model(s) {', '.join(unknown)} (see export.py --list)")
    a.models = list(dict.fromkeys(names))
    auto = AUTO_DEFAULT if a.auto is None else a.auto
    a.auto = set(a.models) if auto == "all" else set() if auto == "none" else set(auto.split(","))
    a.schedules = [s for s in a.schedules.split(",") if s]
    return a


def run(cmd, timeout, **kw):
    """Run cmd; return (ok, stdout, reason) where reason is a one-line cause of failure."""
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        return False, "", f"timeout after {timeout} s"
    if r.returncode == 0:
        return True, r.stdout, ""
    lines = [l.strip() for l in r.stderr.splitlines() if l.strip()]
    # rifflec says `error: ...`; LLVM's option parser says `Unknown command line argument`
    errors = [l for l in lines if re.search(r"error|unknown|invalid", l, re.I)]
    return False, r.stdout, ((errors or lines or [f"exit status {r.returncode}"])[-1])[:300]


def check(out_path, ref_path):
    """Compare an output with PyTorch's reference: max|diff| <= 1e-5 + 1e-3*max|ref|."""
    out, ref = np.load(out_path), np.load(ref_path)
    if out.shape != ref.shape:
        return False, f"shape {out.shape} != {ref.shape}"
    diff, tol = float(np.max(np.abs(out - ref))), 1e-5 + 1e-3 * float(np.max(np.abs(ref)))
    return diff <= tol, f"max|diff| {diff:.3g}, tolerance {tol:.3g}"


def measure_peak(work, threads):
    """Compile bench/peak.c for this machine and return {threads: GFLOP/s}, isa."""
    exe = os.path.join(work, "peak")
    subprocess.run(["cc", "-O2", "-march=native", "-pthread", os.path.join(HERE, "peak.c"),
                    "-o", exe], check=True)
    out = subprocess.run([exe] + [str(t) for t in threads], check=True, capture_output=True,
                         text=True).stdout
    rows = re.findall(r"threads=(\d+) gflops=([\d.]+) isa=(\S+)", out)
    return {int(t): float(g) for t, g, _ in rows}, rows[0][2]


def machine_info(a, peak, isa):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open(os.path.join(a.ort_dir, "node_modules", "onnxruntime-node", "package.json")) as f:
        ort_version = json.load(f)["version"]
    import torch
    return {
        "date": subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip(),
        "cpu": cpu, "cores": os.cpu_count(), "peak_gflops": peak, "peak_isa": isa,
        "ort": ort_version, "node": subprocess.run(["node", "--version"], capture_output=True,
                                                   text=True).stdout.strip(),
        "torch": torch.__version__, "halide_target": "?",
        # run.sh adds --ort-dir=/--rifflec=; leave them out of the recorded command
        "command": "bash bench/run.sh " + " ".join(
            shlex.quote(x) for x in sys.argv[1:] if not x.startswith(("--ort-dir=", "--rifflec="))),
    }


class Bench:
    def __init__(self, a):
        self.a = a
        self.models_dir = os.path.join(a.work, f"models-b{a.batch}")
        self.info = {}
        self.results = {}  # model -> {"mmacs", "compile": {variant: ...}, "time": {...}}

    # --- per-model steps ---------------------------------------------------------------

    def export(self, name):
        base = os.path.join(self.models_dir, name)
        if not all(os.path.exists(base + ext) for ext in
                   (".onnx", ".input.npy", ".output.npy", ".meta.json")):
            cmd = ["/usr/bin/python3", os.path.join(ROOT, "frontends", "pytorch", "export.py"),
                   name, "-o", self.models_dir, "-q", "--batch", str(self.a.batch)]
            if zoo.get(name).is_network:
                cmd += ["--height", "224", "--width", "224"]
            ok, _, why = run(cmd, self.a.compile_timeout)
            if not ok:
                raise RuntimeError(f"export failed: {why}")
        with open(base + ".meta.json") as f:
            return base, json.load(f)

    def mmacs(self, onnx):
        """Total MACs after the pass pipeline (what the generated code computes), in millions."""
        ok, out, why = run([self.a.rifflec, onnx, "--report"], self.a.compile_timeout)
        totals = re.findall(r"total MACs: (\d+)", out)
        return int(totals[-1]) / 1e6 if ok and totals else None

    def compile(self, name, onnx, variant, flags):
        outdir = os.path.join(self.a.work, name, variant.replace(":", "_"))
        rifflec = self.a.baseline_rifflec if variant == "baseline" else self.a.rifflec
        t0 = time.perf_counter()
        ok, _, why = run([rifflec, onnx, "--emit=runner", "-o", outdir, "--name", name]
                         + flags, self.a.compile_timeout)
        rec = {"seconds": time.perf_counter() - t0, "error": "" if ok else why,
               "runner": os.path.join(outdir, f"{name}_run")}
        if ok and self.info.get("halide_target") == "?":
            with open(os.path.join(outdir, f"{name}.h")) as f:
                m = re.search(r"\(target ([^)\s]+)\)", f.readline())
            self.info["halide_target"] = m.group(1) if m else "?"
        return rec

    def time_peer(self, peer, cmd, out_path, ref_path):
        """Run one timed measurement; it must print median/min and write out_path."""
        if os.path.exists(out_path):
            os.remove(out_path)
        ok, out, why = run(cmd, self.a.run_timeout)
        if not ok:
            return {"error": why}
        m = re.search(r"median_ms\W+([\d.]+)\W+min_ms\W+([\d.]+)", out)
        if not m:
            return {"error": f"no timing in output of {peer}: {out.strip()[:200]}"}
        good, detail = check(out_path, ref_path)
        return {"median_ms": float(m.group(1)), "min_ms": float(m.group(2)), "ok": good,
                "check": detail}

    def bench_model(self, name):
        a = self.a
        base, meta = self.export(name)
        onnx, x, ref = base + ".onnx", base + ".input.npy", base + ".output.npy"
        res = self.results[name] = {"mmacs": self.mmacs(onnx), "compile": {}, "time": {},
                                    "shuffles": meta.get("channel_shuffles", 0)}
        variants = [("riffle", [])]  # default schedule: no --schedule flag, works on any rifflec
        if a.baseline_rifflec:
            variants.append(("baseline", []))
        if res["shuffles"] and not a.no_unfused:
            variants.append(("unfused", [UNFUSED_FLAG]))
        if name in a.auto:
            variants += [(s, [f"--schedule={s}"]) for s in a.schedules]
        for variant, flags in variants:
            res["compile"][variant] = c = self.compile(name, onnx, variant, flags)
            print(f"  compile {variant}: " + (f"{c['seconds']:.1f} s" if not c["error"]
                                              else f"failed: {c['error']}"), flush=True)

        outdir = os.path.join(a.work, name, "out")
        os.makedirs(outdir, exist_ok=True)
        for t in a.threads:
            # The three peers back to back, then Riffle's variants, so that machine
            # drift during this model hits every figure of the comparison alike.
            # The baseline build goes right after Riffle's runner: the pair is the comparison.
            jobs = [("riffle", "riffle")] + [(v, v) for v, _ in variants if v == "baseline"]
            jobs += [("ort", None), ("torch", None)]
            jobs += [(v, v) for v, _ in variants[1:] if v != "baseline"]
            for peer, variant in jobs:
                out = os.path.join(outdir, f"{peer.replace(':', '_')}.t{t}.npy")
                if variant is not None:
                    c = res["compile"][variant]
                    if c["error"]:
                        continue
                    cmd = [c["runner"], "--input", x, "--output", out, "--bench", str(a.runs),
                           "--threads", str(t)]
                elif peer == "ort":
                    cmd = ["node", os.path.join(HERE, "ort_bench.js"), "--ort-dir", a.ort_dir,
                           "--model", onnx, "--input", x, "--output", out, "--threads", str(t),
                           "--runs", str(a.runs), "--warmup", str(a.warmup)]
                else:
                    cmd = ["/usr/bin/python3", os.path.join(HERE, "torch_bench.py"), "--model",
                           name, "--input", x, "--output", out, "--threads", str(t), "--runs",
                           str(a.runs), "--warmup", str(a.warmup)]
                r = res["time"].setdefault(str(t), {})[peer] = self.time_peer(peer, cmd, out, ref)
                if peer == "baseline" and "error" not in r:
                    new_out = os.path.join(outdir, f"riffle.t{t}.npy")
                    if os.path.exists(new_out) and os.path.exists(out):
                        diff = float(np.max(np.abs(np.load(new_out) - np.load(out))))
                        res.setdefault("baseline_diff", {})[str(t)] = f"{diff:.2g}"
                print(f"  {t}T {peer:<20} " + (f"{r['median_ms']:9.3f} ms median, "
                      f"{r['min_ms']:9.3f} min  {'ok' if r['ok'] else 'MISMATCH'} ({r['check']})"
                      if "error" not in r else f"failed: {r['error']}"), flush=True)

    # --- report ------------------------------------------------------------------------

    def write(self):
        with open(os.path.join(self.a.work, "results.json"), "w") as f:
            json.dump({"info": self.info, "results": self.results}, f, indent=1)
        text = render(self.info, self.results, self.a)
        if os.path.exists(self.a.results):
            with open(self.a.results) as f:
                old = f.read()
            if GPU_BEGIN in old and GPU_END in old:
                gpu = old[old.index(GPU_BEGIN):old.index(GPU_END) + len(GPU_END)]
                text = text.rstrip("\n") + "\n\n" + gpu + "\n"
        with open(self.a.results, "w") as f:
            f.write(text)
        return text

    def main(self):
        a = self.a
        os.makedirs(self.models_dir, exist_ok=True)
        # 1 and 2 threads always (the design's figures), plus any other count asked for
        peak, isa = measure_peak(a.work, sorted(set([1, 2] + a.threads)))
        self.info = machine_info(a, peak, isa)
        print("peak FP32: " + ", ".join(f"{t} thread(s) {g:.1f} GFLOP/s" for t, g in peak.items())
              + f" ({isa}); ORT {self.info['ort']}, PyTorch {self.info['torch']}", flush=True)
        for i, name in enumerate(a.models):
            print(f"[{i + 1}/{len(a.models)}] {name}", flush=True)
            try:
                self.bench_model(name)
            except Exception as e:  # one broken model must not end the run
                print(f"  failed: {e}", flush=True)
                self.results[name] = {"error": str(e)[:300]}
            self.write()
        # Measure the peak again at the end and keep the better figure per thread count:
        # one measurement on a busy machine can land in someone else's burst.
        again, _ = measure_peak(a.work, sorted(peak))
        self.info["peak_gflops"] = {t: max(g, again.get(t, 0)) for t, g in peak.items()}
        print(self.write())
        print("peak FP32 (best of start and end): " + ", ".join(
            f"{t} thread(s) {g:.1f} GFLOP/s" for t, g in self.info["peak_gflops"].items()))


# --- Markdown ----------------------------------------------------------------------------

def fmt(x, digits=2):
    return "—" if x is None else f"{x:.{digits}f}"


def ms_cell(r):
    """A timing cell: the median, or why there is none; wrong outputs are marked."""
    if r is None:
        return "—"
    if "error" in r:
        return "failed: " + r["error"].replace("|", "/")[:120]
    return f"{r['median_ms']:.2f}" + ("" if r["ok"] else " **WRONG**")


def good(r):
    return r is not None and "error" not in r and r["ok"]


def render(info, results, a):
    peak = info.get("peak_gflops", {})
    L = ["# Riffle benchmark results", "",
         f"- date: {info.get('date')}",
         f"- command: `{info.get('command')}`",
         f"- machine: {info.get('cpu')}, {info.get('cores')} cores; measured FP32 peak "
         f"(bench/peak.c, {info.get('peak_isa')}): "
         + ", ".join(f"{g:.1f} GFLOP/s at {t} thread{'s' if t > 1 else ''}" for t, g in peak.items()),
         f"- Halide target: `{info.get('halide_target')}`",
         f"- peers: ONNX Runtime {info.get('ort')} (onnxruntime-node, node {info.get('node')}, "
         f"CPU EP, graph optimization 'all', sequential), PyTorch {info.get('torch')} (eager, no_grad)",
         f"- batch {a.batch}, input 224x224 (networks), median of {a.runs} timed runs after "
         f"warm-up; Riffle/ORT < 1 means Riffle is faster; outputs checked against PyTorch's "
         f"reference (max|diff| <= 1e-5 + 1e-3 max|ref|), **WRONG** marks a mismatch", ""]
    notes = []
    for t in a.threads:
        L += [f"## {t} thread{'s' if t > 1 else ''}", "",
              "| model | MMACs | compile s | Riffle ms | ORT ms | PyTorch ms | Riffle/ORT | GFLOP/s | % of peak |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        ratios = []
        for name, res in results.items():
            if "error" in res:
                L.append(f"| {name} | failed: {res['error'].replace('|', '/')[:120]} |" + " — |" * 7)
                continue
            c = res["compile"]["riffle"]
            tm = res["time"].get(str(t), {})
            rf, ort, pt = tm.get("riffle"), tm.get("ort"), tm.get("torch")
            if c["error"]:
                rf = {"error": "compile: " + c["error"]}
            ratio = rf["median_ms"] / ort["median_ms"] if good(rf) and good(ort) else None
            if ratio:
                ratios.append(ratio)
            gflops = 2 * res["mmacs"] * 1e6 / (rf["median_ms"] * 1e-3) / 1e9 \
                if good(rf) and res["mmacs"] else None
            pct = 100 * gflops / peak[t] if gflops and peak.get(t) else None
            L.append(f"| {name} | {fmt(res['mmacs'], 1)} | {fmt(None if c['error'] else c['seconds'], 1)} "
                     f"| {ms_cell(rf)} | {ms_cell(ort)} | {ms_cell(pt)} | {fmt(ratio)} "
                     f"| {fmt(gflops, 1)} | {fmt(pct, 1)} |")
            for peer, r in (("Riffle", rf), ("ORT", ort), ("PyTorch", pt)):
                if r and "error" not in r and not r["ok"]:
                    notes.append(f"- {name}, {peer}, {t} thread(s): output mismatch, {r['check']}")
        gm = math.exp(sum(map(math.log, ratios)) / len(ratios)) if ratios else None
        L += ["", f"Geometric mean of Riffle/ORT over {len(ratios)} model(s): **{fmt(gm)}**", ""]

    shuffle = [(n, r) for n, r in results.items() if "unfused" in r.get("compile", {})]
    if shuffle:
        L += ["## Channel-shuffle fusion", "",
              f"Same model compiled again with `{UNFUSED_FLAG}`; fused/unfused < 1 means the "
              "fusion pays off.", "",
              "| model | threads | fused ms | unfused ms | fused/unfused |", "|---|---:|---:|---:|---:|"]
        for name, res in shuffle:
            for t in a.threads:
                tm = res["time"].get(str(t), {})
                f, u = tm.get("riffle"), tm.get("unfused")
                if res["compile"]["unfused"]["error"]:
                    u = {"error": "compile: " + res["compile"]["unfused"]["error"]}
                ratio = f["median_ms"] / u["median_ms"] if good(f) and good(u) else None
                L.append(f"| {name} | {t} | {ms_cell(f)} | {ms_cell(u)} | {fmt(ratio)} |")
        L.append("")

    based = [(n, r) for n, r in results.items() if "baseline" in r.get("compile", {})]
    if based:
        L += ["## Against a baseline build", "",
              f"Each model compiled again with `{a.baseline_rifflec}` and timed right after "
              "Riffle's runner; new/baseline > 1 means the new build is slower. "
              "Outputs: max|new - baseline|.", "",
              "| model | threads | new ms | baseline ms | new/baseline | compile s new / baseline "
              "| outputs |", "|---|---:|---:|---:|---:|---:|---|"]
        for name, res in based:
            cn, cb = res["compile"]["riffle"], res["compile"]["baseline"]
            for t in a.threads:
                tm = res["time"].get(str(t), {})
                n, b = tm.get("riffle"), tm.get("baseline")
                if cb["error"]:
                    b = {"error": "compile: " + cb["error"]}
                ratio = n["median_ms"] / b["median_ms"] if good(n) and good(b) else None
                L.append(f"| {name} | {t} | {ms_cell(n)} | {ms_cell(b)} | {fmt(ratio, 3)} "
                         f"| {fmt(cn['seconds'], 1)} / {fmt(cb['seconds'], 1)} "
                         f"| {res.get('baseline_diff', {}).get(str(t), '—')} |")
        L.append("")

    auto = [(n, r) for n, r in results.items()
            if any(v.startswith("auto:") for v in r.get("compile", {}))]
    if auto:
        head = "".join(f" {t}T ms | Riffle/auto {t}T |" for t in a.threads)
        L += ["## Halide autoschedulers", "",
              "Same model compiled with `--schedule=auto:...` instead of Riffle's own schedules; "
              "Riffle/auto < 1 means Riffle's schedule is faster.", "",
              "| model | schedule | compile s |" + head,
              "|---|---|---:|" + "---:|---:|" * len(a.threads)]
        for name, res in auto:
            for v, c in res["compile"].items():
                if not v.startswith("auto:"):
                    continue
                if c["error"]:
                    L.append(f"| {name} | {v} | failed: {c['error'].replace('|', '/')[:120]} |"
                             + " — | — |" * len(a.threads))
                    continue
                cells = ""
                for t in a.threads:
                    tm = res["time"].get(str(t), {})
                    r, rf = tm.get(v), tm.get("riffle")
                    ratio = rf["median_ms"] / r["median_ms"] if good(r) and good(rf) else None
                    cells += f" {ms_cell(r)} | {fmt(ratio)} |"
                L.append(f"| {name} | {v} | {c['seconds']:.1f} |" + cells)
        L.append("")
    if notes:
        L += ["## Output mismatches", ""] + notes + [""]
    return "\n".join(L)


if __name__ == "__main__":
    Bench(parse_args()).main()
