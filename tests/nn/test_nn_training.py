"""fit(): the loop, its history, progress bar and errors; learning from fixed seeds."""

from __future__ import annotations

import numpy as np
import pytest

import nn
from autograd import Value
from nn import data


def test_fit_full_batch_equals_the_hand_written_loop() -> None:
    X, y = data.truth_table("OR")
    by_fit = nn.MLP(2, [3, 1], "tanh", "sigmoid", rng=5)
    by_hand = nn.MLP(2, [3, 1], "tanh", "sigmoid", rng=5)
    history = nn.fit(by_fit, X, y, "mse", nn.SGD(by_fit.parameters(), lr=0.5), epochs=3, shuffle=False, progress=False)
    optimizer = nn.SGD(by_hand.parameters(), lr=0.5)
    hand_losses = []
    for _ in range(3):
        optimizer.zero_grad()
        losses = [nn.mse(by_hand(x), t) for x, t in zip(X.tolist(), y.tolist())]
        loss = sum(losses, Value(0.0)) * 0.25
        loss.backward()
        optimizer.step()
        hand_losses.append(loss.data)
    for a, b in zip(by_fit.parameters(), by_hand.parameters()):
        assert a.data == pytest.approx(b.data, abs=1e-14)
    assert history.loss == pytest.approx(hand_losses, abs=1e-14)
    assert history.accuracy is None and history.epochs == 3


def test_history_has_accuracy_for_classification_losses() -> None:
    X, y = data.truth_table("AND")
    # x1 + x2 - 1.5 separates AND; a tiny step keeps the predictions as they are
    right = nn.MLP.from_weights([[[1.0, 1.0]]], [[-1.5]], "linear")
    history = nn.fit(right, X, y, "bce_with_logits", nn.SGD(right.parameters(), lr=1e-9), epochs=3, progress=False)
    assert history.accuracy == [1.0, 1.0, 1.0]
    always_one = nn.MLP.from_weights([[[1.0, 1.0]]], [[10.0]], "linear")
    history = nn.fit(always_one, X, y, "bce_with_logits", nn.SGD(always_one.parameters(), lr=1e-9), 1, progress=False)
    assert history.accuracy == [0.25]
    regression = nn.MLP.from_weights([[[1.0, 1.0]]], [[-0.5]], "linear")
    forced = nn.fit(regression, X, y, "mse", nn.SGD(regression.parameters(), lr=1e-9), 1, progress=False, accuracy=True)
    assert forced.accuracy == [0.5]  # output >= 0.5 means 1: the outputs -0.5, 0.5, 0.5, 1.5 say 0, 1, 1, 1
    assert nn.fit(right, X, y, "mse", nn.SGD(right.parameters(), lr=1e-9), 1, progress=False).accuracy is None


def test_same_seed_same_training() -> None:
    X, y = data.moons(40, rng=1)
    runs = []
    start = nn.MLP(2, [4, 1], rng=2).weights()
    for _ in range(2):
        model = nn.MLP(2, [4, 1], rng=2)
        nn.fit(
            model, X, y, "bce_with_logits", nn.Adam(model.parameters(), lr=0.05), 3, batch_size=8, rng=7, progress=False
        )
        runs.append(model.weights())
    assert runs[0] == runs[1] != start
    other = nn.MLP(2, [4, 1], rng=2)
    nn.fit(other, X, y, "bce_with_logits", nn.Adam(other.parameters(), lr=0.05), 3, batch_size=8, rng=8, progress=False)
    assert other.weights() != runs[0]  # another shuffling seed, another path


def test_progress_bar_on_by_default_and_off_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    X, y = data.truth_table("OR")
    model = nn.MLP(2, [1], output_activation="sigmoid", rng=0)
    nn.fit(model, X, y, "bce", nn.SGD(model.parameters(), lr=0.1), epochs=2)
    shown = capsys.readouterr().err
    assert "training" in shown and "2/2" in shown and "loss=" in shown
    nn.fit(model, X, y, "bce", nn.SGD(model.parameters(), lr=0.1), epochs=2, progress=False)
    assert capsys.readouterr().err == ""


def test_fit_accepts_a_loss_function() -> None:
    X, y = data.truth_table("OR")
    model = nn.MLP(2, [1], output_activation="sigmoid", rng=0)

    def half_mse(outputs: list[Value], target: float) -> Value:
        return nn.mse(outputs, target, half=True)

    before = sum(half_mse(model(x), t).data for x, t in zip(X.tolist(), y.tolist())) / 4
    history = nn.fit(model, X, y, half_mse, nn.SGD(model.parameters(), lr=0.1), epochs=2, progress=False)
    assert history.loss[0] == pytest.approx(before, abs=1e-15) and history.loss[1] < history.loss[0]
    assert history.accuracy is None


