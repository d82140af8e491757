"""What concerns the signed-in person and their organisation ("Mijn"): one read service.

Nothing here writes; the rows are the ones the other services show, narrowed to the actor:
open actions and toezeggingen of the person or their organisation (overdue first), agenda
items they or their organisation submitted with their status, the coming submission
deadlines of the tables their organisation sits at, and the missions of those tables that
still wait for their organisation's signature.
"""

from __future__ import annotations

import datetime as dt

from stadstafel import clock
from stadstafel.records import Record
from stadstafel.services.actions import Actions
from stadstafel.services.base import Service
from stadstafel.services.meetings import Agenda, Meetings

# How far ahead "upcoming deadlines" look, and how many submitted items and open actions are
# shown (the screen shows the first page; the counts are of all).
DEADLINE_DAYS = 42
SUBMITTED_ROWS = 50
ACTION_ROWS = 100


def is_partner(actor) -> bool:
    """Someone who works for a partner organisation and holds no other role: a partner
    starts on "Mijn werk" instead of the overview."""
    if getattr(actor, "global_role", None) != "gebruiker":
        return False
    if getattr(actor, "organisation_id", None) is None:
        return False
    roles = {r for rs in (getattr(actor, "table_roles", None) or {}).values() for r in rs}
    return roles <= {"partner"}


class Mine(Service):
    table = "actions"
    record = "action"

    def _me(self) -> tuple[int, int]:
        """(person id, organisation id) of the actor; -1 for what the actor has not (matches
        nothing, so a login without a person sees empty lists, not everyone's)."""
        actor = self.ws.actor
        person = actor.person_id if actor.person_id is not None else -1
        org = actor.organisation_id if actor.organisation_id is not None else -1
        return person, org

    def _owned(self, table: str, person_column: str, org_column: str, extra: str = "") -> tuple:
        """(SQL condition on ``a.id``, its parameters): the rows of ``table`` whose
        ``person_column`` is the actor's person or whose ``org_column`` is the actor's
        organisation (and ``extra``), each side read through its own column's index.

        Written as one OR, SQLite's planner read every row instead: on the large workspace it
        walked the open actions table by table (95-180 ms) and scanned all 200,000 agenda
        items (35-65 ms), a first opening of Mijn werk with no pause before it. The side the
        actor has no id for is left out (nothing to match); neither: a condition that is
        false without reading a row."""
        person, org = self._me()
        sides = [(column, value) for column, value in ((person_column, person), (org_column, org))
                 if value != -1]  # fmt: skip
        if not sides:
            return "0", []
        union = " UNION ALL ".join(f"SELECT id FROM {table} WHERE {c} = ?{extra}" for c, _ in sides)
        return f"a.id IN ({union})", [value for _, value in sides]

    def _my_actions(self) -> tuple:
        # ``+status``: not through the status indexes (every open action), through the owner's
        return self._owned("actions", "owner_person_id", "owner_org_id", " AND +status = 'open'")

    def actions(self, limit: int | None = None) -> list[Record]:
        """Open actions and toezeggingen owned by the person or their organisation: overdue
        first, then by due date (none last); the first ``limit`` (None: all)."""
        mine, params = self._my_actions()
        return self.rows(
            f"{Actions.SELECT} WHERE {mine}"
            " ORDER BY overdue DESC, a.due IS NULL, a.due, a.id"
            + (" LIMIT ?" if limit is not None else ""),
            params + ([limit] if limit is not None else []),
        )

    def action_counts(self) -> tuple[int, int]:
        """(open, overdue) of the actions ``actions`` gives, counted without reading them."""
        mine, params = self._my_actions()
        row = self.store.query_one(
            "SELECT count(*) AS n, coalesce(sum(a.due < st_today()), 0) AS late"
            f" FROM actions a WHERE {mine}",
            params,
        )
        return (row["n"], row["late"]) if row else (0, 0)

    def submitted(self, limit: int = SUBMITTED_ROWS) -> list[Record]:
        """Agenda items the person or their organisation submitted, newest first."""
        mine, params = self._owned("agenda_items", "submitted_by_person_id", "submitted_by_org_id")
        return self.rows(
            f"{Agenda.SELECT} WHERE {mine} ORDER BY a.id DESC LIMIT ?", [*params, limit]
        )

    def _my_tables(self) -> str:
        """SQL: the ids of the tables the organisation is a current member of (param :org)."""
        return (
            "SELECT ms.table_id FROM memberships ms WHERE ms.organisation_id = :org"
            " AND (ms.since IS NULL OR ms.since <= :day)"
            " AND (ms.until IS NULL OR ms.until >= :day)"
        )

    def deadlines(self, days: int = DEADLINE_DAYS) -> list[Record]:
        """Planned meetings of the organisation's tables whose submission deadline is still
        ahead (within ``days``), the nearest first."""
        _person, org = self._me()
        if org == -1:  # no organisation: at no table
            return []
        start = clock.now().isoformat(sep=" ", timespec="minutes")
        end = (clock.now() + dt.timedelta(days=days)).isoformat(sep=" ", timespec="minutes")
        return self.rows(
            f"{Meetings.SELECT} WHERE m.status = 'gepland' AND m.submission_deadline >= :start"
            f" AND m.submission_deadline <= :end AND m.table_id IN ({self._my_tables()})"
            " ORDER BY m.submission_deadline",
            {"org": org, "day": clock.today().isoformat(), "start": start, "end": end},
        )

    def unsigned_missions(self) -> list[Record]:
        """The current missions of the organisation's tables that it has not signed yet."""
        _person, org = self._me()
        if org == -1:
            return []
        return self.rows(
            "SELECT mi.*, t.name AS table_name FROM missions mi JOIN tables t ON t.id = mi.table_id"
            " WHERE mi.revision = (SELECT max(revision) FROM missions r"
            "  WHERE r.table_id = mi.table_id)"
            f" AND mi.table_id IN ({self._my_tables()})"
            " AND NOT EXISTS (SELECT 1 FROM signatures s WHERE s.mission_id = mi.id"
            "  AND s.organisation_id = :org)"
            " ORDER BY t.name COLLATE NOCASE",
            {"org": org, "day": clock.today().isoformat()},
        )

    def overview(self, action_rows: int = ACTION_ROWS) -> dict:
        """Everything the "Mijn" screen shows: the first ``action_rows`` open actions, with
        ``action_counts`` (open, overdue) of all of them."""
        actions = self.actions(limit=action_rows)
        if len(actions) < action_rows:  # all of them: counted as read
            counts = (len(actions), sum(1 for a in actions if a.overdue))
        else:
            counts = self.action_counts()
        return {
            "actions": actions,
            "action_counts": counts,
            "submitted": self.submitted(),
            "deadlines": self.deadlines(),
            "unsigned": self.unsigned_missions(),
        }
