"""The module's screens, on ``stadstafel.ui`` only: the trajectories list (paged from the
database, filter by title, flagged only, phase, instrument), one trajectory with its ladder and
flags, and a tab on a table's screen. Imported only when one is opened."""

from __future__ import annotations

from typing import Any, ClassVar

from stadstafel import Page, Record
from stadstafel.ui import (
    FilterInput,
    FormField,
    FormScreen,
    L,
    PagedRecordTable,
    RecordTable,
    SectionScreen,
    StadstafelScreen,
    TableTab,
    bind,
    call_service,
    clip,
    literal,
)
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from stadstafel_omgevingswet.rules import INSTRUMENTS, PHASES

SERVICE = "omgevingswet.trajectories"
NAME = "omgevingswet"


def columns() -> list[tuple]:
    return [
        (L("Traject", "Trajectory"), 30, lambda t: clip(t.title, 30)),
        (L("Instrument", "Instrument"), 13, lambda t: t.instrument + (" B" if t.bopa else "")),
        (L("Fase", "Phase"), 11, lambda t: t.phase),
        (L("Trede", "Rung"), 12, lambda t: t.rung or ""),
        ("!", 2, lambda t: str(len(t.flags)) if t.flags else ""),
    ]


def ladder_lines(ws: Any, t: Any) -> list[str]:
    """The participatieladder drawn bottom-up: the trajectory's rung and the minimum marked."""
    cfg = ws.plugins.settings(NAME)
    lines = []
    for rung in reversed(list(cfg["ladder"])):
        mark = "█" if rung == t.rung else "│"
        note = L(" ← minimum", " ← minimum") if rung == cfg["minimum_rung"] else ""
        lines.append(f"  {mark} {rung}{note}")
    return lines


def trajectory_form(ws: Any, t: Any) -> FormScreen:
    service = ws.service(SERVICE)
    ladder = list(ws.plugins.settings(NAME)["ladder"])
    fields = [
        FormField("phase", L("Fase", "Phase"), "select", options=PHASES, value=t.phase),
        FormField("rung", L("Trede", "Rung"), "select", options=ladder, value=t.rung),
        FormField(
            "rung_rationale",
            L("Motivering trede", "Why this rung"),
            "textarea",
            value=t.rung_rationale,
        ),
        FormField(
            "invitation_date",
            L("Uitnodiging verstuurd", "Invitation sent"),
            value=t.invitation_date,
        ),
        FormField("meeting_date", L("Bijeenkomst", "Meeting"), value=t.meeting_date),
        FormField(
            "participation_start",
            L("Start participatie", "Participation start"),
            value=t.participation_start,
        ),
        FormField("verslag_shared", L("Verslag gedeeld", "Report shared"), value=t.verslag_shared),
        FormField("submitted", L("Ingediend/voorgelegd", "Submitted"), value=t.submitted),
        FormField("decided", L("Vastgesteld/besloten", "Decided"), value=t.decided),
        FormField(
            "motivering",
            L("Motivering participatie", "Participation motivation"),
            "textarea",
            value=t.motivering,
        ),
    ]

    def submit(values: dict) -> Any:
        version = values.pop("version")
        changed = {k: (v or None) for k, v in values.items() if (v or None) != (t[k] or None)}
        return service.update(t.id, version, **changed)

    return FormScreen(
        L("Traject wijzigen", "Edit trajectory"), fields, submit=submit, version=t.version
    )


class TrajectoriesScreen(SectionScreen):
    """Every trajectory; f filter, ! flagged only, p phase, i instrument, enter opens."""

    TITLE_NL = "Omgevingswet: participatietrajecten"
    TITLE_EN = "Omgevingswet: participation trajectories"
    BINDINGS: ClassVar[list] = [
        bind("f", "filter", "Filter", "Filter", id="omgevingswet.filter"),
        bind("exclamation_mark", "flagged", "Signalen", "Flags", id="omgevingswet.flagged"),
        bind("p", "phase", "Fase", "Phase", id="omgevingswet.phase"),
        bind("i", "instrument", "Instrument", "Instrument", id="omgevingswet.instrument"),
    ]

    def __init__(self, workspace: Any = None, focus: int | None = None):
        super().__init__()
        self._workspace = workspace
        self.flagged = False
        self.phase = ""
        self.instrument = ""

    @property
    def ws(self) -> Any:
        return self._workspace if self._workspace is not None else super().ws

    def compose_body(self) -> ComposeResult:
        yield FilterInput(
            placeholder=L("Filter op titel… (f)", "Filter by title… (f)"),
            id="filter",
            on_change=self._filter_changed,
        )
        yield Static("", id="count", markup=False)
        yield PagedRecordTable(columns(), fetch=self.fetch, id="trajectories")

    @property
    def table(self) -> PagedRecordTable:
        return self.query_one("#trajectories", PagedRecordTable)

    def fetch(self, offset: int, limit: int) -> Page:
        page = call_service(
            self,
            self.ws.service(SERVICE).list,
            filter=self.query_one("#filter", Input).value.strip(),
            flagged=self.flagged,
            phase=self.phase,
            instrument=self.instrument,
            offset=offset,
            limit=limit,
        )
        return page if page is not None else Page([], 0, offset, limit)

    def on_mount(self) -> None:
        self.refresh_data()
        self.table.focus()

    def refresh_data(self) -> None:
        self.table.reload()
        self.update_count()

    def update_count(self) -> None:
        text = L(f"{self.table.total} trajecten", f"{self.table.total} trajectories")
        if self.flagged:
            text += L(" · met signaal (!)", " · flagged (!)")
        if self.phase:
            text += L(f" · fase {self.phase} (p)", f" · phase {self.phase} (p)")
        if self.instrument:
            text += f" · {self.instrument} (i)"
        self.query_one("#count", Static).update(text)

    def _reload(self) -> None:
        self.table.reload(keep_cursor=False)
        self.update_count()

    def _filter_changed(self, _value: str) -> None:
        if self.is_mounted:
            self._reload()

    @on(Input.Submitted, "#filter")
    def _filter_done(self, _event: Input.Submitted) -> None:
        self.table.focus()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_flagged(self) -> None:
        self.flagged = not self.flagged
        self._reload()

    def action_phase(self) -> None:
        cycle = ["", *PHASES]
        self.phase = cycle[(cycle.index(self.phase) + 1) % len(cycle)]
        self._reload()

    def action_instrument(self) -> None:
        cycle = ["", *INSTRUMENTS]
        self.instrument = cycle[(cycle.index(self.instrument) + 1) % len(cycle)]
        self._reload()

    @on(PagedRecordTable.RowSelected, "#trajectories")
    def _selected(self, _event: Any) -> None:
        record = self.table.current_record
        if record is not None:
            self.app.push_screen(TrajectoryScreen(self.ws, record.id))

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.refresh_data()