def test_fit_errors() -> None:
    X, y = data.truth_table("OR")
    model = nn.MLP(2, [1], rng=0)
    opt = nn.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match=r"unknown loss 'l2'.*'mse'"):
        nn.fit(model, X, y, "l2", opt, 1, progress=False)
    with pytest.raises(ValueError, match="4 samples but y has 3"):
        nn.fit(model, X, y[:3], "mse", opt, 1, progress=False)
    with pytest.raises(ValueError, match="epochs"):
        nn.fit(model, X, y, "mse", opt, 0, progress=False)
    with pytest.raises(ValueError, match="batch_size"):
        nn.fit(model, X, y, "mse", opt, 1, batch_size=0, progress=False)
    with pytest.raises(ValueError, match="takes 2 inputs"):
        nn.fit(model, [[1.0]], [1.0], "mse", opt, 1, progress=False)


# -- learning from fixed seeds -------------------------------------------------------


def test_xor_reaches_100_percent_with_a_2_4_1_mlp() -> None:
    X, y = data.truth_table("XOR")
    model = nn.MLP(2, [4, 1], "tanh", "linear", rng=0)
    history = nn.fit(model, X, y, "bce_with_logits", nn.Adam(model.parameters(), lr=0.05), 300, progress=False)
    assert nn.accuracy(model, X, y, "bce_with_logits") == 1.0
    assert history.loss[-1] < 0.05


def test_moons_reaches_97_percent_training_accuracy() -> None:
    X, y = data.moons(100, noise=0.1, rng=0)
    model = nn.MLP(2, [8, 1], "tanh", rng=0)
    nn.fit(
        model, X, y, "bce_with_logits", nn.Adam(model.parameters(), lr=0.05), 40, batch_size=10, rng=0, progress=False
    )
    assert nn.accuracy(model, X, y, "bce_with_logits") >= 0.97


@pytest.mark.slow
def test_digits_64_16_10_softmax_mlp_reaches_90_percent_test_accuracy() -> None:
    X, y = data.digits()
    X_train, X_test, y_train, y_test = data.split(X, y, 0.25, rng=0)
    model = nn.MLP(64, [16, 10], "relu", rng=0)
    nn.fit(
        model,
        X_train,
        y_train,
        "cross_entropy",
        nn.Adam(model.parameters(), lr=0.01),
        3,
        batch_size=32,
        rng=0,
        progress=False,
    )
    assert nn.accuracy(model, X_test, y_test, "cross_entropy") >= 0.90


def test_an_optimizer_built_for_another_model_is_caught() -> None:
    # The classic notebook slip: re-running the cell that builds the model, but not the
    # one that builds the optimizer. Training would silently change nothing.
    X, y = data.truth_table("OR")
    old = nn.MLP(2, [1], rng=0)
    optimizer = nn.SGD(old.parameters(), lr=0.1)
    model = nn.MLP(2, [1], rng=0)
    with pytest.raises(ValueError, match=r"none of this model's parameters.*nn\.SGD\(model\.parameters\(\)"):
        nn.fit(model, X, y, "mse", optimizer, 1, progress=False)


def test_fit_needs_an_optimizer_object() -> None:
    X, y = data.truth_table("OR")
    model = nn.MLP(2, [1], rng=0)
    for wrong in (model.parameters(), 0.1):
        with pytest.raises(TypeError, match=r"optimizer must be.*nn\.SGD\(model\.parameters\(\), lr=0\.1\)"):
            nn.fit(model, X, y, "mse", wrong, 1, progress=False)  # type: ignore[arg-type]


def test_fit_takes_numpy_whole_numbers() -> None:
    X, y = data.truth_table("OR")
    model = nn.MLP(2, [1], rng=0)
    history = nn.fit(
        model, X, y, "mse", nn.SGD(model.parameters(), lr=0.1), np.int64(2), batch_size=np.int64(2), progress=False
    )
    assert history.epochs == 2


def test_progress_text_forces_the_plain_bar_and_other_values_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    # In a notebook the default bar is a widget, whose saved plain-text form shows 0%;
    # progress="text" prints the plain bar, which a saved notebook keeps at its end state.
    X, y = data.truth_table("OR")
    model = nn.MLP(2, [1], output_activation="sigmoid", rng=0)
    nn.fit(model, X, y, "bce", nn.SGD(model.parameters(), lr=0.1), epochs=2, progress="text")
    assert "2/2" in capsys.readouterr().err
    with pytest.raises(ValueError, match=r"progress must be True, False or \"text\""):
        nn.fit(model, X, y, "bce", nn.SGD(model.parameters(), lr=0.1), epochs=2, progress="yes")


def test_history_repr_is_a_short_summary() -> None:
    history = nn.History(loss=[0.5 - k / 1000 for k in range(300)], accuracy=[0.75] * 299 + [1.0])
    assert repr(history) == "History(300 epochs, last loss 0.201, last accuracy 1)"
    assert repr(nn.History(loss=[0.25], accuracy=None)) == "History(1 epoch, last loss 0.25)"
    assert repr(nn.History(loss=[], accuracy=None)) == "History(0 epochs)"
