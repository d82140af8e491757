"""Tables (tafels): the list with chair, secretary, rhythm and werkafspraken, and a table's
detail with tabs: Leden, Werkafspraken, Belangen, Missie, Doelen, Initiatieven.

    TablesScreen()                         the "t" section: n new, e edit, d delete, Enter open
    TableDetailScreen(table_id, tab=None)  tab: "leden", "werkafspraken", "belangen", "missie",
                                           "doelen" or "initiatieven"

Every tab has its own keys (shown in the footer only on that tab): n adds, e (or Enter)
edits, d deletes (x ends a membership), b edits the table itself, l opens the besluitenlijst
(``screens.decisions``). Missie: o signs for the user's own organisation, O records a
signature, g shows the versions (``screens.table_signing``, ``screens.mission_versions``).
Initiatieven: k admits a voorstel (``screens.table_admission``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.segment import Segment
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable, Select, SelectionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import OptionDoesNotExist

from stadstafel import clock, i18n, permissions
from stadstafel.errors import PermissionDenied
from stadstafel.records import Record
from stadstafel.tui.modals import ConfirmScreen, PickerScreen
from stadstafel.tui.screens import table_admission as admission
from stadstafel.tui.screens import table_signing as signing
from stadstafel.tui.text import L, literal
from stadstafel.tui.values import rhythm_help, rhythm_text
from stadstafel.tui.widgets.base import (
    AppHeader,
    SectionScreen,
    StadstafelScreen,
    bind,
    guarded,
    notify_error,
)
from stadstafel.tui.widgets.form import FormField, FormScreen
from stadstafel.tui.widgets.lists import RecordTable, bar, clip
from stadstafel.tui.widgets.paged import PagedRecordTable

#: Up to this many people, the chair and secretary selects offer everyone; above it, the
#: likely candidates (people of member organisations, chairs and secretaries elsewhere) and
#: ctrl+o picks from everyone.
PEOPLE_IN_SELECT = 300
MANUAL = "manual"


def _number(value: Any) -> str:
    if value is None:
        return "?"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _plain_number(value: Any) -> str | None:
    """A stored float as a person would type it (8000, 12.5); None stays None."""
    return None if value is None else _number(value)


def succeeded(app: Any, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
    """Run a service call that returns nothing; True when it did not raise (else notified)."""
    return app.run_service(lambda: (fn(*args, **kwargs), True)[1]) is True


# -- option lists ------------------------------------------------------------------------------
def person_label(person: Record, org_name: str | None = None) -> str:
    org = org_name if org_name is not None else person.organisation_name
    return f"{person.name} — {org}" if org else str(person.name)


def everyone(ws: Any) -> list[tuple[str, int]]:
    """Every person, "Name — Organisation", sorted by name (for a PickerScreen)."""
    return [(person_label(p), p.id) for p in ws.people.list().rows]


def chair_options(ws: Any, table: Record) -> list[tuple[str, int]]:
    """People to choose a chair or secretary from: everyone when there are few people, else
    the people of the table's members, the current holders, and chairs and secretaries of
    other tables (independent chairs often sit at several tables)."""
    page = ws.people.list(limit=PEOPLE_IN_SELECT + 1)
    if page.total <= PEOPLE_IN_SELECT:
        return [(person_label(p), p.id) for p in page.rows]
    found: dict[int, str] = {}
    if table.id:
        for member in ws.tables.members(table.id):
            for p in ws.people.of_organisation(member.organisation_id):
                found[p.id] = person_label(p)
    ids = {table.chair_person_id, table.secretary_person_id}
    for other in ws.tables.list():
        ids |= {other.chair_person_id, other.secretary_person_id}
    for pid in ids - set(found) - {None}:
        p = ws.people.find(pid)
        if p is not None:
            org = ws.organisations.find(p.organisation_id)
            found[p.id] = person_label(p, org.name if org else "")
    return sorted(((label, pid) for pid, label in found.items()), key=lambda o: o[0].casefold())


def member_options(ws: Any, table_id: int) -> list[tuple[str, int]]:
    """The table's current member organisations (partners first), as (label, id)."""
    members = ws.tables.members(table_id)
    members.sort(key=lambda m: (m.role != "partner", (m.organisation_name or "").casefold()))
    out = []
    for m in members:
        role = "" if m.role == "partner" else f" ({m.role})"
        out.append((f"{m.organisation_name}{role}", m.organisation_id))
    return out


