#!/usr/bin/python3
"""Riffle against ONNX Runtime and PyTorch on the zoo's networks, side by side.

Normally started by bench/run.sh (which builds rifflec and installs ONNX
Runtime first); see bench/README.md for the options and the columns.
For each model and batch: export it (once), compile it with rifflec (timed),
then at each thread count time Riffle's runner, ONNX Runtime and PyTorch (and
Riffle's variants) in alternation over several rounds, check every output
against PyTorch's reference, and rewrite the results (RESULTS.md and
WORK/results.json) so an interrupted run keeps what it measured.
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
# The copying baseline of the shuffle fusion: no fusion, no channel views
# (riffle-eliminate-copies would turn shuffles, concats and splits into
# channel_gather views read through by index), and every shuffle a copy of
# its own (as ORT and PyTorch run it).
UNFUSED_FLAGS = ["--disable-pass=riffle-fuse-channel-shuffle",
                 "--disable-pass=riffle-eliminate-copies", "--materialize-shuffles"]
PROFILE_TOP = 10  # layers per network and thread count in the profile section
# bench/gpu_bench.py's section of RESULTS.md, kept when this bench rewrites it.
GPU_BEGIN, GPU_END = "<!-- gpu-bench: begin -->", "<!-- gpu-bench: end -->"


def parse_args():
    p = argparse.ArgumentParser(description="Riffle vs ONNX Runtime vs PyTorch (see bench/README.md)")
    p.add_argument("--models", help="comma-separated zoo names, or 'all' (every network, other families "
                        "included; default)")
    p.add_argument("--blocks", action="store_true", help="add the zoo's blocks to the models")
    p.add_argument("--threads", default="1,2", help="thread counts (default 1,2)")
    p.add_argument("--runs", type=int, help="timed runs per measurement at batch 1 (default 50; "
                        "batch B gets max(10, 2*runs/B))")
    p.add_argument("--rounds", type=int, help="rounds of alternating measurements per model, batch "
                        "and thread count (default 3)")
    p.add_argument("--warmup", type=int, default=5, help="ORT/PyTorch warm-up runs (the runner does 3)")
    p.add_argument("--batch", default="1,8", help="batch sizes (default 1,8)")
    p.add_argument("--no-torch", action="store_true", help="leave PyTorch out of the rounds")
    p.add_argument("--auto", help=f"models that get autoscheduler rows: names, 'all' or 'none' "
                                  f"(default {AUTO_DEFAULT})")
    p.add_argument("--schedules", default=",".join(AUTO_SCHEDULES), help="autoschedulers to try")
    p.add_argument("--no-unfused", action="store_true", help="skip the fused/unfused comparison")
    p.add_argument("--profile", action="store_true",
                   help="also build each model's profiling runner (rifflec --profile) at the first "
                        f"batch and print the {PROFILE_TOP} layers furthest from peak per network "
                        "and thread count")
    p.add_argument("--profile-seconds", type=float, default=3.0,
                   help="how long each profile samples (default 3)")
    p.add_argument("--quick", action="store_true",
                   help=f"10 runs, 2 rounds, batch 1, no autoscheduler or unfused rows, models "
                        f"{QUICK_MODELS} (explicit options still win)")
    p.add_argument("--work", default=os.path.join(ROOT, "build", "bench"), help="work folder")
    p.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"), help="Markdown output")
    p.add_argument("--rifflec", default=os.path.join(ROOT, "build", "bin", "rifflec"))
    p.add_argument("--baseline-rifflec", metavar="PATH",
                   help="also compile every model with this rifflec (e.g. a build of the previous "
                        "main) and time it right after Riffle's runner in every round: the "
                        "new/baseline table")
    p.add_argument("--ort-dir", required=True, help="folder holding node_modules/onnxruntime-node")
    p.add_argument("--compile-timeout", type=int, default=1200, help="seconds per rifflec call")
    p.add_argument("--run-timeout", type=int, default=900, help="seconds per timed measurement")
    a = p.parse_args(normalize_quick(sys.argv[1:]))
    if a.quick:
        a.runs = a.runs or 10
        a.rounds = a.rounds or 2
        a.auto = a.auto or "none"
        a.no_unfused = True
        a.models = a.models or QUICK_MODELS
    a.runs = a.runs or 50
    a.rounds = a.rounds or 3
    if a.rounds < 1 or a.runs < 1:
        p.error("--rounds and --runs must be at least 1")
    a.threads = [int(t) for t in a.threads.split(",")]
    a.batches = [int(b) for b in str(a.batch).split(",")]
    if any(b < 1 for b in a.batches):
        p.error(f"--batch {a.batch}: batch sizes are positive integers")
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


def normalize_quick(argv):
    """--quick means batch 1 unless --batch is given."""
    if "--quick" in argv and not any(x == "--batch" or x.startswith("--batch=") for x in argv):
        argv = argv + ["--batch", "1"]
    return argv


def runs_at(a, batch):
    """Timed runs per measurement at `batch`: the same for every peer of a round."""
    return a.runs if batch == 1 else max(10, 2 * a.runs // batch)


def median(xs):
    return float(np.median(xs)) if xs else None


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
        self.info = {}
        # model -> {batch: {"mmacs", "shuffles", "compile": {variant: ...},
        #                   "time": {threads: {peer: [one record per round]}}, ...}}
        self.results = {}

    # --- per-model steps ---------------------------------------------------------------

    def export(self, name, batch):
        models_dir = os.path.join(self.a.work, f"models-b{batch}")
        base = os.path.join(models_dir, name)
        if not all(os.path.exists(base + ext) for ext in
                   (".onnx", ".input.npy", ".output.npy", ".meta.json")):
            cmd = ["/usr/bin/python3", os.path.join(ROOT, "frontends", "pytorch", "export.py"),
                   name, "-o", models_dir, "-q", "--batch", str(batch)]
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

    def compile(self, name, batch, onnx, variant, flags):
        outdir = os.path.join(self.a.work, name, f"b{batch}", variant.replace(":", "_"))
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

    def profile(self, name, res, t):
        """The profiling runner's per-layer rows at t threads, furthest from peak first."""
        c = res["compile"]["profile"]
        if c["error"]:
            return {"error": "compile: " + c["error"]}
        peak = self.info["peak_gflops"].get(t)
        cmd = [c["runner"], "--input", res["input"], "--profile", "--threads", str(t),
               "--profile-seconds", str(self.a.profile_seconds)]
        if peak:
            cmd += ["--peak-gflops", f"{peak:.3f}"]
        ok, out, why = run(cmd, self.a.run_timeout)
        if not ok:
            return {"error": why}
        head = re.search(r"^profile .*?([\d.]+) ms per run", out, re.M)
        rows = []
        for line in out.splitlines():
            cells = line.split(None, 9 if peak else 7)
            if not cells or not cells[0].isdigit():
                continue
            row = {"ms": float(cells[1]), "pct_time": float(cells[2]),
                   "macs": None if cells[3] == "-" else int(cells[3]),
                   "gflops": None if cells[4] == "-" else float(cells[4])}
            rest = cells[5:]
            if peak:
                row["pct_peak"] = None if rest[0] == "-" else float(rest[0])
                row["over_ms"] = float(rest[1])
                rest = rest[2:]
            row["op"], row["nodes"] = rest[0], rest[1] if len(rest) > 1 else "-"
            rows.append(row)
        key = (lambda r: r["over_ms"]) if peak else (lambda r: r["ms"])
        rows.sort(key=key, reverse=True)
        return {"total_ms": float(head.group(1)) if head else None, "rows": rows,
                "ranked_by": "over_ms" if peak else "ms"}

    def bench_model(self, name, batch):
        a = self.a
        base, meta = self.export(name, batch)
        onnx, x, ref = base + ".onnx", base + ".input.npy", base + ".output.npy"
        res = self.results.setdefault(name, {})[str(batch)] = {
            "mmacs": self.mmacs(onnx), "compile": {}, "time": {}, "input": x,
            "shuffles": meta.get("channel_shuffles", 0), "runs": runs_at(a, batch)}
        variants = [("riffle", [])]  # default schedule: no --schedule flag, works on any rifflec
        if a.baseline_rifflec:
            variants.append(("baseline", []))
        first_batch = batch == a.batches[0]
        # The comparisons of Riffle with itself at the first batch only (compile time).
        if first_batch and res["shuffles"] and not a.no_unfused:
            variants.append(("unfused", UNFUSED_FLAGS))
        if first_batch and name in a.auto:
            variants += [(s, [f"--schedule={s}"]) for s in a.schedules]
        if first_batch and a.profile:
            variants.append(("profile", ["--profile"]))
        for variant, flags in variants:
            res["compile"][variant] = c = self.compile(name, batch, onnx, variant, flags)
            print(f"  compile {variant}: " + (f"{c['seconds']:.1f} s" if not c["error"]
                                              else f"failed: {c['error']}"), flush=True)

        outdir = os.path.join(a.work, name, f"b{batch}", "out")
        os.makedirs(outdir, exist_ok=True)
        runs = str(res["runs"])
        # Each round times Riffle's runner, right after it the baseline build (the
        # pair is that comparison), ORT, PyTorch, then Riffle's variants, each
        # with the same number of runs; the rounds alternate so that drift of a
        # shared machine hits every figure alike, and the table takes medians
        # over the rounds.
        jobs = [("riffle", "riffle")] + [(v, v) for v, _ in variants if v == "baseline"]
        jobs += [("ort", None)] + ([] if a.no_torch else [("torch", None)])
        jobs += [(v, v) for v, _ in variants[1:] if v not in ("baseline", "profile")]
        for t in a.threads:
            times = res["time"].setdefault(str(t), {})
            for rnd in range(a.rounds):
                for peer, variant in jobs:
                    out = os.path.join(outdir, f"{peer.replace(':', '_')}.t{t}.npy")
                    if variant is not None:
                        c = res["compile"][variant]
                        if c["error"]:
                            continue
                        cmd = [c["runner"], "--input", x, "--output", out, "--bench", runs,
                               "--threads", str(t)]
                    elif peer == "ort":
                        cmd = ["node", os.path.join(HERE, "ort_bench.js"), "--ort-dir", a.ort_dir,
                               "--model", onnx, "--input", x, "--output", out, "--threads",
                               str(t), "--runs", runs, "--warmup", str(a.warmup)]
                    else:
                        cmd = ["/usr/bin/python3", os.path.join(HERE, "torch_bench.py"),
                               "--model", name, "--input", x, "--output", out, "--threads",
                               str(t), "--runs", runs, "--warmup", str(a.warmup)]
                    r = self.time_peer(peer, cmd, out, ref)
                    times.setdefault(peer, []).append(r)
                    if peer == "baseline" and "error" not in r:
                        new_out = os.path.join(outdir, f"riffle.t{t}.npy")
                        if os.path.exists(new_out) and os.path.exists(out):
                            diff = float(np.max(np.abs(np.load(new_out) - np.load(out))))
                            res.setdefault("baseline_diff", {})[str(t)] = f"{diff:.2g}"
                    print(f"  b{batch} {t}T r{rnd + 1} {peer:<18} " + (
                        f"{r['median_ms']:9.3f} ms median, {r['min_ms']:9.3f} min  "
                        f"{'ok' if r['ok'] else 'MISMATCH'} ({r['check']})"
                        if "error" not in r else f"failed: {r['error']}"), flush=True)
            if "profile" in res["compile"]:
                p = res.setdefault("profile", {})[str(t)] = self.profile(name, res, t)
                if "error" in p:
                    print(f"  b{batch} {t}T profile failed: {p['error']}", flush=True)
                else:
                    print(f"  b{batch} {t}T profile: {len(p['rows'])} rows, "
                          f"{fmt(p['total_ms'], 3)} ms per run", flush=True)

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
        os.makedirs(a.work, exist_ok=True)
        started = time.perf_counter()
        # 1 and 2 threads always (the design's figures), plus any other count asked for
        peak, isa = measure_peak(a.work, sorted(set([1, 2] + a.threads)))
        self.info = machine_info(a, peak, isa)
        print("peak FP32: " + ", ".join(f"{t} thread(s) {g:.1f} GFLOP/s" for t, g in peak.items())
              + f" ({isa}); ORT {self.info['ort']}, PyTorch {self.info['torch']}", flush=True)
        for i, name in enumerate(a.models):
            for batch in a.batches:
                print(f"[{i + 1}/{len(a.models)}] {name} batch {batch}", flush=True)
                try:
                    self.bench_model(name, batch)
                except Exception as e:  # one broken model must not end the run
                    print(f"  failed: {e}", flush=True)
                    self.results.setdefault(name, {})[str(batch)] = {"error": str(e)[:300]}
                self.write()
        # Measure the peak again at the end and keep the better figure per thread count:
        # one measurement on a busy machine can land in someone else's burst.
        again, _ = measure_peak(a.work, sorted(peak))
        self.info["peak_gflops"] = {t: max(g, again.get(t, 0)) for t, g in peak.items()}
        self.info["wall_minutes"] = (time.perf_counter() - started) / 60
        print(self.write())
        print("peak FP32 (best of start and end): " + ", ".join(
            f"{t} thread(s) {g:.1f} GFLOP/s" for t, g in self.info["peak_gflops"].items()))
        print(f"bench wall time: {self.info['wall_minutes']:.1f} min")


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


