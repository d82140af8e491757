"""The open-data export against its JSON Schema, and what it leaves out."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import pytest

from stadstafel.exports import Scope, find, run

SCHEMA = json.loads(files("stadstafel.exports").joinpath("open-data.schema.json").read_text())
HOSTILE = '[b]x[/b] <script>alert(1)</script> =1+1 "quoted" \x1b[31m\x00'


def open_data(ws) -> dict:
    return json.loads(run(ws, find("open-data"), Scope("none")).decode("utf-8"))


def validate(data: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA, format_checker=None).validate(data)


@pytest.fixture
def published(ws, table_setup):
    s = table_setup
    portaal = next(m for m in ws.tables.members(s.table.id) if m.organisation_id == s.portaal.id)
    ws.memberships.update(portaal.id, portaal.version, representatives=[s.partner.id])
    summer = ws.meetings.create(table_id=s.table.id, starts_at="2027-07-01 14:00")
    winter = s.meetings[0]
    accepted = ws.agenda.submit(s.table.id, HOSTILE, meeting_id=winter.id, org_id=s.portaal.id)
    ws.agenda.accept(accepted.id, accepted.version)
    gone = ws.agenda.submit(s.table.id, "Ingetrokken", meeting_id=winter.id)
    ws.agenda.withdraw(gone.id, gone.version)
    # decisions are taken once the agenda is set; the secretary may still add an item then
    ws.meetings.set_agenda(winter.id, ws.meetings.get(winter.id).version)
    ws.agenda.submit(s.table.id, "Nog niet geagendeerd", meeting_id=winter.id)
    ws.decisions.record_decision(winter.id, "Besloten: pilot", agenda_item_id=accepted.id)
    ws.missions.revise(s.table.id, "Samen bouwen.", adopted_on="2026-12-01")
    ws.missions.sign(s.table.id, s.portaal.id, person_id=s.partner.id)
    return {"summer": summer, "winter": ws.meetings.get(winter.id), "item": accepted}


def test_valid_against_the_schema_times_in_utc(ws, published):
    data = open_data(ws)
    validate(data)
    meetings = {m["id"]: m for m in data["meetings"]}
    assert meetings[published["summer"].uid]["start_date"] == "2027-07-01T12:00:00Z"  # CEST
    assert meetings[published["winter"].uid]["start_date"] == "2027-01-14T13:00:00Z"  # CET
    assert data["generated_at"] == "2027-01-04T08:00:00Z"
    kinds = {o["id"]: o for o in data["organizations"]}
    assert kinds["tafel-1"]["mission"]["woo_category"]["code"] == "c_8fc2335c"
    assert meetings[published["winter"].uid]["woo_category"]["code"] == "c_db4862c3"


def test_only_agenda_items_on_the_agenda_decisions_only_when_adopted(ws, published):
    winter = published["winter"]
    meeting = {m["id"]: m for m in open_data(ws)["meetings"]}[winter.uid]
    titles = [i["title"] for i in meeting["agenda"]]
    assert len(titles) == 1 and titles[0].startswith("[b]x[/b] <script>")
    assert meeting["agenda"][0]["number"] == "1" and meeting["agenda"][0]["decisions"] == []
    waiting = next(i for i in ws.agenda.of_meeting(winter.id) if i.status == "ingediend")
    ws.agenda.to_backlog(waiting.id, waiting.version)  # every item settled before adoption
    handled = ws.agenda.get(published["item"].id)
    ws.agenda.handled(handled.id, handled.version)
    for status in ("gehouden", "verslag vastgesteld"):
        current = ws.meetings.get(winter.id)
        ws.meetings.set_status(winter.id, current.version, status)
    meeting = {m["id"]: m for m in open_data(ws)["meetings"]}[winter.uid]
    assert meeting["agenda"][0]["decisions"] == ["Besloten: pilot"]


def test_no_personal_names_unless_configured(ws, published, table_setup):
    names = [p.name for p in (table_setup.partner, table_setup.chair, table_setup.secretary)]
    raw = run(ws, find("open-data"), Scope("none")).decode("utf-8")
    assert not any(name in raw for name in names)
    assert "persons" not in json.loads(raw)
    ws.config.exports = {"open_data_names": True}
    data = open_data(ws)
    validate(data)
    persons = {p["id"]: p["name"] for p in data["persons"]}
    assert set(persons.values()) == set(names)
    reps = [m for m in data["memberships"] if "person_id" in m]
    assert reps == [
        {
            "id": reps[0]["id"],
            "organization_id": "tafel-1",
            "person_id": f"persoon-{table_setup.partner.id}",
            "on_behalf_of_id": f"organisatie-{table_setup.portaal.id}",
            "role": "vertegenwoordiger",
        }
    ]
    mission = next(o for o in data["organizations"] if o["id"] == "tafel-1")["mission"]
    assert mission["signatories"][0]["person_name"] == table_setup.partner.name


def test_user_text_is_data(ws, published):
    raw = run(ws, find("open-data"), Scope("none"))
    assert b"\x1b" not in raw and b"\x00" not in raw
    data = json.loads(raw)
    titles = [i["title"] for m in data["meetings"] for i in m["agenda"]]
    assert titles == [HOSTILE.replace("\x1b", "\ufffd").replace("\x00", "\ufffd")]


def test_the_schema_rejects_what_it_should(ws, published):
    data = open_data(ws)
    bad = json.loads(json.dumps(data))
    bad["meetings"][0]["start_date"] = "2027-01-14 14:00"  # local, not UTC
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)
    bad = json.loads(json.dumps(data))
    bad["meetings"][0]["id"] = "1"  # a row id
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)
