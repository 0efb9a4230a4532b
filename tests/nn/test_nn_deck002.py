"""Deck 002: perceptrons for logic gates, XOR with hand-crafted features, the hand-set ReLU MLP for XOR.

The perceptron learning-rule example and the learned gates are in
test_nn_perceptron.py; this file holds the networks the deck sets by hand.
"""

from __future__ import annotations

import math

import pytest

import nn
from autograd import topological_order
from nn.data import truth_table


def xor_network() -> nn.MLP:
    # W^[1] = [[1, 1], [1, 1]], b^[1] = [0, -1], ReLU; W^[2] = [1, -2], b^[2] = [0], ReLU
    return nn.MLP.from_weights([[[1, 1], [1, 1]], [[1, -2]]], [[0, -1], [0]], ["relu", "relu"])


def test_xor_mlp_for_x_00() -> None:
    model = xor_network()
    (out,) = model([0, 0])
    v = {node.label: node.data for node in topological_order(out) if node.label}
    assert [v["z1[0]"], v["z1[1]"]] == [0.0, -1.0]
    assert [v["a1[0]"], v["a1[1]"]] == [0.0, 0.0]
    assert (v["z2[0]"], out.data) == (0.0, 0.0)  # ŷ = ReLU(0) = 0 = y


def test_xor_mlp_for_x_01() -> None:
    # The slide's first line shows W^[1] as [[1, 1], [1, -1]] and its last W^[2] as
    # [[1, -2], [1, 0]] (garbled); with the network's own weights z^[1] = [1, 0] as printed.
    (out,) = xor_network()([0, 1])
    v = {node.label: node.data for node in topological_order(out) if node.label}
    assert [v["z1[0]"], v["z1[1]"]] == [1.0, 0.0]
    assert [v["a1[0]"], v["a1[1]"]] == [1.0, 0.0]
    assert (v["z2[0]"], out.data) == (1.0, 1.0)


def test_xor_mlp_over_all_four_examples() -> None:
    # The batch slides print Z^[1] with a row [-1, 0] for x = (1, 0) and then
    # z^[2] = [0, -1, -1, 0] and, on the next slide, [0, 1, 0, -1]. Exactly:
    # Z^[1] = [[0, -1], [1, 0], [1, 0], [2, 1]], A^[1] = [[0, 0], [1, 0], [1, 0], [2, 1]],
    # z^[2] = A^[1] W^[2]T = [0, 1, 1, 0] = y.
    X, y = truth_table("XOR")
    model = xor_network()
    Z1, A1, Z2 = [], [], []
    for x in X:
        (out,) = model(x)
        v = {node.label: node.data for node in topological_order(out) if node.label}
        Z1.append([v["z1[0]"], v["z1[1]"]])
        A1.append([v["a1[0]"], v["a1[1]"]])
        Z2.append(v["z2[0]"])
        assert out.data == v["z2[0]"]  # the ReLU passes z^[2] >= 0 through unchanged
    assert Z1 == [[0, -1], [1, 0], [1, 0], [2, 1]]
    assert A1 == [[0, 0], [1, 0], [1, 0], [2, 1]]
    assert Z2 == [0, 1, 1, 0] == list(y)


def test_xor_network_has_9_parameters() -> None:
    # N^[1] N^[0] + N^[1] + N^[2] N^[1] + N^[2] = 4 + 2 + 2 + 1
    assert xor_network().num_parameters() == 9
    assert nn.MLP(2, [2, 1], rng=0).num_parameters() == 9


def test_xor_with_a_hand_crafted_feature_is_linearly_separable() -> None:
    # With the feature x1 x2 added, z = x1 + x2 - 2 x1 x2 - 0.5 gives -0.5, 0.5, 0.5, -0.5
    # for (0,0), (0,1), (1,0), (1,1), as on the slides: positive means class 1.
    X, y = truth_table("XOR")
    p = nn.Perceptron(3, weights=[1.0, 1.0, -2.0], bias=-0.5)
    features = [[x1, x2, x1 * x2] for x1, x2 in X]
    sums = [p(f).inputs[0].data for f in features]
    assert sums == [-0.5, 0.5, 0.5, -0.5]
    assert [p.predict(f) for f in features] == list(y)


def test_the_perceptron_rule_learns_xor_once_the_feature_is_there() -> None:
    X, y = truth_table("XOR")
    features = [[x1, x2, x1 * x2] for x1, x2 in X]
    p = nn.Perceptron(3)
    history = p.fit(features, y, lr=1.0, epochs=50)
    assert history.converged and history.errors[-1] == 0
    assert [p.predict(f) for f in features] == list(y)


def test_and_or_lines_from_the_slide() -> None:
    # AND: x1 + x2 = 1.5, OR: x1 + x2 = 0.5
    for gate, threshold in [("AND", 1.5), ("OR", 0.5)]:
        X, y = truth_table(gate)
        p = nn.Perceptron(2, threshold=threshold, weights=[1.0, 1.0])
        assert [p.predict(x) for x in X] == list(y)


def test_backprop_through_the_hand_set_network_with_a_sigmoid_bce_head() -> None:
    # As in the deck's last part: sigmoid output and cross-entropy, averaged over the
    # four examples. For sigmoid + BCE, dL/dz^[2] = (σ(z^[2]) - y) / N, so
    # dL/db^[2] = mean(σ(z^[2]) - y) with z^[2] = [0, 1, 1, 0].
    X, y = truth_table("XOR")
    model = nn.MLP.from_weights([[[1, 1], [1, 1]], [[1, -2]]], [[0, -1], [0]], ["relu", "sigmoid"])
    loss = nn.bce([model(x)[0] for x in X], list(y))
    loss.backward()
    sigma = [1 / (1 + math.exp(-z)) for z in [0.0, 1.0, 1.0, 0.0]]
    expected = sum(s - t for s, t in zip(sigma, y)) / 4
    assert model.layers[1].neurons[0].b.grad == pytest.approx(expected)  # type: ignore[union-attr]
    assert loss.label == "loss"
