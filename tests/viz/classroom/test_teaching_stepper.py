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

from autograd import Value, backward_steps, topological_order
from autograd.formatting import format_number as fmt
from viz import find_renderer
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
    record = backward_steps(nodes["L"])
    # the visits that send something; a leaf's visit adds nothing and is merged away
    sending = [step.node for step in record if any(send.sent is not None for send in step.sends)]
    assert len(steps) == 1 + len(sending) + 1
    assert [frame.node for frame in steps[1:-1]] == sending
    assert steps[0].node is None and "Backward starts at L" in steps[0].caption
    assert steps[-1].node is None and steps[-1].caption.startswith("Backward is done")
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
    assert "Now complete: a, b." in at_e.caption  # the leaves a and b have no frame of their own
    last = steps[-1]
    for name, node in nodes.items():
        assert last.cell(node)[1] == fmt(node.grad), name


def test_lecture_network_backward_frame_at_z3() -> None:
    nodes = lecture_network()
    steps = step_through(nodes["loss"])
    frame = next(f for f in steps if f.name == "z3[0]")
    assert frame.edge(nodes["z3[0]"], 0) == "-0.2261 × 0.6165 = -0.1394"
    assert frame.edge(nodes["z3[0]"], 6) == "-0.2261 × 1 = -0.2261"
    assert frame.edge_on_drawing(nodes["z3[0]"], 0) == "-0.2261 × 0.6165\n= -0.1394"  # drawn on two lines
    assert frame.cell(nodes["W3[0,0]"])[1] == "-0.1394"
    assert frame.cell(nodes["W1[0,0]"])[1] == "?"
    assert frame.cell(nodes["x[0]"])[1] == "—"  # a constant has no gradient


def test_forward_frames_fill_in_values_in_topological_order() -> None:
    nodes = lecture_network()
    steps = step_through(nodes["loss"], direction="forward")
    computed = [n for n in topological_order(nodes["loss"]) if n.inputs]
    assert [f.node for f in steps[1:-1]] == computed
    assert steps[-1].caption.startswith("The forward pass is done") and "loss = 0.2563" in steps[-1].caption
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
    with pytest.raises(IndexError, match="there are 7 frames"):
        step_through(small_expression()["L"]).draw(7)


# -- drawings -------------------------------------------------------------------------


def test_each_frame_draws_the_current_node_highlighted_with_its_edge_labels() -> None:
    nodes = small_expression()
    steps = step_through(nodes["L"])
    frame = next(f for f in steps if f.name == "e")
    source = steps.draw(frame.index).source
    position = topological_order(nodes["L"]).index(nodes["e"])
    record = next(line for line in source.splitlines() if line.strip().startswith(f"{position} [label="))
    assert 'BORDER="3"' in record and "grad -2" in record
    assert "-2 × -3<BR/>= 6" in source and "-2 × 2<BR/>= -4" in source


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
    assert caption.value.startswith("<b>0 / 6</b>") and "<svg" in picture.value
    following.click()
    following.click()
    assert slider.value == 2 and caption.value.startswith("<b>2 / 6</b>")
    # scaled down to the cell's width, never scrolled; every frame the same size
    assert 'style="max-width: 100%; height: auto"' in picture.value
    previous.click()
    assert slider.value == 1 and "At L (*)" in caption.value
    assert play.max == slider.max == 6


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

