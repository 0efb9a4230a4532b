"""Turning DOT source into pictures: find a Graphviz renderer and run it.

chalkgrad builds graphs as DOT text (with the ``graphviz`` Python package) and
lays them out with a real Graphviz engine, found in this order:

0. in the browser, under Pyodide, the WebAssembly Graphviz the page loaded
   (``browser.py``; nothing else can run there);
1. the program named by the environment variable ``CHALKGRAD_DOT``;
2. ``dot`` on the PATH, or in the running interpreter's scripts folder (a Jupyter
   kernel started without activating the virtual environment has no PATH to it);
3. ``graphviz-pure``, a pip-installable port of Graphviz (SVG and PNG, no PDF),
   on the PATH or in the interpreter's scripts folder;
4. otherwise ``RendererNotFound``, whose message says how to install one.

Each renderer is a plain program that reads DOT on stdin and writes the picture
on stdout, so another one could be added to ``_CANDIDATES`` without touching
anything else.

Read next: ``saving.py`` (which file format a name asks for), ``drawing.py`` (the
object ``draw_graph`` returns, which renders itself through this module).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import graphviz

from nn._optional import in_browser
from viz.render import browser
from viz.render.fonts import declare_fallbacks

ENV_VARIABLE = "CHALKGRAD_DOT"

# The resolution of a PNG when none is asked for: Graphviz's default, one CSS pixel per
# 1/96 inch. save(..., scale=2) asks for twice this.
SCREEN_DPI = 96.0

# Seconds a renderer may take before it is stopped; a drawing that takes longer
# is too big to look at anyway (see draw_graph's max_nodes).
DEFAULT_TIMEOUT = 120.0

INSTALL_HELP = """\
Install a Graphviz renderer with one of these commands, then try again:
    pip install graphviz-pure                  (no admin rights needed; SVG and PNG)
    sudo apt-get install graphviz              (Debian, Ubuntu)
    brew install graphviz                      (macOS with Homebrew)
    conda install -c conda-forge graphviz      (conda environments)
or set the environment variable CHALKGRAD_DOT to the full path of a `dot` program.
The DOT source of a drawing is always available without a renderer: graph.source,
or viz.save(graph, "picture.dot")."""


class RendererNotFound(RuntimeError):
    """No Graphviz program could be found to lay out and render a drawing."""


class RenderError(RuntimeError):
    """The renderer ran but could not produce the picture (its message is included)."""


@dataclass(frozen=True)
class Renderer:
    """A Graphviz program: where it is, what it is, and which formats it can write."""

    path: str
    kind: str  # "dot", "graphviz-pure", "CHALKGRAD_DOT" for an override, or "browser"
    formats: frozenset[str] | None  # None: whatever the program supports

    def supports(self, fmt: str) -> bool:
        return self.formats is None or fmt in self.formats


# (program name, formats it writes). Search order after the environment override.
_CANDIDATES: tuple[tuple[str, frozenset[str] | None], ...] = (
    ("dot", None),
    ("graphviz-pure", frozenset({"svg", "png", "dot", "gv", "plain", "json"})),
)


def _script_folders() -> list[Path]:
    """Where this interpreter's console scripts live (``bin/`` or ``Scripts\\``)."""
    folders = [Path(sys.executable).parent]  # not resolved: a venv's python is a symlink
    scripts = sysconfig.get_path("scripts")
    if scripts and Path(scripts) not in folders:
        folders.append(Path(scripts))
    return folders


def _find_program(name: str) -> str | None:
    on_path = shutil.which(name)
    if on_path:
        return on_path
    for folder in _script_folders():
        found = shutil.which(name, path=str(folder))
        if found:
            return found
    return None


def find_renderer() -> Renderer:
    """The first available renderer in the documented order, or ``RendererNotFound``."""
    if in_browser():
        return Renderer("the page's Graphviz (@viz-js/viz)", "browser", browser.FORMATS)
    override = os.environ.get(ENV_VARIABLE, "").strip()
    if override:
        program = shutil.which(override)
        if program is None:
            raise RendererNotFound(
                f"The environment variable {ENV_VARIABLE} is set to {override!r}, but no program "
                f"exists there. Point it at Graphviz's `dot` (or unset it to search automatically).\n" + INSTALL_HELP
            )
        formats = frozenset(_CANDIDATES[1][1] or ()) if "graphviz-pure" in Path(program).name else None
        return Renderer(program, ENV_VARIABLE, formats)
    for name, formats in _CANDIDATES:
        program = _find_program(name)
        if program is not None:
            return Renderer(program, name, formats)
    searched = ", ".join(str(folder) for folder in _script_folders())
    raise RendererNotFound(
        f"No Graphviz renderer was found (looked for {ENV_VARIABLE}, then `dot` and `graphviz-pure` "
        f"on the PATH and in {searched}).\n" + INSTALL_HELP
    )


