"""``workspace.read``'s name look-ups for a plugin's lists: one query for many ids."""

from __future__ import annotations


def test_table_and_organisation_names_by_id(ws):
    a = ws.tables.create(name="Tafel A", kind="samenwerkingstafel")
    b = ws.tables.create(name="Tafel B", kind="samenwerkingstafel")
    org = ws.organisations.create(name="Portaal", kind="woningcorporatie")
    assert ws.read.table_names([b.id, a.id, b.id, None, 9999]) == {a.id: "Tafel A", b.id: "Tafel B"}
    assert ws.read.table_names([]) == {}
    assert ws.read.organisation_names({org.id}) == {org.id: "Portaal"}


def test_names_written_around_the_services_come_back_neutralised(ws):
    """A name stored with control characters (before the services neutralised input, or by
    another tool) is neutralised on the way out, as a Record's text is: a module shows these
    names in its screens (omgevingswet's initiatiefnemer drew an ESC sequence in red)."""
    table = ws.tables.create(name="Tafel", kind="samenwerkingstafel")
    org = ws.organisations.create(name="Portaal", kind="woningcorporatie")
    hostile = "x\x1b[31mROOD\x9bQ\u202eLTR\nnext"
    with ws.store.write_lock():
        ws.store.conn.execute("UPDATE tables SET name = ? WHERE id = ?", [hostile, table.id])
        ws.store.conn.execute("UPDATE organisations SET name = ? WHERE id = ?", [hostile, org.id])
    shown = "x\ufffd[31mROOD\ufffdQ\ufffdLTR next"
    assert ws.read.table_names([table.id]) == {table.id: shown}
    assert ws.read.organisation_names([org.id]) == {org.id: shown}


def test_every_tables_name_for_a_choice_is_neutralised_as_its_record(ws):
    """``tables.names()`` (the table picker's 500 options) reads (name, id) as tuples, not a
    Record a row: a name written around the services comes out as the record's name does."""
    plain = ws.tables.create(name="Tafel B", kind="samenwerkingstafel")
    table = ws.tables.create(name="Tafel A", kind="samenwerkingstafel")
    with ws.store.write_lock():
        hostile = "a\x1b[31mROOD\x9bQ\u202eLTR"
        ws.store.conn.execute("UPDATE tables SET name = ? WHERE id = ?", [hostile, table.id])
    names = ws.tables.names()
    assert names == [(t.name, t.id) for t in ws.tables.list()]
    assert (ws.tables.get(table.id).name, table.id) in names and (plain.name, plain.id) in names
    assert not any("\x1b" in name or "\x9b" in name for name, _id in names)
