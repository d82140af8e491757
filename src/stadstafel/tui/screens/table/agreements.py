"""Werkafspraken: the table's working agreements, by subject. n new, e (or Enter) edit,
d delete."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult

from stadstafel.records import Record
from stadstafel.tui.calls import service_action
from stadstafel.tui.screens.table.base import CoreTab
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import bind
from stadstafel.tui.widgets.form import FormField, FormScreen
from stadstafel.tui.widgets.lists import RecordTable, clip


class AgreementsTab(CoreTab):
    BINDINGS = [
        bind("n", "new_agreement", "Nieuw", "New", id="table.agreement_new"),
        bind("e", "edit_agreement", "Wijzig", "Edit", id="table.agreement_edit"),
        bind("d", "delete_agreement", "Verwijder", "Delete", id="table.agreement_delete"),
    ]

    def compose(self) -> ComposeResult:
        yield RecordTable(
            [
                (L("Onderwerp", "Subject"), 15, lambda w: w.subject),
                (L("Afspraak", "Agreement"), 59, lambda w: w.text),
            ],
            id="agreements",
        )

    def refresh_data(self) -> None:
        self.query_one("#agreements", RecordTable).show(
            self.ws.working_agreements.of_table(self.table_id)
        )

    def _agreement_form(self, agreement: Record | None) -> FormScreen:
        agreement = agreement or Record()
        fields = [
            FormField("subject", L("Onderwerp", "Subject"), "select",
                      options=self.ws.vocabulary("working_agreement_subjects"),
                      value=agreement.subject, required=True),
            FormField("text", L("Afspraak", "Agreement"), "textarea", value=agreement.text,
                      required=True),
        ]  # fmt: skip
        return self.record_form(
            agreement, self.ws.working_agreements, fields,
            L("Nieuwe werkafspraak", "New working agreement"),
            L("Werkafspraak wijzigen", "Edit working agreement"),
        )  # fmt: skip

    def action_new_agreement(self) -> None:
        if self.may("working_agreement.manage"):
            self.app.push_screen(self._agreement_form(None), self._agreement_saved)

    @service_action
    def action_edit_agreement(self) -> None:
        row = self.current("agreements")
        if row is not None and self.may("working_agreement.manage"):
            agreement = self.ws.working_agreements.get(row.id)
            self.app.push_screen(self._agreement_form(agreement), self._agreement_saved)

    def _agreement_saved(self, record: Record | None) -> None:
        if record is not None:
            self.reload_and_select("agreements", record.id)

    def action_delete_agreement(self) -> None:
        row = self.current("agreements")
        if row is None or not self.may("working_agreement.manage"):
            return
        self.confirm_delete(
            L(f"Werkafspraak '{row.subject}: {clip(row.text, 30)}' verwijderen?",
              f"Delete working agreement '{row.subject}: {clip(row.text, 30)}'?"),
            lambda: self.ws.working_agreements.delete(row.id, row.version),
            L("Werkafspraak verwijderd.", "Working agreement deleted."),
        )  # fmt: skip

    @on(RecordTable.RowSelected, "#agreements")
    def _agreement_selected(self, event: RecordTable.RowSelected) -> None:
        self.action_edit_agreement()
