"""History in and out: withdrawals, phase history, delivery slips and knelpunten travel with
the CSV; export -> import round-trips exactly; a municipality's own list through a mapping."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from stadstafel import csv_uncell
from woningbouw_testkit import add_partners, open_ws

from stadstafel_woningbouw.cli import woningbouw
from stadstafel_woningbouw.importer import export_csv, import_text, join_entries, split_entries
from stadstafel_woningbouw.mapping import apply_mapping, load_mapping
from stadstafel_woningbouw.service import register_for


def export(reg) -> str:
    out = io.StringIO()
    export_csv(reg, out)
    return out.getvalue()


def rows_of(report):
    return [(e.row, e.column, e.message) for e in report.errors]


def without_ids(text: str) -> str:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow(row[1:])
    return out.getvalue()


def build(reg, partners):
    """A register with a history worth keeping (today is 2027-01-04)."""
    p = reg.create(name="Stationsplein-West", area="Stationsgebied", phase="vastgesteld",
                   phase_since="2025-02-01", homes_sociale_huur=150, homes_dure_koop=100,
                   out_sloop_sociale_huur=60, out_functiewijziging_dure_koop=2,
                   organisation_ids=[partners.rijnstad.id], start_year=2027,
                   delivery_year=2028)  # fmt: skip
    p = reg.change_phase(p.id, p.version, "vergund", on="2026-03-01",
                         note="Vergunning | onherroepelijk\nna bezwaar")  # fmt: skip
    p = reg.update(p.id, p.version, delivery_year=2029, recorded_on="2026-10-01",
                   note="Aannemer later")  # fmt: skip
    k = reg.add_knelpunt(p.id, title="=Netcongestie", owner_org_id=partners.gemeente.id,
                         due="2026-12-01", description="Wachten | netbeheerder")  # fmt: skip
    reg.add_knelpunt(p.id, title="Parkeernorm", due="2026-06-01")
    reg.resolve_knelpunt(k.id, k.version)
    reg.create(name="Kooiplein", phase="opgeleverd", delivery_year=2024,
               phase_since="2024-05-01", homes_sociale_huur=80,
               out_samenvoeging_sociale_huur=10)  # fmt: skip
    return p


def test_entries_in_one_cell_keep_pipes_backslashes_and_newlines():
    entries = [["2026-01-01", "a | b", "c\\d", "e\nf", ""]]
    assert split_entries(join_entries(entries)) == [["2026-01-01", "a | b", "c\\d", "e\nf", ""]]


def test_export_carries_withdrawals_history_and_knelpunten(reg, partners):
    build(reg, partners)
    rows = {r["naam"]: r for r in csv.DictReader(io.StringIO(export(reg), newline=""))}
    station = rows["Stationsplein-West"]
    assert (station["sloop_sociale_huur"], station["functiewijziging_dure_koop"]) == ("60", "2")
    history = split_entries(station["historie"])
    assert history == [
        ["2025-02-01", "", "vastgesteld", "", "2028", ""],
        ["2026-03-01", "vastgesteld", "vergund", "2028", "2028",
         "Vergunning | onherroepelijk\nna bezwaar"],
        ["2026-10-01", "", "", "2028", "2029", "Aannemer later"],
    ]  # fmt: skip
    # the cell starts with "=": written as text ('=…) and read back without the quote
    assert station["knelpunten"].startswith("'=Netcongestie")
    knelpunten = split_entries(csv_uncell(station["knelpunten"]))
    assert knelpunten[0] == ["=Netcongestie", "Gemeente Leiden", "2026-12-01", "opgelost",
                             "2027-01-04", "Wachten | netbeheerder"]  # fmt: skip
    assert knelpunten[1][:4] == ["Parkeernorm", "", "2026-06-01", "open"]


def test_export_import_round_trips_exactly(reg, partners, ws, tmp_path):
    build(reg, partners)
    first = export(reg)
    # into the same workspace: nothing changes, not even a version
    versions = [p.version for p in reg.all()]
    report = import_text(reg, first)
    assert rows_of(report) == [] and (report.unchanged, report.updated) == (2, 0)
    assert [p.version for p in reg.all()] == versions
    assert export(reg) == first
    # into a fresh workspace (same organisations; ids are that workspace's own)
    other = open_ws(tmp_path / "other.db")
    try:
        add_partners(other)
        fresh = register_for(other)
        report = import_text(fresh, without_ids(first))
        assert rows_of(report) == [] and report.created == 2
        assert without_ids(export(fresh)) == without_ids(first)
        # and the history it carried works there: the slip is a signal
        kinds = {s.kind for _, found in fresh.signals() for s in found}
        assert "slipped" in kinds
    finally:
        other.close()


def test_history_in_the_file_replaces_the_stored_history(reg, partners):
    p = build(reg, partners)
    text = (
        "naam,fase,historie\n"
        'Stationsplein-West,vergund,"2024-01-01 |  | idee/visie |  | 2027 | \n'
        "2025-02-01 | idee/visie | vastgesteld | 2027 | 2028 | \n2026-03-01 | vastgesteld | vergund"
        ' | 2028 | 2029 | "\n'
    )
    report = import_text(reg, text)
    assert rows_of(report) == [] and report.updated == 1
    steps = [(h.changed_on, h.phase_from, h.phase_to) for h in reg.history_of(p.id)]
    assert steps == [("2024-01-01", None, "idee/visie"), ("2025-02-01", "idee/visie",
                     "vastgesteld"), ("2026-03-01", "vastgesteld", "vergund")]  # fmt: skip


def test_bad_history_is_refused_by_line_and_nothing_changes(reg, partners):
    p = build(reg, partners)
    before = export(reg)
    text = (
        "naam,fase,historie,knelpunten\n"
        'Stationsplein-West,vergund,"2024-01-01 |  | bouwrijp\n2030-01-01 |  | vergund",'
        '"Iets | Bouwbedrijf Onbekend"\n'
    )
    report = import_text(reg, text)
    assert not report.applied
    messages = rows_of(report)
    assert (2, "knelpunten", "regel 1: organisatie 'Bouwbedrijf Onbekend' bestaat niet") in (
        messages
    )
    history = next(m for m in messages if m[1] == "historie")[2]
    assert "regel 1: fase 'bouwrijp' is onbekend" in history
    assert "regel 2: datum 2030-01-01 ligt in de toekomst" in history
    assert export(reg) == before and reg.get(p.id).version == p.version


# -- a municipality's own list ---------------------------------------------------------------
MAPPING = """
[columns]
bron_id = "projectnummer"
naam = "projectnaam"
fase = "fase"
sociale_huur = "sociale_huur"
dure_koop = "dure_koop"
oplevering = "oplevering"

