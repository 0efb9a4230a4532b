"""One step of gradient descent, drawn on the graph: every parameter's w, grad, lr and w_new.

Backward gives each parameter w its gradient dL/dw (read here from the engine's
record, ``autograd.backward_steps``, so no ``.grad`` is touched). Plain
(stochastic) gradient descent moves every parameter a small step against it:

    w_new = w − lr · dL/dw

``sgd_update(loss, lr=0.1)`` computes that step for every parameter of the graph
(its leaves that require a gradient, or the ``params`` you pass), shows it as a
table and on the graph (each parameter's box reads "w − lr×(grad) = w_new"), and
changes nothing until you call ``.apply()``; then the parameters hold w_new and a
new forward pass shows the effect (for the lecture network: a lower loss).

Read next: ``stepper.py`` for the backward pass that produced the gradients.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from numbers import Real
from typing import Any, Union

from autograd import BackwardRecord, Value, backward_steps
from autograd.formatting import check_precision, format_number
from viz.classroom.names import NodeNames
from viz.drawing.graph import check_drawable, draw_graph
from viz.drawing.text import page_text


@dataclass(frozen=True)
class UpdateRow:
    """One parameter's step."""

    name: str
    w: float
    grad: float
    lr: float
    w_new: float


class SGDUpdate:
    """The step for each parameter, as a table and on the graph; ``apply()`` performs it."""

    def __init__(
        self, root: Value, params: list[Value], lr: float, names: NodeNames, precision: int, record: BackwardRecord
    ) -> None:
        self.root = root
        self.params = params
        self.lr = lr
        self.names = names
        self.precision = precision
        self.record = record
        grads = [record.gradient(p) for p in params]
        self.rows = [UpdateRow(names(p), p.data, g, lr, p.data - lr * g) for p, g in zip(params, grads)]
        self.applied = False

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, name: str) -> UpdateRow:
        for row in self.rows:
            if row.name == name:
                return row
        raise ValueError(f"{name!r} is not one of the parameters updated here: {', '.join(r.name for r in self.rows)}")

    def apply(self) -> SGDUpdate:
        """Write w_new into every parameter's ``data`` (once). Gradients are left as they are."""
        if self.applied:
            raise ValueError("this update was already applied; run forward and backward again for the next step")
        for param, row in zip(self.params, self.rows):
            param.data = row.w_new
        self.applied = True
        return self

    # -- text ---------------------------------------------------------------------------

    def _cells(self, row: UpdateRow) -> tuple[str, ...]:
        p = self.precision
        return (
            row.name,
            format_number(row.w, p),
            format_number(row.grad, p),
            format_number(row.lr, p),
            format_number(row.w_new, p),
        )

    HEADER = ("parameter", "w", "grad dL/dw", "lr", "w_new = w − lr·grad")

    def __str__(self) -> str:
        table = [self.HEADER, *(self._cells(row) for row in self.rows)]
        widths = [max(len(line[i]) for line in table) for i in range(len(self.HEADER))]
        lines = [
            "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))).rstrip()
            for line in table
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        status = "applied" if self.applied else "not applied yet: call .apply()"
        return f"one SGD step with lr = {format_number(self.lr, self.precision)} ({status})\n" + "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [{"parameter": r.name, "w": r.w, "grad": r.grad, "lr": r.lr, "w_new": r.w_new} for r in self.rows]

    def to_markdown(self) -> str:
        lines = ["| " + " | ".join(self.HEADER) + " |", "|:--|---:|---:|---:|---:|"]
        lines += ["| " + " | ".join(self._cells(row)) + " |" for row in self.rows]
        return "\n".join(lines)

    # -- the drawing ----------------------------------------------------------------------

    def cell_text(self, node: Value) -> tuple[str, str]:
        """A parameter's box shows its step; every other node its data and grad."""
        p = self.precision
        for param, row in zip(self.params, self.rows):
            if param is node:
                w, lr, grad, w_new = (format_number(x, p) for x in (row.w, row.lr, row.grad, row.w_new))
                step = f"{w} − {lr}×({grad}) = {w_new}"
                return (step, format_number(row.grad, p))
        return (
            format_number(node.data, p),
            format_number(self.record.gradient(node), p) if node.requires_grad else "—",
        )

    def draw(self, **options: Any) -> Any:
        """The graph with each parameter's update in its box, parameters highlighted."""
        options.setdefault(
            "title", f"one SGD step: w_new = w − lr · dL/dw with lr = {format_number(self.lr, self.precision)}"
        )
        options.setdefault("notation", self.names.notation)
        return draw_graph(self.root, cell_text=self.cell_text, highlight=self.params, show_grad=True, **options)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        bundle = dict(self.draw()._repr_mimebundle_(include, exclude))
        bundle["text/plain"] = str(self)
        return bundle

    def _repr_html_(self) -> str:
        return "<pre>" + page_text(str(self)) + "</pre>"


ParameterSource = Union[Iterable[Value], Any]  # a list of Values, or anything with .parameters() (an nn.Module)


def sgd_update(
    root: Value, lr: float = 0.1, params: ParameterSource = None, precision: int = 4, notation: str = "chalkgrad"
) -> SGDUpdate:
    """One gradient-descent step for the parameters of ``root``'s graph: w_new = w − lr · grad.

    ``params``: the Values to update (a list, or a model with ``.parameters()``);
    by default every leaf of the graph that requires a gradient, in topological
    order. The gradients are the engine's, from ``autograd.backward_steps(root)``:
    the same numbers ``root.backward()`` gives, with no ``.grad`` changed.
    Nothing changes until ``.apply()``. ``notation="deck"`` names the nodes nn made as the lecture decks do (w₁₁^[1] for
    W1[0,0]; see ``viz.notation``).
    """
    names = NodeNames(root, notation)
    check_drawable(root)  # the update is shown on the graph: a graph too large to draw is refused first
    if isinstance(lr, bool) or not isinstance(lr, Real) or not math.isfinite(float(lr)) or float(lr) <= 0:
        raise ValueError(f"lr (the learning rate) must be a positive number such as 0.1, got {lr!r}")
    check_precision(precision)
    if params is None:
        chosen = [node for node in names.order if not node.inputs and node.requires_grad]
    else:
        source = params.parameters() if hasattr(params, "parameters") else params
        chosen = list(source)
        for position, param in enumerate(chosen):
            if not isinstance(param, Value):
                raise TypeError(f"params must be Values; item {position} is {type(param).__name__} {param!r}")
            if param not in names:
                raise ValueError(f"parameter {param!r} is not part of the graph of {names(root)}: it gets no gradient")
    if not chosen:
        raise ValueError(f"the graph of {names(root)} has no parameters (leaves that require a gradient) to update")
    return SGDUpdate(root, chosen, float(lr), names, precision, backward_steps(root))
