"""How bench/run.py writes a time, and the engine's targets with whether a run meets them.

Shared by ``run.py``, which prints them, and ``report.py``, which writes the README's
tables from a run's JSON (without importing the peers).
"""

from __future__ import annotations

from typing import Any


def fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:,.1f} µs"
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def targets(report: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """Each target of the engine, what this run measured, and whether it holds (for the sections run)."""
    rows = []
    demo = report.get("demo")
    if demo:
        plain = demo["floor"]["median"]
        ours = demo["chalkgrad"]["median"]
        rows.append(("demo step <= 3x the floor", f"{ours / plain:.2f}x", ours / plain <= 3))
        if "median" in demo.get("micrograd", {}):
            speedup = demo["micrograd"]["median"] / ours
            rows.append(("demo step >= 30x micrograd", f"{speedup:.1f}x", speedup >= 30))
        if "chalkgrad replay" in demo:
            replayed = demo["chalkgrad replay"]["median"]
            rows.append(("replayed step <= 1.5x the floor", f"{replayed / plain:.2f}x", replayed / plain <= 1.5))
    chains = report.get("chains", {})
    chain = chains.get(1_000_000) or chains.get("1000000")
    if chain:
        seconds = chain["chalkgrad"]["median"]
        rows.append(("1e6 chain fwd+bwd <= 2 s", fmt(seconds), seconds <= 2))
    sums = report.get("sum_of_products")
    if sums:
        for name, target, limit in (
            ("chalkgrad builtin sum", "builtin sum of 1e5 products <= 0.4 s", 0.4),
            ("chalkgrad autograd.dot", "autograd.dot of 1e5 products <= 40 ms", 0.04),
            ("chalkgrad autograd.sum", "autograd.sum of 1e5 products <= 40 ms", 0.04),
        ):
            seconds = sums[name]["median"]
            rows.append((target, fmt(seconds), seconds <= limit))
    memory = report.get("memory")
    if memory:
        graph = memory["relu chain"]["chalkgrad"]["bytes_per_node"]
        after = memory["relu chain + grads"]["chalkgrad"]["bytes_per_node"]
        rows.append(("relu chain <= 110 B per node", f"{graph:.0f} B", graph <= 110))
        rows.append(("... after backward <= 130 B per node", f"{after:.0f} B", after <= 130))
    digits = report.get("digits", {}).get("per_step", {})
    if "micrograd" in digits:
        speedup = digits["micrograd"]["median"] / digits["chalkgrad"]["median"]
        rows.append(("digits epoch >= 60x micrograd", f"{speedup:.1f}x", speedup >= 60))
    return rows
