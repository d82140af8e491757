"""Initiatieven: the table's initiatives and whether each falls within the table's frame.
n new (a voorstel), e (or Enter) edit, d delete, k admits a voorstel
(``screens.table_admission``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from stadstafel.records import Record
from stadstafel.tui.calls import service_action
from stadstafel.tui.screens import table_admission as admission
from stadstafel.tui.screens.table.base import CoreTab
from stadstafel.tui.screens.table.options import member_options, topic_options
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import bind
from stadstafel.tui.widgets.form import FormField
from stadstafel.tui.widgets.lists import RecordTable, clip

if TYPE_CHECKING:
    from stadstafel.tui.screens.table.forms import PickFormScreen


class InitiativesTab(CoreTab):
    BINDINGS = [
        bind(
            "n",
            "new_initiative",
            "Nieuw",
            "New",
            id="table.initiative_new",
            right="initiative.manage",
        ),
        bind(
            "e",
            "edit_initiative",
            "Wijzig",
            "Edit",
            id="table.initiative_edit",
            right="initiative.manage",
        ),
        bind(
            "d",
            "delete_initiative",
            "Verwijder",
            "Delete",
            id="table.initiative_delete",
            right="initiative.manage",
        ),
        bind(
            "k", "admit", "Toelaten", "Admit", id="table.initiative_admit", right="initiative.admit"
        ),
    ]
    DEFAULT_CSS = """
    InitiativesTab #initiative-reasons { height: 2; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield RecordTable(
            [
                (L("Initiatief", "Initiative"), 22, lambda i: i.title),
                (L("Thema", "Topic"), 14, lambda i: i.topic),
                (L("Part.", "Part."), 5, admission.partners_text),
                (L("Status", "Status"), 9, lambda i: i.status),
                (L("Kader", "Frame"), 20, admission.frame_text),
            ],
            id="initiatives",
        )
        yield Static("", id="initiative-reasons", markup=False)

    def refresh_data(self) -> None:
        self.query_one("#initiatives", RecordTable).show(
            self.ws.initiatives.of_table(self.table_id)
        )
        self.update_reasons()

    @on(RecordTable.RowHighlighted, "#initiatives")
    def _initiative_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        self.update_reasons()

    def update_reasons(self) -> None:
        initiative = self.current("initiatives")
        label = self.query_one("#initiative-reasons", Static)
        if initiative is None:
            label.update(L("Nog geen initiatieven (n: nieuw).", "No initiatives yet (n: new)."))
            return
        label.update(self.verdict(initiative))

    def verdict(self, initiative: Record) -> str:
        return admission.verdict(self.ws, self.table, initiative)

    def _initiative_form(self, initiative: Record | None) -> PickFormScreen:
        from stadstafel.tui.screens.table.forms import PickFormScreen  # with a form, not the tab

        initiative = initiative or Record()
        table = self.table
        orgs = member_options(self.ws, self.table_id)
        for org_id in initiative.organisation_ids or []:
            if org_id not in [v for _, v in orgs]:  # involved, but no longer a member
                org = self.ws.organisations.find(org_id)
                name = org.name if org else f"#{org_id}"
                orgs.append((L(f"{name} (geen lid)", f"{name} (not a member)"), org_id))
        least = table.admission_min_partners or 1
        fields = [
            FormField("title", L("Titel", "Title"), required=True, value=initiative.title),
            FormField("topic", L("Thema", "Topic"), "select",
                      options=topic_options(table, initiative.topic, ws=self.ws),
                      value=initiative.topic),
            FormField("organisation_ids", L("Betrokken", "Involved"), "select", options=orgs,
                      value=initiative.organisation_ids,
                      help=L(f"spatie vinkt aan; alleen leden; kader: minstens {least} partners",
                             f"space ticks; members only; frame: at least {least} partners")),
            FormField("description", L("Omschrijving", "Description"), "textarea",
                      value=initiative.description),
        ]  # fmt: skip
        if initiative.id:  # a new one is a voorstel; lopend only by admission (k)
            fields.insert(3, FormField(
                "status", L("Status", "Status"), "select", required=True,
                options=admission.status_options(initiative.status), value=initiative.status,
                help=L("lopend wordt het door toelaten (k)", "it becomes running by admission (k)"),
            ))  # fmt: skip
        return self.record_form(
            initiative, self.ws.initiatives, fields,
            L("Nieuw initiatief", "New initiative"), L("Initiatief wijzigen", "Edit initiative"),
            form=PickFormScreen, multi=["organisation_ids"],
        )  # fmt: skip

    def action_new_initiative(self) -> None:
        if self.may("initiative.manage"):
            self.app.push_screen(self._initiative_form(None), self._initiative_saved)

    @service_action
    def action_edit_initiative(self) -> None:
        row = self.current("initiatives")
        if row is not None and self.may("initiative.manage"):
            initiative = self.ws.initiatives.get(row.id)
            self.app.push_screen(self._initiative_form(initiative), self._initiative_saved)

    def _initiative_saved(self, record: Record | None) -> None:
        """Show the verdict: inside the table's frame, or why not."""
        if record is None:
            return
        self.reload_and_select("initiatives", record.id)
        self.update_reasons()
        shown = self.current("initiatives")
        if shown is not None and shown.id == record.id:
            self.notify(
                self.verdict(shown),
                title=L("Initiatief opgeslagen", "Initiative saved"),
                severity="warning" if admission.needs_attention(shown) else "information",
                timeout=8,
                markup=False,
            )

    def action_admit(self) -> None:
        row = self.current("initiatives")
        if row is not None and self.may("initiative.admit"):
            admission.confirm_admit(self, row)

    def action_delete_initiative(self) -> None:
        row = self.current("initiatives")
        if row is None or not self.may("initiative.manage"):
            return
        self.confirm_delete(
            L(f"Initiatief '{clip(row.title, 40)}' verwijderen?",
              f"Delete initiative '{clip(row.title, 40)}'?"),
            lambda: self.ws.initiatives.delete(row.id, row.version),
            L("Initiatief verwijderd.", "Initiative deleted."),
        )  # fmt: skip

    @on(RecordTable.RowSelected, "#initiatives")
    def _initiative_selected(self, event: RecordTable.RowSelected) -> None:
        self.action_edit_initiative()