READ_FRAME = """() => {
  const frame = document.querySelector('.frame:not([hidden])');
  const stage = document.getElementById('stage').getBoundingClientRect();
  const highlighted = [], grads = {}, positions = {};
  for (const g of frame.querySelectorAll('g.node')) {
    const id = g.querySelector('title').textContent;
    // where the node's text sits in the drawing's own coordinates (points), frame after frame
    const first = g.querySelector('text');
    positions[id] = first ? [first.getAttribute('x'), first.getAttribute('y')] : null;
    if ([...g.querySelectorAll('polygon')].some(p => p.getAttribute('stroke') === '#dc2626')) highlighted.push(id);
    for (const t of g.querySelectorAll('text')) {
      if (t.textContent.startsWith('grad ')) grads[id] = t.textContent.slice(5);
    }
  }
  // the nodes this step is about (visited node, its operation, its inputs), and their text size on screen
  const focus = (frame.dataset.focus || '').split(' ').filter(Boolean);
  let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity, smallestText = Infinity;
  let nodeInView = null;
  // CSS pixels per unit of the drawing: a text's size on screen is its font-size times this
  const picture = frame.querySelector('svg');
  const scale = picture.getBoundingClientRect().width / picture.viewBox.baseVal.width;
  for (const g of frame.querySelectorAll('g.node')) {
    const id = g.querySelector('title').textContent;
    if (!focus.includes(id)) continue;
    const box = g.getBoundingClientRect();
    left = Math.min(left, box.left); right = Math.max(right, box.right);
    top = Math.min(top, box.top); bottom = Math.max(bottom, box.bottom);
    if (id === focus[0]) nodeInView = box.left >= stage.left && box.right <= stage.right
                                     && box.top >= stage.top && box.bottom <= stage.bottom;
    for (const t of g.querySelectorAll('text')) {
      if (t.textContent.trim()) smallestText = Math.min(smallestText, parseFloat(t.getAttribute('font-size')) * scale);
    }
  }
  // along each direction in which the step's nodes fit on the stage, they are all on it
  const acrossOk = right - left > stage.width || (left >= stage.left && right <= stage.right);
  const downOk = bottom - top > stage.height || (top >= stage.top && bottom <= stage.bottom);
  const focusInView = acrossOk && downOk;
  const svg = frame.querySelector('svg').getBoundingClientRect();
  const visible = document.querySelectorAll('.frame:not([hidden])').length;
  return {index: frame.dataset.index, node: frame.dataset.node, highlighted, grads, positions, visible,
          nodeInView, focusInView, smallestText, svgWidth: svg.width, svgHeight: svg.height,
          stageWidth: stage.width, stageHeight: stage.height, view: document.body.dataset.view,
          counter: document.getElementById('counter').textContent,
          caption: document.getElementById('caption').textContent};
}"""


def renderer_program(name: str) -> str | None:
    """Graphviz's dot, or the pip-installed graphviz-pure (on the PATH or next to this Python)."""
    return shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))


