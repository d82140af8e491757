"""The screens opened from the collaborations list (``screens``): one collaboration
(``VerbandScreen``), the calendar of control deadlines, the Regio Deals and the work
locations, and planning a begroting's zienswijze. Imported when one of them is opened, not with
the list: a session that reads the list does not hold them."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from stadstafel import Page, Record, today
from stadstafel.ui import (
    FilterInput,
    L,
    PagedRecordTable,
    PickerScreen,
    RecordTable,
    StadstafelScreen,
    bind,
    call_service,
    clip,
    literal,
)
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from stadstafel_regionale_economie import (
    CIJFERS,
    CONTROL,
    DEALS,
    LOCATIES,
    PROJECTEN,
    REEKSEN,
    RIGHT,
    VERBANDEN,
)
from stadstafel_regionale_economie.screens import (
    AGENDA_RIGHT,
    CSS,
    Filtered,
    Rights,
    _deadline,
)
from stadstafel_regionale_economie.service import (
    BEGROTING,
    euro,
    quarter,
)


def plan_zienswijze(screen: Any, ws: Any, event: Record, done: Any = None) -> None:
    """Put a begroting's zienswijze on a meeting of its table before the deadline: the meetings
    in time are offered, the chosen one gets the agenda item (through the core's service)."""
    control = ws.service(CONTROL)
    if event.kind != BEGROTING or event.done:
        screen.notify(L("Kies een open ontwerp-begroting.", "Choose an open draft budget."))
        return
    meetings = call_service(screen, control.meetings_in_time, event)
    if not meetings:
        screen.notify(
            L(
                "Geen vergadering van deze tafel vóór de termijn {d}: plan er een.",
                "No meeting of this table before the deadline {d}: plan one.",
            ).format(d=event.deadline),
            severity="warning",
        )
        return
    options = [(f"{m.starts_at[:16]}  {m.title}", m.id) for m in meetings]
    table = ws.read.table(event.table_id)

    def chosen(meeting_id: Any) -> None:
        if meeting_id is None:
            return
        item = call_service(screen, control.plan_zienswijze, event.id, meeting_id)
        if item is not None:
            screen.notify(
                L("Geagendeerd: {t}", "Put on the agenda: {t}").format(t=literal(item.title))
            )
            if done is not None:
                done()

    screen.app.push_screen(
        PickerScreen(
            L("Agenderen vóór {d} bij {t}: kies de vergadering",
              "Plan before {d} at {t}: choose the meeting")
            .format(d=event.deadline, t=table.name if table else "?"),
            options,
        ),
        chosen,
    )  # fmt: skip


def event_columns() -> list[tuple]:
    return [
        (
            L("Termijn", "Deadline"),
            12,
            lambda e: _deadline(e.deadline) if not e.done else e.deadline,
        ),
        (L("Soort", "Kind"), 22, lambda e: e.kind),
        (L("Jaar", "Year"), 5, lambda e: e.year or ""),
        (L("Klaar", "Done"), 5, lambda e: L("ja", "yes") if e.done else ""),
        (L("Notitie", "Note"), 28, lambda e: e.notes or ""),
    ]


class VerbandScreen(Rights, StadstafelScreen):
    """One collaboration: type and rules, organen, deelnemers, control events. ``e`` edits it,
    ``c`` adds a control event, Enter edits the event under the cursor, ``a`` puts the
    zienswijze of a begroting on a meeting in time."""

    TITLE_NL, TITLE_EN = "Samenwerkingsverband", "Collaboration"
    DEFAULT_CSS = CSS
    BINDINGS: ClassVar[list] = [
        bind("escape", "back", "Terug", "Back", id="regionale-economie.verband.back"),
        bind("e", "edit", "Wijzig", "Edit", id="regionale-economie.verband.edit"),
        bind("c", "new_event", "Controlmoment", "Control event", id="regionale-economie.event"),
        bind("a", "plan", "Agenderen", "To agenda", id="regionale-economie.verband.plan"),
        bind("d", "delete_event", "Verwijder", "Delete", id="regionale-economie.event.delete"),
    ]
    RIGHTS: ClassVar[dict[str, str]] = {
        "edit": RIGHT,
        "new_event": RIGHT,
        "edit_event": RIGHT,
        "delete_event": RIGHT,
        "plan": AGENDA_RIGHT,
    }
    verband: Record | None = None

    def table_of(self, action: str) -> int | None:
        return self.verband.table_id if self.verband is not None else -1

    def __init__(self, workspace: Any, verband_id: int):
        super().__init__()
        self._workspace = workspace
        self.verband_id = verband_id

    @property
    def ws(self) -> Any:
        return self._workspace if self._workspace is not None else super().ws

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="re-summary", classes="re-summary", markup=False)
        yield RecordTable(event_columns(), key=lambda e: e.id, id="re-events")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#re-events", RecordTable).focus()

    def refresh_data(self) -> None:
        verbanden = self.ws.service(VERBANDEN)
        v = call_service(self, verbanden.get, self.verband_id)
        if v is None:
            return
        self.verband = v
        self.refresh_bindings()
        self.set_heading(L("Samenwerkingsverband", "Collaboration") + f" › {clip(v.name, 40)}")
        yes, no = L("ja", "yes"), L("nee", "no")
        lines = [
            v.name,
            L("Vorm", "Type") + f": {v.type} · "
            + L("rechtspersoon", "legal person") + f": {yes if v.legal_personality else no} · "
            + L("mandaat/delegatie", "mandate/delegation")
            + f": {yes if v.mandaat_delegatie else no}",
            L("Beleidsveld", "Field") + f": {v.beleidsveld or '–'} · "
            + L("start", "start") + f": {v.start or '?'} · {v.instrument or ''}",
        ]  # fmt: skip
        for o in v.organen or []:
            lines.append(f"{o.get('orgaan')}: " + clip(", ".join(o.get("leden") or []), 70))
        names = verbanden.deelnemer_names(v)
        lines.append(
            L("Deelnemers", "Participants") + f" ({len(names)}): " + (", ".join(names) or "–")
        )
        for t in v.taken or []:
            arm = L("beleidsarm", "low-policy") if t.get("beleidsarm") else ""
            lines.append(L("Taak", "Task") + f": {t.get('taak')} ({t.get('van', '')} {arm})")
        for f in verbanden.flags(v):
            lines.append(f"! {f['text']} ({f['article']})")
        self.query_one("#re-summary", Static).update("\n".join(lines))
        events = self.ws.service(CONTROL).events(verband_id=v.id)
        self.query_one("#re-events", RecordTable).show(events)

    def action_back(self) -> None:
        self.app.pop_screen()

    @property
    def events_table(self) -> RecordTable:
        return self.query_one("#re-events", RecordTable)

    def action_edit(self) -> None:
        if self.verband is not None:
            self.open_form("verband_form", self.verband)

    def action_new_event(self) -> None:
        if self.verband is not None:
            self.open_form("control_form", self.verband)

    @on(RecordTable.RowSelected, "#re-events")
    def _event_selected(self, event: RecordTable.RowSelected) -> None:
        record = self.events_table.current_record
        if record is not None and self.verband is not None and self.allowed("edit_event"):
            self.open_form("control_form", self.verband, record)

    def action_plan(self) -> None:
        record = self.events_table.current_record
        if record is not None:
            plan_zienswijze(self, self.ws, record, done=self.refresh_data)

    def action_delete_event(self) -> None:
        self.delete_record(CONTROL, self.events_table.current_record)


