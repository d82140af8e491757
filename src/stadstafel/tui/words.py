"""Words and dates as the screens show them, in the current language.

- ``word(value)``: a vocabulary word (a status, kind or purpose) in English when the language
  is English (``STATUS_EN``), else as stored;
- ``day_text(value)`` ("14 januari 2027"), ``moment_text(value)`` ("14 januari 2027 14:00");
- ``cell(value)``: user text for a ``DataTable`` cell, never read as markup.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text

from stadstafel import i18n

STATUS_EN = {
    "gepland": "planned",
    "agenda vastgesteld": "agenda set",
    "gehouden": "held",
    "verslag vastgesteld": "minutes approved",
    "geannuleerd": "cancelled",
    "ingediend": "submitted",
    "geagendeerd": "on agenda",
    "behandeld": "handled",
    "doorgeschoven": "postponed",
    "ingetrokken": "withdrawn",
    "open": "open",
    "gereed": "done",
    "vervallen": "dropped",
    "actie": "action",
    "toezegging": "commitment",
    "informatie": "information",
    "bespreking": "discussion",
    "besluitvorming": "decision",
    "aanwezig": "present",
    "afwezig met bericht": "apologies",
    "afwezig": "absent",
    "nieuw": "new",
    "beantwoord": "answered",
    "brief": "letter",
    "spreekuur": "consultation hour",
    "telefoon": "phone",
    "overig": "other",
}


def word(value: str | None) -> str:
    """A vocabulary word (status, kind, purpose) in the current language."""
    if not value:
        return ""
    return STATUS_EN.get(value, value) if i18n.language() == "en" else value


def day_text(value: str | dt.date | None, weekday: bool = False) -> str:
    """``14 januari 2027`` (or with the weekday)."""
    return i18n.format_date(value, weekday=weekday) if value else ""


def moment_text(value: str | None, weekday: bool = False) -> str:
    """``14 januari 2027 14:00``."""
    if not value:
        return ""
    moment = dt.datetime.fromisoformat(str(value).replace("T", " "))
    return f"{i18n.format_date(moment.date(), weekday=weekday)} {moment:%H:%M}"


def cell(value: Any) -> Text:
    """User text for a DataTable cell: never read as markup, control characters neutralised,
    cut with "…" at the column's width where it is drawn (a wider column shows more)."""
    from stadstafel.tui.widgets.lists import cell_text

    return cell_text(value)


def line_width(widget: Any, default: int = 78) -> int:
    """How many characters one line of ``widget`` holds now (its content width; before the
    first layout the terminal's width less a margin), so a line is cut where the screen ends,
    not at a fixed 80-column width."""
    width = widget.content_size.width
    if width <= 0:
        width = (widget.app.size.width or default + 2) - 2
    return max(20, width)
