"""Activation functions by name: the nonlinearity a neuron applies to its weighted sum.

A neuron computes z = w·x + b (one ``dot`` node) and then a = f(z). This file maps
the names used in the lectures to the Value methods that compute f and f':

    linear      f(z) = z                      f'(z) = 1   (no node at all: a is z)
    sigmoid     f(z) = 1 / (1 + e**-z)        f'(z) = f(z) (1 - f(z))
    tanh        f(z) = tanh(z)                f'(z) = 1 - tanh(z)**2
    relu        f(z) = max(z, 0)              f'(z) = 1 if z > 0 else 0  (ReLU'(0) = 0)
    leaky_relu  f(z) = z if z > 0 else 0.01 z f'(z) = 1 if z > 0 else 0.01
    step        f(z) = 1 if z >= 0 else 0     f'(z) = 0   (the perceptron's Heaviside step)

Any callable that takes a Value and returns a Value works too, e.g.
``activation=lambda z: z.leaky_relu(0.2)``.

Read next: ``init.py`` (how weights start), then ``neuron.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Union

from autograd import Value

ActivationFn = Callable[[Value], Value]
Activation = Union[str, ActivationFn]


def _linear(z: Value) -> Value:
    """f(z) = z: the identity, used for regression outputs and logits."""
    return z


# Unbound Value methods: calling ACTIVATIONS["tanh"](z) is exactly z.tanh(),
# with no extra Python frame in a neuron's forward pass.
ACTIVATIONS: dict[str, ActivationFn] = {
    "linear": _linear,
    "sigmoid": Value.sigmoid,
    "tanh": Value.tanh,
    "relu": Value.relu,
    "leaky_relu": Value.leaky_relu,
    "step": Value.step,
}


def resolve(activation: Activation) -> tuple[str, ActivationFn]:
    """Turn a name or a callable into ``(name, function)``.

    A callable keeps its ``__name__`` as its name (``"<lambda>"`` for a lambda).
    An unknown name is a ValueError that lists the known names.
    """
    if isinstance(activation, str):
        function = ACTIVATIONS.get(activation)
        if function is None:
            known = ", ".join(repr(name) for name in ACTIVATIONS)
            raise ValueError(
                f"unknown activation {activation!r}; the known names are {known} "
                "(or pass any function that takes a Value and returns a Value)"
            )
        return activation, function
    if callable(activation):
        return getattr(activation, "__name__", type(activation).__name__), activation
    raise TypeError(
        f"activation must be a name such as 'tanh' or a function of a Value, "
        f"got {type(activation).__name__} {activation!r}"
    )
