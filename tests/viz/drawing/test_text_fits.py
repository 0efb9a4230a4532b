"""Every drawing's text fits its box, with ``dot`` and with the pip-installed renderer, as Chromium draws it.

Graphviz sizes the boxes, the browser draws the letters: the two agree only when
they use the same font widths (``viz/render/fonts.py``). These tests render each
kind of drawing with each renderer and measure the result in headless Chromium
(``browser.py``): no text outside its cell, no two texts on top of each other, no
edge label running into a node.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from browser import browser_page, text_problems
from conftest import require
from teaching_examples import lecture_network, small_expression
from viz_helpers import RENDERER_NAMES, locate

import nn
from autograd import Value
from viz import draw_graph, draw_network, render_svg, sgd_update, step_through
from viz.cli.demo import BIASES, WEIGHTS, X, Y
from viz.render.fonts import FONT, SVG_FONT_FAMILY


def _lecture_model() -> tuple[Any, Value]:
    """The demo's 1-2-3-1 network and its loss after backward (the network diagram reads root=loss)."""
    model = nn.MLP.from_weights(WEIGHTS, BIASES, "sigmoid")
    loss = nn.bce(model(X), Y)
    loss.backward()
    return model, loss


def _network_after_backward() -> Any:
    model, loss = _lecture_model()
    return draw_network(model, root=loss)


def _tricky_labels() -> Any:
    """Wide letters, a long label and the symbols chalkgrad writes (×, −, —, ·, …)."""
    wide = Value(-12345.678, label="WWWWMMMM")
    thin = Value(0.001, label="iiil")
    out = (wide * thin).tanh() + wide
    out.label = "ŷ − y · Σ …"
    out.backward()
    return out


DRAWINGS: dict[str, Callable[[], Any]] = {
    "graph": lambda: draw_graph(small_expression()["L"]),
    "graph, clusters": lambda: draw_graph(_lecture_model()[1], clusters=True),
    "graph, local edge labels": lambda: draw_graph(_lecture_model()[1], edge_labels="local"),
    "graph, chain edge labels": lambda: draw_graph(small_expression()["L"], edge_labels="chain"),
    "graph, collapsed neurons": lambda: draw_graph(_lecture_model()[1], collapse=True),
    "graph, wide labels": lambda: draw_graph(_tricky_labels(), edge_labels="chain", title="wide · labels"),
    "network diagram": lambda: _network_after_backward(),
    "network diagram, untrained": lambda: draw_network(nn.MLP.from_weights(WEIGHTS, BIASES, "sigmoid")),
    "step-through frame": lambda: step_through(lecture_network()["loss"]).draw(12),
    "SGD update": lambda: sgd_update(lecture_network()["loss"]).draw(),
}


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    with browser_page() as opened:
        yield opened


@pytest.mark.slow
@pytest.mark.parametrize("renderer", RENDERER_NAMES)
@pytest.mark.parametrize("drawing", list(DRAWINGS))
def test_text_stays_in_its_box(page: Any, renderer: str, drawing: str, monkeypatch: pytest.MonkeyPatch) -> None:
    program = locate(renderer)
    require(program is not None, f"the {renderer} renderer")
    assert program is not None
    monkeypatch.setenv("CHALKGRAD_DOT", program.path)
    svg = render_svg(DRAWINGS[drawing]())
    assert text_problems(page, svg) == []


def test_drawings_name_the_measured_font_and_the_svg_its_fallbacks() -> None:
    source = draw_graph(small_expression()["L"], clusters=False).source
    assert f'fontname="{FONT}"' in source and "Helvetica" not in source
    assert f'fontname="{FONT}"' in draw_network(nn.MLP.from_weights(WEIGHTS, BIASES, "sigmoid")).source
    require(any(locate(name) for name in RENDERER_NAMES), "a Graphviz renderer")
    svg = render_svg(draw_graph(small_expression()["L"]))
    assert f'font-family="{SVG_FONT_FAMILY}"' in svg and f'font-family="{FONT}"' not in svg
