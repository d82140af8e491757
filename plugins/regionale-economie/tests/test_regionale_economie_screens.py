"""The screens on the Leiden demo (clock frozen), driven with Pilot, and one snapshot at 80×24.

Update the snapshot after a deliberate change: ``uv run pytest
plugins/regionale-economie/tests/test_regionale_economie_screens.py --snapshot-update``.
"""

from __future__ import annotations

import pytest
from stadstafel.testing import app_for, run_async
from stadstafel.ui import PagedRecordTable, RecordTable
from textual.widgets import Input, Static

from stadstafel_regionale_economie.screens import VerbandenScreen, VerbandScreen

SIZE = (80, 24)
TODAY = "2027-03-01 09:00"


def rows(table) -> list:
    return [table.records[k] for k in table.order]


async def open_list(pilot) -> VerbandenScreen:
    await pilot.pause()
    await pilot.press("g")
    await pilot.pause()
    assert isinstance(pilot.app.screen, VerbandenScreen)
    return pilot.app.screen


def test_list_filter_and_detail(demo):
    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_list(pilot)
            table = screen.query_one("#re-verbanden", PagedRecordTable)
            names = [r.name for r in rows(table)]
            assert names == [
                "Bedrijfsvoering Leidse regio (demo)",
                "Economie071",
                "Holland Rijnland",
            ]
            # Holland Rijnland's next open deadline is the missed zienswijze: marked "!"
            hr = next(r for r in rows(table) if r.name == "Holland Rijnland")
            assert screen.cells(hr)[2].startswith("! ")
            await pilot.press("f", *"rijn", "enter")
            await pilot.pause()
            assert [r.name for r in rows(table)] == ["Holland Rijnland"]
            assert "1 samenwerkingsverband" in screen.line_text("count")
            await pilot.press("enter")
            await pilot.pause()
            detail = app.screen
            assert isinstance(detail, VerbandScreen)
            summary = str(detail.query_one("#re-summary", Static).render())
            assert "openbaar lichaam" in summary and "Gemeente Teylingen" in summary
            events = rows(detail.query_one("#re-events", RecordTable))
            assert len(events) == 6 and events[0].kind == "ontwerp-begroting"
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
            screen.query_one("#re-filter", Input).value = "zzz"
            await pilot.pause()
            assert rows(table) == []

    run()


def test_the_tab_on_the_following_table(demo):
    """Tab 7 of Leiden Kennisstad's screen lists its collaborations and the zienswijzen."""

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("t")
            await pilot.pause()
            tables = app.screen.query_one("#tables", PagedRecordTable)
            names = [r.name for r in rows(tables)]
            tables.move_cursor(row=names.index("Leiden Kennisstad"))
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("7")
            await pilot.pause()
            listed = rows(app.screen.query_one("#re-tab-verbanden", RecordTable))
            assert len(listed) == 3
            text = str(app.screen.query_one("#re-tab-summary", Static).render())
            assert "Zienswijze gemist: Holland Rijnland" in text
            assert "nog niet geagendeerd: Bedrijfsvoering Leidse regio (demo)" in text

    run()


def test_no_tab_on_a_table_that_follows_nothing(demo):
    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("t")
            await pilot.pause()
            tables = app.screen.query_one("#tables", PagedRecordTable)
            names = [r.name for r in rows(tables)]
            tables.move_cursor(row=names.index("Samenwerkingstafel Woningbouw"))
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen.query("#tabs") or app.screen.query("TabbedContent")
            assert not app.screen.query("#re-tab-verbanden")

    run()


def test_snapshot_list(snap_compare, demo):
    """The collaborations list at 80×24."""
    app = app_for(demo)

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("width", [80, 77])
def test_the_screens_keys_are_in_view_at_80_columns(demo, width):
    """At 80×24 the footer shows new, edit and the deadlines with the core's keys, and the
    line above the list names the Regio Deals and the locations: every key of the screen is
    on it (``d``, delete, is under ? and in the palette). At 77 columns: the room the footer
    leaves at 80 with the section keys of every module (three more than in this demo)."""
    from stadstafel.testing import drawn_text

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=(width, 24)) as pilot:
            await open_list(pilot)
            lines = drawn_text(app).splitlines()
            footer, hint = lines[-1], next(x for x in lines if "samenwerkingsverbanden ·" in x)
            for key in ("n Nieuw", "e Wijzig", "k Termijn", "/ Zoeken", "? Help"):
                assert key in footer, (key, footer)
            assert "r Regio Deals" in hint and "l Locaties" in hint, hint
            assert hint.rstrip().endswith("l Locaties")  # not cut at the edge

    run()


