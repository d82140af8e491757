"""CSV import and export: good file, bad file with exact errors, all-or-nothing, skip-invalid."""

from __future__ import annotations

import io
import shutil
import sqlite3
from pathlib import Path

import pytest
from stadstafel import PermissionDenied

from stadstafel_woningbouw.importer import (
    HEADER,
    RowError,
    export_csv,
    import_file,
    import_text,
)

TEMPLATE = Path(__file__).resolve().parents[3] / "config" / "woningbouw-projecten.csv"

GOOD = """\
naam,wijk,initiatiefnemers,fase,fase_sinds,sociale_huur,middenhuur,dure_koop,start_bouw,oplevering
Kooiplein fase 3,Groenoord,Portaal,vergund,2026-10-01,120,40,,2027,2029
Lorentzkade,Stationsgebied,Rijnstad Ontwikkeling | zijlpoort woonfonds,in aanbouw,\
2026-03-01,,100,40,2026,2028
Kanaalweg,Lammenschans,Gemeente Leiden,idee/visie,,60,"1.200",,,
"""

# Row 2 is fine; rows 3, 4 and 6 are bad; row 5 is blank and ignored.
BAD = """\
naam;fase;sociale_huur;middenhuur;start_bouw;oplevering;initiatiefnemers
Goed project;vastgesteld;10;5;2028;2030;Portaal
;vergund;veel;5;;;Portaal
Te vroeg;onherroepelijk;10;0;2031;2029;Bouwbedrijf Onbekend
;;;;;;
Vreemde fase;gesloopt;10;0;;;
"""


def rows_of(report):
    return [(e.row, e.column, e.message) for e in report.errors]


def test_good_file(reg, partners):
    report = import_text(reg, GOOD)
    assert rows_of(report) == []
    assert (report.applied, report.rows, report.created) == (True, 3, 3)
    names = [p.name for p in reg.list().rows]
    assert names == ["Kanaalweg", "Kooiplein fase 3", "Lorentzkade"]
    lorentz = reg.by_name("Lorentzkade")
    assert lorentz.organisation_ids == [partners.rijnstad.id, partners.fonds.id]
    assert (lorentz.phase, lorentz.phase_since, lorentz.homes_middenhuur) == (
        "in aanbouw",
        "2026-03-01",
        100,
    )
    kanaal = reg.by_name("Kanaalweg")
    assert kanaal.homes_middenhuur == 1200  # "1.200" with a thousands separator
    assert kanaal.phase_since == "2027-01-04"  # no fase_sinds: today
    assert report.summary() == "3 nieuw, 0 bijgewerkt, 0 ongewijzigd."


def test_bad_file_reports_row_column_problem_and_changes_nothing(ws, reg, partners):
    before = ws.store.scalar("SELECT count(*) FROM audit")
    report = import_text(reg, BAD)
    assert report.applied is False
    assert rows_of(report) == [
        (3, "naam", "Naam is verplicht."),
        (3, "sociale_huur", "geen geheel getal: 'veel'"),
        (
            4,
            "initiatiefnemers",
            "organisatie 'Bouwbedrijf Onbekend' bestaat niet in deze werkplaats",
        ),
        (4, "oplevering", "Oplevering (2029) ligt vóór de start van de bouw (2031)."),
        (
            6,
            "fase",
            "Fase moet een van deze zijn: idee/visie, in voorbereiding, vastgesteld,"
            " onherroepelijk, vergund, in aanbouw, opgeleverd, vervallen; gevonden: gesloopt.",
        ),
    ]
    assert reg.list().total == 0  # not even the good row 2
    assert ws.store.scalar("SELECT count(*) FROM audit") == before
    assert report.summary().startswith("Niets geïmporteerd: 5 fouten in 4 rijen")
    assert str(report.errors[0]) == "rij 3, kolom naam: Naam is verplicht."


TWO_ROWS = """\
naam,fase,sociale_huur,start_bouw,oplevering
A,vergund,5,2027,2028
B,vergund,5,2031,2029
"""


def test_rule_errors_found_while_writing_also_undo_everything(reg, partners):
    text = TWO_ROWS
    report = import_text(reg, text)
    assert rows_of(report) == [
        (3, "oplevering", "Oplevering (2029) ligt vóór de start van de bouw (2031).")
    ]
    assert report.applied is False
    assert reg.list().total == 0


def test_skip_invalid_imports_the_good_rows(reg, partners):
    report = import_text(reg, BAD, skip_invalid=True)
    assert report.applied is True
    assert report.created == 1
    assert report.skipped_rows == [3, 4, 6]
    assert [p.name for p in reg.list().rows] == ["Goed project"]
    assert report.summary() == "1 nieuw, 0 bijgewerkt, 0 ongewijzigd; 3 rijen overgeslagen."


def test_skip_invalid_undoes_a_row_that_fails_while_writing(ws, reg, partners):
    text = TWO_ROWS
    report = import_text(reg, text, skip_invalid=True)
    assert report.skipped_rows == [3]
    assert [p.name for p in reg.list().rows] == ["A"]
    assert ws.store.scalar("SELECT count(*) FROM woningbouw_history") == 1