class ModuleScreen(Rights, StadstafelScreen):
    """A full screen of the module on the workspace it was opened with."""

    DEFAULT_CSS = CSS

    def __init__(self, workspace: Any):
        super().__init__()
        self._workspace = workspace

    @property
    def ws(self) -> Any:
        return self._workspace if self._workspace is not None else super().ws

    def action_back(self) -> None:
        self.app.pop_screen()


def event_state(e: Record, planning: dict[int, str | None]) -> str:
    """Done, missed, or for an open begroting: not planned, or the meeting it is planned on."""
    now = today().isoformat()
    if e.done:
        return L("afgehandeld", "done")
    if e.deadline and e.deadline < now:
        return L("! verstreken", "! missed")
    if e.id in planning:
        day = planning[e.id]
        return L("gepland {d}", "planned {d}").format(d=day) if day else L(
            "! niet gepland", "! not planned")  # fmt: skip
    return ""


class DeadlinesScreen(Filtered, ModuleScreen):
    """The control deadlines by date, this quarter first (open deadlines that already passed
    before it on top, marked ``!``). ``f`` filter by collaboration, ``x`` open/all, Enter
    opens the collaboration, ``a`` puts a begroting's zienswijze on a meeting in time."""

    TITLE_NL, TITLE_EN = "Controltermijnen", "Control deadlines"
    BINDINGS: ClassVar[list] = [
        bind("escape", "back", "Terug", "Back", id="regionale-economie.deadlines.back"),
        bind(
            "f",
            "filter",
            "Filter",
            "Filter",
            id="regionale-economie.deadlines.filter",
            priority=True,
        ),
        bind("x", "toggle", "Open/alle", "Open/all", id="regionale-economie.deadlines.all"),
        bind("a", "plan", "Agenderen", "To agenda", id="regionale-economie.deadlines.plan"),
    ]
    RIGHTS: ClassVar[dict[str, str]] = {"plan": AGENDA_RIGHT}
    FILTER = "re-dl-filter"

    def __init__(self, workspace: Any):
        super().__init__(workspace)
        self.open_only = True
        self.planning: dict[int, str | None] = {}  # begrotingen: planned meeting's date

    def table_of(self, action: str) -> int | None:
        record = self.table.current_record if self.is_mounted else None
        return record.table_id if record is not None else -1

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield FilterInput(
            placeholder=L("Filter op samenwerkingsverband… (f)", "Filter by collaboration… (f)"),
            id="re-dl-filter",
            on_change=lambda _v: self.refresh_data() if self.is_mounted else None,
        )
        yield Static("", id="re-dl-count", classes="re-hint", markup=False)  # one line
        yield PagedRecordTable(self.columns(), fetch=self.fetch, id="re-deadlines")
        yield from self.compose_footer()

    def columns(self) -> list[tuple]:
        return [
            (L("Termijn", "Deadline"), 10, lambda e: e.deadline),
            (L("Kw.", "Qtr"), 7, self.quarter_of),
            (L("Samenwerkingsverband", "Collaboration"), 20, lambda e: e.verband),
            (L("Soort", "Kind"), 15, lambda e: e.kind),
            (L("Stand", "State"), 16, lambda e: event_state(e, self.planning)),
        ]

    def cells_of(self, e: Record) -> list[str]:
        """What a row shows (unclipped)."""
        return [str(getter(e)) for _label, _width, getter in self.columns()]

    @property
    def table(self) -> PagedRecordTable:
        return self.query_one("#re-deadlines", PagedRecordTable)

    @staticmethod
    def quarter_of(e: Record) -> str:
        first, nxt = quarter(today())
        day = e.deadline or ""
        if first.isoformat() <= day < nxt.isoformat():
            return L("dit", "this")
        return f"{day[:4]} Q{(int(day[5:7]) - 1) // 3 + 1}" if day else ""

    def fetch(self, offset: int, limit: int) -> Page:
        text = self.query_one("#re-dl-filter", Input).value.strip()
        page = call_service(
            self,
            self.ws.service(CONTROL).deadlines,
            open_only=self.open_only,
            filter=text,
            offset=offset,
            limit=limit,
        )
        if page is None:
            return Page([], 0, offset, limit)
        # which begrotingen of this page are planned, and when: one query, for the page only
        self.planning |= self.ws.service(CONTROL).planning_among(page.rows)
        return page

    def on_mount(self) -> None:
        self.refresh_data()
        self.table.focus()

    def refresh_data(self) -> None:
        self.planning = {}
        self.table.reload(keep_cursor=False)
        first, nxt = quarter(today())
        self.query_one("#re-dl-count", Static).update(
            L(
                "{n} {w} termijnen · dit kwartaal: {a} t/m {b} · x: {o}",
                "{n} {w} deadlines · this quarter: {a} to {b} · x: {o}",
            ).format(
                n=self.table.total_text,
                w=L("open", "open") if self.open_only else L("alle", "all"),
                a=first.isoformat(),
                b=(nxt - dt.timedelta(days=1)).isoformat(),
                o=L("alle", "all") if self.open_only else L("open", "open"),
            ),
            layout=False,
        )
        self.refresh_bindings()

    def action_toggle(self) -> None:
        self.open_only = not self.open_only
        self.refresh_data()

    @on(PagedRecordTable.RowHighlighted, "#re-deadlines")
    def _moved(self, event: PagedRecordTable.RowHighlighted) -> None:
        self.refresh_bindings()

    @on(PagedRecordTable.RowSelected, "#re-deadlines")
    def _selected(self, event: PagedRecordTable.RowSelected) -> None:
        record = self.table.current_record
        if record is not None:
            self.app.push_screen(VerbandScreen(self.ws, record.verband_id))

    def action_plan(self) -> None:
        record = self.table.current_record
        if record is not None:
            plan_zienswijze(self, self.ws, record, done=self.refresh_data)


