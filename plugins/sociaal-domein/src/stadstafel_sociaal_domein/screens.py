"""The module's screens, on ``stadstafel.ui`` only. Imported only when one is opened.

- ``SociaalDomeinScreen``: the indicators, paged from the database, filtered as you type;
  Enter opens ``IndicatorScreen`` (the comparison across cities and a terminal plot);
- ``LeerkringenTab``: the leerkringen of a table, on the table's screen; Enter opens
  ``LeerkringScreen`` (sessions; ``e`` prepares a session: host, casus; ``c`` closes it).
"""

from __future__ import annotations

from typing import Any, ClassVar

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
    literal,
)
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from stadstafel_sociaal_domein.views import comparison_lines, plot_lines

NAME = "sociaal-domein"


def indicator_columns() -> list[tuple]:
    return [
        (L("Indicator", "Indicator"), 36, lambda i: i.name),
        (L("Wet", "Law"), 15, lambda i: i.law or ""),
        (L("Periode", "Period"), 9, lambda i: i.period_type),
        (L("CBS", "CBS"), 9, lambda i: i.cbs_table or ""),
    ]


class SociaalDomeinScreen(SectionScreen):
    """The indicators the tables follow; type to filter, Enter compares across cities."""

    TITLE_NL = TITLE_EN = "Sociaal domein"
    BINDINGS: ClassVar[list] = [
        bind("v", "open", "Vergelijk", "Compare", id="sociaal-domein.open"),
    ]

    def __init__(self, workspace: Any = None):
        super().__init__()
        self._workspace = workspace
        self.filter_text = ""

    @property
    def ws(self) -> Any:
        return self._workspace if self._workspace is not None else super().ws

    def compose_body(self) -> ComposeResult:
        yield FilterInput(
            placeholder=L("filter op naam, wet of CBS-tabel", "filter by name, law or CBS table"),
            id="filter",
            on_change=self._filter,
        )
        yield Static("", id="count", markup=False)
        yield PagedRecordTable(indicator_columns(), fetch=self._fetch, id="indicators")

    def _fetch(self, offset: int, limit: int) -> Any:
        service = self.ws.service(f"{NAME}.indicators")
        return service.list(filter=self.filter_text, offset=offset, limit=limit)

    def _filter(self, value: str) -> None:
        self.filter_text = value
        if self.is_mounted:
            self.refresh_data()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#indicators", PagedRecordTable).focus()

    def refresh_data(self) -> None:
        table = self.query_one("#indicators", PagedRecordTable)
        if call_service(self, table.reload, keep_cursor=False) is None and table.fetch is None:
            return
        self.query_one("#count", Static).update(
            L("{n} indicatoren", "{n} indicators").format(n=table.total_text)
        )

    def on_data_table_row_selected(self, event: Any) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        indicator = self.query_one("#indicators", PagedRecordTable).current_record
        if indicator is not None:
            self.app.push_screen(IndicatorScreen(self.ws, indicator.id))


class IndicatorScreen(StadstafelScreen):
    """One indicator across the cities: table, mark for voorlopig beside definitief, the
    caveat, the position of the actor's city (or Leiden) and a plot of its series."""

    BINDINGS: ClassVar[list] = [bind("escape", "app.pop_screen", "Terug", "Back", id="sd.back")]

    def __init__(self, workspace: Any, indicator_id: int):
        super().__init__()
        self.workspace = workspace
        self.indicator_id = indicator_id

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("", id="comparison", markup=False)
            yield Static("", id="plot", markup=False)

    def on_mount(self) -> None:
        ws = self.workspace
        focus = ws.actor.organisation_id
        org = ws.read.organisation(focus) if focus else None
        if org is None or org.kind != "gemeente":
            org = ws.read.organisation_by_name("Gemeente Leiden")
        data = call_service(
            self, ws.service(f"{NAME}.figures").compare, self.indicator_id,
            focus=org.id if org else None,
        )  # fmt: skip
        if data is None:
            return
        name = org.name if org else ""
        self.query_one("#comparison", Static).update("\n".join(comparison_lines(data, name)))
        if org is not None:
            plot = plot_lines(data, org.id, width=30)
            self.query_one("#plot", Static).update("\n".join(["", name, *plot]))


def leerkring_columns() -> list[tuple]:
    return [
        (L("Leerkring", "Learning circle"), 48, lambda k: k.theme),
        (L("Gemeenten", "Cities"), 9, lambda k: len(k.organisation_ids or [])),
        (L("Bijeenk.", "Sessions"), 8, lambda k: k.planned_sessions),
    ]


