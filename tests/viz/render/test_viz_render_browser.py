"""Under Pyodide, viz renders with the page's Graphviz: the renderer search and its errors, natively.

The real thing runs in tests/site (Pyodide in headless Chromium). Here ``sys.platform``
says "emscripten" and stand-ins for Pyodide's ``js`` and ``pyodide.ffi`` modules play
the page, so the hook into the renderer search is checked in the quick suite too.
"""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest

import viz
from autograd import Value
from viz.render import browser


class FakeGraphviz:
    """What @viz-js/viz's instance answers: {status, output, errors}."""

    def __init__(self, status: str = "success", errors: tuple[str, ...] = ()) -> None:
        self.status = status
        self.errors = errors
        self.calls: list[tuple[str, dict[str, str]]] = []

    def render(self, source: str, options: dict[str, str]) -> Any:
        self.calls.append((source, options))
        messages = [types.SimpleNamespace(message=text) for text in self.errors]
        return types.SimpleNamespace(status=self.status, output="<svg>drawn</svg>", errors=messages)


@pytest.fixture
def in_the_browser(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """Pretend to be Pyodide: the platform, a ``js`` module (the page's globals) and ``pyodide.ffi``."""
    monkeypatch.setattr(sys, "platform", "emscripten")
    page = types.ModuleType("js")
    page.Object = types.SimpleNamespace(fromEntries=dict)  # type: ignore[attr-defined]
    ffi = types.ModuleType("pyodide.ffi")
    ffi.to_js = lambda value, dict_converter: dict_converter(value.items())  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "js", page)
    monkeypatch.setitem(sys.modules, "pyodide", types.ModuleType("pyodide"))
    monkeypatch.setitem(sys.modules, "pyodide.ffi", ffi)
    monkeypatch.delenv("CHALKGRAD_DOT", raising=False)
    return page


def test_the_pages_graphviz_is_the_renderer_and_lays_out_with_dot(in_the_browser: types.ModuleType) -> None:
    graphviz = FakeGraphviz()
    setattr(in_the_browser, browser.GLOBAL_NAME, graphviz)
    assert viz.find_renderer().kind == "browser"
    y = Value(2.0, label="y").tanh()
    assert viz.render_svg(viz.draw_graph(y)) == "<svg>drawn</svg>"
    [(source, options)] = graphviz.calls
    assert source == viz.draw_graph(y).source
    assert options == {"format": "svg", "engine": "dot"}


def test_a_page_without_graphviz_says_how_to_load_it(in_the_browser: types.ModuleType) -> None:
    with pytest.raises(viz.RendererNotFound, match=r"has not loaded Graphviz.*globalThis\.chalkgradGraphviz"):
        viz.render_svg("digraph { a }")


def test_graphviz_errors_and_formats_it_cannot_write_are_render_errors(in_the_browser: types.ModuleType) -> None:
    setattr(in_the_browser, browser.GLOBAL_NAME, FakeGraphviz("failure", ("syntax error in line 1",)))
    with pytest.raises(viz.RenderError, match="could not render svg: syntax error in line 1"):
        viz.render_svg("digraph { a -> }")
    with pytest.raises(viz.RenderError, match=r"cannot write 'png'.*Save as \.svg here"):
        viz.render_png("digraph { a }")
