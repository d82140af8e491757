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

from rich.style import Style
from rich.text import Text

from stadstafel.records import Record
from stadstafel.textsafe import REPLACEMENT, has_control, neutralise
from stadstafel.tui.textual_private import FastDataTable, column_widths_changed, plain_cell

Cells = Callable[[Record], Sequence[Any]]
#: The longest text a cell keeps (it is cut with "…" at its column's width when drawn).
CELL_CAP = 300
#: The vertical scrollbar's width, kept free by a list's columns.
SCROLLBAR = 1
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


def cell_text(value: Any) -> Text:
    """A cell's text: on one line, control characters neutralised, at most ``CELL_CAP``
    characters, cut with "…" at its column's width where it is drawn (a wider column shows
    more, so a list never cuts a text to a fixed width itself)."""
    return Text(_capped(value), no_wrap=True, overflow="ellipsis")


def _capped(value: Any) -> str:
    text = plain(value)
    return text[: CELL_CAP - 1] + "…" if len(text) > CELL_CAP else text


def _same_cells(shown: Sequence[Any], cells: Sequence[Any]) -> bool:
    """Whether ``cells`` draw as ``shown`` do: Rich's ``Text`` is equal to one of the same
    characters and spans whatever its own style (a cell turned red is not equal)."""
    return shown == cells and all(
        getattr(a, "style", None) == getattr(b, "style", None)
        and getattr(a, "justify", None) == getattr(b, "justify", None)
        for a, b in zip(shown, cells, strict=True)
    )


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


class RecordTable(FastDataTable):
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

    def add_column(self, label: Any = None, *args: Any, **kwargs: Any) -> Any:
        """A column whose label is text as written: DataTable parses a ``str`` label as Rich
        markup, and that parse loads Rich's table of emoji codes (2.7 MiB for the rest of the
        session) to replace ``:name:`` in a label none of ours has."""
        if isinstance(label, str):
            label = Text(label)
        return super().add_column(label, *args, **kwargs)

    def render_lines(self, crop: Any) -> list[Any]:
        # DataTable asks for its own style and its header's on every line it renders, and
        # each answer walks the widget's ancestors: a fifth of a list's frame. They cannot
        # change while one frame renders, so within it each is worked out once.
        # The columns fit the width before the first frame draws them: fitted only in the
        # Resize that follows the first layout, every new list was drawn twice.
        self.fit_columns(drawing=True)
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
        # Text or a PlainCell, never a str: DataTable would read "[…]" in names and snippets
        # as markup; and no control character reaches the terminal, whatever is stored.
        return [
            safe_text(c) if isinstance(c, Text) else plain_cell(_capped(c))
            for c in self.cells(record)
        ]

    # -- width --------------------------------------------------------------------------------
    def on_resize(self, _event: Any) -> None:
        self.fit_columns()

    def fit_columns(self, *, drawing: bool = False) -> None:
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
        column_widths_changed(self, drawing=drawing)

    def show(self, records: Iterable[Record], *, keep_cursor: bool = True) -> None:
        """Replace the rows, keeping the cursor on the same record when it is still there."""
        before = self.current_key if keep_cursor else None
        row_before = self.cursor_row
        records = list(records)
        rows = [self._row(r) for r in records]
        self.filling = True
        try:
            if self._shows(records, rows):
                # The same rows as shown (a filter's key that leaves the page as it was, as
                # most of a word's last letters do): the records are the new ones, nothing is
                # cleared, added or drawn again.
                self.records.update(zip(self.order, records, strict=True))
            else:
                self.records.clear()
                self.order.clear()
                self.clear()
                self._add(records, rows)
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

    def _add(self, records: Iterable[Record], rows: Sequence[list] | None = None) -> None:
        """Add ``records`` (``rows``: their cells, when worked out already)."""
        for i, record in enumerate(records):
            key = str(self.key_of(record))
            if key in self.records:
                continue
            self.records[key] = record
            self.order.append(key)
            self.add_row(*(rows[i] if rows is not None else self._row(record)), key=key)

    def _shows(self, records: list[Record], rows: list[list]) -> bool:
        """Whether the table shows exactly ``records`` with the cells ``rows`` (in order)."""
        if len(records) != len(self.order) or len(self.order) != self.row_count:
            return False
        for key, record, cells in zip(self.order, records, rows, strict=True):
            if str(self.key_of(record)) != key or self.records.get(key) != record:
                return False
            if not _same_cells(self.get_row(key), cells):
                return False
        return True

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
