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

# Test suites: `lit --param suite=full` adds the feature `full-suite` (long
# tests say `REQUIRES: full-suite`, or run a sample by default and all of it
# under full); `%sample_seed` seeds such samples (fixed per CI run).
suite = lit_config.params.get("suite", "ci")
if suite == "full":
    config.available_features.add("full-suite")
config.substitutions.append(("%sample_seed", lit_config.params.get("sample_seed", "0")))
