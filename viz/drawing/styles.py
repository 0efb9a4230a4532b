"""Colours for drawings: by a node's role in the graph, or by the sign and size of a number.

Roles (the default colouring of ``draw_graph``):

    input         a leaf that does not require a gradient and has a label (x, data)
    constant      an unlabelled leaf made from a plain number (the 2 in 2 * a)
    parameter     a leaf that requires a gradient (weights, biases, any Value(...) you made)
    intermediate  a node computed by an operation
    output        the node the graph was drawn from (the loss, usually)

By sign and size: positive numbers are blue, negative red, and the colour is the
stronger the larger |x| is compared with the largest |x| in the drawing.

Read next: ``graph.py``.
"""

from __future__ import annotations

import math

from autograd import Value

ROLE_COLOURS = {
    "input": "#dbeafe",
    "constant": "#f3f4f6",
    "parameter": "#fde68a",
    "intermediate": "#ffffff",
    "output": "#bbf7d0",
}
OP_COLOUR = "#e5e7eb"
HIGHLIGHT_COLOUR = "#dc2626"
POSITIVE_RGB = (37, 99, 235)  # blue
NEGATIVE_RGB = (220, 38, 38)  # red
NEUTRAL_EDGE = "#6b7280"
TEXT_POSITIVE = "#1e40af"  # dark blue, for labels of positive numbers
TEXT_NEGATIVE = "#991b1b"  # dark red


def role(node: Value, is_output: bool) -> str:
    """The role of ``node`` (see the module docstring)."""
    if is_output:
        return "output"
    if node.inputs:
        return "intermediate"
    if node.requires_grad:
        return "parameter"
    return "input" if node.label else "constant"


def _mix(rgb: tuple[int, int, int], strength: float) -> str:
    """``rgb`` blended with white: strength 0 is white, 1 is the full colour."""
    strength = min(max(strength, 0.0), 1.0)
    r, g, b = (round(255 + (channel - 255) * strength) for channel in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"


def signed_fill(x: float, largest: float) -> str:
    """A light fill for ``x``: blue if positive, red if negative, stronger for larger |x|.

    The square root spreads small values out, so a gradient a tenth of the largest
    is still visibly coloured. The fill stays light enough for black text.
    """
    if largest <= 0 or x == 0 or not math.isfinite(x):
        return "#ffffff"
    return _mix(POSITIVE_RGB if x > 0 else NEGATIVE_RGB, 0.6 * math.sqrt(min(abs(x) / largest, 1.0)))


def signed_line(x: float, largest: float) -> tuple[str, float]:
    """(colour, pen width) of a line for ``x``: blue/red by sign, 0.6 to 5 points wide by |x|."""
    if largest <= 0 or not math.isfinite(x) or x == 0:
        return NEUTRAL_EDGE, 0.6
    share = min(abs(x) / largest, 1.0)
    colour = _mix(POSITIVE_RGB if x > 0 else NEGATIVE_RGB, 0.35 + 0.65 * share)
    return colour, round(0.6 + 4.4 * share, 2)


def signed_text(x: float) -> str:
    """A dark blue (positive) or dark red (negative) for text about ``x``: readable even
    where the line it labels is pale, because the weight is small."""
    if not math.isfinite(x) or x == 0:
        return "#374151"
    return TEXT_POSITIVE if x > 0 else TEXT_NEGATIVE


def largest_magnitude(numbers: list[float]) -> float:
    """max |x| over the finite numbers (0.0 when there are none)."""
    return max((abs(x) for x in numbers if math.isfinite(x)), default=0.0)
