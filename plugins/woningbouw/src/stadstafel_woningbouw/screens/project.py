"""One project: figures, knelpunten, phase history; edit, change phase."""

from __future__ import annotations

from typing import Any

from stadstafel import Record
from stadstafel.ui import (
    ConfirmScreen,
    L,
    RecordTable,
    RecordTabs,
    bind,
    call_service,
    clip,
    service_action,
)
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from stadstafel_woningbouw.model import (
    REASON_LABELS,
    SEGMENT_SHORT,
    capacity_label,
    homes_of,
    net_of,
    withdrawn_by_reason,
)
from stadstafel_woningbouw.screens.base import _lang, _n, _RegisterScreen, forms


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
            "Faseverloop",
            "Phase history",
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
        # the history's list is built, and filled, when its tab is first shown
        labels = [
            ("knelpunten", L("1 Knelpunten", "1 Bottlenecks")),
            ("geschiedenis", L("2 Faseverloop", "2 Phase history")),
        ]
        # the knelpunten list focused as it mounts: one frame, styled once
        yield RecordTabs(labels, build=self._make_list, focus=True, id="tabs")
        yield from self.compose_footer()

    @staticmethod
    def _make_list(tab: str) -> RecordTable:
        if tab == "knelpunten":
            return RecordTable(knelpunt_columns(), id="knelpunt-table")
        return RecordTable(history_columns(), key=lambda h: h.id, id="history-table")

    def _fill_history(self) -> None:
        found = self.query("#history-table")
        if found and self.project is not None:
            history = list(reversed(self.reg.history_of(self.project.id)))
            found.first(RecordTable).show(history)

    def on_mount(self) -> None:
        self.editable = self.may_edit()
        self.refresh_data()

    def refresh_data(self) -> None:
        project = call_service(self, self.reg.get_full, self.project_id)
        if project is None:
            if self.app.screen is self:
                self.app.pop_screen()
            return
        self.project = project
        s = self.reg.settings
        phase = s.phase(project.phase)
        self.query_one("#project-name", Static).update(project.name)
        self.set_heading(L("Woningbouw", "Housing") + f" › {clip(project.name, 40)}")
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
        reasons = {r: n for r, n in withdrawn_by_reason(project).items() if n}
        if reasons:
            net = sum(net_of(project).values())
            parts = ", ".join(f"{L(*REASON_LABELS[r])} {_n(n)}" for r, n in reasons.items())
            lines.append(
                L(f"Vervalt: {parts} · netto {_n(net)}", f"Withdrawn: {parts} · net {_n(net)}")
            )
        for sig in self.reg.signals_of(project):
            lines.append("! " + (sig.text_en if _lang() == "en" else sig.text_nl))
        if project.notes:
            lines.append(clip(project.notes, 150))
        self.query_one("#summary", Static).update("\n".join(lines))
        self.query_one("#knelpunt-table", RecordTable).show(self.reg.knelpunten_of(project.id))
        self._fill_history()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        mutating = ("edit", "phase", "new_knelpunt", "resolve", "delete_knelpunt")
        if action in mutating and not self.editable:
            return False
        if action in ("new_knelpunt", "resolve", "delete_knelpunt"):  # the knelpunten tab's
            tabs = self.query("#tabs")
            return bool(tabs) and tabs.first(RecordTabs).active == "knelpunten"
        return True

    @on(RecordTabs.TabActivated)
    def _tab_changed(self, event: RecordTabs.TabActivated) -> None:
        if event.built:
            self._fill_history()
        if event.tab == event.tabs.active:
            self.query_one(f"#{event.tab} RecordTable", RecordTable).focus()
        self.refresh_bindings()

    def action_tab(self, tab: str) -> None:
        if self.query_one("#tabs", RecordTabs).show(tab) is None:  # built: focus it now
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

    @service_action
    def action_edit(self) -> None:
        project = self.reg.get(self.project_id)
        self.app.push_screen(forms().edit_project_form(self.reg, project), self._saved)

    @service_action
    def action_phase(self) -> None:
        project = self.reg.get(self.project_id)
        self.app.push_screen(forms().phase_form(self.reg, project), self._saved)

    @service_action
    def action_new_knelpunt(self) -> None:
        project = self.reg.get(self.project_id)
        self.app.push_screen(forms().knelpunt_form(self.reg, project), self._saved)

    @on(RecordTable.RowSelected, "#knelpunt-table")
    def _knelpunt_selected(self, event: RecordTable.RowSelected) -> None:
        k = self.knelpunt_table.current_record
        if k is None or not self.editable or self.project is None:
            return
        current = call_service(self, self.reg.knelpunten.get, k.id)
        if current is not None:
            self.app.push_screen(
                forms().knelpunt_form(self.reg, self.project, current), self._saved
            )

    def action_resolve(self) -> None:
        k = self.knelpunt_table.current_record
        if k is None:
            return
        status = "open" if k.status != "open" else "opgelost"
        if call_service(self, self.reg.update_knelpunt, k.id, k.version, status=status):
            self.refresh_data()

    def action_delete_knelpunt(self) -> None:
        k = self.knelpunt_table.current_record
        if k is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                call_service(self, self.reg.delete_knelpunt, k.id, k.version)
                self.refresh_data()

        self.app.push_screen(
            ConfirmScreen(
                L(f"Knelpunt '{k.title}' verwijderen?", f"Delete bottleneck '{k.title}'?")
            ),
            answer,
        )
