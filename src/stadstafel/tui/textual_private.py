"""Textual's private API, in one place, for the Textual versions it was written against.

Every use of an underscore name of Textual in stadstafel (and its plugins) is here;
``tests/test_layering.py`` fails on one anywhere else. Each use earns its keep: a speed-up
measured in ``docs/benchmarks.md``, or something Textual offers no public way to do (English
descriptions for bindings declared in Dutch, a section's key before the app's own, a database
fault ending the session with one line instead of a traceback).

``SUPPORTED`` says whether the installed Textual falls in ``TESTED`` (the range the code
below was read against). Outside it nothing private is touched: every function here falls
back to Textual's public behaviour (slower, or bindings left in Dutch), and the classes are
plain Textual ones.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Iterable
from typing import Any

import textual
from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import DataTable, Input

#: The Textual versions this module was written against: from (inclusive), to (exclusive).
TESTED = ((8, 0), (9, 0))


def version_tuple(text: str) -> tuple[int, int]:
    """``"8.2.8"`` -> ``(8, 2)``; an unreadable version reads as ``(0, 0)``."""
    found = re.match(r"(\d+)\.(\d+)", text or "")
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


def supported(version: str) -> bool:
    return TESTED[0] <= version_tuple(version) < TESTED[1]


def textual_version() -> str:
    """Textual's version, read from the name of its ``dist-info`` folder beside the package.

    ``textual.__version__`` asks importlib.metadata, which imports the e-mail parser, zipfile
    and csv: 0.8 MiB that stay for the whole session and 10-15 ms of every start."""
    site = os.path.dirname(os.path.dirname(textual.__file__ or ""))
    with contextlib.suppress(OSError), os.scandir(site) as entries:
        for entry in entries:
            if entry.name.startswith("textual-") and entry.name.endswith(".dist-info"):
                return entry.name[len("textual-") : -len(".dist-info")]
    return getattr(textual, "__version__", "")


SUPPORTED = supported(textual_version())


# -- bindings ------------------------------------------------------------------------------------
def key_bindings(node: DOMNode) -> dict[str, list[Binding]] | None:
    """The node's own map of key -> bindings (to rewrite descriptions), or None."""
    return node._bindings.key_to_bindings if SUPPORTED else None


def add_binding(node: DOMNode, binding: Binding, *, first: bool = False) -> None:
    """Give ``node`` one more binding (``first``: before the ones it has, so the footer shows
    it first). Outside the tested range: Textual's public ``App.bind`` on an app (no id, so
    ``[ui.keymap]`` cannot rebind it), nothing on another node."""
    if not SUPPORTED:
        if isinstance(node, App):
            node.bind(binding.key, binding.action, description=binding.description,
                      show=binding.show, key_display=binding.key_display)  # fmt: skip
        return
    add_bindings(node, [binding], first=first)


def add_bindings(node: DOMNode, bindings: list[Binding], *, first: bool = False) -> None:
    """``add_binding`` for several, in their order."""
    if not SUPPORTED:
        for binding in bindings:
            add_binding(node, binding)
        return
    keys = node._bindings.key_to_bindings
    if first:
        node._bindings.key_to_bindings = {}
    for binding in bindings:
        node._bindings._add_binding(binding)
    if first:
        for key, held in keys.items():
            node._bindings.key_to_bindings.setdefault(key, []).extend(held)


# -- styles and drawing ---------------------------------------------------------------------------
def css_update_count(app: App) -> int | None:
    """How often the app's CSS changed (a theme switch counts); None outside the range."""
    return app._css_update_count if SUPPORTED else None


def count_as_styled(screen: Screen, app: App) -> None:
    """A new screen counts as styled with the app's current CSS: its widgets are styled as
    they mount, so Textual's restyle of the whole app for a never-refreshed screen is not
    needed (3-8 ms per section's first show)."""
    if SUPPORTED:
        screen._css_update_count = app._css_update_count


def batching(app: App) -> bool:
    """Does the app hold an update batch (a frame drawn now would be thrown away)?"""
    return bool(app._batch_count) if SUPPORTED else False


