"""The engine's contract: known values, the classic traps, modes, numpy and construction."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import autograd
from autograd import Value, grad, no_grad, topological_order, zero_grad

# -- known values ------------------------------------------------------------------


def test_tanh_derivative_at_0_8() -> None:
    x = Value(0.8)
    x.tanh().backward()
    assert x.grad == pytest.approx(1 - math.tanh(0.8) ** 2, abs=1e-15)
    assert round(x.grad, 4) == 0.5591


# The activation table of the "numerical problems" deck, at z = [2.0, -1.5, 0.8, -0.3].
Z = [2.0, -1.5, 0.8, -0.3]


def values_and_slopes(method: str) -> tuple[list[float], list[float]]:
    values, slopes = [], []
    for z in Z:
        x = Value(z)
        out = getattr(x, method)()
        out.backward()
        values.append(out.data)
        slopes.append(x.grad)
    return values, slopes


def test_sigmoid_table() -> None:
    values, slopes = values_and_slopes("sigmoid")
    assert [round(v, 3) for v in values] == [0.881, 0.182, 0.690, 0.426]
    # The slide prints 0.245 for the last slope: it multiplies the rounded 0.426 by
    # 0.574 (= 0.244524 -> 0.245). The exact slope is 0.42556 * 0.57444 = 0.244458.
    assert [round(s, 3) for s in slopes] == [0.105, 0.149, 0.214, 0.244]


def test_tanh_table() -> None:
    values, slopes = values_and_slopes("tanh")
    assert [round(v, 3) for v in values] == [0.964, -0.905, 0.664, -0.291]
    # The slide prints 0.070 for the first slope. Even from its own rounded 0.964,
    # 1 - 0.964**2 = 0.0707; the exact value is 1 - tanh(2)**2 = 0.070651 -> 0.071.
    assert [round(s, 3) for s in slopes] == [0.071, 0.181, 0.559, 0.915]


def test_relu_table_with_relu_prime_of_zero_being_zero() -> None:
    values, slopes = values_and_slopes("relu")
    assert values == [2.0, 0.0, 0.8, 0.0]
    assert slopes == [1.0, 0.0, 1.0, 0.0]
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0


def test_leaky_relu_and_step_conventions() -> None:
    x = Value(-2.0)
    y = x.leaky_relu(0.1)
    y.backward()
    assert (y.data, x.grad) == (pytest.approx(-0.2), pytest.approx(0.1))
    assert Value(0.5).step(threshold=0.5).data == 1.0  # fires at z >= threshold
    assert Value(0.49).step(threshold=0.5).data == 0.0


def test_micrograd_style_neuron() -> None:
    """The classic single tanh neuron: out = tanh(x1*w1 + x2*w2 + b) = 0.7071."""
    x1, x2, w1, w2 = Value(2.0), Value(0.0), Value(-3.0), Value(1.0)
    b = Value(6.8813735870195432)
    out = (x1 * w1 + x2 * w2 + b).tanh()
    out.backward()
    assert out.data == pytest.approx(math.sqrt(0.5))
    assert [x1.grad, x2.grad, w1.grad, w2.grad, b.grad] == pytest.approx([-1.5, 0.5, 1.0, 0.0, 0.5])


# -- the classic traps -------------------------------------------------------------


def test_reused_value_counts_every_use() -> None:
    a = Value(3.0)
    b = a + a
    assert b.inputs == (a, a)
    b.backward()
    assert a.grad == 2.0


def test_diamond() -> None:
    """a feeds b and c, both feed d: dd/da sums the two paths."""
    a = Value(2.0)
    b = a * 3.0
    c = a.exp()
    d = b * c
    d.backward()
    # d = 3a * e**a, so dd/da = 3 e**a + 3a e**a
    assert a.grad == pytest.approx(3 * math.exp(2) + 6 * math.exp(2))


@pytest.mark.slow
def test_chain_of_a_million_nodes() -> None:
    x = Value(0.5)
    y = x
    for _ in range(1_000_000):
        y = y.sin()
    y.backward()  # no RecursionError
    assert len(topological_order(y)) == 1_000_001
    assert 0 < x.grad < 1  # a product of a million cosines of small positive numbers


def test_sum_of_a_hundred_thousand_values_is_one_node() -> None:
    xs = [Value(float(i)) for i in range(100_000)]
    total = autograd.sum(xs)
    assert total.op == "sum" and len(total.inputs) == 100_000
    assert total.data == sum(range(100_000))
    total.backward()
    assert all(x.grad == 1.0 for x in xs)


def test_two_backward_calls_accumulate_on_leaves_only() -> None:
    a, b = Value(2.0), Value(-3.0)
    hidden = a * b
    out = hidden * 2.0
    out.backward()
    assert (a.grad, b.grad, hidden.grad) == (-6.0, 4.0, 2.0)
    out.backward()
    # Leaves accumulate like PyTorch; the intermediate node holds this call's gradient.
    assert (a.grad, b.grad, hidden.grad) == (-12.0, 8.0, 2.0)
    zero_grad(out)
    assert (a.grad, b.grad, hidden.grad, out.grad) == (0.0, 0.0, 0.0, 0.0)
    out.backward()
    assert (a.grad, b.grad) == (-6.0, 4.0)


def test_backward_with_an_upstream_gradient() -> None:
    a = Value(2.0)
    (a * a).backward(grad=0.5)
    assert a.grad == 2.0


def labels_in_order() -> list[str]:
    xs = [Value(float(i), label=f"x{i}") for i in range(6)]
    y = (xs[0] * xs[1] + xs[2]).tanh() * autograd.sum(xs[3:]) + xs[0]
    return [node.label or node.op for node in topological_order(y)]


def test_topological_order_is_deterministic() -> None:
    first = labels_in_order()
    assert first == labels_in_order()
    assert first[0] == "x0" and first[-1] == "+"
    # ... and across interpreter runs with different hash seeds.
    here = str(Path(__file__).parent)
    code = f"import sys; sys.path.insert(0, {here!r}); from test_engine_values import labels_in_order as f; print(f())"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert outputs == {f"{first}\n"}


def test_topological_order_puts_inputs_first() -> None:
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    order = topological_order(d)
    for node in order:
        for child in node.inputs:
            assert order.index(child) < order.index(node)


# -- requires_grad, no_grad, detach, grad() ----------------------------------------


def test_constants_get_no_gradient_and_no_work() -> None:
    a = Value(2.0)
    c = Value(3.0, requires_grad=False)
    d = c * c  # built only from constants
    y = a * d
    assert not d.requires_grad and y.requires_grad
    y.backward()
    assert a.grad == 9.0
    assert (c.grad, d.grad) == (0.0, 0.0)
    assert d not in topological_order(y, only_requiring_grad=True)


def test_backward_on_a_constant_explains_itself() -> None:
    with pytest.raises(ValueError, match="does not depend on anything that requires a gradient"):
        (Value(1.0, requires_grad=False) * 2).backward()


def test_no_grad_records_nothing_and_restores_itself() -> None:
    a = Value(2.0)
    with no_grad():
        assert not autograd.is_recording()
        y = a * a + 1
        with no_grad():
            pass
        assert not autograd.is_recording()
    assert autograd.is_recording()
    assert y.data == 5.0 and y.inputs == () and not y.requires_grad
    with pytest.raises(RuntimeError), no_grad():
        raise RuntimeError("boom")
    assert autograd.is_recording()


def test_detach_cuts_the_graph() -> None:
    a = Value(2.0, label="a")
    b = (a * 3).detach()
    y = b * a
    y.backward()
    assert a.grad == 6.0  # only the direct use of a; b is a constant
    assert b.label == "" and b.grad == 0.0 and not b.requires_grad


def test_functional_grad_does_not_touch_grad_fields() -> None:
    a, b = Value(2.0), Value(-3.0)
    y = a * b + a.tanh()
    da, db = grad(y, [a, b])
    assert (a.grad, b.grad, y.grad) == (0.0, 0.0, 0.0)
    y.backward()
    assert (da, db) == (a.grad, b.grad)
    assert grad(y, a) == a.grad
    assert grad(y, Value(1.0)) == 0.0  # not in the graph
    with pytest.raises(TypeError, match="item 1"):
        grad(y, [a, 2.0])  # type: ignore[list-item]


def test_functional_grad_works_for_constants_too() -> None:
    x = Value(4.0, requires_grad=False)
    w = Value(0.5)
    assert grad(w * x, x) == 0.5


# -- numpy -------------------------------------------------------------------------


@pytest.mark.parametrize("scalar", [np.float64(1.5), np.float32(1.5), np.int64(3), np.int8(3), 2, True])
def test_numpy_and_python_scalars_become_floats(scalar: object) -> None:
    v = Value(scalar)
    assert type(v.data) is float and v.data == float(scalar)  # type: ignore[arg-type]


def test_zero_dimensional_arrays_convert_but_vectors_do_not() -> None:
    assert Value(np.array(2.5)).data == 2.5
    with pytest.raises(TypeError, match="make a list of Values"):
        Value(np.array([1.0, 2.0]))
    with pytest.raises(TypeError, match="real number"):
        Value(np.array("text"))


def test_numpy_scalar_on_either_side() -> None:
    v = Value(3.0)
    for result in (np.float64(2.0) * v, v * np.float64(2.0), np.float64(1.0) + v, v - np.int64(1)):
        assert isinstance(result, Value)
    assert (np.float64(2.0) * v).data == 6.0


def test_matrix_form_with_object_arrays() -> None:
    """z = W @ x + b with numpy arrays of Values, as the lectures write it."""
    W = np.array([[Value(0.5), Value(0.2)], [Value(-0.3), Value(0.8)], [Value(0.1), Value(-0.4)]], dtype=object)
    x = np.array([1.0, 0.5])
    b = np.array([Value(0.1), Value(-0.2), Value(0.3)], dtype=object)
    z = W @ x + b
    assert [round(v.data, 10) for v in z] == [0.7, -0.1, 0.2]
    loss = (z * z).sum()
    loss.backward()
    assert W[0, 1].grad == pytest.approx(2 * 0.7 * 0.5)
    assert b[2].grad == pytest.approx(2 * 0.2)


# -- construction, repr, errors ------------------------------------------------------


def test_repr_and_float() -> None:
    assert repr(Value(2.0)) == "Value(data=2.0, grad=0.0)"
    assert repr(Value(2.0, label="a")) == "Value(data=2.0, grad=0.0, label='a')"
    assert float(Value(2.5)) == 2.5


def test_value_has_slots_and_public_fields() -> None:
    v = Value(1.0)
    assert not hasattr(v, "__dict__")
    y = v * 2
    assert y.op == "*" and isinstance(y.inputs, tuple) and y.local_grads == (2.0, 1.0)


@pytest.mark.parametrize(
    ("bad", "words"),
    [("abc", "str 'abc'"), (None, "NoneType"), (1 + 2j, "complex"), ([1.0], "list"), (Value(1.0), "already a Value")],
)
def test_bad_data_is_a_type_error_that_says_what_was_given(bad: object, words: str) -> None:
    with pytest.raises(TypeError, match="real number") as error:
        Value(bad)
    assert words in str(error.value)


def test_bad_label_and_bad_operand() -> None:
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Value(1.0) + "2"  # type: ignore[operator]
    with pytest.raises(TypeError, match="item 1"):
        autograd.sum([Value(1.0), "x"])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("compute", "error", "words"),
    [
        (lambda: Value(0.0).log(), ValueError, "log(0.0)"),
        (lambda: Value(-8.0) ** (1 / 3), ValueError, "(-8.0) ** 0.333333"),
        (lambda: Value(1.0) / 0, ZeroDivisionError, "1.0 / 0.0"),
        (lambda: 1.0 / Value(0.0), ZeroDivisionError, "1.0 / 0.0"),
        (lambda: Value(0.0) ** -1, ZeroDivisionError, "0.0 ** -1"),
        (lambda: Value(-1.0).sqrt(), ValueError, "sqrt(-1.0)"),
        (lambda: Value(-2.0) ** Value(2.0), ValueError, "ln of a negative base"),
        (lambda: Value(-1.0, label="h").log(), ValueError, "labelled 'h'"),
    ],
)
def test_domain_errors_name_the_operation_and_the_value(compute, error, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error) as caught:
        compute()
    assert words in str(caught.value)
    assert "math domain error" not in str(caught.value)


def test_negative_base_with_whole_exponent_is_fine() -> None:
    x = Value(-2.0)
    y = x**3
    y.backward()
    assert (y.data, x.grad) == (-8.0, 12.0)
    z = Value(-2.0) ** Value(2.0, requires_grad=False)  # constant exponent: no log needed
    assert z.data == 4.0


def test_sqrt_at_zero_has_an_infinite_slope_and_backward_warns() -> None:
    x = Value(0.0)
    with pytest.warns(RuntimeWarning, match="non-finite gradient"):
        x.sqrt().backward()
    assert x.grad == math.inf


def test_nan_input_is_allowed_and_backward_warns() -> None:
    x = Value(math.nan, label="x")
    y = x * 2.0 + 1.0
    assert math.isnan(y.data)
    with pytest.warns(RuntimeWarning, match="for x"):
        (y * x).backward()
    assert math.isnan(x.grad)


# -- numerical stability -------------------------------------------------------------

EXTREMES = [1e3, -1e3, 1e6, -1e6, 1e308, -1e308]


@pytest.mark.parametrize("x", EXTREMES)
def test_stable_ops_stay_finite_at_extremes(x: float) -> None:
    v = Value(x)
    other = Value(0.0)
    outputs = [
        v.sigmoid(),
        v.tanh(),
        v.softplus(),
        autograd.logsumexp([v, other]),
        autograd.logsumexp([v, v]),
        *autograd.softmax([v, other]),
    ]
    for out in outputs:
        assert math.isfinite(out.data), out
        gradients = grad(out, [v, other])
        assert all(math.isfinite(g) for g in gradients), (out, gradients)


def test_stable_ops_match_their_textbook_forms_where_those_work() -> None:
    for x in [-30.0, -1.0, 0.0, 2.5, 30.0]:
        assert Value(x).sigmoid().data == pytest.approx(1 / (1 + math.exp(-x)), rel=1e-12)
        assert Value(x).softplus().data == pytest.approx(math.log(1 + math.exp(x)), rel=1e-12)
    xs = [1.0, 2.0, 3.0]
    assert autograd.logsumexp(xs).data == pytest.approx(math.log(sum(math.exp(x) for x in xs)))
    probabilities = [s.data for s in autograd.softmax(xs)]
    assert sum(probabilities) == pytest.approx(1.0)
    assert probabilities[2] == pytest.approx(math.exp(3) / sum(math.exp(x) for x in xs))


def test_maximum_and_minimum() -> None:
    a, b = Value(2.0), Value(5.0)
    m = autograd.maximum(a, b)
    m.backward()
    assert (m.data, a.grad, b.grad) == (5.0, 0.0, 1.0)
    tie_a, tie_b = Value(1.0), Value(1.0)
    autograd.minimum(tie_a, tie_b).backward()
    assert (tie_a.grad, tie_b.grad) == (0.5, 0.5)
    assert autograd.maximum(3, Value(1.0)).data == 3.0


def test_dot_checks_lengths_and_is_one_node() -> None:
    w = [Value(1.0), Value(2.0)]
    z = autograd.dot(w, [Value(3.0), Value(4.0)], bias=Value(0.5))
    assert (z.op, len(z.inputs), z.data) == ("dot", 5, 11.5)
    assert z.local_grads == (3.0, 4.0, 1.0, 2.0, 1.0)
    with pytest.raises(ValueError, match="2 weights and 3 inputs"):
        autograd.dot(w, [1.0, 2.0, 3.0])


def test_dot_with_plain_numbers_keeps_them_as_coefficients_not_nodes() -> None:
    w = [Value(1.0, label="w0"), Value(2.0, label="w1")]
    b = Value(0.5, label="b")
    z = autograd.dot(w, [3.0, 4], bias=b)
    assert (z.op, z.inputs, z.data, z.local_grads) == ("scaled_sum", (*w, b), 11.5, (3.0, 4.0, 1.0))
    z.backward()
    assert [p.grad for p in (*w, b)] == [3.0, 4.0, 1.0]
    # The numbers may be on either side; the result is the same.
    x = [Value(3.0), Value(4.0)]
    assert autograd.dot([1.0, 2.0], x).data == 11.0 and autograd.dot([1.0, 2.0], x).inputs == tuple(x)
    # Mixed sides, and numbers on both, keep the constant nodes of a plain dot.
    assert autograd.dot(w, [3.0, Value(4.0)]).op == "dot"
    both = autograd.dot([1.0, 2.0], [3.0, 4.0])
    assert (both.op, both.data, both.requires_grad) == ("dot", 11.0, False)
    assert autograd.dot(iter(w), iter([3.0, 4.0])).data == 11.0  # any iterables, as before


def test_scaled_sum_matches_central_differences_and_the_plain_dot() -> None:
    import random

    rng = random.Random(3)
    coefficients = [rng.uniform(-2, 2) for _ in range(7)]
    values = [Value(rng.uniform(-2, 2)) for _ in range(7)]
    bias = Value(0.25)
    out = autograd.dot(values, coefficients, bias).tanh()
    reference = autograd.dot(values, [Value(c, requires_grad=False) for c in coefficients], bias).tanh()
    assert out.data == reference.data
    got = autograd.grad(out, [*values, bias])
    assert got == autograd.grad(reference, [*values, bias])
    assert autograd.gradcheck(lambda *vs: autograd.dot(list(vs[:-1]), coefficients, vs[-1]).tanh(), [*values, bias])


def test_constant_is_the_value_a_checked_constructor_makes() -> None:
    from autograd.value import constant

    fields = ("data", "grad", "inputs", "local_grads", "op", "label", "requires_grad", "role")
    made, checked = constant(0.25, "c"), Value(0.25, label="c", requires_grad=False)
    assert [getattr(made, f) for f in fields] == [getattr(checked, f) for f in fields]
    # an operator's float operand becomes such a constant
    product = Value(2.0) * 0.25
    assert product.inputs[1].data == 0.25 and not product.inputs[1].requires_grad


def test_n_ary_functions_say_they_need_a_list() -> None:
    for call, where in (
        (lambda: autograd.dot(5, [1.0]), "dot() weights"),
        (lambda: autograd.dot([Value(1.0)], 2.0), "dot() inputs"),
        (lambda: autograd.sum(3), "sum()"),
        (lambda: autograd.logsumexp(Value(1.0)), "logsumexp()"),
    ):
        with pytest.raises(TypeError, match=rf"{re.escape(where)} needs a list of Values or numbers"):
            call()
