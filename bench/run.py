"""chalkgrad against micrograd, PyTorch scalar tensors and the plain-float floor, in one process.

    python3 scripts/run.py bench                     (sets up .venv with micrograd first)
    .venv/bin/python bench/run.py [--quick] [--json out/bench.json]

Every figure is timed over several rounds; in each round every contestant runs once,
one after the other, so a machine that gets busier or quieter slows them all alike
and the ratios stay meaningful. Times are the process's CPU time, which the other
users of a shared machine disturb far less than wall-clock time (both are kept in
the JSON). Python's garbage collector is on, as it is for users. Each time is
reported as min / median / max over the rounds, next to the plain-float floor
(``floor.py``: the same arithmetic with floats and no graph).

(a) micrograd's demo training step: a 2-16-16-1 ReLU MLP on 100 two-moons points,
    max-margin loss plus L2 regularisation, forward + backward + SGD update, written
    as a micrograd user writes it (``nn.MLP``, builtin ``sum``); also replayed
    (``autograd.replay``);
(b) a chain of n relu nodes, forward + backward, n = 1e3 .. 1e6 (the scaling table),
    also with the garbage collector paused, to show its share;
(c) the sum of 1e5 products w_i * x_i, forward + backward: builtin ``sum`` (a chain
    of additions), ``autograd.sum`` (one node over 1e5 product nodes) and
    ``autograd.dot`` (one node); and, for scale, making the 1e5 product nodes alone (and
    the builtin sum and the products with the collector paused);
(d) memory per graph node with tracemalloc: a relu chain, and the graph of (a);
(e) SGD steps of a 64-16-10 softmax MLP on the 8x8 digits, one sample per step.

The results are printed and written as JSON (``--json``, default out/bench.json).
``bench/README.md`` records one run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import floor  # noqa: E402 - bench/ is put on the path just above
import peers  # noqa: E402
from figures import fmt, targets  # noqa: E402

import autograd  # noqa: E402
import nn  # noqa: E402
from autograd import Value  # noqa: E402

try:  # replay arrived after the first recorded runs: the bench still runs on older checkouts
    from autograd import replay
except ImportError:  # pragma: no cover
    replay = None  # type: ignore[assignment]

# The parts of a run, in the order they run; ``--only`` picks some of them.
SECTIONS = ("demo", "chains", "sums", "memory", "digits")

Spread = dict[str, Any]  # {"min", "median", "max" (seconds), "rounds"} or {"error": "..."}


# -- timing ------------------------------------------------------------------------------------


def race(contestants: dict[str, Callable[[], object]], rounds: int) -> dict[str, Spread]:
    """Time every contestant once per round, round after round, alternating (collector on).

    The times are the process's CPU time (``time.process_time``): on a shared machine
    the other processes' load stretches wall-clock times at random, CPU time much less.
    The wall-clock medians are kept as well ("wall_median").
    """
    times: dict[str, list[float]] = {name: [] for name in contestants}
    walls: dict[str, list[float]] = {name: [] for name in contestants}
    errors: dict[str, str] = {}
    for _ in range(rounds):
        for name, work in contestants.items():
            if name in errors:
                continue
            # Collect the garbage left by the contestant before, outside the timing: otherwise
            # micrograd's reference cycles would be collected on the next contestant's time.
            gc.collect()
            wall, start = time.perf_counter(), time.process_time()
            try:
                work()
            except RecursionError:
                errors[name] = "RecursionError"
                continue
            times[name].append(time.process_time() - start)
            walls[name].append(time.perf_counter() - wall)
    return {
        name: {"error": errors[name]}
        if name in errors
        else {**spread(times[name]), "wall_median": statistics.median(walls[name])}
        for name in contestants
    }


def without_collector(work: Callable[[], object]) -> Callable[[], object]:
    """``work`` with the cyclic garbage collector paused: a diagnostic row, showing its share.

    Only the bench does this, to measure; chalkgrad never touches the collector.
    """

    def paused() -> object:
        was_on = gc.isenabled()
        gc.disable()
        try:
            return work()
        finally:
            if was_on:
                gc.enable()

    return paused


def spread(times: list[float]) -> Spread:
    return {"min": min(times), "median": statistics.median(times), "max": max(times), "rounds": len(times)}


# -- data ----------------------------------------------------------------------------------------


def two_moons(n: int = 100, noise: float = 0.1, seed: int = 1) -> tuple[list[list[float]], list[float]]:
    """n points on two interleaved half circles, labels -1 / +1 (the micrograd demo's data shape)."""
    import math

    rng = random.Random(seed)
    half = n // 2
    X, y = [], []
    for k in range(half):
        angle = math.pi * k / (half - 1)
        X.append([math.cos(angle) + rng.gauss(0, noise), math.sin(angle) + rng.gauss(0, noise)])
        y.append(-1.0)
    for k in range(half):
        angle = math.pi * k / (half - 1)
        X.append([1 - math.cos(angle) + rng.gauss(0, noise), 0.5 - math.sin(angle) + rng.gauss(0, noise)])
        y.append(1.0)
    return X, y


# -- (a) the demo step ----------------------------------------------------------------------------


def demo_loss(model: nn.MLP) -> Callable[[Any, Any], Value]:
    """The loss as a micrograd user writes it: builtin sum of the margins and of p * p."""

    def loss_of(X: Any, y: Any) -> Value:
        scores = [model(x)[0] for x in X]
        losses = [(1 - yi * si).relu() for yi, si in zip(y, scores)]
        return sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in model.parameters())

    return loss_of


