"""The peers: the same benchmarks written for micrograd 0.1.0 and for PyTorch scalar tensors.

Each is written the way that library's users write it: micrograd neuron by neuron
with builtin ``sum``, PyTorch with 0-dim float64 tensors, neuron by neuron as
micrograd is (PyTorch's real strength, batched tensors, is not what is compared).
Both are optional: ``MICROGRAD`` / ``TORCH`` is None when the package is missing.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable
from typing import Any

try:
    from micrograd import engine as mg_engine
    from micrograd import nn as mg_nn

    MICROGRAD: str | None = "0.1.0"
except ImportError:  # pragma: no cover - the bench extra installs it
    mg_engine = mg_nn = None
    MICROGRAD = None

try:
    import torch

    TORCH: str | None = torch.__version__
except ImportError:
    torch = None
    TORCH = None


# -- micrograd -----------------------------------------------------------------------------


def micrograd_demo(X: list[list[float]], y: list[float]) -> Callable[[], float]:
    random.seed(0)
    model = mg_nn.MLP(2, [16, 16, 1])

    def step() -> float:
        inputs = [[mg_engine.Value(xi) for xi in x] for x in X]
        scores = [model(x) for x in inputs]
        losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
        loss = sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in model.parameters())
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= 0.05 * p.grad
        return float(loss.data)

    return step


def micrograd_chain(n: int) -> None:
    x = mg_engine.Value(0.5)
    y = x
    for _ in range(n):
        y = y.relu()
    y.backward()


def micrograd_sum_of_products(ws: list[float], xs: list[float]) -> Callable[[], None]:
    params = [mg_engine.Value(w) for w in ws]

    def run() -> None:
        for p in params:
            p.grad = 0.0
        total = sum(w * x for w, x in zip(params, xs))
        total.backward()

    return run


def micrograd_digits(X: list[list[float]], labels: list[int]) -> Callable[[], None]:
    """SGD steps of a 64-16-10 micrograd MLP (ReLU hidden, linear last) with softmax cross-entropy."""
    random.seed(0)
    model = mg_nn.MLP(64, [16, 10])

    def steps() -> None:
        for x, target in zip(X, labels):
            logits = model([mg_engine.Value(xi) for xi in x])
            biggest = max(logit.data for logit in logits)
            exps = [_micrograd_unary(logit - biggest, math.exp, math.exp) for logit in logits]
            log_total = _micrograd_unary(sum(exps), math.log, lambda t: 1.0 / t)
            loss = -((logits[target] - biggest) - log_total)
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= 0.1 * p.grad

    return steps


def _micrograd_unary(v: Any, f: Callable[[float], float], slope: Callable[[float], float]) -> Any:
    """micrograd 0.1.0 has neither exp nor log: add such a node the way micrograd adds its own."""
    out = mg_engine.Value(f(v.data), (v,), f.__name__)

    def _backward() -> None:
        v.grad += slope(v.data) * out.grad

    out._backward = _backward
    return out


def micrograd_chain_graph(run_backward: bool) -> list[Any]:
    roots = []
    for _ in range(200):  # 200 chains of 500: within micrograd's recursion limit
        y = mg_engine.Value(0.5)
        for _ in range(500):
            y = y.relu()
        if run_backward:
            y.backward()
        roots.append(y)
    return roots


# -- PyTorch scalar tensors ------------------------------------------------------------------


class TorchScalarMLP:
    """The demo's MLP with 0-dim float64 tensors, written neuron by neuron like micrograd."""

    def __init__(self, sizes: list[int], seed: int = 0) -> None:
        rng = random.Random(seed)
        self.layers = []
        for nin, nout in itertools.pairwise(sizes):
            neurons = []
            for _ in range(nout):
                w = [self._param(rng.uniform(-1, 1)) for _ in range(nin)]
                neurons.append((w, self._param(0.0)))
            self.layers.append(neurons)

    @staticmethod
    def _param(value: float) -> Any:
        return torch.tensor(value, dtype=torch.float64, requires_grad=True)

    def parameters(self) -> list[Any]:
        return [p for layer in self.layers for w, b in layer for p in (*w, b)]

    def __call__(self, x: list[Any]) -> Any:
        for index, layer in enumerate(self.layers):
            last = index == len(self.layers) - 1
            outputs = []
            for w, b in layer:
                z = sum((wi * xi for wi, xi in zip(w, x)), b)
                outputs.append(z if last else torch.relu(z))
            x = outputs
        return x[0]


def torch_demo(X: list[list[float]], y: list[float]) -> Callable[[], float]:
    model = TorchScalarMLP([2, 16, 16, 1])

    def step() -> float:
        inputs = [[torch.tensor(xi, dtype=torch.float64) for xi in x] for x in X]
        scores = [model(x) for x in inputs]
        losses = [torch.relu(1 - yi * si) for yi, si in zip(y, scores)]
        loss = sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in model.parameters())
        for p in model.parameters():
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p -= 0.05 * p.grad
        return float(loss.item())

    return step


def torch_chain(n: int) -> None:
    x = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    y = x
    for _ in range(n):
        y = torch.relu(y)
    y.backward()


def torch_sum_of_products(ws: list[float], xs: list[float]) -> Callable[[], None]:
    params = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in ws]

    def run() -> None:
        for p in params:
            p.grad = None
        total = sum(w * x for w, x in zip(params, xs))
        total.backward()

    return run
