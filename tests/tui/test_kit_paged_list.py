"""``stadstafel.ui.PagedList``: the list-and-filter wiring a module's section stands on with a
layout of its own (a filter line, a count line, the list; the focus on the list), driven with
Pilot as a module's screen is."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from stadstafel import Page, Record
from stadstafel.testing import (
    app_for,
    burst,
    make_config,
    open_workspace,
    plugin_host,
    run_async,
)
from stadstafel.ui import FilterInput, PagedList, PagedRecordTable, SectionScreen, bind

SIZE = (80, 24)
PARKS = [Record(id=i, name=f"Park {i:03d}") for i in range(1, 121)]


class ParksScreen(PagedList, SectionScreen):
    TITLE_NL, TITLE_EN = "Parken", "Parks"
    LIST_ID = "parks"
    BINDINGS = [bind("f", "focus_filter", "Filter", "Filter", id="groen.filter", priority=True)]

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[tuple[str, int]] = []
        self.opened: list[int] = []

    def compose_body(self):
        yield FilterInput(placeholder="Filter", id="filter", on_change=self.filter_changed)
        yield Static("", id="count", markup=False)
        yield PagedRecordTable([("Naam", 20)], fetch=self.fetch, cells=self.cells,
                               id=self.LIST_ID)  # fmt: skip

    def fetch(self, offset: int, limit: int) -> Page:
        self.fetched.append((self.filter_text, offset))
        hits = [p for p in PARKS if self.filter_text in p.name]
        return Page(hits[offset : offset + limit], len(hits), offset, limit)

    def cells(self, record: Record) -> list:
        return [record.name]

    def on_mount(self) -> None:
        self.refresh_data()
        self.list_view.focus()

    def after_reload(self) -> None:
        self.query_one("#count", Static).update(f"{self.list_view.total} parken")

    def open_record(self, record: Record) -> None:
        self.opened.append(record.id)


@pytest.fixture
def ws(tmp_path):
    config = make_config(tmp_path / "ws.db")
    workspace = open_workspace(config, plugin_host({}, config))
    yield workspace
    workspace.close()


async def parks(pilot) -> ParksScreen:
    screen = ParksScreen()
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


def count(screen) -> str:
    return str(screen.query_one("#count", Static).render())


@run_async
async def test_a_section_of_its_own_layout_on_the_paged_list_wiring(ws):
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = await parks(pilot)
        assert screen.list_view.has_focus and count(screen) == "120 parken"
        screen.list_view.move_cursor(row=30)
        await pilot.pause()
        screen.refresh_data()  # the data changed: read again where the cursor is
        assert screen.list_view.current_record.id == 31 and count(screen) == "120 parken"
        screen.list_view.reload(start=60)  # a window further down the list
        await pilot.press("f")  # the module's key for action_focus_filter
        assert screen.query_one("#filter", Input).has_focus
        await pilot.press(*"Park 10")
        await pilot.pause()
        assert screen.fetched[-1] == ("Park 10", 0)  # from the first row, filtered
        assert count(screen) == "10 parken"
        await pilot.press("enter")  # Enter in the filter: on to the list
        assert screen.list_view.has_focus
        screen.list_view.move_cursor(row=1)
        await pilot.press("enter")  # Enter on a row opens it
        await pilot.pause()
        assert screen.opened == [101]
        screen.query_one("#filter", Input).value = "geen park"
        await pilot.pause()
        assert count(screen) == "0 parken"


@run_async
async def test_a_word_typed_fast_after_the_filter_key_keeps_every_letter(ws):
    """``f`` and "Park 10" typed fast: the letters that reached the list before the filter
    had the focus go into it too."""
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = await parks(pilot)
        assert screen.list_view.has_focus
        await burst(pilot, "f", *"Park 10")
        assert screen.query_one("#filter", Input).value == "Park 10"
        assert count(screen) == "10 parken"


@run_async
async def test_escape_in_the_filter_clears_it_and_returns_to_the_list(ws):
    """As the core's lists: the filter cleared, the whole list again, the focus on it."""
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = await parks(pilot)
        await pilot.press("f", *"Park 10")
        await pilot.pause()
        assert count(screen) == "10 parken"
        await pilot.press("escape")
        await pilot.pause()
        assert screen.list_view.has_focus and app.screen is screen
        assert screen.query_one("#filter", Input).value == "" and count(screen) == "120 parken"
        await pilot.press("escape")  # on the list: not the kit's key (the screen stays)
        await pilot.pause()
        assert app.screen is screen
