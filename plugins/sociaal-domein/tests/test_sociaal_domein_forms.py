"""The forms and the import dialog through Textual's Pilot, at 80×24: each key that changes
data is there only for whoever holds its right, and saves through the services."""

from __future__ import annotations

import pytest
from stadstafel.testing import app_for, run_async
from stadstafel.ui import FormScreen, ImportReportScreen, PickerScreen
from textual.widgets import Input, Select, TextArea

from stadstafel_sociaal_domein.screens import (
    CityScreen,
    IndicatorScreen,
    LeerkringScreen,
    MeasureScreen,
    MeasuresScreen,
    SociaalDomeinScreen,
)

NAME = "sociaal-domein"
SIZE = (80, 24)


def fill(form, **values):
    for name, value in values.items():
        widget = form.query_one(f"#input-{name}")
        if isinstance(widget, TextArea):
            widget.text = value
        elif isinstance(widget, (Input, Select)):
            widget.value = value


async def open_screen(app, pilot, screen):
    await pilot.pause()
    app.push_screen(screen)
    await pilot.pause()
    return app.screen


async def pick(pilot, text):
    """Type ``text`` into the open picker and take the first match."""
    assert isinstance(pilot.app.screen, PickerScreen)
    await pilot.press(*text, "enter")
    await pilot.pause()


def active(screen, key):
    """Is the module's key on this screen (and usable) for this actor?"""
    found = screen.active_bindings.get(key)
    return (
        found is not None
        and found.enabled
        and (found.binding.id or "").startswith(("sociaal-domein", "sd."))
    )


@pytest.fixture
def wmo(ws, net):
    return ws.service(f"{NAME}.indicators").create(
        table_id=net["table"].id, name="Wmo-cliënten", unit="per 1.000", law="Wmo 2015",
        period_type="jaar", cbs_table="86050NED",
    )  # fmt: skip


@run_async
async def test_measures_filtered_by_law_taakveld_and_table(ws, net):
    other = ws.tables.create(name="Andere tafel", kind="thematafel")
    add = ws.service(f"{NAME}.measures").create
    add(table_id=net["table"].id, title="Schuldhulp", laws=["Participatiewet"], taakveld="6.3",
        owner_organisation_id=net["orgs"]["Delft"])  # fmt: skip
    add(table_id=net["table"].id, title="Beschermd wonen", laws=["Wmo 2015"], taakveld="6.81a")
    add(table_id=other.id, title="Jeugdhulp thuis", laws=["Jeugdwet", "Wmo 2015"], taakveld="6.72")
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(app, pilot, SociaalDomeinScreen(ws))
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeasuresScreen)
        table = screen.query_one("#measures")

        def titles():
            return [table.records[k].title for k in table.order]

        assert len(titles()) == 3
        await pilot.press("w")
        await pick(pilot, "wmo")
        assert titles() == ["Jeugdhulp thuis", "Beschermd wonen"]
        await pilot.press("f")
        await pick(pilot, "andere")
        assert titles() == ["Jeugdhulp thuis"]
        await pilot.press("x", "k")
        await pick(pilot, "6.81")
        assert titles() == ["Beschermd wonen"]
        assert "taakveld: 6.81 Geëscaleerde zorg 18+" in str(screen.query_one("#filters").render())
        await pilot.press("x")
        await pilot.pause()
        table.focus()
        table.move_cursor(row=titles().index("Schuldhulp"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeasureScreen)
        text = str(app.screen.query_one("#measure").render())
        assert "Participatiewet" in text and "6.3 Inkomensregelingen" in text
        assert "Gemeente Delft" in text


@run_async
async def test_a_new_measure_from_the_keyboard(ws, net):
    goal = ws.goals.create(table_id=net["table"].id, description="Minder schulden")
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(app, pilot, MeasuresScreen(ws))
        await pilot.press("n")  # one table to choose from: the form opens at once
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        fill(form, title="Vroeg erop af", laws="Wmo 2015|Participatiewet", taakveld="6.3",
             owner_organisation_id=net["orgs"]["Leiden"], goal_id=goal.id)  # fmt: skip
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeasuresScreen)
    m = ws.service(f"{NAME}.measures").list().rows[0]
    assert (m.title, m.laws, m.taakveld, m.goal_id) == (
        "Vroeg erop af", ["Wmo 2015", "Participatiewet"], "6.3", goal.id)  # fmt: skip


