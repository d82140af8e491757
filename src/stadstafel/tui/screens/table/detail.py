"""``TableDetailScreen``: one table, its tabs hosted side by side.

    TableDetailScreen(table_id, tab=None)   tab: a pane id ("leden", "werkafspraken",
                                            "belangen", "missie", "doelen", "initiatieven",
                                            or a plugin's "plugin-<id>")

The screen shows the table's name and summary, hosts the tabs and switches between them
(keys 1–9); ``b`` edits the table itself and ``l`` opens its besluitenlijst. Everything else
belongs to a tab: the core's (``CORE_TABS``) and the plugins' (the ``table_tabs`` hook) are
registered the same way, as (id, label, factory, applies) entries whose factory makes a
``TableTab`` widget. A tab's keys are its own ``BINDINGS``: they are active, and shown in the
footer, while the focus is in that tab.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget

from stadstafel.plugins import TableTab as TabEntry
from stadstafel.records import Record
from stadstafel.textsafe import neutralise
from stadstafel.tui.calls import call_service, service_action
from stadstafel.tui.screens.table.agreements import AgreementsTab
from stadstafel.tui.screens.table.base import may
from stadstafel.tui.screens.table.goals import GoalsTab
from stadstafel.tui.screens.table.initiatives import InitiativesTab
from stadstafel.tui.screens.table.interests import InterestsTab
from stadstafel.tui.screens.table.members import MembersTab
from stadstafel.tui.screens.table.mission import MissionTab
from stadstafel.tui.screens.table.options import rhythm_text
from stadstafel.tui.tabs import TableTab
from stadstafel.tui.text import L
from stadstafel.tui.textual_private import add_binding, style_as_focused
from stadstafel.tui.widgets.base import StadstafelScreen, bind
from stadstafel.tui.widgets.tabs import RecordTabs

#: The core's tabs, in order; registered as a plugin's are (``table_tabs`` hook), with the
#: pane id as their id.
CORE_TABS = [
    TabEntry("leden", ("Leden", "Members"), MembersTab, None, ""),
    TabEntry("werkafspraken", ("Werkafspraken", "Agreements"), AgreementsTab, None, ""),
    TabEntry("belangen", ("Belangen", "Interests"), InterestsTab, None, ""),
    TabEntry("missie", ("Missie", "Mission"), MissionTab, None, ""),
    TabEntry("doelen", ("Doelen", "Goals"), GoalsTab, None, ""),
    TabEntry("initiatieven", ("Initiatieven", "Initiatives"), InitiativesTab, None, ""),
]


def plugin_tab_id(entry_id: str) -> str:
    """The pane id of a plugin's tab: ``woningbouw.register`` -> ``plugin-woningbouw-register``."""
    return "plugin-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in entry_id)


