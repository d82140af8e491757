"""The stylesheet the record screens share (meetings, agenda, minutes, carry forward, actions,
agenda items, besluitenlijst): ``screens/meetings.tcss``, read once at import and handed to
Textual as each screen's ``DEFAULT_CSS``. A screen's ``CSS`` would make Textual reparse the
whole stylesheet when the screen first shows, and ``CSS_PATH`` files go through the app's
``sections.check_css``, which parses them without the theme's variables."""

from __future__ import annotations

from pathlib import Path

SCREEN_CSS = (Path(__file__).parent / "screens" / "meetings.tcss").read_text(encoding="utf-8")
