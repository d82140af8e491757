"""Option lists for the forms of a table's screen, and the texts of its numbers."""

from __future__ import annotations

from typing import Any

from stadstafel.records import Record
from stadstafel.tui.options import member_options
from stadstafel.tui.text import L
from stadstafel.tui.values import rhythm_text

#: Up to this many people, the chair and secretary selects offer everyone; above it, the
#: likely candidates (people of member organisations, chairs and secretaries elsewhere) and
#: ctrl+o picks from everyone.
PEOPLE_IN_SELECT = 300
MANUAL = "manual"

__all__ = [
    "MANUAL",
    "chair_options",
    "everyone",
    "indicator_options",
    "member_options",
    "number_text",
    "person_label",
    "plain_number",
    "rhythm_text",
    "topic_options",
]


def number_text(value: Any) -> str:
    if value is None:
        return "?"
    return f"{value:g}" if isinstance(value, float) else str(value)


def plain_number(value: Any) -> str | None:
    """A stored float as a person would type it (8000, 12.5); None stays None."""
    return None if value is None else number_text(value)


def person_label(person: Record, org_name: str | None = None) -> str:
    org = org_name if org_name is not None else person.organisation_name
    return f"{person.name} — {org}" if org else str(person.name)


def everyone(ws: Any) -> list[tuple[str, int]]:
    """Every person, "Name — Organisation", sorted by name (for a PickerScreen)."""
    return [(person_label(p), p.id) for p in ws.people.list().rows]


def chair_options(ws: Any, table: Record) -> list[tuple[str, int]]:
    """People to choose a chair or secretary from: everyone when there are few people, else
    the people of the table's members, the current holders, and chairs and secretaries of
    other tables (independent chairs often sit at several tables)."""
    page = ws.people.list(limit=PEOPLE_IN_SELECT + 1)
    if page.total <= PEOPLE_IN_SELECT:
        return [(person_label(p), p.id) for p in page.rows]
    found: dict[int, str] = {}
    if table.id:
        for member in ws.tables.members(table.id):
            for p in ws.people.of_organisation(member.organisation_id):
                found[p.id] = person_label(p)
    ids = {table.chair_person_id, table.secretary_person_id}
    for other in ws.tables.list():
        ids |= {other.chair_person_id, other.secretary_person_id}
    for pid in ids - set(found) - {None}:
        p = ws.people.find(pid)
        if p is not None:
            org = ws.organisations.find(p.organisation_id)
            found[p.id] = person_label(p, org.name if org else "")
    return sorted(((label, pid) for pid, label in found.items()), key=lambda o: o[0].casefold())


def topic_options(table: Record, *extra: str | None, ws: Any = None) -> list[str]:
    """The table's topics, then ``extra``, then (given ``ws``) every registered topic: the
    core's and the plugins' (``register_topics``)."""
    topics = list(table.topics or [])
    known = list(ws.topics()) if ws is not None else []
    for topic in [*extra, *known]:
        if topic and topic not in topics:
            topics.append(topic)
    return topics


def indicator_options(ws: Any, current: str | None = None) -> list[tuple[str, str]]:
    """Manual ("handmatig") and every plugin indicator known: registered as vocabulary
    ``goal_indicators`` or used by a goal of any table."""
    known: list[str] = list(ws.vocabulary("goal_indicators"))
    for table in ws.tables.list():
        for goal in ws.goals.of_table(table.id):
            if goal.indicator and goal.indicator != MANUAL and goal.indicator not in known:
                known.append(goal.indicator)
    if current and current != MANUAL and current not in known:
        known.append(current)
    return [(L("handmatig (stand zelf invullen)", "manual (enter the value)"), MANUAL)] + [
        (name, name) for name in sorted(known)
    ]
