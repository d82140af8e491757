"""The one place that says what time it is.

``STADSTAFEL_TODAY=2027-01-04`` (or ``2027-01-04 09:30``) freezes the clock, so tests,
snapshots and demos are reproducible. ``freeze()`` does the same from code.
"""

from __future__ import annotations

import datetime as dt
import os

_frozen: dt.datetime | None = None


def freeze(moment: dt.datetime | dt.date | str | None) -> None:
    """Freeze the clock at ``moment`` (None unfreezes)."""
    global _frozen
    if moment is None or isinstance(moment, dt.datetime):
        _frozen = moment
    elif isinstance(moment, dt.date):
        _frozen = dt.datetime.combine(moment, dt.time(9, 0))
    else:
        _frozen = _parse(moment)


def _parse(text: str) -> dt.datetime:
    text = text.strip().replace("T", " ")
    if len(text) == 10:
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(9, 0))
    return dt.datetime.fromisoformat(text)


def now() -> dt.datetime:
    if _frozen is not None:
        return _frozen
    env = os.environ.get("STADSTAFEL_TODAY")
    if env:
        return _parse(env)
    return dt.datetime.now().replace(microsecond=0)


def today() -> dt.date:
    return now().date()


def today_text() -> str:
    return today().isoformat()
