"""The register: the "w" section, filter as you type, sort, paged."""

from __future__ import annotations

from typing import Any

import stadstafel
from rich.text import Text
from stadstafel import Page, Record
from stadstafel.ui import (
    ConfirmScreen,
    FilterInput,
    L,
    PagedList,
    PagedRecordTable,
    PickerScreen,
    SectionScreen,
    bind,
    call_service,
    literal,
    service_action,
)
from textual.app import ComposeResult
from textual.widgets import Input

from stadstafel_woningbouw.model import (
    capacity_label,
    has_signal,
)
from stadstafel_woningbouw.screens.base import (
    CAPACITY_FILTERS,
    SORTS,
    _n,
    _RegisterScreen,
    forms,
)


class ProjectsScreen(PagedList, _RegisterScreen, SectionScreen):
    """All projects: type to filter, ``s`` sorts, Enter opens; n/e/c/d edit.

    The section keys of the app (h, p, t, v, a, w) are left alone, so they keep switching
    sections from here.
    """

    # kept when the screen is dropped (StadstafelScreen.place): the sort and filters chosen
    PLACE = ("sort_index", "descending", "phase_filter", "capacity_index")

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
        bind(
            "f",
            "focus_filter",
            "Filter",
            "Filter",
            id="woningbouw.filter",
            show=False,
            priority=True,
        ),
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
    LIST_ID = "projects"

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
            on_change=self.filter_changed,
        )
        # the count line above the list: drawn by the screen (set_count), not a widget
        yield self.line_above(
            PagedRecordTable(
                [
                    (L("Project", "Project"), 24),
                    (L("Wijk", "Area"), 13),
                    (L("Fase", "Phase"), 11),
                    (L("Plan", "Plan"), 5),
                    (
                        L("Won.", "Homes")
                        if self.reg.settings.target_basis == "gross"
                        else L("Netto", "Net"),
                        5,
                    ),
                    (L("Opl.", "Dlv."), 4),
                    ("!", 1),
                ],
                fetch=self.fetch,
                cells=self.cells,
                id=self.LIST_ID,
            )
        )

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
        mark = "!" if has_signal(r, s, stadstafel.today()) else ""
        return [
            r.name,
            r.area or "",
            r.phase,
            L(cap, {"hard": "hard", "zacht": "soft"}.get(cap, cap)),
            Text(_n(r.homes_net if s.target_basis == "net" else r.homes_total), justify="right"),
            r.delivery_year or "",
            Text(mark, style="bold") if mark else "",
        ]

    def on_mount(self) -> None:
        self.editable = self.may_edit()
        self.refresh_data()
        self.list_view.focus()

    def after_reload(self) -> None:
        """The count line: how many, the sort, the filters."""
        _, nl, en = SORTS[self.sort_index]
        arrow = "↓" if self.descending else "↑"
        total = self.list_view.total_text
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
        self.set_count(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "edit", "phase", "delete", "import"):
            return self.editable
        return True

    # -- filter and sort --------------------------------------------------------------------------
    def key_down(self) -> None:
        if self.query_one("#filter", Input).has_focus:
            self.list_view.focus()

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.refresh_data()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.refresh_data()

    def action_capacity_filter(self) -> None:
        self.capacity_index = (self.capacity_index + 1) % len(CAPACITY_FILTERS)
        self.reload()

    def action_phase_filter(self) -> None:
        options = [(L("(alle fasen)", "(all phases)"), "")]
        options += [(name, name) for name in self.reg.settings.phase_names]

        def chosen(value: str | None) -> None:
            if value is None:
                return
            self.phase_filter = value or None
            self.reload()

        self.app.push_screen(
            PickerScreen(
                L("Filter op fase", "Filter by phase"), options, value=self.phase_filter or ""
            ),
            chosen,
        )

    # -- open, create, edit -----------------------------------------------------------------------
    def open_record(self, record: Record) -> None:
        from stadstafel_woningbouw.screens.project import (
            ProjectScreen,
        )  # on Enter, not with the list

        self.app.push_screen(ProjectScreen(self.ws, record.id))

    def action_new(self) -> None:
        self.app.push_screen(forms().new_project_form(self.reg), self._saved)

    @service_action
    def action_edit(self) -> None:
        record = self.list_view.current_record
        if record is not None:
            project = self.reg.get(record.id)
            self.app.push_screen(forms().edit_project_form(self.reg, project), self._saved)

    @service_action
    def action_phase(self) -> None:
        record = self.list_view.current_record
        if record is not None:
            project = self.reg.get(record.id)
            self.app.push_screen(forms().phase_form(self.reg, project), self._saved)

    def _saved(self, record: Record | None) -> None:
        if record is None:
            return
        self.list_view.reload()
        self.list_view.select_key(record.id)
        self.after_reload()
        self.notify(L("Opgeslagen: {name}", "Saved: {name}").format(name=literal(record.name)))

    def action_delete(self) -> None:
        record = self.list_view.current_record
        if record is None:
            return

        def answer(yes: bool | None) -> None:
            if yes and call_service(self, self.reg.delete, record.id, record.version) is None:
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

    # The progress and signals screens and the import are imported when first opened, not
    # with the section (see the package's docstring).
    def action_progress(self) -> None:
        from stadstafel_woningbouw.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen(self.ws))

    def action_signals(self) -> None:
        from stadstafel_woningbouw.screens.signals import SignalsScreen

        self.app.push_screen(SignalsScreen(self.ws))

    def action_import(self) -> None:
        from stadstafel_woningbouw.screens.importing import open_import

        open_import(self.app, on_done=lambda: self.refresh_data())

    # No reload on every return to the section (20-30 ms at the large size): a change made
    # meanwhile, here or in another session, marks the screen stale and the core's
    # StadstafelScreen.on_screen_resume reloads it then.
