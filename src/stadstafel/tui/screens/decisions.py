"""The besluitenlijst: every decision of one table, newest meeting first, filtered as you type.

    DecisionsScreen(table_id)   pushed from a table's screen (``l``)

Paged from ``workspace.decisions.list(table_id=, filter=, offset=, limit=)`` (the filter
matches words of the decision, its agenda item and its meeting's title). Under the list the
whole decision with its meeting and agenda item; Enter opens the meeting's agenda. The same
list for scripts: ``stadstafel decisions list --table …``. The list, its filter and keys are
``widgets.paged_list.PagedListScreen``.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from stadstafel import i18n
from stadstafel.records import Page, Record
from stadstafel.tui.calls import call_service
from stadstafel.tui.sections import open_agenda
from stadstafel.tui.styles import SCREEN_CSS
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import bind
from stadstafel.tui.widgets.lists import clip
from stadstafel.tui.widgets.paged_list import PagedListScreen, list_keys
from stadstafel.tui.words import cell, word


class DecisionsScreen(PagedListScreen):
    """One table's decisions. It opens in the filter: type, then Enter or Down to the list."""

    TITLE_NL = "Besluitenlijst"
    TITLE_EN = "Decisions"
    DEFAULT_CSS = (
        SCREEN_CSS
        + """
    DecisionsScreen #decisions { height: 1fr; }
    DecisionsScreen #decision-detail {
        height: 4; padding: 0 1; border-top: solid $secondary;
    }
    """
    )
    BINDINGS = list_keys(
        "decisions", bind("E", "export", "Exporteren", "Export", id="decisions.export")
    )
    LIST_ID, DETAIL_ID = "decisions", "decision-detail"
    ESCAPE_CLEARS_FROM_LIST = True

    def __init__(self, table_id: int, *, filter: str = "") -> None:
        super().__init__(filter=filter)
        self.table_id = table_id

    def columns(self) -> list[tuple[str, int]]:
        return [
            (L("Datum", "Date"), 10),
            (L("Vergadering", "Meeting"), 16),
            (L("Besluit", "Decision"), 34),
            (L("Terugblik", "Review"), 10),
        ]

    def on_mount(self) -> None:
        table = call_service(self, self.ws.tables.get, self.table_id)
        name = table.name if table else ""
        # the screen's name first: a long table name is clipped in the header
        self.set_heading(f"{L('Besluitenlijst', 'Decisions')} · {name}")
        self.query_one("#scope", Static).update(clip(name, 24))
        self.reload()

    def fetch(self, offset: int, limit: int) -> Page:
        return self.ws.decisions.list(
            table_id=self.table_id, filter=self.filter_text, offset=offset, limit=limit
        )

    def cells(self, decision: Record) -> list[Any]:
        return [
            Text((decision.meeting_starts_at or "")[:10]),
            cell(decision.meeting_title),
            cell(decision.text),
            Text(decision.review_date or ""),
        ]

    def show_detail(self) -> None:
        table = self.list_view
        decision = table.current_record
        detail = self.query_one("#decision-detail", Static)
        if decision is None:
            detail.update(
                L("Geen besluiten gevonden. Escape: terug", "No decisions found. Escape: back"),
                layout=False,
            )
        else:
            when = i18n.format_date(decision.meeting_starts_at, weekday=False)
            meeting = f"{decision.meeting_title or ''} ({when}, {word(decision.meeting_status)})"
            item = decision.item_title or L("geen agendapunt", "no agenda item")
            review = (
                L(f" · terugblik {decision.review_date}", f" · review {decision.review_date}")
                if decision.review_date
                else ""
            )
            detail.update(
                f"{clip(decision.text, 156)}\n{clip(meeting + ' · ' + item + review, 78)}",
                layout=False,
            )
        total = table.total_text
        self.set_status(
            L(
                f"{total} besluiten · Enter opent de vergadering · ctrl+f filter",
                f"{total} decisions · Enter opens the meeting · ctrl+f filter",
            )
        )

    def open_record(self, decision: Record) -> None:
        open_agenda(self.app, decision.meeting_id)

    def action_export(self) -> None:
        """The formats for the highlighted decision's meeting (its besluitenlijst first) and
        for this table."""
        from stadstafel.tui.commands import offer_exports

        decision = self.list_view.current_record
        meeting = decision.meeting_id if decision is not None else None
        offer_exports(self.app, meeting=meeting, table=self.table_id, first="besluitenlijst-")