def progress_bar(percent: int, width: int = 10) -> str:
    n = round(width * max(0, min(100, percent or 0)) / 100)
    return "█" * n + "·" * (width - n) + f" {percent or 0:>3}%"


class DealsScreen(ModuleScreen):
    """The Regio Deals: tranche, year, Rijk and regional money; below the one under the cursor
    with its flags (each with its source) and its projects' progress. ``n``/``e`` new and edit
    a deal, ``p`` a new project (with the right)."""

    TITLE_NL, TITLE_EN = "Regio Deals", "Regio Deals"
    BINDINGS: ClassVar[list] = [
        bind("escape", "back", "Terug", "Back", id="regionale-economie.deals.back"),
        bind("n", "new", "Nieuw", "New", id="regionale-economie.deals.new"),
        bind("e", "edit", "Wijzig", "Edit", id="regionale-economie.deals.edit"),
        bind("p", "new_project", "Project", "Project", id="regionale-economie.deals.project"),
        bind("d", "delete", "Verwijder", "Delete", id="regionale-economie.deals.delete"),
    ]
    RIGHTS: ClassVar[dict[str, str]] = {
        "new": RIGHT,
        "edit": RIGHT,
        "new_project": RIGHT,
        "delete": RIGHT,
    }

    def table_of(self, action: str) -> int | None:
        if action == "new":
            return None
        record = self.table.current_record if self.is_mounted else None
        return record.table_id if record is not None else -1

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield PagedRecordTable(
            [
                (L("Regio Deal", "Regio Deal"), 30, lambda d: d.name),
                (L("Tr.", "Tr."), 3, lambda d: d.tranche),
                (L("Jaar", "Year"), 5, lambda d: d.year or ""),
                (L("Rijk", "Rijk"), 11, lambda d: euro(d.rijk_eur or 0)),
                (L("Regio", "Region"), 11, lambda d: euro(d.regio_eur or 0)),
                ("!", 2, lambda d: "!" if self.ws.service(DEALS).flags(d) else ""),
            ],
            fetch=self.fetch,
            id="re-deals",
        )
        with VerticalScroll(id="re-deal-detail"):
            yield Static("", id="re-deal", classes="re-summary", markup=False)
        yield from self.compose_footer()

    DEFAULT_CSS = (
        CSS
        + """
    DealsScreen #re-deals { height: 6; }
    DealsScreen #re-deal-detail { height: 1fr; }
    """
    )

    @property
    def table(self) -> PagedRecordTable:
        return self.query_one("#re-deals", PagedRecordTable)

    def fetch(self, offset: int, limit: int) -> Page:
        page = call_service(self, self.ws.service(DEALS).list, offset=offset, limit=limit)
        return page if page is not None else Page([], 0, offset, limit)

    def on_mount(self) -> None:
        self.refresh_data()
        self.table.focus()

    def refresh_data(self) -> None:
        self.table.reload()
        self.show_detail()

    def show_detail(self) -> None:
        d = self.table.current_record
        widget = self.query_one("#re-deal", Static)
        if d is None:
            widget.update(L("Nog geen Regio Deals.", "No Regio Deals yet."))
            return
        deals, projecten = self.ws.service(DEALS), self.ws.service(PROJECTEN)
        total = (d.rijk_eur or 0) + (d.regio_eur or 0)
        share = f"{100 * (d.rijk_eur or 0) / total:.1f}%" if total else "–"
        share = share.replace(".", ",") if L("nl", "en") == "nl" else share
        lines = [
            d.name,
            L("Tranche", "Tranche") + f" {d.tranche} · {d.year or ''} · {d.region or ''} · "
            + L("looptijd", "term") + f" {d.start or '?'} – {d.end or '?'}",
            L("Rijk", "Rijk") + f" {euro(d.rijk_eur or 0)} ({share}) · "
            + L("regio", "region") + f" {euro(d.regio_eur or 0)}",
            L("Thema's", "Themes") + ": " + (", ".join(d.themes or []) or "–"),
        ]  # fmt: skip
        for f in deals.flags(d):
            lines += ["! " + f["text"], "  " + L("bron", "source") + ": " + f["source"]]
        progress = projecten.progress(d.id)
        lines.append(
            L(
                "Projecten: {n}, afgerond {k}, gemiddeld {m}%",
                "Projects: {n}, completed {k}, mean {m}%",
            ).format(n=progress["projects"], k=progress["done"], m=progress["mean"])
        )
        for p in projecten.of_deal(d.id):
            lines.append(f"  {progress_bar(p.progress)}  {clip(p.name, 34)} ({p.status})")
        widget.update("\n".join(lines))

    @on(PagedRecordTable.RowHighlighted, "#re-deals")
    def _moved(self, event: PagedRecordTable.RowHighlighted) -> None:
        self.show_detail()
        self.refresh_bindings()

    def action_new(self) -> None:
        self.open_form("deal_form")

    def action_edit(self) -> None:
        self.edit_current(DEALS, "deal_form")

    def action_new_project(self) -> None:
        d = self.table.current_record
        if d is not None:
            self.open_form("project_form", d)

    def action_delete(self) -> None:
        self.delete_record(DEALS, self.table.current_record)


