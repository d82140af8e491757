"""Inbreng uit de stad: the topics inwoners and organisations outside a table brought to it.

    IntakeScreen()    the section "Inbreng" (palette: "Ga naar: Inbreng uit de stad")

A list of the intake of the tables the user handles (chair, secretary; the beheerder sees
all), newest first, with its status: nieuw, geagendeerd (on a meeting), beantwoord. Under the
list the whole topic, where it went and the answer. ``n`` takes in a new topic, ``b`` places
it on a coming meeting of its table (an agenda item that shows its origin), ``A`` records
the answer (what was done with it). Enter only shows the topic. Partners and readers see an
empty list that says why.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from stadstafel import clock, i18n, permissions, vocab
from stadstafel.records import Record
from stadstafel.tui.calls import call_service
from stadstafel.tui.modals import PickerScreen
from stadstafel.tui.rights import holds
from stadstafel.tui.styles import SCREEN_CSS
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import StadstafelScreen, bind
from stadstafel.tui.widgets.form import FormField, FormScreen
from stadstafel.tui.widgets.lists import RecordTable, clip
from stadstafel.tui.words import cell, word

MANAGE = "intake.manage"  # take in, put on an agenda, answer


class IntakeScreen(StadstafelScreen):
    TITLE_NL = "Inbreng uit de stad"
    TITLE_EN = "Input from the city"
    DEFAULT_CSS = (
        SCREEN_CSS
        + """
    IntakeScreen #intake { height: 1fr; }
    IntakeScreen #intake-detail { height: 5; padding: 0 1; border-top: solid $secondary; }
    """
    )
    AUTO_FOCUS = "#intake"
    BINDINGS = [
        bind("n", "new", "Innemen", "Take in", id="intake.new", right=MANAGE),
        # b as on the agenda (plaatsen); A, not a: p and a stay the sections' keys here
        bind("b", "place", "Agenderen", "To agenda", id="intake.place", right=MANAGE),
        bind("A", "answer", "Beantwoorden", "Answer", id="intake.answer", right=MANAGE),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Record] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield RecordTable(
            [
                (L("Ontvangen", "Received"), 10),
                (L("Van", "From"), 16),
                (L("Onderwerp", "Subject"), 23),
                (L("Kanaal", "Channel"), 9),
                (L("Status", "Status"), 11),
            ],
            cells=self._cells,
            id="intake",
        )
        # the status line under it: drawn by the screen (set_status), not a widget
        yield self.line_below(Static("", id="intake-detail", markup=False))
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.refresh_data()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#intake", RecordTable)

    @property
    def current(self) -> Record | None:
        return self.table.current_record

    # -- data ---------------------------------------------------------------------------------
    def refresh_data(self, select: int | None = None) -> None:
        rows = call_service(self, self.ws.intake.list)
        if rows is None:
            return
        self.rows = rows
        self.table.show(rows)
        if select is not None:
            self.table.select_key(select)
        self._show_detail()

    def focus_intake(self, intake_id: int) -> None:
        """Put the cursor on one intake (a search hit)."""
        self.table.select_key(intake_id)
        self._show_detail()

    @staticmethod
    def _cells(r: Record) -> list[Any]:
        return [
            Text(r.received_on or ""),
            cell(r.sender),
            cell(r.subject),
            Text(word(r.channel)),
            Text(word(r.status)),
        ]

    def _handles_any(self) -> bool:
        return self.ws.intake.visible_tables() != []

    def _show_detail(self) -> None:
        r = self.current
        detail = self.query_one("#intake-detail", Static)
        if r is None:
            detail.update(
                L(
                    "Nog geen inbreng. n: een onderwerp innemen.",
                    "No input yet. n: take in a topic.",
                )
                if self._handles_any()
                else L(
                    "Inbreng uit de stad is te zien voor de voorzitter en de secretaris van een"
                    " tafel (recht 'inbreng uit de stad beheren').",
                    "Input from the city is shown to a table's chair and secretary (right"
                    " 'manage input from the city').",
                ),
                layout=False,
            )
        else:
            where = L(f"voor {r.table_name}", f"for {r.table_name}")
            if r.meeting_starts_at:
                day = i18n.format_date(r.meeting_starts_at, weekday=False)
                where += L(f" · op de agenda van {day}", f" · on the agenda of {day}")
            answer = (
                L(
                    f"Beantwoord {r.answered_on}: {r.answer}",
                    f"Answered {r.answered_on}: {r.answer}",
                )
                if r.answered_on
                else L("Nog niet beantwoord (A).", "Not answered yet (A).")
            )
            body = " ".join(f"{r.subject}. {r.description or ''}".split())
            detail.update(
                f"{clip(r.sender + ' · ' + where, 78)}\n{clip(body, 156)}\n{clip(answer, 78)}",
                layout=False,
            )
        new = sum(1 for x in self.rows if x.status == "nieuw")
        keys = (
            L(
                " · n innemen · b agenderen · A beantwoorden",
                " · n take in · b put on agenda · A answer",
            )
            if holds(self, MANAGE)
            else ""
        )
        self.set_status(
            L(f"{len(self.rows)} onderwerpen, {new} nieuw", f"{len(self.rows)} topics, {new} new")
            + keys
        )

    @on(DataTable.RowHighlighted, "#intake")
    def _moved(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#intake")
    def _enter(self, event: DataTable.RowSelected) -> None:
        """Enter shows the topic; it changes nothing."""
        event.stop()
        self._show_detail()

    # -- actions ------------------------------------------------------------------------------
    def _tables(self) -> list[tuple[str, int]]:
        actor = self.ws.actor
        return [
            (t.name, t.id)
            for t in self.ws.tables.list()
            if permissions.allowed(actor, "intake.manage", table_id=t.id)
        ]

    def action_new(self) -> None:
        tables = self._tables()
        if not tables:
            self.notify(
                L(
                    "U behandelt de inbreng van geen enkele tafel (recht 'inbreng uit de stad"
                    " beheren': voorzitter, secretaris).",
                    "You handle no table's input (right 'manage input from the city': chair,"
                    " secretary).",
                ),
                severity="warning",
            )
            return
        fields = [
            FormField(
                "table_id", L("Tafel", "Table"), "select", options=tables,
                value=tables[0][1] if len(tables) == 1 else None, required=True,
            ),
            FormField("sender", L("Van (naam of organisatie)", "From (name or organisation)"),
                      required=True),
            FormField("subject", L("Onderwerp", "Subject"), required=True),
            FormField("description", L("Toelichting", "Description"), "textarea"),
            FormField("channel", L("Kanaal", "Channel"), "select",
                      options=[(word(c), c) for c in vocab.INTAKE_CHANNELS], value="e-mail",
                      required=True),
            FormField("received_on", L("Ontvangen op", "Received on"), "date",
                      value=clock.today().isoformat(), required=True),
        ]  # fmt: skip
        self.app.push_screen(
            FormScreen(
                L("Inbreng innemen", "Take in a topic"),
                fields,
                submit=lambda v: self.ws.intake.add(**{k: x for k, x in v.items() if x}),
            ),
            lambda record: record is not None and self.refresh_data(select=record.id),
        )

    def action_place(self) -> None:
        r = self.current
        if r is None:
            return
        if r.agenda_item_id:
            self.notify(
                L("Dit onderwerp staat al op een agenda.", "This topic is on an agenda already."),
                timeout=4,
            )
            return
        meetings = [
            m
            for m in self.ws.meetings.upcoming(365, table_id=r.table_id)
            if m.status in vocab.RECEIVING_MEETING
        ]
        if not meetings:
            self.notify(
                L(
                    "Deze tafel heeft geen komende vergadering: plan er eerst een.",
                    "This table has no coming meeting: plan one first.",
                ),
                severity="warning",
            )
            return
        options = [
            (f"{i18n.format_datetime(m.starts_at)} · {m.title or ''} ({word(m.status)})", m.id)
            for m in meetings
        ]

        def chosen(meeting_id: int | None) -> None:
            if meeting_id is None:
                return
            done = call_service(self, self.ws.intake.place, r.id, r.version, meeting_id)
            if done is not None:
                self.refresh_data(select=r.id)
                self.notify(
                    L(
                        "Op de agenda gezet (ingediend); neem het daar op.",
                        "Put on the agenda (submitted); accept it there.",
                    ),
                    timeout=4,
                )

        self.app.push_screen(
            PickerScreen(L("Op welke vergadering?", "On which meeting?"), options), chosen
        )

    def action_answer(self) -> None:
        r = self.current
        if r is None:
            return
        self.app.push_screen(
            FormScreen(
                L(f"Antwoord aan {r.sender}", f"Answer to {r.sender}")[:70],
                [
                    FormField(
                        "answer",
                        L("Wat is ermee gedaan", "What was done with it"),
                        "textarea",
                        value=r.answer,
                        required=True,
                    ),
                    FormField(
                        "answered_on",
                        L("Beantwoord op", "Answered on"),
                        "date",
                        value=r.answered_on or clock.today().isoformat(),
                        required=True,
                    ),
                ],
                submit=lambda v: self.ws.intake.answer(
                    r.id, r.version, v.get("answer") or "", v.get("answered_on")
                ),
            ),
            lambda record: record is not None and self.refresh_data(select=r.id),
        )
