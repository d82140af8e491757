"""The Textual application: sections as modes, themes, refresh, and a safe way to call services.

    app = StadstafelApp(workspace, host=plugin_host, theme="leiden")
    app.run()

Screens reach the data through ``self.app.workspace`` and call services through
``stadstafel.ui.call_service``/``service_action`` (``tui/calls.py``), the one way.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from textual import events, on
from textual.actions import parse as parse_action
from textual.app import App
from textual.binding import Binding
from textual.events import Resize
from textual.screen import Screen

from stadstafel import kept, memory
from stadstafel.errors import DatabaseError, StadstafelError
from stadstafel.textsafe import neutralise
from stadstafel.tui import timeline
from stadstafel.tui.preimport import Preimport, section_modules
from stadstafel.tui.rights import refused, right_of
from stadstafel.tui.sections import (
    CORE_SECTIONS,
    Section,
    core_sections,
    plugin_sections,
    screen_factory,
)
from stadstafel.tui.text import L
from stadstafel.tui.textual_private import (
    FaultEndsApp,
    QuickEscapeApp,
    QuietPopApp,
    add_bindings,
    build_mode,
    count_as_styled,
    drop_mode,
    drop_racks,
    exiting,
    input_waiting,
    lay_out_unseen,
    mode_names,
    only_no_colour_filter,
    refresh_truecolor_filter,
    screen_stacks,
)
from stadstafel.tui.themes import (
    DEFAULT_THEME,
    FEW_COLOUR_SYSTEMS,
    FEW_COLOUR_VARIABLES,
    core_themes,
)
from stadstafel.tui.widgets.base import (
    FAULTS,
    MIN_HEIGHT,
    MIN_WIDTH,
    StadstafelScreen,
    as_fault,
    bind,
    notify_error,
    translate_bindings,
)

T = TypeVar("T")
REFRESH_SECONDS = 1.5
# The terminal UI never waits long for the database on its one thread (it would stop drawing
# and queue the keys typed meanwhile): a statement waits at most TUI_BUSY_TIMEOUT_MS for a
# lock, a write at most TUI_WRITE_WAIT_SECONDS for the write lock; then BusyError. A form
# retries visibly ("Wachten op de database…", widgets/form.py); see docs/architecture.md.
TUI_BUSY_TIMEOUT_MS = 100
TUI_WRITE_WAIT_SECONDS = 0.3
# The terminal UI's connection keeps at most this many KiB of database pages (SQLite's default
# is 2,000 KiB: 1.7 MiB more than the UI's lists and searches were seen to need at the large
# size; a filter keystroke's or a search's queries took the same time with either).
TUI_PAGE_CACHE_KIB = 512


# Garbage collection in the pauses. A full collection scans every object not frozen: 15-30 ms
# at the large size, a dropped frame when it falls in a keystroke (it did, in 1 of 20 filter
# keys). So after start-up the automatic collector stays off and the app collects fully when
# nobody typed for GC_PAUSE_SECONDS. While someone keeps typing, once GC_YOUNG_OBJECTS objects
# were allocated and not freed (a few dozen keystrokes), it collects only the young generation:
# those objects, a few ms. It waited for 200,000 before: the garbage of a minute of typing in
# the search screen then filled 12 MiB of new heap arenas, and the interpreter keeps an arena
# for as long as one object in it lives, so every such burst raised the memory for good.
GC_PAUSE_SECONDS = 0.5
GC_YOUNG_OBJECTS = 25_000
GC_MIN_OBJECTS = 5_000  # fewer than this waiting: not worth a collection yet
GC_CHECK_SECONDS = 0.25
# After a collection in a pause the freed heap pages go back to the system
# (``stadstafel.memory.trim``), at most every TRIM_SECONDS: a trim walks the heaps (1-3 ms).
TRIM_SECONDS = 5.0
# A full collection walks every object the app holds (30-40 ms of CPU at the large size,
# more on a loaded machine): a key typed after a pause of half a second waited for it. A
# short pause collects the young generations (under 1 ms); the full collection waits for a
# longer pause, in which nobody is about to type.
GC_FULL_PAUSE_SECONDS = 2.0
# How often the app looks for a pause to build a section not opened yet (prepare_in_pause).
PREPARE_CHECK_SECONDS = 0.05
# The interpreter's switch interval, shortened by the command for the first frame
# (stadstafel.start.run_tui), is set back this long after the first frame: its bytes are out
# by then (about 1 ms), and a key typed as soon as home shows (0.12 s of quiet at the
# earliest in the benchmark) is handled with the usual slices beside the helper threads
# started after the first frame (preimport, the cards).
SWITCH_BACK_SECONDS = 0.05
#: The sections built first in the pauses after a start: the most used.
PREBUILD_FIRST = ("partners", "tables", "meetings", "actions", "mine")
#: Section screens kept built, besides the home screen and the one the app started on (always
#: kept). A built section holds 0.3-0.45 MB of widgets before any row; kept for the whole
#: session, a session that opened every section held them all (11 with every module). Beyond
#: the bound, a section not shown for DROP_AFTER_SECONDS is dropped in a pause (the least used
#: of those, then the one shown longest ago), with the person's place in it
#: (``StadstafelScreen.place``), and built again, at that place, when it is opened again.
#: Sections shown within that time are never dropped: built again, a section's switch is a
#: first opening (12-23 ms median on the large workspace, over the 16 ms of a switch for some),
#: so a person going round the sections they use never waits for one. See docs/benchmarks.md,
#: "Eleventh round (2026-12-07): a bound on the section screens kept".
KEEP_SECTIONS = 6
DROP_AFTER_SECONDS = 300.0
# A section built early is laid out once and again while it asks for it, at most this often.
PREBUILD_LAYOUTS = 3
# The preimport thread (stadstafel.tui.preimport) waits while a key is handled: this long
# after it came, or while one waits in the queue.
PREIMPORT_QUIET_SECONDS = 0.05
# What _import_gate gives when no preimport thread runs (reentrant: only this thread takes it).
OPEN_GATE = threading.RLock()


def collect_after_start(app: StadstafelApp) -> None:
    """After the first frame: when the command switched the garbage collector off for start-up
    (``stadstafel.start.main``; it asked for one C heap for every thread too,
    ``stadstafel.memory.one_heap``), freeze what start-up built (never scanned again) and
    from now on collect in the pauses (``StadstafelApp.collect_in_pause``). With the collector on
    (tests, an app embedded elsewhere) the interpreter's own policy stays."""
    if gc.isenabled():
        return
    gc.freeze()
    app.set_interval(GC_CHECK_SECONDS, app.collect_in_pause, name="gc-in-pauses")


