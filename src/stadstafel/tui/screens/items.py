"""Agendapunten: every agenda item of every meeting, newest first, filtered as you type.

    AgendaItemsScreen()      pushed from the meetings section (``l``) or the command palette

The list is paged from the database (``workspace.agenda.list(filter=, table_id=, status=,
offset=, limit=)``, full-text through the search index), never loaded whole. Enter opens the
item's meeting agenda (an item still on a table's backlog opens the table instead). The list,
its filter and keys are ``widgets.paged_list.PagedListScreen``.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from stadstafel import vocab
from stadstafel.records import Page, Record
from stadstafel.tui.modals import PickerScreen
from stadstafel.tui.options import table_options
from stadstafel.tui.sections import open_agenda, open_table
from stadstafel.tui.styles import SCREEN_CSS
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import bind
from stadstafel.tui.widgets.lists import clip
from stadstafel.tui.widgets.paged_list import PagedListScreen, list_keys
from stadstafel.tui.words import cell, word

ALL = 0
STATUSES: list[str | None] = [None, *vocab.AGENDA_STATUSES]


class AgendaItemsScreen(PagedListScreen):
    """All agenda items. It opens in the filter: type, then Enter or Down to the list, where
    ``f`` keeps one table, ``s`` one status and Enter opens the item's meeting agenda."""

    TITLE_NL = "Agendapunten"
    TITLE_EN = "Agenda items"
    DEFAULT_CSS = SCREEN_CSS
    BINDINGS = list_keys(
        "items",
        bind("f", "pick_table", "Tafel", "Table", id="items.table"),
        bind("s", "next_status", "Status", "Status", id="items.status"),
    )
    LIST_ID, DETAIL_ID = "items", "item-detail"
    FILTER_HINT = ("typ om te zoeken (ctrl+f)", "type to search (ctrl+f)")

    def __init__(self, *, table_id: int | None = None, filter: str = "") -> None:
        super().__init__(filter=filter)
        self.table_id = table_id
        self.table_name = ""
        self.status_index = 0

    def columns(self) -> list[tuple[str, int]]:
        return [
            (L("Datum", "Date"), 10),
            (L("Titel", "Title"), 29),
            (L("Tafel", "Table"), 16),
            (L("Status", "Status"), 13),
        ]

    def on_mount(self) -> None:
        if self.table_id:
            self.table_name = self.ws.tables.get(self.table_id).name
        self._show_scope()
        self.reload()

    @property
    def status(self) -> str | None:
        return STATUSES[self.status_index]

    def fetch(self, offset: int, limit: int) -> Page:
        return self.ws.agenda.list(
            filter=self.filter_text,
            table_id=self.table_id,
            status=self.status,
            offset=offset,
            limit=limit,
        )

    def cells(self, item: Record) -> list[Any]:
        when = (item.meeting_starts_at or "")[:10] or L("backlog", "backlog")
        return [
            Text(when),
            cell(item.title),
            cell(item.table_name),
            Text(word(item.status)),
        ]

    def _reload(self) -> None:
        self.list_view.reload(keep_cursor=False)
        self._show_scope()
        self.show_detail()

    def _show_scope(self) -> None:
        table = clip(self.table_name, 20) if self.table_id else L("alle tafels", "all tables")
        status = word(self.status) if self.status else L("elke status", "any status")
        self.query_one("#scope", Static).update(f"{table} · {status}")

    def show_detail(self) -> None:
        table = self.list_view
        item = table.current_record
        detail = self.query_one("#item-detail", Static)
        if item is None:
            detail.update(
                L(
                    "Geen agendapunten gevonden. f: tafel · s: status · Escape: terug",
                    "No agenda items found. f: table · s: status · Escape: back",
                ),
                layout=False,
            )
        else:
            who = " / ".join(filter(None, [item.submitter_org, item.submitter_person])) or "–"
            meeting = item.meeting_title or L("nog niet ingepland", "not scheduled yet")
            meta = L(f"{meeting} · ingediend door {who}", f"{meeting} · submitted by {who}")
            detail.update(f"{clip(item.title, 78)}\n{clip(meta, 78)}", layout=False)
        total = table.total_text
        self.set_status(
            L(
                f"{total} agendapunten ({len(table.order)} geladen) · Enter opent de agenda",
                f"{total} agenda items ({len(table.order)} loaded) · Enter opens the agenda",
            )
        )

    def open_record(self, item: Record) -> None:
        if item.meeting_id:
            open_agenda(self.app, item.meeting_id)
        else:
            self.notify(
                L(f"'{item.title}' staat nog op de backlog.", f"'{item.title}' is on the backlog."),
                markup=False,
            )
            open_table(self.app, item.table_id)

    def action_next_status(self) -> None:
        self.status_index = (self.status_index + 1) % len(STATUSES)
        self._reload()

    def action_pick_table(self) -> None:
        options: list[tuple[str, Any]] = [(L("alle tafels", "all tables"), ALL)]
        options += table_options(self.ws)
        self.app.push_screen(
            PickerScreen(L("Welke tafel?", "Which table?"), options, value=self.table_id or ALL),
            self._table_picked,
        )

    def _table_picked(self, table_id: int | None) -> None:
        if table_id is None:
            return
        self.table_id = table_id or None
        self.table_name = self.ws.tables.get(table_id).name if table_id else ""
        self._reload()
