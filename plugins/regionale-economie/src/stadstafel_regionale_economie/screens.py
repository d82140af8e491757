"""The module's screens, on ``stadstafel.ui`` only: the collaborations list (paged from the
database, filter as you type), one collaboration with its organen, deelnemers and control
events, the calendar of control deadlines (this quarter first), the Regio Deals with their
flags and projects, the work locations with their series side by side, and a tab on the
screen of a table that follows collaborations. The screens opened from the list are the
module ``details``, imported when one of them is opened.

Every key that changes data names its right in ``RIGHTS`` and is hidden (``check_action``)
from an actor who does not hold it; the services check it again. Imported only when one is
opened."""

from __future__ import annotations

from typing import Any, ClassVar

from stadstafel import Page, Record, today
from stadstafel.ui import (
    ConfirmScreen,
    FilterInput,
    L,
    PagedRecordTable,
    RecordTable,
    SectionScreen,
    TableTab,
    bind,
    call_service,
    literal,
)
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from stadstafel_regionale_economie import (
    CONTROL,
    RIGHT,
    VERBANDEN,
)
from stadstafel_regionale_economie.service import (
    may_edit,
    may_edit_somewhere,
    wgr_breaches,
)

AGENDA_RIGHT = "agenda.manage"  # the core's right to put an item on an agenda


def details() -> Any:
    """The module of the screens opened from the list (``details``), imported when one of them
    is opened: a session that reads the list does not hold it."""
    from stadstafel_regionale_economie import details

    return details


_MOVED = {
    "DealsScreen",
    "DeadlinesScreen",
    "LocatieScreen",
    "LocatiesScreen",
    "MEASURE_CYCLE",
    "ModuleScreen",
    "VerbandScreen",
    "event_columns",
    "event_state",
    "plan_zienswijze",
    "progress_bar",
}


