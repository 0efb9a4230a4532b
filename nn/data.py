"""Small datasets for class: logic gates, 2-D toy problems, and handwritten digits.

Every function returns ``(X, y)`` as numpy arrays: X has one row per sample, y one
label per sample (float 0/1 for the gates, int class numbers for the others).
The random ones take ``rng``, an int seed or a ``numpy.random.Generator``, and
return the same data for the same seed. numpy is imported when one of them is
called, not when ``nn`` is imported (see ``_optional.py``).

    truth_table(name)   AND, OR, NAND, NOR, NOT, XOR (all rows of the table)
    moons(n)            two interleaving half circles (classes 0, 1)
    circles(n)          a small circle inside a big one (0 outside, 1 inside)
    spirals(n)          arms of a spiral, one per class
    blobs(n)            Gaussian clusters, one per class
    digits()            8x8 images of handwritten digits (scikit-learn's copy of
                        the UCI set), pixels scaled to [0, 1]
    split(X, y)         a seeded train/test split

This is the last file of nn; ``training.py`` shows these data sets in use.
"""

from __future__ import annotations

import math
import numbers
from typing import TYPE_CHECKING, Union

from nn._optional import optional_import
from nn.checks import whole_number

if TYPE_CHECKING:
    import numpy as np

    Seed = Union[int, np.random.Generator, None]
    Dataset = tuple[np.ndarray, np.ndarray]

_GATES: dict[str, list[int]] = {
    # outputs for the inputs (0,0), (0,1), (1,0), (1,1) in that order
    "AND": [0, 0, 0, 1],
    "OR": [0, 1, 1, 1],
    "NAND": [1, 1, 1, 0],
    "NOR": [1, 0, 0, 0],
    "XOR": [0, 1, 1, 0],
}

GATES = ("AND", "OR", "NAND", "NOR", "NOT", "XOR")


def truth_table(name: str) -> Dataset:
    """The truth table of a logic gate: X (4, 2) and y (4,), or for NOT X (2, 1) and y (2,)."""
    np = optional_import("numpy", "nn.data.truth_table()")
    key = name.upper() if isinstance(name, str) else name
    if key == "NOT":
        return np.array([[0.0], [1.0]]), np.array([1.0, 0.0])
    if key not in _GATES:
        raise ValueError(f"unknown gate {name!r}; the gates are {', '.join(GATES)}")
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, np.array(_GATES[key], dtype=float)