[phases]
"Initiatief" = "idee/visie"
"Definitie" = "in voorbereiding"
"Uitvoering" = "in aanbouw"

[phase_dates]
datum_initiatief = "idee/visie"
datum_definitie = "in voorbereiding"
datum_start_bouw = "in aanbouw"
"""
THEIRS = (
    "projectnummer;projectnaam;fase;datum_initiatief;datum_definitie;datum_start_bouw;"
    "sociale_huur;dure_koop;oplevering\n"
    "A-101;Zeeburgerkade;Uitvoering;12-03-2021;2022-09-01;2025-05-15;120;40;2027\n"
    "A-102;Buiksloterham blok 9;Definitie;2023-01-10;2024-06-01;;0;200;2030\n"
)


def test_a_municipal_list_comes_in_with_its_phase_dates_as_history(reg):
    text, problems = apply_mapping(THEIRS, load_mapping(MAPPING))
    assert problems == []
    report = import_text(reg, text)
    assert rows_of(report) == [] and report.created == 2
    kade = reg.by_name("Zeeburgerkade")
    assert (kade.phase, kade.phase_since, kade.source_ref) == ("in aanbouw", "2025-05-15", "A-101")
    steps = [(h.changed_on, h.phase_from, h.phase_to) for h in reg.history_of(kade.id)]
    # 12-03-2021 (day first) is 2021-03-12
    assert steps == [("2021-03-12", None, "idee/visie"),
                     ("2022-09-01", "idee/visie", "in voorbereiding"),
                     ("2025-05-15", "in voorbereiding", "in aanbouw")]  # fmt: skip
    # a second import of their list (renamed project) finds it by their id
    again, _ = apply_mapping(THEIRS.replace("Zeeburgerkade", "Zeeburgerkade Noord"),
                             load_mapping(MAPPING))  # fmt: skip
    report = import_text(reg, again)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert reg.get(kade.id).name == "Zeeburgerkade Noord"


def test_an_unknown_phase_in_the_list_is_refused_by_name():
    _text, problems = apply_mapping(
        THEIRS.replace("Definitie;2023", "Haalbaarheid;2023"), load_mapping(MAPPING)
    )
    assert [(e.row, e.column) for e in problems] == [(3, "fase")]
    assert problems[0].message == (
        "fase 'Haalbaarheid' staat niet in de koppeling; bekend zijn: Initiatief, Definitie,"
        " Uitvoering"
    )


def test_a_mapping_column_missing_from_the_list_is_named():
    _, problems = apply_mapping(THEIRS.replace("projectnummer", "nummer"), load_mapping(MAPPING))
    assert [(e.row, e.column) for e in problems] == [(1, "projectnummer")]


@pytest.mark.parametrize(
    "text, key",
    [("[columns]\nnaam='a'\n", "columns.fase"), ("[columns]\nfoo='x'\n", "columns.foo")],
)
def test_a_bad_mapping_is_named(text, key):
    with pytest.raises(ValueError, match=key.replace(".", r"\.")):
        load_mapping(text)


def test_cli_import_with_a_mapping_all_or_nothing(tmp_path, frozen):
    from test_woningbouw_cli import Obj

    path = tmp_path / "cli.db"
    open_ws(path).close()
    (tmp_path / "lijst.csv").write_text(THEIRS.replace("Definitie;2023", "Onbekend;2023"))
    (tmp_path / "koppeling.toml").write_text(MAPPING)
    runner = CliRunner()
    args = ["import", str(tmp_path / "lijst.csv"), "--mapping", str(tmp_path / "koppeling.toml")]
    result = runner.invoke(woningbouw, args, obj=Obj(path))
    assert result.exit_code == 1
    assert "rij 3, kolom fase: fase 'Onbekend' staat niet in de koppeling" in result.output
    (tmp_path / "lijst.csv").write_text(THEIRS)
    result = runner.invoke(woningbouw, args, obj=Obj(path))
    assert result.exit_code == 0, result.output
    assert "2 nieuw" in result.output
