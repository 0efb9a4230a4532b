"""Checking gradients the slow, obvious way: central differences.

For a function f of several numbers, the partial derivative with respect to x_i
is approximately

    (f(..., x_i + eps, ...) - f(..., x_i - eps, ...)) / (2 * eps)

with an error that shrinks like eps**2. It needs two evaluations of f per input
and no chain rule at all, which makes it the standard referee for backprop:
``gradcheck`` compares it with the engine's answer input by input.

Read next: the ``nn`` package, which builds neurons and networks from Values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from autograd.backward import grad
from autograd.formatting import format_number
from autograd.grad_mode import no_grad
from autograd.value import Value

Function = Callable[..., object]


def _evaluate(f: Function, numbers: Sequence[float]) -> float:
    """f called with fresh Values holding ``numbers``; its result as a float."""
    with no_grad():
        result = f(*(Value(x) for x in numbers))
    if isinstance(result, Value):
        return result.data
    try:
        return float(result)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise TypeError(f"the function must return a Value or a number, got {type(result).__name__}") from None


def _check_values(values: Sequence[Value], where: str) -> list[Value]:
    values = list(values)
    for position, value in enumerate(values):
        if not isinstance(value, Value):
            raise TypeError(f"{where} needs a list of Values; item {position} is {type(value).__name__}")
    return values


def numerical_grad(f: Function, values: Sequence[Value], eps: float = 1e-6) -> list[float]:
    """Central-difference estimates of df/dv for each v in ``values``.

    ``f`` is called as ``f(*values)`` with fresh Values (the given ones are not
    changed) and must return a Value or a number.
    """
    if not eps > 0:
        raise ValueError(f"eps must be a positive step size, got {eps!r}")
    base = [value.data for value in _check_values(values, "numerical_grad()")]
    estimates = []
    for i in range(len(base)):
        plus, minus = list(base), list(base)
        plus[i] += eps
        minus[i] -= eps
        estimates.append((_evaluate(f, plus) - _evaluate(f, minus)) / (2 * eps))
    return estimates


@dataclass(frozen=True)
class GradcheckRow:
    """One input's comparison: the engine's derivative against central differences."""

    name: str
    value: float
    analytic: float
    numeric: float
    abs_error: float
    rel_error: float
    ok: bool


@dataclass(frozen=True)
class GradcheckReport:
    """The per-input comparison; true (``bool(report)``) when every row passed."""

    rows: tuple[GradcheckRow, ...]

    @property
    def passed(self) -> bool:
        return all(row.ok for row in self.rows)

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        header = f"{'input':<12}{'value':>14}{'analytic':>16}{'numeric':>16}{'abs err':>11}{'rel err':>11}  ok"
        lines = [header]
        for row in self.rows:
            value, analytic, numeric = (format_number(x, 8) for x in (row.value, row.analytic, row.numeric))
            errors = f"{format_number(row.abs_error, 3):>11}{format_number(row.rel_error, 3):>11}"
            lines.append(
                f"{row.name:<12.12}{value:>14}{analytic:>16}{numeric:>16}{errors}  {'yes' if row.ok else 'NO'}"
            )
        lines.append("gradcheck passed" if self.passed else "gradcheck FAILED")
        return "\n".join(lines)


def gradcheck(
    f: Function,
    values: Sequence[Value],
    eps: float = 1e-6,
    atol: float = 1e-6,
    rtol: float = 1e-4,
) -> GradcheckReport:
    """Compare the engine's gradient of ``f(*values)`` with central differences.

    An input passes when |analytic - numeric| <= atol + rtol * |numeric|. The
    given Values' ``.grad`` are not touched.
    """
    values = _check_values(values, "gradcheck()")
    analytic = grad(_as_value(f(*values)), values)
    numeric = numerical_grad(f, values, eps)
    rows = []
    for position, (value, a, n) in enumerate(zip(values, analytic, numeric)):
        abs_error = abs(a - n)
        rel_error = abs_error / max(abs(a), abs(n), 1e-300)
        ok = math.isfinite(abs_error) and abs_error <= atol + rtol * abs(n)
        name = value.label or f"input {position}"
        rows.append(GradcheckRow(name, value.data, a, n, abs_error, rel_error, ok))
    return GradcheckReport(tuple(rows))


def _as_value(result: object) -> Value:
    if not isinstance(result, Value):
        raise TypeError(f"the function must return a Value to be differentiated, got {type(result).__name__}")
    return result
