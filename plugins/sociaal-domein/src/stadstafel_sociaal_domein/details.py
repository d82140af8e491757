"""The screens opened from the module's section and its table tab (``screens``): one
indicator's comparison across the cities (``IndicatorScreen``), one city's position
(``CityScreen``), one leerkring (``LeerkringScreen``), the measures and one measure. Imported
when one of them is opened, not with the section: a session that reads the list does not hold
them."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from stadstafel import Page, Record, format_date, language, now
from stadstafel.ui import (
    FilterInput,
    L,
    PagedList,
    PagedRecordTable,
    PickerScreen,
    RecordTable,
    bind,
    call_service,
    literal,
)
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from stadstafel_sociaal_domein.iv3 import TAAKVELDEN
from stadstafel_sociaal_domein.iv3 import label as taakveld_label
from stadstafel_sociaal_domein.screens import (
    AGENDA,
    ANY,
    EDIT,
    LINE_CSS,
    NAME,
    ModuleScreen,
    focus_city,
    forms,
    known_owners,
)
from stadstafel_sociaal_domein.service import LAWS, period_label
from stadstafel_sociaal_domein.views import cell, number


def choose_city(screen: Any, then: Any) -> None:
    """A picker of the cities with a CBS region code."""
    options = screen.ws.service(f"{NAME}.regions").cities()
    screen.app.push_screen(
        PickerScreen(L("Kies een gemeente", "Choose a city"), options),
        lambda chosen: then(chosen) if chosen is not None else None,
    )


class KeptScreen(ModuleScreen):
    """A screen of the module that is built once and kept (installed in the app under
    ``KEPT``): every later opening refills it (``show(key)``) as it resumes, instead of
    composing, mounting and styling a new screen - a third of the key's work before its
    first frame. Filled as it resumes, and laid out and drawn whole in the one next frame:
    filled before it was pushed, its changed widgets were drawn first over the screen before
    (the header and footer a frame later); filled there without the layout asked of the
    screen itself, the first frame showed what it held before."""

    KEPT: ClassVar[str] = ""
    pending: Any = None  # the key to show as the screen resumes
    built_in = ""  # the language it was built in (its labels)

    @classmethod
    def open(cls, screen: Any, key: Any) -> None:
        """Show the kept screen for ``key``: a new one when none is kept yet, or the kept
        one is of another workspace or language (the new one is kept instead), or is on the
        stack already (the new one is not kept)."""
        app, ws = screen.app, screen.ws
        kept = app.get_screen(cls.KEPT) if app.is_screen_installed(cls.KEPT) else None
        if (
            kept is not None
            and kept not in app.screen_stack
            and (kept.workspace is not ws or kept.built_in != language())
        ):
            app.uninstall_screen(cls.KEPT)
            kept.remove()
            kept = None
        if kept is None:
            kept = cls(ws, key)
            kept.built_in = language()
            app.install_screen(kept, cls.KEPT)
        elif kept in app.screen_stack:
            app.push_screen(cls(ws, key))
            return
        elif kept.is_mounted:
            kept.pending = key
        else:  # installed, not shown yet: its mounting fills it
            kept.pending = None
            kept.show_key(key)
        app.push_screen(kept)

    def show_key(self, key: Any) -> None:
        """Set the key the screen shows (before its mounting fills it)."""
        raise NotImplementedError

    def show(self, key: Any) -> None:
        """Refill the mounted screen for ``key``, as a new one would show it."""
        self.show_key(key)
        self.refresh_data()

    def on_screen_resume(self) -> None:
        if self.pending is not None:
            key, self.pending = self.pending, None
            self.show(key)
            self.refresh(layout=True)


def open_comparison(screen: Any, indicator_id: int) -> None:
    """One indicator's comparison across the cities, on the kept screen."""
    IndicatorScreen.open(screen, indicator_id)


