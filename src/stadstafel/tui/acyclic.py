"""Textual's rendered lines and caches freed as they are dropped, not left to the collector.

Two of Textual's structures are reference cycles, so what they hold is freed only by a full
garbage collection, which the app runs in the user's longer pauses
(``StadstafelApp.collect_in_pause``): until then it is memory, and the interpreter takes new
1 MiB arenas for it. An arena is kept as long as one object in it lives, and the objects the
screens keep (lines on screen, the rows of a page) land in them as well: the first round of
use took three arenas more than every section had, kept for the session, mostly free room.
Of the cyclic garbage a round of use made, most was these two:

- *A line divided at its own end* (``Strip.divide``, for every line of a widget as wide as
  the region it is drawn in): Textual caches the answer, ``[line]``, in the line's own
  divide cache, so every line drawn once and replaced was a cycle, with its segments.
- *An LRU cache cleared or dropped* (``textual.cache.LRUCache``, a ring of links ``[prev,
  next, key, value]``): ``clear`` forgets the links but leaves them linked, so every value a
  DataTable's render caches held (rendered rows and cells, a refilled page's rows) waited
  for the collector, as did a whole cache when its widget went.

Here a line divided at its own end returns ``[line]`` without caching it (making it costs
less than the cache's look-up), and a cleared or dropped LRU cache unlinks its links, so
what they hold goes back at once. Applied only to the tested range of Textual where the two
are as read (``applies``).
"""

from __future__ import annotations

from typing import Any

from stadstafel.tui.textual_private import SUPPORTED


def _unlink(cache: Any) -> None:
    for link in getattr(cache, "_cache", {}).values():
        link.clear()


def applies() -> bool:
    """Make both free what they hold as they drop it (idempotent); True when it applies."""
    from textual.cache import LRUCache
    from textual.strip import Strip

    if getattr(Strip.divide, "_acyclic", False):
        return True
    divide, clear = Strip.divide, LRUCache.clear
    if (
        not SUPPORTED
        or "_divide_cache" not in divide.__code__.co_names
        or set(clear.__code__.co_names) != {"_cache", "clear", "_full", "_head"}
        or "__del__" in LRUCache.__dict__
    ):
        return False

    def divide_acyclic(self: Strip, cuts: Any) -> Any:
        cell_length = self.cell_length
        cuts = [cut for cut in cuts if cut <= cell_length]
        if cuts == [cell_length]:
            return [self]  # Textual's answer, not kept in the line's own cache
        return divide(self, cuts)

    def clear_acyclic(self: LRUCache) -> None:
        _unlink(self)
        clear(self)

    divide_acyclic._acyclic = True  # type: ignore[attr-defined]
    Strip.divide = divide_acyclic  # type: ignore[method-assign]
    LRUCache.clear = clear_acyclic  # type: ignore[method-assign]
    LRUCache.__del__ = _unlink  # type: ignore[attr-defined]
    return True


applies()
