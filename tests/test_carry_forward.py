"""Carry forward (issue 15, item 5; docs/record.md): what a held meeting leaves behind is
proposed for the next one, each with its origin, and the next agenda says where each item
came from — on the screen's data, in ``stadstafel agenda show`` and in the agenda document.
"""

from __future__ import annotations

import json

import pytest
from support import make_config
from test_record import to_held

from stadstafel import hookimpl
from stadstafel.errors import ValidationError
from stadstafel.plugins import PluginHost
from stadstafel.workspace import Workspace


class Signals:
    """A module that proposes one item for every meeting."""

    @hookimpl
    def agenda_suggestions(self, workspace, table, meeting):
        return [
            {
                "key": f"signalen:stil:{table.id}",
                "title": "Stilgevallen project Lammenschans",
                "description": "Geen voortgang sinds maart.",
                "detail": "geen mijlpaal in 6 maanden",
            }
        ]


@pytest.fixture
def ws(db_path, frozen):
    """A workspace whose plugin host holds only the Signals module."""
    host = PluginHost(None, env={"STADSTAFEL_LOAD_PLUGINS": ""})
    host.load()
    host.register(Signals(), "signalen")
    workspace = Workspace.open(make_config(db_path), login="admin", plugins=host)
    yield workspace
    workspace.close()


@pytest.fixture
def left_behind(ws, table_setup):
    """A held meeting (m0) that leaves an unhandled item, an action and a toezegging falling
    due, a decision to look back on, and a module's suggestion; m1 is next."""
    t = table_setup
    m0, m1 = t.meetings[0], t.meetings[1]
    handled = ws.agenda.submit(t.table.id, "Doorstroming", meeting_id=m0.id, org_id=t.portaal.id)
    open_item = ws.agenda.submit(
        t.table.id, "Woningruil senioren", meeting_id=m0.id, org_id=t.sleutels.id
    )
    to_held(ws, m0.id)
    handled = ws.agenda.get(handled.id)
    ws.agenda.handled(handled.id, handled.version, minutes="Besproken.")
    action = ws.actions.create(
        table_id=t.table.id,
        text="Cijfers doorstroming delen",
        owner_org_id=t.gemeente.id,
        due="2027-02-01",
        meeting_id=m0.id,
    )
    promise = ws.actions.create(
        table_id=t.table.id,
        kind="toezegging",
        text="Wethouder informeren",
        owner_org_id=t.portaal.id,
        owner_person_id=t.partner.id,
        due="2027-01-10",
        meeting_id=m0.id,
    )
    later = ws.actions.create(  # due after the next meeting: not proposed
        table_id=t.table.id, text="Evaluatie", owner_org_id=t.gemeente.id, due="2027-06-01"
    )
    decision = ws.decisions.record_decision(
        m0.id, "Pilot woningruil starten", review_date="2027-02-05"
    )
    old = ws.decisions.record_decision(m0.id, "Oud besluit", review_date="2026-12-01")
    return dict(
        t=t, m0=m0, m1=m1, open_item=open_item, action=action, promise=promise, later=later,
        decision=decision, old=old,
    )  # fmt: skip


def by_key(ws, meeting_id):
    return {s["key"]: s for s in ws.carry_forward.suggestions(meeting_id)["suggestions"]}


def test_every_group_is_proposed_with_its_origin(ws, left_behind):
    x = left_behind
    found = by_key(ws, x["m0"].id)
    origins = {key: s["origin"] for key, s in found.items()}
    assert origins == {
        f"open:{x['open_item'].id}": "open",
        f"action:{x['action'].id}": "actie",
        f"action:{x['promise'].id}": "actie",
        f"decision:{x['decision'].id}": "besluit",
        f"signalen:stil:{x['t'].table.id}": "plugin",
    }  # the later action, the old decision and the handled item are not proposed
    assert found[f"action:{x['promise'].id}"]["title"] == "Toezegging: Wethouder informeren"
    assert "Portaal / Pim Portaal" in found[f"action:{x['promise'].id}"]["description"]
    assert "10 januari 2027" in found[f"action:{x['promise'].id}"]["detail"]


