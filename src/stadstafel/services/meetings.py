"""Meetings, their agendas, minutes and decisions."""

from __future__ import annotations

import datetime as dt
import uuid

from stadstafel import clock, i18n, permissions, rules, vocab
from stadstafel.errors import ValidationError
from stadstafel.records import Page, Record, Rows
from stadstafel.services.base import (
    Field,
    Service,
    fts_query,
    now,
    now_text,
    parse_datetime,
    read_whole,
)
from stadstafel.services.tables import rhythm_ok
from stadstafel.textsafe import neutralise

OPEN_ITEM = ("ingediend", "geagendeerd", "doorgeschoven")
# Items that still wait for the meeting: carry forward proposes them, minutes wait for them.
UNHANDLED = ("ingediend", "geagendeerd")


def _pick(nl: str, en: str) -> str:
    return nl if i18n.language() == "nl" else en


def _lang() -> int:
    return 0 if i18n.language() == "nl" else 1


# What each step of the item state machine is called in messages (nl, en).
STEP_LABELS = {
    "accept": ("opnemen", "accept"),
    "unaccept": ("terugzetten naar ingediend", "back to submitted"),
    "withdraw": ("intrekken", "withdraw"),
    "resubmit": ("opnieuw indienen", "resubmit"),
    "handled": ("behandeld", "handled"),
    "unhandle": ("behandeling heropenen", "reopen"),
    "postpone": ("doorschuiven", "postpone"),
    "to_backlog": ("terug naar de backlog", "back to the backlog"),
    "drop": ("schrappen", "drop"),
    "schedule": ("plaatsen", "place"),
}


def require_open(ws, meeting) -> None:
    """Refuse any change to a meeting whose record is closed (adopted minutes, cancelled)."""
    if meeting is not None and meeting.status in vocab.CLOSED_MEETING:
        raise ValidationError(
            i18n.t("record_closed", meeting=meeting.title or "", status=meeting.status)
        )


def meeting_settings(ws) -> dict:
    """``[meetings]`` from the configuration, with defaults for what it leaves out."""
    from stadstafel.config import MEETINGS_DEFAULTS

    return {**MEETINGS_DEFAULTS, **(getattr(ws.config, "meetings", None) or {})}


