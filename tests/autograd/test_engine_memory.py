"""What a node costs in memory, counted by tracemalloc (deterministic: no clock involved)."""

from __future__ import annotations

import gc
import tracemalloc

from autograd import Value


def bytes_per_node(n: int, run_backward: bool) -> float:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    y = Value(0.5)
    for _ in range(n):
        y = y.relu()
    if run_backward:
        y.backward()
    size = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert len(y.inputs) == 1  # y is alive until here, so is the chain
    return size / (n + 1)


def test_a_relu_node_takes_at_most_110_bytes_and_130_with_its_gradient() -> None:
    # A Value with its eight fields and a one-input node's input kept as itself:
    # 96 B, and 24 B more once backward has put a gradient (a float) in it.
    assert bytes_per_node(20_000, run_backward=False) <= 110
    assert bytes_per_node(20_000, run_backward=True) <= 130
