"""The perceptron and its learning rule, including the gate examples of decks 002 and 004."""

from __future__ import annotations

import numpy as np
import pytest

import nn
from nn.data import truth_table


def test_deck_004_fires_on_a_weighted_sum_of_069_against_threshold_05() -> None:
    # The slide's inputs and weights are in a figure that did not survive extraction;
    # any that sum to 0.69 do: 1 * 0.4 + 1 * 0.29.
    p = nn.Perceptron(2, threshold=0.5, weights=[0.4, 0.29])
    out = p([1.0, 1.0])
    assert round(out.inputs[0].data, 2) == 0.69 and out.data == 1.0
    assert p.predict([1.0, 0.0]) == 0  # 0.4 < 0.5: does not fire


def test_step_fires_at_exactly_the_threshold() -> None:
    assert nn.Perceptron(1, threshold=0.5, weights=[0.5]).predict([1.0]) == 1


def test_deck_002_single_update_with_lr_001() -> None:
    # w = [1, -1, -1] on the augmented x' = [1, 0, 0] (bias first), y = 0: the
    # perceptron fires (ŷ = 1), err = -1, w <- w + 0.01 * -1 * x' = [0.99, -1, -1].
    p = nn.Perceptron(2, weights=[-1.0, -1.0], bias=1.0)
    history = p.fit([[0.0, 0.0]], [0.0], lr=0.01, epochs=1)
    assert history.updates[0].prediction == 1.0
    assert (p.b.data, [w.data for w in p.w]) == (0.99, [-1.0, -1.0])
    assert history.errors == [1] and not history.converged


def test_deck_002_hand_set_and_or_lines() -> None:
    # AND: x1 + x2 = 1.5 separates; OR: x1 + x2 = 0.5 separates.
    for gate, bias in [("AND", -1.5), ("OR", -0.5)]:
        X, y = truth_table(gate)
        p = nn.Perceptron(2, weights=[1.0, 1.0], bias=bias)
        assert [p.predict(x) for x in X] == list(y)


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND", "NOR", "NOT"])
def test_perceptron_learns_the_linearly_separable_gates(gate: str) -> None:
    X, y = truth_table(gate)
    p = nn.Perceptron(X.shape[1])
    history = p.fit(X, y, lr=1.0, epochs=50)
    assert history.converged and history.errors[-1] == 0
    assert [p.predict(x) for x in X] == list(y)
    assert history.epochs == len(history.errors) < 50


def test_perceptron_reports_that_xor_does_not_converge() -> None:
    X, y = truth_table("XOR")
    p = nn.Perceptron(2)
    history = p.fit(X, y, lr=1.0, epochs=30)
    assert not history.converged
    assert history.epochs == 30 and all(e > 0 for e in history.errors)
    assert sum(p.predict(x) == t for x, t in zip(X, y)) < 4


def test_every_update_is_recorded_with_the_weights_after_it() -> None:
    X, y = truth_table("AND")
    p = nn.Perceptron(2)
    history = p.fit(X, y, lr=0.5, epochs=20)
    assert len(history.updates) == sum(history.errors)
    first = history.updates[0]
    # zero weights: z = 0 >= 0 fires on (0, 0) whose target is 0
    assert (first.epoch, first.sample, first.target, first.prediction) == (0, 0, 0.0, 1.0)
    assert (first.w, first.b) == ((0.0, 0.0), -0.5)
    last = history.updates[-1]
    assert (last.w, last.b) == (tuple(w.data for w in p.w), p.b.data)


