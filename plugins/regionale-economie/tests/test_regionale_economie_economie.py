"""Work locations and economic indicators: one definition per series (refused in the service),
the peildatum that fits a definition, the CSV import all or nothing, the goal indicator, the
CLI (list, deadlines, import, compare) and the deadlines as ICS."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from stadstafel import PermissionDenied, ValidationError
from stadstafel.testing import plugin_workspace

import stadstafel_regionale_economie
from stadstafel_regionale_economie import NAME
from stadstafel_regionale_economie.cli import regionale_economie
from stadstafel_regionale_economie.importer import import_text

TODAY = "2027-03-01 09:00"
L_, R_, C_ = f"{NAME}.locaties", f"{NAME}.reeksen", f"{NAME}.cijfers"


@pytest.fixture
def park(ws, tables):
    loc = ws.service(L_).create(
        table_id=tables[0].id, name="Bio Science Park", area_ha=110, area_source="LBSP"
    )
    return loc


def test_a_series_holds_one_definition(ws, park):
    reeksen, cijfers = ws.service(R_), ws.service(C_)
    cbs = reeksen.create(locatie_id=park.id, definition="cbs-banen")
    assert cbs.measure == "banen" and cbs.table_id == park.table_id
    cijfers.create(reeks_id=cbs.id, definition="cbs-banen", peildatum="2024-12-31", value=900,
                   source="CBS")  # fmt: skip
    # a LISA figure (werkzame personen, 1 April) never enters the CBS banen series
    with pytest.raises(ValidationError, match="één definitie"):
        cijfers.create(reeks_id=cbs.id, definition="lisa-werkzame-personen",
                       peildatum="2024-04-01", value=1000, source="LISA")  # fmt: skip
    # nor does a figure whose peildatum is not December
    with pytest.raises(ValidationError, match="past niet bij de definitie"):
        cijfers.create(reeks_id=cbs.id, peildatum="2024-04-01", value=1000, source="CBS")
    # the series' definition is fixed once it has figures
    with pytest.raises(ValidationError, match="liggen vast"):
        reeksen.update(cbs.id, cbs.version, definition="lisa-werkzame-personen")
    # one series per location and definition
    with pytest.raises(ValidationError, match="heeft al een reeks"):
        reeksen.create(locatie_id=park.id, definition="cbs-banen")
    lisa = reeksen.create(locatie_id=park.id, definition="lisa-werkzame-personen")
    with pytest.raises(ValidationError, match="past niet"):
        cijfers.create(reeks_id=lisa.id, peildatum="2024-04-02", value=1, source="LISA")
    cijfers.create(reeks_id=lisa.id, peildatum="2024-04-01", value=1000, source="LISA")
    assert [s.definition for s in reeksen.of_location(park.id)] == [
        "cbs-banen",
        "lisa-werkzame-personen",
    ]
    assert [s.last_value for s in reeksen.of_location(park.id)] == [900, 1000]


def test_a_figure_needs_a_source_and_an_area_too(ws, tables, park):
    s = ws.service(R_).create(locatie_id=park.id, definition="campus-bedrijven")
    with pytest.raises(ValidationError):
        ws.service(C_).create(reeks_id=s.id, peildatum="2024-12-04", value=430, source="")
    with pytest.raises(ValidationError, match="bron"):
        ws.service(L_).create(table_id=tables[0].id, name="Zonder bron", area_ha=10)


def test_the_right_is_scoped_to_the_table(ws, tables, park):
    ws.act_as("secr")
    ws.service(R_).create(locatie_id=park.id, definition="campus-bedrijven")
    with pytest.raises(PermissionDenied):
        ws.service(L_).create(table_id=tables[1].id, name="Elders")


GOOD = (
    "locatie;definitie;peildatum;waarde;bron;demo\n"
    "Bio Science Park;lisa-werkzame-personen;2023-04-01;23500;LISA;ja\n"
    "Bio Science Park;lisa-werkzame-personen;2024-04-01;24.200,0;LISA;ja\n"
    "Bio Science Park;campus-werkzaam-bedrijven;2024-12-04;11700;LBSP 2024;nee\n"
)
BAD = (
    "locatie,definitie,peildatum,waarde,bron\n"
    "Bio Science Park,lisa-werkzame-personen,2023-04-01,23500,LISA\n"
    "Nergens,lisa-werkzame-personen,2024-04-01,1,LISA\n"
    "Bio Science Park,lisa-werkzame-personen,2024-12-01,1,LISA\n"
    "Bio Science Park,onzin,2024-04-01,veel,\n"
    "Bio Science Park,lisa-werkzame-personen,2023-04-01,2,LISA\n"
)


def test_import_all_or_nothing_with_row_and_column(ws, park):
    with pytest.raises(ValidationError) as info:
        import_text(ws, BAD)
    errors = info.value.report.errors
    assert (3, "locatie") in [(r, c) for r, c, _ in errors]
    assert (4, "peildatum") in [(r, c) for r, c, _ in errors]  # December is not LISA's 1 April
    assert {(5, "definitie"), (5, "waarde"), (5, "bron")} <= {(r, c) for r, c, _ in errors}
    assert (6, "peildatum") in [(r, c) for r, c, _ in errors]  # same as row 2
    assert ws.service(R_).of_location(park.id) == []  # row 2 was good: nothing stored anyway
    report = import_text(ws, GOOD)
    assert (report.new, report.replaced, report.series_made) == (3, 0, 2)
    lisa = ws.service(R_).of(park.id, "lisa-werkzame-personen")
    assert [(f.peildatum, f.value, bool(f.demo)) for f in ws.service(C_).of_series(lisa.id)] == [
        ("2023-04-01", 23500, True),
        ("2024-04-01", 24200, True),
    ]
    again = import_text(ws, GOOD.replace("23500", "23600"))
    assert (again.new, again.replaced) == (0, 3)
    assert ws.service(C_).of_series(lisa.id)[0].value == 23600


def test_import_a_missing_column_is_named(ws, park):
    with pytest.raises(ValidationError, match="kolom bron: kolom ontbreekt"):
        import_text(ws, "locatie,definitie,peildatum,waarde\n")


def test_demo_park_with_two_sources_and_the_goal(demo):
    park = demo.service(L_).by_name("Leiden Bio Science Park")
    series = demo.service(R_).of_location(park.id, measure="werkzame personen")
    assert {s.definition for s in series} == {
        "campus-werkzaam-bedrijven",
        "campus-werkzaam-totaal",
        "lisa-werkzame-personen",
    }
    real = {s.definition: (s.last_value, bool(s.last_demo)) for s in series}
    assert real["campus-werkzaam-totaal"] == (25_000, False)  # sourced: LBSP report 2024
    assert real["lisa-werkzame-personen"][1] is True  # invented, marked demo
    goal = next(g for g in demo.goals.of_table(park.table_id) if g.indicator.startswith(NAME))
    progress = demo.goals.progress(goal)
    assert progress["value"] == 25_000 and progress["target"] == 27_000
    assert "2024-12-04" in progress["detail"] and "kennisinstellingen" in progress["detail"]


def test_goal_indicator_names_the_location_when_there_are_several(demo):
    park = demo.service(L_).by_name("Leiden Bio Science Park")
    leiden = demo.service(L_).by_name("Gemeente Leiden (hele gemeente)")
    goal = {"table_id": park.table_id, "indicator": f"{NAME}:lisa-werkzame-personen",
            "description": "Banen"}  # fmt: skip
    two = demo.measure_goal(goal)
    assert two["value"] is None and "2 locaties" in two["detail"]
    goal["description"] = "Werk in Gemeente Leiden (hele gemeente)"
    assert demo.measure_goal(goal)["value"] == 106_900
    assert leiden.id != park.id


class Obj:
    """Stands in for the core CLI's context object."""

    def __init__(self, folder):
        self.folder = folder

    def workspace(self):
        return plugin_workspace(self.folder, stadstafel_regionale_economie, NAME)


