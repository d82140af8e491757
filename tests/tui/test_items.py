"""Agendapunten: every agenda item, paged from the database, filtered as you type."""

from __future__ import annotations

from support import drive, settle
from textual.widgets import Input

from stadstafel.tui.screens.agenda import AgendaScreen
from stadstafel.tui.screens.items import AgendaItemsScreen
from stadstafel.tui.screens.meetings import MeetingsScreen

SIZE = (80, 24)


async def open_items(pilot) -> AgendaItemsScreen:
    await pilot.press("v")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MeetingsScreen)
    await pilot.press("l")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, AgendaItemsScreen)
    return screen


@drive
async def test_lists_every_agenda_item_newest_first(app, demo_ws):
    total = demo_ws.agenda.list(limit=1).total
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_items(pilot)
        view = screen.list_view
        assert view.total == total
        ids = [view.records[k].id for k in view.order]
        assert ids == sorted(ids, reverse=True)
        # the first page: no more than the terminal can show and the margin
        assert len(ids) == min(total, view.page_size, pilot.app.size.height + view.margin)


@drive
async def test_typing_narrows_the_list(app, demo_ws):
    everything = demo_ws.agenda.list(limit=1).total
    expected = demo_ws.agenda.list(filter="participatie").total
    assert 0 < expected < everything
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_items(pilot)
        # It opens in the filter, so p (the partners section's key) is typed, not obeyed.
        await pilot.press(*"participatie")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.query_one("#filter", Input).value == "participatie"
        assert screen.list_view.total == expected
        shown = screen.list_view.records.values()
        assert all(
            "participatie" in f"{r.title} {r.description or ''} {r.minutes or ''}".casefold()
            for r in shown
        )
        await pilot.press("escape")  # clears the filter and goes back to the list
        await pilot.pause()
        assert screen.list_view.total == everything
        assert screen.focused is screen.list_view


@drive
async def test_status_key_keeps_one_status(app, demo_ws):
    expected = demo_ws.agenda.list(status="ingediend").total
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_items(pilot)
        assert screen.focused is screen.query_one("#filter", Input)  # it opens in the filter
        await pilot.press("down")  # on to the list, where s is the status key
        await pilot.pause()
        assert screen.focused is screen.list_view
        await pilot.press("s")
        await pilot.pause()
        assert screen.status == "ingediend"
        assert screen.list_view.total == expected
        assert {r.status for r in screen.list_view.records.values()} == {"ingediend"}


@drive
async def test_enter_opens_the_items_meeting_agenda(app, demo_ws):
    item = demo_ws.agenda.list(filter="Stationsgebied").rows[0]
    assert item.meeting_id
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_items(pilot)
        await pilot.press(*"Stationsgebied")
        await pilot.pause()
        assert screen.list_view.current_record.id == item.id
        await pilot.press("enter")  # from the filter to the list
        await pilot.pause()
        await pilot.press("enter")  # opens the agenda
        await pilot.pause()
        agenda = pilot.app.screen
        assert isinstance(agenda, AgendaScreen)
        assert agenda.meeting_id == item.meeting_id
        assert item.id in {r.id for r in agenda.items}
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen


@drive
async def test_the_command_palette_opens_the_list(app):
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Agendapunten: alle")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AgendaItemsScreen)


def test_snapshot_agenda_items(snap_compare, app, frozen_clock):
    async def run_before(pilot) -> None:
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await pilot.press(*"woning")
        await settle(pilot)

    assert snap_compare(app(), terminal_size=SIZE, run_before=run_before)