@pytest.mark.slow
@pytest.mark.parametrize("renderer", ["dot", "graphviz-pure"])
def test_saved_page_steps_in_headless_chromium(tmp_path: Path, renderer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lecture network's backward pass on a 1280x720 projector: one layout, the focus on screen, 14 px text."""
    program = renderer_program(renderer)
    require(program is not None, f"the {renderer} renderer")
    assert program is not None
    monkeypatch.setenv("CHALKGRAD_DOT", program)  # draw the frames with this renderer
    from browser import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    nodes = lecture_network()
    loss = nodes["loss"]
    steps = step_through(loss)
    path = steps.save_html(tmp_path / "backward.html")
    loss.backward()  # the student's own pass: the page must show the very same numbers
    order = topological_order(loss)
    record = backward_steps(loss)
    requests: list[str] = []

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.on("request", lambda request: requests.append(request.url))
            page.goto(path.as_uri())
            first = page.evaluate(READ_FRAME)
            assert first["counter"] == f"0 / {len(steps) - 1}" and first["visible"] == 1
            assert first["highlighted"] == [] and first["nodeInView"] is True  # frame 0 is about the loss

            def expect(index: int) -> dict[str, Any]:
                state: dict[str, Any] = page.evaluate(READ_FRAME)
                frame = steps[index]
                assert state["index"] == str(index) and state["visible"] == 1
                assert state["counter"] == f"{index} / {len(steps) - 1}"
                assert state["caption"] == frame.caption
                # one layout: every node exactly where it was in the first frame, the drawing the same size
                assert state["positions"] == first["positions"], index
                assert (state["svgWidth"], state["svgHeight"]) == (first["svgWidth"], first["svgHeight"])
                # every gradient shown is the engine's (complete) or "?" / a partial sum
                for node_id, text in state["grads"].items():
                    node = order[int(node_id)]
                    if not node.requires_grad:
                        assert text == "—"
                    elif text != "?" and not text.endswith("…"):
                        assert text == fmt(record.gradient(node)), (index, node.label)
                if frame.node is not None:
                    # the highlighted record is the node the engine visits, on screen, its text >= 14 px
                    assert state["highlighted"] == [str(order.index(frame.node))]
                    assert state["node"] == frame.name
                    assert state["nodeInView"] is True, (index, frame.name)
                    assert state["focusInView"] is True, (index, frame.name)  # ... and its inputs, as far as they fit
                    assert state["smallestText"] >= 14 - 0.01, (index, state["smallestText"])  # 1/64 px layout units
                return state

            for index in range(1, 6):  # the next button, five times
                page.click("#next")
                expect(index)
            for index in range(6, len(steps)):  # the right arrow key to the end
                page.keyboard.press("ArrowRight")
                expect(index)
            final = expect(len(steps) - 1)
            assert final["highlighted"] == [] and steps[-1].caption.startswith("Backward is done")
            for name in ("W1[0,0]", "W2[1,1]", "b3[0]", "z3[0]"):
                assert final["grads"][str(order.index(nodes[name]))] == fmt(record.gradient(nodes[name]))
            page.keyboard.press("ArrowRight")  # past the end: stays on the last frame
            expect(len(steps) - 1)
            page.keyboard.press("Home")
            expect(0)
            page.keyboard.press("ArrowLeft")  # before the start: stays on the first frame
            expect(0)
            at_z3 = next(frame.index for frame in steps if frame.name == "z3[0]")
            for _ in range(at_z3):
                page.keyboard.press("ArrowRight")
            assert expect(at_z3)["node"] == "z3[0]"
            # the overview: the whole drawing inside the stage, still the same layout
            page.keyboard.press("o")
            overview = page.evaluate(READ_FRAME)
            assert overview["view"] == "overview" and overview["positions"] == first["positions"]
            assert overview["svgWidth"] <= overview["stageWidth"] + 1
            assert overview["svgHeight"] <= overview["stageHeight"] + 1
            page.keyboard.press("o")  # back to the presenter view, following the focus again
            assert expect(at_z3)["view"] == "presenter"
            page.keyboard.press("+")
            larger = page.evaluate(READ_FRAME)
            assert larger["svgWidth"] == pytest.approx(first["svgWidth"] * 1.25, rel=0.01)
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
    in_use = [line for line in edges if "<FONT" in line]  # every reserved label is there, only these have text
    assert len(in_use) == 2  # a -> (*) and b -> (*), the two edges e sends along
    for line in in_use:
        assert "penwidth" in line and 'POINT-SIZE="12"' in line
    assert all("penwidth" not in line for line in edges if "<FONT" not in line)


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


def test_every_frame_has_the_same_layout() -> None:
    """Room is reserved for every text any frame shows: the renderer places every box the same in each frame."""
    require(renderer_available(), "a Graphviz renderer (dot or graphviz-pure)")
    from viz_helpers import SVG, svg_nodes

    def layout(svg: str) -> dict[str, tuple[str, ...]]:
        """Each node's outline: the points of its polygons, the centre of its ellipse."""
        outlines = {}
        for node_id, group in svg_nodes(svg).items():
            shapes = [*group.iter(f"{SVG}polygon"), *group.iter(f"{SVG}ellipse")]
            outlines[node_id] = tuple(shape.get("points") or f"{shape.get('cx')},{shape.get('cy')}" for shape in shapes)
        return outlines

    for direction, options in (("backward", {}), ("forward", {}), ("backward", {"layout": "slide"})):
        steps = step_through(lecture_network()["loss"], direction=direction, **options)
        first = layout(steps.svg(0))
        for index in range(1, len(steps)):
            assert layout(steps.svg(index)) == first, (direction, options, index)
