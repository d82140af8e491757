"""The screens through Textual's Pilot, and one snapshot at 80×24."""

from __future__ import annotations

import pytest
from stadstafel.testing import app_for, run_async, searched, until

from stadstafel_sociaal_domein.importer import import_text
from stadstafel_sociaal_domein.screens import (
    IndicatorScreen,
    LeerkringScreen,
    SociaalDomeinScreen,
)

NAME = "sociaal-domein"
SIZE = (80, 24)


@pytest.fixture(autouse=True)
def colour_terminal(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.fixture
def figures(ws, net):
    indicators = ws.service(f"{NAME}.indicators")
    for n in range(3):
        indicators.create(table_id=net["table"].id, name=f"Indicator {n}", period_type="jaar")
    wmo = indicators.create(
        table_id=net["table"].id, name="Wmo-cliënten", unit="per 1.000", law="Wmo 2015",
        period_type="jaar", cbs_table="86050NED", caveat="Niet volledig vergelijkbaar.",
    )  # fmt: skip
    import_text(
        ws, wmo.id,
        "RegioS;Perioden;Waarde;Status\nGM0546;2023JJ00;58;Definitief\n"
        "GM0546;2024JJ00;60;Voorlopig\nGM0547;2024JJ00;63;Definitief\n",
    )  # fmt: skip
    return wmo


@run_async
async def test_indicators_filter_and_compare(ws, net, figures):
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(SociaalDomeinScreen(ws))
        await pilot.pause()
        table = app.screen.query_one("#indicators")
        assert len(table.order) == 4
        app.screen.query_one("#filter").value = "wmo"
        await pilot.pause()
        assert [table.records[k].name for k in table.order] == ["Wmo-cliënten"]
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        text = str(app.screen.query_one("#comparison").render())
        assert "Niet volledig vergelijkbaar." in text
        assert "Gemeente Leiden staat 1e van 2 (2024)." in text
        cities = app.screen.query_one("#cities")
        rows = [[str(c) for c in cities.get_row_at(i)] for i in range(len(cities.order))]
        # ranked by the latest period (lower is better here); the mark beside definitief
        assert rows == [["1", "Gemeente Leiden", "58", "60*", "", ""],
                        ["2", "Gemeente Leiderdorp", "-", "63", "", ""]]  # fmt: skip
        assert [str(c.label) for c in cities.columns.values()][2:4] == ["2023", "2024"]
        await pilot.press("p")  # the city's series as a plot instead
        await pilot.pause()
        assert app.screen.query_one("#plot").display and not cities.display
        plot = str(app.screen.query_one("#plot-lines").render())
        assert plot.splitlines()[0] == "Gemeente Leiden" and "60*" not in plot


@run_async
async def test_the_tab_and_a_confidential_session(ws, net):
    sessions = ws.service(f"{NAME}.sessions")
    sessions.create(leerkring_id=net["kring"].id, confidential=True, casus="Gezin Jansen")
    ws.act_as("chair")  # no participant
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")  # the tables
        await pilot.pause()
        await pilot.press("enter")  # the thematafel
        await pilot.pause()
        await pilot.press("7")  # the first tab after the core's six
        await pilot.pause()
        tab = app.screen.query_one("#leerkringen")
        assert [tab.records[k].theme for k in tab.order] == ["Jeugd en onderwijs"]
        tab.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LeerkringScreen)
        rows = app.screen.query_one("#sessions")
        assert [rows.records[k].casus for k in rows.order] == [None]
        assert "(vertrouwelijk)" in str(rows.get_row_at(0))
        await pilot.press("c")  # closing what one cannot read is refused, with a message
        await pilot.pause()
        assert isinstance(app.screen, LeerkringScreen)
    assert sessions.rows("SELECT * FROM sociaal_domein_sessions", [])[0].status == "gepland"


@run_async
async def test_the_leerkring_opens_at_the_next_session_to_prepare(ws, net):
    """A coordinator preparing the next session finds the cursor on it (the first one not
    closed), not on the first of the series."""
    sessions = ws.service(f"{NAME}.sessions")
    leiden = net["orgs"]["Leiden"]
    for n in (1, 2):
        s = sessions.create(leerkring_id=net["kring"].id, number=n, host_organisation_id=leiden,
                            casus=f"Casus {n}")  # fmt: skip
        sessions.close(s.id, s.version)
    upcoming = sessions.create(leerkring_id=net["kring"].id, number=3)
    sessions.create(leerkring_id=net["kring"].id, number=4)
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(LeerkringScreen(ws, net["kring"].id))
        await pilot.pause()
        table = app.screen.query_one("#sessions")
        assert table.current_record.id == upcoming.id
        table.move_cursor(row=3)
        app.screen.refresh_data()  # after a save the cursor stays where it was
        await pilot.pause()
        assert table.current_record.number == 4


