"""The generated workspace (``stadstafel demo --size …``) keeps the record's rules: it is
written through the services' bulk path, which refuses a meeting or an item outside the
lifecycle (docs/record.md), and a medium workspace has no meeting holding an item in a status
it may not hold, attendance for its held meetings, and actions only from held meetings."""

from __future__ import annotations

import pytest
from support import make_config

from stadstafel import vocab
from stadstafel.demo.generate import generate
from stadstafel.errors import ValidationError
from stadstafel.workspace import Workspace


@pytest.fixture(scope="module")
def medium(tmp_path_factory):
    from conftest import TODAY

    from stadstafel import clock

    clock.freeze(TODAY)
    ws = Workspace.open(make_config(tmp_path_factory.mktemp("gen") / "ws.db"), login="admin")
    generate(ws, size="medium")
    yield ws
    ws.close()
    clock.freeze(None)


def test_every_meeting_holds_only_the_items_its_status_allows(medium):
    assert medium.meetings.lifecycle_problems() == []
    pairs = medium.store.query(
        "SELECT DISTINCT m.status AS m, a.status AS a FROM agenda_items a"
        " JOIN meetings m ON m.id = a.meeting_id"
    )
    assert {p["m"] for p in pairs} == set(vocab.MEETING_STATUSES)  # every status is there
    assert ("verslag vastgesteld", "behandeld") in {(p["m"], p["a"]) for p in pairs}


def test_held_meetings_have_attendance_with_apologies(medium):
    missing = medium.store.scalar(
        "SELECT count(*) FROM meetings m WHERE m.status IN ('gehouden', 'verslag vastgesteld')"
        " AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = m.id)"
    )
    assert missing == 0
    elsewhere = medium.store.scalar(
        "SELECT count(*) FROM attendance a JOIN meetings m ON m.id = a.meeting_id"
        " WHERE m.status NOT IN ('gehouden', 'verslag vastgesteld')"
    )
    assert elsewhere == 0
    statuses = {r["status"] for r in medium.store.query("SELECT DISTINCT status FROM attendance")}
    assert statuses == {"aanwezig", "afwezig met bericht"}


def test_actions_come_from_held_meetings_and_cancelled_meetings_say_why(medium):
    assert (
        medium.store.scalar(
            "SELECT count(*) FROM actions a JOIN meetings m ON m.id = a.meeting_id"
            " WHERE m.status NOT IN ('gehouden', 'verslag vastgesteld')"
        )
        == 0
    )
    assert (
        medium.store.scalar(
            "SELECT count(*) FROM meetings WHERE status = 'geannuleerd'"
            " AND coalesce(cancel_reason, '') = ''"
        )
        == 0
    )


def test_the_bulk_path_refuses_what_the_lifecycle_does_not_allow(ws, table_setup):
    t = table_setup
    planned = t.meetings[0]
    meta = {"version": 1, "created_at": "2027-01-04 09:00", "updated_at": "2027-01-04 09:00"}
    row = {
        **meta,
        "id": 999,
        "table_id": t.table.id,
        "meeting_id": planned.id,
        "title": "Al behandeld?",
        "status": "behandeld",
        "origin": "partner",
        "purpose": "bespreking",
    }
    with pytest.raises(ValidationError, match="behandeld"):
        ws.agenda.bulk_insert([row])
    assert ws.agenda.bulk_insert([dict(row, status="ingediend")]) == 1
    meeting = {
        **meta,
        "id": 999,
        "table_id": t.table.id,
        "starts_at": "2027-03-01 14:00",
        "ends_at": "2027-03-01 16:00",
        "status": "geannuleerd",
    }
    with pytest.raises(ValidationError):
        ws.meetings.bulk_insert([meeting])
    assert ws.meetings.bulk_insert([dict(meeting, cancel_reason="Geen zaal")]) == 1
