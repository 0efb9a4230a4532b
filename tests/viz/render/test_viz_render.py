"""Real rendering with every renderer on the machine (dot and graphviz-pure), and the renderer search.

In CI both renderers are required (conftest.require), so neither is silently skipped.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REPO_ROOT, require
from viz_helpers import RENDERER_NAMES, centre_x, centre_y, locate, svg_edges, svg_nodes, texts

import viz
from autograd import Value, topological_order
from autograd.formatting import format_number
from viz.render.renderer import ENV_VARIABLE, Renderer, render


@pytest.fixture(params=RENDERER_NAMES)
def renderer(request: pytest.FixtureRequest) -> Renderer:
    found = locate(request.param)
    require(found is not None, f"the Graphviz renderer `{request.param}`")
    assert found is not None
    return found


def neuron() -> Value:
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    out = (x1 * w1 + x2 * w2 + b).tanh()
    out.label = "out"
    out.backward()
    return out


def test_svg_parses_and_has_one_node_per_value_and_op(renderer: Renderer) -> None:
    out = neuron()
    order = topological_order(out)
    svg = render(viz.draw_graph(out), "svg", renderer=renderer).decode()
    ET.fromstring(svg)  # well-formed XML
    nodes = svg_nodes(svg)
    expected = {str(i) for i in range(len(order))} | {f"op{i}" for i, node in enumerate(order) if node.inputs}
    assert set(nodes) == expected
    assert len(svg_edges(svg)) == sum(len(node.inputs) + 1 for node in order if node.inputs)


def test_svg_labels_carry_data_and_grad(renderer: Renderer) -> None:
    out = neuron()
    order = topological_order(out)
    nodes = svg_nodes(render(viz.draw_graph(out), "svg", renderer=renderer).decode())
    for i, node in enumerate(order):
        shown = texts(nodes[str(i)])
        if node.label:
            assert node.label in shown
        assert f"data {format_number(node.data)}" in shown
        assert f"grad {format_number(node.grad)}" in shown
    assert "data 0.7071" in texts(nodes[str(order.index(out))])
    assert texts(nodes[f"op{order.index(out)}"]) == ["tanh"]


def test_node_positions_follow_rankdir(renderer: Renderer) -> None:
    node = Value(0.5, label="n0")
    chain = [node]
    for k in range(1, 5):
        node = node.tanh()
        node.label = f"n{k}"
        chain.append(node)
    lr = svg_nodes(render(viz.draw_graph(node), "svg", renderer=renderer).decode())
    xs = [centre_x(lr[str(i)]) for i in range(len(chain))]
    assert xs == sorted(xs) and len(set(xs)) == len(xs), xs  # x grows along the chain
    tb = svg_nodes(render(viz.draw_graph(node, rankdir="TB"), "svg", renderer=renderer).decode())
    ys = [centre_y(tb[str(i)]) for i in range(len(chain))]
    assert ys == sorted(ys) and len(set(ys)) == len(ys), ys  # SVG y grows downwards


@pytest.mark.parametrize(
    "options",
    [
        {"highlight_path": "w1", "edge_labels": "chain"},
        {"highlight": ["b"], "edge_labels": "local", "color_by": "grad", "rankdir": "TB"},
        {"show_ops": False, "color_by": "data", "title": "a title"},
        {"cell_text": "hook", "edge_text": "hook", "highlight": ["out"]},
    ],
    ids=["path-chain", "highlight-local-grad", "no-ops", "hooks"],
)
def test_every_option_renders(renderer: Renderer, options: dict[str, object]) -> None:
    out = neuron()
    by_label = {node.label: node for node in topological_order(out) if node.label}
    resolved: dict[str, object] = {}
    for key, value in options.items():
        if key == "highlight_path":
            resolved[key] = by_label[str(value)]
        elif key == "highlight":
            resolved[key] = [by_label[str(name)] for name in value]  # type: ignore[attr-defined]
        elif key == "cell_text":
            resolved[key] = lambda v: ("?", "")
        elif key == "edge_text":
            resolved[key] = lambda node, i: f"edge {i}"
        else:
            resolved[key] = value
    done = subprocess.run(
        [renderer.path, "-Tsvg"],
        input=viz.draw_graph(out, **resolved).source.encode(),
        capture_output=True,  # type: ignore[arg-type]
    )
    assert done.returncode == 0, done.stderr
    assert b"Error" not in done.stderr and b"error" not in done.stderr
    ET.fromstring(done.stdout)


def test_png_has_signature_and_is_not_blank(renderer: Renderer) -> None:
    import matplotlib.image

    png = render(viz.draw_graph(neuron()), "png", renderer=renderer)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = matplotlib.image.imread(io.BytesIO(png), format="png")
    assert pixels.shape[0] > 20 and pixels.shape[1] > 100
    rgb = pixels[..., :3]
    dark = (rgb.sum(axis=-1) < 1.5).mean()
    assert 0.001 < dark < 0.5  # some ink (text, lines), mostly background
    assert rgb.std() > 0.05


def test_env_override_selects_the_renderer(renderer: Renderer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VARIABLE, renderer.path)
    found = viz.find_renderer()
    assert found.path == renderer.path and found.kind == ENV_VARIABLE
    svg = viz.render_svg(viz.draw_graph(neuron()))
    assert "data 0.7071" in svg


def test_jupyter_mime_bundle_holds_svg(renderer: Renderer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VARIABLE, renderer.path)
    drawing = viz.draw_graph(neuron())
    bundle = drawing._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml"}
    ET.fromstring(bundle["image/svg+xml"])
    assert "data 0.7071" in bundle["image/svg+xml"]
    ET.fromstring(drawing._repr_svg_())


def test_ipython_display_formatter_picks_the_svg(renderer: Renderer, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a notebook cell showing a drawing actually receives."""
    from IPython.core.interactiveshell import InteractiveShell

    monkeypatch.setenv(ENV_VARIABLE, renderer.path)
    data, _ = InteractiveShell.instance().display_formatter.format(viz.draw_graph(neuron()))
    assert "image/svg+xml" in data
    assert "data 0.7071" in data["image/svg+xml"]


