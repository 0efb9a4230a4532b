"""The ``chalkgrad`` command line (also ``python -m viz``).

    chalkgrad demo [-o FOLDER]
        The lecture's 1-2-3-1 sigmoid network on x = 2.0, y = 1 with binary
        cross-entropy: prints the forward pass, the loss and every gradient, and
        writes the computation graph, the network diagram and the graph as a
        TikZ picture (.tex, for LaTeX slides) into FOLDER (default ./chalkgrad-demo).

    chalkgrad graph "tanh(x1*w1 + x2*w2 + b)" x1=2 x2=0 w1=-3 w2=1 b=6.88 -o neuron.svg
        Computes the expression with Values, runs backward, prints every
        variable's gradient and draws the graph (.svg, .png, .pdf or .dot).
        The expression language is described in ``expression.py``; an
        expression may start with a minus sign ("-x*2").

Read next: ``demo.py`` (the worked example) and ``expression.py`` (the safe parser).
"""

from __future__ import annotations

import argparse
import difflib
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from autograd import Value
from viz.cli.expression import FUNCTIONS, ExpressionError, column, evaluate, parse, pointer, variable_nodes, variables
from viz.drawing.graph import draw_graph
from viz.drawing.text import format_number
from viz.render.renderer import RendererNotFound, RenderError
from viz.render.saving import picture_format, save


def _assignments(items: Sequence[str], parser: argparse.ArgumentParser) -> dict[str, float]:
    """``["x1=2", "w1=-3"]`` -> ``{"x1": 2.0, "w1": -3.0}``, or a usage error naming the bad item."""
    values: dict[str, float] = {}
    for item in items:
        name, equals, text = item.partition("=")
        name = name.strip()
        if not equals or not name.isidentifier():
            parser.error(f"{item!r} is not a variable value: write name=number, e.g. x1=2")
        if name in FUNCTIONS:
            parser.error(f"{name!r} is the name of a function and cannot be a variable")
        if name in values:
            parser.error(f"{name!r} is given twice")
        try:
            values[name] = float(text)
        except ValueError:
            parser.error(f"the value of {name!r} must be a number, got {text!r}")
        if not math.isfinite(values[name]):
            parser.error(f"the value of {name!r} must be a finite number, got {text!r}")
    return values


# Options of `chalkgrad graph` that take a value (the word after them is not the expression).
_GRAPH_OPTIONS_WITH_VALUE = ("-o", "--output", "--precision", "--edge-labels", "--rankdir")


def _protect_expression(argv: list[str]) -> list[str]:
    """``graph "-x*2" x=1``: keep argparse from reading the expression "-x*2" as an option.

    The first word after ``graph`` that is not an option (or an option's value) is
    the expression; if it starts with "-", a leading space makes argparse take it
    as it is (the parser ignores the space).
    """
    if not argv or argv[0] != "graph":
        return argv
    out = list(argv)
    i = 1
    while i < len(out):
        word = out[i]
        if word == "--" or word in ("-h", "--help"):
            break
        if word in _GRAPH_OPTIONS_WITH_VALUE:
            i += 2
            continue
        if word.startswith("--") or (word.startswith("-o") and len(word) > 2):
            i += 1  # --option=value, -oFILE, or a misspelt option argparse should report
            continue
        if word.startswith("-"):
            out[i] = " " + word
        break
    return out


