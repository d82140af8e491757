"""The woningbouw screens. Imported only when a screen is opened (never at start-up).

ProjectsScreen(ws)        the "w" section: the register, filter as you type, sort, paged
ProjectScreen(ws, id)     one project: figures, knelpunten, phase history; edit, change phase
ProgressScreen(ws)        progress against the target: chart, per year, pipeline, shares
SignalsScreen(ws)         stalled, slipped and blocked projects (what the agenda gets)
open_import(app)          ask for a CSV file and import it, with a report

Screens reach the data only through the register service (``register_for``); they never run
SQL. Every key is a ``bind()`` with an id (``woningbouw.*``), so a keymap can rebind it.
"""

from __future__ import annotations

import difflib
from importlib import resources
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text
from stadstafel import ValidationError, clock, i18n
from stadstafel.records import Page, Record
from stadstafel.tui.modals import ConfirmScreen, PickerScreen
from stadstafel.tui.text import L, literal, plain
from stadstafel.tui.widgets.base import (
    AppHeader,
    SectionScreen,
    StadstafelScreen,
    bind,
    guarded,
    translate_bindings,
)
from stadstafel.tui.widgets.form import FormField, FormScreen
from stadstafel.tui.widgets.lists import RecordTable, clip
from stadstafel.tui.widgets.paged import FilterInput, PagedRecordTable
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TabbedContent, TabPane

from stadstafel_woningbouw import texts
from stadstafel_woningbouw.model import (
    HOME_COLUMNS,
    KNELPUNT_STATUSES,
    SEGMENT_SHORT,
    SEGMENTS,
    capacity_label,
    fmt_eur,
    fmt_int,
    fmt_pct,
    has_signal,
    homes_of,
)
from stadstafel_woningbouw.service import ProjectRegister, register_for

CSS = resources.files(__package__).joinpath("woningbouw.tcss").read_text(encoding="utf-8")

SORTS = [
    ("name", "naam", "name"),
    ("phase", "fase", "phase"),
    ("area", "wijk", "area"),
    ("homes", "woningen", "homes"),
    ("delivery", "oplevering", "delivery"),
    ("since", "in fase sinds", "in phase since"),
]
CAPACITY_FILTERS = [(None, "alle", "all"), ("hard", "hard", "hard"), ("zacht", "zacht", "soft")]


def _lang() -> str:
    return texts.lang()


def _n(value: Any) -> str:
    return fmt_int(value, _lang())


class _RegisterScreen(StadstafelScreen):
    """A woningbouw screen: knows its workspace (the factory's argument) and the register."""

    DEFAULT_CSS = CSS

    def __init__(self, workspace: Any = None, **kwargs: Any):
        super().__init__(**kwargs)
        self._workspace = workspace

    @property
    def ws(self):
        return self._workspace if self._workspace is not None else super().ws

    @property
    def reg(self) -> ProjectRegister:
        return register_for(self.ws)

    def may_edit(self) -> bool:
        try:
            return self.reg.may_edit()
        except Exception:
            return False


# -- forms ---------------------------------------------------------------------------------------
def _org_names(ws: Any, ids: list[int] | None) -> str:
    names = []
    for org_id in ids or []:
        org = ws.organisations.find(org_id)
        names.append(org.name if org else f"#{org_id}")
    return ", ".join(names)


def resolve_orgs(reg: ProjectRegister, text: str | None) -> list[int]:
    """Comma-separated organisation names -> ids; unknown names are a ValidationError that
    suggests the nearest initiator name."""
    options = reg.initiator_options()
    by_name = {o.name.casefold(): o.id for o in options}
    ids: list[int] = []
    for name in [n.strip() for n in (text or "").split(",") if n.strip()]:
        org_id = by_name.get(name.casefold())
        if org_id is None:
            close = difflib.get_close_matches(name, [o.name for o in options], n=1)
            hint = L(f"; bedoelt u {close[0]}?", f"; did you mean {close[0]}?") if close else ""
            kinds = ", ".join(reg.settings.initiator_kinds)
            raise ValidationError(
                {
                    "organisation_ids": L(
                        f"Geen initiatiefnemer '{name}' ({kinds}){hint}",
                        f"No initiator '{name}' ({kinds}){hint}",
                    )
                }
            )
        if org_id not in ids:
            ids.append(org_id)
    return ids


def project_fields(reg: ProjectRegister, project: Record | None = None) -> list[FormField]:
    p = project or Record()
    new = project is None
    options = ", ".join(o.name for o in reg.initiator_options()[:6])
    fields = [
        FormField("name", texts.field_label("name"), required=True, value=p.name),
        FormField("area", texts.field_label("area"), value=p.area, help="bijv. Stationsgebied"),
        FormField("location", texts.field_label("location"), value=p.location),
        FormField(
            "organisation_ids",
            texts.field_label("organisation_ids"),
            value=_org_names(reg.ws, p.organisation_ids),
            help=L(
                f"namen, gescheiden door komma's: {options}…",
                f"names separated by commas: {options}…",
            ),
        ),
    ]
    if new:
        fields += [
            FormField(
                "phase",
                texts.field_label("phase"),
                "select",
                options=reg.settings.phase_names,
                value=reg.settings.phase_names[0],
                required=True,
            ),
            FormField(
                "phase_since",
                texts.field_label("phase_since"),
                "date",
                value=clock.today().isoformat(),
            ),
        ]
    fields += [
        FormField(col, texts.field_label(col), "int", value=p.get(col) or 0) for col in HOME_COLUMNS
    ]
    fields += [
        FormField("start_year", texts.field_label("start_year"), "int", value=p.start_year),
        FormField(
            "delivery_year", texts.field_label("delivery_year"), "int", value=p.delivery_year
        ),
        FormField("notes", texts.field_label("notes"), "textarea", value=p.notes),
    ]
    return fields


