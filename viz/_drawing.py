"""The one place where the teaching tools call ``viz.draw_graph``.

They all draw the same way: ``draw_graph`` with their own cell and edge texts and
the node of interest highlighted. Going through this function keeps the import
lazy (``viz/__init__`` imports the teaching tools, and ``viz.graph`` imports
``viz``) and gives a single spot to adapt if the drawing's options change.

Read next: ``stepper.py``.
"""

from __future__ import annotations

import re
from typing import Any

from autograd import Value

# A highlighted record's <TABLE> can come out of draw_graph with BORDER twice
# (BORDER="0" ... BORDER="3"), which dot rejects as a duplicate attribute. Keep the
# highlighted one; once draw_graph writes BORDER once this substitution finds nothing.
_DOUBLE_BORDER = re.compile(r'<TABLE BORDER="0"([^>]*) BORDER="3"')


def draw(root: Value, **options: Any) -> Any:
    """``viz.draw_graph(root, **options)``, ready to render."""
    from viz.graph import draw_graph

    graph = draw_graph(root, **options)
    graph.body[:] = [_DOUBLE_BORDER.sub(r'<TABLE BORDER="3"\1', line) for line in graph.body]
    return graph
