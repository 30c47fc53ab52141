"""Exports every variant of frontends/pytorch/riffle_zoo/variants.py in a
matrix of configurations (opsets 11..17, BN folded by torch or kept, batch
1..3, square, non-square and odd input sizes, symbolic dimensions fixed with
rifflec --input-shape; the random_graph_* variants twice) and checks each
with Riffle:

  1. `rifflec M.onnx --emit=mlir --keep-weights` succeeds, or fails with
     exit status 1 and an `error:` line naming the node/op (never a signal);
  2. `rifflec M.onnx --emit=mlir-opt --keep-weights` (default pipeline)
     succeeds;
  3. riffle-interp on both IRs matches PyTorch's output(s)
     (max |diff| <= 1e-5 + 1e-3 * max |ref|, riffle-interp's --compare rule)
     and the two IRs agree with each other;
  4. after the pipeline no riffle.channel_shuffle, batch_norm, concat, slice
     or split is left;
  5. with --codegen, Riffle's scheduled Halide code (riffle-halide-run, JIT)
     matches PyTorch's output(s); with --codegen-target T, a runner compiled
     for T (e.g. host-opencl, run in its own process) does.

One line per case, then `variants: N of N ok`. Cases in EXPECTED_REJECTIONS
must fail step 1 with a matching message ("rejected as expected"); cases in
KNOWN_FAILURES are compiler bugs not fixed yet: they print `known failure`
(and do not fail the run) while they fail, and FAILED once they pass, so the
mark is removed together with the fix.

usage: check_variants.py TOOLS_DIR WORK_DIR --src-root SRC [--only TAG ...] [-j N]
           [--codegen] [--codegen-target T]
"""
import argparse
import concurrent.futures
import pathlib
import re
import subprocess
import sys
import time

import numpy as np

FORBIDDEN = ["channel_shuffle", "batch_norm", "concat", "slice", "split"]

# A case is (tag, variant, export options); height/width None means the
# variant's default. dynamic="batch"/"all" exports symbolic dimensions, and
# rifflec gets the shape with --input-shape.
DEFAULT = dict(batch=1, height=None, width=None, opset=13, keep_bn=False, dynamic="none")


def case(variant, tag_suffix="", **overrides):
    config = dict(DEFAULT, **overrides)
    return (variant + tag_suffix, variant, config)