class IndicatorScreen(KeptScreen):
    """One indicator across the cities, paged from the database and ranked by the latest
    period (best first): a mark on a voorlopig figure beside definitive ones, the caveat, the
    position of the actor's city (or the configured one); ``p`` shows that city's series as a
    plot instead. ``f`` enters a figure, ``u`` imports a CSV file."""

    TITLE_NL, TITLE_EN = "Sociaal domein · vergelijking", "Sociaal domein · comparison"
    KEPT = "sociaal-domein.comparison"
    BINDINGS: ClassVar[list] = [
        bind("p", "plot", "Grafiek", "Chart", id="sociaal-domein.indicator.plot"),
        bind("f", "figure", "Cijfer invoeren", "Enter figure", id="sociaal-domein.figure.new"),
        bind("u", "import", "Importeer", "Import", id="sociaal-domein.indicator.import"),
        bind("escape", "app.pop_screen", "Terug", "Back", id="sd.back"),
    ]
    RIGHTS: ClassVar[dict[str, str]] = {"figure": EDIT, "import": EDIT}
    FOCUS = "#cities"
    DEFAULT_CSS = """
    IndicatorScreen #plot { display: none; }
    IndicatorScreen.-plot #plot { display: block; }
    IndicatorScreen.-plot #cities { display: none; }
    """

    def __init__(self, workspace: Any, indicator_id: int):
        super().__init__(workspace)
        self.indicator_id = indicator_id
        self.indicator: Any = None
        self.periods: list[str] = []  # the four latest periods, the columns (refresh_data)
        self.mixed: dict[str, bool] = {}
        self.names: dict[int, str] = {}
        self.total: int | None = None
        self.rank_by: str | None = None  # the period ranked by (None: the latest)

    def right_table(self, action: str) -> Any:
        return self.indicator.table_id if self.indicator is not None else None

    def columns(self) -> list[tuple]:
        def period(i: int) -> Any:
            def show(r: Any) -> str:
                if i >= len(self.periods):
                    return ""
                if self.periods[i] not in r.by_period:
                    return "-"
                p = self.periods[i]
                return cell(*r.by_period[p], self.mixed.get(p, False))

            return show

        return [
            ("#", 4, lambda r: r.rank or "-"),
            (L("Gemeente", "City"), 22, lambda r: self.names.get(r.organisation_id, "?")),
            *[(self._label(i), 10, period(i)) for i in range(4)],
        ]

    def _label(self, i: int) -> str:
        return period_label(self.periods[i]) if i < len(self.periods) else ""

    def compose_body(self) -> ComposeResult:
        yield Static("", id="comparison", markup=False)
        # A screenful and its margin at a time; the plot is built when ``p`` first asks.
        yield PagedRecordTable(self.columns(), fetch=self._fetch, id="cities", page_size=30)

    def _fetch(self, offset: int, limit: int) -> Any:
        figures = self.ws.service(f"{NAME}.figures")
        # The total is counted with the first page; the pages after it reuse it.
        known = self.total if offset else None
        page = figures.compare_page(self.indicator_id, self.periods, offset=offset, limit=limit,
                                    total=known, rank_by=self.rank_by)  # fmt: skip
        self.total = page.total
        self.names.update(self.ws.read.organisation_names(r.organisation_id for r in page.rows))
        return page

    def show_key(self, key: Any) -> None:
        self.indicator_id = key

    def show(self, key: Any) -> None:
        """Another indicator, from the top of its list, as the table and not the plot."""
        self.indicator = None
        self.total = None
        self.names.clear()  # the names of the cities on the pages shown, read again
        self.remove_class("-plot")
        table = self.query_one("#cities", PagedRecordTable)
        table.first = 0  # the window from the top: no page before it to read back
        table.clear()  # the cursor and the scroll at the top, the old rows gone
        super().show(key)

    def refresh_data(self) -> None:
        ws = self.workspace
        figures = ws.service(f"{NAME}.figures")
        indicator = call_service(self, ws.service(f"{NAME}.indicators").get, self.indicator_id)
        if indicator is None:
            return
        self.indicator = indicator
        self.periods = figures.latest_periods(indicator.id, 4)
        self.mixed = figures.mixed_periods(indicator.id, self.periods)
        self.forget_rights()
        org = focus_city(ws)
        position = figures.position(indicator, org.id) if org is not None else None
        # ranked in the period the city's position speaks of: its own latest figure, not a
        # newer period in which only a few cities have (voorlopig) figures yet
        self.rank_by = position["period"] if position else None
        table = self.query_one("#cities", PagedRecordTable)
        for i, key in enumerate(list(table.columns)[2:]):
            table.columns[key].label = Text(self._label(i))
        call_service(self, table.reload, keep_cursor=False)  # fmt: skip
        lines = header_lines(indicator, self.mixed, org, position)
        if self.rank_by and self.periods and self.rank_by != self.periods[-1]:
            lines.insert(-1 if indicator.caveat else len(lines), L(
                "# = plaats in {p}, de laatste periode met een cijfer van {c}.",
                "# = rank in {p}, the latest period with a figure of {c}.",
            ).format(p=period_label(self.rank_by), c=org.name))  # fmt: skip
        self.query_one("#comparison", Static).update("\n".join(lines))
        if self.query("#plot-lines"):
            self.query_one("#plot-lines", Static).update(self._plot_text())
        self.refresh_bindings()

    def _plot_text(self) -> str:
        org = focus_city(self.workspace)
        return "\n".join(self._plot(org)) if org is not None else ""

    def _plot(self, org: Any) -> list[str]:
        figures = self.ws.service(f"{NAME}.figures")
        series = figures.series(self.indicator_id, org.id)
        top = max((f.value for f in series), default=0) or 1  # the city's own scale
        lines = [org.name]
        for f in series:
            bar = "█" * max(1, round(40 * f.value / top))
            lines.append(f"{period_label(f.period):>11} {bar} {cell(f.value, f.status, False)}")
        return lines

    def action_plot(self) -> None:
        if not self.query("#plot"):
            lines = Static(self._plot_text(), id="plot-lines", markup=False)
            self.mount(VerticalScroll(lines, id="plot"), before=self.query_one("#cities"))
        self.toggle_class("-plot")

    def action_figure(self) -> None:
        if self.indicator is not None:
            forms().figure_form(self, self.indicator, self._saved)

    def _saved(self, result: Any) -> None:
        if result is not None:
            outcome = {
                "new": L("nieuw", "new"),
                "replaced": L("vervangen, het oude bewaard", "replaced, the old one kept"),
                "unchanged": L("ongewijzigd", "unchanged"),
            }.get(result.outcome, result.outcome)
            self.notify(L("Cijfer {p}: {o}", "Figure {p}: {o}").format(
                p=period_label(result.period), o=outcome))  # fmt: skip
            self.refresh_data()

    def action_import(self) -> None:
        if self.indicator is not None:
            forms().import_dialog(self, self.indicator, self.refresh_data)


