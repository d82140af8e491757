"""Input from the city (issue 21, item 11): taken in by the secretary or chair of a table,
seen only by them, placed on an agenda with its origin shown there and in the minutes, and
answered (audited)."""

from __future__ import annotations

import json

import pytest
from support import make_config
from test_record import USERS, to_held

from stadstafel.errors import PermissionDenied, ValidationError
from stadstafel.exports import documents, markdown
from stadstafel.workspace import Workspace


@pytest.fixture
def intake(ws, table_setup):
    return ws.intake.add(
        table_id=table_setup.table.id,
        sender="Bewonerscommissie Stevenshof",
        subject="Te weinig woningen voor ouderen in de wijk",
        description="Verzoek om doorstroming van senioren te bespreken.",
        channel="brief",
        received_on="2027-01-02",
    )


def as_login(db_path, login):
    return Workspace.open(make_config(db_path, users=USERS), login=login)


def test_the_secretary_takes_in_places_and_answers(ws, table_setup, intake):
    t = table_setup
    assert (intake.status, intake.received_on, intake.channel) == ("nieuw", "2027-01-02", "brief")
    placed = ws.intake.place(intake.id, intake.version, t.meetings[0].id)
    assert placed.status == "geagendeerd"
    item = ws.agenda.get(placed.agenda_item_id)
    assert (item.meeting_id, item.origin, item.source_key, item.late) == (
        t.meetings[0].id, "stad", f"intake:{intake.id}", 0,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="al op een agenda"):
        ws.intake.place(placed.id, placed.version, t.meetings[1].id)
    with pytest.raises(ValidationError):
        ws.intake.answer(placed.id, placed.version, "  ")
    answered = ws.intake.answer(placed.id, placed.version, "Besproken; de tafel start een pilot.")
    assert (answered.status, answered.answered_on) == ("beantwoord", "2027-01-04")
    audit = ws.audit.recent(1, record_type="intake", record_id=intake.id)[0]
    assert audit.action == "answer" and json.loads(audit.after)["answer"].startswith("Besproken")


def test_the_origin_shows_on_the_agenda_and_in_the_minutes(ws, table_setup, intake):
    t = table_setup
    m0 = t.meetings[0]
    ws.intake.place(intake.id, intake.version, m0.id)
    [item] = ws.meetings.agenda(m0.id)["items"]
    expected = "inbreng van Bewonerscommissie Stevenshof (brief, 2 januari 2027)"
    assert (item.origin_group, item.origin_label, item.origin_text) == (
        "stad", "inbreng stad", expected,
    )  # fmt: skip
    assert f"Herkomst: {expected}" in markdown.render(documents.agenda(ws, m0.id))
    to_held(ws, m0.id)
    assert f"Herkomst: {expected}" in markdown.render(documents.minutes(ws, m0.id))


def test_only_the_tables_chair_and_secretary_see_and_handle_it(ws, table_setup, intake, db_path):
    ws.close()
    secretary, partner = as_login(db_path, "secr"), as_login(db_path, "pim")
    try:
        assert [i.id for i in secretary.intake.list()] == [intake.id]
        assert partner.intake.list() == []
        with pytest.raises(PermissionDenied, match="inbreng uit de stad beheren"):
            partner.intake.get_full(intake.id)
        with pytest.raises(PermissionDenied, match="inbreng uit de stad beheren"):
            partner.intake.add(
                table_id=table_setup.table.id, sender="X", subject="Y", channel="e-mail"
            )
        with pytest.raises(PermissionDenied):
            partner.intake.answer(intake.id, intake.version, "Gedaan")
    finally:
        secretary.close()
        partner.close()


def test_a_channel_outside_the_list_and_a_missing_sender_are_refused(ws, table_setup):
    with pytest.raises(ValidationError) as err:
        ws.intake.add(table_id=table_setup.table.id, sender="", subject="Y", channel="duif")
    assert {"sender", "channel"} <= set(err.value.fields)
