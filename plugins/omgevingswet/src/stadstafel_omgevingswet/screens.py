"""The module's screens, on ``stadstafel.ui`` only: the trajectories list (paged from the
database; filter by title, flagged only, phase, instrument, table; a new trajectory), one
trajectory with tabs (traject, plan, activiteiten, verslag, afweging, motivering; rows added and
edited from the keyboard, the verslag put on the table's next agenda and exported), and a tab on
a table's screen. A key shows only where the actor holds its right. Imported only when one is
opened; one trajectory's screen and the forms are the module ``trajectory``, imported when one
of them is opened."""

from __future__ import annotations

from typing import Any, ClassVar

from stadstafel import Page, Record
from stadstafel.ui import (
    FilterInput,
    L,
    PagedList,
    PagedRecordTable,
    PickerScreen,
    RecordTable,
    SectionScreen,
    TableTab,
    bind,
    call_service,
    literal,
)
from textual.app import ComposeResult

from stadstafel_omgevingswet.rules import INSTRUMENTS, PHASES

SERVICE = "omgevingswet.trajectories"
NAME = "omgevingswet"
RIGHT = "omgevingswet.trajectories.edit"
MOTIVERING_RIGHT = "omgevingswet.motivering.set"
DASH = "-"


def trajectory() -> Any:
    """The module of one trajectory's screen and the forms (``trajectory``), imported when a
    trajectory or a form is opened: a session that reads the list does not hold it."""
    from stadstafel_omgevingswet import trajectory

    return trajectory


def __getattr__(name: str) -> Any:
    # the names that lived here before the trajectory's screen had a module of its own
    if name in ("TrajectoryScreen", "trajectory_form", "part_form", "ladder_lines"):
        return getattr(trajectory(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def columns() -> list[tuple]:
    return [
        (L("Traject", "Trajectory"), 30, lambda t: t.title),
        (L("Instrument", "Instrument"), 13, lambda t: t.instrument + (" B" if t.bopa else "")),
        (L("Fase", "Phase"), 11, lambda t: t.phase),
        (L("Trede", "Rung"), 12, lambda t: t.rung or ""),
        ("!", 2, lambda t: str(len(t.flags)) if t.flags else ""),
    ]


# -- the list --------------------------------------------------------------------------------------
class TrajectoriesScreen(PagedList, SectionScreen):
    """Every trajectory; f filter, ! flagged only, p phase, i instrument, t table, n new,
    enter opens."""

    # kept when the screen is dropped (StadstafelScreen.place): the scope chosen
    PLACE = ("flagged", "phase", "instrument", "table_id", "table_name")

    TITLE_NL = "Omgevingswet: participatietrajecten"
    TITLE_EN = "Omgevingswet: participation trajectories"
    BINDINGS: ClassVar[list] = [
        bind("f", "focus_filter", "Filter", "Filter", id="omgevingswet.filter", priority=True),
        bind("exclamation_mark", "flagged", "Signalen", "Signals", id="omgevingswet.flagged",
             key_display="!"),
        bind("p", "phase", "Fase", "Phase", id="omgevingswet.phase"),
        bind("i", "instrument", "Instrument", "Instrument", id="omgevingswet.instrument"),
        bind("t", "table", "Tafel", "Table", id="omgevingswet.table"),
        bind("n", "new", "Nieuw", "New", id="omgevingswet.new"),
    ]  # fmt: skip
    LIST_ID = "trajectories"

    def __init__(self, workspace: Any = None, focus: int | None = None):
        super().__init__()
        self._workspace = workspace
        self.flagged = False
        self.phase = ""
        self.instrument = ""
        self.table_id: int | None = None
        self.table_name = ""

    @property
    def ws(self) -> Any:
        return self._workspace if self._workspace is not None else super().ws

    @property
    def service(self) -> Any:
        return self.ws.service(SERVICE)

    def compose_body(self) -> ComposeResult:
        yield FilterInput(
            placeholder=L("Filter op titel… (f)", "Filter by title… (f)"),
            id="filter",
            on_change=self.filter_changed,
        )
        # the count line above the list: drawn by the screen (set_count), not a widget
        table = PagedRecordTable(columns(), fetch=self.fetch, id=self.LIST_ID)
        yield self.line_above(table, muted=False)

    def fetch(self, offset: int, limit: int) -> Page:
        page = call_service(
            self,
            self.service.list,
            filter=self.filter_text,
            flagged=self.flagged,
            phase=self.phase,
            instrument=self.instrument,
            table_id=self.table_id,
            offset=offset,
            limit=limit,
        )
        return page if page is not None else Page([], 0, offset, limit)

    def on_mount(self) -> None:
        self.refresh_data()
        self.list_view.focus()

    def after_reload(self) -> None:
        text = L(f"{self.list_view.total} trajecten", f"{self.list_view.total} trajectories")
        if self.flagged:
            text += L(" · met signaal (!)", " · flagged (!)")
        if self.phase:
            text += L(f" · fase {self.phase} (p)", f" · phase {self.phase} (p)")
        if self.instrument:
            text += f" · {self.instrument} (i)"
        if self.table_id:
            text += f" · {self.table_name} (t)"
        self.set_count(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new":
            actor = self.ws.actor
            return actor.is_admin or any(
                self.service.may(RIGHT, table_id) for table_id in actor.table_roles
            )
        return True

    def action_flagged(self) -> None:
        self.flagged = not self.flagged
        self.reload()

    def action_phase(self) -> None:
        cycle = ["", *PHASES]
        self.phase = cycle[(cycle.index(self.phase) + 1) % len(cycle)]
        self.reload()

    def action_instrument(self) -> None:
        cycle = ["", *INSTRUMENTS]
        self.instrument = cycle[(cycle.index(self.instrument) + 1) % len(cycle)]
        self.reload()

    def action_table(self) -> None:
        options = [(L("(alle tafels)", "(all tables)"), 0)]
        options += [(t.name, t.id) for t in self.ws.read.tables(limit=500).rows]

        def chosen(table_id: int | None) -> None:
            if table_id is None:
                return
            self.table_id = table_id or None
            self.table_name = {v: k for k, v in options}.get(table_id, "")
            self.reload()

        self.app.push_screen(PickerScreen(L("Tafel", "Table"), options), chosen)

    def action_new(self) -> None:
        def saved(t: Any) -> None:
            if t is not None:
                self.notify(L("Aangemaakt: {t}", "Created: {t}").format(t=literal(t.title)))
                self.reload()
                self.app.push_screen(trajectory().TrajectoryScreen(self.ws, t.id))

        self.app.push_screen(trajectory().trajectory_form(self.ws), saved)

    def open_record(self, record: Record) -> None:
        self.app.push_screen(trajectory().TrajectoryScreen(self.ws, record.id))

    # No reload on every return to the section (20-30 ms at the large size): a change made
    # meanwhile, here or in another session, marks the screen stale and the core's
    # StadstafelScreen.on_screen_resume reloads it then.


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
