"""``draw_dot``: micrograd's name and signature for ``draw_graph``, so its users' code runs unchanged.

micrograd's notebooks draw a graph with ``draw_dot(root)`` (or
``draw_dot(root, format="png", rankdir="TB")``) and show or ``.render()`` the
``graphviz.Digraph`` it returns. Here the same call returns chalkgrad's drawing:
records with data and grad, and rendering through whichever renderer chalkgrad
found (see ``viz/render/drawing.py``).

Read next: ``graph.py`` (what is drawn, and every option).
"""

from __future__ import annotations

from typing import Any

from autograd import Value
from viz.drawing.graph import draw_graph
from viz.render.drawing import Drawing


def draw_dot(root: Value, format: str = "svg", rankdir: str = "LR", **options: Any) -> Drawing:  # noqa: A002
    """``draw_graph(root, rankdir=rankdir, **options)``, rendered as ``format`` by ``.render()``/``.pipe()``.

    ``format`` is the picture format ``.render()`` and ``.pipe()`` write when given
    none ("svg", "png", "pdf", ...), as in micrograd; the other keyword arguments are
    ``draw_graph``'s.
    """
    drawing = draw_graph(root, rankdir=rankdir, **options)
    drawing.format = format
    return drawing
