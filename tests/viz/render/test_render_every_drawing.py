"""Every kind of drawing exports: PDF (with dot), a sharper PNG (scale=), and TikZ compiled by pdflatex.

The drawings: a computation graph, the network diagram, a step-through frame, the
SGD-update drawing and an exercise, each saved with viz.save (the classroom objects
are passed as they are: save draws them).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import require
from test_render_tikz import compile_tex, latex_tools
from viz_helpers import RENDERER_NAMES, locate

import nn
import viz
from viz.render.renderer import ENV_VARIABLE


def lecture() -> tuple[Any, Any]:
    model = nn.MLP.from_weights([[[0.5, -1.0]], [[2.0]]], [[0.1], [-0.3]], "tanh")
    loss = nn.mse(model([1.0, 2.0]), [0.5])
    loss.backward()
    return model, loss


def network() -> Any:
    model, loss = lecture()
    return viz.draw_network(model, root=loss)


def update() -> Any:
    model, loss = lecture()
    return viz.sgd_update(loss, lr=0.1, params=model)


DRAWINGS: dict[str, Callable[[], Any]] = {
    "graph": lambda: viz.draw_graph(lecture()[1], clusters=True, edge_labels="local"),
    "slide-graph": lambda: viz.draw_graph(lecture()[1], layout="slide", title="a 16:9 slide"),
    "network": network,
    "step": lambda: viz.step_through(lecture()[1]).draw(3),
    "sgd-update": update,
    "exercise": lambda: viz.exercise(lecture()[1]),
}


def use(renderer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    found = locate(renderer)
    require(found is not None, f"the Graphviz renderer `{renderer}`")
    assert found is not None
    monkeypatch.setenv(ENV_VARIABLE, found.path)


@pytest.mark.parametrize("kind", DRAWINGS)
def test_pdf_and_sharp_png(kind: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import matplotlib.image

    use("dot", monkeypatch)
    drawing = DRAWINGS[kind]()
    pdf = viz.save(drawing, tmp_path / f"{kind}.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    normal = matplotlib.image.imread(viz.save(drawing, tmp_path / f"{kind}.png"))
    sharp = matplotlib.image.imread(viz.save(drawing, tmp_path / f"{kind}-sharp.png", scale=2.5))
    assert sharp.shape[1] == pytest.approx(2.5 * normal.shape[1], rel=0.05)


@pytest.mark.slow
@pytest.mark.parametrize("renderer", RENDERER_NAMES)
@pytest.mark.parametrize("kind", DRAWINGS)
def test_tikz_compiles(kind: str, renderer: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    latex_tools()
    use(renderer, monkeypatch)
    pdf = compile_tex(viz.save(DRAWINGS[kind](), tmp_path / f"{kind}.tex"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "W1[0,0]" in text or "x[0]" in text, text[:300]
