"""The module's screens, on ``stadstafel.ui`` only. Imported only when one is opened.

- ``SociaalDomeinScreen``: the indicators, paged from the database, filtered as you type;
  Enter opens ``IndicatorScreen`` (the comparison across cities and a terminal plot), ``g``
  ``CityScreen`` (one city's position across the indicators), ``m`` ``MeasuresScreen``;
  ``n``/``e`` create and edit an indicator, ``u`` imports a CSV file of figures;
- ``LeerkringenTab``: the leerkringen of a table, on the table's screen; Enter opens
  ``LeerkringScreen`` (sessions: ``n`` plans one, ``e`` prepares it - host, casus, guest
  expert -, ``c`` closes it; ``o``/``p`` add or remove cities and participants);
- ``MeasuresScreen``/``MeasureScreen``: measures and initiatives, filtered by law, taakveld
  and table in the database.

The screens opened from the section and the tab are the module ``details``, imported when one
of them is opened.

Every key that changes data declares its right in ``RIGHTS`` (action -> right) and is hidden
from whoever does not hold it on the record's table; the services check it again.
"""

from __future__ import annotations

from typing import Any, ClassVar

from stadstafel import Page
from stadstafel.ui import (
    FilterInput,
    L,
    PagedList,
    PagedRecordTable,
    SectionScreen,
    StadstafelScreen,
    TableTab,
    bind,
    call_service,
    literal,
)
from textual.app import ComposeResult

from stadstafel_sociaal_domein.service import may, may_somewhere


def forms() -> Any:
    """The forms' module (``forms``), imported by the first form or import a key opens: a
    session that reads the module's screens does not hold it."""
    from stadstafel_sociaal_domein import forms

    return forms


def details() -> Any:
    """The module of the screens opened from the section and the tab (``details``), imported
    when one of them is opened: a session that reads the list does not hold it."""
    from stadstafel_sociaal_domein import details

    return details


_MOVED = {
    "DEFINITIVE_SHOWN",
    "LAW_SHORT",
    "CityScreen",
    "IndicatorScreen",
    "KeptScreen",
    "LeerkringScreen",
    "MeasureScreen",
    "MeasuresScreen",
    "choose_city",
    "city_columns",
    "header_lines",
    "law_and_taakveld",
    "open_comparison",
    "session_columns",
}


