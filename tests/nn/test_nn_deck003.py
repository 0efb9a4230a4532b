"""Deck 003: the 2-3-2 network (ReLU hidden, sigmoid output) on x = [1.0, 0.5], y = [1, 0] with BCE.

The slide averages the loss over the two outputs (L = -1/2 Σ ..., 0.560) but then
takes δ^[2] = a^[2] - y, which is the gradient of the *summed* loss; the gradient
of its averaged loss is half of that. Both conventions are one argument away:
reduction="mean" gives the slide's loss, reduction="sum" gives the slide's
gradients and updated parameters. The tests check each against the slide.
"""

from __future__ import annotations

import nn
from autograd import Value, topological_order

X = [1.0, 0.5]
Y = [1, 0]


def slide_network() -> nn.MLP:
    return nn.MLP.from_weights(
        weights=[
            [[0.5, 0.2], [-0.3, 0.8], [0.1, -0.4]],
            [[0.4, -0.1, 0.6], [0.2, 0.7, -0.3]],
        ],
        biases=[[0.1, -0.2, 0.3], [0.2, -0.1]],
        activations=["relu", "sigmoid"],
    )


def nodes(loss: Value) -> dict[str, Value]:
    return {node.label: node for node in topological_order(loss) if node.label}


def rounded(numbers: list[float], decimals: int = 3) -> list[float]:
    # + 0.0 turns -0.0 into 0.0, so a zero gradient compares equal to the slide's 0.000
    return [round(x, decimals) + 0.0 for x in numbers]


def test_forward_pass() -> None:
    model = slide_network()
    v = nodes(nn.bce(model(X), Y))
    assert rounded([v[f"z1[{j}]"].data for j in range(3)], 1) == [0.7, -0.1, 0.2]
    assert rounded([v[f"a1[{j}]"].data for j in range(3)], 1) == [0.7, 0.0, 0.2]  # neuron 2 is dead
    assert rounded([v[f"z2[{j}]"].data for j in range(2)], 2) == [0.6, -0.02]
    assert rounded([v[f"a2[{j}]"].data for j in range(2)]) == [0.646, 0.495]


def test_loss_is_the_mean_over_the_two_outputs() -> None:
    model = slide_network()
    out = model(X)
    loss = nn.bce(out, Y)  # reduction="mean", the slide's -1/2 [...]
    assert round(loss.data, 3) == 0.560
    terms = [round(out[0].log().data, 3), round((1 - out[1]).log().data, 3)]
    assert terms == [-0.437, -0.683]


def test_gradients_of_the_summed_loss_are_the_slides() -> None:
    model = slide_network()
    loss = nn.bce(model(X), Y, reduction="sum")
    loss.backward()
    v = nodes(loss)
    assert rounded([v[f"z2[{j}]"].grad for j in range(2)]) == [-0.354, 0.495]  # δ^[2] = a^[2] - y
    assert [rounded([w.grad for w in n.w]) for n in model.layers[1].neurons] == [
        [-0.248, 0.0, -0.071],
        [0.347, 0.0, 0.099],
    ]
    assert rounded([n.b.grad for n in model.layers[1].neurons]) == [-0.354, 0.495]  # type: ignore[union-attr]
    # (W^[2])^T δ^[2] is dL/da^[1]; the dead neuron's gradient stops at its ReLU
    assert rounded([v[f"a1[{j}]"].grad for j in range(3)]) == [-0.043, 0.382, -0.361]
    assert rounded([v[f"z1[{j}]"].grad for j in range(3)]) == [-0.043, 0.0, -0.361]  # δ^[1]
    # The slide prints dL/dW^[1][0,1] = -0.022: it halves the rounded δ = -0.043
    # (-0.0215 -> -0.022). Exactly δ_1^[1] = -0.042737, and -0.042737 x 0.5 = -0.021369 -> -0.021.
    assert [rounded([w.grad for w in n.w]) for n in model.layers[0].neurons] == [
        [-0.043, -0.021],
        [0.0, 0.0],
        [-0.361, -0.181],
    ]
    assert rounded([n.b.grad for n in model.layers[0].neurons]) == [-0.043, 0.0, -0.361]  # type: ignore[union-attr]


def test_gradients_of_the_mean_loss_are_half_of_the_slides() -> None:
    model = slide_network()
    nn.bce(model(X), Y).backward()
    assert rounded([n.b.grad for n in model.layers[1].neurons], 4) == [-0.1772, 0.2475]  # type: ignore[union-attr]


def test_one_update_with_learning_rate_01_gives_the_slides_parameters() -> None:
    model = slide_network()
    optimizer = nn.SGD(model.parameters(), lr=0.1)
    optimizer.zero_grad()
    nn.bce(model(X), Y, reduction="sum").backward()
    optimizer.step()
    weights = [[rounded(row) for row in matrix] for matrix in model.weights()]
    assert weights == [
        [[0.504, 0.202], [-0.3, 0.8], [0.136, -0.382]],
        [[0.425, -0.1, 0.607], [0.165, 0.7, -0.31]],
    ]
    assert [rounded(b) for b in model.biases()] == [[0.104, -0.2, 0.336], [0.235, -0.15]]  # type: ignore[arg-type]
    # The slides stop here. The mean loss after the step (not printed) went down:
    assert round(nn.bce(model(X), Y).data, 3) == 0.518


def test_activation_table_at_the_slides_z() -> None:
    # z = [2.0, -1.5, 0.8, -0.3] through single neurons with weight 1 and no bias
    z = [2.0, -1.5, 0.8, -0.3]
    outputs = {}
    for name in ["sigmoid", "tanh", "relu"]:
        neuron = nn.Neuron.from_weights([1.0], None, name)
        outputs[name] = [neuron([x]).data for x in z]
    assert rounded(outputs["sigmoid"]) == [0.881, 0.182, 0.690, 0.426]
    assert rounded(outputs["tanh"]) == [0.964, -0.905, 0.664, -0.291]
    assert outputs["relu"] == [2.0, 0.0, 0.8, 0.0]


def test_parameter_counts_of_the_sizing_examples() -> None:
    def count(sizes: list[int]) -> int:
        return nn.MLP(sizes[0], sizes[1:], rng=0).num_parameters()

    assert [count(s) for s in ([20, 40, 3], [20, 20, 3], [20, 10, 3], [20, 6, 3])] == [963, 483, 243, 147]
    assert count([784, 32, 10]) == 25_450
    # Printed 109,000 (a rounded figure): exactly 784*128 + 128 + 128*64 + 64 + 64*10 + 10.
    assert count([784, 128, 64, 10]) == 109_386
    # Printed 52,458: exactly 50,176 + 64 + 2,048 + 32 + 320 + 10 = 52,650.
    assert count([784, 64, 32, 10]) == 52_650
    # Printed 12,714: exactly 12,544 + 16 + 160 + 10 = 12,730.
    assert count([784, 16, 10]) == 12_730