def chalkgrad_demo(X: list[list[float]], y: list[float]) -> Callable[[], float]:
    model = nn.MLP(2, [16, 16, 1], activation="relu", output_activation="linear", rng=0)
    loss_of = demo_loss(model)

    def step() -> float:
        loss = loss_of(X, y)
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= 0.05 * p.grad
        return loss.data

    return step


def replayed_demo(X: list[list[float]], y: list[float]) -> Callable[[], float]:
    model = nn.MLP(2, [16, 16, 1], activation="relu", output_activation="linear", rng=0)
    tape = replay.record(demo_loss(model), X, y)
    parameters = model.parameters()

    def step() -> float:
        loss = tape.forward(X, y)
        model.zero_grad()
        tape.backward()
        for p in parameters:
            p.data -= 0.05 * p.grad
        return loss

    return step


def float_demo(X: list[list[float]], y: list[float]) -> Callable[[], float]:
    model = nn.MLP(2, [16, 16, 1], activation="relu", output_activation="linear", rng=0)
    weights, biases = model.weights(), model.biases()
    return lambda: floor.demo_step(weights, biases, X, y)  # type: ignore[arg-type]


def bench_demo(rounds: int) -> dict[str, Spread]:
    X, y = two_moons()
    ours, plain = chalkgrad_demo(X, y), float_demo(X, y)
    contestants: dict[str, Callable[[], object]] = {"chalkgrad": ours, "floor": plain}
    if replay is not None:
        contestants["chalkgrad replay"] = replayed_demo(X, y)
    first = {name: work() for name, work in contestants.items()}  # the same model and data: the same loss
    agree = abs(first["chalkgrad"] - first["floor"]) < 1e-12  # type: ignore[operator]
    if not agree or first.get("chalkgrad replay", first["chalkgrad"]) != first["chalkgrad"]:
        raise AssertionError(f"the demo step's losses disagree: {first}")
    if peers.MICROGRAD:
        contestants["micrograd"] = peers.micrograd_demo(X, y)
    if peers.TORCH:
        contestants["pytorch"] = peers.torch_demo(X, y)
    return race(contestants, rounds)


# -- (b) chains ---------------------------------------------------------------------------------------


def chalkgrad_chain(n: int) -> None:
    x = Value(0.5)
    y = x
    for _ in range(n):
        y = y.relu()
    y.backward()