def header_lines(indicator: Any, mixed: dict, org: Any, position: dict | None) -> list[str]:
    """Above the comparison: the indicator, the mark's meaning, the city's place, caveat."""
    lines = [f"{indicator.name} ({indicator.unit or '-'})"]
    if any(mixed.values()):
        lines.append(L(
            "* voorlopig naast definitieve cijfers van andere gemeenten: niet gelijkwaardig.",
            "* provisional next to other cities' definitive figures: not like for like.",
        ))  # fmt: skip
    if org is not None and position is not None:
        lines.append(L("{c} staat {r}e van {t} ({p}).", "{c} ranks {r} of {t} ({p}).").format(
            c=org.name, r=position["rank"], t=position["total"],
            p=period_label(position["period"])))  # fmt: skip
    if indicator.caveat:
        lines.append(indicator.caveat)
    return lines


def city_columns() -> list[tuple]:
    def value(r: Any) -> str:
        p = r.position
        return cell(p["value"], p["status"], p["mixed"]) if p else "-"

    def field(name: str, show: Any = str) -> Any:
        return lambda r: show(r.position[name]) if r.position else "-"

    return [
        (L("Indicator", "Indicator"), 30, lambda r: r.indicator.name),
        (L("Periode", "Period"), 10, field("period", period_label)),
        (L("Waarde", "Value"), 8, value),
        (L("Status", "Status"), 10, field("status")),
        (L("Plaats", "Rank"), 7, lambda r: f"{r.position['rank']}/{r.position['total']}"
         if r.position else "-"),
    ]  # fmt: skip


