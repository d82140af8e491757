"""The judging walk from the keyboard on the demo (Pilot, 80×24): every collaboration with the
deadlines of this quarter, the begroting whose zienswijze is not planned put on the right
agenda, the Bio Science Park's jobs from two sources side by side; the forms; keys hidden from
an actor without the right; snapshots of the calendar and the location.

Update a snapshot after a deliberate change: ``uv run pytest
plugins/regionale-economie/tests/test_regionale_economie_walk.py --snapshot-update``.
"""

from __future__ import annotations

from regionale_economie_pilot import SIZE, fill, go, rows, text
from stadstafel.testing import app_for, run_async
from stadstafel.ui import FormScreen, PagedRecordTable, PickerScreen, RecordTable
from textual.widgets import Input

from stadstafel_regionale_economie import CONTROL, DEALS, NAME, VERBANDEN
from stadstafel_regionale_economie.screens import (
    DeadlinesScreen,
    DealsScreen,
    LocatieScreen,
    LocatiesScreen,
    VerbandenScreen,
    VerbandScreen,
)


def test_walk_deadlines_this_quarter_and_plan_the_zienswijze(demo):
    control = demo.service(CONTROL)
    bvo = next(u["event"] for u in control.unplanned_zienswijzen() if not u["missed"])

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "g", "k")
            screen = app.screen
            assert isinstance(screen, DeadlinesScreen)
            listed = rows(screen.query_one("#re-deadlines", PagedRecordTable))
            # the missed one first, then this quarter's and later ones, by date
            assert [e.deadline for e in listed] == sorted(e.deadline for e in listed)
            assert screen.cells_of(listed[0])[4] == "! verstreken"
            assert screen.quarter_of(listed[0]) == "dit"
            assert "dit kwartaal: 2027-01-01 t/m 2027-03-31" in text(screen, "#re-dl-count")
            row = [e.id for e in listed].index(bvo.id)
            assert screen.cells_of(listed[row])[4] == "! niet gepland"
            screen.query_one("#re-deadlines", PagedRecordTable).move_cursor(row=row)
            await go(pilot, "a")
            picker = app.screen
            assert isinstance(picker, PickerScreen)
            assert "bij Leiden Kennisstad" in picker.title_text
            # only meetings of the table that follows the bvo, before its deadline
            chosen = picker.options[0][1]
            meeting = demo.read.meeting(chosen)
            assert meeting.table_id == bvo.table_id and meeting.starts_at[:10] < bvo.deadline
            await go(pilot, "enter")
            assert app.screen is screen
            assert control.planned_meeting(bvo).id == chosen
            # only the missed one is left, and the screen says so
            assert [u["missed"] for u in control.unplanned_zienswijzen()] == [True]
            refreshed = rows(screen.query_one("#re-deadlines", PagedRecordTable))
            again = next(e for e in refreshed if e.id == bvo.id)
            assert screen.cells_of(again)[4] == f"gepland {meeting.starts_at[:10]}"
            # a missed begroting cannot be planned any more: a message, no picker
            screen.query_one("#re-deadlines", PagedRecordTable).move_cursor(row=0)
            await go(pilot, "a")
            assert app.screen is screen

    run()


def test_walk_compare_the_bio_science_park(demo):
    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "g", "l")
            assert isinstance(app.screen, LocatiesScreen)
            await go(pilot, "f", *"bio", "enter", "enter")
            screen = app.screen
            assert isinstance(screen, LocatieScreen)
            shown = text(screen, "#re-loc")
            assert "Leiden Bio Science Park" in shown and "110 ha" in shown
            await go(pilot, "m")  # werkzame personen only
            shown = text(screen, "#re-loc")
            assert "3 definities naast elkaar, niet optellen" in shown
            blocks = [line for line in shown.splitlines() if line.startswith("-- ")]
            assert len(blocks) == 3  # one block (and one plot) per definition
            assert "25.000" in shown and "11.700" in shown and "24.200*" in shown
            assert "bedrijven" not in shown.split("==")[0]
            await go(pilot, "escape", "escape", "escape")
            assert isinstance(app.screen, VerbandenScreen)

    run()


def test_deals_screen_flags_with_source_and_projects(demo):
    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "g", "r")
            screen = app.screen
            assert isinstance(screen, DealsScreen)
            shown = text(screen, "#re-deal")
            assert "! Rijksaandeel 55% boven 50%" in shown
            assert "bron: Rijksoverheid" in shown
            assert "Projecten: 3, afgerond 0, gemiddeld 18%" in shown

    run()