@run_async
async def test_keys_that_change_data_are_hidden_without_the_right(ws, net, wmo):
    ws.service(f"{NAME}.measures").create(table_id=net["table"].id, title="x", laws=["Jeugdwet"])
    ws.act_as("ilse")  # participant of the leerkring, no editor of the table
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        for screen, keys in [
            (SociaalDomeinScreen(ws), ("n", "e", "u")),
            (MeasuresScreen(ws), ("n", "e")),
            (LeerkringScreen(ws, net["kring"].id), ("n", "e", "c", "o", "p", "d")),
            (IndicatorScreen(ws, wmo.id), ("f", "u")),
        ]:
            shown = await open_screen(app, pilot, screen)
            for key in keys:
                assert not active(shown, key), (type(shown).__name__, key)
            assert active(shown, "escape") or isinstance(shown, SociaalDomeinScreen)
            await pilot.press(keys[0])
            await pilot.pause()
            assert app.screen is shown  # no form opened
    ws.act_as("chair")
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        shown = await open_screen(app, pilot, MeasuresScreen(ws))
        assert active(shown, "n") and active(shown, "e")


@run_async
async def test_a_leerkring_and_its_members_from_the_keyboard(ws, net):
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("7")
        await pilot.pause()
        app.screen.query_one("#leerkringen").focus()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        fill(form, theme="Schulden en werk", planned_sessions="3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        tab = app.screen.query_one("#leerkringen")
        themes = [tab.records[k].theme for k in tab.order]
        assert themes == ["Jeugd en onderwijs", "Schulden en werk"]
        tab.move_cursor(row=1)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LeerkringScreen)
        await pilot.press("o")
        await pick(pilot, "delft")
        await pilot.press("p")
        await pick(pilot, "chris")
        await pilot.press("o")  # a city already in: chosen again, it is taken out
        await pick(pilot, "delft")
    kring = ws.service(f"{NAME}.leerkringen").list(filter="Schulden").rows[0]
    assert kring.planned_sessions == 3
    assert kring.organisation_ids == [] and kring.person_ids == [net["chair"].id]


@run_async
async def test_plan_and_prepare_a_session(ws, net):
    sessions = ws.service(f"{NAME}.sessions")
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(app, pilot, LeerkringScreen(ws, net["kring"].id))
        await pilot.press("n")
        await pilot.pause()
        fill(app.screen, date="2027-02-10", guest_expert="Dr. Jansen")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LeerkringScreen)
        await pilot.press("c")  # no host, no casus: refused, with a message
        await pilot.pause()
        assert sessions.of_leerkring(net["kring"].id)[0].status == "gepland"
        await pilot.press("e")
        await pilot.pause()
        fill(app.screen, host_organisation_id=net["orgs"]["Leiden"], casus="Schoolverzuim",
             casus_by_person_id=net["ilse"].id, confidential="1")  # fmt: skip
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("d")  # an output of the series
        await pilot.pause()
        fill(app.screen, kind="paper", title="Samen signaleren", url="https://example.org/p")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Opbrengsten: paper: Samen signaleren" in str(
            app.screen.query_one("#theme").render())  # fmt: skip
    out = ws.service(f"{NAME}.outputs").of_leerkring(net["kring"].id)
    assert [(o.kind, o.title, o.url) for o in out] == [
        ("paper", "Samen signaleren", "https://example.org/p")]  # fmt: skip
    s = sessions.of_leerkring(net["kring"].id)[0]
    assert (s.date, s.guest_expert, s.casus, s.confidential, s.status) == (
        "2027-02-10", "Dr. Jansen", "Schoolverzuim", True, "gesloten")  # fmt: skip


