"""Rendering in a web page: under Pyodide, Graphviz is the WebAssembly build the page loaded.

In the browser there is no ``dot`` program to start (Pyodide cannot run
subprocesses). The page loads ``@viz-js/viz`` (Graphviz compiled to WebAssembly,
shipped with the site) and hands its instance to Python as the JavaScript global
``chalkgradGraphviz``:

    import { instance } from "./graphviz/viz.js";
    globalThis.chalkgradGraphviz = await instance();

``renderer.find_renderer`` picks this renderer whenever ``sys.platform`` is
"emscripten", and ``renderer.render`` hands it the DOT text. It lays out with the
same ``dot`` engine as on a laptop and writes SVG (and the text formats), not PNG
or PDF.

Read next: ``renderer.py`` (the renderer search this hooks into).
"""

from __future__ import annotations

from typing import Any

# The name of the JavaScript global that holds the Viz instance (see above).
GLOBAL_NAME = "chalkgradGraphviz"

FORMATS = frozenset({"svg", "dot", "gv", "xdot", "plain", "json"})


class GraphvizNotLoaded(RuntimeError):
    """The page has not handed Python its Graphviz (renderer.py turns this into RendererNotFound)."""


class BrowserRenderError(RuntimeError):
    """The page's Graphviz could not render (renderer.py turns this into RenderError)."""


def _graphviz() -> Any:
    import js  # Pyodide's bridge to the page's JavaScript globals

    instance = getattr(js, GLOBAL_NAME, None)
    if instance is None:
        raise GraphvizNotLoaded(
            "This page has not loaded Graphviz for chalkgrad. Load @viz-js/viz in the page first: "
            f'import {{ instance }} from "./graphviz/viz.js"; globalThis.{GLOBAL_NAME} = await instance();'
        )
    return instance


def render(source: str, fmt: str) -> bytes:
    """Lay out DOT ``source`` with the page's Graphviz and return the picture in format ``fmt``."""
    if fmt not in FORMATS:
        raise BrowserRenderError(
            f"In the browser chalkgrad draws with Graphviz compiled to WebAssembly, which cannot write {fmt!r}; "
            f"it writes {', '.join(sorted(FORMATS))}. Save as .svg here, or render on your own machine for PNG and PDF."
        )
    from pyodide.ffi import to_js

    options = to_js({"format": "dot" if fmt == "gv" else fmt, "engine": "dot"}, dict_converter=_js_object)
    result = _graphviz().render(source, options)
    if result.status != "success":
        messages = "; ".join(str(error.message).strip() for error in result.errors) or "no message"
        raise BrowserRenderError(f"Graphviz in the browser could not render {fmt}: {messages}")
    return str(result.output).encode("utf-8")


def _js_object(entries: Any) -> Any:
    import js

    return js.Object.fromEntries(entries)
