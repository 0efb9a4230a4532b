"""Reverse-mode differentiation: order the graph, then apply the chain rule once per edge.

Backpropagation in four sentences. Every node v of the graph recorded, when it was
computed, the local derivative dv/du for each of its inputs u. The gradient of the
output L with respect to a node u is the sum, over every node v that uses u, of

    dL/du  +=  dL/dv  ·  dv/du          (upstream gradient times local derivative)

A node's upstream gradient dL/dv is complete once every node that uses v has sent
its share, and visiting the nodes in reverse topological order (L first, each node
after all of its users) guarantees exactly that. So one loop does it all:

    dL/dL = 1
    for v in reversed(topological order):
        for u, local in zip(v.inputs, v.local_grads):
            dL/du += local * dL/dv

``_chain_rule`` below is that loop, the only one in chalkgrad. Three functions run it:

    backward(root)        on the graph itself: fills in every node's ``.grad`` (it sorts
                          the graph with ``backward_order``, the search of
                          ``topological_order`` keeping only the nodes with inputs)
    grad(output, inputs)  on a scratch copy: returns the numbers, changes no ``.grad``
    backward_steps(root)  on a scratch copy, writing down every step: the sweep as data
                          (what each node received and what it sent to each input),
                          which the classroom tools in ``viz.classroom`` show

Read next: ``functions.py`` (n-ary operations), then ``numerical.py`` (how the
gradients computed here are checked against central differences).
"""

from __future__ import annotations

import math
import threading
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol, overload

if TYPE_CHECKING:  # for the annotations only: value.py imports this module, not the other way round
    from autograd.value import Value


class _Node(Protocol):
    """What the chain-rule loop needs of a node: a Value, or a ``_Tally`` standing in for one."""

    grad: float

    @property
    def _inputs(self) -> tuple[_Node, ...] | _Node: ...  # a Value's one input is kept as itself (value.py)
    @property
    def local_grads(self) -> Sequence[float]: ...
    @property
    def requires_grad(self) -> bool: ...


# A record entry: (the node, the input, what the node added to the input's gradient).
_Sent = tuple[_Node, _Node, float, float]


def topological_order(root: Value, only_requiring_grad: bool = False) -> list[Value]:
    """Every node that ``root`` depends on, each after all of its inputs; ``root`` is last.

    Depth-first search with an explicit stack (no recursion, so a chain of a
    million nodes is fine). Inputs are visited in their recorded order, so the
    same graph always gives the same order. With ``only_requiring_grad=True``
    the search does not enter constants (``requires_grad=False``): ``backward``
    has nothing to do there.
    """
    order: list[Value] = []
    _depth_first(root, only_requiring_grad, order, order)
    return order


def _depth_first(root: Value, only_requiring_grad: bool, order: list[Value], leaves: list[Value]) -> None:
    """The search of ``topological_order``: nodes with inputs go to ``order``, inputs first, leaves to ``leaves``.

    With ``leaves is order`` this is the topological order itself, every leaf in
    its place, once. ``backward`` passes a list of its own for the leaves: it
    needs only the nodes with inputs in order (a leaf passes nothing on), so a
    leaf may be listed more than once, and a wide node with only leaves below
    has them listed in one go (see ``_WIDE``). The nodes with inputs come out in
    the same order either way (``tests/autograd/test_backward_order.py``).
    """
    seen: set[Value] = {root}  # placed, skipped, or being expanded
    leaves_apart = leaves is not order
    # The node being expanded and k, the position of its next input to look at; above
    # it, the nodes it was reached from, each with the k to resume at. (Two parallel
    # lists rather than a list of (node, k) pairs: a pair per step would be an
    # allocation for the garbage collector, and a chain of a million nodes keeps a
    # million of them alive.)
    node, k = root, 0
    above: list[Value] = []
    resume: list[int] = []
    while True:
        inputs = node._inputs
        if not isinstance(inputs, tuple):  # a one-input node keeps its input as itself (value.py)
            inputs = (inputs,)
        while k < len(inputs):
            child = inputs[k]
            k += 1
            if child in seen:
                continue
            seen.add(child)
            if only_requiring_grad and not child.requires_grad:
                continue
            grandchildren = child._inputs
            if not grandchildren:  # a leaf
                leaves.append(child)
                continue
            if not isinstance(grandchildren, tuple):
                if grandchildren in seen:  # its one input is placed (in a DAG a seen input is finished)
                    order.append(child)
                    continue
                grandchildren = (grandchildren,)
            elif seen.issuperset(grandchildren):  # every input placed: the child joins the order at once
                order.append(child)
                continue
            elif leaves_apart and len(grandchildren) > _WIDE and not any([c._inputs for c in grandchildren]):
                # Only leaves below, many of them (a digits neuron: 64 weights, 64 inputs,
                # a bias): listed all at once rather than one by one (see _WIDE).
                leaves.extend(grandchildren)
                order.append(child)
                continue
            above.append(node)  # go down into the child first; come back to input k later
            resume.append(k)
            node, k, inputs = child, 0, grandchildren
        order.append(node)  # every input of the node is placed: so is the node
        if not above:
            return
        node, k = above.pop(), resume.pop()


