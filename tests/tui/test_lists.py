"""The list widgets' fast paths give what Textual's own paths give.

RecordTable renders a one-line Text cell straight to segments and FilterInput sets its virtual
size without a new layout; both are only worth having if nothing on the screen changes.
"""

from __future__ import annotations

import random

from rich.style import Style
from rich.text import Text
from support import drive
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from stadstafel.records import Page, Record
from stadstafel.tui.widgets.lists import RecordTable
from stadstafel.tui.widgets.paged import FilterInput, PagedRecordTable

WIDTHS = [1, 3, 8, 12]  # the last column is auto-width: DataTable measures its cells


def _cells() -> list[Text]:
    """Texts that take each branch: fits, cropped, ellipsis, justified, spans, tabs, newlines,
    wide characters, empty, styled as a whole."""
    rng = random.Random(7)
    fixed = [
        Text("", no_wrap=True),
        Text("kort", no_wrap=True),
        Text("Woningcorporatie De Sleutels", no_wrap=True),
        Text("Woningcorporatie De Sleutels", no_wrap=True, overflow="ellipsis"),
        # cut with "…" straight from the plain text: wide characters, a style on the whole,
        # trailing spaces (which wrap crops first), a text that fits
        Text("日本語のテキストです", no_wrap=True, overflow="ellipsis"),
        Text("Gemeente Leiderdorp", style="bold", no_wrap=True, overflow="ellipsis"),
        Text("Leiden      ", no_wrap=True, overflow="ellipsis"),
        Text("Leiden Kennisstad   x", no_wrap=True, overflow="ellipsis"),
        Text("a", no_wrap=True, overflow="ellipsis"),
        Text("Woningcorporatie", no_wrap=True, overflow="crop"),
        Text("42", justify="right", no_wrap=True),
        Text("  7 ", justify="right", no_wrap=True),
        Text("mid", justify="center", no_wrap=True),
        Text("links", justify="left", no_wrap=True),
        Text("a\tb", no_wrap=True),
        Text("eerste\ntweede", no_wrap=True),
        Text("日本語のテキスト", no_wrap=True),
        Text("ë́ Zoë", no_wrap=True),
        Text("heel", style="bold red", no_wrap=True),
        Text("[niet] opmaak", no_wrap=True),
    ]
    spanned = []
    for _ in range(12):
        word = "".join(rng.choice("abcdefghij klm") for _ in range(rng.randint(0, 16)))
        text = Text(word, no_wrap=True, style=rng.choice(["", "italic", "on blue"]))
        for _ in range(rng.randint(0, 3)):
            start = rng.randint(0, len(word))
            text.stylize(rng.choice(["bold", "green", "underline"]), start, rng.randint(start, 20))
        spanned.append(text)
    return fixed + spanned


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield RecordTable(
            [(f"K{i}", w) for i, w in enumerate(WIDTHS)] + [("auto", None)],
            cells=lambda r: r.cells,
            id="t",
        )


def _flat(lines: list) -> list[tuple[str, Style | None]]:
    """Each character with its style: segments may be cut differently and still be equal."""
    return [(ch, seg.style) for line in lines for seg in line for ch in seg.text]


@drive
async def test_fast_cells_render_as_datatable_renders_them():
    cells = _cells()
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(RecordTable)
        rows = [
            Record({"id": i, "cells": [cells[(i + c) % len(cells)] for c in range(5)]})
            for i in range(len(cells))
        ]
        table.show(rows)
        await pilot.pause()
        base = table.rich_style
        compared = 0
        for row in [-1, *range(len(rows))]:  # -1: the header
            for column, width in enumerate([*WIDTHS, table.ordered_columns[-1].content_width]):
                width += 2 * table.cell_padding
                for cursor, hover in [(False, False), (True, False), (False, True)]:
                    table._cell_render_cache.clear()
                    fast = RecordTable._render_cell(table, row, column, base, width, cursor, hover)
                    table._cell_render_cache.clear()
                    slow = DataTable._render_cell(table, row, column, base, width, cursor, hover)
                    assert _flat(fast) == _flat(slow), (row, column, row + column)
                    assert len(fast) == 1
                    compared += 1
        assert compared == (1 + len(rows)) * 5 * 3


