"""Meetings, their agendas, minutes and decisions."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

from stadstafel import clock, i18n, rules, vocab
from stadstafel.errors import ValidationError
from stadstafel.records import Page, Record
from stadstafel.services.base import Field, Service, fts_query, now, parse_datetime
from stadstafel.services.tables import rhythm_ok

OPEN_ITEM = ("ingediend", "geagendeerd", "doorgeschoven")


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
    ) -> Iterator[Record]:
        """The rows of ``list(...)`` with the same filters, all of them, one by one (for a
        listing written as it is read: no page, no count)."""
        sql_where, params = self._where(table_id, start, end, status, filter)
        order = "m.starts_at DESC, m.id DESC" if descending else "m.starts_at, m.id"
        return self.each_row(f"{self.SELECT} WHERE {sql_where} ORDER BY {order}", params)

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

    def _defaults(self, data: dict) -> dict:
        table = self.ws.tables.get(data["table_id"])
        start = parse_datetime(data["starts_at"])
        if not data.get("ends_at"):
            data["ends_at"] = (
                start + dt.timedelta(minutes=table.default_minutes or 120)
            ).isoformat(sep=" ", timespec="minutes")
        if not data.get("submission_deadline"):
            data["submission_deadline"] = rules.default_deadline(start).isoformat(
                sep=" ", timespec="minutes"
            )
        data.setdefault("status", "gepland")
        data["status"] = data["status"] or "gepland"
        if not data.get("title"):
            data["title"] = table.name
        # The meeting's identity outside this database (calendar UID, open data), written
        # once here and never changed (a trigger guards it), so a move keeps it.
        data["uid"] = str(uuid.uuid4())
        return data

    def create(self, **values) -> Record:
        data = self.clean(values)
        self.require("meeting.manage", table_id=data["table_id"])
        return self.insert({k: v for k, v in self._defaults(data).items() if v is not None})

    def create_series(
        self, table_id: int, first_start: str, rhythm: str, count: int, **values
    ) -> list[Record]:
        """A series of meetings in a rhythm: every N weeks, monthly, quarterly or yearly."""
        if not 1 <= int(count) <= 60:
            raise ValidationError({"count": i18n.t("series_count", value=count)})
        rhythm_ok(rhythm)
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
                out.append(
                    self.insert({k: v for k, v in self._defaults(row).items() if v is not None})
                )
        return out

    def update(self, id: int, version: int, **values) -> Record:
        current = self.get(id)
        data = self.clean(
            {**{k: current[k] for k in ("starts_at", "ends_at")}, **values}, partial=True
        )
        self.check_write("meeting.manage", current, data)
        return self.write_update(id, version, self.changed_only(current, data))

    def set_status(self, id: int, version: int, status: str) -> Record:
        current = self.get(id)
        self.clean({"status": status}, partial=True)
        self.require("meeting.manage", table_id=current.table_id)
        return self.write_update(id, version, {"status": status}, action=f"status:{status}")

    def set_agenda(self, id: int, version: int) -> Record:
        """Vaststellen: fix the agenda. Every submitted item must be decided on first."""
        current = self.get(id)
        self.require("agenda.manage", table_id=current.table_id)
        waiting = self.store.scalar(
            "SELECT count(*) FROM agenda_items WHERE meeting_id = ? AND status = 'ingediend'", [id]
        )
        if waiting:
            nl = (
                f"{waiting} agendapunt(en) wachten nog op een besluit: neem ze op, schuif ze"
                " door of trek ze in, en stel de agenda dan vast."
            )
            en = (
                f"{waiting} agenda item(s) still await a decision: accept, postpone or withdraw"
                " them, then set the agenda."
            )
            raise ValidationError(nl if i18n.language() == "nl" else en)
        if current.status not in ("gepland", "agenda vastgesteld"):
            raise ValidationError(
                i18n.t("meeting_closed", meeting=current.title, status=current.status)
            )
        return self.write_update(id, version, {"status": "agenda vastgesteld"}, action="set_agenda")

    def cancel(self, id: int, version: int) -> Record:
        """Cancel; its open items go to the table's next meeting or the backlog."""
        current = self.get(id)
        self.require("meeting.manage", table_id=current.table_id)
        with self.store.write_lock():
            nxt = self.next_meeting(current.table_id, current.starts_at)
            self.cascade(
                "agenda_items",
                "agenda_item",
                "meeting_id = ? AND status IN ('ingediend', 'geagendeerd')",
                [id],
                changes={"meeting_id": nxt.id if nxt else None, "status": "ingediend"},
                action="meeting_cancelled",
            )
            return self.write_update(id, version, {"status": "geannuleerd"}, action="cancel")

    def delete(self, id: int, version: int | None = None) -> None:
        current = self.get(id)
        self.require("meeting.manage", table_id=current.table_id)
        n = self.store.scalar("SELECT count(*) FROM agenda_items WHERE meeting_id = ?", [id])
        if n:
            raise ValidationError(
                i18n.t(
                    "in_use",
                    record=i18n.record_label("meeting").capitalize(),
                    name=current.title,
                    count=n,
                    what="agendapunten" if i18n.language() == "nl" else "agenda items",
                )
            )
        self.write_delete(id, version)

    def agenda(self, id: int) -> dict:
        """The agenda in order, with the total duration against the meeting's length."""
        meeting = self.get_full(id)
        items = self.ws.agenda.of_meeting(id)
        active = [i for i in items if i.status not in ("ingetrokken", "doorgeschoven")]
        length = int(
            (parse_datetime(meeting.ends_at) - parse_datetime(meeting.starts_at)).total_seconds()
            // 60
        )
        total = sum(i.duration_minutes or 0 for i in active)
        return {
            "meeting": meeting,
            "items": items,
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

    def of_meeting(self, meeting_id: int) -> list[Record]:
        return self.rows(
            f"{self.SELECT} WHERE a.meeting_id = ? ORDER BY"
            f" CASE a.status WHEN 'ingetrokken' THEN 2 WHEN 'doorgeschoven' THEN 1 ELSE 0 END,"
            f" a.position, a.id",
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
        return self.paged(
            f"{self.COLUMNS} FROM {source}{self.JOINS} WHERE {sql_where}"
            f" ORDER BY {order} LIMIT ? OFFSET ?",
            count_from,
            params,
            offset=offset,
            limit=limit,
            count_params=count_params,
        )

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
                if meeting.status in ("gehouden", "verslag vastgesteld", "geannuleerd"):
                    raise ValidationError(
                        i18n.t("meeting_closed", meeting=meeting.title, status=meeting.status)
                    )
                deadline = (
                    parse_datetime(meeting.submission_deadline)
                    if meeting.submission_deadline
                    else None
                )
                # Lateness is a rule for partners' submissions; what the secretary carries
                # forward or a plugin proposes is never "late".
                late = origin == "partner" and rules.is_late(when, deadline)
            data.update(
                submitted_at=when.isoformat(sep=" "),
                late=int(late),
                status="ingediend",
                position=self._next_position(meeting_id),
                source_key=source_key,
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

    def update(self, id: int, version: int, **values) -> Record:
        current = self.get(id)
        data = self.clean(values, partial=True)
        if set(data) <= {"title", "description", "purpose", "duration_minutes"} and (
            current.status == "ingediend"
        ):
            self.check_write("agenda.withdraw", current, data)
        else:
            self.check_write("agenda.manage", current, data)
        return self.write_update(id, version, self.changed_only(current, data))

    def _transition(
        self,
        id: int,
        version: int,
        new: str,
        *,
        perm: str = "agenda.manage",
        extra: dict | None = None,
    ) -> Record:
        current = self.get(id)
        self.require(perm, table_id=current.table_id, org_id=current.submitted_by_org_id)
        if new not in vocab.AGENDA_TRANSITIONS.get(current.status, set()):
            raise ValidationError(i18n.t("bad_status_change", old=current.status, new=new))
        return self.write_update(id, version, {"status": new, **(extra or {})}, action=new)

    def accept(self, id: int, version: int) -> Record:
        """Take a submitted item onto the agenda (geagendeerd)."""
        return self._transition(id, version, "geagendeerd")

    def withdraw(self, id: int, version: int) -> Record:
        return self._transition(id, version, "ingetrokken", perm="agenda.withdraw")

    def handled(self, id: int, version: int, minutes: str | None = None) -> Record:
        extra = {"minutes": minutes} if minutes is not None else None
        return self._transition(id, version, "behandeld", perm="minutes.record", extra=extra)

    def postpone(self, id: int, version: int) -> Record:
        """Mark doorgeschoven here and carry a copy to the table's next meeting (or backlog)."""
        current = self.get(id)
        self.require("agenda.manage", table_id=current.table_id)
        if "doorgeschoven" not in vocab.AGENDA_TRANSITIONS.get(current.status, set()):
            raise ValidationError(
                i18n.t("bad_status_change", old=current.status, new="doorgeschoven")
            )
        with self.store.write_lock():
            after = current.meeting_starts_at
            if current.meeting_id is not None:
                after = self.ws.meetings.get(current.meeting_id).starts_at
            nxt = (
                self.ws.meetings.next_meeting(current.table_id, after)
                if current.meeting_id is not None
                else None
            )
            self.write_update(
                id,
                version,
                {"status": "doorgeschoven", "postponed_count": (current.postponed_count or 0) + 1},
                action="postpone",
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
        """Put a backlog item (or move an item) onto a meeting."""
        current = self.get(id)
        self.require("agenda.manage", table_id=current.table_id)
        meeting = self.ws.meetings.get(meeting_id)
        if meeting.table_id != current.table_id:
            raise ValidationError(i18n.t("wrong_table", record=current.title, table=meeting.title))
        status = "ingediend" if current.status == "doorgeschoven" else current.status
        return self.write_update(
            id,
            version,
            {
                "meeting_id": meeting_id,
                "status": status,
                "position": self._next_position(meeting_id),
            },
            action="schedule",
        )

    def move(self, id: int, delta: int) -> list[Record]:
        """Move an item up (-1) or down (+1) among the meeting's active items."""
        current = self.get(id)
        self.require("agenda.manage", table_id=current.table_id)
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
        meeting = self.ws.meetings.get(meeting_id)
        self.require("agenda.manage", table_id=meeting.table_id)
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
        current = self.get(id)
        self.require("minutes.record", table_id=current.table_id)
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
        current = self.get(id)
        data = self.clean(values, partial=True)
        self.check_write("minutes.record", current, data)
        return self.write_update(id, version, self.changed_only(current, data))

    def delete(self, id: int, version: int | None = None) -> None:
        current = self.get(id)
        meeting = self.ws.meetings.get(current.meeting_id)
        self.require("minutes.record", table_id=meeting.table_id)
        self.write_delete(id, version)
