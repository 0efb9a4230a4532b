"""What nn's Values are: their labels (for people) and their roles (for programs).

Layer numbers are 1-based, as the lectures write W^[1] for the first layer;
unit and input indices are 0-based, as in numpy:

    role                       label           the Value
    Role("W", l, j, i)         "W{l}[{j},{i}]"  weight of layer l, unit j, input i
    Role("b", l, j)            "b{l}[{j}]"      bias of layer l, unit j
    Role("z", l, j)            "z{l}[{j}]"      weighted sum (pre-activation) of l, j
    Role("a", l, j)            "a{l}[{j}]"      activation (output) of l, j
    Role("x", 0, input=i)      "x[{i}]"         network input i (a constant)

A neuron with the "linear" activation has no separate output node: its z node is
its output and keeps the label "z{l}[{j}]". Losses label their result "loss".

The label is what a drawing shows, and a user may change it. The role is set on
the Value's ``role`` field by the module that makes the Value and is what ``viz``
reads to group nodes by neuron and layer: nothing in chalkgrad reads a label
back to learn what a node is.

Read next: ``neuron.py``.
"""

from __future__ import annotations

import functools
import re
import warnings
from dataclasses import dataclass

from autograd.value import Value, constant

LOSS_LABEL = "loss"

KINDS = ("W", "b", "z", "a", "x")


@dataclass(frozen=True)
class Role:
    """What a Value is in a network, as the lectures write it.

    kind   "W" (a weight), "b" (a bias), "z" (a weighted sum, the pre-activation),
           "a" (an activation, the neuron's output) or "x" (a network input)
    layer  1-based layer number; 0 for a network input (the lectures' a^[0] = x)
    unit   0-based unit (neuron) index in its layer; None for "x"
    input  0-based input index for "W" and "x"; None otherwise
    """

    kind: str
    layer: int
    unit: int | None = None
    input: int | None = None

    @functools.cached_property  # worked out once per Role: nn labels thousands of nodes per step
    def label(self) -> str:
        """The label nn gives a Value with this role ("W1[0,2]", "b1[0]", "x[3]", ...)."""
        if self.kind == "W":
            return f"W{self.layer}[{self.unit},{self.input}]"
        if self.kind == "x":
            return f"x[{self.input}]"
        return f"{self.kind}{self.layer}[{self.unit}]"


def weight_role(layer: int, unit: int, input: int) -> Role:  # noqa: A002 - the contract's word
    return Role("W", layer, unit, input)


def bias_role(layer: int, unit: int) -> Role:
    return Role("b", layer, unit)


def z_role(layer: int, unit: int) -> Role:
    return Role("z", layer, unit)


def a_role(layer: int, unit: int) -> Role:
    return Role("a", layer, unit)


@functools.cache  # one Role per input position, shared: making 64 per digits sample took 8% of a step
def x_role(input: int) -> Role:  # noqa: A002 - the contract's word
    return Role("x", 0, None, input)


@functools.cache  # shared, as x_role's: a network asks for them on every sample
def input_roles(count: int) -> tuple[Role, ...]:
    """The roles of network inputs 0 .. count-1."""
    return tuple(x_role(i) for i in range(count))


def network_input(number: object, role: Role) -> Value:
    """The constant for the network input with this role (``input_roles``): labelled "x[i]"."""
    if type(number) is float:  # the common case, made without Value()'s checks (see autograd.value.constant)
        value = constant(number, role.label)
    else:
        value = Value(number, label=role.label, requires_grad=False)
    value.role = role
    return value


def named(value: Value, role: Role) -> Value:
    """Give ``value`` its ``role`` and the label that goes with it; returns ``value``."""
    value.label = role.label
    value.role = role
    return value


def weight_label(layer: int, unit: int, input: int) -> str:  # noqa: A002 - the contract's word
    return weight_role(layer, unit, input).label


def bias_label(layer: int, unit: int) -> str:
    return bias_role(layer, unit).label


def z_label(layer: int, unit: int) -> str:
    return z_role(layer, unit).label


def a_label(layer: int, unit: int) -> str:
    return a_role(layer, unit).label


def x_label(input: int) -> str:  # noqa: A002 - the contract's word
    return x_role(input).label


# -- deprecated: reading a role back out of a label --------------------------------------

LabelInfo = Role  # the old name of Role

_WEIGHT = re.compile(r"W(\d+)\[(\d+),(\d+)\]")
_UNIT = re.compile(r"([bza])(\d+)\[(\d+)\]")
_INPUT = re.compile(r"x\[(\d+)\]")


def parse_label(label: str) -> Role | None:
    """Deprecated: read a role out of a label nn made; None for any other label.

    Use the Value's ``role`` instead: it is set by nn and survives relabelling. Kept
    for code written before roles existed; nothing in chalkgrad calls it.
    """
    warnings.warn(
        "nn.parse_label is deprecated: read the Value's .role instead (set by nn, it survives relabelling)",
        DeprecationWarning,
        stacklevel=2,
    )
    match = _WEIGHT.fullmatch(label)
    if match:
        layer, unit, input_index = (int(group) for group in match.groups())
        return Role("W", layer, unit, input_index)
    match = _UNIT.fullmatch(label)
    if match:
        return Role(match.group(1), int(match.group(2)), int(match.group(3)), None)
    match = _INPUT.fullmatch(label)
    if match:
        return Role("x", 0, None, int(match.group(1)))
    return None
