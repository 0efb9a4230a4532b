"""The record of the backward pass against backward() and central differences, on generated graphs.

Hypothesis writes small programs (leaves, some of them constants, and a few
operations that reuse earlier results, so graphs have diamonds and repeated
inputs); each program is run once to build a graph, and the record
``backward_steps`` gives is held against what ``backward()`` writes into
``.grad``, against ``grad()``, and against central differences.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value, backward_steps, numerical_grad

# Operations with smooth derivatives on the inputs the programs produce (values stay
# moderate: every result goes through a bounded function before it is used again).
UNARY: dict[str, Callable[[Value], Value]] = {
    "tanh": lambda x: x.tanh(),
    "sigmoid": lambda x: x.sigmoid(),
    "square": lambda x: x**2,
    "sin": lambda x: x.sin(),
    "neg": lambda x: -x,
}
BINARY: dict[str, Callable[[Value, Value], Value]] = {
    "add": lambda x, y: x + y,
    "mul": lambda x, y: x * y,
    "sub": lambda x, y: x - y,
}

Program = tuple[list[float], list[bool], list[tuple[str, int, int]]]


@st.composite
def programs(draw: st.DrawFn) -> Program:
    n_leaves = draw(st.integers(1, 4))
    data = [draw(st.floats(-2.0, 2.0)) for _ in range(n_leaves)]
    constant = [draw(st.booleans()) for _ in range(n_leaves)]
    constant[0] = False  # at least one leaf takes a gradient
    steps = []
    for k in range(draw(st.integers(1, 10))):
        available = n_leaves + k
        op = draw(st.sampled_from(sorted(UNARY) + sorted(BINARY)))
        steps.append((op, draw(st.integers(0, available - 1)), draw(st.integers(0, available - 1))))
    return data, constant, steps


def run(steps: list[tuple[str, int, int]], leaves: list[Value]) -> Value:
    """The program's result; results of bounded ops feed the later steps, so nothing overflows."""
    nodes = list(leaves)
    for op, i, j in steps:
        result = UNARY[op](nodes[i]) if op in UNARY else BINARY[op](nodes[i], nodes[j])
        nodes.append(result.tanh() if op in ("mul", "square") else result)
    # The sum of everything computed: every node is used at least once, some several times
    # (and the first leaf, which takes a gradient, always reaches the root).
    return autograd.sum(nodes[len(leaves) :]) + nodes[-1] * nodes[0]


def build(program: Program) -> tuple[list[Value], Value]:
    data, constant, steps = program
    leaves = [Value(x, label=f"x{i}", requires_grad=not c) for i, (x, c) in enumerate(zip(data, constant))]
    return leaves, run(steps, leaves)


@settings(max_examples=150, deadline=None)
@given(program=programs(), seed=st.sampled_from([1.0, -0.5, 2.0]))
def test_the_record_is_what_backward_does(program: Program, seed: float) -> None:
    _, root = build(program)
    record = backward_steps(root, seed)
    nodes = autograd.topological_order(root)
    assert all(node.grad == 0.0 for node in nodes), "backward_steps changed a .grad"

    root.backward(seed)
    visited = [step.node for step in record]
    assert visited == list(reversed(autograd.topological_order(root, only_requiring_grad=True)))
    for step in record:
        # the same loop in the same order: the very same floats, not merely close ones
        assert step.upstream == step.node.grad
        assert record.gradient(step.node) == step.node.grad
        assert [send.input for send in step.sends] == list(step.node.inputs)
        assert [send.local for send in step.sends] == list(step.node.local_grads)
        for send in step.sends:
            if not send.input.requires_grad:
                assert send.sent is None
            elif step.upstream != 0.0:
                assert send.sent == step.upstream * send.local


@settings(max_examples=150, deadline=None)
@given(program=programs())
def test_each_upstream_is_the_sum_of_what_its_users_sent(program: Program) -> None:
    _, root = build(program)
    record = backward_steps(root)
    received: dict[Value, float] = {root: 1.0}
    for step in record:
        assert step.upstream == received.get(step.node, 0.0)
        for send in step.sends:
            if send.sent is not None:
                received[send.input] = received.get(send.input, 0.0) + send.sent
                assert send.so_far == received[send.input]  # the running sum, as the engine added it
            else:
                assert send.so_far is None


@settings(max_examples=100, deadline=None)
@given(program=programs())
def test_the_record_matches_central_differences_and_grad(program: Program) -> None:
    leaves, root = build(program)
    record = backward_steps(root)
    _, _, steps = program
    estimates = numerical_grad(lambda *xs: run(steps, list(xs)), leaves)
    functional = autograd.grad(root, leaves)
    for leaf, estimate, exact in zip(leaves, estimates, functional):
        assert math.isclose(exact, estimate, rel_tol=1e-4, abs_tol=1e-6), (leaf, exact, estimate)
        if leaf.requires_grad:
            assert record.gradient(leaf) == pytest.approx(exact, rel=1e-12, abs=1e-12)
        else:
            assert record.gradient(leaf) == 0.0  # a constant takes no gradient in backward


def test_the_hand_worked_product() -> None:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    L = a * b
    record = backward_steps(L)
    first = record[0]
    assert first.node is L and first.upstream == 1.0
    assert [(s.input, s.local, s.sent) for s in first.sends] == [(a, -3.0, -3.0), (b, 2.0, 2.0)]
    assert [step.node for step in record] == [L, b, a]
    assert record.gradient(a) == -3.0 and record.gradient(b) == 2.0
    assert a.grad == 0.0 and b.grad == 0.0 and L.grad == 0.0


def test_a_reused_input_gets_one_send_per_use() -> None:
    a = Value(3.0, label="a")
    y = a * a
    (step,) = [s for s in backward_steps(y) if s.node is y]
    assert [send.sent for send in step.sends] == [3.0, 3.0]
    assert backward_steps(y).gradient(a) == 6.0


def test_a_zero_upstream_sends_zero_even_through_an_infinite_slope() -> None:
    x = Value(0.0, label="x")
    s = x.sqrt()  # d sqrt / dx is infinite at 0
    y = s * 0.0
    record = backward_steps(y)
    (step,) = [st for st in record if st.node is s]
    assert step.upstream == 0.0 and step.sends[0].local == math.inf and step.sends[0].sent == 0.0
    assert record.gradient(x) == 0.0


def test_a_constant_root_is_refused_like_backward() -> None:
    c = Value(1.0, requires_grad=False) * 2.0
    with pytest.raises(ValueError, match="does not depend on anything that requires a gradient"):
        backward_steps(c)
    with pytest.raises(TypeError, match="needs a Value"):
        backward_steps(1.0)  # type: ignore[arg-type]


def test_the_record_is_frozen() -> None:
    record = backward_steps(Value(1.0) * 2.0)
    with pytest.raises(AttributeError):
        record.steps = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        record[0].upstream = 5.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        record.gradients[record.root] = 2.0  # type: ignore[index]
