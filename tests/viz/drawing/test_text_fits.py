"""Every drawing's text fits its box, with ``dot`` and with the pip-installed renderer, as Chromium draws it.

Graphviz sizes the boxes, the browser draws the letters: the two agree only when
they use the same font widths (``viz/render/fonts.py``). These tests render each
kind of drawing with each renderer and measure the result in headless Chromium
(``browser.py``): no text outside its cell, no two texts on top of each other, no
edge label running into a node.
"""

from __future__ import annotations

import re
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
    "graph, slide layout": lambda: draw_graph(_lecture_model()[1], layout="slide"),
    "graph, slide layout before backward": lambda: draw_graph(
        nn.bce(nn.MLP.from_weights(WEIGHTS, BIASES, "sigmoid")(X), Y), layout="slide"
    ),
    "graph, wide labels": lambda: draw_graph(_tricky_labels(), edge_labels="chain", title="wide · labels"),
    "network diagram": lambda: _network_after_backward(),
    "network diagram, untrained": lambda: draw_network(nn.MLP.from_weights(WEIGHTS, BIASES, "sigmoid")),
    "step-through frame": lambda: step_through(lecture_network()["loss"]).draw(12),
    "step-through frame, slide layout": lambda: step_through(_lecture_model()[1], layout="slide").draw(9),
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


@pytest.mark.slow
@pytest.mark.parametrize("renderer", RENDERER_NAMES)
def test_notebook_output_fits_the_cell_width(page: Any, renderer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A drawing wider than a notebook cell is scaled down to it (no sideways scrolling); a small one is left alone."""
    program = locate(renderer)
    require(program is not None, f"the {renderer} renderer")
    assert program is not None
    monkeypatch.setenv("CHALKGRAD_DOT", program.path)
    cell = 1158  # CSS pixels: the output area of a notebook cell on a 1280-pixel-wide screen
    measure = """() => { const svg = document.querySelector('svg').getBoundingClientRect();
                         const box = document.getElementById('cell');
                         return [svg.width, svg.height, box.scrollWidth, box.clientWidth]; }"""
    for drawing, wide in ((draw_graph(_lecture_model()[1]), True), (draw_graph(small_expression()["c"]), False)):
        svg = drawing._repr_mimebundle_()["image/svg+xml"]
        natural = [float(v) * 4 / 3 for v in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()]  # type: ignore[union-attr]
        page.set_content(f'<!DOCTYPE html><html><body><div id="cell" style="width: {cell}px">{svg}</div></body></html>')
        width, height, scrolled, client = page.evaluate(measure)
        assert scrolled <= client  # nothing to scroll
        if wide:
            assert natural[0] > cell and width == pytest.approx(cell, abs=1)
            assert height / width == pytest.approx(natural[1] / natural[0], rel=0.01)  # proportions kept
        else:
            assert (width, height) == pytest.approx(natural, abs=1)  # never enlarged


_CROSSINGS = """() => {
  // Every weight's box: does any line other than its own two pieces pass through it?
  const problems = [];
  const edges = [...document.querySelectorAll('g.edge')].map((g) => ({
    title: g.querySelector('title').textContent, paths: [...g.querySelectorAll('path')]}));
  for (const g of document.querySelectorAll('g.node')) {
    const id = g.querySelector('title').textContent;
    if (!id.includes('_w')) continue;
    const box = g.querySelector('polygon, path').getBBox();
    for (const edge of edges) {
      if (edge.title.split('->').includes(id)) continue;
      for (const path of edge.paths) {
        const length = path.getTotalLength();
        for (let s = 0; s <= length; s += 1) {
          const p = path.getPointAtLength(s);
          if (p.x > box.x && p.x < box.x + box.width && p.y > box.y && p.y < box.y + box.height) {
            problems.push(`${edge.title} crosses the box of ${id}`);
            s = length + 1;
          }
        }
      }
    }
  }
  return problems;
}"""


@pytest.mark.slow
@pytest.mark.parametrize("renderer", RENDERER_NAMES)
def test_every_weight_label_sits_on_its_own_line_and_no_other_line_crosses_it(
    page: Any, renderer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = locate(renderer)
    require(program is not None, f"the {renderer} renderer")
    assert program is not None
    monkeypatch.setenv("CHALKGRAD_DOT", program.path)
    for model in (_lecture_model()[0], nn.MLP(2, [3, 2], "sigmoid"), nn.MLP(3, [4, 4, 1], "tanh")):
        svg = render_svg(draw_network(model))
        page.set_content(f'<!DOCTYPE html><html><body style="margin: 0">{svg[svg.find("<svg") :]}</body></html>')
        assert page.evaluate(_CROSSINGS) == []
