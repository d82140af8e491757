"""Stalled, slipped and blocked projects (what the agenda gets)."""

from __future__ import annotations

from typing import Any

import stadstafel
from stadstafel.ui import (
    L,
    RecordTable,
    bind,
    call_service,
    literal,
)
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from stadstafel_woningbouw.screens.base import _lang, _RegisterScreen
from stadstafel_woningbouw.screens.project import ProjectScreen


class SignalsScreen(_RegisterScreen):
    """Projects the table should look at: stalled, slipped or blocked (Enter opens one)."""

    TITLE_NL, TITLE_EN = "Woningbouw: stilgevallen projecten", "Housing: stalled projects"
    BINDINGS = [
        bind("escape", "back", "Terug", "Back", id="woningbouw.signals.back"),
        bind(
            "o",
            "to_agenda",
            "Agenderen",
            "To agenda",
            id="woningbouw.signals.agenda",
            right="agenda.submit",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="count", classes="hint", markup=False)
        yield RecordTable(
            [(L("Project", "Project"), 28), (L("Signalen", "Signals"), 46)],
            cells=self.cells,
            key=lambda pair: pair[0].id,
            id="signals",
        )
        yield from self.compose_footer()

    def cells(self, pair: Any) -> list[Any]:
        project, found = pair
        text = "; ".join(sig.text_en if _lang() == "en" else sig.text_nl for sig in found)
        return [project.name, text]

    def right_scope(self, right: str) -> dict:
        """Putting a project on the agenda is submitting an item at the served table."""
        try:
            return {"table_id": self.reg.table_id()}
        except Exception:  # no served table configured: any table
            return {}

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#signals", RecordTable).focus()

    def refresh_data(self) -> None:
        pairs = self.reg.signals()
        self.query_one("#count", Static).update(
            L(
                f"{len(pairs)} projecten vragen aandacht · o = op de volgende agenda",
                f"{len(pairs)} projects need attention · o = onto the next agenda",
            )
        )
        self.query_one("#signals", RecordTable).show(pairs)

    def _next_meeting(self) -> tuple[Any, Any]:
        """The served table and its next meeting (either may be None)."""
        table = self.ws.tables.by_name(self.reg.settings.table)
        if table is None:
            return None, None
        after = stadstafel.now().isoformat(sep=" ", timespec="minutes")
        return table, self.ws.meetings.next_meeting(table.id, after)

    def action_to_agenda(self) -> None:
        """Put the selected project, with its facts, on the served table's next agenda."""
        from stadstafel_woningbouw.plugin import agenda_suggestions

        pair = self.query_one("#signals", RecordTable).current_record
        table, meeting = self._next_meeting()
        if pair is None or meeting is None:
            self.notify(
                L("Geen project of geen volgende vergadering.", "No project or no next meeting."),
                severity="warning",
            )
            return
        key = f"woningbouw:project:{pair[0].id}"
        taken = {i.source_key for i in self.ws.agenda.of_meeting(meeting.id)}
        if key in taken:
            self.notify(
                L(
                    f"{literal(pair[0].name)} staat al op die agenda.",
                    f"{literal(pair[0].name)} is already on that agenda.",
                ),
                severity="warning",
            )
            return
        suggestion = next(
            (s for s in agenda_suggestions(self.ws, table, meeting) or [] if s["key"] == key), None
        )
        if suggestion is None:
            return
        item = call_service(
            self, self.ws.carry_forward.accept, meeting.id, {"origin": "plugin", **suggestion}
        )
        if item is not None:
            self.notify(
                L(
                    f"Op de agenda van {stadstafel.format_date(meeting.starts_at)}:"
                    f" {literal(item.title)}",
                    f"On the agenda of {stadstafel.format_date(meeting.starts_at)}:"
                    f" {literal(item.title)}",
                )
            )

    @on(RecordTable.RowSelected, "#signals")
    def _selected(self, event: RecordTable.RowSelected) -> None:
        pair = self.query_one("#signals", RecordTable).current_record
        if pair is not None:
            self.app.push_screen(ProjectScreen(self.ws, pair[0].id))

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_screen_resume(self) -> None:
        self.refresh_data()
