"""Cross-cutting reads: carry forward, the stuck review, the home overview, search, audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from stadstafel import i18n
from stadstafel.errors import StadstafelError, ValidationError
from stadstafel.records import Record
from stadstafel.services.base import Service, fts_query, parse_datetime
from stadstafel.services.meetings import _pick


class CarryForward(Service):
    """Draft the next meeting's agenda from what the last one left behind."""

    table = "agenda_items"
    record = "agenda_item"

    def suggestions(self, meeting_id: int) -> dict:
        """{"meeting": last, "next": next meeting or None, "suggestions": [dict, ...]}.

        Each suggestion: key, origin, title, description, purpose, duration_minutes, detail.
        Sources: backlog and postponed items, actions and toezeggingen falling due before the
        next meeting, decisions due for review, and plugin ``agenda_suggestions``.
        """
        meeting = self.ws.meetings.get(meeting_id)
        table = self.ws.tables.get(meeting.table_id)
        nxt = self.ws.meetings.next_meeting(table.id, meeting.starts_at)
        horizon = (
            nxt.starts_at
            if nxt
            else (parse_datetime(meeting.starts_at) + dt.timedelta(days=28)).isoformat(sep=" ")
        )
        taken = set()
        if nxt:
            taken = {
                r["source_key"]
                for r in self.store.query(
                    "SELECT source_key FROM agenda_items WHERE meeting_id = ? AND source_key"
                    " IS NOT NULL",
                    [nxt.id],
                )
            }
        out: list[dict] = []
        day = i18n.format_date(meeting.starts_at, weekday=False)
        for item in self.ws.agenda.of_meeting(meeting.id):
            if item.status not in ("ingediend", "geagendeerd") or item.origin == "standaard":
                continue
            out.append(
                {
                    "key": f"open:{item.id}",
                    "origin": "open",
                    "title": item.title,
                    "description": item.description or "",
                    "purpose": item.purpose,
                    "duration_minutes": item.duration_minutes,
                    "detail": _pick(
                        f"niet behandeld op {day} ({item.status})",
                        f"not handled on {day} ({item.status})",
                    ),
                    "item_id": item.id,
                    "version": item.version,
                    "open_item": True,
                }
            )
        for item in self.ws.agenda.backlog(table.id):
            n = item.postponed_count or 0
            out.append(
                {
                    "key": f"item:{item.id}",
                    "origin": "doorgeschoven",
                    "title": item.title,
                    "description": item.description or "",
                    "purpose": item.purpose,
                    "duration_minutes": item.duration_minutes,
                    "detail": _pick(
                        "backlog"
                        + (f", {n}× doorgeschoven" if n else "")
                        + (", te laat ingediend" if item.late else ""),
                        "backlog"
                        + (f", postponed {n}×" if n else "")
                        + (", submitted late" if item.late else ""),
                    ),
                    "item_id": item.id,
                    "version": item.version,
                }
            )
        for action in self.ws.actions.due_by(table.id, horizon):
            toezegging = action.kind == "toezegging"
            label = _pick(*(("Toezegging", "Commitment") if toezegging else ("Actie", "Action")))
            owner = " / ".join(filter(None, [action.owner_org, action.owner_person])) or "-"
            due = i18n.format_date(action.due, weekday=False)
            out.append(
                {
                    "key": f"action:{action.id}",
                    "origin": "actie",
                    "title": f"{label}: {action.text}"[:200],
                    "description": _pick(
                        f"Eigenaar: {owner}; uiterlijk {due}", f"Owner: {owner}; due {due}"
                    ),
                    "purpose": "bespreking",
                    "duration_minutes": 10,
                    "detail": _pick(
                        f"{label.lower()} {'te laat' if action.overdue else 'loopt af'} op {due}",
                        f"{label.lower()} {'overdue' if action.overdue else 'due'} on {due}",
                    ),
                }
            )
        for dec in self.ws.decisions.due_for_review(table.id, horizon):
            if dec.review_date < meeting.starts_at[:10]:
                continue  # looked back on at an earlier meeting (or never: not ours to raise)
            decided = i18n.format_date(dec.meeting_starts_at, weekday=False)
            review = i18n.format_date(dec.review_date, weekday=False)
            out.append(
                {
                    "key": f"decision:{dec.id}",
                    "origin": "besluit",
                    "title": _pick(f"Terugblik besluit: {dec.text}", f"Review: {dec.text}")[:200],
                    "description": _pick(
                        f"Besloten op {decided}; evaluatie {review}",
                        f"Decided on {decided}; review {review}",
                    ),
                    "purpose": "bespreking",
                    "duration_minutes": 15,
                    "detail": _pick(f"terugblik: evaluatie op {review}", f"review due {review}"),
                }
            )
        for sug in self.ws.plugin_agenda_suggestions(table, nxt or meeting):
            out.append(
                {
                    "origin": "plugin",
                    "purpose": "bespreking",
                    "duration_minutes": 15,
                    "description": "",
                    **sug,
                }
            )
        return {
            "meeting": meeting,
            "next": nxt,
            "suggestions": [s for s in out if s["key"] not in taken],
        }

    def resolve(self, suggestion: dict, choice: str, *, reason: str = "") -> Record:
        """An unhandled item of the held meeting: ``postpone`` it to the next meeting,
        return it ``backlog``, or ``drop`` it with a reason."""
        item_id, version = suggestion["item_id"], suggestion["version"]
        if choice == "postpone":
            return self.ws.agenda.postpone(item_id, version)
        if choice == "backlog":
            return self.ws.agenda.to_backlog(item_id, version)
        if choice == "drop":
            return self.ws.agenda.drop(item_id, version, reason)
        raise ValueError(choice)

    def accept(self, next_meeting_id: int, suggestion: dict) -> Record:
        """Put one suggestion on the next meeting's agenda."""
        meeting = self.ws.meetings.get(next_meeting_id)
        if suggestion.get("open_item"):
            nxt = self.ws.meetings.next_meeting(
                meeting.table_id,
                self.ws.meetings.get(
                    self.ws.agenda.get(suggestion["item_id"]).meeting_id
                ).starts_at,
            )
            if nxt is None or nxt.id != next_meeting_id:
                raise ValidationError(
                    i18n.t("wrong_table", record=suggestion["title"], table=meeting.title)
                )
            return self.resolve(suggestion, "postpone")
        if suggestion.get("item_id"):
            return self.ws.agenda.schedule(
                suggestion["item_id"], suggestion["version"], next_meeting_id
            )
        self.require("agenda.manage", table_id=meeting.table_id)
        origin = suggestion.get("origin", "plugin")
        return self.ws.agenda.submit(
            meeting.table_id,
            suggestion["title"],
            meeting_id=next_meeting_id,
            description=suggestion.get("description", ""),
            purpose=suggestion.get("purpose", "bespreking"),
            duration_minutes=suggestion.get("duration_minutes", 15),
            origin=origin if origin in ("actie", "besluit", "doorgeschoven") else "plugin",
            source_key=suggestion["key"],
            org_id=None,
            person_id=None,
        )


