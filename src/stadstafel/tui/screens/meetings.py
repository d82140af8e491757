"""Meetings: per table (or all tables), as a paged list or as a month calendar.

    MeetingsScreen()            the "v" section: list or month view, new meeting or series

Lists are ``widgets.paged.PagedRecordTable``; words and dates in both languages are
``tui.words``, option lists ``tui.options``, the shared stylesheet ``tui.styles``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from stadstafel import clock, i18n, vocab
from stadstafel.records import Page, Record
from stadstafel.tui.modals import PickerScreen
from stadstafel.tui.options import table_options
from stadstafel.tui.styles import SCREEN_CSS
from stadstafel.tui.text import L
from stadstafel.tui.values import rhythm_help, rhythm_text
from stadstafel.tui.widgets.base import SectionScreen, bind, translate_bindings
from stadstafel.tui.widgets.form import FormField, FormScreen, no_empty
from stadstafel.tui.widgets.lists import clip
from stadstafel.tui.widgets.paged import (
    PagedRecordTable,
    filter_bar,
    focus_filter,
    type_into_filter,
)
from stadstafel.tui.words import cell, day_text, moment_text, word

# The list opens at today's meeting: with more than WINDOW_AFTER meetings before today it
# loads from LOOK_BACK meetings before it (not every page since the first meeting ever).
WINDOW_AFTER = 100
LOOK_BACK = 10

# Words that say little in a 10-column calendar cell.
GENERIC_WORDS = {
    "samenwerkingstafel", "tafel", "thematafel", "thematafels", "leiden", "leidse", "de", "het",
    "een", "en", "met", "van", "voor", "gemeente",
}  # fmt: skip


# -- the month view ------------------------------------------------------------------------
# The month's weeks and length from ``datetime``, not the ``calendar`` module: the section is
# built in every session, and ``calendar`` (with what it imports) was 0.1 MB of objects for
# these two answers (docs/benchmarks.md, "Ninth round (2026-12-07): memory").


def days_in_month(year: int, month: int) -> int:
    """How many days ``month`` of ``year`` has (``calendar.monthrange(year, month)[1]``)."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def month_weeks(year: int, month: int) -> list[list[dt.date]]:
    """The weeks, Monday to Sunday, that hold a day of ``month``: seven dates each, days of
    the months around it included (``calendar.Calendar().monthdatescalendar(year, month)``)."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, days_in_month(year, month))
    start = first - dt.timedelta(days=first.weekday())
    weeks = ((last - start).days + 1 + 6) // 7
    return [[start + dt.timedelta(days=7 * w + d) for d in range(7)] for w in range(weeks)]


class MonthView(Widget, can_focus=True):
    """A calendar grid of one month with the meetings on each day.

    Arrow keys move the selected day, ``[``/``]`` go to the previous/next month, Enter opens
    the selected day's meeting. Today is marked ``*``, the selected day ``>`` (and reversed).
    """

    BINDINGS = [
        bind("left", "day(-1)", "Vorige dag", "Previous day", id="month.left", show=False),
        bind("right", "day(1)", "Volgende dag", "Next day", id="month.right", show=False),
        bind("up", "day(-7)", "Week terug", "Week back", id="month.up", show=False),
        bind("down", "day(7)", "Week verder", "Week on", id="month.down", show=False),
        bind("enter", "open", "Openen", "Open", id="month.open"),
    ]

    day: reactive[dt.date] = reactive(dt.date(2000, 1, 1), always_update=True)

    class Changed(Message):
        """The shown month changed: the screen reloads its meetings."""

    class Moved(Message):
        """The selected day changed (within the month)."""

    class Open(Message):
        """Enter on a day."""

        def __init__(self, day: dt.date, meetings: list[Record]):
            super().__init__()
            self.day = day
            self.meetings = meetings

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        translate_bindings(self)
        self.meetings: dict[dt.date, list[Record]] = {}
        self.set_reactive(MonthView.day, clock.today())

    @property
    def first(self) -> dt.date:
        return self.day.replace(day=1)

    @property
    def after(self) -> dt.date:
        """The first day of the next month."""
        return (self.first + dt.timedelta(days=32)).replace(day=1)

    def show(self, meetings: Iterable[Record]) -> None:
        self.meetings = {}
        for m in meetings:
            day = dt.date.fromisoformat(m.starts_at[:10])
            self.meetings.setdefault(day, []).append(m)
        self.refresh()

    def of_day(self, day: dt.date | None = None) -> list[Record]:
        return self.meetings.get(day or self.day, [])

    def move_month(self, delta: int) -> None:
        month0 = self.day.month - 1 + delta
        year, month = self.day.year + month0 // 12, month0 % 12 + 1
        self.day = dt.date(year, month, min(self.day.day, days_in_month(year, month)))

    def watch_day(self, old: dt.date, new: dt.date) -> None:
        if (old.year, old.month) != (new.year, new.month):
            self.post_message(self.Changed())
        else:
            self.post_message(self.Moved())
        self.refresh()

    def action_day(self, delta: int) -> None:
        self.day = self.day + dt.timedelta(days=delta)

    def action_open(self) -> None:
        self.post_message(self.Open(self.day, self.of_day()))

    def _weeks(self) -> list[list[dt.date]]:
        return month_weeks(self.day.year, self.day.month)

    def render(self) -> Text:
        width = max(self.size.width, 36)
        cell = max(4, (width - 6) // 7)
        weeks = self._weeks()
        lines_per_week = max(2, min(5, (max(self.size.height, 16) - 2) // len(weeks)))
        lang = i18n.language()
        today = clock.today()
        out = Text(no_wrap=True, overflow="crop")
        title = f"{i18n.MONTHS[lang][self.day.month - 1]} {self.day.year}"
        out.append(title, style="bold")
        out.append(
            L("   [ vorige maand · ] volgende · * vandaag", "   [ previous · ] next · * today"),
            style="dim",
        )
        out.append("\n")
        names = [d[:2] for d in i18n.DAYS[lang]]
        out.append("│".join(n.ljust(cell) for n in names), style="bold")
        for week in weeks:
            cells: list[list[Text]] = []
            for day in week:
                lines: list[Text] = []
                inside = day.month == self.day.month
                mark = ">" if day == self.day else " "
                star = "*" if day == today else ""
                head = f"{mark}{day.day}{star}"
                style = "bold" if inside else "dim"
                if day == self.day:
                    style += " reverse"
                lines.append(Text(head.ljust(cell), style=style))
                todays = self.of_day(day) if inside else []
                room = lines_per_week - 1
                if todays and len(todays) * 2 <= room:  # time and name on two lines
                    for m in todays:
                        when = ("×" if m.status == "geannuleerd" else "") + m.starts_at[11:16]
                        lines.append(Text(clip(when, cell).ljust(cell)))
                        lines.append(Text(clip(self.short_name(m), cell).ljust(cell)))
                for n, m in enumerate(todays if len(todays) * 2 > room else []):
                    if n == room - 1 and len(todays) > room:
                        more = L(f"+{len(todays) - n} meer", f"+{len(todays) - n} more")
                        lines.append(Text(clip(more, cell).ljust(cell), style="italic"))
                        break
                    when = ("×" if m.status == "geannuleerd" else "") + m.starts_at[11:16]
                    lines.append(Text(clip(f"{when} {self.short_name(m)}", cell).ljust(cell)))
                while len(lines) < lines_per_week:
                    lines.append(Text(" " * cell))
                cells.append(lines)
            for row in range(lines_per_week):
                out.append("\n")
                for col, lines in enumerate(cells):
                    if col:
                        out.append("│", style="dim")
                    out.append_text(lines[row])
        return out

    @staticmethod
    def short_name(meeting: Record) -> str:
        """The first telling word of the meeting's title: ``Woningbouw``, ``Stuurgroep``."""
        words = (meeting.title or meeting.table_name or "").split()
        for w in words:
            if w.casefold() not in GENERIC_WORDS and not w.isdigit():
                return w
        return words[0] if words else ""


