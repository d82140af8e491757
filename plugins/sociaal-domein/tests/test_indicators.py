"""Indicators: the CBS StatLine import, status replacement with history, the comparison."""

from __future__ import annotations

import pytest
from stadstafel import PermissionDenied, ValidationError

from stadstafel_sociaal_domein.importer import import_text
from stadstafel_sociaal_domein.views import comparison_lines

NAME = "sociaal-domein"

GOOD = (
    '\ufeff"ID";"RegioS";"Perioden";"Wmo-clienten per 1 000 inwoners";"Status"\n'
    '"1";"GM0546  ";"2023JJ00";"58,5";"Definitief"\n'
    '"2";"GM0547  ";"2023JJ00";"61";"definitief"\n'
    '"3";"GM0546  ";"2024JJ00";"60";"Voorlopig"\n'
    '"4";"GM0547  ";"2024JJ00";"63,2";"Definitief"\n'
    '"5";"GM0503  ";"2024JJ00";".";"Voorlopig"\n'
)


@pytest.fixture
def wmo(ws, net):
    return ws.service(f"{NAME}.indicators").create(
        table_id=net["table"].id,
        name="Wmo-cliënten met maatwerkarrangement",
        unit="per 1.000 inwoners",
        law="Wmo 2015",
        cbs_table="86050NED",
        period_type="jaar",
        caveat="Wmo-cijfers zijn niet volledig vergelijkbaar (CBS 2020).",
    )


def current(ws, indicator):
    return {
        (f.organisation_id, f.period): (f.value, f.status)
        for f in ws.service(f"{NAME}.figures").current(indicator.id)
    }


def test_a_cbs_file_with_its_quirks(ws, net, wmo):
    report = import_text(ws, wmo.id, GOOD, origin="86050NED.csv")
    assert (report.rows, report.new, report.skipped) == (5, 4, 1)
    o = net["orgs"]
    assert current(ws, wmo) == {
        (o["Leiden"], "2023JJ00"): (58.5, "definitief"),
        (o["Leiderdorp"], "2023JJ00"): (61.0, "definitief"),
        (o["Leiden"], "2024JJ00"): (60.0, "voorlopig"),
        (o["Leiderdorp"], "2024JJ00"): (63.2, "definitief"),
    }
    comma = "RegioS,Perioden,Waarde,Status\nGM0503,2024JJ00,70,*\n"
    assert import_text(ws, wmo.id, comma).new == 1
    assert current(ws, wmo)[(o["Delft"], "2024JJ00")] == (70.0, "voorlopig")


def test_a_bad_file_changes_nothing_and_names_rows_and_columns(ws, net, wmo):
    bad = GOOD + (
        '"6";"GM9999  ";"2024JJ00";"1";"Definitief"\n'
        '"7";"GM0546  ";"2024HJ01";"1";"Definitief"\n'
        '"8";"GM0546  ";"2024";"1";"Definitief"\n'
        '"9";"GM0503  ";"2023JJ00";"veel";"Definitief"\n'
        '"10";"GM0503  ";"2022JJ00";"1";"geschat"\n'
    )
    with pytest.raises(ValidationError) as error:
        import_text(ws, wmo.id, bad)
    assert [(r, c) for r, c, _ in error.value.report.errors] == [
        (7, "RegioS"),
        (8, "Perioden"),
        (9, "Perioden"),
        (10, "Wmo-clienten per 1 000 inwoners"),
        (11, "Status"),
    ]
    assert "rij 7, kolom RegioS" in str(error.value)
    assert current(ws, wmo) == {}
    with pytest.raises(ValidationError) as error:
        import_text(ws, wmo.id, "RegioS;Waarde\nGM0546;1\n")
    assert [(r, c) for r, c, _ in error.value.report.errors] == [(1, "Perioden"), (1, "Status")]