def build_cases(variant_names):
    cases = [case(v) for v in variant_names]  # every variant at its defaults
    # The random graphs also at batch 2, other opsets and with BN kept.
    for i, v in enumerate(n for n in variant_names if n.startswith("random_graph_")):
        cases.append(case(v, "_alt", batch=1 + i % 3, opset=(11, 12, 14, 15, 16, 17)[i % 6],
                          keep_bn=i % 2 == 0))
    extra = [
        # BN kept (TrainingMode.PRESERVE): riffle-fold-batch-norm must fold it.
        case("shuffle_view_transpose", "_keepbn", keep_bn=True),
        case("shuffle_channelwise_only", "_keepbn", keep_bn=True),
        case("shuffle_at_output", "_keepbn", keep_bn=True),
        case("shuffle_dense_at_output", "_keepbn", keep_bn=True),
        case("v1_unit_bn_g4", "_keepbn", keep_bn=True),
        case("v1_stage", "_keepbn_b2", keep_bn=True, batch=2),
        case("v2_unit_chunk", "_keepbn_op11", keep_bn=True, opset=11),
        case("v2_unit_slice", "_keepbn_op17", keep_bn=True, opset=17),
        case("v2_stage", "_keepbn_b3_odd", keep_bn=True, batch=3, height=17, width=11),
        case("mobilenet_v2_relu", "_keepbn_b2", keep_bn=True, batch=2, height=40, width=24),
        case("mobilenet_v3_se_block", "_keepbn", keep_bn=True),
        case("resnext_block", "_keepbn_b2", keep_bn=True, batch=2),
        case("darknet_stage", "_keepbn_op17", keep_bn=True, opset=17),
        # Other opsets.
        case("shuffle_reshape_permute_neg1", "_op11", opset=11),
        case("shuffle_transpose_flatten", "_op17", opset=17),
        case("shuffle_cg_view_transpose", "_op11", opset=11),
        case("shuffle_hw_flat", "_op17", opset=17),
        case("v2_unit_split", "_op11", opset=11),
        case("v2_unit_split", "_op17", opset=17),
        case("v2_unit_narrow", "_op11", opset=11),
        case("v1_unit_s2_bias_nobn", "_op11", opset=11),
        case("mobilenet_v3_se_block", "_op14", opset=14),  # HardSwish node from 14
        case("mobilenet_v3_se_block_s2", "_op17", opset=17),
        case("hardswish_spellings", "_op14", opset=14),
        case("hardswish_spellings", "_op11", opset=11),
        case("squeezenet_fire", "_op11", opset=11),
        case("squeezenet_fire", "_op17", opset=17),
        case("pools_ceil", "_op11", opset=11),
        case("pools_ceil", "_op17", opset=17),
        case("darknet_block", "_op11", opset=11),
        case("two_outputs", "_op17", opset=17),
        case("inverted_residual_relu6", "_op11", opset=11),
        # Batch > 1 and non-square / odd sizes.
        case("shuffle_view_transpose", "_b2", batch=2),
        case("shuffle_batch_neg1", "_b3", batch=3),
        case("shuffle_transpose_flatten", "_b3_odd", batch=3, height=13, width=7),
        case("shuffle_stack2", "_b2", batch=2),
        case("shuffle_on_input", "_b2_96x160", batch=2, height=96, width=160),
        case("shuffle_input_to_output", "_b3", batch=3),
        case("v1_unit_s2_bias_nobn", "_b2_odd", batch=2, height=9, width=15),
        case("v2_unit_s2_bias_nobn", "_b3_odd", batch=3, height=65, width=47),
        case("v2_unit_split_bias_nobn", "_b2", batch=2),
        case("add_two_shuffles", "_b2", batch=2),
        case("two_outputs_v2_halves", "_b3", batch=3),
        case("two_inputs_concat_shuffle", "_b2", batch=2),
        case("squeezenet_fire", "_b2_odd", batch=2, height=31, width=64),
        case("pools_ceil", "_b3_odd", batch=3, height=10, width=17),
        case("resnext_block_s2", "_b3", batch=3),
        case("darknet_block", "_b2", batch=2),
        case("v2_unit_strided_halves", "_b2_op11", batch=2, opset=11),
        case("split_unequal_negative_axis", "_op11", opset=11),
        case("split_unequal_negative_axis", "_op17_b2", opset=17, batch=2),
        case("slice_negative_bounds", "_op11", opset=11),
        case("conv_relu_bn", "_keepbn", keep_bn=True),
        case("conv_relu_bn", "_keepbn_op15", keep_bn=True, opset=15),
        case("bn_input_and_concat", "_keepbn", keep_bn=True),
        case("bn_input_and_concat", "_keepbn_op12_b2", keep_bn=True, opset=12, batch=2),
        case("conv_shapes", "_op11_b2", opset=11, batch=2),
        case("zero_pad_conv", "_keepbn_op11", keep_bn=True, opset=11),
        case("maxpool_ceil_pad", "_12x9", height=12, width=9),
        case("avgpool_ceil_pad", "_op11", opset=11),
        case("avgpool_ceil_pad", "_11x13", height=11, width=13),
        case("clip_spellings", "_op11", opset=11),
        case("clip_spellings", "_op12", opset=12),
        case("softmax_head", "_op11_b3", opset=11, batch=3),
        case("softmax_head", "_op16", opset=16),
        case("two_outputs_same_tensor", "_op11", opset=11),
        case("two_inputs_scale", "_b2", batch=2),
        case("darknet_add_leaky", "_keepbn_op16", keep_bn=True, opset=16),
        case("mobilenet_v3_se_block", "_keepbn_op15", keep_bn=True, opset=15),
        case("v1_stage", "_keepbn_op14_odd", keep_bn=True, opset=14, height=17, width=31),
        case("v2_unit_dw_first", "_b2_op11", batch=2, opset=11),
        case("se_after_shuffle", "_op17_b2", opset=17, batch=2),
        case("shared_weights", "_keepbn_b2", keep_bn=True, batch=2),
        case("shuffle_view_transpose", "_h1", height=1, width=37),
        case("maxpool_ceil_pad", "_12x10", height=12, width=10),
        # Symbolic dimensions in the ONNX file, fixed with --input-shape.
        case("shuffle_view_transpose", "_dynbatch_b2", dynamic="batch", batch=2),
        case("shuffle_reshape_permute_neg1", "_dynall", dynamic="all", height=10, width=6),
        case("shuffle_transpose_flatten", "_dynbatch_b3", dynamic="batch", batch=3),
        case("v2_unit_chunk", "_dynbatch_b2", dynamic="batch", batch=2),
        case("v2_unit_split", "_dynall_op11", dynamic="all", opset=11, height=9, width=14),
        case("v1_unit_s2_bias_nobn", "_dynall_b2", dynamic="all", batch=2),
        case("mobilenet_v2_relu", "_dynbatch_b2", dynamic="batch", batch=2),
        case("mobilenet_v3_se_block", "_dynall_op17", dynamic="all", opset=17),
        case("squeezenet_fire", "_dynall", dynamic="all", height=40, width=29),
        case("zoo_shufflenet_v2_x0_5", "_dynbatch_b2", dynamic="batch", batch=2),
        # Whole zoo networks at odd shapes.
        case("zoo_shufflenet_v2_x0_5", "_b3_65x47_op11", batch=3, height=65, width=47, opset=11),
        case("zoo_shufflenet_v1_g8_x0_5", "_96x160_op17", height=96, width=160, opset=17),
        case("zoo_mobilenet_v3_small", "_b2_65x47_op17", batch=2, height=65, width=47,
             opset=17),
        case("zoo_mobilenet_v3_small", "_keepbn", keep_bn=True),
        case("zoo_mobilenet_v3_large", "_op14_b2", opset=14, batch=2, height=72, width=56),
        case("zoo_mobilenet_v2", "_keepbn_op11_b2", keep_bn=True, opset=11, batch=2, height=64,
             width=96),
        case("zoo_squeezenet1_1", "_op11_99x131", opset=11, height=99, width=131),
        case("zoo_shufflenet_v1_g3_x0_5", "_keepbn_op15_b2", keep_bn=True, opset=15, batch=2,
             height=80, width=112),
        case("zoo_mobilenet_v1_x0_5", "_op12_b3", opset=12, batch=3, height=65, width=47),
        case("resnext_tv_bottleneck", "_keepbn_b2", keep_bn=True, batch=2),
        case("squeezenet_tv_fire", "_op11_b3", opset=11, batch=3),
        case("concat_uneven_shuffle", "_keepbn_op11_b2", keep_bn=True, opset=11, batch=2),
        case("softmax_channels", "_op11", opset=11),
        case("softmax_channels", "_op17_b2", opset=17, batch=2),
        case("mean_one_axis_at_a_time", "_op11_b2", opset=11, batch=2),
    ]
    known = set(variant_names)
    for tag, variant, _ in extra:
        assert variant in known, variant
    return cases + extra


