"""Replay: the same numbers as the normal path to the last bit, and data-dependent graphs caught."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

import pytest

import autograd
import nn
from autograd import Value, replay
from autograd.replay import ReplayMismatch


def bits(numbers: list[float]) -> list[str]:
    return [float(number).hex() for number in numbers]


def moons(seed: int, n: int = 24) -> tuple[list[list[float]], list[float]]:
    rng = random.Random(seed)
    X = [[rng.uniform(-1.5, 2.5), rng.uniform(-1.0, 1.5)] for _ in range(n)]
    y = [1.0 if x1 > 0.5 * x0 - 0.2 else -1.0 for x0, x1 in X]
    return X, y


def demo_loss(model: nn.MLP) -> Callable[[Any, Any], Value]:
    """The micrograd demo's loss, written as a micrograd user writes it (builtin sum)."""

    def loss_of(X: Any, y: Any) -> Value:
        scores = [model(x)[0] for x in X]
        losses = [(1 - yi * si).relu() for yi, si in zip(y, scores)]
        return sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in model.parameters())

    return loss_of


def test_replayed_training_matches_the_normal_path_to_the_last_bit() -> None:
    normal = nn.MLP(2, [8, 8, 1], activation="relu", rng=3)
    replayed = nn.MLP(2, [8, 8, 1], activation="relu", rng=3)
    X, y = moons(0)
    tape = replay.record(demo_loss(replayed), X, y)
    for step in range(6):
        X, y = moons(step + 1)  # new data every step: relu units switch on and off
        loss = demo_loss(normal)(X, y)
        normal.zero_grad()
        loss.backward()
        replayed_loss = tape.forward(X, y)
        replayed.zero_grad()
        tape.backward()
        assert bits([replayed_loss]) == bits([loss.data])
        assert bits([p.grad for p in replayed.parameters()]) == bits([p.grad for p in normal.parameters()])
        for model in (normal, replayed):
            for p in model.parameters():
                p.data -= 0.1 * p.grad
    assert bits([p.data for p in replayed.parameters()]) == bits([p.data for p in normal.parameters()])


def test_the_ops_own_branches_follow_the_new_data() -> None:
    # Every op whose value or derivative takes a branch on its input, recorded on one
    # side of the branch and replayed on the other (and at the ties).
    def f(xs: list[Value]) -> Value:
        a, b, c = xs
        terms = [
            a.relu(),
            a.leaky_relu(0.1),
            a.step(0.5),
            abs(a),
            a.sigmoid(),
            a.softplus(),
            autograd.maximum(a, b),
            autograd.minimum(a, c),
            a**2 * b,
            autograd.dot([a, b, c], [0.5, -2.0, 3.0], bias=w),  # fixed coefficients (scaled_sum)
            autograd.logsumexp([a, b, c]),
            *autograd.softmax([a, b, c]),
        ]
        return autograd.sum(t * (k + 1) for k, t in enumerate(terms))

    w = Value(0.7)
    tape = replay.record(lambda xs: f(xs) * w, [1.0, -2.0, 3.0])
    for xs in ([1.0, -2.0, 3.0], [-1.5, 2.0, -3.0], [0.0, 0.0, 0.0], [0.5, 0.5, 0.5], [-0.0, 1e-300, -40.0]):
        leaves = [Value(x, requires_grad=True) for x in xs]
        expected = f(leaves) * w
        w.grad = 0.0
        expected.backward()
        expected_grad = w.grad
        w.grad = 0.0
        got = tape.forward(xs, check=True)
        tape.backward()
        assert bits([got, w.grad]) == bits([expected.data, expected_grad]), xs


def test_a_python_decision_on_the_data_is_caught_by_check() -> None:
    w = Value(2.0)

    def branchy(x: Value) -> Value:
        return x * w if x.data > 0 else x * w * w  # the graph depends on the data

    tape = replay.record(branchy, 1.0)
    assert tape.forward(3.0, check=True) == 6.0
    assert tape.forward(-1.0) == -2.0  # silently the recorded branch: why check exists
    with pytest.raises(ReplayMismatch, match="depends on the data"):
        tape.forward(-1.0, check=True)


def test_a_constant_computed_from_the_data_is_caught_by_check() -> None:
    def shifted(xs: list[Value]) -> Value:
        biggest = max(x.data for x in xs)  # a number taken out of the graph
        return autograd.sum((x - biggest).exp() for x in xs)

    tape = replay.record(shifted, [1.0, 2.0])
    tape.forward([1.0, 2.0], check=True)
    with pytest.raises(ReplayMismatch):
        tape.forward([5.0, 2.0], check=True)


def test_a_class_index_from_the_data_is_caught_by_check() -> None:
    model = nn.MLP(3, [3], output_activation="linear", rng=0)
    tape = replay.record(lambda x, k: nn.cross_entropy(model(x), int(k.data)), [0.1, 0.2, 0.3], 1)
    tape.forward([0.3, 0.2, 0.1], 1, check=True)
    with pytest.raises(ReplayMismatch):
        tape.forward([0.3, 0.2, 0.1], 2, check=True)


def test_shapes_are_checked() -> None:
    tape = replay.record(lambda xs, y: autograd.sum(xs) * y, [1.0, 2.0], 3.0)
    assert tape.forward([2.0, 2.0], 0.5) == 2.0
    with pytest.raises(TypeError, match="2 data arguments"):
        tape.forward([1.0, 2.0])
    with pytest.raises(ValueError, match="had 2 items, now 3"):
        tape.forward([1.0, 2.0, 3.0], 1.0)
    with pytest.raises(TypeError, match="real number"):
        tape.forward(["a", 2.0], 1.0)


def test_numpy_data_and_several_outputs() -> None:
    np = pytest.importorskip("numpy")
    w = Value(1.5)
    tape = replay.record(lambda X: [autograd.sum(x * w for x in row) for row in X], np.ones((2, 3)))
    assert tape.forward(np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 1.0]])) == [9.0, 1.5]
    tape.backward()
    assert w.grad == 6.0  # the first output is differentiated


def test_errors_of_the_ops_come_through_with_the_new_data() -> None:
    tape = replay.record(lambda x: x.log(), 2.0)
    assert tape.forward(math.e) == 1.0
    with pytest.raises(ValueError, match="log"):
        tape.forward(-1.0)


def test_bad_functions_and_constant_outputs_are_explained() -> None:
    with pytest.raises(TypeError, match="returns a Value"):
        replay.record(lambda x: 3.0, 1.0)
    tape = replay.record(lambda x: x * 2, 1.0)  # nothing requires a gradient
    assert tape.forward(4.0) == 8.0
    with pytest.raises(ValueError, match="requires a gradient"):
        tape.backward()


def test_recording_happens_even_inside_no_grad_and_leaves_the_mode_alone() -> None:
    w = Value(3.0)
    with autograd.no_grad():
        tape = replay.record(lambda x: x * w, 2.0)
        assert not autograd.is_recording()
    assert len(tape) == 1
    assert tape.forward(5.0) == 15.0
    tape.backward()
    assert w.grad == 5.0
