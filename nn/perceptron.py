"""The perceptron: a step-activated neuron trained by the perceptron learning rule.

    ŷ = step(w·x + b) = 1 if w·x + b >= threshold else 0

Training needs no gradients (the step's derivative is 0 everywhere). For each
sample in turn, the error y - ŷ is -1, 0 or +1, and

    w <- w + lr * (y - ŷ) * x
    b <- b + lr * (y - ŷ)

A pass over all samples is an epoch; training stops early after an epoch without
a mistake (the data are separated). For data that no line separates, such as XOR,
that never happens, and ``fit`` reports ``converged=False``.

The lectures differ on the jump: some fire at ``z >= threshold``, some at
``z > threshold``. By default it fires at ``>=`` (the engine's step), as in the decks
that fire at a sum of 0.69 against a threshold of 0.5; ``strict=True`` fires only at
``>``, as deck 002 writes it. Away from the threshold the two agree, but training
from zero weights starts exactly on it, so the two learn along different paths.

Read next: ``losses.py`` for the gradient-based way to train.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from autograd import Value, dot
from autograd.formatting import format_number
from nn import naming
from nn.checks import finite_number, whole_number
from nn.module import Module
from nn.neuron import as_inputs


@dataclass(frozen=True)
class Update:
    """One application of the learning rule (only samples with an error change anything)."""

    epoch: int
    sample: int
    x: tuple[float, ...]
    target: float
    prediction: float
    w: tuple[float, ...]
    b: float


@dataclass
class PerceptronHistory:
    """What ``Perceptron.fit`` did: mistakes per epoch, every update, and whether it converged."""

    errors: list[int] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    converged: bool = False

    @property
    def epochs(self) -> int:
        return len(self.errors)

    def __repr__(self) -> str:
        errors = self.errors if len(self.errors) <= 10 else [*self.errors[:3], "...", *self.errors[-3:]]
        shown = "[" + ", ".join(str(e) for e in errors) + "]"
        outcome = "converged" if self.converged else "did not converge"
        epochs = f"{self.epochs} epoch{'' if self.epochs == 1 else 's'}"
        return f"PerceptronHistory({epochs}, errors per epoch {shown}, {len(self.updates)} updates, {outcome})"


class Perceptron(Module):
    """Perceptron(nin, threshold=0.0, *, weights=None, bias=0.0, strict=False): starts from zeros unless given weights.

    ``strict=False`` fires at w·x + b >= threshold, ``strict=True`` only at > threshold.
    """

    def __init__(
        self,
        nin: int,
        threshold: float = 0.0,
        *,
        weights: Sequence[float] | None = None,
        bias: float = 0.0,
        strict: bool = False,
    ) -> None:
        nin = whole_number(nin, "the number of inputs nin")
        start = [0.0] * nin if weights is None else [finite_number(w, f"weight {i}") for i, w in enumerate(weights)]
        if len(start) != nin:
            raise ValueError(f"a perceptron with {nin} inputs needs {nin} weights, got {len(start)}")
        self.w = [naming.named(Value(w), naming.weight_role(1, 0, i)) for i, w in enumerate(start)]
        self.b = naming.named(Value(finite_number(bias, "the bias")), naming.bias_role(1, 0))
        self.threshold = finite_number(threshold, "the threshold")
        if not isinstance(strict, bool):
            raise TypeError(f"strict must be True (fire at z > threshold) or False (at z >= threshold), got {strict!r}")
        self.strict = strict
        self.activation = "step"

    @property
    def nin(self) -> int:
        return len(self.w)

    def named_parameters(self) -> list[tuple[str, Value]]:
        return [*((f"w.{i}", wi) for i, wi in enumerate(self.w)), ("b", self.b)]

    def forward(self, x: Sequence[Value | float] | Value | float) -> Value:
        """ŷ as a Value: a step node on top of the weighted-sum node."""
        z = dot(self.w, as_inputs(x, self.nin, "this perceptron"), self.b)
        naming.named(z, naming.z_role(1, 0))
        # For floats, z > t is exactly z >= the next float above t, so the engine's
        # step (which fires at >=) serves both conventions.
        fires_from = math.nextafter(self.threshold, math.inf) if self.strict else self.threshold
        a = z.step(fires_from)
        naming.named(a, naming.a_role(1, 0))
        return a

    def predict(self, x: Sequence[float] | float) -> int:
        """ŷ as the integer 0 or 1."""
        return int(self.forward(x).data)

    def fit(
        self, X: Sequence[Sequence[float]], y: Sequence[float], lr: float = 1.0, epochs: int = 100
    ) -> PerceptronHistory:
        """Apply the perceptron learning rule for at most ``epochs`` passes over (X, y)."""
        rows = [[finite_number(v, f"X[{n}]") for v in _row(x)] for n, x in enumerate(X)]
        targets = [finite_number(t, f"y[{n}]") for n, t in enumerate(y)]
        if len(rows) != len(targets):
            raise ValueError(f"fit() got {len(rows)} samples in X but {len(targets)} targets in y")
        if not rows:
            raise ValueError("fit() got no samples: X and y are empty")
        for n, t in enumerate(targets):
            if t not in (0.0, 1.0):
                raise ValueError(f"a perceptron learns 0/1 targets, but y[{n}] is {t!r}")
        epochs = whole_number(epochs, "epochs")
        lr = finite_number(lr, "lr")
        if lr <= 0:
            raise ValueError(f"lr must be > 0 (with lr <= 0 the rule cannot fix a mistake), got {lr!r}")
        history = PerceptronHistory()
        for epoch in range(epochs):
            mistakes = 0
            for n, (x, t) in enumerate(zip(rows, targets)):
                prediction = float(self.predict(x))
                error = t - prediction
                if error == 0:
                    continue
                mistakes += 1
                for wi, xi in zip(self.w, x):
                    wi.data += lr * error * xi
                self.b.data += lr * error
                history.updates.append(
                    Update(epoch, n, tuple(x), t, prediction, tuple(w.data for w in self.w), self.b.data)
                )
            history.errors.append(mistakes)
            if mistakes == 0:
                history.converged = True
                break
        return history

    def __repr__(self) -> str:
        shown = self.w if self.nin <= 8 else self.w[:4]
        weights = ", ".join(format_number(w.data) for w in shown)
        if self.nin > 8:
            weights += f", ... ({self.nin} weights)"
        strict = ", fires at z > threshold" if self.strict else ""
        b, threshold = format_number(self.b.data), format_number(self.threshold)
        return f"Perceptron(w=[{weights}], b={b}, threshold={threshold}{strict})"


def _row(x: object) -> list[object]:
    if hasattr(x, "tolist"):
        x = x.tolist()
    return list(x) if isinstance(x, (list, tuple)) else [x]
