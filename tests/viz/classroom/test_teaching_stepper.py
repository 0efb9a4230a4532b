"""Stepping through forward and backward: frames, drawings, the Jupyter control, the HTML page.

The page test opens the saved file in real headless Chromium, steps with the
buttons and the arrow keys, and reads back what is drawn: which node is
highlighted and which gradients are shown, compared with the engine.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import require
from teaching_examples import lecture_network, small_expression

from autograd import Value, topological_order
from viz import find_renderer
from viz.classroom.names import fmt
from viz.classroom.stepper import step_through
from viz.render.renderer import RendererNotFound


def renderer_available() -> bool:
    try:
        find_renderer()
    except RendererNotFound:
        return False
    return True


# -- the frames -------------------------------------------------------------------------


def test_backward_frames_visit_nodes_in_the_engines_order() -> None:
    nodes = small_expression()
    steps = step_through(nodes["L"])
    visit = list(reversed(topological_order(nodes["L"], only_requiring_grad=True)))
    assert len(steps) == 1 + len(visit)
    assert [frame.node for frame in steps[1:]] == visit
    assert steps[0].node is None and "Backward starts at L" in steps[0].caption
    assert steps[0].cell(nodes["a"]) == ("2", "?")
    assert steps[0].cell(nodes["L"])[1] == "1"


def test_gradients_fill_in_as_backward_goes_and_partial_sums_are_marked() -> None:
    nodes = small_expression()
    steps = step_through(nodes["L"])
    at_t = next(f for f in steps if f.name == "t")
    # a has received the term through t (-2 * (1 - tanh(2)^2)) but not yet the one through e
    assert at_t.cell(nodes["a"])[1] == f"{fmt(-2 * nodes['t'].local_grads[0])} + …"
    assert at_t.edge(nodes["t"], 0) == f"-2 × {fmt(nodes['t'].local_grads[0])} = {fmt(-2 * nodes['t'].local_grads[0])}"
    at_e = next(f for f in steps if f.name == "e")
    nodes["L"].backward()
    assert at_e.cell(nodes["a"])[1] == fmt(nodes["a"].grad)  # complete now: the engine's number
    assert "a += -2 × -3 = 6" in at_e.caption
    last = steps[-1]
    for name, node in nodes.items():
        assert last.cell(node)[1] == fmt(node.grad), name


def test_lecture_network_backward_frame_at_z3() -> None:
    nodes = lecture_network()
    steps = step_through(nodes["loss"])
    frame = next(f for f in steps if f.name == "z3[0]")
    assert frame.edge(nodes["z3[0]"], 0) == "-0.2261 × 0.6165 = -0.1394"
    assert frame.edge(nodes["z3[0]"], 6) == "-0.2261 × 1 = -0.2261"
    assert frame.cell(nodes["W3[0,0]"])[1] == "-0.1394"
    assert frame.cell(nodes["W1[0,0]"])[1] == "?"
    assert frame.cell(nodes["x[0]"])[1] == "—"  # a constant has no gradient


def test_forward_frames_fill_in_values_in_topological_order() -> None:
    nodes = lecture_network()
    steps = step_through(nodes["loss"], direction="forward")
    computed = [n for n in topological_order(nodes["loss"]) if n.inputs]
    assert [f.node for f in steps[1:]] == computed
    assert steps[0].cell(nodes["z1[0]"]) == ("?", "")
    assert steps[0].cell(nodes["W1[0,0]"]) == ("0.1", "")
    frame = next(f for f in steps if f.name == "a1[0]")
    assert frame.cell(nodes["a1[0]"]) == ("0.5744", "")
    assert frame.cell(nodes["a1[1]"]) == ("?", "")
    assert frame.edge(nodes["a1[0]"], 0) == "local 0.2445"
    assert frame.caption.startswith("a1[0] = sigmoid(0.3) = 0.5744")


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match='direction must be "backward" or "forward"'):
        step_through(small_expression()["L"], direction="sideways")
    with pytest.raises(ValueError, match="does not depend on anything that needs a gradient"):
        step_through(Value(1.0, requires_grad=False) * 2)
    with pytest.raises(IndexError, match="there are 10 frames"):
        step_through(small_expression()["L"]).draw(10)


# -- drawings -------------------------------------------------------------------------


def test_each_frame_draws_the_current_node_highlighted_with_its_edge_labels() -> None:
    nodes = small_expression()
    steps = step_through(nodes["L"])
    frame = next(f for f in steps if f.name == "e")
    source = steps.draw(frame.index).source
    position = topological_order(nodes["L"]).index(nodes["e"])
    record = next(line for line in source.splitlines() if line.strip().startswith(f"{position} [label="))
    assert 'BORDER="3"' in record and "grad -2" in record
    assert "-2 × -3 = 6" in source and "-2 × 2 = -4" in source


def test_save_html_is_one_self_contained_file(tmp_path: Path) -> None:
    require(renderer_available(), "a Graphviz renderer (dot or graphviz-pure)")
    nodes = small_expression()
    steps = step_through(nodes["L"])
    path = steps.save_html(tmp_path / "steps.html")
    page = path.read_text(encoding="utf-8")
    assert page.count("<svg") == len(steps)
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page
    assert not re.search(r"<script[^>]+src=|<link|@import|(?:href|src)=\"https?:", page)
    with pytest.raises(ValueError, match=r"end the file name with \.html"):
        steps.save_html(tmp_path / "steps.svg")


# -- Jupyter -----------------------------------------------------------------------------


def test_widget_redraws_in_place() -> None:
    require(renderer_available(), "a Graphviz renderer (dot or graphviz-pure)")
    require(importlib.util.find_spec("ipywidgets") is not None, "ipywidgets")
    steps = step_through(small_expression()["L"])
    box = steps.widget()
    buttons, caption, picture = box.children
    previous, following, play, slider = buttons.children
    assert caption.value.startswith("<b>0 / 9</b>") and "<svg" in picture.value
    following.click()
    following.click()
    assert slider.value == 2 and caption.value.startswith("<b>2 / 9</b>")
    assert steps.svg(2) in picture.value and "overflow-x: auto" in picture.value
    previous.click()
    assert slider.value == 1 and "At L (*)" in caption.value
    assert play.max == slider.max == 9


def test_without_ipywidgets_the_frames_are_shown_one_after_another(monkeypatch: pytest.MonkeyPatch) -> None:
    import IPython.display

    shown: list[Any] = []
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # makes `import ipywidgets` fail
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    steps = step_through(small_expression()["L"])
    steps._ipython_display_()
    assert len(shown) == 2 * len(steps)  # a caption and a drawing per frame
    assert "At L (*)" in shown[2].data
    assert hasattr(shown[3], "source")


# -- the page in a real browser ------------------------------------------------------------

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

READ_FRAME = """() => {
  const frame = document.querySelector('.frame:not([hidden])');
  const highlighted = [];
  const grads = {};
  let inView = null;
  for (const g of frame.querySelectorAll('g.node')) {
    const id = g.querySelector('title').textContent;
    if (g.querySelector('[stroke="#dc2626"]') && /^[0-9]+$/.test(id)) {
      highlighted.push(id);
      const box = g.getBoundingClientRect();
      inView = box.right > 0 && box.left < window.innerWidth;
    }
    for (const t of g.querySelectorAll('text')) {
      if (t.textContent.startsWith('grad ')) grads[id] = t.textContent.slice(5);
    }
  }
  // the nodes this step is about (visited node, its operation, its inputs): all on screen when they fit
  const focus = (frame.dataset.focus || '').split(' ').filter(Boolean);
  let left = Infinity, right = -Infinity, focusInView = true;
  for (const g of frame.querySelectorAll('g.node')) {
    if (!focus.includes(g.querySelector('title').textContent)) continue;
    const box = g.getBoundingClientRect();
    left = Math.min(left, box.left); right = Math.max(right, box.right);
    focusInView = focusInView && box.left >= 0 && box.right <= window.innerWidth
                  && box.top >= 0 && box.bottom <= window.innerHeight;
  }
  const focusWidth = right - left;
  const visible = document.querySelectorAll('.frame:not([hidden])').length;
  return {index: frame.dataset.index, node: frame.dataset.node, highlighted, grads, visible, inView,
          focusInView, focusWidth,
          counter: document.getElementById('counter').textContent,
          caption: document.getElementById('caption').textContent};
}"""


def renderer_program(name: str) -> str | None:
    """Graphviz's dot, or the pip-installed graphviz-pure (on the PATH or next to this Python)."""
    return shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))


