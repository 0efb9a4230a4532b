"""``draw_graph(layout="slide")``: a network's computation graph shaped for a 16:9 slide.

The default layout puts each record's cells side by side and gives every operation a
node of its own: right for a few nodes, but a whole lecture network comes out as a
long, wide staircase. The slide layout

- stacks each record (its name on top, then data, then grad), about a third as wide;
- writes the operation into the name row ("a1[0] · sigmoid") instead of a node of its own;
- keeps the structure nn knows (the ``role`` of each Value, ``nn.naming.Role``) in
  columns: the network's inputs and the first layer's parameters, then each layer's
  weighted sums, its activations, the next layer's parameters, ..., the loss last;
- orders each column as the lectures index it, top to bottom: units 0, 1, 2, ...,
  and within a unit its weights W[j,0], W[j,1], ..., then its bias b[j].

Only the arrangement changes: every Value, number and edge of the default drawing
is there. A graph without nn's roles (a plain expression) gets the stacked records
and folded operations, and Graphviz's own order.

Read next: ``graph.py``, which calls these helpers.
"""

from __future__ import annotations

from collections.abc import Callable

from autograd import Value
from nn.naming import Role

LAYOUTS = ("wide", "slide")


def _role(node: Value) -> Role | None:
    return node.role if isinstance(node.role, Role) else None


def stacked_rows(name: str, cells: list[str], leaf: bool) -> str:
    """The rows of a stacked record: the (escaped, maybe bold) name, then its cells.

    An operation's result has one cell per row. A leaf (a parameter, an input) has
    its cells side by side under its name: a layer's parameters share one column,
    the tallest of the drawing, and two rows instead of three keep it low.
    """
    span = f' COLSPAN="{len(cells)}"' if leaf and len(cells) > 1 else ""
    rows = [f"<TR><TD{span}>{name}</TD></TR>"] if name else []
    if leaf:
        rows.append("<TR>" + "".join(f"<TD>{cell}</TD>" for cell in cells) + "</TR>")
    else:
        rows += [f"<TR><TD>{cell}</TD></TR>" for cell in cells]
    return "".join(rows)


def needs_a_column_between(tail: Value, head: Value) -> bool:
    """Does the edge tail -> head run from one layer's output into the next layer?

    Such an edge is drawn two columns long, so that the next layer's parameters get a
    column of their own instead of sharing one with the activations they multiply.
    """
    start, end = _role(tail), _role(head)
    return (
        start is not None
        and end is not None
        and start.kind in ("a", "z", "x")
        and end.kind == "z"
        and end.layer == start.layer + 1
    )


def column_statements(order: list[Value], node_id: Callable[[Value], str]) -> list[str]:
    """DOT statements that put each layer's Values of one kind in one column, in index order.

    ``{rank=same; A -> B -> C [style=invis]}`` puts A, B and C in one column and,
    with rankdir=LR, A above B above C; the invisible edges only order, they are
    never drawn.
    """
    columns: dict[tuple[int, str], list[tuple[tuple[int, int, int], Value]]] = {}
    for node in order:
        role = _role(node)
        if role is None:
            continue
        if role.kind == "x":  # the network's inputs head the first layer's parameters
            key, place = (1, "parameters"), (-1, role.input or 0, 0)
        elif role.kind in ("W", "b"):
            # unit by unit; in a unit the weights by input, then the bias
            key, place = (role.layer, "parameters"), (role.unit or 0, 0 if role.kind == "W" else 1, role.input or 0)
        else:
            key, place = (role.layer, role.kind), (role.unit or 0, 0, 0)
        columns.setdefault(key, []).append((place, node))
    out = []
    for key in sorted(columns):
        ids = [node_id(node) for _, node in sorted(columns[key], key=lambda item: item[0])]
        chain = " -> ".join(ids) + " [style=invis]" if len(ids) > 1 else ids[0]
        out.append(f"\t{{rank=same; {chain}}}\n")
    return out