def test_a_newer_status_replaces_and_keeps_history(ws, net, wmo):
    figures = ws.service(f"{NAME}.figures")
    leiden = net["orgs"]["Leiden"]
    assert figures.put(wmo.id, leiden, "2024JJ00", 60, "voorlopig") == "new"
    assert figures.put(wmo.id, leiden, "2024JJ00", 60, "voorlopig") == "unchanged"
    assert figures.put(wmo.id, leiden, "2024JJ00", 61, "nader voorlopig") == "replaced"
    assert figures.put(wmo.id, leiden, "2024JJ00", 62, "definitief") == "replaced"
    history = figures.history(wmo.id, leiden, "2024JJ00")
    assert [(h.value, h.status, h.current) for h in history] == [
        (60.0, "voorlopig", 0),
        (61.0, "nader voorlopig", 0),
        (62.0, "definitief", 1),
    ]
    with pytest.raises(ValidationError):
        figures.put(wmo.id, leiden, "2024JJ00", 59, "voorlopig")
    # the same refusal in a file: nothing of the file is stored
    text = (
        "RegioS;Perioden;Waarde;Status\nGM0547;2024JJ00;5;Voorlopig\nGM0546;2024JJ00;5;Voorlopig\n"
    )
    with pytest.raises(ValidationError) as error:
        import_text(ws, wmo.id, text)
    assert [(r, c) for r, c, _ in error.value.report.errors] == [(3, "Status")]
    assert current(ws, wmo) == {(leiden, "2024JJ00"): (62.0, "definitief")}


def test_only_the_table_may_import(ws, net, wmo):
    ws.act_as("ilse")  # a participant of the leerkring, not chair or secretary of the table
    with pytest.raises(PermissionDenied):
        import_text(ws, wmo.id, GOOD)


def test_comparison_marks_provisional_beside_definitive(ws, net, wmo):
    import_text(ws, wmo.id, GOOD)
    data = ws.service(f"{NAME}.figures").compare(wmo.id, focus=net["orgs"]["Leiden"])
    assert data["mixed"] == {"2023JJ00": False, "2024JJ00": True}
    assert data["position"] == (1, 2, "2024JJ00")  # lower is better: 60 before 63,2
    lines = comparison_lines(data, "Gemeente Leiden")
    leiden = next(line for line in lines if line.startswith("Gemeente Leiden "))
    assert leiden.split()[-2:] == ["58,5", "60*"]
    assert any("niet gelijkwaardig" in line for line in lines)
    assert "Gemeente Leiden staat 1e van 2 (2024)." in lines
    assert lines[-1] == wmo.caveat


def test_region_codes_belong_to_cities(ws, net):
    other = ws.organisations.create(name="Woonstichting", kind="woningcorporatie")
    regions = ws.service(f"{NAME}.regions")
    with pytest.raises(ValidationError):
        regions.set("GM0001", other.id)
    with pytest.raises(ValidationError):
        regions.set("Leiden", net["orgs"]["Leiden"])
    assert regions.organisation_of(" gm0546  ") == net["orgs"]["Leiden"]


def imported(ws, net, name: str, period_type: str, rows: str):
    """A new indicator of the thematafel with ``rows`` (CBS CSV lines) imported."""
    ind = ws.service(f"{NAME}.indicators").create(
        table_id=net["table"].id, name=name, period_type=period_type
    )
    import_text(ws, ind.id, "RegioS;Perioden;Waarde;Status\n" + rows)
    return ind