class LocatiesScreen(Filtered, ModuleScreen):
    """The work locations (paged, filter as you type); Enter shows one with its series."""

    TITLE_NL, TITLE_EN = "Werklocaties en indicatoren", "Work locations and indicators"
    BINDINGS: ClassVar[list] = [
        bind("escape", "back", "Terug", "Back", id="regionale-economie.locations.back"),
        bind(
            "f",
            "filter",
            "Filter",
            "Filter",
            id="regionale-economie.locations.filter",
            priority=True,
        ),
        bind("n", "new", "Nieuw", "New", id="regionale-economie.locations.new"),
        bind("e", "edit", "Wijzig", "Edit", id="regionale-economie.locations.edit"),
        bind("d", "delete", "Verwijder", "Delete", id="regionale-economie.locations.delete"),
        bind("u", "import", "Importeer", "Import", id="regionale-economie.locations.import"),
    ]
    RIGHTS: ClassVar[dict[str, str]] = dict.fromkeys(("new", "edit", "delete", "import"), RIGHT)
    FILTER = "re-loc-filter"

    def table_of(self, action: str) -> int | None:
        if action in ("new", "import"):  # any table the actor may edit figures on
            return None
        record = self.table.current_record if self.is_mounted else None
        return record.table_id if record is not None else -1

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield FilterInput(
            placeholder=L("Filter op naam of gemeente… (f)", "Filter by name or city… (f)"),
            id="re-loc-filter",
            on_change=lambda _v: self.table.reload(keep_cursor=False) if self.is_mounted else None,
        )
        yield PagedRecordTable(
            [
                (L("Werklocatie", "Work location"), 34, lambda r: r.name),
                (L("Gemeente", "City"), 14, lambda r: r.gemeente or ""),
                ("ha", 6, lambda r: "" if r.area_ha is None else f"{r.area_ha:g}"),
                (L("Reeksen", "Series"), 8, lambda r: r.series),
            ],
            fetch=self.fetch,
            id="re-locaties",
        )
        yield from self.compose_footer()

    @property
    def table(self) -> PagedRecordTable:
        return self.query_one("#re-locaties", PagedRecordTable)

    def fetch(self, offset: int, limit: int) -> Page:
        text = self.query_one("#re-loc-filter", Input).value.strip()
        page = call_service(
            self, self.ws.service(LOCATIES).list, filter=text, offset=offset, limit=limit
        )
        return page if page is not None else Page([], 0, offset, limit)

    def on_mount(self) -> None:
        self.refresh_data()
        self.table.focus()

    def refresh_data(self) -> None:
        self.table.reload()

    @on(PagedRecordTable.RowSelected, "#re-locaties")
    def _selected(self, event: PagedRecordTable.RowSelected) -> None:
        record = self.table.current_record
        if record is not None:
            self.app.push_screen(LocatieScreen(self.ws, record.id), lambda _r: self.refresh_data())

    @on(PagedRecordTable.RowHighlighted, "#re-locaties")
    def _moved(self, event: PagedRecordTable.RowHighlighted) -> None:
        self.refresh_bindings()  # edit and delete depend on the row's table

    def action_new(self) -> None:
        self.open_form("locatie_form")

    def action_edit(self) -> None:
        self.edit_current(LOCATIES, "locatie_form")

    def action_delete(self) -> None:
        self.delete_record(LOCATIES, self.table.current_record)

    def action_import(self) -> None:
        """Figures from a CSV file in the imports folder, as ``stadstafel regionale-economie
        import`` reads it: all or nothing, the report shows every problem with its row and
        column; the series it made or filled show in the list after it."""
        from stadstafel.ui import import_file_dialog  # for an import, not with the screen

        from stadstafel_regionale_economie.importer import import_text

        import_file_dialog(
            self,
            L("Economische cijfers importeren", "Import economic figures"),
            lambda text, _name: import_text(self.ws, text),
            done=lambda _report: self.refresh_data(),
        )