def topic_options(table: Record, *extra: str | None, ws: Any = None) -> list[str]:
    """The table's topics, then ``extra``, then (given ``ws``) every registered topic: the
    core's and the plugins' (``register_topics``)."""
    topics = list(table.topics or [])
    known = list(ws.topics()) if ws is not None else []
    for topic in [*extra, *known]:
        if topic and topic not in topics:
            topics.append(topic)
    return topics


def indicator_options(ws: Any, current: str | None = None) -> list[tuple[str, str]]:
    """Manual ("handmatig") and every plugin indicator known: registered as vocabulary
    ``goal_indicators`` or used by a goal of any table."""
    known: list[str] = list(ws.vocabulary("goal_indicators"))
    for table in ws.tables.list():
        for goal in ws.goals.of_table(table.id):
            if goal.indicator and goal.indicator != MANUAL and goal.indicator not in known:
                known.append(goal.indicator)
    if current and current != MANUAL and current not in known:
        known.append(current)
    return [(L("handmatig (stand zelf invullen)", "manual (enter the value)"), MANUAL)] + [
        (name, name) for name in sorted(known)
    ]


# -- a form with multi-pick fields and a "pick from everyone" key -----------------------------
class TickList(SelectionList):
    """A ``SelectionList`` that reads without colour: a ticked option shows ✓, others a blank."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 3 or segments[1].text != "X":  # ToggleButton.BUTTON_INNER
            return strip
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        inner = "✓" if selection.value in self.selected else " "
        segments[1] = Segment(inner, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)


class PickFormScreen(FormScreen):
    """A ``FormScreen`` where

    - fields named in ``multi`` (kind "select") are a ``SelectionList``: space ticks an
      option, the value is the list of ticked values;
    - fields named in ``people`` (kind "select") can be filled from a ``PickerScreen`` of
      every person with ctrl+o (the select itself offers the likely candidates).
    """

    DEFAULT_CSS = """
    PickFormScreen .field-row > SelectionList {
        width: 1fr; height: auto; max-height: 8; border: tall $border-blurred;
    }
    PickFormScreen .field-row > SelectionList:focus { border: tall $border; }
    PickFormScreen .field.-invalid SelectionList { border: tall $error; }
    """
    BINDINGS = [
        bind("ctrl+o", "pick_person", "Kies uit iedereen", "Choose from everyone",
             id="form.pick_person"),
    ]  # fmt: skip

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        submit: Callable[[dict], Record],
        *,
        multi: Sequence[str] = (),
        people: Sequence[str] = (),
        version: int | None = None,
    ):
        self.multi = set(multi)
        self.people = list(people)
        super().__init__(title, fields, submit, version=version)

    def _widget(self, field: FormField) -> Widget:
        if field.name in self.multi:
            chosen = set(field.value or [])
            return TickList(
                *[
                    (literal(label), value, value in chosen)  # prompts are markup: escape names
                    for label, value in field.option_pairs()
                ],
                id=f"input-{field.name}",
            )
        return super()._widget(field)

    def values(self) -> dict[str, Any]:
        fields = self.fields
        self.fields = [f for f in fields if f.name not in self.multi]
        try:
            out = super().values()
        finally:
            self.fields = fields
        for name in self.multi:
            out[name] = list(self.query_one(f"#input-{name}", SelectionList).selected)
        return out

    def set_values(self, record: dict) -> None:
        super().set_values(record)
        for name in self.multi & set(record):
            widget = self.query_one(f"#input-{name}", SelectionList)
            widget.deselect_all()
            for value in record[name] or []:
                widget.select(value)

    def action_pick_person(self) -> None:
        if not self.people:
            return
        focused = self.focused
        name = next(
            (n for n in self.people if focused is not None and focused.id == f"input-{n}"),
            self.people[0],
        )
        field = next(f for f in self.fields if f.name == name)
        select = self.query_one(f"#input-{name}", Select)
        current = None if select.value is Select.NULL else select.value
        options = everyone(self.app.workspace)  # type: ignore[attr-defined]

        def picked(person_id: int | None) -> None:
            if person_id is None:
                return
            pairs = field.option_pairs()
            if person_id not in [v for _, v in pairs]:
                label = next((lbl for lbl, v in options if v == person_id), str(person_id))
                pairs.append((label, person_id))
                pairs.sort(key=lambda o: o[0].casefold())
                field.options = pairs
                select.set_options(pairs)
            select.value = person_id
            select.focus()

        self.app.push_screen(PickerScreen(field.label, options, value=current), picked)


# -- the list of tables ------------------------------------------------------------------------
class TablesScreen(SectionScreen):
    """All tables; the highlighted one's chair, secretary, rhythm and werkafspraken below."""

    TITLE_NL, TITLE_EN = "Tafels", "Tables"
    BINDINGS = [
        bind("enter", "open", "Openen", "Open", id="tables.open", show=False),
        bind("n", "new", "Nieuwe tafel", "New table", id="tables.new"),
        bind("e", "edit", "Wijzig", "Edit", id="tables.edit"),
        bind("d", "delete", "Verwijder", "Delete", id="tables.delete"),
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
            self.app.push_screen(TableDetailScreen(table.id, tab=tab))

    def action_new(self) -> None:
        if not may(self, "table.create"):
            return
        self.app.push_screen(
            table_form(
                self.ws,
                None,
                L("Nieuwe tafel", "New table"),
                lambda v: self.ws.tables.create(**v),
            ),
            self._saved,
        )

    @guarded
    def action_edit(self) -> None:
        record = self.table.current_record
        if record is None or not may(self, "table.update", table_id=record.id):
            return
        table = self.ws.tables.get(record.id)
        self.app.push_screen(
            table_form(
                self.ws,
                table,
                L(f"Tafel wijzigen: {table.name}", f"Edit table: {table.name}"),
                lambda v: self.ws.tables.update(table.id, **v),
            ),
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
            if yes and succeeded(self.app, self.ws.tables.delete, record.id, record.version):
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


def may(screen: Any, action: str, *, table_id: int | None = None, org_id: int | None = None):
    """Is the actor allowed ``action``? If not, say why (the service would refuse anyway;
    this spares filling in a form first)."""
    ws = screen.ws
    name = ws.tables.find(table_id).name if table_id else None
    try:
        permissions.require(ws.actor, action, table_id=table_id, org_id=org_id, table_name=name)
    except PermissionDenied as exc:
        notify_error(screen.app, exc)
        return False
    return True


def meeting_rule_fields(table: Record) -> list[FormField]:
    """How the table meets (docs/record.md): day and hour, the submission deadline in working
    days, and the standard agenda every new meeting starts with."""
    days = [(i18n.format_date(f"2027-01-{3 + n:02d}").split()[0], n) for n in range(1, 8)]
    return [
        FormField("meeting_weekday", L("Vergaderdag", "Meeting day"), "select", options=days,
                  value=table.meeting_weekday),
        FormField("meeting_time", L("Vergadertijd", "Meeting time"), value=table.meeting_time,
                  help=L("bijvoorbeeld 14:00", "for example 14:00")),
        FormField("deadline_working_days", L("Indienen: werkdagen vooraf",
                  "Submit: working days before"), "int", value=table.deadline_working_days,
                  help=L("leeg: de instelling van de installatie",
                         "empty: the installation's setting")),
        FormField("standard_agenda", L("Standaardagenda", "Standard agenda"), "textarea",
                  value="\n".join(table.standard_agenda or []),
                  help=L("één punt per regel; voor elke nieuwe vergadering",
                         "one item per line; for every new meeting")),
    ]  # fmt: skip


def table_fields(ws: Any, table: Record | None = None) -> list[FormField]:
    table = table or Record()
    people = chair_options(ws, table)
    many = L("ctrl+o: kies uit alle personen", "ctrl+o: choose from everyone")
    return [
        FormField("name", L("Naam", "Name"), required=True, value=table.name),
        FormField("kind", L("Soort", "Kind"), "select", options=ws.vocabulary("table_kinds"),
                  value=table.kind or "samenwerkingstafel", required=True),
        FormField("chair_person_id", L("Voorzitter", "Chair"), "select", options=people,
                  value=table.chair_person_id, help=many),
        FormField("secretary_person_id", L("Secretaris", "Secretary"), "select",
                  options=people, value=table.secretary_person_id, help=many),
        FormField("description", L("Omschrijving", "Description"), "textarea",
                  value=table.description),
        FormField("rhythm", L("Ritme", "Rhythm"), value=rhythm_text(table.rhythm),
                  help=rhythm_help()),
        *meeting_rule_fields(table),
        FormField("topics", L("Thema's", "Topics"), value=", ".join(table.topics or []),
                  help=L("gescheiden door komma's; bekend: ", "separated by commas; known: ")
                  + ", ".join(ws.topics())),
        FormField("period_start", L("Begin periode", "Period start"), "date",
                  value=table.period_start),
        FormField("period_end", L("Einde periode", "Period end"), "date", value=table.period_end),
        FormField("admission_min_partners", L("Min. partners", "Min. partners"), "int",
                  value=table.admission_min_partners,
                  help=L("per initiatief, om binnen het kader te passen",
                         "per initiative, to fall within the frame")),
    ]  # fmt: skip


def table_form(
    ws: Any, table: Record | None, title: str, submit: Callable[[dict], Record]
) -> PickFormScreen:
    return PickFormScreen(
        title,
        table_fields(ws, table),
        submit,
        people=["chair_person_id", "secretary_person_id"],
        version=table.version if table else None,
    )


# -- one table ---------------------------------------------------------------------------------
TABS = [
    ("leden", "Leden", "Members"),
    ("werkafspraken", "Werkafspraken", "Agreements"),
    ("belangen", "Belangen", "Interests"),
    ("missie", "Missie", "Mission"),
    ("doelen", "Doelen", "Goals"),
    ("initiatieven", "Initiatieven", "Initiatives"),
]


def plugin_tab_id(entry_id: str) -> str:
    """The pane id of a plugin's tab: ``woningbouw.register`` -> ``plugin-woningbouw-register``."""
    return "plugin-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in entry_id)


# action -> the tab it belongs to (hidden on the others)
TAB_ACTIONS = {
    "add_member": "leden",
    "edit_member": "leden",
    "end_member": "leden",
    "new_agreement": "werkafspraken",
    "edit_agreement": "werkafspraken",
    "delete_agreement": "werkafspraken",
    "new_interest": "belangen",
    "edit_interest": "belangen",
    "delete_interest": "belangen",
    "sign": "missie",
    "record_signature": "missie",
    "versions": "missie",
    "revise": "missie",
    "new_goal": "doelen",
    "edit_goal": "doelen",
    "delete_goal": "doelen",
    "new_initiative": "initiatieven",
    "edit_initiative": "initiatieven",
    "delete_initiative": "initiatieven",
    "admit": "initiatieven",
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
        bind("e", "edit_member", "Wijzig", "Edit", id="table.member_edit"),
        bind("x", "end_member", "Beëindig", "End", id="table.member_end"),
        bind("n", "new_agreement", "Nieuw", "New", id="table.agreement_new"),
        bind("e", "edit_agreement", "Wijzig", "Edit", id="table.agreement_edit"),
        bind("d", "delete_agreement", "Verwijder", "Delete", id="table.agreement_delete"),
        bind("n", "new_interest", "Nieuw", "New", id="table.interest_new"),
        bind("e", "edit_interest", "Wijzig", "Edit", id="table.interest_edit"),
        bind("d", "delete_interest", "Verwijder", "Delete", id="table.interest_delete"),
        bind("o", "sign", "Ondertekenen", "Sign", id="table.sign"),
        bind("O", "record_signature", "Vastleggen", "Record", id="table.record_signature",
             key_display="O"),
        bind("g", "versions", "Versies", "Versions", id="table.mission_versions"),
        bind("r", "revise", "Herzien", "Revise", id="table.revise"),
        bind("n", "new_goal", "Nieuw", "New", id="table.goal_new"),
        bind("e", "edit_goal", "Wijzig", "Edit", id="table.goal_edit"),
        bind("d", "delete_goal", "Verwijder", "Delete", id="table.goal_delete"),
        bind("n", "new_initiative", "Nieuw", "New", id="table.initiative_new"),
        bind("e", "edit_initiative", "Wijzig", "Edit", id="table.initiative_edit"),
        bind("d", "delete_initiative", "Verwijder", "Delete", id="table.initiative_delete"),
        bind("k", "admit", "Toelaten", "Admit", id="table.initiative_admit"),
        bind("b", "edit_table", "Tafel wijzigen", "Edit table", id="table.edit"),
        bind("l", "decisions", "Besluiten", "Decisions", id="table.decisions"),
    ]  # fmt: skip
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
    TableDetailScreen #goal-detail { height: 2; padding: 0 1; }
    TableDetailScreen #interest-text { height: 2; padding: 0 1; }
    TableDetailScreen #matrix-hint { height: 1; padding: 0 1; color: $text-muted; }
    TableDetailScreen #matrix { height: 1fr; }
    TableDetailScreen VerticalScroll { height: 1fr; }
    """

    def __init__(self, table_id: int, tab: str | None = None):
        super().__init__()
        self.table_id = table_id
        self.initial_tab = tab if tab in {t for t, _, _ in TABS} else "leden"
        self.table: Record | None = None
        # the interests matrix: organisation id per row, topic per column (after "Partner")
        self.matrix_orgs: list[tuple[int | None, str]] = []
        self.matrix_topics: list[str] = []
        self.interests: dict[tuple[int, str], Record] = {}
        # plugins' tabs (the table_tabs hook), after the core's: (pane id, TableTab entry)
        self.plugin_tabs: list[tuple[str, Any]] = []
        self._plugin_tab = tab if tab and tab.startswith("plugin-") else None

    def _find_plugin_tabs(self) -> list[tuple[str, Any]]:
        getter = getattr(self.ws.plugins, "table_tabs", None)
        entries = getter() if getter is not None else []
        if not entries:
            return []
        table = self.ws.tables.find(self.table_id)
        if table is None:
            return []
        found = []
        for entry in entries:
            try:
                if entry.applies is None or entry.applies(self.ws, table):
                    found.append((plugin_tab_id(entry.id), entry))
            except Exception as exc:  # a plugin's fault: no tab, a message
                self.notify(f"{entry.plugin}: {exc}", severity="error", markup=False)
        return found

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="table-name", classes="section-title", markup=False)
        yield Static("", id="table-summary", markup=False)
        self.plugin_tabs = self._find_plugin_tabs()
        if self._plugin_tab in {pane for pane, _ in self.plugin_tabs}:
            self.initial_tab = self._plugin_tab
        with TabbedContent(id="tabs", initial=self.initial_tab):
            for i, (tab, nl, en) in enumerate(TABS, 1):
                with TabPane(f"{i} {L(nl, en)}", id=tab):
                    yield from getattr(self, f"compose_{tab}")()
            table = self.ws.tables.find(self.table_id) if self.plugin_tabs else None
            for i, (pane, entry) in enumerate(self.plugin_tabs, len(TABS) + 1):
                with TabPane(f"{i} {L(*entry.label)}", id=pane):
                    yield entry.factory(self.ws, table)
                if i <= 9:
                    self._bindings.bind(str(i), f"tab('{pane}')", L(*entry.label), show=False)
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
        yield DataTable(id="matrix", cursor_type="cell")
        yield Static("", id="interest-text", markup=False)
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
                (L("Voortgang", "Progress"), 15, lambda g: bar(g.progress["ratio"], 10)),
                (L("Stand", "Value"), 19, self._goal_value),
                (L("Deadline", "Deadline"), 10, lambda g: g.deadline),
            ],
            id="goals",
        )
        yield Static("", id="goal-detail", markup=False)

    def compose_initiatieven(self) -> ComposeResult:
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
            f"{table.kind} · {rhythm_text(table.rhythm) or '—'} · "
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
        self.update_goal_detail()
        self.query_one("#initiatives", RecordTable).show(self.ws.initiatives.of_table(table.id))
        self.update_reasons()
        for pane, _entry in self.plugin_tabs:
            for widget in self.query_one(f"#{pane}", TabPane).children:
                refresh = getattr(widget, "refresh_data", None)
                if callable(refresh):
                    refresh()

    def fill_matrix(self) -> None:
        """Partner × topic; the rows are the current members and whoever recorded interests."""
        table = self.table or self.ws.tables.get(self.table_id)
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
            line += L(f" Eerdere versies: {versions} (g).", f" Earlier versions: {versions} (g).")
        self.query_one("#mission-status", Static).update(line.strip())
        rows = [Record(r) for r in status["members"]]
        self.query_one("#signatures", RecordTable).show(rows)

    # -- tabs ----------------------------------------------------------------------------------
    @property
    def heading(self) -> str:
        """The screen and its tab ("Tafel · Doelen"): help (?) names the tab it lists."""
        names = {tab: L(nl, en) for tab, nl, en in TABS}
        names.update({pane: L(*entry.label) for pane, entry in self.plugin_tabs})
        return f"{super().heading} · {names.get(self.active_tab, '')}".rstrip(" ·")

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
        if action in ("revise", "record_signature"):
            right = "mission.revise" if action == "revise" else "mission.record_signature"
            return permissions.allowed(self.ws.actor, right, table_id=self.table_id)
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def may(self, action: str, org_id: int | None = None) -> bool:
        return may(self, action, table_id=self.table_id, org_id=org_id)

    def current(self, list_id: str) -> Record | None:
        return self.query_one(f"#{list_id}", RecordTable).current_record

    def reload_and_select(self, list_id: str, key: Any) -> None:
        self.refresh_data()
        self.query_one(f"#{list_id}", RecordTable).select_key(key)

    def confirm_delete(self, question: str, delete: Callable[[], Any], done: str) -> None:
        def answer(yes: bool | None) -> None:
            if yes and succeeded(self.app, delete):
                self.refresh_data()
                self.notify(done, markup=False)

        self.app.push_screen(ConfirmScreen(question), answer)

    # -- the table itself ----------------------------------------------------------------------
    @guarded
    def action_edit_table(self) -> None:
        if not self.may("table.update"):
            return
        table = self.ws.tables.get(self.table_id)

        def saved(record: Record | None) -> None:
            if record is not None:
                self.refresh_data()
                self.notify(L(f"Opgeslagen: {record.name}", f"Saved: {record.name}"),
                            markup=False)  # fmt: skip

        self.app.push_screen(
            table_form(
                self.ws,
                table,
                L(f"Tafel wijzigen: {table.name}", f"Edit table: {table.name}"),
                lambda v: self.ws.tables.update(table.id, **v),
            ),
            saved,
        )

    # -- initiatives' verdict ------------------------------------------------------------------
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

    # -- members -------------------------------------------------------------------------------
    def action_add_member(self) -> None:
        if not self.may("membership.manage"):
            return
        current = {m.organisation_id for m in self.ws.tables.members(self.table_id)}
        orgs = self.ws.organisations.list().rows  # every one: the picker filters as you type
        options = [(f"{o.name} ({o.kind})", o.id) for o in orgs if o.id not in current]

        def picked_org(org_id: int | None) -> None:
            if org_id is None:
                return
            roles = [(role, role) for role in self.ws.vocabulary("membership_roles")]

            def picked_role(role: str | None) -> None:
                if role is None:
                    return
                done = self.app.run_service(
                    self.ws.memberships.add, self.table_id, org_id, role=role,
                    since=clock.today_text(),
                )  # fmt: skip
                if done is not None:
                    self.reload_and_select("members", done.id)
                    org = self.ws.organisations.find(org_id)
                    name = org.name if org else ""
                    self.notify(L(f"Lid toegevoegd: {name} als {role}.",
                                  f"Member added: {name} as {role}."), markup=False)  # fmt: skip

            self.app.push_screen(
                PickerScreen(L("Rol (partner telt mee voor het kader)",
                               "Role (partners count for the frame)"), roles, value="partner"),
                picked_role,
            )  # fmt: skip

        self.app.push_screen(
            PickerScreen(L("Lid toevoegen: kies een organisatie",
                           "Add member: choose an organisation"), options),
            picked_org,
        )  # fmt: skip

    @guarded
    def action_edit_member(self) -> None:
        row = self.current("members")
        if row is None or not self.may("membership.manage"):
            return
        member = self.ws.memberships.get(row.id)
        people = [(p.name, p.id) for p in self.ws.people.of_organisation(member.organisation_id)]
        form = PickFormScreen(
            L(f"Lid wijzigen: {row.organisation_name}", f"Edit member: {row.organisation_name}"),
            [
                FormField("role", L("Rol", "Role"), "select",
                          options=self.ws.vocabulary("membership_roles"),
                          value=member.role, required=True),
                FormField("since", L("Sinds", "Since"), "date", value=member.since),
                FormField("representatives", L("Afgevaardigden", "Representatives"),
                          "select", options=people, value=member.representatives,
                          help=L("spatie vinkt aan of uit", "space ticks or unticks")),
            ],
            submit=lambda v: self.ws.memberships.update(member.id, **v),
            multi=["representatives"],
            version=member.version,
        )  # fmt: skip

        def saved(record: Record | None) -> None:
            if record is not None:
                self.reload_and_select("members", record.id)

        self.app.push_screen(form, saved)

    def action_end_member(self) -> None:
        member = self.current("members")
        if member is None or not self.may("membership.manage"):
            return
        self.confirm_delete(
            L(
                f"Lidmaatschap van {member.organisation_name} beëindigen (per gisteren)? "
                "Het blijft bewaard in de geschiedenis.",
                f"End the membership of {member.organisation_name} (as of yesterday)? "
                "It stays in the history.",
            ),
            lambda: self.ws.memberships.end(member.id, member.version),
            L(f"Lidmaatschap van {member.organisation_name} beëindigd.",
              f"Membership of {member.organisation_name} ended."),
        )  # fmt: skip

    @on(RecordTable.RowSelected, "#members")
    def _member_selected(self, event: RecordTable.RowSelected) -> None:
        self.action_edit_member()

    def _record_form(
        self,
        record: Record,
        service: Any,
        fields: list[FormField],
        new_title: str,
        edit_title: str,
        *,
        form: type[FormScreen] = FormScreen,
        **options: Any,
    ) -> FormScreen:
        """The form for one of this table's records: ``service.update`` with the version it
        was read at when the record exists, else ``service.create`` for this table."""
        if record.id:
            return form(
                edit_title, fields, submit=lambda v: service.update(record.id, **v),
                version=record.version, **options,
            )  # fmt: skip
        return form(
            new_title, fields, submit=lambda v: service.create(table_id=self.table_id, **v),
            **options,
        )  # fmt: skip

    # -- working agreements --------------------------------------------------------------------
    def _agreement_form(self, agreement: Record | None) -> FormScreen:
        agreement = agreement or Record()
        fields = [
            FormField("subject", L("Onderwerp", "Subject"), "select",
                      options=self.ws.vocabulary("working_agreement_subjects"),
                      value=agreement.subject, required=True),
            FormField("text", L("Afspraak", "Agreement"), "textarea", value=agreement.text,
                      required=True),
        ]  # fmt: skip
        return self._record_form(
            agreement, self.ws.working_agreements, fields,
            L("Nieuwe werkafspraak", "New working agreement"),
            L("Werkafspraak wijzigen", "Edit working agreement"),
        )  # fmt: skip

    def action_new_agreement(self) -> None:
        if self.may("working_agreement.manage"):
            self.app.push_screen(self._agreement_form(None), self._agreement_saved)

    @guarded
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

    # -- interests -----------------------------------------------------------------------------
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
        table = self.table or self.ws.tables.get(self.table_id)
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
            self.refresh_data()
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

    # -- mission -------------------------------------------------------------------------------
    def action_sign(self) -> None:
        """Sign for one's own organisation (no row to choose)."""
        own = signing.own_row(self)
        if own is not None:
            signing.confirm_sign(self, own)

    def action_record_signature(self) -> None:
        """Record who signed for the highlighted organisation, and when (the secretary)."""
        signing.record_signature(self, self.query_one("#signatures", RecordTable))

    def action_versions(self) -> None:
        from stadstafel.tui.screens.mission_versions import MissionVersionsScreen

        self.app.push_screen(MissionVersionsScreen(self.table_id))

    def action_decisions(self) -> None:
        from stadstafel.tui.screens.decisions import DecisionsScreen

        self.app.push_screen(DecisionsScreen(self.table_id))

    def action_revise(self) -> None:
        current = self.ws.missions.current(self.table_id)
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

    # -- goals ---------------------------------------------------------------------------------
    @on(RecordTable.RowHighlighted, "#goals")
    def _goal_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        self.update_goal_detail()

    def update_goal_detail(self) -> None:
        goal = self.current("goals")
        label = self.query_one("#goal-detail", Static)
        if goal is None:
            label.update(L("Nog geen doelen (n: nieuw).", "No goals yet (n: new)."))
            return
        p = goal.progress
        if p["source"] == MANUAL:
            source = L("handmatig bijgehouden", "kept by hand")
            if goal.indicator and goal.indicator != MANUAL:
                source = L(f"{goal.indicator} meet niets; handmatige stand",
                           f"{goal.indicator} measures nothing; manual value")  # fmt: skip
        else:
            source = L(f"gemeten door {p['source']}", f"measured by {p['source']}")
        detail = f" · {p['detail']}" if p.get("detail") else ""
        label.update(clip(f"{L('Bron', 'Source')}: {source}{detail}", 150))

    def _goal_form(self, goal: Record | None) -> FormScreen:
        goal = goal or Record()
        fields = [
            FormField("description", L("Doel", "Goal"), required=True, value=goal.description),
            FormField("target_value", L("Streefwaarde", "Target"), value=_plain_number(
                goal.target_value), help=L("een getal, bijv. 8000", "a number, e.g. 8000")),
            FormField("unit", L("Eenheid", "Unit"), value=goal.unit,
                      help=L("bijv. woningen, %", "e.g. homes, %")),
            FormField("deadline", L("Deadline", "Deadline"), "date", value=goal.deadline),
            FormField("indicator", L("Meting", "Measured by"), "select", required=True,
                      options=indicator_options(self.ws, goal.indicator),
                      value=goal.indicator or MANUAL),
            FormField("current_value", L("Stand (handmatig)", "Value (manual)"),
                      value=_plain_number(goal.current_value),
                      help=L("telt als de meting 'handmatig' is", "used when measured by hand")),
        ]  # fmt: skip
        return self._record_form(
            goal, self.ws.goals, fields,
            L("Nieuw doel", "New goal"), L("Doel wijzigen", "Edit goal"),
        )  # fmt: skip

    def action_new_goal(self) -> None:
        if self.may("goal.manage"):
            self.app.push_screen(self._goal_form(None), self._goal_saved)

    @guarded
    def action_edit_goal(self) -> None:
        row = self.current("goals")
        if row is not None and self.may("goal.manage"):
            self.app.push_screen(self._goal_form(self.ws.goals.get(row.id)), self._goal_saved)

    def _goal_saved(self, record: Record | None) -> None:
        if record is not None:
            self.reload_and_select("goals", record.id)
            self.update_goal_detail()
            self.notify(L("Doel opgeslagen.", "Goal saved."), markup=False)

    def action_delete_goal(self) -> None:
        row = self.current("goals")
        if row is None or not self.may("goal.manage"):
            return
        self.confirm_delete(
            L(f"Doel '{clip(row.description, 40)}' verwijderen?",
              f"Delete goal '{clip(row.description, 40)}'?"),
            lambda: self.ws.goals.delete(row.id, row.version),
            L("Doel verwijderd.", "Goal deleted."),
        )  # fmt: skip

    @on(RecordTable.RowSelected, "#goals")
    def _goal_selected(self, event: RecordTable.RowSelected) -> None:
        self.action_edit_goal()

    # -- initiatives ---------------------------------------------------------------------------
    def _initiative_form(self, initiative: Record | None) -> PickFormScreen:
        initiative = initiative or Record()
        table = self.table or self.ws.tables.get(self.table_id)
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
        return self._record_form(
            initiative, self.ws.initiatives, fields,
            L("Nieuw initiatief", "New initiative"), L("Initiatief wijzigen", "Edit initiative"),
            form=PickFormScreen, multi=["organisation_ids"],
        )  # fmt: skip

    def action_new_initiative(self) -> None:
        if self.may("initiative.manage"):
            self.app.push_screen(self._initiative_form(None), self._initiative_saved)

    @guarded
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