DEFINITIVE_SHOWN = 8  # cities named per indicator under "Definitief geworden"


class CityScreen(KeptScreen):
    """One city across the indicators: its latest figure, status and position among the
    cities; which cities' figures became definitief recently. Enter compares the indicator,
    ``g`` picks another city, ``a`` puts the selected indicator's new definitive figures
    (with this city's position) on its table's next agenda."""

    TITLE_NL, TITLE_EN = "Sociaal domein · per gemeente", "Sociaal domein · per city"
    KEPT = "sociaal-domein.city"
    BINDINGS: ClassVar[list] = [
        bind("a", "to_agenda", "Agenderen", "To agenda", id="sociaal-domein.city.agenda"),
        bind("g", "other_city", "Andere gemeente", "Other city", id="sociaal-domein.city.other"),
        bind("escape", "app.pop_screen", "Terug", "Back", id="sociaal-domein.city.back"),
    ]
    RIGHTS: ClassVar[dict[str, str]] = {"to_agenda": AGENDA}
    FOCUS = "#profile"

    def __init__(self, workspace: Any, organisation_id: int):
        super().__init__(workspace)
        self.organisation_id = organisation_id

    def right_table(self, action: str) -> Any:
        row = self._current()
        return row.indicator.table_id if row is not None else None

    def show_key(self, key: Any) -> None:
        self.organisation_id = key

    def show(self, key: Any) -> None:
        """Another city, from the first indicator."""
        self.query_one("#profile", RecordTable).clear()  # the cursor at the top
        super().show(key)

    def compose_body(self) -> ComposeResult:
        yield Static("", id="city", markup=False)
        yield RecordTable(city_columns(), id="profile")
        yield Static("", id="definitive", markup=False)

    def refresh_data(self) -> None:
        ws = self.workspace
        self.forget_rights()
        org = ws.read.organisation(self.organisation_id)
        figures = ws.service(f"{NAME}.figures")
        rows = call_service(self, figures.city_profile, self.organisation_id)
        if rows is None or org is None:
            return
        self.query_one("#city", Static).update(
            L("{c}: plaats per indicator (1 = best, * = voorlopig naast definitief)",
              "{c}: rank per indicator (1 = best, * = provisional beside definitive)")
            .format(c=org.name)
        )  # fmt: skip
        self.query_one("#profile", RecordTable).show(
            [Record(id=r["indicator"].id, **r) for r in rows]
        )
        self.query_one("#definitive", Static).update(self._definitive_text())
        self.refresh_bindings()

    def _definitive_text(self) -> str:
        """The cities whose figures became definitief since the last meeting of the tables
        (the agenda suggestion's window), per indicator."""
        from stadstafel_sociaal_domein.agenda import definitive_by_indicator

        found = definitive_by_indicator(self.workspace)
        if not found:
            return L("Geen nieuwe definitieve cijfers.", "No new definitive figures.")
        lines = [L("Definitief geworden:", "Became definitive:")]
        for name, cities in found:
            # At the large size hundreds of cities at once: a few, and how many more, so the
            # screen stays one short paragraph (the comparison lists them all).
            shown = ", ".join(cities[:DEFINITIVE_SHOWN])
            more = len(cities) - DEFINITIVE_SHOWN
            if more > 0:
                shown += L(" en {n} andere", " and {n} others").format(n=more)
            lines.append(f"- {name}: {shown}")
        return "\n".join(lines)

    def _current(self) -> Any:
        tables = self.query("#profile")
        return tables.first(RecordTable).current_record if tables else None

    def on_data_table_row_highlighted(self, event: Any) -> None:
        self.follow_row()

    def on_data_table_row_selected(self, event: Any) -> None:
        row = self._current()
        if row is not None:
            event.stop()
            open_comparison(self, row.indicator.id)

    def action_other_city(self) -> None:
        def show(org_id: int) -> None:
            self.organisation_id = org_id
            self.refresh_data()

        choose_city(self, show)

    def action_to_agenda(self) -> None:
        """The indicator's figures, where this city stands, on the table's next meeting."""
        from stadstafel_sociaal_domein.agenda import position_suggestion

        row = self._current()
        if row is None:
            return
        ws = self.workspace
        table = ws.read.table(row.indicator.table_id)
        after = now().isoformat(sep=" ", timespec="minutes")
        meeting = call_service(self, ws.meetings.next_meeting, table.id, after)
        if meeting is None:
            self.notify(
                L("{t} heeft geen volgende vergadering.", "{t} has no next meeting.").format(
                    t=literal(table.name)),
                severity="warning",
            )  # fmt: skip
            return
        suggestion = position_suggestion(ws, row.indicator, self.organisation_id)
        taken = {i.source_key for i in ws.agenda.of_meeting(meeting.id)}
        if suggestion["key"] in taken:
            self.notify(L("Staat al op die agenda.", "Already on that agenda."),
                        severity="warning")  # fmt: skip
            return
        item = call_service(
            self, ws.carry_forward.accept, meeting.id, {"origin": "plugin", **suggestion}
        )
        if item is not None:
            self.notify(
                L("Op de agenda van {d}: {t}", "On the agenda of {d}: {t}").format(
                    d=format_date(meeting.starts_at), t=literal(item.title))
            )  # fmt: skip


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