# Riffle rejects these on purpose (an op or a data movement it does not
# support): tag -> the message step 1 must print.
EXPECTED_REJECTIONS = {
    # x[:, perm] exports as Gather(axis=1) on the data tensor.
    "shuffle_index": r"error: node '.*' \(Gather\): data .*must be known at compile time",
    # Megvii's shuffle reshapes [N, C, H, W] to [N*C/2, 2, H*W] and transposes
    # axes 0 and 1: not the [N, g, C/g, ...] pattern.
    "v2_unit_megvii": r"error: node '.*' \(Transpose\): transposes \[24, 2, 240\] with perm "
                      r"\[1, 0, 2\]; Riffle supports transposes only inside a channel shuffle",
    # Resize (nearest upsampling) is not among Riffle's ops.
    "unsupported_upsample": r"error: node '.*' \(Resize\): unsupported op 'Resize'",
    # Sub only with a constant right operand (x + (-c)).
    "unsupported_sub_tensors": r"error: node '.*' \(Sub\): Sub is supported only with a "
                               r"constant float right operand",
    # Opset < 13 exports softmax over channels as Transpose, Softmax(last), Transpose.
    "softmax_channels_op11": r"error: node '.*' \(Transpose\): transposes \[1, 16, 6, 10\] "
                             r"with perm \[0, 3, 2, 1\]",
    # ReduceMean over one spatial axis.
    # A shuffle done in NHWC: Transpose [0, 2, 3, 1] of the feature map.
    "shuffle_nhwc": r"error: node '.*' \(Transpose\): transposes \[1, 24, 12, 20\] with perm "
                    r"\[0, 2, 3, 1\]; Riffle supports transposes only inside a channel shuffle",
    "mean_one_axis_at_a_time": r"error: node '.*' \(ReduceMean\): only the mean over H and W "
                               r"of a 4-D tensor \(axes \[2, 3\]\) is supported; got axes \[3\]",
    "mean_one_axis_at_a_time_op11_b2": r"error: node '.*' \(ReduceMean\): only the mean over "
                                       r"H and W of a 4-D tensor",
    # MaxPool k2 s2 p1 ceil_mode where the last window starts in the padding:
    # PyTorch drops that window (11 -> 6), ONNX 1.12's shape inference (and
    # torch.onnx's own declared output shape) keeps it (11 -> 7). Riffle
    # computes PyTorch's shape and refuses the disagreement; a clearer
    # message would name ceil_mode (see the report).
    "maxpool_ceil_pad": r"error: node '.*' \(MaxPool\): Riffle computes shape \[1, 8, 6, 6\] "
                        r"for 'output' but ONNX shape inference says \[1, 8, 7, 7\]",
    "maxpool_ceil_pad_12x9": r"error: node '.*' \(MaxPool\): Riffle computes shape "
                             r"\[1, 8, 7, 5\] for 'output' but ONNX shape inference says "
                             r"\[1, 8, 7, 6\]",
}

