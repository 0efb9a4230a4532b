"""Saving a drawing to a file: the file name's ending picks the format.

    .svg        vector, for web pages and notebooks (the default everywhere)
    .png        pixels; ``dpi=`` or ``scale=`` for a sharp picture on a projector
    .pdf        vector, written by Graphviz's ``dot`` (the pip-installed renderer
                writes no PDF, and says so, naming the alternatives)
    .tex        a standalone TikZ picture with Graphviz's layout, the text typeset
                by LaTeX in the document's font (``tikz.py``)
    .dot, .gv   the DOT source itself, which needs no renderer

Every file is written atomically, by ``nn/_files.py`` (where every file chalkgrad writes goes).

Read next: ``tikz.py`` (the TeX export), ``drawing.py`` (the object ``draw_graph``
returns, whose own ``.render()`` and ``.pipe()`` come here).
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import graphviz

from nn._files import write_atomically
from nn._optional import in_browser
from viz.render.renderer import SCREEN_DPI, dot_source, render
from viz.render.tikz import tikz_document

# File name ending -> the format written. "dot" is the source, "tex" the TikZ export.
SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".tex": "tex", ".dot": "dot", ".gv": "dot"}


def picture_format(path: str | os.PathLike[str]) -> str:
    """The format ``save`` writes to ``path``: "svg", "png", "pdf", "tex" or "dot" (the DOT source)."""
    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    raise ValueError(
        f"cannot tell the picture format from {str(path)!r}: end the file name with "
        ".svg, .png, .pdf, .tex (a TikZ picture), or .dot (the DOT source)"
    )


def resolution(dpi: float | None = None, scale: float | None = None) -> float | None:
    """The dots per inch asked for by ``dpi=`` or ``scale=`` (times ``SCREEN_DPI``), or None for the default.

    ``scale=2`` doubles the width and height in pixels of the 96-dpi picture, like a
    screen's 200 % zoom; ``dpi=300`` is the usual print resolution.
    """
    if dpi is not None and scale is not None:
        raise ValueError(f"give dpi= or scale=, not both (got dpi={dpi!r}, scale={scale!r})")
    for name, number in (("dpi", dpi), ("scale", scale)):
        if number is None:
            continue
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number) or number <= 0:
            raise ValueError(f"{name} must be a positive number, got {number!r}")
    if scale is not None:
        return SCREEN_DPI * float(scale)
    return None if dpi is None else float(dpi)


def picture_bytes(graph: Any, fmt: str, *, dpi: float | None = None, scale: float | None = None) -> bytes:
    """``graph`` (a drawing or DOT text) as the bytes of a file in format ``fmt``.

    ``fmt`` is one of ``picture_format``'s answers, or any other format the renderer
    writes ("json", "plain", ...). ``dpi``/``scale`` apply to pixel formats only:
    a vector picture has no resolution, and asking for one is reported, not ignored.
    """
    dots = resolution(dpi, scale)
    if dots is not None and fmt.split(":")[0] not in ("png", "gif", "jpg", "jpeg", "bmp", "webp"):
        raise ValueError(
            f"dpi= and scale= set the pixels of a PNG; a .{fmt} file is drawn with lines and text, "
            "sharp at any size. Drop the option, or save as .png."
        )
    if fmt == "dot":
        return dot_source(graph).encode("utf-8")
    if fmt == "tex":
        return tikz_document(render(graph, "json")).encode("utf-8")
    return render(graph, fmt, dpi=dots)


def many_pictures(graphs: Sequence[Any], fmt: str, **options: Any) -> list[bytes]:
    """``picture_bytes`` of each drawing, in order; a few renderer processes run at a time.

    Under Pyodide (no threads) they are rendered one after another, in the page.
    """
    if in_browser():
        return [picture_bytes(graph, fmt, **options) for graph in graphs]
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        return list(pool.map(lambda graph: picture_bytes(graph, fmt, **options), graphs))


def save(graph: Any, path: str | os.PathLike[str], *, dpi: float | None = None, scale: float | None = None) -> Path:
    """Write ``graph`` to ``path``; the name's ending picks the format (.svg .png .pdf .tex .dot/.gv).

    ``graph`` is a drawing from ``draw_graph``/``draw_network`` (or DOT text), or a
    classroom object that draws itself with ``.draw()`` (``sgd_update``, ``exercise``);
    ``viz.save`` (``viz/drawing/picture.py``) also takes a Value. ``dpi=`` (e.g. 300) or ``scale=``
    (e.g. 3: three times the pixels of the 96-dpi picture) make a sharper PNG.
    PDF needs Graphviz's ``dot``; the pip renderer writes SVG, PNG and TeX, and says
    so. Returns the path written (atomically: a reader never sees half a file).
    """
    if not isinstance(graph, (str, graphviz.Graph, graphviz.Digraph)) and callable(getattr(graph, "draw", None)):
        graph = graph.draw()  # a classroom tool's object: its drawing (viz.render knows no classroom module)
    fmt = picture_format(path)
    return write_atomically(path, picture_bytes(graph, fmt, dpi=dpi, scale=scale), make_folders=True)
