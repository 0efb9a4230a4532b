"""chalkgrad's neural-network layer: neurons, layers, MLPs, losses, optimizers, data.

Everything here is built from ``autograd.Value``; nothing is hidden from backward.

Reading order: module.py -> activations.py -> init.py -> neuron.py -> layers.py
(-> from_weights.py) -> naming.py.
"""

from nn._engine import require_chalkgrad_engine

require_chalkgrad_engine("nn")

from nn import naming  # noqa: E402 - the engine check above must run first
from nn.activations import ACTIVATIONS  # noqa: E402
from nn.init import INIT_SCHEMES  # noqa: E402
from nn.layers import MLP, Layer  # noqa: E402
from nn.module import Module  # noqa: E402
from nn.naming import LabelInfo, parse_label  # noqa: E402
from nn.neuron import Neuron  # noqa: E402

__all__: list[str] = [
    "ACTIVATIONS",
    "INIT_SCHEMES",
    "MLP",
    "LabelInfo",
    "Layer",
    "Module",
    "Neuron",
    "naming",
    "parse_label",
]
