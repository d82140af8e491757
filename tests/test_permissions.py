"""The permission matrix, enforced by the services: every role × every mutation.

The expectations are written out here by hand, independently of ``permissions.MATRIX``, so a
change to the matrix that nobody meant shows up as a failing test.
"""

from __future__ import annotations

import pytest
from support import make_config

from stadstafel import permissions
from stadstafel.errors import PermissionDenied
from stadstafel.services.reminders import Digest, Reminders
from stadstafel.workspace import Workspace

USERS = {
    "beheer": (None, "beheerder"),
    "voorz": ("chair@example.org", "gebruiker"),
    "secr": ("secr@example.org", "gebruiker"),
    "pim": ("pim@example.org", "gebruiker"),  # partner, Portaal (the organisation acted on)
    "stella": ("stella@example.org", "gebruiker"),  # partner, another organisation
    "lezer": ("pim@example.org", "lezer"),
    "vreemde": ("vreemde@example.org", "gebruiker"),  # works at a non-member
}
ROLES = list(USERS)
B, V, S, P, OTHER = "beheer", "voorz", "secr", "pim", "stella"

EXPECTED = {
    "organisation.create": {B, V, S},
    "organisation.update": {B, V, S, P},
    "organisation.delete": {B},
    "person.create": {B, V, S, P},
    "person.update": {B, V, S, P},
    "person.delete": {B, V, S},
    "table.create": {B},
    "table.update": {B, V, S},
    "table.delete": {B},
    "membership.manage": {B, V, S},
    "mission.revise": {B, V, S},
    # sign() naming another organisation's person records a signature: the secretary may
    "mission.sign": {B, S, P},
    "mission.record_signature": {B, S},
    "goal.manage": {B, V, S},
    "working_agreement.manage": {B, V, S},
    "interest.manage": {B, V, S, P},
    "initiative.manage": {B, V, S, P, OTHER},
    "initiative.admit": {B, V, S},
    "meeting.manage": {B, V, S},
    "agenda.submit": {B, V, S, P},
    "agenda.withdraw": {B, V, S, P},
    "agenda.edit": {B, V, S, P},
    "agenda.manage": {B, V, S},
    "minutes.record": {B, V, S},
    "minutes.adopt": {B, V, S},
    "minutes.correct": {B, V, S},
    "action.manage": {B, V, S},
    "action.close": {B, V, S, P},
    "intake.manage": {B, V, S},
    "workspace.backup": {B},
    "reminders.send": {B},
    "person.export": {B, V, S},
    "audit.read": {B},
}


def _world():
    ws = Workspace.open(make_config(":memory:", users=USERS), login="system")
    ws.actor.global_role = "beheerder"
    gem = ws.organisations.create(name="Gemeente", kind="gemeente")
    portaal = ws.organisations.create(name="Portaal", kind="woningcorporatie")
    sleutels = ws.organisations.create(name="De Sleutels", kind="woningcorporatie")
    buiten = ws.organisations.create(name="Buiten", kind="overig")
    unused = ws.organisations.create(name="Ongebruikt", kind="overig")
    chair = ws.people.create(
        name="Voorzitter", organisation_id=buiten.id, email="chair@example.org"
    )
    secr = ws.people.create(name="Secretaris", organisation_id=gem.id, email="secr@example.org")
    pim = ws.people.create(name="Pim", organisation_id=portaal.id, email="pim@example.org")
    ws.people.create(name="Stella", organisation_id=sleutels.id, email="stella@example.org")
    ws.people.create(name="Vreemde", organisation_id=buiten.id, email="vreemde@example.org")
    spare = ws.people.create(name="Reserve", organisation_id=portaal.id)
    table = ws.tables.create(
        name="Tafel",
        kind="samenwerkingstafel",
        chair_person_id=chair.id,
        secretary_person_id=secr.id,
    )
    empty = ws.tables.create(name="Lege tafel", kind="werkgroep")
    for org in (gem, portaal, sleutels):
        ws.memberships.add(table.id, org.id)
    ws.missions.revise(table.id, "Missie")
    meeting = ws.meetings.create(table_id=table.id, starts_at="2027-03-01 14:00")
    item = ws.agenda.submit(
        table.id, "Punt van Portaal", meeting_id=meeting.id, org_id=portaal.id, person_id=pim.id
    )
    action = ws.actions.create(table_id=table.id, text="Actie Portaal", owner_org_id=portaal.id)
    # a held meeting (minutes being recorded) and one whose minutes are adopted
    held = ws.meetings.create(table_id=table.id, starts_at="2027-02-01 14:00")
    held = ws.meetings.set_agenda(held.id, held.version)
    held = ws.meetings.held(held.id, held.version)
    closed = ws.meetings.create(table_id=table.id, starts_at="2027-01-15 14:00")
    closed = ws.meetings.set_agenda(closed.id, closed.version)
    decision = ws.decisions.record_decision(closed.id, "Besluit")
    closed = ws.meetings.held(closed.id, closed.version)
    ws.meetings.adopt_minutes(closed.id, closed.version)
    initiative = ws.initiatives.create(
        table_id=table.id, title="Samen bouwen", organisation_ids=[portaal.id]
    )
    ids = dict(
        gem=gem.id,
        portaal=portaal.id,
        unused=unused.id,
        pim=pim.id,
        spare=spare.id,
        table=table.id,
        empty=empty.id,
        meeting=meeting.id,
        item=item.id,
        action=action.id,
        buiten=buiten.id,
        held=held.id,
        decision=decision.id,
        initiative=initiative.id,
    )
    return ws, ids


