"""The labels that nn gives to parameters and intermediate Values, made and parsed here.

Layer numbers are 1-based, as the lectures write W^[1] for the first layer;
unit and input indices are 0-based, as in numpy:

    "W{l}[{j},{i}]"   weight of layer l, unit j, input i        e.g. "W1[0,1]"
    "b{l}[{j}]"       bias of layer l, unit j                    e.g. "b2[0]"
    "z{l}[{j}]"       weighted sum (the dot node) of l, j        e.g. "z1[2]"
    "a{l}[{j}]"       activation output of l, j                  e.g. "a1[2]"
    "x[{i}]"          network input i (a constant)               e.g. "x[0]"

A neuron with the "linear" activation has no separate output node: its z node is
its output and keeps the label "z{l}[{j}]". Losses label their result "loss".

``parse_label`` is the one place that reads these labels back (the drawings use
it to group nodes by neuron and layer).

Read next: ``neuron.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LOSS_LABEL = "loss"


def weight_label(layer: int, unit: int, input: int) -> str:  # noqa: A002 - the contract's word
    return f"W{layer}[{unit},{input}]"


def bias_label(layer: int, unit: int) -> str:
    return f"b{layer}[{unit}]"


def z_label(layer: int, unit: int) -> str:
    return f"z{layer}[{unit}]"


def a_label(layer: int, unit: int) -> str:
    return f"a{layer}[{unit}]"


def x_label(input: int) -> str:  # noqa: A002 - the contract's word
    return f"x[{input}]"


@dataclass(frozen=True)
class LabelInfo:
    """What a label says about its Value.

    kind   "W", "b", "z", "a" or "x"
    layer  1-based layer number; 0 for a network input (the lectures' a^[0] = x)
    unit   0-based unit (neuron) index in its layer; None for "x"
    input  0-based input index for "W" and "x"; None otherwise
    """

    kind: str
    layer: int
    unit: int | None
    input: int | None


_WEIGHT = re.compile(r"W(\d+)\[(\d+),(\d+)\]")
_UNIT = re.compile(r"([bza])(\d+)\[(\d+)\]")
_INPUT = re.compile(r"x\[(\d+)\]")


def parse_label(label: str) -> LabelInfo | None:
    """Read a label made by nn; None for any other label ("", "loss", "a", ...)."""
    match = _WEIGHT.fullmatch(label)
    if match:
        layer, unit, input_index = (int(group) for group in match.groups())
        return LabelInfo("W", layer, unit, input_index)
    match = _UNIT.fullmatch(label)
    if match:
        return LabelInfo(match.group(1), int(match.group(2)), int(match.group(3)), None)
    match = _INPUT.fullmatch(label)
    if match:
        return LabelInfo("x", 0, None, int(match.group(1)))
    return None
