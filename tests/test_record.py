"""The record of a meeting (docs/record.md): the meeting lifecycle, the agenda-item state
machine, adopted minutes that change only through a correction, deadlines in working days.

Service-level: every transition and refusal, the examples of issue 15 as regression tests, and
a hypothesis state machine that drives the services with arbitrary sequences of calls.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from support import make_config

from stadstafel import clock, rules, vocab
from stadstafel.errors import PermissionDenied, StadstafelError, ValidationError
from stadstafel.workspace import Workspace

USERS = {
    "secr": ("secr@example.org", "gebruiker"),
    "pim": ("pim@example.org", "gebruiker"),
    "stella": ("stella@example.org", "gebruiker"),
}


def fresh(ws, record):
    return getattr(ws, {"meeting": "meetings", "agenda_item": "agenda"}[record[0]]).get(record[1])


def to_held(ws, meeting_id):
    """Set the agenda (taking every submitted item onto it) and mark the meeting held."""
    for item in ws.agenda.of_meeting(meeting_id):
        if item.status == "ingediend":
            ws.agenda.accept(item.id, item.version)
    m = ws.meetings.get(meeting_id)
    m = ws.meetings.set_agenda(m.id, m.version)
    return ws.meetings.held(m.id, m.version)


# -- the meeting lifecycle ---------------------------------------------------------------------


def test_meeting_walks_its_lifecycle_with_an_audit_row_per_step(ws, table_setup):
    t = table_setup
    m = t.meetings[0]
    m = ws.meetings.set_agenda(m.id, m.version)
    m = ws.meetings.held(m.id, m.version)
    m = ws.meetings.adopt_minutes(m.id, m.version)
    assert m.status == "verslag vastgesteld"
    steps = [e.action for e in reversed(ws.audit.recent(10, record_type="meeting", record_id=m.id))]
    assert steps[-3:] == [
        "status:agenda vastgesteld",
        "status:gehouden",
        "status:verslag vastgesteld",
    ]


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ([], "gehouden"),  # the agenda is set first
        ([], "verslag vastgesteld"),
        (["agenda vastgesteld"], "verslag vastgesteld"),  # held first
        (["agenda vastgesteld", "gehouden"], "gepland"),
        (["agenda vastgesteld", "gehouden"], "geannuleerd"),  # a held meeting is not cancelled
        (["agenda vastgesteld", "gehouden", "verslag vastgesteld"], "gehouden"),
    ],
)
def test_meeting_transitions_outside_the_table_are_refused(ws, table_setup, path, target):
    m = table_setup.meetings[0]
    for step in path:
        m = ws.meetings.set_status(m.id, m.version, step)
    with pytest.raises(ValidationError):
        if target == "geannuleerd":
            ws.meetings.cancel(m.id, m.version, "reden")
        else:
            ws.meetings.set_status(m.id, m.version, target)
    assert ws.meetings.get(m.id).status == m.status


def test_every_meeting_transition_names_a_right_of_the_matrix():
    from stadstafel.permissions import MATRIX

    assert set(vocab.MEETING_TRANSITIONS.values()) <= set(MATRIX)
    assert {r.right for r in vocab.ITEM_TRANSITIONS.values()} <= set(MATRIX)


def test_minutes_are_adopted_only_when_every_item_is_settled(ws, table_setup):
    t = table_setup
    m0 = t.meetings[0]
    item = ws.agenda.submit(t.table.id, "Open punt", meeting_id=m0.id, org_id=t.portaal.id)
    m = to_held(ws, m0.id)
    with pytest.raises(ValidationError, match="nog open"):
        ws.meetings.adopt_minutes(m.id, m.version)
    item = ws.agenda.get(item.id)
    ws.agenda.drop(item.id, item.version, "Niet meer actueel")
    adopted = ws.meetings.adopt_minutes(m.id, m.version)
    assert adopted.status == "verslag vastgesteld"
    assert "Geschrapt: Niet meer actueel" in ws.agenda.get(item.id).note


def test_adopting_minutes_needs_its_own_right(ws, table_setup):
    from stadstafel import permissions

    assert permissions.MATRIX["minutes.adopt"] == {"beheerder", "voorzitter", "secretaris"}
    assert "partner" not in str(permissions.MATRIX["minutes.correct"])


# -- after "verslag vastgesteld": nothing changes, except by correction ---------------------


@pytest.fixture
def adopted(ws, table_setup):
    """A meeting with a handled item, a decision, an action and attendance, minutes adopted."""
    t = table_setup
    m0 = t.meetings[0]
    item = ws.agenda.submit(t.table.id, "Doorstroming", meeting_id=m0.id, org_id=t.portaal.id)
    to_held(ws, m0.id)
    item = ws.agenda.get(item.id)
    item = ws.agenda.handled(item.id, item.version, minutes="Besproken.")
    decision = ws.decisions.record_decision(m0.id, "Pilot starten", agenda_item_id=item.id)
    action = ws.actions.create(
        table_id=t.table.id, text="Notitie", owner_org_id=t.gemeente.id, meeting_id=m0.id
    )
    presence = ws.attendance.set(m0.id, t.partner.id, "aanwezig")
    m = ws.meetings.get(m0.id)
    ws.meetings.adopt_minutes(m.id, m.version)
    return SimpleNamespace(
        t=t,
        meeting=ws.meetings.get(m0.id),
        item=item,
        decision=decision,
        action=action,
        presence=presence,
    )


ATTEMPTS = {
    "accept": lambda ws, x: ws.agenda.accept(x["item"].id, x["item"].version),
    "unhandle": lambda ws, x: ws.agenda.unhandle(x["item"].id, x["item"].version),
    "postpone": lambda ws, x: ws.agenda.postpone(x["item"].id, x["item"].version),
    "to_backlog": lambda ws, x: ws.agenda.to_backlog(x["item"].id, x["item"].version),
    "drop": lambda ws, x: ws.agenda.drop(x["item"].id, x["item"].version, "weg"),
    "withdraw": lambda ws, x: ws.agenda.withdraw(x["item"].id, x["item"].version),
    "edit item": lambda ws, x: ws.agenda.update(x["item"].id, x["item"].version, title="Anders"),
    "note": lambda ws, x: ws.agenda.append_minutes(x["item"].id, x["item"].version, "erbij"),
    "move": lambda ws, x: ws.agenda.move(x["item"].id, -1),
    "new decision": lambda ws, x: ws.decisions.record_decision(x["meeting"].id, "Nog een"),
    "edit decision": lambda ws, x: ws.decisions.update(
        x["decision"].id, x["decision"].version, text="Anders"
    ),
    "delete decision": lambda ws, x: ws.decisions.delete(x["decision"].id),
    "new action": lambda ws, x: ws.actions.create(
        table_id=x["meeting"].table_id, text="Later", meeting_id=x["meeting"].id
    ),
    "action origin": lambda ws, x: ws.actions.update(
        x["action"].id, x["action"].version, meeting_id=None
    ),
    "attendance": lambda ws, x: ws.attendance.set(
        x["meeting"].id, x["presence"].person_id, "afwezig met bericht"
    ),
    "edit meeting": lambda ws, x: ws.meetings.update(
        x["meeting"].id, x["meeting"].version, location="Elders"
    ),
    "cancel": lambda ws, x: ws.meetings.cancel(x["meeting"].id, x["meeting"].version, "reden"),
    "delete meeting": lambda ws, x: ws.meetings.delete(x["meeting"].id),
}


def snapshot(ws, meeting_id):
    return json.dumps(
        {
            "meeting": dict(ws.meetings.get(meeting_id)),
            "items": [dict(i) for i in ws.agenda.of_meeting(meeting_id)],
            "decisions": [dict(d) for d in ws.decisions.of_meeting(meeting_id)],
            "actions": [
                (a.id, a.meeting_id, a.agenda_item_id)
                for a in ws.actions.list(status=None, meeting_id=meeting_id).rows
            ],
            "attendance": [dict(a) for a in ws.attendance.of_meeting(meeting_id)],
        },
        sort_keys=True,
        default=str,
    )


@pytest.mark.parametrize("attempt", sorted(ATTEMPTS))
def test_nothing_of_an_adopted_meeting_changes(ws, adopted, attempt):
    meeting, item, decision, action = (
        adopted.meeting,
        adopted.item,
        adopted.decision,
        adopted.action,
    )
    presence = adopted.presence
    before = snapshot(ws, meeting.id)
    x = {
        "meeting": meeting,
        "item": ws.agenda.get(item.id),
        "decision": ws.decisions.get(decision.id),
        "action": ws.actions.get(action.id),
        "presence": presence,
    }
    with pytest.raises(ValidationError):
        ATTEMPTS[attempt](ws, x)
    assert snapshot(ws, meeting.id) == before


def test_a_correction_keeps_the_old_text_visible_and_is_audited(ws, adopted):
    item, decision, presence = adopted.item, adopted.decision, adopted.presence
    with pytest.raises(ValidationError, match="reden"):
        ws.corrections.correct("decision", decision.id, decision.version, "text", "X", " ")
    corrected = ws.corrections.correct(
        "decision", decision.id, decision.version, "text", "Pilot starten in 2027", "Jaartal"
    )
    assert corrected.text == "Pilot starten in 2027"
    (c,) = ws.corrections.of_record("decision", decision.id)
    assert (c.old, c.new, c.reason, c.actor) == (
        "Pilot starten",
        "Pilot starten in 2027",
        "Jaartal",
        "admin",
    )
    assert ws.audit.recent(1, record_type="decision", record_id=decision.id)[0].action == (
        "correction"
    )
    # attendance too
    ws.corrections.correct(
        "attendance", presence.id, presence.version, "status", "afwezig met bericht", "Vergist"
    )
    assert ws.attendance.get(presence.id).status == "afwezig met bericht"
    # a field that is not part of the record's text cannot be "corrected"
    with pytest.raises(ValidationError):
        ws.corrections.correct("agenda_item", item.id, item.version, "status", "ingediend", "x")


def test_corrections_are_for_adopted_minutes_only(ws, table_setup):
    t = table_setup
    to_held(ws, t.meetings[0].id)
    d = ws.decisions.record_decision(t.meetings[0].id, "Besluit")
    with pytest.raises(ValidationError, match="nog niet vastgesteld"):
        ws.corrections.correct("decision", d.id, d.version, "text", "Ander", "reden")
    # before adoption a decision is simply corrected
    assert ws.decisions.update(d.id, d.version, text="Ander").text == "Ander"


def test_a_partner_may_not_correct(adopted, db_path):
    decision = adopted.decision
    other = Workspace.open(make_config(db_path, users=USERS), login="pim")
    try:
        with pytest.raises(PermissionDenied, match="verslag corrigeren"):
            other.corrections.correct("decision", decision.id, decision.version, "text", "X", "y")
    finally:
        other.close()


# -- the examples, as regression tests ----------------------------------------------


def test_a_handled_item_of_a_held_meeting_is_not_taken_back_onto_the_agenda(ws, table_setup):
    """Issue 15: Enter ("Opnemen") turned a behandeld item of a held meeting back into
    geagendeerd. The service refuses it for every caller."""
    t = table_setup
    item = ws.agenda.submit(t.table.id, "Punt", meeting_id=t.meetings[0].id, org_id=t.portaal.id)
    to_held(ws, t.meetings[0].id)
    item = ws.agenda.get(item.id)
    item = ws.agenda.handled(item.id, item.version)
    with pytest.raises(ValidationError, match="'behandeld' kan niet naar 'geagendeerd'"):
        ws.agenda.accept(item.id, item.version)
    assert ws.agenda.get(item.id).status == "behandeld"


def test_a_partner_edits_and_withdraws_its_own_item_until_the_agenda_is_set(db_path, ws):

    t = _world(ws)
    pim = Workspace.open(make_config(db_path, users=USERS), login="pim")
    try:
        item = pim.agenda.submit(t.table.id, "Eigen punt", meeting_id=t.meeting.id)
        accepted = ws.agenda.accept(item.id, item.version)  # the secretary took it on
        edited = pim.agenda.update(accepted.id, accepted.version, title="Eigen punt, herzien")
        assert edited.title == "Eigen punt, herzien"
        withdrawn = pim.agenda.withdraw(edited.id, edited.version)
        assert withdrawn.status == "ingetrokken"
        again = pim.agenda.resubmit(withdrawn.id, withdrawn.version)
        again = ws.agenda.accept(again.id, again.version)
        m = ws.meetings.get(t.meeting.id)
        ws.meetings.set_agenda(m.id, m.version)
        with pytest.raises(ValidationError, match="agendapunt wijzigen"):
            pim.agenda.update(again.id, again.version, title="Te laat gewijzigd")
        with pytest.raises(ValidationError, match="intrekken"):
            pim.agenda.withdraw(again.id, again.version)
    finally:
        pim.close()


def test_editing_another_organisations_item_names_the_missing_right(db_path, ws):
    t = _world(ws)
    item = ws.agenda.submit(
        t.table.id, "Punt van Portaal", meeting_id=t.meeting.id, org_id=t.portaal.id
    )
    stella = Workspace.open(make_config(db_path, users=USERS), login="stella")
    try:
        with pytest.raises(PermissionDenied) as err:
            stella.agenda.update(item.id, item.version, title="Gekaapt")
        assert "agendapunt wijzigen" in err.value.message
        assert "intrekken" not in err.value.message
    finally:
        stella.close()


def test_a_late_partner_item_goes_to_the_backlog_until_placed(db_path, ws, frozen):
    t = _world(ws)
    m = ws.meetings.get(t.meeting.id)
    pim = Workspace.open(make_config(db_path, users=USERS), login="pim")
    try:
        clock.freeze(dt.datetime.fromisoformat(m.submission_deadline) + dt.timedelta(hours=1))
        late = pim.agenda.submit(t.table.id, "Laat punt", meeting_id=m.id)
    finally:
        pim.close()
    assert (late.meeting_id, late.late, late.requested_meeting_id) == (None, 1, m.id)
    assert [i.id for i in ws.agenda.late_for(m.id)] == [late.id]
    assert any("te laat" in u for u in ws.meetings.unusual(m.id))
    placed = ws.agenda.schedule(late.id, late.version, m.id)
    assert placed.meeting_id == m.id and ws.agenda.late_for(m.id) == []


def test_a_partner_item_after_the_agenda_is_set_goes_to_the_backlog(db_path, ws):
    t = _world(ws)
    m = ws.meetings.get(t.meeting.id)
    ws.meetings.set_agenda(m.id, m.version)
    pim = Workspace.open(make_config(db_path, users=USERS), login="pim")
    try:
        item = pim.agenda.submit(t.table.id, "Na vaststelling", meeting_id=m.id)
    finally:
        pim.close()
    assert item.meeting_id is None and item.late == 0 and "vastgesteld" in item.note


def _world(ws):
    """A table with a secretary, two partners (Portaal: pim, De Sleutels: stella), a meeting
    three weeks ahead (its deadline still to come)."""
    from types import SimpleNamespace

    gem = ws.organisations.create(name="Gemeente", kind="gemeente")
    portaal = ws.organisations.create(name="Portaal", kind="woningcorporatie")
    sleutels = ws.organisations.create(name="De Sleutels", kind="woningcorporatie")
    secr = ws.people.create(name="Secretaris", organisation_id=gem.id, email="secr@example.org")
    ws.people.create(name="Pim", organisation_id=portaal.id, email="pim@example.org")
    ws.people.create(name="Stella", organisation_id=sleutels.id, email="stella@example.org")
    table = ws.tables.create(name="Tafel", kind="samenwerkingstafel", secretary_person_id=secr.id)
    for org in (gem, portaal, sleutels):
        ws.memberships.add(table.id, org.id)
    meeting = ws.meetings.create(table_id=table.id, starts_at="2027-01-25 14:00")
    return SimpleNamespace(table=table, meeting=meeting, portaal=portaal, sleutels=sleutels)


# -- minutes: toezeggingen, decisions, attendance ------------------------------------------


def test_a_toezegging_needs_an_owner_and_a_due_date(ws, table_setup):
    t = table_setup
    with pytest.raises(ValidationError) as err:
        ws.actions.create(table_id=t.table.id, kind="toezegging", text="Cijfers aanleveren")
    assert {"owner_org_id", "due"} <= set(err.value.fields)
    ok = ws.actions.create(
        table_id=t.table.id,
        kind="toezegging",
        text="Cijfers aanleveren",
        owner_person_id=t.partner.id,  # the organisation follows from the person
        due="2027-02-01",
    )
    assert ok.owner_org_id == t.portaal.id


def test_attendance_with_apologies_per_person(ws, table_setup):
    t = table_setup
    ws.memberships.update(
        *_membership(ws, t.table.id, t.portaal.id), representatives=[t.partner.id]
    )
    m = ws.meetings.get(t.meetings[0].id)
    ws.attendance.set(m.id, t.partner.id, "afwezig met bericht")
    ws.attendance.set(m.id, t.secretary.id, "aanwezig")
    rows = {r.person_name: r.status for r in ws.attendance.of_meeting(m.id)}
    assert rows["Pim Portaal"] == "afwezig met bericht"
    assert rows["Sam Secretaris"] == "aanwezig"
    assert rows["Carla Voorzitter"] is None  # the chair, not yet recorded
    summary = ws.attendance.summary(m.id)
    assert summary["afwezig met bericht"] == ["Pim Portaal"]
    with pytest.raises(ValidationError):
        ws.attendance.set(m.id, t.partner.id, "misschien")


def _membership(ws, table_id, org_id):
    row = next(m for m in ws.tables.members(table_id) if m.organisation_id == org_id)
    return row.id, row.version


# -- meetings: edit, move, cancel, rhythm, deadline, standard agenda -----------------------


def test_deadline_in_working_days_skips_weekends_and_configured_holidays():
    monday = dt.datetime(2027, 4, 26, 14, 0)  # a Monday; Koningsdag 2027 is 27 April
    assert rules.working_day_deadline(monday, 5) == dt.datetime(2027, 4, 19, 17, 0)
    thursday = dt.datetime(2027, 4, 29, 14, 0)
    assert rules.working_day_deadline(thursday, 2, holidays=["2027-04-27"]) == dt.datetime(
        2027, 4, 26, 17, 0
    )
    assert rules.working_day_deadline(thursday, 0) < thursday


def test_a_table_counts_its_own_working_days_and_config_names_the_holidays(db_path, frozen):
    config = make_config(db_path)
    config.meetings = {
        "deadline_working_days": 3,
        "deadline_time": "12:00",
        "holidays": ["2027-05-05"],
        "standard_agenda": ["Opening", "Rondvraag en sluiting"],
    }
    ws = Workspace.open(config, login="admin")
    try:
        table = ws.tables.create(name="T", kind="werkgroep")
        m = ws.meetings.create(table_id=table.id, starts_at="2027-05-07 10:00")  # a Friday
        assert m.submission_deadline == "2027-05-03 12:00"  # skips Wednesday 5 May
        table = ws.tables.update(table.id, table.version, deadline_working_days=1)
        m2 = ws.meetings.create(table_id=table.id, starts_at="2027-05-10 10:00")  # a Monday
        assert m2.submission_deadline == "2027-05-07 12:00"
        titles = [i.title for i in ws.agenda.of_meeting(m.id)]
        assert titles == ["Opening", "Rondvraag en sluiting"]
        table = ws.tables.update(
            table.id,
            table.version,
            standard_agenda=["Opening", "Vaststellen vorig verslag", "Mededelingen", "Sluiting"],
        )
        m3 = ws.meetings.create(table_id=table.id, starts_at="2027-06-07 10:00")
        assert [i.title for i in ws.agenda.of_meeting(m3.id)][1] == "Vaststellen vorig verslag"
    finally:
        ws.close()


def test_deadline_must_fall_before_the_start(ws, table_setup):
    t = table_setup
    with pytest.raises(ValidationError) as err:
        ws.meetings.create(
            table_id=t.table.id,
            starts_at="2027-05-01 14:00",
            submission_deadline="2027-05-02 17:00",
        )
    assert "submission_deadline" in err.value.fields
    m = t.meetings[0]
    with pytest.raises(ValidationError):
        ws.meetings.update(m.id, m.version, submission_deadline="2027-01-15 09:00")


def test_new_meetings_default_to_the_tables_weekday_and_time(ws, table_setup):
    t = table_setup
    table = ws.tables.update(t.table.id, t.table.version, meeting_weekday=4, meeting_time="15:30")
    start = ws.meetings.default_start(table.id)
    moment = dt.datetime.fromisoformat(start)
    assert moment.isoweekday() == 4 and moment.strftime("%H:%M") == "15:30"
    # after the table's last meeting (2027-03-11), in its rhythm of four weeks
    assert moment.date() >= dt.date(2027, 4, 8)


def test_moving_a_meeting_keeps_its_items_and_sets_the_deadline_again(ws, table_setup):
    t = table_setup
    m = t.meetings[0]
    item = ws.agenda.submit(t.table.id, "Punt", meeting_id=m.id, org_id=t.portaal.id)
    moved = ws.meetings.move(m.id, m.version, "2027-01-21 10:00")
    assert (moved.starts_at, moved.ends_at) == ("2027-01-21 10:00", "2027-01-21 12:00")
    assert moved.submission_deadline == "2027-01-14 17:00"  # five working days before
    kept = ws.agenda.get(item.id)
    assert (kept.meeting_id, kept.status, kept.submitted_at) == (
        m.id,
        "ingediend",
        item.submitted_at,
    )


# -- the agenda-item state machine, property-tested -----------------------------------------

ALLOWED_PAIRS = {(s, r.target) for r in vocab.ITEM_TRANSITIONS.values() for s in r.sources}


class RecordMachine(RuleBasedStateMachine):
    """Arbitrary sequences of service calls by the secretary and a partner. Invariants: no
    item changes status outside the transition table, and nothing of a meeting whose minutes
    are adopted changes afterwards."""

    @initialize()
    def setup(self):
        clock.freeze(dt.datetime(2027, 1, 4, 9, 0))
        self.ws = Workspace.open(make_config(":memory:"), login="admin")
        ws = self.ws
        gem = ws.organisations.create(name="Gemeente", kind="gemeente")
        portaal = ws.organisations.create(name="Portaal", kind="woningcorporatie")
        table = ws.tables.create(name="Tafel", kind="werkgroep", rhythm="weeks:2")
        for org in (gem, portaal):
            ws.memberships.add(table.id, org.id)
        self.table = table
        self.orgs = [gem.id, portaal.id]
        self.meetings = [
            m.id for m in ws.meetings.create_series(table.id, "2027-01-20 14:00", "weeks:2", 3)
        ]
        self.frozen: dict[int, str] = {}
        self.statuses: dict[int, str] = {}

    def teardown(self):
        if hasattr(self, "ws"):
            self.ws.close()
        clock.freeze(None)

    def _items(self):
        return self.ws.agenda.list(table_id=self.table.id).rows

    def _try(self, fn, *args, step=None, subject=None, **kw):
        """Call ``fn``; a refusal is fine. Afterwards every item changed status only along the
        table, and ``subject`` (the item a ``step`` was applied to) only along that step."""
        before = {i.id: i.status for i in self._items()}
        with contextlib.suppress(StadstafelError):
            fn(*args, **kw)
        after = {i.id: i.status for i in self._items()}
        for item_id, old in before.items():
            new = after[item_id]
            assert new == old or (old, new) in ALLOWED_PAIRS, (old, new)
            if step is not None and item_id == subject and new != old:
                rule_ = vocab.ITEM_TRANSITIONS[step]
                assert old in rule_.sources and new == rule_.target, (step, old, new)

    @rule(meeting=st.integers(0, 2), org=st.integers(0, 1), title=st.text(min_size=1, max_size=5))
    def submit(self, meeting, org, title):
        self._try(
            self.ws.agenda.submit,
            self.table.id,
            title.strip() or "x",
            meeting_id=self.meetings[meeting],
            org_id=self.orgs[org],
        )

    @rule(
        n=st.integers(0, 30),
        step=st.sampled_from([*vocab.ITEM_TRANSITIONS, "edit", "note", "up"]),
        where=st.integers(0, 2),
    )
    def item_step(self, n, step, where):
        items = self._items()
        if not items:
            return
        item = items[n % len(items)]
        a = self.ws.agenda
        calls = {
            "accept": lambda: a.accept(item.id, item.version),
            "unaccept": lambda: a.unaccept(item.id, item.version),
            "withdraw": lambda: a.withdraw(item.id, item.version),
            "resubmit": lambda: a.resubmit(item.id, item.version),
            "handled": lambda: a.handled(item.id, item.version, minutes="ok"),
            "unhandle": lambda: a.unhandle(item.id, item.version),
            "postpone": lambda: a.postpone(item.id, item.version),
            "to_backlog": lambda: a.to_backlog(item.id, item.version),
            "drop": lambda: a.drop(item.id, item.version, "reden"),
            "schedule": lambda: a.schedule(item.id, item.version, self.meetings[where]),
            "edit": lambda: a.update(item.id, item.version, title="gewijzigd"),
            "note": lambda: a.append_minutes(item.id, item.version, "notitie"),
            "up": lambda: a.move(item.id, -1),
        }
        self._try(
            calls[step], step=step if step in vocab.ITEM_TRANSITIONS else None, subject=item.id
        )

    @rule(
        meeting=st.integers(0, 2),
        status=st.sampled_from(vocab.MEETING_STATUSES),
    )
    def meeting_step(self, meeting, status):
        m = self.ws.meetings.get(self.meetings[meeting])
        if status == "geannuleerd":
            self._try(self.ws.meetings.cancel, m.id, m.version, "reden")
        else:
            self._try(self.ws.meetings.set_status, m.id, m.version, status)

    @rule(meeting=st.integers(0, 2), text=st.text(min_size=1, max_size=5))
    def decide(self, meeting, text):
        self._try(self.ws.decisions.record_decision, self.meetings[meeting], text.strip() or "b")

    @rule(meeting=st.integers(0, 2))
    def edit_decisions(self, meeting):
        for d in self.ws.decisions.of_meeting(self.meetings[meeting]):
            self._try(self.ws.decisions.update, d.id, d.version, text="anders")

    @rule(meeting=st.integers(0, 2), status=st.sampled_from(vocab.ATTENDANCE_STATUSES))
    def attend(self, meeting, status):
        person = self.ws.people.list().rows
        if not person:
            person = [self.ws.people.create(name="Iemand", organisation_id=self.orgs[0])]
        self._try(self.ws.attendance.set, self.meetings[meeting], person[0].id, status)

    @invariant()
    def adopted_meetings_do_not_change(self):
        if not hasattr(self, "ws"):
            return
        for meeting_id in self.meetings:
            status = self.ws.meetings.get(meeting_id).status
            if meeting_id in self.frozen:
                assert snapshot(self.ws, meeting_id) == self.frozen[meeting_id]
            elif status in vocab.CLOSED_MEETING:
                self.frozen[meeting_id] = snapshot(self.ws, meeting_id)

    @invariant()
    def handled_items_stay_on_closed_meetings(self):
        if not hasattr(self, "ws"):
            return
        for item in self._items():
            if item.meeting_id in self.frozen and item.status == "behandeld":
                assert self.ws.meetings.get(item.meeting_id).status in vocab.CLOSED_MEETING


RecordMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_record_state_machine = RecordMachine.TestCase


def test_a_tables_standard_agenda_is_written_one_title_per_line(ws):
    table = ws.tables.create(
        name="T",
        kind="werkgroep",
        standard_agenda="Opening, welkom\nMededelingen\n\nSluiting",
        meeting_weekday=2,
        meeting_time="09:30",
    )
    assert table.standard_agenda == ["Opening, welkom", "Mededelingen", "Sluiting"]
    with pytest.raises(ValidationError):
        ws.tables.update(table.id, table.version, meeting_time="25:00")
    start = dt.datetime.fromisoformat(ws.meetings.default_start(table.id))
    assert (start.isoweekday(), start.strftime("%H:%M")) == (2, "09:30")
