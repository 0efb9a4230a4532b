"""The browser playground, built by scripts/build_site.py and driven in headless Chromium.

The site is built into a temporary folder and served on 127.0.0.1; every request to
any other address is aborted (and recorded, and must not happen). For each example
the gradients printed on the page must be exactly what the same file prints when run
natively, the graph's SVG must hold the same texts (names, data, grads) as the native
rendering of the same drawing, and the step-through must step with the engine's captions.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO_ROOT, require

from autograd.formatting import format_number as number
from viz import RendererNotFound, find_renderer

EXAMPLES = sorted((REPO_ROOT / "scripts" / "playground" / "examples").glob("*.py"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

# One build and one browser for the whole file: with pytest-xdist's --dist loadgroup, its tests stay together.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]


def renderer_available() -> bool:
    try:
        find_renderer()
    except RendererNotFound:
        return False
    return True


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass  # the test's output stays readable


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require(shutil.which("npm") is not None, "npm (it downloads Pyodide and Graphviz for the site)")
    folder = tmp_path_factory.mktemp("playground") / "site"
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "build_site.py"), str(folder)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


class Browser:
    """Headless Chromium and a local server for the site; any request elsewhere is aborted and recorded."""

    def __init__(self, playwright: Any, chromium: str, origin: str) -> None:
        self.browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        self.origin = origin
        self.elsewhere: list[str] = []

    def new_page(self) -> Any:
        context = self.browser.new_context(viewport={"width": 1280, "height": 720})
        context.route("**/*", self._only_the_local_server)
        return context.new_page()

    def _only_the_local_server(self, route: Any) -> None:
        if route.request.url.startswith(self.origin):
            route.continue_()
        else:
            self.elsewhere.append(route.request.url)
            route.abort()


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[Browser]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    require(chromium is not None, "Chromium")
    require(importlib.util.find_spec("playwright") is not None, "the playwright Python package")
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            chrome = Browser(playwright, chromium, f"http://127.0.0.1:{server.server_port}/")
            try:
                yield chrome
            finally:
                chrome.browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert chrome.elsewhere == [], f"the site asked for addresses outside its folder: {chrome.elsewhere}"


@pytest.fixture(scope="module")
def page(browser: Browser) -> Any:
    """The playground, loaded and ready."""
    tab = browser.new_page()
    tab.goto(browser.origin)
    tab.wait_for_selector("body[data-state=ready], body[data-state=failed]", timeout=120_000)
    assert tab.get_attribute("body", "data-state") == "ready", tab.inner_text("#status")
    print(f"first load: {tab.get_attribute('body', 'data-load-seconds')} s")
    return tab


def run_on_page(page: Any, code: str | None = None, example: int | None = None) -> str:
    """Run an example (by menu position) or the given code on the page; returns the printed output."""
    page.evaluate("document.body.dataset.state = 'ready'")
    if example is not None:
        page.select_option("#examples", index=example)
    if code is not None:
        page.fill("#code", code)
    page.click("#run")
    page.wait_for_selector("body[data-state=ran]", timeout=60_000)
    print(f"run: {page.get_attribute('body', 'data-run-seconds')} s")
    return str(page.inner_text("#output"))


def native_output(example: Path) -> str:
    environment = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    done = subprocess.run([sys.executable, str(example)], capture_output=True, text=True, env=environment)
    assert done.returncode == 0, done.stderr
    return done.stdout


@functools.cache
def native_playground() -> Any:
    """scripts/playground/playground.py, imported natively (it renders with the machine's Graphviz)."""
    spec = importlib.util.spec_from_file_location("playground", REPO_ROOT / "scripts" / "playground" / "playground.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def svg_texts(svg: str) -> list[str]:
    return sorted(html.unescape(text) for text in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S))


PAGE_GRAPH_TEXTS = "() => [...document.querySelectorAll('#graph svg text')].map(t => t.textContent).sort()"


@pytest.mark.parametrize("number", range(len(EXAMPLES)), ids=[path.stem for path in EXAMPLES])
def test_an_example_prints_what_it_prints_natively_and_draws_the_same_graph(page: Any, number: int) -> None:
    require(renderer_available(), "a Graphviz renderer (dot or graphviz-pure), for the native drawing")
    example = EXAMPLES[number]
    printed = run_on_page(page, example=number)
    assert "dL/d" in printed or "do/d" in printed  # gradients are printed
    assert printed.strip() == native_output(example).strip()

    native = native_playground().run(example.read_text(encoding="utf-8"))
    assert native["error"] == ""
    assert page.evaluate(PAGE_GRAPH_TEXTS) == svg_texts(native["graph"])
    assert page.locator("#table table tr").count() > 3


def test_the_graph_shows_the_lectures_numbers_and_the_step_through_steps(page: Any) -> None:
    run_on_page(page, example=0)  # L = (a*b + c) * f
    node_texts = page.evaluate(
        "() => [...document.querySelectorAll('#graph svg g.node')].map(g => g.textContent.replace(/\\s+/g, ' '))"
    )
    record_of_a = next(text for text in node_texts if text.split()[1:2] == ["a"])
    assert f"data {number(2.0)}" in record_of_a and f"grad {number(6.0)}" in record_of_a  # the lecture's dL/da = 6
    assert any(
        "L" in text.split() and f"data {number(-8.0)}" in text and f"grad {number(1.0)}" in text for text in node_texts
    )

    native = native_playground()
    native.run(EXAMPLES[0].read_text(encoding="utf-8"))
    last = native.frame(10**6)["index"]
    assert page.inner_text("#counter") == f"0 / {last}"
    first_picture = page.inner_html("#frame")
    assert "<svg" in first_picture
    page.click("#next")
    page.click("#next")
    assert page.inner_text("#counter") == f"2 / {last}"
    assert page.inner_text("#caption") == native.frame(2)["caption"]
    assert page.inner_html("#frame") != first_picture
    page.click("#previous")
    assert page.inner_text("#counter") == f"1 / {last}"
    assert page.inner_text("#caption") == native.frame(1)["caption"]


BROWSER_ONLY = """
import sys
import viz
from autograd import Value

x = Value(0.5, label="x")
y = (x * x).tanh()
y.label = "y"
print(sys.platform, viz.find_renderer().kind)
saved = viz.step_through(y).save_html("out/steps.html").read_text()
print("page saved:", saved.lstrip().lower().startswith("<!doctype html") and "<svg" in saved and "<script" in saved)
try:
    viz.save(y, "out/y.png")
except viz.RenderError as error:
    print("png:", str(error).split(".")[0])
viz.draw_graph(y)
"""


def test_in_pyodide_viz_renders_with_the_pages_graphviz_and_save_html_writes_a_page(page: Any) -> None:
    printed = run_on_page(page, code=BROWSER_ONLY)
    assert printed.splitlines() == [
        "emscripten browser",
        "page saved: True",
        "png: In the browser chalkgrad draws with Graphviz compiled to WebAssembly, which cannot write 'png'; it "
        "writes dot, gv, json, plain, svg, xdot",
    ]
    texts = page.evaluate(PAGE_GRAPH_TEXTS)
    assert f"data {number(0.5)}" in texts and "y" in texts  # a drawing as the last line is shown
    assert page.inner_text("#counter") == ""  # ...and nothing to step through


def test_a_mistake_shows_pythons_message_from_the_students_code(page: Any) -> None:
    printed = run_on_page(page, code="from autograd import Value\n\nValue(2.0).log() * Value('x')\n")
    assert printed.startswith('Traceback (most recent call last):\n  File "<your code>", line 3')
    assert "Value(2.0).log() * Value('x')" in printed  # the line is quoted
    assert "TypeError" in printed and "playground.py" not in printed and "site-packages" not in printed
    assert "error" in (page.get_attribute("#output", "class") or "")


# -- the notebooks in JupyterLite ----------------------------------------------------------

PROMPTS = "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => p.textContent.trim())"
# JupyterLab shows an SVG output as an <img> whose address holds the SVG text.
DRAWINGS = (
    "() => [...document.querySelectorAll('[data-mime-type=\"image/svg+xml\"] img')]"
    ".map(img => decodeURIComponent(img.src.slice(img.src.indexOf(',') + 1)))"
)
ERRORS = (
    "() => [...document.querySelectorAll('[data-mime-type=\"application/vnd.jupyter.stderr\"]')]"
    ".map(e => e.textContent)"  # not innerText: a cell scrolled out of view is not rendered
)


def first_cell_needing_numpy(notebook: str) -> int | None:
    """The position among the code cells of the first that imports numpy (not available in the browser)."""
    cells = json.loads((REPO_ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    sources = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]
    return next((k for k, source in enumerate(sources) if "import numpy" in source), None)


@pytest.mark.parametrize("notebook", ["01_tour.ipynb", "04_network_1231_bce.ipynb", "10_step_through.ipynb"])
def test_a_notebook_runs_in_jupyterlite_with_its_drawings(browser: Browser, notebook: str) -> None:
    """Every cell runs (the notebooks assert the slides' numbers themselves), and the graphs are drawn.

    A cell that imports numpy stops the run with Python's own message, as the README says:
    the browser has no numpy. Every cell before it must run.
    """
    require(importlib.util.find_spec("jupyterlite_core") is not None, 'JupyterLite (pip install "chalkgrad[site]")')
    tab = browser.new_page()
    started = time.perf_counter()
    try:
        tab.goto(f"{browser.origin}lab/notebooks/index.html?path={notebook}")
        tab.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=60_000)
        tab.get_by_role("menuitem", name="Run", exact=True).click()
        tab.get_by_text("Run All Cells", exact=True).click()
        # Run All queues every cell ("[*]"); a fresh kernel then numbers them 1, 2, ... as they finish.
        tab.wait_for_function(f"() => ({PROMPTS})().some(p => p.includes('*'))", timeout=30_000)
        tab.wait_for_function(f"() => !({PROMPTS})().some(p => p.includes('*'))", timeout=120_000)
        print(f"{notebook}: opened and run in {time.perf_counter() - started:.1f} s")
        prompts, errors = tab.evaluate(PROMPTS), tab.evaluate(ERRORS)
        stop = first_cell_needing_numpy(notebook)
        ran = len(prompts) if stop is None else stop + 1
        assert prompts[:ran] == [f"[{n}]:" for n in range(1, ran + 1)]
        assert all(prompt == "[ ]:" for prompt in prompts[ran:])
        if stop is None:
            assert errors == []
        else:
            assert len(errors) == 1 and "No module named 'numpy'" in errors[0]
        drawings = tab.evaluate(DRAWINGS)
        assert drawings, "no drawing was shown"
        assert all('class="node"' in svg for svg in drawings)
        assert any("grad " in svg for svg in drawings)  # drawn after backward, with the gradients
        if notebook.startswith("10"):  # step_through shows as an ipywidgets control
            assert tab.get_by_role("button", name="next ▶").count() > 0
    finally:
        tab.context.close()