# Ops a variant legitimately keeps after the pipeline (e.g. a spatial crop is
# a real slice along H/W, not a channel copy): variant -> ops allowed.
ALLOWED_LEFT = {
    "spatial_crop": ["slice"],
}

# Compiler bugs found by this test and not fixed yet. BUGS: id -> what goes
# wrong; KNOWN_FAILURES: tag -> bug id. Remove the entries together with the
# fix (an entry whose case passes is reported FAILED). The four bugs it found
# first (stack/cat shuffles left as a copy, rank-1 constants taken as
# per-channel, backwards constant slices, clip(0, inf) text round trip) are
# fixed and have regression tests of their own.
BUGS = {}
KNOWN_FAILURES = {}


class Failure(Exception):
    pass


def run(cmd, timeout=300):  # generous: PoCL compiles its kernels on first run, slow on a loaded machine
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True,
                          timeout=timeout)


def first_error(stderr):
    for line in stderr.splitlines():
        if "error:" in line:
            return line.strip()
    return stderr.strip().splitlines()[-1] if stderr.strip() else "(no message)"


def check_codegen(tools, work, tag, meta, ir_path):
    """Riffle's scheduled Halide pipeline (JIT) on the optimized IR against
    PyTorch's outputs; a list of problems."""
    cmd = [tools / "riffle-halide-run", ir_path]
    for f in meta["inputs"]:
        cmd += ["--input", work / f]
    for f in meta["outputs"]:
        cmd += ["--compare", work / f]
    r = run(cmd)
    if r.returncode == 0:
        return []
    kind = "crashed" if r.returncode != 1 or "error:" not in r.stderr else "fails"
    return [f"riffle-halide-run {kind} (exit {r.returncode}): {first_error(r.stderr)}"]


def check_codegen_target(tools, work, tag, meta, ir_path, target):
    """The optimized IR compiled for `target` (rifflec --emit=runner; a
    separate process, as GPU runtimes need) against PyTorch's outputs:
    max|out - ref| <= 1e-5 + 1e-3 max|ref|; a list of problems."""
    outdir = work / f"{tag}.{target}"
    r = run([tools / "rifflec", ir_path, f"--target={target}", "--emit=runner",
             "-o", outdir, "--name", "m"], timeout=600)
    if r.returncode:
        return [f"rifflec --target={target} (exit {r.returncode}): {first_error(r.stderr)}"]
    cmd = [outdir / "m_run"]
    for f in meta["inputs"]:
        cmd += ["--input", work / f]
    outs = [outdir / f"out{i}.npy" for i in range(len(meta["outputs"]))]
    for o in outs:
        cmd += ["--output", o]
    r = run(cmd)
    if r.returncode:
        return [f"the {target} runner (exit {r.returncode}): {first_error(r.stderr)}"]
    problems = []
    for i, (o, ref_name) in enumerate(zip(outs, meta["outputs"])):
        out, ref = np.load(o), np.load(work / ref_name)
        if out.shape != ref.shape:
            problems.append(f"{target} result #{i} has shape {out.shape}, PyTorch's {ref.shape}")
            continue
        d = float(np.max(np.abs(out.astype(np.float64) - ref))) if ref.size else 0.0
        tol = 1e-5 + 1e-3 * (float(np.max(np.abs(ref))) if ref.size else 0.0)
        if not d <= tol:
            problems.append(f"{target} result #{i} differs from PyTorch's: max|diff| {d:.3g} > {tol:.3g}")
    return problems


