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

import re
from collections.abc import Iterable
from typing import Any

import textual
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


SUPPORTED = supported(getattr(textual, "__version__", ""))


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


class BatchAwareScreen(Screen):
    """A screen that draws nothing while the app holds an update batch: Textual renders a
    frame then that ``App._display`` throws away while the compositor counts its regions as
    drawn, so the terminal's first frame was only what changed after the batch. Marked for a
    repaint instead, the first refresh after the batch draws the whole screen."""

    if SUPPORTED:

        def _compositor_refresh(self) -> None:
            if self.app._batch_count:
                self.refresh()
                return
            super()._compositor_refresh()


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
