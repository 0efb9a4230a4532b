"""Grad mode: whether new operations record their inputs for backward.

Inside ``with no_grad():`` every operation returns a plain constant Value: no
inputs, no local derivatives, nothing for ``backward()`` to visit. Use it for
evaluation, for optimizer updates and for numerical differentiation, where a
graph would only cost time and memory.

Read next: ``value.py``, where each operation asks ``is_recording()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

# A one-element list so that the flag can change without `global` statements,
# and so that value.py can read it with a single index (it sits on the hot path).
_RECORDING = [True]


def is_recording() -> bool:
    """True when operations record their inputs (the default)."""
    return _RECORDING[0]


@contextmanager
def no_grad() -> Iterator[None]:
    """Stop recording the graph inside the ``with`` block (nests safely)."""
    previous = _RECORDING[0]
    _RECORDING[0] = False
    try:
        yield
    finally:
        _RECORDING[0] = previous
