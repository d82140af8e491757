"""Giving freed memory back to the system.

CPython and SQLite allocate through the C library's ``malloc``. glibc keeps what they free
in its heaps and returns it to the system only when the top of a heap is free. It gives
each thread that allocates a heap of its own: the search screen's worker thread, which runs
the full-text queries, held 3-4 MiB after its first searches that nothing else could
reuse, and the thread that reads the workspace at start (``start.ReadAhead``) left a heap
of 2.7 MiB, 1.7 of it free, which ``malloc_trim`` does not shrink (it gives back the top of
the main heap only). So the terminal UI asks glibc for one heap for every thread before it
starts its first thread (``one_heap``, in ``start.run_tui``: the threads take turns under
the interpreter's lock anyway), and in the user's pauses, after a collection, for every
free page back (``trim``: ``malloc_trim(0)``; see ``StadstafelApp.collect_in_pause``).
Elsewhere (musl, macOS, Windows) there are no such calls and both do nothing.

Not loading what the process never uses keeps memory too: ``without_tls`` lets the terminal
UI import asyncio (Textual's base) without OpenSSL (see there).
"""

from __future__ import annotations

import sys
from _thread import get_ident  # threading's, without importing threading at start

TYPE_CHECKING = False  # typing is imported after main() switched the collector off
if TYPE_CHECKING:
    from typing import Any

M_ARENA_MAX = -8  # glibc's mallopt parameter: how many heaps threads may get
_libc: _Glibc | bool | None = None  # None: not looked up yet; False: not glibc


def trim() -> bool:
    """Return free heap pages to the system; True when the C library could be asked."""
    libc = _glibc()
    if not libc:
        return False
    libc.malloc_trim(0)
    return True


def one_heap() -> bool:
    """From now on, threads that start allocate from the main heap, not heaps of their own.
    True when the C library took the setting."""
    libc = _glibc()
    return bool(libc) and libc.mallopt(M_ARENA_MAX, 1) == 1


M_TRIM_THRESHOLD = -1  # glibc's mallopt parameters: free memory kept at a heap's top,
M_MMAP_THRESHOLD = -3  # and the size from which a block is mapped on its own


def keep_freed(mmap_below: int, trim_above: int) -> bool:
    """From now on, blocks under ``mmap_below`` bytes come from the heap and up to
    ``trim_above`` bytes freed at its top are kept for the next allocations, not handed back
    (a CLI listing, whose batches each free what the next one takes). True when the C
    library took both settings; elsewhere nothing changes."""
    libc = _glibc()
    return bool(libc) and (
        libc.mallopt(M_MMAP_THRESHOLD, mmap_below) == 1
        and libc.mallopt(M_TRIM_THRESHOLD, trim_above) == 1
    )


def threads_that_end(loop: Any) -> None:
    """Run the jobs of ``loop``'s default executor (Textual's thread workers: the search's
    queries, the home screen's cards) each on a thread of its own that ends with it.

    The executor asyncio makes keeps its threads waiting for the next job for as long as the
    process lives, and glibc keeps, per thread, freed blocks of each size up to 1 KiB (its
    tcache: up to 7 of each) counted as in use: the trim cannot give them back, and those
    of the idle thread that ran the searches kept the heap's top from shrinking (the main
    heap after a round of use 0.25 MiB larger). A thread that ends hands its blocks back.
    Starting a thread costs about 0.1 ms, once a query, after the typing paused."""
    loop.set_default_executor(_thread_per_job()())