def bench_chains(sizes: list[int], rounds: int) -> dict[int, dict[str, Spread]]:
    rows = {}
    for n in sizes:
        contestants: dict[str, Callable[[], object]] = {
            "chalkgrad": lambda n=n: chalkgrad_chain(n),
            "chalkgrad, collector off": without_collector(lambda n=n: chalkgrad_chain(n)),
            "floor": lambda n=n: floor.relu_chain(n),
        }
        if peers.MICROGRAD:
            contestants["micrograd"] = lambda n=n: peers.micrograd_chain(n)
        if peers.TORCH:
            contestants["pytorch"] = lambda n=n: peers.torch_chain(n)
        rows[n] = race(contestants, rounds if n < 1_000_000 else max(3, rounds // 2))
    return rows


# -- (c) a sum of products -------------------------------------------------------------------------------


def bench_sum_of_products(n: int, rounds: int) -> dict[str, Spread]:
    rng = random.Random(0)
    ws = [rng.uniform(-1, 1) for _ in range(n)]
    xs = [rng.uniform(-1, 1) for _ in range(n)]
    params = [Value(w) for w in ws]  # the parameters exist before the step, as in training

    def zeroed() -> list[Value]:
        for p in params:
            p.grad = 0.0
        return params

    def builtin_sum() -> None:
        sum(w * x for w, x in zip(zeroed(), xs)).backward()

    def autograd_sum() -> None:
        autograd.sum(w * x for w, x in zip(zeroed(), xs)).backward()

    def autograd_dot() -> None:
        autograd.dot(zeroed(), xs).backward()

    def products_only() -> None:  # what autograd.sum needs before it starts: the 1e5 product nodes
        [w * x for w, x in zip(params, xs)]

    contestants: dict[str, Callable[[], object]] = {
        "chalkgrad builtin sum": builtin_sum,
        "chalkgrad autograd.sum": autograd_sum,
        "chalkgrad autograd.dot": autograd_dot,
        "chalkgrad products only": products_only,
        "chalkgrad builtin sum, collector off": without_collector(builtin_sum),
        "chalkgrad products, collector off": without_collector(products_only),
        "floor": lambda: floor.sum_of_products(ws, xs),
    }
    if peers.MICROGRAD:
        contestants["micrograd"] = peers.micrograd_sum_of_products(ws, xs)
    if peers.TORCH:
        contestants["pytorch"] = peers.torch_sum_of_products(ws, xs)
    return race(contestants, rounds)


# -- (d) memory -------------------------------------------------------------------------------------------


def count_nodes(roots: list[Any], children: Callable[[Any], Any]) -> int:
    seen = {id(root) for root in roots}
    stack = list(roots)
    while stack:
        for child in children(stack.pop()):
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return len(seen)


def graph_memory(
    build: Callable[[bool], list[Any]], children: Callable[[Any], Any], run_backward: bool
) -> dict[str, Any]:
    """tracemalloc's count of what a graph holds (with backward: also the gradients it filled in)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    roots = build(run_backward)
    size = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    nodes = count_nodes(roots, children)
    return {"bytes": size, "nodes": nodes, "bytes_per_node": size / nodes}


def chalkgrad_chain_graph(run_backward: bool) -> list[Value]:
    roots = []
    for _ in range(200):  # the same 200 chains of 500 as micrograd's
        y = Value(0.5)
        for _ in range(500):
            y = y.relu()
        if run_backward:
            y.backward()
        roots.append(y)
    return roots


def chalkgrad_demo_graph(run_backward: bool) -> list[Value]:
    X, y = two_moons()
    model = nn.MLP(2, [16, 16, 1], activation="relu", output_activation="linear", rng=0)
    loss = demo_loss(model)(X, y)
    if run_backward:
        loss.backward()
    return [loss]


def bench_memory() -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for backward in (False, True):
        suffix = " + grads" if backward else ""
        rows["relu chain" + suffix] = {"chalkgrad": graph_memory(chalkgrad_chain_graph, _inputs, backward)}
        if peers.MICROGRAD:
            rows["relu chain" + suffix]["micrograd"] = graph_memory(peers.micrograd_chain_graph, _prev, backward)
        rows["demo step graph" + suffix] = {"chalkgrad": graph_memory(chalkgrad_demo_graph, _inputs, backward)}
    return rows


def _inputs(value: Value) -> tuple[Value, ...]:
    return value.inputs


def _prev(value: Any) -> Any:
    return value._prev


# -- (e) digits -------------------------------------------------------------------------------------------


def bench_digits(rounds: int, micrograd_samples: int) -> dict[str, Any]:
    """Seconds per SGD step (one sample); micrograd on the first samples only (it is slow)."""
    try:
        X, y = nn.data.digits()
    except ImportError:
        return {"error": "scikit-learn not installed"}
    X = [[float(v) for v in row] for row in X]
    labels = [int(t) for t in y]
    model = nn.MLP(64, [16, 10], activation="relu", output_activation="linear", rng=0)
    optimizer = nn.SGD(model.parameters(), lr=0.1)
    weights, biases = model.weights(), model.biases()

    def chalkgrad_epoch() -> None:
        for x, target in zip(X, labels):
            loss = nn.cross_entropy(model(x), target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

    def float_epoch() -> None:
        for x, target in zip(X, labels):
            floor.softmax_step(weights, biases, x, target)  # type: ignore[arg-type]

    contestants: dict[str, Callable[[], object]] = {"chalkgrad": chalkgrad_epoch, "floor": float_epoch}
    samples = {"chalkgrad": len(X), "floor": len(X)}
    if peers.MICROGRAD:
        contestants["micrograd"] = peers.micrograd_digits(X[:micrograd_samples], labels[:micrograd_samples])
        samples["micrograd"] = micrograd_samples
    results = race(contestants, rounds)
    per_step = {
        name: {key: value / samples[name] for key, value in result.items() if key != "rounds"}
        for name, result in results.items()
    }
    for name in per_step:
        per_step[name]["rounds"] = results[name]["rounds"]
        per_step[name]["samples"] = samples[name]
    return {"per_step": per_step, "epoch_samples": len(X)}


# -- report -----------------------------------------------------------------------------------------------


def median(result: Spread) -> float | None:
    return result.get("median")


def times_floor(result: Spread, plain: Spread) -> str:
    if "error" in result or "error" in plain:
        return "-"
    return f"{result['median'] / plain['median']:,.2f}x"


def print_race(title: str, results: dict[str, Spread], reference: str = "chalkgrad") -> None:
    print(f"\n{title}")
    print(f"    {'':<36} {'min':>11} {'median':>11} {'max':>11} {'x floor':>9}   {reference} is")
    plain = results.get("floor", {"error": "-"})
    ours = results.get(reference, {})
    for name, result in results.items():
        if "error" in result:
            print(f"    {name:<36} {result['error']:>35}")
            continue
        versus = ""
        if "median" in ours and not name.startswith("chalkgrad") and name != "floor":  # the peers only
            versus = f"{result['median'] / ours['median']:,.1f}x faster"
        print(
            f"    {name:<36} {fmt(result['min']):>11} {fmt(result['median']):>11} {fmt(result['max']):>11} "
            f"{times_floor(result, plain):>9}   {versus}"
        )


def machine() -> dict[str, Any]:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "load_average_at_start": load,
        "system": platform.platform(),
        "python": sys.version.split()[0],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer rounds, chains up to 1e5, a shorter digits run")
    parser.add_argument("--json", default=str(ROOT / "out" / "bench.json"), help="where to write the results (JSON)")
    parser.add_argument("--rounds", type=int, default=None, help="rounds per figure (default 7, --quick 3)")
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"a comma-separated choice of sections to run (default all: {','.join(SECTIONS)})",
    )
    args = parser.parse_args()
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section {', '.join(unknown)}: choose from {', '.join(SECTIONS)}")
    rounds = args.rounds or (3 if args.quick else 7)
    about = machine()
    report: dict[str, Any] = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": about,
        "peers": {"micrograd": peers.MICROGRAD, "pytorch": peers.TORCH},
        "rounds": rounds,
        "gc": "on",
    }
    print(f"machine: {about['cpu']}, {about['cores']} cores, {about['memory_gib']} GiB, Python {about['python']}")
    print(f"load average at start: {about['load_average_at_start']}; rounds: {rounds}; garbage collector on")
    print(f"peers: micrograd {peers.MICROGRAD or 'not installed'}, torch {peers.TORCH or 'not installed'}")

    if "demo" in chosen:
        report["demo"] = bench_demo(rounds)
        print_race("(a) micrograd's demo step (2-16-16-1 ReLU MLP, 100 moons points, builtin sum)", report["demo"])

    if "chains" in chosen:
        sizes = [1_000, 10_000, 100_000] + ([] if args.quick else [1_000_000])
        report["chains"] = bench_chains(sizes, rounds)
        for n, row in report["chains"].items():
            print_race(f"(b) chain of {n:,} relu nodes, forward + backward", row)
        print("\n    scaling: time per node (median)")
        print(f"    {'n':>10} {'chalkgrad':>12} {'collector off':>14} {'floor':>12} {'pytorch':>12}")
        for n, row in report["chains"].items():
            cells = [
                fmt(row[name]["median"] / n) if "median" in row.get(name, {}) else "-"
                for name in ("chalkgrad", "chalkgrad, collector off", "floor", "pytorch")
            ]
            print(f"    {n:>10,} {cells[0]:>12} {cells[1]:>14} {cells[2]:>12} {cells[3]:>12}")

    if "sums" in chosen:
        report["sum_of_products"] = bench_sum_of_products(100_000, max(3, rounds // 2))
        print_race(
            "(c) sum of 1e5 products w_i * x_i, forward + backward", report["sum_of_products"], "chalkgrad builtin sum"
        )

    if "memory" in chosen:
        report["memory"] = bench_memory()
        print("\n(d) memory (tracemalloc): the graph alone, then with the gradients of a backward")
        for graph, row in report["memory"].items():
            for name, figures in row.items():
                print(
                    f"    {graph:<24} {name:<10} {figures['bytes_per_node']:>6,.0f} B per node   "
                    f"({figures['bytes'] / 1024:>9,.0f} KiB, {figures['nodes']:>7,} nodes)"
                )

    if "digits" in chosen:
        report["digits"] = bench_digits(max(2, rounds // 2), 60 if args.quick else 180)
        print("\n(e) digits: SGD steps of a 64-16-10 MLP, one sample per step (time per step)")
        if "error" in report["digits"]:
            print(f"    {report['digits']['error']}")
        else:
            per_step = report["digits"]["per_step"]
            print_race("    (micrograd timed on the first samples only)", per_step)
            epoch = report["digits"]["epoch_samples"]
            print(
                f"    one epoch ({epoch:,} samples): "
                + ", ".join(f"{name} {fmt(r['median'] * epoch)}" for name, r in per_step.items())
            )

    report["targets"] = [{"target": t, "measured": m, "holds": ok} for t, m, ok in targets(report)]
    print("\ntargets")
    for target, measured, holds in targets(report):
        print(f"    {'yes' if holds else 'NO ':<4} {target:<40} {measured}")

    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1, default=str) + "\n")
    print(f"\nresults written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
