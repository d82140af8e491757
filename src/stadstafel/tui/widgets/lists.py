"""Lists of records in a DataTable: keyed rows, cursor kept across reloads, paging on demand.

    table = RecordTable(id="people")
    table.columns_spec = [("Naam", 30), ("Functie", 20)]
    table.show(records, lambda r: (r.name, r.function or ""))
    table.current_record   # the record under the cursor, or None

``PagedRecordTable`` asks ``fetch(offset, limit) -> Page`` for the first page (what fits on
the screen plus two margins) and for the next ``page_size`` rows when the cursor comes within
``margin`` rows of the end: the widget never holds the whole table, only what the user
scrolled past. A keystroke in a filter costs one small page, whatever the size of the table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.containers import Horizontal
from textual.geometry import Size
from textual.widgets import DataTable, Input, Static

from stadstafel.records import COUNT_CAP, Page, Record

Cells = Callable[[Record], Sequence[Any]]
_JOIN = Text("\n")  # what Text.__rich_console__ joins its lines with


def bar(ratio: float | None, width: int = 12) -> str:
    """A text progress bar that reads without colour: ``█████░░░░░░░  42%``."""
    if ratio is None:
        return "░" * width + "   ?"
    ratio = max(0.0, ratio)
    filled = min(width, round(min(ratio, 1.0) * width))
    return "█" * filled + "░" * (width - filled) + f" {round(ratio * 100):3d}%"


def clip(text: Any, width: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


class FilterInput(Input):
    """An Input for filter-as-you-type: calls ``on_change(value)`` while the keystroke itself is
    handled, instead of through an ``Input.Changed`` message that travels to the screen.

    The list is then refilled before Textual composes the next frame, so the typed character
    and the list that matches it appear together, one frame sooner. (``Input.Changed`` is still
    posted, for code that listens to it.)
    """

    def __init__(self, *args: Any, on_change: Callable[[str], Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._on_change = on_change

    def _watch_value(self, value: str) -> None:
        # Input sets its virtual size to the text's width on every change, and a changed
        # virtual size is a reactive with layout=True: the whole screen was laid out again on
        # every keystroke. A filter has a fixed size and no scrollbar, so the new virtual size
        # is set quietly first (scrolling along a long text still reads it); Input then finds
        # it unchanged and only repaints.
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

    def watch_value(self, value: str) -> None:
        self._on_change(value)


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


def type_into_filter(screen: Any, event: Any, selector: str = "#filter") -> None:
    """For a screen's ``on_key``: a printable key that no binding of the screen uses, typed
    while no Input has the focus, goes into the screen's filter Input (which takes the focus),
    so typing on a list filters it."""
    focused = screen.focused
    if not event.is_printable or not event.character or focused is None:
        return
    if isinstance(focused, Input) or event.key in screen.active_bindings:
        return
    filter_input = screen.query_one(selector, Input)
    filter_input.focus()
    filter_input.insert_text_at_cursor(event.character)
    event.stop()
    event.prevent_default()


class _FrameStyles:
    """A component's styles with its Rich style worked out once (for one frame)."""

    __slots__ = ("rich_style", "styles")

    def __init__(self, styles: Any):
        self.styles = styles
        self.rich_style = styles.rich_style

    def __getattr__(self, name: str) -> Any:
        return getattr(self.styles, name)