def test_notebook_kernel_without_path_finds_the_pip_renderer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A kernel started without activating the venv: nothing on PATH, graphviz-pure next to python."""
    from IPython.core.interactiveshell import InteractiveShell

    beside_python = Path(sys.executable).parent / ("graphviz-pure.exe" if os.name == "nt" else "graphviz-pure")
    require(beside_python.exists(), "graphviz-pure installed next to the running interpreter")
    monkeypatch.delenv(ENV_VARIABLE, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert viz.find_renderer().kind in ("dot", "graphviz-pure")
    data, _ = InteractiveShell.instance().display_formatter.format(viz.draw_graph(neuron()))
    assert "data 0.7071" in data["image/svg+xml"]


def test_save_picks_the_format_from_the_extension(
    renderer: Renderer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(ENV_VARIABLE, renderer.path)
    drawing = viz.draw_graph(neuron())
    ET.fromstring(viz.save(drawing, tmp_path / "g.svg").read_text())
    assert viz.save(drawing, tmp_path / "g.png").read_bytes()[:4] == b"\x89PNG"
    assert viz.save(drawing, tmp_path / "sub" / "g.dot").read_text() == drawing.source
    assert viz.save(neuron(), tmp_path / "value.svg").read_text().startswith("<?xml")
    if renderer.kind == "graphviz-pure":
        with pytest.raises(viz.RenderError, match=r"cannot write 'pdf'.*Install Graphviz's `dot`.*\.svg.*\.tex.*\.png"):
            viz.save(drawing, tmp_path / "g.pdf")
    else:
        assert viz.save(drawing, tmp_path / "g.pdf").read_bytes()[:5] == b"%PDF-"
    with pytest.raises(ValueError, match=r"\.svg, \.png, \.pdf, \.tex \(a TikZ picture\), or \.dot"):
        viz.save(drawing, tmp_path / "g.jpeg2000")


def test_png_dpi(renderer: Renderer) -> None:
    import matplotlib.image

    drawing = viz.draw_graph(neuron())
    small = matplotlib.image.imread(io.BytesIO(render(drawing, "png", renderer=renderer, dpi=48)), format="png")
    large = matplotlib.image.imread(io.BytesIO(render(drawing, "png", renderer=renderer, dpi=192)), format="png")
    assert large.shape[1] > 2.5 * small.shape[1]


# -- the search order, with fake programs --------------------------------------------------


def fake_program(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\necho fake\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


@pytest.fixture
def bare_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No renderer anywhere: empty PATH, no override, an interpreter folder without programs."""
    monkeypatch.delenv(ENV_VARIABLE, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "path"))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "venv" / "bin" / "python"))
    monkeypatch.setattr(sysconfig, "get_path", lambda name, *args, **kwargs: str(tmp_path / "venv" / "bin"))
    return tmp_path