class LeerkringScreen(ModuleScreen):
    """A leerkring's sessions: ``n`` plans one, ``e`` prepares the selected one, ``c`` closes
    it; ``o`` and ``p`` add or remove a city or a participant; ``d`` adds an output."""

    TITLE_NL, TITLE_EN = "Leerkring", "Learning circle"
    BINDINGS: ClassVar[list] = [
        bind("e", "edit", "Voorbereiden", "Prepare", id="sociaal-domein.session.edit"),
        bind("c", "close_session", "Sluiten", "Close", id="sociaal-domein.session.close"),
        bind("n", "new", "Nieuwe bijeenk.", "New session", id="sociaal-domein.session.new"),
        bind("d", "output", "Opbrengst", "Output", id="sociaal-domein.output.new"),
        bind("o", "cities", "Gemeenten", "Cities", id="sociaal-domein.leerkring.cities"),
        bind("p", "people", "Deelnemers", "Participants", id="sociaal-domein.leerkring.people"),
        bind("escape", "app.pop_screen", "Terug", "Back", id="sociaal-domein.back"),
    ]
    RIGHTS: ClassVar[dict[str, str]] = {
        "edit": EDIT, "close_session": EDIT, "new": EDIT, "cities": EDIT, "people": EDIT,
        "output": EDIT,
    }  # fmt: skip
    FOCUS = "#sessions"

    def __init__(self, workspace: Any, leerkring_id: int):
        super().__init__(workspace)
        self.leerkring_id = leerkring_id
        self.kring: Any = None
        self.names: dict[int, str] = {}  # the participating cities, for the host column

    def right_table(self, action: str) -> Any:
        return self.kring.table_id if self.kring is not None else None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="theme", markup=False)
        yield RecordTable(session_columns(self.names), id="sessions")

    def refresh_data(self) -> None:
        kring = call_service(self, self.workspace.service(f"{NAME}.leerkringen").get,
                             self.leerkring_id)  # fmt: skip
        rows = call_service(self, self.workspace.service(f"{NAME}.sessions").of_leerkring,
                            self.leerkring_id)  # fmt: skip
        if kring is None or rows is None:
            return
        self.kring = kring
        self.forget_rights()
        hosts = [s.host_organisation_id for s in rows]
        names = self.workspace.read.organisation_names([*(kring.organisation_ids or []), *hosts])
        self.names.clear()
        self.names.update(names)
        cities = ", ".join(names.get(i, "?") for i in kring.organisation_ids or [])
        outputs = self.workspace.service(f"{NAME}.outputs").of_leerkring(kring.id)
        made = "; ".join(f"{o.kind}: {o.title}" for o in outputs)
        lines = [kring.theme, cities or "-"]
        if made:
            lines.append(L("Opbrengsten: {o}", "Outputs: {o}").format(o=made))
        self.query_one("#theme", Static).update("\n".join(lines))
        table = self.query_one("#sessions", RecordTable)
        opening = not table.order
        table.show(rows)
        if opening:  # the next session to prepare, not the first of the series
            upcoming = next((s for s in rows if s.status != "gesloten"), None)
            if upcoming is not None:
                table.select_key(upcoming.id)
        self.refresh_bindings()

    def _current(self) -> Any:
        return self.query_one("#sessions", RecordTable).current_record

    def action_edit(self) -> None:
        session = self._current()
        if session is not None and self.kring is not None:
            forms().session_form(self, self.kring, session, self._saved)

    def action_new(self) -> None:
        if self.kring is not None:
            forms().session_form(self, self.kring, None, self._saved)

    def _saved(self, session: Any) -> None:
        if session is not None:
            self.notify(L("Opgeslagen: bijeenkomst {n}", "Saved: session {n}").format(
                n=session.number))  # fmt: skip
            self.refresh_data()

    def action_output(self) -> None:
        if self.kring is not None:
            forms().output_form(self, self.kring, self._output_saved)

    def _output_saved(self, output: Any) -> None:
        if output is not None:
            self.notify(L("Opgeslagen: {t}", "Saved: {t}").format(t=literal(output.title)))
            self.refresh_data()

    def action_cities(self) -> None:
        if self.kring is not None:
            forms().toggle_member(self, self.kring, "organisation_ids", self._members)

    def action_people(self) -> None:
        if self.kring is not None:
            forms().toggle_member(self, self.kring, "person_ids", self._members)

    def _members(self, kring: Any) -> None:
        if kring is not None:
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


