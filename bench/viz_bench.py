"""How long drawing takes: building the DOT text, and laying it out with each renderer.

    .venv/bin/python bench/viz_bench.py            # DOT at 200 / 2,000 / 5,000 Values; renderers at 100 to 2,000
    .venv/bin/python bench/viz_bench.py --quick    # renderers at 100 and 200 Values only

Each renderer draws each graph plain (SVG, PNG) and with a label on every edge
(edge_labels="local"), so the cost of the labels is read off side by side.

The graphs are built like a small network's: layers of Values, each node the
product or sum of two nodes of the layer before, or a tanh of one, so the
layout has real fan-in, fan-out and crossings (a plain chain would be too easy).
"N Values" counts the graph's Values; with the default show_ops=True the drawing
has about twice as many nodes (one per Value plus one per operation).
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from shutil import which

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import autograd
from autograd import Value, topological_order
from viz.drawing.graph import draw_graph
from viz.render.renderer import _CANDIDATES, Renderer, RenderError, render


def layered_graph(values: int, width: int = 20, seed: int = 0) -> Value:
    """A graph of exactly ``values`` Values in layers of about ``width``, ending in one sum.

    Every node is a product a*b, a tanh(a + b) (two Values) or a sin(a) of nodes of
    the layer before, so all data stay in [-1, 1]; the final sum collects every
    node that nothing else uses, so all ``values`` Values are in the drawing.
    """
    rng = random.Random(seed)
    layer = [Value(rng.uniform(-1, 1), label=f"x{i}") for i in range(width)]
    unused = dict.fromkeys(layer)  # insertion-ordered, so every run builds the same graph
    count = width
    while count < values - 1:
        next_layer = []
        while len(next_layer) < width and count < values - 1:
            a, b = rng.choice(layer), rng.choice(layer)
            kind = rng.random()
            if kind < 0.2 or count == values - 2:
                node, made = a.sin(), 1
                unused.pop(a, None)
            elif kind < 0.6:
                node, made = a * b, 1
                unused.pop(a, None)
                unused.pop(b, None)
            else:
                node, made = (a + b).tanh(), 2
                unused.pop(a, None)
                unused.pop(b, None)
            unused[node] = None
            next_layer.append(node)
            count += made
        layer = next_layer
    return autograd.sum(list(unused))


def best_of(function: object, repeats: int) -> float:
    """The median wall time of ``repeats`` calls, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="renderers at 100 and 200 Values only")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a render is stopped")
    args = parser.parse_args()

    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    print("\nBuilding the DOT text (draw_graph(...).source, median of 5):")
    print(f"{'Values':>8} {'drawn nodes':>12} {'edges':>8} {'time':>10}")
    for size in (200, 2000, 5000):
        root = layered_graph(size)
        order = topological_order(root)
        root.backward()
        drawing = draw_graph(root, max_nodes=None)
        drawn = sum(1 for line in drawing.body if "[label=" in line and " -> " not in line)
        edges = sum(1 for line in drawing.body if " -> " in line)
        seconds = best_of(lambda root=root: draw_graph(root, max_nodes=None).source, 5)
        print(f"{len(order):>8} {drawn:>12} {edges:>8} {seconds * 1000:>8.1f} ms")

    print("\nRendering (layout + output, one run each; above 1,000 drawn nodes draw_graph caps the layout effort;")
    print("'svg+labels' is edge_labels=\"local\", a label on every edge, to compare with the plain 'svg'):")
    print(f"{'renderer':<15} {'format':<10} {'Values':>8} {'drawn nodes':>12} {'time':>10}")
    sizes = (100, 200) if args.quick else (100, 200, 600, 1000, 2000)
    for name, formats in _CANDIDATES:
        path = which(name) or which(name, path=str(Path(sys.executable).parent))
        if path is None:
            print(f"{name:<15} (not installed)")
            continue
        renderer = Renderer(path, name, formats)
        for size in sizes:
            root = layered_graph(size)
            root.backward()
            for fmt, edge_labels in (("svg", None), ("png", None), ("svg", "local")):
                drawing = draw_graph(root, max_nodes=None, edge_labels=edge_labels)
                drawn = sum(1 for line in drawing.body if "[label=" in line and " -> " not in line)
                start = time.perf_counter()
                try:
                    render(drawing, fmt, renderer=renderer, timeout=args.timeout)
                    shown = f"{time.perf_counter() - start:>9.2f} s"
                except RenderError:
                    shown = f"> {args.timeout:g} s (stopped)"
                shown_format = fmt + ("+labels" if edge_labels else "")
                print(f"{name:<15} {shown_format:<10} {size:>8} {drawn:>12} {shown:>10}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