def palette_provider(name: str) -> Callable[[], type]:
    """The command palette's provider ``name`` of ``stadstafel.tui.commands``, imported when
    the palette first asks for it (Textual calls what is not a provider class): the module
    and its seven classes are not part of a start."""

    def load() -> type:
        from stadstafel.tui import commands

        return getattr(commands, name)

    return load


#: The palette's providers (``stadstafel.tui.commands.PROVIDERS``, by name).
PALETTE = ("ExportProvider", "NavigationProvider", "ScreenProvider", "PartnersProvider",
           "TablesProvider", "ThemesProvider", "PluginCommandsProvider")  # fmt: skip


def _no_delay(delay: float = 0.05) -> None:
    """Stands in for App.delay_update while the app switches sections (switch_mode)."""


SECTIONS_GROUP = Binding.Group("Secties", compact=True)


def colourless(environ: Any = None) -> bool:
    """Whether the terminal gets no colour: ``NO_COLOR`` is set (no-color.org; Textual reads
    it the same way) or ``TERM`` names a terminal without colours (``dumb``)."""
    environ = os.environ if environ is None else environ
    return "NO_COLOR" in environ or environ.get("TERM", "").lower() in ("dumb", "unknown")


def without_colour(app: App) -> None:
    """For a colourless terminal, before the driver starts: every segment loses its colours
    (only the terminal's default ones and bold, reverse, underline remain), and widgets can
    style themselves for it with the ``:nocolor`` pseudo-class (``app.tcss``). Textual itself
    only turns NO_COLOR into 24-bit greys, and a TERM=dumb terminal into 24-bit colour."""
    if not colourless():
        return
    app.no_color = True
    only_no_colour_filter(app)


def not_loaded(exc: ImportError) -> str:
    """The words for code that could not be imported (a file missing from the installation)."""
    part = exc.name or str(exc)
    return L(
        f"Dit onderdeel kon niet worden geladen ({part}); de installatie is niet compleet.",
        f"This part could not be loaded ({part}); the installation is incomplete.",
    )