def only_no_colour_filter(app: App) -> None:
    """Replace the app's colour filters by one that drops every colour (a colourless
    terminal). Outside the range, Textual's own NO_COLOR handling stays."""
    if not SUPPORTED:
        return
    from textual.filter import ANSIToTruecolor, Monochrome, NoColor

    kept = [f for f in app._filters if not isinstance(f, ANSIToTruecolor | Monochrome | NoColor)]
    app._filters = [*kept, NoColor()]


def refresh_truecolor_filter(app: App, ansi_theme: Any) -> None:
    """What ``App.watch_theme`` does for the ANSI colours of a theme set without it."""
    if SUPPORTED:
        app._refresh_truecolor_filter(ansi_theme)


# -- screens and modes ----------------------------------------------------------------------------
def mode_names(app: App) -> set[str]:
    """The modes the app has (added or running)."""
    return set(app._modes) if SUPPORTED else set()


def screen_stacks(app: App) -> dict[str, list[Screen]]:
    """Every mode's stack of screens; outside the range only the current mode's."""
    if SUPPORTED:
        return {mode: list(stack) for mode, stack in app._screen_stacks.items()}
    return {app.current_mode: list(app.screen_stack)}


def screen_strips(app: App) -> list:
    """The current screen as composed, one Strip of segments a line (what reaches the
    terminal): for tests that check what was drawn."""
    return app.screen._compositor.render_strips()


def exiting(app: App) -> bool:
    """Has the app been asked to exit?"""
    return bool(app._exit) if SUPPORTED else False


# -- classes that override a private method ----------------------------------------------------
class FaultEndsApp(App):
    """An app whose ``fatal_fault(error)`` may end the session itself (True) on an error no
    screen expected, instead of Textual's traceback."""

    def fatal_fault(self, error: Exception) -> bool:
        return False

    if SUPPORTED:

        def _handle_exception(self, error: Exception) -> None:
            if not self.fatal_fault(error):
                super()._handle_exception(error)


def escape_grace() -> float:
    """Seconds a lone ESC waits for the rest of an escape sequence. Textual waits
    ``ESCDELAY`` ms (100 by default) and, reading in steps of 0.1 s, notices it only at the
    next step. A terminal writes an escape sequence (arrow, function key, mouse report, the
    bracketed-paste markers) in one piece, so a local terminal needs no more than a few ms;
    over SSH a sequence may come in two packets, and Textual's delay stays. ``ESCDELAY``, when
    set, is honoured as it is."""
    if "ESCDELAY" in os.environ:
        from textual import constants

        return constants.ESCAPE_DELAY
    if os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"):
        return 0.1
    return 0.01


def quick_escape_driver() -> type | None:
    """Textual's Linux driver with an input loop that hands a lone ESC on within
    ``escape_grace()``; None outside the tested range or where Textual has no such driver."""
    if not SUPPORTED or os.name != "posix":
        return None
    import selectors
    from codecs import getincrementaldecoder

    from textual._parser import ParseError
    from textual._time import get_time
    from textual._xterm_parser import XTermParser
    from textual.drivers.linux_driver import LinuxDriver

    grace = escape_grace()

    class QuickEscapeDriver(LinuxDriver):
        def run_input_thread(self) -> None:
            # Textual's own loop (LinuxDriver.run_input_thread), with two changes: an
            # escape sequence's wait for its next byte is at most ``grace``, and the select
            # wakes when that wait ends instead of after its fixed 0.1 s.
            selector = selectors.SelectSelector()
            selector.register(self.fileno, selectors.EVENT_READ)
            fileno = self.fileno
            parser = XTermParser(self._debug)
            decode = getincrementaldecoder("utf-8")().decode

            def process(events_: list, final: bool = False) -> None:
                for index, (_key, mask) in enumerate(events_):
                    if mask & selectors.EVENT_READ:
                        last = index == len(events_) - 1
                        data = decode(os.read(fileno, 1024 * 4), final=final and last)
                        if not data:
                            break
                        for event in parser.feed(data):
                            self.process_message(event)
                        due = parser._timeout_time
                        if due is not None:
                            parser._timeout_time = min(due, get_time() + grace)
                for event in parser.tick():
                    self.process_message(event)

            def wait() -> float:
                due = parser._timeout_time
                return 0.1 if due is None else min(0.1, max(0.0, due - get_time()))

            try:
                while not self.exit_event.is_set():
                    process(selector.select(wait()))
                selector.unregister(self.fileno)
                process(selector.select(0.1), final=True)
            finally:
                selector.close()
                with contextlib.suppress(EOFError, ParseError):
                    for _event in parser.feed(""):
                        pass

    return QuickEscapeDriver


