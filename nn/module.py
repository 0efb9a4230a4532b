"""Module: the base class of everything in nn that holds parameters.

A Module is a plain object with its parameters in plain lists. Each subclass says
which parameters it has, in a fixed order, by implementing ``named_parameters()``;
everything else here is built on that one method:

    parameters()        the Values to train, in the order of named_parameters()
    zero_grad()         set every parameter's .grad to 0 (do it before backward)
    num_parameters()    how many numbers the model learns
    model(x)            the same as model.forward(x)

The names follow the attribute path, as in PyTorch: ``layers.0.neurons.1.w.0`` is
``model.layers[0].neurons[1].w[0]``.

Read next: ``checks.py`` (how user input is checked), ``activations.py`` and ``init.py``, then ``neuron.py``.
"""

from __future__ import annotations

from typing import Any

from autograd import Value


class Module:
    """Base class: subclasses implement ``named_parameters()`` and ``forward()``."""

    def named_parameters(self) -> list[tuple[str, Value]]:
        """(name, parameter) pairs in a fixed order. Subclasses override this."""
        return []

    def parameters(self) -> list[Value]:
        """Every trainable Value of this module, in the order of ``named_parameters()``."""
        return [parameter for _, parameter in self.named_parameters()]

    def zero_grad(self) -> None:
        """Reset every parameter's gradient to 0.0 (gradients accumulate otherwise)."""
        for parameter in self.parameters():
            parameter.grad = 0.0

    def num_parameters(self) -> int:
        """The number of trainable numbers (weights and biases)."""
        return len(self.named_parameters())

    def forward(self, *args: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} does not define forward()")

    def __call__(self, *args: Any) -> Any:
        return self.forward(*args)
