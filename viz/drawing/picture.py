"""``viz.save``: write anything chalkgrad draws to a picture file, a Value included.

A Value is drawn with ``draw_graph``'s defaults first; a drawing, DOT text or a
classroom object with a ``.draw()`` method goes straight to ``viz.render.saving``,
which picks the format from the file name. (The Value case lives here, above both
the drawings and the renderer, so that the renderer never imports a drawing.)

Read next: ``viz/render/saving.py``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from autograd import Value
from viz.drawing.graph import draw_graph
from viz.render import saving


def save(graph: Any, path: str | os.PathLike[str], *, dpi: float | None = None, scale: float | None = None) -> Path:
    """Write ``graph`` to ``path``; the name's ending picks the format (.svg .png .pdf .tex .dot/.gv).

    ``graph`` is a drawing from ``draw_graph``/``draw_network`` (or DOT text), a
    Value (drawn with ``draw_graph``'s defaults), or a classroom object that draws
    itself with ``.draw()`` (``sgd_update``, ``exercise``). ``dpi=`` (e.g. 300) or
    ``scale=`` (e.g. 3: three times the pixels of the 96-dpi picture) make a sharper
    PNG. Returns the path written (atomically: a reader never sees half a file).
    """
    if isinstance(graph, Value):
        graph = draw_graph(graph)
    return saving.save(graph, path, dpi=dpi, scale=scale)
