"""The Leiden demo workspace: built from the seeds, relative to today, deterministic."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from stadstafel import clock
from stadstafel.demo import DEMO_USERS, build_demo
from stadstafel.workspace import Workspace

TODAY = dt.date(2027, 1, 4)  # a Monday


def open_memory() -> Workspace:
    return Workspace.open(
        SimpleNamespace(database=":memory:", users={}, language="nl"), login="demo"
    )


def build(today: dt.date) -> tuple[Workspace, dict]:
    clock.freeze(dt.datetime.combine(today, dt.time(9, 0)))
    ws = open_memory()
    assert ws.actor.is_admin
    return ws, build_demo(ws, today=today)


@pytest.fixture
def demo():
    ws, ids = build(TODAY)
    yield SimpleNamespace(ws=ws, ids=ids, tables=ids["tables"])
    ws.close()
    clock.freeze(None)


def counts(ws: Workspace) -> dict:
    return {
        "organisations": ws.organisations.list().total,
        "people": ws.people.list().total,
        "tables": len(ws.tables.list()),
        "meetings": ws.meetings.list().total,
        "agenda_items": ws.agenda.list().total,
        "actions": ws.actions.list(status=None).total,
        "overdue": ws.actions.list(overdue=True).total,
        "decisions": sum(len(ws.decisions.of_table(t.id)) for t in ws.tables.list()),
        "interests": sum(len(ws.interests.of_table(t.id)) for t in ws.tables.list()),
    }


def test_seed_organisations_are_present(demo):
    names = {o.name for o in demo.ws.organisations.all()}
    for name in [
        "Gemeente Leiden",
        "Portaal",
        "Ons Doel",
        "De Sleutels",
        "HBV Leiden",
        "Universiteit Leiden",
        "Hogeschool Leiden",
        "Naturalis Biodiversity Center",
        "mboRijnland",
        "Platform31",
        "Gemeente Voorschoten",
        "Gemeente Zoeterwoude",
        "Gemeente Leiderdorp",
        "Gemeente Oegstgeest",
    ]:
        assert name in names
    platform31 = demo.ws.organisations.by_name("Platform31")
    assert platform31.kind == "kennisorganisatie/adviesbureau"


def test_woningbouw_table_has_all_partner_kinds_chair_and_agreements(demo):
    ws, table_id = demo.ws, demo.tables["woningbouw"]
    table = ws.tables.get(table_id)
    assert table.kind == "samenwerkingstafel"
    kinds = {m.organisation_kind for m in ws.tables.members(table_id)}
    assert {
        "gemeente",
        "woningcorporatie",
        "ontwikkelaar",
        "belegger",
        "huurdersorganisatie",
    } <= kinds
    chair = ws.people.get(table.chair_person_id)
    assert ws.organisations.get(chair.organisation_id).kind in (
        "kennisorganisatie/adviesbureau",
        "overig",
    )
    assert chair.organisation_id not in ws.tables.partner_ids(table_id)  # independent
    subjects = {a.subject for a in ws.working_agreements.of_table(table_id)}
    assert {"samenstelling", "frequentie", "vorm", "inbreng", "voorzitter"} <= subjects
    matrix = ws.interests.matrix(table_id)
    assert all(len(cells) == len(table.topics) for _org, cells in matrix["rows"])
    goal = next(g for g in ws.goals.of_table(table_id) if g.indicator != "manual")
    assert (goal.target_value, goal.unit, goal.deadline) == (8000, "woningen", "2029-12-31")
    assert goal.indicator == "woningbouw:homes_delivered"
    assert any(g.indicator == "manual" for g in ws.goals.of_table(table_id))


def test_woningbouw_mission_fully_signed_and_kennisstad_not(demo):
    ws = demo.ws
    woningbouw = ws.missions.status(demo.tables["woningbouw"])
    assert woningbouw["fully_signed"]
    assert woningbouw["mission"].statement.startswith(
        "Samen zorgen we voor het sneller beschikbaar komen van een passende woning"
    )
    kennisstad = ws.missions.status(demo.tables["kennisstad"])
    assert not kennisstad["fully_signed"]
    assert kennisstad["signed"] == len(kennisstad["members"]) - 1 == 4
    assert [t.name for t in ws.missions.unsigned_tables()] == ["Leiden Kennisstad"]


def test_kennisstad_admission_rule_fails_for_some_initiatives_and_holds_for_others(demo):
    ws, table_id = demo.ws, demo.tables["kennisstad"]
    table = ws.tables.get(table_id)
    assert table.admission_min_partners == 3
    assert len(ws.tables.partner_ids(table_id)) == 5
    initiatives = {i.title: i for i in ws.initiatives.of_table(table_id)}
    assert initiatives["Taskforce studentenhuisvesting"].admitted
    assert not initiatives["Stadscriminoloog"].admitted
    assert (
        "2 van minimaal 3 partners betrokken" in initiatives["Stadscriminoloog"].admission_reasons
    )
    assert sum(i.admitted for i in initiatives.values()) >= 3
    assert sum(not i.admitted for i in initiatives.values()) >= 1


def test_kennisstad_rhythms_stuurgroep_and_symposium(demo):
    ws = demo.ws
    assert ws.tables.get(demo.tables["kennisstad"]).rhythm == "weeks:4"
    stuurgroep = ws.tables.get(demo.tables["stuurgroep"])
    assert (stuurgroep.kind, stuurgroep.rhythm) == ("stuurgroep", "quarterly")
    symposia = [
        m for m in ws.meetings.list(table_id=demo.tables["kennisstad"]).rows
        if m.kind == "symposium"
    ]  # fmt: skip
    assert symposia and all("170" in m.notes for m in symposia)


def test_platform31_thematafel_has_five_subjects_and_an_upcoming_session(demo):
    ws, table_id = demo.ws, demo.tables["platform31"]
    table = ws.tables.get(table_id)
    assert table.kind == "thematafel"
    assert len(table.topics) == 5 and "Omgevingswet" in table.topics
    members = {m.organisation_name for m in ws.tables.members(table_id)}
    assert {"Gemeente Leiden", "Gemeente Voorschoten", "Gemeente Oegstgeest"} <= members
    assert ws.meetings.upcoming(28, table_id=table_id)


def test_upcoming_meetings_and_a_deadline_closing(demo):
    upcoming = demo.ws.meetings.upcoming(28)
    assert {m.table_id for m in upcoming} >= {
        demo.tables["woningbouw"],
        demo.tables["kennisstad"],
        demo.tables["platform31"],
    }
    assert all(dt.date.fromisoformat(m.starts_at[:10]).weekday() < 5 for m in upcoming)
    assert demo.ws.meetings.deadlines_closing(7)


def test_exactly_one_late_item_for_the_next_woningbouw_meeting_waits_on_the_backlog(demo):
    ws = demo.ws
    nxt = ws.meetings.next_meeting(demo.tables["woningbouw"], clock.now().isoformat(sep=" "))
    assert nxt.id == demo.ids["meetings"]["woningbouw_next"]
    items = ws.agenda.of_meeting(nxt.id)
    assert not [i for i in items if i.late]
    late = ws.agenda.late_for(nxt.id)
    assert len(late) == 1 and late[0].meeting_id is None and "Te laat" in late[0].note
    assert late[0].submitted_at > nxt.submission_deadline
    assert [i.id for i in ws.agenda.backlog(demo.tables["woningbouw"])].count(late[0].id) == 1
    on_time_orgs = {i.submitted_by_org_id for i in items if not i.late and i.origin == "partner"}
    assert len(on_time_orgs) >= 3
    assert all(i.submitted_at[:10] < TODAY.isoformat() for i in ws.agenda.list().rows)


def test_held_meeting_has_minutes_decisions_actions_and_toezeggingen(demo):
    ws = demo.ws
    held = ws.meetings.get(demo.ids["meetings"]["woningbouw_last_held"])
    assert held.status == "gehouden"
    items = ws.agenda.of_meeting(held.id)
    assert any(i.status == "behandeld" and i.minutes for i in items)
    assert ws.decisions.of_meeting(held.id)
    kinds = {a.kind for a in ws.actions.list(meeting_id=held.id, status=None).rows}
    assert kinds == {"actie", "toezegging"}


def test_overdue_actions_spread_over_partners(demo):
    ws = demo.ws
    overdue = ws.actions.list(overdue=True).rows
    assert overdue and all(a.due < TODAY.isoformat() for a in overdue)
    assert any(a.kind == "toezegging" for a in overdue)
    assert len(ws.actions.overdue_by_partner()) >= 4
    assert len({a.table_id for a in overdue}) >= 3


def test_a_decision_is_due_for_review_soon(demo):
    ws, table_id = demo.ws, demo.tables["woningbouw"]
    soon = (TODAY + dt.timedelta(days=14)).isoformat()
    due = ws.decisions.due_for_review(table_id, soon)
    assert len(due) == 1 and due[0].review_date >= TODAY.isoformat()


def test_search_finds_agenda_items(demo):
    hits = demo.ws.search.search("doorstroming")
    assert any(h["kind"] == "agenda_item" for h in hits)
    assert demo.ws.agenda.list(filter="Lammenschans").total >= 2


def test_people_are_invented_with_example_addresses_and_dummy_phones(demo):
    people = demo.ws.people.list().rows
    assert people
    for p in people:
        assert re.fullmatch(r"[a-z.]+@example\.(org|nl)", p.email), p.email
        assert re.fullmatch(r"06 0000 \d{4}", p.phone), p.phone
    names = {p.name for p in people}
    # Real people named in the seeds are replaced by invented ones.
    for real in ("Lara Ummels", "Steef Löwik", "Hamit Karakus", "Jan Nauta", "Vince de Jong"):
        assert real not in names


def test_demo_users_resolve_to_their_roles(demo):
    ws = demo.ws
    ws.config.users = {
        login: SimpleNamespace(login=login, person=email, role=role)
        for login, (email, role) in DEMO_USERS.items()
    }
    woningbouw = demo.tables["woningbouw"]
    assert "secretaris" in ws.act_as("secretaris").roles_at(woningbouw)
    assert "voorzitter" in ws.act_as("voorzitter").roles_at(woningbouw)
    portaal = ws.act_as("portaal")
    assert "partner" in portaal.roles_at(woningbouw)
    assert ws.organisations.get(portaal.organisation_id).name == "Portaal"
    assert ws.act_as("lezer").read_only
    beheer = ws.act_as("beheer")
    assert beheer.is_admin and beheer.person_id is not None


def test_building_twice_gives_the_same_counts():
    first_ws, first = build(TODAY)
    second_ws, second = build(TODAY)
    try:
        assert counts(first_ws) == counts(second_ws)
        assert first == second
    finally:
        first_ws.close()
        second_ws.close()
        clock.freeze(None)


@pytest.mark.parametrize("offset", range(7))
def test_every_weekday_has_a_late_item_upcoming_meetings_and_overdue_actions(offset):
    today = TODAY + dt.timedelta(days=offset)
    ws, ids = build(today)
    try:
        nxt = ws.meetings.get(ids["meetings"]["woningbouw_next"])
        assert today < dt.date.fromisoformat(nxt.starts_at[:10]) <= today + dt.timedelta(days=7)
        assert len(ws.agenda.late_for(nxt.id)) == 1
        assert len(ws.meetings.upcoming(28)) >= 4
        assert ws.meetings.deadlines_closing(7)
        assert ws.actions.list(overdue=True).total >= 5
    finally:
        ws.close()
        clock.freeze(None)
