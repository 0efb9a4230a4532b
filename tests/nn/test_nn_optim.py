"""SGD and Adam: their updates against the formulas, and their errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

import nn
from autograd import Value


def test_sgd_plain_step_is_p_minus_lr_grad() -> None:
    p = Value(0.5)
    p.grad = -0.2261
    nn.SGD([p], lr=0.1).step()
    assert p.data == pytest.approx(0.5 + 0.02261)


def test_plain_sgd_is_exactly_p_minus_lr_grad_even_for_an_infinite_parameter() -> None:
    ps = [Value(0.5), Value(-3.25), Value(math.inf), Value(-0.0)]
    for p, g in zip(ps, [-0.2261, 1e-300, 1.0, -0.0]):
        p.grad = g
    expected = [p.data - 0.1 * p.grad for p in ps]
    nn.SGD(ps, lr=0.1).step()
    assert [p.data for p in ps] == expected  # bit for bit; inf stays inf (no 0 * inf from a weight decay of 0)


def test_sgd_momentum_and_weight_decay_follow_pytorch() -> None:
    p = Value(1.0)
    opt = nn.SGD([p], lr=0.1, momentum=0.9, weight_decay=0.01)
    expected, v = 1.0, 0.0
    for grad in [0.5, 0.2, -0.3]:
        p.grad = grad
        opt.step()
        g = grad + 0.01 * expected
        v = 0.9 * v + g
        expected -= 0.1 * v
        assert p.data == pytest.approx(expected, abs=1e-15)


def test_adam_first_step_moves_each_parameter_by_about_lr() -> None:
    a, b = Value(1.0), Value(1.0)
    a.grad, b.grad = 1e-3, -50.0
    nn.Adam([a, b], lr=0.01).step()
    assert a.data == pytest.approx(1.0 - 0.01, rel=1e-6)
    assert b.data == pytest.approx(1.0 + 0.01, rel=1e-6)


def test_adam_matches_the_formula_over_steps() -> None:
    p = Value(0.3)
    opt = nn.Adam([p], lr=0.05, betas=(0.8, 0.9), eps=1e-6, weight_decay=0.1)
    value, m, v = 0.3, 0.0, 0.0
    for t, grad in enumerate([0.4, -0.1, 0.25], start=1):
        p.grad = grad
        opt.step()
        g = grad + 0.1 * value
        m = 0.8 * m + 0.2 * g
        v = 0.9 * v + 0.1 * g * g
        value -= 0.05 * (m / (1 - 0.8**t)) / (math.sqrt(v / (1 - 0.9**t)) + 1e-6)
        assert p.data == pytest.approx(value, abs=1e-15)


def test_zero_grad_clears_every_parameter() -> None:
    model = nn.MLP(2, [2, 1], rng=0)
    opt = nn.SGD(model.parameters(), lr=0.1)
    model([1.0, 2.0])[0].backward()
    opt.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_a_training_step_lowers_the_loss() -> None:
    model = nn.MLP(2, [3, 1], rng=0)
    opt = nn.SGD(model.parameters(), lr=0.1)
    losses = []
    for _ in range(5):
        opt.zero_grad()
        loss = nn.mse(model([0.5, -1.0]), 2.0)
        loss.backward()
        opt.step()
        losses.append(loss.data)
    assert losses == sorted(losses, reverse=True) and losses[-1] < losses[0]


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda ps: nn.SGD([], lr=0.1), ValueError, "no parameters"),
        (lambda ps: nn.SGD(ps, lr=0.0), ValueError, "lr must be > 0"),
        (lambda ps: nn.SGD(ps, lr="0.1"), TypeError, "lr must be a number"),
        (lambda ps: nn.SGD(ps, lr=0.1, momentum=1.0), ValueError, "momentum"),
        (lambda ps: nn.SGD(ps, lr=0.1, weight_decay=-1), ValueError, "weight_decay"),
        (lambda ps: nn.SGD([1.0], lr=0.1), TypeError, "model.parameters"),
        (lambda ps: nn.Adam(ps, lr=0.1, betas=(0.9,)), ValueError, "pair"),
        (lambda ps: nn.Adam(ps, lr=0.1, eps=0), ValueError, "eps"),
    ],
)
def test_optimizer_errors(make: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        make([Value(1.0)])  # type: ignore[operator]


def test_passing_the_model_instead_of_its_parameters_says_what_to_write() -> None:
    model = nn.MLP(2, [1], rng=0)
    with pytest.raises(TypeError, match=r"model\.parameters\(\)"):
        nn.SGD(model, lr=0.1)  # type: ignore[arg-type]


def test_numpy_numbers_are_numbers() -> None:
    opt = nn.SGD([Value(1.0)], lr=np.float32(0.5), momentum=np.float64(0.5))
    assert opt.lr == 0.5 and opt.momentum == 0.5
    assert nn.Adam([Value(1.0)], lr=np.float32(0.25)).lr == 0.25


def test_a_parameter_listed_twice_is_refused() -> None:
    # It would be updated twice per step.
    p = Value(1.0)
    with pytest.raises(ValueError, match="more than once"):
        nn.SGD([p, Value(2.0), p], lr=0.1)


def test_adam_repr_shows_weight_decay() -> None:
    assert "weight_decay=0.1" in repr(nn.Adam([Value(1.0)], weight_decay=0.1))


def test_the_base_class_says_which_optimizers_to_use() -> None:
    with pytest.raises(NotImplementedError, match=r"nn\.SGD or nn\.Adam"):
        nn.Optimizer([Value(1.0)], lr=0.1).step()
