"""How the teaching tools name nodes and print numbers.

Every teaching tool (backprop table, chain-rule paths, stepping, exercises, the SGD
update) talks about nodes by name. A node's name is

    its label              when no other node in the graph has the same label;
    "label (2nd)"          when several nodes share the label: the first, second, ...
                           of them in topological order (a batch run through one
                           model has a "z1[0]" per sample: "z1[0] (2nd)" is the
                           second sample's);
    its value, e.g. "-1"   when it is an unlabelled constant (the -1 of a negation,
                           the 2 of ``2 * x``): a number is its own best name;
    "#i"                   when it has no label otherwise,

where ``i`` is the node's position in ``autograd.topological_order(root)``, the same
number ``viz.draw_graph`` uses as the node's id. So every node has exactly one name,
and every name but a constant's value points at exactly one node (several
constants may hold the same number; ``find`` also takes the "#i" form of any node).
``nn`` labels every node it makes, so its graphs never show a "#i". With ``notation="deck"`` the nodes nn made
are named as the lecture decks write them instead of by their label (``w₁₁^[1]`` for
``W1[0,0]``; ``viz/notation.py`` decides every such name), and ``find`` accepts both the
deck's name, typed as a student would ("w_11^[1]", "w_{11}^{[1]}"), and the label.

Numbers are written by ``autograd.formatting.format_number``, the one formatter
of the project (``precision`` is significant digits everywhere). The tools never
run ``backward()`` and never write a ``.grad``: the gradients they show come from
``autograd.backward_steps``, the engine's own sweep written down as data.

Read next: ``table.py`` (the backprop table), the first tool built on these names.
"""

from __future__ import annotations

import difflib
from collections import Counter

from autograd import Value, topological_order
from autograd.formatting import format_number
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
        seen: Counter[str] = Counter()
        for i, node in enumerate(self.order):
            name = shown[node]
            if name in self.shared_labels:
                seen[name] += 1
                self._names[node] = f"{name} ({_ordinal(seen[name])})"
            elif name:
                self._names[node] = name
            elif not node.inputs and not node.requires_grad:
                self._names[node] = format_number(node.data)
            else:
                self._names[node] = f"#{i}"
        self._by_name: dict[str, Value] = {f"#{i}": node for i, node in enumerate(self.order)}
        name_counts = Counter(self._names.values())
        self._by_name.update((name, node) for node, name in self._names.items() if name_counts[name] == 1)
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
                f"use one of the names {options} (first, second, ... in the order the graph was computed)"
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


def _ordinal(k: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, ..., 21st, ..."""
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"