class Meetings(Service):
    table = "meetings"
    record = "meeting"
    table_field = "table_id"
    moves_with = {"agenda_items": "meeting_id", "actions": "meeting_id"}
    fields = {
        "table_id": Field("ref", required=True, ref="tables"),
        "kind": Field("choice", choices=vocab.MEETING_KINDS, vocabulary="meeting_kinds"),
        "title": Field(max_len=200),
        "starts_at": Field("datetime", required=True),
        "ends_at": Field("datetime"),
        "location": Field(max_len=200),
        "status": Field("choice", choices=vocab.MEETING_STATUSES),
        "submission_deadline": Field("datetime"),
        "notes": Field(max_len=4000),
    }

    SELECT = (
        "SELECT m.*, t.name AS table_name,"
        " (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id"
        "   AND a.status != 'ingetrokken') AS items"
        " FROM meetings m JOIN tables t ON t.id = m.table_id"
    )

    def clean(self, values: dict, *, partial: bool = False) -> dict:
        data = super().clean(values, partial=partial)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            raise ValidationError.one("ends_at", "end_before_start")
        return data

    def bulk_insert(self, rows, *, table: str | None = None) -> int:
        """Generated meetings at once (``Service.bulk_insert``), kept to the lifecycle: a known
        status, a cancelled meeting with its reason, a deadline before the start."""
        rows = list(rows)
        for r in rows:
            problem = (
                r["status"] not in vocab.MEETING_STATUSES
                or (r["status"] == "geannuleerd" and not (r.get("cancel_reason") or "").strip())
                or (r.get("submission_deadline") or "") >= r["starts_at"]
            )
            if problem:
                raise ValidationError(f"vergadering {r.get('id')}: buiten de levenscyclus")
        return super().bulk_insert(rows, table=table)

    def list(
        self,
        *,
        table_id: int | None = None,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        status: str | None = None,
        filter: str = "",
        offset: int = 0,
        limit: int | None = None,
        descending: bool = False,
    ) -> Page:
        sql_where, params = self._where(table_id, start, end, status, filter)
        order = "m.starts_at DESC, m.id DESC" if descending else "m.starts_at, m.id"
        # The page's ids first, from the starts_at index alone, and only then the joins and
        # the item counts for those rows: SQLite builds every row it skips for an OFFSET, and
        # the meetings list opens at today, 10,000 rows deep on a large workspace (12 ms).
        # Picking and counting need no join: every meeting has its table (a foreign key),
        # and the filter reads table names in a subquery.
        return self.paged(
            f"{self.SELECT} WHERE m.id IN (SELECT m.id FROM meetings m WHERE {sql_where}"
            f" ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}",
            f"FROM meetings m WHERE {sql_where}",
            params,
            offset=offset,
            limit=limit,
        )

    def each(
        self,
        *,
        table_id: int | None = None,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        status: str | None = None,
        filter: str = "",
        descending: bool = False,
    ) -> Rows:
        """The rows of ``list(...)`` with the same filters, all of them, one by one (for a
        listing written as it is read: no page, no count)."""
        sql_where, params = self._where(table_id, start, end, status, filter)
        order = "m.starts_at DESC, m.id DESC" if descending else "m.starts_at, m.id"
        select = read_whole(self.EACH, "FROM meetings m ", sql_where)
        return self.each_row(
            f"{select} WHERE {sql_where} ORDER BY {order}", params, names={"table_name": "tables"}
        )

    # SELECT's columns, the table's name as its id looked up by each_row (no join a row).
    EACH = SELECT.replace("t.name AS table_name", "m.table_id AS table_name").replace(
        " JOIN tables t ON t.id = m.table_id", ""
    )

    @staticmethod
    def _where(
        table_id: int | None,
        start: dt.date | str | None,
        end: dt.date | str | None,
        status: str | None,
        filter: str,
    ) -> tuple[str, list]:
        where, params = ["1=1"], []
        if table_id is not None:
            where.append("m.table_id = ?")
            params.append(table_id)
        if start:
            where.append("m.starts_at >= ?")
            params.append(str(start))
        if end:
            where.append("m.starts_at < ?")
            params.append(str(end))
        if status:
            where.append("m.status = ?")
            params.append(status)
        if filter:
            # Words of the title or location by prefix (the full-text index), or a fragment
            # of the table's name: the hits are collected first, then the list is walked in
            # date order checking membership, so a word no meeting has costs no scan of text.
            match = fts_query(filter)
            names = "m.table_id IN (SELECT id FROM tables WHERE name LIKE ?)"
            if match:
                where.append(
                    "(m.id IN (SELECT rowid FROM meetings_fts WHERE meetings_fts MATCH ?)"
                    f" OR {names})"
                )
                params.append(match)
            else:
                where.append(names)
            params.append(f"%{filter}%")
        return " AND ".join(where), params

    def count_before(
        self, day: dt.date | str, *, table_id: int | None = None, filter: str = ""
    ) -> int:
        """How many meetings of ``list(table_id=, filter=)`` start before ``day``: the offset
        of the first meeting from that day on (not capped, unlike a Page's total)."""
        sql_where, params = self._where(table_id, None, day, None, filter)
        return self.store.scalar(
            f"SELECT count(*) FROM meetings m WHERE {sql_where}",
            params,
        )

    def get_full(self, id: int) -> Record:
        row = self.store.query_one(f"{self.SELECT} WHERE m.id = ?", [id])
        if row is None:
            return self.get(id)  # raises NotFound
        return Record.from_row(row)

    def upcoming(
        self, days: int = 28, *, table_id: int | None = None, limit: int | None = None
    ) -> list[Record]:
        """Meetings from today up to ``days`` days ahead, cancelled ones left out."""
        today = clock.today()
        where, params = self._where(table_id, today, today + dt.timedelta(days=days + 1), None, "")
        return self.rows(
            f"{self.SELECT} WHERE {where} AND m.status != 'geannuleerd'"
            " ORDER BY m.starts_at LIMIT ?",
            [*params, -1 if limit is None else limit],
        )

    def deadlines_closing(self, days: int = 7, *, limit: int | None = None) -> list[Record]:
        """Meetings whose submission deadline falls in the next ``days`` days."""
        start = now().isoformat(sep=" ", timespec="minutes")
        end = (now() + dt.timedelta(days=days)).isoformat(sep=" ", timespec="minutes")
        return self.rows(
            f"{self.SELECT} WHERE m.submission_deadline >= ? AND"
            f" m.submission_deadline <= ? AND m.status = 'gepland'"
            f" ORDER BY m.submission_deadline LIMIT ?",
            [start, end, -1 if limit is None else limit],
        )

    def next_meeting(self, table_id: int, after: str) -> Record | None:
        return Record.from_row(
            self.store.query_one(
                f"{self.SELECT} WHERE m.table_id = ? AND m.starts_at > ? AND m.status IN"
                f" ('gepland', 'agenda vastgesteld') ORDER BY m.starts_at LIMIT 1",
                [table_id, after],
            )
        )

    def deadline_for(self, table: Record, starts_at: str | dt.datetime) -> str:
        """The default submission deadline: the table's (or the configuration's) number of
        working days before the meeting, at the configured hour, skipping the configured
        holidays."""
        conf = meeting_settings(self.ws)
        days = table.deadline_working_days
        if days is None:
            days = conf["deadline_working_days"]
        hour, minute = (int(x) for x in str(conf["deadline_time"]).split(":"))
        deadline = rules.working_day_deadline(
            parse_datetime(starts_at), int(days), dt.time(hour, minute), conf["holidays"]
        )
        return deadline.isoformat(sep=" ", timespec="minutes")

    def default_start(self, table_id: int, after: str | dt.datetime | None = None) -> str:
        """Where a new meeting of the table goes by default: the next time in its rhythm
        (weekday and time) after its last meeting, or after now when it has none."""
        table = self.ws.tables.get(table_id)
        last = self.store.scalar(
            "SELECT max(starts_at) FROM meetings WHERE table_id = ? AND status != 'geannuleerd'",
            [table_id],
        )
        base = parse_datetime(after) if after else now()
        hh, mm = (str(table.meeting_time or "14:00") + ":00").split(":")[:2]
        at = dt.time(int(hh), int(mm))
        if last and not after and parse_datetime(last) > base:
            base = parse_datetime(last)
        if last and not after:
            try:
                follow = rules.series_starts(parse_datetime(last), table.rhythm or "", 2)[1]
            except (ValueError, KeyError):
                follow = None
            if follow is not None and follow > base:
                base = follow - dt.timedelta(minutes=1)
        return rules.rhythm_start(base, table.meeting_weekday, at).isoformat(
            sep=" ", timespec="minutes"
        )

    def _defaults(self, data: dict) -> dict:
        table = self.ws.tables.get(data["table_id"])
        start = parse_datetime(data["starts_at"])
        if not data.get("ends_at"):
            data["ends_at"] = (
                start + dt.timedelta(minutes=table.default_minutes or 120)
            ).isoformat(sep=" ", timespec="minutes")
        if not data.get("submission_deadline"):
            data["submission_deadline"] = self.deadline_for(table, start)
        elif data["submission_deadline"] >= data["starts_at"]:
            raise ValidationError({"submission_deadline": i18n.t("deadline_after_start")})
        data["status"] = "gepland"
        if not data.get("title"):
            data["title"] = table.name
        # The meeting's identity outside this database (calendar UID, open data), written
        # once here and never changed (a trigger guards it), so a move keeps it.
        data["uid"] = str(uuid.uuid4())
        return data

    def standard_agenda(self, table_id: int) -> list[str]:
        """The titles every new meeting of the table starts with: the table's own standard
        agenda, else the configuration's."""
        table = self.ws.tables.get(table_id)
        return list(table.standard_agenda or meeting_settings(self.ws)["standard_agenda"])

    def _apply_standard_agenda(self, meeting: Record) -> None:
        for title in self.standard_agenda(meeting.table_id):
            self.ws.agenda.insert(
                {
                    "table_id": meeting.table_id,
                    "meeting_id": meeting.id,
                    "title": title,
                    "purpose": "informatie",
                    "duration_minutes": 5,
                    "status": "geagendeerd",
                    "origin": "standaard",
                    "late": 0,
                    "submitted_at": now_text(),
                    "position": self.ws.agenda._next_position(meeting.id),
                },
                action="standard_agenda",
            )

    def create(self, **values) -> Record:
        data = self.clean(values)
        self.require("meeting.manage", table_id=data["table_id"])
        with self.store.write_lock():
            meeting = self.insert({k: v for k, v in self._defaults(data).items() if v is not None})
            self._apply_standard_agenda(meeting)
        return meeting

    def create_series(
        self, table_id: int, first_start: str, rhythm: str, count: int, **values
    ) -> list[Record]:
        """A series of meetings in a rhythm: every N weeks, monthly, quarterly or yearly."""
        if not 1 <= int(count) <= 60:
            raise ValidationError({"count": i18n.t("series_count", value=count)})
        rhythm = rhythm_ok(rhythm)
        data = self.clean({"table_id": table_id, "starts_at": first_start, **values})
        self.require("meeting.manage", table_id=table_id)
        start = parse_datetime(data["starts_at"])
        length = None
        if data.get("ends_at"):
            length = parse_datetime(data["ends_at"]) - start
        series = f"{table_id}:{rhythm}:{start:%Y%m%d}"
        out = []
        with self.store.write_lock():
            for when in rules.series_starts(start, rhythm, int(count)):
                row = {
                    **data,
                    "starts_at": when.isoformat(sep=" ", timespec="minutes"),
                    "ends_at": (when + length).isoformat(sep=" ", timespec="minutes")
                    if length
                    else None,
                    "submission_deadline": None,
                    "series": series,
                }
                meeting = self.insert(
                    {k: v for k, v in self._defaults(row).items() if v is not None}
                )
                self._apply_standard_agenda(meeting)
                out.append(meeting)
        return out

    def update(self, id: int, version: int, **values) -> Record:
        """Edit a planned meeting (title, kind, times, location, deadline, notes); its status
        changes only through the transitions below."""
        current = self.get(id)
        if "status" in values:
            raise ValidationError(
                {
                    "status": _pick(
                        "De status verandert met een eigen stap.", "Status has its own step."
                    )
                }
            )
        data = self.clean(
            {**{k: current[k] for k in ("starts_at", "ends_at")}, **values}, partial=True
        )
        self.check_write("meeting.manage", current, data)
        require_open(self.ws, current)
        deadline = data.get("submission_deadline", current.submission_deadline)
        if deadline and deadline >= data["starts_at"]:
            raise ValidationError({"submission_deadline": i18n.t("deadline_after_start")})
        return self.write_update(id, version, self.changed_only(current, data))

    def move(
        self,
        id: int,
        version: int,
        starts_at: str,
        *,
        ends_at: str | None = None,
        submission_deadline: str | None = None,
    ) -> Record:
        """Move a meeting to another moment. Its items follow (they belong to the meeting);
        the length stays unless ``ends_at`` is given, and the deadline is set again by the
        table's rule unless ``submission_deadline`` is given. Submissions stay as they are."""
        current = self.get(id)
        self.require("meeting.manage", table_id=current.table_id)
        require_open(self.ws, current)
        if current.status not in ("gepland", "agenda vastgesteld"):
            raise ValidationError(
                i18n.t(
                    "meeting_status_change",
                    meeting=current.title,
                    old=current.status,
                    new=_pick("verplaatst", "moved"),
                )
            )
        start = parse_datetime(self.clean({"starts_at": starts_at}, partial=True)["starts_at"])
        if ends_at is None:
            length = parse_datetime(current.ends_at) - parse_datetime(current.starts_at)
            ends_at = (start + length).isoformat(sep=" ", timespec="minutes")
        if submission_deadline is None:
            submission_deadline = self.deadline_for(self.ws.tables.get(current.table_id), start)
        return self.update(
            id,
            version,
            starts_at=start.isoformat(sep=" ", timespec="minutes"),
            ends_at=ends_at,
            submission_deadline=submission_deadline,
        )

    def transition(self, id: int, version: int, status: str, **extra) -> Record:
        """Change a meeting's status along ``vocab.MEETING_TRANSITIONS``, with its right."""
        current = self.get(id)
        self.clean({"status": status}, partial=True)
        right = vocab.MEETING_TRANSITIONS.get((current.status, status))
        if right is None:
            if current.status in vocab.CLOSED_MEETING:
                require_open(self.ws, current)
            raise ValidationError(
                i18n.t(
                    "meeting_status_change",
                    meeting=current.title,
                    old=current.status,
                    new=status,
                )
            )
        self.require(right, table_id=current.table_id)
        return self.write_update(
            id, version, {"status": status, **extra}, action=f"status:{status}"
        )

    def set_status(self, id: int, version: int, status: str) -> Record:
        """The one step to ``status``: set the agenda, held, adopt the minutes or cancel."""
        step = {
            "agenda vastgesteld": self.set_agenda,
            "gehouden": self.held,
            "verslag vastgesteld": self.adopt_minutes,
            "gepland": self.reopen_agenda,
        }.get(status)
        if step is None:
            return self.transition(id, version, status)
        return step(id, version)

    def waiting(self, id: int) -> int:
        return self.store.scalar(
            "SELECT count(*) FROM agenda_items WHERE meeting_id = ? AND status = 'ingediend'", [id]
        )

    def set_agenda(self, id: int, version: int) -> Record:
        """Vaststellen: fix the agenda. Every submitted item must be decided on first."""
        current = self.get(id)
        self.require("agenda.manage", table_id=current.table_id)
        waiting = self.waiting(id)
        if waiting and current.status == "gepland":
            nl = (
                f"{waiting} agendapunt(en) wachten nog op een besluit: neem ze op, schuif ze"
                " door of trek ze in, en stel de agenda dan vast."
            )
            en = (
                f"{waiting} agenda item(s) still await a decision: accept, postpone or withdraw"
                " them, then set the agenda."
            )
            raise ValidationError(_pick(nl, en))
        return self.transition(id, version, "agenda vastgesteld")

    def reopen_agenda(self, id: int, version: int) -> Record:
        """Back from agenda vastgesteld to gepland (before the meeting is held): not once an
        item is handled (reopen that item first)."""
        self._items_fit(id, "gepland")
        return self.transition(id, version, "gepland")

    def held(self, id: int, version: int) -> Record:
        """The meeting took place: minutes can be finished, then adopted. An item submitted
        after the agenda was set is accepted, postponed or dropped first."""
        self._items_fit(id, "gehouden")
        return self.transition(id, version, "gehouden")

    def _items_fit(self, id: int, status: str) -> None:
        """Refuse a step to ``status`` while items of the meeting are in a status it may not
        hold (``vocab.ITEMS_IN_MEETING``), naming how many and which."""
        current = self.get(id)
        if (current.status, status) not in vocab.MEETING_TRANSITIONS:
            return  # the transition itself is refused, with its own message
        allowed = vocab.ITEMS_IN_MEETING[status]
        rows = self.store.query(
            "SELECT status, count(*) AS n FROM agenda_items WHERE meeting_id = ? GROUP BY status",
            [id],
        )
        wrong = {r["status"]: r["n"] for r in rows if r["status"] not in allowed}
        if wrong:
            counts = ", ".join(f"{n} {status_}" for status_, n in wrong.items())
            raise ValidationError(
                _pick(
                    f"Dat kan niet met deze agendapunten ({counts}): neem ze op, schuif ze door,"
                    f" heropen of schrap ze eerst.",
                    f"Not with these agenda items ({counts}): accept, postpone, reopen or drop"
                    f" them first.",
                )
            )

    def lifecycle_problems(self, limit: int = 20) -> list[str]:
        """What breaks the record's rules across the workspace (``vocab.ITEMS_IN_MEETING``;
        for generated data and the tests): one line per meeting status and item
        status that may not go together, with a count and an example meeting."""
        rows = self.store.query(
            "SELECT m.status AS meeting_status, a.status AS item_status, count(*) AS n,"
            " min(m.id) AS example FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id"
            " GROUP BY m.status, a.status"
        )
        out = [
            f"{r['n']} agendapunt(en) '{r['item_status']}' op vergaderingen"
            f" '{r['meeting_status']}' (bijv. vergadering {r['example']})"
            for r in rows
            if r["item_status"] not in vocab.ITEMS_IN_MEETING.get(r["meeting_status"], set())
        ]
        cancelled = self.store.query(
            "SELECT id FROM meetings WHERE status = 'geannuleerd' AND"
            " coalesce(trim(cancel_reason), '') = '' LIMIT 1"
        )
        out += [f"vergadering {r['id']} geannuleerd zonder reden" for r in cancelled]
        return out[:limit]

    def unusual(self, id: int) -> list[str]:
        """What a person adopting this meeting's agenda or minutes should see first: an
        overrun of the planned time, items still waiting, late submissions for it on the
        backlog, a deadline not passed yet, unhandled items, commitments without owner."""
        meeting = self.get(id)
        agenda = self.agenda(id)
        out = []
        if agenda["over"]:
            over = agenda["total_minutes"] - agenda["meeting_minutes"]
            out.append(
                _pick(
                    f"de agenda loopt {over} minuten uit ({agenda['total_minutes']} van"
                    f" {agenda['meeting_minutes']})",
                    f"the agenda runs {over} minutes over ({agenda['total_minutes']} of"
                    f" {agenda['meeting_minutes']})",
                )
            )
        waiting = self.waiting(id)
        if waiting:
            out.append(
                _pick(
                    f"{waiting} ingediend punt(en) nog niet opgenomen",
                    f"{waiting} submitted item(s) not accepted yet",
                )
            )
        late = self.store.scalar(
            "SELECT count(*) FROM agenda_items WHERE requested_meeting_id = ?"
            " AND meeting_id IS NULL AND status = 'ingediend'",
            [id],
        )
        if late:
            out.append(
                _pick(
                    f"{late} te laat ingediend punt(en) op de backlog (b: plaatsen)",
                    f"{late} late submission(s) on the backlog (b: place)",
                )
            )
        if (
            meeting.status == "gepland"
            and meeting.submission_deadline
            and meeting.submission_deadline > now().isoformat(sep=" ", timespec="minutes")
        ):
            out.append(
                _pick(
                    f"de indiendeadline ({meeting.submission_deadline}) is nog niet voorbij",
                    f"the submission deadline ({meeting.submission_deadline}) has not passed",
                )
            )
        if meeting.status == "gehouden":
            open_items = self.store.scalar(
                "SELECT count(*) FROM agenda_items WHERE meeting_id = ? AND status IN"
                " ('ingediend', 'geagendeerd')",
                [id],
            )
            if open_items:
                out.append(i18n.t("items_open", count=open_items))
        return out

    def adopt_minutes(self, id: int, version: int) -> Record:
        """Verslag vaststellen: the record of the meeting is closed. Every item must be
        handled, postponed, returned to the backlog or dropped first."""
        current = self.get(id)
        self.require("minutes.adopt", table_id=current.table_id)
        open_items = self.store.scalar(
            "SELECT count(*) FROM agenda_items WHERE meeting_id = ? AND status IN"
            " ('ingediend', 'geagendeerd')",
            [id],
        )
        if open_items and current.status == "gehouden":
            raise ValidationError(i18n.t("items_open", count=open_items))
        return self.transition(id, version, "verslag vastgesteld")

    def cancel(self, id: int, version: int, reason: str = "") -> Record:
        """Cancel, with a reason; its open items go to the table's next meeting or the
        backlog, each with a note."""
        current = self.get(id)
        self.require("meeting.manage", table_id=current.table_id)
        if not (reason or "").strip():
            raise ValidationError({"cancel_reason": i18n.t("reason_required")})
        reason = self.clean({"notes": reason}, partial=True)["notes"]
        if (current.status, "geannuleerd") not in vocab.MEETING_TRANSITIONS:
            return self.transition(id, version, "geannuleerd")  # raises: explained
        with self.store.write_lock():
            nxt = self.next_meeting(current.table_id, current.starts_at)
            note = _pick(
                f"Vergadering van {current.starts_at} geannuleerd: {reason}",
                f"Meeting of {current.starts_at} cancelled: {reason}",
            )
            for item in self.ws.agenda.of_meeting(id):
                if item.status not in UNHANDLED or item.origin == "standaard":
                    continue
                self.ws.agenda.write_update(
                    item.id,
                    None,
                    {
                        "meeting_id": nxt.id if nxt else None,
                        "status": "ingediend",
                        "note": note,
                        "position": self.ws.agenda._next_position(nxt.id if nxt else None),
                    },
                    action="meeting_cancelled",
                )
            return self.transition(id, version, "geannuleerd", cancel_reason=reason)

    def delete(self, id: int, version: int | None = None) -> None:
        current = self.get(id)
        self.require("meeting.manage", table_id=current.table_id)
        require_open(self.ws, current)
        n = self.store.scalar(
            "SELECT count(*) FROM agenda_items WHERE meeting_id = ? AND origin != 'standaard'",
            [id],
        )
        n += self.store.scalar("SELECT count(*) FROM decisions WHERE meeting_id = ?", [id])
        n += self.store.scalar("SELECT count(*) FROM actions WHERE meeting_id = ?", [id])
        if n:
            raise ValidationError(
                i18n.t(
                    "in_use",
                    record=i18n.record_label("meeting").capitalize(),
                    name=current.title,
                    count=n,
                    what=_pick("agendapunten, besluiten of acties", "items, decisions or actions"),
                )
            )
        with self.store.write_lock():
            for item in self.ws.agenda.of_meeting(id):
                self.ws.agenda.write_delete(item.id, None)
            self.store.conn.execute("DELETE FROM attendance WHERE meeting_id = ?", [id])
            self.write_delete(id, version)

    def agenda(self, id: int) -> dict:
        """The agenda in order, with the total duration against the meeting's length."""
        meeting = self.get_full(id)
        items = self.ws.agenda.of_meeting(id)
        active = [i for i in items if i.status not in ("ingetrokken", "doorgeschoven")]
        # The number people see: the active items 1, 2, 3 … in agenda order, without the gaps
        # that postponed or withdrawn items leave in the stored positions.
        for number, item in enumerate(active, start=1):
            item["number"] = number
        length = int(
            (parse_datetime(meeting.ends_at) - parse_datetime(meeting.starts_at)).total_seconds()
            // 60
        )
        total = sum(i.duration_minutes or 0 for i in active)
        groups: dict[str, int] = {}
        for item in items:
            item.update(self.ws.agenda.origin(item))
            if item.status not in ("ingetrokken", "doorgeschoven"):
                groups[item["origin_group"]] = groups.get(item["origin_group"], 0) + 1
        return {
            "meeting": meeting,
            "items": items,
            "groups": groups,
            "total_minutes": total,
            "meeting_minutes": length,
            "over": total > length,
        }