# The home screen's lists fetch at most this many rows and show them all (its section shows
# every one). Each row more is work before the first frame of every start.
HOME_ROWS = 10


class Overview(Service):
    """What the home screen and the stuck review show."""

    table = "tables"
    record = "table"

    def home(self, days: int = 28, *, limit: int | None = None, cards: bool = True) -> dict:
        """What the home screen shows; each list at most ``limit`` long (None: everything).
        ``overdue_total`` counts every overdue action, however many owners are listed.
        ``cards`` false: the plugins' cards are not read (``"cards"`` is None)."""
        return {
            "upcoming": self.ws.meetings.upcoming(days, limit=limit),
            "deadlines": self.ws.meetings.deadlines_closing(7, limit=limit),
            "overdue": self.ws.actions.overdue_by_partner(limit=limit),
            "overdue_total": self.ws.actions.overdue_count(),
            "unsigned": self.ws.missions.unsigned_tables(limit=limit),
            "cards": self.ws.plugin_dashboard_cards() if cards else None,
        }

    def stuck(self) -> dict:
        goals_without_action = []
        for table in self.ws.tables.list():
            open_actions = self.store.scalar(
                "SELECT count(*) FROM actions WHERE table_id = ? AND status = 'open'", [table.id]
            )
            if open_actions:
                continue
            for goal in self.ws.goals.of_table(table.id):
                goal["table_name"] = table.name
                goals_without_action.append(goal)
        return {
            "goals_without_action": goals_without_action,
            "postponed": self.ws.agenda.stuck(2),
            "overdue": self.ws.actions.overdue_by_partner(),
        }


# The name of the record's table, for the records whose own text does not say which it is.
_TABLE_NAME = "(SELECT name FROM tables WHERE id = t.table_id)"

