"""Command-palette providers, one per domain (ctrl+p).

- ``NavigationProvider``: the sections (core and plugin), search, help;
- ``ScreenProvider``: every key binding of the current screen, so whatever the keyboard can
  do is in the palette too;
- ``PartnersProvider``: open a partner by name (searched in the database), new partner;
- ``TablesProvider``: open a table, or one of its tabs (mission, members, …);
- ``ThemesProvider``: "Thema: leiden" switches the theme live; "Language: English" and
  "Taal: Nederlands" switch the language (both saved in the user's settings file);
- ``ExportProvider``: "Exporteren: …" runs an export format (``workspace.exporters()``);
- ``PluginCommandsProvider``: the plugin host's ``commands()`` (CommandEntry(id, title, help,
  callback(app), plugin)).

``discover()`` never touches the database; ``search()`` scores with ``self.matcher(query)``.
A command's text and help hold names (tables, partners, plugin titles): the palette shows them
as ``Content``, never parsed as markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from stadstafel.tui.rights import lacks
from stadstafel.tui.text import L, literal, plain
from stadstafel.tui.textual_private import capped_command_palette
from stadstafel.tui.widgets.base import ENGLISH, is_textual_builtin

Command = tuple[str, str, Callable[[], Any]]  # text, help, callback


class SimpleProvider(Provider):
    """A provider over a list of (text, help, callback); subclasses implement ``commands``."""

    def commands(self) -> Iterable[Command]:
        return ()

    def search_commands(self, query: str) -> Iterable[Command]:
        """Extra commands that depend on the query (e.g. a database lookup)."""
        return ()

    async def discover(self) -> Hits:
        for text, help_text, callback in self.commands():
            yield DiscoveryHit(shown(text), callback, text=plain(text), help=literal(help_text))

    #: the best hits a provider gives for a query (a letter or two matches thousands)
    MOST_HITS = 40

    def _listed(self) -> list[tuple[str, str, Callable[[], Any], str]]:
        """``commands()`` with each text as scored, made once while the palette is open (what
        they offer cannot change meanwhile)."""
        made = self.__dict__.get("_listed_commands")
        if made is None:
            made, texts = [], set()
            for text, help_text, callback in self.commands():
                if text not in texts:  # the first of the same text, as before
                    texts.add(text)
                    made.append((text, help_text, callback, plain(text)))
            self._listed_commands, self._listed_texts = made, texts
        return made

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = []
        # Each key scores only what the query typed before it matched (a letter more can only
        # drop commands), or what this very query matched before (a backspace).
        cache = self.__dict__.setdefault("_matches", {})
        listed = narrowed(cache, query, self._listed())
        seen = set(self._listed_texts)
        matching = []
        for command in listed:
            text, help_text, callback, as_text = command
            score, offsets = fuzzy_match(matcher, as_text)
            if score > 0:
                matching.append(command)
                found.append((score, len(found), text, help_text, callback, offsets))
        remember(cache, query, matching)
        for text, help_text, callback in self.search_commands(query):
            if text in seen:
                continue
            seen.add(text)
            score, offsets = fuzzy_match(matcher, plain(text))
            if score > 0:
                found.append((score, len(found), text, help_text, callback, offsets))
        found.sort(key=lambda hit: (-hit[0], hit[1]))
        for score, _, text, help_text, callback, offsets in found[: self.MOST_HITS]:
            yield Hit(
                score,
                highlighted(text, offsets, matcher),
                callback,
                text=plain(text),
                help=literal(help_text),
            )

    @property
    def stadstafel(self) -> Any:
        return self.app


#: the queries whose matches a provider keeps while the palette is open
MATCHES_KEPT = 64


def narrowed(cache: dict[str, list], query: str, everything: list) -> list:
    """What may match ``query``: its own matches when it was scored before (a backspace),
    else those of the longest query scored before that ``query`` begins with (every letter
    typed since can only drop candidates: a match holds the query's letters in order), else
    ``everything``."""
    for end in range(len(query), 0, -1):
        known = cache.get(query[:end])
        if known is not None:
            return known
    return everything


def remember(cache: dict[str, list], query: str, matches: list) -> None:
    """Keep ``matches`` for ``query`` (at most ``MATCHES_KEPT`` queries, the oldest go)."""
    cache.pop(query, None)
    cache[query] = matches
    while len(cache) > MATCHES_KEPT:
        cache.pop(next(iter(cache)))


@lru_cache(maxsize=64)
def _in_order(query: str) -> re.Pattern[str]:
    """Matches a text that holds the query's letters in order."""
    # Each letter after the one before it, skipping only what is not that letter: no
    # backtracking, so a text without a match is rejected in linear time.
    parts = [re.escape(query[:1])]
    for letter in query[1:]:
        not_it = "\\" + letter if letter in "\\]^-" else letter
        parts.append(f"[^{not_it}]*{re.escape(letter)}")
    return re.compile("".join(parts))


def _subsequence(query: str, candidate: str, start: int) -> bool:
    for letter in query:
        start = candidate.find(letter, start) + 1
        if not start:
            return False
    return True


def _offsets(query: str, candidate: str, word_starts: frozenset[int], prefer: bool) -> list[int]:
    """Where the query's letters are found in order: each at its first place, or (``prefer``)
    at the first start of a word from which the rest can still be found."""
    offsets: list[int] = []
    start = 0
    for i, letter in enumerate(query):
        at = candidate.find(letter, start)
        if at == -1:
            return []
        if prefer and at not in word_starts:
            probe = at
            while (probe := candidate.find(letter, probe + 1)) != -1:
                if probe in word_starts and _subsequence(query[i + 1 :], candidate, probe + 1):
                    at = probe
                    break
        offsets.append(at)
        start = at + 1
    return offsets


def fuzzy_match(matcher: Matcher, text: str) -> tuple[float, list[int]]:
    """Textual's fuzzy score of ``text`` and the letters that match. Textual tries every way
    the query's letters can lie in the text (for "groningen 0022" against a long table name,
    thousands) on the UI thread for every command at every key; this scores two ways: the
    letters each at their first place, and each at the start of a word where it can be. A
    query found whole in the text scores as Textual scores it."""
    search = matcher.fuzzy_search
    query, candidate = matcher.query, text
    if not matcher.case_sensitive:
        query, candidate = query.lower(), candidate.lower()
    if not query:
        return 0.0, []
    at = candidate.find(query)
    if at != -1:
        offsets = list(range(at, at + len(query)))
        return search.score(candidate, offsets) * (2.0 if candidate == query else 1.5), offsets
    if _in_order(query).search(candidate) is None:  # most commands: not all letters, in order
        return 0.0, []
    word_starts = search.get_first_letters(candidate)
    best: tuple[float, list[int]] = (0.0, [])
    for prefer in (False, True):
        offsets = _offsets(query, candidate, word_starts, prefer)
        if offsets:
            score = search.score(candidate, offsets)
            if score > best[0]:
                best = (score, offsets)
    return best


def highlighted(text: str, offsets: Iterable[int], matcher: Matcher) -> Content:
    """``shown(text)``, the letters at ``offsets`` highlighted (``Matcher.highlight`` would
    parse the text as markup)."""
    content = shown(text)
    for offset in offsets:
        if offset < len(content.plain) and not content.plain[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def shown(text: str) -> Content:
    """A command's text as the palette shows it: literal (never parsed as markup)."""
    return Content(plain(text))


class NavigationProvider(SimpleProvider):
    def commands(self) -> Iterable[Command]:
        app = self.stadstafel
        for section in getattr(app, "sections", []):
            key = f" ({section.key})" if section.key else ""
            yield (
                L(f"Ga naar: {section.title_nl}", f"Go to: {section.title_en}"),
                L(f"Sectie {section.title_nl}{key}", f"Section {section.title_en}{key}"),
                partial(app.run_action, f"section('{section.id}')"),
            )
        yield (
            L("Agendapunten: alle vergaderingen", "Agenda items: all meetings"),
            L(
                "Elk agendapunt, filteren terwijl je typt (Vergaderingen, l)",
                "Every agenda item, filter as you type (Meetings, l)",
            ),
            partial(_open_agenda_items, app),
        )
        yield (
            L("Zoeken in alles", "Search everything"),
            L("Partners, tafels, vergaderingen, agendapunten, acties, … (/)", "Everything (/)"),
            partial(app.run_action, "search"),
        )
        if _may_read_audit(app):
            yield (
                L("Auditlog: wie wijzigde wat", "Audit log: who changed what"),
                L("Filteren op record, persoon en datum (L op het overzicht)",
                  "Filter by record, person and date (L on the overview)"),
                partial(_open_audit, app),
            )  # fmt: skip
        yield (
            L("Help: toetsen van dit scherm", "Help: keys of this screen"),
            "? / F1",
            partial(app.run_action, "help"),
        )
        yield (L("Stoppen", "Quit"), L("De app afsluiten (q)", "Quit the app (q)"), app.exit)


def _may_read_audit(app: Any) -> bool:
    from stadstafel.tui.screens.audit import may_read_audit

    return may_read_audit(app.workspace)


def _open_audit(app: Any) -> None:
    from stadstafel.tui.screens.audit import open_history

    open_history(app, [], "")


def _open_agenda_items(app: Any) -> None:
    from stadstafel.tui.sections import open_agenda_items

    open_agenda_items(app)


class ScreenProvider(SimpleProvider):
    """The bindings of the screen the palette was opened on."""

    def commands(self) -> Iterable[Command]:
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description or not active.enabled or binding.action in seen:
                continue
            if binding.action.startswith(("section(", "search", "help", "command_palette")):
                continue
            if binding.id not in ENGLISH and is_textual_builtin(active.node, binding):
                continue
            if lacks(active.node, binding):  # a right the actor lacks: not offered
                continue
            seen.add(binding.action)
            display = binding.key_display or self.app.get_key_display(binding)
            yield (
                binding.description,
                L(f"Toets {display}", f"Key {display}") if key else "",
                partial(self.app.run_action, binding.action, active.node),
            )


class PartnersProvider(SimpleProvider):
    def commands(self) -> Iterable[Command]:
        app = self.stadstafel
        yield (
            L("Nieuwe partner", "New partner"),
            L("Een organisatie toevoegen", "Add an organisation"),
            partial(_new_partner, app),
        )

    def search_commands(self, query: str) -> Iterable[Command]:
        query = query.strip()
        if len(query) < 2:
            return
        from stadstafel.tui.sections import open_partner

        app = self.stadstafel
        page = app.workspace.organisations.list(filter=query, limit=20)
        for org in page.rows:
            yield (
                L(f"Partner: {org.name}", f"Partner: {org.name}"),
                org.kind or "",
                partial(open_partner, app, org.id),
            )


async def _new_partner(app: Any) -> None:
    await app.run_action("section('partners')")
    app.call_after_refresh(app.screen.run_action, "new")


TABS = [
    ("leden", "Leden", "Members"),
    ("missie", "Missie", "Mission"),
    ("werkafspraken", "Werkafspraken", "Working agreements"),
    ("belangen", "Belangen", "Interests"),
    ("doelen", "Doelen", "Goals"),
    ("initiatieven", "Initiatieven", "Initiatives"),
]


class TablesProvider(SimpleProvider):
    async def startup(self) -> None:
        try:
            self.tables = self.stadstafel.workspace.tables.list()
        except Exception:
            self.tables = []

    def commands(self) -> Iterable[Command]:
        made = self.__dict__.get("_commands")
        if made is None:  # the same at every key while the palette is open
            from stadstafel.tui.sections import open_table

            app = self.stadstafel
            made = self._commands = [
                (
                    L(f"Tafel: {table.name}", f"Table: {table.name}"),
                    table.kind or "",
                    partial(open_table, app, table.id),
                )
                for table in getattr(self, "tables", [])
            ]
        return made

    #: the tables whose tabs are offered for a query (those whose names match it best)
    MOST_TABLES = 15

    def search_commands(self, query: str) -> Iterable[Command]:
        """Each tab of the tables whose names match the query best: the longest run of the
        query's first words that some table's name matches. Offering the tabs of all 500
        tables asked every plugin whether its tab applies to each (a database query per
        table) and scored thousands of commands at every key."""
        from stadstafel.tui.sections import open_table

        app = self.stadstafel
        tables = getattr(self, "tables", [])
        words = query.split()
        scored: list[tuple[float, int, Any]] = []
        names = self.__dict__.get("_names")
        if names is None:
            names = self._names = [(i, table, plain(table.name)) for i, table in enumerate(tables)]
        cache = self.__dict__.setdefault("_table_matches", {})
        for n in range(len(words), 0, -1):
            words_query = " ".join(words[:n])
            matcher = self.matcher(words_query)
            scored = []
            matching = []
            for named in narrowed(cache, words_query, names):
                score = fuzzy_match(matcher, named[2])[0]
                if score > 0:
                    matching.append(named)
                    scored.append((score, named[0], named[1]))
            remember(cache, words_query, matching)
            if scored:
                break
        scored.sort(key=lambda hit: (-hit[0], hit[1]))
        applies = self.__dict__.setdefault("_plugin_tabs", {})
        for _score, _i, table in scored[: self.MOST_TABLES]:
            if table.id not in applies:
                applies[table.id] = _plugin_tabs(app, table)
            for tab, nl, en in TABS:
                yield (
                    L(f"{table.name}: {nl}", f"{table.name}: {en}"),
                    L(f"Tafel {table.name}, tab {nl}", f"Table {table.name}, tab {en}"),
                    partial(open_table, app, table.id, tab),
                )
            for pane, (nl, en) in applies[table.id]:
                yield (
                    L(f"{table.name}: {nl}", f"{table.name}: {en}"),
                    L(f"Tafel {table.name}, tab {nl}", f"Table {table.name}, tab {en}"),
                    partial(open_table, app, table.id, pane),
                )


def _plugin_tabs(app: Any, table: Any) -> list[tuple[str, tuple[str, str]]]:
    """(pane id, label) of the plugins' tabs that ``table`` gets (``table_tabs`` hook)."""
    from stadstafel.tui.screens.table.detail import plugin_tab_id

    ws = app.workspace
    getter = getattr(ws.plugins, "table_tabs", None)
    out = []
    for entry in getter() if getter is not None else []:
        try:
            if entry.applies is None or entry.applies(ws, table):
                out.append((plugin_tab_id(entry.id), entry.label))
        except Exception:  # a plugin's fault: its tab is not offered here
            continue
    return out


class ThemesProvider(SimpleProvider):
    def commands(self) -> Iterable[Command]:
        app = self.stadstafel
        for name in getattr(app, "theme_names", []):
            current = L(" (huidig)", " (current)") if name == app.theme else ""
            yield (
                L(f"Thema: {name}", f"Theme: {name}"),
                L(f"Kleuren van de app{current}", f"Colours of the app{current}"),
                partial(app.set_theme, name),
            )
        # The language switch (F2); the choice is saved like the theme.
        yield (
            "Taal: Nederlands",
            L("De app in het Nederlands (huidig)", "The app in Dutch (F2)"),
            partial(app.run_action, "switch_language('nl')"),
        )
        yield (
            "Language: English",
            L("De app in het Engels (F2)", "The app in English (current)"),
            partial(app.run_action, "switch_language('en')"),
        )


class PluginCommandsProvider(SimpleProvider):
    def commands(self) -> Iterable[Command]:
        app = self.stadstafel
        host = getattr(app, "host", None)
        if host is None or not hasattr(host, "commands"):
            return
        try:
            entries = list(host.commands())
        except Exception:
            return
        for entry in entries:
            yield (entry.title, entry.help or entry.plugin or "", partial(_run_plugin, app, entry))


def _run_plugin(app: Any, entry: Any) -> None:
    try:
        entry.callback(app)
    except Exception as exc:  # a plugin command must not end the app
        app.notify(f"{entry.plugin}: {exc}", title=entry.title, severity="error", markup=False)


class ExportProvider(SimpleProvider):
    """ "Exporteren: <label>" for every export format (``exporters`` hook, core and plugins)."""

    def commands(self) -> Iterable[Command]:
        app = self.stadstafel
        ws = getattr(app, "workspace", None)
        if ws is None or not hasattr(ws, "exporters"):
            return
        for entry in ws.exporters():
            if not {"none", "table", "meeting"} & set(entry.scopes):
                continue  # e.g. only "mine": the command line has it (--mine)
            yield (
                L(f"Exporteren: {entry.label_nl}", f"Export: {entry.label_en}"),
                L(
                    f"Naar een .{entry.suffix}-bestand ({entry.name})",
                    f"To a .{entry.suffix} file ({entry.name})",
                ),
                partial(start_export, app, entry),
            )


def start_export(app: Any, entry: Any) -> None:
    """Run an export from the palette: ask for the table or meeting when the format needs one,
    write the file to the exports folder and say where it is (a fault is a message)."""
    from stadstafel.tui.modals import PickerScreen
    from stadstafel.tui.options import table_options

    ws = app.workspace
    if "none" in entry.scopes:
        write_export(app, entry)
    elif "table" not in entry.scopes and "meeting" not in entry.scopes:
        return
    elif "table" in entry.scopes:
        options = table_options(ws)
        app.push_screen(
            PickerScreen(L("Exporteren voor tafel", "Export for table"), options),
            lambda table_id: table_id is not None and write_export(app, entry, table=table_id),
        )
    else:
        page = ws.meetings.list(limit=500, descending=True)
        options = [(f"{m.starts_at[:10]} {m.title}", m.id) for m in page.rows]
        app.push_screen(
            PickerScreen(L("Exporteren voor vergadering", "Export for meeting"), options),
            lambda meeting_id: (
                meeting_id is not None and write_export(app, entry, meeting=meeting_id)
            ),
        )


def export_options(
    ws: Any, *, meeting: Any = None, table: Any = None, first: str = ""
) -> list[tuple[str, tuple[str, str, int]]]:
    """The registered formats that apply to ``meeting`` and to ``table`` (its table), as
    picker options ``(label, (name, scope kind, id))``: the meeting's first, those whose name
    starts with ``first`` (the screen's own document) at the top. Workspace-wide formats
    (open data, a register) are not about this meeting and stay in the palette."""
    out: list[tuple[int, str, tuple[str, str, int]]] = []
    for kind, scope_id in (("meeting", meeting), ("table", table)):
        if scope_id is None:
            continue
        for entry in ws.exporters(kind):
            rank = (0 if first and entry.name.startswith(first) else 1) + (kind == "table") * 2
            label = L(entry.label_nl, entry.label_en)
            if kind == "table":
                label += L(" — hele tafel", " — whole table")
            out.append((rank, label, (entry.name, kind, scope_id)))
    out.sort(key=lambda row: row[0])  # stable: the registry's order within a rank
    return [(label, value) for _rank, label, value in out]


def offer_exports(app: Any, *, meeting: Any = None, table: Any = None, first: str = "") -> None:
    """Ask which of the formats that apply (``export_options``) to export, then write or
    deliver it (``write_export``)."""
    from stadstafel.tui.modals import PickerScreen

    ws = app.workspace
    options = export_options(ws, meeting=meeting, table=table, first=first)
    by_name = {e.name: e for e in ws.exporters()}

    def chosen(value: Any) -> None:
        if value is None:
            return
        name, kind, scope_id = value
        write_export(app, by_name[name], **{kind: scope_id})

    app.push_screen(PickerScreen(L("Exporteren", "Export"), options), chosen)


def write_export(app: Any, entry: Any, *, table: Any = None, meeting: Any = None) -> Any:
    """Export to a new file in the user's downloads folder, or as a browser download under
    ``stadstafel serve`` (``save_export``): its name, or None after the fault was shown."""
    from stadstafel.errors import StadstafelError
    from stadstafel.tui.widgets.base import notify_error

    try:
        data = app.workspace.export(entry.name, table=table, meeting=meeting)
    except StadstafelError as exc:
        notify_error(app, exc)
        return None
    kind = "table" if table is not None else "meeting" if meeting is not None else "none"
    scope_id = table if table is not None else meeting
    stem = entry.name if kind == "none" else f"{entry.name}-{kind}-{scope_id}"
    return save_export(app, data, f"{stem}.{entry.suffix}", entry.media_type)


def save_export(app: Any, data: bytes, filename: str, media_type: str) -> Any:
    """Hand ``data`` to the person as the file ``filename``: a new file in the user's
    downloads folder (``files.folder("download")``: ``[files] exports`` when the deployment
    set one; an existing name gets a number, ``-2``, ``-3``, …), or a download in a browser
    (``stadstafel serve``). Says where it went; returns that, or None after the fault was
    shown. For a screen that exports a record of its own (``stadstafel.ui.save_export``)."""
    from pathlib import Path

    from stadstafel.errors import StadstafelError
    from stadstafel.files import create_for_writing, folder
    from stadstafel.tui.widgets.base import notify_error

    name = Path(Path(filename).name)
    try:
        if app.is_web:  # in a browser (stadstafel serve): a download, nothing on the server
            return deliver_download(app, data, name.name, media_type)
        where = folder("download", app.workspace.config)
        candidate, n = name, 1
        while where is not None and (where / candidate).exists() and n < 1000:
            n += 1
            candidate = name.with_name(f"{name.stem}-{n}{name.suffix}")
        with create_for_writing(str(candidate), "download", app.workspace.config) as fh:
            fh.write(data)
    except StadstafelError as exc:
        notify_error(app, exc)
        return None
    shown = where / candidate if where is not None else candidate
    app.notify(L(f"Geschreven: {shown}", f"Written: {shown}"), markup=False)
    return shown


def deliver_download(app: Any, data: bytes, filename: str, media_type: str) -> str:
    """Hand an export to the person's browser as a download (under ``stadstafel serve``)."""
    import io

    app.deliver_binary(io.BytesIO(data), save_filename=filename, mime_type=media_type)
    app.notify(L(f"Download: {filename}", f"Download: {filename}"), markup=False)
    return filename


PROVIDERS: set[type[Provider]] = {
    ExportProvider,
    NavigationProvider,
    ScreenProvider,
    PartnersProvider,
    TablesProvider,
    ThemesProvider,
    PluginCommandsProvider,
}


@lru_cache(maxsize=1)
def palette_class() -> type:
    """The palette the app opens: the best ``SHOWN`` hits, then how many more there are."""

    class Palette(capped_command_palette()):
        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("placeholder", L("Zoek een opdracht…", "Search for commands…"))
            super().__init__(**kwargs)

        def no_matches_text(self) -> str:
            return L("Niets gevonden", "No matches found")

        def more_text(self, more: int) -> str:
            return L(
                f"… en nog {more}: typ verder om te kiezen", f"… and {more} more: type on to choose"
            )

    return Palette
