"""The playground's Python half: run the student's code with chalkgrad, and say what the page shows.

The page (``index.html`` with ``playground.js``) loads Pyodide and chalkgrad's
wheel, imports this module and calls ``run(code)`` when the student presses Run.
The code runs as a script; its printed output is kept, and when its last line is
an expression, that value is shown, much as Jupyter would show it:

    a Value                   its graph (data | grad), its backprop table, and the
                              step-through of its backward pass
    a drawing (draw_graph)    the drawing
    a step-through            its frames (previous / next)
    a table (backprop_table)  the table
    anything else             its repr, after the printed output

Every number and every picture comes from chalkgrad itself: ``viz.draw_graph``,
``viz.backprop_table`` and ``viz.step_through``, rendered by the page's Graphviz
(see ``viz/render/browser.py``). The same file runs natively too, which is how the
browser test checks the page's numbers.
"""

from __future__ import annotations

import ast
import contextlib
import io
import linecache
import traceback
from typing import Any

import graphviz

import viz
from autograd import Value
from viz.classroom.stepper import StepThrough

FILENAME = "<your code>"

# The step-through of the latest run, kept so that previous / next can ask for frames.
_steps: StepThrough | None = None


def run(code: str) -> dict[str, str]:
    """Run ``code``; return the page's panels: output, error, graph, table, steps (text or HTML)."""
    global _steps
    _steps = None
    shown = {"output": "", "error": "", "graph": "", "table": "", "steps": ""}
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            last = _execute(code)
            panels, _steps = _panels(last)
            shown.update(panels)
    except (Exception, SystemExit) as error:  # the student's mistake: shown as Python shows it, from their code down
        shown["error"] = _their_traceback(error)
    shown["output"] = printed.getvalue() + shown.pop("repr", "")
    return shown


def frame(index: int) -> dict[str, Any]:
    """Frame ``index`` of the latest run's step-through: its SVG, caption, and position."""
    if _steps is None:
        raise LookupError("there is no step-through: end the code with a Value, e.g. L")
    last = len(_steps) - 1
    index = max(0, min(last, index))
    return {"svg": _steps.svg(index), "caption": _steps[index].caption, "index": index, "last": last}


def _execute(code: str) -> Any:
    """Run the code in a fresh namespace; the value of its last line if that is an expression, else None."""
    linecache.cache[FILENAME] = (len(code), None, code.splitlines(keepends=True), FILENAME)  # tracebacks quote it
    tree = ast.parse(code, FILENAME)
    last_line = tree.body[-1] if tree.body else None
    if isinstance(last_line, ast.Expr):
        tree.body.pop()
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(tree, FILENAME, "exec"), namespace)
    if not isinstance(last_line, ast.Expr):
        return None
    return eval(compile(ast.Expression(last_line.value), FILENAME, "eval"), namespace)


def _panels(last: Any) -> tuple[dict[str, str], StepThrough | None]:
    """What to show for the last line's value, and the step-through to step (if any)."""
    if isinstance(last, Value):
        steps = viz.step_through(last)  # first: like the table, it runs backward if the code did not
        table = viz.backprop_table(last)._repr_html_()
        return {"graph": viz.render_svg(viz.draw_graph(last)), "table": table, "steps": "yes"}, steps
    if isinstance(last, StepThrough):
        return {"steps": "yes"}, last
    if isinstance(last, (graphviz.Digraph, graphviz.Graph)):
        return {"graph": viz.render_svg(last)}, None
    if hasattr(last, "_repr_html_"):
        return {"table": last._repr_html_()}, None
    return ({} if last is None else {"repr": repr(last) + "\n"}), None


def _their_traceback(error: BaseException) -> str:
    """Python's traceback, keeping only the lines of the student's code (not chalkgrad's, not the playground's).

    The message at the end is the one to read; the lines above it say where in their
    code it happened. A syntax error, or an error while drawing their result, has none.
    """
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == FILENAME]
    where = ["Traceback (most recent call last):\n", *traceback.format_list(frames)] if frames else []
    return "".join(where + traceback.format_exception_only(type(error), error))