@pytest.mark.slow
@pytest.mark.parametrize("renderer", ["dot", "graphviz-pure"])
def test_saved_page_steps_in_headless_chromium(tmp_path: Path, renderer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    program = renderer_program(renderer)
    require(program is not None, f"the {renderer} renderer")
    assert program is not None
    monkeypatch.setenv("CHALKGRAD_DOT", program)  # draw the frames with this renderer
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    require(chromium is not None, "Chromium")
    require(importlib.util.find_spec("playwright") is not None, "the playwright Python package")
    from playwright.sync_api import sync_playwright

    nodes = lecture_network()
    loss = nodes["loss"]
    steps = step_through(loss)
    path = steps.save_html(tmp_path / "backward.html")
    loss.backward()  # the student's own pass: the page must show the very same numbers
    order = topological_order(loss)
    requests: list[str] = []

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 800, "height": 600})  # narrower than the drawing
            page.on("request", lambda request: requests.append(request.url))
            page.goto(path.as_uri())
            state = page.evaluate(READ_FRAME)
            assert state["counter"] == f"0 / {len(steps) - 1}" and state["visible"] == 1
            assert state["highlighted"] == []

            def expect(index: int) -> None:
                state = page.evaluate(READ_FRAME)
                frame = steps[index]
                assert state["index"] == str(index) and state["visible"] == 1
                assert state["counter"] == f"{index} / {len(steps) - 1}"
                assert state["caption"] == frame.caption
                # the highlighted record is the node the engine visits at this step
                assert frame.node is not None
                assert state["highlighted"] == [str(order.index(frame.node))]
                assert state["inView"] is True  # a wide drawing is scrolled to the visited node
                if state["focusWidth"] < 700:  # ... and to its inputs, when they fit next to it
                    assert state["focusInView"] is True, (index, frame.name)
                assert state["node"] == frame.name
                # every gradient shown is the engine's (complete) or "?" / a partial sum
                for node_id, text in state["grads"].items():
                    node = order[int(node_id)]
                    if not node.requires_grad:
                        assert text == "—"
                    elif text != "?" and not text.endswith("…"):
                        assert text == fmt(node.grad), (index, node.label)
                current = frame.node
                assert state["grads"][str(order.index(current))] == fmt(current.grad)

            for index in range(1, 6):  # the next button, five times
                page.click("#next")
                expect(index)
            for index in range(6, 12):  # the right arrow key, six times
                page.keyboard.press("ArrowRight")
                expect(index)
            page.keyboard.press("ArrowLeft")
            expect(10)
            page.click("#prev")
            expect(9)
            page.keyboard.press("End")
            expect(len(steps) - 1)
            final = page.evaluate(READ_FRAME)["grads"]
            for name in ("W1[0,0]", "W2[1,1]", "b3[0]", "z3[0]"):
                assert final[str(order.index(nodes[name]))] == fmt(nodes[name].grad)
            page.keyboard.press("ArrowRight")  # past the end: stays on the last frame
            expect(len(steps) - 1)
            page.keyboard.press("Home")
            page.keyboard.press("f")  # fit to width: the whole drawing fits the window
            page.click("#next")
            expect(1)
            measure = "document.querySelector('.frame:not([hidden]) svg').getBoundingClientRect().width"
            width = page.evaluate(measure)
            assert width <= 800
            page.keyboard.press("+")  # zoom: from the natural size, 125 %
            assert page.evaluate("document.getElementById('zoom').textContent") == "125%"
            larger = page.evaluate(measure)
            expect(1)
            page.keyboard.press("-")
            assert page.evaluate(measure) == pytest.approx(larger / 1.25, rel=0.01)
            # on a projector-sized window, the visit of z3[0] shows z3[0] and every weight it sends to
            page.set_viewport_size({"width": 1280, "height": 720})
            at_z3 = next(frame.index for frame in steps if frame.name == "z3[0]")
            page.keyboard.press("Home")
            for _ in range(at_z3):
                page.keyboard.press("ArrowRight")
            state = page.evaluate(READ_FRAME)
            assert state["node"] == "z3[0]" and state["focusWidth"] < 1200
            assert state["focusInView"] is True
        finally:
            browser.close()
    assert requests == [path.as_uri()]  # the page loaded nothing else: no network, no other files