class LeerkringenTab(TableTab):
    """The leerkringen of one table; Enter opens one."""

    def compose(self) -> ComposeResult:
        yield RecordTable(leerkring_columns(), id="leerkringen")

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        service = self.workspace.service(f"{NAME}.leerkringen")
        page = call_service(self, service.list, table_id=self.table.id)
        if page is not None:
            self.query_one("#leerkringen", RecordTable).show(page.rows)

    def on_data_table_row_selected(self, event: Any) -> None:
        kring = self.query_one("#leerkringen", RecordTable).current_record
        if kring is not None:
            event.stop()
            self.app.push_screen(LeerkringScreen(self.workspace, kring.id))


def session_columns(names: dict[int, str]) -> list[tuple]:
    def casus(s: Any) -> str:
        if s.get("hidden"):
            return L("(vertrouwelijk)", "(confidential)")
        return s.casus or "-"

    return [
        ("#", 2, lambda s: s.number),
        (L("Datum", "Date"), 10, lambda s: s.date or ""),
        (L("Gastgemeente", "Host"), 18, lambda s: names.get(s.host_organisation_id, "-")),
        (L("Status", "Status"), 8, lambda s: s.status),
        (L("Casus", "Case"), 30, casus),
    ]


class LeerkringScreen(StadstafelScreen):
    """A leerkring's sessions: ``e`` prepares the selected one, ``c`` closes it."""

    BINDINGS: ClassVar[list] = [
        bind("e", "edit", "Voorbereiden", "Prepare", id="sociaal-domein.session.edit"),
        bind("c", "close_session", "Sluiten", "Close", id="sociaal-domein.session.close"),
        bind("escape", "app.pop_screen", "Terug", "Back", id="sociaal-domein.back"),
    ]

    def __init__(self, workspace: Any, leerkring_id: int):
        super().__init__()
        self.workspace = workspace
        self.leerkring_id = leerkring_id

    def _names(self) -> dict[int, str]:
        kring = self.workspace.service(f"{NAME}.leerkringen").get(self.leerkring_id)
        return self.workspace.read.organisation_names(kring.organisation_ids or [])

    def compose(self) -> ComposeResult:
        yield Static("", id="theme", markup=False)
        yield RecordTable(session_columns(self._names()), id="sessions")

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#sessions", RecordTable).focus()

    def refresh_data(self) -> None:
        kring = call_service(self, self.workspace.service(f"{NAME}.leerkringen").get,
                             self.leerkring_id)  # fmt: skip
        rows = call_service(self, self.workspace.service(f"{NAME}.sessions").of_leerkring,
                            self.leerkring_id)  # fmt: skip
        if kring is None or rows is None:
            return
        self.query_one("#theme", Static).update(kring.theme)
        self.query_one("#sessions", RecordTable).show(rows)

    def _current(self) -> Any:
        return self.query_one("#sessions", RecordTable).current_record

    def action_edit(self) -> None:
        session = self._current()
        if session is None:
            return
        ws = self.workspace
        names = self._names()
        kring = ws.service(f"{NAME}.leerkringen").get(self.leerkring_id)
        people = [ws.read.person(p) for p in kring.person_ids or []]
        sessions = ws.service(f"{NAME}.sessions")
        fields = [
            FormField("date", L("Datum", "Date"), "date", value=session.date),
            FormField("host_organisation_id", L("Gastgemeente", "Host city"), "select",
                      options=[(n, i) for i, n in names.items()],
                      value=session.host_organisation_id),
            FormField("guest_expert", L("Gastexpert", "Guest expert"),
                      value=session.guest_expert),
        ]  # fmt: skip
        if not session.get("hidden"):
            fields += [
                FormField("casus", L("Casus", "Case"), "textarea", value=session.casus),
                FormField("casus_by_person_id", L("Casus van", "Case by"), "select",
                          options=[(p.name, p.id) for p in people if p],
                          value=session.casus_by_person_id),
            ]  # fmt: skip
        self.app.push_screen(
            FormScreen(
                L("Bijeenkomst {n} voorbereiden", "Prepare session {n}").format(n=session.number),
                fields,
                submit=lambda v: sessions.update(session.id, v.pop("version"), **v),
                version=session.version,
            ),
            self._saved,
        )

    def _saved(self, session: Any) -> None:
        if session is not None:
            self.notify(L("Opgeslagen: bijeenkomst {n}", "Saved: session {n}").format(
                n=session.number))  # fmt: skip
            self.refresh_data()

    def action_close_session(self) -> None:
        session = self._current()
        if session is None:
            return
        sessions = self.workspace.service(f"{NAME}.sessions")
        done = call_service(self, sessions.close, session.id, session.version)
        if done is not None:
            self.notify(L("Gesloten: bijeenkomst {n}", "Closed: session {n}").format(
                n=literal(str(done.number))))  # fmt: skip
            self.refresh_data()
