"""An import of more rows than one batch: several transactions, the same counts as one."""

from __future__ import annotations

import pytest
from stadstafel import ValidationError

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
    monkeypatch.setattr(importer, "WHOLE_IMPORT_ROWS", 1)
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


def failing_while_stored(ws, monkeypatch, nth: int) -> None:
    """The ``nth`` figure created fails: after the check pass (which created, and undid, one
    per row), a row fails only while it is stored, as when someone changed the data."""
    cijfers = ws.service(f"{NAME}.cijfers")
    create = cijfers.create
    calls: list[int] = []

    def flaky(**values):
        calls.append(1)
        if len(calls) == nth:
            raise ValidationError("Intussen gewijzigd door een ander.")
        return create(**values)

    monkeypatch.setattr(cijfers, "create", flaky)


def stored(ws, park) -> list:
    series = ws.service(f"{NAME}.reeksen").of_location(park.id)
    return [
        c
        for s in series
        for c in ws.service(f"{NAME}.cijfers").rows(
            f"SELECT * FROM {ws.service(f'{NAME}.cijfers').table} WHERE reeks_id = ?", [s.id]
        )
    ]


def test_a_row_that_fails_while_stored_leaves_nothing_stored(ws, park, monkeypatch):
    """Checked in batches, stored in one transaction: all or nothing, as the message says."""
    monkeypatch.setattr(importer, "BATCH_ROWS", 1)
    failing_while_stored(ws, monkeypatch, nth=3 + 3)  # the last row, while stored
    with pytest.raises(ValidationError) as error:
        import_text(ws, GOOD)
    assert error.value.message.startswith("Niets geïmporteerd: 1 fout(en).")
    assert stored(ws, park) == []
    assert ws.service(f"{NAME}.reeksen").of_location(park.id) == []


def test_a_file_too_large_for_one_transaction_says_how_far_it_was_stored(ws, park, monkeypatch):
    monkeypatch.setattr(importer, "BATCH_ROWS", 1)
    monkeypatch.setattr(importer, "WHOLE_IMPORT_ROWS", 2)
    failing_while_stored(ws, monkeypatch, nth=3 + 3)
    with pytest.raises(ValidationError) as error:
        import_text(ws, GOOD)
    assert error.value.message.startswith(
        "Gestopt: de rijen tot en met rij 3 zijn opgeslagen, de rest niet (1 fout(en))."
    )
    assert len(stored(ws, park)) == 2