def _project_values(reg: ProjectRegister, values: dict) -> dict:
    values = dict(values)
    values["organisation_ids"] = resolve_orgs(reg, values.get("organisation_ids"))
    for col in HOME_COLUMNS:
        if values.get(col) is None:
            values[col] = 0
    return values


def new_project_form(reg: ProjectRegister) -> FormScreen:
    def submit(values: dict) -> Record:
        values = _project_values(reg, values)
        return reg.create(**values)

    return FormScreen(
        L("Nieuw woningbouwproject", "New housing project"), project_fields(reg), submit=submit
    )


def edit_project_form(reg: ProjectRegister, project: Record) -> FormScreen:
    def submit(values: dict) -> Record:
        version = values.pop("version", None)
        values = _project_values(reg, values)
        return reg.update(project.id, version, **values)

    return FormScreen(
        L(f"Project wijzigen: {project.name}", f"Edit project: {project.name}"),
        project_fields(reg, project),
        submit=submit,
        version=project.version,
    )


def phase_form(reg: ProjectRegister, project: Record) -> FormScreen:
    names = [n for n in reg.settings.phase_names if n != project.phase]
    index = reg.settings.phase_index(project.phase)
    following = reg.settings.phase_names[index + 1 : index + 2]
    fields = [
        FormField(
            "phase",
            L(f"Nieuwe fase (nu: {project.phase})", f"New phase (now: {project.phase})"),
            "select",
            options=names,
            value=following[0] if following and following[0] in names else None,
            required=True,
        ),
        FormField(
            "changed_on",
            texts.field_label("changed_on"),
            "date",
            value=clock.today().isoformat(),
            required=True,
            help=L(
                "de dag waarop het project in de nieuwe fase kwam",
                "the day the project entered the new phase",
            ),
        ),
        FormField(
            "delivery_year",
            texts.field_label("delivery_year"),
            "int",
            value=project.delivery_year,
            help=L("bij opgeleverd: het jaar van oplevering", "when delivered: the actual year"),
        ),
        FormField("note", texts.field_label("note"), value=None),
    ]

    def submit(values: dict) -> Record:
        version = values.pop("version", None)
        on = values.pop("changed_on", None)
        phase = values.pop("phase", None)
        note = values.pop("note", None)
        if values.get("delivery_year") in (None, project.delivery_year):
            values.pop("delivery_year", None)
        return reg.change_phase(project.id, version, phase, on=on, note=note, **values)

    return FormScreen(
        L(f"Fase wijzigen: {project.name}", f"Change phase: {project.name}"),
        fields,
        submit=submit,
        version=project.version,
    )


def knelpunt_form(
    reg: ProjectRegister, project: Record, knelpunt: Record | None = None
) -> FormScreen:
    k = knelpunt or Record()
    owners: dict[int, str] = {}
    table = reg.table_record()
    if table is not None:
        for m in reg.ws.tables.members(table.id):
            owners[m.organisation_id] = m.organisation_name
    for org_id in project.organisation_ids or []:
        org = reg.ws.organisations.find(org_id)
        if org:
            owners[org.id] = org.name
    if k.owner_org_id and k.owner_org_id not in owners:
        org = reg.ws.organisations.find(k.owner_org_id)
        owners[k.owner_org_id] = org.name if org else f"#{k.owner_org_id}"
    fields = [
        FormField("title", texts.field_label("title"), required=True, value=k.title),
        FormField("description", texts.field_label("description"), "textarea", value=k.description),
        FormField(
            "owner_org_id",
            texts.field_label("owner_org_id"),
            "select",
            options=sorted(
                ((name, org_id) for org_id, name in owners.items()), key=lambda o: o[0].casefold()
            ),
            value=k.owner_org_id,
        ),
        FormField("due", texts.field_label("due"), "date", value=k.due),
    ]
    if knelpunt is not None:
        fields.append(
            FormField(
                "status",
                texts.field_label("status"),
                "select",
                options=list(KNELPUNT_STATUSES),
                value=k.status,
                required=True,
            )
        )

    def submit(values: dict) -> Record:
        version = values.pop("version", None)
        if knelpunt is None:
            return reg.add_knelpunt(project.id, **values)
        return reg.update_knelpunt(knelpunt.id, version, **values)

    title = (
        L(f"Knelpunt bij {project.name}", f"Bottleneck at {project.name}")
        if knelpunt is None
        else L(f"Knelpunt wijzigen: {k.title}", f"Edit bottleneck: {k.title}")
    )
    return FormScreen(title, fields, submit=submit, version=knelpunt.version if knelpunt else None)


