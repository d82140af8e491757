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

# record type -> (table, the fields a correction may change): as ``Corrections`` has it, so a
# field it should refuse is tried too
CORRECTABLE_FIELDS = {
    "decision": ("decisions", ("text", "review_date")),
    "agenda_item": ("agenda_items", ("title", "minutes")),
    "attendance": ("attendance", ("status", "note")),
}
STAMPS = ("version", "updated_at", "updated_by")


def record_of(ws, meeting_id) -> dict:
    """A meeting's record as plain data: the meeting, its items, decisions, attendance, and
    the origin of its actions."""
    return json.loads(snapshot(ws, meeting_id))


def find_row(record: dict, record_type: str, record_id: int) -> dict:
    section = {"agenda_item": "items", "decision": "decisions", "attendance": "attendance"}
    return next(r for r in record[section[record_type]] if r["id"] == record_id)


def without_stamps(record: dict, corrected: set) -> dict:
    """``record`` with the version and update stamps of corrected rows left out (a correction
    is a write; everything else of those rows still counts)."""
    out = json.loads(json.dumps(record))
    for record_type, record_id in corrected:
        row = find_row(out, record_type, record_id)
        for stamp in STAMPS:
            row.pop(stamp, None)
    return out


ALLOWED_PAIRS = {(s, r.target) for r in vocab.ITEM_TRANSITIONS.values() for s in r.sources}


class RecordMachine(RuleBasedStateMachine):
    """Arbitrary sequences of service calls: submissions, every item step, the meeting
    lifecycle, edits and moves of meetings, decisions, attendance, actions and toezeggingen,
    and corrections. Invariants: no item changes status outside the transition table, and
    nothing of a meeting whose minutes are adopted changes afterwards except through a
    correction that keeps the old text, names its reason and is audited."""

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
        self.frozen: dict[int, tuple[dict, set]] = {}
        self.corrections_seen: dict[int, int] = {}
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

    @rule(meeting=st.integers(0, 2), attend=st.booleans())
    def hold_and_adopt(self, meeting, attend):
        """The whole way to adopted minutes, step by step (each step may be refused): take
        the submitted items onto the agenda, set it, hold the meeting, record attendance,
        handle every item, adopt the minutes."""
        ws, meeting_id = self.ws, self.meetings[meeting]
        a = ws.agenda
        for item in a.of_meeting(meeting_id):
            if item.status == "ingediend":
                self._try(a.accept, item.id, item.version, step="accept", subject=item.id)
        for step in ("agenda vastgesteld", "gehouden"):
            m = ws.meetings.get(meeting_id)
            self._try(ws.meetings.set_status, m.id, m.version, step)
        if attend:
            self.attend(meeting, "aanwezig")
        for item in a.of_meeting(meeting_id):
            if item.status == "geagendeerd":
                self._try(a.handled, item.id, item.version, step="handled", subject=item.id)
        m = ws.meetings.get(meeting_id)
        self._try(ws.meetings.adopt_minutes, m.id, m.version)

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

    @rule(
        meeting=st.integers(0, 2),
        kind=st.sampled_from(vocab.ACTION_KINDS),
        org=st.integers(-1, 1),
        with_item=st.booleans(),
        due=st.sampled_from([None, "2027-02-01"]),
    )
    def act(self, meeting, kind, org, with_item, due):
        """An action or toezegging recorded at a meeting (a toezegging needs an owner and a
        due date: without them it is refused)."""
        meeting_id = self.meetings[meeting]
        items = self.ws.agenda.of_meeting(meeting_id)
        self._try(
            self.ws.actions.create,
            table_id=self.table.id,
            kind=kind,
            text="doen",
            owner_org_id=self.orgs[org] if org >= 0 else None,
            due=due,
            meeting_id=meeting_id,
            agenda_item_id=items[0].id if with_item and items else None,
        )

    @rule(
        n=st.integers(0, 30),
        step=st.sampled_from(["text", "meeting", "item", "due", "close", "cancel", "reopen"]),
        where=st.integers(-1, 2),
    )
    def action_step(self, n, step, where):
        """Actions live on after the meeting; their origin (meeting, agenda item) does not."""
        actions = self.ws.actions.list(table_id=self.table.id, status=None).rows
        if not actions:
            return
        a = actions[n % len(actions)]
        service = self.ws.actions
        target = self.meetings[where] if where >= 0 else None
        items = self.ws.agenda.of_meeting(target) if target else []
        calls = {
            "text": lambda: service.update(a.id, a.version, text="anders"),
            "meeting": lambda: service.update(a.id, a.version, meeting_id=target),
            "item": lambda: service.update(
                a.id, a.version, agenda_item_id=items[0].id if items else None
            ),
            "due": lambda: service.update(a.id, a.version, due="2027-03-01"),
            "close": lambda: service.close(a.id, a.version),
            "cancel": lambda: service.cancel(a.id, a.version),
            "reopen": lambda: service.reopen(a.id, a.version),
        }
        self._try(calls[step])

    @rule(
        meeting=st.integers(0, 2),
        what=st.sampled_from(["location", "move", "deadline"]),
    )
    def edit_meeting(self, meeting, what):
        m = self.ws.meetings.get(self.meetings[meeting])
        later = (dt.datetime.fromisoformat(m.starts_at) + dt.timedelta(days=1)).isoformat(" ")
        calls = {
            "location": lambda: self.ws.meetings.update(m.id, m.version, location="Elders"),
            "move": lambda: self.ws.meetings.move(m.id, m.version, later[:16]),
            "deadline": lambda: self.ws.meetings.update(
                m.id, m.version, submission_deadline="2027-01-05 17:00"
            ),
        }
        self._try(calls[what])

    @rule(
        meeting=st.integers(0, 2),
        n=st.integers(0, 30),
        record_type=st.sampled_from(sorted(CORRECTABLE_FIELDS)),
        field=st.sampled_from(sorted({f for _, fs in CORRECTABLE_FIELDS.values() for f in fs})),
        value=st.sampled_from(["Nieuw", "2027-03-01", "afwezig met bericht", "", "behandeld"]),
        reason=st.sampled_from(["", "  ", "Vergist"]),
    )
    def correct(self, meeting, n, record_type, field, value, reason):
        """A correction of any record of any meeting, with any field, value and reason: it
        succeeds only for a correctable field of a meeting with adopted minutes and a
        reason (the invariant checks what it left)."""
        rows = self.ws.store.query(
            f"SELECT id, version FROM {CORRECTABLE_FIELDS[record_type][0]}"
            " WHERE meeting_id = ? ORDER BY id",
            [self.meetings[meeting]],
        )
        if not rows:
            return
        row = rows[n % len(rows)]
        self._try(
            self.ws.corrections.correct,
            record_type,
            row["id"],
            row["version"],
            field,
            value,
            reason,
        )

    @rule(
        meeting=st.integers(0, 2),
        n=st.integers(0, 30),
        record_type=st.sampled_from(sorted(CORRECTABLE_FIELDS)),
        which=st.integers(0, 1),
    )
    def correct_well(self, meeting, n, record_type, which):
        """A correction as a secretary makes it: a correctable field, a fitting value and a
        reason (refused still while the minutes are not adopted)."""
        field = CORRECTABLE_FIELDS[record_type][1][which]
        value = {"review_date": "2027-03-01", "status": "afwezig met bericht"}.get(field, "Nieuw")
        self.correct(meeting, n, record_type, field, value, "Vergist")

    @invariant()
    def adopted_meetings_change_only_by_correction(self):
        """A meeting whose minutes are adopted (or that is cancelled) keeps its record, but
        for corrections: each keeps the old text, has a reason and an audit row, and the
        record differs from before by exactly the corrected fields."""
        if not hasattr(self, "ws"):
            return
        for meeting_id in self.meetings:
            status = self.ws.meetings.get(meeting_id).status
            if meeting_id in self.frozen:
                expected, corrected = self.frozen[meeting_id]
                made = self.ws.corrections.of_meeting(meeting_id)
                for c in made[self.corrections_seen.get(meeting_id, 0) :]:
                    assert status == "verslag vastgesteld"
                    assert c.reason.strip() and c.actor == "admin"
                    row = find_row(expected, c.record_type, c.record_id)
                    assert c.old == (None if row[c.field] is None else str(row[c.field]))
                    row[c.field] = c.new
                    corrected.add((c.record_type, c.record_id))
                    audit = self.ws.audit.recent(
                        100, record_type=c.record_type, record_id=c.record_id
                    )
                    assert any(entry.action == "correction" for entry in audit)
                self.corrections_seen[meeting_id] = len(made)
                actual = record_of(self.ws, meeting_id)
                assert without_stamps(actual, corrected) == without_stamps(expected, corrected)
                self.frozen[meeting_id] = (actual, corrected)
            elif status in vocab.CLOSED_MEETING:
                self.frozen[meeting_id] = (record_of(self.ws, meeting_id), set())
                assert self.ws.corrections.of_meeting(meeting_id) == []

    @rule(n=st.integers(0, 30), where=st.integers(0, 2))
    def move_item(self, n, where):
        items = self._items()
        if items:
            item = items[n % len(items)]
            self._try(self.ws.agenda.update, item.id, item.version, meeting_id=self.meetings[where])

    @invariant()
    def items_fit_their_meeting(self):
        """Every meeting holds only the item statuses its own status allows."""
        if hasattr(self, "ws"):
            assert self.ws.meetings.lifecycle_problems() == []

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