class TableHead(Widget):
    """The table's name and, muted under it, its summary: one widget of two lines where
    there were two widgets (one fewer to compose, style, mount and draw as the screen
    opens). Drawn in ``render`` from the theme's styles, so a theme switch recolours it."""

    COMPONENT_CLASSES = {"table-head--summary"}
    DEFAULT_CSS = """
    TableHead { height: 2; text-wrap: nowrap; text-overflow: ellipsis; }
    TableHead > .table-head--summary { color: $text-muted; text-style: not bold; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.name_text = ""
        self.summary = ""

    def show(self, name: str, summary: str) -> None:
        if (name, summary) != (self.name_text, self.summary):
            self.name_text, self.summary = name, summary
            self.refresh()

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(self.name_text)  # user text: appended as it is, never markup
        text.append("\n")
        text.append(self.summary, self.get_component_rich_style("table-head--summary"))
        return text


class TableDetailScreen(StadstafelScreen):
    """One table, in tabs. Keys 1–9 switch tabs; each tab has its own keys."""

    TITLE_NL, TITLE_EN = "Tafel", "Table"
    # The focus goes to the first tab's list in ``on_mount`` (``focus_tab``), before the first
    # frame: focusing the tab bar first (Textual's default) and moving on from it restyled
    # the tab bar twice.
    AUTO_FOCUS = ""
    BINDINGS = [
        bind("escape", "back", "Terug", "Back", id="table.back"),
        *[
            bind(str(i), f"tab('{entry.id}')", *entry.label, id=f"table.tab_{entry.id}",
                 show=False)
            for i, entry in enumerate(CORE_TABS, 1)
        ],
        bind("b", "edit_table", "Tafel wijzigen", "Edit table", id="table.edit",
             right="table.update"),
        bind("l", "decisions", "Besluiten", "Decisions", id="table.decisions"),
        bind("L", "history", "Logboek", "History", id="table.history", show=False),
    ]  # fmt: skip
    DEFAULT_CSS = """
    TableDetailScreen .tab-fault { padding: 1 1; }
    TableDetailScreen VerticalScroll { height: 1fr; }
    """

    def __init__(self, table_id: int, tab: str | None = None):
        super().__init__()
        self.table_id = table_id
        self.requested_tab = tab
        self.initial_tab = CORE_TABS[0].id
        self.table: Record | None = None
        # the hosted tabs: (pane id, entry), the core's first, and each pane's widget
        self.tabs: list[tuple[str, TabEntry]] = []
        self.tab_widgets: dict[str, Widget] = {}

    def history_scope(self) -> tuple[list[tuple[str, int]], str]:
        """The table's history with that of what its tabs hold: members, werkafspraken,
        belangen, mission versions, goals and initiatives."""
        ws, tid = self.ws, self.table_id
        parts: list[tuple[str, int]] = [("table", tid)]
        parts += [("membership", m.id) for m in ws.tables.members(tid)]
        parts += [("working_agreement", a.id) for a in ws.working_agreements.of_table(tid)]
        parts += [("interest", i.id) for i in ws.interests.of_table(tid)]
        parts += [("mission", m.id) for m in ws.missions.revisions(tid)]
        parts += [("goal", g.id) for g in ws.goals.of_table(tid)]
        parts += [("initiative", i.id) for i in ws.initiatives.of_table(tid)]
        return parts, ws.tables.get(tid).name

    def _find_tabs(self, table: Record | None) -> list[tuple[str, TabEntry]]:
        found = [(entry.id, entry) for entry in CORE_TABS]
        getter = getattr(self.ws.plugins, "table_tabs", None)
        if table is None or getter is None:
            return found
        for entry in getter():
            try:
                if entry.applies is None or entry.applies(self.ws, table):
                    found.append((plugin_tab_id(entry.id), entry))
            except Exception as exc:  # a plugin's fault: no tab, a message
                self.notify(f"{entry.plugin}: {exc}", severity="error", markup=False)
        return found

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield TableHead(id="table-name", classes="section-title -noted")
        table = self.ws.tables.find(self.table_id)
        self.tabs = self._find_tabs(table)
        if self.requested_tab in {pane for pane, _ in self.tabs}:
            self.initial_tab = self.requested_tab
        self._tab_table = table or Record(id=self.table_id)
        # Only the tab shown first is built with the screen; another is built when it is
        # first shown: a table has ten or more tabs, and building them all was most of the
        # cost of opening it.
        labels = [(pane, f"{i} {L(*entry.label)}") for i, (pane, entry) in enumerate(self.tabs, 1)]
        yield RecordTabs(
            labels, build=self._make_tab, initial=self.initial_tab, bare=True, id="tabs"
        )
        for i, (pane, entry) in enumerate(self.tabs, 1):
            if entry.plugin and i <= 9:
                key = bind(str(i), f"tab('{pane}')", *entry.label, id=f"table.tab_{pane}",
                           show=False)  # fmt: skip
                add_binding(self, dataclasses.replace(key, description=L(*entry.label)))
        yield from self.compose_footer()

    def _make_tab(self, pane: str) -> Widget:
        """The widget of the tab ``pane``, made by its entry's factory (``RecordTabs`` asks
        for it when the tab is first shown)."""
        entry = dict(self.tabs)[pane]
        try:
            widget = entry.factory(self.ws, self.table or self._tab_table)
        except Exception as exc:
            if not entry.plugin:
                raise
            # A plugin's tab that cannot be made (its factory fails, or the module it names
            # cannot be imported): a message, and in the tab why; the screen goes on.
            from textual.widgets import Static

            why = neutralise(f"{entry.plugin}: {exc}")
            self.notify(why, severity="error", markup=False)
            widget = Static(
                L(
                    f"Deze tab kon niet worden gemaakt.\n{why}",
                    f"This tab could not be made.\n{why}",
                ),
                markup=False,
                classes="tab-fault",
            )
        if pane == self.initial_tab and not self.is_mounted and isinstance(widget, TableTab):
            widget.focus_first()  # on_mount focuses its list: styled so as it mounts
        self.tab_widgets[pane] = widget
        return widget

    def tab(self, pane: str) -> Widget:
        """The widget of the tab ``pane`` ("leden", "belangen", "plugin-…"); a tab not built
        yet is built now, mounted (hidden unless shown) and filled once it is mounted."""
        widget = self.tab_widgets.get(pane)
        if widget is not None:
            return widget
        _body, mounted = self.query_one("#tabs", RecordTabs).body(pane)
        widget = self.tab_widgets[pane]
        if mounted is not None:
            self.call_later(self._fill_tab, widget, mounted)
        return widget

    async def _fill_tab(self, widget: Widget, mounted: Awaitable[Any]) -> None:
        await mounted
        self._refresh_tab(widget)

    def _refresh_tab(self, widget: Widget) -> None:
        if isinstance(widget, TableTab) and self.table is not None:
            widget.table = self.table
        refresh = getattr(widget, "refresh_data", None)
        if callable(refresh):
            refresh()

    # -- data ----------------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.refresh_data()
        self.focus_tab(self.initial_tab)

    def refresh_data(self) -> None:
        table = call_service(self, self.ws.tables.get, self.table_id)
        if table is None:
            if self.app.screen is self:
                self.app.pop_screen()
            return
        self.table = table
        people = {
            p: self.ws.people.find(p) for p in (table.chair_person_id, table.secretary_person_id)
        }
        chair = people.get(table.chair_person_id)
        secretary = people.get(table.secretary_person_id)
        self.set_heading(f"{L('Tafels', 'Tables')} › {table.name}")
        summary = (
            f"{table.kind} · {rhythm_text(table.rhythm) or '—'} · "
            f"{L('voorzitter', 'chair')} {chair.name if chair else '—'} · "
            f"{L('secretaris', 'secretary')} {secretary.name if secretary else '—'}"
        )
        self.query_one("#table-name", TableHead).show(table.name, summary)
        for widget in list(self.tab_widgets.values()):
            if widget.is_mounted:
                self._refresh_tab(widget)

    # -- tabs ----------------------------------------------------------------------------------
    @property
    def heading(self) -> str:
        """The screen and its tab ("Tafel · Doelen"): help (?) names the tab it lists."""
        names = {pane: L(*entry.label) for pane, entry in self.tabs}
        return f"{super().heading} · {names.get(self.active_tab, '')}".rstrip(" ·")

    @property
    def active_tab(self) -> str:
        tabs = self.query("#tabs")
        return tabs.first(RecordTabs).active if tabs else self.initial_tab

    def focus_tab(self, tab: str) -> None:
        widget = self.tab(tab)
        # Screen.set_focus at once (Widget.focus waits for the next turn): the first frame's
        # footer then shows the tab's keys, not a frame later.
        focusable = widget.query("DataTable")
        if focusable:
            self.set_focus(focusable.first())
        elif self.focused is None:
            self.set_focus(self.query_one("#tabs", RecordTabs).bar)
        marked = getattr(widget, "focused_first", None)
        if marked is not None:  # styled focused as it mounted: put right if it is not
            widget.focused_first = None
            style_as_focused(marked, self.focused is marked)

    def action_tab(self, tab: str) -> None:
        tabs = self.query_one("#tabs", RecordTabs)
        if tabs.show(tab) is None:  # built before: focus it now; a new one once mounted
            self.focus_tab(tab)

    @on(RecordTabs.TabActivated)
    def _tab_changed(self, event: RecordTabs.TabActivated) -> None:
        if event.built:
            self._refresh_tab(self.tab_widgets[event.tab])
        # A tab's keys are active while the focus is in it: a tab chosen with the mouse or
        # the bar's arrows takes the focus too.
        focused = self.focused
        widget = self.tab_widgets[event.tab]
        if event.tab == self.active_tab and (
            focused is None or widget not in focused.ancestors_with_self
        ):
            self.focus_tab(event.tab)
        self.refresh_bindings()

    def footer_order(self, node: DOMNode, binding: Binding) -> int:
        """The footer reads: Terug, the active tab's keys, then the table's own."""
        if binding.action == "back":
            return 0
        return 1 if isinstance(node, TableTab) else 2

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- the table itself ----------------------------------------------------------------------
    @service_action
    def action_edit_table(self) -> None:
        if not may(self, "table.update", table_id=self.table_id):
            return
        table = self.ws.tables.get(self.table_id)

        def saved(record: Record | None) -> None:
            if record is not None:
                self.refresh_data()
                self.notify(L(f"Opgeslagen: {record.name}", f"Saved: {record.name}"),
                            markup=False)  # fmt: skip

        from stadstafel.tui.screens.table.forms import edit_table_form  # with a form

        self.app.push_screen(
            edit_table_form(self.ws, table),
            saved,
        )

    def action_decisions(self) -> None:
        from stadstafel.tui.screens.decisions import DecisionsScreen

        self.app.push_screen(DecisionsScreen(self.table_id))
