"""Belangen: the interests matrix, partner × topic. Enter or e records the interest of the
organisation and topic under the cursor, n records one (choosing the organisation), d deletes
one. A partner records only its own organisation's interests."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from stadstafel import permissions
from stadstafel.records import Record
from stadstafel.tui.screens.table.base import CoreTab
from stadstafel.tui.screens.table.options import member_options, topic_options
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import bind
from stadstafel.tui.widgets.form import FormField, FormScreen
from stadstafel.tui.widgets.lists import clip


class InterestsTab(CoreTab):
    BINDINGS = [
        bind("n", "new_interest", "Nieuw", "New", id="table.interest_new"),
        bind("e", "edit_interest", "Wijzig", "Edit", id="table.interest_edit"),
        bind("d", "delete_interest", "Verwijder", "Delete", id="table.interest_delete"),
    ]
    DEFAULT_CSS = """
    InterestsTab #interest-text { height: 2; padding: 0 1; }
    InterestsTab #matrix-hint { height: 1; padding: 0 1; color: $text-muted; }
    InterestsTab #matrix { height: 1fr; }
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # organisation id per row, topic per column (after "Partner")
        self.matrix_orgs: list[tuple[int | None, str]] = []
        self.matrix_topics: list[str] = []
        self.interests: dict[tuple[int, str], Record] = {}

    def compose(self) -> ComposeResult:
        yield DataTable(id="matrix", cursor_type="cell")
        yield Static("", id="interest-text", markup=False)
        yield Static("", id="matrix-hint", classes="hint", markup=False)

    def refresh_data(self) -> None:
        self.fill_matrix()

    def fill_matrix(self) -> None:
        """Partner × topic; the rows are the current members and whoever recorded interests."""
        table = self.table
        interests = self.ws.interests.of_table(self.table_id)
        self.interests = {(i.organisation_id, i.topic): i for i in interests}
        topics = topic_options(table, *(i.topic for i in interests))
        orgs = {m.organisation_id: m.organisation_name for m in self.ws.tables.members(table.id)}
        for i in interests:
            orgs.setdefault(i.organisation_id, i.organisation_name)
        rows = sorted(orgs.items(), key=lambda o: (o[1] or "").casefold())
        grid = self.query_one("#matrix", DataTable)
        before = grid.cursor_coordinate if grid.row_count else None
        grid.clear(columns=True)
        width = max(8, (74 - 24) // max(1, len(topics)) - 2) if topics else 10
        grid.add_column(L("Partner", "Partner"), width=24)
        for topic in topics:
            grid.add_column(Text(clip(topic, width)), width=width)
        for org_id, name in rows:
            cells = []
            for topic in topics:
                interest = self.interests.get((org_id, topic))
                cells.append(Text(clip((interest.text or "•") if interest else "", width)))
            grid.add_row(Text(clip(name, 24)), *cells)
        self.matrix_orgs = [(org_id, name) for org_id, name in rows]
        self.matrix_topics = topics
        if before is not None and grid.row_count:
            grid.move_cursor(
                row=min(before.row, grid.row_count - 1),
                column=min(before.column, len(topics)),
                animate=False,
            )
        elif grid.row_count and topics:
            grid.move_cursor(row=0, column=1, animate=False)
        self.query_one("#matrix-hint", Static).update(
            L(
                f"{len(rows)} partners × {len(topics)} thema's; leeg = geen belang bekend · "
                "Enter/e: belang vastleggen",
                f"{len(rows)} partners × {len(topics)} topics; empty = none recorded · "
                "Enter/e: record interest",
            )
        )
        self.update_interest_text()

    def matrix_cell(self) -> tuple[int | None, str, str | None]:
        """(organisation id, organisation name, topic or None) under the matrix cursor."""
        grid = self.query_one("#matrix", DataTable)
        if not self.matrix_orgs or not grid.row_count:
            return None, "", None
        row, column = grid.cursor_coordinate
        org_id, name = self.matrix_orgs[min(row, len(self.matrix_orgs) - 1)]
        topic = self.matrix_topics[column - 1] if 0 < column <= len(self.matrix_topics) else None
        return org_id, name, topic

    @on(DataTable.CellHighlighted, "#matrix")
    def _cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self.update_interest_text()

    def update_interest_text(self) -> None:
        org_id, name, topic = self.matrix_cell()
        label = self.query_one("#interest-text", Static)
        if org_id is None:
            label.update(L("Nog geen leden: voeg ze toe op tab 1.", "No members yet (tab 1)."))
        elif topic is None:
            label.update(
                L(f"{name}: kies een thema (→) en druk Enter.",
                  f"{name}: move to a topic (→) and press Enter.")
            )  # fmt: skip
        else:
            interest = self.interests.get((org_id, topic))
            if interest is None:
                text = L("(geen belang vastgelegd)", "(no interest recorded)")
            else:
                text = interest.text or "•"
            label.update(clip(f"{name} × {topic}: {text}", 150))

    def _interest_orgs(self) -> list[tuple[str, int]] | None:
        """Organisations the actor may record interests for (None: not allowed at all)."""
        actor = self.ws.actor
        if permissions.allowed(actor, "interest.manage", table_id=self.table_id):
            return member_options(self.ws, self.table_id)
        own = actor.organisation_id
        if own and self.may("interest.manage", org_id=own):
            return [(label, v) for label, v in member_options(self.ws, self.table_id) if v == own]
        if not own:
            self.may("interest.manage")
        return None

    def action_new_interest(self) -> None:
        orgs = self._interest_orgs()
        if orgs is None:
            return
        org_id, _name, topic = self.matrix_cell()
        self.open_interest_form(orgs, org_id if org_id in [v for _, v in orgs] else None, topic)

    def action_edit_interest(self) -> None:
        org_id, name, topic = self.matrix_cell()
        if org_id is None:
            return
        if not self.may("interest.manage", org_id=org_id):
            return
        self.open_interest_form(None, org_id, topic, name)

    @on(DataTable.CellSelected, "#matrix")
    def _cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_edit_interest()

    def open_interest_form(
        self,
        orgs: list[tuple[str, int]] | None,
        org_id: int | None,
        topic: str | None,
        org_name: str = "",
    ) -> None:
        """The form for one organisation × topic: it creates the interest, or updates the one
        already recorded for that pair. ``orgs``: offer a choice of organisation."""
        table = self.table
        existing = self.interests.get((org_id, topic)) if org_id and topic else None
        fields = []
        if orgs is not None:
            fields.append(FormField("organisation_id", L("Partner", "Partner"), "select",
                                    options=orgs, value=org_id, required=True))  # fmt: skip
        fields += [
            FormField("topic", L("Thema", "Topic"), "select", required=True, value=topic,
                      options=topic_options(table, *(t for _, t in self.interests), ws=self.ws)),
            FormField("text", L("Belang", "Interest"), "textarea",
                      value=existing.text if existing else None,
                      help=L("Wat wil deze partner bereiken bij dit thema?",
                             "What does this partner want to achieve on this topic?")),
        ]  # fmt: skip

        def submit(values: dict) -> Record:
            org = values.get("organisation_id", org_id)
            chosen = values.get("topic")
            stored = next(
                (i for i in self.ws.interests.of_table(self.table_id)
                 if i.organisation_id == org and i.topic == chosen),
                None,
            ) if org and chosen else None  # fmt: skip
            if stored is not None:
                # the version read when the form opened, when it is the same interest
                version = existing.version if existing and existing.id == stored.id else None
                return self.ws.interests.update(
                    stored.id, version or stored.version, text=values.get("text")
                )
            return self.ws.interests.create(
                table_id=self.table_id, organisation_id=org, topic=chosen, text=values.get("text")
            )

        title = (
            L(f"Belang van {org_name}", f"Interest of {org_name}")
            if orgs is None
            else L("Belang vastleggen", "Record interest")
        )

        def saved(record: Record | None) -> None:
            if record is None:
                return
            self.reload()
            self.select_cell(record.organisation_id, record.topic)
            self.notify(L("Belang opgeslagen.", "Interest saved."), markup=False)

        self.app.push_screen(FormScreen(title, fields, submit), saved)

    def select_cell(self, org_id: int, topic: str) -> None:
        grid = self.query_one("#matrix", DataTable)
        rows = [o for o, _ in self.matrix_orgs]
        if org_id in rows and topic in self.matrix_topics:
            grid.move_cursor(
                row=rows.index(org_id), column=self.matrix_topics.index(topic) + 1, animate=False
            )

    def action_delete_interest(self) -> None:
        org_id, name, topic = self.matrix_cell()
        interest = self.interests.get((org_id, topic)) if org_id and topic else None
        if interest is None:
            self.notify(L("Hier is geen belang vastgelegd.", "No interest recorded here."),
                        markup=False)  # fmt: skip
            return
        if not self.may("interest.manage", org_id=org_id):
            return
        self.confirm_delete(
            L(f"Belang van {name} bij '{topic}' verwijderen?",
              f"Delete the interest of {name} in '{topic}'?"),
            lambda: self.ws.interests.delete(interest.id, interest.version),
            L("Belang verwijderd.", "Interest deleted."),
        )  # fmt: skip
