#!/usr/bin/python3
"""Tests of the model zoo and its exporter (unittest; about a minute).

    /usr/bin/python3 frontends/pytorch/test_zoo.py [-v] [-k PATTERN]

Checks the paper architectures against the papers' published complexity,
the channel-shuffle spellings against the permutation in DESIGN.md, the
weight randomization, the command line, that every exported ONNX file
passes onnx.checker and computes what PyTorch computed (via riffle_zoo.onnx_ref),
and the op counts in MODEL.meta.json against numbers worked out by hand.
Set RIFFLE_ZOO_TEST_QUICK=1 to export only the blocks and two networks.
"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

import torchvision.models.shufflenetv2 as tv_shufflenetv2  # noqa: E402

from riffle_zoo import blocks, census, export, models, onnx_ref, zoo  # noqa: E402
from riffle_zoo.models import MobileNetV1, ShuffleNetV1, channel_shuffle  # noqa: E402

EXPORT = os.path.join(HERE, "export.py")
QUICK = os.environ.get("RIFFLE_ZOO_TEST_QUICK") == "1"


def macs_and_params(model: nn.Module, shape):
    """Multiply-accumulates of convs and linears (no bias terms) and parameter count."""
    total = [0]

    def hook(module, inputs, output):
        total[0] += output.numel() * module.weight[0].numel()

    handles = [m.register_forward_hook(hook) for m in model.modules()
               if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        model.eval()(torch.zeros((1,) + tuple(shape)))
    for h in handles:
        h.remove()
    return total[0], sum(p.numel() for p in model.parameters())


def reference_shuffle(x: np.ndarray, g: int) -> np.ndarray:
    """DESIGN.md: out[c] = in[(c % g) * n + c / g], C = g * n."""
    c = x.shape[1]
    n = c // g
    return x[:, [(k % g) * n + k // g for k in range(c)]]


class TestArchitectures(unittest.TestCase):
    def test_shufflenet_v1_complexity_matches_paper(self):
        # Table 2 of the ShuffleNet paper, 1x networks: MFLOPs (mult-adds).
        paper = {1: 143, 2: 140, 3: 137, 4: 133, 8: 137}
        for g, mflops in paper.items():
            macs, _ = macs_and_params(ShuffleNetV1(groups=g), (3, 224, 224))
            self.assertAlmostEqual(macs / 1e6, mflops, delta=0.02 * mflops, msg=f"g={g}")

    def test_shufflenet_v1_stage_channels(self):
        for g, (c2, c3, c4) in {1: (144, 288, 576), 3: (240, 480, 960), 8: (384, 768, 1536)}.items():
            for scale in (0.5, 1.0):
                m = ShuffleNetV1(groups=g, scale=scale)
                outs = [s[-1].bn3.num_features for s in (m.stage2, m.stage3, m.stage4)]
                self.assertEqual(outs, [int(c * scale) for c in (c2, c3, c4)])
                self.assertEqual([len(s) for s in (m.stage2, m.stage3, m.stage4)], [4, 8, 4])
                self.assertEqual(m.stage2[0].gconv1.groups, 1)  # first pointwise dense
                self.assertEqual(m.stage2[1].gconv1.groups, g)

    def test_mobilenet_v1_complexity_matches_paper(self):
        # MobileNet paper, Tables 1 and 6: 569M mult-adds / 4.2M params;
        # alpha 0.5: 150M / 1.3M.
        for alpha, mmacs, mparams in ((1.0, 569, 4.2), (0.5, 149, 1.3)):
            macs, params = macs_and_params(MobileNetV1(alpha), (3, 224, 224))
            self.assertAlmostEqual(macs / 1e6, mmacs, delta=2)
            self.assertAlmostEqual(params / 1e6, mparams, delta=0.05)

    def test_channel_shuffle_spellings(self):
        x = torch.randn(2, 24, 5, 7)
        expected = reference_shuffle(x.numpy(), 3)
        np.testing.assert_array_equal(channel_shuffle(x, 3).numpy(), expected)
        for cls in (blocks.ShuffleViewTranspose, blocks.ShuffleReshapePermute,
                    blocks.ShuffleViewPermuteReshape):
            np.testing.assert_array_equal(cls(3)(x).numpy(), expected, err_msg=cls.__name__)
        # (C/g, g) split: the inverse permutation, i.e. a shuffle with C/g groups.
        y = blocks.ShuffleCGSplit(3)(x).numpy()
        np.testing.assert_array_equal(y, reference_shuffle(x.numpy(), 8))
        np.testing.assert_array_equal(channel_shuffle(torch.from_numpy(y), 3).numpy(), x.numpy())


class TestZoo(unittest.TestCase):
    def test_registry(self):
        names = zoo.names()
        self.assertEqual(len(names), len(set(names)))
        for expected in ("shufflenet_v2_x0_5", "shufflenet_v2_x2_0", "mobilenet_v2",
                         "mobilenet_v3_small", "mobilenet_v3_large", "squeezenet1_1",
                         "mobilenet_v1", "mobilenet_v1_x0_5", "shuffle_unit_v1",
                         "shuffle_unit_v2", "inverted_residual", "shuffle_cg_split"):
            self.assertIn(expected, names)
        v1 = [n for n in names if n.startswith("shufflenet_v1_")]
        self.assertEqual(len(v1), 10)

    def test_weights_deterministic_and_bn_nontrivial(self):
        a = zoo.create("shuffle_unit_v1", seed=3).state_dict()
        b = zoo.create("shuffle_unit_v1", seed=3).state_dict()
        c = zoo.create("shuffle_unit_v1", seed=4).state_dict()
        for k in a:
            self.assertTrue(torch.equal(a[k], b[k]), k)
        self.assertFalse(torch.equal(a["gconv1.weight"], c["gconv1.weight"]))
        bn = zoo.create("shuffle_unit_v1", seed=3).bn1
        self.assertFalse(zoo.create("shuffle_unit_v1").training)
        for t, identity in ((bn.weight, 1.0), (bn.bias, 0.0), (bn.running_mean, 0.0), (bn.running_var, 1.0)):
            self.assertGreater((t - identity).abs().mean().item(), 0.05)
        self.assertTrue((bn.running_var > 0).all())


def _sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def _run_cli(*args):
    return subprocess.run([sys.executable, EXPORT, *args], capture_output=True, text=True)


class TestCommandLine(unittest.TestCase):
    def test_list(self):
        r = _run_cli("--list")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout.split(), zoo.names())

    def test_unknown_model(self):
        with tempfile.TemporaryDirectory() as d:
            r = _run_cli("no_such_net", "-o", d)
            self.assertEqual(r.returncode, 1)
            self.assertTrue(r.stderr.startswith("error: unknown model 'no_such_net'"), r.stderr)
            self.assertEqual(os.listdir(d), [])

    def test_missing_outdir(self):
        r = _run_cli("mobilenet_v1")
        self.assertEqual(r.returncode, 1)
        self.assertIn("error:", r.stderr)

    def test_export_is_deterministic(self):
        digests = []
        with tempfile.TemporaryDirectory() as d:
            for sub in ("a", "b"):
                out = os.path.join(d, sub)
                r = _run_cli("shuffle_unit_v2", "mobilenet_v3_small", "-o", out, "-q")
                self.assertEqual(r.returncode, 0, r.stderr)
                digests.append({f: _sha256(os.path.join(out, f)) for f in sorted(os.listdir(out))})
        self.assertEqual(len(digests[0]), 8)  # .onnx, .input.npy, .output.npy, .meta.json
        self.assertEqual(digests[0], digests[1])


class _Toy(nn.Module):
    """conv1 runs twice, `unused` never; one BN, one Linear, and three shuffles:
    ours (g=2), torchvision's (g=4) and a block whose forward calls ours, which
    must count once, as the block (g=3)."""

    class _Nested(blocks._Shuffle):
        def forward(self, x):
            return models.channel_shuffle(x, self.groups)

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(12, 12, 1)
        self.unused = nn.Conv2d(12, 12, 1)
        self.bn = nn.BatchNorm2d(12)
        self.nested = self._Nested(3)
        self.fc = nn.Linear(12, 5)

    def forward(self, x):
        x = self.conv1(self.conv1(x))
        x = models.channel_shuffle(self.bn(x), 2)
        x = tv_shufflenetv2.channel_shuffle(x, 4)
        x = self.nested(x)
        return self.fc(x.mean([2, 3]))


class TestCensus(unittest.TestCase):
    def test_counts_executed_calls(self):
        originals = (tv_shufflenetv2.channel_shuffle, models.channel_shuffle)
        counts = census.census(_Toy().eval(), torch.randn(1, 12, 3, 3))
        self.assertEqual(counts, {"conv2d": 2, "batch_norm": 1, "linear": 1,
                                  "channel_shuffles": 3, "shuffle_groups": [2, 4, 3]})
        # Everything is put back.
        self.assertEqual((tv_shufflenetv2.channel_shuffle, models.channel_shuffle), originals)

    def test_restores_on_error_and_needs_eval(self):
        originals = (tv_shufflenetv2.channel_shuffle, models.channel_shuffle)
        model = _Toy().eval()
        with self.assertRaises(RuntimeError):
            census.census(model, torch.randn(1, 5, 3, 3))  # wrong channel count
        self.assertEqual((tv_shufflenetv2.channel_shuffle, models.channel_shuffle), originals)
        self.assertEqual(census.census(model, torch.randn(1, 12, 3, 3))["conv2d"], 2)
        with self.assertRaises(ValueError):
            census.census(_Toy().train(), torch.randn(1, 12, 3, 3))


# Counts per forward pass, worked out from the architectures (not from the
# ONNX graphs): (conv2d, batch_norm, linear, shuffle_groups).
HAND_COUNTS = {
    # torchvision ShuffleNet V2: stages of 4, 8, 4 units, each ending in a
    # shuffle with g=2 -> 16 shuffles. Convs: stem 1; a stride-2 unit has
    # branch1 (3x3 dw, 1x1) and branch2 (1x1, 3x3 dw, 1x1) = 5, a stride-1
    # unit branch2 only = 3; conv5 1: 1 + 3*5 + 13*3 + 1 = 56, each with a BN.
    "shufflenet_v2_x1_0": (56, 56, 1, [2] * 16),
    # ShuffleNet V1: stem 1 + 16 units * (1x1 gconv, 3x3 dw, 1x1 gconv) = 49
    # convs, each with a BN. Every unit but stage 2's first (dense first
    # pointwise conv) shuffles: 15 shuffles with g=3. With g=1 nothing is
    # grouped, so no unit shuffles.
    "shufflenet_v1_g3_x1_0": (49, 49, 1, [3] * 15),
    "shufflenet_v1_g1_x0_5": (49, 49, 1, []),
    # MobileNet V2: stem 1; 17 inverted residuals, the first (t=1) with dw +
    # project = 2 convs, the other 16 with expand + dw + project = 3; last
    # 1x1 conv to 1280: 1 + 2 + 48 + 1 = 52, each with a BN.
    "mobilenet_v2": (52, 52, 1, []),
    # MobileNet V3 small: stem 1 + last 1; 11 blocks: the first has no expand
    # conv (dw, project) plus SE (2 convs, no BN): 4 convs / 2 BNs; the next
    # two dw + expand + project: 3 / 3 each; the last eight the same plus SE:
    # 5 / 3 each. Convs 2 + 4 + 6 + 40 = 52, BNs 2 + 2 + 6 + 24 = 34. The
    # classifier has two Linears.
    "mobilenet_v3_small": (52, 34, 2, []),
    # MobileNet V1: stem 1 + 13 * (3x3 dw, 1x1) = 27, each with a BN.
    "mobilenet_v1_x0_5": (27, 27, 1, []),
    # SqueezeNet 1.1: conv1, 8 fire modules * (squeeze, expand1x1, expand3x3),
    # and the final 1x1 conv classifier: 26 convs, no BN, no Linear.
    "squeezenet1_1": (26, 0, 0, []),
    "shuffle_unit_v2_s2": (5, 5, 0, [2]),
    "shuffle_unit_v1": (3, 3, 0, [3]),
    # (C/g, g) split of 24 channels with g=3: the Reshape shows 8 groups.
    "shuffle_cg_split": (0, 0, 0, [8]),
    "shuffle_view_transpose": (0, 0, 0, [3]),
}


class TestExport(unittest.TestCase):
    """Every export passes the checker and computes PyTorch's output."""

    def _check(self, name, outdir, **kwargs):
        r = export.export_model(name, outdir, **kwargs)
        model = onnx.load(r.onnx_path)
        onnx.checker.check_model(model, full_check=True)
        self.assertEqual([i.name for i in model.graph.input], ["input"])
        self.assertEqual([o.name for o in model.graph.output], ["output"])
        x = np.load(os.path.join(outdir, f"{name}.input.npy"))
        y = np.load(os.path.join(outdir, f"{name}.output.npy"))
        self.assertEqual((x.dtype, y.dtype), (np.float32, np.float32))
        self.assertEqual(x.shape, r.input_shape)
        (ref,) = onnx_ref.run(model, {"input": x})
        self.assertEqual(ref.shape, y.shape)
        scale = max(1.0, float(np.abs(ref).max()))
        np.testing.assert_allclose(y, ref, rtol=0, atol=1e-4 * scale, err_msg=name)
        return model

    def _names(self):
        if QUICK:
            return zoo.names("block") + ["shufflenet_v1_g3_x0_5", "shufflenet_v2_x0_5"]
        return zoo.names()

    def test_default_shapes(self):
        with tempfile.TemporaryDirectory() as d:
            for name in self._names():
                with self.subTest(name=name):
                    self._check(name, d)

    def test_batch2_nonsquare(self):
        with tempfile.TemporaryDirectory() as d:
            for name in self._names():
                with self.subTest(name=name):
                    entry = zoo.get(name)
                    # Networks at 160x192; blocks at a small non-square size.
                    h, w = (160, 192) if entry.kind == "network" else (12, 20)
                    self._check(name, d, batch=2, height=h, width=w)

    def _meta(self, outdir, name):
        path = os.path.join(outdir, f"{name}.meta.json")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        meta = json.loads(text)
        self.assertEqual(text, json.dumps(meta, sort_keys=True, indent=2) + "\n")
        return meta

    def test_meta_json_counts(self):
        keys = {"conv2d", "batch_norm", "linear", "channel_shuffles", "shuffle_groups",
                "input_shape", "output_shape", "opset", "fold_bn", "model"}
        with tempfile.TemporaryDirectory() as d:
            for name, (convs, bns, linears, groups) in HAND_COUNTS.items():
                with self.subTest(name=name):
                    r = export.export_model(name, d)
                    meta = self._meta(d, name)
                    self.assertEqual(r.meta_path, os.path.join(d, f"{name}.meta.json"))
                    self.assertEqual(set(meta), keys)
                    self.assertEqual(
                        (meta["conv2d"], meta["batch_norm"], meta["linear"],
                         meta["channel_shuffles"], meta["shuffle_groups"]),
                        (convs, bns, linears, len(groups), groups))
                    self.assertEqual(meta["input_shape"], list(r.input_shape))
                    self.assertEqual(meta["output_shape"], list(r.output_shape))
                    self.assertEqual((meta["model"], meta["opset"], meta["fold_bn"]),
                                     (name, export.DEFAULT_OPSET, False))

    def test_meta_json_options(self):
        with tempfile.TemporaryDirectory() as d:
            export.export_model("shufflenet_v2_x0_5", d, batch=2, height=160, width=192,
                                opset=14, fold_bn=True)
            meta = self._meta(d, "shufflenet_v2_x0_5")
            self.assertEqual(meta["input_shape"], [2, 3, 160, 192])
            self.assertEqual(meta["output_shape"], [2, 1000])
            self.assertEqual((meta["opset"], meta["fold_bn"]), (14, True))
            # Counted on the PyTorch model, so folding in ONNX changes nothing.
            self.assertEqual((meta["conv2d"], meta["batch_norm"], meta["shuffle_groups"]),
                             (56, 56, [2] * 16))

    def test_fold_bn_and_opset(self):
        with tempfile.TemporaryDirectory() as d:
            kept = self._check("shuffle_unit_v1", d)
            self.assertIn("BatchNormalization", {n.op_type for n in kept.graph.node})
            folded = self._check("shuffle_unit_v1", d, fold_bn=True)
            self.assertNotIn("BatchNormalization", {n.op_type for n in folded.graph.node})
            m17 = self._check("mobilenet_v3_small", d, opset=17)
            self.assertEqual(m17.opset_import[0].version, 17)
            self.assertIn("HardSwish", {n.op_type for n in m17.graph.node})


if __name__ == "__main__":
    unittest.main()
