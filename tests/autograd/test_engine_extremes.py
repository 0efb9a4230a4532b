"""nan, ±inf, ±0, subnormals and overflow: the expected IEEE results, op by op (no PyTorch needed).

Every row is what IEEE arithmetic gives (and what PyTorch gives: the table in
``test_engine_extremes_torch.py`` checks the same ops against it), or a domain
error that names the operation and the value. The overflow policy is IEEE: a
result too large for a float is ±inf, and ``backward()`` warns about it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import pytest

import autograd
import nn
from autograd import Value

INF, NAN = math.inf, math.nan
TINY = 5e-324  # the smallest subnormal


def same(ours: float, expected: float, signed_zero: bool = True) -> bool:
    """Equal as IEEE results: nan matches nan, and the sign of a zero counts (for values).

    Gradients start at +0.0 and accumulate, so a gradient of -0.0 reads +0.0, as
    a second backward() into a PyTorch leaf would too: their zeros are not compared by sign.
    """
    if math.isnan(expected):
        return math.isnan(ours)
    if ours == 0.0 and expected == 0.0 and signed_zero:
        return math.copysign(1.0, ours) == math.copysign(1.0, expected)
    return ours == expected or math.isclose(ours, expected, rel_tol=1e-15)


def run(fn: Callable[..., Value], *xs: float) -> tuple[float, list[float]]:
    values = [Value(x) for x in xs]
    out = fn(*values)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # non-finite gradients warn; checked elsewhere
        out.backward()
    return out.data, [v.grad for v in values]


# (name, function of Values, inputs, expected value, expected gradients)
ROWS: list[tuple[str, Callable[..., Value], tuple[float, ...], float, list[float]]] = [
    # division returns every representable quotient
    ("1/1e-160", lambda a, b: a / b, (1.0, 1e-160), 1e160, [1e160, -INF]),
    ("1e-10/1e-310", lambda a, b: a / b, (1e-10, 1e-310), 1.000000000000003e300, [INF, -INF]),
    ("1e-300/1e-160", lambda a, b: a / b, (1e-300, 1e-160), 1e-140, [1e160, -1e20]),
    ("1/subnormal", lambda a, b: a / b, (1.0, TINY), INF, [INF, -INF]),
    ("inf/2", lambda a, b: a / b, (INF, 2.0), INF, [0.5, -INF]),
    ("2/inf", lambda a, b: a / b, (2.0, INF), 0.0, [0.0, -0.0]),
    ("inf/inf", lambda a, b: a / b, (INF, INF), NAN, [0.0, NAN]),
    ("-0/2", lambda a, b: a / b, (-0.0, 2.0), -0.0, [0.5, 0.0]),
    # powers
    ("1e-200**-1", lambda a: a**-1, (1e-200,), 1e200, [-INF]),
    ("2**5000", lambda a: a**5000, (2.0,), INF, [INF]),
    ("(-2)**5001", lambda a: a**5001, (-2.0,), -INF, [INF]),
    ("inf**-1", lambda a: a**-1, (INF,), 0.0, [-0.0]),
    ("(-inf)**2", lambda a: a**2, (-INF,), INF, [-INF]),
    ("(-inf)**3", lambda a: a**3, (-INF,), -INF, [INF]),
    ("nan**0", lambda a: a**0, (NAN,), 1.0, [0.0]),
    ("0**0.5", lambda a: a**0.5, (0.0,), 0.0, [INF]),
    ("1e-200**2", lambda a: a**2, (1e-200,), 0.0, [2e-200]),
    ("2**inf (Value)", lambda a, b: a**b, (2.0, INF), INF, [INF, INF]),
    ("2**-inf (Value)", lambda a, b: a**b, (2.0, -INF), 0.0, [NAN, 0.0]),
    ("nan**0 (Value)", lambda a, b: a**b, (NAN, 0.0), 1.0, [0.0, NAN]),
    ("1**nan (Value)", lambda a, b: a**b, (1.0, NAN), 1.0, [NAN, 0.0]),
    ("2**10000 (Value)", lambda a, b: a**b, (2.0, 10000.0), INF, [INF, INF]),
    # + - * overflow and nan the same way
    ("1e308+1e308", lambda a, b: a + b, (1e308, 1e308), INF, [1.0, 1.0]),
    ("1e308*10", lambda a: a * 10.0, (1e308,), INF, [10.0]),
    ("inf-inf", lambda a, b: a - b, (INF, INF), NAN, [1.0, -1.0]),
    ("0*inf", lambda a, b: a * b, (0.0, INF), NAN, [INF, 0.0]),
    # exp, log, sqrt
    ("exp(1000)", Value.exp, (1000.0,), INF, [INF]),
    ("exp(-inf)", Value.exp, (-INF,), 0.0, [0.0]),
    ("exp(nan)", Value.exp, (NAN,), NAN, [NAN]),
    ("log(nan)", Value.log, (NAN,), NAN, [NAN]),
    ("log(inf)", Value.log, (INF,), INF, [0.0]),
    ("log(subnormal)", Value.log, (TINY,), -744.4400719213812, [INF]),
    ("sqrt(nan)", Value.sqrt, (NAN,), NAN, [NAN]),
    ("sqrt(inf)", Value.sqrt, (INF,), INF, [0.0]),
    ("sqrt(0)", Value.sqrt, (0.0,), 0.0, [INF]),
    ("sqrt(-0)", Value.sqrt, (-0.0,), -0.0, [-INF]),
    ("sqrt(subnormal)", Value.sqrt, (TINY,), 2.2227587494850775e-162, [2.2494568972715982e161]),
    # squashing functions saturate, never overflow
    ("tanh(inf)", Value.tanh, (INF,), 1.0, [0.0]),
    ("tanh(nan)", Value.tanh, (NAN,), NAN, [NAN]),
    ("sigmoid(-inf)", Value.sigmoid, (-INF,), 0.0, [0.0]),
    ("sigmoid(inf)", Value.sigmoid, (INF,), 1.0, [0.0]),
    ("sigmoid(nan)", Value.sigmoid, (NAN,), NAN, [NAN]),
    ("sigmoid(-800)", Value.sigmoid, (-800.0,), 0.0, [0.0]),
    ("softplus(inf)", Value.softplus, (INF,), INF, [1.0]),
    ("softplus(-inf)", Value.softplus, (-INF,), 0.0, [0.0]),
    ("softplus(nan)", Value.softplus, (NAN,), NAN, [NAN]),
    ("softplus(800)", Value.softplus, (800.0,), 800.0, [1.0]),
    # piecewise functions
    ("relu(nan)", Value.relu, (NAN,), NAN, [1.0]),
    ("relu(-0)", Value.relu, (-0.0,), -0.0, [0.0]),
    ("relu(-inf)", Value.relu, (-INF,), 0.0, [0.0]),
    ("relu(inf)", Value.relu, (INF,), INF, [1.0]),
    ("leaky_relu(nan)", Value.leaky_relu, (NAN,), NAN, [0.01]),
    ("leaky_relu(-0)", Value.leaky_relu, (-0.0,), -0.0, [0.01]),
    ("step(nan)", Value.step, (NAN,), 0.0, [0.0]),
    ("abs(nan)", abs, (NAN,), NAN, [0.0]),
    ("abs(-inf)", abs, (-INF,), INF, [-1.0]),
    ("abs(-0)", abs, (-0.0,), 0.0, [0.0]),
    ("sin(inf)", Value.sin, (INF,), NAN, [NAN]),
    ("cos(-inf)", Value.cos, (-INF,), NAN, [NAN]),
    ("sin(nan)", Value.sin, (NAN,), NAN, [NAN]),
    # several inputs
    ("maximum(nan, 1)", autograd.maximum, (NAN, 1.0), NAN, [1.0, 1.0]),
    ("maximum(1, nan)", autograd.maximum, (1.0, NAN), NAN, [1.0, 1.0]),
    ("minimum(1, nan)", autograd.minimum, (1.0, NAN), NAN, [1.0, 1.0]),
    ("maximum(inf, inf)", autograd.maximum, (INF, INF), INF, [0.5, 0.5]),
    ("logsumexp(inf, 1)", lambda *v: autograd.logsumexp(v), (INF, 1.0), INF, [NAN, 0.0]),
    ("logsumexp(-inf, -inf)", lambda *v: autograd.logsumexp(v), (-INF, -INF), -INF, [NAN, NAN]),
    ("logsumexp(-inf, 0)", lambda *v: autograd.logsumexp(v), (-INF, 0.0), 0.0, [0.0, 1.0]),
    ("logsumexp(1, nan)", lambda *v: autograd.logsumexp(v), (1.0, NAN), NAN, [NAN, NAN]),
    ("softmax(-inf, 0)[1]", lambda *v: autograd.softmax(v)[1], (-INF, 0.0), 1.0, [0.0, 0.0]),
    ("softmax(inf, 0)[0]", lambda *v: autograd.softmax(v)[0], (INF, 0.0), NAN, [NAN, NAN]),
    ("sum(inf, -inf)", lambda *v: autograd.sum(v), (INF, -INF), NAN, [1.0, 1.0]),
    # losses
    ("cross_entropy [1e16, 1e16]", lambda *z: nn.cross_entropy(list(z), 0), (1e16, 1e16), math.log(2), [-0.5, 0.5]),
    (
        "cross_entropy [1e15, 1e15, 0]",
        lambda *z: nn.cross_entropy(list(z), 0),
        (1e15, 1e15, 0.0),
        math.log(2),
        [-0.5, 0.5, 0.0],
    ),
    ("cross_entropy [-inf, 0] k=0", lambda *z: nn.cross_entropy(list(z), 0), (-INF, 0.0), INF, [-1.0, 1.0]),
    ("cross_entropy [-inf, 0] k=1", lambda *z: nn.cross_entropy(list(z), 1), (-INF, 0.0), 0.0, [0.0, 0.0]),
    ("cross_entropy [inf, 0]", lambda *z: nn.cross_entropy(list(z), 1), (INF, 0.0), NAN, [NAN, NAN]),
    ("cross_entropy [1e308, -1e308]", lambda *z: nn.cross_entropy(list(z), 1), (1e308, -1e308), INF, [1.0, -1.0]),
    ("mse(inf, 1)", lambda p: nn.mse(p, 1.0), (INF,), INF, [INF]),
    ("mse(nan, 1)", lambda p: nn.mse(p, 1.0), (NAN,), NAN, [NAN]),
    ("mae(nan, 1)", lambda p: nn.mae(p, 1.0), (NAN,), NAN, [0.0]),
    ("mae(-inf, 0)", lambda p: nn.mae(p, 0.0), (-INF,), INF, [-1.0]),
    ("bce_with_logits(800, 1)", lambda z: nn.bce_with_logits(z, 1.0), (800.0,), 0.0, [0.0]),
    ("bce_with_logits(-800, 1)", lambda z: nn.bce_with_logits(z, 1.0), (-800.0,), 800.0, [-1.0]),
    ("bce_with_logits(nan, 1)", lambda z: nn.bce_with_logits(z, 1.0), (NAN,), NAN, [NAN]),
]


@pytest.mark.parametrize(("fn", "inputs", "value", "grads"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS])
def test_ieee_results(fn: Callable[..., Value], inputs: tuple[float, ...], value: float, grads: list[float]) -> None:
    data, got = run(fn, *inputs)
    assert same(data, value), f"value {data!r}, expected {value!r}"
    assert all(same(g, e, signed_zero=False) for g, e in zip(got, grads)), f"gradients {got!r}, expected {grads!r}"


# (what, the call, the error type, text the message must hold: the operation and the value)
DOMAIN_ERRORS: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    ("log(0)", lambda: Value(0.0).log(), ValueError, "log(0.0)"),
    ("log(-0)", lambda: Value(-0.0).log(), ValueError, "log(-0.0)"),
    ("log(-inf)", lambda: Value(-INF).log(), ValueError, "log(-inf)"),
    ("sqrt(-inf)", lambda: Value(-INF).sqrt(), ValueError, "sqrt(-inf)"),
    ("sqrt(-subnormal)", lambda: Value(-TINY).sqrt(), ValueError, "sqrt(-5e-324)"),
    ("1/0", lambda: Value(1.0) / Value(0.0), ZeroDivisionError, "1.0 / 0.0"),
    ("1/-0", lambda: Value(1.0) / -0.0, ZeroDivisionError, "1.0 / -0.0"),
    ("nan/0", lambda: Value(NAN) / 0.0, ZeroDivisionError, "nan / 0.0"),
    ("0**-1", lambda: Value(0.0) ** -1, ZeroDivisionError, "0.0 ** -1"),
    ("(-inf)**0.5", lambda: Value(-INF) ** 0.5, ValueError, "(-inf) ** 0.5"),
    ("Value(10**400)", lambda: Value(10**400), OverflowError, "401 digits"),
    ("x ** 10**400", lambda: Value(2.0) ** 10**400, OverflowError, "the exponent of **"),
    ("bce(0, 1)", lambda: nn.bce(Value(0.0), 1.0), ValueError, "prediction 0 is 0.0"),
    ("bce(subnormal, 1)", lambda: nn.bce(Value(TINY), 1.0), ValueError, "prediction 0 is 5e-324"),
    ("bce(nan, 1)", lambda: nn.bce(Value(NAN), 1.0), ValueError, "prediction 0 is nan"),
    ("bce_with_logits(inf, 1)", lambda: nn.bce_with_logits(Value(INF), 1.0), ValueError, "logit 0 is inf"),
    ("bce_with_logits(-inf, 0)", lambda: nn.bce_with_logits(Value(-INF), 0.0), ValueError, "logit 0 is -inf"),
]


@pytest.mark.parametrize(
    ("call", "error", "text"), [row[1:] for row in DOMAIN_ERRORS], ids=[r[0] for r in DOMAIN_ERRORS]
)
def test_domain_errors_name_the_operation_and_the_value(call: Callable[[], object], error: type, text: str) -> None:
    with pytest.raises(error) as caught:
        call()
    assert text in str(caught.value)
    assert "math domain error" not in str(caught.value)


def test_bce_keeps_exact_terms_up_to_pytorchs_clamp() -> None:
    """ŷ = 1e-40 still has an exact loss (92.1, below PyTorch's clamp at 100); 1e-50 does not."""
    assert nn.bce(Value(1e-40), 1.0).data == pytest.approx(-math.log(1e-40), rel=1e-15)
    with pytest.raises(ValueError, match="above 100"):
        nn.bce(Value(1e-50), 1.0)


def test_backward_warns_when_the_output_overflowed() -> None:
    x = Value(1000.0, label="x")
    y = x.exp() * 0.0 + x  # inf * 0 is nan: the output is not finite (x's gradient is a fine 1.0)
    with pytest.warns(RuntimeWarning, match="the output value is nan"):
        y.backward()
    big = Value(1e308) * 10.0 + Value(1.0, label="b")  # the output overflowed; b's gradient is a fine 1.0
    with pytest.warns(RuntimeWarning, match="the output value is inf"):
        big.backward()


def test_finite_results_do_not_warn() -> None:
    a, b = Value(1e-300), Value(1e-160)
    y = a / b  # 1e-140; d/db = -a/b**2 = -1e20, though 1/b**2 would overflow
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y.backward()
    assert (y.data, a.grad, b.grad) == (1e-140, 1e160, -1e20)


def test_cross_entropy_is_accurate_for_any_finite_logits() -> None:
    """The loss at big logits equals the loss at the same logits shifted to near 0."""
    for shift in (0.0, 1e3, 1e10, 1e15, 1e16, 1e300):
        z = [shift + 2.0, shift + 0.5, shift - 1.0] if shift < 1e15 else [shift, shift, shift]
        expected = nn.cross_entropy([2.0, 0.5, -1.0], 1).data if shift < 1e15 else math.log(3)
        assert nn.cross_entropy(z, 1).data == pytest.approx(expected, rel=1e-9)
    soft = nn.cross_entropy([1e16, 1e16], [0.5, 0.5])
    assert soft.data == pytest.approx(math.log(2), rel=1e-15)
    assert nn.cross_entropy([[1e16, 1e16], [-1e300, 0.0]], [0, 1]).data == pytest.approx(math.log(2) / 2, rel=1e-15)


def test_numbers_too_large_for_a_float_are_named_whatever_their_type() -> None:
    from fractions import Fraction

    for make in (
        lambda: Value(Fraction(10**400, 3)),
        lambda: Value(2.0) * 10**400,
        lambda: Value(1.0).leaky_relu(10**400),
    ):
        with pytest.raises(OverflowError, match="too large for a float"):
            make()
