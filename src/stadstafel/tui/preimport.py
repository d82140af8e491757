"""The sections' screen modules imported on a helper thread right after the first frame.

A section opened before the app had a pause to build it (``StadstafelApp.prepare_in_pause``
waits for half a second without a key) spent most of its first opening importing its
screen's module and what that module imports: 60 % of the stack samples of a first opening
with no pause (15-55 ms a section at the large size), the rest its build, query and render.
Imports need no pause: they touch nothing a screen or the app holds. So the app hands the
modules of the sections not shown yet to this thread as soon as home is drawn, in the order
the builder would build them, and a section key then finds its module imported.

One module at a time, under ``gate`` (a lock): the main thread takes the same lock around a
section's build (``StadstafelApp.switch_mode``, the builder's own import step), so the two
never import at once. A key that opens a section whose module is being imported waits for
that one module (which it would otherwise import itself), never for the queue; no importing
two halves of a cycle from two threads. Before each module the thread lets a key that came
go first (``busy``), so it does not compete with the key's handling for the interpreter.

Nothing is kept but the imported modules, which the builder would import in the first pause
anyway. A module that fails to import is left to the section's first visit, which says why."""

from __future__ import annotations

import importlib
import sys
import threading
import time
from collections.abc import Callable, Iterable

from stadstafel.tui import timeline

#: How often the thread looks again while a key waits to be handled.
BUSY_POLL_SECONDS = 0.005


class Preimport:
    """Imports ``modules`` in order on a daemon thread (see the module); ``stop()`` ends it
    after the module it is importing."""

    def __init__(self, modules: Iterable[str], busy: Callable[[], bool]):
        self.gate = threading.RLock()  # reentrant: a section's build may switch again
        self._modules = [m for m in dict.fromkeys(modules) if m]
        self._busy = busy
        self._stop = threading.Event()
        self.done: list[str] = []  # imported by this thread, in order
        self.thread = threading.Thread(target=self._run, name="stadstafel-preimport", daemon=True)

    def start(self) -> Preimport:
        if self._modules:
            self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        for module in self._modules:
            while not self._stop.is_set() and self._busy():
                self._stop.wait(BUSY_POLL_SECONDS)
            if self._stop.is_set():
                return
            if module in sys.modules:
                continue
            with self.gate:
                start = time.perf_counter()
                try:
                    importlib.import_module(module)
                except Exception:  # left to the first visit, which says why
                    continue
                finally:
                    timeline.mark(f"preimport {module}", start)
                self.done.append(module)


def section_modules(sections: Iterable) -> list[str]:
    """The modules of ``sections`` (``Section.module``: a name or a sequence), in order."""
    out: list[str] = []
    for section in sections:
        named = section.module
        out += [named] if isinstance(named, str) else list(named or ())
    return out
