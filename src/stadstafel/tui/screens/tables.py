"""Tables (tafels): the list with chair, secretary, rhythm and werkafspraken, and a table's
detail with tabs: Leden, Werkafspraken, Belangen, Missie, Doelen, Initiatieven.

    TablesScreen()                         the "t" section
    TableDetailScreen(table_id, tab=None)  tab: "leden", "werkafspraken", "belangen", "missie",
                                           "doelen" or "initiatieven"
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from stadstafel import i18n, permissions, rules, vocab
from stadstafel.records import Record
from stadstafel.tui.modals import ConfirmScreen, PickerScreen
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import AppHeader, SectionScreen, StadstafelScreen, bind, guarded
from stadstafel.tui.widgets.form import FormField, FormScreen
from stadstafel.tui.widgets.lists import RecordTable, bar, clip


def rhythm_text(rhythm: str | None) -> str:
    try:
        return rules.describe_rhythm(rhythm, i18n.language())
    except (ValueError, KeyError):
        return rhythm or ""


def _number(value: Any) -> str:
    if value is None:
        return "?"
    return f"{value:g}" if isinstance(value, float) else str(value)


class TablesScreen(SectionScreen):
    """All tables; the highlighted one's chair, secretary, rhythm and werkafspraken below."""

    TITLE_NL, TITLE_EN = "Tafels", "Tables"
    BINDINGS = [
        bind("enter", "open", "Openen", "Open", id="tables.open", show=False),
        bind("e", "edit", "Wijzig", "Edit", id="tables.edit"),
        bind("m", "open('missie')", "Missie", "Mission", id="tables.mission"),
    ]
    DEFAULT_CSS = """
    TablesScreen #tables { height: 1fr; }
    TablesScreen #preview {
        height: 9; border-top: solid $secondary; padding: 0 1; overflow-y: auto;
    }
    """

    def compose_body(self) -> ComposeResult:
        yield RecordTable(
            [
                (L("Tafel", "Table"), 30, lambda t: t.name),
                (L("Soort", "Kind"), 18, lambda t: t.kind),
                (L("Leden", "Members"), 6, lambda t: t.members),
                (L("Ritme", "Rhythm"), 14, lambda t: rhythm_text(t.rhythm)),
            ],
            id="tables",
        )
        yield Static("", id="preview", markup=False)

    @property
    def table(self) -> RecordTable:
        return self.query_one("#tables", RecordTable)

    def on_mount(self) -> None:
        self.refresh_data()
        self.table.focus()

    def refresh_data(self) -> None:
        self.table.show(self.ws.tables.list())
        self.update_preview()

    @on(RecordTable.RowHighlighted, "#tables")
    def _highlighted(self, event: RecordTable.RowHighlighted) -> None:
        self.update_preview()

    def update_preview(self) -> None:
        table = self.table.current_record
        preview = self.query_one("#preview", Static)
        if table is None:
            preview.update(L("Nog geen tafels.", "No tables yet."))
            return
        lines = [
            f"{L('Voorzitter', 'Chair')}: {table.chair_name or '—'} · "
            f"{L('Secretaris', 'Secretary')}: {table.secretary_name or '—'} · "
            f"{L('Ritme', 'Rhythm')}: {rhythm_text(table.rhythm)}",
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
            self.app.push_screen(TableDetailScreen(table.id, tab=tab))

    @guarded
    def action_edit(self) -> None:
        record = self.table.current_record
        if record is None:
            return
        table = self.ws.tables.get(record.id)
        self.app.push_screen(
            FormScreen(
                L(f"Tafel wijzigen: {table.name}", f"Edit table: {table.name}"),
                table_fields(table),
                submit=lambda v: self.ws.tables.update(table.id, **v),
                version=table.version,
            ),
            self._saved,
        )

    def _saved(self, record: Record | None) -> None:
        if record is not None:
            self.refresh_data()
            self.table.select_key(record.id)


def table_fields(table: Record) -> list[FormField]:
    return [
        FormField("name", L("Naam", "Name"), required=True, value=table.name),
        FormField(
            "kind", L("Soort", "Kind"), "select", options=vocab.TABLE_KINDS, value=table.kind
        ),
        FormField("description", L("Omschrijving", "Description"), "textarea",
                  value=table.description),
        FormField("rhythm", L("Ritme", "Rhythm"), value=table.rhythm,
                  help="weeks:4, monthly, quarterly, yearly"),
        FormField("topics", L("Thema's", "Topics"), value=", ".join(table.topics or []),
                  help=L("gescheiden door komma's", "separated by commas")),
        FormField("period_start", L("Begin periode", "Period start"), "date",
                  value=table.period_start),
        FormField("period_end", L("Einde periode", "Period end"), "date", value=table.period_end),
        FormField("admission_min_partners", L("Min. partners", "Min. partners"), "int",
                  value=table.admission_min_partners),
    ]  # fmt: skip


TABS = [
    ("leden", "Leden", "Members"),
    ("werkafspraken", "Werkafspraken", "Agreements"),
    ("belangen", "Belangen", "Interests"),
    ("missie", "Missie", "Mission"),
    ("doelen", "Doelen", "Goals"),
    ("initiatieven", "Initiatieven", "Initiatives"),
]
# action -> the tab it belongs to (hidden on the others)
TAB_ACTIONS = {
    "add_member": "leden",
    "end_member": "leden",
    "new_agreement": "werkafspraken",
    "edit_agreement": "werkafspraken",
    "sign": "missie",
    "revise": "missie",
}


class TableDetailScreen(StadstafelScreen):
    """One table, in tabs. Keys 1–6 switch tabs; each tab has its own keys."""

    TITLE_NL, TITLE_EN = "Tafel", "Table"
    BINDINGS = [
        bind("escape", "back", "Terug", "Back", id="table.back"),
        *[
            bind(str(i), f"tab('{tab}')", nl, en, id=f"table.tab_{tab}", show=False)
            for i, (tab, nl, en) in enumerate(TABS, 1)
        ],
        bind("n", "add_member", "Lid toevoegen", "Add member", id="table.member_add"),
        bind("x", "end_member", "Lid beëindigen", "End membership", id="table.member_end"),
        bind("n", "new_agreement", "Nieuwe afspraak", "New agreement", id="table.agreement_new"),
        bind("e", "edit_agreement", "Wijzig", "Edit", id="table.agreement_edit"),
        bind("o", "sign", "Ondertekenen", "Sign", id="table.sign"),
        bind("r", "revise", "Herzien", "Revise", id="table.revise"),
    ]
    DEFAULT_CSS = """
    TableDetailScreen TabbedContent { height: 1fr; }
    TableDetailScreen ContentSwitcher { height: 1fr; }
    TableDetailScreen TabPane { height: 1fr; padding: 0; }
    TableDetailScreen #table-name { height: 1; }
    TableDetailScreen #table-summary { height: 1; padding: 0 1; color: $text-muted; }
    TableDetailScreen #mission-text {
        height: auto; max-height: 6; border: round $secondary; padding: 0 1; margin: 0 1;
    }
    TableDetailScreen #mission-status { height: auto; padding: 0 1; }
    TableDetailScreen #signatures { height: 1fr; min-height: 4; }
    TableDetailScreen #initiative-reasons { height: 2; padding: 0 1; }
    TableDetailScreen VerticalScroll { height: 1fr; }
    """

    def __init__(self, table_id: int, tab: str | None = None):
        super().__init__()
        self.table_id = table_id
        self.initial_tab = tab if tab in {t for t, _, _ in TABS} else "leden"
        self.table: Record | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="table-name", classes="section-title", markup=False)
        yield Static("", id="table-summary", markup=False)
        with TabbedContent(id="tabs", initial=self.initial_tab):
            for i, (tab, nl, en) in enumerate(TABS, 1):
                with TabPane(f"{i} {L(nl, en)}", id=tab):
                    yield from getattr(self, f"compose_{tab}")()
        yield from self.compose_footer()

    def compose_leden(self) -> ComposeResult:
        yield RecordTable(
            [
                (L("Organisatie", "Organisation"), 30, lambda m: m.organisation_name),
                (L("Soort", "Kind"), 18, lambda m: m.organisation_kind),
                (L("Rol", "Role"), 9, lambda m: m.role),
                (L("Sinds", "Since"), 10, lambda m: m.since),
            ],
            id="members",
        )

    def compose_werkafspraken(self) -> ComposeResult:
        yield RecordTable(
            [
                (L("Onderwerp", "Subject"), 15, lambda w: w.subject),
                (L("Afspraak", "Agreement"), 59, lambda w: w.text),
            ],
            id="agreements",
        )

    def compose_belangen(self) -> ComposeResult:
        yield DataTable(id="matrix", cursor_type="row")
        yield Static("", id="matrix-hint", classes="hint", markup=False)

    def compose_missie(self) -> ComposeResult:
        yield Static("", id="mission-text", markup=False)
        yield Static("", id="mission-status", markup=False)
        yield RecordTable(
            [
                (L("Organisatie", "Organisation"), 30, lambda r: r.organisation_name),
                (L("Rol", "Role"), 9, lambda r: r.role),
                (L("Ondertekend", "Signed"), 32, self._signature_text),
            ],
            key=lambda r: r.organisation_id,
            id="signatures",
        )

    def compose_doelen(self) -> ComposeResult:
        yield RecordTable(
            [
                (L("Doel", "Goal"), 26, lambda g: g.description),
                (L("Voortgang", "Progress"), 17, lambda g: bar(g.progress["ratio"], 12)),
                (L("Stand", "Value"), 17, self._goal_value),
                (L("Deadline", "Deadline"), 10, lambda g: g.deadline),
            ],
            id="goals",
        )

    def compose_initiatieven(self) -> ComposeResult:
        yield RecordTable(
            [
                (L("Initiatief", "Initiative"), 26, lambda i: i.title),
                (L("Thema", "Topic"), 16, lambda i: i.topic),
                (L("Part.", "Part."), 5, lambda i: len(i.organisation_ids or [])),
                (L("Kader", "Frame"), 23, self._admission_text),
            ],
            id="initiatives",
        )
        yield Static("", id="initiative-reasons", markup=False)

    # -- cell texts (markers, not colour, carry the meaning) -----------------------------------
    @staticmethod
    def _signature_text(row: Record) -> str:
        sig = row.signature
        if not sig:
            return L("✗ nog niet ondertekend", "✗ not signed yet")
        who = f" ({sig.person_name})" if sig.person_name else ""
        return f"✓ {sig.signed_on}{who}"

    @staticmethod
    def _goal_value(goal: Record) -> str:
        p = goal.progress
        return f"{_number(p['value'])} / {_number(p['target'])} {p['unit'] or ''}".strip()

    @staticmethod
    def _admission_text(initiative: Record) -> str:
        if initiative.admitted:
            return L("✓ past binnen kader", "✓ within frame")
        return "! " + "; ".join(initiative.admission_reasons)

    # -- data ----------------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.refresh_data()
        self.focus_tab(self.initial_tab)

    def refresh_data(self) -> None:
        table = self.app.run_service(self.ws.tables.get, self.table_id)
        if table is None:
            if self.app.screen is self:
                self.app.pop_screen()
            return
        self.table = table
        people = {
            p: self.ws.people.find(p) for p in (table.chair_person_id, table.secretary_person_id)
        }
        chair = people.get(table.chair_person_id)
        secretary = people.get(table.secretary_person_id)
        self.query_one(AppHeader).update_text(f"{L('Tafels', 'Tables')} › {table.name}")
        self.query_one("#table-name", Static).update(table.name)
        self.query_one("#table-summary", Static).update(
            f"{table.kind} · {rhythm_text(table.rhythm)} · "
            f"{L('voorzitter', 'chair')} {chair.name if chair else '—'} · "
            f"{L('secretaris', 'secretary')} {secretary.name if secretary else '—'}"
        )
        self.query_one("#members", RecordTable).show(self.ws.tables.members(table.id))
        self.query_one("#agreements", RecordTable).show(
            self.ws.working_agreements.of_table(table.id)
        )
        self.fill_matrix()
        self.fill_mission()
        goals = self.ws.goals.of_table(table.id)
        for goal in goals:
            goal["progress"] = self.ws.goals.progress(goal)
        self.query_one("#goals", RecordTable).show(goals)
        self.query_one("#initiatives", RecordTable).show(self.ws.initiatives.of_table(table.id))
        self.update_reasons()

    def fill_matrix(self) -> None:
        matrix = self.ws.interests.matrix(self.table_id)
        grid = self.query_one("#matrix", DataTable)
        grid.clear(columns=True)
        topics = matrix["topics"]
        width = max(8, (74 - 24) // max(1, len(topics)) - 2) if topics else 10
        grid.add_column(L("Partner", "Partner"), width=24)
        for topic in topics:
            grid.add_column(Text(clip(topic, width)), width=width)
        for org, by_topic in matrix["rows"]:
            cells = [Text(clip(by_topic.get(t, ""), width)) for t in topics]
            grid.add_row(Text(clip(org, 24)), *cells)
        hint = L(
            f"{len(matrix['rows'])} partners × {len(topics)} thema's; leeg = geen belang bekend",
            f"{len(matrix['rows'])} partners × {len(topics)} topics; empty = none recorded",
        )
        self.query_one("#matrix-hint", Static).update(hint)

    def fill_mission(self) -> None:
        status = self.ws.missions.status(self.table_id)
        mission = status["mission"]
        text = self.query_one("#mission-text", Static)
        if mission is None:
            text.update(
                L("Deze tafel heeft nog geen missie (r: opstellen).", "No mission yet (r).")
            )
        else:
            text.update(mission.statement)
            text.border_title = L(
                f"Missie versie {mission.revision} · vastgesteld "
                f"{i18n.format_date(mission.adopted_on, weekday=False)}",
                f"Mission version {mission.revision} · adopted "
                f"{i18n.format_date(mission.adopted_on, weekday=False)}",
            )
        members = len(status["members"])
        if mission is None:
            line = ""
        elif status["fully_signed"]:
            line = L(
                f"✓ Volledig ondertekend: {status['signed']} van {members} leden.",
                f"✓ Fully signed: {status['signed']} of {members} members.",
            )
        else:
            line = L(
                f"! Nog niet volledig ondertekend: {status['signed']} van {members} leden.",
                f"! Not fully signed: {status['signed']} of {members} members.",
            )
        older = self.ws.missions.revisions(self.table_id)[1:]
        if older:
            versions = ", ".join(f"v{m.revision} ({m.adopted_on})" for m in older)
            line += L(f" Eerdere versies: {versions}.", f" Earlier versions: {versions}.")
        self.query_one("#mission-status", Static).update(line.strip())
        rows = [Record(r) for r in status["members"]]
        self.query_one("#signatures", RecordTable).show(rows)

    # -- tabs ----------------------------------------------------------------------------------
    @property
    def active_tab(self) -> str:
        tabs = self.query("#tabs")
        return tabs.first(TabbedContent).active if tabs else self.initial_tab

    def focus_tab(self, tab: str) -> None:
        pane = self.query_one(f"#{tab}", TabPane)
        focusable = pane.query("DataTable")
        if focusable:
            focusable.first().focus()

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab
        self.focus_tab(tab)
        # A key pressed while the screen is still mounting: TabbedContent may yet activate
        # its initial tab; make sure the tab asked for wins.
        self.call_after_refresh(self._ensure_tab, tab)

    def _ensure_tab(self, tab: str) -> None:
        tabs = self.query_one("#tabs", TabbedContent)
        if tabs.active != tab:
            tabs.active = tab
            self.focus_tab(tab)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = TAB_ACTIONS.get(action)
        if tab is None:
            return True
        if tab != self.active_tab:
            return False
        if action == "revise":
            return permissions.allowed(self.ws.actor, "mission.revise", table_id=self.table_id)
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(RecordTable.RowHighlighted, "#initiatives")
    def _initiative_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        self.update_reasons()

    def update_reasons(self) -> None:
        initiative = self.query_one("#initiatives", RecordTable).current_record
        label = self.query_one("#initiative-reasons", Static)
        if initiative is None:
            label.update(L("Nog geen initiatieven.", "No initiatives yet."))
            return
        least = self.table.admission_min_partners or 1
        rule = L(
            f"Regel: minstens {least} partners en een thema van de tafel.",
            f"Rule: at least {least} partners and a topic of the table.",
        )
        if initiative.admitted:
            label.update(
                f"{initiative.title}: {L('past binnen het kader.', 'within the frame.')} {rule}"
            )
        else:
            reasons = "; ".join(initiative.admission_reasons)
            label.update(f"! {initiative.title}: {reasons}. {rule}")

    # -- members -------------------------------------------------------------------------------
    def action_add_member(self) -> None:
        current = {m.organisation_id for m in self.ws.tables.members(self.table_id)}
        orgs = self.ws.organisations.list(limit=5000).rows
        options = [(f"{o.name} ({o.kind})", o.id) for o in orgs if o.id not in current]

        def picked_org(org_id: int | None) -> None:
            if org_id is None:
                return
            roles = [(role, role) for role in vocab.MEMBERSHIP_ROLES]

            def picked_role(role: str | None) -> None:
                if role is None:
                    return
                from stadstafel import clock

                done = self.app.run_service(
                    self.ws.memberships.add, self.table_id, org_id, role=role,
                    since=clock.today_text(),
                )  # fmt: skip
                if done is not None:
                    self.refresh_data()
                    self.query_one("#members", RecordTable).select_key(done.id)

            self.app.push_screen(
                PickerScreen(L("Rol", "Role"), roles, value="partner"), picked_role
            )

        self.app.push_screen(PickerScreen(L("Lid toevoegen", "Add member"), options), picked_org)

    def action_end_member(self) -> None:
        member = self.query_one("#members", RecordTable).current_record
        if member is None:
            return

        def answer(yes: bool | None) -> None:
            if yes and self.app.run_service(self.ws.memberships.end, member.id, member.version):
                self.refresh_data()

        self.app.push_screen(
            ConfirmScreen(
                L(
                    f"Lidmaatschap van {member.organisation_name} beëindigen (per gisteren)?",
                    f"End the membership of {member.organisation_name} (as of yesterday)?",
                )
            ),
            answer,
        )

    # -- working agreements --------------------------------------------------------------------
    def _agreement_form(self, agreement: Record | None) -> FormScreen:
        agreement = agreement or Record()
        fields = [
            FormField("subject", L("Onderwerp", "Subject"), "select",
                      options=vocab.WORKING_AGREEMENT_SUBJECTS, value=agreement.subject,
                      required=True),
            FormField("text", L("Afspraak", "Agreement"), "textarea", value=agreement.text,
                      required=True),
        ]  # fmt: skip
        if agreement.id:
            return FormScreen(
                L("Werkafspraak wijzigen", "Edit working agreement"), fields,
                submit=lambda v: self.ws.working_agreements.update(agreement.id, **v),
                version=agreement.version,
            )  # fmt: skip
        return FormScreen(
            L("Nieuwe werkafspraak", "New working agreement"), fields,
            submit=lambda v: self.ws.working_agreements.create(table_id=self.table_id, **v),
        )  # fmt: skip

    def action_new_agreement(self) -> None:
        self.app.push_screen(self._agreement_form(None), self._agreement_saved)

    @guarded
    def action_edit_agreement(self) -> None:
        row = self.query_one("#agreements", RecordTable).current_record
        if row is not None:
            agreement = self.ws.working_agreements.get(row.id)
            self.app.push_screen(self._agreement_form(agreement), self._agreement_saved)

    def _agreement_saved(self, record: Record | None) -> None:
        if record is not None:
            self.refresh_data()
            self.query_one("#agreements", RecordTable).select_key(record.id)

    # -- mission -------------------------------------------------------------------------------
    def action_sign(self) -> None:
        row = self.query_one("#signatures", RecordTable).current_record
        if row is None:
            return
        if row.signature:
            self.notify(
                L(f"{row.organisation_name} heeft al ondertekend.",
                  f"{row.organisation_name} already signed."),
                markup=False,
            )  # fmt: skip
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            done = self.app.run_service(self.ws.missions.sign, self.table_id, row.organisation_id)
            if done is not None:
                self.refresh_data()
                self.query_one("#signatures", RecordTable).select_key(row.organisation_id)
                self.notify(L(f"Ondertekend voor {row.organisation_name}.",
                              f"Signed for {row.organisation_name}."), markup=False)  # fmt: skip

        self.app.push_screen(
            ConfirmScreen(
                L(f"De missie ondertekenen namens {row.organisation_name}?",
                  f"Sign the mission on behalf of {row.organisation_name}?"),
            ),
            answer,
        )  # fmt: skip

    def action_revise(self) -> None:
        current = self.ws.missions.current(self.table_id)
        from stadstafel import clock

        form = FormScreen(
            L("Missie herzien (nieuwe versie)", "Revise mission (new version)"),
            [
                FormField("statement", L("Missie", "Mission"), "textarea", required=True,
                          value=current.statement if current else "",
                          help=L("Alle leden moeten de nieuwe versie opnieuw ondertekenen.",
                                 "Every member must sign the new version again.")),
                FormField("adopted_on", L("Vastgesteld op", "Adopted on"), "date",
                          value=clock.today_text()),
            ],
            submit=lambda v: self.ws.missions.revise(self.table_id, **v),
        )  # fmt: skip

        def saved(record: Record | None) -> None:
            if record is not None:
                self.refresh_data()

        self.app.push_screen(form, saved)