HOSTILE = ["[/x] [@click=app.quit]x", "a\x1b[31mb", "[b]vet[/b] & [link=x]y", "gewoon"]


@drive
async def test_plain_cells_draw_as_text_cells_and_never_as_markup():
    """A list's plain cells are kept as strings (``PlainCell``) and drawn as the ``Text``
    cells they stand for: character for character and style for style, user text as typed
    (markup and an ESC byte shown, not read), the auto-width column measured on the text."""
    from stadstafel.tui.textual_private import PLAIN_CELLS, PlainCell, screen_text
    from stadstafel.tui.widgets.lists import cell_text

    app = TableApp()
    async with app.run_test(size=(100, 24)) as pilot:
        table = app.query_one(RecordTable)

        def drawn() -> list:
            table._cell_render_cache.clear()
            table._row_renderable_cache.clear()
            table._row_render_cache.clear()
            table._line_cache.clear()
            return [_flat([table.render_line(y)]) for y in range(len(HOSTILE) + 1)]

        table.show([Record({"id": i, "cells": [v] * 5}) for i, v in enumerate(HOSTILE)])
        await pilot.pause()
        assert PLAIN_CELLS  # the installed Textual is in the tested range
        assert all(type(c) is PlainCell for c in table.get_row_at(0))
        text = screen_text(app.screen)
        assert "[/x] [@click=app.quit]x" in text and "[b]vet[/b] & [link=x]y" in text
        assert "\x1b" not in text
        assert table.ordered_columns[-1].content_width == len(HOSTILE[0])  # the longest
        plain = drawn()
        table.cells = lambda r: [cell_text(c) for c in r.cells]
        table.show([Record({"id": i, "cells": [v] * 5}) for i, v in enumerate(HOSTILE)])
        await pilot.pause()
        assert all(isinstance(c, Text) for c in table.get_row_at(0))
        assert drawn() == plain


@drive
async def test_filter_input_scrolls_along_a_long_text_without_a_new_layout():
    """The typed text stays in view (the virtual size follows the text), and typing lays out
    nothing: the screen's layout is not refreshed by a keystroke."""
    seen: list[str] = []

    class FilterApp(App):
        def compose(self) -> ComposeResult:
            yield FilterInput(id="f", on_change=seen.append)
            yield PagedRecordTable(
                [("Naam", 20)],
                fetch=lambda offset, limit: Page([], 0, offset, limit),
            )

    app = FilterApp()
    async with app.run_test(size=(40, 10)) as pilot:
        box = app.query_one(FilterInput)
        box.focus()
        await pilot.pause()
        layouts = []
        refresh = box.refresh

        def spy(*regions, layout=False, **kwargs):
            layouts.append(layout)
            return refresh(*regions, layout=layout, **kwargs)

        box.refresh = spy
        await pilot.press(*"woningcorporatie-en-huurders-overleg")
        await pilot.pause()
        assert seen[-1] == "woningcorporatie-en-huurders-overleg"
        assert box.virtual_size.width == box.content_width
        assert box.scroll_x > 0  # the text is longer than the box: it scrolled along
        assert box.scroll_x + box.scrollable_content_region.width >= box.cursor_position
        assert layouts and not any(layouts)


@drive
async def test_a_filter_opened_with_a_value_filters_from_the_start():
    """A list screen opened with a filter (``AgendaItemsScreen(filter=…)``,
    ``DecisionsScreen(…, filter=…)``) hands its starting value to the filter: the callback must
    exist before Input's constructor sets that value."""
    seen: list[str] = []

    class Filtered(App):
        def compose(self) -> ComposeResult:
            yield FilterInput("woning", on_change=seen.append, select_on_focus=False)

    async with Filtered().run_test() as pilot:
        await pilot.pause()
        await pilot.press("end", "x")
        await pilot.pause()
    assert seen[0] == "woning"
    assert seen[-1] == "woningx"


