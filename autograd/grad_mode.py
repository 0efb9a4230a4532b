"""Grad mode: whether new operations record their inputs for backward.

Inside ``with no_grad():`` every operation returns a plain constant Value: no
inputs, no local derivatives, nothing for ``backward()`` to visit. Use it for
evaluation, for optimizer updates and for numerical differentiation, where a
graph would only cost time and memory.

The flag belongs to the code that set it, not to the whole process: it is a
``contextvars.ContextVar``, so every thread has its own (a new thread starts
recording, whatever other threads do), and so does every asyncio task (a task
inside ``no_grad()`` does not switch recording off for the tasks it awaits
alongside). This is how PyTorch's grad mode behaves too (per thread).

Read next: ``value.py``, where each operation asks ``is_recording()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

RECORDING: ContextVar[bool] = ContextVar("chalkgrad_recording", default=True)


def is_recording() -> bool:
    """True when operations record their inputs (the default)."""
    return RECORDING.get()


@contextmanager
def no_grad() -> Iterator[None]:
    """Stop recording the graph inside the ``with`` block (nests safely; also a decorator)."""
    token = RECORDING.set(False)
    try:
        yield
    finally:
        RECORDING.reset(token)


# The replay tape being recorded, if any (see ``replay.py``). While one is set, the
# node factory in ``value.py`` appends every node it makes, with the rule that
# computed it; like RECORDING, it belongs to the thread or task that set it.
TAPE: ContextVar[list[Any] | None] = ContextVar("chalkgrad_replay_tape", default=None)