# Above this many inputs a node is checked for having only leaves below, and if it has,
# they are listed at once: sorting a digits step (a first layer of 16 neurons with 129
# inputs each) takes 70 µs instead of 150 µs. Narrow nodes (a + b, a * b) are common and
# usually have a node among their inputs, so there the check would mostly fail: checking
# every node made sorting the demo step's graph 25% slower (both measured, 3.11).
_WIDE = 12


def _chain_rule(order: Sequence[_Node], record: list[_Sent] | None = None) -> None:
    """The chain rule, once per edge: ``input.grad += local * node.grad``, outputs first.

    ``order`` lists nodes inputs-first (a topological order); each node's ``.grad``
    already holds its starting value (the seed for the root). When a node is
    visited its ``.grad`` is complete, because every node that uses it came
    earlier. Constants (``requires_grad=False``) receive nothing. With ``record``,
    every addition is also written down as (node, input, amount added, the
    input's gradient after it).
    """
    for node in reversed(order):
        upstream = node.grad
        if upstream == 0.0:
            continue  # nothing to pass on (and 0 * inf would make a spurious nan)
        inputs = node._inputs
        if isinstance(inputs, tuple):
            for child, local in zip(inputs, node.local_grads):
                if child.requires_grad:
                    sent = local * upstream
                    child.grad += sent
                    if record is not None:
                        record.append((node, child, sent, child.grad))
        elif inputs.requires_grad:
            # The same step for a one-input node, which keeps its input as itself (value.py):
            # written out, without the loop, it makes this loop 15% faster on the demo
            # step's graph, where nearly half the nodes are relus (measured, 3.11).
            sent = node.local_grads[0] * upstream
            inputs.grad += sent
            if record is not None:
                record.append((node, inputs, sent, inputs.grad))


def _check_root(root: Value, what: str) -> None:
    if not root.requires_grad:
        raise ValueError(
            f"{what} was called on {root!r}, which does not depend on anything that "
            "requires a gradient (it was built from constants only, or inside no_grad())"
        )


def backward(root: Value, grad: float = 1.0) -> None:
    """Add d(root)/d(node) * ``grad`` to ``node.grad`` for every node ``root`` depends on.

    Gradient accumulation follows PyTorch: leaves (Values with no inputs, such as
    parameters) keep what they had and *add* this call's gradient, so calling
    ``backward()`` twice doubles their ``.grad``; reset them with ``zero_grad``.
    Intermediate nodes start from zero on every call and end up holding this
    call's gradient only (otherwise their old gradients would flow into the
    leaves a second time).

    Constants (``requires_grad=False``) are skipped: their ``.grad`` stays 0.0.

    Non-finite numbers follow IEEE arithmetic: a nan or inf anywhere in the
    forward pass usually makes the gradients that flow through it nan or inf.
    When the output or a leaf's gradient is not finite (an overflow, or a nan
    given as input), a RuntimeWarning says so.
    """
    _check_root(root, "backward()")
    interior, leaves = backward_order(root)
    backward_in_order(interior, leaves, root, grad)


def backward_order(root: Value) -> tuple[list[Value], list[Value]]:
    """What ``backward(root)`` visits: the nodes with inputs that need a gradient, in
    topological order (exactly those of ``topological_order(root, only_requiring_grad=True)``,
    in the same order), and the leaves below them, whose gradients are checked for
    being finite afterwards (in no particular order; some perhaps more than once, and
    constants among them).
    """
    if not root._inputs:  # a leaf: it only receives the seed
        return [], [root]
    interior: list[Value] = []
    leaves: list[Value] = []
    _depth_first(root, True, interior, leaves)
    return interior, leaves


def backward_in_order(interior: Sequence[Value], leaves: Sequence[Value], root: Value, grad: float = 1.0) -> None:
    """``backward(root, grad)`` with ``backward_order(root)`` already known (``replay.py`` keeps it)."""
    with _WRITING_GRADS:
        for node in interior:
            node.grad = 0.0
        root.grad += grad
        _chain_rule(interior)  # leaves have nothing to pass on: the loop need not visit them
    _warn_if_not_finite(root, leaves)


