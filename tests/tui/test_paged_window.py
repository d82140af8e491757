"""A paged list keeps a bounded window of pages, whatever the user scrolls through (issue 23:
memory after use, caches bounded)."""

from __future__ import annotations

from support import drive
from textual.app import App, ComposeResult

from stadstafel.records import Page, Record
from stadstafel.tui.textual_private import screen_strips
from stadstafel.tui.widgets.paged import PagedRecordTable

ROWS = 400
PAGE = 20


class ListApp(App):
    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[tuple[int, int]] = []

    def fetch(self, offset: int, limit: int) -> Page:
        self.fetched.append((offset, limit))
        rows = [
            Record({"id": f"r{i}", "name": f"Rij {i:04d}"})
            for i in range(offset, min(ROWS, offset + limit))
        ]
        return Page(rows, ROWS, offset, limit)

    def compose(self) -> ComposeResult:
        yield PagedRecordTable(
            [("Naam", 20, lambda r: r.name)], fetch=self.fetch, page_size=PAGE, id="list"
        )

    def on_mount(self) -> None:
        table = self.query_one(PagedRecordTable)
        table.reload(keep_cursor=False)
        table.focus()


def _check(table: PagedRecordTable) -> None:
    """The rows loaded are the window the widget says, and the cursor is on its row, in view."""
    assert len(table.order) <= table.window and table.row_count == len(table.order)
    assert len(table.records) == len(table.order)
    row = table.cursor_row
    record = table.current_record
    assert record is not None and record.id == f"r{table.first + row}"
    assert str(table.get_row_at(row)[0]) == f"Rij {table.first + row:04d}"
    assert table.scroll_y <= row < table.scroll_y + table.scrollable_content_region.height


def _top(table: PagedRecordTable) -> int:
    """The list's offset of the row at the top of the view."""
    return table.first + round(table.scroll_y)


@drive
async def test_a_list_scrolled_through_keeps_its_window_and_reads_rows_again_scrolled_back():
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(PagedRecordTable)
        window = 4 * table.page_size
        assert table.window == window
        height = table.scrollable_content_region.height
        # a row at a time past the first drop: the view moves by at most that row
        while table.first + table.cursor_row < window + 2 * table.page_size:
            top = _top(table)
            await pilot.press("down")
            await pilot.pause()
            _check(table)
            assert _top(table) - top in (0, 1)
        assert table.first > 0  # the first page was dropped
        most = 0
        while table.first + table.cursor_row < ROWS - 1:
            await pilot.press("pagedown")
            await pilot.pause()
            _check(table)
            most = max(most, len(table.order))
        assert table.first >= ROWS - window
        assert most == window
        # a row at a time up past the page read again before the window: no jump either
        first = table.first
        while table.first >= first:
            top = _top(table)
            await pilot.press("up")
            await pilot.pause()
            _check(table)
            assert top - _top(table) in (0, 1)
        fetched = len(app.fetched)
        while table.first + table.cursor_row > 0:
            top = _top(table)
            await pilot.press("pageup")
            await pilot.pause()
            _check(table)
            assert 0 <= top - _top(table) <= height  # the view moves by a page, no jump
        assert table.first == 0
        assert len(table.order) <= window
        assert any(offset == 0 for offset, _ in app.fetched[fetched:])  # the first page, again
        await pilot.press("end")
        await pilot.pause()
        _check(table)


@drive
async def test_a_record_further_on_is_found_through_pages_dropped_on_the_way():
    """``select_key`` (a record just saved, sorted further down) loads pages until it is there:
    the window moves along and the cursor ends on that record."""
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(PagedRecordTable)
        assert table.select_key("r300")
        await pilot.pause()
        assert table.current_record.id == "r300"
        _check(table)
        assert len(table.order) <= table.window and table.first > 0


@drive
async def test_paging_back_moves_the_window_by_a_page_and_keeps_the_rows_it_has():
    """A page read at either end adds that page's rows and drops as many at the other end:
    the rows kept are not made again (the window is not shown anew), and what is drawn is
    the list at the view's place, the cursor on its record."""
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(PagedRecordTable)
        made: list[str] = []
        row_of = table._row
        table._row = lambda record: made.append(record.id) or row_of(record)

        def drawn() -> list[str]:
            return [strip.text for strip in screen_strips(app)]

        async def page(key: str) -> None:
            fetched, made[:] = len(app.fetched), []
            await pilot.press(key)
            await pilot.pause()
            _check(table)
            read = sum(limit for _offset, limit in app.fetched[fetched:])
            assert len(made) <= read  # only the rows of the page read are made
            lines = drawn()
            top = round(table.scroll_y)
            for row in range(top, min(top + 5, len(table.order))):
                assert f"Rij {table.first + row:04d}" in lines[1 + row - top]

        while table.first + table.cursor_row < ROWS - 1:
            await page("pagedown")
        assert table.first == ROWS - table.window
        reads = len(app.fetched)
        while table.first + table.cursor_row > 0:
            await page("pageup")
        assert table.first == 0 and len(table.order) == table.window
        assert len(app.fetched) - reads == (ROWS - table.window) // table.page_size


class MovingListApp(ListApp):
    """A list another writer changes while it is scrolled: rows added and removed before
    the window."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = [f"r{i}" for i in range(rows)]

    def fetch(self, offset: int, limit: int) -> Page:
        self.fetched.append((offset, limit))
        rows = [Record({"id": key, "name": key}) for key in self.rows[offset : offset + limit]]
        return Page(rows, len(self.rows), offset, limit)


@drive
async def test_a_list_scrolled_while_another_writer_adds_and_removes_rows_before_it():
    """Every row after the cursor is reached once, in order, none skipped or repeated,
    while rows before the window come and go (a page read by its offset alone repeated a
    row for each row added before it and skipped one for each removed)."""
    for change in ("add", "remove"):
        app = MovingListApp(110)
        async with app.run_test(size=(40, 20)) as pilot:
            await pilot.pause()
            table = app.query_one(PagedRecordTable)
            visited = [table.current_record.id]
            added = 0
            while visited[-1] != app.rows[-1]:
                if len(visited) % 7 == 0:
                    if change == "add":
                        app.rows[0:0] = [f"new{added}", f"new{added + 1}"]
                        added += 2
                    elif app.rows[0] != visited[-1]:
                        del app.rows[0]
                await pilot.press("down")
                await pilot.pause()
                visited.append(table.current_record.id)
                assert len(visited) < 400
            reached = [key for key in visited if key.startswith("r")]
            assert reached == [f"r{i}" for i in range(110)], change
            assert len(table.order) <= table.window


class BigPageApp(ListApp):
    """The list's own page size (50) larger than a terminal of 24 lines shows."""

    def compose(self) -> ComposeResult:
        yield PagedRecordTable([("Naam", 20, lambda r: r.name)], fetch=self.fetch, id="list")


@drive
async def test_a_first_page_read_before_the_list_is_laid_out_is_what_the_terminal_can_show():
    """A section reads its first page as it mounts, before its list has a size: no more
    rows than the terminal has lines (plus the margin), not a whole page of 50; the rows
    after it come as the cursor nears the end, as on any list."""
    app = BigPageApp()
    async with app.run_test(size=(40, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(PagedRecordTable)
        assert app.fetched[0] == (0, 24 + table.margin)
        assert len(table.order) == 24 + table.margin
        for _ in range(3):
            await pilot.press("pagedown")
        await pilot.pause()
        assert len(table.order) > 24 + table.margin  # the next page, read on the way down
        _check(table)
