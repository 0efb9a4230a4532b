"""chalkgrad against micrograd and PyTorch scalar tensors, side by side in one process.

    python3 scripts/run.py bench          (sets up .venv with micrograd first)
    .venv/bin/python bench/run.py [--quick]

What is measured (medians of at least 5 repeats, Python's garbage collector on):

(a) the micrograd demo's training step: a 2-16-16-1 ReLU MLP on 100 two-moons
    points, max-margin loss plus L2 regularisation, forward + backward + SGD update;
(b) a chain of n relu nodes (the one unary op all three have), forward + backward, for n = 1e3 .. 1e6;
(c) the sum of 1e5 products w_i * x_i, forward + backward;
(d) memory per graph node (and per graph), measured with tracemalloc on a relu chain and
    on the graph of (a)'s training step;
(e) one epoch of a 64-16-10 softmax MLP (ReLU hidden layer, as micrograd's MLP has) on
    the 8x8 digits, one SGD step per sample (chalkgrad and micrograd).

PyTorch is optional: without it, its columns say "not installed". Results are
printed as a table; bench/README.md records a run.
"""

from __future__ import annotations

import argparse
import functools
import gc
import itertools
import math
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

import autograd
import nn
from autograd import Value

try:
    from micrograd import engine as mg_engine
    from micrograd import nn as mg_nn
except ImportError:  # pragma: no cover - the bench extra installs it
    mg_engine = mg_nn = None  # type: ignore[assignment]

try:
    import torch
except ImportError:
    torch = None  # type: ignore[assignment]

MISSING = "not installed"
PEER_NAMES = (("micrograd", "micrograd"), ("pytorch", "PyTorch scalar tensors"))


def median_seconds(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def two_moons(n: int = 100, noise: float = 0.1, seed: int = 1) -> tuple[list[list[float]], list[float]]:
    """n points on two interleaved half circles, labels -1 / +1 (the micrograd demo's data shape)."""
    rng = np.random.default_rng(seed)
    half = n // 2
    angles = np.linspace(0, math.pi, half)
    outer = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    inner = np.stack([1 - np.cos(angles), 0.5 - np.sin(angles)], axis=1)
    X = np.concatenate([outer, inner]) + rng.normal(scale=noise, size=(2 * half, 2))
    y = np.concatenate([-np.ones(half), np.ones(half)])
    return X.tolist(), y.tolist()


# -- (a) the micrograd demo's training step -------------------------------------------


def chalkgrad_step(model: nn.MLP, X: list[list[float]], y: list[float]) -> float:
    scores = [model(x)[0] for x in X]
    margins = autograd.sum((1 - yi * si).relu() for yi, si in zip(y, scores))
    loss = margins / len(X) + 1e-4 * autograd.sum(p * p for p in model.parameters())
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= 0.05 * p.grad
    return loss.data


def micrograd_step(model: Any, X: list[list[float]], y: list[float]) -> float:
    inputs = [[mg_engine.Value(xi) for xi in x] for x in X]
    scores = [model(x) for x in inputs]
    losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
    loss = sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in model.parameters())
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= 0.05 * p.grad
    return float(loss.data)


class TorchScalarMLP:
    """The same MLP with 0-dim float64 tensors, written neuron by neuron like micrograd."""

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


def torch_step(model: TorchScalarMLP, X: list[list[float]], y: list[float]) -> float:
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


def bench_training_step(repeats: int) -> dict[str, float | str]:
    X, y = two_moons()
    sizes = [2, 16, 16, 1]
    ours = nn.MLP(2, sizes[1:], activation="relu", output_activation="linear", rng=0)
    results: dict[str, float | str] = {"chalkgrad": median_seconds(lambda: chalkgrad_step(ours, X, y), repeats)}
    if mg_nn is not None:
        random.seed(0)
        theirs = mg_nn.MLP(2, sizes[1:])
        results["micrograd"] = median_seconds(lambda: micrograd_step(theirs, X, y), repeats)
    else:
        results["micrograd"] = MISSING
    if torch is not None:
        scalar = TorchScalarMLP(sizes)
        results["pytorch"] = median_seconds(lambda: torch_step(scalar, X, y), repeats)
    else:
        results["pytorch"] = MISSING
    return results


# -- (b) deep chains and (c) a sum of products ------------------------------------------


def chalkgrad_chain(n: int) -> None:
    x = Value(0.5)
    y = x
    for _ in range(n):
        y = y.relu()
    y.backward()


def micrograd_chain(n: int) -> None:
    x = mg_engine.Value(0.5)
    y = x
    for _ in range(n):
        y = y.relu()
    y.backward()


