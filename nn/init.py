"""How a neuron's weights and bias start: random, but reproducible from a seed.

Every constructor that draws random numbers takes ``rng``: a ``random.Random``
(shared, so that a whole network is drawn from one stream in a fixed order), an
int seed, or None for a fresh unseeded generator. The same seed always builds the
same network.

Schemes (``init=``), with fan_in = inputs of the neuron and fan_out = units in
its layer:

    "default"  w, b ~ U(-1/sqrt(fan_in), +1/sqrt(fan_in))
               PyTorch's default for nn.Linear; the default here too, so a model
               moved to PyTorch starts from the same kind of numbers.
    "xavier"   w ~ U(-sqrt(6 / (fan_in + fan_out)), +sqrt(6 / (fan_in + fan_out))), b = 0
               Glorot & Bengio (2010); keeps the variance of tanh/sigmoid layers steady.
    "he"       w ~ N(0, sqrt(2 / fan_in)), b = 0
               He et al. (2015); the usual choice for ReLU layers.
    "uniform"  w, b ~ U(-1, 1)   (micrograd's choice)
    "zeros"    w = b = 0         (only useful to show why symmetry must be broken)

Read next: ``neuron.py``.
"""

from __future__ import annotations

import math
import numbers
import random
from typing import Union

Rng = Union[random.Random, int, None]

INIT_SCHEMES = ("default", "xavier", "he", "uniform", "zeros")


def make_rng(rng: Rng) -> random.Random:
    """A random.Random from a Random (used as is), an int seed, or None (unseeded)."""
    if isinstance(rng, random.Random):
        return rng
    if rng is None:
        return random.Random()
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        return random.Random(int(rng))
    raise TypeError(f"rng must be a random.Random, an int seed (e.g. rng=0) or None, got {type(rng).__name__} {rng!r}")


def initial_parameters(scheme: str, fan_in: int, fan_out: int, rng: random.Random) -> tuple[list[float], float]:
    """Draw (weights, bias) for one neuron with ``fan_in`` inputs.

    The bias is always drawn after the weights (when the scheme draws it at all),
    so a network's numbers come out in the order of ``named_parameters()``.
    """
    if scheme == "default":
        bound = 1.0 / math.sqrt(fan_in) if fan_in > 0 else 0.0
        weights = [rng.uniform(-bound, bound) for _ in range(fan_in)]
        return weights, rng.uniform(-bound, bound)
    if scheme == "xavier":
        bound = math.sqrt(6.0 / (fan_in + fan_out))
        return [rng.uniform(-bound, bound) for _ in range(fan_in)], 0.0
    if scheme == "he":
        std = math.sqrt(2.0 / fan_in) if fan_in > 0 else 0.0
        return [rng.gauss(0.0, std) for _ in range(fan_in)], 0.0
    if scheme == "uniform":
        weights = [rng.uniform(-1.0, 1.0) for _ in range(fan_in)]
        return weights, rng.uniform(-1.0, 1.0)
    if scheme == "zeros":
        return [0.0] * fan_in, 0.0
    known = ", ".join(repr(name) for name in INIT_SCHEMES)
    raise ValueError(f"unknown init scheme {scheme!r}; the known schemes are {known}")