def test_forms_from_the_keyboard(demo):
    table = demo.read.table_by_name("Leiden Kennisstad")

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "g", "n")
            form = app.screen
            assert isinstance(form, FormScreen)
            # a breach of a Wgr rule is refused with its article, the form stays open
            await fill(pilot, form, table_id=table.id, name="Lichte regeling",
                       type="regeling zonder meer", mandaat_delegatie=True)  # fmt: skip
            await go(pilot, "ctrl+s")
            assert app.screen is form
            assert "centrumgemeenteregeling" in str(form.query_one("#form-error").render())
            await fill(pilot, form, mandaat_delegatie=False, deelnemers="Gemeente Leiden")
            await go(pilot, "ctrl+s")
            assert isinstance(app.screen, VerbandenScreen)
            made = demo.service(VERBANDEN).list(filter="Lichte regeling").rows[0]
            assert made.type == "regeling zonder meer" and len(made.deelnemers) == 1
            # open it and add a control event
            listed = rows(app.screen.query_one("#re-verbanden", PagedRecordTable))
            app.screen.table.move_cursor(row=[r.id for r in listed].index(made.id))
            await go(pilot, "enter", "c")
            form = app.screen
            await fill(pilot, form, kind="ontwerp-begroting", year="2028",
                       deadline="2027-06-01")  # fmt: skip
            await go(pilot, "ctrl+s")
            assert isinstance(app.screen, VerbandScreen)
            (event,) = demo.service(CONTROL).events(verband_id=made.id)
            assert event.table_id == table.id and event.deadline == "2027-06-01"
            events = rows(app.screen.query_one("#re-events", RecordTable))
            assert [e.id for e in events] == [event.id]
            # Enter on the event edits it
            await go(pilot, "enter")
            await fill(pilot, app.screen, done=True)
            await go(pilot, "ctrl+s")
            assert demo.service(CONTROL).get(event.id).done
            # a Regio Deal
            await go(pilot, "escape", "r", "n")
            form = app.screen
            await fill(pilot, form, table_id=table.id, name="Deal Noord", tranche="4",
                       rijk_eur="3000000", regio_eur="3000000")  # fmt: skip
            await go(pilot, "ctrl+s")
            assert isinstance(app.screen, DealsScreen)
            deal = next(d for d in demo.service(DEALS).list().rows if d.name == "Deal Noord")
            assert [f["rule"] for f in demo.service(DEALS).flags(deal)] == ["rijk_bounds"]

    run()


def test_keys_hidden_without_the_right(reader):
    @run_async
    async def run():
        app = app_for(reader)
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "g")
            screen = app.screen
            assert screen.check_action("new", ()) is False
            assert screen.check_action("calendar", ()) is True
            await go(pilot, "n")
            assert app.screen is screen  # no form
            await go(pilot, "enter")
            detail = app.screen
            assert isinstance(detail, VerbandScreen)
            for action in ("edit", "new_event", "plan"):
                assert detail.check_action(action, ()) is False
            await go(pilot, "c")
            assert app.screen is detail
            await go(pilot, "escape", "r")
            assert app.screen.check_action("new", ()) is False

    run()


def _snap(keys):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await go(pilot, *keys)
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        await pilot.pause()

    return run_before


def test_snapshot_calendar(snap_compare, demo):
    """The control deadlines, this quarter first, at 80×24."""
    assert snap_compare(app_for(demo), terminal_size=SIZE, run_before=_snap(["g", "k"]))


def test_snapshot_location(snap_compare, demo):
    """The Bio Science Park's jobs: three definitions side by side, at 80×24."""
    keys = ["g", "l", "f", *"bio", "enter", "enter", "m"]
    assert snap_compare(app_for(demo), terminal_size=SIZE, run_before=_snap(keys))


def test_english_is_complete_on_the_new_screens(demo):
    from stadstafel.testing import set_language

    from stadstafel_regionale_economie.views import comparison_lines

    set_language("en")
    try:
        park = demo.service(f"{NAME}.locaties").by_name("Leiden Bio Science Park")
        shown = "\n".join(comparison_lines(demo, park))
        for english in ("definitions side by side, do not add up", "campus, companies only",
                        "Sources:", "* = invented demo figure"):  # fmt: skip
            assert english in shown
        assert "niet optellen" not in shown and "Bronnen" not in shown

        @run_async
        async def run():
            app = app_for(demo)
            async with app.run_test(size=SIZE) as pilot:
                await go(pilot, "g", "k")
                assert "open deadlines · this quarter" in text(app.screen, "#re-dl-count")
                listed = rows(app.screen.query_one("#re-deadlines", PagedRecordTable))
                assert app.screen.cells_of(listed[0])[4] == "! missed"
                await go(pilot, "escape", "r")
                assert "Projects: 3, completed 0, mean 18%" in text(app.screen, "#re-deal")

        run()
    finally:
        set_language("nl")
