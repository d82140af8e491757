"""Reading the core's records from a plugin: ``workspace.read``.

A plugin never runs SQL on the core's tables (their columns may change between versions);
it reads organisations, people, tables and meetings here, and writes them through the core's
services (``workspace.organisations.create(...)``)::

    names = workspace.read.organisation_names([3, 7])     # {3: "Portaal", 7: "De Sleutels"}
    page = workspace.read.organisations(filter="bouw", limit=50)
    table = workspace.read.table_by_name("Samenwerkingstafel Woningbouw")

Every list is a :class:`~stadstafel.records.Page` whose ``total`` is capped at ``COUNT_CAP``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from stadstafel.records import Page, Record
from stadstafel.textsafe import has_control, neutralise

if TYPE_CHECKING:
    from stadstafel.workspace import Workspace

COUNTED = {"organisations", "people", "tables", "meetings"}


class Reader:
    """Read-only access to the core records a plugin needs."""

    def __init__(self, ws: Workspace):
        self._ws = ws

    # -- organisations ------------------------------------------------------------------
    def organisations(
        self,
        *,
        filter: str = "",
        kind: str | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> Page:
        """Organisations by name, optionally filtered by a name fragment and a kind."""
        return self._ws.organisations.list(filter=filter, kind=kind, offset=offset, limit=limit)

    def organisation(self, id: int | None) -> Record | None:
        return self._ws.organisations.find(id)

    def organisation_by_name(self, name: str) -> Record | None:
        return self._ws.organisations.by_name(name)

    def organisation_names(self, ids: Iterable[int]) -> dict[int, str]:
        """``{id: name}`` of the organisations among ``ids`` that exist (one query)."""
        return self._names("organisations", ids)

    def _names(self, table: str, ids: Iterable[int]) -> dict[int, str]:
        wanted = sorted({int(i) for i in ids if i is not None})
        if not wanted:
            return {}
        rows = self._ws.store.query(
            f"SELECT id, name FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(wanted)],
        )
        # neutralised as a Record's text is (a name stored around the services): a module
        # shows these names in its screens and lists
        return {
            r["id"]: neutralise(name, multiline=False) if _control(name) else name
            for r in rows
            for name in (r["name"],)
        }

    def organisation_ids_matching(self, text: str) -> list[int]:
        """Ids of the organisations whose name contains ``text`` (case-insensitive)."""
        rows = self._ws.store.query(
            "SELECT id FROM organisations WHERE name LIKE ? ORDER BY id", [f"%{text}%"]
        )
        return [r["id"] for r in rows]

    # -- people -------------------------------------------------------------------------
    def people(
        self,
        *,
        filter: str = "",
        organisation_id: int | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> Page:
        return self._ws.people.list(
            filter=filter, organisation_id=organisation_id, offset=offset, limit=limit
        )

    def person(self, id: int | None) -> Record | None:
        return self._ws.people.find(id)

    # -- tables and meetings ------------------------------------------------------------
    def tables(self, *, offset: int = 0, limit: int | None = None) -> Page:
        return self._ws.tables.page(offset=offset, limit=limit)

    def table(self, id: int | None) -> Record | None:
        return self._ws.tables.find(id)

    def table_names(self, ids: Iterable[int]) -> dict[int, str]:
        """``{id: name}`` of the tables among ``ids`` that exist (one query): for a list of a
        plugin's records from many tables."""
        return self._names("tables", ids)

    def table_by_name(self, name: str) -> Record | None:
        return self._ws.tables.by_name(name) if name else None

    def meetings(
        self,
        *,
        table_id: int | None = None,
        start: Any = None,
        end: Any = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> Page:
        return self._ws.meetings.list(
            table_id=table_id, start=start, end=end, offset=offset, limit=limit
        )

    def meeting(self, id: int | None) -> Record | None:
        return self._ws.meetings.find(id)

    # -- agenda items that came from a plugin ----------------------------------------------
    def agenda_items_from(self, prefix: str) -> list[dict]:
        """The agenda items whose ``source_key`` (the key of the suggestion they were made
        from) starts with ``prefix``, e.g. ``"groen:inspectie:"``, in one query on an index:
        dicts with ``id``, ``source_key``, ``status``, ``table_id``, ``meeting_id`` and the
        meeting's ``starts_at`` and ``meeting_status`` (None for an item on a backlog). For a
        plugin that asks "is this suggestion on an agenda in time?" for many records at once."""
        if not prefix:
            raise ValueError("agenda_items_from: a prefix is required")
        return self._ws.store.query(
            "SELECT a.id, a.source_key, a.status, a.table_id, a.meeting_id, m.starts_at,"
            " m.status AS meeting_status"
            " FROM agenda_items a LEFT JOIN meetings m ON m.id = a.meeting_id"
            " WHERE a.source_key >= ? AND a.source_key < ? ORDER BY a.id",
            [prefix, prefix + "\U0010ffff"],
        )

    # -- figures ------------------------------------------------------------------------
    def count(self, what: str) -> int:
        """The exact number of ``organisations``, ``people``, ``tables`` or ``meetings``."""
        if what not in COUNTED:
            raise ValueError(f"count: one of {', '.join(sorted(COUNTED))}, not {what!r}")
        return self._ws.store.scalar(f"SELECT count(*) FROM {what}")


def _control(value: object) -> bool:
    return isinstance(value, str) and has_control(value)
