"""The one place where the teaching tools call ``viz.draw_graph``.

They all draw the same way: ``draw_graph`` with their own cell and edge texts and
the node of interest highlighted. Going through this function keeps the import
lazy (``viz/__init__`` imports the teaching tools, and ``viz.graph`` imports
``viz``) and gives a single spot to adapt if the drawing's options change.

Read next: ``stepper.py``.
"""

from __future__ import annotations

from typing import Any

from autograd import Value


def draw(root: Value, **options: Any) -> Any:
    """``viz.draw_graph(root, **options)``: a ``graphviz.Digraph`` that renders itself in Jupyter."""
    from viz.graph import draw_graph

    return draw_graph(root, **options)
