"""One meeting's agenda: submit, accept, reorder, postpone, withdraw, edit and set it.

    AgendaScreen(meeting_id)    pushed from the meetings list (Enter)

Enter opens the chosen item (its record, in the minutes view); it never changes anything.
Every change has its own key, shown in the footer; setting the agenda asks first and shows
what is unusual (docs/record.md).

Items are listed in agenda order (withdrawn and postponed ones last) with their position,
purpose, submitter, duration, status and a "!" when they came in after the deadline; under the
list the total minutes against the meeting's length.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from stadstafel import i18n, permissions, vocab
from stadstafel.errors import ValidationError
from stadstafel.records import Record
from stadstafel.tui.calls import call_service
from stadstafel.tui.modals import ConfirmScreen, PickerScreen
from stadstafel.tui.options import member_options, person_options
from stadstafel.tui.styles import SCREEN_CSS
from stadstafel.tui.text import L
from stadstafel.tui.textual_private import style_as_focused
from stadstafel.tui.widgets.base import StadstafelScreen, bind
from stadstafel.tui.widgets.form import FormField, FormScreen
from stadstafel.tui.widgets.lists import RecordTable, clip
from stadstafel.tui.words import cell, line_width, moment_text, word

INACTIVE = ("ingetrokken", "doorgeschoven")
PURPOSE_SHORT_EN = {"informatie": "info", "bespreking": "disc", "besluitvorming": "dec"}


def purpose_short(purpose: str | None) -> str:
    """``besl`` for besluitvorming (``dec`` in English)."""
    short = PURPOSE_SHORT_EN if i18n.language() == "en" else vocab.PURPOSE_SHORT
    return short.get(purpose or "", purpose or "")


def confirm_text(question: str, unusual: list[str]) -> str:
    """A confirmation question with what is unusual about it, one line each."""
    if not unusual:
        return question + L(" Niets bijzonders gevonden.", " Nothing unusual found.")
    head = L("Let op:", "Note:")
    return "\n".join([question, "", head, *(f"- {u}" for u in unusual)])


def groups_text(groups: dict[str, int]) -> str:
    """``2 doorgeschoven · 1 actie · 1 terugblik``: what on the agenda came from where (the
    partners' own items and the standard agenda left out)."""
    return " · ".join(
        f"{n} {L(*vocab.ORIGIN_GROUPS[g])}"
        for g, n in groups.items()
        if g not in ("partner", "standaard") and g in vocab.ORIGIN_GROUPS
    )


def submitter(item: Record) -> str:
    return " / ".join(filter(None, [item.submitter_org, item.submitter_person]))


def item_fields(ws: Any, table_id: int, item: Record | None = None) -> list[FormField]:
    """Title, description, purpose and duration (and, for a new item, who submits it)."""
    fields = [
        FormField("title", L("Titel", "Title"), required=True, value=item.title if item else None),
        FormField(
            "description",
            L("Omschrijving", "Description"),
            "textarea",
            value=item.description if item else None,
        ),
        FormField(
            "purpose",
            L("Doel", "Purpose"),
            "select",
            options=[(word(p), p) for p in ws.vocabulary("agenda_purposes")],
            value=item.purpose if item else "bespreking",
        ),
        FormField(
            "duration_minutes",
            L("Duur (minuten)", "Duration (minutes)"),
            "int",
            value=item.duration_minutes if item else 15,
        ),
    ]
    if item is None:
        members = member_options(ws, table_id)
        own = ws.actor.organisation_id
        if not permissions.allowed(ws.actor, "agenda.manage", table_id=table_id):
            # a partner submits for its own organisation only (agenda.submit is partner:own)
            members = [(label, org) for label, org in members if org == own]
        default_org = own if own in [v for _, v in members] else None
        fields += [
            FormField(
                "submitted_by_org_id",
                L("Ingediend door (organisatie)", "Submitted by (organisation)"),
                "select",
                options=members,
                value=default_org,
            ),
            FormField(
                "submitted_by_person_id",
                L("Ingediend door (persoon)", "Submitted by (person)"),
                "select",
                options=person_options(ws, [v for _, v in members]),
                value=ws.actor.person_id if default_org else None,
            ),
        ]
    return fields


def _update(static: Static, text: str) -> None:
    """Show ``text`` in ``static`` unless it shows it already: the list's first highlight,
    handled after the screen's first frame, then draws no second one."""
    if static.content != text:
        static.update(text)


class AgendaScreen(StadstafelScreen):
    """The agenda of one meeting, in order, with the keys a secretary needs."""

    TITLE_NL = "Agenda"
    TITLE_EN = "Agenda"
    DEFAULT_CSS = SCREEN_CSS
    AUTO_FOCUS = "#items"
    BINDINGS = [
        # the footer shows what fits, in this order: the agenda's next step first
        bind("V", "set_agenda", "Vaststellen", "Adopt", id="agenda.set", right="agenda.manage"),
        bind("o", "accept", "Opnemen", "Accept", id="agenda.accept", right="agenda.manage"),
        bind("i", "submit", "Indienen", "Submit", id="agenda.submit", right="agenda.submit"),
        bind("b", "backlog", "Plaatsen", "Place", id="agenda.backlog", right="agenda.manage"),
        bind("e", "edit", "Wijzig", "Edit", id="agenda.edit", right="agenda.edit"),
        bind(
            "u", "postpone", "Doorschuiven", "Postpone", id="agenda.postpone", right="agenda.manage"
        ),
        bind(
            "x", "withdraw", "Intrekken", "Withdraw", id="agenda.withdraw", right="agenda.withdraw"
        ),
        bind("d", "drop", "Schrappen", "Drop", id="agenda.drop", right="agenda.manage"),
        bind("g", "minutes", "Notuleren", "Minutes", id="agenda.minutes"),
        bind("c", "carry", "Doorzetten", "Carry forward", id="agenda.carry"),
        bind("s", "attachments", "Stukken", "Documents", id="agenda.attachments", show=False),
        bind("E", "export", "Exporteren", "Export", id="agenda.export", show=False),
        bind("K", "move(-1)", "Omhoog", "Up", id="agenda.up", right="agenda.manage"),
        bind("J", "move(1)", "Omlaag", "Down", id="agenda.down", right="agenda.manage"),
        bind(
            "ctrl+up",
            "move(-1)",
            "Omhoog",
            "Up",
            id="agenda.up_ctrl",
            show=False,
            right="agenda.manage",
        ),
        bind(
            "ctrl+down",
            "move(1)",
            "Omlaag",
            "Down",
            id="agenda.down_ctrl",
            show=False,
            right="agenda.manage",
        ),
        bind("L", "history", "Logboek", "History", id="agenda.history", show=False),
        bind("escape", "back", "Terug", "Back", id="agenda.back"),
    ]

    def __init__(self, meeting_id: int):
        super().__init__()
        self.meeting_id = meeting_id
        self.meeting: Record | None = None
        self.items: list[Record] = []
        self._totals: dict | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="meeting-info", markup=False)
        items = RecordTable(
            [
                ("#", 2),
                (L("Titel", "Title"), 24),
                (L("Doel", "Aim"), 4),
                (L("Herkomst", "Origin"), 14),
                ("Min", 3),
                (L("Status", "Status"), 13),
                (L("Laat", "Late"), 4),
            ],
            cells=self._cells,
            id="items",
        )
        # Focused before the first frame (the screen's first focusable widget): styled so as
        # it mounts, and the focus arriving restyles nothing (its twenty parts: 2-3 ms).
        style_as_focused(items)
        yield items
        yield Static("", id="item-detail", markup=False)
        yield Static("", id="message", classes="message", markup=False)
        yield Static("", id="totals", markup=False)
        yield from self.compose_footer()

    def right_scope(self, right: str) -> dict:
        """Rights are checked at the meeting's table (tui/rights.py); a change to an item is
        for the organisation that submitted it."""
        scope = {"table_id": self.meeting.table_id if self.meeting else None}
        item = self.current if right in ("agenda.edit", "agenda.withdraw") else None
        if item is not None:
            scope["org_id"] = item.submitted_by_org_id
        return scope

    def on_mount(self) -> None:
        self.refresh_data()
        self.table.focus()

    def on_resize(self, _event: Any) -> None:
        """The lines above and below the list are cut where the screen ends: again, when
        that is not where they were cut (the first layout, where the width guessed before
        it holds, draws no second frame)."""
        if self.meeting is not None and self._cut_at != line_width(self.query_one("#meeting-info")):
            self._show_meeting()
            self._show_detail()
            if self._totals is not None:
                self._show_totals(self._totals)

    # -- data ---------------------------------------------------------------------------------
    @property
    def table(self) -> RecordTable:
        return self.query_one("#items", RecordTable)

    @property
    def current(self) -> Record | None:
        return self.table.current_record

    def refresh_data(self, select: int | None = None) -> None:
        """Re-read the agenda; the cursor stays on the same item (or ``select``)."""
        data = call_service(self, self.ws.meetings.agenda, self.meeting_id)
        if data is None:
            return
        self.meeting = data["meeting"]
        self.items = list(data["items"])
        self._show_meeting()
        self.table.show(self.items)
        if select is not None:
            self.table.select_key(select)
        self._show_totals(data)
        self._show_detail()
        self._update_keys()

    def _cells(self, item: Record) -> list[Any]:
        active = item.status not in INACTIVE
        return [
            Text(str(item.number) if active and item.number else "–", justify="right"),
            cell(item.title),  # cut where drawn: the title takes a wide terminal's room
            Text(purpose_short(item.purpose)),
            cell(item.origin_label or "–"),
            Text(str(item.duration_minutes or ""), justify="right"),
            Text(word(item.status)),
            Text("!" if item.late else "", style="bold"),
        ]

    # -- which keys apply -----------------------------------------------------------------------
    def _update_keys(self) -> None:
        """Work out which changes the current user can make here, now: the footer shows only
        those (a key that cannot change anything is not offered)."""
        ws, m, item = self.ws, self.meeting, self.current
        allowed: set[str] = {"minutes", "carry", "back"}
        if m is not None and m.status not in vocab.CLOSED_MEETING:
            actor, table_id = ws.actor, m.table_id
            manage = permissions.allowed(actor, "agenda.manage", table_id=table_id)
            if m.status in vocab.RECEIVING_MEETING:
                if not actor.read_only:
                    allowed.add("submit")
                if manage:
                    allowed |= {"backlog", "move"}
            if m.status == "gepland" and manage:
                allowed.add("set_agenda")
            if item is not None:
                for step, action in (
                    ("accept", "accept"),
                    ("postpone", "postpone"),
                    ("withdraw", "withdraw"),
                    ("drop", "drop"),
                ):
                    if ws.agenda.can(item, step):
                        allowed.add(action)
                own = item.submitted_by_org_id is not None and (
                    item.submitted_by_org_id == actor.organisation_id
                )
                if item.status not in INACTIVE and (
                    manage or (own and m.status == "gepland" and not actor.read_only)
                ):
                    allowed.add("edit")
        if allowed != getattr(self, "_allowed", None):
            self._allowed = allowed
            self.refresh_bindings()

    def history_scope(self) -> tuple[list[tuple[str, int]], str]:
        """The meeting's history with that of its agenda items."""
        m = self.meeting or self.ws.meetings.get(self.meeting_id)
        items = [("agenda_item", item.id) for item in self.items]
        return [("meeting", self.meeting_id), *items], f"{m.title or m.table_name or ''}"

    def footer_hides(self, action: str) -> bool:
        mine = {
            "submit", "accept", "move", "postpone", "withdraw", "drop", "set_agenda", "edit",
            "backlog", "minutes", "carry",
        }  # fmt: skip
        return action in mine and action not in getattr(self, "_allowed", set())

    def _show_meeting(self) -> None:
        m = self.meeting
        assert m is not None
        end = m.ends_at[11:16] if m.ends_at else ""
        where = f" · {m.location}" if m.location else ""
        line1 = f"{m.title or m.table_name} — {moment_text(m.starts_at, True)}–{end}{where}"
        deadline = moment_text(m.submission_deadline, False) or "–"
        line2 = L(
            f"Status: {word(m.status)} · indienen tot {deadline} · ! = te laat ingediend",
            f"Status: {word(m.status)} · submit by {deadline} · ! = submitted late",
        )
        info = self.query_one("#meeting-info", Static)
        width = self._cut_at = line_width(info)
        info.update(f"{clip(line1, width)}\n{clip(line2, width)}")

    def _show_totals(self, data: dict) -> None:
        self._totals = data
        total, length = data["total_minutes"], data["meeting_minutes"]
        totals = self.query_one("#totals", Static)
        if data["over"]:
            text = L(
                f"! Totaal {total} van {length} minuten: {total - length} minuten te veel",
                f"! Total {total} of {length} minutes: {total - length} minutes too many",
            )
        else:
            text = L(
                f"Totaal {total} van {length} minuten ({length - total} over)",
                f"Total {total} of {length} minutes ({length - total} left)",
            )
        groups = groups_text(data.get("groups") or {})
        totals.update(clip(f"{text} · {groups}", line_width(totals)) if groups else text)
        totals.set_class(bool(data["over"]), "-over")

    def _show_detail(self) -> None:
        item = self.current
        detail = self.query_one("#item-detail", Static)
        if item is None:
            _update(
                detail,
                L(
                    "Nog geen agendapunten. i: een punt indienen · b: uit de backlog plannen",
                    "No agenda items yet. i: submit an item · b: schedule from the backlog",
                ),
            )
            return
        who = submitter(item) or "–"
        late = L(" · ! te laat ingediend", " · ! submitted late") if item.late else ""
        again = ""
        if item.postponed_count:
            again = L(
                f" · {item.postponed_count}× doorgeschoven", f" · postponed {item.postponed_count}×"
            )
        origin = f" · {item.origin_text}" if item.origin_text else ""
        head = f"{word(item.purpose)} · {who}{late}{again}{origin}"
        body = " ".join(f"{item.note or ''} {item.description or ''}".split())
        width = line_width(detail)
        _update(detail, f"{clip(head, width)}\n{clip(body, 2 * width)}")

    def show_message(self, text: str) -> None:
        message = self.query_one("#message", Static)
        message.update(f"! {text}" if text else "")
        message.set_class(bool(text), "-shown")

    @on(DataTable.RowHighlighted, "#items")
    def _moved(self) -> None:
        self._show_detail()
        if self.meeting is not None:
            self._update_keys()

    @on(DataTable.RowSelected, "#items")
    def _enter(self, event: DataTable.RowSelected) -> None:
        """Enter opens the item; it never changes anything (issue 15)."""
        event.stop()
        self.action_open_item()

    def action_open_item(self) -> None:
        item = self.current
        if item is None:
            return
        from stadstafel.tui.screens.minutes import MinutesScreen

        if item.status in INACTIVE:
            self.notify(
                L(
                    f"{clip(item.title, 50)}: {word(item.status)}. {item.note or ''}",
                    f"{clip(item.title, 50)}: {word(item.status)}. {item.note or ''}",
                ),
                markup=False,
                timeout=5,
            )
            return
        self.app.push_screen(MinutesScreen(self.meeting_id, item_id=item.id))

    # -- item actions -------------------------------------------------------------------------
    def _need_item(self) -> Record | None:
        item = self.current
        if item is None:
            self.notify(L("Kies eerst een agendapunt.", "Choose an agenda item first."))
        return item

    def _after(self, result: Any, select: int | None = None, message: str = "") -> None:
        if result is not None:
            self.show_message("")
            self.refresh_data(select=select)
            if message:
                self.notify(message, timeout=4, markup=False)  # holds titles: never markup

    def action_accept(self) -> None:
        item = self._need_item()
        if item is None:
            return
        result = call_service(
            self, self.ws.agenda.accept, item.id, item.version, redo=self.action_accept
        )
        self._after(result, item.id, L(f"Opgenomen: {item.title}", f"Accepted: {item.title}"))

    def action_move(self, delta: int) -> None:
        item = self._need_item()
        if item is None:
            return
        if item.status in INACTIVE:
            self.notify(
                L(
                    "Alleen punten die op de agenda staan kunnen verschuiven.",
                    "Only items on the agenda can move.",
                )
            )
            return
        result = call_service(self, self.ws.agenda.move, item.id, delta)
        self._after(result, item.id)

    def action_postpone(self) -> None:
        item = self._need_item()
        if item is None:
            return
        result = call_service(
            self, self.ws.agenda.postpone, item.id, item.version, redo=self.action_postpone
        )
        if result is None:
            return
        if result.meeting_id:
            nxt = self.ws.meetings.get(result.meeting_id)
            text = L(
                f"Doorgeschoven naar {moment_text(nxt.starts_at)}.",
                f"Postponed to {moment_text(nxt.starts_at)}.",
            )
        else:
            text = L(
                "Doorgeschoven naar de backlog: er is nog geen volgende vergadering.",
                "Postponed to the backlog: there is no next meeting yet.",
            )
        self._after(result, item.id, text)

    def action_withdraw(self) -> None:
        item = self._need_item()
        if item is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                result = call_service(
                    self, self.ws.agenda.withdraw, item.id, item.version, redo=self.action_withdraw
                )
                self._after(result, item.id, L("Ingetrokken.", "Withdrawn."))

        self.app.push_screen(
            ConfirmScreen(
                L(
                    f"Agendapunt '{clip(item.title, 50)}' intrekken?",
                    f"Withdraw agenda item '{clip(item.title, 50)}'?",
                )
            ),
            answer,
        )

    def action_drop(self) -> None:
        """Drop an item from the agenda, with a reason that stays with it (the secretary)."""
        item = self._need_item()
        if item is None:
            return

        def submit(v: dict) -> Record:
            fresh = self.ws.agenda.get(item.id)
            return self.ws.agenda.drop(item.id, fresh.version, v.get("reason") or "")

        self.app.push_screen(
            FormScreen(
                L(f"Schrappen: {item.title}", f"Drop: {item.title}")[:70],
                [FormField("reason", L("Reden", "Reason"), "textarea", required=True)],
                submit=submit,
            ),
            lambda record: self._after(record, item.id, L("Geschrapt.", "Dropped.")),
        )

    def action_set_agenda(self) -> None:
        """Vaststellen, after a confirmation that shows what is unusual."""
        meeting = self.meeting
        if meeting is None:
            return
        if meeting.status != "gepland":
            self.notify(
                L(
                    f"De agenda kan niet worden vastgesteld: de vergadering is {meeting.status}.",
                    f"The agenda cannot be set: the meeting is {word(meeting.status)}.",
                ),
                severity="warning",
            )
            return
        unusual = call_service(self, self.ws.meetings.unusual, meeting.id) or []

        def attempt() -> Record:
            try:
                return self.ws.meetings.set_agenda(meeting.id, meeting.version)
            except ValidationError as exc:  # e.g. items still waiting: keep it in sight
                self.show_message(exc.message)
                raise

        def answer(yes: bool | None) -> None:
            if yes:
                result = call_service(self, attempt, redo=self.action_set_agenda)
                self._after(result, None, L("Agenda vastgesteld.", "Agenda set."))

        self.app.push_screen(
            ConfirmScreen(confirm_text(L("Agenda vaststellen?", "Set the agenda?"), unusual)),
            answer,
        )

    def action_submit(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return

        def submit(v: dict) -> Record:
            return self.ws.agenda.submit(
                meeting.table_id,
                v.get("title") or "",
                meeting_id=meeting.id,
                org_id=v.get("submitted_by_org_id"),
                person_id=v.get("submitted_by_person_id"),
                description=v.get("description") or "",
                purpose=v.get("purpose") or "bespreking",
                duration_minutes=v.get("duration_minutes") or 15,
            )

        def done(record: Record | None) -> None:
            if record is not None:
                if record.meeting_id is None:
                    self._after(record, None, record.note or "")
                    return
                self._after(record, record.id, L("Ingediend: ", "Submitted: ") + record.title)

        self.app.push_screen(
            FormScreen(
                L("Agendapunt indienen", "Submit an agenda item"),
                item_fields(self.ws, meeting.table_id),
                submit=submit,
            ),
            done,
        )

    def action_edit(self) -> None:
        item = self._need_item()
        if item is None or self.meeting is None:
            return

        def submit(v: dict) -> Record:
            version = v.pop("version")
            return self.ws.agenda.update(item.id, version, **v)

        self.app.push_screen(
            FormScreen(
                L("Agendapunt wijzigen", "Edit agenda item"),
                item_fields(self.ws, self.meeting.table_id, item),
                submit=submit,
                version=item.version,
            ),
            lambda record: self._after(record, item.id),
        )

    def action_backlog(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        backlog = call_service(self, self.ws.agenda.backlog, meeting.table_id)
        if backlog is None:
            return
        if not backlog:
            self.notify(
                L("De backlog van deze tafel is leeg.", "This table's backlog is empty."),
                timeout=4,
            )
            return
        backlog.sort(key=lambda b: b.requested_meeting_id != meeting.id)
        by_id = {b.id: b for b in backlog}
        options = []
        for b in backlog:
            if b.requested_meeting_id == meeting.id:
                options.append((f"! {clip(b.title, 40)} — {L('te laat', 'late')}", b.id))
                continue
            times = (
                f", {b.postponed_count}× {L('doorgeschoven', 'postponed')}"
                if (b.postponed_count)
                else ""
            )
            who = f" — {b.submitter_org}" if b.submitter_org else ""
            options.append((f"{clip(b.title, 40)}{who}{times}", b.id))

        def chosen(item_id: int | None) -> None:
            if item_id is None:
                return
            b = by_id[item_id]
            result = call_service(self, self.ws.agenda.schedule, b.id, b.version, meeting.id)
            self._after(result, item_id, L(f"Gepland: {b.title}", f"Scheduled: {b.title}"))

        self.app.push_screen(
            PickerScreen(
                L(
                    "Backlog — welk punt op deze vergadering plaatsen? (! te laat ingediend)",
                    "Backlog — place which item on this meeting? (! submitted late)",
                ),
                options,
            ),
            chosen,
        )

    def action_minutes(self) -> None:
        from stadstafel.tui.screens.minutes import MinutesScreen

        self.app.push_screen(MinutesScreen(self.meeting_id))

    def action_attachments(self) -> None:
        """The highlighted item's documents: list, attach from the imports folder, remove."""
        from stadstafel.tui.screens.attachments import AttachmentsScreen

        item = self.current
        if item is not None:
            self.app.push_screen(AttachmentsScreen(item.id), lambda _: self.refresh_data())

    def action_export(self) -> None:
        """The formats that apply to this meeting and its table, the agenda's first."""
        from stadstafel.tui.commands import offer_exports

        table = self.meeting.table_id if self.meeting is not None else None
        offer_exports(self.app, meeting=self.meeting_id, table=table, first="agenda-")

    def action_carry(self) -> None:
        from stadstafel.tui.screens.carry import CarryForwardScreen

        self.app.push_screen(CarryForwardScreen(self.meeting_id))

    def action_back(self) -> None:
        self.app.pop_screen()