def test_perceptron_structure_labels_and_errors() -> None:
    p = nn.Perceptron(3, threshold=0.2)
    assert p.num_parameters() == 4 and p.threshold == 0.2
    out = p([1, 2, 3])
    assert (out.op, out.label, out.inputs[0].label) == ("step", "a1[0]", "z1[0]")
    assert p.w[2].label == "W1[0,2]" and p.b.label == "b1[0]"
    with pytest.raises(ValueError, match="3 weights, got 2"):
        nn.Perceptron(3, weights=[1.0, 2.0])
    with pytest.raises(ValueError, match="0/1 targets"):
        p.fit([[1, 2, 3]], [2])
    with pytest.raises(ValueError, match="1 samples in X but 2"):
        p.fit([[1, 2, 3]], [0, 1])
    with pytest.raises(ValueError, match="takes 3 inputs"):
        p.predict([1, 2])
    assert "threshold=0.2" in repr(p)


def test_fit_refuses_a_learning_rate_that_cannot_learn_and_empty_data() -> None:
    X, y = truth_table("AND")
    for lr in (0.0, -1.0):
        with pytest.raises(ValueError, match="lr must be > 0"):
            nn.Perceptron(2).fit(X, y, lr=lr)
    with pytest.raises(ValueError, match="no samples"):
        nn.Perceptron(2).fit([], [])
    with pytest.raises(ValueError, match="epochs must be a whole number"):
        nn.Perceptron(2).fit(X, y, epochs=True)  # type: ignore[arg-type]


def test_fit_takes_boolean_targets_and_numpy_epoch_counts() -> None:
    X, y = truth_table("AND")
    history = nn.Perceptron(2).fit(X, [False, False, False, True], epochs=np.int64(20))  # type: ignore[list-item, arg-type]
    assert history.converged and history.errors == nn.Perceptron(2).fit(X, y, epochs=20).errors


def test_deck_002_strict_convention_fires_only_above_the_threshold() -> None:
    # Deck 002 writes ŷ = 1 only for Σ w_i x_i > THRESHOLD; decks 000 and 004 fire at >=.
    assert nn.Perceptron(1, threshold=0.5, weights=[0.5], strict=True).predict([1.0]) == 0
    assert nn.Perceptron(1, threshold=0.5, weights=[0.5], strict=True).predict([1.0000001]) == 1
    assert nn.Perceptron(1, threshold=0.5, weights=[0.5]).predict([1.0]) == 1
    moved = nn.Perceptron(1, threshold=0.5, weights=[0.5], strict=True)
    moved.threshold = 0.4  # the attributes stay the truth
    assert moved.predict([1.0]) == 1
    # From zero weights with lr = 1 the two conventions learn AND along different paths:
    # the first prediction, at z = 0, is 1 under >= and 0 under >.
    X, y = truth_table("AND")
    strict = nn.Perceptron(2, strict=True)
    history = strict.fit(X, y, lr=1.0, epochs=20)
    assert history.updates[0].sample == 3 and history.updates[0].prediction == 0.0
    assert ([w.data for w in strict.w], strict.b.data, history.epochs) == ([2.0, 1.0], -2.0, 6)
    usual = nn.Perceptron(2)
    usual_history = usual.fit(X, y, lr=1.0, epochs=20)
    assert ([w.data for w in usual.w], usual.b.data, usual_history.epochs) == ([2.0, 1.0], -3.0, 6)
    assert "fires at z > threshold" in repr(strict) and "fires" not in repr(usual)


def test_repr_of_a_big_perceptron_stays_short() -> None:
    text = repr(nn.Perceptron(784))
    assert len(text) < 120 and "784 weights" in text
    assert repr(nn.Perceptron(2, weights=[1.0, -0.5], bias=0.25)) == "Perceptron(w=[1, -0.5], b=0.25, threshold=0)"


def test_history_repr_is_a_short_summary() -> None:
    X, y = truth_table("XOR")
    history = nn.Perceptron(2).fit(X, y, epochs=100)
    text = repr(history)
    assert len(text) < 120 and "100 epochs" in text and "did not converge" in text
    X, y = truth_table("AND")
    assert repr(nn.Perceptron(2).fit(X, y, epochs=20)) == (
        "PerceptronHistory(6 epochs, errors per epoch [2, 3, 3, 2, 1, 0], 11 updates, converged)"
    )
