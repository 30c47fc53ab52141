"""Riffle's PyTorch model zoo: networks from torchvision and from their papers
(ShuffleNet V1, MobileNet V1), small blocks for tests, deterministic random
weights, and export to ONNX with reference inputs and outputs.

    from riffle_zoo import zoo
    model = zoo.create("shufflenet_v1_g3_x1_0", seed=0)

Command line: see export.py (``python3 export.py --help``).
"""