# -- measures ---------------------------------------------------------------------------------
LAW_SHORT = {"Wmo 2015": "Wmo", "Jeugdwet": "Jw", "Participatiewet": "Pw"}


def law_and_taakveld(m: Any) -> str:
    """``Jw+Wmo 6.72``: the laws short, then the Iv3 taakveld."""
    laws = "+".join(LAW_SHORT.get(x, x) for x in m.laws or [])
    return f"{laws or '-'} {m.taakveld or '-'}"


class MeasuresScreen(PagedList, ModuleScreen):
    """Measures and initiatives, paged and filtered in the database: ``w`` law, ``k``
    taakveld, ``f`` table, ``x`` clears; type to filter by words; Enter shows one.

    On the kit's ``PagedList`` as the core's partners list: a keystroke in the filter reads
    one page (walked in the ``sd4_1_measures_order`` index), and the count line is redrawn
    in place, without a layout of the screen."""

    TITLE_NL, TITLE_EN = "Maatregelen sociaal domein", "Sociaal domein measures"
    BINDINGS: ClassVar[list] = [
        bind("w", "law", "Wet", "Law", id="sociaal-domein.measures.law"),
        bind("k", "taakveld", "Taakveld", "Task field", id="sociaal-domein.measures.taakveld"),
        bind("f", "table", "Tafel", "Table", id="sociaal-domein.measures.table"),
        bind("x", "clear", "Alles", "All", id="sociaal-domein.measures.clear"),
        bind("n", "new", "Nieuw", "New", id="sociaal-domein.measure.new"),
        bind("e", "edit", "Wijzig", "Edit", id="sociaal-domein.measure.edit"),
        bind("escape", "back", "Terug", "Back", id="sociaal-domein.measures.back"),
    ]
    RIGHTS: ClassVar[dict[str, str]] = {"new": EDIT, "edit": EDIT}
    LIST_ID = "measures"
    FOCUS = "#measures"
    DEFAULT_CSS = LINE_CSS.format(screen="MeasuresScreen", line="filters")

    def __init__(self, workspace: Any):
        super().__init__(workspace)
        self.law: str | None = None
        self.taakveld: str | None = None
        self.table_id: int | None = None
        self.owners: dict[int, str] = {}

    def right_table(self, action: str) -> Any:
        if action == "new":
            return ANY
        m = self._current()
        return m.table_id if m is not None else None

    def columns(self) -> list[tuple]:
        return [
            (L("Maatregel", "Measure"), 32, lambda m: m.title),
            # law and taakveld share a column: a cell fewer to draw on every filter key
            (L("Wet · taakveld", "Law · task field"), 16, law_and_taakveld),
            (L("Eigenaar", "Owner"), 15, lambda m: self.owners.get(m.owner_organisation_id, "-")),
            (L("Status", "Status"), 8, lambda m: m.status or ""),
        ]

    def compose_body(self) -> ComposeResult:
        yield FilterInput(
            placeholder=L(
                "filter op titel, omschrijving, wet of taakveld",
                "filter by title, description, law or task field",
            ),
            id="filter",
            on_change=self.filter_changed,
        )
        yield Static("", id="filters", markup=False)
        yield PagedRecordTable(self.columns(), fetch=self.fetch, id=self.LIST_ID)

    def fetch(self, offset: int, limit: int) -> Any:
        page = call_service(
            self, self.ws.service(f"{NAME}.measures").list,
            law=self.law, taakveld=self.taakveld, table_id=self.table_id,
            filter=self.filter_text, offset=offset, limit=limit,
        )  # fmt: skip
        if page is None:
            return Page([], 0, offset, limit)
        known_owners(self.ws, self.owners, (m.owner_organisation_id for m in page.rows))
        return page

    def refresh_data(self) -> None:
        """The data or a filter of the pickers changed: rights and names are read again."""
        self.forget_rights()
        self.owners.clear()
        super().refresh_data()

    def after_reload(self) -> None:
        parts = [
            L("wet: {w}", "law: {w}").format(w=self.law or L("alle", "all")),
            L("taakveld: {t}", "task field: {t}").format(
                t=taakveld_label(self.taakveld) if self.taakveld else L("alle", "all")),
            L("tafel: {t}", "table: {t}").format(t=self._table_name()),
        ]  # fmt: skip
        self.query_one("#filters", Static).update(
            L("{n} maatregelen", "{n} measures").format(n=self.list_view.total_text)
            + " · "
            + " · ".join(parts),
            layout=False,  # one line: no layout of the screen on every key
        )
        self.follow_row()  # "edit" depends on the table of the row under the cursor

    def _table_name(self) -> str:
        if self.table_id is None:
            return L("alle", "all")
        table = self.ws.read.table(self.table_id)
        return table.name if table else "?"

    def _current(self) -> Any:
        tables = self.query(f"#{self.LIST_ID}")
        return tables.first(PagedRecordTable).current_record if tables else None

    def on_data_table_row_highlighted(self, event: Any) -> None:
        self.follow_row()

    def open_record(self, record: Any) -> None:
        self.app.push_screen(MeasureScreen(self.ws, record.id))

    def key_escape(self) -> bool:
        return False  # Escape is this screen's binding "back", which leaves the filter first

    def action_back(self) -> None:
        """Escape: out of the filter first (clearing it, as the kit's lists do), then back."""
        if not self.leave_filter():
            self.app.pop_screen()

    def _choose(self, title: str, options: list[tuple[str, Any]], attr: str) -> None:
        def chosen(value: Any) -> None:
            if value is None:
                return
            setattr(self, attr, None if value == "" else value)
            self.refresh_data()

        all_ = (L("(alle)", "(all)"), "")
        self.app.push_screen(PickerScreen(title, [all_, *options]), chosen)

    def action_law(self) -> None:
        self._choose(L("Filter op wet", "Filter by law"), [(w, w) for w in LAWS], "law")

    def action_taakveld(self) -> None:
        options = [(f"{c} {n}", c) for c, n in TAAKVELDEN]
        self._choose(L("Filter op taakveld", "Filter by task field"), options, "taakveld")

    def action_table(self) -> None:
        tables = self.ws.read.tables(limit=1000).rows
        self._choose(L("Filter op tafel", "Filter by table"), [(t.name, t.id) for t in tables],
                     "table_id")  # fmt: skip

    def action_clear(self) -> None:
        self.law = self.taakveld = self.table_id = None
        self.refresh_data()

    def action_new(self) -> None:
        forms().measure_form(self, None, self._saved)

    def action_edit(self) -> None:
        m = self._current()
        if m is not None:
            forms().measure_form(self, m, self._saved)

    def _saved(self, m: Any) -> None:
        if m is not None:
            self.notify(L("Opgeslagen: {t}", "Saved: {t}").format(t=literal(m.title)))
            self.refresh_data()


