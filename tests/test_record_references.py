"""The ``record_references`` hook: a plugin's references to core records by ids in a JSON list
keep a core delete honest: refused with the referring rows named, or cleared in the same
transaction with an audit row per changed row."""

from __future__ import annotations

import json

import pytest
from sqlite_utils import Migrations

from stadstafel import ValidationError, hookimpl
from stadstafel.testing import frozen_clock, plugin_workspace

refs_migrations = Migrations("stadstafel-buurt")


@refs_migrations()
def m001_things(db):
    for name in ("buurt_plans", "buurt_notes"):
        db[name].create(
            {"id": int, "name": str, "ids": str, "version": int, "created_at": str,
             "updated_at": str, "updated_by": str},
            pk="id",
        )  # fmt: skip


class Buurt:
    @hookimpl
    def migrations(self):
        return refs_migrations

    @hookimpl
    def record_references(self, register):
        register("organisations", "buurt_plans", "ids", label=("buurtplan", "area plan"))
        # a table a later migration will make: until then a delete does not look at it
        register("tables", "buurt_later", "ids", label=("later", "later"))
        register("people", "buurt_notes", "ids", label=("notitie", "note"),
                 record="buurt_note", on_delete="clear")  # fmt: skip


@pytest.fixture
def ws(tmp_path):
    with frozen_clock("2027-01-04 09:00"), plugin_workspace(tmp_path, Buurt(), "buurt") as w:
        yield w


def test_hook_record_references(ws):
    org = ws.organisations.create(name="Buurtvereniging", kind="gemeente")
    other = ws.organisations.create(name="Andere", kind="gemeente")
    person = ws.people.create(name="Piet", organisation_id=other.id)
    keep = ws.people.create(name="Klaas", organisation_id=other.id)
    conn = ws.store.conn
    with ws.store.write_lock():
        conn.execute(
            "INSERT INTO buurt_plans (name, ids, version) VALUES ('Plan Noord', ?, 1),"
            " ('Plan Zuid', ?, 1)",
            [json.dumps([org.id, other.id]), json.dumps([other.id])],
        )
        conn.execute(
            "INSERT INTO buurt_notes (name, ids, version) VALUES ('Notitie', ?, 1)",
            [json.dumps([keep.id, person.id])],
        )
    assert [r.table for r in ws.plugins.record_references("organisations")] == ["buurt_plans"]
    # refuse: the delete names the rows that hold the id and deletes nothing
    with pytest.raises(ValidationError) as info:
        ws.organisations.delete(other.id)
    assert "buurtplan 'Plan Noord', 'Plan Zuid'" in info.value.message
    with pytest.raises(ValidationError, match="buurtplan 'Plan Noord'; "):
        ws.organisations.delete(org.id)
    assert ws.organisations.get(org.id)
    # clear: the id leaves the list in the same transaction, versioned and audited
    ws.people.delete(person.id)
    note = ws.store.query("SELECT ids, version FROM buurt_notes")[0]
    assert (json.loads(note["ids"]), note["version"]) == ([keep.id], 2)
    audit = ws.store.query(
        "SELECT action, before, after FROM audit WHERE record_type = 'buurt_note'"
    )
    assert [a["action"] for a in audit] == ["update"]
    after = json.loads(audit[0]["after"])["ids"]
    assert (json.loads(after) if isinstance(after, str) else after) == [keep.id]
    # a declared table that does not exist yet stops nothing
    gone = ws.tables.create(name="Weg", kind="samenwerkingstafel")
    ws.tables.delete(gone.id)
    # a delete refused for another reason clears nothing: one transaction
    ws.tables.create(name="Tafel", kind="samenwerkingstafel", secretary_person_id=keep.id)
    with pytest.raises(ValidationError):
        ws.people.delete(keep.id)
    assert json.loads(ws.store.query("SELECT ids FROM buurt_notes")[0]["ids"]) == [keep.id]


def test_a_reference_must_be_to_a_core_table_from_the_plugins_own():
    from stadstafel.plugins import PluginHost, ReferenceRegister

    host = PluginHost(None, env={"STADSTAFEL_LOAD_PLUGINS": ""})
    register = ReferenceRegister(host, "buurt")
    with pytest.raises(ValueError, match="kies uit organisations, people, tables"):
        register("meetings", "buurt_plans", "ids", label=("a", "b"))
    with pytest.raises(ValueError, match="moet beginnen met 'buurt_'"):
        register("people", "woningbouw_projects", "ids", label=("a", "b"))
    with pytest.raises(ValueError, match="refuse of clear"):
        register("people", "buurt_plans", "ids", label=("a", "b"), on_delete="cascade")
