"""Mijn werk (mine): what concerns the signed-in person and their organisation.

From ``workspace.mine.overview()``: open actions and toezeggingen (overdue first), agenda
items they submitted and their status, the coming submission deadlines of their tables, and
missions waiting for their organisation's signature. The home screen of a partner (see
``is_partner``). Enter opens the action, the item's meeting, the agenda, or the mission.
"""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from stadstafel import i18n
from stadstafel.records import Record
from stadstafel.services.mine import is_partner  # noqa: F401  (where it is used)
from stadstafel.tui.calls import call_service
from stadstafel.tui.screens.home import short_when
from stadstafel.tui.sections import open_action, open_agenda, open_table
from stadstafel.tui.text import L
from stadstafel.tui.textual_private import shutting_down
from stadstafel.tui.widgets.base import SectionScreen, bind
from stadstafel.tui.widgets.lists import RecordTable


def _kind(action: Record) -> str:
    return L("Toezegging", "Commitment") if action.kind == "toezegging" else L("Actie", "Action")


def _due(action: Record) -> str:
    """``! 31 dec 2026`` for an overdue one (the "!" says it without colour), else the date."""
    if not action.due:
        return "-"
    day = dt.date.fromisoformat(str(action.due)[:10])
    month = i18n.MONTHS[i18n.language()][day.month - 1][:3]
    return f"{'! ' if action.overdue else ''}{day.day} {month} {day.year}"


class MineScreen(SectionScreen):
    """Four lists under each other; Tab moves between them, Enter opens the row."""

    TITLE_NL, TITLE_EN = "Mijn werk", "My work"
    AUTO_FOCUS = ""
    BINDINGS = [
        bind("r", "reload", "Vernieuwen", "Refresh", id="mine.refresh"),
        # a partner's first screen: it says how to leave (the app's q, shown here)
        bind("q", "app.quit", "Stoppen", "Quit", id="mine.quit"),
    ]
    DEFAULT_CSS = """
    MineScreen RecordTable { height: auto; max-height: 12; margin-bottom: 1; }
    MineScreen .section-title.-alone { margin-bottom: 1; }
    """

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="mine"):
            yield Static("", id="who", classes="hint", markup=False)
            yield Static("", id="actions-title", classes="section-title", markup=False)
            yield RecordTable(
                [
                    (L("Uiterlijk", "Due"), 13, _due),
                    (L("Soort", "Kind"), 10, _kind),
                    (L("Wat", "What"), 29, lambda a: a.text),
                    (L("Tafel", "Table"), 16, lambda a: a.table_name),
                ],
                id="actions",
            )
            yield Static("", id="submitted-title", classes="section-title", markup=False)
            yield RecordTable(
                [
                    (L("Status", "Status"), 11, lambda i: i.status),
                    (L("Punt", "Item"), 26, lambda i: i.title),
                    (L("Tafel", "Table"), 16, lambda i: i.table_name),
                    (L("Vergadering", "Meeting"), 16, lambda i: short_when(i.meeting_starts_at)),
                ],
                id="submitted",
            )
            yield Static("", id="deadlines-title", classes="section-title", markup=False)
            yield RecordTable(
                [
                    (
                        L("Indienen vóór", "Submit before"),
                        17,
                        lambda m: short_when(m.submission_deadline),
                    ),
                    (L("Tafel", "Table"), 30, lambda m: m.table_name),
                    (L("Vergadering", "Meeting"), 16, lambda m: short_when(m.starts_at)),
                ],
                id="deadlines",
            )
            yield Static("", id="unsigned-title", classes="section-title", markup=False)
            yield RecordTable(
                [
                    (L("Tafel", "Table"), 30, lambda m: m.table_name),
                    (L("Versie", "Revision"), 8, lambda m: m.revision),
                ],
                id="unsigned",
            )

    def on_mount(self) -> None:
        if shutting_down(self.app):  # built in a pause as the app closed: no children
            return
        self.refresh_data()
        for table in self.query(RecordTable):
            if table.display:
                table.focus(scroll_visible=False)
                break

    def action_reload(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        data = call_service(self, self.ws.mine.overview)
        if data is None:
            return
        actor = self.ws.actor
        org = None
        if actor.organisation_id is not None:
            org = call_service(self, self.ws.organisations.get, actor.organisation_id)
        who = actor.display or actor.login
        self.query_one("#who", Static).update(f"{who} · {org.name}" if org is not None else who)
        total, late = data["action_counts"]
        shown = len(data["actions"])
        first = L(f"; de eerste {shown}", f"; the first {shown}") if shown < total else ""
        self._fill(
            "actions",
            data["actions"],
            L(f"Open acties en toezeggingen ({total}, {late} te laat{first})",
              f"Open actions and commitments ({total}, {late} late{first})"),
            L("Geen open acties of toezeggingen.", "No open actions or commitments."),
        )  # fmt: skip
        self._fill(
            "submitted",
            data["submitted"],
            L("Ingediende punten", "Items submitted"),
            L("Nog geen punten ingediend.", "No items submitted yet."),
        )
        self._fill(
            "deadlines",
            data["deadlines"],
            L("Indiendeadlines van uw tafels", "Submission deadlines of your tables"),
            L("Geen indiendeadlines in de komende weken.", "No deadlines in the coming weeks."),
        )
        self._fill(
            "unsigned",
            data["unsigned"],
            L("Missies die op uw handtekening wachten", "Missions awaiting your signature"),
            L("Geen missies om te tekenen.", "No missions to sign."),
        )

    def _fill(self, name: str, rows: list, title: str, empty: str) -> None:
        table = self.query_one(f"#{name}", RecordTable)
        table.show(rows)
        table.display = bool(rows)
        head = self.query_one(f"#{name}-title", Static)
        head.set_class(not rows, "-alone")
        head.set_class(not rows, "-noted")
        if rows:
            head.update(title)
        else:
            head.update(Content.assemble(title, "\n", (empty, "not bold $text-muted")))

    @on(RecordTable.RowSelected)
    def _selected(self, event: RecordTable.RowSelected) -> None:
        table = event.data_table
        assert isinstance(table, RecordTable)
        record = table.current_record
        if record is None:
            return
        if table.id == "actions":
            open_action(self.app, record.id)
        elif table.id == "submitted":
            if record.meeting_id:
                open_agenda(self.app, record.meeting_id)
            else:
                open_table(self.app, record.table_id)
        elif table.id == "deadlines":
            open_agenda(self.app, record.id)
        elif table.id == "unsigned":
            open_table(self.app, record.table_id, tab="missie")