class QuickEscapeApp(App):
    """An app that reads a terminal with ``quick_escape_driver()`` where there is one: Escape
    arrives a few ms after the key instead of 100-200 ms."""

    def get_driver_class(self) -> type:
        from textual import constants

        default = super().get_driver_class()
        if constants.DRIVER or default.__module__ != "textual.drivers.linux_driver":
            return default  # a driver chosen in TEXTUAL_DRIVER, or another platform's
        return quick_escape_driver() or default


class BatchAwareScreen(Screen):
    """A screen that draws nothing while the app holds an update batch: Textual renders a
    frame then that ``App._display`` throws away while the compositor counts its regions as
    drawn, so the terminal's first frame was only what changed after the batch. Marked for a
    repaint instead, the first refresh after the batch draws the whole screen. A Resize to
    the size the screen is already laid out at lays nothing out again."""

    if SUPPORTED:

        def _compositor_refresh(self) -> None:
            if self.app._batch_count:
                self.refresh()
                return
            super()._compositor_refresh()

        def _screen_resized(self, size: Any) -> None:
            # A screen pushed is laid out at the terminal's size as it resumes; the Resize
            # that its first layout posts to it then lays it (and every screen under it) out
            # again at that same size (4-5 ms per screen opened). A real resize changes the
            # size, and pending layout work is done by the screen's update timer.
            if size == self._compositor.size:
                return
            super()._screen_resized(size)


_JOIN = Text("\n")  # what Text.__rich_console__ joins its lines with


class FastDataTable(DataTable):
    """A DataTable that skips measuring rows when every column has a fixed width, and renders
    a one-line ``Text`` cell straight to its segments (``test_lists.py`` checks, cell by cell,
    that both ways give the same characters and styles)."""

    if SUPPORTED:

        def _update_dimensions(self, new_rows: Iterable[Any]) -> None:
            # DataTable measures every cell of every new row to size its columns; with fixed
            # widths (and one-line rows) the measure is never used: half of a page's cost.
            if self.columns and not any(c.auto_width for c in self.columns.values()):
                new_rows = ()
            super()._update_dimensions(new_rows)

        def _render_cell(
            self,
            row_index: int,
            column_index: int,
            base_style: Style,
            width: int,
            cursor: bool = False,
            hover: bool = False,
        ) -> list[list[Segment]]:
            # DataTable renders every cell through Rich's console (a Padding in a Styled,
            # rendered to lines, cropped and padded again); after a filter keystroke every
            # visible cell is new, and that was half of the frame. For a row of height 1
            # holding a Text the same segments come from the Text's own wrap and render,
            # padded as the Padding pads; headers, fixed cells and the rest go the usual way.
            if row_index < self.fixed_rows or column_index < self.fixed_columns:
                return super()._render_cell(
                    row_index, column_index, base_style, width, cursor, hover
                )
            row_key = self._row_locations.get_key(row_index)
            column_key = self._column_locations.get_key(column_index)
            cache_key = (
                row_key,
                column_key,
                base_style,
                cursor,
                hover,
                self._show_hover_cursor,
                self._update_count,
                self._pseudo_class_state,
            )
            cached = self._cell_render_cache.get(cache_key)
            if cached is not None:
                return cached
            row = self.rows.get(row_key) if row_key is not None else None
            cells = self._get_row_renderables(row_index).cells
            cell = cells[column_index] if column_index < len(cells) else None
            pad = self.cell_padding
            inner = width - 2 * pad
            if row is None or row.height != 1 or not isinstance(cell, Text) or inner < 1:
                return super()._render_cell(
                    row_index, column_index, base_style, width, cursor, hover
                )
            console = self.app.console
            plain = cell.plain
            if (
                cell.justify in (None, "default")
                and cell.cell_len <= inner
                and not ("\n" in plain or "\t" in plain)
            ):
                line = cell  # what wrap would return: one line, as it is
            elif (
                cell.overflow == "ellipsis"
                and cell.justify in (None, "default")
                and not cell.spans
                and not ("\n" in plain or "\t" in plain)
            ):
                # what wrap returns for one line too long, cut with "…" (a long name in a
                # list: every such cell of a filter keystroke's page went through wrap)
                line = Text(set_cell_size(plain, inner - 1) + "…", style=cell.style)
            else:
                line = cell.wrap(
                    console,
                    inner,
                    justify=cell.justify or "default",
                    overflow=cell.overflow or "fold",
                    tab_size=cell.tab_size or console.tab_size or 8,
                    no_wrap=True,
                )[0]
            blank = Style.null()
            segments = [Segment(" " * pad, blank)] if pad else []
            if line.spans:
                segments += _JOIN.join([line]).render(console)
            else:  # what the join and render give for a text without spans
                segments.append(
                    Segment(line.plain, console.get_style(line.style) if line.style else None)
                )
            fill = inner - line.cell_len
            if fill > 0:
                segments.append(Segment(" " * fill, blank))
            if pad:
                segments.append(Segment(" " * pad, blank))
            component_style, post_style = self._get_styles_to_render_cell(
                False,
                False,
                False,
                hover,
                cursor,
                self.show_cursor,
                self._show_hover_cursor,
                self.cursor_foreground_priority == "css",
                self.cursor_background_priority == "css",
            )
            pre_style = (
                base_style + Style.from_meta({"row": row_index, "column": column_index})
            ) + component_style
            lines = [list(Segment.apply_style(segments, pre_style, post_style))]
            self._cell_render_cache[cache_key] = lines
            return lines