# -- the screen ------------------------------------------------------------------------------


class MeetingsScreen(SectionScreen):
    """Meetings of one table or all tables: a paged list, or a month calendar (``m``)."""

    TITLE_NL = "Vergaderingen"
    TITLE_EN = "Meetings"
    DEFAULT_CSS = SCREEN_CSS
    AUTO_FOCUS = "#meetings, #month"
    # kept when the screen is dropped (StadstafelScreen.place): the table chosen; the month
    # shown is kept by place / take_up
    PLACE = ("table_id", "table_name")
    BINDINGS = [
        bind("f", "pick_table", "Tafel", "Table", id="meetings.table"),
        bind("m", "toggle_month", "Maand/lijst", "Month/list", id="meetings.month"),
        bind("n", "new", "Nieuw", "New", id="meetings.new", right="meeting.manage"),
        bind("N", "new_series", "Reeks", "Series", id="meetings.series", right="meeting.manage"),
        bind("e", "edit", "Wijzig", "Edit", id="meetings.edit", right="meeting.manage"),
        bind(
            "X",
            "cancel_meeting",
            "Annuleren",
            "Cancel",
            id="meetings.cancel",
            right="meeting.manage",
        ),
        bind("l", "agenda_items", "Agendapunten", "Agenda items", id="meetings.items"),
        bind(
            "left_square_bracket",
            "month(-1)",
            "Vorige maand",
            "Previous month",
            id="meetings.prev_month",
            key_display="[",
        ),
        bind(
            "right_square_bracket",
            "month(1)",
            "Volgende maand",
            "Next month",
            id="meetings.next_month",
            key_display="]",
        ),
        bind("ctrl+f", "focus_filter", "Filter", id="meetings.filter", priority=True),
        bind(
            "escape",
            "leave_filter",
            "Naar de lijst",
            "To the list",
            id="meetings.leave",
            show=False,
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.table_id: int | None = None
        self.table_name = ""
        self.month_mode = False

    # -- layout -----------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        yield filter_bar(
            "table-label",
            L("typ om te filteren (ctrl+f)", "type to filter (ctrl+f)"),
            self._filter_changed,
            id="filterbar",
        )
        # the status line under the list or the month: drawn by the screen (set_status)
        yield self.line_below(
            PagedRecordTable(
                [
                    (L("Begin", "Start"), 23),
                    (L("Vergadering", "Meeting"), 22),
                    (L("Status", "Status"), 19),
                    (L("Punten", "Items"), 6),
                ],
                fetch=self._fetch,
                cells=self._cells,
                flex=1,  # the title takes the room of a wider terminal
                id="meetings",
            )
        )
        yield self.line_below(MonthView(id="month"))

    def on_mount(self) -> None:
        table = self.list_view
        self.query_one(MonthView).display = False
        self._show_table_label()
        self._select_upcoming()
        table.focus()
        self._update_status()

    # -- data ---------------------------------------------------------------------------------
    @property
    def list_view(self) -> PagedRecordTable:
        return self.query_one("#meetings", PagedRecordTable)

    @property
    def filter_text(self) -> str:
        return self.query_one("#filter", Input).value.strip()

    def _fetch(self, offset: int, limit: int) -> Page:
        return self.ws.meetings.list(
            table_id=self.table_id, filter=self.filter_text, offset=offset, limit=limit
        )

    def _cells(self, m: Record) -> list[Any]:
        cancelled = m.status == "geannuleerd"
        title = m.title or m.table_name
        return [
            moment_text(m.starts_at),
            cell(title),
            Text(("× " if cancelled else "") + word(m.status)),
            Text(str(m["items"] or 0), justify="right"),
        ]

    def _select_upcoming(self) -> None:
        """(Re)load the list and start on the first meeting from today. With many meetings
        before today the list opens a window there instead of loading every page before it;
        scrolling up loads the earlier ones."""
        table = self.list_view
        today = clock.today().isoformat()
        before = self.ws.meetings.count_before(
            today, table_id=self.table_id, filter=self.filter_text
        )
        start = before - LOOK_BACK if before > WINDOW_AFTER else 0
        table.reload(keep_cursor=False, start=start)
        checked = table.first  # the list's offset of the first row not looked at
        while True:  # (a page loaded may drop rows at the window's start: offsets, not indexes)
            for key in table.order[max(0, checked - table.first) :]:
                if table.records[key].starts_at[:10] >= today:
                    table.select_key(key)
                    return
            checked = table.first + len(table.order)
            if not table.load_more():
                if table.order:
                    table.move_cursor(row=len(table.order) - 1)
                return

    def refresh_data(self) -> None:
        self.list_view.reload(keep_cursor=True)
        if self.month_mode:
            self._load_month()
        self._update_status()

    def _load_month(self) -> None:
        view = self.query_one(MonthView)
        page = self.ws.meetings.list(
            table_id=self.table_id,
            filter=self.filter_text,
            start=view.first,
            end=view.after,
            limit=1000,
        )
        view.show(page.rows)
        self._update_status()

    def _show_table_label(self) -> None:
        name = self.table_name or L("alle tafels", "all tables")
        self.query_one("#table-label", Static).update(f"{L('Tafel', 'Table')}: {clip(name, 30)}")

    def _update_status(self) -> None:
        if self.month_mode:
            view = self.query_one(MonthView)
            todays = view.of_day()
            if not todays:
                text = L(
                    f"{day_text(view.day, True)}: geen vergaderingen",
                    f"{day_text(view.day, True)}: no meetings",
                )
            else:
                parts = [
                    f"{m.starts_at[11:16]} {m.table_name} ({word(m.status)}, {m['items'] or 0})"
                    for m in todays
                ]
                text = f"{day_text(view.day, True)}: " + "; ".join(parts)
            self.set_status(clip(text, 200))
            return
        total, loaded = self.list_view.total_text, len(self.list_view.order)
        self.set_status(
            L(
                f"{total} vergaderingen ({loaded} geladen) · Enter opent de agenda",
                f"{total} meetings ({loaded} loaded) · Enter opens the agenda",
            )
        )

    # -- events -------------------------------------------------------------------------------
    def _filter_changed(self, _value: str) -> None:
        if not self.is_mounted:
            return
        self.list_view.reload(keep_cursor=False)
        if self.month_mode:
            self._load_month()
        self._update_status()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self._focus_main()

    @on(DataTable.RowSelected, "#meetings")
    def _open_row(self, event: DataTable.RowSelected) -> None:
        event.stop()
        rec = self.list_view.current_record
        if rec is not None:
            self.open_agenda(rec.id)

    @on(DataTable.RowHighlighted, "#meetings")
    def _moved(self) -> None:
        self._update_status()

    @on(MonthView.Changed)
    def _month_changed(self) -> None:
        self._load_month()

    @on(MonthView.Moved)
    def _day_moved(self) -> None:
        self._update_status()

    @on(MonthView.Open)
    def _open_day(self, event: MonthView.Open) -> None:
        if not event.meetings:
            self.notify(L("Op deze dag is geen vergadering.", "No meeting on this day."), timeout=3)
        elif len(event.meetings) == 1:
            self.open_agenda(event.meetings[0].id)
        else:
            options = [
                (f"{m.starts_at[11:16]} {m.table_name} ({word(m.status)})", m.id)
                for m in event.meetings
            ]
            self.app.push_screen(
                PickerScreen(L("Welke vergadering?", "Which meeting?"), options),
                lambda mid: mid is not None and self.open_agenda(mid),
            )

    def on_key(self, event: events.Key) -> None:
        type_into_filter(self, event)  # typing on the list filters it

    # -- actions ------------------------------------------------------------------------------
    def open_agenda(self, meeting_id: int) -> None:
        from stadstafel.tui.screens.agenda import AgendaScreen

        self.app.push_screen(AgendaScreen(meeting_id))

    def action_agenda_items(self) -> None:
        """Every agenda item of every meeting, filtered as you type."""
        from stadstafel.tui.sections import open_agenda_items

        open_agenda_items(self.app)

    def _focus_main(self) -> None:
        if self.month_mode:
            self.query_one(MonthView).focus()
        else:
            self.list_view.focus()

    def action_focus_filter(self) -> None:
        focus_filter(self)

    def action_leave_filter(self) -> None:
        filt = self.query_one("#filter", Input)
        if self.focused is filt and filt.value:
            filt.value = ""
        self._focus_main()

    def action_pick_table(self) -> None:
        options: list[tuple[str, Any]] = [(L("alle tafels", "all tables"), 0)]
        options += table_options(self.ws)
        self.app.push_screen(
            PickerScreen(L("Welke tafel?", "Which table?"), options, value=self.table_id or 0),
            self._table_picked,
        )

    def _table_picked(self, table_id: int | None) -> None:
        if table_id is None:
            return
        self.set_table(table_id or None)

    def set_table(self, table_id: int | None) -> None:
        self.table_id = table_id
        self.table_name = self.ws.tables.get(table_id).name if table_id else ""
        self._show_table_label()
        if self.month_mode:
            self.list_view.reload(keep_cursor=False)
            self._load_month()
        else:
            self._select_upcoming()
        self._update_status()

    # -- the person's place, when the screen is dropped and built again ------------------------
    def place(self) -> dict[str, Any]:
        place = super().place()
        if self.month_mode:  # the month and the day selected in it
            place["month"] = self.query_one(MonthView).day.isoformat()
        return place

    def take_up(self, place: dict[str, Any]) -> None:
        super().take_up(place)
        day = place.get("month")
        if day:
            self.action_toggle_month()
            self.query_one(MonthView).day = dt.date.fromisoformat(day)
            self._load_month()
            self._update_status()

    def action_toggle_month(self) -> None:
        self.month_mode = not self.month_mode
        table, view = self.list_view, self.query_one(MonthView)
        table.display = not self.month_mode
        view.display = self.month_mode
        if self.month_mode:
            current = table.current_record
            view.day = dt.date.fromisoformat(current.starts_at[:10]) if current else clock.today()
            self._load_month()
        else:
            current = view.of_day()
            if current:
                table.select_key(current[0].id)
        self.refresh_bindings()
        self.call_after_refresh(self._focus_main)
        self._update_status()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "month":  # [ and ] belong to the month view
            return self.month_mode
        return True

    def action_month(self, delta: int) -> None:
        self.query_one(MonthView).move_month(delta)

    # -- new meetings -------------------------------------------------------------------------
    def _meeting_fields(self, series: bool) -> list[FormField]:
        table_id = self.table_id
        if table_id is None:
            current = self.list_view.current_record
            table_id = current.table_id if current else None
        rhythm = ""
        if table_id:
            rhythm = self.ws.tables.get(table_id).rhythm or ""
        start = (clock.today() + dt.timedelta(days=14)).isoformat() + " 14:00"
        if table_id:  # the table's rhythm: its weekday and time, after its last meeting
            start = self.ws.meetings.default_start(table_id)
        fields = [
            FormField(
                "table_id",
                L("Tafel", "Table"),
                "select",
                options=table_options(self.ws),
                value=table_id,
                required=True,
            ),
            FormField(
                "kind",
                L("Soort", "Kind"),
                "select",
                options=self.ws.vocabulary("meeting_kinds"),
                value="tafel",
            ),
            FormField(
                "starts_at",
                L("Begin (eerste vergadering)", "Start (first meeting)")
                if series
                else L("Begin", "Start"),
                "datetime",
                value=start,
                required=True,
            ),
            FormField(
                "ends_at",
                L("Einde", "End"),
                "datetime",
                help=L("leeg: de standaardduur van de tafel", "empty: the table's default length"),
            ),
            FormField("location", L("Locatie of link", "Location or link")),
        ]
        if series:
            fields += [
                FormField(
                    "rhythm",
                    L("Ritme", "Rhythm"),
                    value=rhythm_text(rhythm or "weeks:4"),
                    required=True,
                    help=rhythm_help(),
                ),
                FormField("count", L("Aantal", "Count"), "int", value=6, required=True),
            ]
        else:
            fields.append(
                FormField(
                    "submission_deadline",
                    L("Indiendeadline", "Submission deadline"),
                    "datetime",
                    help=L(
                        "leeg: het aantal werkdagen vooraf van de tafel",
                        "empty: the table's number of working days before",
                    ),
                )
            )
        return fields

    def action_new(self) -> None:
        self.app.push_screen(
            FormScreen(
                L("Nieuwe vergadering", "New meeting"),
                self._meeting_fields(series=False),
                submit=lambda v: self.ws.meetings.create(**no_empty(v)),
            ),
            self._created,
        )

    def action_new_series(self) -> None:
        def submit(values: dict) -> Any:
            v = no_empty(values)
            table_id = v.pop("table_id", None)
            starts = v.pop("starts_at", None)
            rhythm = v.pop("rhythm", "")
            count = v.pop("count", 0)
            try:
                count = int(count)
            except (TypeError, ValueError):
                count = -1
            return self.ws.meetings.create_series(table_id, starts, rhythm, count, **v)

        self.app.push_screen(
            FormScreen(
                L("Nieuwe reeks vergaderingen", "New series of meetings"),
                self._meeting_fields(series=True),
                submit=submit,
            ),
            self._created,
        )

    def _chosen_meeting(self) -> Record | None:
        current = self.list_view.current_record
        if self.month_mode:
            day = self.query_one(MonthView).of_day()
            current = day[0] if day else None
        if current is None:
            self.notify(L("Kies eerst een vergadering.", "Choose a meeting first."))
        return current

    def action_edit(self) -> None:
        """Edit a planned meeting; a new start moves it (its items follow, the deadline is set
        again by the table's rule unless given)."""
        chosen = self._chosen_meeting()
        if chosen is None:
            return
        m = self.ws.meetings.get(chosen.id)
        fields = [
            FormField("title", L("Titel", "Title"), value=m.title),
            FormField(
                "kind", L("Soort", "Kind"), "select", options=vocab.MEETING_KINDS, value=m.kind
            ),
            FormField(
                "starts_at", L("Begin", "Start"), "datetime", value=m.starts_at, required=True
            ),
            FormField("ends_at", L("Einde", "End"), "datetime", value=m.ends_at),
            FormField("location", L("Locatie of link", "Location or link"), value=m.location),
            FormField(
                "submission_deadline",
                L("Indiendeadline", "Submission deadline"),
                "datetime",
                value=m.submission_deadline,
                help=L(
                    "bij een nieuw begin opnieuw berekend, tenzij u hem wijzigt",
                    "set again for a new start, unless you change it",
                ),
            ),
        ]

        def submit(v: dict) -> Any:
            version = v.pop("version", m.version)
            if v.get("starts_at") and v["starts_at"] != m.starts_at:
                deadline = v.get("submission_deadline")
                moved = self.ws.meetings.move(
                    m.id,
                    version,
                    v["starts_at"],
                    ends_at=v.get("ends_at") if v.get("ends_at") != m.ends_at else None,
                    submission_deadline=deadline if deadline != m.submission_deadline else None,
                )
                rest = {k: v.get(k) for k in ("title", "kind", "location") if v.get(k) != m[k]}
                return self.ws.meetings.update(moved.id, moved.version, **rest) if rest else moved
            changes = {k: v.get(k) for k in v if v.get(k) != m[k]}
            return self.ws.meetings.update(m.id, version, **changes) if changes else m

        self.app.push_screen(
            FormScreen(
                L("Vergadering wijzigen", "Edit meeting"), fields, submit=submit, version=m.version
            ),
            self._created,
        )

    def action_cancel_meeting(self) -> None:
        """Cancel with a reason; open items go to the next meeting or the backlog."""
        chosen = self._chosen_meeting()
        if chosen is None:
            return
        m = self.ws.meetings.get(chosen.id)
        self.app.push_screen(
            FormScreen(
                L(f"Vergadering annuleren: {m.title}", f"Cancel meeting: {m.title}")[:70],
                [
                    FormField(
                        "cancel_reason",
                        L("Reden", "Reason"),
                        "textarea",
                        required=True,
                        help=L(
                            "open punten gaan naar de volgende vergadering of de backlog",
                            "open items go to the next meeting or the backlog",
                        ),
                    )
                ],
                submit=lambda v: self.ws.meetings.cancel(
                    m.id, self.ws.meetings.get(m.id).version, v.get("cancel_reason") or ""
                ),
            ),
            self._created,
        )

    def _created(self, result: Any) -> None:
        if not result:
            return
        first = result[0] if isinstance(result, list) else result
        self.list_view.reload(keep_cursor=True)
        self.list_view.find(first.id)
        if self.month_mode:
            self.query_one(MonthView).day = dt.date.fromisoformat(first.starts_at[:10])
            self._load_month()
        if isinstance(result, list):
            self.notify(
                L(f"{len(result)} vergaderingen gepland.", f"{len(result)} meetings planned.")
            )
        self._update_status()
