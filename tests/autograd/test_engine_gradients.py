"""Every operation's gradient against central differences, from one table of ops.

Each row names an operation, how many inputs it takes, and the domain its inputs
are drawn from (away from kinks such as relu at 0, where the derivative jumps
and central differences straddle the jump). Hypothesis draws the inputs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value, gradcheck


@dataclass(frozen=True)
class Op:
    name: str
    f: Callable[..., Value]
    domains: tuple[tuple[float, float], ...]
    avoid: Callable[..., bool] = lambda *xs: False  # inputs too close to a kink or a tie


WIDE = (-5.0, 5.0)
POSITIVE = (0.05, 5.0)


def near(x: float, point: float, gap: float = 1e-3) -> bool:
    return abs(x - point) < gap


OPS = [
    Op("add", lambda a, b: a + b, (WIDE, WIDE)),
    Op("add number", lambda a: 3.5 + a, (WIDE,)),
    Op("mul", lambda a, b: a * b, (WIDE, WIDE)),
    Op("mul self", lambda a: a * a, (WIDE,)),
    Op("sub", lambda a, b: a - b, (WIDE, WIDE)),
    Op("rsub", lambda a: 2.0 - a, (WIDE,)),
    Op("div", lambda a, b: a / b, (WIDE, POSITIVE)),
    Op("rdiv", lambda a: 2.0 / a, (POSITIVE,)),
    Op("neg", lambda a: -a, (WIDE,)),
    Op("pow 3", lambda a: a**3, (WIDE,)),
    Op("pow -2", lambda a: a**-2, (POSITIVE,)),
    Op("pow 0.5", lambda a: a**0.5, (POSITIVE,)),
    Op("pow Value", lambda a, b: a**b, (POSITIVE, WIDE)),
    Op("rpow", lambda a: 2.0**a, (WIDE,)),
    Op("exp", lambda a: a.exp(), ((-20.0, 20.0),)),
    Op("log", lambda a: a.log(), (POSITIVE,)),
    Op("sqrt", lambda a: a.sqrt(), (POSITIVE,)),
    Op("tanh", lambda a: a.tanh(), (WIDE,)),
    Op("sigmoid", lambda a: a.sigmoid(), ((-30.0, 30.0),)),
    Op("softplus", lambda a: a.softplus(), ((-30.0, 30.0),)),
    Op("relu", lambda a: a.relu(), (WIDE,), lambda a: near(a, 0)),
    Op("leaky_relu", lambda a: a.leaky_relu(0.1), (WIDE,), lambda a: near(a, 0)),
    Op("abs", lambda a: abs(a), (WIDE,), lambda a: near(a, 0)),
    Op("step", lambda a: a.step(0.5) * a, (WIDE,), lambda a: near(a, 0.5)),
    Op("sin", lambda a: a.sin(), (WIDE,)),
    Op("cos", lambda a: a.cos(), (WIDE,)),
    Op("sum", lambda a, b, c: autograd.sum([a, b, c, a]), (WIDE, WIDE, WIDE)),
    Op("dot", lambda a, b, c, d: autograd.dot([a, b], [c, d]), (WIDE,) * 4),
    Op("dot bias", lambda a, b, c: autograd.dot([a, b], [c, 2.0], bias=c), (WIDE,) * 3),
    Op("logsumexp", lambda a, b, c: autograd.logsumexp([a, b, c]), ((-50.0, 50.0),) * 3),
    Op(
        "softmax",
        lambda a, b, c: autograd.sum(s * k for s, k in zip(autograd.softmax([a, b, c]), [1.0, -2.0, 3.0])),
        ((-20.0, 20.0),) * 3,
    ),
    Op("maximum", lambda a, b: autograd.maximum(a, b), (WIDE, WIDE), lambda a, b: near(a, b)),
    Op("minimum", lambda a, b: autograd.minimum(a, b), (WIDE, WIDE), lambda a, b: near(a, b)),
    Op(
        "composite",
        lambda a, b: (a * b + a.tanh()).relu() * b.sigmoid(),
        (WIDE, WIDE),
        lambda a, b: near(a * b + math.tanh(a), 0),
    ),
]


@pytest.mark.parametrize("op", OPS, ids=[op.name for op in OPS])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_gradient_matches_central_differences(op: Op, data: st.DataObject) -> None:
    xs = [data.draw(st.floats(low, high), label=f"x{i}") for i, (low, high) in enumerate(op.domains)]
    if op.avoid(*xs):
        return
    values = [Value(x, label=f"x{i}") for i, x in enumerate(xs)]
    report = gradcheck(op.f, values, atol=1e-5, rtol=1e-4)
    assert report.passed, f"{op.name} at {xs}:\n{report}"


def test_gradcheck_reports_a_wrong_gradient() -> None:
    """The referee must be able to say no: a node with a wrong local derivative fails."""

    def broken_square(x: Value) -> Value:
        out = x * x
        out.local_grads = (1.0, 1.0)  # wrong on purpose: d(x*x)/dx is 2x, not 2
        return out

    report = gradcheck(broken_square, [Value(3.0, label="x")])
    assert not report.passed
    assert report.rows[0].analytic == pytest.approx(2.0)
    assert report.rows[0].numeric == pytest.approx(6.0)
    assert "FAILED" in str(report)


def test_numerical_grad_leaves_the_given_values_untouched() -> None:
    a, b = Value(2.0), Value(-1.0)
    estimates = autograd.numerical_grad(lambda x, y: x * y + x, [a, b])
    assert estimates == pytest.approx([0.0, 2.0], abs=1e-6)
    assert (a.data, b.data, a.grad, b.grad) == (2.0, -1.0, 0.0, 0.0)


def test_numerical_grad_rejects_a_bad_step() -> None:
    with pytest.raises(ValueError, match="eps"):
        autograd.numerical_grad(lambda x: x, [Value(1.0)], eps=0.0)