def torch_chain(n: int) -> None:
    x = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    y = x
    for _ in range(n):
        y = torch.relu(y)
    y.backward()


def attempt(work: Callable[[], object], repeats: int) -> float | str:
    """Seconds, or the name of the error that stopped the work (micrograd's recursion)."""
    try:
        return median_seconds(work, repeats)
    except RecursionError:
        return "RecursionError"


def bench_chains(sizes: list[int], repeats: int) -> list[tuple[int, dict[str, float | str]]]:
    rows = []
    for n in sizes:
        ours_repeats = repeats if n < 1_000_000 else 3
        peer_repeats = repeats if n <= 100_000 else 1
        row: dict[str, float | str] = {"chalkgrad": attempt(functools.partial(chalkgrad_chain, n), ours_repeats)}
        row["micrograd"] = attempt(functools.partial(micrograd_chain, n), peer_repeats) if mg_engine else MISSING
        row["pytorch"] = attempt(functools.partial(torch_chain, n), peer_repeats) if torch is not None else MISSING
        rows.append((n, row))
    return rows


def bench_sum_of_products(n: int, repeats: int) -> dict[str, float | str]:
    rng = random.Random(0)
    pairs = [(rng.uniform(-1, 1), rng.uniform(-1, 1)) for _ in range(n)]

    def ours() -> None:
        ws = [Value(w) for w, _ in pairs]
        total = autograd.sum(w * x for w, (_, x) in zip(ws, pairs))
        total.backward()

    def micrograd() -> None:
        ws = [mg_engine.Value(w) for w, _ in pairs]
        total = sum((w * x for w, (_, x) in zip(ws, pairs)), mg_engine.Value(0.0))
        total.backward()

    def pytorch() -> None:
        ws = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w, _ in pairs]
        total = sum(w * x for w, (_, x) in zip(ws, pairs))
        total.backward()

    return {
        "chalkgrad": attempt(ours, repeats),
        "micrograd": attempt(micrograd, repeats) if mg_engine else MISSING,
        "pytorch": attempt(pytorch, repeats) if torch is not None else MISSING,
    }


# -- (d) memory per node -----------------------------------------------------------------


def count_nodes(root: Any, children: Callable[[Any], Any]) -> int:
    seen, stack = {id(root)}, [root]
    while stack:
        for child in children(stack.pop()):
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return len(seen)


def graph_memory(build: Callable[[bool], Any], children: Callable[[Any], Any], run_backward: bool) -> tuple[int, int]:
    """(bytes, nodes): tracemalloc's count of the memory a graph holds, and its node count.

    Without backward this is the graph itself; with it, also the gradients it filled in.
    """
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    roots = build(run_backward)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before, sum(count_nodes(root, children) for root in roots)


def memory_chain(kind: str) -> Callable[[bool], Any]:
    value_type = Value if kind == "chalkgrad" else mg_engine.Value

    def build(run_backward: bool) -> list[Any]:
        roots = []
        for _ in range(200):  # 200 chains of 500: long enough, and within micrograd's recursion limit
            y = value_type(0.5)
            for _ in range(500):
                y = y.relu()
            if run_backward:
                y.backward()
            roots.append(y)
        return roots

    return build


def memory_mlp(kind: str) -> Callable[[bool], Any]:
    """The graph of one training step's loss, (a)'s network and data."""
    X, y = two_moons()
    if kind == "chalkgrad":
        model = nn.MLP(2, [16, 16, 1], activation="relu", output_activation="linear", rng=0)

        def build(run_backward: bool) -> list[Any]:
            scores = [model(x)[0] for x in X]
            loss = autograd.sum((1 - yi * si).relu() for yi, si in zip(y, scores)) / len(X)
            if run_backward:
                loss.backward()
            return [loss]

        return build
    random.seed(0)
    theirs = mg_nn.MLP(2, [16, 16, 1])

    def build_micrograd(run_backward: bool) -> list[Any]:
        scores = [theirs([mg_engine.Value(xi) for xi in x]) for x in X]
        loss = sum((1 + -yi * si).relu() for yi, si in zip(y, scores)) * (1.0 / len(X))
        if run_backward:
            loss.backward()
        return [loss]

    return build_micrograd


def bench_memory() -> list[tuple[str, str, tuple[int, int]]]:
    """(graph, library, (bytes, nodes)) for each graph, without and with the gradients."""
    children = {"chalkgrad": lambda v: v.inputs, "micrograd": lambda v: v._prev}
    kinds = ["chalkgrad"] + (["micrograd"] if mg_engine is not None else [])
    rows = []
    for graph, builder in (("relu chain", memory_chain), ("MLP step graph", memory_mlp)):
        for backward in (False, True):
            name = graph + (" + grads" if backward else "")
            for kind in kinds:
                rows.append((name, kind, graph_memory(builder(kind), children[kind], backward)))
    return rows


