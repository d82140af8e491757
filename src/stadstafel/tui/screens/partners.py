"""Partners: the organisations list (filter, sort, paged) and a partner's detail screen.

PartnersScreen()                 the "p" section
PartnerDetailScreen(org_id)      people, memberships, interests, actions, submitted items
"""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from stadstafel.records import Page, Record
from stadstafel.tui.calls import call_service, service_action
from stadstafel.tui.modals import ConfirmScreen
from stadstafel.tui.text import L
from stadstafel.tui.textual_private import style_as_focused
from stadstafel.tui.widgets.base import (
    SectionScreen,
    StadstafelScreen,
    bind,
)
from stadstafel.tui.widgets.form import FormField, FormScreen, push_form
from stadstafel.tui.widgets.lists import RecordTable, clip
from stadstafel.tui.widgets.paged import (
    FilterInput,
    PagedRecordTable,
    focus_filter,
    type_into_filter,
)
from stadstafel.tui.widgets.tabs import RecordTabs

SORTS = [
    ("name", "naam", "name"),
    ("kind", "soort", "kind"),
    ("people", "personen", "people"),
]


def organisation_fields(ws: Any, org: Record | None = None) -> list[FormField]:
    org = org or Record()
    return [
        FormField("name", L("Naam", "Name"), required=True, value=org.name),
        FormField(
            "kind",
            L("Soort", "Kind"),
            "select",
            options=ws.vocabulary("organisation_kinds"),
            value=org.kind,
            required=True,
        ),
        FormField("website", L("Website", "Website"), value=org.website, help="https://…"),
        FormField("notes", L("Notities", "Notes"), "textarea", value=org.notes),
    ]


def person_fields(ws: Any, org_id: int | None, person: Record | None = None) -> list[FormField]:
    person = person or Record()
    return [
        FormField("name", L("Naam", "Name"), required=True, value=person.name),
        FormField("function", L("Functie", "Function"), value=person.function),
        FormField("email", L("E-mail", "E-mail"), value=person.email),
        FormField("phone", L("Telefoon", "Phone"), value=person.phone),
        FormField("notes", L("Notities", "Notes"), "textarea", value=person.notes),
    ]


