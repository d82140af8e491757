"""Actions and toezeggingen: everything that must be followed up, sorted by due date.

    ActionsScreen()     the "a" section: a paged list with filters, close / reopen / edit
    StuckScreen()       the stuck review (s): goals without an open action, items postponed
                        twice or more, overdue actions per partner

Filters: partner (owner organisation), owner person, table, kind (``f``), overdue only
(``o``), also closed ones (``A``), and text (type, or ctrl+f).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input, Static

from stadstafel import clock
from stadstafel.records import Page, Record
from stadstafel.tui.calls import call_service
from stadstafel.tui.modals import PickerScreen
from stadstafel.tui.options import member_options, person_options, table_options
from stadstafel.tui.rights import refusal, refused
from stadstafel.tui.styles import SCREEN_CSS
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import SectionScreen, StadstafelScreen, bind
from stadstafel.tui.widgets.form import FormField, push_form
from stadstafel.tui.widgets.lists import clip
from stadstafel.tui.widgets.paged import (
    PagedRecordTable,
    filter_bar,
    focus_filter,
    type_into_filter,
)
from stadstafel.tui.words import cell, day_text, word

ALL = 0  # the "(alle)" choice in a filter picker


def action_fields(ws: Any, table_id: int, action: Record | None = None) -> list[FormField]:
    """Text, kind, owner (organisation and person, from the table's members) and due date."""
    members = member_options(ws, table_id)
    org_ids = [v for _, v in members]
    if action is not None and action.owner_org_id and action.owner_org_id not in org_ids:
        members.append((action.owner_org or str(action.owner_org_id), action.owner_org_id))
        org_ids.append(action.owner_org_id)
    return [
        FormField(
            "text",
            L("Wat", "What"),
            "textarea",
            required=True,
            value=action.text if action else None,
        ),
        FormField(
            "kind",
            L("Soort", "Kind"),
            "select",
            required=True,
            options=[(word(k), k) for k in ws.vocabulary("action_kinds")],
            value=action.kind if action else "actie",
        ),
        FormField(
            "owner_org_id",
            L("Eigenaar (organisatie)", "Owner (organisation)"),
            "select",
            options=members,
            value=action.owner_org_id if action else None,
        ),
        FormField(
            "owner_person_id",
            L("Eigenaar (persoon)", "Owner (person)"),
            "select",
            options=person_options(ws, org_ids),
            value=action.owner_person_id if action else None,
        ),
        FormField("due", L("Uiterlijk", "Due"), "date", value=action.due if action else None),
    ]


class ActionsScreen(SectionScreen):
    """All open actions and toezeggingen, filtered, sorted by due date."""

    # kept when the screen is dropped (StadstafelScreen.place): the filters chosen
    PLACE = ("owner_org_id", "owner_person_id", "table_id", "kind", "overdue", "closed_too",
             "filter_names")  # fmt: skip

    TITLE_NL = "Acties en toezeggingen"
    TITLE_EN = "Actions and commitments"
    DEFAULT_CSS = SCREEN_CSS
    AUTO_FOCUS = "#actions"
    BINDINGS = [
        bind("f", "filters", "Filters", id="actions.filters"),
        bind("o", "toggle_overdue", "Te laat", "Overdue", id="actions.overdue"),
        bind("A", "toggle_closed", "Ook gereed", "Also done", id="actions.closed"),
        bind("g", "close", "Gereed", "Done", id="actions.close", right="action.close"),
        bind("r", "reopen", "Heropenen", "Reopen", id="actions.reopen", right="action.manage"),
        bind("n", "new", "Nieuw", "New", id="actions.new", right="action.manage"),
        bind("s", "stuck", "Vastgelopen", "Stuck", id="actions.stuck"),
        bind("ctrl+f", "focus_filter", "Filter", id="actions.filter", priority=True),
        bind(
            "escape", "leave_filter", "Naar de lijst", "To the list", id="actions.leave", show=False
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.owner_org_id: int | None = None
        self.owner_person_id: int | None = None
        self.table_id: int | None = None
        self.kind: str | None = None
        self.overdue = False
        self.closed_too = False
        self.filter_names: dict[str, str] = {}  # filter -> shown name

    def compose_body(self) -> ComposeResult:
        yield filter_bar(
            "filters",
            L("typ om te zoeken (ctrl+f)", "type to search (ctrl+f)"),
            self._filter_changed,
        )
        yield PagedRecordTable(
            [
                (L("Soort", "Kind"), 10),
                (L("Wat", "What"), 19),
                (L("Eigenaar", "Owner"), 13),
                (L("Uiterlijk", "Due"), 17),
                (L("Status", "Status"), 9),
            ],
            fetch=self._fetch,
            cells=self._cells,
            id="actions",
        )
        # the status line under it: drawn by the screen (set_status), not a widget
        yield self.line_below(Static("", id="item-detail", markup=False))

    def right_scope(self, right: str) -> dict:
        """Closing an action: at its table, for the organisation that owns it; managing
        (new, reopen): at any table the actor manages (tui/rights.py)."""
        row = self.list_view.current_record if self.is_mounted else None
        if right != "action.close" or row is None:
            return {}
        return {"table_id": row.table_id, "org_id": row.owner_org_id}

    def on_mount(self) -> None:
        table = self.list_view
        self._show_filters()
        table.reload(keep_cursor=False)
        table.focus()
        self._show_detail()

    # -- data ---------------------------------------------------------------------------------
    @property
    def list_view(self) -> PagedRecordTable:
        return self.query_one("#actions", PagedRecordTable)

    @property
    def filter_text(self) -> str:
        return self.query_one("#filter", Input).value.strip()

    def _fetch(self, offset: int, limit: int) -> Page:
        return self.ws.actions.list(
            filter=self.filter_text,
            table_id=self.table_id,
            owner_org_id=self.owner_org_id,
            owner_person_id=self.owner_person_id,
            kind=self.kind,
            status=None if self.closed_too else "open",
            overdue=self.overdue,
            offset=offset,
            limit=limit,
        )

    def _cells(self, a: Record) -> list[Any]:
        if a.overdue:
            mark = Text(L("! te laat", "! overdue"), style="bold")
        else:
            mark = Text(word(a.status))
        return [
            Text(word(a.kind)),
            cell(a.text),
            cell(a.owner_org or a.owner_person or "–"),
            Text(day_text(a.due) if a.due else "–"),
            mark,
        ]

    def refresh_data(self) -> None:
        self.list_view.reload(keep_cursor=True)
        self._show_detail()

    def _reload(self, select: int | None = None) -> None:
        table = self.list_view
        table.reload(keep_cursor=select is not None)
        if select is not None:
            table.find(select)
        self._show_filters()
        self._show_detail()

    def _show_filters(self) -> None:
        parts = []
        for key, label in (
            ("org", L("partner", "partner")),
            ("person", L("persoon", "person")),
            ("table", L("tafel", "table")),
        ):
            if key in self.filter_names:
                parts.append(f"{label}: {clip(self.filter_names[key], 18)}")
        if self.kind:
            parts.append(word(self.kind))
        if self.overdue:
            parts.append(L("alleen te laat", "overdue only"))
        if self.closed_too:
            parts.append(L("ook gereed", "also done"))
        text = " · ".join(parts) or L("alle open", "all open")
        self.query_one("#filters", Static).update(f"{L('Filter', 'Filter')}: {text}")

    def _show_detail(self) -> None:
        table = self.list_view
        a = table.current_record
        detail = self.query_one("#item-detail", Static)
        if a is None:
            detail.update(
                L(
                    "Niets gevonden met deze filters. f: filters · o: te laat aan/uit",
                    "Nothing found with these filters. f: filters · o: overdue on/off",
                )
            )
        else:
            owner = " / ".join(filter(None, [a.owner_org, a.owner_person])) or "–"
            due = day_text(a.due, True) if a.due else L("geen datum", "no date")
            late = L(" (! te laat)", " (! overdue)") if a.overdue else ""
            state = word(a.status) + (f" {day_text(a.done_on)}" if a.done_on else "")
            meta = (
                f"{word(a.kind)} · {owner} · {L('uiterlijk', 'due')} {due}{late} · "
                f"{state} · {a.table_name}"
            )
            detail.update(f"{clip(a.text, 78)}\n{clip(meta, 156)}")
        total, loaded = table.total_text, len(table.order)
        status = L(
            f"{total} acties en toezeggingen ({loaded} geladen)",
            f"{total} actions and commitments ({loaded} loaded)",
        )
        if a is not None and refusal(self, "action.manage", self._scope(a)) is None:
            status += L(" · Enter wijzigen", " · Enter edit")  # else Enter says why not
        self.set_status(status)

    @staticmethod
    def _scope(a: Record) -> dict[str, Any]:
        """Where changing ``a`` needs its right, as the service checks it: its table."""
        return {"table_id": a.table_id, "org_id": a.owner_org_id}

    # -- events -------------------------------------------------------------------------------
    def _filter_changed(self, _value: str) -> None:
        if self.is_mounted:
            self._reload()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.list_view.focus()

    @on(DataTable.RowHighlighted, "#actions")
    def _moved(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#actions")
    def _enter(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def on_key(self, event: events.Key) -> None:
        type_into_filter(self, event)  # typing on the list filters it

    def action_focus_filter(self) -> None:
        focus_filter(self)

    def action_leave_filter(self) -> None:
        filt = self.query_one("#filter", Input)
        if self.focused is filt and filt.value:
            filt.value = ""
        self.list_view.focus()

    # -- filters ------------------------------------------------------------------------------
    def action_toggle_overdue(self) -> None:
        self.overdue = not self.overdue
        self._reload()

    def action_toggle_closed(self) -> None:
        self.closed_too = not self.closed_too
        self._reload()

    def action_filters(self) -> None:
        every = L("alle", "all")
        names = self.filter_names
        kind = word(self.kind) if self.kind else every
        choices = [
            (f"{L('Partner', 'Partner')}: {names.get('org', every)}", "org"),
            (f"{L('Persoon', 'Person')}: {names.get('person', every)}", "person"),
            (f"{L('Tafel', 'Table')}: {names.get('table', every)}", "table"),
            (f"{L('Soort', 'Kind')}: {kind}", "kind"),
            (
                L("Alleen te laat: ", "Overdue only: ")
                + L(*(("ja", "yes") if self.overdue else ("nee", "no"))),
                "overdue",
            ),
            (L("Alle filters wissen", "Clear all filters"), "clear"),
        ]
        self.app.push_screen(
            PickerScreen(L("Filteren op…", "Filter by…"), choices), self._filter_chosen
        )

    def _filter_chosen(self, which: str | None) -> None:
        if which is None:
            return
        if which == "overdue":
            self.action_toggle_overdue()
        elif which == "clear":
            self.owner_org_id = self.owner_person_id = self.table_id = None
            self.kind, self.overdue, self.closed_too, self.filter_names = None, False, False, {}
            self.query_one("#filter", Input).value = ""
            self._reload()
        elif which == "kind":
            kinds = self.ws.vocabulary("action_kinds")
            options = [(L("(alle)", "(all)"), "")] + [(word(k), k) for k in kinds]
            self._pick(L("Welke soort?", "Which kind?"), options, self._set_kind)
        elif which == "table":
            options = [(L("(alle tafels)", "(all tables)"), ALL), *table_options(self.ws)]
            self._pick(L("Welke tafel?", "Which table?"), options, self._set_table)
        elif which == "org":
            orgs = self.ws.organisations.list().rows
            options = [(L("(alle partners)", "(all partners)"), ALL)] + [
                (o.name, o.id) for o in orgs
            ]
            self._pick(
                L("Welke partner (eigenaar)?", "Which partner (owner)?"), options, self._set_org
            )
        elif which == "person":
            if self.owner_org_id:
                people = self.ws.people.of_organisation(self.owner_org_id)
            else:
                people = self.ws.people.list().rows
            options = [(L("(alle personen)", "(all people)"), ALL)] + [
                (f"{p.name} — {p.organisation_name or ''}".rstrip(" —"), p.id) for p in people
            ]
            self._pick(
                L("Welke persoon (eigenaar)?", "Which person (owner)?"), options, self._set_person
            )

    def _pick(
        self, title: str, options: list[tuple[str, Any]], then: Callable[[Any, str], None]
    ) -> None:
        labels = {value: label for label, value in options}

        def chosen(value: Any) -> None:
            if value is not None:
                then(value, labels.get(value, ""))

        self.app.push_screen(PickerScreen(title, options), chosen)

    def _set_kind(self, value: str, label: str) -> None:
        self.kind = value or None
        self._reload()

    def _set_table(self, value: int, label: str) -> None:
        self.table_id = value or None
        self._label_filter("table", label if value else None)
        self._reload()

    def _set_org(self, value: int, label: str) -> None:
        self.owner_org_id = value or None
        self._label_filter("org", label if value else None)
        if value and self.owner_person_id:  # a person of another partner no longer fits
            self.owner_person_id = None
            self._label_filter("person", None)
        self._reload()

    def _set_person(self, value: int, label: str) -> None:
        self.owner_person_id = value or None
        self._label_filter("person", label.split(" — ")[0] if value else None)
        self._reload()

    def _label_filter(self, key: str, name: str | None) -> None:
        if name:
            self.filter_names[key] = name
        else:
            self.filter_names.pop(key, None)

    # -- changes ------------------------------------------------------------------------------
    def _need(self) -> Record | None:
        a = self.list_view.current_record
        if a is None:
            self.notify(L("Kies eerst een actie.", "Choose an action first."))
        return a

    def action_close(self) -> None:
        a = self._need()
        if a is None:
            return
        if a.status != "open":
            self.notify(L("Deze actie is niet open.", "This action is not open."))
            return
        result = call_service(self, self.ws.actions.close, a.id, a.version, redo=self.action_close)
        if result is not None:
            self._reload(select=a.id)
            self.notify(
                L(f"Gereed op {day_text(clock.today())}: ", f"Done on {day_text(clock.today())}: ")
                + clip(a.text, 50),
                timeout=4,
                markup=False,
            )

    def action_reopen(self) -> None:
        a = self._need()
        if a is None:
            return
        if a.status == "open":
            self.notify(L("Deze actie staat al open.", "This action is open already."))
            return
        result = call_service(
            self, self.ws.actions.reopen, a.id, a.version, redo=self.action_reopen
        )
        if result is not None:
            self._reload(select=a.id)
            self.notify(
                L("Weer open: ", "Open again: ") + clip(a.text, 50), timeout=4, markup=False
            )

    def action_edit(self) -> None:
        a = self._need()
        if a is None:
            return
        # Said before a form to type into for nothing opens (its save would be refused):
        # the right at the action's own table, as the service checks it.
        if refused(self, "action.manage", self._scope(a)):
            return

        def submit(v: dict) -> Record:
            version = v.pop("version")
            return self.ws.actions.update(a.id, version, **v)

        push_form(
            self.app,
            L(f"Actie wijzigen ({a.table_name})", f"Edit action ({a.table_name})"),
            action_fields(self.ws, a.table_id, a),
            submit,
            lambda record: record is not None and self._reload(select=record.id),
            version=a.version,
        )

    def action_new(self) -> None:
        if self.table_id:
            self._new_for(self.table_id)
            return
        current = self.list_view.current_record
        self.app.push_screen(
            PickerScreen(
                L("Voor welke tafel?", "For which table?"),
                table_options(self.ws),
                value=current.table_id if current else None,
            ),
            lambda table_id: table_id is not None and self._new_for(table_id),
        )

    def _new_for(self, table_id: int) -> None:
        name = self.ws.tables.get(table_id).name
        push_form(
            self.app,
            L(f"Nieuwe actie — {name}", f"New action — {name}"),
            action_fields(self.ws, table_id),
            lambda v: self.ws.actions.create(table_id=table_id, **v),
            lambda record: record is not None and self._reload(select=record.id),
        )

    def action_stuck(self) -> None:
        self.app.push_screen(StuckScreen())

    def focus_action(self, action_id: int) -> None:
        """Put the cursor on one action (the home screen opens overdue actions here).

        When the filters hide it, they are cleared (and done ones shown) so it can be found.
        """
        if self.list_view.find(action_id):
            self._show_detail()
            return
        self.owner_org_id = self.owner_person_id = self.table_id = None
        self.kind, self.overdue, self.closed_too, self.filter_names = None, False, True, {}
        self.query_one("#filter", Input).value = ""
        self._reload(select=action_id)


class StuckScreen(StadstafelScreen):
    """The stuck review: where the collaboration does not move."""

    TITLE_NL = "Vastgelopen"
    TITLE_EN = "Stuck"
    DEFAULT_CSS = SCREEN_CSS
    BINDINGS = [
        bind("down", "scroll(1)", "Omlaag", "Down", id="stuck.down", show=False),
        bind("up", "scroll(-1)", "Omhoog", "Up", id="stuck.up", show=False),
        bind("pagedown", "page(1)", "Pagina omlaag", "Page down", id="stuck.pagedown", show=False),
        bind("pageup", "page(-1)", "Pagina omhoog", "Page up", id="stuck.pageup", show=False),
        bind("escape", "back", "Terug", "Back", id="stuck.back"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with VerticalScroll(id="stuck-body", can_focus=False):
            yield Static("", id="stuck-text")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        data = call_service(self, self.ws.overview.stuck)
        if data is None:
            return
        self.query_one("#stuck-text", Static).update(self.review(data))

    def review(self, data: dict) -> Any:
        from rich.console import Group

        parts: list[Any] = []

        def section(title: str, count: int) -> None:
            if parts:
                parts.append(Text(""))
            parts.append(Text(f"{title} ({count})", style="bold underline"))

        def table(*columns: tuple[str, int | None]) -> Table:
            t = Table(box=None, expand=True, pad_edge=False, show_edge=False)
            for label, ratio in columns:
                t.add_column(label, ratio=ratio, no_wrap=True, overflow="ellipsis")
            return t

        goals = data["goals_without_action"]
        section(L("Doelen zonder open actie", "Goals without an open action"), len(goals))
        if goals:
            t = table((L("Tafel", "Table"), 2), (L("Doel", "Goal"), 3), (L("Deadline", "Due"), 2))
            for g in goals:
                t.add_row(
                    Text(g.table_name or ""),
                    Text(g.description or ""),
                    Text(day_text(g.deadline) if g.deadline else "–"),
                )
            parts.append(t)
        else:
            parts.append(
                Text(L("Elk doel heeft een open actie.", "Every goal has an open action."))
            )

        postponed = data["postponed"]
        section(
            L("Punten twee keer of vaker doorgeschoven", "Items postponed twice or more"),
            len(postponed),
        )
        if postponed:
            t = table(
                (L("Punt", "Item"), 4),
                (L("Tafel", "Table"), 3),
                ("×", None),
                (L("Ingediend door", "Submitted by"), 3),
            )
            for item in postponed:
                t.add_row(
                    Text(item.title or ""),
                    Text(item.table_name or ""),
                    Text(f"{item.postponed_count}×"),
                    Text(item.submitter_org or "–"),
                )
            parts.append(t)
        else:
            parts.append(Text(L("Geen.", "None.")))

        overdue = data["overdue"]
        section(L("Te laat per partner", "Overdue per partner"), len(overdue))
        if overdue:
            t = table(
                (L("Partner", "Partner"), 4),
                (L("Te laat", "Overdue"), 2),
                (L("Oudste sinds", "Oldest since"), 3),
            )
            for row in overdue:
                t.add_row(
                    Text(row.organisation or "–"),
                    Text(f"! {row.overdue}"),
                    Text(day_text(row.oldest) if row.oldest else "–"),
                )
            parts.append(t)
        else:
            parts.append(Text(L("Niets te laat.", "Nothing overdue.")))
        return Group(*parts)

    def action_scroll(self, delta: int) -> None:
        body = self.query_one("#stuck-body", VerticalScroll)
        body.scroll_relative(y=delta, animate=False)

    def action_page(self, delta: int) -> None:
        body = self.query_one("#stuck-body", VerticalScroll)
        if delta > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    def action_back(self) -> None:
        self.app.pop_screen()