def test_duplicate_names_in_one_file(reg, partners):
    text = "naam,fase,sociale_huur\nHofblok,vergund,5\nhofblok,vergund,6\n"
    report = import_text(reg, text)
    assert rows_of(report) == [(3, "naam", "deze naam staat ook in rij 2")]
    assert reg.list().total == 0


def test_bad_header(reg, partners):
    report = import_text(reg, "name,fase,sociale_huur\nx,vergund,1\n")
    assert rows_of(report)[0][:2] == (1, "name")
    assert (1, "naam", "deze kolom ontbreekt") in rows_of(report)
    assert import_text(reg, "").errors[0].message == "het bestand is leeg"


def test_existing_projects_are_updated_and_phase_changes_recorded(reg, partners):
    import_text(reg, GOOD)
    update = (
        "naam,fase,fase_sinds,sociale_huur,middenhuur,oplevering\n"
        "kooiplein fase 3,in aanbouw,2026-12-01,120,40,2029\n"  # new phase
        "Kanaalweg,idee/visie,,60,1200,\n"  # unchanged
        "Lorentzkade,in aanbouw,,0,100,2029\n"  # only the delivery year (2028 -> 2029)
    )
    report = import_text(reg, update)
    assert rows_of(report) == []
    assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
    kooi = reg.by_name("Kooiplein fase 3")
    assert (kooi.phase, kooi.phase_since) == ("in aanbouw", "2026-12-01")
    steps = [(h.phase_from, h.phase_to) for h in reg.history_of(kooi.id)]
    assert steps == [(None, "vergund"), ("vergund", "in aanbouw")]
    lorentz = reg.by_name("Lorentzkade")
    assert reg.history_of(lorentz.id)[-1].delivery_year_from == 2028


def test_export_then_import_changes_nothing(reg, partners):
    import_text(reg, GOOD)
    out = io.StringIO()
    assert export_csv(reg, out) == 3
    text = out.getvalue()
    assert text.splitlines()[0] == ",".join(HEADER)
    assert "Rijnstad Ontwikkeling | Zijlpoort Woonfonds" in text
    report = import_text(reg, text)
    assert (report.unchanged, report.updated, report.created) == (3, 0, 0)


def test_an_id_that_does_not_exist(reg, partners):
    report = import_text(reg, "id,naam,fase,sociale_huur\n77,X,vergund,3\n")
    assert rows_of(report) == [(2, "id", "Woningbouwproject 77 bestaat niet (meer).")]


def test_the_template_matches_the_columns_and_imports(tmp_path, reg, partners, ws):
    lines = TEMPLATE.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(HEADER)
    # the template names demo organisations; add the one this workspace lacks
    ws.organisations.create(name="Stationskwartier Ontwikkeling Leiden", kind="ontwikkelaar")
    shutil.copyfile(TEMPLATE, tmp_path / TEMPLATE.name)  # imports read from the test's folder
    report = import_file(reg, TEMPLATE.name)
    assert rows_of(report) == []
    assert report.created == 2


def test_progress_is_reported_per_row(reg, partners):
    seen = []
    import_text(reg, GOOD, progress=seen.append)
    assert sum(seen) == 3


def test_non_utf8_file_is_refused(tmp_path, reg, partners):
    path = tmp_path / "latin1.csv"
    path.write_bytes("naam,fase,sociale_huur\nCafé,vergund,1\n".encode("latin-1"))
    with pytest.raises(ValueError, match="rij 2 is geen UTF-8"):
        import_file(reg, path)


def test_import_needs_the_right_to_edit(tmp_path, frozen):
    from woningbouw_testkit import USERS, add_partners, open_ws

    from stadstafel_woningbouw.service import register_for

    path = tmp_path / "p.db"
    admin = open_ws(path, users=USERS, login="admin")
    add_partners(admin)
    admin.close()
    ws = open_ws(path, users=USERS, login="pim")
    try:
        with pytest.raises(PermissionDenied):
            import_text(register_for(ws), GOOD)
    finally:
        ws.close()


def test_row_error_text_in_english(reg):
    from stadstafel.testing import set_language

    set_language("en")
    assert str(RowError(3, "fase", "x")) == "row 3, column fase: x"


# -- text stays text, line ends, duplicate ids --------------------------------------------------
def test_cells_written_as_text_stay_text(reg, partners):
    text = (
        'naam,fase,sociale_huur,opmerkingen\n"\'=1+1",vergund,5,"\t=1+1"\n  Hofblok  ,vergund,5,\n'
    )
    report = import_text(reg, text)
    assert rows_of(report) == []
    # the quote that keeps a formula text in a spreadsheet comes off (csv_uncell): the name
    # is the text "=1+1", and every export quotes it again
    project = reg.by_name("=1+1")
    assert project is not None and project.name == "=1+1"
    assert project.notes == "\t=1+1"  # the tab before "=" is kept: no live formula
    assert reg.by_name("Hofblok").name == "Hofblok"  # plain spaces are still stripped