# -- items fit their meeting (vocab.ITEMS_IN_MEETING) ------------------------------------------


def test_a_meeting_with_an_item_still_waiting_is_not_held(ws, table_setup):
    t = table_setup
    m0 = t.meetings[0]
    m = ws.meetings.set_agenda(m0.id, ws.meetings.get(m0.id).version)
    ws.agenda.submit(t.table.id, "Na vaststelling", meeting_id=m0.id)  # the secretary adds it
    with pytest.raises(ValidationError, match="1 ingediend"):
        ws.meetings.held(m.id, m.version)
    assert ws.meetings.get(m0.id).status == "agenda vastgesteld"


def test_an_agenda_with_a_handled_item_is_not_reopened(ws, table_setup):
    t = table_setup
    m0 = t.meetings[0]
    item = ws.agenda.submit(t.table.id, "Punt", meeting_id=m0.id, org_id=t.portaal.id)
    item = ws.agenda.accept(item.id, item.version)
    m = ws.meetings.set_agenda(m0.id, ws.meetings.get(m0.id).version)
    ws.agenda.handled(item.id, item.version)
    with pytest.raises(ValidationError, match="1 behandeld"):
        ws.meetings.reopen_agenda(m.id, m.version)


def test_a_handled_item_does_not_move_to_a_planned_meeting(ws, table_setup):
    t = table_setup
    m0, m1 = t.meetings[0], t.meetings[1]
    item = ws.agenda.submit(t.table.id, "Punt", meeting_id=m0.id, org_id=t.portaal.id)
    to_held(ws, m0.id)
    item = ws.agenda.get(item.id)
    item = ws.agenda.handled(item.id, item.version)
    with pytest.raises(ValidationError):
        ws.agenda.update(item.id, item.version, meeting_id=m1.id)
    assert ws.agenda.get(item.id).meeting_id == m0.id
    assert ws.meetings.lifecycle_problems() == []