def __getattr__(name: str) -> Any:
    # the names that lived here before the screens opened from the section had a module
    if name in _MOVED:
        return getattr(details(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


NAME = "sociaal-domein"
EDIT = "sociaal-domein.edit"
AGENDA = "agenda.manage"
ANY = "any"  # a right held on any table (to create a record on one of them)


class Rights:
    """``check_action`` for screens and tabs: an action named in ``RIGHTS`` is hidden unless
    the actor holds its right on ``right_table(action)`` (a table id, or ``ANY``)."""

    RIGHTS: ClassVar[dict[str, str]] = {}

    def right_table(self, action: str) -> Any:
        return ANY

    def holds(self, right: str, table_id: Any) -> bool:
        cache = self.__dict__.setdefault("_held", {})
        if (right, table_id) not in cache:
            service = self.ws.service(f"{NAME}.leerkringen")
            if table_id == ANY:
                cache[right, table_id] = may_somewhere(service, right)
            else:
                cache[right, table_id] = table_id is not None and may(service, right, table_id)
        return cache[right, table_id]

    def forget_rights(self) -> None:
        self.__dict__["_held"] = {}
        self.__dict__["_shown_rights"] = None

    def follow_row(self) -> None:
        """The cursor moved or the list was read again: the footer's keys are checked again
        only when what the actor may do on the row's table changed (not on every filter
        keystroke or cursor step; the rights per table are cached)."""
        shown = tuple(self.check_action(action, ()) for action in self.RIGHTS)
        if shown != self.__dict__.get("_shown_rights"):
            self.__dict__["_shown_rights"] = shown
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        right = self.RIGHTS.get(action)
        if right is None:
            return True
        return self.holds(right, self.right_table(action))


class ModuleScreen(Rights, StadstafelScreen):
    """A full screen of the module: the workspace it was opened with, and the app's header
    and footer around ``compose_body``; ``refresh_data`` fills it when it mounts."""

    def __init__(self, workspace: Any):
        super().__init__()
        self.workspace = workspace

    @property
    def ws(self) -> Any:
        return self.workspace

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield from self.compose_body()
        yield from self.compose_footer()

    #: The widget focused once the screen is filled (a selector), or None.
    FOCUS: ClassVar[str | None] = None

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        # The one on_mount of the module's screens: Textual calls every class's own handler
        # along the MRO, so a subclass defining it again would fill the screen twice.
        self.refresh_data()
        if self.FOCUS:
            self.query_one(self.FOCUS).focus()


#: A count line above a filtered list: one line whatever its length, so that it is redrawn in
#: place (``update(..., layout=False)``) on every keystroke instead of laying out the screen.
LINE_CSS = """
{screen} #{line} {{ height: 1; text-wrap: nowrap; text-overflow: ellipsis; }}
"""


def known_owners(ws: Any, names: dict[int, str], ids: Any) -> None:
    """Add to ``names`` the names of the organisations ``ids`` it lacks (one query, or none
    when every name is known: a filter keystroke shows mostly the same owners again)."""
    missing = {i for i in ids if i is not None and i not in names}
    if missing:
        names.update(ws.read.organisation_names(missing))


def focus_city(ws: Any) -> Any:
    """The city whose position is shown: the actor's own organisation when it is a gemeente,
    else the city of ``[plugins.sociaal-domein] gemeente`` (a CBS region code)."""
    org = ws.read.organisation(ws.actor.organisation_id) if ws.actor.organisation_id else None
    if org is not None and org.kind == "gemeente":
        return org
    from stadstafel_sociaal_domein.agenda import home_city

    return home_city(ws)


def indicator_columns() -> list[tuple]:
    return [
        (L("Indicator", "Indicator"), 36, lambda i: i.name),
        (L("Wet", "Law"), 15, lambda i: i.law or ""),
        (L("Periode", "Period"), 9, lambda i: i.period_type),
        (L("CBS", "CBS"), 9, lambda i: i.cbs_table or ""),
    ]


class SociaalDomeinScreen(PagedList, Rights, SectionScreen):
    """The indicators the tables follow; type to filter, Enter compares across cities.

    On the kit's ``PagedList``, as the measures: a keystroke reads one page and redraws the
    count line in place."""

    TITLE_NL = TITLE_EN = "Sociaal domein"
    BINDINGS: ClassVar[list] = [
        bind("v", "open", "Vergelijk", "Compare", id="sociaal-domein.open"),
        bind("g", "city", "Gemeente", "City", id="sociaal-domein.city"),
        bind("m", "measures", "Maatregelen", "Measures", id="sociaal-domein.measures"),
        bind("u", "import", "Importeer", "Import", id="sociaal-domein.import"),
        bind("n", "new", "Nieuw", "New", id="sociaal-domein.indicator.new"),
        bind("e", "edit", "Wijzig", "Edit", id="sociaal-domein.indicator.edit"),
    ]
    RIGHTS: ClassVar[dict[str, str]] = {"import": EDIT, "new": EDIT, "edit": EDIT}
    LIST_ID = "indicators"

    def __init__(self, workspace: Any = None):
        super().__init__()
        self._workspace = workspace

    @property
    def ws(self) -> Any:
        return self._workspace if self._workspace is not None else super().ws

    def right_table(self, action: str) -> Any:
        if action == "new":
            return ANY
        indicator = self._current()
        return indicator.table_id if indicator is not None else None

    def compose_body(self) -> ComposeResult:
        yield FilterInput(
            placeholder=L("filter op naam, wet of CBS-tabel", "filter by name, law or CBS table"),
            id="filter",
            on_change=self.filter_changed,
        )
        # the count line above the list: drawn by the screen (set_count), not a widget
        table = PagedRecordTable(indicator_columns(), fetch=self.fetch, id=self.LIST_ID)
        yield self.line_above(table, muted=False, ellipsis=True)

    def fetch(self, offset: int, limit: int) -> Any:
        service = self.ws.service(f"{NAME}.indicators")
        page = call_service(self, service.list, filter=self.filter_text, offset=offset,
                            limit=limit)  # fmt: skip
        return page if page is not None else Page([], 0, offset, limit)

    def on_mount(self) -> None:
        self.refresh_data()
        self.list_view.focus()

    def refresh_data(self) -> None:
        """The data changed: rights are read again."""
        self.forget_rights()
        super().refresh_data()

    def after_reload(self) -> None:
        self.set_count(L("{n} indicatoren", "{n} indicators").format(n=self.list_view.total_text))
        self.follow_row()  # "edit" and "import" depend on the row's table

    def on_data_table_row_highlighted(self, event: Any) -> None:
        self.follow_row()

    def open_record(self, record: Any) -> None:
        details().open_comparison(self, record.id)

    def _current(self) -> Any:
        tables = self.query(f"#{self.LIST_ID}")
        return tables.first(PagedRecordTable).current_record if tables else None

    def action_open(self) -> None:
        indicator = self._current()
        if indicator is not None:
            details().open_comparison(self, indicator.id)

    def action_city(self) -> None:
        org = focus_city(self.ws)
        if org is None:
            details().choose_city(self, lambda org_id: details().CityScreen.open(self, org_id))
            return
        details().CityScreen.open(self, org.id)

    def action_measures(self) -> None:
        self.app.push_screen(details().MeasuresScreen(self.ws))

    def action_new(self) -> None:
        forms().indicator_form(self, None, self._saved)

    def action_edit(self) -> None:
        indicator = self._current()
        if indicator is not None:
            forms().indicator_form(self, indicator, self._saved)

    def _saved(self, record: Any) -> None:
        if record is not None:
            self.notify(L("Opgeslagen: {n}", "Saved: {n}").format(n=literal(record.name)))
            self.refresh_data()

    def action_import(self) -> None:
        indicator = self._current()
        if indicator is not None:
            forms().import_dialog(self, indicator, self.refresh_data)


def leerkring_columns() -> list[tuple]:
    return [
        (L("Leerkring", "Learning circle"), 48, lambda k: k.theme),
        (L("Gemeenten", "Cities"), 9, lambda k: len(k.organisation_ids or [])),
        (L("Bijeenk.", "Sessions"), 8, lambda k: k.planned_sessions),
    ]


class LeerkringenTab(Rights, TableTab):
    """The leerkringen of one table; Enter opens one, ``n`` starts one, ``e`` edits it."""

    BINDINGS: ClassVar[list] = [
        bind("n", "new", "Nieuwe leerkring", "New circle", id="sociaal-domein.leerkring.new"),
        bind("e", "edit", "Wijzig", "Edit", id="sociaal-domein.leerkring.edit"),
    ]
    RIGHTS: ClassVar[dict[str, str]] = {"new": EDIT, "edit": EDIT}

    def right_table(self, action: str) -> Any:
        return self.table.id

    def compose(self) -> ComposeResult:
        # paged from the database, as every list of the module
        yield PagedRecordTable(leerkring_columns(), fetch=self._fetch, id="leerkringen")

    def _fetch(self, offset: int, limit: int) -> Any:
        service = self.workspace.service(f"{NAME}.leerkringen")
        page = call_service(self, service.list, table_id=self.table.id, offset=offset,
                            limit=limit)  # fmt: skip
        return page if page is not None else Page([], 0, offset, limit)

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        self.forget_rights()
        self.query_one("#leerkringen", PagedRecordTable).reload()

    def _current(self) -> Any:
        return self.query_one("#leerkringen", PagedRecordTable).current_record

    def on_data_table_row_selected(self, event: Any) -> None:
        kring = self._current()
        if kring is not None:
            event.stop()
            self.app.push_screen(details().LeerkringScreen(self.workspace, kring.id))

    def action_new(self) -> None:
        forms().leerkring_form(self, self.table, None, self._saved)

    def action_edit(self) -> None:
        kring = self._current()
        if kring is not None:
            forms().leerkring_form(self, self.table, kring, self._saved)

    def _saved(self, kring: Any) -> None:
        if kring is not None:
            self.notify(L("Opgeslagen: {t}", "Saved: {t}").format(t=literal(kring.theme)))
            self.refresh_data()