def summary(rounds):
    """A peer's rounds as one cell: the median of its per-round medians (all rounds
    correct), else the first failure or mismatch."""
    if not rounds:
        return None
    for r in rounds:
        if "error" in r or not r["ok"]:
            return r
    return {"median_ms": median([r["median_ms"] for r in rounds]),
            "min_ms": min(r["min_ms"] for r in rounds), "ok": True, "check": rounds[0]["check"]}


def ratio(num, den):
    """(median, min, max) of the per-round ratios num/den over the rounds where both
    are correct; None when there is no such round."""
    xs = [n["median_ms"] / d["median_ms"] for n, d in zip(num or [], den or [])
          if good(n) and good(d)]
    return (median(xs), min(xs), max(xs)) if xs else None


def ratio_cell(rt, digits=2):
    if rt is None:
        return "—"
    return f"{rt[0]:.{digits}f} ({rt[1]:.{digits}f}–{rt[2]:.{digits}f})"


def geomean(xs):
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else None


def batches_of(results):
    return sorted({int(b) for per in results.values() for b in per})


def render(info, results, a):
    peak = {int(t): g for t, g in info.get("peak_gflops", {}).items()}
    L = ["# Riffle benchmark results", "",
         f"- date: {info.get('date')}",
         f"- command: `{info.get('command')}`",
         f"- machine: {info.get('cpu')}, {info.get('cores')} cores; measured FP32 peak "
         f"(bench/peak.c, {info.get('peak_isa')}): "
         + ", ".join(f"{g:.1f} GFLOP/s at {t} thread{'s' if t > 1 else ''}" for t, g in peak.items()),
         f"- Halide target: `{info.get('halide_target')}`",
         f"- peers: ONNX Runtime {info.get('ort')} (onnxruntime-node, node {info.get('node')}, "
         f"CPU EP, graph optimization 'all', sequential)"
         + ("" if a.no_torch else f", PyTorch {info.get('torch')} (eager, no_grad)"),
         f"- input 224x224 (networks); {a.rounds} rounds per model, batch and thread count, each "
         f"timing every peer in turn with the same number of runs ({a.runs} at batch 1, "
         f"max(10, 2*{a.runs}/B) at batch B) after warm-up; ms columns: the median over the rounds "
         f"of each round's median; ratios: the median of the per-round ratios, (min–max) over "
         f"the rounds; < 1 means Riffle is faster; outputs checked against PyTorch's reference "
         f"(max|diff| <= 1e-5 + 1e-3 max|ref|), **WRONG** marks a mismatch"]
    if info.get("wall_minutes"):
        L.append(f"- wall time of the run: {info['wall_minutes']:.0f} min")
    L.append("")
    notes = []
    batches = batches_of(results)
    peer_names = [("Riffle", "riffle"), ("ORT", "ort")] + ([] if a.no_torch else [("PyTorch", "torch")])
    for t in a.threads:
        L += [f"## {t} thread{'s' if t > 1 else ''}", "",
              "| model | batch | MMACs | compile s | Riffle ms | ORT ms |"
              + ("" if a.no_torch else " PyTorch ms |")
              + " Riffle/ORT (min–max) | GFLOP/s | % of peak |",
              "|---|---:|---:|---:|---:|---:|" + ("" if a.no_torch else "---:|") + "---:|---:|---:|"]
        ratios = {b: [] for b in batches}
        for name, per in results.items():
            for b, res in sorted(per.items(), key=lambda kv: int(kv[0])):
                if "error" in res:
                    L.append(f"| {name} | {b} | failed: {res['error'].replace('|', '/')[:120]} |"
                             + " — |" * (6 if a.no_torch else 7))
                    continue
                c = res["compile"]["riffle"]
                tm = res["time"].get(str(t), {})
                cells = {peer: summary(tm.get(peer)) for _, peer in peer_names}
                if c["error"]:
                    cells["riffle"] = {"error": "compile: " + c["error"]}
                rt = ratio(tm.get("riffle"), tm.get("ort"))
                if rt:
                    ratios[int(b)].append(rt[0])
                rf = cells["riffle"]
                gflops = 2 * res["mmacs"] * 1e6 / (rf["median_ms"] * 1e-3) / 1e9 \
                    if good(rf) and res["mmacs"] else None
                pct = 100 * gflops / peak[t] if gflops and peak.get(t) else None
                L.append(f"| {name} | {b} | {fmt(res['mmacs'], 1)} "
                         f"| {fmt(None if c['error'] else c['seconds'], 1)} | "
                         + " | ".join(ms_cell(cells[peer]) for _, peer in peer_names)
                         + f" | {ratio_cell(rt)} | {fmt(gflops, 1)} | {fmt(pct, 1)} |")
                for label, peer in peer_names:
                    for i, r in enumerate(tm.get(peer) or []):
                        if "error" not in r and not r["ok"]:
                            notes.append(f"- {name}, batch {b}, {label}, {t} thread(s), round "
                                         f"{i + 1}: output mismatch, {r['check']}")
        L.append("")
        for b in batches:
            L.append(f"Geometric mean of the median Riffle/ORT ratios at batch {b} over "
                     f"{len(ratios[b])} model(s): **{fmt(geomean(ratios[b]))}**  ")
        L.append("")

    shuffle = [(n, b, r) for n, per in results.items() for b, r in per.items()
               if "unfused" in r.get("compile", {})]
    if shuffle:
        L += ["## Channel-shuffle fusion", "",
              f"Same model compiled again with `{' '.join(UNFUSED_FLAGS)}`: no shuffle fusion, and "
              "every channel shuffle computed as a copy of its own (as ONNX Runtime and PyTorch "
              "run it), timed in the same rounds; fused/unfused < 1 means the fusion pays off.", "",
              "| model | batch | threads | fused ms | unfused ms | fused/unfused (min–max) |",
              "|---|---:|---:|---:|---:|---:|"]
        for name, b, res in shuffle:
            for t in a.threads:
                tm = res["time"].get(str(t), {})
                f, u = summary(tm.get("riffle")), summary(tm.get("unfused"))
                if res["compile"]["unfused"]["error"]:
                    u = {"error": "compile: " + res["compile"]["unfused"]["error"]}
                rt = ratio(tm.get("riffle"), tm.get("unfused"))
                L.append(f"| {name} | {b} | {t} | {ms_cell(f)} | {ms_cell(u)} | {ratio_cell(rt)} |")
        L.append("")

    based = [(n, b, r) for n, per in results.items() for b, r in per.items()
             if "baseline" in r.get("compile", {})]
    if based:
        L += ["## Against a baseline build", "",
              f"Each model compiled again with `{a.baseline_rifflec}` and timed right after "
              "Riffle's runner in every round; new/baseline > 1 means the new build is slower. "
              "Outputs: max|new - baseline|.", "",
              "| model | batch | threads | new ms | baseline ms | new/baseline (min–max) "
              "| compile s new / baseline | outputs |", "|---|---:|---:|---:|---:|---:|---:|---|"]
        for name, b, res in based:
            cn, cb = res["compile"]["riffle"], res["compile"]["baseline"]
            for t in a.threads:
                tm = res["time"].get(str(t), {})
                n, bl = summary(tm.get("riffle")), summary(tm.get("baseline"))
                if cb["error"]:
                    bl = {"error": "compile: " + cb["error"]}
                rt = ratio(tm.get("riffle"), tm.get("baseline"))
                L.append(f"| {name} | {b} | {t} | {ms_cell(n)} | {ms_cell(bl)} | {ratio_cell(rt, 3)} "
                         f"| {fmt(cn['seconds'], 1)} / {fmt(cb['seconds'], 1)} "
                         f"| {res.get('baseline_diff', {}).get(str(t), '—')} |")
        L.append("")

    auto = [(n, b, r) for n, per in results.items() for b, r in per.items()
            if any(v.startswith("auto:") for v in r.get("compile", {}))]
    if auto:
        head = "".join(f" {t}T ms | Riffle/auto {t}T |" for t in a.threads)
        L += ["## Halide autoschedulers", "",
              "Same model compiled with `--schedule=auto:...` instead of Riffle's own schedules, "
              "timed in the same rounds; Riffle/auto < 1 means Riffle's schedule is faster.", "",
              "| model | batch | schedule | compile s |" + head,
              "|---|---:|---|---:|" + "---:|---:|" * len(a.threads)]
        for name, b, res in auto:
            for v, c in res["compile"].items():
                if not v.startswith("auto:"):
                    continue
                if c["error"]:
                    L.append(f"| {name} | {b} | {v} | failed: {c['error'].replace('|', '/')[:120]} |"
                             + " — | — |" * len(a.threads))
                    continue
                cells = ""
                for t in a.threads:
                    tm = res["time"].get(str(t), {})
                    rt = ratio(tm.get("riffle"), tm.get(v))
                    cells += f" {ms_cell(summary(tm.get(v)))} | {ratio_cell(rt)} |"
                L.append(f"| {name} | {b} | {v} | {c['seconds']:.1f} |" + cells)
        L.append("")

    profiled = [(n, b, r) for n, per in results.items() for b, r in per.items() if r.get("profile")]
    if profiled:
        L += ["## Per-layer profile", "",
              f"The {PROFILE_TOP} layers furthest from the machine's peak per network and thread "
              "count: `NAME_run --profile` of a runner built with `rifflec --emit=runner --profile` "
              "(Halide's sampling profiler, about one sample per ms), ranked by the time a layer "
              "takes beyond what its MACs need at the measured FP32 peak (`over ms`). A layer is "
              "an op after Riffle's passes, named by the ONNX node(s) its location carries (as "
              "`rifflec --report` names it); `(name)` rows are Halide Funcs of no op (a padded "
              "input, a result's copy, the runtime's malloc/free). Sampling adds overhead: "
              "`total ms` is the profiled run's time, above the table's.", ""]
        for name, b, res in profiled:
            for t, p in sorted(res["profile"].items(), key=lambda kv: int(kv[0])):
                L.append(f"### {name}, batch {b}, {t} thread{'s' if int(t) > 1 else ''}")
                L.append("")
                if "error" in p:
                    L += [f"failed: {p['error']}", ""]
                    continue
                L += [f"total {fmt(p['total_ms'], 3)} ms per profiled run", "",
                      "| # | layer (ONNX nodes) | op | ms | % time | MACs | GFLOP/s | % of peak "
                      "| over ms |", "|---:|---|---|---:|---:|---:|---:|---:|---:|"]
                for i, row in enumerate(p["rows"][:PROFILE_TOP]):
                    L.append(f"| {i + 1} | {row['nodes'].replace('|', '/')} | {row['op']} "
                             f"| {row['ms']:.3f} | {row['pct_time']:.1f} "
                             f"| {'—' if row['macs'] is None else row['macs']} "
                             f"| {fmt(row['gflops'], 1)} | {fmt(row.get('pct_peak'), 1)} "
                             f"| {fmt(row.get('over_ms'), 3)} |")
                L.append("")
    if notes:
        L += ["## Output mismatches", ""] + notes + [""]
    return "\n".join(L)


if __name__ == "__main__":
    Bench(parse_args()).main()