def test_drawing_options_are_checked_when_the_frames_are_made() -> None:
    with pytest.raises(ValueError, match="rankdir must be one of"):
        step_through(small_expression()["L"], rankdir="diagonal")
    steps = step_through(lecture_network()["loss"], clusters=True, rankdir="TB")
    assert "cluster_layer1" in steps.draw(3).source and "rankdir=TB" in steps.draw(3).source


def test_captions_write_gradients_with_the_roots_name_and_constants_show_a_dash() -> None:
    nodes = lecture_network()
    steps = step_through(nodes["loss"])
    frame = next(f for f in steps if f.name == "z3[0]")
    assert frame.caption.startswith("At z3[0] (dot): dloss/dz3[0] = -0.2261.")
    assert "dL/" not in " ".join(steps.captions())
    assert frame.cell(nodes["x[0]"]) == ("2", "—")  # a constant: no gradient, said so


def test_the_edges_being_traversed_are_drawn_emphasised() -> None:
    nodes = small_expression()
    steps = step_through(nodes["L"])
    frame = next(f for f in steps if f.name == "e")
    edges = [line for line in steps.draw(frame.index).source.splitlines() if " -> " in line]
    labelled = [line for line in edges if "label=<" in line]
    assert len(labelled) == 2  # a -> (*) and b -> (*), the two edges e sends along
    for line in labelled:
        assert "fontsize=14" in line and "penwidth" in line
    assert all("fontsize=14" not in line for line in edges if "label=<" not in line)


def test_the_page_scrolls_to_the_visited_node_and_its_inputs(tmp_path: Path) -> None:
    require(renderer_available(), "a Graphviz renderer (dot or graphviz-pure)")
    nodes = small_expression()
    steps = step_through(nodes["L"])
    order = topological_order(nodes["L"])
    page = steps.html()
    frame = next(f for f in steps if f.name == "e")
    focus = re.search(rf'id="frame-{frame.index}"[^>]*data-focus="([^"]*)"', page)
    assert focus is not None
    expected = {str(order.index(nodes[name])) for name in ("e", "a", "b")} | {f"op{order.index(nodes['e'])}"}
    assert set(focus.group(1).split()) == expected
