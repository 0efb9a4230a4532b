"""Neuron: a weighted sum of the inputs plus a bias, then an activation.

    z = w1*x1 + ... + wn*xn + b     (ONE dot node: the lectures' Σ)
    a = f(z)                        (one node for the activation; none for "linear")

The parameters are plain Values: ``neuron.w`` is a list of Values and ``neuron.b``
a Value (or None for a neuron built without a bias). Every Value gets a label
from ``naming.py`` ("W1[0,2]", "b1[0]", "z1[0]", "a1[0]"), so drawings and error
messages can say which weight is which, and a ``role`` (``naming.Role``), so that
programs (the drawings in ``viz``) know it as data, whatever its label says. A neuron on its own is unit 0 of layer 1;
``Layer`` tells each of its neurons its real position.

Read next: ``layers.py`` (Layer and MLP).
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd import Value
from autograd.functions import weighted_sum
from nn import naming
from nn.activations import Activation, resolve
from nn.checks import finite_number, whole_number
from nn.init import Rng, initial_parameters, make_rng
from nn.module import Module


class Neuron(Module):
    """One unit: ``a = activation(w·x + b)``.

    Neuron(nin, activation="tanh", rng=None, *, bias=True, init="default",
           fan_out=1, layer=1, unit=0)

    ``rng`` is a random.Random, an int seed or None (see ``init.py`` for the
    schemes ``init`` can name). ``layer`` and ``unit`` only choose the labels.
    """

    def __init__(
        self,
        nin: int,
        activation: Activation = "tanh",
        rng: Rng = None,
        *,
        bias: bool = True,
        init: str = "default",
        fan_out: int = 1,
        layer: int = 1,
        unit: int = 0,
    ) -> None:
        nin = whole_number(nin, "the number of inputs nin")
        self.activation, self._activate = resolve(activation)
        weights, b = initial_parameters(init, nin, fan_out, make_rng(rng))
        self.w = [naming.named(Value(wi), naming.weight_role(layer, unit, i)) for i, wi in enumerate(weights)]
        self.b: Value | None = naming.named(Value(b), naming.bias_role(layer, unit)) if bias else None
        self.layer = layer
        self.unit = unit
        self._z_role = naming.z_role(layer, unit)
        # For "linear" the z node is the output and keeps its z label and role (see naming.py).
        self._a_role = self._z_role if self.activation == "linear" else naming.a_role(layer, unit)
        self._z_label = self._z_role.label
        self._a_label = self._a_role.label

    @classmethod
    def from_weights(
        cls,
        weights: Sequence[float],
        bias: float | None,
        activation: Activation = "tanh",
        *,
        layer: int = 1,
        unit: int = 0,
    ) -> Neuron:
        """A neuron with the given weights and bias (None: no bias parameter)."""
        row = [finite_number(w, f"weight {i}") for i, w in enumerate(weights)]
        neuron = cls(len(row), activation, bias=bias is not None, init="zeros", layer=layer, unit=unit)
        for parameter, value in zip(neuron.w, row):
            parameter.data = value
        if neuron.b is not None and bias is not None:
            neuron.b.data = finite_number(bias, "the bias")
        return neuron

    @property
    def nin(self) -> int:
        return len(self.w)

    def named_parameters(self) -> list[tuple[str, Value]]:
        named = [(f"w.{i}", wi) for i, wi in enumerate(self.w)]
        if self.b is not None:
            named.append(("b", self.b))
        return named

    def parameters(self) -> list[Value]:
        # The same list as Module's, straight from w and b: a training step asks for the
        # parameters two or three times, and building every name took 3% of the demo step.
        return [*self.w] if self.b is None else [*self.w, self.b]

    def forward(self, x: Sequence[Value | float] | Value | float) -> Value:
        """The neuron's output for the inputs ``x`` (numbers become labelled constants)."""
        return self._fire(tuple(as_inputs(x, self.nin, "this neuron")))

    def _fire(self, xs: tuple[Value, ...]) -> Value:
        """The fast path for Layer: inputs already checked and made into a tuple of Values."""
        z = weighted_sum(tuple(self.w), xs, self.b)
        z.label = self._z_label
        z.role = self._z_role
        a = self._activate(z)
        a.label = self._a_label
        a.role = self._a_role
        return a

    def __repr__(self) -> str:
        bias = "bias" if self.b is not None else "no bias"
        inputs = "input" if self.nin == 1 else "inputs"
        return f"Neuron({self.nin} {inputs}, {self.activation}, {bias})"


def as_inputs(x: Sequence[Value | float] | Value | float, nin: int, what: str) -> list[Value]:
    """Check the number of inputs and turn plain numbers into constants "x[i]".

    ``x`` is ONE sample: a list (or numpy row) of ``nin`` numbers or Values. A single
    number is accepted when exactly one input is expected.
    """
    if hasattr(x, "ndim") and getattr(x, "ndim", 1) == 0:
        x = x.item()  # type: ignore[union-attr]  # a 0-d numpy array: one number
    if isinstance(x, (Value, int, float)):
        items: list[object] = [x]
    elif isinstance(x, (set, frozenset, dict)):
        raise TypeError(f"{what} needs its inputs in order, in a list; a {type(x).__name__} has no order")
    else:
        try:
            items = list(x)
        except TypeError:
            raise TypeError(
                f"{what} needs a list of {nin} inputs (numbers or Values), got {type(x).__name__} {x!r}"
            ) from None
    # Numbers and Values pass one check in C; only anything else is looked at item by item.
    if not _PLAIN_ITEMS.issuperset(map(type, items)) and any(
        isinstance(item, (list, tuple)) or getattr(item, "ndim", 0) >= 1 for item in items
    ):
        raise ValueError(
            f"{what} takes one sample (a list of {nin} number{'s' if nin != 1 else ''}) at a time, but got a "
            "list of lists. "
            "For a whole data set X, loop: outputs = [model(x) for x in X]"
        )
    if len(items) != nin:
        raise ValueError(f"{what} takes {nin} input{'s' if nin != 1 else ''}, but got {len(items)}: {x!r}")
    return [
        item if isinstance(item, Value) else naming.network_input(item, role)
        for item, role in zip(items, naming.input_roles(nin))
    ]


_PLAIN_ITEMS = {float, int, Value}
