"""The issue's judging walk, from the keyboard, on the Leiden demo: prepare the next leerkring
session (host, casus), import a CSV of new figures, see which cities' figures became
definitief and where Leiden stands among them, put that on the thematafel's agenda - while a
participant from another city cannot read the confidential casus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from stadstafel.testing import app_for, build_demo, frozen_clock, plugin_workspace, run_async
from stadstafel.ui import FormScreen, ImportReportScreen, PickerScreen
from textual.widgets import Select, TextArea

import stadstafel_sociaal_domein
from stadstafel_sociaal_domein.screens import CityScreen, LeerkringScreen, SociaalDomeinScreen

NAME = "sociaal-domein"
SIZE = (80, 24)
TABLE = "Thematafels Platform31 en Leiden"
USERS = {
    "admin": {"role": "beheerder"},
    # Mark Hermans, Gemeente Zoeterwoude: at the thematafel, not in the first leerkring
    "zoeterwoude": {"person": "m.hermans@example.org", "role": "gebruiker"},
}
# The example the README points to: the second half of 2024 made definitief for five cities,
# and a first figure for 2025 (invented figures).
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "jeugdhulp-2024hj2.csv"


@pytest.fixture
def demo(tmp_path):
    with (
        frozen_clock("2027-01-04 09:00"),
        plugin_workspace(tmp_path, stadstafel_sociaal_domein, NAME, users=USERS) as ws,
    ):
        build_demo(ws)
        people = {p.email: p.id for p in ws.read.people(filter="Blom", limit=5).rows}
        ids = {
            "oegstgeest": ws.read.organisation_by_name("Gemeente Oegstgeest").id,
            "blom": people["s.blom@example.org"],
            "table": ws.read.table_by_name(TABLE),
        }
        shutil.copyfile(EXAMPLE, tmp_path / EXAMPLE.name)  # into the imports folder
        yield ws, ids


async def keys(pilot, *pressed):
    await pilot.press(*pressed)
    await pilot.pause()


@run_async
async def test_the_coordinators_walk(demo):
    ws, ids = demo
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # 1. the thematafel, its leerkringen tab, the first leerkring
        await keys(pilot, "t")
        tables = app.screen.query_one("#tables")
        names = [tables.records[k].name for k in tables.order]
        tables.focus()
        tables.move_cursor(row=names.index(TABLE))
        await keys(pilot, "enter", "7")
        tab = app.screen.query_one("#leerkringen")
        tab.focus()
        themes = [tab.records[k].theme for k in tab.order]
        tab.move_cursor(row=next(i for i, t in enumerate(themes) if t.startswith("Transformatie")))
        await keys(pilot, "enter")
        assert isinstance(app.screen, LeerkringScreen)
        rows = app.screen.query_one("#sessions")
        # the cursor is on the next session: the first one still planned
        nxt = next(i for i, k in enumerate(rows.order) if rows.records[k].status == "gepland")
        assert nxt > 0 and rows.cursor_row == nxt
        await keys(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#input-host_organisation_id", Select).value == ids["oegstgeest"]
        form.query_one("#input-casus", TextArea).text = "Wachtlijst jeugd-ggz: wie pakt op?"
        form.query_one("#input-casus_by_person_id", Select).value = ids["blom"]
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, LeerkringScreen)
        session = rows.records[rows.order[nxt]]
        assert session.casus == "Wachtlijst jeugd-ggz: wie pakt op?"
        # 2. the indicators, import a CSV from the imports folder
        await keys(pilot, "escape", "escape", "i")
        assert isinstance(app.screen, SociaalDomeinScreen)
        await keys(pilot, "shift+tab", *"jeugdhulp", "tab")  # the filter, then the list
        assert app.screen.query_one("#indicators").has_focus
        await keys(pilot, "u")
        assert isinstance(app.screen, PickerScreen)
        await keys(pilot, *"jeugdhulp", "enter")
        assert isinstance(app.screen, ImportReportScreen)
        report = str(app.screen.query_one("#report").render())
        assert "6 rijen: 1 nieuw, 5 vervangen" in report
        assert "Gemeente Leiden (2024 2e hj)" in report and "Gemeente Zoetermeer" in report
        # 3. where Leiden stands, and the cities whose figures became definitief
        await keys(pilot, "escape", "g")
        assert isinstance(app.screen, CityScreen)
        profile = app.screen.query_one("#profile")
        names = [profile.records[k].indicator.name for k in profile.order]
        profile.move_cursor(row=names.index("Jongeren met jeugdhulp"))
        row = [str(c) for c in profile.get_row_at(names.index("Jongeren met jeugdhulp"))]
        assert row[1:4] == ["2024 2e hj", "12,9", "definitief"]
        assert row[4].endswith("/8")
        definitive = str(app.screen.query_one("#definitive").render())
        assert "Jongeren met jeugdhulp: " in definitive and "Gemeente Oegstgeest (2024 2e hj)" in (
            definitive)  # fmt: skip
        # 4. on the thematafel's next agenda
        await keys(pilot, "a")
    after = "2027-01-04 09:00"
    meeting = ws.meetings.next_meeting(ids["table"].id, after).id
    items = [i for i in ws.agenda.of_meeting(meeting) if i.origin == "plugin"]
    assert [i.title for i in items] == ["Jongeren met jeugdhulp: waar staat Gemeente Leiden?"]
    assert f"Gemeente Leiden staat {row[4].split('/')[0]}e van 8" in items[0].description
    assert "Gemeente Zoetermeer (2024 2e hj)" in items[0].description


@run_async
async def test_a_participant_from_another_city_cannot_read_the_confidential_casus(demo):
    ws, _ids = demo
    kring = ws.service(f"{NAME}.leerkringen").list().rows
    first = next(k for k in kring if k.theme.startswith("Transformatie"))
    ws.act_as("zoeterwoude")
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(LeerkringScreen(ws, first.id))
        await pilot.pause()
        rows = app.screen.query_one("#sessions")
        shown = [str(rows.get_row_at(i)[-1]) for i in range(len(rows.order))]
        assert "(vertrouwelijk)" in shown
        assert not any("Vastgelopen gezin" in s for s in shown)
        await keys(pilot, "/", *"vastgelopen")
        await pilot.pause(0.5)
        assert not [h for h in ws.search.search("vastgelopen") if h.kind.startswith(NAME)]
    assert "Vastgelopen" not in ws.export(f"{NAME}-leerkringen").decode()
