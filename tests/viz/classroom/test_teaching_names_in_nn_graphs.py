"""Every node a student sees in a graph built with nn has a name that says what it is: never "#n"."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

import nn
import viz
from autograd import Value, topological_order
from viz.classroom.names import NodeNames

UNNAMED = re.compile(r"#\d")
NOT_NAMES = re.compile(r'"#[0-9a-fA-F]{6}"|&#\d+;')  # in DOT text: a colour, an escaped character


def _model(activation: str, outputs: int = 1, last: str | None = None) -> nn.MLP:
    return nn.MLP(2, [3, outputs], activation, last or activation, rng=1)


def _batch(model: nn.MLP) -> Value:
    """Two samples through one model: every node but the parameters comes twice, with one label."""
    return nn.cross_entropy([model([0.5, -0.2]), model([0.1, 0.4])], [1, 2])


LOSSES: dict[str, Callable[[], Value]] = {
    "mse": lambda: nn.mse(_model("tanh")([0.5, -0.2]), [1.0]),
    "mse half, two outputs": lambda: nn.mse(_model("tanh", 2)([0.5, -0.2]), [1.0, 0.0], half=True),
    "mae, sum": lambda: nn.mae(_model("relu", 2)([0.5, -0.2]), [1.0, 0.0], reduction="sum"),
    "bce y=1": lambda: nn.bce(_model("sigmoid")([0.5, -0.2]), 1.0),
    "bce y=0": lambda: nn.bce(_model("sigmoid")([0.5, -0.2]), 0.0),
    "bce y=0.3, two outputs": lambda: nn.bce(_model("sigmoid", 2)([0.5, -0.2]), [0.3, 1.0]),
    "bce_with_logits": lambda: nn.bce_with_logits(_model("tanh", 2, "linear")([0.5, 2.0]), [0.3, 1.0]),
    "bce_with_logits z<0": lambda: nn.bce_with_logits(
        nn.MLP.from_weights([[[-1.0, -1.0]]], [[0.0]], "linear")([1.0, 1.0]), [0.4]
    ),
    "cross_entropy": lambda: nn.cross_entropy(_model("tanh", 3, "linear")([0.5, -0.2]), 1),
    "cross_entropy, batch": lambda: _batch(_model("tanh", 3, "linear")),
    "hinge": lambda: nn.hinge(_model("leaky_relu", 2, "linear")([0.5, -0.2]), [1.0, -1.0]),
    "softmax then mse": lambda: nn.mse(nn.softmax(_model("tanh", 2, "linear")([0.5, -0.2])), [1.0, 0.0]),
    "perceptron": lambda: nn.mse(nn.Perceptron(2)([1.0, 0.0]), [1.0]),
    **{f"activation {name}": (lambda name=name: nn.mse(_model(name)([0.5, -0.2]), [0.2])) for name in nn.ACTIVATIONS},
}


@pytest.mark.parametrize("loss", LOSSES)
def test_no_node_of_an_nn_graph_is_called_by_its_position(loss: str) -> None:
    root = LOSSES[loss]()
    seen = [
        str(viz.backprop_table(root)),
        str(viz.exercise(root)),
        str(viz.exercise(root, hide="data")),
        viz.draw_graph(root, edge_labels="chain").source,
        *viz.step_through(root).captions(),
        *viz.step_through(root, direction="forward").captions(),
        str(viz.chain_rule(root, wrt=next(n for n in topological_order(root) if n.requires_grad))),
    ]
    for text in (NOT_NAMES.sub("", text) for text in seen):
        assert not UNNAMED.search(text), f"{loss}: {UNNAMED.search(text)} in\n{text}"
    for node in topological_order(root):
        assert node.label or (not node.inputs and not node.requires_grad), f"{loss}: unlabelled {node.op} node"


def test_a_batch_names_each_samples_nodes_first_second_and_finds_them() -> None:
    root = _batch(_model("tanh", 3, "linear"))
    names = NodeNames(root)
    first, second = (node for node in topological_order(root) if node.label == "z2[0]")
    assert names(first) == "z2[0] (1st)" and names(second) == "z2[0] (2nd)"
    assert names.find("z2[0] (2nd)") is second and names.find("z2[0](2nd)") is second
    assert viz.exercise(root).check({"z2[0] (1st)": 0.0}).checks[0].correct is not None
