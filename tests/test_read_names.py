"""``workspace.read``'s name look-ups for a plugin's lists: one query for many ids."""

from __future__ import annotations


def test_table_and_organisation_names_by_id(ws):
    a = ws.tables.create(name="Tafel A", kind="samenwerkingstafel")
    b = ws.tables.create(name="Tafel B", kind="samenwerkingstafel")
    org = ws.organisations.create(name="Portaal", kind="woningcorporatie")
    assert ws.read.table_names([b.id, a.id, b.id, None, 9999]) == {a.id: "Tafel A", b.id: "Tafel B"}
    assert ws.read.table_names([]) == {}
    assert ws.read.organisation_names({org.id}) == {org.id: "Portaal"}