def _thread_per_job() -> type:
    """The executor class, made when first asked for (``stadstafel`` imports this module
    at every start; threads and futures are the terminal UI's)."""
    import threading
    from concurrent.futures import Future, ThreadPoolExecutor

    class ThreadPerJob(ThreadPoolExecutor):
        """An executor whose every job runs on a new thread (see ``threads_that_end``);
        shut down, it waits for the jobs still running, as asyncio's own does."""

        def __init__(self) -> None:
            super().__init__(max_workers=1)  # its own threads are never started
            self._running: set[threading.Thread] = set()

        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
            future: Future = Future()

            def run() -> None:
                try:
                    if future.set_running_or_notify_cancel():
                        try:
                            result = fn(*args, **kwargs)
                        except BaseException as exc:  # the caller's to handle, as asyncio's
                            future.set_exception(exc)
                        else:
                            future.set_result(result)
                finally:
                    self._running.discard(thread)

            thread = threading.Thread(target=run, name="stadstafel-job")
            self._running.add(thread)
            try:
                thread.start()
            except BaseException:  # no thread to be had: the job fails, the end joins none
                self._running.discard(thread)
                raise
            return future

        def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
            if wait:
                for thread in list(self._running):
                    thread.join()
            super().shutdown(wait, cancel_futures=cancel_futures)

    return ThreadPerJob


def _glibc() -> _Glibc | bool:
    global _libc
    if _libc is None:
        _libc = False
        if sys.platform.startswith("linux"):
            try:
                _libc = _Glibc()
            except Exception:  # not glibc (musl has neither), or not CPython's _ctypes
                _libc = False
    return _libc


class _Glibc:
    """``malloc_trim`` and ``mallopt`` of the process's C library, each ``int f(int, ...)``.

    Built from ``_ctypes``, the C part of ``ctypes``, with the two types a call needs:
    ``one_heap`` runs on the start path, where the ``ctypes`` package (its classes and
    ``struct``: 2.3-2.9 ms) would cost three times these lines (0.8 ms)."""

    def __init__(self) -> None:
        import _ctypes

        class Int(_ctypes._SimpleCData):
            _type_ = "i"

        class Call(_ctypes.CFuncPtr):
            _flags_ = _ctypes.FUNCFLAG_CDECL
            _restype_ = Int

        class Process:  # where a call's symbol is looked up: the process's own
            _handle = _ctypes.dlopen(None, _ctypes.RTLD_LOCAL)

        # a name not found raises AttributeError
        self.malloc_trim = Call(("malloc_trim", Process))
        self.mallopt = Call(("mallopt", Process))


class without_tls:
    """``with without_tls(): import textual.app``: imports made inside find no ``ssl``.

    asyncio imports ``ssl`` when it is imported, for TLS connections (``ssl=`` of its
    streams and servers), and ``ssl`` loads OpenSSL: 2.9 MiB of ``libcrypto`` pages, 0.5 of
    ``libssl`` and ``_ssl``, 1.2 MiB of heap, 6-8 ms of a start. The terminal UI makes no
    network connection at all, so ``start.run_tui`` imports the app (and with it Textual
    and asyncio) inside this: asyncio then has no TLS in that process, as on a Python built
    without ``ssl``. Afterwards ``import ssl`` works again (and loads OpenSSL then): sending
    mail, ``urllib`` and the like are unaffected. Does nothing when ``ssl`` is loaded already.

    Only the thread that entered it finds no ``ssl``: another thread (the start's
    read-ahead, which opens the workspace and runs the modules' ``attach`` hooks) imports it
    as ever, or a module it imports that looks for ``ssl`` once (``http.client``,
    ``urllib.request``, ``smtplib``) would stay without HTTPS and STARTTLS for the session.
    """

    def __enter__(self) -> None:
        self._finder = None
        if "ssl" not in sys.modules:
            self._finder = _NoTls(get_ident())
            sys.meta_path.insert(0, self._finder)

    def __exit__(self, *exc: object) -> None:
        if self._finder is not None and self._finder in sys.meta_path:
            sys.meta_path.remove(self._finder)


class _NoTls:
    """An import finder that refuses ``ssl`` to one thread (``without_tls``)."""

    def __init__(self, thread: int) -> None:
        self.thread = thread

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "ssl" and get_ident() == self.thread:
            raise ModuleNotFoundError("ssl: not loaded by the terminal UI", name="ssl")
        return None  # for every other import (and thread): the next finder


def rss_mib() -> float | None:
    """This process's resident memory in MiB (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None
