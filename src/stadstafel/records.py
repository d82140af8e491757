"""Records as the services hand them out: a dict with attribute access.

A record is a plain row of its table (JSON-list columns decoded), so it serialises to JSON and
CSV as it is, and screens can read ``item.title`` or ``item["title"]``.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from stadstafel.textsafe import has_control, neutralise

COUNT_CAP = 10_000  # lists count matches up to here; beyond, "10.000+"
JSON_LIST_COLUMNS = {"topics", "representatives", "organisation_ids", "standard_agenda"}


class Record(dict):
    """One row. ``rec.name`` is ``rec["name"]``; a missing key reads as ``None``."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)

    @classmethod
    def from_row(cls, row: dict | None) -> Record | None:
        if row is None:
            return None
        rec = cls(row)
        # Text stored before the services neutralised input (or written around them) is
        # neutralised on the way out too: no control character reaches a screen or a pipe.
        for key, value in rec.items():
            if isinstance(value, str) and has_control(value):
                rec[key] = neutralise(value)
        for col in JSON_LIST_COLUMNS & rec.keys():
            value = rec[col]
            items = json.loads(value) if isinstance(value, str) and value else []
            rec[col] = [
                neutralise(v, multiline=False) if isinstance(v, str) and has_control(v) else v
                for v in items
            ]
        return rec

    @classmethod
    def from_tuples(cls, names: list[str], rows: list[tuple]) -> list[Record]:
        """``from_row`` for many rows of the same columns. Text with a control character is
        rare: one search over the whole batch's text finds whether any row has one, and
        only then is each value looked at."""
        clean = JSON_LIST_COLUMNS.isdisjoint(names) and not has_control(
            " ".join([v for row in rows for v in row if v.__class__ is str])
        )
        if clean:
            return [cls(zip(names, row, strict=True)) for row in rows]
        return [cls.from_row(dict(zip(names, row, strict=True))) for row in rows]


class ChangeEvent(NamedTuple):
    """What ``on_change`` hooks receive after a committed mutation."""

    action: str  # create | update | delete | a verb such as sign, postpone
    record_type: str  # organisation, person, agenda_item, …
    record_id: int | None
    actor: str
    before: dict | None
    after: dict | None


class Page(NamedTuple):
    """One page of a paged list query."""

    rows: list[Record]
    total: int  # exact up to COUNT_CAP; at the cap it means "at least this many"
    offset: int
    limit: int

    @property
    def capped(self) -> bool:
        return self.total >= COUNT_CAP