def run(folder, *args):
    return CliRunner().invoke(regionale_economie, list(args), obj=Obj(folder))


def test_cli_list_and_deadlines(demo, tmp_path):
    out = run(tmp_path, "list", "--format", "json")
    assert out.exit_code == 0, out.output
    names = [r["name"] for r in json.loads(out.output)]
    assert names == ["Bedrijfsvoering Leidse regio (demo)", "Economie071", "Holland Rijnland"]
    out = run(tmp_path, "list", "--type", "convenant", "--format", "csv")
    assert [r["name"] for r in csv.DictReader(io.StringIO(out.output))] == ["Economie071"]
    out = run(tmp_path, "deadlines", "--format", "json")
    rows = json.loads(out.output)
    assert [r["deadline"] for r in rows] == sorted(r["deadline"] for r in rows)
    missed = [r for r in rows if r["missed"]]
    assert [(r["verband"], r["kind"]) for r in missed] == [
        ("Holland Rijnland", "ontwerp-begroting")
    ]
    assert any(r["zienswijze_unplanned"] and not r["missed"] for r in rows)  # the bvo's
    table = run(tmp_path, "deadlines")
    assert "verstreken" in table.output and "niet geagendeerd" in table.output
    # once planned, the CLI says on which meeting's date
    control = demo.service("regionale-economie.control")
    bvo = next(u["event"] for u in control.unplanned_zienswijzen() if not u["missed"])
    meeting = control.meetings_in_time(bvo)[0]
    control.plan_zienswijze(bvo.id, meeting.id)
    rows = json.loads(run(tmp_path, "deadlines", "--format", "json").output)
    (planned,) = [r for r in rows if r["id"] == bvo.id]
    assert planned["state"] == f"geagendeerd {meeting.starts_at[:10]}"
    assert not planned["zienswijze_unplanned"]