def dot_source(graph: graphviz.Graph | graphviz.Digraph | str) -> str:
    """The DOT text of a drawing (or the text itself when given DOT text)."""
    if isinstance(graph, str):
        return graph
    if isinstance(graph, (graphviz.Graph, graphviz.Digraph)):
        return str(graph.source)
    raise TypeError(
        f"expected a drawing made by viz.draw_graph / viz.draw_network (a graphviz graph) or DOT text, "
        f"got {type(graph).__name__}"
    )


def render(
    graph: graphviz.Graph | graphviz.Digraph | str,
    fmt: str,
    *,
    renderer: Renderer | None = None,
    dpi: float | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> bytes:
    """Lay out ``graph`` and return the picture in format ``fmt`` ("svg", "png", "pdf", ...)."""
    source = dot_source(graph)
    renderer = renderer or find_renderer()
    if renderer.kind == "browser":
        picture = _render_in_browser(source, fmt)
        return declare_fallbacks(picture.decode("utf-8")).encode("utf-8") if fmt == "svg" else picture
    if not renderer.supports(fmt.split(":")[0]):  # "png:cairo" is png, drawn by cairo
        supported = ", ".join(sorted(renderer.formats or ()))
        raise RenderError(
            f"The renderer in use ({renderer.kind} at {renderer.path}) cannot write {fmt!r} files; it writes "
            f"{supported}. Install Graphviz's `dot`, which writes PDF (apt-get/brew/conda install graphviz), "
            "or save the drawing as .svg (vector), .tex (a TikZ picture for LaTeX, vector) or .png with "
            "scale=3 (sharp on a projector) instead."
        )
    command = [renderer.path, f"-T{fmt}"]
    if dpi is not None:
        command.append(f"-Gdpi={float(dpi):g}")
    try:
        done = subprocess.run(command, input=source.encode("utf-8"), capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"{renderer.kind} took more than {timeout:g} s to lay out this graph and was stopped. "
            "Draw less of it: draw_graph(..., collapse=True) or show_ops=False, or one sample instead of a batch."
        ) from None
    if done.returncode != 0 or not done.stdout:
        # Renderers print harmless warnings too; only a failure shows them.
        message = done.stderr.decode("utf-8", "replace").strip() or "no message"
        raise RenderError(f"{renderer.kind} ({renderer.path}) could not render {fmt}: {message}")
    if fmt == "svg":
        return declare_fallbacks(done.stdout.decode("utf-8")).encode("utf-8")
    return done.stdout


def _render_in_browser(source: str, fmt: str) -> bytes:
    try:
        return browser.render(source, fmt)
    except browser.GraphvizNotLoaded as error:
        raise RendererNotFound(str(error)) from None
    except browser.BrowserRenderError as error:
        raise RenderError(str(error)) from None


def render_svg(graph: graphviz.Graph | graphviz.Digraph | str, **options: Any) -> str:
    """The drawing as SVG text (an XML document)."""
    return render(graph, "svg", **options).decode("utf-8")


def fit_width(svg: str) -> str:
    """``svg`` (from ``render_svg``) made to shrink to the width of what holds it, never to grow.

    Graphviz writes a fixed size in points; a notebook cell or a page narrower than
    that would scroll sideways. With ``max-width: 100%`` and ``height: auto`` the
    browser scales the drawing down, keeping its proportions (the viewBox), and
    leaves a drawing that fits at its own size.
    """
    start = svg.find("<svg")
    if start < 0:
        return svg
    return svg[start:].replace("<svg", '<svg style="max-width: 100%; height: auto"', 1)


def render_png(graph: graphviz.Graph | graphviz.Digraph | str, **options: Any) -> bytes:
    """The drawing as PNG bytes; ``dpi=`` sets the resolution (``SCREEN_DPI``, 96, by default)."""
    return render(graph, "png", **options)
