"""Operations where many Values meet: sum, dot, softmax, log-sum-exp, cross-entropy, maximum, minimum.

Each is ONE node with many inputs, the way the lectures draw a single Σ: a sum
of n Values is one node with n local derivatives (all 1), not a chain of n - 1
additions. That keeps graphs small, drawings readable and backward fast.

Read next: ``backward.py``, which treats these nodes exactly like any other.
"""

from __future__ import annotations

import builtins
import math
import operator
from collections.abc import Iterable, Sequence
from numbers import Real

from autograd.value import Local, Operand, Value, _apply, _as_float, _operand


def _as_tuple(items: Iterable[Operand], where: str) -> tuple[Operand, ...]:
    """The items of a list (or any iterable) as a tuple, or an error that says a list was needed."""
    try:
        return tuple(items)
    except TypeError:
        raise TypeError(f"{where} needs a list of Values or numbers, got {type(items).__name__} {items!r}") from None


def _as_values(items: Iterable[Operand], where: str) -> tuple[Value, ...]:
    """Values stay as they are, numbers become constants; anything else is an error."""
    given = _as_tuple(items, where)
    # The common case, every item already a Value (a neuron's weights and inputs),
    # costs one quick pass: it runs on every forward step of every neuron.
    for item in given:
        if not isinstance(item, Value):
            break
    else:
        return given  # type: ignore[return-value]
    values = []
    for position, item in enumerate(given):
        value = _operand(item)
        if value is NotImplemented:
            raise TypeError(f"{where} needs Values or numbers; item {position} is {type(item).__name__} {item!r}")
        values.append(value)
    return tuple(values)


def _plain_numbers(items: tuple[Operand, ...]) -> tuple[float, ...] | None:
    """The items as floats when every one is a plain real number (not a Value); else None."""
    kinds = set(map(type, items))  # a set of one or two types, however long the list
    if not kinds or Value in kinds or not all(issubclass(kind, Real) for kind in kinds):
        return None
    if kinds == {float}:
        return items  # type: ignore[return-value]
    return tuple(_as_float(item, "dot()") for item in items)


def sum(values: Iterable[Operand]) -> Value:  # noqa: A001 - the name users expect; builtins.sum stays reachable
    """f = x1 + x2 + ... + xn as one node;  df/dxi = 1 for every i.  An empty sum is 0."""
    inputs = _as_values(values, "sum()")
    return _apply("sum", _sum, inputs, inputs)


def _sum(*values: Value) -> Local:
    return builtins.sum([value.data for value in values]), (1.0,) * len(values)


def dot(weights: Sequence[Operand], xs: Sequence[Operand], bias: Operand | None = None) -> Value:
    """The weighted sum of a neuron as one node: f = w1*x1 + ... + wn*xn (+ b).

    df/dwi = xi,  df/dxi = wi,  df/db = 1. The inputs are recorded in the order
    w1..wn, x1..xn, then b.

    When one side is plain numbers only (``dot(ws, [0.5, 2.0, ...])``), those numbers
    are fixed coefficients c, not nodes: the node is f = c1*v1 + ... + cn*vn (+ b), op
    "scaled_sum", its inputs the Values v1..vn (then b) and its local derivatives
    the coefficients (then 1). With a constant node made for each number, a dot
    product of 1e5 took 4x as long, forward and backward (measured, 3.11).
    """
    weights, xs = _as_tuple(weights, "dot() weights"), _as_tuple(xs, "dot() inputs")
    if len(weights) != len(xs):
        raise ValueError(f"dot() needs as many weights as inputs, got {len(weights)} weights and {len(xs)} inputs")
    b = None if bias is None else _as_values([bias], "dot() bias")[0]
    w_numbers, x_numbers = _plain_numbers(weights), _plain_numbers(xs)
    if x_numbers is not None and w_numbers is None:
        return _scaled_sum(_as_values(weights, "dot() weights"), x_numbers, b)
    if w_numbers is not None and x_numbers is None:
        return _scaled_sum(_as_values(xs, "dot() inputs"), w_numbers, b)
    return weighted_sum(_as_values(weights, "dot() weights"), _as_values(xs, "dot() inputs"), b)


def _scaled_sum(values: tuple[Value, ...], coefficients: tuple[float, ...], bias: Value | None) -> Value:
    """f = c1*v1 + ... + cn*vn (+ b) for numbers c: one node whose inputs are the v's (and b)."""
    inputs = values if bias is None else (*values, bias)
    return _apply("scaled_sum", _scaled_sum_rule, inputs, (values, coefficients, bias))


def _scaled_sum_rule(values: Sequence[Value], coefficients: tuple[float, ...], bias: Value | None) -> Local:
    """f = c1*v1 + ... + cn*vn (+ b);  df/dvi = ci,  df/db = 1."""
    total = builtins.sum(map(operator.mul, coefficients, [value.data for value in values]))
    if bias is None:
        return total, coefficients
    return total + bias.data, (*coefficients, 1.0)


def weighted_sum(ws: tuple[Value, ...], xs: tuple[Value, ...], bias: Value | None) -> Value:
    """``dot()`` for callers that already hold Values, as many weights as inputs: no checks.

    A neuron's weights and inputs are Values by construction, so ``nn`` calls this
    directly: checking them on every call took 12% of a training step (measured).
    """
    if bias is None:
        return _apply("dot", _dot, ws + xs, (ws, xs, None))
    return _apply("dot", _dot, (*ws, *xs, bias), (ws, xs, bias))


def _dot(ws: Sequence[Value], xs: Sequence[Value], bias: Value | None) -> Local:
    w_data = [w.data for w in ws]
    x_data = [x.data for x in xs]
    total = builtins.sum(map(operator.mul, w_data, x_data))
    if bias is None:
        return total, (*x_data, *w_data)
    return total + bias.data, (*x_data, *w_data, 1.0)


