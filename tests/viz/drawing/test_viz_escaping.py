"""Any label text renders as written and can never break or inject into the DOT source."""

from __future__ import annotations

import re

import pytest
from conftest import require
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from viz_helpers import RENDERER_NAMES, locate, svg_edges, svg_nodes, texts

import viz
from autograd import Value
from viz.drawing.text import html_text, shown_text
from viz.render.renderer import render

NASTY = [
    'say "hi"',
    "a|b{c}<d>",
    "]",
    "]] [x]",
    "back\\slash \\n \\l \\N",
    "two\nlines",
    "];\n x -> y [label=<evil>] // ",
    "&amp; &lt; &#60; &",
    "<B>bold?</B>",
    "tab\there\r\nend",
    "ünïcødé Σ ∂L/∂w 𝔁 中文",
    "\x00\x07\x1b",
    "\u2028\u2029",
    "",
    "   ",
]


# Characters that mean something to DOT, HTML-like labels, records or Graphviz's escapes.
SPECIAL = st.sampled_from(list('<>&"]|{}[\\\n\r\t ;=-NGETHLl#0x\x00é'))


def normalise(line: str) -> str:
    """Renderers squeeze runs of spaces and trim line ends; compare text, not whitespace."""
    return " ".join(line.replace("\xa0", " ").split())


def label_is_sealed(escaped: str) -> bool:
    """No character left that could end the HTML label or start markup of its own."""
    body = escaped.replace("<BR/>", "").replace("\\\\", "")
    assert "\\" not in body  # every backslash is doubled
    body = re.sub(r"&(amp|lt|gt|quot|#93);", "", body)
    return not any(char in body for char in '<>&"')


@given(st.text())
@example("a\nb")
@example("]>\n}")
def test_escaped_text_is_sealed(text: str) -> None:
    assert label_is_sealed(html_text(text))


@pytest.mark.parametrize("text", NASTY)
def test_nasty_labels_stay_inside_their_node(text: str) -> None:
    a = Value(1.0, label=text)
    source = viz.draw_graph(a * 2.0, title=text).source
    assert source.count(" -> ") == 3  # a -> op, 2 -> op, op -> result: nothing injected
    assert "evil" not in source.replace(html_text(text), "")


def render_label(text: str, renderer_name: str) -> list[str]:
    renderer = locate(renderer_name)
    require(renderer is not None, f"the Graphviz renderer `{renderer_name}`")
    assert renderer is not None
    a = Value(1.0, label=text)
    drawing = viz.draw_graph(a * 2.0, edge_text=lambda node, i: text if i == 0 else None)
    svg = render(drawing, "svg", renderer=renderer).decode("utf-8")
    nodes = svg_nodes(svg)
    assert set(nodes) == {"0", "1", "2", "op2"}  # still exactly the nodes of a * 2
    assert len(svg_edges(svg)) == 3
    drawn = texts(nodes["0"])
    assert drawn[-1] == "data 1"
    edge_texts = [line for edge in svg_edges(svg) for line in texts(edge)]
    assert [normalise(t) for t in edge_texts if normalise(t)] == [normalise(t) for t in drawn[:-1] if normalise(t)]
    return drawn[:-1]


@pytest.mark.parametrize("renderer_name", RENDERER_NAMES)
@pytest.mark.parametrize("text", NASTY)
def test_nasty_labels_render_as_written(renderer_name: str, text: str) -> None:
    drawn = render_label(text, renderer_name)
    assert [normalise(t) for t in drawn if normalise(t)] == [normalise(t) for t in shown_text(text) if normalise(t)]


@pytest.mark.slow
@pytest.mark.parametrize("renderer_name", RENDERER_NAMES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=40), st.text(alphabet=SPECIAL, max_size=12)))
def test_arbitrary_labels_render_as_written(renderer_name: str, text: str) -> None:
    drawn = render_label(text, renderer_name)
    assert [normalise(t) for t in drawn if normalise(t)] == [normalise(t) for t in shown_text(text) if normalise(t)]


def test_control_characters_are_shown_visibly() -> None:
    assert html_text("a\x00b") == "a\\\\x00b"
    assert html_text("x\u2028y") == "x\\\\u2028y"
    assert html_text("<&>") == "&lt;&amp;&gt;"
    assert html_text("a\\N") == "a\\\\N"
    assert html_text("one\r\ntwo\rthree") == "one<BR/>two<BR/>three"
