"""The tables of bench/README.md, written from the JSON a run of ``bench/run.py`` left.

    .venv/bin/python bench/report.py out/bench.json > /tmp/tables.md
    .venv/bin/python bench/report.py main.json earlier.json ...   # and the targets of every run, side by side

So every figure the README quotes comes from a recorded run, not from a hand copy. The
first file gives the full tables; with more files, a table of the targets in each run
shows how much a figure moves between runs of the same code on the same machine.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import fmt, targets


def spread_row(name: str, result: dict[str, Any], floor: dict[str, Any] | None) -> str:
    if "error" in result:
        return f"| {name} | {result['error']} | - |"
    times = f"{fmt(result['min'])} / **{fmt(result['median'])}** / {fmt(result['max'])}"
    ratio = f"{result['median'] / floor['median']:.2f}x" if floor and "median" in floor else "-"
    return f"| {name} | {times} | {ratio} |"


def race_table(results: dict[str, Any]) -> list[str]:
    lines = ["| | min / median / max | × floor |", "|---|---:|---:|"]
    floor = results.get("floor")
    lines += [spread_row(name, result, floor) for name, result in results.items()]
    return lines


def report(run: dict[str, Any]) -> str:
    machine = run["machine"]
    load = machine.get("load_average_at_start") or [None, None, None]
    out = [
        f"The run: {run['when']}, on {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, "
        f"Python {machine['python']}; load average at the start {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
        f"(1 / 5 / 15 minutes); {run['rounds']} rounds; CPU times; peers: micrograd {run['peers']['micrograd']}, "
        f"torch {run['peers']['pytorch']}.",
        "",
        "### targets",
        "",
        "| target | this run | holds |",
        "|---|---:|:---:|",
    ]
    out += [f"| {target} | {measured} | {'yes' if holds else '**no**'} |" for target, measured, holds in targets(run)]
    if "demo" in run:
        out += ["", "### (a) demo step", "", *race_table(run["demo"])]
    if "chains" in run:
        out += ["", "### (b) chains"]
        for n, row in run["chains"].items():
            out += ["", f"n = {int(n):,}", "", *race_table(row)]
        names = ("chalkgrad", "chalkgrad, collector off", "floor", "pytorch")
        out += ["", "scaling: time per node (median)", "", "| n | " + " | ".join(names) + " |"]
        out.append("|---:|" + "---:|" * len(names))
        for n, row in run["chains"].items():
            cells = [fmt(row[name]["median"] / int(n)) if "median" in row.get(name, {}) else "-" for name in names]
            out.append(f"| {int(n):,} | " + " | ".join(cells) + " |")
    if "sum_of_products" in run:
        out += ["", "### (c) sum of products", "", *race_table(run["sum_of_products"])]
    if "memory" in run:
        out += [
            "",
            "### (d) memory",
            "",
            "| graph | library | bytes per node | whole graph | nodes |",
            "|---|---|---:|---:|---:|",
        ]
        for graph, row in run["memory"].items():
            for name, figures in row.items():
                mib = figures["bytes"] / 1024**2
                out.append(
                    f"| {graph} | {name} | {figures['bytes_per_node']:.0f} B | {mib:.1f} MiB | {figures['nodes']:,} |"
                )
    digits = run.get("digits", {})
    if "per_step" in digits:
        out += ["", "### (e) digits, per SGD step", "", *race_table(digits["per_step"])]
    return "\n".join(out) + "\n"


def across_runs(runs: list[dict[str, Any]]) -> str:
    """The targets of several runs side by side, one column per run (in the order given)."""
    columns = [{target: (measured, holds) for target, measured, holds in targets(run)} for run in runs]
    # the runs by the time they started (ISO 8601: the date, then hh:mm), the first marked as the one recorded
    names = [f"{run['when'][11:16]} (recorded)" if k == 0 else run["when"][11:16] for k, run in enumerate(runs)]
    header = f"| target ({runs[0]['when'][:10]}) | " + " | ".join(names) + " |"
    lines = [header, "|---|" + "---:|" * len(runs)]
    for target in columns[0]:
        cells = []
        for column in columns:
            measured, holds = column.get(target, ("-", True))
            cells.append(measured if holds else f"**{measured}**")
        lines.append(f"| {target} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n\n(in bold: the target is missed)\n"


def main() -> int:
    parser = argparse.ArgumentParser(description="Markdown tables from bench/run.py result files.")
    parser.add_argument("results", nargs="+", help="JSON files bench/run.py wrote (--json); the first gets full tables")
    args = parser.parse_args()
    runs = []
    for name in args.results:
        path = Path(name)
        try:
            runs.append(json.loads(path.read_text()))
        except (OSError, json.JSONDecodeError) as error:
            print(f"report.py: cannot read {path}: {error}", file=sys.stderr)
            return 2
    sys.stdout.write(report(runs[0]))
    if len(runs) > 1:
        sys.stdout.write("\n### the targets in each run\n\n" + across_runs(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
