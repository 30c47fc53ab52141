#!/usr/bin/python3
"""Command-line entry point of Riffle's model-zoo exporter.

    /usr/bin/python3 frontends/pytorch/export.py --help

Needs Debian's python3-torch, python3-torchvision, python3-onnx and
python3-numpy, which live under /usr/bin/python3. The code is in
riffle_zoo/export.py.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from riffle_zoo.export import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