def __getattr__(name: str) -> Any:
    # the names that lived here before the screens opened from the list had a module
    if name in _MOVED:
        return getattr(details(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


CSS = """
.re-hint { height: 1; padding: 0 1; color: $text-muted; }
.re-summary { height: auto; padding: 0 1; }
"""


def _deadline(value: str | None, now: str | None = None) -> str:
    """The deadline, marked ``!`` when it passed (``now``: today's ISO date, when the caller
    read it once for a whole page)."""
    if not value:
        return ""
    return ("! " if value < (now or today().isoformat()) else "") + value


def _flag(v: Record) -> str:
    """``!`` when the collaboration breaks a Wgr rule that is flagged (as ``flags`` lists
    them, without building their texts for every row of a page)."""
    return "!" if any(rule["action"] == "flag" for _rid, rule in wgr_breaches(v)) else ""


class Rights:
    """Keys that change data, each with its right: ``RIGHTS = {action: right}``. The key is
    hidden (and refused) unless ``allowed(action)``; ``table_of(action)`` says on which table
    (None: on any table the actor holds the right on)."""

    RIGHTS: ClassVar[dict[str, str]] = {}

    def table_of(self, action: str) -> int | None:
        return None

    def allowed(self, action: str) -> bool:
        right = self.RIGHTS[action]
        table_id = self.table_of(action)
        if table_id is None:
            return may_edit_somewhere(self.ws) if right == RIGHT else False
        return may_edit(self.ws, table_id, right)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.RIGHTS:
            return self.allowed(action)
        return True

    def open_form(self, form: str, *args: Any) -> None:
        """Open ``forms.<form>(ws, *args)``; when it saved, say so and show the new data."""
        from stadstafel_regionale_economie import forms

        self.app.push_screen(getattr(forms, form)(self.ws, *args), self._saved)

    def edit_current(self, service: str, form: str) -> None:
        """Open ``form`` on the record under the list's cursor, read again from ``service``."""
        record = self.table.current_record
        if record is not None:
            current = call_service(self, self.ws.service(service).get, record.id)
            if current is not None:
                self.open_form(form, current)

    def delete_record(self, service_name: str, record: Record | None) -> None:
        """Ask, then delete ``record`` through its service (which checks the right and audits
        the delete and what goes with it). While a core record refers to it, the service's
        refusal naming those records is shown instead of the question."""
        if record is None:
            return
        service = self.ws.service(service_name)
        effects = call_service(self, service.delete_effects, record.id)
        if effects is None:
            return
        refs, going = effects
        if refs:  # refused: the service's own message names them
            call_service(self, service.delete, record.id, record.version)
            return
        name = service.display_name(record)
        question = L("{r} '{n}' verwijderen?", "Delete {r} '{n}'?").format(
            r=L(*service.record_label), n=name
        )
        question = question[0].upper() + question[1:]
        if going:
            question += "\n" + L("Gaat mee: {g}.", "Goes with it: {g}.").format(
                g=", ".join(f"{n} × {label}" for label, n in going.items())
            )

        def answered(yes: bool | None) -> None:
            if yes and call_service(self, lambda: service.delete(record.id, record.version) or 1):
                self.notify(L("Verwijderd: {n}", "Deleted: {n}").format(n=literal(name)))
                self.refresh_data()

        self.app.push_screen(ConfirmScreen(question), answered)

    def _saved(self, record: Record | None) -> None:
        if record is not None:
            name = next(
                (
                    str(record[k])
                    for k in ("name", "kind", "definition", "peildatum")
                    if record.get(k)
                ),
                "",
            )
            self.notify(L("Opgeslagen: {n}", "Saved: {n}").format(n=literal(name)))
            self.refresh_data()


class Filtered:
    """A list screen with a FilterInput (id ``FILTER``) above its ``table``: ``f`` goes to the
    filter, Enter or Escape in it back to the list."""

    FILTER = ""

    def action_filter(self) -> None:
        # At once (Widget.focus waits its turn in the app's queue): the keys typed right
        # after f go into the filter, not to the list's keys.
        self.set_focus(self.query_one(f"#{self.FILTER}", Input))

    def key_escape(self, event: Any) -> bool | None:
        """Escape in the filter clears it and returns to the list, as the core's lists do;
        the key is spent there (the screen's Escape, "back", acts on the next one)."""
        filt = self.query_one(f"#{self.FILTER}", Input)
        if filt.has_focus:
            filt.value = ""
            self.set_focus(self.table)
            event.stop()  # the app checks the bindings after the key has bubbled up to it
            return True
        return None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == self.FILTER:
            self.table.focus()


class VerbandenScreen(Filtered, Rights, SectionScreen):
    """Every collaboration with its type and next control deadline; type to filter, Enter
    opens one. A deadline that passed is marked ``!``. ``k`` the deadlines calendar, ``d`` the
    Regio Deals, ``l`` the work locations; ``n``/``e`` new and edit (with the right)."""

    TITLE_NL, TITLE_EN = "Samenwerkingsverbanden", "Collaborations"
    DEFAULT_CSS = CSS
    BINDINGS: ClassVar[list] = [
        bind(
            "f",
            "filter",
            "Filter",
            "Filter",
            id="regionale-economie.filter",
            show=False,
            priority=True,
        ),
        # The footer at 80 columns has room for three: new and edit first, as on the core's
        # lists, then the deadlines; the Regio Deals and the locations are named in the line
        # above the list (and all of them under ? and in the palette).
        bind("n", "new", "Nieuw", "New", id="regionale-economie.new"),
        bind("e", "edit", "Wijzig", "Edit", id="regionale-economie.edit"),
        bind("k", "calendar", "Termijn", "Deadlines", id="regionale-economie.calendar"),
        bind("r", "deals", "Regio Deals", "Regio Deals", id="regionale-economie.deals"),
        bind("l", "locations", "Locaties", "Locations", id="regionale-economie.locations"),
        bind("d", "delete", "Verwijder", "Delete", id="regionale-economie.delete"),
    ]
    RIGHTS: ClassVar[dict[str, str]] = {"new": RIGHT, "edit": RIGHT, "delete": RIGHT}
    FILTER = "re-filter"

    def table_of(self, action: str) -> int | None:
        if action in ("edit", "delete"):
            record = self.table.current_record if self.is_mounted else None
            return record.table_id if record is not None else -1
        return None

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
        # the count line above the list: drawn by the screen (set_count), not a widget
        yield self.line_above(
            PagedRecordTable(
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
        )

    @property
    def table(self) -> PagedRecordTable:
        return self.query_one("#re-verbanden", PagedRecordTable)

    def fetch(self, offset: int, limit: int) -> Page:
        text = self.query_one("#re-filter", Input).value.strip()
        self._today = today().isoformat()  # once per page, not per row's deadline
        return self.ws.service(VERBANDEN).list(filter=text, offset=offset, limit=limit)

    _today: str | None = None

    def cells(self, r: Record) -> list[Any]:
        return [r.name, r.type, _deadline(r.next_deadline, self._today), _flag(r)]

    def on_mount(self) -> None:
        self.refresh_data()
        self.table.focus()

    def refresh_data(self) -> None:
        self.table.reload()
        self.update_count()
        self._may = {}  # the rights per table are read again: the data changed
        self._row_may = None
        self.refresh_bindings()

    def update_count(self) -> None:
        total = self.table.total_text
        self.set_count(
            L(
                f"{total} samenwerkingsverbanden · ! verstreken/Wgr · r Regio Deals · l Locaties",
                f"{total} collaborations · ! deadline passed/Wgr · r Regio Deals · l Locations",
            )
        )

    def _filter_changed(self, _value: str) -> None:
        if self.is_mounted:
            self.table.reload(keep_cursor=False)
            self.update_count()

    @on(PagedRecordTable.RowSelected, "#re-verbanden")
    def _selected(self, event: PagedRecordTable.RowSelected) -> None:
        record = self.table.current_record
        if record is not None:
            self.app.push_screen(details().VerbandScreen(self.ws, record.id))

    _row_may: bool | None = None  # may the actor edit the row the footer was drawn for
    _may: dict[Any, bool] | None = None  # per table: the right (refresh_data empties it)

    @on(PagedRecordTable.RowHighlighted, "#re-verbanden")
    def _moved(self, event: PagedRecordTable.RowHighlighted) -> None:
        # "edit" and "delete" depend on the right on the row's table: the footer's keys are
        # checked again only when that changes, not on every filter keystroke (which moves
        # the cursor to the first row; the core's lists redraw nothing for it either)
        record = self.table.current_record
        table_id = record.table_id if record is not None else -1
        if self._may is None:
            self._may = {}
        may = self._may.get(table_id)
        if may is None:
            may = self._may[table_id] = may_edit(self.ws, table_id, RIGHT)
        if may != self._row_may:
            self._row_may = may
            self.refresh_bindings()

    def action_calendar(self) -> None:
        self.app.push_screen(details().DeadlinesScreen(self.ws))

    def action_deals(self) -> None:
        self.app.push_screen(details().DealsScreen(self.ws))

    def action_locations(self) -> None:
        self.app.push_screen(details().LocatiesScreen(self.ws))

    def action_new(self) -> None:
        self.open_form("verband_form")

    def action_edit(self) -> None:
        self.edit_current(VERBANDEN, "verband_form")

    def action_delete(self) -> None:
        self.delete_record(VERBANDEN, self.table.current_record)


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
            self.app.push_screen(details().VerbandScreen(self.workspace, record.id))
