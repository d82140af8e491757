"""The module's screens, on ``stadstafel.ui`` only: the collaborations list (paged from the
database, filter as you type), one collaboration with its organen, deelnemers and control
events, and a tab on the screen of a table that follows collaborations.
Imported only when one is opened."""

from __future__ import annotations

from typing import Any, ClassVar

from stadstafel import Page, Record, today
from stadstafel.ui import (
    AppHeader,
    FilterInput,
    L,
    PagedRecordTable,
    RecordTable,
    SectionScreen,
    StadstafelScreen,
    TableTab,
    bind,
    call_service,
    clip,
)
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from stadstafel_regionale_economie import CONTROL, VERBANDEN

CSS = """
.re-hint { height: 1; padding: 0 1; color: $text-muted; }
.re-summary { height: auto; padding: 0 1; }
"""


def _deadline(value: str | None) -> str:
    if not value:
        return ""
    return ("! " if value < today().isoformat() else "") + value


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


class VerbandenScreen(SectionScreen):
    """Every collaboration with its type and next control deadline; type to filter, Enter
    opens one. A deadline that passed is marked ``!``."""

    TITLE_NL, TITLE_EN = "Samenwerkingsverbanden", "Collaborations"
    DEFAULT_CSS = CSS
    BINDINGS: ClassVar[list] = [
        bind("f", "filter", "Filter", "Filter", id="regionale-economie.filter", show=False),
    ]

    def __init__(self, workspace: Any = None):
        super().__init__()
        self._workspace = workspace

    @property
    def ws(self) -> Any:
        return self._workspace if self._workspace is not None else super().ws

    def compose_body(self) -> ComposeResult:
        yield FilterInput(
            placeholder=L("Filter op naam of beleidsveld… (f)", "Filter by name or field… (f)"),
            id="re-filter",
            on_change=self._filter_changed,
        )
        yield Static("", id="re-count", classes="re-hint", markup=False)
        yield PagedRecordTable(
            [
                (L("Naam", "Name"), 30),
                (L("Vorm", "Type"), 24),
                (L("Volgende termijn", "Next deadline"), 16),
                ("!", 1),
            ],
            fetch=self.fetch,
            cells=self.cells,
            id="re-verbanden",
        )

    @property
    def table(self) -> PagedRecordTable:
        return self.query_one("#re-verbanden", PagedRecordTable)

    def fetch(self, offset: int, limit: int) -> Page:
        text = self.query_one("#re-filter", Input).value.strip()
        return self.ws.service(VERBANDEN).list(filter=text, offset=offset, limit=limit)

    def cells(self, r: Record) -> list[Any]:
        flagged = bool(self.ws.service(VERBANDEN).flags(r))
        return [
            clip(r.name, 30),
            clip(r.type, 24),
            _deadline(r.next_deadline),
            "!" if flagged else "",
        ]

    def on_mount(self) -> None:
        self.refresh_data()
        self.table.focus()

    def refresh_data(self) -> None:
        self.table.reload()
        self.update_count()

    def update_count(self) -> None:
        total = self.table.total_text
        self.query_one("#re-count", Static).update(
            L(
                f"{total} samenwerkingsverbanden · ! = termijn verstreken of Wgr-signalering",
                f"{total} collaborations · ! = deadline passed or Wgr flag",
            )
        )

    def _filter_changed(self, _value: str) -> None:
        if self.is_mounted:
            self.table.reload(keep_cursor=False)
            self.update_count()

    @on(Input.Submitted, "#re-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        self.table.focus()

    def action_filter(self) -> None:
        self.query_one("#re-filter", Input).focus()

    def key_escape(self) -> bool | None:
        if self.query_one("#re-filter", Input).has_focus:
            self.table.focus()
            return True
        return None

    @on(PagedRecordTable.RowSelected, "#re-verbanden")
    def _selected(self, event: PagedRecordTable.RowSelected) -> None:
        record = self.table.current_record
        if record is not None:
            self.app.push_screen(VerbandScreen(self.ws, record.id))


class VerbandScreen(StadstafelScreen):
    """One collaboration: type and rules, organen, deelnemers, control events."""

    TITLE_NL, TITLE_EN = "Samenwerkingsverband", "Collaboration"
    DEFAULT_CSS = CSS
    BINDINGS: ClassVar[list] = [
        bind("escape", "back", "Terug", "Back", id="regionale-economie.verband.back"),
    ]

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
        self.query_one(AppHeader).update_text(
            L("Samenwerkingsverband", "Collaboration") + f" › {clip(v.name, 40)}"
        )
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


class VerbandenTab(TableTab):
    """The collaborations this table follows, and the zienswijzen still to plan."""

    DEFAULT_CSS = """
    VerbandenTab .re-hint { height: auto; padding: 0 1; color: $text-muted; }
    VerbandenTab #re-tab-verbanden { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="re-tab-summary", classes="re-hint", markup=False)
        yield RecordTable(
            [
                (L("Naam", "Name"), 30, lambda v: v.name),
                (L("Vorm", "Type"), 24, lambda v: v.type),
                (L("Volgende termijn", "Next deadline"), 16, lambda v: _deadline(v.next_deadline)),
            ],
            id="re-tab-verbanden",
        )

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        page = call_service(self, self.workspace.service(VERBANDEN).list, table_id=self.table.id)
        if page is None:
            return
        self.query_one("#re-tab-verbanden", RecordTable).show(page.rows)
        open_ = self.workspace.service(CONTROL).unplanned_zienswijzen(table_id=self.table.id)
        text = L(
            f"{page.total} samenwerkingsverbanden · Enter opent er een",
            f"{page.total} collaborations · Enter opens one",
        )
        for u in open_:
            e = u["event"]
            text += (
                "\n! "
                + (
                    L("Zienswijze gemist", "Zienswijze missed")
                    if u["missed"]
                    else L("Zienswijze nog niet geagendeerd", "Zienswijze not planned yet")
                )
                + f": {e.verband}, {e.kind} {e.year or ''}, "
                + L("termijn", "deadline")
                + f" {e.deadline}"
            )
        self.query_one("#re-tab-summary", Static).update(text)

    @on(RecordTable.RowSelected, "#re-tab-verbanden")
    def _selected(self, event: RecordTable.RowSelected) -> None:
        event.stop()
        record = self.query_one("#re-tab-verbanden", RecordTable).current_record
        if record is not None:
            self.app.push_screen(VerbandScreen(self.workspace, record.id))