class MeasureScreen(ModuleScreen):
    """One measure: its laws, taakveld, owner, table and goal (with the goal's progress)."""

    TITLE_NL, TITLE_EN = "Maatregel sociaal domein", "Sociaal domein measure"
    BINDINGS: ClassVar[list] = [
        bind("e", "edit", "Wijzig", "Edit", id="sociaal-domein.measure.detail.edit"),
        bind("escape", "app.pop_screen", "Terug", "Back", id="sociaal-domein.measure.back"),
    ]
    RIGHTS: ClassVar[dict[str, str]] = {"edit": EDIT}

    def __init__(self, workspace: Any, measure_id: int):
        super().__init__(workspace)
        self.measure_id = measure_id
        self.measure: Any = None

    def right_table(self, action: str) -> Any:
        return self.measure.table_id if self.measure is not None else None

    def compose_body(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("", id="measure", markup=False)

    def refresh_data(self) -> None:
        ws = self.ws
        m = call_service(self, ws.service(f"{NAME}.measures").get, self.measure_id)
        if m is None:
            return
        self.measure = m
        self.forget_rights()
        table = ws.read.table(m.table_id)
        owner = ws.read.organisation(m.owner_organisation_id) if m.owner_organisation_id else None
        lines = [
            m.title,
            "",
            f"{L('Wet(ten)', 'Law(s)')}: {', '.join(m.laws or []) or '-'}",
            f"{L('Taakveld', 'Task field')}: {taakveld_label(m.taakveld) or '-'}",
            f"{L('Eigenaar', 'Owner')}: {owner.name if owner else '-'}",
            f"{L('Tafel', 'Table')}: {table.name if table else '-'}",
            f"{L('Status', 'Status')}: {m.status or '-'}",
        ]
        goal = next((g for g in ws.goals.of_table(m.table_id) if g.id == m.goal_id), None)
        if goal is not None:
            lines.append(f"{L('Doel', 'Goal')}: {goal.description}")
            progress = ws.goals.progress(goal)
            if progress.get("value") is not None:
                target = progress.get("target")
                lines.append(
                    f"  {L('stand', 'now')}: {number(progress['value'])}"
                    + (f" / {number(target)}" if target is not None else "")
                    + (f" {goal.unit}" if goal.unit else "")
                    + (f" ({progress['detail']})" if progress.get("detail") else "")
                )
        if m.description:
            lines += ["", m.description]
        self.query_one("#measure", Static).update("\n".join(lines))
        self.refresh_bindings()

    def action_edit(self) -> None:
        if self.measure is not None:
            forms().measure_form(self, self.measure, self._saved)

    def _saved(self, m: Any) -> None:
        if m is not None:
            self.refresh_data()