class Agenda(Service):
    """Agenda items: submitted by partners, decided on by the secretary."""

    table = "agenda_items"
    record = "agenda_item"
    table_field = "table_id"
    org_field = "submitted_by_org_id"
    person_of = {"submitted_by_person_id": "submitted_by_org_id"}
    same_table = {"meeting_id": "meetings"}
    follows = "meeting_id"
    moves_with = {"actions": "agenda_item_id", "decisions": "agenda_item_id"}
    fields = {
        "table_id": Field("ref", required=True, ref="tables"),
        "meeting_id": Field("ref", ref="meetings"),
        "title": Field(required=True, max_len=200),
        "description": Field(max_len=8000),
        "submitted_by_org_id": Field("ref", ref="organisations"),
        "submitted_by_person_id": Field("ref", ref="people"),
        "purpose": Field("choice", choices=vocab.AGENDA_PURPOSES, vocabulary="agenda_purposes"),
        "duration_minutes": Field("int", min=1, max=480),
        "minutes": Field(max_len=20000),
        "origin": Field("choice", choices=vocab.AGENDA_ORIGINS, vocabulary="agenda_origins"),
    }

    COLUMNS = (
        "SELECT a.*, o.name AS submitter_org, p.name AS submitter_person,"
        " m.starts_at AS meeting_starts_at, m.title AS meeting_title, t.name AS table_name"
    )
    JOINS = (
        " JOIN tables t ON t.id = a.table_id"
        " LEFT JOIN organisations o ON o.id = a.submitted_by_org_id"
        " LEFT JOIN people p ON p.id = a.submitted_by_person_id"
        " LEFT JOIN meetings m ON m.id = a.meeting_id"
    )
    SELECT = f"{COLUMNS} FROM agenda_items a{JOINS}"

    def get_full(self, id: int) -> Record:
        row = self.store.query_one(f"{self.SELECT} WHERE a.id = ?", [id])
        return Record.from_row(row) if row else self.get(id)

    def bulk_insert(self, rows, *, table: str | None = None) -> int:
        """Generated items at once (``Service.bulk_insert``), each in a status its meeting's
        status allows (``vocab.ITEMS_IN_MEETING``): the record's rules hold for bulk data too.
        """
        rows = list(rows)
        ids = {r["meeting_id"] for r in rows if r.get("meeting_id") is not None}
        status_of = {
            r["id"]: r["status"]
            for r in self.store.query("SELECT id, status FROM meetings")
            if r["id"] in ids
        }
        for r in rows:
            if r.get("meeting_id") is None:
                continue
            meeting_status = status_of.get(r["meeting_id"])
            if r["status"] not in vocab.ITEMS_IN_MEETING.get(meeting_status, ()):
                raise ValidationError(
                    f"agendapunt {r.get('id')}: '{r['status']}' kan niet op een vergadering"
                    f" met status '{meeting_status}'"
                )
        return super().bulk_insert(rows, table=table)

    def origin(self, item: Record) -> dict:
        """Where an item came from, for the agenda, ``agenda show`` and the documents:
        ``origin_group`` (a key of ``vocab.ORIGIN_GROUPS``), ``origin_label`` (a short word for a
        column: the submitter, or the group) and ``origin_text`` (one line in words; empty
        for a partner's own item, whose submitter says it all)."""
        group = {"besluit": "terugblik", "plugin": "module"}.get(item.origin, item.origin)
        group = group if group in vocab.ORIGIN_GROUPS else "partner"
        who = " / ".join(filter(None, [item.submitter_org, item.submitter_person]))
        kind, _, ref = (item.source_key or "").partition(":")
        text = ""
        label = _pick(*vocab.ORIGIN_GROUPS[group])
        if group == "partner":
            label = who or label
        elif group == "doorgeschoven":
            source = self.store.query_one(
                "SELECT a.meeting_id, m.starts_at FROM agenda_items a"
                " LEFT JOIN meetings m ON m.id = a.meeting_id WHERE a.id = ?",
                [item.carried_from_id],
            )
            when = source and source["starts_at"]
            text = (
                _pick(f"doorgeschoven van {i18n.format_date(when, weekday=False)}",
                      f"postponed from {i18n.format_date(when, weekday=False)}")
                if when
                else _pick("van de backlog", "from the backlog")
            )  # fmt: skip
            if (item.postponed_count or 0) > 1:
                text += _pick(f" ({item.postponed_count}×)", f" ({item.postponed_count}×)")
            if who:  # the column shows who; the line where it came from
                label = f"↻ {item.submitter_org or item.submitter_person}"
        elif group == "actie" and kind == "action" and ref.isdigit():
            action = self.store.query_one(
                "SELECT a.kind, a.due, a.text, o.name AS org, p.name AS person FROM actions a"
                " LEFT JOIN organisations o ON o.id = a.owner_org_id"
                " LEFT JOIN people p ON p.id = a.owner_person_id WHERE a.id = ?",
                [int(ref)],
            )
            if action:
                toezegging = action["kind"] == "toezegging"
                if toezegging:
                    label = _pick("toezegging", "commitment")
                owner = " / ".join(filter(None, [action["org"], action["person"]])) or "–"
                due = i18n.format_date(action["due"], weekday=False) if action["due"] else "–"
                text = _pick(
                    f"{'toezegging' if toezegging else 'actie'} van {owner}, uiterlijk {due}",
                    f"{'commitment' if toezegging else 'action'} of {owner}, due {due}",
                )
        elif group == "terugblik" and kind == "decision" and ref.isdigit():
            dec = self.store.query_one(
                "SELECT d.review_date, m.starts_at FROM decisions d"
                " JOIN meetings m ON m.id = d.meeting_id WHERE d.id = ?",
                [int(ref)],
            )
            if dec:
                day = i18n.format_date(dec["starts_at"], weekday=False)
                text = _pick(
                    f"terugblik op het besluit van {day}", f"review of the decision of {day}"
                )
        elif group == "module":
            name = ref.partition(":")[0] if kind == "plugin" else kind
            label = name or label
            text = _pick(f"voorgesteld door module {name}", f"proposed by module {name}")
        elif group == "standaard":
            text = _pick("standaardagenda van de tafel", "the table's standard agenda")
        elif group == "stad" and kind == "intake" and ref.isdigit():
            source = self.store.query_one(
                "SELECT sender, channel, received_on FROM intake WHERE id = ?", [int(ref)]
            )
            if source:
                day = i18n.format_date(source["received_on"], weekday=False)
                text = _pick(
                    f"inbreng van {source['sender']} ({source['channel']}, {day})",
                    f"input from {source['sender']} ({source['channel']}, {day})",
                )
        return {"origin_group": group, "origin_label": label, "origin_text": neutralise(text)}

    def of_meeting(self, meeting_id: int) -> list[Record]:
        return self.rows(
            f"{self.SELECT} WHERE a.meeting_id = ? ORDER BY"
            f" CASE a.status WHEN 'ingetrokken' THEN 2 WHEN 'doorgeschoven' THEN 1 ELSE 0 END,"
            f" a.position, a.id",
            [meeting_id],
        )

    def late_for(self, meeting_id: int) -> list[Record]:
        """Items submitted late for this meeting, waiting on the backlog to be placed."""
        return self.rows(
            f"{self.SELECT} WHERE a.requested_meeting_id = ? AND a.meeting_id IS NULL"
            f" AND a.status = 'ingediend' ORDER BY a.id",
            [meeting_id],
        )

    def backlog(self, table_id: int) -> list[Record]:
        return self.rows(
            f"{self.SELECT} WHERE a.table_id = ? AND a.meeting_id IS NULL"
            f" AND a.status IN ('ingediend', 'doorgeschoven') ORDER BY a.id",
            [table_id],
        )

    def list(
        self,
        *,
        filter: str = "",
        table_id: int | None = None,
        status: str | None = None,
        org_id: int | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> Page:
        source, order, sql_where, params, count_from, count_params = self._where(
            filter, table_id, status, org_id
        )
        return self.paged(
            f"{self.COLUMNS} FROM {source}{self.JOINS} WHERE {sql_where}"
            f" ORDER BY {order} LIMIT ? OFFSET ?",
            count_from,
            params,
            offset=offset,
            limit=limit,
            count_params=count_params,
        )

    def each(
        self,
        *,
        filter: str = "",
        table_id: int | None = None,
        status: str | None = None,
        org_id: int | None = None,
    ) -> Rows:
        """The rows of ``list(...)`` with the same filters, all of them, one by one (for a
        listing written as it is read: no page, no count, no join a row)."""
        source, order, sql_where, params, _, _ = self._where(filter, table_id, status, org_id)
        return self.each_row(
            f"{self.EACH} FROM {source} WHERE {sql_where} ORDER BY {order}",
            params,
            names=self.EACH_NAMES,
        )

    # COLUMNS with the joined columns as the ids that each_row looks up.
    EACH = (
        "SELECT a.*, a.submitted_by_org_id AS submitter_org,"
        " a.submitted_by_person_id AS submitter_person, a.meeting_id AS meeting_starts_at,"
        " a.meeting_id AS meeting_title, a.table_id AS table_name"
    )
    EACH_NAMES = {
        "submitter_org": "organisations",
        "submitter_person": "people",
        "meeting_starts_at": ("meetings", "starts_at"),
        "meeting_title": ("meetings", "title"),
        "table_name": "tables",
    }

    @staticmethod
    def _where(
        filter: str, table_id: int | None, status: str | None, org_id: int | None
    ) -> tuple[str, str, str, list, str, list]:
        """(source, order, where, params, count's FROM … WHERE …, its params) of a list."""
        where, params = ["1=1"], []
        source, order = "agenda_items a", "a.id DESC"
        match = fts_query(filter) if filter else ""
        if match:
            # Full-text prefix match, driven from the index newest first: the page stops after
            # `limit` hits and the count after COUNT_CAP, so a keystroke costs the same at any
            # size (an `a.id IN (SELECT rowid …)` would collect every hit first).
            source = "agenda_items_fts f JOIN agenda_items a ON a.id = f.rowid"
            order = "f.rowid DESC"
            where.append("agenda_items_fts MATCH ?")
            params.append(match)
        if table_id is not None:
            where.append("a.table_id = ?")
            params.append(table_id)
        if status:
            where.append("a.status = ?")
            params.append(status)
        if org_id is not None:
            where.append("a.submitted_by_org_id = ?")
            params.append(org_id)
        sql_where = " AND ".join(where)
        if match and len(where) == 2:  # only the text: every hit is an item, count the index
            count_from = "FROM agenda_items_fts WHERE agenda_items_fts MATCH ?"
            count_params = [match]
        else:
            count_from, count_params = f"FROM {source} WHERE {sql_where}", params
        return source, order, sql_where, params, count_from, count_params

    def submit(
        self,
        table_id: int,
        title: str,
        *,
        meeting_id: int | None = None,
        org_id: int | None = None,
        person_id: int | None = None,
        description: str = "",
        purpose: str = "bespreking",
        duration_minutes: int = 15,
        origin: str = "partner",
        source_key: str | None = None,
        submitted_at: str | None = None,
    ) -> Record:
        """A partner puts an item on a meeting's agenda (or the table's backlog).

        Items that arrive after the meeting's submission deadline are stored and flagged late.
        """
        if (
            origin == "partner"
            and org_id is None
            and person_id is None
            and self.ws.actor.organisation_id
        ):
            org_id, person_id = self.ws.actor.organisation_id, self.ws.actor.person_id
        data = self.clean(
            {
                "table_id": table_id,
                "meeting_id": meeting_id,
                "title": title,
                "description": description,
                "submitted_by_org_id": org_id,
                "submitted_by_person_id": person_id,
                "purpose": purpose,
                "duration_minutes": duration_minutes,
                "origin": origin,
            }
        )
        self.check_write("agenda.submit", None, data)
        when = parse_datetime(submitted_at) if submitted_at else now()
        late = False
        requested = None
        note = None
        with self.store.write_lock():
            if meeting_id is not None:
                meeting = self.ws.meetings.get(meeting_id)
                if meeting.table_id != table_id:
                    raise ValidationError(
                        i18n.t(
                            "wrong_table",
                            record=meeting.title,
                            table=self.ws.tables.get(table_id).name,
                        )
                    )
                if meeting.status not in vocab.RECEIVING_MEETING:
                    raise ValidationError(
                        i18n.t("meeting_closed", meeting=meeting.title, status=meeting.status)
                    )
                deadline = (
                    parse_datetime(meeting.submission_deadline)
                    if meeting.submission_deadline
                    else None
                )
                # Lateness is a rule for partners' submissions; what the secretary carries
                # forward or a plugin proposes is never "late". A late item goes to the
                # table's backlog with a note, whoever submits it; the secretary places it on
                # the meeting explicitly (``schedule``). After the agenda is set only whoever
                # may manage the agenda adds to it; a partner's item goes to the backlog too.
                late = origin == "partner" and rules.is_late(when, deadline)
                fixed = (
                    origin == "partner"
                    and meeting.status != "gepland"
                    and not permissions.allowed(self.ws.actor, "agenda.manage", table_id=table_id)
                )
                if late or fixed:
                    requested, meeting_id = meeting_id, None
                    note = (
                        i18n.t(
                            "late_to_backlog",
                            meeting=f"{meeting.title} {i18n.format_datetime(meeting.starts_at)}",
                            deadline=i18n.format_datetime(meeting.submission_deadline),
                        )
                        if late
                        else i18n.t(
                            "agenda_fixed_to_backlog",
                            meeting=f"{meeting.title} {i18n.format_datetime(meeting.starts_at)}",
                        )
                    )
            data.update(
                submitted_at=when.isoformat(sep=" "),
                late=int(late),
                status="ingediend",
                position=self._next_position(meeting_id),
                source_key=source_key,
                requested_meeting_id=requested,
                note=note,
                meeting_id=meeting_id,
            )
            return self.insert({k: v for k, v in data.items() if v is not None}, action="submit")

    def _next_position(self, meeting_id: int | None) -> int:
        if meeting_id is None:
            return 0
        return (
            self.store.scalar(
                "SELECT max(position) FROM agenda_items WHERE meeting_id = ?", [meeting_id]
            )
            or 0
        ) + 1

    CONTENT = {"title", "description", "purpose", "duration_minutes"}

    def meeting_of(self, item: Record) -> Record | None:
        return self.ws.meetings.get(item.meeting_id) if item.meeting_id is not None else None

    def update(self, id: int, version: int, **values) -> Record:
        """Edit an item. Its content (title, description, purpose, duration): the submitting
        partner until the agenda is vastgesteld (``agenda.edit``), the secretary until the
        minutes are adopted (``agenda.manage``). Anything else: the secretary."""
        current = self.get(id)
        data = self.clean(values, partial=True)
        meeting = self.meeting_of(current)
        if "status" in data:
            raise ValidationError(
                {
                    "status": _pick(
                        "De status verandert met een eigen stap.", "Status has its own step."
                    )
                }
            )
        if data.get("meeting_id") not in (None, current.meeting_id):  # moved: both records open
            target = self.ws.meetings.get(data["meeting_id"])
            require_open(self.ws, target)
            if current.status not in vocab.ITEMS_IN_MEETING[target.status]:
                raise ValidationError(
                    i18n.t(
                        "item_not_now", action=_pick("verplaatsen", "move"), status=target.status
                    )
                )
        manager = permissions.allowed(self.ws.actor, "agenda.manage", table_id=current.table_id)
        if set(data) <= self.CONTENT and not manager:
            self.check_write("agenda.edit", current, data)
            status = meeting.status if meeting else None
            if status not in (None, "gepland") or current.status not in UNHANDLED:
                raise ValidationError(
                    i18n.t(
                        "item_not_now",
                        action=permissions.ACTION_LABELS["agenda.edit"][
                            0 if i18n.language() == "nl" else 1
                        ],
                        status=status or current.status,
                    )
                )
        else:
            self.check_write("agenda.manage", current, data)
        require_open(self.ws, meeting)
        return self.write_update(id, version, self.changed_only(current, data))

    def can(self, item: Record, step: str) -> bool:
        """Would ``step`` (a key of ``vocab.ITEM_TRANSITIONS``) be allowed on ``item`` for
        the current actor? For screens that show only what can be done."""
        rule = vocab.ITEM_TRANSITIONS[step]
        meeting = self.meeting_of(item)
        return (
            item.status in rule.sources
            and (meeting.status if meeting else None) in rule.meeting_statuses
            and permissions.allowed(
                self.ws.actor, rule.right, table_id=item.table_id, org_id=item.submitted_by_org_id
            )
        )

    def _check(self, current: Record, step: str) -> tuple[vocab.ItemTransition, Record | None]:
        """Check one step of the item state machine: the right, the item's status and its
        meeting's status; raise what is missing."""
        rule = vocab.ITEM_TRANSITIONS[step]
        self.require(rule.right, table_id=current.table_id, org_id=current.submitted_by_org_id)
        meeting = self.meeting_of(current)
        require_open(self.ws, meeting)
        if current.status not in rule.sources:
            raise ValidationError(i18n.t("bad_status_change", old=current.status, new=rule.target))
        status = meeting.status if meeting else None
        if status not in rule.meeting_statuses:
            raise ValidationError(
                i18n.t(
                    "item_not_now", action=STEP_LABELS[step][_lang()], status=status or "backlog"
                )
            )
        return rule, meeting

    def _transition(self, id: int, version: int, step: str, *, extra: dict | None = None) -> Record:
        current = self.get(id)
        rule, _meeting = self._check(current, step)
        return self.write_update(id, version, {"status": rule.target, **(extra or {})}, action=step)

    def accept(self, id: int, version: int) -> Record:
        """Take a submitted item onto the agenda (geagendeerd)."""
        return self._transition(id, version, "accept")

    def unaccept(self, id: int, version: int) -> Record:
        """Take an item off the agenda again, back to ingediend (while the agenda is open)."""
        return self._transition(id, version, "unaccept")

    def withdraw(self, id: int, version: int) -> Record:
        return self._transition(id, version, "withdraw")

    def resubmit(self, id: int, version: int) -> Record:
        return self._transition(id, version, "resubmit")

    def handled(self, id: int, version: int, minutes: str | None = None) -> Record:
        extra = {"minutes": minutes} if minutes is not None else None
        return self._transition(id, version, "handled", extra=extra)

    def unhandle(self, id: int, version: int) -> Record:
        """Back to geagendeerd: a mistake in the minutes, before they are adopted."""
        return self._transition(id, version, "unhandle")

    def drop(self, id: int, version: int, reason: str) -> Record:
        """The secretary drops an item (ingetrokken), with a reason that stays with it."""
        if not (reason or "").strip():
            raise ValidationError({"reason": i18n.t("reason_required")})
        reason = self.clean({"description": reason}, partial=True)["description"]
        current = self.get(id)
        note = "\n".join(filter(None, [current.note, _pick("Geschrapt: ", "Dropped: ") + reason]))
        return self._transition(id, version, "drop", extra={"note": note})

    def to_backlog(self, id: int, version: int) -> Record:
        """Mark doorgeschoven here and put a copy on the table's backlog."""
        return self._carry(id, version, "to_backlog")

    def postpone(self, id: int, version: int) -> Record:
        """Mark doorgeschoven here and carry a copy to the table's next meeting (or backlog)."""
        return self._carry(id, version, "postpone")

    def _carry(self, id: int, version: int, step: str) -> Record:
        current = self.get(id)
        _rule, meeting = self._check(current, step)
        with self.store.write_lock():
            nxt = None
            if step == "postpone" and meeting is not None:
                nxt = self.ws.meetings.next_meeting(current.table_id, meeting.starts_at)
            self.write_update(
                id,
                version,
                {"status": "doorgeschoven", "postponed_count": (current.postponed_count or 0) + 1},
                action=step,
            )
            copy = {
                k: current[k]
                for k in (
                    "table_id",
                    "title",
                    "description",
                    "submitted_by_org_id",
                    "submitted_by_person_id",
                    "submitted_at",
                    "purpose",
                    "duration_minutes",
                )
            }
            copy.update(
                meeting_id=nxt.id if nxt else None,
                status="ingediend",
                origin="doorgeschoven",
                carried_from_id=id,
                late=0,
                postponed_count=(current.postponed_count or 0) + 1,
                position=self._next_position(nxt.id if nxt else None),
            )
            return self.insert({k: v for k, v in copy.items() if v is not None}, action="carry")

    def schedule(self, id: int, version: int, meeting_id: int) -> Record:
        """Place a backlog item (a late submission too) on a meeting: explicitly, by the
        secretary. It arrives ingediend, to be accepted like any other."""
        current = self.get(id)
        self._check(current, "schedule")
        meeting = self.ws.meetings.get(meeting_id)
        if meeting.table_id != current.table_id:
            raise ValidationError(i18n.t("wrong_table", record=current.title, table=meeting.title))
        if meeting.status not in vocab.RECEIVING_MEETING:
            raise ValidationError(
                i18n.t("meeting_closed", meeting=meeting.title, status=meeting.status)
            )
        return self.write_update(
            id,
            version,
            {
                "meeting_id": meeting_id,
                "status": "ingediend",
                "position": self._next_position(meeting_id),
            },
            action="schedule",
        )

    def move(self, id: int, delta: int) -> list[Record]:
        """Move an item up (-1) or down (+1) among the meeting's active items."""
        current = self.get(id)
        self.require("agenda.manage", table_id=current.table_id)
        if current.meeting_id is None:
            return []
        items = [
            i
            for i in self.of_meeting(current.meeting_id)
            if i.status not in ("ingetrokken", "doorgeschoven")
        ]
        ids = [i.id for i in items]
        if id not in ids:
            return items
        pos = ids.index(id)
        new = max(0, min(len(ids) - 1, pos + delta))
        ids.insert(new, ids.pop(pos))
        return self.reorder(current.meeting_id, ids)

    def reorder(self, meeting_id: int, ordered_ids: list[int]) -> list[Record]:
        """The order of a meeting's agenda, while the agenda is open or just set."""
        meeting = self.ws.meetings.get(meeting_id)
        self.require("agenda.manage", table_id=meeting.table_id)
        require_open(self.ws, meeting)
        if meeting.status not in vocab.RECEIVING_MEETING:
            raise ValidationError(
                i18n.t("item_not_now", action=_pick("volgorde", "order"), status=meeting.status)
            )
        with self.store.write_lock():
            for position, item_id in enumerate(ordered_ids, start=1):
                item = self.get(item_id)
                if item.meeting_id != meeting_id:
                    raise ValidationError(
                        i18n.t("wrong_table", record=item.title, table=meeting.title)
                    )
                if item.position != position:
                    self.write_update(item_id, None, {"position": position}, action="reorder")
        return self.of_meeting(meeting_id)

    def append_minutes(self, id: int, version: int, text: str) -> Record:
        """A note under the item, during or after the meeting, until the minutes are adopted."""
        current = self.get(id)
        self.require("minutes.record", table_id=current.table_id)
        meeting = self.meeting_of(current)
        require_open(self.ws, meeting)
        if meeting is None or meeting.status not in ("agenda vastgesteld", "gehouden"):
            raise ValidationError(
                i18n.t(
                    "item_not_now",
                    action=_pick("notitie", "note"),
                    status=meeting.status if meeting else "backlog",
                )
            )
        minutes = "\n".join(filter(None, [current.minutes, text.strip()]))
        return self.write_update(id, version, {"minutes": minutes}, action="minutes")

    def stuck(self, min_postponed: int = 2) -> list[Record]:
        """Open items postponed ``min_postponed`` times or more."""
        return self.rows(
            f"{self.SELECT} WHERE a.postponed_count >= ? AND a.status IN"
            f" ('ingediend', 'geagendeerd') ORDER BY a.postponed_count DESC",
            [min_postponed],
        )


class Decisions(Service):
    """Decisions of a meeting: recorded and corrected until the minutes are adopted; after
    that only through ``ws.corrections``."""

    table = "decisions"
    record = "decision"
    via_meeting = "meeting_id"
    same_table = {"agenda_item_id": "agenda_items"}
    fields = {
        "meeting_id": Field("ref", required=True, ref="meetings"),
        "agenda_item_id": Field("ref", ref="agenda_items"),
        "text": Field(required=True, max_len=4000),
        "review_date": Field("date"),
    }

    SELECT = (
        "SELECT d.*, m.starts_at AS meeting_starts_at, m.table_id, t.name AS table_name,"
        " a.title AS item_title FROM decisions d JOIN meetings m ON m.id = d.meeting_id"
        " JOIN tables t ON t.id = m.table_id"
        " LEFT JOIN agenda_items a ON a.id = d.agenda_item_id"
    )

    def _writable(self, meeting: Record, data: dict) -> None:
        self.require("minutes.record", table_id=meeting.table_id)
        require_open(self.ws, meeting)

    def record_decision(
        self,
        meeting_id: int,
        text: str,
        *,
        agenda_item_id: int | None = None,
        review_date: str | None = None,
    ) -> Record:
        data = self.clean(
            {
                "meeting_id": meeting_id,
                "text": text,
                "agenda_item_id": agenda_item_id,
                "review_date": review_date,
            }
        )
        self.check_write("minutes.record", None, data)
        self._writable(self.ws.meetings.get(meeting_id), data)
        return self.insert({k: v for k, v in data.items() if v is not None})

    def of_meeting(self, meeting_id: int) -> list[Record]:
        return self.rows(f"{self.SELECT} WHERE d.meeting_id = ? ORDER BY d.id", [meeting_id])

    def of_table(self, table_id: int) -> list[Record]:
        return self.rows(
            f"{self.SELECT} WHERE m.table_id = ? ORDER BY m.starts_at DESC, d.id", [table_id]
        )

    def list(
        self,
        *,
        table_id: int | None = None,
        filter: str = "",
        offset: int = 0,
        limit: int | None = None,
    ) -> Page:
        """The besluitenlijst: decisions newest meeting first, each with its meeting
        (``meeting_title``, ``meeting_starts_at``, ``meeting_status``), table and agenda item;
        ``filter`` matches words (as prefixes) of the decision, its agenda item or its
        meeting's title."""
        where, params = ["1=1"], []
        if table_id is not None:
            where.append("m.table_id = ?")
            params.append(table_id)
        match = fts_query(filter) if filter else ""
        if filter and not match:
            where.append("0")
        elif match:
            where.append(
                "(d.id IN (SELECT rowid FROM decisions_fts WHERE decisions_fts MATCH ?)"
                " OR d.agenda_item_id IN"
                " (SELECT rowid FROM agenda_items_fts WHERE agenda_items_fts MATCH ?)"
                " OR d.meeting_id IN (SELECT rowid FROM meetings_fts WHERE meetings_fts MATCH ?))"
            )
            params += [match, match, match]
        sql_where = " AND ".join(where)
        return self.paged(
            "SELECT d.*, m.starts_at AS meeting_starts_at, m.title AS meeting_title,"
            " m.status AS meeting_status, m.table_id, t.name AS table_name,"
            " a.title AS item_title FROM decisions d JOIN meetings m ON m.id = d.meeting_id"
            " JOIN tables t ON t.id = m.table_id"
            " LEFT JOIN agenda_items a ON a.id = d.agenda_item_id"
            f" WHERE {sql_where} ORDER BY m.starts_at DESC, d.id DESC LIMIT ? OFFSET ?",
            f"FROM decisions d JOIN meetings m ON m.id = d.meeting_id WHERE {sql_where}",
            params,
            offset=offset,
            limit=limit,
        )

    def due_for_review(self, table_id: int, by: str) -> list[Record]:
        return self.rows(
            f"{self.SELECT} WHERE m.table_id = ? AND d.review_date IS NOT NULL"
            f" AND d.review_date <= ? ORDER BY d.review_date",
            [table_id, by[:10]],
        )

    def update(self, id: int, version: int, **values) -> Record:
        """Correct a decision's text or review date, until the minutes are adopted."""
        current = self.get(id)
        data = self.clean(values, partial=True)
        if data.get("meeting_id") not in (None, current.meeting_id):  # both records open
            self._writable(self.ws.meetings.get(data["meeting_id"]), {})
        self.check_write("minutes.record", current, data)
        self._writable(self.ws.meetings.get(current.meeting_id), data)
        return self.write_update(id, version, self.changed_only(current, data))

    def delete(self, id: int, version: int | None = None) -> None:
        current = self.get(id)
        self._writable(self.ws.meetings.get(current.meeting_id), {})
        self.write_delete(id, version)


class Attendance(Service):
    """Who attended a meeting: per person aanwezig, afwezig met bericht (apologies) or
    afwezig. Part of the minutes: fixed once they are adopted."""

    table = "attendance"
    record = "attendance"
    fields = {
        "meeting_id": Field("ref", required=True, ref="meetings"),
        "person_id": Field("ref", required=True, ref="people"),
        "status": Field("choice", required=True, choices=vocab.ATTENDANCE_STATUSES),
        "note": Field(max_len=500),
    }

    def of_meeting(self, meeting_id: int) -> list[Record]:
        """The representatives of the table's members (and anyone recorded), each with the
        recorded status or None, by organisation and name."""
        meeting = self.ws.meetings.get(meeting_id)
        on = meeting.starts_at[:10]
        return self.rows(
            "SELECT p.id AS person_id, p.name AS person_name, o.id AS organisation_id,"
            " o.name AS organisation_name, a.id, a.version, a.status, a.note"
            " FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id"
            " LEFT JOIN attendance a ON a.meeting_id = ? AND a.person_id = p.id"
            " WHERE a.id IS NOT NULL OR p.id IN (SELECT value FROM memberships ms,"
            "   json_each(ms.representatives) WHERE ms.table_id = ?"
            "   AND (ms.since IS NULL OR ms.since <= ?) AND (ms.until IS NULL OR ms.until >= ?))"
            " OR p.id IN (SELECT chair_person_id FROM tables WHERE id = ?"
            "   UNION SELECT secretary_person_id FROM tables WHERE id = ?)"
            " ORDER BY o.name COLLATE NOCASE, p.name COLLATE NOCASE",
            [meeting_id, meeting.table_id, on, on, meeting.table_id, meeting.table_id],
        )

    def set(self, meeting_id: int, person_id: int, status: str, note: str | None = None) -> Record:
        """Record one person's attendance (insert or change)."""
        data = self.clean(
            {"meeting_id": meeting_id, "person_id": person_id, "status": status, "note": note}
        )
        meeting = self.ws.meetings.get(meeting_id)
        self.require("minutes.record", table_id=meeting.table_id)
        require_open(self.ws, meeting)
        person = self.ws.people.get(person_id)
        with self.store.write_lock():
            row = self.store.query_one(
                "SELECT id, version FROM attendance WHERE meeting_id = ? AND person_id = ?",
                [meeting_id, person_id],
            )
            if row:
                current = self.get(row["id"])
                return self.write_update(
                    row["id"], row["version"], self.changed_only(current, data), action="attendance"
                )
            data["organisation_id"] = person.organisation_id
            return self.insert(
                {k: v for k, v in data.items() if v is not None}, action="attendance"
            )

    def summary(self, meeting_id: int) -> dict:
        """Counts per status, and the names of those with apologies."""
        out = {s: [] for s in vocab.ATTENDANCE_STATUSES}
        for row in self.of_meeting(meeting_id):
            if row.status:
                out[row.status].append(row.person_name)
        return out


# What a correction may change, per record: (service attribute, fields).
CORRECTABLE = {
    "decision": ("decisions", ("text", "review_date")),
    "agenda_item": ("agenda", ("title", "minutes")),
    "attendance": ("attendance", ("status", "note")),
}


class Corrections(Service):
    """Corrections of adopted minutes: the only way the record of a meeting whose minutes
    are vastgesteld changes. Each keeps the old text beside the new, with who, when and why;
    the audit trail has it too (action ``correction``)."""

    table = "corrections"
    record = "correction"

    def correct(
        self, record_type: str, id: int, version: int, field: str, value: str, reason: str
    ) -> Record:
        if record_type not in CORRECTABLE or field not in CORRECTABLE[record_type][1]:
            raise ValidationError(
                i18n.t(
                    "cannot_correct",
                    record=i18n.record_label(record_type),
                    field=i18n.field_label(field),
                )
            )
        if not (reason or "").strip():
            raise ValidationError({"reason": i18n.t("reason_required")})
        service = getattr(self.ws, CORRECTABLE[record_type][0])
        current = service.get(id)
        meeting_id = current.meeting_id
        meeting = self.ws.meetings.get(meeting_id)
        self.require("minutes.correct", table_id=meeting.table_id)
        if meeting.status != "verslag vastgesteld":
            raise ValidationError(i18n.t("not_closed_yet", meeting=meeting.title))
        cleaned = service.clean({field: value}, partial=True)
        reason = neutralise(reason.strip())[:2000]
        with self.store.write_lock():
            after = service.write_update(id, version, cleaned, action="correction")
            self.store.conn.execute(
                "INSERT INTO corrections (at, actor, meeting_id, record_type, record_id, field,"
                " old, new, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    now_text(),
                    self.ws.actor.login,
                    meeting_id,
                    record_type,
                    id,
                    field,
                    None if current[field] is None else str(current[field]),
                    None if after[field] is None else str(after[field]),
                    reason,
                ],
            )
        return after

    def of_meeting(self, meeting_id: int) -> list[Record]:
        return self.rows("SELECT * FROM corrections WHERE meeting_id = ? ORDER BY id", [meeting_id])

    def of_record(self, record_type: str, id: int) -> list[Record]:
        return self.rows(
            "SELECT * FROM corrections WHERE record_type = ? AND record_id = ? ORDER BY id",
            [record_type, id],
        )
