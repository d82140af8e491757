"""A screen that is one long list, paged from the database and filtered as you type.

    class DecisionsScreen(PagedListScreen):
        LIST_ID, DETAIL_ID = "decisions", "decision-detail"
        BINDINGS = list_keys("decisions")

        def columns(self): ...          # [(label, width), ...]
        def fetch(self, offset, limit): ...  # a Page from a service's list()
        def cells(self, record): ...    # the row's cells
        def show_detail(self): ...      # the lines under the list, and set_status()
        def open_record(self, record): ...   # Enter

It opens in the filter (a first letter that is also a section key would otherwise switch
sections): type, then Enter or Down to the list; typing on the list goes on filtering;
ctrl+f returns to the filter; Escape leaves the filter (clearing it) and then the screen.
Above the list a line ``#scope`` (what the list is limited to), under it ``DETAIL_ID`` and a
status line the screen draws (``set_status``). The screen's CSS gives those their heights.
"""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from stadstafel.records import Page, Record
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import StadstafelScreen, bind
from stadstafel.tui.widgets.paged import (
    PagedRecordTable,
    filter_bar,
    focus_filter,
    type_into_filter,
)


def list_keys(prefix: str, *extra: Binding) -> list[Binding]:
    """The keys of a paged list screen, with ``extra`` ones (shown first) in between; the
    binding ids start with ``prefix`` (``[ui.keymap]`` rebinds them by id)."""
    return [
        bind("down", "to_list", "Naar de lijst", "To the list", show=False,
             id=f"{prefix}.to_list"),
        *extra,
        bind("ctrl+f", "focus_filter", "Filter", id=f"{prefix}.filter", priority=True),
        bind("escape", "back", "Terug", "Back", id=f"{prefix}.back"),
    ]  # fmt: skip


class PagedList(StadstafelScreen):
    """The wiring of a screen whose body is one paged list (``LIST_ID``) with a filter
    (``#filter``), whatever its layout: typing in the filter reads the list again from its
    first row, Enter in the filter goes to the list, Enter on a row opens it
    (``open_record``), ctrl+f / ``action_focus_filter`` returns to the filter, Escape in the
    filter clears it and returns to the list (``leave_filter``), and after every read
    ``after_reload()`` updates what goes with the list (a count line, a detail).

    ``PagedListScreen`` is one with the core's layout. A module's section that keeps a layout
    of its own (a filter line, a count line, the list) is one too::

        class ParksScreen(PagedList, SectionScreen):
            LIST_ID = "parks"

            def compose_body(self):
                yield FilterInput(id="filter", on_change=self.filter_changed)
                yield self.line_above(PagedRecordTable(COLUMNS, fetch=self.fetch,
                                                       cells=self.cells, id=self.LIST_ID))

            def after_reload(self): ...   # the count line: self.set_count(...)
            def open_record(self, record): ...

    The key that calls ``action_focus_filter`` is bound with ``priority=True`` (as
    ``list_keys`` binds ctrl+f): it then acts as the app reads it, before the keys typed right
    after it, which go into the filter (``focus_filter``).
    """

    LIST_ID = "records"

    # -- what a subclass fills in --------------------------------------------------------------
    def fetch(self, offset: int, limit: int) -> Page:
        raise NotImplementedError

    def cells(self, record: Record) -> list[Any]:
        return []

    def open_record(self, record: Record) -> None:
        """Enter on a row."""

    def after_reload(self) -> None:
        """The list was read again: update what goes with it."""

    # -- the list and the filter ---------------------------------------------------------------
    @property
    def list_view(self) -> PagedRecordTable:
        return self.query_one(f"#{self.LIST_ID}", PagedRecordTable)

    @property
    def filter_text(self) -> str:
        return self.query_one("#filter", Input).value.strip()

    def reload(self) -> None:
        """Read the list again from its first row (the filter or the scope changed)."""
        self.list_view.reload(keep_cursor=False)
        self.after_reload()

    def refresh_data(self) -> None:
        """Read the list again where the cursor is (the data changed)."""
        self.list_view.reload(keep_cursor=True)
        self.after_reload()

    def filter_changed(self, _value: str) -> None:
        """The filter's ``on_change``."""
        if self.is_mounted:
            self.reload()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.list_view.focus()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != self.LIST_ID:
            return
        event.stop()
        record = self.list_view.current_record
        if record is not None:
            self.open_record(record)

    def action_focus_filter(self) -> None:
        focus_filter(self)

    def leave_filter(self) -> bool:
        """Out of the filter, as the core's lists do: the filter cleared, the focus on the
        list (at once, so that the keys typed after Escape are the list's). False when the
        filter did not have the focus."""
        filt = self.query_one("#filter", Input)
        if self.focused is not filt:
            return False
        filt.value = ""
        self.set_focus(self.list_view)
        return True

    def key_escape(self, event: events.Key) -> bool:
        """Escape in the filter: ``leave_filter``, and the key is spent: a binding of Escape
        (a screen's "back") acts only on the next one. Elsewhere it is not handled here."""
        if not self.leave_filter():
            return False
        event.stop()  # the app checks the bindings after the key has bubbled up to it
        return True


class PagedListScreen(PagedList):
    """One paged list with a filter, a detail under it and a status line; see the module."""

    LIST_ID = "records"
    DETAIL_ID = "record-detail"
    PAGE = 50  # rows fetched per page: a few screens full, little work per keystroke
    FILTER_HINT = ("typ om te filteren (ctrl+f)", "type to filter (ctrl+f)")
    #: Escape on the list with a filter typed: clear the filter (True) or leave (False).
    ESCAPE_CLEARS_FROM_LIST = False
    AUTO_FOCUS = "#filter"

    def __init__(self, *, filter: str = "") -> None:
        super().__init__()
        self.initial_filter = filter

    # -- what a subclass fills in (besides fetch, cells and open_record) -------------------------
    def columns(self) -> list[tuple[str, int]]:
        return []

    def show_detail(self) -> None:
        """Fill ``#<DETAIL_ID>`` and the status line (``set_status``) for the record under
        the cursor."""

    def after_reload(self) -> None:
        self.show_detail()

    # -- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield filter_bar("scope", L(*self.FILTER_HINT), self.filter_changed,
                         value=self.initial_filter)  # fmt: skip
        yield PagedRecordTable(
            self.columns(), fetch=self.fetch, cells=self.cells, page_size=self.PAGE,
            id=self.LIST_ID,
        )  # fmt: skip
        # the status line under it: drawn by the screen (set_status), not a widget
        yield self.line_below(Static("", id=self.DETAIL_ID, markup=False))
        yield from self.compose_footer()

    # -- events --------------------------------------------------------------------------------
    @on(DataTable.RowHighlighted)
    def _moved(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == self.LIST_ID:
            self.show_detail()

    def on_key(self, event: events.Key) -> None:
        type_into_filter(self, event)  # typing on the list filters it

    # -- actions -------------------------------------------------------------------------------
    def action_to_list(self) -> None:
        """Down in the filter (the list handles its own Down): on to the list."""
        self.list_view.focus()

    def action_back(self) -> None:
        """Escape: out of the filter first (clearing it), then back."""
        if self.leave_filter():
            return
        filt = self.query_one("#filter", Input)
        if self.ESCAPE_CLEARS_FROM_LIST and filt.value:
            filt.value = ""
            return
        self.app.pop_screen()
