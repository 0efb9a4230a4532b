"""Rendering in a web page: under Pyodide, Graphviz is its WebAssembly build, @viz-js/viz.

In the browser there is no ``dot`` program to start (Pyodide cannot run
subprocesses). Graphviz compiled to WebAssembly (the npm package ``@viz-js/viz``,
shipped with the site) is reached as the JavaScript global ``chalkgradGraphviz``.
A page that runs Python itself (the playground) sets it before running any:

    import { instance } from "./graphviz/viz.js";
    globalThis.chalkgradGraphviz = await instance();

Where no page script can reach Python, as in a JupyterLite kernel (a web worker),
the site installs the package ``chalkgrad_graphviz_js`` holding @viz-js/viz's
script; the first drawing evaluates it in the worker and waits for Graphviz to
start (``pyodide.ffi.run_sync``, which needs a browser with JavaScript Promise
Integration, such as Chrome 137 or later). Elsewhere, run once in a cell:

    await viz.render.browser.load_graphviz()

``renderer.find_renderer`` picks this renderer whenever ``sys.platform`` is
"emscripten", and ``renderer.render`` hands it the DOT text. It lays out with the
same ``dot`` engine as on a laptop and writes SVG (and the text formats), not PNG
or PDF.

Read next: ``renderer.py`` (the renderer search this hooks into).
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

# The name of the JavaScript global that holds the Viz instance (see above).
GLOBAL_NAME = "chalkgradGraphviz"

# The site's package that carries @viz-js/viz's script (built by scripts/site_packages.py).
SCRIPT_PACKAGE = "chalkgrad_graphviz_js"

FORMATS = frozenset({"svg", "dot", "gv", "xdot", "plain", "json"})


class GraphvizNotLoaded(RuntimeError):
    """The page has not handed Python its Graphviz (renderer.py turns this into RendererNotFound)."""


class BrowserRenderError(RuntimeError):
    """The page's Graphviz could not render (renderer.py turns this into RenderError)."""


def _graphviz() -> Any:
    import js  # Pyodide's bridge to the page's JavaScript globals

    instance = getattr(js, GLOBAL_NAME, None)
    if instance is not None:
        return instance
    if not _has_script():
        raise GraphvizNotLoaded(
            "This page has not loaded Graphviz for chalkgrad. Load @viz-js/viz in the page first: "
            f'import {{ instance }} from "./graphviz/viz.js"; globalThis.{GLOBAL_NAME} = await instance();'
        )
    # imported here: exists only in the browser (Pyodide)
    from pyodide.ffi import can_run_sync, run_sync

    if not can_run_sync():
        raise GraphvizNotLoaded(
            "Graphviz for chalkgrad is not started yet, and this browser cannot wait for it in the middle of a "
            "drawing. Run this once in a cell, then draw again: await viz.render.browser.load_graphviz()"
        )
    setattr(js, GLOBAL_NAME, run_sync(_start_script()))
    return getattr(js, GLOBAL_NAME)


def _has_script() -> bool:
    return importlib.util.find_spec(SCRIPT_PACKAGE) is not None


def _start_script() -> Any:
    """Evaluate @viz-js/viz's script here (it defines the global ``Viz``); the promise of its instance."""
    # imported here: exists only in the browser (Pyodide)
    import js

    script = importlib.import_module(SCRIPT_PACKAGE).SCRIPT
    js.eval(script.read_text(encoding="utf-8"))
    return js.Viz.instance()


async def load_graphviz() -> None:
    """Start the Graphviz that the site ships (in a notebook: ``await viz.render.browser.load_graphviz()``)."""
    # imported here: exists only in the browser (Pyodide)
    import js

    if getattr(js, GLOBAL_NAME, None) is None:
        setattr(js, GLOBAL_NAME, await _start_script())


def render(source: str, fmt: str) -> bytes:
    """Lay out DOT ``source`` with the page's Graphviz and return the picture in format ``fmt``."""
    if fmt not in FORMATS:
        raise BrowserRenderError(
            f"In the browser chalkgrad draws with Graphviz compiled to WebAssembly, which cannot write {fmt!r}; "
            f"it writes {', '.join(sorted(FORMATS))}. Save as .svg here, or render on your own machine for PNG and PDF."
        )
    # imported here: exists only in the browser (Pyodide)
    from pyodide.ffi import to_js

    options = to_js({"format": "dot" if fmt == "gv" else fmt, "engine": "dot"}, dict_converter=_js_object)
    result = _graphviz().render(source, options)
    if result.status != "success":
        messages = "; ".join(str(error.message).strip() for error in result.errors) or "no message"
        raise BrowserRenderError(f"Graphviz in the browser could not render {fmt}: {messages}")
    return str(result.output).encode("utf-8")


def _js_object(entries: Any) -> Any:
    # imported here: exists only in the browser (Pyodide)
    import js

    return js.Object.fromEntries(entries)
