"""The register's CSV export is safe to open in a spreadsheet, and reads back as it was."""

from __future__ import annotations

import csv
import io

from stadstafel_woningbouw.importer import export_csv, import_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def test_export_neutralises_formulas_and_import_reads_them_back(reg, ws, partners):
    org = ws.organisations.create(name="@Corporatie", kind="woningcorporatie")
    project = reg.create(
        name='=HYPERLINK("http://x.example","klik")',
        area="+wijk",
        location="-locatie\x1b]52;c;aGk=\x07",
        notes="\t=1+1",
        organisation_ids=[org.id],
        phase=reg.settings.phase_names[0],
        homes_sociale_huur=12,
    )
    assert project.notes == "=1+1"  # stored as text (the tab went with the spaces)
    out = io.StringIO()
    export_csv(reg, out)
    header, *rows = list(csv.reader(io.StringIO(out.getvalue())))
    cells = dict(zip(header, rows[0], strict=True))
    assert cells["naam"] == "'" + project.name
    assert cells["wijk"] == "'+wijk"
    assert cells["locatie"] == "'-locatie\ufffd]52;c;aGk=\ufffd"
    assert cells["opmerkingen"] == "'=1+1"
    assert cells["initiatiefnemers"] == "'@Corporatie"
    assert cells["sociale_huur"] == "12"
    for row in rows:
        for value in row:
            assert not value.startswith(FORMULA_START), value
            assert "\x1b" not in value and "\x07" not in value
    # the export read back changes nothing: each quote comes off, the text stays text
    report = import_text(reg, out.getvalue())
    assert report.applied and report.created == 0 and report.updated == 0, report.summary()
    again = reg.get(project.id)
    assert (again.name, again.area, again.notes) == (project.name, "+wijk", "=1+1")


def test_import_keeps_a_quoted_formula_as_text(reg, ws, partners):
    phase = reg.settings.phase_names[0]
    text = f"naam,fase,sociale_huur,opmerkingen\n'=1+1,{phase},5,'\t@x\n"
    report = import_text(reg, text)
    assert report.applied, report.summary()
    project = next(p for p in reg.all() if p.name == "=1+1")
    assert project.notes == "@x"