@run_async
async def test_preparing_a_session_in_the_form(ws, net):
    s = ws.service(f"{NAME}.sessions").create(leerkring_id=net["kring"].id)
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(LeerkringScreen(ws, net["kring"].id))
        await pilot.pause()
        await pilot.press("c")  # no host, no casus: refused
        await pilot.pause()
        assert ws.service(f"{NAME}.sessions").get(s.id).status == "gepland"
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-casus").text = "Schoolverzuim"
        await pilot.pause()
    # the form is driven by the core; its submit calls the service (checked in the services)


def test_snapshot_indicators(snap_compare, ws, net, figures):
    app = app_for(ws)

    async def run_before(pilot) -> None:
        await pilot.pause()
        app.push_screen(SociaalDomeinScreen(ws))
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@run_async
async def test_a_search_hit_opens_the_comparison(ws, net, figures):
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("/")
        await pilot.pause()
        await pilot.press(*"86050NED")
        await pilot.pause(0.5)
        await pilot.press("down", "enter")  # from the query to the first hit, and open it
        await pilot.pause(0.3)
        assert isinstance(app.screen, IndicatorScreen)
        assert app.screen.indicator_id == figures.id


@run_async
async def test_a_session_hit_opens_its_leerkring(ws, net):
    ws.service(f"{NAME}.sessions").create(leerkring_id=net["kring"].id, casus="Schoolverzuim")
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("/")
        await pilot.pause()
        await pilot.press(*"schoolverzuim")
        await searched(pilot)  # the search's own end, not a guessed half second
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, LeerkringScreen), "the leerkring")
        assert isinstance(app.screen, LeerkringScreen)
        assert app.screen.leerkring_id == net["kring"].id


def test_snapshot_city_view(snap_compare, ws, net, figures):
    """One city across the indicators: value, status, rank; what became definitief."""
    app = app_for(ws)

    async def run_before(pilot) -> None:
        from stadstafel_sociaal_domein.screens import CityScreen

        await pilot.pause()
        app.push_screen(CityScreen(ws, net["orgs"]["Leiden"]))
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("screen", ["indicators", "measures"])
@run_async
async def test_a_paste_on_a_list_goes_into_its_filter(ws, net, figures, screen):
    """A terminal's paste with the list focused: its printable text, on one line."""
    from stadstafel.testing import paste_on_the_list

    from stadstafel_sociaal_domein.screens import MeasuresScreen

    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        kind = SociaalDomeinScreen if screen == "indicators" else MeasuresScreen
        app.push_screen(kind(ws))
        await pilot.pause()
        filt = await paste_on_the_list(pilot, "wm\x1bo\r\n")
        assert filt.value == "wmo" and filt.has_focus
        assert isinstance(app.screen, kind)


@run_async
async def test_definitief_geworden_names_each_city_once_with_its_periods(ws, net):
    """Ten cities with two half years each that became definitief: each city is named once,
    its periods in order, and "en N andere" counts the cities not named."""
    from stadstafel_sociaal_domein.agenda import position_suggestion
    from stadstafel_sociaal_domein.screens import DEFINITIVE_SHOWN, CityScreen

    indicators = ws.service(f"{NAME}.indicators")
    bijstand = indicators.create(table_id=net["table"].id, name="Bijstand", period_type="halfjaar")
    regions = ws.service(f"{NAME}.regions")
    rows = ["RegioS;Perioden;Waarde;Status"]
    for n in range(10):
        org = ws.organisations.create(name=f"Gemeente Stad {n:02d}", kind="gemeente")
        regions.set(f"GM09{n:02d}", org.id)
        for half in ("2024HJ02", "2024HJ01"):
            rows.append(f"GM09{n:02d};{half};{20 + n};Definitief")
    import_text(ws, bijstand.id, "\n".join(rows) + "\n")
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(CityScreen(ws, net["orgs"]["Leiden"]))
        await pilot.pause()
        text = str(app.screen.query_one("#definitive").render())
    line = " ".join(text.split())
    named = [f"Gemeente Stad {n:02d}" for n in range(DEFINITIVE_SHOWN)]
    for city in named:
        assert line.count(city) == 1, city
        assert f"{city} (2024 1e hj, 2024 2e hj)" in line
    assert "Gemeente Stad 09" not in line and f"en {10 - DEFINITIVE_SHOWN} andere" in line
    # the agenda item about a city says the same, each city once
    description = position_suggestion(ws, bijstand, net["orgs"]["Leiden"])["description"]
    assert description.count("Gemeente Stad 03") == 1
    assert "Gemeente Stad 03 (2024 1e hj, 2024 2e hj)" in description


