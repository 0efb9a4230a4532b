"""Which Values of a graph belong to which neuron, read from the labels that ``nn`` gives them.

``nn`` labels a neuron's weights "W{l}[{j},{i}]", its bias "b{l}[{j}]", its weighted
sum "z{l}[{j}]" and its output "a{l}[{j}]" (``nn.naming``). Those four kinds make up
neuron (l, j); ``draw_graph`` uses the grouping to draw a labelled box per neuron
and per layer (``clusters=True``) or one node per neuron (``collapse=True``).

Read next: ``graph.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograd import Value

NEURON_KINDS = ("W", "b", "z", "a")


@dataclass
class NeuronGroup:
    """The Values of neuron ``unit`` in layer ``layer`` (1-based layer, 0-based unit)."""

    layer: int
    unit: int
    members: list[Value] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, int]:
        return (self.layer, self.unit)

    @property
    def node_id(self) -> str:
        """The DOT id of the neuron when it is collapsed into one node."""
        return f"neuron{self.layer}_{self.unit}"

    @property
    def title(self) -> str:
        """How drawings name the neuron: "layer 2 · unit 1" (never "2.1", which reads like a number)."""
        return f"layer {self.layer} · unit {self.unit}"

    def of_kind(self, kind: str) -> list[Value]:
        from nn.naming import parse_label

        found = []
        for node in self.members:
            info = parse_label(node.label)
            if info is not None and info.kind == kind:
                found.append(node)
        return found

    @property
    def activation(self) -> str:
        """The op of the neuron's output node ("sigmoid", "tanh", ...), "linear" without one."""
        outputs = self.of_kind("a")
        return outputs[-1].op or "linear" if outputs else "linear"


def group_neurons(order: list[Value]) -> dict[tuple[int, int], NeuronGroup]:
    """The neurons found in ``order`` by their nn labels, sorted by layer, then unit."""
    from nn.naming import parse_label

    groups: dict[tuple[int, int], NeuronGroup] = {}
    for node in order:
        if not node.label:
            continue
        info = parse_label(node.label)
        if info is None or info.kind not in NEURON_KINDS or info.unit is None:
            continue
        key = (info.layer, info.unit)
        if key not in groups:
            groups[key] = NeuronGroup(info.layer, info.unit)
        groups[key].members.append(node)
    return {key: groups[key] for key in sorted(groups)}
