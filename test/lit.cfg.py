# -*- Python -*-
# lit configuration for Riffle's regression tests.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "RIFFLE"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".onnxtxt"]
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py", "lit.site.cfg.py",
                   "Inputs"]

config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.riffle_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%riffle_src_root", config.riffle_src_root))
config.substitutions.append(("%riffle_tools_dir", config.riffle_tools_dir))
# Debian's python3 with torch/onnx/numpy (the first python3 on PATH may lack them).
config.substitutions.append(("%python_torch", config.python_with_torch))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.riffle_tools_dir, config.llvm_tools_dir]
tools = ["riffle-opt", "riffle-halide-selftest", "rifflec", "riffle-interp", "riffle-halide-run"]
llvm_config.add_tool_substitutions(tools, tool_dirs)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# Whether this machine has NVIDIA's driver library: without it, CUDA
# runners must fail with a clear error (gpu-errors.test); with it, they run.
# The names the runner and Halide's runtime load (find_library also finds
# the CUDA toolkit's link-time stub, which is not a driver).
import ctypes
for _name in ("libcuda.so", "libcuda.so.1"):
    try:
        ctypes.CDLL(_name)
    except OSError:
        continue
    config.available_features.add("cuda-driver")
    break

# Two suites. The default ("ci", what scripts/test.sh and .ci/run run) keeps
# a fresh machine's run well under 40 minutes: the long files run a seeded
# sample of their cases. `lit --param suite=full` (scripts/test.sh --full)
# adds the feature `full-suite`: every case of every long file. The sample's
# seed changes daily (so successive CI runs cover different cases) and is
# printed; `--param sample_seed=N` reproduces a run.
import datetime
suite = lit_config.params.get("suite", "ci")
if suite not in ("ci", "full"):
    lit_config.fatal(f"--param suite={suite}: expected ci or full")
if suite == "full":
    config.available_features.add("full-suite")
sample_seed = lit_config.params.get(
    "sample_seed", str(datetime.date.today().toordinal()))
config.substitutions.append(("%sample_seed", sample_seed))
lit_config.note(f"suite={suite}, sample_seed={sample_seed}")

# The build tree (deploy-cmake.test installs it into a temporary prefix).
config.substitutions.append(("%riffle_obj_root", config.riffle_obj_root))
# Arm: Debian's aarch64 cross compiler and qemu-user (scripts/install-deps.sh).
import shutil
if shutil.which("aarch64-linux-gnu-g++") and shutil.which("qemu-aarch64-static"):
    config.available_features.add("aarch64-qemu")

# clang-22 with ThreadSanitizer's runtime (test/Reliability/stress-tsan*.test).
import glob
if shutil.which("clang-22") and glob.glob(
        "/usr/lib/llvm-22/lib/clang/*/lib/linux/libclang_rt.tsan-x86_64.a"):
    config.available_features.add("clang-tsan")

# libFuzzer targets, when this build has them (-DRIFFLE_FUZZ=ON; fuzz/).
config.substitutions.append(("%fuzz_dir", os.path.join(config.riffle_obj_root, "fuzz")))
if os.path.exists(os.path.join(config.riffle_obj_root, "fuzz", "riffle-fuzz-onnx")):
    config.available_features.add("riffle-fuzz")