def test_the_comparison_pages_from_the_database_ranked_by_the_latest_period(ws, net):
    ind = imported(
        ws, net, "Bijstand", "jaar",
        "GM0546;2023JJ00;9;Definitief\nGM0546;2024JJ00;10;*\n"
        "GM0547;2024JJ00;12;Definitief\nGM0503;2024JJ00;8;Definitief\n"
        "GM0503;2022JJ00;7;Definitief\n",
    )  # fmt: skip
    figures = ws.service(f"{NAME}.figures")
    periods = figures.latest_periods(ind.id, 2)
    assert periods == ["2023JJ00", "2024JJ00"]
    assert figures.mixed_periods(ind.id, periods) == {"2023JJ00": False, "2024JJ00": True}
    orgs = net["orgs"]
    first = figures.compare_page(ind.id, periods, offset=0, limit=2)
    assert [(r.rank, r.organisation_id) for r in first.rows] == [(1, orgs["Delft"]),
                                                                (2, orgs["Leiden"])]  # fmt: skip
    assert first.total == 3 and first.rows[1].by_period == {
        "2023JJ00": (9.0, "definitief"), "2024JJ00": (10.0, "voorlopig")}  # fmt: skip
    rest = figures.compare_page(ind.id, periods, offset=2, limit=2)
    assert [(r.rank, r.organisation_id) for r in rest.rows] == [(3, orgs["Leiderdorp"])]
    # a city without a figure in the latest period follows the ranked ones, unranked
    katwijk = ws.organisations.create(name="Gemeente Katwijk", kind="gemeente").id
    ws.service(f"{NAME}.regions").set("GM0537", katwijk)
    figures.put(ind.id, katwijk, "2023JJ00", 5.0, "definitief")
    assert figures.compare_page(ind.id, periods, limit=2).total == 4
    rest = figures.compare_page(ind.id, periods, offset=2, limit=2)
    assert [(r.rank, r.organisation_id) for r in rest.rows] == [(3, orgs["Leiderdorp"]),
                                                               (None, katwijk)]  # fmt: skip
    assert rest.rows[1].by_period == {"2023JJ00": (5.0, "definitief")}
    assert figures.compare_page(ind.id, periods, offset=3, limit=2).total == 4
    pos = figures.position(ind, orgs["Leiden"])
    assert (pos["rank"], pos["total"], pos["status"], pos["mixed"]) == (2, 3, "voorlopig", True)
    ind = ws.service(f"{NAME}.indicators").update(ind.id, ind.version, higher_is_better=True)
    top = figures.compare_page(ind.id, periods, limit=1).rows[0]
    assert top.organisation_id == orgs["Leiderdorp"]
    assert figures.position(ind, orgs["Leiden"])["rank"] == 2


def test_a_newer_period_of_one_city_does_not_hide_where_the_city_stands(ws, net):
    """After an import with one city's early (voorlopig) figure of a newer period, the
    comparison still ranks by the city's own latest period, in the app, the command and the
    documents alike: the rank column and the position line say the same."""
    from stadstafel.testing import app_for, run_async

    from stadstafel_sociaal_domein.screens import IndicatorScreen

    ind = imported(
        ws, net, "Jeugdhulp", "halfjaar",
        "GM0546;2024HJ02;12,9;Definitief\nGM0547;2024HJ02;12,2;Definitief\n"
        "GM0503;2024HJ02;14,1;Definitief\nGM0503;2025HJ01;13,1;Voorlopig\n",
    )  # fmt: skip
    orgs, figures = net["orgs"], ws.service(f"{NAME}.figures")
    data = figures.compare(ind.id, focus=orgs["Leiden"])
    assert data["position"] == (2, 3, "2024HJ02")
    periods = figures.latest_periods(ind.id, 4)
    assert periods == ["2024HJ02", "2025HJ01"]
    page = figures.compare_page(ind.id, periods, rank_by="2024HJ02")
    assert [(r.rank, r.organisation_id) for r in page.rows] == [
        (1, orgs["Leiderdorp"]), (2, orgs["Leiden"]), (3, orgs["Delft"])]  # fmt: skip
    assert page.total == 3
    assert [r.rank for r in figures.compare_page(ind.id, periods).rows] == [1, None, None]

    @run_async
    async def screen():
        app = app_for(ws)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.push_screen(IndicatorScreen(ws, ind.id))
            await pilot.pause()
            text = str(app.screen.query_one("#comparison").render())
            assert "Gemeente Leiden staat 2e van 3 (2024 2e hj)." in text
            assert "# = plaats in 2024 2e hj" in text
            cities = app.screen.query_one("#cities")
            rows = [[str(c) for c in cities.get_row_at(i)][:2] for i in range(3)]
            assert rows == [["1", "Gemeente Leiderdorp"], ["2", "Gemeente Leiden"],
                            ["3", "Gemeente Delft"]]  # fmt: skip

    screen()


def test_figures_read_as_dutch_or_english():
    from stadstafel.testing import set_language

    from stadstafel_sociaal_domein.views import cell, number

    assert (number(60.4), cell(60.4, "voorlopig", True)) == ("60,4", "60,4*")
    set_language("en")
    try:
        assert (number(60.4), cell(60.4, "definitief", True)) == ("60.4", "60.4")
    finally:
        set_language("nl")
