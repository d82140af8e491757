"""Overzicht (home): what needs attention now, from ``workspace.overview.home()``.

Left: meetings in the next four weeks and submission deadlines about to close. Right: overdue
actions per partner, missions not fully signed, and the plugins' cards. Enter opens the
meeting's agenda, the partner, or the table's mission.
"""

from __future__ import annotations

import datetime as dt

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from stadstafel import clock, i18n
from stadstafel.errors import StadstafelError
from stadstafel.records import Record
from stadstafel.services.review import HOME_ROWS
from stadstafel.tui.calls import call_service
from stadstafel.tui.sections import open_agenda, open_partner, open_table
from stadstafel.tui.text import L, plain
from stadstafel.tui.textual_private import style_as_focused
from stadstafel.tui.widgets.base import SectionScreen, bind
from stadstafel.tui.widgets.lists import RecordTable, clip


def short_when(value: str | None) -> str:
    """``2027-01-14 14:00`` -> ``do 14 jan 14:00`` (``Th 14 Jan 14:00`` in English)."""
    if not value:
        return ""
    moment = dt.datetime.fromisoformat(str(value))
    lang = i18n.language()
    day = i18n.DAYS[lang][moment.weekday()][:2]
    month = i18n.MONTHS[lang][moment.month - 1][:3]
    return f"{day} {moment.day:>2} {month} {moment:%H:%M}"


def days_until(value: str | None) -> float | None:
    if not value:
        return None
    return (dt.datetime.fromisoformat(str(value)) - clock.now()).total_seconds() / 86400


class CardsRead(Message):
    """The modules' cards, read on a thread of their own after the first frame
    (``HomeScreen._read_cards``); ``cards`` None: the workspace has no second connection
    (a database in memory), the screen reads them itself."""

    def __init__(self, cards: list[dict] | None, failures: list, error: Exception | None):
        super().__init__()
        self.cards = cards
        self.failures = failures  # (plugin, message, exception) of each card hook that raised
        self.error = error  # the connection could not be opened


MORE = {
    "upcoming": ("Vergaderingen (v)", "Meetings (v)"),
    "deadlines": ("Vergaderingen (v)", "Meetings (v)"),
    "overdue": ("Acties (a)", "Actions (a)"),
    "unsigned": ("Tafels (t)", "Tables (t)"),
}