# -- (e) one epoch of the digits MLP ------------------------------------------------------


def bench_digits_epoch() -> dict[str, float | str]:
    try:
        X, y = nn.data.digits()
    except ImportError:
        return {"chalkgrad": "scikit-learn " + MISSING, "micrograd": "-"}
    X = np.asarray(X, dtype=float).tolist()  # nn.data.digits() already scales pixels to [0, 1]
    labels = [int(t) for t in y]

    def ours_epoch() -> None:
        model = nn.MLP(64, [16, 10], activation="relu", output_activation="linear", rng=0)
        optimizer = nn.SGD(model.parameters(), lr=0.1)
        for x, target in zip(X, labels):
            loss = nn.cross_entropy(model(x), target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

    results: dict[str, float | str] = {"chalkgrad": median_seconds(ours_epoch, 1)}
    if mg_nn is not None:

        def micrograd_epoch() -> None:
            random.seed(0)
            model = mg_nn.MLP(64, [16, 10])  # its hidden layers are ReLU; the last is linear
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

        results["micrograd"] = median_seconds(micrograd_epoch, 1)
    return results


def _micrograd_unary(v: Any, f: Callable[[float], float], slope: Callable[[float], float]) -> Any:
    """micrograd 0.1.0 has neither exp nor log: add such a node the way micrograd adds its own."""
    out = mg_engine.Value(f(v.data), (v,), f.__name__)

    def _backward() -> None:
        v.grad += slope(v.data) * out.grad

    out._backward = _backward
    return out


# -- report -----------------------------------------------------------------------------


def fmt(value: float | str, unit: str = "s") -> str:
    if isinstance(value, str):
        return value
    if unit == "B":
        return f"{value:,.0f} B"
    return f"{value * 1000:,.1f} ms" if value < 10 else f"{value:,.1f} s"


def ratio(theirs: float | str, ours: float | str) -> str:
    if isinstance(theirs, str) or isinstance(ours, str):
        return "-"
    return f"{theirs / ours:,.1f}x"


def peers(row: dict[str, float | str], unit: str = "s") -> str:
    """One result line: each measured library's number, in a fixed order."""
    return "   ".join(f"{name} {fmt(row[name], unit)}" for name in ("chalkgrad", "micrograd", "pytorch") if name in row)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, chains only up to 1e5, no digits")
    args = parser.parse_args()
    repeats = 5 if args.quick else 7
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {sys.version.split()[0]}")
    print(f"peers: micrograd {'0.1.0' if mg_engine else MISSING}, torch {torch.__version__ if torch else MISSING}")

    step = bench_training_step(repeats)
    print("\n(a) micrograd demo training step (2-16-16-1 ReLU MLP, 100 moons points, GC on)")
    print(f"    {peers(step)}")
    versus = [f"{ratio(step[peer], step['chalkgrad'])} faster than {name}" for peer, name in PEER_NAMES]
    print("    chalkgrad is " + ", ".join(text for text in versus if not text.startswith("-")))

    print("\n(b) chain of n relu nodes, forward + backward")
    sizes = [1_000, 10_000, 100_000] + ([] if args.quick else [1_000_000])
    for n, row in bench_chains(sizes, repeats):
        print(
            f"    n={n:>9,}  chalkgrad {fmt(row['chalkgrad']):>10}   micrograd {fmt(row['micrograd']):>14}   "
            f"pytorch {fmt(row['pytorch']):>10}   vs pytorch {ratio(row['pytorch'], row['chalkgrad'])}"
        )

    total = bench_sum_of_products(100_000, repeats)
    print("\n(c) sum of 1e5 products w_i * x_i, forward + backward")
    print(f"    {peers(total)}   vs pytorch {ratio(total['pytorch'], total['chalkgrad'])}")

    print("\n(d) memory (tracemalloc): the graph alone, then with the gradients of a backward")
    for graph, kind, (size, nodes) in bench_memory():
        per_node = f"{size / nodes:>6,.0f} B per node"
        print(f"    {graph:<24} {kind:<10} {per_node}   ({size / 1024:>9,.0f} KiB, {nodes:>7,} nodes)")

    if not args.quick:
        epoch = bench_digits_epoch()
        print("\n(e) one epoch of a 64-16-10 MLP on the 1,797 8x8 digits (SGD, one sample per step)")
        print(
            f"    chalkgrad {fmt(epoch['chalkgrad'])}   micrograd {fmt(epoch['micrograd'])}   "
            f"ratio {ratio(epoch['micrograd'], epoch['chalkgrad'])}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
