"""Reverse-mode differentiation: order the graph, then apply the chain rule once per edge.

For an output L and a node v that feeds the nodes u1, u2, ...:

    dL/dv = sum over every u that uses v of  dL/du * du/dv

``du/dv`` is the local derivative that u stored when it was computed, and
``dL/du`` is known once every node that uses u has been visited. Visiting the
nodes in reverse topological order (outputs first) guarantees exactly that, so a
single loop suffices:

    for node in reversed(order):
        for input, local in zip(node.inputs, node.local_grads):
            input.grad += local * node.grad

Read next: ``functions.py`` (n-ary operations), then ``numerical.py`` (how the
gradients computed here are checked against central differences).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from autograd.value import Value


def topological_order(root: Value, only_requiring_grad: bool = False) -> list[Value]:
    """Every node that ``root`` depends on, each after all of its inputs; ``root`` is last.

    Depth-first search with an explicit stack (no recursion, so a chain of a
    million nodes is fine). Inputs are visited in their recorded order, so the
    same graph always gives the same order. With ``only_requiring_grad=True``
    the search does not enter constants (``requires_grad=False``): ``backward``
    has nothing to do there.
    """
    order: list[Value] = []
    visited: set[Value] = set()
    # Two parallel stacks: a node, and whether its inputs are already done. A node is
    # first expanded (its inputs are pushed) and joins the order when it comes off the
    # stack the second time. (Parallel lists rather than a stack of (node, flag) pairs:
    # a pair per step is an allocation the garbage collector would have to track.)
    nodes: list[Value] = [root]
    inputs_done: list[bool] = [False]
    while nodes:
        node = nodes.pop()
        if inputs_done.pop():
            order.append(node)
            continue
        if node in visited:
            continue
        visited.add(node)
        nodes.append(node)
        inputs_done.append(True)
        for child in reversed(node.inputs):  # reversed: the first input is popped first
            if child not in visited and (child.requires_grad or not only_requiring_grad):
                nodes.append(child)
                inputs_done.append(False)
    return order


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
    When a leaf's gradient ends up non-finite, a RuntimeWarning says so.
    """
    if not root.requires_grad:
        raise ValueError(
            f"backward() was called on {root!r}, which does not depend on anything that "
            "requires a gradient (it was built from constants only, or inside no_grad())"
        )
    order = topological_order(root, only_requiring_grad=True)
    leaves = []
    for node in order:
        if node.inputs:
            node.grad = 0.0
        else:
            leaves.append(node)
    root.grad += grad
    for node in reversed(order):
        upstream = node.grad
        if upstream == 0.0:
            continue  # nothing to pass on (and 0 * inf would make a spurious nan)
        for child, local in zip(node.inputs, node.local_grads):
            if child.requires_grad:
                child.grad += local * upstream
    _warn_if_not_finite(leaves)


def _warn_if_not_finite(leaves: list[Value]) -> None:
    bad = [leaf for leaf in leaves if not math.isfinite(leaf.grad)]
    if bad:
        names = ", ".join(leaf.label or repr(leaf.data) for leaf in bad[:5])
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        warnings.warn(
            f"backward() produced a non-finite gradient (nan or inf) for {names}{more}. "
            "Look for a nan or inf in the forward pass, or an infinite local derivative "
            "such as sqrt at 0.",
            RuntimeWarning,
            stacklevel=3,
        )


def zero_grad(root: Value) -> None:
    """Set ``.grad = 0.0`` on ``root`` and every node it depends on."""
    for node in topological_order(root):
        node.grad = 0.0


@overload
def grad(output: Value, inputs: Value) -> float: ...
@overload
def grad(output: Value, inputs: Sequence[Value]) -> list[float]: ...
def grad(output: Value, inputs: Value | Sequence[Value]) -> float | list[float]:
    """d(output)/d(input) for the given inputs, without touching any ``.grad``.

    The functional form (compare ``torch.autograd.grad``): the same chain-rule
    sweep as ``backward``, with the running gradients kept in a dictionary.
    ``requires_grad`` is ignored here, so derivatives with respect to constants
    (a network's inputs, say) can be asked for too. An input that ``output`` does
    not depend on gets 0.0. Give one Value to get a float, a sequence to get a list.
    """
    from autograd.value import Value

    single = isinstance(inputs, Value)
    wanted: list[Value] = [inputs] if isinstance(inputs, Value) else list(inputs)
    for position, value in enumerate(wanted):
        if not isinstance(value, Value):
            raise TypeError(f"grad() needs Values as inputs; item {position} is {type(value).__name__}")
    running: dict[Value, float] = {output: 1.0}
    for node in reversed(topological_order(output)):
        upstream = running.get(node, 0.0)
        if upstream == 0.0:
            continue
        for child, local in zip(node.inputs, node.local_grads):
            running[child] = running.get(child, 0.0) + local * upstream
    result = [running.get(value, 0.0) for value in wanted]
    return result[0] if single else result
