"""Escape from a record screen back to its list: the list as it was left (rows, highlight,
filter, focus), or as stored where the record changed meanwhile; drawn once, with nothing
restyled (the closed screen goes without its focused widget blurred and without the list
laid out again). No timing is asserted; counts of the work done are."""

from __future__ import annotations

from support import built, drive
from textual.widgets import Input

from stadstafel.testing import drawing_counted, opened_counted
from stadstafel.tui.screens.partners import PartnerDetailScreen, PartnersScreen
from stadstafel.tui.screens.table.detail import TableDetailScreen
from stadstafel.tui.textual_private import screen_text

SIZE = (80, 24)


def rows(screen) -> list[str]:
    return [screen.table.records[k].name for k in screen.table.order]


@drive
async def test_escape_returns_to_the_list_as_it_was_left_drawn_once(app, demo_ws, monkeypatch):
    frames, styled = drawing_counted(monkeypatch)
    leiden = {o.name for o in demo_ws.organisations.list(filter="Leiden").rows}
    assert len(leiden) >= 2
    async with app().run_test(size=SIZE) as pilot:
        await built(pilot)
        await pilot.press("p")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, PartnersScreen)
        await pilot.press(*"Leiden")
        await pilot.pause()
        screen.set_focus(screen.table)
        screen.table.move_cursor(row=1)
        await pilot.pause()
        before = rows(screen), screen.table.current_key, screen.table.cursor_row
        assert set(before[0]) == leiden
        await pilot.press("enter")
        await pilot.pause()
        detail = pilot.app.screen
        assert isinstance(detail, PartnerDetailScreen)
        assert str(detail.organisation_id) == before[1]
        await pilot.pause()
        assert await opened_counted(pilot, frames, styled, press="escape") is screen
        assert (rows(screen), screen.table.current_key, screen.table.cursor_row) == before
        assert screen.query_one("#filter", Input).value == "Leiden"
        assert pilot.app.focused is screen.table
        assert not detail.is_attached  # the closed screen is gone, not kept
        assert "Typ om te filteren" not in screen_text(screen)  # the filter holds its word
        assert "Nieuw" in screen_text(screen)  # the list's own keys in the footer
        # one frame, and no widget styled again (Textual: three frames, ten styled)
        assert len(frames) == 1
        assert styled == []


@drive
async def test_a_table_renamed_in_its_screen_shows_its_new_name_back_in_the_list(app, demo_ws):
    table = demo_ws.tables.list()[1]
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        tables = pilot.app.screen
        assert tables.table.select_key(table.id)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TableDetailScreen)
        # as the table screen's edit form saves it: through the service, in this session
        stored = demo_ws.tables.get(table.id)
        demo_ws.tables.update(table.id, stored.version, name="Hernoemde tafel")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert pilot.app.screen is tables
        assert tables.table.current_key == str(table.id)
        assert tables.table.current_record.name == "Hernoemde tafel"
        assert "Hernoemde tafel" in screen_text(tables)
        assert table.name not in screen_text(tables)
