"""Textual's rendered lines and caches freed as they are dropped, not left to the collector.

Two of Textual's structures are reference cycles, so what they hold is freed only by a full
garbage collection, which the app runs in the user's longer pauses
(``StadstafelApp.collect_in_pause``): until then it is memory, and the interpreter takes new
1 MiB arenas for it. An arena is kept as long as one object in it lives, and the objects the
screens keep (lines on screen, the rows of a page) land in them as well: the first round of
use took three arenas more than every section had, kept for the session, mostly free room.
Of the cyclic garbage a round of use made, most was these four:

- *A line divided at its own end* (``Strip.divide``, for every line of a widget as wide as
  the region it is drawn in): Textual caches the answer, ``[line]``, in the line's own
  divide cache, so every line drawn once and replaced was a cycle, with its segments.
- *An LRU cache cleared or dropped* (``textual.cache.LRUCache``, a ring of links ``[prev,
  next, key, value]``): ``clear`` forgets the links but leaves them linked, so every value a
  DataTable's render caches held (rendered rows and cells, a refilled page's rows) waited
  for the collector, as did a whole cache when its widget went.
- *A widget restyled* (a focus change, a class set): the stylesheet makes each of its
  component classes' virtual node anew (``Stylesheet._process_component_classes``), and the
  one it replaces and its styles point at each other (a DataTable's thirteen, 3.8 KB each).
- *A screen laid out* (``Compositor._arrange_root``): the map of every widget's place it
  makes is held by the function that made it, which refers to itself; each map replaced (at
  every layout and every scroll of the visible part) kept its geometry until a collection.

Here a line divided at its own end returns ``[line]`` without caching it (making it costs
less than the cache's look-up), a cleared or dropped LRU cache unlinks its links, and a
replaced component node lets go of its styles, and a compositor empties the maps it
replaced, so what they hold goes back at once. Applied only to the tested range of Textual
where the four are as read (``applies``).
"""

from __future__ import annotations

from typing import Any

from stadstafel.tui.textual_private import SUPPORTED


def _unlink(cache: Any) -> None:
    for link in getattr(cache, "_cache", {}).values():
        link.clear()


#: A component node's attributes that point at its styles (which point back at it).
_NODE_STYLES = ("styles", "_css_styles", "_inline_styles")


def _process_acyclic(process: Any) -> Any:
    def process_component_classes(self: Any, node: Any) -> None:
        old = list(node._component_styles.values())
        process(self, node)
        if old:
            kept = {id(styles) for styles in node._component_styles.values()}
            for styles in old:
                if id(styles) not in kept:
                    replaced = styles.node.__dict__
                    for name in _NODE_STYLES:
                        replaced.pop(name, None)

    return process_component_classes


def _maps_emptied(method: Any) -> Any:
    """``method`` of the compositor, emptying the maps and widget sets it replaced (Textual
    empties its map in place too, ``Compositor.clear``); only the compositor reads them."""

    def replacing(self: Any, *args: Any) -> Any:
        before = (self._full_map, self._visible_map, self.widgets)
        result = method(self, *args)
        now = (id(self._full_map), id(self._visible_map), id(self.widgets))
        for old in before:
            if old is not None and id(old) not in now:
                old.clear()
        return result

    return replacing


def applies() -> bool:
    """Make both free what they hold as they drop it (idempotent); True when it applies."""
    from textual._compositor import Compositor
    from textual.cache import LRUCache
    from textual.css.stylesheet import Stylesheet
    from textual.dom import DOMNode
    from textual.strip import Strip

    if getattr(Strip.divide, "_acyclic", False):
        return True
    divide, clear = Strip.divide, LRUCache.clear
    process = Stylesheet._process_component_classes
    full_map = Compositor.__dict__.get("full_map")
    layouts = (Compositor.reflow, Compositor.reflow_visible, getattr(full_map, "fget", None))
    if (
        not SUPPORTED
        or "_component_styles" not in process.__code__.co_names
        or not set(_NODE_STYLES) <= set(vars(DOMNode()))
        or not all(
            layout is not None and "_arrange_root" in layout.__code__.co_names for layout in layouts
        )
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
    Stylesheet._process_component_classes = _process_acyclic(process)  # type: ignore[method-assign]
    Compositor.reflow = _maps_emptied(Compositor.reflow)  # type: ignore[method-assign]
    Compositor.reflow_visible = _maps_emptied(Compositor.reflow_visible)  # type: ignore[method-assign]
    Compositor.full_map = property(_maps_emptied(full_map.fget))  # type: ignore[method-assign, union-attr]
    return True


applies()