#: What search finds, per kind: its full-text index's table and SQL (over the row ``t``) for
#: the hit's title, its extra (a status, date or table) and the table it belongs to (which
#: screen opens it). In this order the kinds are listed when their hits rank alike.
SEARCH_KINDS: dict[str, tuple[str, str, str, str]] = {
    "organisation": ("organisations", "t.name", "t.kind", "NULL"),
    "person": ("people", "t.name", "t.function", "NULL"),
    "table": ("tables", "t.name", "t.kind", "t.id"),
    "mission": ("missions", _TABLE_NAME, "t.revision", "t.table_id"),
    "working_agreement": ("working_agreements", "t.subject", _TABLE_NAME, "t.table_id"),
    "goal": ("goals", "t.description", _TABLE_NAME, "t.table_id"),
    "interest": (
        "interests",
        "t.topic || ' · ' || (SELECT name FROM organisations WHERE id = t.organisation_id)",
        _TABLE_NAME,
        "t.table_id",
    ),
    "initiative": ("initiatives", "t.title", "t.status", "t.table_id"),
    "meeting": (
        "meetings",
        f"coalesce(nullif(t.title, ''), {_TABLE_NAME}) || ' ' || substr(t.starts_at, 1, 10)",
        "t.status",
        "t.table_id",
    ),
    "agenda_item": ("agenda_items", "t.title", "t.status", "t.table_id"),
    "decision": ("decisions", "t.text", "t.review_date", "NULL"),
    "action": ("actions", "t.text", "t.status", "t.table_id"),
    # only of the tables the user handles (``_visible_intake``)
    "intake": ("intake", "t.subject", "t.sender", "t.table_id"),
}


#: Each kind's name on screens and in listings (Dutch, English).
SEARCH_LABELS: dict[str, tuple[str, str]] = {
    "organisation": ("Partner", "Partner"),
    "person": ("Persoon", "Person"),
    "table": ("Tafel", "Table"),
    "mission": ("Missie", "Mission"),
    "working_agreement": ("Werkafspraak", "Agreement"),
    "goal": ("Doel", "Goal"),
    "interest": ("Belang", "Interest"),
    "initiative": ("Initiatief", "Initiative"),
    "meeting": ("Vergadering", "Meeting"),
    "agenda_item": ("Agendapunt", "Agenda item"),
    "decision": ("Besluit", "Decision"),
    "action": ("Actie", "Action"),
    "intake": ("Inbreng", "Input"),
}


def grouped(hits: list[Record]) -> list[Record]:
    """``hits`` (best first) grouped by kind: the kind of the best hit first, each kind's
    hits best first within it."""
    first: dict[str, int] = {}
    for i, hit in enumerate(hits):
        first.setdefault(hit.kind, i)
    return sorted(hits, key=lambda h: first[h.kind])  # stable: rank order within a kind


