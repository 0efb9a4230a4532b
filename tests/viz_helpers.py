"""Helpers shared by the viz tests: the renderers present on this machine, and reading SVG back."""

from __future__ import annotations

import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from viz.render.renderer import _CANDIDATES, Renderer

SVG = "{http://www.w3.org/2000/svg}"
RENDERER_NAMES = [name for name, _ in _CANDIDATES]


def locate(name: str) -> Renderer | None:
    """The renderer program ``name`` on the PATH or next to this interpreter, or None."""
    formats = dict(_CANDIDATES)[name]
    path = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    return Renderer(path, name, formats) if path else None


def svg_nodes(svg: str) -> dict[str, ET.Element]:
    """The ``<g class="node">`` groups of an SVG drawing, by their title (the DOT node id)."""
    root = ET.fromstring(svg)
    nodes = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "node":
            title = group.find(f"{SVG}title")
            assert title is not None and title.text is not None
            nodes[title.text] = group
    return nodes


def svg_edges(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [group for group in root.iter(f"{SVG}g") if group.get("class") == "edge"]


def texts(element: ET.Element) -> list[str]:
    """Every text drawn inside ``element``, in document order."""
    return [("".join(text.itertext())) for text in element.iter(f"{SVG}text")]


def centre_x(element: ET.Element) -> float:
    """The mean x of the texts drawn in ``element`` (where the node sits horizontally)."""
    xs = [float(text.get("x", "nan")) for text in element.iter(f"{SVG}text")]
    assert xs, "the node has no text"
    return sum(xs) / len(xs)


def centre_y(element: ET.Element) -> float:
    ys = [float(text.get("y", "nan")) for text in element.iter(f"{SVG}text")]
    assert ys, "the node has no text"
    return sum(ys) / len(ys)
