"""The main sections of the app: each one is a mode with its own screen stack.

A section's ``target`` is ``"module:Class"``, imported only when the section is first opened
(start-up stays fast), or a callable returning a screen (plugin sections). Section screens are
created without arguments and reach the data through ``self.app.workspace``.

If a target cannot be imported or built, the section shows a placeholder that says why; the
app never crashes over a missing or broken screen.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, NamedTuple

from textual.screen import Screen

from stadstafel.builtin import CORE_SCREENS
from stadstafel.errors import StadstafelError
from stadstafel.tui.calls import call_service
from stadstafel.tui.text import L


class Section(NamedTuple):
    """One main section: its mode id, titles, the key that opens it and its screen."""

    id: str
    title_nl: str
    title_en: str
    key: str
    target: str | Callable[[], Screen]
    plugin: str | None = None
    #: The module the screen comes from, when its factory names one (``factory.module``):
    #: the app imports it in the user's first pauses, so a first visit does not wait for it.
    #: A sequence of modules: imported in that order, one per pause step.
    module: str | tuple[str, ...] | None = None

    @property
    def title(self) -> str:
        return L(self.title_nl, self.title_en)


# The core's sections are defined once, by the built-in plugin that registers them.
CORE_SECTIONS: list[Section] = [Section(*row) for row in CORE_SCREENS]


def import_target(target: str) -> Any:
    """``"package.module:Name"`` -> the object (raises ImportError / AttributeError)."""
    module_name, _, attr = target.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attr)


def make_screen(section: Section) -> Screen:
    """Build the section's screen, or a placeholder saying why it could not be built."""
    try:
        target = section.target
        factory = import_target(target) if isinstance(target, str) else target
        screen = factory()
        if not isinstance(screen, Screen):
            raise TypeError(f"{target!r} gaf {type(screen).__name__}, geen Screen")
        check_css(screen)
        return screen
    except Exception as exc:  # a missing module or a broken plugin must not end the app
        from stadstafel.tui.screens.placeholder import PlaceholderScreen

        return PlaceholderScreen(section.title, f"{type(exc).__name__}: {exc}")


def check_css(screen: Screen) -> None:
    """Raise when the screen's CSS_PATH files are missing or do not parse (before Textual
    would, which ends the app)."""
    from textual.css.stylesheet import Stylesheet

    paths = list(getattr(screen, "css_path", []) or [])
    if not paths:
        return
    sheet = Stylesheet()
    for path in paths:
        sheet.read(path)
    sheet.parse()


def screen_factory(section: Section) -> Callable[[], Screen]:
    """A zero-argument callable for ``App.add_mode``."""
    return lambda: make_screen(section)


def core_sections(host: Any, workspace: Any) -> list[Section]:
    """The core sections; with a plugin host, built by the factories the built-in plugin
    registered through ``register_screens`` (the core dogfoods the hook)."""
    factories = {}
    if host is not None and hasattr(host, "screens"):
        try:
            factories = {e.id: e.factory for e in host.screens() if e.plugin == "core"}
        except Exception:
            factories = {}
    out = []
    for section in CORE_SECTIONS:
        factory = factories.get(section.id)
        if factory is None:
            target = section.target
            module = target.partition(":")[0] if isinstance(target, str) else None
            out.append(section._replace(module=module))
            continue

        def build(factory: Any = factory) -> Screen:
            return factory(workspace)

        module = getattr(factory, "module", None)
        out.append(section._replace(target=build, plugin="core", module=module))
    return out


def plugin_sections(host: Any, workspace: Any, taken_keys: set[str]) -> list[Section]:
    """Sections for the plugin host's ``screens()`` entries (factory(workspace) -> Screen)."""
    out: list[Section] = []
    if host is None or not hasattr(host, "screens"):
        return out
    try:
        entries = list(host.screens())
    except Exception:
        return out
    core = {s.id for s in CORE_SECTIONS}
    for entry in entries:
        if getattr(entry, "plugin", None) == "core" and entry.id in core:
            continue  # the core's own sections: see core_sections()
        key = entry.key if entry.key and entry.key not in taken_keys else ""
        if key:
            taken_keys.add(key)

        def build(entry: Any = entry) -> Screen:
            return entry.factory(workspace)

        out.append(
            Section(
                id=f"plugin:{entry.id}",
                title_nl=entry.title,
                title_en=entry.title,
                key=key,
                target=build,
                plugin=getattr(entry, "plugin", None),
                module=getattr(entry.factory, "module", None),
            )
        )
    return out


# -- navigation: open a record from anywhere (search, palette, home) ------------------------
def _notify_missing(app: Any, what: str, exc: Exception) -> None:
    app.notify(
        L(f"{what} kan niet worden geopend: {exc}", f"Cannot open {what}: {exc}"),
        severity="warning",
        markup=False,
    )


def open_partner(app: Any, organisation_id: int) -> None:
    """Push the partner's detail screen on the current section's stack."""
    from stadstafel.tui.screens.partners import PartnerDetailScreen

    app.push_screen(PartnerDetailScreen(organisation_id))


