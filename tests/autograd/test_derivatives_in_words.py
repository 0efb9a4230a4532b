"""Every operation the engine records has its local derivative in words, in one table."""

from __future__ import annotations

import pytest

import autograd
import nn
from autograd import Value
from autograd.derivatives import IN_WORDS, local_derivative_in_words, multiplied_by


def one_of_each_operation() -> list[Value]:
    a, b = Value(0.7, label="a"), Value(1.3, label="b")
    return [
        a + b,
        a * b,
        a / b,
        a**2,
        a**b,
        a.exp(),
        a.log(),
        a.sqrt(),
        a.tanh(),
        a.sigmoid(),
        a.softplus(),
        a.relu(),
        a.leaky_relu(),
        a.step(),
        a.sin(),
        a.cos(),
        abs(a),
        autograd.sum([a, b, a]),
        autograd.dot([a], [b], bias=a),
        autograd.dot([a, b], [2.0, -1.0], bias=b),
        autograd.logsumexp([a, b]),
        autograd.softmax([a, b])[0],
        autograd.maximum(a, b),
        autograd.minimum(a, b),
        nn.cross_entropy([a, b], 0),
    ]


@pytest.mark.parametrize("node", one_of_each_operation(), ids=lambda node: node.op)
def test_every_operation_is_in_the_table(node: Value) -> None:
    for index in range(len(node.inputs)):
        words = local_derivative_in_words(node, index)
        assert not words.startswith("the derivative of"), f"{node.op} has no entry in IN_WORDS"


def test_the_power_rule_names_its_exponent_and_dot_names_its_partners() -> None:
    x = Value(3.0, label="x")
    assert local_derivative_in_words(x**2, 0) == "n·x^(n−1) with n = 2"
    w, v, b = Value(1.0), Value(2.0), Value(0.5)
    z = autograd.dot([w], [v], bias=b)
    assert multiplied_by(z, 0) is v and multiplied_by(z, 1) is w and multiplied_by(z, 2) is None
    assert local_derivative_in_words(z, 2) == "1, for the bias"
    assert multiplied_by(w * v, 0) is v and multiplied_by(w.tanh(), 0) is None
    assert "**n" in IN_WORDS and "dot" in IN_WORDS
    scaled = autograd.dot([w, v], [2.0, -1.0], bias=b)  # numbers are coefficients: no node to point at
    assert scaled.op == "scaled_sum" and [multiplied_by(scaled, i) for i in range(3)] == [None, None, None]
    assert "coefficient" in local_derivative_in_words(scaled, 0)