class HomeScreen(SectionScreen):
    """The overview; Tab moves between the lists, Enter opens what is under the cursor."""

    TITLE_NL, TITLE_EN = "Overzicht", "Overview"
    # The first list gets the focus in on_mount (not the scrolling column first and then the
    # list: each focus change restyles what it touches, 7 ms of every start), without
    # Textual's scroll into view: that runs before the first layout, finds the list not yet
    # in view and centres it, which scrolled a long left column past its first title.
    AUTO_FOCUS = ""
    BINDINGS = [
        bind("r", "reload", "Vernieuwen", "Refresh", id="home.refresh"),
        # the first screen says how to leave (the app's q, shown here)
        bind("q", "app.quit", "Stoppen", "Quit", id="home.quit"),
        bind("L", "history", "Auditlog", "Audit log", id="home.audit", show=False),
    ]

    def history_scope(self) -> tuple[list[tuple[str, int]], str]:
        """The whole audit log (for the beheerder: the key is offered to no one else)."""
        return [], ""

    # One widget for a list's title and its note: every widget is styled, laid out and
    # drawn before the first frame of every start. With the modules' cards the right column
    # keeps room for its scrollbar: the cards, filled in after the first frame, make it
    # overflow at 80×24, and its lists would move by a column then (and be laid out twice).
    DEFAULT_CSS = """
    HomeScreen #columns { height: 1fr; }
    HomeScreen #left { width: 3fr; min-width: 50; }
    HomeScreen #right { width: 2fr; border-left: solid $secondary; }
    HomeScreen #right.-cards { scrollbar-gutter: stable; }
    HomeScreen RecordTable { height: auto; max-height: 11; margin-bottom: 1; }
    HomeScreen .section-title.-alone { margin-bottom: 1; }
    HomeScreen #cards { height: auto; padding: 0 1; }
    """

    def compose_body(self) -> ComposeResult:
        # The lists' titles are made with their text and classes from the data read at start:
        # set after mounting, each class (-alone, -noted) restyled its title once more (five
        # style passes of the first frame on a large workspace).
        self._first_data = data = call_service(self, self._read)
        heads = self._heads(data) if data is not None else {}

        def title(name: str) -> Static:
            text, classes = heads.get(name, ("", []))
            return Static(text, id=f"{name}-title", classes=" ".join(["section-title", *classes]),
                          markup=False)  # fmt: skip

        with Horizontal(id="columns"):
            with VerticalScroll(id="left"):
                yield title("upcoming")
                upcoming = RecordTable(
                    [
                        (L("Wanneer", "When"), 15, lambda m: short_when(m.starts_at)),
                        (L("Tafel / vergadering", "Table / meeting"), 24, self._meeting_name),
                        (L("Pnt", "Itm"), 3, lambda m: m["items"]),
                    ],
                    id="upcoming",
                )
                # Focused in on_mount, before the first frame: styled so as it mounts, and the
                # focus arriving restyles nothing (its twenty parts: 2-3 ms), nor does the
                # first frame wait for that restyle (drawn as the start's batch ends).
                style_as_focused(upcoming)
                yield upcoming
                yield title("deadlines")
                yield RecordTable(
                    [
                        (L("Indienen vóór", "Submit before"), 17, self._deadline_text),
                        (L("Tafel", "Table"), 25, lambda m: m.table_name),
                    ],
                    id="deadlines",
                )
            cards = "-cards" if data is not None and self._cards_coming(data) else ""
            with VerticalScroll(id="right", classes=cards):
                yield title("overdue")
                yield RecordTable(
                    [
                        (L("Partner", "Partner"), 17, lambda r: r.organisation),
                        (L("Laat", "Late"), 6, lambda r: f"! {r.overdue}"),
                    ],
                    key=lambda r: r.organisation_id or 0,
                    id="overdue",
                )
                yield title("unsigned")
                yield RecordTable(
                    [
                        (L("Tafel", "Table"), 15, lambda t: t.name),
                        (L("Getekend", "Signed"), 8, lambda t: f"{t.signed}/{t.member_count}"),
                    ],
                    id="unsigned",
                )
                yield Static("", id="cards", markup=False)

    @staticmethod
    def _meeting_name(meeting: Record) -> str:
        title = meeting.title or ""
        if title and title != meeting.table_name:
            return f"{meeting.table_name}: {title}"
        return meeting.table_name or title

    @staticmethod
    def _deadline_text(meeting: Record) -> str:
        left = days_until(meeting.submission_deadline)
        mark = "! " if left is not None and left <= 2 else "  "
        return mark + short_when(meeting.submission_deadline)

    _first_data: dict | None = None  # what compose_body read, until on_mount shows it

    def on_mount(self) -> None:
        data, self._first_data = self._first_data, None
        if data is not None:  # None: the read failed, and call_service said why
            # The modules' cards come right after the first frame, which shows their title
            # and a line saying they come: their wrapped text (8 cards, 29 lines at 80×24)
            # overflowed the right column, which then got a scrollbar and was laid out
            # again, all before the first frame (8-10 ms of a small demo's start).
            # Read at start (``ReadAhead``), the data has no cards (None): the modules' hooks
            # run after the first frame, on a thread with a connection of its own, instead
            # of holding the interpreter while Textual imported (28-31 ms of Python on a
            # large workspace).
            self._show(data, cards=False)
            if data["cards"] is None:
                self._cards_pending = bool(self._card_plugins())
                if self._cards_pending:
                    # after the first frame, and after what the app does right after it
                    # (collect_after_start)
                    self.app.call_after_refresh(self.call_later, self._read_cards)
            elif data["cards"]:
                self._cards_later = data["cards"]
                self.app.call_after_refresh(self._show_cards_later)
        self.query_one("#upcoming", RecordTable).focus(scroll_visible=False)

    def action_reload(self) -> None:
        self.refresh_data()

    @staticmethod
    def _lists(data: dict) -> dict[str, tuple[list, str, str]]:
        """Per list: its rows, its title and what it says when empty."""
        total = data["overdue_total"]
        return {
            "upcoming": (
                data["upcoming"],
                L("Vergaderingen, komende 4 weken", "Meetings, next 4 weeks"),
                L("Geen vergaderingen gepland.", "No meetings planned."),
            ),
            "deadlines": (
                data["deadlines"],
                L("Indiendeadlines deze week", "Submission deadlines this week"),
                L("Geen deadlines deze week.", "No deadlines this week."),
            ),
            "overdue": (
                data["overdue"],
                L(f"Te late acties ({total})", f"Overdue actions ({total})"),
                L("Geen te late acties.", "No overdue actions."),
            ),
            "unsigned": (
                data["unsigned"],
                L("Missie niet getekend", "Mission not signed"),
                L("Alle missies zijn getekend.", "All missions are signed."),
            ),
        }

    def _heads(self, data: dict) -> dict[str, tuple[Content | str, list[str]]]:
        """Per list: the text of its title and the classes of the title's widget."""
        return {name: self._head(name, *found) for name, found in self._lists(data).items()}

    def refresh_data(self) -> None:
        data = call_service(self, self._read)
        if data is not None:
            self._show(data)

    def _show(self, data: dict, cards: bool = True) -> None:
        """The lists, their titles and the modules' cards (or, with ``cards`` false, a line
        saying they come), from ``overview.home``."""
        for name, (rows, title, empty) in self._lists(data).items():
            self._fill(name, rows, title, empty)
        if cards:
            self._show_cards(data["cards"])
        elif self._cards_coming(data):
            self._cards_text(["…"])
        else:
            self.query_one("#cards", Static).display = False

    _cards_later: list[dict] | None = None  # read at start, shown after the first frame
    _cards_pending = False  # the cards are being read on their thread (_read_cards)
    _plugins_with_cards: list[str] | None = None

    def _card_plugins(self) -> list[str]:
        if self._plugins_with_cards is None:
            self._plugins_with_cards = self.ws.card_plugins()
        return self._plugins_with_cards

    def _cards_coming(self, data: dict) -> bool:
        """The data has cards, or (not read yet: None) a plugin has cards to show."""
        return bool(data["cards"]) if data["cards"] is not None else bool(self._card_plugins())

    @work(thread=True, group="home-cards", exit_on_error=False)
    def _read_cards(self) -> None:
        """On a thread of its own, after the first frame: the modules' cards on a read-only
        connection of its own (``Workspace.reader``; the app's connection stays the UI
        thread's), handed to the UI thread. A hook that raises is not reported here (the
        plugin host is the UI thread's): ``on_cards_read`` does that."""
        from stadstafel.workspace import translate_fault

        failures: list = []
        cards: list[dict] | None = None
        error: Exception | None = None
        try:
            reader = self.ws.reader()
            if reader is not None:
                try:
                    cards = reader.plugin_dashboard_cards(failures=failures)
                finally:
                    reader.close()
        except Exception as exc:  # opening the connection: a message, never a traceback
            error = translate_fault(exc, getattr(exc, "filename", None) or "?")
            cards = []
        self.post_message(CardsRead(cards, failures, error))

    def on_cards_read(self, message: CardsRead) -> None:
        """The cards read after the first frame, unless a reload showed fresher ones."""
        if not self._cards_pending:
            return
        cards = message.cards
        if cards is None:  # no second connection: read here, as a reload does
            self._show_cards(call_service(self, self.ws.plugin_dashboard_cards) or [])
            return
        cards = list(cards)
        for plugin, text, exc in message.failures:
            # as if the hook had raised on this thread: the plugin is switched off and its
            # problem listed (strict: a PluginError, shown as the message it is)
            problem = f"plugin '{plugin}': {text}"
            try:
                self.ws.plugins.report_failure(plugin, text, exc)
            except StadstafelError as raised:
                problem = raised.message
            self.notify(problem, title="Plugin", severity="warning", timeout=10, markup=False)
            cards.append(
                {"plugin": plugin, "title": plugin, "value": L("niet beschikbaar", "not available"),
                 "detail": plain(text)}
            )  # fmt: skip
        if message.error is not None:
            cards.append(
                {"title": L("Cijfers", "Figures"), "value": L("niet gelezen", "not read"),
                 "detail": message.error.message}
            )  # fmt: skip
        self._show_cards(cards)

    def _show_cards_later(self) -> None:
        found, self._cards_later = self._cards_later, None
        if found is not None:  # not when a reload showed fresher ones meanwhile
            self._show_cards(found)

    def _show_cards(self, found: list[dict]) -> None:
        self._cards_later = None
        self._cards_pending = False
        lines = []
        for card in found:
            # A figure is never cut: a long title is, and a line too long for the column
            # wraps between words (the number whole on the next line).
            lines.append(f"{clip(card.get('title', ''), 40)}: {card.get('value', '')}")
            if card.get("detail"):
                lines.append(f"  {clip(card['detail'], 60)}")
        self._cards_text(lines)

    def _cards_text(self, lines: list[str]) -> None:
        cards = self.query_one("#cards", Static)
        cards.display = bool(lines)
        if lines:
            title = L("Cijfers uit modules", "Figures from modules")
            cards.update(Content.assemble((title, "bold $text-primary"), "\n", "\n".join(lines)))

    def _read(self) -> dict:
        """What the lists show: the first time what the command read at start, if it did
        (``stadstafel.start.ReadAhead``), from then on fresh from the workspace."""
        ahead = self.app.read_ahead
        data = ahead.take_home() if ahead is not None else None
        return data if data is not None else self.ws.overview.home(limit=HOME_ROWS)

    @staticmethod
    def _head(name: str, rows: list, title: str, empty: str) -> tuple[Content | str, list[str]]:
        """A list's title with a note under it when the list is empty or full (the rest is in
        the section itself), and the classes of the title's widget."""
        note = empty if not rows else ""
        if len(rows) >= HOME_ROWS:
            note = L(f"De eerste {HOME_ROWS}; alle in {MORE[name][0]}.",
                     f"The first {HOME_ROWS}; all of them in {MORE[name][1]}.")  # fmt: skip
        classes = [c for c, on in (("-alone", not rows), ("-noted", bool(note))) if on]
        if note:
            return Content.assemble(title, "\n", (note, "not bold $text-muted")), classes
        return title, classes

    def _fill(self, name: str, rows: list, title: str, empty: str) -> None:
        """The list's rows, and above them its title (``_head``)."""
        table = self.query_one(f"#{name}", RecordTable)
        table.show(rows)
        table.display = bool(rows)
        text, classes = self._head(name, rows, title, empty)
        head = self.query_one(f"#{name}-title", Static)
        head.set_class("-alone" in classes, "-alone")
        head.set_class("-noted" in classes, "-noted")
        head.update(text)

    # -- open ----------------------------------------------------------------------------------
    @on(RecordTable.RowSelected)
    def _selected(self, event: RecordTable.RowSelected) -> None:
        table = event.data_table
        assert isinstance(table, RecordTable)
        record = table.current_record
        if record is None:
            return
        if table.id in ("upcoming", "deadlines"):
            open_agenda(self.app, record.id)
        elif table.id == "overdue" and record.organisation_id:
            open_partner(self.app, record.organisation_id)
        elif table.id == "unsigned":
            open_table(self.app, record.id, tab="missie")
