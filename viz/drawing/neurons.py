"""Which Values of a graph belong to which neuron, read from the roles that ``nn`` gives them.

``nn`` sets the ``role`` of every Value it makes (``nn.naming.Role``): a neuron's
weights are kind "W", its bias "b", its weighted sum "z" and its output "a", each
with the neuron's layer and unit. Those four kinds make up neuron (l, j);
``draw_graph`` uses the grouping to draw a labelled box per neuron and per layer
(``clusters=True``) or one node per neuron (``collapse=True``). The roles are data:
a Value the user relabels stays in its neuron.

Read next: ``graph.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograd import Value
from nn.naming import Role
from viz.notation import unit_title

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
        """How drawings name the neuron in chalkgrad's labels: "layer 2 · unit 1" (see ``viz.notation``)."""
        return unit_title(self.layer, self.unit)

    def of_kind(self, kind: str) -> list[Value]:
        return [node for node in self.members if isinstance(node.role, Role) and node.role.kind == kind]

    @property
    def activation(self) -> str:
        """The op of the neuron's output node ("sigmoid", "tanh", ...), "linear" without one."""
        outputs = self.of_kind("a")
        return outputs[-1].op or "linear" if outputs else "linear"


def group_neurons(order: list[Value]) -> dict[tuple[int, int], NeuronGroup]:
    """The neurons found in ``order`` by the roles nn gave their Values, sorted by layer, then unit."""
    groups: dict[tuple[int, int], NeuronGroup] = {}
    for node in order:
        role = node.role
        if not isinstance(role, Role) or role.kind not in NEURON_KINDS or role.unit is None:
            continue
        key = (role.layer, role.unit)
        if key not in groups:
            groups[key] = NeuronGroup(role.layer, role.unit)
        groups[key].members.append(node)
    return {key: groups[key] for key in sorted(groups)}
