"""Carry forward: draft the next meeting's agenda from what this one left behind.

    CarryForwardScreen(meeting_id)   pushed from the agenda (c)

A checklist of ``carry_forward.suggestions(meeting_id)``: the held meeting's unhandled items,
postponed and backlog items, actions and toezeggingen falling due, decisions due for review
(terugblik) and plugin suggestions. Space puts one on the next meeting's agenda, ``d`` drops
it (``d`` again takes it back; an unhandled item is dropped for good, with a reason), ``B``
returns an unhandled item to the backlog. Enter only shows the suggestion; it changes nothing.
When the table has no next meeting yet, the screen says so and ``n`` plans one.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from stadstafel import i18n
from stadstafel.records import Record
from stadstafel.tui.calls import call_service
from stadstafel.tui.styles import SCREEN_CSS
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import StadstafelScreen, bind
from stadstafel.tui.widgets.form import FormField, FormScreen, no_empty
from stadstafel.tui.widgets.lists import RecordTable, clip
from stadstafel.tui.words import cell, moment_text, word

ORIGIN_NL = {
    "open": "niet behandeld",
    "doorgeschoven": "backlog",
    "actie": "actie",
    "besluit": "terugblik",
    "plugin": "module",
}
ORIGIN_EN = {
    "open": "unhandled",
    "doorgeschoven": "backlog",
    "actie": "action",
    "besluit": "review",
    "plugin": "module",
}

OPEN, ACCEPTED, DROPPED, BACKLOG = "open", "accepted", "dropped", "backlog"


class CarryForwardScreen(StadstafelScreen):
    """Accept or drop each suggestion for the next meeting's agenda."""

    TITLE_NL = "Volgende agenda voorbereiden"
    TITLE_EN = "Prepare the next agenda"
    DEFAULT_CSS = SCREEN_CSS
    AUTO_FOCUS = "#suggestions"
    BINDINGS = [
        bind(
            "space",
            "accept",
            "Opnemen",
            "Accept",
            id="carry.accept",
            right="agenda.manage",
            key_display="spatie",
        ),
        bind("d", "drop", "Schrappen", "Drop", id="carry.drop", right="agenda.manage"),
        bind(
            "B",
            "to_backlog",
            "Naar backlog",
            "To backlog",
            id="carry.backlog",
            right="agenda.manage",
        ),
        bind(
            "n",
            "new_meeting",
            "Nieuwe vergadering",
            "New meeting",
            id="carry.new",
            right="meeting.manage",
        ),
        bind("escape", "back", "Terug", "Back", id="carry.back"),
    ]

    def __init__(self, meeting_id: int):
        super().__init__()
        self.meeting_id = meeting_id
        self.meeting: Record | None = None
        self.next: Record | None = None
        self.suggestions: list[dict] = []
        self.state: dict[str, str] = {}  # suggestion key -> open | accepted | dropped

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="carry-info", markup=False)
        yield RecordTable(
            [
                ("", 3),
                (L("Herkomst", "Origin"), 13),
                (L("Voorstel", "Suggestion"), 34),
                (L("Waarom", "Why"), 20),
            ],
            cells=self._cells,
            key=lambda s: s["key"],
            id="suggestions",
        )
        yield Static("", id="item-detail", markup=False)
        yield Static("", id="totals", classes="statusline", markup=False)
        yield from self.compose_footer()

    def right_scope(self, right: str) -> dict:
        """Rights are checked at the meeting's table (tui/rights.py)."""
        return {"table_id": self.meeting.table_id if self.meeting else None}

    def on_mount(self) -> None:
        self.refresh_data()
        self.table.focus()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#suggestions", RecordTable)

    @property
    def current(self) -> dict | None:
        return self.table.current_record

    # -- data ---------------------------------------------------------------------------------
    def refresh_data(self) -> None:
        """Re-read the suggestions; keep what was accepted or dropped here, and the cursor."""
        data = call_service(self, self.ws.carry_forward.suggestions, self.meeting_id)
        if data is None:
            return
        self.meeting, self.next = data["meeting"], data["next"]
        fresh = {s["key"]: s for s in data["suggestions"]}
        # what was accepted here stays in the list (the service no longer offers it)
        kept = {
            s["key"]: s
            for s in self.suggestions
            if self.state.get(s["key"]) == ACCEPTED
            or (s.get("open_item") and self.state.get(s["key"]) != OPEN)
        }
        known = [s["key"] for s in self.suggestions if s["key"] in fresh or s["key"] in kept]
        order = known + [k for k in fresh if k not in known]
        out = [kept.get(k) or fresh[k] for k in order]
        self.suggestions = out
        for s in out:
            self.state.setdefault(s["key"], OPEN)
        self.table.show(out)
        self._show_info()
        self._show_detail()
        self._show_totals()

    def _cells(self, s: dict) -> list[Any]:
        state = self.state.get(s["key"], OPEN)
        mark = {OPEN: "[ ]", ACCEPTED: "[x]", DROPPED: "[-]", BACKLOG: "[b]"}[state]
        origins = ORIGIN_EN if i18n.language() == "en" else ORIGIN_NL
        return [
            Text(mark, style="bold" if state == ACCEPTED else "dim" if state == DROPPED else ""),
            Text(origins.get(s.get("origin", ""), s.get("origin", ""))),
            cell(s.get("title")),
            cell(s.get("detail")),
        ]

    def _show_info(self) -> None:
        info = self.query_one("#carry-info", Static)
        m = self.meeting
        if m is None:
            return
        held = f"{m.title or ''} {moment_text(m.starts_at)}".strip()
        if self.next is None:
            info.update(
                L(
                    f"Van: {held}\n! Er is nog geen volgende vergadering van deze tafel."
                    " Druk n om er een te plannen; daarna kunt u voorstellen opnemen.",
                    f"From: {held}\n! This table has no next meeting yet."
                    " Press n to plan one; then you can accept suggestions.",
                )
            )
            info.set_class(True, "-missing")
            return
        nxt = self.next
        n = nxt["items"] or 0
        info.update(
            L(
                f"Van: {held}\nNaar: {moment_text(nxt.starts_at, True)} · {word(nxt.status)}"
                f" · {n} {'punt' if n == 1 else 'punten'} op de agenda",
                f"From: {held}\nTo: {moment_text(nxt.starts_at, True)} · {word(nxt.status)}"
                f" · {n} {'item' if n == 1 else 'items'} on the agenda",
            )
        )
        info.set_class(False, "-missing")

    def _show_detail(self) -> None:
        s = self.current
        detail = self.query_one("#item-detail", Static)
        if s is None:
            detail.update(
                L(
                    "Geen voorstellen: er blijft niets liggen voor de volgende vergadering.",
                    "No suggestions: nothing is left over for the next meeting.",
                )
            )
            return
        text = " ".join(str(s.get("description") or "").split())
        detail.update(f"{clip(s.get('title'), 78)}\n{clip(text, 156)}")

    def _show_totals(self) -> None:
        counts = {OPEN: 0, ACCEPTED: 0, DROPPED: 0, BACKLOG: 0}
        for s in self.suggestions:
            counts[self.state.get(s["key"], OPEN)] += 1
        self.query_one("#totals", Static).update(
            L(
                f"[x] opgenomen: {counts[ACCEPTED]} · [-] geschrapt: {counts[DROPPED]} · "
                f"[b] backlog: {counts[BACKLOG]} · [ ] nog te kiezen: {counts[OPEN]}",
                f"[x] accepted: {counts[ACCEPTED]} · [-] dropped: {counts[DROPPED]} · "
                f"[b] backlog: {counts[BACKLOG]} · [ ] still to choose: {counts[OPEN]}",
            )
        )

    def _redraw(self) -> None:
        self.table.show(self.suggestions)
        self._show_totals()

    @on(DataTable.RowHighlighted, "#suggestions")
    def _moved(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#suggestions")
    def _enter(self, event: DataTable.RowSelected) -> None:
        """Enter shows the suggestion in full; it never changes anything (issue 15)."""
        event.stop()
        s = self.current
        if s is not None:
            self.notify(
                f"{s.get('title')}\n{s.get('description') or ''}\n"
                + L("spatie: opnemen · d: schrappen", "space: accept · d: drop"),
                markup=False,
                timeout=6,
            )

    # -- actions ------------------------------------------------------------------------------
    def action_accept(self) -> None:
        s = self.current
        if s is None:
            return
        key = s["key"]
        if self.state.get(key) == ACCEPTED:
            self.notify(L("Al opgenomen.", "Accepted already."), timeout=3)
            return
        if self.state.get(key) in (DROPPED, BACKLOG) and s.get("open_item"):
            return
        if self.next is None:
            self.notify(
                L(
                    "Er is geen volgende vergadering: plan er eerst een (n).",
                    "There is no next meeting: plan one first (n).",
                ),
                severity="warning",
            )
            return
        result = call_service(self, self.ws.carry_forward.accept, self.next.id, s)
        if result is None:
            return
        self.state[key] = ACCEPTED
        self._redraw()
        self._step()
        # the next meeting's item count changed
        self.next = self.ws.meetings.get_full(self.next.id)
        self._show_info()

    def action_to_backlog(self) -> None:
        """An unhandled item of the held meeting back to the table's backlog."""
        s = self.current
        if s is None or not s.get("open_item"):
            self.notify(
                L(
                    "Alleen een niet behandeld punt gaat terug naar de backlog.",
                    "Only an unhandled item goes back to the backlog.",
                ),
                timeout=4,
            )
            return
        if self.state.get(s["key"], OPEN) != OPEN:
            return
        if call_service(self, self.ws.carry_forward.resolve, s, "backlog") is not None:
            self.state[s["key"]] = BACKLOG
            self._redraw()
            self._step()

    def action_drop(self) -> None:
        s = self.current
        if s is None:
            return
        key = s["key"]
        state = self.state.get(key, OPEN)
        if s.get("open_item"):
            if state != OPEN:
                return

            def done(result: Any) -> None:
                if result is not None:
                    self.state[key] = DROPPED
                    self._redraw()
                    self._step()

            self.app.push_screen(
                FormScreen(
                    L(f"Schrappen: {s['title']}", f"Drop: {s['title']}")[:70],
                    [FormField("reason", L("Reden", "Reason"), "textarea", required=True)],
                    submit=lambda v: self.ws.carry_forward.resolve(
                        s, "drop", reason=v.get("reason") or ""
                    ),
                ),
                done,
            )
            return
        if state == ACCEPTED:
            self.notify(
                L(
                    "Al opgenomen; haal het zo nodig van de agenda van de volgende vergadering.",
                    "Accepted already; take it off the next meeting's agenda if needed.",
                ),
                timeout=4,
            )
            return
        self.state[key] = OPEN if state == DROPPED else DROPPED
        self._redraw()
        if self.state[key] == DROPPED:
            self._step()

    def _step(self) -> None:
        table = self.table
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_new_meeting(self) -> None:
        m = self.meeting
        if m is None:
            return
        if self.next is not None:
            self.notify(
                L(
                    f"Er is al een volgende vergadering: {moment_text(self.next.starts_at)}.",
                    f"There is a next meeting already: {moment_text(self.next.starts_at)}.",
                ),
                timeout=4,
            )
            return
        table = self.ws.tables.get(m.table_id)
        proposal = self.ws.meetings.default_start(m.table_id)
        fields = [
            FormField(
                "kind",
                L("Soort", "Kind"),
                "select",
                options=self.ws.vocabulary("meeting_kinds"),
                value=m.kind or "tafel",
            ),
            FormField(
                "starts_at",
                L("Begin", "Start"),
                "datetime",
                value=proposal,
                required=True,
            ),
            FormField("ends_at", L("Einde", "End"), "datetime"),
            FormField("location", L("Locatie of link", "Location or link"), value=m.location),
        ]
        self.app.push_screen(
            FormScreen(
                L(f"Volgende vergadering van {table.name}", f"Next meeting of {table.name}"),
                fields,
                submit=lambda v: self.ws.meetings.create(
                    table_id=m.table_id, title=m.title, **no_empty(v)
                ),
            ),
            lambda record: record is not None and self.refresh_data(),
        )

    def action_back(self) -> None:
        self.app.pop_screen()
