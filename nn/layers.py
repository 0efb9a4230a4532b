"""Layer (neurons side by side) and MLP (layers one after another).

    Layer l:  a^[l]_j = f(W^[l]_j · a^[l-1] + b^[l]_j)   for every unit j
    MLP:      a^[0] = x,  a^[L] = the network's output

``MLP.from_weights`` builds a network from the matrices a slide writes: W^[l] has
one row per unit of layer l and one column per unit of layer l-1, so a student can
type the slide's numbers in exactly as printed and get the slide's forward pass.

Read next: ``losses.py``, then ``optim.py`` and ``training.py``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Union

from autograd import Value
from nn import serialize
from nn.activations import Activation
from nn.checks import whole_number
from nn.from_weights import checked_layers
from nn.init import Rng, make_rng
from nn.module import Module
from nn.neuron import Neuron, as_inputs

Inputs = Union[Sequence[Union[Value, float]], Value, float]


class Layer(Module):
    """``nout`` neurons that all see the same ``nin`` inputs; returns a list of ``nout`` Values.

    Layer(nin, nout, activation="tanh", rng=None, *, bias=True, init="default", layer=1)

    ``layer`` is the 1-based layer number used in labels ("W2[0,1]" for layer=2).
    """

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: Activation = "tanh",
        rng: Rng = None,
        *,
        bias: bool = True,
        init: str = "default",
        layer: int = 1,
    ) -> None:
        nout = whole_number(nout, f"the number of units of layer {layer} (nout)")
        generator = make_rng(rng)  # one stream for all neurons, drawn in order
        self.neurons = [
            Neuron(nin, activation, generator, bias=bias, init=init, fan_out=nout, layer=layer, unit=j)
            for j in range(nout)
        ]
        self.activation = self.neurons[0].activation
        self.layer = layer

    @property
    def nin(self) -> int:
        return self.neurons[0].nin

    @property
    def nout(self) -> int:
        return len(self.neurons)

    def named_parameters(self) -> list[tuple[str, Value]]:
        return [
            (f"neurons.{j}.{name}", parameter)
            for j, neuron in enumerate(self.neurons)
            for name, parameter in neuron.named_parameters()
        ]

    def parameters(self) -> list[Value]:
        return [parameter for neuron in self.neurons for parameter in neuron.parameters()]  # without the names

    def forward(self, x: Inputs) -> list[Value]:
        """One Value per unit, always in a list (even for a single unit)."""
        return self._fire(as_inputs(x, self.nin, f"layer {self.layer}"))

    def _fire(self, xs: Sequence[Value]) -> list[Value]:
        inputs = tuple(xs)  # made once per layer: every unit's dot node holds the same inputs
        return [neuron._fire(inputs) for neuron in self.neurons]

    def __repr__(self) -> str:
        bias = "" if self.neurons[0].b is not None else ", no bias"
        return f"Layer({self.nin} -> {self.nout}, {self.activation}{bias})"


class MLP(Module):
    """A multi-layer perceptron: fully connected layers applied one after another.

    MLP(nin, nouts, activation="tanh", output_activation="linear", rng=None, *,
        bias=True, init="default")

    ``nouts`` lists the units of each layer, so MLP(2, [4, 1]) is the 2-4-1 network.
    Hidden layers use ``activation`` (None means "tanh"); the last layer uses
    ``output_activation`` (None means "linear"). A one-layer MLP has no hidden
    layer, so giving it only ``activation`` is an error rather than silently unused.
    ``model(x)`` returns a list of Values, one per output unit.
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: Activation | None = None,
        output_activation: Activation | None = None,
        rng: Rng = None,
        *,
        bias: bool = True,
        init: str = "default",
    ) -> None:
        sizes = [whole_number(nin, "the number of inputs nin"), *_layer_sizes(nouts)]
        if len(sizes) == 2 and activation is not None and output_activation is None:
            shown = repr(activation) if isinstance(activation, str) else getattr(activation, "__name__", "f")
            raise ValueError(
                f"MLP({sizes[0]}, {sizes[1:]}, activation={shown}) has no hidden layer, so the hidden layers' "
                f"activation would not be used. For its only layer write "
                f"MLP({sizes[0]}, {sizes[1:]}, output_activation={shown})."
            )
        hidden = "tanh" if activation is None else activation
        last = "linear" if output_activation is None else output_activation
        generator = make_rng(rng)
        self.layers = [
            Layer(
                sizes[k],
                sizes[k + 1],
                last if k == len(sizes) - 2 else hidden,
                generator,
                bias=bias,
                init=init,
                layer=k + 1,
            )
            for k in range(len(sizes) - 1)
        ]

    @classmethod
    def from_weights(
        cls,
        weights: Sequence[object],
        biases: Sequence[object] | None,
        activations: Activation | Sequence[Activation],
    ) -> MLP:
        """Build a network from the slide's matrices, exactly as the slide writes them.

        ``weights[l]`` has shape (units in layer l, units in layer l-1) (nested lists or
        a numpy array); ``biases[l]`` has one number per unit, or is None for a layer
        without bias parameters (``biases=None``: no layer has any); ``activations`` is
        one name per layer, or one name for all. See ``from_weights.py`` for the checks.
        """
        model = cls.__new__(cls)
        model.layers = []
        for k, (matrix, vector, activation) in enumerate(checked_layers(weights, biases, activations)):
            layer = Layer(len(matrix[0]), len(matrix), activation, bias=vector is not None, init="zeros", layer=k + 1)
            for j, neuron in enumerate(layer.neurons):
                for parameter, number in zip(neuron.w, matrix[j]):
                    parameter.data = number
                if neuron.b is not None and vector is not None:
                    neuron.b.data = vector[j]
            model.layers.append(layer)
        return model

    @property
    def nin(self) -> int:
        return self.layers[0].nin

    @property
    def sizes(self) -> list[int]:
        """Units per layer including the inputs: [2, 4, 1] for a 2-4-1 network."""
        return [self.nin, *(layer.nout for layer in self.layers)]

    @property
    def activations(self) -> list[str]:
        """The activation name of each layer."""
        return [layer.activation for layer in self.layers]

    def named_parameters(self) -> list[tuple[str, Value]]:
        return [
            (f"layers.{k}.{name}", parameter)
            for k, layer in enumerate(self.layers)
            for name, parameter in layer.named_parameters()
        ]

    def parameters(self) -> list[Value]:
        return [parameter for layer in self.layers for parameter in layer.parameters()]  # without the names

    def forward(self, x: Inputs) -> list[Value]:
        """The outputs of the last layer for the inputs ``x`` (a list, one Value per unit)."""
        values = as_inputs(x, self.nin, f"this {'-'.join(map(str, self.sizes))} network")
        for layer in self.layers:
            values = layer._fire(values)
        return values

    def weights(self) -> list[list[list[float]]]:
        """W^[l] of every layer as nested float lists, shape (units l, units l-1)."""
        return [[[w.data for w in neuron.w] for neuron in layer.neurons] for layer in self.layers]

    def biases(self) -> list[list[float] | None]:
        """b^[l] of every layer as a float list, or None for a layer without biases."""
        return [
            [neuron.b.data for neuron in layer.neurons if neuron.b is not None]
            if layer.neurons[0].b is not None
            else None
            for layer in self.layers
        ]

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the architecture and every parameter to a JSON file, atomically (see ``serialize.py``)."""
        serialize.save(self, path)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> MLP:
        """Read a model written by ``save``; a bad file is a ModelFileError that says what is wrong."""
        numbers = serialize.read(path)
        try:
            return cls.from_weights(numbers.weights, numbers.biases, numbers.activations)
        except (TypeError, ValueError, OverflowError) as error:  # read() checks every field; still a file error
            raise serialize.ModelFileError(f"{numbers.source}: {error}") from None

    def __repr__(self) -> str:
        parts = [str(self.nin)] + [f"{layer.nout} {layer.activation}" for layer in self.layers]
        count = self.num_parameters()
        return f"MLP({' -> '.join(parts)}; {count} parameter{'' if count == 1 else 's'})"


def _layer_sizes(nouts: object) -> list[int]:
    """The units of every layer from a list (or numpy array) of whole numbers."""
    if hasattr(nouts, "tolist"):
        nouts = nouts.tolist()
    if not isinstance(nouts, (list, tuple)):
        raise TypeError(f"nouts must list the units of every layer, e.g. [{nouts}], not {nouts!r}")
    if not nouts:
        raise ValueError("an MLP needs at least one layer: give nouts such as [4, 1]")
    return [whole_number(n, f"the number of units of layer {k + 1}") for k, n in enumerate(nouts)]
