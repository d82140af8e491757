"""An import of more rows than one batch: several transactions, the same counts as one."""

from __future__ import annotations

import pytest

from stadstafel_regionale_economie import NAME, importer
from stadstafel_regionale_economie.importer import import_text

GOOD = (
    "locatie;definitie;peildatum;waarde;bron;demo\n"
    "Bio Science Park;lisa-werkzame-personen;2023-04-01;23500;LISA;ja\n"
    "Bio Science Park;lisa-werkzame-personen;2024-04-01;24.200,0;LISA;ja\n"
    "Bio Science Park;campus-werkzaam-bedrijven;2024-12-04;11700;LBSP 2024;nee\n"
)


@pytest.fixture
def park(ws, tables):
    return ws.service(f"{NAME}.locaties").create(
        table_id=tables[0].id, name="Bio Science Park", area_ha=110, area_source="LBSP"
    )


def test_an_import_of_several_batches(ws, park, monkeypatch):
    monkeypatch.setattr(importer, "BATCH_ROWS", 1)
    begun: list[int] = []
    begin = ws.store._begin
    monkeypatch.setattr(ws.store, "_begin", lambda: (begun.append(1), begin()))
    report = import_text(ws, GOOD)
    # the check pass made (and undid) the series too: counted once, by the pass that stored
    assert (report.new, report.replaced, report.series_made) == (3, 0, 2)
    assert len(begun) == 6  # three rows checked and undone, three stored, one at a time
    series = ws.service(f"{NAME}.reeksen").of_location(park.id)
    assert sorted(s.definition for s in series) == [
        "campus-werkzaam-bedrijven",
        "lisa-werkzame-personen",
    ]
