"""Lists of records in a DataTable: keyed rows, cursor kept across reloads, paging on demand.

    table = RecordTable(id="people")
    table.columns_spec = [("Naam", 30), ("Functie", 20)]
    table.show(records, lambda r: (r.name, r.function or ""))
    table.current_record   # the record under the cursor, or None

The paged list and the filter above it are in ``stadstafel.tui.widgets.paged``: the home
screen, which every start shows, needs only this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

from stadstafel.records import Record
from stadstafel.textsafe import REPLACEMENT, has_control, neutralise

Cells = Callable[[Record], Sequence[Any]]
#: The longest text a cell keeps (it is cut with "…" at its column's width when drawn).
CELL_CAP = 300
#: The vertical scrollbar's width, kept free by a list's columns.
SCROLLBAR = 1
_JOIN = Text("\n")  # what Text.__rich_console__ joins its lines with
# neutralise() character for character, so a Text's styled spans still fit
_ONE_LINE = {
    c: (" " if c in (9, 10) else REPLACEMENT)
    for c in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
}


def bar(ratio: float | None, width: int = 12) -> str:
    """A text progress bar that reads without colour: ``█████░░░░░░░  42%``."""
    if ratio is None:
        return "░" * width + "   ?"
    ratio = max(0.0, ratio)
    filled = min(width, round(min(ratio, 1.0) * width))
    return "█" * filled + "░" * (width - filled) + f" {round(ratio * 100):3d}%"


def safe_text(text: Text) -> Text:
    """``text`` with its control characters neutralised, spans kept (one character for one)."""
    value = text.plain
    if not has_control(value) and "\n" not in value:
        return text
    safe = text.copy()
    safe.plain = value.translate(_ONE_LINE)
    return safe


def plain(value: Any) -> str:
    """A cell's text on one line, control characters neutralised."""
    return "" if value is None else neutralise(value, multiline=False)


def clip(text: Any, width: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


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
        flex: int | None = None,
        **kwargs: Any,
    ):
        """``columns``: (label, width) pairs with a ``cells`` function, or (label, width,
        getter) triples, where each cell is ``getter(record)`` on one line, cut with "…" at
        the column's width when it is drawn.

        ``flex``: the column that takes the room a wider terminal gives (``fit_columns``);
        by default the widest declared one, the longest text; -1: none."""
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.columns_spec = [(c[0], c[1]) for c in columns]
        self.flex = flex
        getters = [c[2] for c in columns if len(c) > 2]
        if cells is None and getters and len(getters) == len(columns):

            def cells(record: Record) -> list[Any]:
                out = []
                for getter in getters:
                    value = getter(record)
                    out.append(value if isinstance(value, Text) else clip(value, CELL_CAP))
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
        # Text, never a str: DataTable would read "[…]" in names and snippets as markup; and
        # no control character reaches the terminal, whatever is stored.
        return [
            safe_text(c)
            if isinstance(c, Text)
            else Text(plain(c), no_wrap=True, overflow="ellipsis")
            for c in self.cells(record)
        ]

    # -- width --------------------------------------------------------------------------------
    def on_resize(self, _event: Any) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        """Widen the flex column by the room the list has beyond its declared widths (never
        narrower than declared): on a wide terminal the longest text is not cut. The cells
        are cut when drawn, so nothing is fetched or filled again."""
        spec = self.columns_spec
        if not spec or not self.size.width or self.flex == -1:
            return
        declared = [w or 0 for _label, w in spec]
        flex = self.flex if self.flex is not None else declared.index(max(declared))
        columns = self.ordered_columns
        if not 0 <= flex < len(columns):
            return
        used = sum(declared) + 2 * self.cell_padding * len(declared) + SCROLLBAR
        want = declared[flex] + max(0, self.size.width - used)
        if columns[flex].width == want:
            return
        columns[flex].width = want
        self._clear_caches()
        self._require_update_dimensions = True
        self.refresh()

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
