"""Where Graphviz put each node, in the pixels of a PNG picture of the same drawing.

``node_boxes(drawing, png, dpi)`` lays the drawing out once more as JSON (the
same layout: Graphviz is deterministic) and maps each node's box from Graphviz's
points (y upwards, from the bounding box's corner) to the picture's pixels (y
downwards, past the margin the renderer adds around the bounding box). An
animation uses it to show the part of a large drawing a step is about.

Read next: ``animation.py``.
"""

from __future__ import annotations

import json
import struct
from typing import Any

from viz.render.renderer import render

Box = tuple[float, float, float, float]  # left, top, right, bottom in pixels


def png_size(picture: bytes) -> tuple[int, int]:
    """(width, height) of a PNG, read from its header."""
    if picture[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG picture")
    width, height = struct.unpack(">II", picture[16:24])
    return int(width), int(height)


def node_boxes(graph: Any, picture: bytes, dpi: float) -> dict[str, Box]:
    """Each node's box in ``picture`` (``graph`` rendered as PNG at ``dpi``), by the node's DOT id."""
    layout = json.loads(render(graph, "json"))
    left, bottom, right, top = (float(v) for v in str(layout["bb"]).split(","))
    pixels_per_point = dpi / 72
    width, height = png_size(picture)
    # The renderer adds the same margin on every side of the bounding box ("pad").
    pad_x = (width / pixels_per_point - (right - left)) / 2
    pad_y = (height / pixels_per_point - (top - bottom)) / 2
    boxes = {}
    for item in layout.get("objects", []):
        if "pos" not in item:  # a cluster, not a node
            continue
        x, y = (float(v) for v in str(item["pos"]).split(","))
        half_width, half_height = 36 * float(item["width"]), 36 * float(item["height"])  # inches -> points, halved
        boxes[str(item["name"])] = (
            (x - half_width - left + pad_x) * pixels_per_point,
            (top - (y + half_height) + pad_y) * pixels_per_point,
            (x + half_width - left + pad_x) * pixels_per_point,
            (top - (y - half_height) + pad_y) * pixels_per_point,
        )
    return boxes