class PartnersScreen(SectionScreen):
    """All organisations: type to filter, ``s`` sorts, Enter opens, n/e/d edit."""

    PLACE = ("sort_index",)  # kept when the screen is dropped (StadstafelScreen.place)

    TITLE_NL, TITLE_EN = "Partners", "Partners"
    # The list has the focus from the start: focused first by Textual's default (the filter,
    # the first focusable widget) and then by on_mount, the list was drawn twice.
    AUTO_FOCUS = "#organisations"
    BINDINGS = [
        bind("f", "filter", "Filter", "Filter", id="partners.filter", show=False, priority=True),
        bind("s", "sort", "Sorteren", "Sort", id="partners.sort", show=False),
        bind("n", "new", "Nieuw", "New", id="partners.new", right="organisation.create"),
        bind("e", "edit", "Wijzig", "Edit", id="partners.edit", right="organisation.update"),
        bind(
            "d", "delete", "Verwijder", "Delete", id="partners.delete", right="organisation.delete"
        ),
    ]
    DEFAULT_CSS = """
    PartnersScreen #filter { margin: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.sort_index = 0

    def compose_body(self) -> ComposeResult:
        yield FilterInput(
            placeholder=L(
                "Typ om te filteren op naam of soort (f)", "Type to filter by name or kind (f)"
            ),
            id="filter",
            classes="filter",
            select_on_focus=False,
            on_change=self._filter_changed,
        )
        # the count line above the list: drawn by the screen (set_count), not a widget
        yield self.line_above(
            PagedRecordTable(
                [
                    (L("Naam", "Name"), 36),
                    (L("Soort", "Kind"), 22),
                    (L("Pers.", "Ppl."), 5),
                    (L("Tafels", "Tables"), 6),
                ],
                fetch=self.fetch,
                # cut with "…" where drawn: the name takes the room of a wider terminal
                cells=lambda r: (r.name, r.kind, r.people, r.tables),
                id="organisations",
            )
        )

    @property
    def table(self) -> PagedRecordTable:
        return self.query_one("#organisations", PagedRecordTable)

    @property
    def filter_text(self) -> str:
        return self.query_one("#filter", Input).value.strip()

    @property
    def sort(self) -> str:
        return SORTS[self.sort_index][0]

    def fetch(self, offset: int, limit: int) -> Page:
        return self.ws.organisations.list(
            filter=self.filter_text, order=self.sort, offset=offset, limit=limit
        )

    def right_scope(self, right: str) -> dict:
        """Editing or deleting: for the organisation under the cursor (tui/rights.py)."""
        row = self.table.current_record if self.is_mounted else None
        return {"org_id": row.id if row is not None else None}

    def on_mount(self) -> None:
        self.refresh_data()
        self.table.focus()

    def refresh_data(self) -> None:
        self.table.reload()
        self.update_count()

    def update_count(self) -> None:
        _, nl, en = SORTS[self.sort_index]
        total = self.table.total_text
        shown = len(self.table.order)
        text = L(
            f"{total} partners · {shown} geladen · sortering: {nl} (s)",
            f"{total} partners · {shown} loaded · sorted by: {en} (s)",
        )
        if self.filter_text:
            text += L(f" · filter: '{self.filter_text}'", f" · filter: '{self.filter_text}'")
        self.set_count(text)

    # -- filter and sort ----------------------------------------------------------------------
    def _filter_changed(self, _value: str) -> None:
        if self.is_mounted:
            self.table.reload(keep_cursor=False)
            self.update_count()

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        self.table.focus()

    def action_filter(self) -> None:
        focus_filter(self)

    def on_key(self, event: events.Key) -> None:
        type_into_filter(self, event)  # typing on the list filters it

    def key_escape(self) -> None:
        """Escape in the filter clears it and goes back to the list."""
        filter_input = self.query_one("#filter", Input)
        if filter_input.has_focus:
            filter_input.value = ""
            self.table.focus()

    def key_down(self) -> None:
        if self.query_one("#filter", Input).has_focus:
            self.table.focus()

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.table.reload(keep_cursor=True)
        self.update_count()

    @on(PagedRecordTable.RowHighlighted)
    def _highlighted(self, event: PagedRecordTable.RowHighlighted) -> None:
        self.update_count()

    # -- open, create, edit, delete -----------------------------------------------------------
    @on(PagedRecordTable.RowSelected, "#organisations")
    def _selected(self, event: PagedRecordTable.RowSelected) -> None:
        record = self.table.current_record
        if record is not None:
            self.app.push_screen(PartnerDetailScreen(record.id))

    def action_new(self) -> None:
        form = FormScreen(
            L("Nieuwe partner", "New partner"),
            organisation_fields(self.ws),
            submit=lambda v: self.ws.organisations.create(**v),
        )
        self.app.push_screen(form, self._saved)

    @service_action
    def action_edit(self) -> None:
        record = self.table.current_record
        if record is None:
            return
        org = self.ws.organisations.get(record.id)
        form = FormScreen(
            L(f"Partner wijzigen: {org.name}", f"Edit partner: {org.name}"),
            organisation_fields(self.ws, org),
            submit=lambda v: self.ws.organisations.update(org.id, **v),
            version=org.version,
        )
        self.app.push_screen(form, self._saved)

    def _saved(self, record: Record | None) -> None:
        if record is None:
            return
        self.table.reload()
        self.table.select_key(record.id)
        self.update_count()
        self.notify(L(f"Opgeslagen: {record.name}", f"Saved: {record.name}"), markup=False)

    def action_delete(self) -> None:
        record = self.table.current_record
        if record is None:
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            current = call_service(self, self.ws.organisations.get, record.id)
            if current is None:
                return
            done = call_service(self, self.ws.organisations.delete, current.id, record.version)
            if done is not False:
                self.refresh_data()

        self.app.push_screen(
            ConfirmScreen(
                L(f"Partner '{record.name}' verwijderen?", f"Delete partner '{record.name}'?")
            ),
            answer,
        )


def _late(action: Record) -> str:
    from stadstafel import clock

    late = action.status == "open" and action.due and action.due < clock.today_text()
    return f"! {L('te laat', 'overdue')}" if late else action.status


def action_columns() -> list[tuple]:
    return [
        (L("Actie", "Action"), 32, lambda a: a.text),
        (L("Uiterlijk", "Due"), 11, lambda a: a.due),
        (L("Status", "Status"), 12, _late),
        (L("Tafel", "Table"), 14, lambda a: a.table_name),
    ]


class _Columns:
    """Column specs built when first used (the language is known by then)."""

    def __init__(self, build):
        self.build = build

    def __iter__(self):
        return iter(self.build())

    def __len__(self) -> int:
        return len(self.build())


PEOPLE_COLUMNS = _Columns(
    lambda: [
        (L("Naam", "Name"), 22, lambda p: p.name),
        (L("Functie", "Function"), 16, lambda p: p.function),
        (L("E-mail", "E-mail"), 20, lambda p: p.email),
        (L("Telefoon", "Phone"), 12, lambda p: p.phone),
    ]
)
MEMBERSHIP_COLUMNS = _Columns(
    lambda: [
        (L("Tafel", "Table"), 34, lambda m: m.table_name),
        (L("Rol", "Role"), 10, lambda m: m.role),
        (L("Sinds", "Since"), 10, lambda m: m.since),
        (L("Tot", "Until"), 10, lambda m: m.until),
    ]
)
INTEREST_COLUMNS = _Columns(
    lambda: [
        (L("Tafel", "Table"), 22, lambda i: i.table_name),
        (L("Thema", "Topic"), 18, lambda i: i.topic),
        (L("Belang", "Interest"), 30, lambda i: i.text),
    ]
)
ITEM_COLUMNS = _Columns(
    lambda: [
        (L("Titel", "Title"), 30, lambda a: a.title),
        (L("Status", "Status"), 12, lambda a: a.status),
        (L("Vergadering", "Meeting"), 11, lambda a: (a.meeting_starts_at or "backlog")[:10]),
        (L("Tafel", "Table"), 14, lambda a: a.table_name),
    ]
)


TAB_KEYS = [
    ("personen", "Personen", "People"),
    ("tafels", "Tafels", "Tables"),
    ("belangen", "Belangen", "Interests"),
    ("acties", "Acties", "Actions"),
    ("punten", "Agendapunten", "Agenda items"),
]


class PartnerDetailScreen(StadstafelScreen):
    """One organisation: its people (n/e/d), memberships, interests, actions and items."""

    TITLE_NL, TITLE_EN = "Partner", "Partner"
    BINDINGS = [
        bind("escape", "back", "Terug", "Back", id="partner.back"),
        # n makes what the tab lists: a person on Personen, an action on Acties; elsewhere
        # it is not offered (memberships, interests and items are made at their table)
        bind("n", "new_person", "Nieuw", "New", id="partner.person_new", right="person.create"),
        bind("n", "new_action", "Nieuw", "New", id="partner.action_new", right="action.manage"),
        bind("e", "edit_person", "Wijzig", "Edit", id="partner.person_edit", right="person.update"),
        bind(
            "d",
            "delete_person",
            "Verwijder",
            "Delete",
            id="partner.person_delete",
            right="person.delete",
        ),
        bind(
            "w",
            "edit_partner",
            "Partner wijzigen",
            "Edit partner",
            id="partner.edit",
            right="organisation.update",
        ),
        bind("L", "history", "Logboek", "History", id="partner.history", show=False),
        *[
            bind(str(i), f"tab('{tab}')", nl, en, id=f"partner.tab_{tab}", show=False)
            for i, (tab, nl, en) in enumerate(TAB_KEYS, 1)
        ],
    ]
    DEFAULT_CSS = """
    PartnerDetailScreen #summary { height: auto; max-height: 4; padding: 0 1; }
    PartnerDetailScreen #org-name { text-style: bold; color: $text-primary; }
    """

    # The people list has the focus from the start: focusing the tab bar first (Textual's
    # default) and moving on from it restyled the tab bar twice.
    AUTO_FOCUS = "#people"
    #: each tab's list and the part of ``detail`` it shows
    TAB_LISTS = {
        "personen": ("people", "people"),
        "tafels": ("memberships", "memberships"),
        "belangen": ("interests", "interests"),
        "acties": ("actions", "actions"),
        "punten": ("items", "items"),
    }

    def __init__(self, organisation_id: int):
        super().__init__()
        self.organisation_id = organisation_id
        self.detail: dict = {}
        self._filled: set[str] = set()  # the tabs whose list shows the current ``detail``
        self._lists: dict[str, RecordTable] = {}  # each tab's list, once built

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="org-name", classes="section-title", markup=False)
        yield Static("", id="summary", markup=False)
        # Only the people list is built with the screen; another tab's list when that tab is
        # first shown (``_list``): each list is some twenty styled parts.
        labels = [(tab, L(f"{i} {nl}", f"{i} {en}")) for i, (tab, nl, en) in enumerate(TAB_KEYS, 1)]
        yield RecordTabs(labels, build=self._make_list, id="tabs")
        yield from self.compose_footer()

    def _make_list(self, tab: str) -> RecordTable:
        widget_id, _part = self.TAB_LISTS[tab]
        columns = {
            "personen": PEOPLE_COLUMNS,
            "tafels": MEMBERSHIP_COLUMNS,
            "belangen": INTEREST_COLUMNS,
            "acties": action_columns(),
            "punten": ITEM_COLUMNS,
        }[tab]
        self._lists[tab] = RecordTable(columns, id=widget_id)
        if widget_id == self.AUTO_FOCUS[1:] and not self.is_mounted:
            # focused before the first frame: styled so as it mounts, not again as it is
            style_as_focused(self._lists[tab])
        return self._lists[tab]

    def _list(self, tab: str) -> RecordTable:
        """The list of ``tab``, built and mounted (hidden unless shown) the first time it is
        asked for."""
        if tab not in self._lists:
            self.query_one("#tabs", RecordTabs).body(tab)  # builds it with _make_list
        return self._lists[tab]

    def right_scope(self, right: str) -> dict:
        """Every key here acts for this organisation (tui/rights.py)."""
        return {"org_id": self.organisation_id}

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#people", RecordTable).focus()

    def refresh_data(self) -> None:
        detail = call_service(self, self.ws.organisations.detail, self.organisation_id)
        if detail is None:  # deleted meanwhile
            self.dismiss_if_gone()
            return
        self.detail = detail
        org = detail["organisation"]
        self.query_one("#org-name", Static).update(org.name)
        self.set_heading(f"Partners › {org.name}")
        lines = [f"{L('Soort', 'Kind')}: {org.kind}"]
        if org.website:
            lines[0] += f" · {org.website}"
        counts = L(
            f"{len(detail['people'])} personen · {len(detail['memberships'])} tafels · "
            f"{len(detail['actions'])} acties · {len(detail['items'])} agendapunten",
            f"{len(detail['people'])} people · {len(detail['memberships'])} tables · "
            f"{len(detail['actions'])} actions · {len(detail['items'])} agenda items",
        )
        lines.append(counts)
        if org.notes:
            lines.append(clip(org.notes, 150))
        self.query_one("#summary", Static).update("\n".join(lines))
        # Only the tab in view is filled now; another when it is shown (``_fill``).
        self._filled.clear()
        self._fill(self._active_tab())

    def _active_tab(self) -> str:
        tabs = self.query("#tabs")
        return (tabs.first(RecordTabs).active if tabs else "") or "personen"

    def _fill(self, tab: str) -> None:
        if tab in self._filled or tab not in self.TAB_LISTS or not self.detail:
            return
        self._filled.add(tab)
        _widget_id, part = self.TAB_LISTS[tab]
        self._list(tab).show(self.detail[part])

    def dismiss_if_gone(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()

    @property
    def organisation(self) -> Record | None:
        return self.detail.get("organisation")

    # -- tabs -----------------------------------------------------------------------------------
    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", RecordTabs).show(tab)
        self._fill(tab)
        self._list(tab).focus()

    @on(RecordTabs.TabActivated)
    def _tab_changed(self, event: RecordTabs.TabActivated) -> None:
        # a tab chosen with the mouse or the bar's arrows: its list filled and focused
        self._fill(event.tab)
        if event.tab == self._active_tab():
            self._list(event.tab).focus()
        self.refresh_bindings()

    #: action -> the tab where its key applies
    TAB_OF = {
        "new_person": "personen",
        "edit_person": "personen",
        "delete_person": "personen",
        "new_action": "acties",
    }

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.TAB_OF:
            tabs = self.query("#tabs")
            return bool(tabs) and tabs.first(RecordTabs).active == self.TAB_OF[action]
        return super().check_action(action, parameters)

    def history_scope(self) -> tuple[list[tuple[str, int]], str]:
        """The organisation's history with that of its people."""
        org = self.ws.organisations.get(self.organisation_id)
        people = self.ws.people.list(organisation_id=org.id, limit=None).rows
        return [("organisation", org.id), *(("person", p.id) for p in people)], org.name

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- the organisation -----------------------------------------------------------------------
    @service_action
    def action_edit_partner(self) -> None:
        org = self.ws.organisations.get(self.organisation_id)
        form = FormScreen(
            L(f"Partner wijzigen: {org.name}", f"Edit partner: {org.name}"),
            organisation_fields(self.ws, org),
            submit=lambda v: self.ws.organisations.update(org.id, **v),
            version=org.version,
        )
        self.app.push_screen(form, self._saved)

    # -- people ---------------------------------------------------------------------------------
    @property
    def people_table(self) -> RecordTable:
        return self.query_one("#people", RecordTable)

    def action_new_person(self) -> None:
        org_id = self.organisation_id
        form = FormScreen(
            L("Nieuwe persoon", "New person"),
            person_fields(self.ws, org_id),
            submit=lambda v: self.ws.people.create(organisation_id=org_id, **v),
        )
        self.app.push_screen(form, self._saved)

    @service_action
    def action_edit_person(self) -> None:
        record = self.people_table.current_record
        if record is None:
            return
        person = self.ws.people.get(record.id)
        form = FormScreen(
            L(f"Persoon wijzigen: {person.name}", f"Edit person: {person.name}"),
            person_fields(self.ws, self.organisation_id, person),
            submit=lambda v: self.ws.people.update(person.id, **v),
            version=person.version,
        )
        self.app.push_screen(form, self._saved)

    def action_delete_person(self) -> None:
        record = self.people_table.current_record
        if record is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                call_service(self, self.ws.people.delete, record.id, record.version)
                self.refresh_data()

        self.app.push_screen(
            ConfirmScreen(L(f"Persoon '{record.name}' verwijderen?", f"Delete '{record.name}'?")),
            answer,
        )

    def _saved(self, record: Record | None) -> None:
        if record is None:
            return
        self.refresh_data()
        self.people_table.select_key(record.id)
        self.notify(L(f"Opgeslagen: {record.name}", f"Saved: {record.name}"), markup=False)

    # -- actions --------------------------------------------------------------------------------
    def action_new_action(self) -> None:
        """An action owned by this organisation, at one of its tables where the actor may
        manage actions (asked first when there are several)."""
        from stadstafel import clock, permissions
        from stadstafel.tui.modals import PickerScreen

        actor, today = self.ws.actor, clock.today_text()
        tables = [
            (m.table_name, m.table_id)
            for m in self.detail.get("memberships", [])
            if (not m.until or m.until >= today)
            and permissions.allowed(actor, "action.manage", table_id=m.table_id)
        ]
        tables = list(dict.fromkeys(tables))
        if not tables:
            self.notify(
                L(
                    "Deze partner zit niet aan een tafel waar u acties beheert.",
                    "This partner is not at a table where you manage actions.",
                ),
                severity="warning",
                markup=False,
            )
            return
        if len(tables) == 1:
            self._new_action_at(tables[0][1])
            return
        self.app.push_screen(
            PickerScreen(L("Voor welke tafel?", "For which table?"), tables),
            lambda table_id: table_id is not None and self._new_action_at(table_id),
        )

    def _new_action_at(self, table_id: int) -> None:
        from stadstafel.tui.screens.actions import action_fields

        org = self.organisation
        fields = action_fields(self.ws, table_id)
        for field in fields:
            if field.name == "owner_org_id":
                field.value = self.organisation_id
        name = self.ws.tables.get(table_id).name
        push_form(
            self.app,
            L(f"Nieuwe actie voor {org.name} — {name}", f"New action for {org.name} — {name}"),
            fields,
            lambda v: self.ws.actions.create(table_id=table_id, **v),
            self._action_saved,
        )

    def _action_saved(self, record: Record | None) -> None:
        if record is None:
            return
        self.refresh_data()
        self._list("acties").select_key(record.id)
        self.notify(L("Actie opgeslagen", "Action saved"), markup=False)
