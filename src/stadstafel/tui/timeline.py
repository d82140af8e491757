"""A timeline of the app's work that nobody asked for by a key (the pause work), for finding
what a key waited behind: with ``STADSTAFEL_TIMELINE=<file>`` in the environment, each key
received and each step of pause work is a line of that file, ``perf_counter<TAB>ms<TAB>what``
(the start of the step, its duration, what it did; ``perf_counter`` is the monotonic clock a
benchmark on the same machine reads too). Nothing is written, and nothing is measured,
without it; it never writes into what the app draws.

What a person types is theirs (a name, a note, a password to a prompt): a key is written by
its kind and name when it types nothing (``key ctrl+p``, ``key enter``) and as ``key typed``
when it types a character, a paste as ``paste``; only with ``STADSTAFEL_TIMELINE_TYPED=1``
as well does a typed key name its character (for finding which letter waited)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_PATH = os.environ.get("STADSTAFEL_TIMELINE") or None
_TYPED = os.environ.get("STADSTAFEL_TIMELINE_TYPED") == "1"
_file = None


def enabled() -> bool:
    return _PATH is not None


def mark(what: str, start: float | None = None) -> None:
    """One line: ``what`` began at ``start`` (``time.perf_counter()``) and ends now; without
    ``start`` an instant."""
    global _file
    if _PATH is None:
        return
    now = time.perf_counter()
    if _file is None:
        try:
            _file = open(_PATH, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 (kept open)
        except OSError:
            return
    began = now if start is None else start
    _file.write(f"{began:.6f}\t{(now - began) * 1000:.2f}\t{what}\n")


def received(event: object) -> None:
    """One line for a key, click or paste the app received; what it typed is not written
    (see the module)."""
    key = getattr(event, "key", None)
    if key is None:
        mark("paste" if hasattr(event, "text") else f"key {type(event).__name__}")
    elif getattr(event, "is_printable", False) and not _TYPED:
        mark("key typed")
    else:
        mark(f"key {key}")


def step(run: Callable[[], T], name: str) -> T:
    """``run()``; on the timeline as ``name`` and what it returned, when it returned
    something (None: it did nothing, not worth a line)."""
    if _PATH is None:
        return run()
    start = time.perf_counter()
    done = run()
    if done is not None:
        mark(f"{name} {done}", start)
    return done
