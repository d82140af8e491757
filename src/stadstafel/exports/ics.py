"""Meetings as an iCalendar file (RFC 5545) that a calendar client subscribes to.

One VEVENT per meeting:
- ``UID`` is the meeting's UUID (written once at creation, never a row id), so a client updates
  the event it has when a meeting moves instead of adding a second one;
- ``SEQUENCE`` is the record's version, which rises with every change;
- a cancelled meeting stays in the feed with ``STATUS:CANCELLED`` so clients remove it;
- ``DTSTART``/``DTEND`` carry ``TZID=Europe/Amsterdam`` and the file holds a VTIMEZONE written
  here with the EU rule (icalendar's generated one puts the March switch an hour late);
- ``DTSTAMP``, ``CREATED`` and ``LAST-MODIFIED`` are in UTC and come from the record, so two
  exports of unchanged data are byte for byte the same (a web server's ETag stays valid);
- ``DESCRIPTION`` holds the numbered agenda and the submission deadline, ``URL`` a link back to
  the meeting when the deployment has a base URL (``[exports] base_url``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from stadstafel import i18n
from stadstafel.exports import Scope
from stadstafel.exports.documents import line, numbered_agenda, tr
from stadstafel.textsafe import neutralise

if TYPE_CHECKING:
    from stadstafel.records import Record
    from stadstafel.workspace import Workspace

TZID = "Europe/Amsterdam"
ZONE = ZoneInfo(TZID)
PRODID = "-//stadstafel//stadstafel//NL"

# The EU rule since 1996: summer time from the last Sunday of March 02:00 CET (01:00 UTC) to the
# last Sunday of October 03:00 CEST (01:00 UTC).
VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\n"
    f"TZID:{TZID}\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZNAME:CEST\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\n"
    "DTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "TZNAME:CET\r\n"
    "TZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\n"
    "DTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)


def _local(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(str(value).replace("T", " ")[:16]).replace(tzinfo=ZONE)


def _utc(value: str | None) -> dt.datetime | None:
    """A stored local time stamp (``2027-01-07 14:00:05``) in UTC."""
    if not value:
        return None
    moment = dt.datetime.fromisoformat(str(value).replace("T", " ")[:19])
    return moment.replace(tzinfo=ZONE).astimezone(dt.UTC)


def meeting_url(ws: Workspace, meeting: Record) -> str | None:
    base = (getattr(ws.config, "exports", None) or {}).get("base_url")
    if not base or not meeting.uid:
        return None
    return f"{base.rstrip('/')}/meetings/{meeting.uid}"


def _description(ws: Workspace, meeting: Record, url: str | None) -> str:
    agenda = numbered_agenda(ws, meeting.id)
    lines = []
    if meeting.status == "geannuleerd":
        lines.append(tr("Deze vergadering is geannuleerd.", "This meeting is cancelled."))
    if agenda.items:
        lines.append(tr("Agenda:", "Agenda:"))
        lines += [f"{n}. {line(item.title)}" for n, item in agenda.items]
    else:
        lines.append(tr("Nog geen agendapunten.", "No agenda items yet."))
    if meeting.submission_deadline:
        lines.append("")
        lines.append(
            f"{tr('Agendapunten indienen tot', 'Submit agenda items by')}: "
            f"{i18n.format_datetime(meeting.submission_deadline)}"
        )
    if url:
        lines += ["", url]
    return "\n".join(lines)


def event(ws: Workspace, meeting: Record):
    from icalendar import Event

    ev = Event()
    ev.add("uid", str(meeting.uid))
    ev.add("sequence", int(meeting.version or 1))
    stamp = _utc(meeting.updated_at) or _utc(meeting.created_at)
    ev.add("dtstamp", stamp or dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    if meeting.created_at:
        ev.add("created", _utc(meeting.created_at))
    if meeting.updated_at:
        ev.add("last-modified", _utc(meeting.updated_at))
    title = line(meeting.title)
    table = line(meeting.table_name)
    ev.add("summary", title if title == table else f"{table}: {title}")
    ev.add("dtstart", _local(meeting.starts_at))
    ev.add("dtend", _local(meeting.ends_at or meeting.starts_at))
    if meeting.location:
        ev.add("location", line(meeting.location))
    url = meeting_url(ws, meeting)
    ev.add("description", _description(ws, meeting, url))
    if url:
        ev.add("url", url)
    ev.add("status", "CANCELLED" if meeting.status == "geannuleerd" else "CONFIRMED")
    ev.add("transp", "OPAQUE")
    return ev


def calendar(ws: Workspace, meetings: list[Record], name: str) -> bytes:
    return _calendar(name, [event(ws, meeting) for meeting in meetings])


def _calendar(name: str, events: list) -> bytes:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", line(name))
    cal.add("x-wr-timezone", TZID)
    for ev in events:
        cal.add_component(ev)
    data = cal.to_ical()
    # The fixed VTIMEZONE goes right after the calendar's properties, before the first event.
    head, sep, rest = data.partition(b"BEGIN:VEVENT\r\n")
    if not sep:
        head, rest = data.rsplit(b"END:VCALENDAR\r\n", 1)[0], b"END:VCALENDAR\r\n"
        return head + VTIMEZONE.encode("ascii") + rest
    return head + VTIMEZONE.encode("ascii") + sep + rest


def date_calendar(name: str, entries: list[dict]) -> bytes:
    """An iCalendar file of all-day entries (deadlines), for plugins (public as
    ``stadstafel.ics_date_calendar``). Each entry is a dict:

    - ``uid`` (required): stable across exports, so a client updates the entry it has;
    - ``date`` (required): ``YYYY-MM-DD``; ``summary`` (required); ``description``;
    - ``sequence``: the record's version; ``stamp``: its ``updated_at`` (local time), so two
      exports of unchanged data are byte for byte the same;
    - ``cancelled``: True keeps the entry with ``STATUS:CANCELLED`` so clients remove it.

    User text is written as data: control characters are neutralised (``line``)."""
    from icalendar import Event

    events = []
    for entry in entries:
        day = dt.date.fromisoformat(str(entry["date"])[:10])
        ev = Event()
        ev.add("uid", str(entry["uid"]))
        ev.add("sequence", int(entry.get("sequence") or 1))
        ev.add("dtstamp", _utc(entry.get("stamp")) or dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
        ev.add("summary", line(entry["summary"]))
        ev.add("dtstart", day)
        ev.add("dtend", day + dt.timedelta(days=1))
        if entry.get("description"):
            ev.add("description", neutralise(entry["description"]).strip())
        ev.add("status", "CANCELLED" if entry.get("cancelled") else "CONFIRMED")
        ev.add("transp", "TRANSPARENT")
        events.append(ev)
    return _calendar(name, events)


def table_ids(ws: Workspace, scope: Scope) -> list[int]:
    if scope.kind == "table":
        ws.tables.get(scope.id)  # NotFound for an unknown table
        return [scope.id]
    # mine: the tables where the login is chair, secretary or (its organisation) a partner
    return sorted(ws.actor.table_roles)


def export(ws: Workspace, scope: Scope) -> bytes:
    ids = table_ids(ws, scope)
    meetings: list[Record] = []
    for table_id in ids:
        meetings += ws.meetings.list(table_id=table_id).rows
    meetings.sort(key=lambda m: (m.starts_at, m.id))
    if scope.kind == "table":
        name = ws.tables.get(scope.id).name
    else:
        name = tr(f"Mijn tafels ({ws.actor.login})", f"My tables ({ws.actor.login})")
    return calendar(ws, meetings, name)