class RecordTable(DataTable):
    """A DataTable whose rows are records, keyed by ``record.id`` (or a key function)."""

    DEFAULT_CSS = """
    RecordTable { height: 1fr; width: 1fr; scrollbar-size-vertical: 1; }
    RecordTable:blur > .datatable--cursor { text-style: none; }
    """
    _frame_styles: dict | None = None  # while a frame renders: styles worked out once

    def __init__(
        self,
        columns: Sequence[tuple] = (),
        *,
        cells: Cells | None = None,
        key: Callable[[Record], Any] | None = None,
        **kwargs: Any,
    ):
        """``columns``: (label, width) pairs with a ``cells`` function, or (label, width,
        getter) triples, where each cell is ``getter(record)`` clipped to the width."""
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.columns_spec = [(c[0], c[1]) for c in columns]
        getters = [c[2] for c in columns if len(c) > 2]
        if cells is None and getters and len(getters) == len(columns):
            widths = [c[1] for c in columns]

            def cells(record: Record) -> list[Any]:
                out = []
                for getter, width in zip(getters, widths, strict=True):
                    value = getter(record)
                    out.append(value if isinstance(value, Text) else clip(value, width or 80))
                return out

        self.cells = cells or (lambda r: [str(r.get("name", ""))])
        self.key_of = key or (lambda r: r.id)
        self.records: dict[str, Record] = {}
        self.order: list[str] = []
        self.filling = False
        for label, width in self.columns_spec:
            self.add_column(label, width=width)

    def _update_dimensions(self, new_rows: Iterable[Any]) -> None:
        """DataTable measures every cell of every new row to size its columns; when every
        column has a fixed width (and rows are one line) the measure is never used, so skip
        it: half of what a page of rows costs."""
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
        """A one-line text cell of the body, rendered straight to its segments.

        DataTable renders every cell through Rich's console (a Padding in a Styled, rendered
        to lines, cropped and padded again); after a filter keystroke every visible cell is
        new, and that machinery was half of the frame. For a row of height 1 holding a Text
        (every RecordTable row) the same segments come from the Text's own wrap and render,
        padded as the Padding pads; headers, fixed cells and anything else go the usual way.
        ``test_lists.py`` checks cell by cell that both ways give the same characters and
        styles.
        """
        if row_index < self.fixed_rows or column_index < self.fixed_columns:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
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
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
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
        if line._spans:
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

    def render_lines(self, crop: Any) -> list[Any]:
        # DataTable asks for its own style and its header's on every line it renders, and
        # each answer walks the widget's ancestors: a fifth of a list's frame. They cannot
        # change while one frame renders, so within it each is worked out once.
        self._frame_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._frame_styles = None

    @property
    def rich_style(self) -> Style:
        memo = self._frame_styles
        if memo is None:
            return super().rich_style
        style = memo.get("widget")  # component styles are keyed by their names (a tuple)
        if style is None:
            style = memo["widget"] = super().rich_style
        return style

    def get_component_styles(self, *names: str) -> Any:
        memo = self._frame_styles
        if memo is None:
            return super().get_component_styles(*names)
        styles = memo.get(names)
        if styles is None:
            styles = memo[names] = _FrameStyles(super().get_component_styles(*names))
        return styles

    def set_columns(self, columns: Sequence[tuple[str, int | None]]) -> None:
        self.columns_spec = list(columns)
        self.clear(columns=True)
        for label, width in self.columns_spec:
            self.add_column(label, width=width)
        self.records.clear()
        self.order.clear()

    def _row(self, record: Record) -> list[Any]:
        # Text, never a str: DataTable would read "[…]" in names and snippets as markup.
        return [
            c if isinstance(c, Text) else Text("" if c is None else str(c), no_wrap=True)
            for c in self.cells(record)
        ]

    def show(self, records: Iterable[Record], *, keep_cursor: bool = True) -> None:
        """Replace the rows, keeping the cursor on the same record when it is still there."""
        before = self.current_key if keep_cursor else None
        row_before = self.cursor_row
        self.filling = True
        try:
            self.records.clear()
            self.order.clear()
            self.clear()
            self._add(records)
            if before is not None and before in self.records:
                self.move_cursor(row=self.order.index(before), animate=False)
            elif self.order:
                self.move_cursor(row=min(max(row_before, 0), len(self.order) - 1), animate=False)
        finally:
            self.filling = False

    def append(self, records: Iterable[Record]) -> None:
        """Add rows at the end (records already shown are skipped)."""
        was, self.filling = self.filling, True
        try:
            self._add(records)
        finally:
            self.filling = was

    def _add(self, records: Iterable[Record]) -> None:
        for record in records:
            key = str(self.key_of(record))
            if key in self.records:
                continue
            self.records[key] = record
            self.order.append(key)
            self.add_row(*self._row(record), key=key)

    @property
    def current_key(self) -> str | None:
        if not self.order or self.cursor_row < 0 or self.cursor_row >= len(self.order):
            return None
        return self.order[self.cursor_row]

    @property
    def current_record(self) -> Record | None:
        key = self.current_key
        return self.records.get(key) if key is not None else None

    def select_key(self, key: Any) -> bool:
        key = str(key)
        if key in self.records:
            self.move_cursor(row=self.order.index(key), animate=False)
            return True
        return False


class PagedRecordTable(RecordTable):
    """A RecordTable fed page by page from ``fetch(offset, limit) -> Page``.

    The loaded rows are a window of the list starting at ``first`` (0 unless ``reload(start=)``
    opened it further on, e.g. at today's meeting among thousands of past ones): the cursor near
    the end loads the next page, near the top the page before.
    """

    def __init__(
        self,
        columns: Sequence[tuple] = (),
        *,
        fetch: Callable[[int, int], Page] | None = None,
        page_size: int = 50,
        margin: int = 10,
        **kwargs: Any,
    ):
        super().__init__(columns, **kwargs)
        self.fetch = fetch
        self.page_size = page_size
        self.margin = margin
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
        if not self.size.height:  # not laid out yet
            return self.page_size
        return min(self.page_size, self.size.height + self.margin)

    def _more_after(self) -> bool:
        if self.exhausted:
            return False
        # A capped total (COUNT_CAP) means "at least": keep going until a page comes back short.
        return self.first + len(self.order) < self.total or self.total >= COUNT_CAP

    def load_more(self) -> bool:
        if self.fetch is None or self.filling or not self._more_after():
            return False
        page = self.fetch(self.first + len(self.order), self.page_size)
        self.total = page.total
        self.exhausted = len(page.rows) < self.page_size
        self.append(page.rows)
        return bool(page.rows)

    def load_before(self) -> bool:
        """Load the page before the window (the cursor stays on its record)."""
        if self.fetch is None or self.filling or self.first == 0:
            return False
        size = min(self.page_size, self.first)
        page = self.fetch(self.first - size, size)
        self.first -= size
        self.show([*page.rows, *(self.records[k] for k in self.order)], keep_cursor=True)
        return bool(page.rows)

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        if new.row >= len(self.order) - self.margin:
            self.load_more()
        elif new.row < self.margin and self.first > 0 and new.row < old.row:
            self.load_before()
