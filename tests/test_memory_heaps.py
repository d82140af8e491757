"""One C heap for every thread from the start (``stadstafel.memory.one_heap``, asked by
``stadstafel.start.run_tui`` before the read-ahead thread starts)."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from stadstafel import memory, start

BENCH = Path(__file__).resolve().parents[1] / "bench"
# A thread that allocates many blocks of C heap (bytes over 512 bytes are glibc's), then how
# many heaps glibc has (the memory probe's reading of malloc_info).
THREAD_ALLOCATES = textwrap.dedent(
    """
    import sys, threading
    from stadstafel import memory
    sys.path.insert(0, sys.argv[2])
    import memhook
    if sys.argv[1] == "one":
        assert memory.one_heap()
    kept = []
    worker = threading.Thread(target=lambda: kept.extend(bytes(600 + n % 7) for n in range(3000)))
    worker.start()
    worker.join()
    print(len(memhook._c_heaps()["heaps"]))
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's heaps")
def test_after_one_heap_a_thread_allocates_from_the_main_heap():
    def heaps(mode: str) -> int:
        out = subprocess.run(
            [sys.executable, "-c", THREAD_ALLOCATES, mode, str(BENCH)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return int(out.stdout.strip())

    if heaps("default") < 2:
        pytest.skip("not glibc's malloc (a thread gets no heap of its own here)")
    assert heaps("one") == 1


def test_run_tui_asks_for_one_heap_before_the_read_ahead_thread_starts(monkeypatch):
    """The read-ahead thread's first allocation gives it a heap of its own unless one_heap
    came first; a heap once made stays (glibc trims only the main heap's top)."""
    order: list[str] = []

    class Stop(Exception):
        pass

    def read_ahead(_open):
        order.append("read-ahead")
        raise Stop

    monkeypatch.setattr(memory, "one_heap", lambda: order.append("one heap") or True)
    monkeypatch.setattr(start, "ReadAhead", read_ahead)
    was_enabled = gc.isenabled()
    try:
        with pytest.raises(Stop):
            start.run_tui(type("Ctx", (), {"host": None, "workspace": None})())
    finally:
        if was_enabled:
            gc.enable()
    assert order == ["one heap", "read-ahead"]


@pytest.mark.parametrize(
    "fault",
    [
        AttributeError("musl: no symbol malloc_trim"),
        OSError("no C library to open"),
        ImportError("no _ctypes"),
        TypeError("another _ctypes (PyPy's) refuses the call's types"),
        NotImplementedError("not on this interpreter"),
    ],
)
def test_a_c_library_that_cannot_be_asked_is_left_alone(monkeypatch, fault):
    """Where the C library is not glibc, or ``_ctypes`` is not CPython's, both calls do
    nothing and say so: never a fault at start (``one_heap`` runs before the first frame)."""

    def refused():
        raise fault

    monkeypatch.setattr(memory, "_libc", None)
    monkeypatch.setattr(memory.sys, "platform", "linux")
    monkeypatch.setattr(memory, "_Glibc", refused)
    assert memory.one_heap() is False and memory.trim() is False


def test_elsewhere_than_linux_nothing_is_looked_up(monkeypatch):
    def looked_up():
        raise AssertionError("looked up")

    monkeypatch.setattr(memory, "_libc", None)
    monkeypatch.setattr(memory.sys, "platform", "darwin")
    monkeypatch.setattr(memory, "_Glibc", looked_up)
    assert memory.one_heap() is False and memory.trim() is False


def test_jobs_on_threads_that_end_give_results_errors_and_are_waited_for():
    """``memory.threads_that_end``: the loop's default executor runs each job on a thread of
    its own, hands back its result or its error, and is waited for when the loop ends (as
    asyncio waits for its own executor's threads)."""
    import asyncio
    import threading

    release = threading.Event()
    done: list[int] = []
    ran: list[threading.Thread] = []

    def slow() -> None:
        ran.append(threading.current_thread())
        release.wait(10)
        done.append(1)

    async def main() -> str:
        loop = asyncio.get_running_loop()
        memory.threads_that_end(loop)
        name = await loop.run_in_executor(None, lambda: threading.current_thread().name)
        try:
            await loop.run_in_executor(None, lambda: 1 / 0)
        except ZeroDivisionError:
            name += " raised"
        loop.run_in_executor(None, slow)  # still running when the loop ends
        threading.Timer(0.05, release.set).start()
        return name

    name = asyncio.run(main())  # ends by shutting the default executor down
    assert name == "stadstafel-job raised"
    assert done == [1] and not ran[0].is_alive()


def test_a_job_whose_thread_cannot_start_fails_alone_and_the_end_is_not_hurt(monkeypatch):
    """No thread to be had (the process's limit of threads or memory reached): the job's
    submit raises, as ``ThreadPoolExecutor``'s does, and the executor's shutdown at the end
    of the loop still works (it joined the thread that never started: a RuntimeError, a
    traceback as the app ended)."""
    import threading

    executor = memory._thread_per_job()()

    def refused(self) -> None:
        raise RuntimeError("can't start new thread")

    with monkeypatch.context() as patched:
        patched.setattr(threading.Thread, "start", refused)
        with pytest.raises(RuntimeError, match="start new thread"):
            executor.submit(lambda: 1)
    assert executor.submit(lambda: 2).result(timeout=10) == 2  # the next one runs
    executor.shutdown(wait=True)
