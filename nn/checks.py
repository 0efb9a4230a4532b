"""Checking the numbers a user passes in, with errors that say what to do.

Every constructor and function in nn takes sizes, counts and settings typed by
hand, so the same checks appear everywhere; they live here, once:

    whole_number(value, what)    an int >= 1 (numpy integers too), else a clear error
    finite_number(value, what)   a finite float from an int, float, numpy scalar or Value
    as_list(items, what)         a Python list from a list, tuple or numpy array

Read next: ``activations.py``.
"""

from __future__ import annotations

import math
import numbers

from autograd import Value


def whole_number(value: object, what: str, minimum: int = 1) -> int:
    """``value`` as an int >= ``minimum``; True/False and 2.0 are refused (say 2)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{what} must be a whole number >= {minimum}, got {value!r}")
    number = int(value)
    if number < minimum:
        raise ValueError(f"{what} must be a whole number >= {minimum}, got {value!r}")
    return number


def finite_number(value: object, what: str) -> float:
    """A finite real number from a weight or setting given by the user, or a clear error."""
    if isinstance(value, Value):
        value = value.data
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{what} must be a number, got the text {value!r}")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be a number, got {type(value).__name__} {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    return number


def as_list(items: object, what: str) -> list[object]:
    """A Python list from a list, tuple or numpy array (nested arrays become nested lists)."""
    if hasattr(items, "tolist") and not isinstance(items, Value):
        items = items.tolist()
    if isinstance(items, (list, tuple)):
        return list(items)
    raise TypeError(f"{what} must be a list (or numpy array), got {type(items).__name__} {items!r}")
