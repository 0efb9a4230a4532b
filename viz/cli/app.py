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
        expression may start with a minus sign ("-x*2", "--x").

Every problem with what the user typed (the expression, a value, an option, a
file that cannot be written, a graph too large to draw) is one message on stderr
and exit status 2; exit status 1 means that chalkgrad itself failed (no renderer,
or a bug: the message says so). ``--debug`` adds the Python traceback.

Read next: ``demo.py`` (the worked example) and ``expression.py`` (the safe parser).
"""

from __future__ import annotations

import argparse
import difflib
import math
import sys
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path

from autograd import Value
from autograd.formatting import check_precision, format_number
from viz.cli.demo import run_demo
from viz.cli.expression import FUNCTIONS, ExpressionError, did_you_mean, evaluate, parse, pointer
from viz.cli.output import INTERNAL_ERROR, USER_ERROR, UserError, reason, write_picture
from viz.drawing.graph import GraphTooLarge, check_drawable, draw_graph
from viz.render.saving import picture_format


def _assignments(items: Sequence[str]) -> dict[str, float]:
    """``["x1=2", "w1=-3"]`` -> ``{"x1": 2.0, "w1": -3.0}``, or a UserError naming the bad item."""
    values: dict[str, float] = {}
    for item in items:
        name, equals, text = item.partition("=")
        name = name.strip()
        if not equals or not name.isidentifier():
            raise UserError(f"{item!r} is not a variable value: write name=number, e.g. x1=2")
        if name in FUNCTIONS:
            raise UserError(f"{name!r} is the name of a function and cannot be a variable")
        if name in values:
            raise UserError(f"{name!r} is given twice")
        try:
            values[name] = float(text)
        except ValueError:
            raise UserError(f"the value of {name!r} must be a number, got {text!r}") from None
        if not math.isfinite(values[name]):
            raise UserError(f"the value of {name!r} must be a finite number, got {text!r}")
    return values


# Options of `chalkgrad graph` (the word after one that takes a value is not the expression).
_GRAPH_OPTIONS_WITH_VALUE = ("-o", "--output", "--precision", "--edge-labels", "--rankdir")
_GRAPH_FLAGS = ("-h", "--help", "--debug")
_PICTURE_ENDINGS = (".svg", ".png", ".pdf", ".dot", ".gv", ".tex")


def _protect_expression(argv: list[str]) -> list[str]:
    """``graph "-x*2" x=1`` and ``graph --x x=1``: keep argparse from reading the expression as an option.

    The first word after ``graph`` that is not one of its options (or an option's
    value) is the expression; if it starts with "-", a leading space makes argparse
    take it as it is (the parser ignores the space). A word such as ``--precison``
    that is close to an option and not an expression of the given variables is
    left to argparse, which names it as an unknown option.
    """
    if not argv or argv[0] != "graph":
        return argv
    out = list(argv)
    i = 1
    while i < len(out):
        word = out[i]
        if word == "--" or word in _GRAPH_FLAGS:
            if word == "--":
                break
            i += 1
            continue
        if word in _GRAPH_OPTIONS_WITH_VALUE:
            i += 2
            continue
        if any(word.startswith(option + "=") for option in _GRAPH_OPTIONS_WITH_VALUE if option.startswith("--")):
            i += 1
            continue
        if word.startswith("-o") and word.lower().endswith(_PICTURE_ENDINGS):
            i += 1  # -oFILE
            continue
        if word.startswith("-") and not _looks_like_a_misspelt_option(word, argv):
            out[i] = " " + word
        break
    return out


def _looks_like_a_misspelt_option(word: str, argv: list[str]) -> bool:
    """``--precison`` (an option, misspelt) rather than ``--x`` (minus minus x, with x=... given)."""
    name = word.lstrip("-").partition("=")[0]
    given = {item.partition("=")[0].strip() for item in argv if "=" in item and not item.startswith("-")}
    if name in given:
        return False
    options = [option.lstrip("-") for option in (*_GRAPH_OPTIONS_WITH_VALUE, *_GRAPH_FLAGS) if option.startswith("--")]
    return word.startswith("--") and bool(difflib.get_close_matches(name, options, n=1, cutoff=0.75))


def _suggestion(missing: str, unused: list[str]) -> str:
    """ " (did you mean x?)" when a given but unused variable, or a function, looks like the missing one."""
    same_letters = [name for name in unused if name.lower() == missing.lower()]
    close = same_letters or difflib.get_close_matches(missing, unused, n=1)
    if close:
        return f" (did you mean {close[0]}?)"
    function = did_you_mean(missing, FUNCTIONS)
    if function:  # "tnah + x": a function name, misspelt and not called
        return function.replace("?)", "(...)?)")
    return ""


def graph_command(args: argparse.Namespace) -> int:
    values = _assignments(args.values)
    try:
        check_precision(args.precision)
    except ValueError as error:
        raise UserError(f"--{error}") from None
    try:
        picture_format(args.output)  # before computing anything, so a typo costs nothing
    except ValueError as error:
        raise UserError(str(error)) from None
    expression = parse(args.expression)
    used = expression.variables()
    missing = [name for name in used if name not in values]
    if missing:
        unused = [name for name in values if name not in used]
        raise pointer(
            expression.text,
            expression.first_uses[missing[0]],
            f"no value was given for the variable{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
            + _suggestion(missing[0], unused)
            + ": add "
            + " ".join(f"{name}=<number>" for name in missing)
            + " to the command",
        )
    leaves = {name: Value(values[name], label=name) for name in used}
    out = evaluate(expression, leaves)
    unused = [name for name in values if name not in used]
    if unused:
        print(f"note: the expression does not use {', '.join(unused)}", file=sys.stderr)
    out.label = "out"
    p = args.precision
    drawing_options = {"precision": p, "edge_labels": args.edge_labels, "rankdir": args.rankdir}
    check_drawable(out, **drawing_options)  # a graph too large to draw is refused before backward runs
    print(f"out = {_shortened(expression.text)} = {format_number(out.data, p)}")
    if out.requires_grad:
        with warnings.catch_warnings(
            record=True
        ) as caught:  # e.g. an overflow: said as a note, not as Python's warning
            warnings.simplefilter("always")
            out.backward()
        for warning in caught:
            print(f"note: {warning.message}", file=sys.stderr)
        print("\ngradients d(out)/d(variable), by backward():")
        width = max(len(name) for name in leaves)
        for name, leaf in leaves.items():
            print(f"  {name:<{width}}  data {format_number(leaf.data, p):>12}   grad {format_number(leaf.grad, p):>12}")
    else:
        print("(the expression has no variables, so there are no gradients)")
    print()
    return write_picture(draw_graph(out, **drawing_options), Path(args.output), "the graph")


def _shortened(text: str, longest: int = 200) -> str:
    """An expression as printed back: a 30,000-term sum is not printed in full."""
    return text if len(text) <= longest else f"{text[:longest]}... ({len(text):,} characters)"


def _parser() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show the Python traceback of an error")
    parser = argparse.ArgumentParser(
        prog="chalkgrad",
        description="chalkgrad: a scalar autograd engine for teaching; worked examples and graph drawings.",
        parents=[common],
        allow_abbrev=False,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo_parser = commands.add_parser(
        "demo",
        help="the lecture's 1-2-3-1 network: forward, backward, graph and network pictures",
        parents=[common],
        allow_abbrev=False,
    )
    demo_parser.add_argument(
        "-o", "--output", default="chalkgrad-demo", help="folder for the pictures (default: ./chalkgrad-demo)"
    )
    demo_parser.add_argument("--format", choices=("svg", "png", "pdf"), default="svg", help="picture format")
    graph_parser = commands.add_parser(
        "graph",
        help="compute an expression, run backward, print the gradients and draw its graph",
        description='Example: chalkgrad graph "tanh(x1*w1 + x2*w2 + b)" x1=2 x2=0 w1=-3 w2=1 b=6.88 -o neuron.svg',
        parents=[common],
        allow_abbrev=False,
    )
    graph_parser.add_argument(
        "expression",
        help='e.g. "tanh(x1*w1 + x2*w2 + b)"; it may start with a minus sign; functions: ' + ", ".join(FUNCTIONS),
    )
    graph_parser.add_argument("values", nargs="*", help="a value for every variable, as name=number")
    graph_parser.add_argument(
        "-o", "--output", default="graph.svg", help="picture file: .svg, .png, .pdf or .dot (default graph.svg)"
    )
    graph_parser.add_argument("--precision", type=int, default=4, help="significant digits shown (default 4)")
    graph_parser.add_argument(
        "--edge-labels", choices=("local", "chain"), default=None, help="label edges with derivatives"
    )
    graph_parser.add_argument("--rankdir", choices=("LR", "TB", "RL", "BT"), default="LR", help="layout direction")
    return parser, graph_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; the exit status is 0, 2 (the command as typed cannot be done) or 1 (chalkgrad failed)."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser, graph_parser = _parser()
    args = parser.parse_args(_protect_expression(words))  # a usage error exits with status 2, as argparse does
    where = "chalkgrad graph" if args.command == "graph" else "chalkgrad"
    try:
        if args.command == "graph":
            return graph_command(args)
        return run_demo(Path(args.output), args.format)
    except (UserError, ExpressionError, GraphTooLarge) as error:
        if args.debug:
            traceback.print_exc()
        if isinstance(error, UserError) and args.command == "graph" and error.__cause__ is None:
            graph_parser.print_usage(sys.stderr)
        print(f"{where}: {error}", file=sys.stderr)
        return USER_ERROR
    except OSError as error:  # the demo's folder cannot be made or written
        if args.debug:
            traceback.print_exc()
        print(f"{where}: {reason(error)}", file=sys.stderr)
        return USER_ERROR
    except KeyboardInterrupt:
        print(f"{where}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a bug in chalkgrad: say so, and how to see the details
        if args.debug:
            traceback.print_exc()
        hint = "" if args.debug else " (run again with --debug to see the traceback)"
        print(
            f"{where}: internal error, please report it: {type(error).__name__}: {error}{hint}",
            file=sys.stderr,
        )
        return INTERNAL_ERROR
