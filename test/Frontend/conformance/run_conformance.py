"""ONNX's conformance cases (Debian's libonnx-testdata) through Riffle.

    /usr/bin/python3 run_conformance.py --tools DIR --work DIR
        [--data DIR] [--runner-sample N | --runner-all] [--seed S]
        [--refusals FILE] [--jobs N] [--only SUBSTRING ...]

Every case DATA/{node,pytorch-converted,pytorch-operator,simple}/CASE/
(model.onnx, test_data_set_0/{input,output}_N.pb) goes through

    rifflec model.onnx --emit=mlir-opt --keep-weights -o case.mlir
    riffle-interp case.mlir --input in_0.npy ... --output out_0.npy ...

and ends as one of
    passed   rifflec exit 0 and every output matches ONNX's expected one:
             same shape, finite, max|out - ref| <= 1e-5 + 1e-3 * max|ref|
    refused  rifflec exit 1 with an `error:` line on stderr
    FAILED   anything else: a wrong answer, a signal, another exit code, no
             `error:` line, a time-out, or riffle-interp failing on IR that
             rifflec produced
A refused case whose ops are all ones Riffle imports ("supported-op case";
the list of supported ops comes from rifflec's own unsupported-op message)
must be explained by --refusals: a file of reasons, each a regular
expression its error message must match plus why Riffle refuses such
models. Every reason must explain at least one case (a stale one fails too),
so the file stays short and true.

Then a seeded sample of the passed cases (--runner-sample N, or every one
with --runner-all) is compiled with `rifflec --emit=runner` and its NAME_run
executable run on the same inputs; its outputs must match too.

Prints one line per FAILED case and per runner failure, then
    conformance: N cases: P passed, R refused (S supported-op), F failed
    conformance runner: K compiled and run, K ok, 0 failed
and exits 1 if anything failed.
"""

import argparse
import concurrent.futures
import glob
import os
import random
import re
import shutil
import subprocess
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

SUITES = ("node", "pytorch-converted", "pytorch-operator", "simple")

COMPILE_TIMEOUT = 120
RUN_TIMEOUT = 120


class CaseFailure(Exception):
    pass


def run(cmd, timeout):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, errors="replace", timeout=timeout)
    except subprocess.TimeoutExpired:
        raise CaseFailure(f"{os.path.basename(cmd[0])} timed out after {timeout} s")


def describe_exit(r):
    if r.returncode < 0:
        return f"killed by signal {-r.returncode}"
    return f"exit {r.returncode}"


def first_error(stderr):
    for line in stderr.splitlines():
        if "error:" in line:
            return line.strip()
    return None


