"""Grad mode and backward under threads and asyncio tasks: never shared by accident, never silently wrong."""

from __future__ import annotations

import asyncio
import sys
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


def test_two_threads_calling_backward_on_graphs_that_share_nodes_get_the_sequential_answer() -> None:
    # Both graphs hang off the same node s = 1 * a. Each backward() zeroes the
    # intermediate gradients it owns (s among them) and then adds into them; two such
    # sweeps interleaved lose or double contributions. The answer must be the one of
    # running the calls one after the other: every call adds 1,000 to a.grad.
    calls, width = 200, 1_000
    a = Value(1.0, label="a")
    s = a * 1.0
    roots = []
    for _ in range(2):
        total = s
        for _ in range(width - 1):
            total = total + s  # a chain of additions: d total / d s = width
        roots.append(total)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(root: Value) -> None:
        try:
            start.wait(timeout=30)
            for _ in range(calls):
                root.backward()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: a race shows at once
    try:
        threads = [threading.Thread(target=run, args=(root,)) for root in roots]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    finally:
        sys.setswitchinterval(previous)
    assert not errors
    assert a.grad == 2 * calls * width  # 400,000
    assert s.grad == width  # an intermediate node holds the latest call's gradient only


def test_zero_grad_and_backward_from_two_threads_never_mix_a_sweep() -> None:
    # One thread keeps zeroing while the other runs backward: each leaf gradient is
    # always a whole number of sweeps (a multiple of 10), never a sweep cut in half.
    a = Value(2.0)
    y = a * 1.0
    for _ in range(9):
        y = y + a * 1.0
    seen: list[float] = []
    done = threading.Event()

    def sweeps() -> None:
        for _ in range(300):
            y.backward()
            seen.append(a.grad)
        done.set()

    def zeroes() -> None:
        while not done.is_set():
            y.zero_grad()

    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=sweeps), threading.Thread(target=zeroes)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    finally:
        sys.setswitchinterval(previous)
    assert len(seen) == 300
    assert all(g % 10 == 0 for g in seen)