# backward() and zero_grad() write .grad fields, and two graphs may share nodes (the
# parameters of one model, say). Two threads writing the same fields at once would
# interleave their zeroing and adding and give wrong gradients without any error, so
# these writers take turns: the result is that of running the calls one after the other.
# grad() and backward_steps() write only their own scratch copies and need no turn.
_WRITING_GRADS = threading.Lock()


def _warn_if_not_finite(root: Value, leaves: Sequence[Value]) -> None:
    """One RuntimeWarning when the output or a leaf's gradient is nan or inf (IEEE overflow policy)."""
    problems = []
    if not math.isfinite(root.data):
        problems.append(
            f"backward() started from an output that is not finite: the output {root.label or 'value'} "
            f"is {root.data!r}: some operation overflowed (a result above about 1.8e308 becomes inf) "
            "or received a nan"
        )
    # First one sum: it is finite when every gradient is (a nan or inf term makes it nan
    # or inf), which is nearly always; only when it is not is each leaf looked at.
    finite = math.isfinite(sum([leaf.grad for leaf in leaves]))
    bad = [] if finite else list(dict.fromkeys(leaf for leaf in leaves if not math.isfinite(leaf.grad)))
    if bad:
        names = ", ".join(leaf.label or repr(leaf.data) for leaf in bad[:5])
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        problems.append(
            f"backward() produced a non-finite gradient (nan or inf) for {names}{more}: look for a nan "
            "or inf in the forward pass, or an infinite local derivative such as sqrt at 0"
        )
    if problems:
        warnings.warn("; ".join(problems) + ".", RuntimeWarning, stacklevel=4)


def zero_grad(root: Value) -> None:
    """Set ``.grad = 0.0`` on ``root`` and every node it depends on."""
    with _WRITING_GRADS:
        for node in topological_order(root):
            node.grad = 0.0


# -- the functional forms: the same loop on a scratch copy of the graph ----------------


class _Tally:
    """A stand-in for one Value during a sweep that must not touch the Value's ``.grad``.

    It has the Value's edges and local derivatives but a running gradient of its own.
    """

    __slots__ = ("value", "grad", "_inputs", "local_grads", "requires_grad")

    def __init__(self, value: Value, inputs: tuple[_Tally, ...], requires_grad: bool) -> None:
        self.value = value
        self.grad = 0.0
        self._inputs = inputs  # always a tuple
        self.local_grads = value.local_grads
        self.requires_grad = requires_grad


def _scratch_copy(order: list[Value], every_node_takes_a_gradient: bool) -> dict[Value, _Tally]:
    """A tally for every node in ``order`` and for each input they name, in the same order."""
    tallies: dict[Value, _Tally] = {}
    for node in order:
        for child in node.inputs:
            if child not in tallies:  # a constant the order left out: a tally that receives nothing
                tallies[child] = _Tally(child, (), every_node_takes_a_gradient or child.requires_grad)
        inputs = tuple(tallies[child] for child in node.inputs)
        tallies[node] = _Tally(node, inputs, every_node_takes_a_gradient or node.requires_grad)
    return tallies


@overload
def grad(output: Value, inputs: Value) -> float: ...
@overload
def grad(output: Value, inputs: Sequence[Value]) -> list[float]: ...
def grad(output: Value, inputs: Value | Sequence[Value]) -> float | list[float]:
    """d(output)/d(input) for the given inputs, without touching any ``.grad``.

    The functional form (compare ``torch.autograd.grad``): the same chain-rule
    loop as ``backward``, run on a scratch copy of the graph. ``requires_grad`` is
    ignored here, so derivatives with respect to constants (a network's inputs,
    say) can be asked for too. An input that ``output`` does not depend on gets
    0.0. Give one Value to get a float, a sequence to get a list.
    """
    single = _is_node(inputs)
    wanted = [inputs] if single else list(inputs)  # type: ignore[arg-type]
    for position, value in enumerate(wanted):
        if not _is_node(value):
            raise TypeError(f"grad() needs Values as inputs; item {position} is {type(value).__name__}")
    if not _is_node(output):
        raise TypeError(f"grad() differentiates a Value, got {type(output).__name__} {output!r}")
    order = topological_order(output)
    tallies = _scratch_copy(order, every_node_takes_a_gradient=True)
    tallies[output].grad = 1.0
    _chain_rule([tallies[node] for node in order])
    result = [tallies[value].grad if value in tallies else 0.0 for value in wanted]
    return result[0] if single else result