def test_cli_import_confined_to_the_imports_folder(demo, tmp_path):
    (tmp_path / "cijfers.csv").write_text(
        "locatie,definitie,peildatum,waarde,bron\n"
        "Leiden Bio Science Park,cbs-vestigingen,2024-01-01,480,CBS 81644NED\n",
        encoding="utf-8",
    )
    out = run(tmp_path, "import", "cijfers.csv")
    assert out.exit_code == 0, out.output
    assert "1 nieuw" in out.output
    bad = run(tmp_path, "import", "/etc/passwd")
    assert bad.exit_code != 0 and "root:" not in bad.output
    (tmp_path / "fout.csv").write_text("locatie,definitie,peildatum,waarde,bron\nX,y,z,1,\n")
    fail = run(tmp_path, "import", "fout.csv")
    assert fail.exit_code == 1 and "rij 2, kolom locatie" in fail.output


def test_cli_compare_shows_definitions_side_by_side(demo, tmp_path):
    out = run(tmp_path, "compare", "Leiden Bio Science Park", "--measure", "werkzame personen")
    assert out.exit_code == 0, out.output
    text = out.output
    assert "3 definities naast elkaar, niet optellen" in text
    # the latest figure of each definition side by side, then one plot per definition
    assert "25.000  2024-12-04  campus, incl. kennisinstellingen" in text
    assert "24.200*  2024-04-01  LISA, 1 april, incl. zelfstandigen" in text
    assert text.index("zonder onderwijs") < text.index("incl. onderwijs") < text.index("(LISA)")
    assert text.count("\n-- ") == 3 and "* = verzonnen demo-cijfer" in text
    assert "Bronnen:" in text and "report-2024-campus-growth" in text


def test_deadlines_as_ics(demo):
    cal = Calendar.from_ical(demo.export(f"{NAME}-deadlines-ics"))
    events = list(cal.walk("VEVENT"))
    control = demo.service(f"{NAME}.control")
    with_deadline = [e for e in control.events() if e.deadline]
    assert len(events) == len(with_deadline)
    hr = next(e for e in with_deadline if e.verband == "Holland Rijnland" and not e.done)
    ev = next(x for x in events if str(x["uid"]) == f"control-{hr.id}@{NAME}.stadstafel")
    assert str(ev["dtstart"].dt) == hr.deadline
    assert str(ev["summary"]).startswith("Holland Rijnland: ")
