"""Minutes mode: walk the agenda item by item and record with one key each.

    MinutesScreen(meeting_id)   pushed from the agenda (g)

The current item is shown large with its description, submitter and everything recorded
under it so far (decisions, actions, toezeggingen, notes, corrections), and the meeting's
attendance. ``b`` records a decision, ``a`` an action, ``t`` a toezegging, ``k`` a note,
``w`` attendance; ``h`` marks the item handled (``H`` reopens it), ``C`` corrects a decision or
the notes (after the minutes are adopted: a correction with a reason), ``G`` marks the meeting
held and ``A`` adopts the minutes, both after a confirmation showing what is unusual.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from stadstafel import i18n, vocab
from stadstafel.errors import ValidationError
from stadstafel.records import Record
from stadstafel.tui.calls import call_service
from stadstafel.tui.modals import ConfirmScreen, PickerScreen
from stadstafel.tui.options import member_options, person_options
from stadstafel.tui.screens.agenda import INACTIVE, confirm_text, submitter
from stadstafel.tui.styles import SCREEN_CSS
from stadstafel.tui.text import L, literal
from stadstafel.tui.widgets.base import StadstafelScreen, bind
from stadstafel.tui.widgets.form import FormField, FormScreen
from stadstafel.tui.widgets.lists import clip
from stadstafel.tui.words import day_text, line_width, moment_text, word


def owner_text(action: Record) -> str:
    return " / ".join(filter(None, [action.owner_org, action.owner_person])) or "–"


class MinutesScreen(StadstafelScreen):
    """Record decisions, actions, toezeggingen and notes per agenda item, during the meeting."""

    TITLE_NL = "Notuleren"
    TITLE_EN = "Minutes"
    DEFAULT_CSS = SCREEN_CSS
    BINDINGS = [
        # the meeting's next step first: the footer shows what fits, in this order
        bind("G", "held", "Gehouden", "Held", id="minutes.held", right="minutes.record"),
        bind("A", "adopt", "Vaststellen", "Adopt", id="minutes.adopt", right="minutes.adopt"),
        bind("b", "decision", "Besluit", "Decision", id="minutes.decision", right="minutes.record"),
        bind(
            "a", "action('actie')", "Actie", "Action", id="minutes.action", right="minutes.record"
        ),
        bind(
            "t",
            "action('toezegging')",
            "Toezegging",
            "Commitment",
            id="minutes.commitment",
            right="minutes.record",
        ),
        bind("k", "note", "Notitie", "Note", id="minutes.note", right="minutes.record"),
        bind("N", "note", "Notitie", "Note", id="minutes.note_n", show=False),
        bind("h", "handled", "Behandeld", "Handled", id="minutes.handled", right="minutes.record"),
        bind("H", "unhandle", "Heropenen", "Reopen", id="minutes.unhandle", right="minutes.record"),
        bind(
            "w",
            "attendance",
            "Aanwezig",
            "Attendance",
            id="minutes.attendance",
            right="minutes.record",
        ),
        bind(
            "C", "correct", "Corrigeren", "Correct", id="minutes.correct", right="minutes.correct"
        ),
        bind("n", "step(1)", "Volgende", "Next", id="minutes.next"),
        bind("p", "step(-1)", "Vorige", "Previous", id="minutes.prev"),
        bind("E", "export", "Exporteren", "Export", id="minutes.export", show=False),
        bind("down", "step(1)", "Volgende", "Next", id="minutes.down", show=False),
        bind("up", "step(-1)", "Vorige", "Previous", id="minutes.up", show=False),
        bind("pagedown", "scroll(1)", "Omlaag", "Down", id="minutes.pagedown", show=False),
        bind("pageup", "scroll(-1)", "Omhoog", "Up", id="minutes.pageup", show=False),
        bind("L", "history", "Logboek", "History", id="minutes.history", show=False),
        bind("escape", "back", "Terug", "Back", id="minutes.back"),
    ]

    def __init__(self, meeting_id: int, *, item_id: int | None = None):
        super().__init__()
        self.meeting_id = meeting_id
        self.meeting: Record | None = None
        self.items: list[Record] = []
        self.index = 0
        self.start_item = item_id

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="minutes-head", markup=False)
        yield Static("", id="item-title", markup=False)
        with VerticalScroll(id="item-body", can_focus=False):
            yield Static("", id="item-text")
        yield from self.compose_footer()

    def right_scope(self, right: str) -> dict:
        """Rights are checked at the meeting's table (tui/rights.py)."""
        return {"table_id": self.meeting.table_id if self.meeting else None}

    def on_mount(self) -> None:
        self.refresh_data()
        if self.start_item is not None:
            self.go_to(self.start_item)

    # -- data ---------------------------------------------------------------------------------
    @property
    def current(self) -> Record | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def refresh_data(self) -> None:
        current = self.current
        data = call_service(self, self.ws.meetings.agenda, self.meeting_id)
        if data is None:
            return
        self.meeting = data["meeting"]
        self.items = [i for i in data["items"] if i.status not in INACTIVE]
        if current is not None:
            self.go_to(current.id, show=False)
        self.index = max(0, min(self.index, len(self.items) - 1))
        self.show()

    def _update_keys(self) -> None:
        """Only the keys that can change something now are offered (and shown)."""
        from stadstafel import permissions

        ws, m, item = self.ws, self.meeting, self.current
        allowed: set[str] = set()
        if m is not None:
            actor, table_id = ws.actor, m.table_id
            record = permissions.allowed(actor, "minutes.record", table_id=table_id)
            if m.status in ("agenda vastgesteld", "gehouden") and record:
                allowed.add("correct")
                if item is not None:
                    allowed |= {"decision", "note"}
                    if permissions.allowed(actor, "action.manage", table_id=table_id):
                        allowed.add("action")
            if m.status in ("gepland", "agenda vastgesteld", "gehouden") and record:
                allowed.add("attendance")
            if m.status == "verslag vastgesteld" and permissions.allowed(
                actor, "minutes.correct", table_id=table_id
            ):
                allowed.add("correct")
            if item is not None and ws.agenda.can(item, "handled"):
                allowed.add("handled")
            if item is not None and ws.agenda.can(item, "unhandle"):
                allowed.add("unhandle")
            if m.status == "agenda vastgesteld" and record:
                allowed.add("held")
            if m.status == "gehouden" and permissions.allowed(
                actor, "minutes.adopt", table_id=table_id
            ):
                allowed.add("adopt")
        if allowed != getattr(self, "_allowed", None):
            self._allowed = allowed
            self.refresh_bindings()

    def history_scope(self) -> tuple[list[tuple[str, int]], str] | None:
        """The history of the agenda item in view, with its decisions and actions."""
        item = self.current
        if item is None:
            return None
        parts = [("decision", d.id) for d in self.ws.decisions.of_meeting(self.meeting_id)
                 if d.agenda_item_id == item.id]  # fmt: skip
        return [("agenda_item", item.id), *parts], item.title

    def footer_hides(self, action: str) -> bool:
        mine = {
            "decision", "action", "note", "handled", "unhandle", "attendance", "correct",
            "held", "adopt",
        }  # fmt: skip
        return action in mine and action not in getattr(self, "_allowed", set())

    def action_export(self) -> None:
        """The formats that apply to this meeting and its table, the minutes' first."""
        from stadstafel.tui.commands import offer_exports

        table = self.meeting.table_id if self.meeting is not None else None
        offer_exports(self.app, meeting=self.meeting_id, table=table, first="verslag-")

    def go_to(self, item_id: int, *, show: bool = True) -> None:
        for index, item in enumerate(self.items):
            if item.id == item_id:
                self.index = index
                break
        if show:
            self.show()

    def recorded(self, item: Record) -> tuple[list[Record], list[Record]]:
        """Decisions and actions recorded under ``item`` at this meeting."""
        decisions = [
            d for d in self.ws.decisions.of_meeting(self.meeting_id) if d.agenda_item_id == item.id
        ]
        actions = [
            a
            for a in self.ws.actions.list(meeting_id=self.meeting_id, status=None).rows
            if a.agenda_item_id == item.id
        ]
        return decisions, actions

    def show(self) -> None:
        m = self.meeting
        if m is None:
            return
        head = self.query_one("#minutes-head", Static)
        title = self.query_one("#item-title", Static)
        body = self.query_one("#item-text", Static)
        item = self.current
        self._update_keys()
        meeting = f"{m.title or m.table_name} {moment_text(m.starts_at)} ({word(m.status)})"
        if item is None:
            head.update(meeting)
            title.update(L("Geen agendapunten", "No agenda items"))
            body.update(
                L(
                    "Deze vergadering heeft geen punten om te notuleren. Escape: terug.",
                    "This meeting has no items to minute. Escape: back.",
                )
            )
            return
        done = L("✓ behandeld", "✓ handled") if item.status == "behandeld" else word(item.status)
        where = L(
            f"Punt {self.index + 1} van {len(self.items)}",
            f"Item {self.index + 1} of {len(self.items)}",
        )
        head.update(clip(f"{where} · {done} · {meeting}", line_width(head)))
        title.update(f"{item.position or self.index + 1}. {item.title}")
        body.update(self._body(item))
        self.query_one("#item-body", VerticalScroll).scroll_home(animate=False)

    def _body(self, item: Record) -> Group:
        parts: list[Any] = []
        late = L(" · ! te laat ingediend", " · ! submitted late") if item.late else ""
        meta = (
            f"{L('Doel', 'Purpose')}: {word(item.purpose) or '–'} · "
            f"{L('Ingediend door', 'Submitted by')}: {submitter(item) or '–'} · "
            f"{item.duration_minutes or '–'} min{late}"
        )
        parts.append(Text(meta, style="dim"))
        if item.get("origin_text"):  # where it came from: postponed, an action, the city, …
            parts.append(Text(f"{L('Herkomst', 'Origin')}: {item.origin_text}", style="dim"))
        parts.append(Text(item.description or L("(geen omschrijving)", "(no description)")))
        decisions, actions = self.recorded(item)
        parts.append(Text(""))
        parts.append(Text(L("Vastgelegd", "Recorded"), style="bold underline"))
        if not decisions and not actions and not item.minutes:
            if "decision" in getattr(self, "_allowed", set()):
                hint = L(
                    "Nog niets. b besluit · a actie · t toezegging · k notitie",
                    "Nothing yet. b decision · a action · t commitment · k note",
                )
            elif self.meeting is not None and self.meeting.status == "gepland":
                hint = L(
                    "Nog niets. Notuleren kan zodra de agenda is vastgesteld (V in de agenda).",
                    "Nothing yet. Minutes can be taken once the agenda is set (V in the agenda).",
                )
            else:
                hint = L("Niets vastgelegd.", "Nothing recorded.")
            parts.append(Text(hint, style="italic"))
        for d in decisions:
            review = (
                L(f" (evaluatie {day_text(d.review_date)})", f" (review {day_text(d.review_date)})")
                if d.review_date
                else ""
            )
            parts.append(Text(f"{L('Besluit', 'Decision')}: {d.text}{review}"))
        for a in actions:
            kind = L("Toezegging", "Commitment") if a.kind == "toezegging" else L("Actie", "Action")
            due = f", {L('uiterlijk', 'due')} {day_text(a.due)}" if a.due else ""
            state = "" if a.status == "open" else f" [{word(a.status)}]"
            parts.append(Text(f"{kind}: {a.text} — {owner_text(a)}{due}{state}"))
        if item.minutes:
            parts.append(Text(f"{L('Notities', 'Notes')}:", style="bold"))
            parts.append(Text(item.minutes))
        corrections = [
            c for d in decisions for c in self.ws.corrections.of_record("decision", d.id)
        ] + self.ws.corrections.of_record("agenda_item", item.id)
        for c in corrections:
            parts.append(
                Text(
                    f"{L('Correctie', 'Correction')} {c.at[:16]} ({c.actor}): "
                    f"'{c.old or ''}' → '{c.new or ''}' — {c.reason}",
                    style="italic",
                )
            )
        parts.append(Text(""))
        parts.append(Text(self._attendance_line(), style="dim"))
        return Group(*parts)

    def _attendance_line(self) -> str:
        summary = self.ws.attendance.summary(self.meeting_id)
        present = ", ".join(summary["aanwezig"]) or "–"
        apologies = ", ".join(summary["afwezig met bericht"]) or "–"
        absent = ", ".join(summary["afwezig"])
        line = L(
            f"Aanwezig: {present} · afwezig met bericht: {apologies}",
            f"Present: {present} · apologies: {apologies}",
        )
        if absent:
            line += L(f" · afwezig: {absent}", f" · absent: {absent}")
        return line

    # -- navigation ---------------------------------------------------------------------------
    def action_step(self, delta: int) -> None:
        if not self.items:
            return
        self.index = max(0, min(len(self.items) - 1, self.index + delta))
        self.show()

    def action_scroll(self, delta: int) -> None:
        body = self.query_one("#item-body", VerticalScroll)
        if delta > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- recording ----------------------------------------------------------------------------
    def _need_item(self) -> Record | None:
        item = self.current
        if item is None:
            self.notify(L("Er is geen agendapunt.", "There is no agenda item."))
        return item

    def _record_closed(self) -> bool:
        """True, with the services' refusal shown, when the meeting's record is closed
        (adopted minutes, cancelled): a form that could only be refused is not opened."""
        m = self.meeting
        if m is None or m.status not in vocab.CLOSED_MEETING:
            return False
        call_service(self, _refuse, i18n.t("record_closed", meeting=m.title or "", status=m.status))
        return True

    def _recorded(self, result: Any) -> None:
        if result is not None:
            self.refresh_data()

    def action_decision(self) -> None:
        item = None if self._record_closed() else self._need_item()
        if item is None:
            return
        fields = [
            FormField("text", L("Besluit", "Decision"), "textarea", required=True),
            FormField(
                "review_date",
                L("Evaluatiedatum (optioneel)", "Review date (optional)"),
                "date",
            ),
        ]
        self.app.push_screen(
            FormScreen(
                L(f"Besluit bij: {item.title}", f"Decision on: {item.title}")[:70],
                fields,
                submit=lambda v: self.ws.decisions.record_decision(
                    self.meeting_id,
                    v.get("text") or "",
                    agenda_item_id=item.id,
                    review_date=v.get("review_date"),
                ),
            ),
            self._recorded,
        )

    def action_action(self, kind: str) -> None:
        item = None if self._record_closed() else self._need_item()
        meeting = self.meeting
        if item is None or meeting is None:
            return
        members = member_options(self.ws, meeting.table_id)
        fields = [
            FormField("text", L("Wat", "What"), "textarea", required=True),
            FormField(
                "owner_org_id",
                L("Eigenaar (organisatie)", "Owner (organisation)"),
                "select",
                options=members,
                required=kind == "toezegging",
            ),
            FormField(
                "owner_person_id",
                L("Eigenaar (persoon)", "Owner (person)"),
                "select",
                options=person_options(self.ws, [v for _, v in members]),
            ),
            FormField("due", L("Uiterlijk", "Due"), "date", required=kind == "toezegging"),
        ]
        label = L("Toezegging", "Commitment") if kind == "toezegging" else L("Actie", "Action")
        self.app.push_screen(
            FormScreen(
                f"{label} {L('bij', 'on')}: {item.title}"[:70],
                fields,
                submit=lambda v: self.ws.actions.create(
                    table_id=meeting.table_id,
                    kind=kind,
                    text=v.get("text"),
                    owner_org_id=v.get("owner_org_id"),
                    owner_person_id=v.get("owner_person_id"),
                    due=v.get("due"),
                    meeting_id=meeting.id,
                    agenda_item_id=item.id,
                ),
            ),
            self._recorded,
        )

    def action_note(self) -> None:
        item = None if self._record_closed() else self._need_item()
        if item is None:
            return

        def submit(v: dict) -> Record:
            fresh = self.ws.agenda.get(item.id)  # notes append: always on the stored version
            return self.ws.agenda.append_minutes(item.id, fresh.version, v.get("text") or "")

        self.app.push_screen(
            FormScreen(
                L(f"Notitie bij: {item.title}", f"Note on: {item.title}")[:70],
                [FormField("text", L("Notitie", "Note"), "textarea", required=True)],
                submit=submit,
            ),
            self._recorded,
        )

    def action_handled(self) -> None:
        item = self._need_item()
        if item is None:
            return
        if item.status == "behandeld":
            self.notify(L("Dit punt is al behandeld.", "This item is handled already."))
            return
        result = call_service(
            self, self.ws.agenda.handled, item.id, item.version, redo=self.action_handled
        )
        if result is not None:
            self.refresh_data()
            self.notify(
                L("Behandeld: {title}", "Handled: {title}").format(title=literal(item.title)),
                timeout=3,
            )
            if self.index < len(self.items) - 1:
                self.action_step(1)

    def action_unhandle(self) -> None:
        item = self._need_item()
        if item is None:
            return
        result = call_service(
            self, self.ws.agenda.unhandle, item.id, item.version, redo=self.action_unhandle
        )
        if result is not None:
            self.refresh_data()
            self.notify(
                L(f"Heropend: {item.title}", f"Reopened: {item.title}"), timeout=3, markup=False
            )

    def action_attendance(self) -> None:
        """Who attended: choose a person, then aanwezig / afwezig met bericht / afwezig."""
        if self._record_closed():
            return
        rows = call_service(self, self.ws.attendance.of_meeting, self.meeting_id)
        if rows is None:
            return
        if not rows:
            self.notify(
                L(
                    "Deze tafel heeft geen vertegenwoordigers om aan te melden.",
                    "This table has no representatives to record.",
                )
            )
            return
        options = [
            (
                f"{r.person_name} — {r.organisation_name or ''}: {word(r.status) or '–'}",
                r.person_id,
            )
            for r in rows
        ]

        def person_chosen(person_id: int | None) -> None:
            if person_id is None:
                return
            from stadstafel import vocab

            def status_chosen(status: str | None) -> None:
                if status is None:
                    return
                result = call_service(
                    self, self.ws.attendance.set, self.meeting_id, person_id, status
                )
                if result is not None:
                    self.refresh_data()

            self.app.push_screen(
                PickerScreen(
                    L("Aanwezigheid", "Attendance"),
                    [(word(s), s) for s in vocab.ATTENDANCE_STATUSES],
                ),
                status_chosen,
            )

        self.app.push_screen(
            PickerScreen(L("Aanwezigheid: wie?", "Attendance: who?"), options), person_chosen
        )

    def action_correct(self) -> None:
        """Correct a decision or the notes of this item: an edit until the minutes are
        adopted, afterwards a correction with a reason that keeps the old text visible."""
        item = self._need_item()
        meeting = self.meeting
        if item is None or meeting is None:
            return
        decisions, _actions = self.recorded(item)
        options: list[tuple[str, Any]] = [
            (f"{L('Besluit', 'Decision')}: {clip(d.text, 50)}", ("decision", d.id))
            for d in decisions
        ]
        options.append((L("Notities bij dit punt", "Notes on this item"), ("agenda_item", item.id)))
        adopted = meeting.status == "verslag vastgesteld"

        def chosen(choice: tuple[str, int] | None) -> None:
            if choice is None:
                return
            kind, record_id = choice
            service = self.ws.decisions if kind == "decision" else self.ws.agenda
            record = service.get(record_id)
            field = "text" if kind == "decision" else "minutes"
            fields = [
                FormField(field, L("Tekst", "Text"), "textarea", value=record[field], required=True)
            ]
            if adopted:
                fields.append(
                    FormField(
                        "reason",
                        L("Reden van de correctie", "Reason for the correction"),
                        required=True,
                    )
                )

            def submit(v: dict) -> Any:
                fresh = service.get(record_id)
                if adopted:
                    return self.ws.corrections.correct(
                        kind,
                        record_id,
                        fresh.version,
                        field,
                        v.get(field) or "",
                        v.get("reason") or "",
                    )
                return service.update(record_id, fresh.version, **{field: v.get(field) or ""})

            title = (
                L("Correctie (verslag is vastgesteld)", "Correction (minutes approved)")
                if adopted
                else L("Corrigeren", "Correct")
            )
            self.app.push_screen(FormScreen(title, fields, submit=submit), self._recorded)

        self.app.push_screen(PickerScreen(L("Wat corrigeren?", "Correct what?"), options), chosen)

    def _confirm_step(self, question: str, step: Any, done: str) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        unusual = call_service(self, self.ws.meetings.unusual, meeting.id) or []

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            result = call_service(self, step, meeting.id, meeting.version)
            if result is not None:
                self.refresh_data()
                self.notify(done, timeout=5)

        self.app.push_screen(ConfirmScreen(confirm_text(question, unusual)), answer)

    def action_held(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        if meeting.status != "agenda vastgesteld":
            self.notify(
                L(
                    f"Alleen een vergadering met een vastgestelde agenda wordt gehouden;"
                    f" deze is {meeting.status}.",
                    f"Only a meeting whose agenda is set can be held; this one is"
                    f" {word(meeting.status)}.",
                ),
                severity="warning",
            )
            return
        open_items = [i for i in self.items if i.status != "behandeld"]
        question = L("Vergadering markeren als gehouden?", "Mark the meeting as held?")
        if open_items:
            question += L(
                f" {len(open_items)} punt(en) zijn nog niet behandeld.",
                f" {len(open_items)} item(s) are not handled yet.",
            )
        self._confirm_step(
            question,
            self.ws.meetings.held,
            L(
                "Vergadering gehouden. c in de agenda: de volgende agenda voorbereiden.",
                "Meeting held. c in the agenda: prepare the next agenda.",
            ),
        )

    def action_adopt(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        if meeting.status != "gehouden":
            self.notify(
                L(
                    f"Alleen het verslag van een gehouden vergadering wordt vastgesteld;"
                    f" deze is {meeting.status}.",
                    f"Only the minutes of a held meeting can be approved; this one is"
                    f" {word(meeting.status)}.",
                ),
                severity="warning",
            )
            return
        self._confirm_step(
            L(
                "Verslag vaststellen? Daarna verandert het alleen nog met een correctie.",
                "Approve the minutes? Afterwards they change only through a correction.",
            ),
            self.ws.meetings.adopt_minutes,
            L("Verslag vastgesteld.", "Minutes approved."),
        )


def _refuse(message: str) -> None:
    raise ValidationError(message)