@pytest.mark.skipif(os.name == "nt", reason="fake programs are shell scripts")
def test_missing_renderer_raises_with_install_instructions(bare_machine: Path) -> None:
    with pytest.raises(viz.RendererNotFound) as caught:
        viz.render_svg(viz.draw_graph(neuron()))
    message = str(caught.value)
    hints = ("pip install graphviz-pure", "apt-get install graphviz", "brew install graphviz", "conda install")
    for hint in (*hints, ENV_VARIABLE):
        assert hint in message
    with pytest.raises(viz.RendererNotFound):
        viz.render_png(viz.draw_graph(neuron()))
    bundle = viz.draw_graph(neuron())._repr_mimebundle_()
    assert "pip install graphviz-pure" in bundle["text/plain"]


@pytest.mark.skipif(os.name == "nt", reason="fake programs are shell scripts")
def test_search_order(bare_machine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pure_next_to_python = fake_program(bare_machine / "venv" / "bin", "graphviz-pure")
    assert viz.find_renderer() == Renderer(str(pure_next_to_python), "graphviz-pure", viz.find_renderer().formats)
    pure_on_path = fake_program(bare_machine / "path", "graphviz-pure")
    assert viz.find_renderer().path == str(pure_on_path)
    dot_next_to_python = fake_program(bare_machine / "venv" / "bin", "dot")  # a kernel without PATH to the venv
    assert viz.find_renderer().path == str(dot_next_to_python)
    dot_on_path = fake_program(bare_machine / "path", "dot")
    assert viz.find_renderer().path == str(dot_on_path)
    override = fake_program(bare_machine / "elsewhere", "my-dot")
    monkeypatch.setenv(ENV_VARIABLE, str(override))
    assert viz.find_renderer() == Renderer(str(override), ENV_VARIABLE, None)
    monkeypatch.setenv(ENV_VARIABLE, str(bare_machine / "nowhere" / "dot"))
    with pytest.raises(viz.RendererNotFound, match=ENV_VARIABLE):
        viz.find_renderer()


@pytest.mark.skipif(os.name == "nt", reason="fake programs are shell scripts")
def test_failing_renderer_reports_its_message(bare_machine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = bare_machine / "path" / "dot"
    broken.parent.mkdir(parents=True)
    broken.write_text("#!/bin/sh\necho 'syntax error in line 1' >&2\nexit 1\n")
    broken.chmod(0o755)
    with pytest.raises(viz.RenderError, match="syntax error in line 1"):
        viz.render_svg("digraph { a -> }")


def test_render_rejects_non_graphs() -> None:
    with pytest.raises(TypeError, match="draw_graph"):
        viz.render_svg(42)  # type: ignore[arg-type]


# -- the pip renderer is pinned, and the pin is what is installed -----------------------------------


def test_pip_renderer_is_pinned_with_platform_markers() -> None:
    import re

    pyproject = (REPO_ROOT / "pyproject.toml").read_text()
    match = re.search(r'"graphviz-pure==([\d.]+); ([^"]+)"', pyproject)
    assert match is not None, "graphviz-pure must be pinned (==) with platform markers in pyproject.toml"
    markers = match.group(2)
    for platform_name in ("linux", "darwin", "win32"):
        assert f"sys_platform == '{platform_name}'" in markers


def test_installed_pip_renderer_matches_the_pin() -> None:
    import re
    from importlib import metadata

    found = locate("graphviz-pure")
    require(found is not None, "the Graphviz renderer `graphviz-pure`")
    pyproject = (REPO_ROOT / "pyproject.toml").read_text()
    pinned = re.search(r'"graphviz-pure==([\d.]+);', pyproject)
    assert pinned is not None
    assert metadata.version("graphviz-pure") == pinned.group(1)


@pytest.mark.skipif(os.name == "nt", reason="fake programs are shell scripts")
def test_a_renderer_that_hangs_is_stopped_with_a_clear_error(bare_machine: Path) -> None:
    slow = bare_machine / "path" / "dot"
    slow.parent.mkdir(parents=True)
    slow.write_text("#!/bin/sh\nexec /bin/sleep 30\n")  # exec: the timeout kills the sleep itself
    slow.chmod(0o755)
    with pytest.raises(viz.RenderError, match=r"took more than 0\.5 s.*collapse=True"):
        render(viz.draw_graph(neuron()), "svg", timeout=0.5)
