"""Replay: record one training step's graph once, then run it again with new numbers.

An advanced, opt-in speed-up for training loops; the plain path (build the graph,
``backward()``, update) is the one to learn from and stays the default. A training
step builds the same graph every time: the same operations on the same parameters,
only the numbers change. So instead of making thousands of new Values per step,
``record`` runs the step once and keeps its graph as a *tape*: every node with the
rule that computed it (``value.py``, section 3). ``Tape.forward`` then puts new
data into the recorded input leaves and calls each node's rule again, in the order
the nodes were made, writing the new value and local derivatives into the node
itself; ``Tape.backward`` runs the one chain-rule loop of ``backward.py`` over the
order it sorted once. The numbers are those of the plain path to the last bit: the
same rules, the same order, the same loop.

    model = nn.MLP(2, [16, 16, 1], activation="relu")

    def loss_of(X, y):                               # X, y arrive as (lists of) Values
        scores = [model(x)[0] for x in X]
        return sum((1 - yi * si).relu() for yi, si in zip(y, scores)) / len(X)

    tape = replay.record(loss_of, X, y)              # runs loss_of once, the normal way
    for step in range(100):
        loss = tape.forward(X, y)                    # new data (same shapes) and the current parameters
        model.zero_grad()
        tape.backward()                              # fills every parameter's .grad
        for p in model.parameters():
            p.data -= 0.05 * p.grad

What replay knows and what it cannot see:

- The data arguments of ``record`` become constant leaves (numbers, or nested lists
  or numpy arrays of numbers); ``forward`` must get the same shapes. Every other leaf
  (a parameter, a constant such as the 1 of ``1 - y*s``) is read as it is: a
  parameter's current ``.data`` is used, a constant keeps its number.
- Branches inside chalkgrad's operations are no problem: relu, leaky_relu, step, abs,
  maximum/minimum and the two stable forms of sigmoid and softplus decide from the
  new numbers each time, because their rule runs again.
- Your function's own Python decisions are not replayed: an ``if`` on a ``.data``,
  picking Values by their numbers (builtin ``max`` with a key, a class index taken
  from the data), a constant computed from the data, a ``no_grad()`` block. The tape
  would repeat what the recording did, which is wrong once the data decides
  differently. ``forward(..., check=True)`` finds this: it also runs your function
  the normal way and raises ``ReplayMismatch`` naming the first node that differs
  (use it in tests, or every k-th step). For such a function, do not replay it.
- After ``forward`` the recorded nodes hold the new numbers; Values made outside the
  function are untouched except the parameters' ``.grad`` that ``backward`` adds to.
  One tape is used by one thread at a time (its methods take turns).

Read next: ``backward.py`` (``backward_in_order``, the loop the tape runs).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

from autograd.backward import backward_in_order, backward_order, topological_order
from autograd.grad_mode import RECORDING, TAPE
from autograd.value import Value, _as_float

__all__ = ["ReplayMismatch", "Tape", "record"]


class ReplayMismatch(RuntimeError):
    """The function built a different graph for these data than the one recorded."""


def record(function: Callable[..., Any], *data: Any) -> Tape:
    """Run ``function(*data)`` once, the normal way, and keep its graph as a Tape.

    Each data argument is a number or a (nested) list, tuple or numpy array of
    numbers; ``function`` receives the same shapes with each number a constant
    Value. It returns a Value (the loss) or a list or tuple of Values; ``backward``
    differentiates the first.
    """
    return Tape(function, data)


class Tape:
    """A recorded graph that can be run again with new data (see the module docstring)."""

    def __init__(self, function: Callable[..., Any], data: tuple[Any, ...]) -> None:
        self._function = function
        self._turn = threading.Lock()
        self._inputs, self._outputs, self._steps, self._shapes = _run_recording(function, data)
        self._root = self._outputs[0]
        # The order backward() would sort, sorted once; None when nothing needs a gradient.
        self._order = backward_order(self._root) if self._root.requires_grad else None

    @property
    def outputs(self) -> tuple[Value, ...]:
        """The recorded output Values; after ``forward`` they hold the new numbers."""
        return self._outputs

    def __len__(self) -> int:
        """How many recorded nodes ``forward`` recomputes."""
        return len(self._steps)

    def forward(self, *data: Any, check: bool = False) -> Any:
        """Recompute every recorded node for new data; returns the output's number(s).

        The data must have the shapes given to ``record``. With ``check=True`` the
        function also runs the normal way on the same data, and a graph that came out
        different (see the module docstring) raises ReplayMismatch.
        """
        numbers = _flatten(data, self._shapes)
        with self._turn:
            for leaf, number in zip(self._inputs, numbers):
                leaf.data = number
            for node, rule, args in self._steps:
                node.data, node.local_grads = rule(*args)
            result = [output.data for output in self._outputs]
        if check:
            self._check(data, result)
        return result[0] if len(result) == 1 else result

    def backward(self, grad: float = 1.0) -> None:
        """``backward()`` of the first output, over the order sorted when recording."""
        if self._order is None:
            raise ValueError(
                "backward() on a replay tape whose output does not depend on anything that requires a gradient"
            )
        with self._turn:
            backward_in_order(*self._order, self._root, grad)

    def _check(self, data: tuple[Any, ...], replayed: list[float]) -> None:
        inputs, outputs, steps, _ = _run_recording(self._function, data)
        mine = _describe_steps(self._inputs, self._steps)
        theirs = _describe_steps(inputs, steps)
        for index, (a, b) in enumerate(zip(mine, theirs)):
            if a != b:
                node = self._steps[index][0]
                named = f" labelled {node.label!r}" if node.label else ""
                raise ReplayMismatch(
                    f"the function built a different graph for these data, from node {index} of the tape "
                    f"on (a {node.op!r} node{named}): its graph depends on the data (a Python decision on "
                    ".data, a constant computed from the data, ...). Record again for these data, or do "
                    "not replay this function."
                )
        if len(mine) != len(theirs):
            raise ReplayMismatch(
                f"the function built {len(theirs)} nodes for these data but {len(mine)} when recording: "
                "its graph depends on the data; record again, or do not replay it."
            )
        normal = [output.data for output in outputs]
        if [number.hex() for number in normal] != [number.hex() for number in replayed]:
            raise ReplayMismatch(f"replay gave {replayed} but the normal path gives {normal} for the same data")


# -- recording ------------------------------------------------------------------------------


def _run_recording(
    function: Callable[..., Any], data: tuple[Any, ...]
) -> tuple[list[Value], tuple[Value, ...], list[tuple[Value, Any, tuple[Any, ...]]], list[Any]]:
    """(input leaves, outputs, steps in the order they were made, the data's shapes)."""
    shapes = [_shape(item) for item in data]
    inputs = [Value(number, requires_grad=False) for number in _flatten(data, shapes)]
    leaves = iter(inputs)
    arguments = [_rebuild(shape, leaves) for shape in shapes]
    tape: list[tuple[Value, Any, tuple[Any, ...]]] = []
    recording, listening = RECORDING.set(True), TAPE.set(tape)
    try:
        result = function(*arguments)
    finally:
        TAPE.reset(listening)
        RECORDING.reset(recording)
    outputs = tuple(result) if isinstance(result, (list, tuple)) else (result,)
    if not outputs or not all(isinstance(output, Value) for output in outputs):
        raise TypeError(f"record() needs a function that returns a Value or a list of Values, got {result!r}")
    needed: set[Value] = set()
    for output in outputs:
        needed.update(topological_order(output))
    return inputs, outputs, [step for step in tape if step[0] in needed], shapes


def _shape(item: Any) -> Any:
    """None for one number; a list of the items' shapes for a list, tuple or array."""
    if hasattr(item, "tolist") and getattr(item, "ndim", 0) > 0:
        item = item.tolist()
    if isinstance(item, (list, tuple)):
        return [_shape(part) for part in item]
    return None


def _flatten(data: tuple[Any, ...], shapes: list[Any]) -> list[float]:
    """Every number of ``data`` in order, checked against the recorded shapes."""
    if len(data) != len(shapes):
        raise TypeError(f"this tape was recorded with {len(shapes)} data arguments, got {len(data)}")
    numbers: list[float] = []
    for position, (item, shape) in enumerate(zip(data, shapes)):
        _collect(item, shape, numbers, f"data argument {position}")
    return numbers


def _collect(item: Any, shape: Any, numbers: list[float], where: str) -> None:
    if shape is None:
        numbers.append(_as_float(item, f"replay ({where})"))
        return
    if hasattr(item, "tolist") and getattr(item, "ndim", 0) > 0:
        item = item.tolist()
    if not isinstance(item, (list, tuple)) or len(item) != len(shape):
        size = len(item) if isinstance(item, (list, tuple)) else "not a list"
        raise ValueError(f"replay needs the recorded shapes: {where} had {len(shape)} items, now {size}")
    for index, (part, part_shape) in enumerate(zip(item, shape)):
        _collect(part, part_shape, numbers, f"{where}[{index}]")


def _rebuild(shape: Any, leaves: Iterator[Value]) -> Any:
    if shape is None:
        return next(leaves)
    return [_rebuild(part, leaves) for part in shape]


def _describe_steps(inputs: list[Value], steps: list[tuple[Value, Any, tuple[Any, ...]]]) -> list[tuple[Any, Any]]:
    """Each step as (rule, what it was made from), comparable between two recordings.

    A node of the tape is named by its position, an input leaf by its position in
    the data, any other leaf by identity when it is a parameter (made outside the
    function, the same object both times) and otherwise by its number.
    """
    names: dict[Value, Any] = {leaf: ("input", k) for k, leaf in enumerate(inputs)}
    for k, (node, _, _) in enumerate(steps):
        names[node] = ("node", k)

    def name(arg: Any) -> Any:
        if isinstance(arg, Value):
            known = names.get(arg)
            if known is not None:
                return known
            if arg.requires_grad:
                return ("parameter", id(arg))
            return ("constant", arg.data.hex() if isinstance(arg.data, float) else arg.data)
        if isinstance(arg, tuple):
            return tuple(name(part) for part in arg)
        return ("number", arg)

    return [(rule, tuple(name(arg) for arg in args)) for _, rule, args in steps]