@drive
async def test_the_same_rows_again_are_not_drawn_again_and_changed_ones_are():
    """A filter's key that leaves the page as it was (most of a word's last letters) clears,
    adds and draws nothing; a record or a cell that differs is shown as it is now."""
    mark = {"prefix": ""}

    class Plain(App):
        def compose(self) -> ComposeResult:
            yield RecordTable(
                [("Naam", 20), ("Vorm", 10)],
                cells=lambda r: [mark["prefix"] + r.name, r.kind],
                id="t",
            )

    def page(*names: str, kind: str = "wgr") -> list[Record]:
        return [Record({"id": i, "name": n, "kind": kind}) for i, n in enumerate(names)]

    app = Plain()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(RecordTable)
        table.show(page("Holland Rijnland", "Servicepunt71", "GGD"))
        await pilot.pause()
        table.move_cursor(row=1)
        await pilot.pause()
        cleared = []
        clear = table.clear
        table.clear = lambda *a, **k: cleared.append(1) or clear(*a, **k)

        again = page("Holland Rijnland", "Servicepunt71", "GGD")
        table.show(again, keep_cursor=False)
        await pilot.pause()
        assert cleared == []
        assert table.records["1"] is again[1]  # the records read now, not the ones before
        assert table.current_record.name == "Servicepunt71"

        table.show(page("Holland Rijnland", "Servicepunt71", "GGD", kind="bvo"))
        await pilot.pause()
        assert len(cleared) == 1
        assert [str(c) for c in table.get_row("2")] == ["GGD", "bvo"]

        mark["prefix"] = "! "  # the same records, a cell drawn differently (a date passed)
        table.show(page("Holland Rijnland", "Servicepunt71", "GGD", kind="bvo"))
        await pilot.pause()
        assert len(cleared) == 2
        assert str(table.get_row("0")[0]) == "! Holland Rijnland"

        table.show(page("Holland Rijnland", "GGD"))  # a row fewer
        await pilot.pause()
        assert len(cleared) == 3
        assert table.order == ["0", "1"] and table.row_count == 2


@drive
async def test_a_cell_of_the_same_text_in_another_style_is_shown_again():
    """Rich's ``Text`` equals another of the same characters whatever their styles: a row
    whose cell only changed colour (an action turned overdue at midnight, its record the
    same) is drawn as it is now."""
    style = {"now": "green"}

    class Styled(App):
        def compose(self) -> ComposeResult:
            yield RecordTable(
                [("Status", 12)],
                cells=lambda r: [Text(r.status, style=style["now"])],
                id="t",
            )

    records = [Record({"id": 1, "status": "open"})]
    app = Styled()
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(RecordTable)
        table.show(records)
        await pilot.pause()
        assert str(table.get_row("1")[0].style) == "green"
        style["now"] = "bold red"
        table.show([Record({"id": 1, "status": "open"})])
        await pilot.pause()
        assert str(table.get_row("1")[0].style) == "bold red"


@drive
async def test_rows_cleared_from_a_table_not_drawn_again_are_let_go():
    """A table emptied while nobody looks at it (the search after Escape) keeps nothing of
    its last rows: DataTable's clear worked its row caches out again from the rows it was
    dropping, and kept them there until the table drew again."""
    import gc
    import weakref

    class Hidden(App):
        def compose(self) -> ComposeResult:
            yield RecordTable([("Naam", 20)], cells=lambda r: [r.name], id="t")

    app = Hidden()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(RecordTable)
        table.show([Record({"id": i, "name": f"Partner {i}"}) for i in range(5)])
        await pilot.pause()
        assert [str(table.get_row_at(i)[0]) for i in range(5)][-1] == "Partner 4"
        rows = [weakref.ref(row) for row in table.ordered_rows]
        assert len(rows) == 5
        table.display = False  # not drawn again after this
        await pilot.pause()
        table.show([])
        gc.collect()
        assert [ref() for ref in rows] == [None] * 5
        assert table.row_count == 0 and table.ordered_rows == []
        table.display = True
        table.show([Record({"id": 9, "name": "Nieuw"})])
        await pilot.pause()
        assert [str(c) for c in table.get_row_at(0)] == ["Nieuw"]