async def open_section(pilot, ws) -> SociaalDomeinScreen:
    await pilot.pause()
    pilot.app.push_screen(SociaalDomeinScreen(ws))
    await pilot.pause()
    return pilot.app.screen


@run_async
async def test_the_comparison_is_refilled_for_the_next_indicator(ws, net, figures):
    """The comparison screen is built once and refilled: Enter on another indicator shows
    that indicator's cities, periods and lines (its name as typed), from the top of its list
    and as the table (not the plot the first was left on), in the first frame drawn; in
    another language it is built again."""
    from stadstafel.testing import drawn_text, set_language

    other = ws.service(f"{NAME}.indicators").create(
        table_id=net["table"].id, name="Bijstand [b]x[/b]", period_type="jaar")  # fmt: skip
    import_text(
        ws, other.id,
        "RegioS;Perioden;Waarde;Status\nGM0546;2022JJ00;7;Definitief\n"
        "GM0547;2022JJ00;5;Definitief\nGM0503;2022JJ00;9;Definitief\n",
    )  # fmt: skip
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        section = await open_section(pilot, ws)
        section.query_one("#filter").value = "wmo"
        await pilot.pause()
        section.query_one("#indicators").focus()
        await pilot.press("enter")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, IndicatorScreen)
        await pilot.press("down", "p")  # a row further, then the plot
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is section
        section.query_one("#filter").value = "bijstand"
        await pilot.pause()
        section.query_one("#indicators").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is first  # the same screen, refilled
        drawn = drawn_text(app)
        assert "Bijstand [b]x[/b] (-)" in drawn and "vergelijking" in drawn
        assert "Wmo-cliënten" not in drawn and "Niet volledig vergelijkbaar." not in drawn
        cities = first.query_one("#cities")
        assert cities.display and not first.query_one("#plot").display
        rows = [[str(c) for c in cities.get_row_at(i)] for i in range(len(cities.order))]
        assert rows == [["1", "Gemeente Leiderdorp", "5", "", "", ""],
                        ["2", "Gemeente Leiden", "7", "", "", ""],
                        ["3", "Gemeente Delft", "9", "", "", ""]]  # fmt: skip
        assert [str(c.label) for c in cities.columns.values()][2:4] == ["2022", ""]
        assert cities.cursor_row == 0 and cities.first == 0
        assert "Gemeente Leiden staat 2e van 3 (2022)." in drawn
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is section
        set_language("en")  # built in Dutch: not refilled in English, built again
        try:
            IndicatorScreen.open(section, other.id)
            await pilot.pause()
            assert isinstance(app.screen, IndicatorScreen) and app.screen is not first
            assert "comparison" in drawn_text(app) and "City" in drawn_text(app)
        finally:
            set_language("nl")


@run_async
async def test_the_city_view_is_refilled_for_the_next_city(ws, net, figures):
    """The per-city view is kept too: opened for another city it shows that city's figures
    and name, from the first indicator, in the first frame drawn."""
    from stadstafel.testing import drawn_text

    from stadstafel_sociaal_domein.screens import CityScreen

    orgs = net["orgs"]
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        section = await open_section(pilot, ws)
        CityScreen.open(section, orgs["Leiden"])
        await pilot.pause()
        city = app.screen
        assert isinstance(city, CityScreen) and "Gemeente Leiden:" in drawn_text(app)
        await pilot.press("down", "down")
        await pilot.press("escape")
        await pilot.pause()
        CityScreen.open(section, orgs["Leiderdorp"])
        await pilot.pause()
        assert app.screen is city  # the same screen, refilled
        drawn = drawn_text(app)
        assert "Gemeente Leiderdorp: plaats per indicator" in drawn
        assert "Gemeente Leiden:" not in drawn
        profile = city.query_one("#profile")
        wmo = next(i for i, k in enumerate(profile.order) if profile.records[k].id == figures.id)
        assert [str(c) for c in profile.get_row_at(wmo)][1:] == ["2024", "63", "definitief", "2/2"]
        assert profile.cursor_row == 0