def logsumexp(values: Iterable[Operand]) -> Value:
    """f = ln(e**x1 + ... + e**xn);  df/dxi = e**xi / (e**x1 + ... + e**xn) = softmax(x)_i.

    Computed as m + ln(sum of e**(xi - m)) with m = max(x): every exponent is at
    most 0, so nothing overflows for any finite input. With an infinite or nan
    input the result is what IEEE arithmetic (and PyTorch) gives: inf if any
    xi = inf, -inf if all are -inf, nan if any is nan; the local derivatives are
    then e**(xi - f), which is nan where xi = f = ±inf.
    """
    inputs = _as_values(values, "logsumexp()")
    if not inputs:
        raise ValueError("logsumexp() needs at least one value")
    return _apply("logsumexp", _logsumexp, inputs, inputs)


def _logsumexp(*values: Value) -> Local:
    xs = [value.data for value in values]
    probabilities, m, log_shifted_total = _stable_softmax(xs)
    if not math.isfinite(m):
        return m, tuple(math.exp(x - m) for x in xs)
    return m + log_shifted_total, tuple(probabilities)


def softmax(values: Iterable[Operand]) -> list[Value]:
    """s_i = e**xi / sum_j e**xj, one node per output;  ds_i/dx_j = s_i * ([i == j] - s_j).

    Stable for any finite input (the largest x is subtracted before exponentiating).
    For a loss on top of softmax, prefer log-sum-exp: log(s_i) = x_i - logsumexp(x).
    """
    inputs = _as_values(values, "softmax()")
    if not inputs:
        raise ValueError("softmax() needs at least one value")
    return [_apply("softmax", _softmax_output, inputs, (inputs, i)) for i in range(len(inputs))]


def _softmax_output(values: tuple[Value, ...], i: int) -> Local:
    """Output i of softmax; each output is a rule of its own, so replay can recompute it alone."""
    probabilities, _, _ = _stable_softmax([value.data for value in values])
    s_i = probabilities[i]
    return s_i, tuple(s_i * ((1.0 if i == j else 0.0) - s_j) for j, s_j in enumerate(probabilities))


def cross_entropy(logits: Iterable[Operand], weights: Sequence[float]) -> Value:
    """Softmax cross-entropy as one node: f = -Σ_c y_c ln softmax(z)_c;  df/dz_j = softmax(z)_j - y_j.

    ``weights`` are the target probabilities y (one-hot for a class, summing to 1).
    Each -ln softmax(z)_c is computed as ln Σ_j e**(z_j - m) - (z_c - m) with
    m = max(z), so the loss is accurate for any finite logits: [1e16, 1e16] gives
    ln 2, where logsumexp(z) - z_0 would give 0 (1e16 + ln 2 rounds to 1e16).
    A class with weight 0 adds nothing, even when its logit is -inf (0 · ln 0 = 0).
    """
    inputs = _as_values(logits, "cross_entropy()")
    ys = tuple(float(y) for y in weights)
    if not inputs or len(ys) != len(inputs):
        raise ValueError(f"cross_entropy() needs one weight per logit, got {len(inputs)} logits and {len(ys)} weights")
    return _apply("cross_entropy", _cross_entropy, inputs, (inputs, ys))


def _cross_entropy(logits: tuple[Value, ...], ys: tuple[float, ...]) -> Local:
    zs = [value.data for value in logits]
    probabilities, m, log_shifted_total = _stable_softmax(zs)
    loss = builtins.sum([y * (log_shifted_total - (z - m)) for z, y in zip(zs, ys) if y != 0])
    return loss, tuple(p - y for p, y in zip(probabilities, ys))


def _largest(xs: list[float]) -> float:
    """max(xs), except that a nan anywhere makes it nan (Python's max would depend on the order)."""
    m = max(xs)
    return m if not any(x != x for x in xs) else math.nan  # x != x only for nan


def _stable_softmax(xs: list[float]) -> tuple[list[float], float, float]:
    """Softmax probabilities of xs, m = max(xs) and ln(sum of e**(x - m)), without overflow.

    ln(sum of e**x) is m + the last number. For finite xs every exponent is at most
    0 and the sum is at least 1. An infinite largest x makes every probability nan,
    as in IEEE arithmetic and PyTorch (e**(inf - inf) is nan).
    """
    m = _largest(xs)
    exps = [math.exp(x - m) for x in xs]
    total = builtins.sum(exps)
    return [e / total for e in exps], m, math.log(total)


def maximum(a: Operand, b: Operand) -> Value:
    """f = max(a, b);  the gradient goes to the larger input (split 1/2 each on a tie).

    A nan on either side makes the result nan (whichever side it is on, as in
    PyTorch), and both inputs get the whole gradient.
    """
    inputs = _as_values([a, b], "maximum()")
    return _apply("max", _maximum, inputs, inputs)


def minimum(a: Operand, b: Operand) -> Value:
    """f = min(a, b);  the gradient goes to the smaller input (split 1/2 each on a tie; nan as in maximum)."""
    inputs = _as_values([a, b], "minimum()")
    return _apply("min", _minimum, inputs, inputs)


def _maximum(first: Value, second: Value) -> Local:
    return _pick(first, second, first.data > second.data)


def _minimum(first: Value, second: Value) -> Local:
    return _pick(first, second, first.data < second.data)


def _pick(first: Value, second: Value, first_wins: bool) -> Local:
    if first.data != first.data or second.data != second.data:  # a nan: PyTorch's result and slopes
        return math.nan, (1.0, 1.0)
    if first.data == second.data:
        return first.data, (0.5, 0.5)
    if first_wins:
        return first.data, (1.0, 0.0)
    return second.data, (0.0, 1.0)
