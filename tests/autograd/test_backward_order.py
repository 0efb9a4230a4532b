"""backward()'s own sort against topological_order, on generated graphs with wide nodes.

``backward_order`` is the search of ``topological_order`` tuned for backward: it
keeps the leaves apart and lists a wide node's leaves in one go. It must visit
the nodes with inputs in exactly the order ``topological_order`` gives them, or
``backward()`` and ``backward_steps()`` would add the same numbers in another
order and stop agreeing to the last bit.
"""

from __future__ import annotations

import importlib
import math
import warnings

from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value, topological_order

backward_module = importlib.import_module("autograd.backward")  # the name autograd.backward is the function
backward_order = backward_module.backward_order
WIDE = backward_module._WIDE

Program = tuple[list[float], list[bool], list[tuple[str, int, int]]]


@st.composite
def programs(draw: st.DrawFn) -> Program:
    """Leaves (some constants) and steps; "wide" steps take many leaves at once, as a neuron does."""
    n_leaves = draw(st.integers(1, WIDE + 8))
    data = [draw(st.floats(-2.0, 2.0)) for _ in range(n_leaves)]
    constant = [draw(st.booleans()) for _ in range(n_leaves)]
    constant[0] = False
    steps = []
    for k in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["tanh", "mul", "add", "wide_sum", "wide_dot", "relu"]))
        steps.append((op, draw(st.integers(0, n_leaves + k - 1)), draw(st.integers(0, n_leaves + k - 1))))
    return data, constant, steps


def build(program: Program) -> tuple[list[Value], Value]:
    data, constant, steps = program
    leaves = [Value(x, label=f"x{i}", requires_grad=not c) for i, (x, c) in enumerate(zip(data, constant))]
    nodes = list(leaves)
    for op, i, j in steps:
        if op == "tanh":
            out = nodes[i].tanh()
        elif op == "relu":
            out = nodes[i].relu()
        elif op == "mul":
            out = (nodes[i] * nodes[j]).tanh()
        elif op == "add":
            out = nodes[i] + nodes[j]
        elif op == "wide_sum":  # every leaf, some twice: a wide node with only leaves below
            out = autograd.sum(leaves + leaves[: i % len(leaves) + 1])
        else:  # a dot of leaves with leaves, and with earlier results when there are any
            half = (leaves * 2)[: WIDE + 1]
            partners = [nodes[(j + m) % len(nodes)] for m in range(len(half))]
            out = autograd.dot(half, partners).tanh()
        nodes.append(out)
    return leaves, autograd.sum(nodes[len(leaves) :]) + nodes[-1] * nodes[0]


@settings(max_examples=200, deadline=None)
@given(program=programs())
def test_backward_sorts_the_nodes_with_inputs_as_topological_order_does(program: Program) -> None:
    _, root = build(program)
    interior, leaves = backward_order(root)
    full = topological_order(root, only_requiring_grad=True)
    assert interior == [node for node in full if node.inputs]
    # every leaf that takes a gradient is listed (perhaps more than once, perhaps with constants)
    assert {node for node in full if not node.inputs} <= set(leaves)
    assert all(not node.inputs for node in leaves)


@settings(max_examples=100, deadline=None)
@given(program=programs())
def test_backward_gives_the_numbers_of_grad_to_the_last_bit(program: Program) -> None:
    leaves, root = build(program)
    expected = autograd.grad(root, leaves)
    root.backward()
    for leaf, wanted in zip(leaves, expected):
        if leaf.requires_grad:
            assert leaf.grad == wanted


def test_a_leaf_root_only_receives_the_seed() -> None:
    x = Value(2.0)
    assert backward_order(x) == ([], [x])
    x.grad = 0.5
    x.backward()
    assert x.grad == 1.5  # accumulated, not reset


def test_a_wide_node_of_leaves_is_listed_at_once_and_still_gets_every_gradient() -> None:
    xs = [Value(float(i), label=f"x{i}") for i in range(WIDE + 5)]
    cs = [Value(1.0, requires_grad=False) for _ in xs]
    z = autograd.dot(xs, cs).tanh()
    interior, leaves = backward_order(z)
    assert [node.op for node in interior] == ["dot", "tanh"]
    assert set(xs) <= set(leaves)
    z.backward()
    assert [x.grad for x in xs] == [1.0 - z.data**2] * len(xs)
    assert all(c.grad == 0.0 for c in cs)


def test_an_infinite_gradient_below_a_wide_node_is_still_reported() -> None:
    xs = [Value(1e-300, label="tiny")] + [Value(1.0) for _ in range(WIDE + 2)]
    coefficients = [1e300] + [1.0] * (WIDE + 2)
    root = autograd.dot(xs, coefficients) * 1e10  # finite output; d(root)/d(tiny) = 1e310 overflows
    assert math.isfinite(root.data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        root.backward()
    assert xs[0].grad == math.inf
    assert any("non-finite gradient" in str(w.message) and "tiny" in str(w.message) for w in caught)


def test_a_one_input_node_keeps_its_input_itself_and_inputs_is_still_a_tuple() -> None:
    x = Value(0.5)
    y = x.relu()
    assert y._inputs is x and y.inputs == (x,)
    assert (x * 2.0).inputs[0] is x and len((x * 2.0).inputs) == 2
    assert x.inputs == () and autograd.sum([x, x, x]).inputs == (x, x, x)