def check_case(tools, work, tag, meta, codegen=False, target=None):
    onnx_path = work / meta["onnx"]
    before = work / f"{tag}.before.mlir"
    after = work / f"{tag}.after.mlir"

    # 1. import
    shape = []
    if meta.get("dynamic", "none") != "none":
        shape = ["--input-shape=" + "x".join(map(str, meta["input_shapes"][0]))]
    r = run([tools / "rifflec", onnx_path, "--emit=mlir", "--keep-weights", "-o", before] + shape)
    if r.returncode != 0:
        if r.returncode != 1 or "error:" not in r.stderr:
            raise Failure(f"rifflec --emit=mlir crashed or failed without `error:` "
                          f"(exit {r.returncode}): {r.stderr.strip()[-300:]}")
        message = first_error(r.stderr)
        if tag in EXPECTED_REJECTIONS:
            if re.search(EXPECTED_REJECTIONS[tag], message):
                text = message.split("error: ", 1)[-1]
                return "rejected as expected: " + (text[:150] + "..." if len(text) > 150 else text)
            raise Failure(f"rejected with an unexpected message: {message}")
        raise Failure(f"import fails: {message}")
    if tag in EXPECTED_REJECTIONS:
        notes = ["imported although listed as an expected rejection"]
    else:
        notes = []

    # 2. default pipeline
    r = run([tools / "rifflec", onnx_path, "--emit=mlir-opt", "--keep-weights", "-o", after]
            + shape)
    if r.returncode != 0:
        kind = "crashed" if r.returncode != 1 or "error:" not in r.stderr else "fails"
        raise Failure(f"rifflec --emit=mlir-opt {kind} (exit {r.returncode}): "
                      f"{first_error(r.stderr)}")

    problems = list(notes)
    # 4. no copy-only op left
    ir = after.read_text()
    for op in FORBIDDEN:
        if op in ALLOWED_LEFT.get(meta["variant"], []):
            continue
        n = len(re.findall(rf"= riffle\.{op}\b", ir))
        if n:
            problems.append(f"{n} riffle.{op} left after the pipeline")

    # 3. numbers, before and after, against PyTorch and each other
    inputs = [work / f for f in meta["inputs"]]
    refs = [work / f for f in meta["outputs"]]
    results = {}
    for label, ir_path in (("before", before), ("after", after)):
        outs = [work / f"{tag}.{label}.out{i}.npy" for i in range(len(refs))]
        cmd = [tools / "riffle-interp", ir_path]
        for i in inputs:
            cmd += ["--input", i]
        for o, ref in zip(outs, refs):
            cmd += ["--output", o, "--compare", ref]
        r = run(cmd)
        if r.returncode not in (0, 1) or (r.returncode == 1 and "error:" not in r.stderr):
            problems.append(f"riffle-interp {label} the pipeline crashed "
                            f"(exit {r.returncode}): {r.stderr.strip()[-200:]}")
            continue
        if r.returncode == 1 and not all(o.exists() for o in outs):
            problems.append(f"riffle-interp {label} the pipeline: {first_error(r.stderr)}")
            continue
        results[label] = [np.load(o) for o in outs]
        for i, (out, ref_path) in enumerate(zip(results[label], refs)):
            ref = np.load(ref_path)
            if out.shape != ref.shape:
                problems.append(f"{label} the pipeline: result #{i} has shape "
                                f"{list(out.shape)}, PyTorch {list(ref.shape)}")
                continue
            tol = 1e-5 + 1e-3 * float(np.max(np.abs(ref)))
            d = float(np.max(np.abs(out - ref))) if out.size else 0.0
            if not d <= tol:
                problems.append(f"{label} the pipeline: result #{i} max |diff| to PyTorch "
                                f"{d:.3g} > {tol:.3g}")
        if r.returncode == 1 and not any(label in p for p in problems):
            problems.append(f"riffle-interp {label} the pipeline: {first_error(r.stderr)}")
    if "before" in results and "after" in results:
        for i, (b, a) in enumerate(zip(results["before"], results["after"])):
            if a.shape == b.shape and a.size:
                scale = float(np.max(np.abs(b))) or 1.0
                d = float(np.max(np.abs(a - b)))
                if d > 1e-4 * scale:
                    problems.append(f"pipeline changes result #{i}: max |diff| {d:.3g}")
    if codegen and not problems:
        problems += check_codegen(tools, work, tag, meta, after)
    if target and not problems:
        problems += check_codegen_target(tools, work, tag, meta, after, target)
    if problems:
        raise Failure("; ".join(problems))
    gathers = len(re.findall(r"= riffle\.channel_gather\b", ir))
    return "ok" + (f" ({gathers} channel_gather view{'s' * (gathers != 1)} left)"
                   if gathers else "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tools", type=pathlib.Path)
    parser.add_argument("work", type=pathlib.Path)
    parser.add_argument("--src-root", type=pathlib.Path,
                        default=pathlib.Path(__file__).resolve().parents[3])
    parser.add_argument("--only", nargs="*", help="tags or variant names to run")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--sample", type=int, metavar="N",
                        help="check a seeded random sample of N cases (plus the --only ones); "
                             "CI's bounded run, the full suite checks every case")
    parser.add_argument("--seed", type=int, default=0, help="seed of --sample")
    parser.add_argument("--codegen", action="store_true",
                        help="also run the optimized IR through Riffle's "
                             "scheduled Halide code (riffle-halide-run)")
    parser.add_argument("--codegen-target", metavar="T",
                        help="also compile the optimized IR for Halide target T "
                             "(e.g. host-opencl) into a runner and check its outputs")
    args = parser.parse_args()

    sys.path.insert(0, str(args.src_root / "frontends" / "pytorch"))
    from riffle_zoo import variants  # noqa: E402  (needs torch)

    cases = build_cases(variants.names())
    for tag in list(EXPECTED_REJECTIONS) + list(KNOWN_FAILURES):
        assert any(tag == t for t, _, _ in cases), f"stale entry {tag}"
    assert set(KNOWN_FAILURES.values()) <= set(BUGS)
    if args.sample is not None:
        import random
        picked = set(random.Random(args.seed).sample(range(len(cases)),
                                                     min(args.sample, len(cases))))
        keep = set(args.only or ())
        cases = [c for i, c in enumerate(cases)
                 if i in picked or c[0] in keep or c[1] in keep]
        print(f"variants: sample of {len(cases)} cases, seed {args.seed}", file=sys.stderr)
    elif args.only:
        cases = [c for c in cases if c[0] in args.only or c[1] in args.only]
    if args.list:
        for tag, variant, config in cases:
            print(tag, config)
        return 0
    args.work.mkdir(parents=True, exist_ok=True)

    start = time.perf_counter()
    metas, export_errors = {}, {}
    for tag, variant, config in cases:
        try:
            metas[tag] = variants.export_variant(variant, str(args.work), tag=tag, **config)
        except Exception as e:  # an export failure is a failure of this test
            export_errors[tag] = f"{type(e).__name__}: {str(e).splitlines()[0]}"
    exported = time.perf_counter()

    def job(tag):
        if tag in export_errors:
            return False, f"FAILED: export: {export_errors[tag]}"
        try:
            return True, check_case(args.tools, args.work, tag, metas[tag],
                                    args.codegen, args.codegen_target)
        except Failure as f:
            return False, str(f)
        except subprocess.TimeoutExpired as e:
            return False, f"timed out: {e.cmd[0]}"

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        outcomes = list(pool.map(job, [c[0] for c in cases]))

    ok = 0
    for (tag, variant, config), (passed, text) in zip(cases, outcomes):
        if tag in KNOWN_FAILURES:
            if passed:
                line = (f"FAILED: passes but is listed in KNOWN_FAILURES as bug "
                        f"{KNOWN_FAILURES[tag]}; remove the entry")
            else:
                line, passed = f"known failure (bug {KNOWN_FAILURES[tag]}): {text}", True
        else:
            line = text if passed else ("" if text.startswith("FAILED") else "FAILED: ") + text
        ok += passed
        print(f"{tag}: {line}")
    print(f"export {exported - start:.1f} s, checks {time.perf_counter() - exported:.1f} s",
          file=sys.stderr)
    bugs = sorted({KNOWN_FAILURES[t] for t, _, _ in cases if t in KNOWN_FAILURES})
    for bug in bugs:
        print(f"known bug {bug}: {BUGS[bug]}")
    print(f"variants: {ok} of {len(cases)} ok")
    return 0 if ok == len(cases) else 1


if __name__ == "__main__":
    sys.exit(main())
