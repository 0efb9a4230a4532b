"""How long ``chalkgrad graph`` takes to read and compute long expressions: it must grow linearly.

    .venv/bin/python bench/cli_bench.py

For 3,000 and 30,000 arguments of ``sum(x, x, ...)`` and terms of ``x + x + ...``
it times parsing, evaluating with Values, and backward, and prints the time per
term: flat from 3,000 to 30,000 means linear (a quadratic parser would take 10x
longer per term at 30,000). Machine noise aside, compare the two rows of one run.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograd import Value
from viz.cli.expression import evaluate, parse


def timed(function: Callable[..., object], *arguments: object) -> float:
    """The best of three runs of ``function(*arguments)``, in seconds."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        function(*arguments)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    print(f"{'expression':<26}{'terms':>8}{'parse s':>10}{'evaluate s':>12}{'backward s':>12}{'µs per term':>13}")
    for kind, build in (
        ("sum(x, x, ...)", lambda n: "sum(" + ", ".join(["x"] * n) + ")"),
        ("x + x + ...", lambda n: " + ".join(["x"] * n)),
        ("((((x))))", lambda n: "(" * n + "x" + ")" * n),
    ):
        for n in (3_000, 30_000):
            text = build(n)
            parsed = parse(text)
            parse_time = timed(parse, text)
            evaluate_time = timed(evaluate, parsed, {"x": Value(1.0, label="x")})
            out = evaluate(parsed, {"x": Value(1.0, label="x")})
            backward_time = timed(out.backward) if out.requires_grad else 0.0
            per_term = (parse_time + evaluate_time + backward_time) / n * 1e6
            print(f"{kind:<26}{n:>8,}{parse_time:>10.3f}{evaluate_time:>12.3f}{backward_time:>12.3f}{per_term:>13.1f}")


if __name__ == "__main__":
    main()
