"""chalkgrad's neural-network layer: neurons, layers, MLPs, losses, optimizers, data.

Everything here is built from ``autograd.Value``; nothing is hidden from backward.

Reading order: module.py -> checks.py -> activations.py -> init.py -> naming.py (labels
and roles) -> neuron.py -> layers.py (-> from_weights.py, serialize.py) -> perceptron.py ->
losses.py -> optim.py -> training.py -> data.py. Every Value nn makes carries a ``role``
(``naming.Role``) saying what it is in the network; viz reads it, never the label.
"""

from nn._engine import require_chalkgrad_engine

require_chalkgrad_engine("nn")

# The engine check above must run before anything imports autograd (hence E402).
from nn import data, naming  # noqa: E402
from nn.activations import ACTIVATIONS  # noqa: E402
from nn.init import INIT_SCHEMES  # noqa: E402
from nn.layers import MLP, Layer  # noqa: E402
from nn.losses import bce, bce_with_logits, cross_entropy, hinge, mae, mse, softmax  # noqa: E402
from nn.module import Module  # noqa: E402
from nn.naming import LabelInfo, Role, parse_label  # noqa: E402
from nn.neuron import Neuron  # noqa: E402
from nn.optim import SGD, Adam, Optimizer  # noqa: E402
from nn.perceptron import Perceptron, PerceptronHistory, Update  # noqa: E402
from nn.serialize import ModelFileError, save  # noqa: E402
from nn.training import History, accuracy, fit  # noqa: E402

# nn.load(path) reads a model file written by nn.save / model.save: the same as MLP.load.
load = MLP.load

__all__: list[str] = [
    "ACTIVATIONS",
    "INIT_SCHEMES",
    "MLP",
    "SGD",
    "Adam",
    "History",
    "LabelInfo",
    "Layer",
    "ModelFileError",
    "Module",
    "Neuron",
    "Optimizer",
    "Perceptron",
    "PerceptronHistory",
    "Role",
    "Update",
    "accuracy",
    "bce",
    "bce_with_logits",
    "cross_entropy",
    "data",
    "fit",
    "hinge",
    "load",
    "mae",
    "mse",
    "naming",
    "parse_label",
    "save",
    "softmax",
]
