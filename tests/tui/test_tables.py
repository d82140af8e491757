"""Tables: list and preview, the detail tabs, signing and revising the mission, members."""

from __future__ import annotations

import asyncio
import functools
from types import SimpleNamespace

from textual.widgets import Static, TabbedContent

from stadstafel.tui.modals import ConfirmScreen, PickerScreen
from stadstafel.tui.screens.tables import TableDetailScreen, TablesScreen
from stadstafel.tui.widgets.form import FormScreen

SIZE = (80, 24)
KENNISSTAD = "Leiden Kennisstad"


def drive(test):
    """Run an async Pilot test in its own event loop (no async plugin needed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return run


def text_of(screen) -> str:
    """Everything the screen shows, as plain text."""
    strips = screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def open_table(pilot, ws, name: str, tab: str | None = None) -> TableDetailScreen:
    await pilot.press("t")
    await pilot.pause()
    tables = pilot.app.screen
    assert isinstance(tables, TablesScreen)
    assert tables.table.select_key(ws.tables.by_name(name).id)
    await pilot.press("enter")
    await pilot.pause()
    detail = pilot.app.screen
    assert isinstance(detail, TableDetailScreen)
    if tab:
        keys = ["leden", "werkafspraken", "belangen", "missie", "doelen", "initiatieven"]
        await pilot.press(str(keys.index(tab) + 1))
        await pilot.pause()
        assert detail.active_tab == tab
    await pilot.pause()
    return detail


def mission_line(screen) -> str:
    return str(screen.query_one("#mission-status", Static).render())


@drive
async def test_tables_list_shows_rhythm_and_agreements(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    agreements = demo_ws.working_agreements.of_table(table.id)
    assert agreements
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, TablesScreen)
        screen.table.select_key(table.id)
        await pilot.pause()
        text = text_of(screen)
        assert "elke 4 weken" in text
        preview = str(screen.query_one("#preview", Static).render())
        assert f"Werkafspraken ({len(agreements)})" in preview
        assert agreements[0].subject in preview


@drive
async def test_number_keys_switch_tabs(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD)
        tabs = screen.query_one("#tabs", TabbedContent)
        assert tabs.active == "leden"
        for key, tab in zip("234561", ["werkafspraken", "belangen", "missie", "doelen",
                                       "initiatieven", "leden"], strict=True):  # fmt: skip
            await pilot.press(key)
            await pilot.pause()
            assert tabs.active == tab
        members = demo_ws.tables.members(demo_ws.tables.by_name(KENNISSTAD).id)
        assert len(screen.query_one("#members").order) == len(members)


@drive
async def test_sign_the_mission_for_the_member_that_has_not_signed(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    status = demo_ws.missions.status(table.id)
    missing = [m for m in status["members"] if not m["signature"]]
    assert len(missing) == 1 and not status["fully_signed"]
    total = len(status["members"])
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="missie")
        assert f"{total - 1} van {total}" in mission_line(screen)
        assert mission_line(screen).startswith("!")
        assert "nog niet ondertekend" in text_of(screen)
        signatures = screen.query_one("#signatures")
        assert signatures.select_key(missing[0]["organisation_id"])
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert f"Volledig ondertekend: {total} van {total}" in mission_line(screen)
        assert "nog niet ondertekend" not in text_of(screen)
    assert demo_ws.missions.status(table.id)["fully_signed"]


@drive
async def test_signing_without_permission_shows_the_message(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    missing = next(m for m in demo_ws.missions.status(table.id)["members"] if not m["signature"])
    demo_ws.config.users = {"gast": SimpleNamespace(person=None, role="lezer")}
    demo_ws.act_as("gast")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="missie")
        screen.query_one("#signatures").select_key(missing["organisation_id"])
        await pilot.press("o", "j")
        await pilot.pause()
        assert pilot.app.screen is screen
        messages = [n.message for n in pilot.app._notifications]
        assert any("missie ondertekenen" in m and "niet doen" in m for m in messages)
        # revising is not offered to a reader
        assert screen.check_action("revise", ()) is False
    assert not demo_ws.missions.status(table.id)["fully_signed"]


@drive
async def test_revise_the_mission_starts_signing_anew(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    before = demo_ws.missions.current(table.id)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="missie")
        await pilot.press("r")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        form.field_widget("statement").text = "Samen maken we Leiden tot kennisstad."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert "0 van" in mission_line(screen)
        assert f"v{before.revision}" in mission_line(screen)  # the earlier version is listed
        assert "Samen maken we Leiden tot kennisstad." in text_of(screen)
    assert demo_ws.missions.current(table.id).revision == before.revision + 1


@drive
async def test_add_and_end_a_membership(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    newcomer = demo_ws.organisations.create(name="Aaa Museum", kind="overig")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="leden")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickerScreen)
        await pilot.press(*"Aaa Mus", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickerScreen)  # the role
        await pilot.press("enter")  # partner is preselected
        await pilot.pause()
        assert pilot.app.screen is screen
        members = demo_ws.tables.members(table.id)
        added = next(m for m in members if m.organisation_id == newcomer.id)
        assert added.role == "partner"
        assert screen.query_one("#members").current_record.id == added.id
        await pilot.press("x", "j")
        await pilot.pause()
    assert newcomer.id not in {m.organisation_id for m in demo_ws.tables.members(table.id)}


@drive
async def test_new_working_agreement(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    before = len(demo_ws.working_agreements.of_table(table.id))
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="werkafspraken")
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        await pilot.press("ctrl+s")  # nothing filled in
        await pilot.pause()
        assert "verplicht" in str(form.query_one("#error-text", Static).render())
        form.field_widget("subject").value = "communicatie"
        form.field_widget("text").text = "Verslagen staan binnen een week online."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
    assert len(demo_ws.working_agreements.of_table(table.id)) == before + 1


@drive
async def test_interests_goals_and_initiatives(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    matrix = demo_ws.interests.matrix(table.id)
    initiatives = demo_ws.initiatives.of_table(table.id)
    outside = next(i for i in initiatives if not i.admitted)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="belangen")
        grid = screen.query_one("#matrix")
        assert grid.row_count == len(matrix["rows"])
        assert len(grid.columns) == len(matrix["topics"]) + 1
        await pilot.press("5")
        await pilot.pause()
        assert "%" in text_of(screen) and "█" in text_of(screen)  # a progress bar in text
        await pilot.press("6")
        await pilot.pause()
        listing = screen.query_one("#initiatives")
        assert listing.select_key(outside.id)
        await pilot.pause()
        reasons = str(screen.query_one("#initiative-reasons", Static).render())
        assert reasons.startswith("!") and outside.admission_reasons[0] in reasons
        assert "✓ past binnen kader" in text_of(screen)