def _is_node(value: object) -> bool:
    # Duck-typed so that this module needs no runtime import of value.py (which imports it).
    return hasattr(value, "local_grads") and hasattr(value, "inputs")


# -- the record: the sweep as data -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Send:
    """What a node passed down one of its input edges.

    input  the input Value
    local  d(node)/d(input), the local derivative recorded by the forward pass
    sent   upstream · local, the amount added to the input's gradient; 0.0 when the
           node's upstream gradient is 0 (it has nothing to pass on); None when the
           input is a constant (``requires_grad=False``), which takes no gradient
    so_far the input's gradient just after this send: the running sum of what its
           users have sent it so far (None for a constant)
    """

    input: Value
    local: float
    sent: float | None
    so_far: float | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """One visit of the backward sweep: a node, its complete upstream gradient, what it sent.

    node      the Value visited
    upstream  d(root)/d(node) (times the seed), complete at this visit; for a leaf
              this is the gradient that ``backward()`` adds to its ``.grad``
    sends     one ``Send`` per input, in the order of ``node.inputs`` (empty for a leaf)
    """

    node: Value
    upstream: float
    sends: tuple[Send, ...]


@dataclass(frozen=True, slots=True)
class BackwardRecord:
    """The backward sweep of ``root`` written down, one ``Step`` per node visited.

    Iterate over it (or index it) for the steps in the engine's order: the root
    first, then reverse topological order. ``gradient(node)`` is d(root)/d(node)
    times the seed for every node of the graph.
    """

    root: Value
    seed: float
    steps: tuple[Step, ...]
    gradients: Mapping[Value, float]

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __getitem__(self, index: int) -> Step:
        return self.steps[index]

    def gradient(self, node: Value) -> float:
        """d(root)/d(node) · seed: what ``backward()`` sends ``node`` (0.0 for a constant)."""
        return self.gradients.get(node, 0.0)


def backward_steps(root: Value, seed: float = 1.0) -> BackwardRecord:
    """The backward pass of ``root`` as data, without touching any ``.grad``.

    The same loop as ``backward(root, seed)``, visiting the same nodes in the same
    order (those that need a gradient: the root first, then reverse topological
    order). Each ``Step`` says what the node received, d(root)/d(node), complete
    by the time it is visited, and for each input the local derivative and the
    contribution sent, upstream · local. A node's upstream is the sum of the
    contributions its users sent it; a leaf's upstream is exactly what
    ``backward()`` adds to its ``.grad`` (after ``zero_grad``, equal to it).

    Example::

        a = Value(2.0, label="a"); b = Value(-3.0, label="b")
        L = a * b
        for step in backward_steps(L):
            print(step.node.label, step.upstream, [send.sent for send in step.sends])
        # "" 1.0 [-3.0, 2.0]   then   b 2.0 []   then   a -3.0 []
    """
    if not _is_node(root):
        raise TypeError(f"backward_steps() needs a Value (the output of a computation), got {type(root).__name__}")
    _check_root(root, "backward_steps()")
    order = topological_order(root, only_requiring_grad=True)
    tallies = _scratch_copy(order, every_node_takes_a_gradient=False)
    tallies[root].grad = float(seed)
    record: list[_Sent] = []
    _chain_rule([tallies[node] for node in order], record)

    sent_by: dict[_Node, list[tuple[_Node, float, float]]] = {}
    for node, child, amount, after in record:
        sent_by.setdefault(node, []).append((child, amount, after))
    so_far: dict[_Node, float] = {}  # each input's latest running sum, for the sends that added nothing
    steps = []
    for node in reversed(order):
        tally = tallies[node]
        entries = sent_by.get(tally, [])
        sends = []
        k = 0  # the loop's entries for this node come in the order of its inputs
        for child, local in zip(tally._inputs, tally.local_grads):
            if k < len(entries) and entries[k][0] is child:
                so_far[child] = entries[k][2]
                sends.append(Send(child.value, local, entries[k][1], entries[k][2]))
                k += 1
            elif child.requires_grad:  # the loop added nothing: this node had nothing to pass on
                sends.append(Send(child.value, local, 0.0, so_far.get(child, 0.0)))
            else:  # a constant takes no gradient
                sends.append(Send(child.value, local, None))
        steps.append(Step(node, tally.grad, tuple(sends)))
    gradients = MappingProxyType({node: tallies[node].grad for node in order})
    return BackwardRecord(root, float(seed), tuple(steps), gradients)
