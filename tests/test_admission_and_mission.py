"""Admission as a step, signing the mission for one's own organisation, mission versions, and
the besluitenlijst (issue 15, items 4, 7 and 8): the rules and refusals in the services."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from support import make_config

from stadstafel import clock
from stadstafel.errors import PermissionDenied, ValidationError
from stadstafel.services.missions import diff_text, word_diff
from stadstafel.workspace import Workspace

TODAY = dt.datetime(2027, 1, 4, 9, 0)
USERS = {
    "beheer": (None, "beheerder"),
    "chair": ("chair@example.org", "gebruiker"),
    "secr": ("secr@example.org", "gebruiker"),
    "uni": ("uni@example.org", "gebruiker"),  # partner: Universiteit
    "hs": ("hs@example.org", "gebruiker"),  # partner: Hogeschool
}


@pytest.fixture
def kennisstad(tmp_path):
    """A Kennisstad-like table: five partners, three of five for admission (seed 003)."""
    clock.freeze(TODAY)
    ws = Workspace.open(make_config(tmp_path / "ws.db", users=USERS), login="beheer")
    names = ["Gemeente", "Universiteit", "Hogeschool", "Naturalis", "mboRijnland"]
    orgs = {n: ws.organisations.create(name=n, kind="kennisinstelling") for n in names}
    politie = ws.organisations.create(name="Politie", kind="overig")
    makelaar = ws.organisations.create(name="Kennismakelaar", kind="overig")
    people = {
        "chair": ws.people.create(name="Steef", organisation_id=orgs["Gemeente"].id,
                                  email="chair@example.org"),
        "secr": ws.people.create(name="Lara", organisation_id=makelaar.id,
                                 email="secr@example.org"),
        "uni": ws.people.create(name="Uma", organisation_id=orgs["Universiteit"].id,
                                email="uni@example.org"),
        "uni2": ws.people.create(name="Ulrich", organisation_id=orgs["Universiteit"].id),
        "hs": ws.people.create(name="Hanna", organisation_id=orgs["Hogeschool"].id,
                               email="hs@example.org"),
    }  # fmt: skip
    table = ws.tables.create(
        name="Leiden Kennisstad",
        kind="werkgroep",
        topics=["biodiversiteit", "gezondheid & welzijn"],
        chair_person_id=people["chair"].id,
        secretary_person_id=people["secr"].id,
        admission_min_partners=3,
    )
    members = {n: ws.memberships.add(table.id, o.id, since="2026-01-01") for n, o in orgs.items()}
    yield SimpleNamespace(
        ws=ws, table=table, orgs=orgs, politie=politie, people=people, members=members
    )
    ws.close()
    clock.freeze(None)


def ids(k, *names):
    return [k.orgs[n].id for n in names]


def initiative(k, title, *names, topic="biodiversiteit"):
    return k.ws.initiatives.create(
        table_id=k.table.id, title=title, topic=topic, organisation_ids=ids(k, *names)
    )


def listed(k, title):
    return next(i for i in k.ws.initiatives.of_table(k.table.id) if i.title == title)


# -- admission ---------------------------------------------------------------------------------
def test_an_initiative_with_two_partners_stays_voorstel(kennisstad):
    k, ws = kennisstad, kennisstad.ws
    two = initiative(k, "Groene schoolpleinen", "Gemeente", "mboRijnland")
    assert two.status == "voorstel"
    with pytest.raises(ValidationError, match="2 van minimaal 3 partners"):
        ws.initiatives.admit(two.id, two.version)
    with pytest.raises(ValidationError, match="toe te laten"):  # not by editing the status
        ws.initiatives.update(two.id, two.version, status="lopend")
    with pytest.raises(ValidationError, match="begint als voorstel"):
        initiative_lopend = dict(table_id=k.table.id, title="X", status="lopend")
        ws.initiatives.create(**initiative_lopend)
    assert ws.initiatives.get(two.id).status == "voorstel"
    row = listed(k, "Groene schoolpleinen")
    assert not row.meets_rule and not row.admitted and row.partners_counted == 2


def test_admitting_is_an_audited_step_of_chair_or_secretary(kennisstad):
    k, ws = kennisstad, kennisstad.ws
    three = initiative(k, "Biodiversiteit in tuinen", "Naturalis", "Universiteit", "Hogeschool")
    assert listed(k, "Biodiversiteit in tuinen").meets_rule
    ws.act_as("uni")  # a partner involved in it
    with pytest.raises(PermissionDenied, match="initiatief toelaten"):
        ws.initiatives.admit(three.id, three.version)
    assert ws.initiatives.get(three.id).status == "voorstel"
    ws.act_as("secr")
    admitted = ws.initiatives.admit(three.id, three.version)
    assert admitted.status == "lopend"
    assert (admitted.admitted_on, admitted.admitted_by) == ("2027-01-04", "secr")
    last = ws.audit.recent(1, record_type="initiative", record_id=three.id)[0]
    assert (last.action, last.actor) == ("admit", "secr")
    with pytest.raises(ValidationError, match="geen voorstel"):  # only once
        ws.initiatives.admit(admitted.id, admitted.version)


def test_a_non_member_organisation_is_refused(kennisstad):
    k, ws = kennisstad, kennisstad.ws
    with pytest.raises(ValidationError, match="Politie is geen lid van Leiden Kennisstad") as err:
        ws.initiatives.create(
            table_id=k.table.id,
            title="Stadscriminoloog",
            topic="gezondheid & welzijn",
            organisation_ids=[*ids(k, "Universiteit", "Gemeente"), k.politie.id],
        )
    assert "organisation_ids" in err.value.fields
    assert ws.initiatives.of_table(k.table.id) == []
    two = initiative(k, "Stadscriminoloog", "Universiteit", "Gemeente")
    with pytest.raises(ValidationError, match="Politie is geen lid"):
        ws.initiatives.update(
            two.id, two.version, organisation_ids=[*two.organisation_ids, k.politie.id]
        )


def test_an_ex_member_no_longer_counts_and_the_initiative_is_flagged(kennisstad):
    k, ws = kennisstad, kennisstad.ws
    three = initiative(k, "Taskforce", "Gemeente", "Universiteit", "Hogeschool")
    three = ws.initiatives.admit(three.id, three.version)
    membership = ws.memberships.get(k.members["Hogeschool"].id)
    ws.memberships.end(membership.id, membership.version)
    stored = ws.initiatives.get(three.id)
    assert stored.status == "voorstel"  # back to needing admission
    assert "Toelating vervallen op 2027-01-04" in stored.admission_note
    assert "2 van minimaal 3 partners" in stored.admission_note
    row = listed(k, "Taskforce")
    assert row.flagged and not row.meets_rule
    assert row.partners_counted == 2 and row.not_members == ids(k, "Hogeschool")
    last = ws.audit.recent(1, record_type="initiative", record_id=three.id)[0]
    assert last.action == "admission_lapsed"
    with pytest.raises(ValidationError, match="2 van minimaal 3"):
        ws.initiatives.admit(stored.id, stored.version)
    # the ex-member may stay named (history) when the initiative is edited otherwise
    edited = ws.initiatives.update(stored.id, stored.version, description="Na het vertrek")
    assert ids(k, "Hogeschool")[0] in edited.organisation_ids


def test_a_running_initiative_that_loses_a_partner_needs_admission_again(kennisstad):
    k, ws = kennisstad, kennisstad.ws
    three = initiative(k, "Taskforce", "Gemeente", "Universiteit", "Hogeschool")
    three = ws.initiatives.admit(three.id, three.version)
    fewer = ws.initiatives.update(
        three.id, three.version, organisation_ids=ids(k, "Gemeente", "Universiteit")
    )
    assert fewer.status == "voorstel" and "2 van minimaal 3" in fewer.admission_note
    # and a running one that keeps its partners stays running
    other = initiative(k, "Tuinen", "Gemeente", "Universiteit", "Naturalis")
    other = ws.initiatives.admit(other.id, other.version)
    kept = ws.initiatives.update(other.id, other.version, description="Meer tuinen")
    assert kept.status == "lopend"


def test_a_membership_that_ends_later_flags_the_initiative_then(kennisstad):
    k, ws = kennisstad, kennisstad.ws
    three = initiative(k, "Taskforce", "Gemeente", "Universiteit", "Hogeschool")
    ws.initiatives.admit(three.id, three.version)
    membership = ws.memberships.get(k.members["Hogeschool"].id)
    ws.memberships.end(membership.id, membership.version, until="2027-01-10")
    assert ws.initiatives.get(three.id).status == "lopend"  # still a member this week
    assert not listed(k, "Taskforce").flagged
    clock.freeze(dt.datetime(2027, 1, 11, 9, 0))
    row = listed(k, "Taskforce")
    assert row.status == "lopend" and row.flagged and not row.meets_rule


# -- signing -----------------------------------------------------------------------------------
def test_a_partner_signs_only_for_their_own_organisation(kennisstad):
    k, ws = kennisstad, kennisstad.ws
    ws.missions.revise(k.table.id, "Stad en inwoners profiteren van de kennis in Leiden.")
    ws.act_as("uni")
    with pytest.raises(PermissionDenied, match="missie ondertekenen"):
        ws.missions.sign(k.table.id, k.orgs["Hogeschool"].id)
    with pytest.raises(ValidationError, match="ondertekent zelf en vandaag"):
        ws.missions.sign(k.table.id, person_id=k.people["uni2"].id)  # a colleague
    with pytest.raises(PermissionDenied, match="ondertekening vastleggen"):
        ws.missions.record_signature(k.table.id, k.orgs["Universiteit"].id, k.people["uni2"].id)
    signature = ws.missions.sign(k.table.id)  # no organisation to choose: the own one
    assert signature.organisation_id == k.orgs["Universiteit"].id
    assert (signature.person_id, signature.signed_on) == (k.people["uni"].id, "2027-01-04")
    signed = [s.organisation_name for s in ws.missions.version(k.table.id)["signatures"]]
    assert signed == ["Universiteit"]


def test_a_recorded_signature_names_a_person_of_that_organisation(kennisstad):
    k, ws = kennisstad, kennisstad.ws
    ws.missions.revise(k.table.id, "Missie", adopted_on="2026-12-01")
    uni = k.orgs["Universiteit"].id
    for login in ("beheer", "secr"):
        ws.act_as(login)
        with pytest.raises(ValidationError, match="Noem wie namens Universiteit") as err:
            ws.missions.sign(k.table.id, uni)
        assert "person_id" in err.value.fields
    with pytest.raises(ValidationError, match="Hanna werkt niet bij Universiteit"):
        ws.missions.record_signature(k.table.id, uni, k.people["hs"].id, "2026-12-10")
    with pytest.raises(ValidationError, match="in de toekomst"):
        ws.missions.record_signature(k.table.id, uni, k.people["uni2"].id, "2027-02-01")
    with pytest.raises(ValidationError, match="vóór de vaststelling"):
        ws.missions.record_signature(k.table.id, uni, k.people["uni2"].id, "2026-11-30")
    signature = ws.missions.record_signature(k.table.id, uni, k.people["uni2"].id, "2026-12-10")
    assert (signature.person_id, signature.signed_on) == (k.people["uni2"].id, "2026-12-10")
    row = next(s for s in ws.missions.signatures(signature.mission_id))
    assert (row.person_name, row.signed_on) == ("Ulrich", "2026-12-10")
    last = ws.audit.recent(1, record_type="signature")[0]
    assert (last.action, last.actor) == ("sign", "secr")
    ws.act_as("chair")  # the chair revises, but does not record signatures
    with pytest.raises(PermissionDenied, match="missie ondertekenen"):
        ws.missions.sign(k.table.id, k.orgs["Naturalis"].id, k.people["hs"].id)


# -- versions ----------------------------------------------------------------------------------
def test_every_version_is_readable_with_a_diff_to_the_previous(kennisstad):
    k, ws = kennisstad, kennisstad.ws
    ws.missions.revise(k.table.id, "Stad en inwoners profiteren van de kennis.")
    ws.act_as("uni")
    ws.missions.sign(k.table.id)
    ws.act_as("beheer")
    ws.missions.revise(k.table.id, "Stad en inwoners profiteren maximaal van de kennis in Leiden.")
    first = ws.missions.version(k.table.id, 1)
    assert first["previous"] is None and diff_text(first["diff"]).startswith("{+Stad")
    assert [s.organisation_name for s in first["signatures"]] == ["Universiteit"]
    second = ws.missions.version(k.table.id)
    assert second["mission"].revision == 2 and second["previous"].revision == 1
    assert second["signatures"] == []
    assert diff_text(second["diff"]) == (
        "Stad en inwoners profiteren {+maximaal+} van de [-kennis.-] {+kennis in Leiden.+}"
    )
    with pytest.raises(ValidationError, match="geen missieversie 3"):
        ws.missions.version(k.table.id, 3)


def test_word_diff_keeps_the_new_text():
    old, new = "Samen bouwen we.", "Samen bouwen we sneller, en beter."
    diff = word_diff(old, new)
    assert "".join(text for op, text in diff if op != "-") == new
    assert "".join(text for op, text in diff if op != "+") == old
    assert diff_text(word_diff(new, new)) == new


# -- besluitenlijst ----------------------------------------------------------------------------
def test_the_besluitenlijst_lists_every_decision_of_the_table_with_its_meeting(kennisstad):
    k, ws = kennisstad, kennisstad.ws
    early = ws.meetings.create(table_id=k.table.id, starts_at="2026-11-02 10:00", title="Werkgroep")
    late = ws.meetings.create(table_id=k.table.id, starts_at="2026-12-07 10:00", title="Symposium")
    other = ws.tables.create(name="Andere tafel", kind="werkgroep")
    elsewhere = ws.meetings.create(table_id=other.id, starts_at="2026-12-01 10:00")
    for meeting in (early, late, elsewhere):  # decisions are taken once the agenda is set
        ws.meetings.set_agenda(meeting.id, meeting.version)
    ws.decisions.record_decision(early.id, "Biodiversiteit wordt een project.")
    ws.decisions.record_decision(late.id, "De verklaring gaat naar de stuurgroep.")
    ws.decisions.record_decision(elsewhere.id, "Elders besloten.")
    page = ws.decisions.list(table_id=k.table.id)
    assert page.total == 2
    assert [d.text for d in page.rows] == [
        "De verklaring gaat naar de stuurgroep.",
        "Biodiversiteit wordt een project.",
    ]
    assert (page.rows[0].meeting_title, page.rows[0].meeting_starts_at) == (
        "Symposium",
        "2026-12-07 10:00",
    )
    assert [d.text for d in ws.decisions.list(table_id=k.table.id, filter="biodiv").rows] == [
        "Biodiversiteit wordt een project."
    ]
    by_meeting = ws.decisions.list(table_id=k.table.id, filter="symposium")
    assert [d.meeting_id for d in by_meeting.rows] == [late.id]
    assert ws.decisions.list(table_id=k.table.id, filter="elders").total == 0
    assert ws.decisions.list(table_id=k.table.id, filter="!!").total == 0
    assert ws.decisions.list().total == 3


# -- the demo ----------------------------------------------------------------------------------
def test_the_demo_admits_what_meets_the_rule_and_keeps_one_to_admit():
    from test_demo import build

    ws, _ids = build(dt.date(2027, 1, 4))
    try:
        for table in ws.tables.list():
            members = {m.organisation_id for m in ws.tables.members(table.id)}
            for i in ws.initiatives.of_table(table.id):
                assert set(i.organisation_ids) <= members, i.title  # members only
                if i.status in ("lopend", "afgerond"):
                    assert i.meets_rule and i.admitted_on, i.title
                else:
                    assert i.status == "voorstel" and not i.flagged, i.title
        kennisstad = ws.initiatives.of_table(ws.tables.by_name("Leiden Kennisstad").id)
        waiting = [i.title for i in kennisstad if i.status == "voorstel" and i.meets_rule]
        assert waiting == ["Collecties in de wijk"]  # on purpose: one for the chair to admit
        # every version of the Woningbouw mission is readable, with a diff to the previous one
        woningbouw = ws.tables.by_name("Samenwerkingstafel Woningbouw").id
        assert [m.revision for m in ws.missions.revisions(woningbouw)] == [2, 1]
        assert any(op == "-" for op, _ in ws.missions.version(woningbouw)["diff"])
        assert all(s.person_id for s in ws.missions.version(woningbouw)["signatures"])
    finally:
        ws.close()
        clock.freeze(None)


def test_the_verdict_speaks_the_workspaces_language(kennisstad):
    from stadstafel import i18n

    k, ws = kennisstad, kennisstad.ws
    two = initiative(k, "Groene schoolpleinen", "Gemeente", "mboRijnland", topic="economie")
    i18n.set_language("en")
    try:
        assert listed(k, "Groene schoolpleinen").admission_reasons == [
            "2 of at least 3 partners involved",
            "topic 'economie' is not one of the table's",
        ]
        with pytest.raises(ValidationError, match="is not within the frame"):
            ws.initiatives.admit(two.id, two.version)
    finally:
        i18n.set_language("nl")
