"""The calendar export (RFC 5545), read back with icalendar as a calendar client would."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from icalendar import Calendar
from support import make_config

from stadstafel.exports import Scope, find, run
from stadstafel.workspace import Workspace

UTC = dt.UTC


def ics(ws, scope: Scope) -> bytes:
    return run(ws, find("ics"), scope)


def parse(data: bytes):
    cal = Calendar.from_ical(data)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    return cal, events


def block_tz(cal):
    """The time zone as our VTIMEZONE block defines it (not looked up by its name)."""
    (vtz,) = cal.walk("VTIMEZONE")
    return vtz.to_tz(lookup_tzid=False)


def in_utc(cal, event, prop="dtstart") -> dt.datetime:
    """The event's local time as the file states it, converted with the file's VTIMEZONE."""
    assert event[prop].params["TZID"] == "Europe/Amsterdam"
    local = event[prop].dt.replace(tzinfo=None)
    return local.replace(tzinfo=block_tz(cal)).astimezone(UTC)


def test_both_dst_switches_at_the_right_hours(ws, table_setup):
    t = table_setup.table
    days = {
        "2027-03-28": 8,  # Sunday of the March switch: 10:00 CEST = 08:00 UTC
        "2027-03-29": 8,  # Monday after
        "2027-10-31": 9,  # Sunday of the October switch: 10:00 CET = 09:00 UTC
        "2027-11-01": 9,  # Monday after
        "2027-03-27": 9,  # Saturday before the March switch: still CET
    }
    made = {d: ws.meetings.create(table_id=t.id, starts_at=f"{d} 10:00") for d in days}
    cal, events = parse(ics(ws, Scope("table", t.id)))
    for day, hour in days.items():
        event = events[made[day].uid]
        assert in_utc(cal, event) == dt.datetime.fromisoformat(f"{day} {hour:02}:00+00:00")
    # The switch instants themselves: 01:00 UTC both times (02:00 CET in March, 03:00 CEST in
    # October). icalendar's own generated block has March at 03:00, an hour late.
    tz = block_tz(cal)
    at = lambda *a: dt.datetime(*a, tzinfo=UTC).astimezone(tz)  # noqa: E731
    assert at(2027, 3, 28, 0, 59).strftime("%H:%M%z") == "01:59+0100"
    assert at(2027, 3, 28, 1, 0).strftime("%H:%M%z") == "03:00+0200"
    assert at(2027, 10, 31, 0, 59).strftime("%H:%M%z") == "02:59+0200"
    assert at(2027, 10, 31, 1, 0).strftime("%H:%M%z") == "02:00+0100"


def test_event_fields(ws, table_setup):
    t, m = table_setup.table, table_setup.meetings[0]
    ws.meetings.update(m.id, m.version, location="Stadhuis, kamer 1")
    first = ws.agenda.submit(t.id, "Doorstroming", meeting_id=m.id, org_id=table_setup.portaal.id)
    gone = ws.agenda.submit(t.id, "Ingetrokken punt", meeting_id=m.id)
    ws.agenda.submit(t.id, "Participatie", meeting_id=m.id)
    ws.agenda.withdraw(gone.id, gone.version)
    cal, events = parse(ics(ws, Scope("table", t.id)))
    assert str(cal["x-wr-calname"]) == t.name
    assert len(events) == 3
    ev = events[ws.meetings.get(m.id).uid]
    assert str(ev["location"]) == "Stadhuis, kamer 1"
    description = str(ev["description"])
    # numbered without the withdrawn item's gap, and the deadline
    assert "1. Doorstroming\n2. Participatie" in description
    assert "Ingetrokken punt" not in description
    assert "Agendapunten indienen tot: donderdag 7 januari 2027 17:00" in description
    assert ev["dtstamp"].dt.tzinfo is not None and ev["dtstamp"].dt.utcoffset() == dt.timedelta(0)
    assert b"DTSTAMP:" in ics(ws, Scope("table", t.id)) and b"Z\r\n" in ics(
        ws, Scope("table", t.id)
    )
    assert "url" not in ev  # no base URL configured
    assert first.id  # the item exists


def test_url_back_to_the_meeting_when_configured(ws, table_setup):
    ws.config.exports = {"base_url": "https://tafels.example.nl/"}
    m = ws.meetings.get(table_setup.meetings[0].id)
    _, events = parse(ics(ws, Scope("table", table_setup.table.id)))
    url = f"https://tafels.example.nl/meetings/{m.uid}"
    assert str(events[m.uid]["url"]) == url
    assert url in str(events[m.uid]["description"])


def test_uid_stable_across_exports_and_a_move_sequence_follows_version(ws, table_setup):
    t, m = table_setup.table, table_setup.meetings[1]
    scope = Scope("table", t.id)
    one, two = ics(ws, scope), ics(ws, scope)
    assert one == two  # unchanged data: the same bytes (DTSTAMP comes from the record)
    _, before = parse(one)
    uid = ws.meetings.get(m.id).uid
    assert uid and str(m.id) != uid and len(uid) == 36
    seq = int(before[uid]["sequence"])
    # DTSTAMP is the record's last change (09:00 local on a winter day) in UTC
    assert before[uid]["dtstamp"].dt == dt.datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
    assert seq == ws.meetings.get(m.id).version

    current = ws.meetings.get(m.id)
    moved = ws.meetings.update(
        m.id, current.version, starts_at="2027-02-12 10:00", ends_at="2027-02-12 12:00"
    )
    cal, after = parse(ics(ws, scope))
    assert set(after) == set(before)  # the same UIDs: the client moves the event
    assert int(after[uid]["sequence"]) == moved.version == seq + 1
    assert in_utc(cal, after[uid]) == dt.datetime(2027, 2, 12, 9, 0, tzinfo=UTC)


def test_cancelled_meeting_stays_as_cancelled(ws, table_setup):
    m = table_setup.meetings[2]
    cancelled = ws.meetings.cancel(m.id, ws.meetings.get(m.id).version, "Geen quorum")
    _, events = parse(ics(ws, Scope("table", table_setup.table.id)))
    assert str(events[cancelled.uid]["status"]) == "CANCELLED"
    assert int(events[cancelled.uid]["sequence"]) == cancelled.version
    others = [e for uid, e in events.items() if uid != cancelled.uid]
    assert others and all(str(e["status"]) == "CONFIRMED" for e in others)


def test_mine_is_the_tables_of_the_login(db_path, frozen, table_setup, ws):
    other = ws.tables.create(name="Leerkring Wonen", kind="leerkring")
    ws.memberships.add(other.id, table_setup.gemeente.id)
    ws.meetings.create(table_id=other.id, starts_at="2027-02-01 10:00")
    lonely = ws.tables.create(name="Stuurgroep", kind="stuurgroep")
    ws.meetings.create(table_id=lonely.id, starts_at="2027-02-02 10:00")
    users = {"pim": ("pim@example.org", "gebruiker")}
    with Workspace.open(make_config(db_path, users=users), login="pim") as pim:
        cal, events = parse(ics(pim, Scope("mine")))
        names = {str(e["summary"]).split(":")[0] for e in events.values()}
        assert names == {"Samenwerkingstafel Woningbouw"}  # Portaal sits at that table only
        assert "pim" in str(cal["x-wr-calname"])


def test_hostile_text_is_data(ws, table_setup):
    t, m = table_setup.table, table_setup.meetings[0]
    hostile = "[b]x[/b] <script>alert(1)</script> =1+1 \x1b[31mrood\x07"
    ws.agenda.submit(t.id, "Punt", meeting_id=m.id)
    current = ws.meetings.get(m.id)
    ws.meetings.update(m.id, current.version, title=hostile, location="a;b,c\\d")
    data = ics(ws, Scope("table", t.id))
    assert b"\x1b" not in data and b"\x07" not in data
    _, events = parse(data)
    ev = events[current.uid]
    assert "[b]x[/b] <script>alert(1)</script> =1+1" in str(ev["summary"])
    assert str(ev["location"]) == "a;b,c\\d"  # escaped on the way out, the same on the way in


def test_uids_back_filled_by_the_migration_and_never_changed(ws, table_setup, db_path):
    uids = {m.id: ws.meetings.get(m.id).uid for m in table_setup.meetings}
    with pytest.raises(sqlite3.IntegrityError):
        ws.store.conn.execute(
            "UPDATE meetings SET uid = 'x' WHERE id = ?", [table_setup.meetings[0].id]
        )
    raw = [r[0] for r in ws.store.conn.execute("SELECT uid FROM meetings")]
    assert all(raw) and len(set(raw)) == len(raw)
    ws.close()
    # A database from before the migration: no column, no record of the migration.
    con = sqlite3.connect(db_path)
    con.execute("DROP TRIGGER meetings_uid_fixed")
    con.execute("DROP INDEX idx_meetings_uid")
    con.execute("ALTER TABLE meetings DROP COLUMN uid")
    con.execute("DELETE FROM _sqlite_migrations WHERE name = 'm7_1_meeting_uid'")
    con.execute("DELETE FROM _stadstafel_schema_stamp")
    con.commit()
    con.close()
    with Workspace.open(make_config(db_path), login="admin") as again:
        filled = [again.meetings.get(m).uid for m in uids]
        assert all(len(u) == 36 for u in filled) and len(set(filled)) == len(filled)
        assert all(u[14] == "4" and u[19] in "89ab" for u in filled)  # version 4 UUIDs


def test_generated_workspace_meetings_have_uids(tmp_path, frozen):
    from stadstafel.demo.generate import generate

    with Workspace.open(make_config(tmp_path / "gen.db"), login="admin") as ws:
        generate(ws, size="tiny")
        page = ws.meetings.list(limit=50)
        uids = [m.uid for m in page.rows]
        assert page.rows and all(uids) and len(set(uids)) == len(uids)
        assert ws.meetings.list(filter="Stadhuis", limit=5).rows  # full-text index intact


def test_rfc5545_lines_crlf_folded_required_properties(ws, table_setup):
    t, m = table_setup.table, table_setup.meetings[0]
    long = "Financiële haalbaarheid van de herstructurering in de Merenwijk " * 4
    ws.agenda.submit(t.id, long[:200], meeting_id=m.id)
    data = ics(ws, Scope("table", t.id))
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)  # octets, folded (RFC 5545 3.1)
    assert lines[0] == b"BEGIN:VCALENDAR" and b"VERSION:2.0" in lines
    assert any(line.startswith(b"PRODID:") for line in lines)
    _, events = parse(data)
    for event in events.values():
        for prop in ("uid", "dtstamp", "dtstart", "dtend", "summary", "sequence", "status"):
            assert prop in event
    description = str(events[ws.meetings.get(m.id).uid]["description"])
    assert "1. Financiële haalbaarheid" in description  # multibyte text intact after folding
    assert data.index(b"BEGIN:VTIMEZONE") < data.index(b"BEGIN:VEVENT")


def test_date_calendar_for_plugins_all_day_stable_and_text_as_data():
    from stadstafel import ics_date_calendar

    entries = [
        {
            "uid": "7.control@example",
            "date": "2027-04-15",
            "summary": "Zienswijze\x1b[31m GR",
            "description": "regel 1\nregel 2\x07",
            "sequence": 3,
            "stamp": "2027-03-01 10:00:00",
        },
        {"uid": "8.control@example", "date": "2027-05-01", "summary": "Weg", "cancelled": True},
    ]
    data = ics_date_calendar("Termijnen", entries)
    assert data == ics_date_calendar("Termijnen", entries)  # byte for byte the same
    assert b"\x1b" not in data and b"\x07" not in data
    cal, events = parse(data)
    first = events["7.control@example"]
    assert first["dtstart"].dt == dt.date(2027, 4, 15)  # all day: a date, not a time
    assert first["dtend"].dt == dt.date(2027, 4, 16)
    assert int(first["sequence"]) == 3
    assert first["dtstamp"].dt == dt.datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    assert str(first["summary"]).startswith("Zienswijze")
    assert str(events["8.control@example"]["status"]) == "CANCELLED"
    assert str(cal["x-wr-calname"]) == "Termijnen"
