"""The besluitenlijst: every decision of one table, newest meeting first, filtered as you type.

    DecisionsScreen(table_id)   pushed from a table's screen (``l``)

Paged from ``workspace.decisions.list(table_id=, filter=, offset=, limit=)`` (the filter
matches words of the decision, its agenda item and its meeting's title). Under the list the
whole decision with its meeting and agenda item; Enter opens the meeting's agenda. The same
list for scripts: ``stadstafel decisions list --table …``.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Static

from stadstafel import i18n
from stadstafel.records import Page, Record
from stadstafel.tui.calls import call_service
from stadstafel.tui.sections import open_agenda
from stadstafel.tui.styles import SCREEN_CSS
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import AppHeader, StadstafelScreen, bind
from stadstafel.tui.widgets.lists import clip
from stadstafel.tui.widgets.paged import PagedRecordTable, filter_bar, type_into_filter
from stadstafel.tui.words import cell, word

PAGE = 50


class DecisionsScreen(StadstafelScreen):
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
    # The focus starts in the filter (as on the agenda items list): a first letter that is
    # also a section key would otherwise switch sections.
    AUTO_FOCUS = "#filter"
    BINDINGS = [
        bind("down", "to_list", "Naar de lijst", "To the list", show=False,
             id="decisions.to_list"),
        bind("ctrl+f", "focus_filter", "Filter", id="decisions.filter"),
        bind("E", "export", "Exporteren", "Export", id="decisions.export"),
        bind("escape", "back", "Terug", "Back", id="decisions.back"),
    ]  # fmt: skip

    def __init__(self, table_id: int, *, filter: str = "") -> None:
        super().__init__()
        self.table_id = table_id
        self.initial_filter = filter

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield filter_bar(
            "scope",
            L("typ om te filteren (ctrl+f)", "type to filter (ctrl+f)"),
            self._filter_changed,
            value=self.initial_filter,
        )
        yield PagedRecordTable(
            [
                (L("Datum", "Date"), 10),
                (L("Vergadering", "Meeting"), 16),
                (L("Besluit", "Decision"), 34),
                (L("Terugblik", "Review"), 10),
            ],
            fetch=self._fetch,
            cells=self._cells,
            page_size=PAGE,
            id="decisions",
        )
        yield Static("", id="decision-detail", markup=False)
        yield Static("", id="status", classes="statusline", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        table = call_service(self, self.ws.tables.get, self.table_id)
        name = table.name if table else ""
        # the screen's name first: a long table name is clipped in the header
        self.query_one(AppHeader).update_text(f"{L('Besluitenlijst', 'Decisions')} · {name}")
        self.query_one("#scope", Static).update(clip(name, 24))
        self.list_view.reload(keep_cursor=False)
        self._show_detail()

    # -- data ---------------------------------------------------------------------------------
    @property
    def list_view(self) -> PagedRecordTable:
        return self.query_one("#decisions", PagedRecordTable)

    @property
    def filter_text(self) -> str:
        return self.query_one("#filter", Input).value.strip()

    def _fetch(self, offset: int, limit: int) -> Page:
        return self.ws.decisions.list(
            table_id=self.table_id, filter=self.filter_text, offset=offset, limit=limit
        )

    @staticmethod
    def _cells(decision: Record) -> list[Any]:
        return [
            Text((decision.meeting_starts_at or "")[:10]),
            cell(clip(decision.meeting_title or "", 16)),
            cell(clip(decision.text, 34)),
            Text(decision.review_date or ""),
        ]

    def refresh_data(self) -> None:
        self.list_view.reload(keep_cursor=True)
        self._show_detail()

    def _show_detail(self) -> None:
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
        self.query_one("#status", Static).update(
            L(
                f"{total} besluiten · Enter opent de vergadering · ctrl+f filter",
                f"{total} decisions · Enter opens the meeting · ctrl+f filter",
            ),
            layout=False,
        )

    # -- events -------------------------------------------------------------------------------
    def _filter_changed(self, _value: str) -> None:
        if self.is_mounted:
            self.list_view.reload(keep_cursor=False)
            self._show_detail()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.list_view.focus()

    @on(DataTable.RowHighlighted, "#decisions")
    def _moved(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#decisions")
    def _open(self, event: DataTable.RowSelected) -> None:
        event.stop()
        decision = self.list_view.current_record
        if decision is not None:
            open_agenda(self.app, decision.meeting_id)

    def on_key(self, event: events.Key) -> None:
        type_into_filter(self, event)  # typing on the list filters it

    # -- actions ------------------------------------------------------------------------------
    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_export(self) -> None:
        """The formats for the highlighted decision's meeting (its besluitenlijst first) and
        for this table."""
        from stadstafel.tui.commands import offer_exports

        decision = self.list_view.current_record
        meeting = decision.meeting_id if decision is not None else None
        offer_exports(self.app, meeting=meeting, table=self.table_id, first="besluitenlijst-")

    def action_to_list(self) -> None:
        self.list_view.focus()

    def action_back(self) -> None:
        """Escape: out of the filter first (clearing it), then back to the table."""
        filt = self.query_one("#filter", Input)
        if self.focused is filt or filt.value:
            filt.value = ""
            self.list_view.focus()
            return
        self.app.pop_screen()
