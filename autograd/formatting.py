"""How chalkgrad writes a number for people: one formatter, one meaning of ``precision``.

Every number chalkgrad shows (drawings, the network diagram, the backprop table,
step-through captions, exercises, chain-rule paths, the command line, nn's
training summaries, gradcheck reports) goes through ``format_number``, and every
``precision`` argument is checked by ``check_precision``. It lives here, in the
lowest package that prints numbers, so nn and viz both use it (data flows
autograd <- nn <- viz).

Read next: ``derivatives.py`` (each operation's local derivative in words).
"""

from __future__ import annotations

import math

DEFAULT_PRECISION = 4
MOST_DIGITS = 17  # a float has at most 17 significant decimal digits


def format_number(x: float, precision: int = DEFAULT_PRECISION) -> str:
    """``x`` with ``precision`` significant digits: 0.7739, -0.2261, -0.005275, 123.5, 2, 1.2e-07.

    Significant digits rather than decimals, because the numbers of one backward pass
    span many orders of magnitude: a loss of 0.2563 next to a first-layer gradient
    of -0.005275. With a fixed number of decimals the small gradients lose their
    digits (4 decimals print -0.0053) or vanish (0.0000); with significant digits
    every number keeps the same relative accuracy, which is what comparing a drawing
    with a slide, or an answer with the engine, needs. Trailing zeros are dropped
    (2.0 is "2"), a rounded zero never shows a sign ("-0" is "0"), and numbers
    beyond ``precision`` digits either side switch to scientific notation.
    """
    if math.isnan(x) or math.isinf(x):
        return str(x)
    text = f"{x:.{precision}g}"
    return "0" if text in ("-0", "0") else text


def check_precision(precision: object) -> int:
    """``precision`` (significant digits) as an int from 1 to 17, or a ValueError that says so."""
    if isinstance(precision, bool) or not isinstance(precision, int) or not 1 <= precision <= MOST_DIGITS:
        raise ValueError(
            f"precision is the number of significant digits, a whole number from 1 to {MOST_DIGITS}; got {precision!r}"
        )
    return precision
