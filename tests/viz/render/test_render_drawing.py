"""The object draw_graph returns renders itself, with dot, with only the pip renderer, and with neither.

Each machine is simulated: PATH holds only a link to the one renderer (or nothing),
CHALKGRAD_DOT is unset, and the interpreter's own folder is an empty one.
"""

from __future__ import annotations

import os
import sys
import sysconfig
import xml.etree.ElementTree as ET
from pathlib import Path

import graphviz
import pytest
from conftest import require
from viz_helpers import locate

import viz
from autograd import Value
from viz.render.renderer import ENV_VARIABLE

pytestmark = pytest.mark.skipif(os.name == "nt", reason="the machines are simulated with symbolic links")


def neuron() -> Value:
    x, w, b = Value(2.0, label="x"), Value(-3.0, label="w"), Value(6.8813735870195432, label="b")
    out = (x * w + b).tanh()
    out.label = "out"
    out.backward()
    return out


def machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, renderer: str | None) -> None:
    """A machine on which the only Graphviz program is ``renderer`` (None: there is none)."""
    path = tmp_path / "path"
    path.mkdir()
    if renderer is not None:
        found = locate(renderer)
        require(found is not None, f"the Graphviz renderer `{renderer}`")
        assert found is not None
        (path / renderer).symlink_to(found.path)
    monkeypatch.delenv(ENV_VARIABLE, raising=False)
    monkeypatch.setenv("PATH", str(path))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "venv" / "bin" / "python"))
    monkeypatch.setattr(sysconfig, "get_path", lambda name, *args, **kwargs: str(tmp_path / "venv" / "bin"))


@pytest.mark.parametrize("renderer", ["dot", "graphviz-pure"])
def test_pipe_render_and_jupyter_use_the_renderer_chalkgrad_found(
    renderer: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    machine(monkeypatch, tmp_path, renderer)
    assert viz.find_renderer().kind == renderer
    drawing = viz.draw_graph(neuron())
    assert isinstance(drawing, graphviz.Digraph)

    svg = drawing.pipe()  # the default format is SVG, as micrograd's draw_dot
    assert isinstance(svg, bytes) and b"data 0.7071" in svg
    ET.fromstring(drawing.pipe(encoding="utf-8"))
    assert drawing.pipe("png")[:8] == b"\x89PNG\r\n\x1a\n"
    assert drawing.pipe(format="dot", encoding="utf-8") == drawing.source
    assert "\\begin{tikzpicture}" in drawing.pipe("tex", encoding="utf-8")

    # graphviz's render(): the source, then the picture next to it with the format appended
    written = drawing.render("neuron", directory=tmp_path / "out")
    assert written == os.fspath(tmp_path / "out" / "neuron.svg")
    assert (tmp_path / "out" / "neuron").read_text() == drawing.source
    ET.fromstring(Path(written).read_text())
    png = drawing.render(outfile=tmp_path / "out" / "picture.png", cleanup=True)
    assert Path(png).read_bytes()[:4] == b"\x89PNG" and not (tmp_path / "out" / "picture.gv").exists()
    with pytest.raises(FileExistsError):
        drawing.render(outfile=tmp_path / "out" / "picture.png", raise_if_result_exists=True)

    # Jupyter: the mime bundle, graphviz's own _repr_ methods and IPython's formatter
    assert "data 0.7071" in drawing._repr_mimebundle_()["image/svg+xml"]
    assert "data 0.7071" in drawing._repr_image_svg_xml()
    assert drawing._repr_image_png()[:4] == b"\x89PNG"
    from IPython.core.interactiveshell import InteractiveShell

    data, _ = InteractiveShell.instance().display_formatter.format(drawing)
    assert "data 0.7071" in data["image/svg+xml"]

    network = viz.draw_network(__import__("nn").MLP.from_weights([[[0.5, -1.0]]], [[0.1]], "tanh"))
    assert network.pipe("png")[:4] == b"\x89PNG"


def test_pdf_from_the_pip_renderer_says_it_needs_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    machine(monkeypatch, tmp_path, "graphviz-pure")
    drawing = viz.draw_graph(neuron())
    with pytest.raises(viz.RenderError, match=r"cannot write 'pdf'.*Install Graphviz's `dot`"):
        drawing.pipe("pdf")
    with pytest.raises(viz.RenderError):
        drawing.render("neuron", directory=tmp_path, format="pdf")
    assert not (tmp_path / "neuron").exists()  # nothing is written when the picture cannot be made


def test_without_any_renderer_every_path_raises_chalkgrads_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    machine(monkeypatch, tmp_path, None)
    drawing = viz.draw_graph(neuron())
    attempts = [
        drawing.pipe,
        lambda: drawing.pipe("png"),
        lambda: drawing.render("neuron", directory=tmp_path),
        drawing._repr_svg_,
        drawing._repr_image_svg_xml,
        drawing._repr_image_png,
        lambda: viz.save(drawing, tmp_path / "g.tex"),
    ]
    for attempt in attempts:
        with pytest.raises(viz.RendererNotFound, match="pip install graphviz-pure") as caught:
            attempt()
        assert not isinstance(caught.value, graphviz.ExecutableNotFound)
    assert "pip install graphviz-pure" in drawing._repr_mimebundle_()["text/plain"]
    assert not (tmp_path / "neuron").exists()
    assert drawing.pipe("dot", encoding="utf-8") == drawing.source  # the source needs no renderer


def test_draw_dot_takes_micrograds_arguments(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    machine(monkeypatch, tmp_path, "graphviz-pure")
    drawing = viz.draw_dot(neuron(), format="png", rankdir="TB")
    assert isinstance(drawing, viz.Drawing) and "rankdir=TB" in drawing.source
    assert drawing.source == viz.draw_graph(neuron(), rankdir="TB").source
    assert Path(drawing.render("graph", directory=tmp_path)).read_bytes()[:4] == b"\x89PNG"
    assert viz.draw_dot(neuron(), edge_labels="local").format == "svg"


def test_unusable_graphviz_options_are_named() -> None:
    drawing = viz.draw_graph(neuron())
    with pytest.raises(ValueError, match="dot engine"):
        drawing.pipe(engine="neato")
    with pytest.raises(ValueError, match="formatter= needs renderer="):
        drawing.pipe("png", formatter="cairo")
    with pytest.raises(ValueError, match="cannot tell the format"):
        drawing.render(outfile="graph.unknown")
