"""Search everything (``/``): every record type (``services.review.SEARCH_KINDS``) and the
plugins' kinds.

Type to search (``workspace.search.search``, full text, every word as a prefix); Enter or the
down arrow moves to the results, grouped by kind (the kind is named on its first row); Enter
on a result opens it where it lives (``sections.open_record``): the partner, the table on the
tab that holds it, the meeting's agenda, the action, a plugin's screen.

A keystroke only edits the input: the query runs on a worker thread once typing pauses for
``DEBOUNCE`` seconds, and each key supersedes the query before it. Every query carries the
generation it was started for; results arrive on the UI thread and are shown only while
that generation is still the newest, so a superseded query's results are never shown (a
query already running on its thread finishes there and is thrown away).

The app builds the screen once and keeps it (``kept_search``): built anew for every search,
its widgets (some 190 message pumps, styles and component nodes a round of use) were
garbage after each, and that garbage took new memory arenas the interpreter kept. Left, the
screen supersedes whatever still runs and forgets its query and results, so nothing of one
search shows in the next.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

from stadstafel import i18n
from stadstafel.records import Page, Record
from stadstafel.services.review import SEARCH_LABELS
from stadstafel.tui.sections import open_record
from stadstafel.tui.text import L, plain
from stadstafel.tui.textual_private import QuietInput, screen_stacks
from stadstafel.tui.widgets.base import FAULTS, StadstafelScreen, as_fault, bind
from stadstafel.tui.widgets.paged import PagedRecordTable

KINDS = SEARCH_LABELS  # kind -> (Dutch, English) label
KEPT = "_search"  # the name the kept search screen is installed under (App.install_screen)


def kind_label(kind: str, ws: object = None) -> str:
    """The kind's label; a plugin's kind (``search_kinds`` hook) by the label it registered."""
    pair = KINDS.get(kind)
    if pair is None and ws is not None:
        from stadstafel.tui.sections import plugin_search_kind

        entry = plugin_search_kind(ws, kind)
        pair = entry.label if entry is not None else None
    nl, en = pair or (kind, kind)
    return L(nl, en)


def kept_search(app: App) -> SearchScreen:
    """The app's search screen, built at the first search and kept (installed) for the next
    ones. A new one where the kept one cannot serve: while it is still in a stack (a hit
    opened from it is on top, or in another section) a screen of its own, not kept; after a
    change of language one in the new language, kept in its place."""
    if app.is_screen_installed(KEPT):
        kept = app.get_screen(KEPT)
        if any(kept in stack for stack in screen_stacks(app).values()):
            return SearchScreen()
        if isinstance(kept, SearchScreen) and kept.language == i18n.language():
            kept.reset()  # also when its closing was not handled yet
            return kept
        app.uninstall_screen(KEPT)
        if kept.is_mounted:
            kept.remove()
    screen = SearchScreen()
    app.install_screen(screen, KEPT)
    return screen


class Searched(Message):
    """A query's outcome, posted from its worker thread to the screen (``post_message`` is
    thread-safe and never blocks the worker, also not while the app shuts down)."""

    def __init__(self, generation: int, text: str, hits: list, error: BaseException | None) -> None:
        super().__init__()
        self.generation = generation
        self.text = text
        self.hits = hits
        self.error = error


def _close(reader: Any) -> None:
    """Close a workers' connection (``SearchScreen._search``); a fault there changes nothing."""
    with contextlib.suppress(*FAULTS):
        reader.close()


