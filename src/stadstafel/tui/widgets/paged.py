"""Lists paged from the database, and the filter bar above them.

``PagedRecordTable`` asks ``fetch(offset, limit) -> Page`` for the first page (what fits on
the screen plus a margin) and for the next ``page_size`` rows when the cursor comes within
``margin`` rows of the end: the widget never holds the whole table, only a window of at most
``window_pages`` pages around what the user sees (scrolled further, the rows at the far end
are dropped and read again when scrolled back to). A keystroke in a filter costs one small
page, whatever the size of the table.

Apart from ``stadstafel.tui.widgets.lists`` so that a start, which shows only the home
screen's short lists, does not define these classes (half a millisecond each).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual import events
from textual.containers import Horizontal
from textual.widgets import Input, Static

from stadstafel.records import COUNT_CAP, Page, Record
from stadstafel.textsafe import printable_line
from stadstafel.tui.textual_private import QuietInput, move_table_rows
from stadstafel.tui.widgets.lists import RecordTable


class FilterInput(QuietInput):
    """An Input for filter-as-you-type: calls ``on_change(value)`` while the keystroke itself is
    handled, instead of through an ``Input.Changed`` message that travels to the screen.

    The list is then refilled before Textual composes the next frame, so the typed character
    and the list that matches it appear together, one frame sooner. (``Input.Changed`` is still
    posted, for code that listens to it.)
    """

    def __init__(self, *args: Any, on_change: Callable[[str], Any], **kwargs: Any):
        # Set first: Input's constructor sets a starting value, which calls watch_value.
        self._on_change = on_change
        super().__init__(*args, **kwargs)

    def watch_value(self, value: str) -> None:
        self._on_change(value)

    def on_mount(self) -> None:
        # A section's screen built again after it was dropped (its memory bounded): the text
        # this filter had, before the screen reads its first data (it mounts after its
        # widgets), so the data is read filtered at once.
        remembered = getattr(self.screen, "remembered_filter", None)
        text = remembered(self.id) if remembered is not None else None
        if text:
            self.value = text

    def on_paste(self, event: events.Paste) -> None:
        """A paste, as ``paste_into_filter`` puts it in: printable text on one line (Input's
        own takes the first line, control characters and all)."""
        event.prevent_default()  # not Input's (handlers run from this class down the MRO)
        event.stop()
        insert_pasted(self, event.text)


def filter_bar(
    label_id: str,
    placeholder: str,
    on_change: Callable[[str], Any],
    *,
    value: str = "",
    **kwargs: Any,
) -> Horizontal:
    """The one-line bar above a list: a label (what the list is limited to, ``#label_id``)
    and the filter (``#filter``), styled by the screens' ``.filterbar`` rules."""
    return Horizontal(
        Static("", id=label_id, classes="bar-label", markup=False),
        FilterInput(
            value,
            placeholder=placeholder,
            id="filter",
            classes="bar-input",
            select_on_focus=False,
            on_change=on_change,
        ),
        classes="filterbar",
        **kwargs,
    )


def focus_filter(screen: Any, selector: str = "#filter") -> Input:
    """Give the screen's filter Input the focus now, and return it.

    ``Widget.focus()`` moves the focus only when the app's queue reaches it, behind the keys
    already waiting there, which then still go to the list. ``Screen.set_focus`` moves it
    before the next key is handed out. (The key that calls this is bound with
    ``priority=True``: its action then runs as the app reads it, before it reads the next;
    Textual turns such a binding off while an Input, which takes the key, has the focus.)"""
    filter_input = screen.query_one(selector, Input)
    screen.set_focus(filter_input)
    return filter_input


def type_into_filter(screen: Any, event: Any, selector: str = "#filter") -> None:
    """For a screen's ``on_key``: a printable key that no binding of the screen uses, typed
    while no Input has the focus, goes into the screen's filter Input (which takes the focus
    at once), so typing on a list filters it.

    The keys of a word typed fast (or sent at once by the terminal) after its first letter
    were handed to the list before the filter had the focus: they reach the screen while the
    filter has it, and go into the filter too, in their order (a key typed in the filter
    never reaches the screen: the Input takes every printable key). Without that, its section
    keys were lost: "Portaal" gave "Prl"."""
    if not event.is_printable or not event.character:
        return
    focused = screen.focused
    filter_input = screen.query_one(selector, Input)
    if focused is not filter_input:
        if focused is None or isinstance(focused, Input) or event.key in screen.active_bindings:
            return
        focus_filter(screen, selector)
    filter_input.insert_text_at_cursor(event.character)
    event.stop()
    event.prevent_default()


def paste_into_filter(screen: Any, event: Any) -> None:
    """For a paste that no Input took (the terminal's bracketed paste goes to the focused
    widget; a list lets it bubble up): the text goes into the screen's list filter, which
    takes the focus, as typing the same letters on the list does (``type_into_filter``).

    The filter is the screen's ``FilterInput`` that is shown (the core's lists and the
    modules' all filter through one); a screen without one leaves the paste alone. An Input
    takes every paste sent to it, so one that comes here was sent to the list: also when the
    filter has the focus by now (keys sent before it, as the terminal does with an escape
    sequence inside a paste, moved it there), it goes into the filter."""
    shown = (f for f in screen.query(FilterInput) if f.region.area)
    filter_input = next(shown, None)
    if filter_input is None:
        return
    if isinstance(screen.focused, Input) and screen.focused is not filter_input:
        return
    screen.set_focus(filter_input)
    insert_pasted(filter_input, event.text)
    event.stop()


def insert_pasted(filter_input: Input, text: str) -> None:
    """Pasted ``text`` at the cursor (over the selection), as one printable line."""
    line = printable_line(text)
    if not line:
        return
    selection = filter_input.selection
    if selection.is_empty:
        filter_input.insert_text_at_cursor(line)
    else:
        filter_input.replace(line, *selection)


class PagedRecordTable(RecordTable):
    """A RecordTable fed page by page from ``fetch(offset, limit) -> Page``.

    The loaded rows are a window of the list starting at ``first`` (0 unless ``reload(start=)``
    opened it further on, e.g. at today's meeting among thousands of past ones, or rows were
    dropped): the cursor near the end loads the next page, near the top the page before. The
    window holds at most ``window_pages`` pages: a page loaded at one end drops the rows
    beyond that at the other (a list scrolled through kept every row it had shown, its
    records and cells, for as long as the screen lived).
    """

    #: Pages a list keeps loaded at most (``page_size`` rows each).
    WINDOW_PAGES = 4

    def __init__(
        self,
        columns: Sequence[tuple] = (),
        *,
        fetch: Callable[[int, int], Page] | None = None,
        page_size: int = 50,
        margin: int = 10,
        window_pages: int | None = None,
        **kwargs: Any,
    ):
        super().__init__(columns, **kwargs)
        self.fetch = fetch
        self.page_size = page_size
        self.margin = margin
        # at least two pages, so that the cursor's page stays when the next one is loaded
        self.window = max(2, window_pages or self.WINDOW_PAGES) * page_size
        self.total = 0
        self.first = 0  # offset (in the whole list) of the first loaded row
        self.exhausted = False  # a page came back short: nothing after the loaded rows

    def reload(self, *, keep_cursor: bool = True, start: int | None = None) -> None:
        """Fetch the loaded window again (at least a page, enough to keep the cursor's row);
        ``start`` opens the window at that offset, ``keep_cursor=False`` at the top."""
        if self.fetch is None:
            return
        if start is not None:
            self.first = max(0, start)
        elif not keep_cursor:
            self.first = 0
        want = self.first_page_size()
        if keep_cursor:
            want = max(want, len(self.order))
        page = self.fetch(self.first, want)
        self.total = page.total
        self.exhausted = len(page.rows) < want
        self.show(page.rows, keep_cursor=keep_cursor)

    @property
    def total_text(self) -> str:
        """The total as a list shows it: a count capped at COUNT_CAP reads "10000+"."""
        return f"{self.total}+" if self.total >= COUNT_CAP else str(self.total)

    def first_page_size(self) -> int:
        """Rows a (re)load fetches: what the table shows plus the margin, at most
        ``page_size``. Each row costs on every filter keystroke, so no more: the cursor
        coming within the margin of the last row loads the next page."""
        height = self.size.height
        if not height:
            # Not laid out yet (a section's first page, read as it mounts): it shows at most
            # the terminal's lines. A whole page was 50 rows made, measured and added where
            # 24 lines show 18: a third of a first opening's filling.
            height = self.app.size.height if self.is_attached else 0
            if not height:
                return self.page_size
        return min(self.page_size, height + self.margin)

    def _more_after(self) -> bool:
        if self.exhausted:
            return False
        # A capped total (COUNT_CAP) means "at least": keep going until a page comes back short.
        return self.first + len(self.order) < self.total or self.total >= COUNT_CAP

    def find(self, record_id: Any, pages: int = 50) -> bool:
        """Put the cursor on ``record_id``, loading further pages (up to ``pages``) to reach
        it (``select_key`` looks only in what is loaded)."""
        for _ in range(pages):
            if self.select_key(record_id):
                return True
            if not self.load_more():
                return False
        return False

    #: Rows a page read at one end of the window reads again of the window itself, to find
    #: where the loaded rows are now: another writer may have added or removed rows before
    #: them since they were read, and a page read by its offset alone then repeated a row
    #: or skipped one. Moved by more than this, the window is read again.
    OVERLAP = 10

    def _page_after(self) -> list[Record] | None:
        """The rows after the loaded ones as the list is now (``first`` moved to where the
        loaded rows are now); None when none of the last loaded rows was found again."""
        end = self.first + len(self.order)
        back = min(self.OVERLAP, len(self.order), end)
        page = self.fetch(end - back, self.page_size + back)  # type: ignore[misc]
        self.total = page.total
        self.exhausted = len(page.rows) < self.page_size + back
        if not back:
            return page.rows
        at = self._found(page.rows, reversed(self.order[len(self.order) - back :]))
        if at is None:
            return None
        self.first = end - back + at + 1 - len(self.order)
        return self._unloaded(page.rows[at + 1 :])

    def _found(self, rows: list[Record], keys: Any) -> int | None:
        """Where in ``rows`` the first of ``keys`` (loaded rows) that is among them is."""
        index = {str(self.key_of(record)): i for i, record in enumerate(rows)}
        return next((index[key] for key in keys if key in index), None)

    def _unloaded(self, rows: list[Record]) -> list[Record]:
        loaded = self.records
        return [record for record in rows if str(self.key_of(record)) not in loaded]

    def load_more(self) -> bool:
        if self.fetch is None or self.filling or not self._more_after():
            return False
        rows = self._page_after()
        if rows is None:  # the list moved under the window by more than OVERLAP rows
            self.reload(keep_cursor=True)
            return True
        excess = len(self.order) + len(rows) - self.window
        if excess <= 0:
            self.append(rows)
        elif self._move(rows, before=False, drop=excess):
            self.first += excess  # the rows furthest back went; scrolled back to, read again
        else:
            self.append(rows)
            excess = len(self.order) - self.window
            self.first += excess
            self._reshow([self.records[k] for k in self.order[excess:]], -excess)
        return bool(rows)

    #: Pages ``select_key`` loads at most to reach a record after the loaded rows (a record
    #: just saved that sorts further down the list).
    FIND_PAGES = 20

    def select_key(self, key: Any) -> bool:
        """Put the cursor on the record ``key``, loading the pages after the window until it
        is there (at most ``FIND_PAGES``): after a new record is saved the cursor is on it,
        wherever it sorts."""
        if super().select_key(key):
            return True
        for _ in range(self.FIND_PAGES):
            if not self.load_more():
                return False
            if super().select_key(key):
                return True
        return False

    def load_before(self) -> bool:
        """Load the page before the window (the cursor stays on its record)."""
        if self.fetch is None or self.filling or self.first == 0:
            return False
        size = min(self.page_size, self.first)
        ahead = min(self.OVERLAP, len(self.order))  # the first loaded rows, read again
        page = self.fetch(self.first - size, size + ahead)
        at = self._found(page.rows, self.order[:ahead])
        if at is None:  # the list moved under the window by more than OVERLAP rows
            self.reload(keep_cursor=True)
            return True
        rows = self._unloaded(page.rows[:at])
        excess = max(0, len(self.order) + len(rows) - self.window)
        if excess:  # the rows furthest on go: read again when reached
            self.exhausted = False
        self.first = self.first - size + at - len(rows)
        if not self._move(rows, before=True, drop=excess):
            kept = [self.records[k] for k in self.order[: len(self.order) - excess]]
            self._reshow([*rows, *kept], len(rows))
        return bool(rows)

    def _move(self, page: list[Record], *, before: bool, drop: int) -> bool:
        """Move the window by a page: ``page`` added before the loaded rows (``before``) or
        after them, ``drop`` rows dropped at the other end; every row kept stays as it is
        (its cells and the lines it rendered), so a page back costs what a page on does.
        The cursor stays on its record and the rows in view where they were (the caller
        moves ``first``). False when the table cannot move rows in place
        (``move_table_rows``): nothing changed."""
        kept = self.order[: len(self.order) - drop] if before else self.order[drop:]
        dropped = self.order[len(kept) :] if before else self.order[:drop]
        known = set(kept)
        new = {}
        for record in page:
            key = str(self.key_of(record))
            if key not in known and key not in new:
                new[key] = record
        order = [*new, *kept] if before else [*kept, *new]
        cursor = self.current_key
        row = order.index(cursor) if cursor in known else min(self.cursor_row, len(order) - 1)
        cells = {key: self._row(record) for key, record in new.items()}
        if not move_table_rows(self, order, cells, dropped, max(0, row)):
            return False
        records = {key: new[key] if key in new else self.records[key] for key in order}
        self.records.clear()
        self.records.update(records)  # in the order shown, as ``show`` leaves them
        self.order[:] = order
        shift = len(new) if before else -len(dropped)
        y = max(0, self.scroll_y + shift)
        self.scroll_target_y = self.scroll_y = y  # clamped while the table has fewer rows
        if self.scroll_y != y:
            self.call_after_refresh(self.scroll_to, y=y, animate=False)
        return True

    def _reshow(self, records: list[Record], shift: int) -> None:
        """Show ``records`` with the cursor on its record and the rows in view where they
        were: ``shift`` rows were added (or, negative, dropped) before them."""
        scroll_y = self.scroll_y
        self.show(records, keep_cursor=True)
        self.call_after_refresh(self.scroll_to, y=max(0, scroll_y + shift), animate=False)

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        if new.row >= len(self.order) - self.margin:
            self.load_more()
        elif new.row < self.margin and self.first > 0 and new.row < old.row:
            self.load_before()
