"""Room reserved in a drawing, so that its texts can change while nothing moves.

Graphviz sizes every box from the text in it, so two drawings of one graph with
different numbers in it are laid out differently: a step-through whose frames were
drawn one by one would jump as you step. A ``Room`` says, before anything is drawn,
how wide each changing text can get over all the frames; ``draw_graph(room=...)``
then gives every record cell and every edge label in the room a fixed size. The
frames differ only in their text, colours and emphasis, the layout engine sees the
same boxes every time, and every node lands exactly where it was.

Widths are measured with the metrics of the drawings' font (``viz/render/fonts.py``),
the same ones both renderers and the browser use.

Read next: ``graph.py`` (where the room is used), ``viz/classroom/stepper.py`` (which
reserves it).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from autograd import Value
from viz.render.fonts import text_width

# The sizes (points) of the texts a room is reserved for.
RECORD_FONT_SIZE = 11  # the records' label, data and grad cells
EDGE_FONT_SIZE = 12  # an edge label in a step-through: larger than a record's text

# Around a cell's text: CELLPADDING 4 and CELLBORDER 1 on each side, and 2 points to
# spare for rounding inside the renderers.
CELL_MARGIN = 2 * (4 + 1) + 2
_EDGE_MARGIN = 4


def fitted(width: float, margin: float) -> int:
    """A whole number of points at least ``width + margin`` (Graphviz sizes cells in whole points)."""
    return math.ceil(width + margin)


@dataclass(frozen=True)
class Room:
    """The width (points, text only) reserved for each Value's data and grad cells and each labelled edge.

    ``cells[v]`` is (data width, grad width) of v's record; ``edges[(v, i)]`` the
    (width, lines) of the label on the edge from ``v.inputs[i]`` into v, whose texts
    may have several lines. Build one with ``Room.for_texts``.
    """

    cells: Mapping[Value, tuple[float, float]]
    edges: Mapping[tuple[Value, int], tuple[float, int]]

    @staticmethod
    def for_texts(
        cells: Mapping[Value, Iterable[tuple[str, str]]], edges: Mapping[tuple[Value, int], Iterable[str]]
    ) -> Room:
        """Room for every (data, grad) cell text each Value shows, and every label each edge shows.

        The texts are the cells' whole contents, e.g. ("data 0.5000", "grad ?").
        """
        widths = {}
        for node, texts in cells.items():
            pairs = list(texts)
            widths[node] = (
                max((text_width(data, RECORD_FONT_SIZE) for data, _ in pairs), default=0.0),
                max((text_width(grad, RECORD_FONT_SIZE) for _, grad in pairs), default=0.0),
            )
        labels = {}
        for edge, labels_shown in edges.items():
            lines = [label.split("\n") for label in labels_shown] or [[""]]
            widest = max(text_width(line, EDGE_FONT_SIZE) for label in lines for line in label)
            labels[edge] = (widest, max(len(label) for label in lines))
        return Room(widths, labels)

    def cell(self, text: str, width: float, bold: bool = False, columns: int = 1) -> str:
        """A table cell of fixed size holding ``text`` (already escaped) for text ``width`` wide.

        ``columns``: the cell spans that many columns (whose fitted widths add up to ``width``'s).
        """
        height = fitted(RECORD_FONT_SIZE * 1.2, CELL_MARGIN)
        content = f"<B>{text}</B>" if bold else text
        # COLOR: the cell's own border colour, so that the table's (drawn or transparent) does not apply
        size = f'FIXEDSIZE="TRUE" WIDTH="{fitted(width, CELL_MARGIN)}" HEIGHT="{height}"'
        span = f' COLSPAN="{columns}"' if columns > 1 else ""
        return f'<TD {size}{span} COLOR="black">{content}</TD>'

    def edge_label(self, edge: tuple[Value, int], text: str, colour: str) -> str:
        """An edge label of fixed size: ``text`` (escaped, lines joined by <BR/>; "" for none in this frame)."""
        widest, lines = self.edges[edge]
        width = fitted(widest, _EDGE_MARGIN)
        height = fitted(EDGE_FONT_SIZE * 1.2 * lines, _EDGE_MARGIN)
        font = f'<FONT POINT-SIZE="{EDGE_FONT_SIZE}" COLOR="{colour}">{text}</FONT>' if text else ""
        return (
            '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
            f'<TR><TD FIXEDSIZE="TRUE" WIDTH="{width}" HEIGHT="{height}">{font}</TD></TR></TABLE>'
        )
