"""Datasets: shapes, labels, determinism from a seed, and errors."""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np
import pytest

from nn import data


@pytest.mark.parametrize(
    ("gate", "y"),
    [
        ("AND", [0, 0, 0, 1]),
        ("OR", [0, 1, 1, 1]),
        ("NAND", [1, 1, 1, 0]),
        ("NOR", [1, 0, 0, 0]),
        ("XOR", [0, 1, 1, 0]),
        ("xor", [0, 1, 1, 0]),
    ],
)
def test_truth_tables(gate: str, y: list[int]) -> None:
    X, labels = data.truth_table(gate)
    assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert labels.tolist() == y


def test_not_has_one_input() -> None:
    X, y = data.truth_table("NOT")
    assert X.tolist() == [[0], [1]] and y.tolist() == [1, 0]


def test_unknown_gate_lists_the_gates() -> None:
    with pytest.raises(ValueError, match="AND, OR, NAND, NOR, NOT, XOR"):
        data.truth_table("XNOR")


@pytest.mark.parametrize("make", [data.moons, data.circles, data.spirals, data.blobs])
def test_toy_sets_are_seeded_and_shaped(make: Any) -> None:
    X, y = make(101, rng=3)
    assert X.shape == (101, 2) and y.shape == (101,) and y.dtype.kind == "i"
    X2, y2 = make(101, rng=3)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    X3, _ = make(101, rng=4)
    assert not np.array_equal(X, X3)
    assert set(y.tolist()) == set(range(int(y.max()) + 1)) and y.min() == 0


def test_classes_are_balanced_and_numbered() -> None:
    assert np.bincount(data.moons(100)[1]).tolist() == [50, 50]
    assert np.bincount(data.spirals(90, classes=3)[1]).tolist() == [30, 30, 30]
    assert np.bincount(data.blobs(90, centers=3)[1]).tolist() == [30, 30, 30]


def test_circles_inner_class_is_inside() -> None:
    X, y = data.circles(200, noise=0.0, factor=0.4)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert np.allclose(radius[y == 1], 0.4) and np.allclose(radius[y == 0], 1.0)


def test_generators_accept_a_numpy_generator() -> None:
    X, _ = data.moons(10, rng=np.random.default_rng(0))
    assert X.shape == (10, 2)


def test_data_errors() -> None:
    with pytest.raises(ValueError, match="n must be a whole number"):
        data.moons(0)
    with pytest.raises(ValueError, match="noise"):
        data.moons(10, noise=-1)
    with pytest.raises(ValueError, match="factor"):
        data.circles(10, factor=2.0)
    with pytest.raises(TypeError, match="rng"):
        data.blobs(10, rng="seed")  # type: ignore[arg-type]


def test_digits_from_scikit_learn() -> None:
    X, y = data.digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.min() == 0.0 and X.max() == 1.0 and sorted(set(y.tolist())) == list(range(10))
    assert data.digits(scale=False)[0].max() == 16.0


def test_digits_without_scikit_learn_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_sklearn(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("sklearn"):
            raise ImportError("No module named 'sklearn'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_sklearn)
    with pytest.raises(ImportError, match=r"pip install \"chalkgrad\[digits\]\""):
        data.digits()


def test_split_is_seeded_and_disjoint() -> None:
    X = np.arange(20).reshape(10, 2)
    y = np.arange(10)
    X_train, X_test, y_train, y_test = data.split(X, y, 0.3, rng=1)
    assert len(X_test) == 3 and len(X_train) == 7
    assert sorted(y_train.tolist() + y_test.tolist()) == list(range(10))
    assert np.array_equal(X_test[:, 0] // 2, y_test)
    assert np.array_equal(data.split(X, y, 0.3, rng=1)[1], X_test)
    with pytest.raises(ValueError, match="10 samples but y has 9"):
        data.split(X, y[:9])


def test_numpy_seeds_and_plain_lists_work() -> None:
    assert np.array_equal(data.moons(10, rng=np.int64(1))[0], data.moons(10, rng=1)[0])
    X_train, X_test, y_train, y_test = data.split([[1, 2], [3, 4], [5, 6], [7, 8]], [0, 1, 0, 1], 0.5)
    assert len(X_train) == len(X_test) == 2 and sorted(np.concatenate([y_train, y_test]).tolist()) == [0, 0, 1, 1]


def test_settings_given_as_text_are_clear_errors() -> None:
    with pytest.raises(TypeError, match="noise must be a number"):
        data.moons(10, noise="a")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="factor must be a number"):
        data.circles(10, factor="a")  # type: ignore[arg-type]