def test_a_file_with_carriage_returns_only(reg, partners):
    report = import_text(reg, "naam,fase,sociale_huur\rA,vergund,1\rB,vergund,2\r")
    assert rows_of(report) == []
    assert (report.created, report.rows) == (2, 2)
    windows = import_text(reg, "naam,fase,sociale_huur\r\nC,vergund,1\r\n")
    assert windows.created == 1


def test_an_unreadable_file_is_a_message(reg, partners):
    with pytest.raises(ValueError, match="Rij 3 kan niet als CSV worden gelezen"):
        import_text(reg, "naam,fase\nA,vergund\nB" + "x" * 200_000 + ",vergund\n")
    assert reg.list().total == 0


def test_duplicate_ids_in_one_file_are_refused_naming_both_rows(reg, partners):
    import_text(reg, GOOD)
    text = "id,naam,fase,sociale_huur\n1,Eerste,vergund,5\n2,Tweede,vergund,5\n1,Derde,vergund,6\n"
    report = import_text(reg, text)
    assert report.applied is False
    assert rows_of(report) == [
        (
            4,
            "id",
            "id 1 staat ook in rij 2; elk project mag maar één keer in het bestand staan",
        )
    ]
    assert reg.by_name("Eerste") is None and reg.by_name("Derde") is None


# -- large files: in batches, others write in between ------------------------------------------
def _many(n: int) -> str:
    return "naam,fase,sociale_huur\n" + "".join(
        f"Project {i},vergund,{i % 9 + 1}\n" for i in range(n)
    )


def test_a_large_import_lets_others_write_between_batches(ws, reg, partners):
    """Between two batches another connection takes the write lock at once (busy timeout 0):
    with the whole import in one transaction it would find the database locked."""
    other = sqlite3.connect(ws.store.path, timeout=0, isolation_level=None)
    written = []

    def between(report):
        other.execute("BEGIN IMMEDIATE")
        other.execute(
            "INSERT INTO audit (at, actor, action, record_type) VALUES ('2027-01-04', 'ander',"
            " 'test', 'tussendoor')"
        )
        other.execute("COMMIT")
        written.append(report.stored_through)

    try:
        report = import_text(reg, _many(1200), batch_size=500, on_batch=between)
    finally:
        other.close()
    assert rows_of(report) == []
    assert report.complete and report.created == 1200
    assert written == [501, 1001, 1201]  # after each batch, as a spreadsheet counts rows
    assert ws.store.scalar("SELECT count(*) FROM audit WHERE actor = 'ander'") == 3


def test_a_large_file_with_one_bad_row_changes_nothing(reg, partners):
    text = _many(1200) + ",vergund,1\n"
    report = import_text(reg, text, batch_size=500)
    assert rows_of(report) == [(1202, "naam", "Naam is verplicht.")]
    assert report.applied is False and reg.list().total == 0
    skipped = import_text(reg, text, batch_size=500, skip_invalid=True)
    assert skipped.created == 1200 and skipped.skipped_rows == [1202]


def test_a_batch_that_fails_while_stored_stops_and_says_what_was_stored(ws, reg, partners):
    import_text(reg, GOOD)  # ids 1, 2, 3
    text = "id,naam,fase,sociale_huur\n1,Een,vergund,1\n2,Twee,vergund,2\n3,Drie,vergund,3\n"

    def meanwhile(report):  # someone deletes project 3 after the first batch was stored
        if report.stored_through == 2:
            reg.delete(3)

    report = import_text(reg, text, batch_size=1, on_batch=meanwhile)
    assert report.applied and not report.complete
    assert (report.stored_through, report.stopped_at, report.updated) == (3, 4, 2)
    assert report.summary().startswith("Gestopt bij rij 4: de rijen tot en met 3 zijn opgeslagen")
    assert [p.name for p in reg.list().rows] == ["Een", "Twee"]
    again = import_text(reg, text.replace("3,Drie", ",Drie"), batch_size=1)
    assert (again.unchanged, again.created) == (2, 1)  # stored rows count as unchanged


# -- the file is looked at only after the right to import -------------------------------------
def test_a_reader_is_refused_before_the_file_is_looked_at(tmp_path, frozen, monkeypatch):
    import stadstafel
    from woningbouw_testkit import USERS, add_partners, open_ws

    from stadstafel_woningbouw.service import register_for

    path = tmp_path / "p.db"
    admin = open_ws(path, users=USERS, login="admin")
    add_partners(admin)
    admin.close()
    (tmp_path / "p.csv").write_text(GOOD, encoding="utf-8")
    touched = []
    # the module reaches files only through the public helpers: watch those
    monkeypatch.setattr(stadstafel, "confined", lambda *a, **k: touched.append(a))
    monkeypatch.setattr(stadstafel, "open_for_reading", lambda *a, **k: touched.append(a))
    for login in ("gast", "pim"):  # a lezer, and a partner without the right
        ws = open_ws(path, users=USERS, login=login)
        try:
            with pytest.raises(PermissionDenied):
                import_file(register_for(ws), "p.csv")
            with pytest.raises(PermissionDenied):
                import_file(register_for(ws), "/proc/self/environ")
        finally:
            ws.close()
    assert touched == []
