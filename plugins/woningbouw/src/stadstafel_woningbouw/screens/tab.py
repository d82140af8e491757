"""The register as a tab of the Woningbouw table's screen (the ``table_tabs`` hook)."""

from __future__ import annotations

from stadstafel.ui import L, RecordTable, TableTab, call_service
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from stadstafel_woningbouw.model import fmt_int
from stadstafel_woningbouw.service import register_for


class RegisterTab(TableTab):
    """The table's projects by name, with phase, homes and delivery; Enter opens one."""

    DEFAULT_CSS = """
    RegisterTab #wb-tab-summary { height: 1; padding: 0 1; color: $text-muted; }
    RegisterTab #wb-tab-projects { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="wb-tab-summary", markup=False)
        yield RecordTable(
            [
                (L("Project", "Project"), 28, lambda p: p.name),
                (L("Fase", "Phase"), 14, lambda p: p.phase),
                (L("Woningen", "Homes"), 9, lambda p: fmt_int(p.homes_total)),
                (L("Oplevering", "Delivery"), 10, lambda p: p.delivery_year or ""),
            ],
            id="wb-tab-projects",
        )

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        page = call_service(self, register_for(self.workspace).list)
        if page is None:
            return
        self.query_one("#wb-tab-projects", RecordTable).show(page.rows)
        self.query_one("#wb-tab-summary", Static).update(
            L(
                f"{page.total} projecten in het woningbouwregister · Enter opent er een",
                f"{page.total} projects in the housing register · Enter opens one",
            )
        )

    @on(RecordTable.RowSelected, "#wb-tab-projects")
    def _selected(self, event: RecordTable.RowSelected) -> None:
        from stadstafel_woningbouw.screens.project import ProjectScreen

        event.stop()
        record = self.query_one("#wb-tab-projects", RecordTable).current_record
        if record is not None:
            self.app.push_screen(ProjectScreen(self.workspace, record.id))
