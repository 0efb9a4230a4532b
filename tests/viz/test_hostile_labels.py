"""Hostile labels, titles and captions are inert: pages and SVG files show them as written, and still work.

A label is the student's text. Whatever it holds (HTML, a closing script tag, an
HTML comment opener, entities, JavaScript line separators, a lone surrogate,
format braces), the step-through page keeps its buttons and keys, shows the
label, the caption and the title exactly as written (characters that cannot be
shown at all as their visible escape, as in every drawing), and runs nothing.
Checked in headless Chromium, as a student's browser would read the files.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from conftest import require

from autograd import Value
from viz.classroom.stepper import step_through
from viz.drawing.picture import save
from viz.drawing.text import printable, shown_text
from viz.render.renderer import RendererNotFound, find_renderer

HOSTILE = [
    "<!--<script>",
    "</script><script>window.pwned = 1</script>",
    '"><img src=x onerror="window.pwned = 2">',
    "<svg onload=window.pwned=3>",
    "]]><![CDATA[",
    "--><!--",
    "&amp; &lt; &#x3c; &",
    "</title></svg></div>",
    "line\u2028separator\u2029",
    "{title} {captions} {0} %s $x ${x} `x`",
    "\\N \\G \\\\ \\",
    "'single' \"double\"",
    "lone \udc80 surrogate",
    "bell \x07 and nul \x00",
    "right-to-left \u202e override",
    "javascript:window.pwned=4",
    "two\nlines",
    "x" * 20_000,
]
TITLE = "</title><script>window.pwned = 5</script><!--"

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def hostile_graph() -> Value:
    values = [Value(float(i + 1), label=label) for i, label in enumerate(HOSTILE)]
    total = values[0]
    for value in values[1:]:
        total = total * 0.5 + value
    total.label = "<!--<script>"  # the output too
    return total


def renderer_available() -> bool:
    try:
        find_renderer()
    except RendererNotFound:
        return False
    return True


def chromium_or_skip() -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    require(chromium is not None, "Chromium")
    require(importlib.util.find_spec("playwright") is not None, "the playwright Python package")
    assert chromium is not None
    return chromium


READ = """() => {
  const frame = document.querySelector('.frame:not([hidden])');
  const texts = [...frame.querySelectorAll('svg text')].map(t => t.textContent);
  return {counter: document.getElementById('counter').textContent,
          caption: document.getElementById('caption').textContent,
          title: document.title, heading: document.querySelector('h1').textContent,
          node: frame.dataset.node, texts, frames: document.querySelectorAll('.frame').length,
          scripts: document.querySelectorAll('script').length, images: document.querySelectorAll('img').length,
          pwned: window.pwned === undefined ? null : window.pwned};
}"""


@pytest.mark.slow
def test_a_step_through_page_with_hostile_labels_works_and_shows_them(tmp_path: Path) -> None:
    require(renderer_available(), "a Graphviz renderer")
    chromium = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    root = hostile_graph()
    steps = step_through(root)
    path = steps.save_html(tmp_path / "hostile.html", title=TITLE)
    last = len(steps) - 1
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.on("dialog", lambda dialog: (problems.append(f"dialog {dialog.message}"), dialog.dismiss()))
            page.on("pageerror", lambda error: problems.append(f"script error {error}"))
            page.on("request", lambda r: problems.append(f"request {r.url}") if not r.url.startswith("file:") else None)
            page.goto(path.as_uri())
            state = page.evaluate(READ)
            assert state["scripts"] == 1 and state["images"] == 0 and state["pwned"] is None
            assert state["frames"] == len(steps) and state["counter"] == f"0 / {last}"
            assert state["title"] == printable(TITLE) and state["heading"] == printable(TITLE)
            named: set[str] = set()
            for index in range(1, last + 1):
                if index % 2:
                    page.click("#next")
                else:
                    page.keyboard.press("ArrowRight")
                state = page.evaluate(READ)
                frame = steps[index]
                assert state["counter"] == f"{index} / {last}"
                assert state["caption"] == printable(frame.caption)
                assert state["node"] == printable(frame.name)
                drawn = [text.strip() for text in state["texts"]]
                # every hostile label (the leaves, and the output) is drawn, line by line, as written
                for label in [*HOSTILE, root.label]:
                    for line in shown_text(label):
                        assert line.strip() in drawn, (label[:40], drawn[:20])
                # ... and named in the caption of the frame that completes its gradient
                named.update(label for label in HOSTILE if label in frame.caption)
            page.keyboard.press("Home")
            assert page.evaluate(READ)["counter"] == f"0 / {last}"
            page.keyboard.press("End")
            assert page.evaluate(READ)["counter"] == f"{last} / {last}"
            assert page.evaluate(READ)["pwned"] is None
        finally:
            browser.close()
    assert problems == []
    assert set(HOSTILE) <= named  # every hostile label is named in a caption (leaves: when they are complete)


@pytest.mark.slow
def test_a_saved_svg_with_hostile_labels_shows_them_as_written(tmp_path: Path) -> None:
    require(renderer_available(), "a Graphviz renderer")
    chromium = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    path = save(hostile_graph(), tmp_path / "hostile.svg")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(path.as_uri())
            state = page.evaluate(
                """() => ({broken: document.getElementsByTagName('parsererror').length,
                          scripts: document.getElementsByTagName('script').length,
                          texts: [...document.querySelectorAll('text')].map(t => t.textContent.trim()),
                          pwned: window.pwned === undefined ? null : window.pwned})"""
            )
        finally:
            browser.close()
    assert state["broken"] == 0 and state["scripts"] == 0 and state["pwned"] is None
    for label in HOSTILE:
        for line in shown_text(label):
            assert line.strip() in state["texts"], label[:40]
    long_label = next(text for text in state["texts"] if text.startswith("xxxx"))
    assert long_label.endswith("(20,000 characters, shortened for the drawing)")


def test_a_label_too_long_for_graphviz_is_shortened_visibly() -> None:
    from viz.drawing.graph import draw_graph
    from viz.drawing.text import LONGEST_TEXT, html_text

    for label in ("x" * 20_000, "&" * 5_000, "\x07" * 3_000, "é" * 9_000, "a\n" * 4_000):
        escaped = html_text(label)
        assert len(escaped.encode("utf-8")) <= LONGEST_TEXT
        assert escaped.endswith(f"({len(label):,} characters, shortened for the drawing)")
    assert html_text("x" * 300) == "x" * 300  # an ordinary long label is kept whole
    source = draw_graph(Value(1.0, label="y" * 100_000) * 2).source
    assert len(source) < 16_384 and "100,000 characters" in source


@pytest.mark.slow
def test_a_label_too_long_for_graphviz_still_renders(tmp_path: Path) -> None:
    require(renderer_available(), "a Graphviz renderer")
    a = Value(1.0, label="&" * 40_000)
    path = save(a * 2, tmp_path / "long.svg")
    assert "40,000 characters, shortened for the drawing" in path.read_text()


def test_pages_and_widgets_make_text_inert_in_one_place() -> None:
    """The page's text goes through page_text and script_json; a caption cannot end the script."""
    root = hostile_graph()
    page = step_through(root).html(title=TITLE)
    script = page[page.index("<script>") + len("<script>") : page.rindex("</script>")]
    for dangerous in ("</script", "<!--", "<script", "\u2028", "\u2029"):
        assert dangerous not in script
    assert page.count("<script>") == 1 and page.count("</script>") == 1
    head = page[: page.index("</head>")]
    assert head.count("<title>") == 1 and head.count("</title>") == 1


def test_notebook_outputs_of_the_teaching_tools_are_inert() -> None:
    """What Jupyter shows for a table, chain-rule paths, an exercise check and an SGD step."""
    import viz

    x = Value(2.0, label="</pre><script>window.pwned = 6</script>\udc80")
    w = Value(-1.0, label="<!--<script>")
    loss = (x * w).tanh()
    outputs = [
        viz.backprop_table(loss)._repr_html_(),
        viz.chain_rule(loss, wrt=x)._repr_html_(),
        viz.exercise(loss).check({"#0": 1.0})._repr_html_(),
        viz.sgd_update(loss, lr=0.1)._repr_html_(),
    ]
    for shown in outputs:
        shown.encode("utf-8")  # a lone surrogate would make the notebook unsavable
        assert "<script" not in shown and "<!--" not in shown and shown.count("</pre>") <= 1
    assert "&lt;/pre&gt;&lt;script&gt;" in outputs[0] and "\\udc80" in outputs[0]  # shown, as written
