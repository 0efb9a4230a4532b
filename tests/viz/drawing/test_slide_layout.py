"""draw_graph(layout="slide"): the lectures' networks fit a 16:9 slide, in the order the lectures index them.

Rendered with each renderer and read back from the SVG: the drawing's proportions
and the size its text would have on a 1280x720 projector, where each layer's nodes
lie (left to right) and in which order a column lists its units and parameters
(top to bottom). That the text fits its boxes is measured in Chromium with the
other drawings (``test_text_fits.py``).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import require
from viz_helpers import RENDERER_NAMES, centre_x, centre_y, locate, svg_nodes

import nn
from autograd import Value, topological_order
from viz import draw_graph, render_svg
from viz.cli.demo import BIASES, WEIGHTS, X, Y

# The lectures' networks: the 1-2-3-1 of the demo, a 2-3-2 and the 2-2-1 of XOR.
NETWORKS = {
    "1-2-3-1": lambda: nn.bce(nn.MLP.from_weights(WEIGHTS, BIASES, "sigmoid")(X), Y),
    "2-3-2": lambda: nn.mse(nn.MLP(2, [3, 2], "sigmoid")([0.5, -1.0]), [1.0, 0.0]),
    "2-2-1": lambda: nn.mse([nn.MLP(2, [2, 1], "sigmoid")([1.0, 0.0])[0]], [1.0]),
}

SLIDE = (1280, 720)  # CSS pixels of a 16:9 projector
SMALLEST_TEXT_PX = 10  # the records' 11-point text, scaled to fit the slide, is at least this


def slide_svg(renderer: str, network: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Value]:
    program = locate(renderer)
    require(program is not None, f"the {renderer} renderer")
    assert program is not None
    monkeypatch.setenv("CHALKGRAD_DOT", program.path)
    loss = NETWORKS[network]()
    loss.backward()  # as on the lecture's slide: every record shows data and grad
    return render_svg(draw_graph(loss, layout="slide")), loss


@pytest.mark.parametrize("renderer", RENDERER_NAMES)
@pytest.mark.parametrize("network", list(NETWORKS))
def test_a_lecture_network_fits_a_16_9_slide_at_a_readable_size(
    renderer: str, network: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    svg, _ = slide_svg(renderer, network, monkeypatch)
    width, height = (float(v) for v in re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())  # type: ignore[union-attr]
    assert 1.5 <= width / height <= 2.1, (width, height)  # 16:9 is 1.78
    scale = min(SLIDE[0] / (width * 4 / 3), SLIDE[1] / (height * 4 / 3), 1.0)
    assert 11 * 4 / 3 * scale >= SMALLEST_TEXT_PX, (width, height, scale)


@pytest.mark.parametrize("renderer", RENDERER_NAMES)
@pytest.mark.parametrize("network", list(NETWORKS))
def test_layers_run_left_to_right_and_columns_top_to_bottom_in_index_order(
    renderer: str, network: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    svg, loss = slide_svg(renderer, network, monkeypatch)
    nodes = svg_nodes(svg)
    where: dict[Any, tuple[float, float]] = {}
    for i, node in enumerate(topological_order(loss)):
        if isinstance(node.role, nn.naming.Role):
            where[node.role] = (centre_x(nodes[str(i)]), centre_y(nodes[str(i)]))
    layers = sorted({role.layer for role in where if role.kind != "x"})
    for layer in layers:
        # every Value of layer l lies left of every Value of layer l + 1 (its parameters included)
        if layer + 1 in layers:
            right_edge = max(x for role, (x, _) in where.items() if role.layer == layer and role.kind != "x")
            next_left = min(x for role, (x, _) in where.items() if role.layer == layer + 1)
            assert right_edge < next_left, (layer, right_edge, next_left)
        # SVG y grows downwards: a column lists units 0, 1, ... and, per unit, W[j,0], W[j,1], ..., b[j]
        for kind in ("z", "a"):
            ys = [
                where[role][1]
                for role in sorted(where, key=lambda r: r.unit or 0)
                if (role.kind, role.layer) == (kind, layer)
            ]
            assert ys == sorted(ys), (kind, layer)
        parameters = sorted(
            (role for role in where if role.layer == layer and role.kind in ("W", "b")),
            key=lambda role: (role.unit, role.kind == "b", role.input or 0),
        )
        ys = [where[role][1] for role in parameters]
        assert ys == sorted(ys), [role.label for role in parameters]