def moons(n: int = 200, noise: float = 0.1, rng: Seed = 0) -> Dataset:
    """Two interleaving half circles: the upper one class 0, the lower one (shifted) class 1."""
    np = optional_import("numpy", "nn.data.moons()")
    generator = _generator(rng)
    n0 = whole_number(n, "n") // 2
    n1 = n - n0
    t0 = np.linspace(0.0, math.pi, n0)
    t1 = np.linspace(0.0, math.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([upper, lower]) + generator.normal(0.0, _noise(noise), size=(n, 2))
    y = np.concatenate([np.zeros(n0, dtype=int), np.ones(n1, dtype=int)])
    return _shuffled(X, y, generator)


def circles(n: int = 200, noise: float = 0.05, factor: float = 0.5, rng: Seed = 0) -> Dataset:
    """A circle of radius ``factor`` (class 1) inside a circle of radius 1 (class 0)."""
    np = optional_import("numpy", "nn.data.circles()")
    if isinstance(factor, bool) or not isinstance(factor, numbers.Real):
        raise TypeError(f"factor must be a number between 0 and 1, got {factor!r}")
    if not 0.0 < factor < 1.0:
        raise ValueError(f"factor is the inner radius and must be between 0 and 1, got {factor!r}")
    generator = _generator(rng)
    n0 = whole_number(n, "n") // 2
    n1 = n - n0
    t0 = np.linspace(0.0, 2.0 * math.pi, n0, endpoint=False)
    t1 = np.linspace(0.0, 2.0 * math.pi, n1, endpoint=False)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = factor * np.column_stack([np.cos(t1), np.sin(t1)])
    X = np.vstack([outer, inner]) + generator.normal(0.0, _noise(noise), size=(n, 2))
    y = np.concatenate([np.zeros(n0, dtype=int), np.ones(n1, dtype=int)])
    return _shuffled(X, y, generator)


def spirals(n: int = 200, classes: int = 2, noise: float = 0.2, turns: float = 1.0, rng: Seed = 0) -> Dataset:
    """``classes`` spiral arms from the centre outwards, ``n // classes`` points each (radius up to 1)."""
    np = optional_import("numpy", "nn.data.spirals()")
    generator = _generator(rng)
    whole_number(n, "n")
    k = whole_number(classes, "classes")
    per_class = [n // k + (1 if c < n % k else 0) for c in range(k)]
    points, labels = [], []
    for c, count in enumerate(per_class):
        radius = np.linspace(0.05, 1.0, count)
        angle = 2.0 * math.pi * (turns * radius + c / k) + generator.normal(0.0, _noise(noise), count)
        points.append(np.column_stack([radius * np.sin(angle), radius * np.cos(angle)]))
        labels.append(np.full(count, c, dtype=int))
    return _shuffled(np.vstack(points), np.concatenate(labels), generator)


def blobs(n: int = 200, centers: int = 3, std: float = 0.5, spread: float = 4.0, rng: Seed = 0) -> Dataset:
    """Gaussian clusters with standard deviation ``std`` around centres drawn in [-spread, spread]²."""
    np = optional_import("numpy", "nn.data.blobs()")
    generator = _generator(rng)
    whole_number(n, "n")
    k = whole_number(centers, "centers")
    middles = generator.uniform(-spread, spread, size=(k, 2))
    y = np.arange(n) % k
    X = middles[y] + generator.normal(0.0, _noise(std), size=(n, 2))
    return _shuffled(X, y, generator)


def digits(scale: bool = True) -> Dataset:
    """The 1797 handwritten digits (8x8 pixels, 64 features, classes 0-9) shipped with scikit-learn.

    Pixels go from 0 to 16; with ``scale=True`` they are divided by 16.
    Needs scikit-learn: ``pip install "chalkgrad[digits]"`` (or ``pip install scikit-learn``).
    """
    np = optional_import("numpy", "nn.data.digits()")
    try:
        # imported here: scikit-learn is optional (the [digits] extra)
        from sklearn.datasets import load_digits
    except ImportError:
        raise ImportError(
            "nn.data.digits() needs scikit-learn, which ships the digits images. Install it with "
            'pip install "chalkgrad[digits]" (or: pip install scikit-learn).'
        ) from None
    bunch = load_digits()
    X = np.asarray(bunch.data, dtype=float)
    return (X / 16.0 if scale else X), np.asarray(bunch.target, dtype=int)


def split(X: np.ndarray, y: np.ndarray, test_fraction: float = 0.25, rng: Seed = 0) -> tuple[np.ndarray, ...]:
    """Shuffle and split into ``X_train, X_test, y_train, y_test`` (seeded; lists become arrays)."""
    np = optional_import("numpy", "nn.data.split()")
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} samples but y has {len(y)}")
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction!r}")
    order = _generator(rng).permutation(len(X))
    n_test = max(1, round(test_fraction * len(X)))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def _generator(rng: Seed) -> np.random.Generator:
    np = optional_import("numpy", "nn.data")
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be an int seed, a numpy Generator or None, got {type(rng).__name__} {rng!r}")


def _noise(noise: float) -> float:
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real):
        raise TypeError(f"noise must be a number >= 0, got {noise!r}")
    if not noise >= 0:
        raise ValueError(f"noise must be >= 0, got {noise!r}")
    return float(noise)


def _shuffled(X: np.ndarray, y: np.ndarray, generator: np.random.Generator) -> Dataset:
    order = generator.permutation(len(X))
    return X[order], y[order]
