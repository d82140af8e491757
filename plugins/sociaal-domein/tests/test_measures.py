"""Measures and initiatives: law(s), Iv3 taakveld, owner, table and goal; filters in the
database; search; the rights of the table."""

from __future__ import annotations

import pytest
from stadstafel import PermissionDenied, ValidationError

from stadstafel_sociaal_domein.iv3 import TAAKVELDEN, label, main_code

NAME = "sociaal-domein"


def _measures(ws):
    return ws.service(f"{NAME}.measures")


def test_a_measure_is_tagged_with_law_taakveld_owner_and_goal(ws, net):
    goal = ws.goals.create(table_id=net["table"].id, description="Minder jeugdbescherming")
    m = _measures(ws).create(
        table_id=net["table"].id, title="Wijkteam op school", laws=["jeugdwet", "Wmo 2015"],
        taakveld="6.72", owner_organisation_id=net["orgs"]["Leiden"], goal_id=goal.id,
    )  # fmt: skip
    got = _measures(ws).get(m.id)
    assert got.laws == ["Jeugdwet", "Wmo 2015"]  # the law's own spelling
    assert (got.taakveld, got.status, got.goal_id) == ("6.72", "idee", goal.id)
    assert label("6.71a") == "6.71a Maatwerkdienstverlening 18+"


def test_law_and_taakveld_are_checked(ws, net):
    with pytest.raises(ValidationError) as err:
        _measures(ws).create(table_id=net["table"].id, title="x", laws=["Woningwet"],
                             taakveld="7.1")  # fmt: skip
    assert set(err.value.fields) == {"laws", "taakveld"}
    with pytest.raises(ValidationError) as err:
        _measures(ws).create(table_id=net["table"].id, title="x", taakveld="6.2")
    assert set(err.value.fields) == {"laws"}
    assert main_code("6.71a") == "6.71" and main_code("6.7") is None
    assert main_code("6.71ab") is None
    assert [code for code, _ in TAAKVELDEN][0::9] == ["6.1", "6.82"]


def test_the_goal_belongs_to_the_same_table(ws, net):
    other = ws.tables.create(name="Andere tafel", kind="thematafel")
    goal = ws.goals.create(table_id=other.id, description="Elders")
    with pytest.raises(ValidationError) as err:
        _measures(ws).create(table_id=net["table"].id, title="x", laws=["Jeugdwet"],
                             goal_id=goal.id)  # fmt: skip
    assert "goal_id" in err.value.fields


def test_filters_run_in_the_database(ws, net):
    other = ws.tables.create(name="Andere tafel", kind="thematafel")
    add = _measures(ws).create
    add(table_id=net["table"].id, title="Schuldhulp", laws=["Participatiewet"], taakveld="6.3")
    add(table_id=net["table"].id, title="Beschermd wonen", laws=["Wmo 2015"], taakveld="6.81a")
    add(table_id=other.id, title="Jeugdhulp thuis", laws=["Jeugdwet"], taakveld="6.72")
    add(table_id=other.id, title="Mantelzorg", laws=["Wmo 2015", "Jeugdwet"], taakveld="6.1")

    def titles(**kw):
        return [m.title for m in _measures(ws).list(**kw).rows]

    assert titles(law="Jeugdwet") == ["Mantelzorg", "Jeugdhulp thuis"]
    assert titles(taakveld="6.8") == ["Beschermd wonen"]
    assert titles(taakveld="6.81") == ["Beschermd wonen"]
    assert titles(table_id=net["table"].id) == ["Schuldhulp", "Beschermd wonen"]
    assert titles(law="Wmo 2015", table_id=other.id) == ["Mantelzorg"]
    assert titles(filter="wonen") == ["Beschermd wonen"]
    # a word also finds a law or a taakveld
    assert titles(filter="jeugd") == ["Mantelzorg", "Jeugdhulp thuis"]
    assert titles(filter="6.81") == ["Beschermd wonen"]
    assert titles(filter="participatie schuld") == ["Schuldhulp"]
    page = _measures(ws).list(limit=2)
    assert (len(page.rows), page.total) == (2, 4)


def test_search_kind(ws, net):
    _measures(ws).create(table_id=net["table"].id, title="Schuldhulp vroeg", laws=["Participatiewet"],
                         taakveld="6.3")  # fmt: skip
    hits = [(h.kind, h.title) for h in ws.search.search("schuldhulp")]
    assert hits == [(f"{NAME}.measure", "Schuldhulp vroeg")]


def test_only_the_tables_editors_write(ws, net):
    m = _measures(ws).create(table_id=net["table"].id, title="x", laws=["Jeugdwet"])
    ws.act_as("ilse")  # a participant of a leerkring, not an editor of the table
    with pytest.raises(PermissionDenied):
        _measures(ws).update(m.id, m.version, title="y")
    ws.act_as("chair")
    assert _measures(ws).update(m.id, m.version, title="y").title == "y"