# -- the register --------------------------------------------------------------------------------
class ProjectsScreen(_RegisterScreen, SectionScreen):
    """All projects: type to filter, ``s`` sorts, Enter opens; n/e/c/d edit.

    The section keys of the app (h, p, t, v, a, w) are left alone, so they keep switching
    sections from here.
    """

    TITLE_NL, TITLE_EN = "Woningbouw", "Housing"
    BINDINGS = [
        bind("n", "new", "Nieuw", "New", id="woningbouw.new"),
        bind("e", "edit", "Wijzig", "Edit", id="woningbouw.edit"),
        bind("c", "phase", "Fase", "Phase", id="woningbouw.phase"),
        bind("g", "progress", "Voortgang", "Progress", id="woningbouw.progress"),
        bind(
            "exclamation_mark",
            "signals",
            "Signalen",
            "Signals",
            id="woningbouw.signals",
            key_display="!",
        ),
        bind("s", "sort", "Sorteren", "Sort", id="woningbouw.sort"),
        bind("r", "reverse", "Omkeren", "Reverse", id="woningbouw.reverse", show=False),
        bind("f", "filter", "Filter", "Filter", id="woningbouw.filter", show=False),
        bind(
            "F",
            "phase_filter",
            "Filter op fase",
            "Filter by phase",
            id="woningbouw.phase_filter",
            show=False,
        ),
        bind(
            "k",
            "capacity_filter",
            "Hard/zacht",
            "Hard/soft",
            id="woningbouw.capacity_filter",
            show=False,
        ),
        bind("i", "import", "Importeer CSV", "Import CSV", id="woningbouw.import", show=False),
        bind("d", "delete", "Verwijder", "Delete", id="woningbouw.delete", show=False),
    ]

    def __init__(self, workspace: Any = None):
        super().__init__(workspace)
        self.sort_index = 0
        self.descending = False
        self.phase_filter: str | None = None
        self.capacity_index = 0
        self.editable = False

    def compose_body(self) -> ComposeResult:
        yield FilterInput(
            placeholder=L(
                "Filter op naam, wijk, fase of initiatiefnemer… (f)",
                "Filter by name, area, phase or initiator… (f)",
            ),
            id="filter",
            classes="filter",
            on_change=self._filter_changed,
        )
        yield Static("", id="count", classes="hint", markup=False)
        yield PagedRecordTable(
            [
                (L("Project", "Project"), 24),
                (L("Wijk", "Area"), 13),
                (L("Fase", "Phase"), 11),
                (L("Plan", "Plan"), 5),
                (L("Won.", "Homes"), 5),
                (L("Opl.", "Dlv."), 4),
                ("!", 1),
            ],
            fetch=self.fetch,
            cells=self.cells,
            id="projects",
        )

    @property
    def table(self) -> PagedRecordTable:
        return self.query_one("#projects", PagedRecordTable)

    @property
    def filter_text(self) -> str:
        return self.query_one("#filter", Input).value.strip()

    def fetch(self, offset: int, limit: int) -> Page:
        return self.reg.list(
            filter=self.filter_text,
            phase=self.phase_filter,
            capacity=CAPACITY_FILTERS[self.capacity_index][0],
            order=SORTS[self.sort_index][0],
            descending=self.descending,
            offset=offset,
            limit=limit,
        )

    def cells(self, r: Record) -> list[Any]:
        s = self.reg.settings
        phase = s.phase(r.phase)
        cap = capacity_label(phase)
        mark = "!" if has_signal(r, s, clock.today()) else ""
        return [
            clip(r.name, 24),
            clip(r.area or "", 13),
            clip(r.phase, 11),
            L(cap, {"hard": "hard", "zacht": "soft"}.get(cap, cap)),
            Text(_n(r.homes_total), justify="right"),
            r.delivery_year or "",
            Text(mark, style="bold") if mark else "",
        ]

    def on_mount(self) -> None:
        self.editable = self.may_edit()
        self.refresh_data()
        self.table.focus()

    def refresh_data(self) -> None:
        self.table.reload()
        self.update_count()

    def update_count(self) -> None:
        _, nl, en = SORTS[self.sort_index]
        arrow = "↓" if self.descending else "↑"
        total = self.table.total_text
        text = L(
            f"{total} projecten · sortering: {nl} {arrow} (s/r)",
            f"{total} projects · sorted by: {en} {arrow} (s/r)",
        )
        if self.phase_filter:
            text += L(f" · fase: {self.phase_filter} (F)", f" · phase: {self.phase_filter} (F)")
        cap, cap_nl, cap_en = CAPACITY_FILTERS[self.capacity_index]
        if cap:
            text += L(f" · {cap_nl} (k)", f" · {cap_en} (k)")
        text += L(" · ! = signaal (!)", " · ! = signal (!)")
        self.query_one("#count", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "edit", "phase", "delete", "import"):
            return self.editable
        return True

    # -- filter and sort --------------------------------------------------------------------------
    def _filter_changed(self, _value: str) -> None:
        if self.is_mounted:
            self.table.reload(keep_cursor=False)
            self.update_count()

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        self.table.focus()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def key_escape(self) -> bool | None:
        if self.query_one("#filter", Input).has_focus:
            self.table.focus()
            return True
        return None

    def key_down(self) -> None:
        if self.query_one("#filter", Input).has_focus:
            self.table.focus()

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.table.reload(keep_cursor=True)
        self.update_count()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.table.reload(keep_cursor=True)
        self.update_count()

    def action_capacity_filter(self) -> None:
        self.capacity_index = (self.capacity_index + 1) % len(CAPACITY_FILTERS)
        self.table.reload(keep_cursor=False)
        self.update_count()

    def action_phase_filter(self) -> None:
        options = [(L("(alle fasen)", "(all phases)"), "")]
        options += [(name, name) for name in self.reg.settings.phase_names]

        def chosen(value: str | None) -> None:
            if value is None:
                return
            self.phase_filter = value or None
            self.table.reload(keep_cursor=False)
            self.update_count()

        self.app.push_screen(
            PickerScreen(
                L("Filter op fase", "Filter by phase"), options, value=self.phase_filter or ""
            ),
            chosen,
        )

    # -- open, create, edit -----------------------------------------------------------------------
    @on(PagedRecordTable.RowSelected, "#projects")
    def _selected(self, event: PagedRecordTable.RowSelected) -> None:
        record = self.table.current_record
        if record is not None:
            self.app.push_screen(ProjectScreen(self.ws, record.id))

    def action_new(self) -> None:
        self.app.push_screen(new_project_form(self.reg), self._saved)

    @guarded
    def action_edit(self) -> None:
        record = self.table.current_record
        if record is not None:
            project = self.reg.get(record.id)
            self.app.push_screen(edit_project_form(self.reg, project), self._saved)

    @guarded
    def action_phase(self) -> None:
        record = self.table.current_record
        if record is not None:
            project = self.reg.get(record.id)
            self.app.push_screen(phase_form(self.reg, project), self._saved)

    def _saved(self, record: Record | None) -> None:
        if record is None:
            return
        self.table.reload()
        self.table.select_key(record.id)
        self.update_count()
        self.notify(L("Opgeslagen: {name}", "Saved: {name}").format(name=literal(record.name)))

    def action_delete(self) -> None:
        record = self.table.current_record
        if record is None:
            return

        def answer(yes: bool | None) -> None:
            if yes and self.app.run_service(self.reg.delete, record.id, record.version) is None:
                self.refresh_data()

        self.app.push_screen(
            ConfirmScreen(
                L(
                    f"Project '{record.name}' verwijderen, met zijn geschiedenis en knelpunten?",
                    f"Delete project '{record.name}' with its history and bottlenecks?",
                )
            ),
            answer,
        )

    def action_progress(self) -> None:
        self.app.push_screen(ProgressScreen(self.ws))

    def action_signals(self) -> None:
        self.app.push_screen(SignalsScreen(self.ws))

    def action_import(self) -> None:
        open_import(self.app, on_done=lambda: self.refresh_data())

    def on_screen_resume(self) -> None:
        self.refresh_data()