def test_the_next_agenda_says_where_each_item_came_from(ws, left_behind):
    x = left_behind
    found = by_key(ws, x["m0"].id)
    for suggestion in found.values():
        ws.carry_forward.accept(x["m1"].id, suggestion)
    assert by_key(ws, x["m0"].id) == {}  # nothing is proposed twice
    data = ws.meetings.agenda(x["m1"].id)
    origin = {i.title: (i.origin_group, i.origin_label, i.origin_text) for i in data["items"]}
    assert origin["Woningruil senioren"] == (
        "doorgeschoven",
        "↻ De Sleutels",
        "doorgeschoven van 14 januari 2027",
    )
    assert origin["Actie: Cijfers doorstroming delen"] == (
        "actie",
        "actie",
        "actie van Gemeente Leiden, uiterlijk 1 februari 2027",
    )
    assert origin["Toezegging: Wethouder informeren"] == (
        "actie",
        "toezegging",
        "toezegging van Portaal / Pim Portaal, uiterlijk 10 januari 2027",
    )
    assert origin["Terugblik besluit: Pilot woningruil starten"] == (
        "terugblik",
        "terugblik",
        "terugblik op het besluit van 14 januari 2027",
    )
    assert origin["Stilgevallen project Lammenschans"] == (
        "module",
        "signalen",
        "voorgesteld door module signalen",
    )
    assert data["groups"] == {"doorgeschoven": 1, "actie": 2, "terugblik": 1, "module": 1}


def test_an_unhandled_item_is_settled_once(ws, left_behind):
    x = left_behind
    suggestion = by_key(ws, x["m0"].id)[f"open:{x['open_item'].id}"]
    copy = ws.carry_forward.resolve(suggestion, "backlog")
    assert (copy.meeting_id, copy.status, copy.carried_from_id) == (
        None,
        "ingediend",
        x["open_item"].id,
    )
    assert ws.agenda.get(x["open_item"].id).status == "doorgeschoven"
    with pytest.raises(ValidationError):
        ws.carry_forward.resolve(suggestion, "drop", reason="weg")
    # now the backlog copy is proposed, no longer the held meeting's item
    keys = set(by_key(ws, x["m0"].id))
    assert f"item:{copy.id}" in keys and f"open:{x['open_item'].id}" not in keys


def test_dropping_an_unhandled_item_needs_a_reason(ws, left_behind):
    x = left_behind
    suggestion = by_key(ws, x["m0"].id)[f"open:{x['open_item'].id}"]
    with pytest.raises(ValidationError):
        ws.carry_forward.resolve(suggestion, "drop", reason=" ")
    dropped = ws.carry_forward.resolve(suggestion, "drop", reason="Opgelost buiten de tafel")
    assert dropped.status == "ingetrokken" and "Opgelost buiten de tafel" in dropped.note


def test_agenda_show_and_the_agenda_document_name_the_origin(ws, left_behind, tmp_path):
    from test_cli import run

    from stadstafel.exports import documents, markdown

    x = left_behind
    for suggestion in by_key(ws, x["m0"].id).values():
        ws.carry_forward.accept(x["m1"].id, suggestion)
    doc = markdown.render(documents.agenda(ws, x["m1"].id))
    assert "Herkomst: actie van Gemeente Leiden, uiterlijk 1 februari 2027" in doc
    assert "Herkomst: voorgesteld door module signalen" in doc
    assert "Herkomst: terugblik op het besluit van 14 januari 2027" in doc
    ws.close()
    toml = tmp_path / "stadstafel.toml"
    toml.write_text('[workspace]\ndatabase = "ws.db"\n', encoding="utf-8")
    shown = run("--config", str(toml), "agenda", "show", str(x["m1"].id))
    assert shown.returncode == 0, shown.stderr
    assert "Herkomst: 1 doorgeschoven · 2 actie · 1 terugblik · 1 module" in shown.stdout
    rows = json.loads(
        run("--config", str(toml), "agenda", "show", str(x["m1"].id), "--format", "json").stdout
    )
    assert {r["title"]: r["origin_text"] for r in rows}["Actie: Cijfers doorstroming delen"] == (
        "actie van Gemeente Leiden, uiterlijk 1 februari 2027"
    )
