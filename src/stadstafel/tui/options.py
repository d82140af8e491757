"""Option lists for forms and pickers: tables, a table's members, people of organisations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def table_options(ws: Any) -> list[tuple[str, int]]:
    """Every table, as (name, id)."""
    return ws.tables.names()


def member_options(ws: Any, table_id: int) -> list[tuple[str, int]]:
    """The table's current member organisations (partners first), as (label, id)."""
    members = ws.tables.members(table_id)
    members.sort(key=lambda m: (m.role != "partner", (m.organisation_name or "").casefold()))
    out = []
    for m in members:
        role = "" if m.role == "partner" else f" ({m.role})"
        out.append((f"{m.organisation_name}{role}", m.organisation_id))
    return out


def person_options(ws: Any, org_ids: Iterable[int]) -> list[tuple[str, int]]:
    """People of these organisations, labelled "Name — Organisation"."""
    return [
        (f"{p.name} — {p.organisation_name or ''}".rstrip(" —"), p.id)
        for p in ws.people.of_organisations(org_ids)
    ]