def screen_text(screen: Screen) -> str:
    """What ``screen`` shows, as plain text, one line per terminal row (for tests that look at
    the screen as a person would). Outside the range: the text of its widgets' renders."""
    if SUPPORTED:
        strips = screen._compositor.render_strips()
        return "\n".join("".join(seg.text for seg in strip) for strip in strips)
    return "\n".join(str(widget.render()) for widget in screen.walk_children())


def column_widths_changed(table: DataTable) -> None:
    """A DataTable whose columns' widths were set directly: drop its rendered cells and
    measure again. Outside the range: a refresh (the new widths show as rows are redrawn)."""
    if SUPPORTED:
        table._clear_caches()
        table._require_update_dimensions = True
    table.refresh()


class QuietInput(Input):
    """An Input whose change of text does not lay the whole screen out again: Input sets its
    virtual size to the text's width on every change, a reactive with layout=True. For an
    input of fixed size without a scrollbar the new virtual size is set quietly first (as
    ``watch_value`` runs), and Input finds it unchanged and only repaints."""

    if SUPPORTED:

        def _watch_value(self, value: str) -> None:
            from textual.geometry import Size

            self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
            super()._watch_value(value)


# -- memory --------------------------------------------------------------------------------------
# Textual caches ``StylesCache.get_inner_outer`` with ``functools.lru_cache`` on the method, so
# the cache's key holds the StylesCache itself: every widget that was ever drawn keeps its
# StylesCache, and with it every line it last rendered, alive in that cache until 1,024 newer
# entries push it out. Each visit of a screen that is closed again (search, a form, a
# record) left 9-40 of them behind: about 100 KB a visit, 10 MiB and more after a few hundred.
# The colours are the whole key of what the method works out; here only they are kept.
@functools.lru_cache(1024)
def _inner_outer(base_background: Any, background: Any) -> tuple[Any, Any]:
    from textual.style import Style as ContentStyle  # Textual's own, not Rich's

    return (
        ContentStyle(background=base_background + background),
        ContentStyle(background=base_background),
    )


def _get_inner_outer(_cache: Any, base_background: Any, background: Any) -> tuple[Any, Any]:
    return _inner_outer(base_background, background)


def keep_no_dead_widgets() -> None:
    """Install the colour-keyed ``get_inner_outer`` (idempotent; only in the tested range)."""
    if SUPPORTED:
        from textual._styles_cache import StylesCache

        StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign]


keep_no_dead_widgets()