def supported_ops(tools, work):
    """The ops rifflec imports, read from its own message for an unsupported op."""
    # An ONNX op that no CNN needs (the checker rejects unknown ones).
    node = helper.make_node("Tan", ["x"], ["y"], name="probe")
    graph = helper.make_graph(
        [node], "probe",
        [helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [1])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    path = os.path.join(work, "probe.onnx")
    onnx.save(model, path)
    r = run([os.path.join(tools, "rifflec"), path, "--emit=mlir"], COMPILE_TIMEOUT)
    match = re.search(r"supported ops: (.*)$", r.stderr, re.M)
    if r.returncode != 1 or not match:
        raise SystemExit(f"error: rifflec did not list its supported ops:\n{r.stderr}")
    return {op.strip() for op in match.group(1).split(",")}


def load_case(case_dir):
    """(model, [input arrays], [expected output arrays])."""
    model = onnx.load(os.path.join(case_dir, "model.onnx"))
    data = os.path.join(case_dir, "test_data_set_0")

    def read(kind):
        arrays, i = [], 0
        while os.path.exists(os.path.join(data, f"{kind}_{i}.pb")):
            tensor = onnx.TensorProto()
            with open(os.path.join(data, f"{kind}_{i}.pb"), "rb") as f:
                tensor.ParseFromString(f.read())
            try:
                arrays.append(numpy_helper.to_array(tensor))
            except Exception:  # sequences, optionals: not a plain tensor
                arrays.append(None)
            i += 1
        return arrays

    return model, read("input"), read("output")


def write_inputs(inputs, folder):
    paths = []
    for i, array in enumerate(inputs):
        path = os.path.join(folder, f"in_{i}.npy")
        if array is None:
            raise CaseFailure(f"input {i} is not a plain tensor, yet rifflec accepted the model")
        # (np.asarray: ascontiguousarray would make a 0-D scalar 1-D)
        np.save(path, np.asarray(array, dtype=np.float32))
        paths.append(path)
    return paths


def compare(paths, expected, who):
    if len(paths) != len(expected):
        raise CaseFailure(f"{who}: {len(paths)} outputs, ONNX expects {len(expected)}")
    for i, (path, ref) in enumerate(zip(paths, expected)):
        if not os.path.exists(path):
            raise CaseFailure(f"{who} wrote no output {i}")
        out = np.load(path)
        if ref is None or ref.dtype.kind not in "fiub":
            raise CaseFailure(f"{who}: expected output {i} is not a numeric tensor")
        if out.shape != ref.shape:
            raise CaseFailure(f"{who}: output {i} has shape {out.shape}, ONNX expects {ref.shape}")
        if out.size == 0:
            continue
        ref64, out64 = ref.astype(np.float64), out.astype(np.float64)
        if not np.all(np.isfinite(out64) == np.isfinite(ref64)):
            raise CaseFailure(f"{who}: output {i} is not finite where ONNX's is")
        finite = np.isfinite(ref64)
        if np.any(out64[~finite] != ref64[~finite]):
            raise CaseFailure(f"{who}: output {i} differs in its infinities")
        if not finite.any():
            continue
        diff = float(np.abs(out64 - ref64)[finite].max())
        ref_max = float(np.abs(ref64[finite]).max())
        tol = 1e-5 + 1e-3 * ref_max
        if not diff <= tol:
            raise CaseFailure(f"{who}: output {i} differs from ONNX's expected one: "
                              f"max_abs_diff={diff:.3g} > tol={tol:.3g}")


def run_and_compare(cmd, inputs, expected, folder, who):
    """Runs `cmd --input .. --output ..` (riffle-interp or a runner) on the
    case's inputs and compares its outputs with ONNX's."""
    in_paths = write_inputs(inputs, folder)
    out_paths = [os.path.join(folder, f"{who}_{i}.npy") for i in range(len(expected))]
    cmd = list(cmd)
    for p in in_paths:
        cmd += ["--input", p]
    for p in out_paths:
        cmd += ["--output", p]
    r = run(cmd, RUN_TIMEOUT)
    if r.returncode != 0:
        raise CaseFailure(f"{who} {describe_exit(r)}:\n" + (r.stdout + r.stderr)[-2000:])
    compare(out_paths, expected, who)


def interpret_case(name, case_dir, args, ops_supported):
    """Returns (status, detail, ops_all_supported)."""
    folder = os.path.join(args.work, name.replace("/", "__"))
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    try:
        model, inputs, expected = load_case(case_dir)
    except Exception as e:
        return "FAILED", f"cannot read the case: {type(e).__name__}: {e}", False
    ops = {n.op_type for n in model.graph.node}
    all_supported = ops <= ops_supported and all(
        n.domain in ("", "ai.onnx") for n in model.graph.node)
    mlir = os.path.join(folder, "case.mlir")
    try:
        r = run([os.path.join(args.tools, "rifflec"), os.path.join(case_dir, "model.onnx"),
                 "--emit=mlir-opt", "--keep-weights", "-o", mlir], COMPILE_TIMEOUT)
        if r.returncode != 0:
            error = first_error(r.stderr)
            if r.returncode == 1 and error:
                if os.path.exists(mlir) and os.path.getsize(mlir) > 0:
                    raise CaseFailure(f"rifflec failed but left output: {error}")
                shutil.rmtree(folder, ignore_errors=True)
                return "refused", error, all_supported
            raise CaseFailure(f"rifflec {describe_exit(r)} without a clear error:\n"
                              + r.stderr[-2000:])
        run_and_compare([os.path.join(args.tools, "riffle-interp"), mlir], inputs, expected,
                        folder, "riffle-interp")
    except CaseFailure as f:
        return "FAILED", str(f), all_supported
    return "passed", "", all_supported


def runner_case(name, case_dir, args):
    folder = os.path.join(args.work, name.replace("/", "__"))
    _, inputs, expected = load_case(case_dir)
    out_dir = os.path.join(folder, "runner")
    try:
        r = run([os.path.join(args.tools, "rifflec"), os.path.join(case_dir, "model.onnx"),
                 "--emit=runner", "-o", out_dir, "--name", "m"], COMPILE_TIMEOUT)
        if r.returncode != 0:
            raise CaseFailure(f"rifflec --emit=runner {describe_exit(r)}:\n" + r.stderr[-2000:])
        run_and_compare([os.path.join(out_dir, "m_run")], inputs, expected, folder, "runner")
    except CaseFailure as f:
        return str(f)
    shutil.rmtree(folder, ignore_errors=True)
    return None


def read_refusals(path):
    """[(compiled regex, reason)] from lines `REGEX  # reason` (two spaces
    before the #; blank lines and lines starting with # are skipped)."""
    reasons = []
    if not path:
        return reasons
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            pattern, _, reason = text.partition("  # ")
            if not reason.strip():
                raise SystemExit(f"error: {path}:{number}: '{pattern}' has no reason")
            reasons.append((re.compile(pattern.strip()), reason.strip()))
    return reasons


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tools", required=True, help="folder with rifflec and riffle-interp")
    p.add_argument("--work", required=True, help="scratch folder")
    p.add_argument("--data", default="/usr/share/libonnx-testdata/data")
    p.add_argument("--refusals", help="why supported-op cases may be refused (see above)")
    p.add_argument("--runner-sample", type=int, default=0, metavar="N",
                   help="compile runners for N passed cases drawn with --seed")
    p.add_argument("--runner-all", action="store_true", help="compile runners for every passed case")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--only", action="append", default=[], metavar="SUBSTRING",
                   help="run only cases whose name contains SUBSTRING (repeatable)")
    p.add_argument("--verbose", action="store_true", help="one line for every case")
    args = p.parse_args()

    cases = []
    for suite in SUITES:
        for model in sorted(glob.glob(os.path.join(args.data, suite, "*", "model.onnx"))):
            case_dir = os.path.dirname(model)
            name = f"{suite}/{os.path.basename(case_dir)}"
            if not args.only or any(s in name for s in args.only):
                cases.append((name, case_dir))
    if not cases:
        print(f"error: no conformance case under {args.data}", file=sys.stderr)
        return 1
    os.makedirs(args.work, exist_ok=True)
    ops_supported = supported_ops(args.tools, args.work)
    reasons = read_refusals(args.refusals)

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(
            lambda c: interpret_case(c[0], c[1], args, ops_supported), cases))

    counts = {"passed": 0, "refused": 0, "FAILED": 0}
    supported_refused = 0
    explained = [0] * len(reasons)
    passed = []
    problems = 0
    for (name, case_dir), (status, detail, all_supported) in zip(cases, results):
        if status == "refused" and all_supported:
            supported_refused += 1
            matches = [i for i, (regex, _) in enumerate(reasons) if regex.search(detail)]
            for i in matches:
                explained[i] += 1
            if not matches:
                status, detail = "FAILED", ("supported-op case refused for a reason "
                                            f"--refusals does not give: {detail}")
        counts[status] += 1
        if status == "passed":
            passed.append((name, case_dir))
        if status == "FAILED":
            problems += 1
            print(f"FAILED {name}: {detail}", flush=True)
        elif args.verbose:
            print(f"{status} {name}" + (f": {detail}" if detail else ""), flush=True)
    for (regex, reason), count in zip(reasons, explained):
        if args.verbose or (count == 0 and not args.only):
            print(f"refusal reason '{regex.pattern}': {count} supported-op cases", flush=True)
        if count == 0 and not args.only:
            problems += 1
            counts["FAILED"] += 1
            print(f"FAILED --refusals reason '{regex.pattern}' explains no case (stale)",
                  flush=True)
    print(f"conformance: {len(cases)} cases: {counts['passed']} passed, {counts['refused']} "
          f"refused ({supported_refused} supported-op), {counts['FAILED']} failed", flush=True)

    if args.runner_all:
        chosen = passed
    else:
        chosen = random.Random(args.seed).sample(passed,
                                                 min(args.runner_sample, len(passed)))
        chosen.sort()
    if chosen:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            failures = list(pool.map(lambda c: runner_case(c[0], c[1], args), chosen))
        bad = 0
        for (name, _), failure in zip(chosen, failures):
            if failure:
                bad += 1
                print(f"FAILED runner {name}: {failure}", flush=True)
            elif args.verbose:
                print(f"runner ok {name}", flush=True)
        problems += bad
        print(f"conformance runner: {len(chosen)} compiled and run, {len(chosen) - bad} ok, "
              f"{bad} failed", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