def _suggestion(missing: str, unused: list[str]) -> str:
    """ " (did you mean x?)" when a given but unused variable looks like the missing one."""
    same_letters = [name for name in unused if name.lower() == missing.lower()]
    close = same_letters or difflib.get_close_matches(missing, unused, n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def graph_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    values = _assignments(args.values, parser)
    if not 0 <= args.precision <= 15:
        parser.error(f"--precision must be from 0 to 15 decimals, got {args.precision}")
    try:
        picture_format(args.output)  # before computing anything, so a typo costs nothing
    except ValueError as error:
        parser.error(str(error))
    expression = args.expression.strip()
    try:
        tree = parse(expression)
        used = variables(tree)
        missing = [name for name in used if name not in values]
        if missing:
            first = next(node for node in variable_nodes(tree) if node.id == missing[0])
            unused = [name for name in values if name not in used]
            raise pointer(
                expression,
                column(expression, first),
                f"no value was given for the variable{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
                + _suggestion(missing[0], unused)
                + ": add "
                + " ".join(f"{name}=<number>" for name in missing)
                + " to the command",
            )
        leaves = {name: Value(values[name], label=name) for name in used}
        out = evaluate(expression, leaves)
    except ExpressionError as error:
        print(f"chalkgrad graph: {error}", file=sys.stderr)
        return 2
    unused = [name for name in values if name not in used]
    if unused:
        print(f"note: the expression does not use {', '.join(unused)}", file=sys.stderr)
    out.label = "out"
    p = args.precision
    print(f"out = {expression} = {format_number(out.data, p)}")
    if out.requires_grad:
        out.backward()
        print("\ngradients d(out)/d(variable), by backward():")
        width = max(len(name) for name in leaves)
        for name, leaf in leaves.items():
            print(f"  {name:<{width}}  data {format_number(leaf.data, p):>12}   grad {format_number(leaf.grad, p):>12}")
    else:
        print("(the expression has no variables, so there are no gradients)")
    drawing = draw_graph(out, precision=p, edge_labels=args.edge_labels, rankdir=args.rankdir)
    print()
    return _write(drawing, Path(args.output), "the graph")


def _write(drawing: object, path: Path, what: str, **options: Any) -> int:
    """Save ``drawing`` (``options`` go to ``viz.save``) and say where; without a renderer, save its DOT source."""
    try:
        written = save(drawing, path, **options)
    except RendererNotFound as error:
        source = save(drawing, path.with_suffix(".dot"))
        print(f"{error}\n\nThe DOT source of {what} was written to {source.resolve()}", file=sys.stderr)
        return 1
    except (RenderError, ValueError) as error:
        print(f"chalkgrad: could not write {what} to {path}: {error}", file=sys.stderr)
        return 1
    print(f"wrote {what} to {written.resolve()}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="chalkgrad",
        description="chalkgrad: a scalar autograd engine for teaching; worked examples and graph drawings.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo_parser = commands.add_parser(
        "demo", help="the lecture's 1-2-3-1 network: forward, backward, graph and network pictures"
    )
    demo_parser.add_argument(
        "-o", "--output", default="chalkgrad-demo", help="folder for the pictures (default: ./chalkgrad-demo)"
    )
    demo_parser.add_argument("--format", choices=("svg", "png", "pdf"), default="svg", help="picture format")
    graph_parser = commands.add_parser(
        "graph",
        help="compute an expression, run backward, print the gradients and draw its graph",
        description='Example: chalkgrad graph "tanh(x1*w1 + x2*w2 + b)" x1=2 x2=0 w1=-3 w2=1 b=6.88 -o neuron.svg',
    )
    graph_parser.add_argument("expression", help='e.g. "tanh(x1*w1 + x2*w2 + b)"; functions: ' + ", ".join(FUNCTIONS))
    graph_parser.add_argument("values", nargs="*", help="a value for every variable, as name=number")
    graph_parser.add_argument(
        "-o", "--output", default="graph.svg", help="picture file: .svg, .png, .pdf or .dot (default graph.svg)"
    )
    graph_parser.add_argument("--precision", type=int, default=4, help="decimals shown (default 4)")
    graph_parser.add_argument(
        "--edge-labels", choices=("local", "chain"), default=None, help="label edges with derivatives"
    )
    graph_parser.add_argument("--rankdir", choices=("LR", "TB", "RL", "BT"), default="LR", help="layout direction")
    args = parser.parse_args(_protect_expression(list(sys.argv[1:] if argv is None else argv)))
    if args.command == "graph":
        return graph_command(args, graph_parser)
    from viz.cli.demo import run_demo

    return run_demo(Path(args.output), args.format)