MEASURE_CYCLE = [None, "werkzame personen", "banen", "bedrijven", "vestigingen"]


class LocatieScreen(ModuleScreen):
    """One work location: area with its source, its series (one definition each) in a list,
    and below every series side by side, one block and one plot per definition (never one
    line); ``m`` shows one measure at a time. With the right: ``e`` edits the location, ``r``
    adds a series, ``c`` a figure to the series under the cursor, Enter changes the series or
    one of its figures, ``d`` deletes the series (with its figures)."""

    TITLE_NL, TITLE_EN = "Werklocatie", "Work location"
    BINDINGS: ClassVar[list] = [
        bind("escape", "back", "Terug", "Back", id="regionale-economie.location.back"),
        bind("m", "measure", "Grootheid", "Measure", id="regionale-economie.location.measure"),
        bind("e", "edit", "Wijzig", "Edit", id="regionale-economie.location.edit"),
        bind("r", "new_series", "Reeks", "Series", id="regionale-economie.location.series"),
        bind("c", "new_figure", "Cijfer", "Figure", id="regionale-economie.location.figure"),
        bind("d", "delete", "Verwijder reeks", "Delete series",
             id="regionale-economie.location.delete"),
    ]  # fmt: skip
    RIGHTS: ClassVar[dict[str, str]] = {
        "edit": RIGHT,
        "new_series": RIGHT,
        "new_figure": RIGHT,
        "change_series": RIGHT,
        "delete": RIGHT,
    }
    DEFAULT_CSS = (
        CSS
        + """
    LocatieScreen #re-series { height: auto; max-height: 7; }
    LocatieScreen #re-loc-scroll { height: 1fr; }
    """
    )
    locatie: Record | None = None

    def __init__(self, workspace: Any, locatie_id: int):
        super().__init__(workspace)
        self.locatie_id = locatie_id
        self.measure_index = 0

    def table_of(self, action: str) -> int | None:
        return self.locatie.table_id if self.locatie is not None else -1

    def compose(self) -> ComposeResult:
        from stadstafel_regionale_economie.economie import definition_short, format_number

        yield from self.compose_header()
        yield RecordTable(
            [
                (L("Grootheid", "Measure"), 17, lambda s: s.measure),
                (L("Definitie", "Definition"), 26, lambda s: definition_short(s.definition)),
                (L("n", "n"), 2, lambda s: s.figures),
                (L("Laatste", "Latest"), 9,
                 lambda s: "" if s.last_value is None
                 else format_number(s.last_value) + "*" * bool(s.last_demo)),
                (L("Peildatum", "Ref. date"), 10, lambda s: s.last_date or ""),
                (L("Bron", "Source"), 12, lambda s: s.last_source or ""),
            ],
            key=lambda s: s.id,
            id="re-series",
        )  # fmt: skip
        with VerticalScroll(id="re-loc-scroll"):
            yield Static("", id="re-loc", classes="re-summary", markup=False)
        yield from self.compose_footer()

    @property
    def series_table(self) -> RecordTable:
        return self.query_one("#re-series", RecordTable)

    def on_mount(self) -> None:
        self.refresh_data()
        self.series_table.focus()

    def refresh_data(self) -> None:
        from stadstafel_regionale_economie.views import comparison_lines

        loc = call_service(self, self.ws.service(LOCATIES).find, self.locatie_id)
        if loc is None:
            return
        self.locatie = loc
        self.refresh_bindings()
        self.set_heading(L("Werklocatie", "Work location") + f" › {clip(loc.name, 40)}")
        measure = MEASURE_CYCLE[self.measure_index]
        self.series_table.show(self.ws.service(REEKSEN).of_location(loc.id, measure=measure))
        lines = comparison_lines(self.ws, loc, [measure] if measure else None, width=24)
        head = L("Grootheid: {m} (m)", "Measure: {m} (m)").format(m=measure or L("alle", "all"))
        self.query_one("#re-loc", Static).update("\n".join([head, *lines]))

    def action_measure(self) -> None:
        self.measure_index = (self.measure_index + 1) % len(MEASURE_CYCLE)
        self.refresh_data()

    def action_edit(self) -> None:
        if self.locatie is not None:
            self.open_form("locatie_form", self.locatie)

    def action_new_series(self) -> None:
        if self.locatie is not None:
            self.open_form("reeks_form", self.locatie)

    def current_series(self) -> Record | None:
        record = self.series_table.current_record
        if record is None:
            self.notify(
                L("Maak eerst een reeks (r).", "Make a series first (r)."), severity="warning"
            )
        return record

    def action_new_figure(self) -> None:
        series = self.current_series()
        if series is not None:
            self.open_form("cijfer_form", series)

    def action_delete(self) -> None:
        self.delete_record(REEKSEN, self.series_table.current_record)

    @on(RecordTable.RowSelected, "#re-series")
    def _series_selected(self, event: RecordTable.RowSelected) -> None:
        """Change the series, or one of its figures (newest first)."""
        from stadstafel_regionale_economie.economie import format_number

        series = self.series_table.current_record
        if series is None or self.locatie is None or not self.allowed("change_series"):
            return
        figures = self.ws.service(CIJFERS).of_series(series.id)
        options = [(L("De reeks zelf wijzigen", "Change the series itself"), 0)] + [
            (f"{f.peildatum}  {format_number(f.value)}{'*' * bool(f.demo)}  {clip(f.source, 40)}",
             f.id)
            for f in reversed(figures)
        ]  # fmt: skip

        def chosen(choice: Any) -> None:
            if choice is None:
                return
            if choice == 0:
                self.open_form("reeks_form", self.locatie, series)
                return
            figure = call_service(self, self.ws.service(CIJFERS).get, choice)
            if figure is not None:
                self.open_form("cijfer_form", series, figure)

        self.app.push_screen(PickerScreen(L("Wat wijzigen?", "What to change?"), options), chosen)