class StadstafelApp(FaultEndsApp, QuickEscapeApp, QuietPopApp):
    CSS_PATH = "app.tcss"
    TITLE = "stadstafel"
    # Start in the home section's mode: Textual builds it while composing the app, with one
    # stylesheet pass, instead of a blank default screen first and a switch (two more passes).
    DEFAULT_MODE = "home"
    COMMANDS = {palette_provider(name) for name in PALETTE}  # type: ignore[assignment]
    BINDINGS = [
        bind("slash", "search", "Zoeken", "Search", id="app.search", key_display="/"),
        bind("question_mark", "help", "Help", id="app.help", key_display="?"),
        bind("f1", "help", "Help", show=False, id="app.help_f1"),
        bind("q", "quit", "Stoppen", "Quit", id="app.quit", show=False),
        bind("ctrl+q", "quit", "Stoppen", "Quit", show=False, id="app.quit_ctrl"),
        bind(
            "f2",
            "switch_language",
            "Taal: English",
            "Language: Nederlands",
            show=False,
            id="app.language",
        ),
    ]

    def __init__(
        self,
        workspace: Any,
        *,
        host: Any = None,
        theme: str | None = None,
        read_ahead: Any = None,
        save_settings: Callable[[dict], Any] | None = None,
        few_colours: bool | None = None,
        start_mode: str | None = None,
    ):
        """``read_ahead``: what the command read while the UI imported (``start.ReadAhead``):
        the home screen's first data and the data version it was read at.
        ``save_settings``: merges a dict of user settings (theme, language, keymap) into the
        user's own settings file (``start.Context.save_settings``); None: nothing is saved.
        ``few_colours``: draw for a terminal of 16 colours or none; None: as the terminal
        says (``TERM``, ``COLORTERM``, ``NO_COLOR``).
        ``start_mode``: the section to start on; None: "Mijn werk" for a partner, else home."""
        if start_mode is None:
            from stadstafel.services.mine import is_partner

            start_mode = "mine" if is_partner(workspace.actor) else type(self).DEFAULT_MODE
        self.DEFAULT_MODE = start_mode  # read by Textual's __init__: the first screen
        super().__init__()
        self._few_colours = few_colours
        self.save_settings = save_settings
        without_colour(self)
        self.workspace = workspace
        store = getattr(workspace, "store", None)
        if hasattr(store, "set_patience"):
            store.set_patience(TUI_BUSY_TIMEOUT_MS, TUI_WRITE_WAIT_SECONDS)
        if hasattr(store, "set_page_cache"):
            store.set_page_cache(TUI_PAGE_CACHE_KIB)
        self.host = host
        self.read_ahead = read_ahead
        self.requested_theme = theme or getattr(workspace.config, "theme", None) or DEFAULT_THEME
        self.sections: list[Section] = core_sections(host, workspace)
        taken = {s.key for s in CORE_SECTIONS} | {b.key for b in self.BINDINGS}  # type: ignore
        self.sections += plugin_sections(host, workspace, taken)
        section_keys = []
        for section in self.sections:
            self.add_mode(section.id, self._section_factory(section))
            if section.key:
                section_keys.append(
                    bind(section.key, f"section('{section.id}')", section.title_nl,
                         section.title_en, id=f"section.{section.id}", group=SECTIONS_GROUP)
                )  # fmt: skip
        # section keys first: the footer shows them before search/help
        add_bindings(self, section_keys, first=True)
        translate_bindings(self)
        self._data_version: int | None = None
        self._unprepared: list[str] = []  # sections not built yet (prepare_in_pause)
        self._imported: set[tuple] = set()  # (section, module) a pause imported
        # the section built last (id, screen), until it is laid out
        self._built: tuple[str, Screen] | None = None
        self._layouts = 0  # how often it was laid out
        self._preparing: Any = None  # the timer of prepare_in_pause
        self._preimport: Preimport | None = None  # the sections' modules, on a thread
        # the bound on the built sections (KEEP_SECTIONS): a section's openings and the time
        # it was last shown, and the place in each section dropped (StadstafelScreen.place)
        self._uses: dict[str, int] = {}
        self._shown_at: dict[str, float] = {}
        self._places: dict[str, dict] = {}
        self._dropped = False  # a section was dropped since the last full collection
        self.startup_problems: list[str] = []
        self.fault_message: str | None = None  # why the app ended on a database fault
        self.fault_title = L("Databasefout", "Database error")  # ... or another (fatal_fault)
        # The CSS kept from the last start (tui.css_cache.ParsedCss, set by the command's
        # start); written after the first frame when this start parsed anything.
        self.parsed_css: Any = None
        self._register_themes()
        if keymap := getattr(workspace.config, "keymap", None):  # binding id -> keys
            self.set_keymap(dict(keymap))

    def _section_factory(self, section: Section) -> Callable[[], Any]:
        """The mode's factory of a section: its screen, styled as current (``_current_css``),
        taking up the place the person had in it when it was dropped (``KEEP_SECTIONS``)."""
        build = self._current_css(screen_factory(section))

        def build_at_place() -> Any:
            screen = build()
            place = self._places.pop(section.id, None)
            if place is not None and isinstance(screen, StadstafelScreen):
                screen.start_at(place)
            return screen

        return build_at_place

    def _current_css(self, factory: Callable[[], Any]) -> Callable[[], Any]:
        """A section's screen factory whose new screen counts as styled with the current CSS.

        Textual marks a new screen as never refreshed, so building a section's screen (the
        home screen at start, every section on its first visit) parsed the whole stylesheet
        again and restyled every widget of the app: 3-8 ms. A new screen's widgets are styled
        as they mount, and a theme change still refreshes the screen it finds current."""

        def build() -> Any:
            screen = factory()
            count_as_styled(screen, self)
            return screen

        return build

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Textual's notification, with no control character in it whatever a screen or
        plugin passes (user text in markup still needs ``literal`` or ``markup=False``)."""
        super().notify(
            neutralise(message),
            title=neutralise(title, multiline=False),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    # -- who and where ------------------------------------------------------------------------
    @property
    def workspace_name(self) -> str:
        return getattr(self.workspace.config, "workspace_name", "") or "stadstafel"

    @property
    def actor_label(self) -> str:
        actor = self.workspace.actor
        roles = sorted({r for rs in actor.table_roles.values() for r in rs} - {"partner"})
        if actor.global_role in ("beheerder", "lezer") or not roles:
            roles = [actor.global_role]
        who = f"{actor.display} ({actor.login})" if actor.display else actor.login
        return f"{who} · {', '.join(roles)}"

    # -- themes ---------------------------------------------------------------------------------
    @property
    def few_colours(self) -> bool:
        """The terminal shows 16 colours or none (see themes.FEW_COLOUR_VARIABLES)."""
        chosen = getattr(self, "_few_colours", None)  # Textual's __init__ may ask already
        if chosen is not None:
            return chosen
        return self.no_color or self.console.color_system in FEW_COLOUR_SYSTEMS

    _theme_started = False  # _start_theme ran: the app's own theme is set

    def get_css_variables(self) -> dict[str, str]:
        if not self._theme_started:
            # Textual's __init__ asks first, for its default theme, whose colours the app's
            # theme replaces before anything is parsed (_start_theme): not worked out (1 ms).
            return {}
        variables = super().get_css_variables()
        if self.few_colours:
            variables.update(FEW_COLOUR_VARIABLES)
        return variables

    def _register_themes(self) -> None:
        self.theme_names: list[str] = []
        for theme in core_themes() + self._host_list("themes"):
            self.register_theme(theme)
            if theme.name not in self.theme_names:
                self.theme_names.append(theme.name)
        if self.get_theme(self.requested_theme) is None:
            self.startup_problems.append(
                L(
                    f"Thema '{self.requested_theme}' bestaat niet; '{DEFAULT_THEME}' gebruikt.",
                    f"Theme '{self.requested_theme}' does not exist; using '{DEFAULT_THEME}'.",
                )
            )
            self.requested_theme = DEFAULT_THEME
        self._start_theme(self.requested_theme)

    def _start_theme(self, name: str) -> None:
        """The theme before the app runs, set as Textual's theme watcher sets it but without
        invalidating the stylesheet: it is parsed once, with this theme's variables, instead
        of three times (two reparses: 6 ms of every start). ``set_theme`` switches later."""
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        classes = {c: False for c in self.classes if c.startswith("-theme-")}
        classes.update({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark})
        self.update_classes(classes, update=False)
        refresh_truecolor_filter(self, self.ansi_theme)
        self._theme_started = True
        self.stylesheet.set_variables(self.get_css_variables())  # nothing is parsed yet

    def set_theme(self, name: str) -> bool:
        """Switch theme live; False (and a notification) when it does not exist."""
        if self.get_theme(name) is None:
            self.notify(L(f"Thema '{name}' bestaat niet.", f"No theme '{name}'."), markup=False)
            return False
        self.theme = name
        return True

    def watch_theme(self, name: str) -> None:
        """A theme chosen in the app (palette, Textual's theme picker) sticks: it is saved in
        the user's settings file. The start sets the theme without this watcher."""
        self.remember({"theme": name})

    def remember(self, settings: dict) -> bool:
        """Save user settings; a file that cannot be written is a notice, never a crash."""
        if self.save_settings is None:
            return False
        try:
            self.save_settings(settings)
        except StadstafelError as exc:
            self.notify(
                L(f"Instelling niet bewaard: {exc.message}", f"Setting not saved: {exc.message}"),
                severity="warning",
                markup=False,
            )
            return False
        return True

    # -- language ---------------------------------------------------------------------------
    async def action_switch_language(self, lang: str | None = None) -> None:
        """Switch the interface between Dutch and English, live, and save the choice."""
        from stadstafel import i18n

        lang = lang or ("nl" if i18n.language() == "en" else "en")
        if lang == i18n.language():
            return
        i18n.set_language(lang)
        self.remember({"language": lang})
        translate_bindings(self, again=True)
        current = self.current_mode
        # Every section's screen is built again in the new language: the others are replaced
        # now, the current one after switching away from it for a moment.
        self.add_mode("_language", Screen)
        await self.switch_mode("_language")
        modes = mode_names(self)
        for section in self.sections:
            if section.id in modes:
                await self.remove_mode(section.id)
            self.add_mode(section.id, self._section_factory(section))
        await self.switch_mode(current if current in mode_names(self) else self.DEFAULT_MODE)
        await self.remove_mode("_language")
        self._prepare_sections()  # the sections not shown are built again in the pauses
        self.notify(L("Taal: Nederlands", "Language: English"), markup=False)

    def _host_list(self, what: str) -> list:
        try:
            return list(getattr(self.host, what)()) if self.host is not None else []
        except Exception as exc:  # a broken plugin host must not stop the app
            self.startup_problems.append(f"{what}: {exc}")
            return []

    # -- start ----------------------------------------------------------------------------------
    switch_back: float | None = None  # the switch interval to set back (SWITCH_BACK_SECONDS)

    def on_load(self) -> None:
        # before any thread worker runs (the home screen's cards are the first)
        memory.threads_that_end(asyncio.get_running_loop())

    def on_mount(self) -> None:
        self.call_after_refresh(collect_after_start, self)
        if self.switch_back is not None:
            self.call_after_refresh(self.set_timer, SWITCH_BACK_SECONDS, self._set_switch_back)
        if self.parsed_css is not None:
            self.call_after_refresh(self.parsed_css.save)
        self.call_after_refresh(self._prepare_sections)
        for problem in self.startup_problems:
            self.notify(problem, severity="warning", timeout=10, markup=False)
        for problem in self._host_list("problems"):
            self.notify(str(problem), title="Plugin", severity="warning", timeout=10, markup=False)
        ahead = self.read_ahead
        self._data_version = ahead.data_version if ahead is not None else self._read_data_version()
        self.set_interval(REFRESH_SECONDS, self.poll_changes, name="poll-data-version")
        listeners = getattr(self.workspace, "listeners", None)
        if listeners is not None:
            listeners.append(self._own_change)
        self._check_size()

    def _set_switch_back(self) -> None:
        if self.switch_back is not None:
            sys.setswitchinterval(self.switch_back)
            self.switch_back = None

    # -- sections and global actions ----------------------------------------------------------
    def action_section(self, section_id: str) -> None:
        if self.current_mode == section_id:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return
        self.switch_mode(section_id)

    def switch_mode(self, mode: str) -> Any:
        # A section not built yet imports its module: not at once with the helper thread
        # that imports the sections' modules (preimport), which finishes the one it is on.
        with self._import_gate(mode not in screen_stacks(self)):
            result = self._switch_mode(mode)
        self._uses[mode] = self._uses.get(mode, 0) + 1
        self._shown_at[mode] = time.monotonic()
        if self._may_drop():  # one is dropped in the pause
            self._start_preparing()
        return result

    def _switch_mode(self, mode: str) -> Any:
        # Textual's switch_mode holds every repaint for 50 ms (App.delay_update), to mask a
        # screen still being built; a section key then took 50-60 ms to show anything. A
        # section screen draws its first frame only after it composed and laid out, so there
        # is nothing to mask: the switch shows the screen as soon as it is ready.
        self.delay_update = _no_delay  # type: ignore[method-assign]
        try:
            return super().switch_mode(mode)
        finally:
            del self.delay_update

    def get_key_display(self, binding: Any) -> str:
        """A key of one character (modifiers aside) shows as Textual shows it, without
        Textual's look-up of a Unicode character of that name (which finds none and reads pages of
        ``unicodedata``'s tables into memory, as ``textual_private.KEY_CHARACTERS`` says)."""
        if binding.key_display or len(binding.key.rpartition("+")[2]) != 1:
            return super().get_key_display(binding)
        modifiers, key = binding.parse_key()  # then as Textual joins them
        if "ctrl" in modifiers:
            modifiers.remove("ctrl")
            key = f"^{key}"
        return "+".join([*modifiers, key])

    def action_search(self) -> None:
        from stadstafel.tui.screens.search import kept_search

        self.push_screen(kept_search(self))

    def action_help(self) -> None:
        from stadstafel.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def action_help_quit(self) -> None:
        """Ctrl+C, which quits most programs: how to quit here, in the session's language
        (Textual's says it in English), naming a key that quits from a text field too (q
        types a q there)."""
        keys = [
            key
            for key, active in self.active_bindings.items()
            if active.binding.action in ("quit", "app.quit")
        ]
        if keys:
            key = next((k for k in keys if k.startswith("ctrl+")), keys[0])
            self.notify(
                L(f"Stoppen: {key}", f"To quit: {key}"),
                title=L("Wil je stoppen?", "Do you want to quit?"),
                markup=False,
            )

    def action_command_palette(self) -> None:
        """Textual's palette, showing its best hits and how many more (``palette_class``)."""
        from stadstafel.tui import commands

        palette = commands.palette_class()
        if self.use_command_palette and not palette.is_open(self):
            self.push_screen(palette(id="--command-palette"))

    # -- services -------------------------------------------------------------------------------
    async def run_action(
        self,
        action: Any,
        default_namespace: Any = None,
        namespaces: Any = None,
    ) -> bool:
        """Every key binding's action (and the palette's) runs here: one that meets a service
        error or a database or file fault which it did not handle itself (not every action is
        a ``service_action``) shows it as a notification, and the session goes on.

        A key that needs a right the actor lacks (``bind(..., right=...)``) is refused here,
        before its action runs (so before any form opens), in words that name the right."""
        if isinstance(action, str) and default_namespace is not None:
            destination, name, _params = parse_action(action)
            right = None if destination else right_of(default_namespace, name)
            if right and not default_namespace.check_action(name, tuple(_params)):
                # not this key's place (another tab's key on the same letter): no refusal,
                # the next binding of the key may apply
                return False
            if right and refused(default_namespace, right):
                return True
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except FAULTS as exc:
            notify_error(self, as_fault(self, exc))
            return True
        except ImportError as exc:
            # The code of what a key does is imported as it is pressed (an export's, an
            # import's: ``stadstafel.ui``'s names): a module that cannot be loaded there (a
            # file missing from the installation) is said, and the session goes on.
            self.notify(
                not_loaded(exc),
                title=L("Niet beschikbaar", "Not available"), severity="error", markup=False,
            )  # fmt: skip
            return True

    def fatal_fault(self, error: Exception) -> bool:
        """A database fault where no screen expected one (while a screen was built or drawn):
        end the session with one plain line and exit status 2, not a traceback that prints
        the records being read (True). Screens' own calls go through call_service,
        service_action or forms and keep the session; every other error is Textual's to
        report (False).

        Code that cannot be loaded there (a screen's module imported as a row's Enter opens
        it, with a file missing from the installation) ends the session the same way: the
        handler that met it no longer takes messages, so the session cannot go on safely."""
        if isinstance(error, ImportError):
            self.fault_title = L("Installatiefout", "Installation error")
            self.fault_message = not_loaded(error)
        elif isinstance(error, DatabaseError | sqlite3.Error):
            self.fault_message = " ".join(as_fault(self, error).message.split())
        else:
            return False
        self.exit(return_code=2)
        return True

    # -- refresh after this session's own changes ----------------------------------------------
    def _own_change(self, _event: Any) -> None:
        """This session committed (``Workspace.listeners``): the screen the user acts on
        shows the result itself; every other screen (home, a list under a detail) is marked
        stale and reloads when it is shown again, so it shows the record as stored without
        ``r``. (Another session's commit is noticed by ``poll_changes``.)"""
        stacks = screen_stacks(self)
        current = stacks.get(self.current_mode) or []
        # the screen acted on: the topmost of the section in view (a dialog or form above it
        # is not one; the screen reloads itself when the dialog answers)
        active = next((s for s in reversed(current) if isinstance(s, StadstafelScreen)), None)
        for stack in stacks.values():
            for screen in stack:
                if isinstance(screen, StadstafelScreen) and screen is not active:
                    screen.stale = True

    def on_unmount(self) -> None:
        if self._preimport is not None:
            self._preimport.stop()
        listeners = getattr(self.workspace, "listeners", None)
        if listeners is not None and self._own_change in listeners:
            listeners.remove(self._own_change)

    # -- refresh when another session committed -----------------------------------------------
    def _read_data_version(self) -> int | None:
        try:
            return self.workspace.data_version()
        except Exception:
            return None

    def poll_changes(self) -> bool:
        """Refresh the active screen when another connection committed; True if it did."""
        version = self._read_data_version()
        if version is None or version == self._data_version:
            return False
        self._data_version = version
        active = self.screen
        for stack in screen_stacks(self).values():
            for screen in stack:
                if isinstance(screen, StadstafelScreen) and screen is not active:
                    screen.stale = True
        refresh = getattr(active, "refresh_data", None)
        if callable(refresh):
            try:
                refresh()
            except FAULTS as exc:
                notify_error(self, as_fault(self, exc))
        return True

    # -- too small ------------------------------------------------------------------------------
    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self._check_size)

    def _check_size(self) -> None:
        if not screen_stacks(self).get(self.current_mode):
            return
        small = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        covered = getattr(self.screen, "covers_small_window", False)
        if small and not covered:
            from stadstafel.tui.screens.too_small import TooSmallScreen

            self.push_screen(TooSmallScreen())
        elif not small and covered:
            self.pop_screen()

    # -- idle timeout ([ssh] idle_timeout_minutes; 0 = never) ---------------------------------
    idle_seconds: float | None = None  # None: from the config (tests set seconds here)
    idle_check_seconds = 5.0  # how often the idle time is checked
    idle_warn_seconds = 60.0  # warn this long before the end (when the timeout is long enough)
    idle_notice_seconds = 2.0  # the closing notice stays this long before the app exits
    last_activity = 0.0  # time.monotonic() of the last key, paste or click (not stadstafel.clock)
    _trimmed_at = 0.0  # time.monotonic() of the last stadstafel.memory.trim
    _racks_dropped_at = -1.0  # last_activity when the hidden screens' racks were last dropped
    _racks_dropped = False  # racks dropped since the last full collection

    @on(events.Mount)
    def _start_idle_timer(self) -> None:
        self.idle_minutes = int(getattr(self.workspace.config, "idle_timeout_minutes", 0) or 0)
        if self.idle_seconds is None:
            self.idle_seconds = self.idle_minutes * 60.0
        self.last_activity = time.monotonic()
        self._idle_warned = False
        if self.idle_seconds > 0:
            self.set_interval(self.idle_check_seconds, self.check_idle_timeout, name="idle-timeout")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            self.last_activity = time.monotonic()
            self._idle_warned = False
            if timeline.enabled():
                timeline.received(event)
        await super().on_event(event)

    def on_paste(self, event: events.Paste) -> None:
        """A paste that no Input took, on a list: into the list's filter."""
        from stadstafel.tui.widgets.paged import paste_into_filter  # only when pasting

        paste_into_filter(self.screen, event)

    def paused(self) -> bool:
        """Nobody typed, pasted or clicked for GC_PAUSE_SECONDS, and no key waits to be
        handled: time for work nobody waits on."""
        return self.idle_for() >= GC_PAUSE_SECONDS

    def idle_for(self) -> float:
        """Seconds since the last key, paste or click; 0 while one waits to be handled (it
        came during other work: the work done in pauses lets it go first)."""
        if input_waiting(self):
            return 0.0
        return time.monotonic() - self.last_activity

    def collect_in_pause(self) -> int | None:
        """``_collect_step`` (below), on the timeline (``stadstafel.tui.timeline``) when asked."""
        return timeline.step(self._collect_step, "gc")

    def _collect_step(self) -> int | None:
        """Collect garbage in the user's pauses (see GC_PAUSE_SECONDS): the young generations
        after a short pause, everything after a longer one (GC_FULL_PAUSE_SECONDS, then the
        freed memory goes back), and the young generation alone when much waits while typing.
        The generation collected (2: everything), None when it did not collect."""
        waiting, _, young_collections = gc.get_count()
        idle = self.idle_for()
        if idle >= GC_PAUSE_SECONDS and self._racks_dropped_at < self.last_activity:
            # once a pause: the screens not shown let go of their racks for notifications
            # (each screen gets one again as it is shown: textual_private.drop_racks)
            self._racks_dropped_at = self.last_activity
            if drop_racks(self):
                self._racks_dropped = True  # garbage in cycles once gone: the full collection
        # Not while sections are still built in this pause (prepare_in_pause): what they make
        # lives on, and walking it again each time (20-90 ms) was a step a key waited for.
        # A section dropped (KEEP_SECTIONS) is garbage in cycles: collected in the pause it
        # was dropped in, the next section built takes its memory instead of more.
        dropped = self._dropped and self.paused()
        if (idle >= GC_FULL_PAUSE_SECONDS or dropped) and self._preparing is None:
            full = bool(
                young_collections
                or waiting >= GC_MIN_OBJECTS
                or self._dropped
                or self._racks_dropped
            )
            if full:
                self._dropped = self._racks_dropped = False
                gc.collect()
            # Once a pause, collected or not: what the last keys freed (SQLite's sorter for a
            # search, a page of rows) is often C heap with little Python garbage beside it;
            # kept until the next full collection, it raised the memory by 3 MiB in 3 rounds.
            now = time.monotonic()
            if self._trimmed_at < self.last_activity and now - self._trimmed_at >= TRIM_SECONDS:
                self._trimmed_at = now
                start = time.perf_counter()
                kept.forget_toml()  # the start's parsed TOML texts: nothing reads them again
                # SQLite's page cache (up to TUI_PAGE_CACHE_KIB) and prepared statements
                # first: what the last keys read and prepared, the next ones read and
                # prepare again (the pages from the system's file cache).
                release = getattr(getattr(self.workspace, "store", None), "release_memory", None)
                if release is not None:
                    release()
                memory.trim()
                timeline.mark("trim", start)
            if full:
                return 2
        if self.paused() and waiting >= GC_MIN_OBJECTS:
            gc.collect(1)
            return 1
        if waiting >= GC_YOUNG_OBJECTS:
            gc.collect(0)
            return 0
        return None

    def _prepare_sections(self) -> None:
        """Queue every section not shown yet for ``prepare_in_pause``, the most used first."""
        shown = set(screen_stacks(self))
        rank = {section_id: n for n, section_id in enumerate(PREBUILD_FIRST)}
        queued = [s for s in self.sections if s.id not in shown]
        queued.sort(key=lambda s: rank.get(s.id, len(rank)))
        self._unprepared = [s.id for s in queued]
        self._built = None
        if self._preimport is None and queued:
            # Their modules at once, on a thread: a key pressed before any pause finds its
            # section's module imported (stadstafel.tui.preimport).
            self._preimport = Preimport(section_modules(queued), self._busy).start()
        if self._unprepared:
            self._start_preparing()

    def _start_preparing(self) -> None:
        """Look for pauses to work in (``prepare_in_pause``), unless it does already."""
        if self._preparing is None:
            self._preparing = self.set_interval(
                PREPARE_CHECK_SECONDS, self.prepare_in_pause, name="prepare-in-pauses"
            )

    # -- the bound on the sections kept built (KEEP_SECTIONS) ------------------------------------
    def _kept_always(self) -> set[str]:
        """The sections never dropped: home and the one the app started on."""
        return {type(self).DEFAULT_MODE, self.DEFAULT_MODE}

    def _built_sections(self) -> list[str]:
        """The sections built now that count against the bound."""
        ids = {section.id for section in self.sections} - self._kept_always()
        return [mode for mode in screen_stacks(self) if mode in ids]

    def _over_bound(self) -> bool:
        return len(self._built_sections()) > KEEP_SECTIONS

    def _may_drop(self) -> bool:
        """Over the bound, with a section not shown for DROP_AFTER_SECONDS."""
        if not self._over_bound():
            return False
        now = time.monotonic()
        shown = self._shown_at
        return any(now - shown.get(m, now) >= DROP_AFTER_SECONDS for m in self._built_sections())

    def _droppable(self, mode: str, stack: list[Screen], now: float) -> bool:
        """A section that may be dropped: not shown for DROP_AFTER_SECONDS (or built in a
        pause that long ago and never shown), only its own screen on its stack (no detail,
        form or dialog over it) and nothing in it the person typed or started."""
        if mode == self.current_mode or len(stack) != 1:
            return False
        if now - self._shown_at.get(mode, now) < DROP_AFTER_SECONDS:
            return False
        screen = stack[0]
        return not (isinstance(screen, StadstafelScreen) and screen.holds_input())

    def drop_section(self) -> str | None:
        """Over the bound, drop one built section not shown for DROP_AFTER_SECONDS: the least
        used (openings this session), of those the one shown longest ago (a section built in
        a pause and never opened first). Its place is kept for when it is built again. The
        section dropped, or None."""
        if not self._over_bound():
            return None
        stacks, now = screen_stacks(self), time.monotonic()
        candidates = [m for m in self._built_sections() if self._droppable(m, stacks[m], now)]
        if not candidates:
            return None
        mode = min(candidates, key=lambda m: (self._uses.get(m, 0), self._shown_at.get(m, 0.0)))
        screen = stacks[mode][0]
        place = screen.place() if isinstance(screen, StadstafelScreen) else None
        if drop_mode(self, mode) is None:
            return None
        if place is not None:
            self._places[mode] = place
        if self._built is not None and self._built[1] is screen:
            self._built = None
        self._dropped = True  # its widgets are collected in this pause (_collect_step)
        return mode

    def _busy(self) -> bool:
        """A key waits to be handled, or came within the last PREIMPORT_QUIET_SECONDS (its
        frame is being made): the preimport thread lets it have the interpreter."""
        return (
            input_waiting(self) or time.monotonic() - self.last_activity < PREIMPORT_QUIET_SECONDS
        )

    def _import_gate(self, needed: bool = True) -> Any:
        """The preimport thread's lock (held while it imports one module) while it runs;
        otherwise a lock nobody else takes."""
        preimport = self._preimport
        if not needed or preimport is None or not preimport.thread.is_alive():
            return OPEN_GATE
        return preimport.gate

    def prepare_in_pause(self) -> str | None:
        """``_prepare_step`` (below), on the timeline (``stadstafel.tui.timeline``) when asked;
        not while the preimport thread imports a module (its step waits for the next pause)."""
        gate = self._import_gate()
        if not gate.acquire(blocking=False):
            return None
        try:
            return timeline.step(self._prepare_step, "prepare")
        finally:
            gate.release()

    def _prepare_step(self) -> str | None:
        """In a pause of the user (``paused``), one step of building the sections not opened
        yet, so that a section's first opening is a switch, or of dropping a section over the
        bound (``drop_section``, ``KEEP_SECTIONS``): a section's screen is built
        (``build_mode``: made, composed, styled and filled with its first data, in its own
        task), and once mounted it is laid out at the terminal's size (``lay_out_unseen``).
        One step per call: a key pressed meanwhile waits for one step, never for the queue,
        and nothing is done while the user types or a key waits to be handled. A section's
        module not imported yet is a step before its build. Returns what it did ("section
        id" built, "layout:section id", "drop:section id", or the module imported), None when
        it waited or nothing is left (then the timer stops).

        A screen built early is in the app's screen stacks, so this session's own changes
        and other sessions' (``_own_change``, ``poll_changes``) mark it stale as they mark a
        section left earlier, and it reloads its data when first shown."""
        if not self.paused() or exiting(self):
            return None
        dropped = self.drop_section()
        if dropped is not None:
            return f"drop:{dropped}"
        if self._built is not None:
            built_id, built = self._built
            if not built.is_mounted:  # still composing and filling: the next pause
                return None
            tries, self._layouts = self._layouts, self._layouts + 1
            if tries < PREBUILD_LAYOUTS and lay_out_unseen(built, self.size, again=tries > 0):
                return f"layout:{built_id}"
            self._built = None  # ready: on to the next section in this same step
        while self._unprepared:
            section_id = self._unprepared[0]
            if section_id in screen_stacks(self):
                self._unprepared.pop(0)
                continue  # opened meanwhile
            named = next((s.module for s in self.sections if s.id == section_id), None)
            modules = (named,) if isinstance(named, str) else tuple(named or ())
            module = next((m for m in modules if m not in sys.modules), None)
            if module and (section_id, module) not in self._imported:
                # The section's modules first, each a step of its own (5-30 ms for a
                # module's screens): a key waits for one import or for the build, not for
                # all of them. A module that fails is left to the first visit, which says
                # why (make_screen).
                self._imported.add((section_id, module))
                with contextlib.suppress(Exception):
                    importlib.import_module(module)
                return module
            self._unprepared.pop(0)
            screen = build_mode(self, section_id)
            if screen is not None:
                self._shown_at[section_id] = time.monotonic()  # its age, never shown
                if isinstance(screen, StadstafelScreen):
                    # as if left just now: a theme changed before it is shown restyles it
                    screen._left_in = screen._style_state()
                self._built, self._layouts = (section_id, screen), 0
                return section_id
        if self._preparing is not None:  # (a switch over the bound starts it again)
            self._preparing.stop()
            self._preparing = None
        return None

    def check_idle_timeout(self) -> None:
        """Warn a minute before, then end the session when nobody typed for the timeout."""
        if not self.idle_seconds or exiting(self):
            return
        left = self.idle_seconds - (time.monotonic() - self.last_activity)
        minutes = self.idle_minutes or max(1, round(self.idle_seconds / 60))
        unit = L("minuut" if minutes == 1 else "minuten", "minute" if minutes == 1 else "minutes")
        if left > 0:
            warn = self.idle_warn_seconds
            if not self._idle_warned and self.idle_seconds >= 2 * warn and left <= warn:
                self._idle_warned = True
                self.notify(
                    L("Zonder activiteit stopt de sessie over een minuut. Druk op een toets "
                      "om door te gaan.", "Without activity the session ends in a minute. "
                      "Press a key to continue."),
                    severity="warning", timeout=min(warn, 15), markup=False,
                )  # fmt: skip
            return
        message = L(
            f"Sessie beëindigd na {minutes} {unit} zonder activiteit.",
            f"Session ended after {minutes} {unit} without activity.",
        )
        self.notify(message, severity="warning", timeout=30, markup=False)
        self.set_timer(self.idle_notice_seconds, lambda: self.exit(message=message))
        self.idle_seconds = 0  # once