# -- one project ---------------------------------------------------------------------------------
def knelpunt_columns() -> list[tuple]:
    return [
        (L("Knelpunt", "Bottleneck"), 30, lambda k: k.title),
        (L("Eigenaar", "Owner"), 16, lambda k: k.owner_name or "–"),
        (L("Uiterlijk", "Due"), 10, lambda k: k.due or ""),
        (L("Status", "Status"), 10, lambda k: ("! " if k.overdue else "") + k.status),
    ]


def history_columns() -> list[tuple]:
    def what(h: Record) -> str:
        if h.phase_to and not h.phase_from:
            return L(f"in register: {h.phase_to}", f"registered: {h.phase_to}")
        if h.phase_to:
            return f"{h.phase_from} → {h.phase_to}"
        return L("planning", "planning")

    def delivery(h: Record) -> str:
        if h.delivery_year_from and h.delivery_year_to != h.delivery_year_from:
            return f"{h.delivery_year_from} → {h.delivery_year_to or '?'}"
        return str(h.delivery_year_to or "")

    return [
        (L("Datum", "Date"), 10, lambda h: h.changed_on),
        (L("Wijziging", "Change"), 30, what),
        (L("Oplevering", "Delivery"), 11, delivery),
        (L("Toelichting", "Note"), 18, lambda h: h.note or ""),
    ]


