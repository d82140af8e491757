"""Tables (tafels): the list with chair, secretary, rhythm and werkafspraken.

    TablesScreen()   the "t" section: n new, e edit, d delete, Enter opens the table's screen
                     (``screens.table.detail.TableDetailScreen``), m opens it on its mission

A table's screen and its tabs are the package ``stadstafel.tui.screens.table``.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from stadstafel.records import Record
from stadstafel.tui.calls import call_service, service_action
from stadstafel.tui.modals import ConfirmScreen
from stadstafel.tui.screens.table.base import may
from stadstafel.tui.screens.table.options import rhythm_text
from stadstafel.tui.sections import open_table
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import SectionScreen, bind
from stadstafel.tui.widgets.lists import RecordTable, clip
from stadstafel.tui.widgets.paged import PagedRecordTable

__all__ = ["TableDetailScreen", "TablesScreen"]  # noqa: F822  (the first on first use, below)


def __getattr__(name: str):
    # The table's screen and its tabs (0.2 MB of code) are imported when a table is opened,
    # not with the list (docs/benchmarks.md, "Twelfth round (2026-12-07): the code loaded").
    if name == "TableDetailScreen":
        from stadstafel.tui.screens.table.detail import TableDetailScreen

        return TableDetailScreen
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class TablesScreen(SectionScreen):
    """All tables; the highlighted one's chair, secretary, rhythm and werkafspraken below."""

    TITLE_NL, TITLE_EN = "Tafels", "Tables"
    BINDINGS = [
        bind("enter", "open", "Openen", "Open", id="tables.open", show=False),
        bind("n", "new", "Nieuwe tafel", "New table", id="tables.new", right="table.create"),
        bind("e", "edit", "Wijzig", "Edit", id="tables.edit", right="table.update"),
        bind("d", "delete", "Verwijder", "Delete", id="tables.delete", right="table.delete"),
        bind("m", "open('missie')", "Missie", "Mission", id="tables.mission"),
    ]
    DEFAULT_CSS = """
    TablesScreen #tables { height: 1fr; }
    TablesScreen #preview {
        height: 9; border-top: solid $secondary; padding: 0 1; overflow-y: auto;
    }
    """

    def compose_body(self) -> ComposeResult:
        yield PagedRecordTable(
            [
                (L("Tafel", "Table"), 30, lambda t: t.name),
                (L("Soort", "Kind"), 18, lambda t: t.kind),
                (L("Leden", "Members"), 6, lambda t: t.members),
                (L("Ritme", "Rhythm"), 14, lambda t: rhythm_text(t.rhythm)),
            ],
            fetch=lambda offset, limit: self.ws.tables.page(offset=offset, limit=limit),
            id="tables",
        )
        yield Static("", id="preview", markup=False)

    @property
    def table(self) -> PagedRecordTable:
        return self.query_one("#tables", PagedRecordTable)

    def right_scope(self, right: str) -> dict:
        """Editing or deleting: at the table under the cursor (tui/rights.py)."""
        if right == "table.create":
            return {}
        row = self.table.current_record if self.is_mounted else None
        return {"table_id": row.id if row is not None else None}

    def on_mount(self) -> None:
        self.refresh_data()
        self.table.focus()

    def refresh_data(self) -> None:
        self.table.reload()
        self.update_preview()

    @on(RecordTable.RowHighlighted, "#tables")
    def _highlighted(self, event: RecordTable.RowHighlighted) -> None:
        self.update_preview()

    def update_preview(self) -> None:
        table = self.table.current_record
        preview = self.query_one("#preview", Static)
        if table is None:
            preview.update(L("Nog geen tafels. n: nieuwe tafel.", "No tables yet. n: new table."))
            return
        lines = [
            f"{L('Voorzitter', 'Chair')}: {table.chair_name or '—'} · "
            f"{L('Secretaris', 'Secretary')}: {table.secretary_name or '—'} · "
            f"{L('Ritme', 'Rhythm')}: {rhythm_text(table.rhythm) or '—'}",
        ]
        if table.topics:
            lines.append(f"{L('Thema’s', 'Topics')}: {', '.join(table.topics)}")
        if table.period_start or table.period_end:
            lines.append(
                f"{L('Periode', 'Period')}: {table.period_start or '…'} – {table.period_end or '…'}"
            )
        agreements = self.ws.working_agreements.of_table(table.id)
        lines.append(
            L(f"Werkafspraken ({len(agreements)}):", f"Working agreements ({len(agreements)}):")
        )
        for wa in agreements:
            lines.append(f"  {wa.subject}: {clip(wa.text, 72 - len(wa.subject))}")
        if not agreements:
            lines.append(L("  (nog geen)", "  (none yet)"))
        preview.update("\n".join(lines))

    @on(RecordTable.RowSelected, "#tables")
    def _selected(self, event: RecordTable.RowSelected) -> None:
        self.action_open()

    def action_open(self, tab: str | None = None) -> None:
        table = self.table.current_record
        if table is not None:
            open_table(self.app, table.id, tab)

    def action_new(self) -> None:
        if not may(self, "table.create"):
            return
        from stadstafel.tui.screens.table.forms import table_form  # with a form, not the list

        self.app.push_screen(
            table_form(
                self.ws,
                None,
                L("Nieuwe tafel", "New table"),
                lambda v: self.ws.tables.create(**v),
            ),
            self._saved,
        )

    @service_action
    def action_edit(self) -> None:
        record = self.table.current_record
        if record is None or not may(self, "table.update", table_id=record.id):
            return
        table = self.ws.tables.get(record.id)
        from stadstafel.tui.screens.table.forms import edit_table_form  # with a form

        self.app.push_screen(
            edit_table_form(self.ws, table),
            self._saved,
        )

    def _saved(self, record: Record | None) -> None:
        if record is not None:
            self.refresh_data()
            self.table.select_key(record.id)
            self.notify(L(f"Opgeslagen: {record.name}", f"Saved: {record.name}"), markup=False)

    def action_delete(self) -> None:
        record = self.table.current_record
        if record is None or not may(self, "table.delete", table_id=record.id):
            return

        def answer(yes: bool | None) -> None:
            if yes and call_service(
                self, lambda: self.ws.tables.delete(record.id, record.version) or True
            ):
                self.refresh_data()
                self.notify(L(f"Tafel '{record.name}' verwijderd.",
                              f"Table '{record.name}' deleted."), markup=False)  # fmt: skip

        self.app.push_screen(
            ConfirmScreen(
                L(
                    f"Tafel '{record.name}' verwijderen, met haar leden, werkafspraken, "
                    "belangen, missie, doelen en initiatieven?",
                    f"Delete table '{record.name}' with its members, agreements, interests, "
                    "mission, goals and initiatives?",
                )
            ),
            answer,
        )
