"""Losses: values and gradients against the formulas, conventions, stability and errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nn
from autograd import Value, gradcheck


def values(*numbers: float) -> list[Value]:
    return [Value(x) for x in numbers]


def test_mse_mean_sum_and_half() -> None:
    pred = values(5.0, 5.0)
    target = [3.0, 8.0]
    assert nn.mse(pred, target).data == (4 + 9) / 2
    assert nn.mse(pred, target, reduction="sum").data == 13
    assert nn.mse(pred, target, reduction="sum", half=True).data == 6.5
    assert nn.mse(pred, target, half=True).data == 13 / 4


def test_mse_with_half_has_gradient_prediction_minus_target() -> None:
    # deck 003: l = 1/2 (ŷ - y)², dl/dŷ = ŷ - y; y = 3, ŷ = 5 gives l = 2, gradient 2
    p = Value(5.0)
    loss = nn.mse(p, 3.0, half=True)
    loss.backward()
    assert (loss.data, p.grad) == (2.0, 2.0)
    q = Value(5.0)
    loss = nn.mse(q, 8.0, half=True)
    loss.backward()
    assert (loss.data, q.grad) == (4.5, -3.0)


def test_mae_values_and_sign_gradient() -> None:
    # deck 003: y = 3, ŷ = 5: l = 2, dl/dŷ = +1; y = 8, ŷ = 5: l = 3, dl/dŷ = -1
    a, b = values(5.0, 5.0)
    nn.mae([a, b], [3.0, 8.0], reduction="sum").backward()
    assert (a.grad, b.grad) == (1.0, -1.0)
    assert nn.mae([5.0, 5.0], [3.0, 8.0]).data == 2.5


def test_bce_matches_the_decks_examples() -> None:
    # deck 003: y = 1, ŷ = 0.9: l ≈ 0.105, dl/dŷ ≈ -1.11; y = 1, ŷ = 0.1: l ≈ 2.303, dl/dŷ = -10
    p = Value(0.9)
    loss = nn.bce(p, 1)
    loss.backward()
    assert round(loss.data, 3) == 0.105 and round(p.grad, 2) == -1.11
    q = Value(0.1)
    loss = nn.bce(q, 1)
    loss.backward()
    assert round(loss.data, 3) == 2.303 and q.grad == pytest.approx(-10.0)
    # y = 0, ŷ = 0.9: l = -ln(0.1) ≈ 2.303, dl/dŷ = 10
    r = Value(0.9)
    loss = nn.bce(r, 0)
    loss.backward()
    assert round(loss.data, 3) == 2.303 and r.grad == pytest.approx(10.0)


def test_bce_with_a_soft_target_and_its_gradient_formula() -> None:
    p = Value(0.3)
    loss = nn.bce(p, 0.25)
    loss.backward()
    assert loss.data == pytest.approx(-(0.25 * math.log(0.3) + 0.75 * math.log(0.7)))
    assert p.grad == pytest.approx((0.3 - 0.25) / (0.3 * 0.7))


def test_bce_loss_node_for_target_one_is_minus_log() -> None:
    loss = nn.bce(Value(0.7739), 1)
    assert loss.label == "loss" and loss.op == "*" and loss.inputs[0].op == "log"


def test_bce_errors() -> None:
    with pytest.raises(ValueError, match=r"between 0 and 1.*target 0 is 1\.5"):
        nn.bce(Value(0.5), 1.5)
    with pytest.raises(ValueError, match="bce_with_logits"):
        nn.bce(Value(1.0), 0)
    with pytest.raises(ValueError, match="between 0 and 1"):
        nn.bce_with_logits(Value(0.5), -1)


def test_bce_at_a_saturated_but_correct_prediction_is_zero() -> None:
    assert nn.bce(Value(1.0), 1).data == 0.0
    assert nn.bce(Value(0.0), 0).data == 0.0


@settings(max_examples=200, deadline=None)
@given(z=st.floats(-15, 15), t=st.sampled_from([0.0, 1.0, 0.3]))
def test_bce_with_logits_matches_bce_of_sigmoid(z: float, t: float) -> None:
    # Beyond |z| = 15 it is bce(sigmoid(z)) that loses digits: 1 - sigmoid(z) is
    # computed from a rounded sigmoid; the logit form stays exact (next test).
    logit = Value(z)
    loss = nn.bce_with_logits(logit, t)
    loss.backward()
    prob = Value(z).sigmoid()
    assert loss.data == pytest.approx(nn.bce(prob, t).data, rel=1e-6, abs=1e-12)
    assert logit.grad == pytest.approx(prob.data - t, abs=1e-12)


@given(z=st.floats(-700, 700), t=st.sampled_from([0.0, 1.0, 0.3]))
def test_bce_with_logits_equals_the_exact_formula(z: float, t: float) -> None:
    # -[t ln σ(z) + (1 - t) ln(1 - σ(z))] = t ln(1 + e^-z) + (1 - t) ln(1 + e^z)
    exact = t * (max(-z, 0) + math.log1p(math.exp(-abs(z)))) + (1 - t) * (max(z, 0) + math.log1p(math.exp(-abs(z))))
    assert nn.bce_with_logits(Value(z), t).data == pytest.approx(exact, rel=1e-12, abs=1e-300)


@given(z=st.floats(allow_nan=False, allow_infinity=False), t=st.sampled_from([0.0, 1.0, 0.5]))
def test_bce_with_logits_is_finite_for_any_finite_logit(z: float, t: float) -> None:
    logit = Value(z)
    loss = nn.bce_with_logits(logit, t)
    loss.backward()
    assert math.isfinite(loss.data) and loss.data >= 0.0
    assert math.isfinite(logit.grad) and -1.0 <= logit.grad <= 1.0


def test_softmax_of_the_deck_003_example() -> None:
    # z = [1, 2, 3] -> [0.090, 0.245, 0.665]
    probs = nn.softmax(values(1.0, 2.0, 3.0))
    assert [round(p.data, 3) for p in probs] == [0.090, 0.245, 0.665]


def test_cross_entropy_of_the_deck_003_example() -> None:
    # z = [2.0, 1.0, 0.1, -1.0], true class 1. The slide prints softmax
    # [0.638, 0.235, 0.096, 0.032], loss 1.447 and gradient [0.638, -0.765, 0.096, 0.032].
    # Two of its numbers come from rounded intermediates: it divides the rounded
    # e^-1.9 = 0.150 by the rounded sum 1.568, giving 0.096; exactly it is
    # 0.14957 / 1.56724 = 0.09543 -> 0.095. And -ln(0.23473) = 1.4493 -> 1.449
    # (even -ln(0.235) is 1.448, not 1.447).
    z = values(2.0, 1.0, 0.1, -1.0)
    loss = nn.cross_entropy(z, 1)
    loss.backward()
    assert [round(p.data, 3) for p in nn.softmax(z)] == [0.638, 0.235, 0.095, 0.032]
    assert round(loss.data, 3) == 1.449
    assert [round(v.grad, 3) for v in z] == [0.638, -0.765, 0.095, 0.032]
    # the same with a one-hot target
    z2 = values(2.0, 1.0, 0.1, -1.0)
    loss2 = nn.cross_entropy(z2, [0, 1, 0, 0])
    loss2.backward()
    assert loss2.data == loss.data and [v.grad for v in z2] == [v.grad for v in z]


def test_cross_entropy_soft_targets_and_batches() -> None:
    z = values(0.5, -0.5)
    loss = nn.cross_entropy(z, [0.25, 0.75])
    expected = -(0.25 * math.log(math.exp(0.5) / (math.exp(0.5) + math.exp(-0.5)))) - 0.75 * math.log(
        math.exp(-0.5) / (math.exp(0.5) + math.exp(-0.5))
    )
    assert loss.data == pytest.approx(expected)
    batch = nn.cross_entropy([[2.0, 0.0], [0.0, 2.0]], [0, 0])
    one = nn.cross_entropy([2.0, 0.0], 0).data
    two = nn.cross_entropy([0.0, 2.0], 0).data
    assert batch.data == pytest.approx((one + two) / 2)
    assert nn.cross_entropy(np.array([[2.0, 0.0], [0.0, 2.0]]), np.array([0, 0]), reduction="sum").data == (
        pytest.approx(one + two)
    )


def test_cross_entropy_is_stable_for_huge_logits() -> None:
    z = values(1000.0, -1000.0, 0.0)
    loss = nn.cross_entropy(z, 1)
    loss.backward()
    assert loss.data == pytest.approx(2000.0)
    assert [v.grad for v in z] == pytest.approx([1.0, -1.0, 0.0])


def test_cross_entropy_errors() -> None:
    with pytest.raises(ValueError, match="class index 4 is out of range: there are 4 classes, numbered 0 to 3"):
        nn.cross_entropy(values(1, 2, 3, 4), 4)
    with pytest.raises(ValueError, match="out of range"):
        nn.cross_entropy(values(1, 2), -1)
    with pytest.raises(TypeError, match="whole number"):
        nn.cross_entropy(values(1, 2), 0.5)
    with pytest.raises(ValueError, match="3 logits but a target list of 2"):
        nn.cross_entropy(values(1, 2, 3), [0, 1])
    with pytest.raises(ValueError, match="one-hot"):
        nn.cross_entropy(values(1, 2), [1, 1])
    with pytest.raises(ValueError, match="2 samples of logits but 1 targets"):
        nn.cross_entropy([[1, 2], [3, 4]], [0])


def test_hinge() -> None:
    s = values(0.3, 2.0, -0.5)
    loss = nn.hinge(s, [1, 1, 1], reduction="sum")
    loss.backward()
    assert loss.data == pytest.approx(0.7 + 0.0 + 1.5)
    assert [v.grad for v in s] == [-1.0, 0.0, -1.0]
    with pytest.raises(ValueError, match=r"-1 or \+1.*2 \* y - 1"):
        nn.hinge(Value(0.3), 0)


def test_lengths_that_differ_and_bad_reduction() -> None:
    with pytest.raises(ValueError, match="2 predictions but 3 targets"):
        nn.mse(values(1, 2), [1, 2, 3])
    with pytest.raises(ValueError, match="'mean' or 'sum'"):
        nn.mse(values(1, 2), [1, 2], reduction="avg")
    with pytest.raises(ValueError, match="'mean' or 'sum'"):
        nn.cross_entropy(values(1, 2), 0, reduction="none")
    with pytest.raises(TypeError, match="must be a number"):
        nn.mse(values(1, 2), [1, "2"])


def test_batches_of_output_lists_flatten() -> None:
    loss = nn.mse([values(1.0, 2.0), values(3.0, 4.0)], [[0.0, 0.0], [0.0, 0.0]])
    assert loss.data == (1 + 4 + 9 + 16) / 4
    assert nn.mse(values(1.0, 2.0), np.array([1.0, 2.0])).data == 0.0


def test_every_loss_is_labelled_loss_and_single_elements_make_no_extra_nodes() -> None:
    p = Value(0.4)
    for loss in [nn.mse(p, 1.0), nn.mae(p, 1.0), nn.bce(p, 1.0), nn.bce_with_logits(p, 1.0), nn.hinge(p, 1.0)]:
        assert loss.label == "loss"
    assert nn.mse(p, 1.0).op == "**2"
    assert nn.mse([p, p], [1.0, 1.0], reduction="sum").op == "sum"


@pytest.mark.parametrize("name", ["mse", "mae", "bce", "bce_with_logits", "hinge"])
def test_loss_gradients_match_central_differences(name: str) -> None:
    fn = getattr(nn, name)
    target = [1.0, -1.0] if name == "hinge" else [1.0, 0.0]
    preds = values(0.3, 0.6)
    report = gradcheck(lambda a, b: fn([a, b], target), preds)
    assert report, report


def test_cross_entropy_gradient_matches_central_differences() -> None:
    report = gradcheck(lambda a, b, c: nn.cross_entropy([a, b, c], 2), values(0.3, -1.2, 2.0))
    assert report, report


def test_bce_refuses_numbers_that_are_not_probabilities() -> None:
    # Passing logits (a linear output) instead of probabilities used to give a
    # negative "loss" without a word: bce(3.0, 1) = -ln 3.
    for prob, target in [(3.0, 1), (1.2, 1), (-0.2, 0), (-0.5, 1)]:
        with pytest.raises(ValueError, match=r"probabilities.*bce_with_logits"):
            nn.bce(Value(prob), target)


def test_cross_entropy_needs_at_least_two_classes() -> None:
    # With one logit softmax is always 1 and the loss always 0: nothing would learn.
    with pytest.raises(ValueError, match=r"at least 2 logits.*bce_with_logits"):
        nn.cross_entropy([Value(0.3)], 0)


def test_cross_entropy_batch_with_a_single_target_says_how_many() -> None:
    with pytest.raises(TypeError, match="2 samples of logits: give 2 targets"):
        nn.cross_entropy([[1.0, 2.0], [3.0, 4.0]], 0)


def test_targets_must_be_finite() -> None:
    with pytest.raises(ValueError, match=r"mse\(\) target 1 is nan"):
        nn.mse([Value(1.0), Value(2.0)], [1.0, float("nan")])
    with pytest.raises(ValueError, match="inf"):
        nn.mae(Value(1.0), float("inf"))


def test_half_must_be_true_or_false() -> None:
    with pytest.raises(TypeError, match="half must be True or False"):
        nn.mse(Value(2.0), 1.0, half="yes")  # type: ignore[arg-type]


def test_softmax_of_a_single_number_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match=r"softmax\(\) needs a list"):
        nn.softmax(1.0)  # type: ignore[arg-type]
