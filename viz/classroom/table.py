"""The backprop table: the chain-rule sweep written out row by row, as on paper.

``backprop_table(root)`` gives one row per node, in the order ``backward()`` visits
them (the root first, then reverse topological order). A row says:

    node, op, data       what the node is and the value the forward pass gave it
    local derivatives    d(node)/d(input) for each input, recorded by the forward pass
    upstream             dL/d(node): what the node received from the nodes that use it
    sends                upstream * local for each input: the chain rule, once per edge
    grad                 the node's gradient once the sweep is done: what one
                         ``backward()`` call gives it (its upstream, complete)

Every number is the engine's: the rows are ``autograd.backward_steps(root)``, the
very loop that ``backward()`` runs, written down step by step. The table reads that
record and nothing else: it never runs ``backward()`` and never changes a ``.grad``,
so it shows the same numbers before and after the student's own backward pass.

Shows as an HTML table in Jupyter, as aligned text with ``print``, and exports with
``to_markdown()`` and ``to_dicts()``.

Read next: ``chain_rule.py`` (the same numbers, path by path).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from autograd import Value, backward_steps
from autograd.formatting import check_precision, format_number
from viz.classroom.names import NodeNames
from viz.drawing.text import page_text


@dataclass(frozen=True)
class BackpropRow:
    """One node's line of the table (numbers unrounded; rounding happens on display)."""

    step: int
    node: str
    op: str
    data: float
    inputs: tuple[str, ...]
    local_grads: tuple[float, ...]
    upstream: float
    sends: tuple[float | None, ...]  # None where the input is a constant: backward sends it nothing
    grad: float


class BackpropTable:
    """The rows of a backprop table and its text, HTML and Markdown forms."""

    def __init__(
        self, rows: list[BackpropRow], precision: int = 4, root: str = "L", names: NodeNames | None = None
    ) -> None:
        self.rows = rows
        self.names = names  # the graph's names, so that row() finds a node however it is written
        self.precision = check_precision(precision)
        self.root = root  # the root's name: gradients are d(root)/d(node)
        upstream = f"upstream d{root}/d(node)"
        self.header = ("step", "node", "op", "data", "local d(node)/d(input)", upstream, "sends to inputs", "grad")

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> BackpropRow:
        return self.rows[index]

    def row(self, name: str) -> BackpropRow:
        """The row of the node called ``name`` (in the deck's notation also "w_11^[1]" or its label)."""
        if self.names is not None and name not in (row.node for row in self.rows):
            with contextlib.suppress(ValueError):  # an unknown name is said below, with the table's nodes
                name = self.names(self.names.find(name))
        for row in self.rows:
            if row.node == name:
                return row
        raise ValueError(f"the table has no row for {name!r}; its nodes are: {', '.join(r.node for r in self.rows)}")

    # -- the cells as text ------------------------------------------------------------

    NUMERIC = (0, 3, 5, 7)  # the columns holding one number each: aligned right

    def _cells(self, row: BackpropRow, sep: str = "; ") -> tuple[str, ...]:
        p = self.precision
        locals_text = sep.join(f"d/d{name} = {format_number(g, p)}" for name, g in zip(row.inputs, row.local_grads))
        sends_text = sep.join(
            f"{name} ← {format_number(s, p) if s is not None else '(constant)'}"
            for name, s in zip(row.inputs, row.sends)
        )
        return (
            str(row.step),
            row.node,
            row.op or "leaf",
            format_number(row.data, p),
            locals_text or "—",
            format_number(row.upstream, p),
            sends_text or "—",
            format_number(row.grad, p),
        )

    def __str__(self) -> str:
        """Aligned text; a node with several inputs takes one line per input, as on paper."""
        lines: list[tuple[str, ...]] = [self.header]
        for row in self.rows:
            columns = [cell.split("\n") for cell in self._cells(row, sep="\n")]
            for k in range(max(len(column) for column in columns)):
                lines.append(tuple(column[k] if k < len(column) else "" for column in columns))
        widths = [max(len(line[i]) for line in lines) for i in range(len(self.header))]
        numeric = set(self.NUMERIC)

        def text(cells: tuple[str, ...]) -> str:
            parts = [c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
            return "  ".join(parts).rstrip()

        rule = "  ".join("-" * w for w in widths)
        return "\n".join([text(lines[0]), rule, *(text(cells) for cells in lines[1:])])

    def __repr__(self) -> str:
        return f"<BackpropTable with {len(self.rows)} rows>\n{self}"

    def to_markdown(self) -> str:
        """A GitHub-flavoured Markdown table, for lecture notes."""

        def escape(text: str) -> str:
            return text.replace("|", "\\|")

        alignment = ["---:", ":--", ":--", "---:", ":--", "---:", ":--", "---:"]  # numbers right, words left
        lines = ["| " + " | ".join(self.header) + " |", "|" + "|".join(alignment) + "|"]
        lines += ["| " + " | ".join(escape(c) for c in self._cells(row)) + " |" for row in self.rows]
        return "\n".join(lines)

    def to_dicts(self) -> list[dict[str, Any]]:
        """The rows as plain dictionaries of unrounded numbers (for pandas, JSON, tests)."""
        return [
            {
                "step": row.step,
                "node": row.node,
                "op": row.op,
                "data": row.data,
                "inputs": list(row.inputs),
                "local_grads": list(row.local_grads),
                "upstream": row.upstream,
                "sends": list(row.sends),
                "grad": row.grad,
            }
            for row in self.rows
        ]

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{page_text(h)}</th>" for h in self.header)
        body = []
        for row in self.rows:
            cells = [page_text(c).replace("\n", "<br>") for c in self._cells(row, sep="\n")]  # an input per line
            body.append(
                "<tr>"
                + "".join(
                    f'<td style="text-align: {"right" if i in self.NUMERIC else "left"}; vertical-align: top">{c}</td>'
                    for i, c in enumerate(cells)
                )
                + "</tr>"
            )
        return (
            '<table class="chalkgrad-backprop-table" style="font-family: monospace">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )


def backprop_table(root: Value, precision: int = 4, notation: str = "chalkgrad") -> BackpropTable:
    """The backward pass of ``root`` as a table, one row per node in the order backward visits them.

    The rows are ``autograd.backward_steps(root)``, the engine's own sweep written
    down: the table works before or after your ``root.backward()`` and changes no
    ``.grad``. ``precision`` is the number of significant digits shown (the rows
    keep the full floats). ``notation="deck"`` names the nodes nn made as the lecture decks do (w₁₁^[1] for
    W1[0,0]; see ``viz.notation``); ``row(name)`` then takes either name.

    Example::

        a = Value(2.0, label="a"); b = Value(-3.0, label="b")
        L = a * b; L.label = "L"
        print(backprop_table(L))
    """
    names = NodeNames(root, notation)
    check_precision(precision)
    rows = [
        BackpropRow(
            step=number,
            node=names(step.node),
            op=step.node.op,
            data=step.node.data,
            inputs=tuple(names(send.input) for send in step.sends),
            local_grads=tuple(send.local for send in step.sends),
            upstream=step.upstream,
            sends=tuple(send.sent for send in step.sends),
            grad=step.upstream,
        )
        for number, step in enumerate(backward_steps(root), start=1)
    ]
    return BackpropTable(rows, precision, root=names(root), names=names)
