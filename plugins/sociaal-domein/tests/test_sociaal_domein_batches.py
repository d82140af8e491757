"""A CBS file of more rows than one batch: stored in several transactions (others' saves get
their turn between them), and still nothing stored when any row is bad."""

from __future__ import annotations

import pytest
from stadstafel import ValidationError

from stadstafel_sociaal_domein import importer
from stadstafel_sociaal_domein.importer import import_text

HEAD = '"ID";"RegioS";"Perioden";"Wmo-clienten per 1 000 inwoners";"Status"\n'


def rows(*lines: tuple[str, str, str, str]) -> str:
    return HEAD + "".join(
        f'"{n}";"{region}  ";"{period}";"{value}";"{status}"\n'
        for n, (region, period, value, status) in enumerate(lines, 1)
    )


@pytest.fixture
def wmo(ws, net):
    return ws.service("sociaal-domein.indicators").create(
        table_id=net["table"].id, name="Wmo", unit="per 1.000", law="Wmo 2015", period_type="jaar"
    )


@pytest.fixture
def transactions(ws, monkeypatch):
    monkeypatch.setattr(importer, "BATCH_ROWS", 2)
    monkeypatch.setattr(importer, "WHOLE_IMPORT_ROWS", 2)  # stored in batches too
    begun: list[int] = []
    begin = ws.store._begin
    monkeypatch.setattr(ws.store, "_begin", lambda: (begun.append(1), begin()))
    return begun


def test_a_file_of_several_batches_is_stored_in_several_transactions(ws, wmo, transactions):
    text = rows(
        ("GM0546", "2023JJ00", "58", "Definitief"),
        ("GM0547", "2023JJ00", "61", "Definitief"),
        ("GM0546", "2024JJ00", "60", "Voorlopig"),
        ("GM0547", "2024JJ00", "63", "Voorlopig"),
        ("GM0503", "2024JJ00", "70", "Voorlopig"),
    )
    report = import_text(ws, wmo.id, text)
    assert (report.rows, report.new) == (5, 5)
    assert len(ws.service("sociaal-domein.figures").current(wmo.id)) == 5
    assert len(transactions) == 6  # three batches checked (and undone), three stored


def test_a_bad_row_in_the_last_batch_stores_nothing_of_the_first(ws, wmo, transactions):
    import_text(ws, wmo.id, rows(("GM0546", "2023JJ00", "58", "Definitief")))
    text = rows(
        ("GM0547", "2025JJ00", "61", "Voorlopig"),
        ("GM0503", "2025JJ00", "62", "Voorlopig"),
        ("GM0546", "2025JJ00", "63", "Voorlopig"),
        ("GM0546", "2023JJ00", "50", "Voorlopig"),  # a voorlopig figure does not replace it
    )
    with pytest.raises(ValidationError) as error:
        import_text(ws, wmo.id, text)
    assert [(r, c) for r, c, _ in error.value.report.errors] == [(5, "Status")]
    figures = ws.service("sociaal-domein.figures").current(wmo.id)
    assert [(f.period, f.value) for f in figures] == [("2023JJ00", 58.0)]