MUTATIONS = {
    "organisation.create": lambda ws, i: ws.organisations.create(name="Nieuw", kind="overig"),
    "organisation.update": lambda ws, i: ws.organisations.update(
        i["portaal"], ws.organisations.get(i["portaal"]).version, notes="x"
    ),
    "organisation.delete": lambda ws, i: ws.organisations.delete(i["unused"]),
    "person.create": lambda ws, i: ws.people.create(name="Nieuw", organisation_id=i["portaal"]),
    "person.update": lambda ws, i: ws.people.update(
        i["pim"], ws.people.get(i["pim"]).version, function="adviseur"
    ),
    "person.delete": lambda ws, i: ws.people.delete(i["spare"]),
    "table.create": lambda ws, i: ws.tables.create(name="Nieuwe tafel", kind="werkgroep"),
    "table.update": lambda ws, i: ws.tables.update(
        i["table"], ws.tables.get(i["table"]).version, description="x"
    ),
    "table.delete": lambda ws, i: ws.tables.delete(i["empty"]),
    "membership.manage": lambda ws, i: ws.memberships.add(i["table"], i["buiten"]),
    "mission.revise": lambda ws, i: ws.missions.revise(i["table"], "Nieuwe missie"),
    "mission.sign": lambda ws, i: ws.missions.sign(i["table"], i["portaal"], i["pim"]),
    "mission.record_signature": lambda ws, i: ws.missions.record_signature(
        i["table"], i["portaal"], i["spare"]
    ),
    "goal.manage": lambda ws, i: ws.goals.create(table_id=i["table"], description="Doel"),
    "working_agreement.manage": lambda ws, i: ws.working_agreements.create(
        table_id=i["table"], subject="frequentie", text="Elke 4 weken"
    ),
    "interest.manage": lambda ws, i: ws.interests.create(
        table_id=i["table"], organisation_id=i["portaal"], topic="doorstroming"
    ),
    "initiative.manage": lambda ws, i: ws.initiatives.create(table_id=i["table"], title="Idee"),
    "initiative.admit": lambda ws, i: ws.initiatives.admit(
        i["initiative"], ws.initiatives.get(i["initiative"]).version
    ),
    "meeting.manage": lambda ws, i: ws.meetings.create(
        table_id=i["table"], starts_at="2027-04-01 14:00"
    ),
    "agenda.submit": lambda ws, i: ws.agenda.submit(
        i["table"], "Nieuw punt", meeting_id=i["meeting"], org_id=i["portaal"]
    ),
    "agenda.withdraw": lambda ws, i: ws.agenda.withdraw(
        i["item"], ws.agenda.get(i["item"]).version
    ),
    "agenda.edit": lambda ws, i: ws.agenda.update(
        i["item"], ws.agenda.get(i["item"]).version, title="Nieuwe titel"
    ),
    "agenda.manage": lambda ws, i: ws.agenda.accept(i["item"], ws.agenda.get(i["item"]).version),
    "minutes.record": lambda ws, i: ws.decisions.record_decision(i["held"], "Besluit"),
    "minutes.adopt": lambda ws, i: ws.meetings.adopt_minutes(
        i["held"], ws.meetings.get(i["held"]).version
    ),
    "minutes.correct": lambda ws, i: ws.corrections.correct(
        "decision",
        i["decision"],
        ws.decisions.get(i["decision"]).version,
        "text",
        "Besluit (gecorrigeerd)",
        "Typefout",
    ),
    "action.manage": lambda ws, i: ws.actions.create(table_id=i["table"], text="Nieuwe actie"),
    "action.close": lambda ws, i: ws.actions.close(
        i["action"], ws.actions.get(i["action"]).version
    ),
    "intake.manage": lambda ws, i: ws.intake.add(
        table_id=i["table"], sender="Buurtvereniging", subject="Parkeren", channel="e-mail"
    ),
    "workspace.backup": lambda ws, i: ws.maintenance.backup(i["tmp"] / "copy.db"),
    "reminders.send": lambda ws, i: Reminders(ws).log_sent(
        Digest("pim@example.org", "Pim", "nl", []), "<rappel.test@example.org>"
    ),
    "person.export": lambda ws, i: ws.people.export_personal_data(i["pim"]),
    "audit.read": lambda ws, i: ws.audit.list(limit=1),
}


READS = {"audit.read"}  # rights to read: they leave no audit row


def test_every_mutation_has_a_case_and_an_expectation():
    assert set(MUTATIONS) == set(permissions.MATRIX) == set(EXPECTED)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_role_may_or_may_not(mutation, role, tmp_path):
    ws, ids = _world()
    ids["tmp"] = tmp_path
    try:
        ws.act_as(role)
        if role in EXPECTED[mutation]:
            MUTATIONS[mutation](ws, ids)
            last = ws.audit.recent(1)[0]
            assert last.actor == role or mutation in READS
        else:
            before = ws.audit.recent(1)[0].id
            with pytest.raises(PermissionDenied) as err:
                MUTATIONS[mutation](ws, ids)
            assert permissions.ACTION_LABELS[mutation][0] in err.value.message
            assert ws.audit.recent(1)[0].id == before  # nothing written
    finally:
        ws.close()


def test_docs_render_the_matrix():
    from pathlib import Path

    doc = (Path(__file__).parents[1] / "docs" / "permissions.md").read_text(encoding="utf-8")
    assert permissions.render_markdown() in doc
