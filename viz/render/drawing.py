"""``Drawing``: the object ``draw_graph`` and ``draw_network`` return, a graph that renders itself.

It is a ``graphviz.Digraph`` (DOT text with the ``graphviz`` package's API, as
micrograd's ``draw_dot`` returns), with one change: everything that turns it into
a picture goes through chalkgrad's renderer search (``renderer.py``) instead of
calling ``dot`` from the PATH:

    drawing                      in Jupyter: shown as SVG
    drawing.pipe("png")          the picture as bytes (``encoding=`` for text)
    drawing.render("graph")      writes the DOT source to graph and the picture to graph.svg;
                                 returns the picture's path, as graphviz does
    drawing.render(outfile="graph.png")    the picture in graph.png, the source in graph.gv
    drawing.view()               renders and opens the picture in the system's viewer

So the same code works with Graphviz's ``dot``, with only the pip-installed
renderer, and on a machine with neither it raises chalkgrad's ``RendererNotFound``,
whose message says how to install one (never graphviz's bare ``ExecutableNotFound``).
The default format is SVG, as in micrograd's ``draw_dot``.

Read next: ``saving.py`` (formats by file name, also .tex), ``renderer.py``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import graphviz

from nn._files import write_atomically
from viz.render.renderer import RendererNotFound, RenderError, fit_width, render_svg
from viz.render.saving import SUFFIXES, picture_bytes


class Drawing(graphviz.Digraph):
    """A ``graphviz.Digraph`` rendered by chalkgrad's renderer (``dot``, or the pip-installed one)."""

    # graphviz's own attributes that render() reads and sets (declared for the type checker).
    filename: str
    directory: str

    def __init__(self, *args: Any, format: str = "svg", **kwargs: Any) -> None:  # noqa: A002 (graphviz's name)
        super().__init__(*args, format=format, **kwargs)

    # -- Jupyter ------------------------------------------------------------------------

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **kwargs: Any) -> dict[str, str]:
        try:
            # scaled down to the cell's width, never scrolled sideways (and never enlarged)
            return {"image/svg+xml": fit_width(render_svg(self))}
        except (RendererNotFound, RenderError) as error:
            # A notebook shows this text instead of a traceback.
            return {"text/plain": f"(drawing not rendered) {error}"}

    def _repr_svg_(self) -> str:
        return fit_width(render_svg(self))

    # -- graphviz's API, through chalkgrad's renderer -------------------------------------------

    def pipe(
        self,
        format: str | None = None,  # noqa: A002 (graphviz's names, so its callers work unchanged)
        renderer: str | None = None,
        formatter: str | None = None,
        neato_no_op: bool | int | None = None,
        quiet: bool = False,
        *,
        engine: str | None = None,
        encoding: str | None = None,
    ) -> bytes | str:
        """The picture as bytes (or text, decoded with ``encoding``), as ``graphviz``'s ``pipe``.

        ``format`` defaults to the drawing's ``format`` ("svg"); "tex" gives the TikZ
        picture, "dot" the source. ``quiet`` is accepted and changes nothing: the
        renderer's messages are shown only when it fails.
        """
        fmt = _output_format(format or self.format, renderer, formatter)
        _check_engine(engine or self.engine, neato_no_op)
        data = picture_bytes(self, fmt)
        return data.decode(encoding) if encoding is not None else data

    def render(
        self,
        filename: str | os.PathLike[str] | None = None,
        directory: str | os.PathLike[str] | None = None,
        view: bool = False,
        cleanup: bool = False,
        format: str | None = None,  # noqa: A002
        renderer: str | None = None,
        formatter: str | None = None,
        neato_no_op: bool | int | None = None,
        quiet: bool = False,
        quiet_view: bool = False,
        *,
        outfile: str | os.PathLike[str] | None = None,
        engine: str | None = None,
        raise_if_result_exists: bool = False,
        overwrite_source: bool = False,
    ) -> str:
        """Save the DOT source and the picture, as ``graphviz``'s ``render``; returns the picture's path.

        The source goes to ``filename`` (default: the drawing's name + ".gv") in
        ``directory``, the picture next to it with ".<format>" appended (so
        ``render("graph")`` writes ``graph`` and ``graph.svg``), or to ``outfile``,
        whose ending then gives the format. ``cleanup=True`` deletes the source
        afterwards; ``view=True`` opens the picture in the system's viewer.
        """
        wanted = format
        if outfile is not None:
            outfile = Path(outfile)
            wanted = wanted or SUFFIXES.get(outfile.suffix.lower())
            if wanted is None:
                raise ValueError(
                    f"cannot tell the format from outfile {str(outfile)!r}: end it with one of "
                    f"{', '.join(sorted(SUFFIXES))}, or pass format="
                )
            if directory is None:
                outfile = Path(self.directory, outfile)
            if filename is None:
                filename = outfile.with_suffix(".gv")
        fmt = _output_format(wanted or self.format, renderer, formatter)
        _check_engine(engine or self.engine, neato_no_op)
        if filename is not None:
            self.filename = os.fspath(filename)
        if directory is not None:
            self.directory = os.fspath(directory)
        source_path = Path(self.filepath)
        picture_path = outfile if outfile is not None else Path(f"{source_path}.{fmt.replace(':', '.')}")
        if picture_path.resolve() == source_path.resolve() and not overwrite_source:
            raise ValueError(f"the picture {picture_path} would overwrite the DOT source of the same name")
        if raise_if_result_exists and picture_path.exists():
            raise FileExistsError(f"the picture {picture_path} exists already (raise_if_result_exists=True)")
        data = picture_bytes(self, fmt)  # before writing anything: a missing renderer leaves no files
        write_atomically(source_path, self.source, make_folders=True)
        write_atomically(picture_path, data, make_folders=True)
        if cleanup:
            source_path.unlink()
        if view or quiet_view:
            graphviz.view(picture_path, quiet=quiet_view)
        return os.fspath(picture_path)

    # -- shortcuts --------------------------------------------------------------------------

    def to_svg(self) -> str:
        """The drawing as SVG text (same as ``viz.render_svg(drawing)``)."""
        return render_svg(self)

    def to_png(self, dpi: float | None = None, scale: float | None = None) -> bytes:
        """The drawing as PNG bytes: ``dpi=300``, or ``scale=3`` (three times the 96-dpi pixels)."""
        return picture_bytes(self, "png", dpi=dpi, scale=scale)

    def to_tex(self) -> str:
        """The drawing as a standalone LaTeX document with one TikZ picture (see ``tikz.py``)."""
        return picture_bytes(self, "tex").decode("utf-8")


def _output_format(fmt: str, renderer: str | None, formatter: str | None) -> str:
    """graphviz's (format, renderer, formatter) as the renderer's -T argument, e.g. "png:cairo"."""
    if formatter is not None and renderer is None:
        raise ValueError("formatter= needs renderer= too (as in graphviz: format:renderer:formatter)")
    return ":".join(part for part in (fmt.lower(), renderer, formatter) if part)


def _check_engine(engine: str, neato_no_op: bool | int | None) -> None:
    # chalkgrad's drawings are laid out in layers (rankdir, clusters, records): only dot draws them.
    if engine != "dot":
        raise ValueError(f"chalkgrad's drawings are laid out by Graphviz's dot engine; engine={engine!r} is not used")
    if neato_no_op:
        raise ValueError("neato_no_op applies to the neato engine, which chalkgrad's drawings do not use")