class Search(Service):
    table = "organisations"
    record = "organisation"

    #: Matches ranked per kind: the newest this many (by rowid). FTS5 computes a rank for
    #: every row it ranks, and a prefix of one letter matches most of 200,000 agenda items
    #: (half a second); the best of the newest thousand takes a few milliseconds.
    RANK_CAP = 1000

    def search(
        self, query: str, *, kinds: list[str] | None = None, limit: int = 50
    ) -> list[Record]:
        """Full-text search over every record type (``SEARCH_KINDS``) and the plugins' kinds:
        per kind the best ``limit`` of its newest ``RANK_CAP`` matches; of all of them the
        best ``limit``, grouped by kind (``grouped``).

        The best ``limit`` so far are kept as the kinds are read, and a kind's rows (with
        their snippets) are fetched only for matches that rank better than the last of
        those: a one-letter query matches most rows of every kind, and 13 kinds' 100 hits
        each, all with snippets, were 0.5-0.7 MB at once, to keep 100 of them."""
        q = fts_query(query)
        if not q:
            raise ValidationError(i18n.t("search_syntax", query=query))
        out: list[Record] = []
        for kind, (table, title_sql, extra_sql, table_sql) in SEARCH_KINDS.items():
            if kinds and kind not in kinds:
                continue
            # a match ranked like the last kept one would come after it (the sort is
            # stable, earlier kinds first) and be cut: only better ones are fetched
            worse = out[limit - 1]["rank"] if 0 < limit <= len(out) else None
            rows = self._ranked(table, title_sql, extra_sql, table_sql, q, limit, worse)
            if kind == "intake":
                rows = self._visible_intake(rows)
            for r in rows:
                out.append(Record.from_row({"kind": kind, **r}))  # neutralised text
            out.sort(key=lambda r: r["rank"])
            del out[limit:]
        for hits in self._plugin_hits(query, kinds, limit):  # a plugin kind's at a time
            out += hits
            out.sort(key=lambda r: r["rank"])
            del out[limit:]
        return grouped(out)

    def _visible_intake(self, rows: list) -> list:
        """Intake hits of the tables whose intake the user may see (``intake.manage``): the
        senders are not partners, their names are not for every reader."""
        visible = self.ws.intake.visible_tables()
        if visible is None:
            return rows
        return [r for r in rows if r["table_id"] in visible]

    def _plugin_hits(
        self, query: str, kinds: list[str] | None, limit: int
    ) -> Iterator[list[Record]]:
        """Hits of the plugins' search kinds (``search_kinds`` hook), a list per kind; a kind
        that fails is left out, and its plugin reported, so the core's hits still show."""
        getter = getattr(self.ws.plugins, "search_kinds", None)
        for entry in getter() if getter is not None else []:
            if kinds and entry.kind not in kinds:
                continue
            try:
                hits = list(entry.search(self.ws, query, limit) or [])
            except Exception as exc:
                from stadstafel.plugins import PluginError

                if isinstance(exc, StadstafelError) and not isinstance(exc, PluginError):
                    raise  # a refusal or a query the kind cannot take: the search says so
                # a kind that fails, also one whose named module cannot be imported (a
                # PluginError): left out, its plugin reported
                report = getattr(self.ws.plugins, "_problem", None)
                if report is not None:
                    report(
                        i18n.L(
                            f"plugin '{entry.plugin}': zoeken ({entry.kind}) faalde: {exc!r}",
                            f"plugin '{entry.plugin}': search ({entry.kind}) failed: {exc!r}",
                        )
                    )
                continue
            yield [
                Record.from_row(  # neutralised text, as the core's hits
                    {
                        "kind": entry.kind,
                        "id": hit["id"],
                        "title": hit.get("title"),
                        "extra": hit.get("extra"),
                        "table_id": hit.get("table_id"),
                        "snippet": hit.get("snippet") or "",
                        "rank": hit.get("rank", 0.0),
                    }
                )
                for hit in hits
            ]
            del hits

    def _ranked(
        self,
        table: str,
        title_sql: str,
        extra_sql: str,
        table_sql: str,
        q: str,
        limit: int,
        worse: float | None = None,
    ) -> list:
        """The best ``limit`` of the newest ``RANK_CAP`` matches in ``table``, with snippets;
        with ``worse``, only those ranked better (lower) than it.

        Two steps: rank the capped matches (rowid and rank only), then fetch rows and snippets
        of the few kept, scanning only the rowid range they span (a snippet is worked out for
        a row only when it is one of them; a ``MATCH`` per row would search the index again
        for each)."""
        fts = f"{table}_fts"
        top = self.store.query(
            f"SELECT r, rank FROM (SELECT rowid AS r, rank FROM {fts} WHERE {fts} MATCH ?"
            f" ORDER BY rowid DESC LIMIT {int(self.RANK_CAP)}) ORDER BY rank LIMIT ?",
            [q, limit],
        )
        ranks = {row["r"]: row["rank"] for row in top if worse is None or row["rank"] < worse}
        del top
        if not ranks:
            return []
        marks = ",".join("?" * len(ranks))
        rows = self.store.query(
            f"SELECT t.rowid AS _rowid, t.id, {title_sql} AS title, {extra_sql} AS extra,"
            f" {table_sql} AS table_id,"
            f" snippet({fts}, -1, '[', ']', '…', 12) AS snippet"
            f" FROM {fts} JOIN {table} t ON t.rowid = {fts}.rowid"
            f" WHERE {fts} MATCH ? AND {fts}.rowid >= ? AND +{fts}.rowid IN ({marks})",
            [q, min(ranks), *ranks],
        )
        for row in rows:
            row["rank"] = ranks[row.pop("_rowid")]
        rows.sort(key=lambda row: row["rank"])
        return rows


class Audit(Service):
    table = "audit"
    record = "audit"

    def recent(
        self, limit: int = 100, *, record_type: str | None = None, record_id: int | None = None
    ) -> list[Record]:
        where, params = ["1=1"], []
        if record_type:
            where.append("record_type = ?")
            params.append(record_type)
        if record_id is not None:
            where.append("record_id = ?")
            params.append(record_id)
        return self.rows(
            f"SELECT * FROM audit WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?",
            [*params, limit],
        )

    def list(
        self,
        *,
        record_type: str | None = None,
        record_id: int | None = None,
        login: str | None = None,
        start: str | None = None,
        end: str | None = None,
        limit: int | None = None,
        records: Sequence[tuple[str, int]] = (),
    ) -> list[Record]:
        """Who changed what when, newest first (``audit.read``: the beheerder). ``start`` and
        ``end`` are dates (YYYY-MM-DD), both days included. ``records``: only the history of
        these (record type, id) pairs (a record's history with that of its parts)."""
        self.require("audit.read")
        where, params = ["1=1"], []
        for column, value in [("record_type", record_type), ("record_id", record_id),
                              ("actor", login)]:  # fmt: skip
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if records:
            pairs = " OR ".join("(record_type = ? AND record_id = ?)" for _ in records)
            where.append(f"({pairs})")
            params += [v for pair in records for v in pair]
        if start:
            where.append("at >= ?")
            params.append(_day(start))
        if end:
            where.append("at < date(?, '+1 day')")
            params.append(_day(end))
        return self.rows(
            f"SELECT * FROM audit WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?",
            [*params, -1 if limit is None else limit],
        )


def _day(value: str) -> str:
    """A date as YYYY-MM-DD, or a ValidationError that says what was expected."""
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ValidationError(i18n.t("bad_date", field="--from/--to", value=value)) from None
