"""Actions and toezeggingen (commitments made in a meeting), followed up alike."""

from __future__ import annotations

from stadstafel import clock, i18n, vocab
from stadstafel.errors import ValidationError
from stadstafel.records import Page, Record, Rows
from stadstafel.services.base import Field, Service, fts_query, read_whole


class Actions(Service):
    table = "actions"
    record = "action"
    table_field = "table_id"
    org_field = "owner_org_id"
    person_of = {"owner_person_id": "owner_org_id"}
    same_table = {"meeting_id": "meetings", "agenda_item_id": "agenda_items"}
    follows = "meeting_id"
    fields = {
        "table_id": Field("ref", required=True, ref="tables"),
        "kind": Field("choice", choices=vocab.ACTION_KINDS, vocabulary="action_kinds"),
        "text": Field(required=True, max_len=2000),
        "owner_org_id": Field("ref", ref="organisations"),
        "owner_person_id": Field("ref", ref="people"),
        "due": Field("date"),
        "status": Field("choice", choices=vocab.ACTION_STATUSES),
        "meeting_id": Field("ref", ref="meetings"),
        "agenda_item_id": Field("ref", ref="agenda_items"),
    }

    SELECT = (
        "SELECT a.*, o.name AS owner_org, p.name AS owner_person, t.name AS table_name,"
        " CASE WHEN a.status = 'open' AND a.due < st_today() THEN 1 ELSE 0 END AS overdue"
        " FROM actions a JOIN tables t ON t.id = a.table_id"
        " LEFT JOIN organisations o ON o.id = a.owner_org_id"
        " LEFT JOIN people p ON p.id = a.owner_person_id"
    )

    def get_full(self, id: int) -> Record:
        row = self.store.query_one(f"{self.SELECT} WHERE a.id = ?", [id])
        return Record.from_row(row) if row else self.get(id)

    def list(
        self,
        *,
        filter: str = "",
        table_id: int | None = None,
        owner_org_id: int | None = None,
        owner_person_id: int | None = None,
        kind: str | None = None,
        status: str | None = "open",
        overdue: bool = False,
        meeting_id: int | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> Page:
        sql_where, params = self._where(
            filter, table_id, owner_org_id, owner_person_id, kind, status, overdue, meeting_id
        )
        return self.paged(
            f"{self.SELECT} WHERE {sql_where} ORDER BY {self.ORDER} LIMIT ? OFFSET ?",
            f"FROM actions a WHERE {sql_where}",
            params,
            offset=offset,
            limit=limit,
        )

    ORDER = "a.due IS NULL, a.due, a.id"

    def each(
        self,
        *,
        filter: str = "",
        table_id: int | None = None,
        owner_org_id: int | None = None,
        owner_person_id: int | None = None,
        kind: str | None = None,
        status: str | None = "open",
        overdue: bool = False,
        meeting_id: int | None = None,
    ) -> Rows:
        """The rows of ``list(...)`` with the same filters, all of them, one by one (for a
        listing written as it is read: no page, no count)."""
        sql_where, params = self._where(
            filter, table_id, owner_org_id, owner_person_id, kind, status, overdue, meeting_id
        )
        select = read_whole(self.EACH, "FROM actions a ", sql_where)
        return self.each_row(
            f"{select} WHERE {sql_where} ORDER BY {self.ORDER}",
            params,
            names=self.EACH_NAMES,
            unindexed=self.NOT_IN_LISTING_INDEX,
        )

    # What idx_actions_listing (migrations dt5_1, js7_1) does not hold: nothing, so every
    # listing of all actions, JSON's of every column included, reads that index in order
    # and not the table. (A column added to actions later belongs in it or in this set.)
    NOT_IN_LISTING_INDEX: frozenset[str] = frozenset()

    # SELECT's columns, the names as ids looked up by each_row (no join of every row).
    EACH = (
        "SELECT a.*, a.owner_org_id AS owner_org, a.owner_person_id AS owner_person,"
        " a.table_id AS table_name,"
        " CASE WHEN a.status = 'open' AND a.due < st_today() THEN 1 ELSE 0 END AS overdue"
        " FROM actions a"
    )
    EACH_NAMES = {"owner_org": "organisations", "owner_person": "people", "table_name": "tables"}

    @staticmethod
    def _where(
        filter: str,
        table_id: int | None,
        owner_org_id: int | None,
        owner_person_id: int | None,
        kind: str | None,
        status: str | None,
        overdue: bool,
        meeting_id: int | None,
    ) -> tuple[str, list]:
        where, params = ["1=1"], []
        for col, value in [
            ("a.table_id", table_id),
            ("a.owner_org_id", owner_org_id),
            ("a.owner_person_id", owner_person_id),
            ("a.kind", kind),
            ("a.status", status),
            ("a.meeting_id", meeting_id),
        ]:
            if value is not None:
                where.append(f"{col} = ?")
                params.append(value)
        if overdue:
            where.append("a.status = 'open' AND a.due < st_today()")
        if filter:
            match = fts_query(filter)
            if match:
                where.append("a.id IN (SELECT rowid FROM actions_fts WHERE actions_fts MATCH ?)")
                params.append(match)
        return " AND ".join(where), params

    def overdue_by_partner(self, limit: int | None = None) -> list[Record]:
        """Per owner organisation: how many open actions are overdue, most first."""
        # Group on the covering index (status, due, owner_org_id) first, then name the groups.
        # "+owner_org_id": the planner cannot know how few rows "due < st_today()" leaves and
        # would rather walk every action in owner order (20× slower on 100k actions).
        return self.rows(
            "SELECT o.id AS organisation_id, coalesce(o.name, '(geen eigenaar)') AS organisation,"
            " x.overdue, x.oldest FROM (SELECT owner_org_id, count(*) AS overdue,"
            "  min(due) AS oldest FROM actions"
            "  WHERE status = 'open' AND due < st_today() GROUP BY +owner_org_id) x"
            " LEFT JOIN organisations o ON o.id = x.owner_org_id"
            " ORDER BY x.overdue DESC, organisation LIMIT ?",
            [-1 if limit is None else limit],
        )

    def overdue_count(self) -> int:
        """Open actions past their due date (all owners)."""
        return self.store.scalar(
            "SELECT count(*) FROM actions WHERE status = 'open' AND due < st_today()"
        )

    def due_by(self, table_id: int, day: str) -> list[Record]:
        return self.rows(
            f"{self.SELECT} WHERE a.table_id = ? AND a.status = 'open'"
            f" AND a.due IS NOT NULL AND a.due <= ? ORDER BY a.due",
            [table_id, day[:10]],
        )

    def _check_origin(self, data: dict, current: Record | None = None) -> None:
        """An action's origin (meeting, agenda item) is part of that meeting's record: it is
        set while the meeting is open and never changes once its minutes are adopted. A
        toezegging names its owner (an organisation, optionally a person) and a due date."""
        from stadstafel.services.meetings import require_open

        meeting_ids = {data.get("meeting_id")}
        if current is not None and (
            data.get("meeting_id", current.meeting_id) != current.meeting_id
            or data.get("agenda_item_id", current.agenda_item_id) != current.agenda_item_id
        ):
            meeting_ids.add(current.meeting_id)
        elif current is not None:
            meeting_ids = set()
        for meeting_id in meeting_ids - {None}:
            require_open(self.ws, self.ws.meetings.get(meeting_id))
        merged = {**(dict(current) if current else {}), **data}
        if (merged.get("kind") or "actie") == "toezegging":
            missing = {}
            if not merged.get("owner_org_id"):
                missing["owner_org_id"] = i18n.t(
                    "commitment_needs",
                    what=i18n.t_word("eigenaar (organisatie)", "an owner (organisation)"),
                )
            if not merged.get("due"):
                missing["due"] = i18n.t(
                    "commitment_needs", what=i18n.t_word("datum (uiterlijk)", "a due date")
                )
            if missing:
                raise ValidationError(missing)

    def create(self, **values) -> Record:
        data = self.clean(values)
        self.check_write("action.manage", None, data)
        self._check_origin(data)
        data["kind"] = data.get("kind") or "actie"
        data["status"] = data.get("status") or "open"
        return self.insert({k: v for k, v in data.items() if v is not None})

    def update(self, id: int, version: int, **values) -> Record:
        current = self.get(id)
        data = self.clean(values, partial=True)
        self.check_write("action.manage", current, data)
        self._check_origin(data, current)
        return self.write_update(id, version, self.changed_only(current, data))

    def close(self, id: int, version: int, *, done_on: str | None = None) -> Record:
        current = self.get(id)
        self.require("action.close", table_id=current.table_id, org_id=current.owner_org_id)
        return self.write_update(
            id,
            version,
            {"status": "gereed", "done_on": done_on or clock.today().isoformat()},
            action="close",
        )

    def cancel(self, id: int, version: int) -> Record:
        current = self.get(id)
        self.require("action.manage", table_id=current.table_id)
        return self.write_update(id, version, {"status": "vervallen"}, action="cancel")

    def reopen(self, id: int, version: int) -> Record:
        current = self.get(id)
        self.require("action.manage", table_id=current.table_id)
        return self.write_update(id, version, {"status": "open", "done_on": None}, action="reopen")

    def delete(self, id: int, version: int | None = None) -> None:
        current = self.get(id)
        self.require("action.manage", table_id=current.table_id)
        if current.meeting_id is not None:
            from stadstafel.services.meetings import require_open

            require_open(self.ws, self.ws.meetings.get(current.meeting_id))
        self.write_delete(id, version)