@run_async
async def test_an_indicator_and_a_figure_from_the_keyboard(ws, net):
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(app, pilot, SociaalDomeinScreen(ws))
        await pilot.press("n")
        await pilot.pause()
        fill(app.screen, name="Bijstand", unit="per 1.000 inwoners 18+", law="Participatiewet",
             period_type="halfjaar", bbv_number="27")  # fmt: skip
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        await pilot.press("f")
        await pilot.pause()
        fill(app.screen, organisation_id=net["orgs"]["Leiden"], period="2024JJ00", value="27,5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # a year is no half year: refused
        assert "halfjaar" in str(app.screen.query_one("#error-period").render())
        fill(app.screen, period="2024HJ01", status="definitief")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        cities = app.screen.query_one("#cities")
        assert [str(c) for c in cities.get_row_at(0)][:3] == ["1", "Gemeente Leiden", "27,5"]
    ind = ws.service(f"{NAME}.indicators").list().rows[0]
    assert (ind.name, ind.period_type, ind.bbv_number) == ("Bijstand", "halfjaar", "27")
    fig = ws.service(f"{NAME}.figures").current(ind.id)[0]
    assert (fig.period, fig.value, fig.status) == ("2024HJ01", 27.5, "definitief")


BAD = "RegioS;Perioden;Waarde;Status\nGM9999;2024JJ00;1;Definitief\nGM0546;2024XX;abc;raar\n"
GOOD = (
    "ID;RegioS;Perioden;Wmo-clienten per 1 000 inwoners;Status\n"
    '1;"GM0546  ";2024JJ00;60,4;Definitief\n2;"GM0547  ";2024JJ00;63;Voorlopig\n'
)


@run_async
async def test_the_import_dialog(ws, net, wmo, tmp_path):
    (tmp_path / "fout.csv").write_text(BAD, encoding="utf-8")
    (tmp_path / "goed.csv").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notities.txt").write_text("geen csv", encoding="utf-8")
    figures = ws.service(f"{NAME}.figures")
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(app, pilot, SociaalDomeinScreen(ws))
        await pilot.press("u")
        await pilot.pause()
        picker = app.screen
        assert [label for label, _ in picker.options] == ["fout.csv", "goed.csv"]
        await pick(pilot, "fout")
        assert isinstance(app.screen, ImportReportScreen)
        text = str(app.screen.query_one("#report").render())
        assert "Niets geïmporteerd: 4 fout(en)." in text
        for where in ("rij 2, kolom RegioS", "rij 3, kolom Perioden", "rij 3, kolom Waarde",
                      "rij 3, kolom Status"):  # fmt: skip
            assert where in text
        assert figures.current(wmo.id) == []  # all or nothing
        await pilot.press("escape", "u")
        await pilot.pause()
        await pick(pilot, "goed")
        text = str(app.screen.query_one("#report").render())
        assert "2 rijen: 2 nieuw" in text
        assert "Definitief geworden: Gemeente Leiden (2024)." in text
    assert len(figures.current(wmo.id)) == 2


@run_async
async def test_the_city_view_and_its_position_on_the_agenda(ws, net, wmo):
    from stadstafel_sociaal_domein.importer import import_text

    import_text(ws, wmo.id, GOOD.replace("63;Voorlopig", "58;Definitief"))
    meeting = ws.meetings.create(
        table_id=net["table"].id, title="Thematafel", starts_at="2027-01-20 14:00"
    )
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(app, pilot, SociaalDomeinScreen(ws))
        await pilot.press("g")  # the configured city: Leiden (GM0546)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CityScreen)
        assert "Gemeente Leiden" in str(screen.query_one("#city").render())
        row = screen.query_one("#profile").get_row_at(0)
        assert [str(c) for c in row] == ["Wmo-cliënten", "2024", "60,4", "definitief", "2/2"]
        definitive = str(screen.query_one("#definitive").render())
        assert "Wmo-cliënten: Gemeente Leiden (2024), Gemeente Leiderdorp (2024)" in definitive
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("a")  # twice: it is there once
        await pilot.pause()
        await pilot.press("g")
        await pick(pilot, "leiderdorp")
        row = screen.query_one("#profile").get_row_at(0)
        assert [str(c) for c in row][-1] == "1/2"
    items = [i for i in ws.agenda.of_meeting(meeting.id) if i.origin == "plugin"]
    assert [i.title for i in items] == ["Wmo-cliënten: waar staat Gemeente Leiden?"]
    assert "Gemeente Leiden staat 2e van 2 (2024: 60,4, definitief)." in items[0].description
