"""Search everything (``/``): organisations, people, agenda items, decisions and actions.

Type to search (``workspace.search.search``, full text, every word as a prefix); Enter or the
down arrow moves to the results; Enter on a result opens the partner, the meeting's agenda or
the action.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from stadstafel.errors import StadstafelError
from stadstafel.tui.sections import open_record
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import StadstafelScreen, bind
from stadstafel.tui.widgets.lists import RecordTable

KINDS = {
    "organisation": ("Partner", "Partner"),
    "person": ("Persoon", "Person"),
    "agenda_item": ("Agendapunt", "Agenda item"),
    "decision": ("Besluit", "Decision"),
    "action": ("Actie", "Action"),
}


def kind_label(kind: str, ws: object = None) -> str:
    """The kind's label; a plugin's kind (``search_kinds`` hook) by the label it registered."""
    pair = KINDS.get(kind)
    if pair is None and ws is not None:
        from stadstafel.tui.sections import plugin_search_kind

        entry = plugin_search_kind(ws, kind)
        pair = entry.label if entry is not None else None
    nl, en = pair or (kind, kind)
    return L(nl, en)


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

    def __init__(self, query: str = ""):
        super().__init__()
        self.initial_query = query

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Input(
            self.initial_query,
            placeholder=L(
                "Zoek in partners, personen, agendapunten, besluiten, acties…",
                "Search partners, people, agenda items, decisions, actions…",
            ),
            id="query",
            classes="filter",
        )
        yield Static("", id="status", classes="hint", markup=False)
        yield RecordTable(
            [
                (L("Soort", "Kind"), 11, lambda r: kind_label(r.kind, self.ws)),
                (L("Titel", "Title"), 30, lambda r: r.title),
                (L("Fragment", "Snippet"), 31, lambda r: r.snippet),
            ],
            key=lambda r: f"{r.kind}:{r.id}",
            id="results",
        )
        yield from self.compose_footer()

    @property
    def results(self) -> RecordTable:
        return self.query_one("#results", RecordTable)

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self.run_search(self.initial_query)

    def refresh_data(self) -> None:
        self.run_search(self.query_one("#query", Input).value)

    def run_search(self, text: str) -> None:
        status = self.query_one("#status", Static)
        if not text.strip():
            self.results.show([])
            status.update(L("Typ een zoekterm.", "Type something to search for."))
            return
        try:
            hits = self.ws.search.search(text, limit=100)
        except StadstafelError as exc:
            self.results.show([])
            status.update(exc.message)
            return
        self.results.show(hits, keep_cursor=False)
        if hits:
            status.update(
                L(
                    f"{len(hits)} resultaten · Enter opent · ↓ naar de lijst",
                    f"{len(hits)} results · Enter opens · ↓ to the list",
                )
            )
        else:
            status.update(L(f"Niets gevonden voor '{text}'.", f"Nothing found for '{text}'."))

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.results.order:
            self.results.focus()

    def key_down(self) -> None:
        if self.query_one("#query", Input).has_focus and self.results.order:
            self.results.focus()

    def action_focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    @on(RecordTable.RowSelected, "#results")
    def _open(self, event: RecordTable.RowSelected) -> None:
        hit = self.results.current_record
        if hit is not None:
            open_record(self.app, hit.kind, hit.id)

    def action_back(self) -> None:
        self.app.pop_screen()