class SearchScreen(StadstafelScreen):
    """An input and the results; Escape goes back."""

    TITLE_NL, TITLE_EN = "Zoeken", "Search"
    BINDINGS = [
        bind("escape", "back", "Terug", "Back", id="search.back"),
        bind("ctrl+f", "focus_query", "Zoekterm", "Query", id="search.query", show=False),
    ]
    DEFAULT_CSS = """
    SearchScreen #query { margin: 0 1; }
    """

    #: Seconds of no typing before the query runs: a burst or a paste makes one query.
    DEBOUNCE = 0.12
    #: Results asked of the service (per kind it ranks its newest matches only).
    LIMIT = 100

    def __init__(self, query: str = ""):
        super().__init__()
        self.initial_query = query
        self._generation = 0  # the newest query asked for; older ones are superseded
        self._shown = 0  # the generation whose outcome the screen shows
        self._timer: Timer | None = None
        self._group_first: set[str] = set()  # the first hit of each kind: it names the kind
        self._hits: list[Record] = []  # the shown query's hits; the list holds a page of them
        self.language = i18n.language()  # the language its widgets were built in
        # The workers' connections (``_search``): made as queries need them, each used by
        # one worker at a time (a superseded one may still run), closed with the search.
        self._readers: list[Any] = []  # free ones
        self._readers_lock = threading.Lock()
        self._readers_unwanted = False

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        # an Input whose keys repaint it without laying the screen out again (as the filters')
        yield QuietInput(
            self.initial_query,
            placeholder=L(
                "Zoek in partners, tafels, vergaderingen, agendapunten, acties, alles…",
                "Search partners, tables, meetings, agenda items, actions, everything…",
            ),
            id="query",
            classes="filter",
        )
        # the status line above the results: drawn by the screen (set_status), not a widget
        yield self.line_above(
            PagedRecordTable(
                [
                    (L("Soort", "Kind"), 13, self._kind_cell),
                    (L("Titel", "Title"), 28, lambda r: r.title),
                    (L("Fragment", "Snippet"), 31, lambda r: r.snippet),
                ],
                key=lambda r: f"{r.kind}:{r.id}",
                fetch=self._page,
                page_size=self.LIMIT,
                id="results",
            ),
            "status",
            ellipsis=True,
        )
        yield from self.compose_footer()

    def _kind_cell(self, hit) -> str:
        """The kind's label on the first hit of its group, blank below it."""
        return kind_label(hit.kind, self.ws) if f"{hit.kind}:{hit.id}" in self._group_first else ""

    def _page(self, offset: int, limit: int) -> Page:
        """The list's rows, a page at a time, from the hits found: a screenful and a margin
        at first, the rest as the cursor comes near the last row (``PagedRecordTable``). A
        query's rows, their cells and the table's parts for each were made for all of its
        hits at every key, while a screen shows a fifth of them."""
        return Page(self._hits[offset : offset + limit], len(self._hits), offset, limit)

    @property
    def results(self) -> PagedRecordTable:
        return self.query_one("#results", PagedRecordTable)

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self.schedule_search(self.initial_query, delay=0)

    def on_unmount(self) -> None:
        self._supersede()
        self._let_go_of_readers()

    def on_screen_suspend(self) -> None:
        """Closed (not covered by a hit opened from it): ``reset``, which frees its results,
        and its workers' connection closed."""
        if not any(self in stack for stack in screen_stacks(self.app).values()):
            self.reset()
            self._let_go_of_readers()

    def reset(self) -> None:
        """As a new screen: whatever still waits or runs is superseded, no query, no results,
        the focus on the query."""
        self._supersede()
        query = self.query_one("#query", Input)
        with query.prevent(Input.Changed):
            query.value = ""
        self._show(self._generation, "", [], None)
        self.set_focus(query, scroll_visible=False)

    def _supersede(self) -> None:
        self._generation += 1
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def refresh_data(self) -> None:
        self.schedule_search(self.query_one("#query", Input).value, delay=0)

    @property
    def searching(self) -> bool:
        """A query is waiting or running whose outcome is not shown yet."""
        return self._shown != self._generation

    def schedule_search(self, text: str, *, delay: float | None = None) -> None:
        """Supersede every earlier query; run this one after ``delay`` (DEBOUNCE) on a
        worker thread. An empty query is answered at once."""
        self._supersede()
        generation = self._generation
        if not text.strip():
            self._show(generation, text, [], None)
            return
        self.set_status(L("Zoeken…", "Searching…"))
        with self._readers_lock:  # open (again): a query's connection is kept for the next
            self._readers_unwanted = False
        delay = self.DEBOUNCE if delay is None else delay
        if delay <= 0:
            self._query(generation, text)
            return
        self._timer = self.set_timer(delay, lambda: self._query(generation, text))

    @work(thread=True, exclusive=True, group="search")
    def _query(self, generation: int, text: str) -> None:
        """On a worker thread: ask the service, hand the outcome to the UI thread."""
        if generation != self._generation:  # superseded while it waited
            return
        hits: list = []
        error: BaseException | None = None
        try:
            hits = self._search(text)
        except FAULTS as exc:  # turned into a message on the UI thread (as_fault)
            error = exc
        if generation == self._generation:
            self.post_message(Searched(generation, text, hits, error))

    def _search(self, text: str) -> list:
        """On a worker thread: the search, on a connection of its own (``Workspace.reader``;
        a database in memory has one only). Never on the UI thread's: two threads on one
        SQLite connection can lock each other for good, one waiting for SQLite's lock while
        it holds the interpreter's (binding a parameter, reading a row), the other holding
        SQLite's lock while it calls one of the workspace's SQL functions (``st_today`` in a
        list's query, ``st_words`` in a save's triggers), which needs the interpreter's.

        A query that starts after the search closed (it passed its check of the generation
        as the search closed) closes its connection as it ends: only a key typed in the
        open search (``schedule_search``) lets connections be kept again (such a query's
        connection was kept open, with its page cache, until the next search closed)."""
        with self._readers_lock:
            reader = self._readers.pop() if self._readers else None
        if reader is None:
            reader = self.ws.reader() or self.ws
        # as the session is now: its actor's roles change with its own saves (a chair who
        # hands the chair on), and a connection kept from an earlier query had a copy
        reader.actor = self.ws.actor
        try:
            return reader.search.search(text, limit=self.LIMIT)
        finally:
            if reader is not self.ws:
                with self._readers_lock:
                    keep = not self._readers_unwanted
                    if keep:
                        self._readers.append(reader)
                if not keep:  # the search closed while this query ran
                    _close(reader)

    def _let_go_of_readers(self) -> None:
        """On the UI thread, the search closed: its workers' connections closed (one still
        in use by then by the worker, as it ends: the UI thread never waits for a query)."""
        with self._readers_lock:
            self._readers_unwanted = True
            readers, self._readers = self._readers, []
        for reader in readers:
            _close(reader)

    def on_searched(self, message: Searched) -> None:
        self._show(message.generation, message.text, message.hits, message.error)

    def _show(self, generation: int, text: str, hits: list, error: BaseException | None) -> None:
        """On the UI thread: show a query's outcome unless a later key superseded it."""
        if generation != self._generation:  # superseded (or the screen was closed)
            return
        self._shown = generation
        if error is not None:
            self._list([])
            # the line shows what fits; the whole message (a path, what to do) as a toast
            message = as_fault(self.app, error).message
            self.set_status(message)
            self.notify(plain(message), severity="error", timeout=8, markup=False)
            return
        if not text.strip():
            self._list([])
            self.set_status(L("Typ een zoekterm.", "Type something to search for."))
            return
        self._group_first = set()
        kinds: set[str] = set()
        for hit in hits:  # the service groups them: a kind's hits follow each other
            if hit.kind not in kinds:
                kinds.add(hit.kind)
                self._group_first.add(f"{hit.kind}:{hit.id}")
        self._list(hits)
        if hits:
            n, k = len(hits), len(kinds)
            self.set_status(
                L(
                    f"{n} {'resultaat' if n == 1 else 'resultaten'}"
                    f" in {k} {'soort' if k == 1 else 'soorten'} · Enter opent · ↓ naar de lijst",
                    f"{n} {'result' if n == 1 else 'results'}"
                    f" of {k} {'kind' if k == 1 else 'kinds'} · Enter opens · ↓ to the list",
                )
            )
        else:
            self.set_status(L(f"Niets gevonden voor '{text}'.", f"Nothing found for '{text}'."))

    def _list(self, hits: list[Record]) -> None:
        self._hits = hits
        self.results.reload(keep_cursor=False)

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        self.schedule_search(event.value)

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.results.order:
            self.results.focus()

    def key_down(self) -> None:
        if self.query_one("#query", Input).has_focus and self.results.order:
            self.results.focus()

    def action_focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    @on(PagedRecordTable.RowSelected, "#results")
    def _open(self, event: PagedRecordTable.RowSelected) -> None:
        hit = self.results.current_record
        if hit is not None:
            open_record(self.app, hit.kind, hit.id)

    def action_back(self) -> None:
        self.app.pop_screen()