class ProjectScreen(_RegisterScreen):
    """One project: its figures, knelpunten (tab 1) and phase history (tab 2)."""

    TITLE_NL, TITLE_EN = "Woningbouwproject", "Housing project"
    BINDINGS = [
        bind("escape", "back", "Terug", "Back", id="woningbouw.project.back"),
        bind("e", "edit", "Wijzig", "Edit", id="woningbouw.project.edit"),
        bind("c", "phase", "Fase", "Phase", id="woningbouw.project.phase"),
        bind("n", "new_knelpunt", "Knelpunt", "Bottleneck", id="woningbouw.project.knelpunt"),
        bind("o", "resolve", "Opgelost", "Resolved", id="woningbouw.project.resolve"),
        bind(
            "x",
            "delete_knelpunt",
            "Knelpunt weg",
            "Delete bottleneck",
            id="woningbouw.project.knelpunt_delete",
            show=False,
        ),
        bind(
            "1",
            "tab('knelpunten')",
            "Knelpunten",
            "Bottlenecks",
            id="woningbouw.project.tab_knelpunten",
            show=False,
        ),
        bind(
            "2",
            "tab('geschiedenis')",
            "Geschiedenis",
            "History",
            id="woningbouw.project.tab_history",
            show=False,
        ),
    ]

    def __init__(self, workspace: Any, project_id: int):
        super().__init__(workspace)
        self.project_id = project_id
        self.project: Record | None = None
        self.editable = False

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="project-name", classes="section-title", markup=False)
        yield Static("", id="summary", markup=False)
        with TabbedContent(id="tabs"):
            with TabPane(L("1 Knelpunten", "1 Bottlenecks"), id="knelpunten"):
                yield RecordTable(knelpunt_columns(), id="knelpunt-table")
            with TabPane(L("2 Geschiedenis", "2 History"), id="geschiedenis"):
                yield RecordTable(history_columns(), key=lambda h: h.id, id="history-table")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.editable = self.may_edit()
        self.refresh_data()
        self.query_one("#knelpunt-table", RecordTable).focus()

    def refresh_data(self) -> None:
        project = self.app.run_service(self.reg.get_full, self.project_id)
        if project is None:
            if self.app.screen is self:
                self.app.pop_screen()
            return
        self.project = project
        s = self.reg.settings
        phase = s.phase(project.phase)
        self.query_one("#project-name", Static).update(project.name)
        self.query_one(AppHeader).update_text(
            L("Woningbouw", "Housing") + f" › {clip(project.name, 40)}"
        )
        homes = homes_of(project)
        seg = " · ".join(f"{SEGMENT_SHORT[k]} {_n(v)}" for k, v in homes.items() if v)
        cap = capacity_label(phase)
        cap_text = L(f" ({cap})", f" ({ {'zacht': 'soft'}.get(cap, cap) })") if cap else ""
        lines = [
            L(
                f"{project.area or 'geen wijk'}"
                + (f" · {project.location}" if project.location else "")
                + f" · initiatief: {project.initiators or '–'}",
                f"{project.area or 'no area'}"
                + (f" · {project.location}" if project.location else "")
                + f" · initiator: {project.initiators or '–'}",
            ),
            L(
                f"Fase {project.phase}{cap_text} sinds {project.phase_since or '?'} · start"
                f" {project.start_year or '?'} · oplevering {project.delivery_year or '?'}",
                f"Phase {project.phase}{cap_text} since {project.phase_since or '?'} · start"
                f" {project.start_year or '?'} · delivery {project.delivery_year or '?'}",
            ),
            L(
                f"{_n(project.homes_total)} woningen: {seg}",
                f"{_n(project.homes_total)} homes: {seg}",
            ),
        ]
        found = [sig for p, sigs in self.reg.signals() if p.id == project.id for sig in sigs]
        for sig in found:
            lines.append("! " + (sig.text_en if _lang() == "en" else sig.text_nl))
        if project.notes:
            lines.append(clip(project.notes, 150))
        self.query_one("#summary", Static).update("\n".join(lines))
        self.query_one("#knelpunt-table", RecordTable).show(self.reg.knelpunten_of(project.id))
        self.query_one("#history-table", RecordTable).show(
            list(reversed(self.reg.history_of(project.id)))
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        mutating = ("edit", "phase", "new_knelpunt", "resolve", "delete_knelpunt")
        if action in mutating and not self.editable:
            return False
        if action in ("resolve", "delete_knelpunt"):
            tabs = self.query("#tabs")
            return bool(tabs) and tabs.first(TabbedContent).active == "knelpunten"
        return True

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab
        self.query_one(f"#{tab} RecordTable", RecordTable).focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    @property
    def knelpunt_table(self) -> RecordTable:
        return self.query_one("#knelpunt-table", RecordTable)

    def _saved(self, record: Record | None) -> None:
        if record is not None:
            self.refresh_data()
            self.notify(L("Opgeslagen.", "Saved."))

    @guarded
    def action_edit(self) -> None:
        project = self.reg.get(self.project_id)
        self.app.push_screen(edit_project_form(self.reg, project), self._saved)

    @guarded
    def action_phase(self) -> None:
        project = self.reg.get(self.project_id)
        self.app.push_screen(phase_form(self.reg, project), self._saved)

    @guarded
    def action_new_knelpunt(self) -> None:
        project = self.reg.get(self.project_id)
        self.app.push_screen(knelpunt_form(self.reg, project), self._saved)

    @on(RecordTable.RowSelected, "#knelpunt-table")
    def _knelpunt_selected(self, event: RecordTable.RowSelected) -> None:
        k = self.knelpunt_table.current_record
        if k is None or not self.editable or self.project is None:
            return
        current = self.app.run_service(self.reg.knelpunten.get, k.id)
        if current is not None:
            self.app.push_screen(knelpunt_form(self.reg, self.project, current), self._saved)

    def action_resolve(self) -> None:
        k = self.knelpunt_table.current_record
        if k is None:
            return
        status = "open" if k.status != "open" else "opgelost"
        if self.app.run_service(self.reg.update_knelpunt, k.id, k.version, status=status):
            self.refresh_data()

    def action_delete_knelpunt(self) -> None:
        k = self.knelpunt_table.current_record
        if k is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.run_service(self.reg.delete_knelpunt, k.id, k.version)
                self.refresh_data()

        self.app.push_screen(
            ConfirmScreen(
                L(f"Knelpunt '{k.title}' verwijderen?", f"Delete bottleneck '{k.title}'?")
            ),
            answer,
        )


# -- progress ------------------------------------------------------------------------------------
def _mark(met: bool | None) -> str:
    if met is None:
        return "–"
    return L("gehaald", "met") if met else L("! niet gehaald", "! not met")


def years_table(progress: dict) -> Table:
    table = Table(expand=False, show_edge=False, pad_edge=False, box=None)
    for label in (
        L("Jaar", "Year"),
        L("Opgeleverd", "Delivered"),
        L("Cumulatief", "Cumul."),
        L("Rechte lijn", "Straight line"),
        L("Verschil", "Difference"),
    ):
        table.add_column(label, justify="right")
    for r in progress["years"]:
        future = bool(r["future"])
        diff = r["diff"]
        table.add_row(
            str(r["year"]) + (" *" if future else ""),
            "" if future else _n(r["delivered"]),
            "" if future else _n(r["cumulative"]),
            _n(r["needed"]),
            "" if future else ("+" if diff > 0 else "") + _n(diff),
            style="dim" if future else None,
        )
    return table


def pipeline_table(progress: dict) -> Table:
    table = Table(expand=False, show_edge=False, pad_edge=False, box=None)
    table.add_column(L("Fase", "Phase"), no_wrap=True)
    table.add_column(L("Plan", "Plan"))
    table.add_column(L("Proj.", "Proj."), justify="right")
    for s in SEGMENTS:
        table.add_column(SEGMENT_SHORT[s], justify="right")
    table.add_column(L("Totaal", "Total"), justify="right")
    settings = progress["settings"]
    for row in progress["pipeline"]:
        phase = settings.phase(row["phase"])
        cap = capacity_label(phase)
        table.add_row(
            Text(plain(row["phase"])),  # a rich Table reads a str cell as markup
            L(cap, {"zacht": "soft"}.get(cap, cap)),
            str(row["projects"]),
            *[_n(row["homes"][s]) for s in SEGMENTS],
            _n(row["total"]),
            style="dim" if not phase.active else None,
        )
    totals = progress["pipeline_homes"]
    table.add_row(
        L("in de pijplijn", "in the pipeline"),
        "",
        "",
        *[_n(totals[s]) for s in SEGMENTS],
        _n(sum(totals.values())),
        style="bold",
    )
    return table


def shares_text(progress: dict) -> str:
    s = progress["settings"]
    sp = progress["shares_pipeline"]
    sd = progress["shares_delivered"]
    cap = progress["capacity"]
    lang = _lang()
    lines = [
        L(
            "Aandelen in de pijplijn (plannen en in aanbouw):",
            "Shares in the pipeline (plans and under construction):",
        ),
        L(
            f"  betaalbaar {fmt_pct(sp.affordable_share, lang)} (doel"
            f" {fmt_pct(s.affordable_share, lang)}): {_mark(sp.affordable_met)}",
            f"  affordable {fmt_pct(sp.affordable_share, lang)} (target"
            f" {fmt_pct(s.affordable_share, lang)}): {_mark(sp.affordable_met)}",
        ),
        L(
            f"  sociale huur {fmt_pct(sp.social_share, lang)} (doel"
            f" {fmt_pct(s.social_rent_share, lang)}): {_mark(sp.social_met)}",
            f"  social rent {fmt_pct(sp.social_share, lang)} (target"
            f" {fmt_pct(s.social_rent_share, lang)}): {_mark(sp.social_met)}",
        ),
        L(
            f"Opgeleverd: betaalbaar {fmt_pct(sd.affordable_share, lang)}, sociale huur"
            f" {fmt_pct(sd.social_share, lang)}",
            f"Delivered: affordable {fmt_pct(sd.affordable_share, lang)}, social rent"
            f" {fmt_pct(sd.social_share, lang)}",
        ),
        "",
        L(
            f"Plancapaciteit: hard {_n(cap['hard'])} (waarvan {_n(cap['construction'])} in"
            f" aanbouw), zacht {_n(cap['soft'])}",
            f"Plan capacity: hard {_n(cap['hard'])} ({_n(cap['construction'])} of it under"
            f" construction), soft {_n(cap['soft'])}",
        ),
    ]
    ratio = progress["capacity_ratio"]
    if ratio is not None:
        lines.append(
            L(
                f"  = {fmt_pct(ratio, lang, 0)} van de resterende opgave ({_n(progress['gap'])});"
                f" norm {fmt_pct(s.plan_capacity_norm, lang, 0)}",
                f"  = {fmt_pct(ratio, lang, 0)} of the remaining task ({_n(progress['gap'])});"
                f" norm {fmt_pct(s.plan_capacity_norm, lang, 0)}",
            )
        )
    limits = progress["limits"]
    lines.append("")
    if limits is None:
        lines.append(
            L(
                "Geen segmentgrenzen voor dit jaar geconfigureerd.",
                "No segment limits configured for this year.",
            )
        )
    else:
        year, lim = limits
        parts = []
        if "sociale_huur_rent_max" in lim:
            parts.append(
                L("sociale huur ≤ ", "social rent ≤ ")
                + fmt_eur(lim["sociale_huur_rent_max"], lang)
                + L("/mnd", "/month")
            )
        if "middenhuur_rent_max" in lim:
            parts.append(
                L("middenhuur ≤ ", "mid-rent ≤ ")
                + fmt_eur(lim["middenhuur_rent_max"], lang)
                + (
                    f" ({lim['middenhuur_points_max']} WWS)"
                    if "middenhuur_points_max" in lim
                    else ""
                )
            )
        if "betaalbare_koop_price_max" in lim:
            parts.append(
                L("betaalbare koop ≤ ", "affordable purchase ≤ ")
                + fmt_eur(lim["betaalbare_koop_price_max"], lang)
            )
        lines.append(L(f"Segmentgrenzen {year}: ", f"Segment limits {year}: ") + "; ".join(parts))
        lines.append(L("  bron: ", "  source: ") + str(lim.get("source", "")))
    lines.append(
        L("Bronnen: ", "Sources: ") + f"{s.affordable_source}; {s.social_rent_source};"
        f" {s.plan_capacity_source}"
    )
    return "\n".join(lines)


def summary_line(progress: dict) -> str:
    s = progress["settings"]
    per_year = progress["per_year_needed"]
    year = progress["today"].year
    text = L(
        f"Doel: {_n(s.target_homes)} woningen in {s.target_start_year}–{s.target_year}"
        f" · bron: {s.target_source}\nOpgeleverd {_n(progress['delivered'])} · nodig eind"
        f" {year}: {_n(progress['needed_now'])} · tekort {_n(progress['gap'])}",
        f"Target: {_n(s.target_homes)} homes in {s.target_start_year}–{s.target_year}"
        f" · source: {s.target_source}\nDelivered {_n(progress['delivered'])} · needed by the"
        f" end of {year}: {_n(progress['needed_now'])} · gap {_n(progress['gap'])}",
    )
    if per_year is not None:
        text += L(f" = {_n(per_year)} per jaar", f" = {_n(per_year)} a year")
    return text


class ProgressScreen(_RegisterScreen):
    """Progress against the target: chart (1), per year (2), pipeline (3), shares (4)."""

    TITLE_NL, TITLE_EN = "Woningbouw: voortgang", "Housing: progress"
    BINDINGS = [
        bind("escape", "back", "Terug", "Back", id="woningbouw.progress.back"),
        bind("1", "tab('grafiek')", "Grafiek", "Chart", id="woningbouw.progress.tab_chart"),
        bind("2", "tab('jaren')", "Per jaar", "Per year", id="woningbouw.progress.tab_years"),
        bind("3", "tab('pijplijn')", "Pijplijn", "Pipeline", id="woningbouw.progress.tab_pipe"),
        bind("4", "tab('aandelen')", "Aandelen", "Shares", id="woningbouw.progress.tab_shares"),
    ]

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield from self.compose_header()
        yield Static("", id="summary", classes="hint", markup=False)
        with TabbedContent(id="tabs"):
            with TabPane(L("1 Grafiek", "1 Chart"), id="grafiek"):
                yield PlotextPlot(id="chart")
            with TabPane(L("2 Per jaar", "2 Per year"), id="jaren"), VerticalScroll():
                yield Static("", id="years")
            with TabPane(L("3 Pijplijn", "3 Pipeline"), id="pijplijn"), VerticalScroll():
                yield Static("", id="pipeline")
            with TabPane(L("4 Aandelen", "4 Shares"), id="aandelen"), VerticalScroll():
                yield Static("", id="shares", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        progress = self.reg.progress()
        self.query_one("#summary", Static).update(summary_line(progress))
        self.query_one("#years", Static).update(years_table(progress))
        self.query_one("#pipeline", Static).update(pipeline_table(progress))
        self.query_one("#shares", Static).update(shares_text(progress))
        self.draw_chart(progress)

    def draw_chart(self, progress: dict) -> None:
        from textual_plotext import PlotextPlot

        widget = self.query_one("#chart", PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        rows = progress["years"]
        years = [r["year"] for r in rows]
        past = [r for r in rows if not r["future"]]
        plt.bar(
            [r["year"] for r in past],
            [r["cumulative"] for r in past],
            label=L("opgeleverd (cumulatief)", "delivered (cumulative)"),
            color="blue",
            width=0.6,
        )
        plt.plot(
            years,
            [r["needed"] for r in rows],
            label=L("rechte lijn naar doel", "straight line to target"),
            color="red",
            marker="•",
        )
        s = progress["settings"]
        plt.title(
            L(
                f"Woningen opgeleverd t.o.v. {_n(s.target_homes)} in {s.target_year}",
                f"Homes delivered vs. {_n(s.target_homes)} by {s.target_year}",
            )
        )
        plt.xticks(years, [str(y)[2:] if len(years) > 8 else str(y) for y in years])
        top = max(s.target_homes, max((r["cumulative"] for r in rows), default=0))
        plt.ylim(0, top)
        ticks = [round(top * i / 4) for i in range(5)]
        plt.yticks(ticks, [_n(t) for t in ticks])
        widget.refresh()

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def action_back(self) -> None:
        self.app.pop_screen()


# -- signals -------------------------------------------------------------------------------------
class SignalsScreen(_RegisterScreen):
    """Projects the table should look at: stalled, slipped or blocked (Enter opens one)."""

    TITLE_NL, TITLE_EN = "Woningbouw: stilgevallen projecten", "Housing: stalled projects"
    BINDINGS = [
        bind("escape", "back", "Terug", "Back", id="woningbouw.signals.back"),
        bind("o", "to_agenda", "Op agenda", "To agenda", id="woningbouw.signals.agenda"),
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
        return [clip(project.name, 28), clip(text, 46)]

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
        after = clock.now().isoformat(sep=" ", timespec="minutes")
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
                    f"{pair[0].name} staat al op die agenda.",
                    f"{pair[0].name} is already on that agenda.",
                ),
                severity="warning",
                markup=False,
            )
            return
        suggestion = next(
            (s for s in agenda_suggestions(self.ws, table, meeting) or [] if s["key"] == key), None
        )
        if suggestion is None:
            return
        item = self.app.run_service(
            self.ws.carry_forward.accept, meeting.id, {"origin": "plugin", **suggestion}
        )
        if item is not None:
            self.notify(
                L(
                    f"Op de agenda van {i18n.format_date(meeting.starts_at)}: {item.title}",
                    f"On the agenda of {i18n.format_date(meeting.starts_at)}: {item.title}",
                ),
                markup=False,
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


# -- import --------------------------------------------------------------------------------------
class ReportScreen(ModalScreen[None]):
    """The outcome of an import: the summary and every problem with row and column."""

    DEFAULT_CSS = """
    ReportScreen { align: center middle; }
    ReportScreen > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ReportScreen #report-title { text-style: bold; margin-bottom: 1; }
    ReportScreen VerticalScroll { height: auto; max-height: 16; }
    """
    BINDINGS = [
        bind("escape", "close", "Sluiten", "Close", id="woningbouw.report.close"),
        bind("enter", "close", "Sluiten", "Close", id="woningbouw.report.ok", show=False),
    ]

    def __init__(self, title: str, report: Any):
        super().__init__()
        translate_bindings(self)
        self.title_text = title
        self.report = report

    def compose(self) -> ComposeResult:
        lines = [self.report.summary(), ""] + [str(e) for e in self.report.errors]
        with Vertical():
            yield Static(plain(self.title_text), id="report-title", markup=False)
            with VerticalScroll():  # problems quote the file's cells: shown as data
                text = "\n".join(plain(line) for line in lines)
                yield Static(text, id="report", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


class ImportProgressScreen(ModalScreen[None]):
    """Shown while an import runs in a worker: the rows gone through so far. Each batch is
    its own transaction, and the app draws (and other sessions write) between batches."""

    DEFAULT_CSS = """
    ImportProgressScreen { align: center middle; }
    ImportProgressScreen > Vertical {
        width: 60; max-width: 100%; height: auto;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ImportProgressScreen #import-title { text-style: bold; margin-bottom: 1; }
    """

    def __init__(self, title: str, total: int):
        super().__init__()
        self.title_text = title
        self.total = total

    def compose(self) -> ComposeResult:
        from textual.widgets import ProgressBar

        with Vertical():
            yield Static(self.title_text, id="import-title", markup=False)
            # no total yet: the file is being read (an indeterminate bar)
            yield ProgressBar(total=self.total or None, id="import-progress")
            yield Static(
                L(
                    "Opslaan gaat per 500 rijen; anderen kunnen tussendoor verder werken.",
                    "Stored 500 rows at a time; others can keep working in between.",
                ),
                markup=False,
            )

    def advance(self, done: int, total: int) -> None:
        from textual.widgets import ProgressBar

        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=max(1, total), progress=done)


def open_import(app: Any, on_done: Any = None) -> None:
    """Ask for a CSV file in the imports folder (and whether to skip bad rows), import it in
    a worker with a progress bar, then show the report.

    The right to edit the register is checked before the dialog opens and again before the
    file is looked at; the file name is confined to ``[files] imports``."""
    from stadstafel.files import folder

    from stadstafel_woningbouw.importer import read_text

    reg = register_for(app.workspace)
    if app.run_service(lambda: reg.check_permission() or True) is None:
        return  # refused: the message is shown, no dialog, no file looked at
    try:
        where = str(folder("import", app.workspace.config))
    except ValidationError:
        where = "[files] imports"
    fields = [
        FormField(
            "file",
            L("CSV-bestand", "CSV file"),
            required=True,
            help=L(
                f"naam van een bestand in {where}; kolommen: zie config/woningbouw-projecten.csv",
                f"name of a file in {where}; columns: see config/woningbouw-projecten.csv",
            ),
        ),
        FormField(
            "skip",
            L("Foute rijen", "Bad rows"),
            "select",
            options=[
                (L("niets importeren bij een fout", "import nothing if any row is bad"), "no"),
                (L("overslaan en de rest importeren", "skip them, import the rest"), "yes"),
            ],
            value="no",
            required=True,
        ),
    ]

    def submit(values: dict) -> Record:
        reg.check_permission()  # again: before the file is looked at
        typed = str(values.get("file") or "")
        try:
            text = read_text(typed, config=app.workspace.config)
        except ValueError as exc:
            raise ValidationError({"file": str(exc)}) from None
        return Record(text=text, name=Path(typed).name, skip=values.get("skip") == "yes")

    def done(chosen: Record | None) -> None:
        if chosen is None:
            return
        app.run_worker(
            run_import(app, reg, chosen.text, chosen.name, chosen.skip, on_done),
            group="woningbouw-import",
        )

    app.push_screen(
        FormScreen(L("Woningbouw: importeer CSV", "Housing: import CSV"), fields, submit=submit),
        done,
    )


async def run_import(
    app: Any, reg: ProjectRegister, text: str, name: str, skip: bool, on_done: Any = None
) -> None:
    """The import as a worker on the app's own loop: one batch (one transaction) per step, a
    redraw and the keys typed meanwhile between steps."""
    import asyncio

    from stadstafel import StadstafelError

    from stadstafel_woningbouw.importer import ImportJob, organisations_by_name, parse

    title = L(f"Import van {name}", f"Import of {name}")
    progress: ImportProgressScreen | None = None
    try:
        reg.check_permission()
        progress = ImportProgressScreen(title, 0)
        await app.push_screen(progress)
        # The CSV itself is read on a thread (no database there): the app keeps drawing.
        orgs = organisations_by_name(reg)
        parsed = await asyncio.to_thread(parse, text, None, orgs=orgs)
        job = ImportJob(reg, text, skip_invalid=skip, parsed=parsed)
        progress.advance(0, job.total)
        for done in job.steps():
            progress.advance(done, job.total)
            await asyncio.sleep(0.01)  # let the app draw and handle keys between batches
        report = job.report
    except Exception as exc:  # a message, never a traceback; batches stored stay stored
        if progress is not None and progress.is_attached:
            await progress.dismiss(None)
        if isinstance(exc, StadstafelError):
            message = exc.message
        elif isinstance(exc, ValueError):
            message = str(exc)
        else:
            message = L(
                f"De import is gestopt: {type(exc).__name__}: {exc}",
                f"The import stopped: {type(exc).__name__}: {exc}",
            )
        app.notify(message, title=title, severity="error", markup=False)
        return
    if progress is not None and progress.is_attached:
        await progress.dismiss(None)
    app.push_screen(ReportScreen(title, report))
    if on_done is not None:
        on_done()
