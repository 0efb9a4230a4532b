"""Grad mode and backward under threads and asyncio tasks: never shared by accident, never silently wrong."""

from __future__ import annotations

import asyncio
import threading

import autograd
from autograd import Value, no_grad


def test_no_grad_in_one_thread_leaves_other_threads_recording() -> None:
    inside = threading.Event()
    built = threading.Event()
    seen: dict[str, object] = {}

    def quiet() -> None:
        with no_grad():
            inside.set()
            built.wait(timeout=30)
            seen["quiet"] = autograd.is_recording()

    def busy() -> None:
        inside.wait(timeout=30)
        a = Value(2.0)
        y = a * a
        seen["busy"] = (autograd.is_recording(), y.inputs == (a, a), y.requires_grad)
        built.set()

    threads = [threading.Thread(target=quiet), threading.Thread(target=busy)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert seen == {"quiet": False, "busy": (True, True, True)}
    assert autograd.is_recording()


def test_overlapping_no_grad_blocks_in_two_threads_restore_recording() -> None:
    # Thread A enters, then B enters, then A leaves, then B leaves: with one
    # process-wide flag, A's exit would restore "on" while B is still inside and
    # B's exit would restore the "off" it saw on entry, for the whole process.
    order = [threading.Event() for _ in range(4)]
    seen: dict[str, bool] = {}

    def a() -> None:
        with no_grad():
            order[0].set()
            order[1].wait(timeout=30)
        seen["a after"] = autograd.is_recording()
        order[2].set()

    def b() -> None:
        order[0].wait(timeout=30)
        with no_grad():
            order[1].set()
            order[2].wait(timeout=30)
            seen["b inside"] = autograd.is_recording()
        seen["b after"] = autograd.is_recording()
        order[3].set()

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert order[3].is_set()
    assert seen == {"a after": True, "b inside": False, "b after": True}
    assert autograd.is_recording()
    assert (Value(1.0) * 2).inputs != ()


def test_no_grad_in_one_asyncio_task_leaves_the_others_recording() -> None:
    async def quiet(gate: asyncio.Event) -> bool:
        with no_grad():
            gate.set()
            await asyncio.sleep(0.01)  # the other task runs while this one is inside no_grad
            return autograd.is_recording()

    async def busy(gate: asyncio.Event) -> tuple[bool, bool]:
        await gate.wait()
        a = Value(3.0)
        y = a * 2
        return autograd.is_recording(), y.requires_grad and y.inputs[0] is a

    async def main() -> tuple[bool, tuple[bool, bool]]:
        gate = asyncio.Event()
        return await asyncio.gather(quiet(gate), busy(gate))  # type: ignore[return-value]

    quiet_seen, busy_seen = asyncio.run(main())
    assert quiet_seen is False
    assert busy_seen == (True, True)
    assert autograd.is_recording()


def test_no_grad_works_as_a_decorator() -> None:
    @no_grad()
    def evaluate(x: Value) -> Value:
        return x * x

    y = evaluate(Value(3.0))
    assert (y.data, y.inputs, y.requires_grad) == (9.0, (), False)
    assert autograd.is_recording()