def test_a_word_typed_fast_after_f_keeps_every_letter(demo):
    """``f`` and "Holland" sent at once (a fast typist, a terminal): every letter reaches the
    filter, none is taken as a section key (o, a)."""
    from stadstafel.testing import burst

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_list(pilot)
            await burst(pilot, "f", *"Holland")
            assert app.screen is screen
            assert screen.query_one("#re-filter", Input).value == "Holland"

    run()


@pytest.mark.parametrize(
    ("keys", "kind"),
    [(["g"], "VerbandenScreen"), (["g", "k"], "DeadlinesScreen"), (["g", "l"], "LocatiesScreen")],
    ids=str,
)
def test_a_paste_on_a_list_goes_into_its_filter(demo, keys, kind):
    """A terminal's paste with the list focused (collaborations, deadlines, work locations):
    its printable text, on one line."""
    from stadstafel.testing import paste_on_the_list

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            screen = app.screen
            assert type(screen).__name__ == kind
            filt = await paste_on_the_list(pilot, "Lei\x1bden\n")
            assert filt.value == "Leiden" and filt.has_focus and app.screen is screen

    run()


def test_the_flag_and_the_keys_follow_the_row_under_the_cursor(tmp_path):
    """A filter keystroke checks the right on the row's table again only when it is another
    table; the footer still follows the row: the secretary of one table sees "Wijzig" on
    its collaboration, not on another table's. The "!" column marks exactly the rows that
    ``flags`` lists, and user text in a row is shown as typed."""
    from stadstafel.testing import drawn_text, frozen_clock, plugin_workspace

    import stadstafel_regionale_economie
    from stadstafel_regionale_economie import VERBANDEN

    users = {
        "admin": {"role": "beheerder"},
        "secr": {"person": "s@example.org", "role": "gebruiker"},
    }
    module, name = stadstafel_regionale_economie, "regionale-economie"
    with frozen_clock(TODAY):
        with plugin_workspace(tmp_path, module, name, users=users, login="admin") as ws:
            org = ws.organisations.create(name="Gemeente Leiden", kind="gemeente")
            person = ws.people.create(name="Sam", organisation_id=org.id, email="s@example.org")
            mine = ws.tables.create(name="Tafel A", kind="samenwerkingstafel",
                                    secretary_person_id=person.id)  # fmt: skip
            other = ws.tables.create(name="Tafel B", kind="samenwerkingstafel")
            verbanden = ws.service(VERBANDEN)
            flagged = verbanden.create(table_id=mine.id, name="A [b]vet[/b] regeling",
                                       type="openbaar lichaam",
                                       organen=[{"orgaan": "AB", "leden": ["x"]}])  # fmt: skip
            verbanden.create(table_id=other.id, name="B regeling", type="regeling zonder meer")
            assert verbanden.flags(flagged)  # no DB, no voorzitter
        with plugin_workspace(tmp_path, module, name, users=users, login="secr") as ws:

            @run_async
            async def run():
                app = app_for(ws)
                # wide enough for every key of the footer (at 80 columns it keeps the first)
                async with app.run_test(size=(160, 24)) as pilot:
                    screen = await open_list(pilot)
                    table = screen.query_one("#re-verbanden", PagedRecordTable)

                    def footer() -> str:  # as drawn (not rendered again for the test)
                        return drawn_text(app).splitlines()[-1]

                    assert [r.name for r in rows(table)] == ["A [b]vet[/b] regeling", "B regeling"]
                    assert [screen.cells(r)[3] for r in rows(table)] == ["!", ""]
                    assert "A [b]vet[/b] regeling" in table.get_row_at(0)[0].plain
                    assert screen.check_action("edit", ()) and "Wijzig" in footer()
                    # moved as a click moves it (no key: nothing else redraws the footer)
                    table.move_cursor(row=1)
                    await pilot.pause()
                    assert not screen.check_action("edit", ()) and "Wijzig" not in footer()
                    table.move_cursor(row=0)
                    await pilot.pause()
                    assert screen.check_action("edit", ()) and "Wijzig" in footer()
                    await pilot.press("down", "f", *"B reg", "enter")  # B's row, filtered
                    await pilot.pause()
                    assert [r.name for r in rows(table)] == ["B regeling"]
                    assert table.has_focus and "Wijzig" not in footer()
                    await pilot.press("f", "ctrl+u", *"A [", "enter")  # the own table's again
                    await pilot.pause()
                    assert [r.name for r in rows(table)] == ["A [b]vet[/b] regeling"]
                    assert table.has_focus and "Wijzig" in footer()

            run()
