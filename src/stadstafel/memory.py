"""Giving freed memory back to the system.

CPython and SQLite allocate through the C library's ``malloc``. glibc keeps what they free
in its heaps and returns it to the system only when the top of a heap is free. It gives
each thread that allocates a heap of its own: the search screen's worker thread, which runs
the full-text queries, held 3-4 MiB after its first searches that nothing else could reuse.
So after start the terminal UI asks glibc for one heap for every thread (``one_heap``: the
threads take turns under the interpreter's lock anyway), and in the user's pauses, after a
collection, for every free page back (``trim``: ``malloc_trim(0)``; see
``StadstafelApp.collect_in_pause``). Elsewhere (musl, macOS, Windows) there are no such
calls and both do nothing.
"""

from __future__ import annotations

import sys
from typing import Any

M_ARENA_MAX = -8  # glibc's mallopt parameter: how many heaps threads may get
_libc: Any = None  # None: not looked up yet; False: not glibc


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


def _glibc() -> Any:
    global _libc
    if _libc is None:
        _libc = False
        if sys.platform.startswith("linux"):
            try:
                import ctypes  # imported after the first frame, never during a start

                libc = ctypes.CDLL(None)
                if libc.malloc_trim and libc.mallopt:
                    _libc = libc
            except (OSError, AttributeError):  # not glibc (musl has neither call)
                pass
    return _libc


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
