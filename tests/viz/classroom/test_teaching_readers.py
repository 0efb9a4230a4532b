"""Readers do not write: no classroom tool runs backward() or changes a .grad.

Every tool is called on a graph before the student's own backward() and again
after it; every node's .grad must be exactly what it was, and the student's
backward() must give the same numbers as on a graph no tool has seen.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from teaching_examples import lecture_network, small_expression

import viz
import viz.classroom.exercise
import viz.classroom.sgd_update
import viz.classroom.stepper
from autograd import Value, topological_order

Tool = Callable[[Value], object]


def _use_the_step_through(root: Value) -> None:
    for direction in ("backward", "forward"):
        steps = viz.step_through(root, direction=direction)
        for index in range(len(steps)):
            steps.draw(index)
        str(steps)


def _use_the_exercise(root: Value) -> None:
    ex = viz.exercise(root)
    ex.check({"a": 1.0} if "a" in ex.blanks else {ex.blanks[0]: 1.0})
    ex.draw()
    str(ex)
    ex.reveal()
    str(viz.exercise(root, hide="data"))


def _use_the_sgd_update(root: Value) -> None:
    update = viz.sgd_update(root, lr=0.1)
    str(update)
    update.draw()


TOOLS: dict[str, Tool] = {
    "backprop_table": lambda root: (str(viz.backprop_table(root)), viz.backprop_table(root).to_markdown()),
    "chain_rule": lambda root: str(viz.chain_rule(root, wrt=topological_order(root)[0])),
    "step_through": _use_the_step_through,
    "exercise": _use_the_exercise,
    "sgd_update": _use_the_sgd_update,
    "draw_graph chain labels": lambda root: viz.draw_graph(root, edge_labels="chain").source,
}
GRAPHS = {"small expression": lambda: small_expression()["L"], "lecture network": lambda: lecture_network()["loss"]}


def grads(root: Value) -> list[float]:
    return [node.grad for node in topological_order(root)]


@pytest.mark.parametrize("graph", GRAPHS)
@pytest.mark.parametrize("tool", TOOLS)
def test_a_tool_leaves_every_grad_as_it_found_it_before_and_after_backward(tool: str, graph: str) -> None:
    untouched = GRAPHS[graph]()
    untouched.backward()

    root = GRAPHS[graph]()
    TOOLS[tool](root)  # before the student's backward: every .grad is still 0
    assert grads(root) == [0.0] * len(grads(root))
    root.backward()
    assert grads(root) == grads(untouched)  # the student's numbers, as if no tool had run
    TOOLS[tool](root)  # after: the tool reads, and changes nothing
    assert grads(root) == grads(untouched)


def test_a_table_then_backward_gives_the_right_gradient_not_twice_it() -> None:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    L = a * b
    L.label = "L"
    viz.backprop_table(L)
    L.backward()
    assert a.grad == -3.0 and b.grad == 2.0


@pytest.mark.parametrize(
    ("module", "make"),
    [
        (viz.classroom.stepper, lambda root: viz.step_through(root)),
        (viz.classroom.exercise, lambda root: viz.exercise(root)),
        (viz.classroom.sgd_update, lambda root: viz.sgd_update(root)),
    ],
    ids=["step_through", "exercise", "sgd_update"],
)
def test_a_graph_too_large_to_draw_is_refused_before_any_work(
    module: object, make: Callable[[Value], object], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the backward record was made for a graph that is then refused")

    for name in ("backward_steps", "record_backward"):
        if hasattr(module, name):
            monkeypatch.setattr(module, name, no_work)
    x = Value(0.5, label="x")
    y = x
    for _ in range(1500):  # 3,000 drawn nodes, more than draw_graph's default limit
        y = y.tanh()
    with pytest.raises(viz.GraphTooLarge):
        make(y)