class TrajectoryScreen(StadstafelScreen):
    """One trajectory: facts, phases with dates, the ladder, groups, flags with sources."""

    TITLE_NL, TITLE_EN = "Participatietraject", "Participation trajectory"
    BINDINGS: ClassVar[list] = [
        bind("escape", "back", "Terug", "Back", id="omgevingswet.trajectory.back"),
        bind("e", "edit", "Wijzig", "Edit", id="omgevingswet.trajectory.edit"),
    ]

    def __init__(self, workspace: Any, trajectory_id: int):
        super().__init__()
        self._workspace = workspace
        self.trajectory_id = trajectory_id
        self.trajectory: Record | None = None

    @property
    def ws(self) -> Any:
        return self._workspace if self._workspace is not None else super().ws

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="trajectory-title", markup=False)
        with VerticalScroll(id="trajectory-scroll"):
            yield Static("", id="trajectory-body", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#trajectory-scroll", VerticalScroll).focus()

    def refresh_data(self) -> None:
        t = call_service(self, self.ws.service(SERVICE).detail, self.trajectory_id)
        if t is None:
            return
        self.trajectory = t
        self.query_one("#trajectory-title", Static).update(t.title)
        self.query_one("#trajectory-body", Static).update("\n".join(self.lines(t)))

    def lines(self, t: Any) -> list[str]:
        dash = "-"
        out = [
            (
                f"{t.instrument}{' (BOPA, ' + str(t.dwellings or 0) + ' won.)' if t.bopa else ''}"
                f" · {L('bevoegd gezag', 'authority')} {t.bevoegd_gezag or dash}"
                f" · {L('initiatiefnemer', 'initiator')} {t.initiatiefnemer or dash}"
            ),
            f"{L('Tafel', 'Table')}: {t.table_name} · {L('Grondslag', 'Legal basis')}: {t.legal_basis}",
            (
                f"{L('Fase', 'Phase')}: {t.phase} · {L('verkenning', 'exploration')} "
                f"{t.verkenning_start or dash} · {L('kennisgeving', 'notice')} {t.kennisgeving_date or dash}"
                f" · {L('ontwerp', 'draft')} {t.ontwerp_published or dash}"
                f" · {L('besluit', 'decision')} {t.decided or dash}"
            ),
            (
                f"{L('Participatie', 'Participation')}: {L('start', 'start')} {t.participation_start or dash}"
                f" · {L('uitnodiging', 'invitation')} {t.invitation_date or dash}"
                f" · {L('bijeenkomst', 'meeting')} {t.meeting_date or dash}"
                f" · {L('verslag gedeeld', 'report shared')} {t.verslag_shared or dash}"
            ),
            (
                f"{L('Beoogd', 'Meant')}: {', '.join(t.groups_meant or []) or dash}"
                f" · {L('bereikt', 'reached')}: {', '.join(t.groups_reached or []) or dash}"
            ),
            f"{L('Trede', 'Rung')}: {t.rung or dash} — {t.rung_rationale or dash}",
            *ladder_lines(self.ws, t),
            L("Signalen:", "Flags:") if t.flags else L("Geen signalen.", "No flags."),
        ]
        out += [f" ! {f['text']} — {f['source']}" for f in t.flags]
        return out

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_edit(self) -> None:
        if self.trajectory is not None:
            self.app.push_screen(trajectory_form(self.ws, self.trajectory), self._saved)

    def _saved(self, t: Any) -> None:
        if t is not None:
            self.notify(L("Opgeslagen: {t}", "Saved: {t}").format(t=literal(t.title)))
            self.refresh_data()


class TrajectoriesTab(TableTab):
    """The trajectories of one table, as a tab of the table's screen."""

    def compose(self) -> ComposeResult:
        yield RecordTable(columns(), id="table-trajectories")

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        page = call_service(self, self.workspace.service(SERVICE).list, table_id=self.table.id)
        if page is not None:
            self.query_one("#table-trajectories", RecordTable).show(page.rows)
