"""How the teaching tools name nodes and print numbers.

Every teaching tool (backprop table, chain-rule paths, stepping, exercises, the SGD
update) talks about nodes by name. A node's name is

    its label              when no other node in the graph has the same label;
    "label#i"              when several nodes share the label;
    "#i"                   when it has no label,

where ``i`` is the node's position in ``autograd.topological_order(root)``, the same
number ``viz.draw_graph`` uses as the node's id. So every node has exactly one name,
and every name points at exactly one node. With ``notation="deck"`` the nodes nn made
are named as the lecture decks write them instead of by their label (``w₁₁^[1]`` for
``W1[0,0]``; ``viz/notation.py`` decides every such name), and ``find`` accepts both the
deck's name, typed as a student would ("w_11^[1]", "w_{11}^{[1]}"), and the label.

This file also holds the one number formatter the tools share. The tools never
run ``backward()`` and never write a ``.grad``: the gradients they show come from
``autograd.backward_steps``, the engine's own sweep written down as data.

Read next: ``table.py`` (the backprop table), the first tool built on these names.
"""

from __future__ import annotations

import difflib
import math
from collections import Counter

from autograd import Value, topological_order
from viz.notation import check_notation, node_name, typed


class NodeNames:
    """The names of every node of the graph under ``root`` (see the module docstring)."""

    def __init__(self, root: Value, notation: str = "chalkgrad") -> None:
        if not isinstance(root, Value):
            raise TypeError(f"expected a Value (the output of a computation), got {type(root).__name__} {root!r}")
        self.root = root
        self.notation = check_notation(notation)
        self.order: list[Value] = topological_order(root)
        self.position: dict[Value, int] = {node: i for i, node in enumerate(self.order)}
        shown = {node: node_name(node, self.notation) for node in self.order}
        counts = Counter(name for name in shown.values() if name)
        self.shared_labels: set[str] = {name for name, count in counts.items() if count > 1}
        self._names: dict[Value, str] = {}
        for i, node in enumerate(self.order):
            if not shown[node]:
                self._names[node] = f"#{i}"
            elif shown[node] in self.shared_labels:
                self._names[node] = f"{shown[node]}#{i}"
            else:
                self._names[node] = shown[node]
        self._by_name: dict[str, Value] = {name: node for node, name in self._names.items()}
        # Also found: a name typed without subscripts or braces, and (in the deck's notation)
        # a node's own label, so an answer written either way reaches the same node.
        self._by_typed: dict[str, Value] = {typed(name): node for node, name in self._names.items()}
        if self.notation != "chalkgrad":
            label_counts = Counter(node.label for node in self.order if node.label)
            for node in self.order:
                if node.label and label_counts[node.label] == 1:
                    self._by_typed.setdefault(typed(node.label), node)

    def __call__(self, node: Value) -> str:
        """The name of ``node``; a node outside the graph is a ValueError."""
        try:
            return self._names[node]
        except KeyError:
            raise ValueError(f"{node!r} is not part of the graph of {self.root!r}") from None

    def __contains__(self, node: object) -> bool:
        return node in self._names

    def find(self, name: str) -> Value:
        """The node called ``name``, or a ValueError that says what to write instead."""
        if name in self._by_name:
            return self._by_name[name]
        squeezed = "".join(name.split())  # spaces typed around or inside a label: " W1[0, 0]"
        if squeezed in self._by_name:
            return self._by_name[squeezed]
        if typed(name) in self._by_typed:  # "w_11^[1]" for w₁₁^[1]
            return self._by_typed[typed(name)]
        if name in self.shared_labels:
            options = ", ".join(
                repr(self._names[node]) for node in self.order if node_name(node, self.notation) == name
            )
            raise ValueError(
                f"the label {name!r} belongs to several nodes of this graph, so it is ambiguous; "
                f"use one of the names {options} (the number is the node's position in the drawing's order)"
            )
        labelled = [self._names[node] for node in self.order if node.label]
        close = difflib.get_close_matches(name, labelled, n=3, cutoff=0.6)
        if not close and squeezed:  # "z3" for "z3[0]"
            close = [label for label in labelled if label.startswith(squeezed)][:3]
        if close:
            known = "did you mean " + " or ".join(repr(c) for c in close) + "?"
        elif len(labelled) <= 12:
            known = "the labelled nodes are: " + (", ".join(repr(c) for c in labelled) or "(none)")
        else:
            known = f"the graph has {len(labelled)} labelled nodes, e.g. " + ", ".join(repr(c) for c in labelled[:6])
        raise ValueError(
            f"there is no node called {name!r} in this graph; {known} "
            "(an unlabelled node is called '#i', with i its position in topological order)"
        )


def fmt(x: float, precision: int = 4) -> str:
    """``x`` with ``precision`` significant digits, without a distracting "-0"."""
    if math.isnan(x) or math.isinf(x):
        return str(x)
    text = f"{x:.{precision}g}"
    return "0" if text in ("-0", "0") else text


def check_precision(precision: object) -> int:
    """Significant digits must be a whole number from 1 to 17."""
    if isinstance(precision, bool) or not isinstance(precision, int) or not 1 <= precision <= 17:
        raise ValueError(
            f"precision is the number of significant digits, a whole number from 1 to 17; got {precision!r}"
        )
    return precision