def open_table(app: Any, table_id: int, tab: str | None = None) -> None:
    """Push the table's detail screen (optionally on a tab: leden, werkafspraken, …)."""
    from stadstafel.tui.screens.table.detail import TableDetailScreen

    app.push_screen(TableDetailScreen(table_id, tab=tab))


def open_agenda(app: Any, meeting_id: int) -> None:
    """Push the meeting's agenda screen (from the meetings engineer's module)."""
    try:
        screen_class = import_target("stadstafel.tui.screens.agenda:AgendaScreen")
        screen = screen_class(meeting_id)
        check_css(screen)
    except Exception as exc:
        _notify_missing(app, L("De agenda", "The agenda"), exc)
        return
    app.push_screen(screen)


def open_agenda_items(app: Any, filter: str = "") -> None:
    """Push the list of every agenda item (``screens.items.AgendaItemsScreen``)."""
    from stadstafel.tui.screens.items import AgendaItemsScreen

    app.push_screen(AgendaItemsScreen(filter=filter))


def open_action(app: Any, action_id: int) -> None:
    """Show one action: the actions section's ``ActionDetailScreen(id)`` when it exists,
    else the actions section with ``focus_action(id)`` when its screen offers that."""
    try:
        detail = import_target("stadstafel.tui.screens.actions:ActionDetailScreen")
    except Exception:
        detail = None
    if detail is not None:
        app.push_screen(detail(action_id))
        return
    app.switch_mode("actions")
    focus = getattr(app.screen, "focus_action", None)
    if callable(focus):
        app.call_after_refresh(focus, action_id)
        return
    action = call_service(app, app.workspace.actions.get_full, action_id)
    if action is not None:
        app.notify(f"{action.text} ({action.owner_org or '-'}, {action.due or '-'})", markup=False)


# A search kind kept on a table's tab: (service, tab, the id of the tab's list or None).
TABLE_TAB_KINDS = {
    "mission": ("missions", "missie", None),
    "working_agreement": ("working_agreements", "werkafspraken", "agreements"),
    "goal": ("goals", "doelen", "goals"),
    "interest": ("interests", "belangen", None),
    "initiative": ("initiatives", "initiatieven", "initiatives"),
}


def open_on_table_tab(app: Any, kind: str, record_id: int) -> None:
    """Open the table of a record kept on one of its tabs, on that tab, with the list's cursor
    on the record (when the tab has a list)."""
    service, tab, list_id = TABLE_TAB_KINDS[kind]
    record = call_service(app, getattr(app.workspace, service).get, record_id)
    if record is None:
        return
    open_table(app, record.table_id, tab=tab)
    if list_id is None:
        return
    screen = app.screen

    def select() -> None:
        from stadstafel.tui.widgets.lists import RecordTable

        for table in screen.query(f"#{list_id}").results(RecordTable):
            table.select_key(record_id)
            table.focus()  # the tab's own keys (e, d, …) act on it at once

    app.call_after_refresh(select)


def open_record(app: Any, kind: str, record_id: int) -> None:
    """Open a search hit: the partner (of a person), the table (on the tab that holds a
    mission, werkafspraak, goal, belang or initiative), the meeting's agenda (of an agenda
    item or decision), the action, or a plugin's record (its ``open``)."""
    ws = app.workspace
    if kind in TABLE_TAB_KINDS:
        open_on_table_tab(app, kind, record_id)
    elif kind == "table":
        open_table(app, record_id)
    elif kind == "meeting":
        open_agenda(app, record_id)
    elif kind == "organisation":
        open_partner(app, record_id)
    elif kind == "person":
        person = call_service(app, ws.people.get, record_id)
        if person is not None and person.organisation_id:
            open_partner(app, person.organisation_id)
        elif person is not None:
            app.notify(
                L(f"{person.name} hoort bij geen organisatie.", f"{person.name}: no organisation."),
                markup=False,
            )
    elif kind == "agenda_item":
        item = call_service(app, ws.agenda.get, record_id)
        if item is not None and item.meeting_id:
            open_agenda(app, item.meeting_id)
        elif item is not None:
            app.notify(
                L(f"'{item.title}' staat nog op de backlog.", f"'{item.title}' is on the backlog."),
                markup=False,
            )
            open_table(app, item.table_id)
    elif kind == "decision":
        decision = call_service(app, ws.decisions.get, record_id)
        if decision is not None:
            open_agenda(app, decision.meeting_id)
    elif kind == "action":
        open_action(app, record_id)
    elif kind == "intake":
        app.switch_mode("intake")
        focus = getattr(app.screen, "focus_intake", None)
        if callable(focus):
            app.call_after_refresh(focus, record_id)
    else:  # a plugin's search kind (the search_kinds hook)
        entry = plugin_search_kind(app.workspace, kind)
        if entry is not None and entry.open is not None:
            try:
                entry.open(app, record_id)
            except StadstafelError as exc:
                from stadstafel.tui.widgets.base import notify_error

                notify_error(app, exc)


def plugin_search_kind(ws: Any, kind: str) -> Any:
    """The plugins' ``SearchKind`` registered as ``kind``, or None."""
    getter = getattr(ws.plugins, "search_kinds", None)
    for entry in getter() if getter is not None else []:
        if entry.kind == kind:
            return entry
    return None
