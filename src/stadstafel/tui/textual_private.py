"""Textual's private API, in one place, for the Textual versions it was written against.

Every use of an underscore name of Textual in stadstafel (and its plugins) is here;
``tests/test_layering.py`` fails on one anywhere else. Each use earns its keep: a speed-up
measured in ``docs/benchmarks.md``, or something Textual offers no public way to do (English
descriptions for bindings declared in Dutch, a section's key before the app's own, a database
fault ending the session with one line instead of a traceback).

``SUPPORTED`` says whether the installed Textual falls in ``TESTED`` (the range the code
below was read against). Outside it nothing private is touched: every function here falls
back to Textual's public behaviour (slower, or bindings left in Dutch), and the classes are
plain Textual ones.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sys
from collections.abc import Iterable
from typing import Any, ClassVar

import textual
from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.geometry import Region
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, OptionList, Select

#: The Textual versions this module was written against: from (inclusive), to (exclusive).
TESTED = ((8, 0), (9, 0))


def version_tuple(text: str) -> tuple[int, int]:
    """``"8.2.8"`` -> ``(8, 2)``; an unreadable version reads as ``(0, 0)``."""
    found = re.match(r"(\d+)\.(\d+)", text or "")
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


def supported(version: str) -> bool:
    return TESTED[0] <= version_tuple(version) < TESTED[1]


def textual_version() -> str:
    """Textual's version, read from the name of its ``dist-info`` folder beside the package.

    ``textual.__version__`` asks importlib.metadata, which imports the e-mail parser, zipfile
    and csv: 0.8 MiB that stay for the whole session and 10-15 ms of every start."""
    site = os.path.dirname(os.path.dirname(textual.__file__ or ""))
    with contextlib.suppress(OSError), os.scandir(site) as entries:
        for entry in entries:
            if entry.name.startswith("textual-") and entry.name.endswith(".dist-info"):
                return entry.name[len("textual-") : -len(".dist-info")]
    return getattr(textual, "__version__", "")


VERSION = textual_version()
SUPPORTED = supported(VERSION)


# -- bindings ------------------------------------------------------------------------------------
def key_bindings(node: DOMNode) -> dict[str, list[Binding]] | None:
    """The node's own map of key -> bindings (to rewrite descriptions), or None."""
    return node._bindings.key_to_bindings if SUPPORTED else None


def add_binding(node: DOMNode, binding: Binding, *, first: bool = False) -> None:
    """Give ``node`` one more binding (``first``: before the ones it has, so the footer shows
    it first). Outside the tested range: Textual's public ``App.bind`` on an app (no id, so
    ``[ui.keymap]`` cannot rebind it), nothing on another node."""
    if not SUPPORTED:
        if isinstance(node, App):
            node.bind(binding.key, binding.action, description=binding.description,
                      show=binding.show, key_display=binding.key_display)  # fmt: skip
        return
    add_bindings(node, [binding], first=first)


def add_bindings(node: DOMNode, bindings: list[Binding], *, first: bool = False) -> None:
    """``add_binding`` for several, in their order."""
    if not SUPPORTED:
        for binding in bindings:
            add_binding(node, binding)
        return
    keys = node._bindings.key_to_bindings
    if first:
        node._bindings.key_to_bindings = {}
    for binding in bindings:
        node._bindings._add_binding(binding)
    if first:
        for key, held in keys.items():
            node._bindings.key_to_bindings.setdefault(key, []).extend(held)


# -- styles and drawing ---------------------------------------------------------------------------
def css_update_count(app: App) -> int | None:
    """How often the app's CSS changed (a theme switch counts); None outside the range."""
    return app._css_update_count if SUPPORTED else None


def count_as_styled(screen: Screen, app: App) -> None:
    """A new screen counts as styled with the app's current CSS: its widgets are styled as
    they mount, so Textual's restyle of the whole app for a never-refreshed screen is not
    needed (3-8 ms per section's first show)."""
    if SUPPORTED:
        screen._css_update_count = app._css_update_count


def first_composed(widgets: Iterable[Any], kind: type) -> Any:
    """The first widget of ``kind`` among widgets just composed and not yet mounted (their
    children yielded inside ``with`` blocks included), in the order they will be in the
    DOM; None if there is none (or outside the range)."""
    if not SUPPORTED:
        return None
    for widget in widgets:
        if isinstance(widget, kind):
            return widget
        found = first_composed(getattr(widget, "_pending_children", ()), kind)
        if found is not None:
            return found
    return None


def style_as_focused(widget: Any, focused: bool = True) -> None:
    """A widget not yet mounted that gets the focus before the screen's first frame is
    styled as it mounts with ``:focus`` already: Textual styles it as it mounts, then again
    (a DataTable with its twenty parts: 2-3 ms) when the focus arrives. With ``has_focus``
    set quietly beforehand, the focus arriving changes nothing and restyles nothing.
    ``focused=False`` puts it back (restyled) where the focus went elsewhere after all."""
    if not SUPPORTED:
        return
    from textual.widget import Widget

    if focused:
        widget.set_reactive(Widget.has_focus, True)
    elif widget.has_focus and widget.screen.focused is not widget:
        widget.has_focus = False


def focus_arrived(widget: Any) -> None:
    """What a widget styled with ``style_as_focused`` does itself as the focus arrives,
    without the restyle: a TextArea shows its cursor, starts blinking it and notes where it
    is (its ``_watch_has_focus``, which the quiet ``has_focus`` skipped). Call it mounted."""
    if not SUPPORTED:
        return
    for cls in type(widget).__mro__:
        own = cls.__dict__.get("_watch_has_focus")
        if own is not None:
            own(widget, True)
            return


def cursor_blinks(widget: Any, blinking: bool) -> None:
    """A focused text field's cursor starts blinking, shown (``True``), or stops, hidden, as
    the focus arriving or leaving does, without restyling the field: the field a kept form
    was closed in stops its timer (which ticks twice a second for as long as it stays
    focused), and blinks again, shown, as the form shows again."""
    if not SUPPORTED:
        return
    if blinking:
        restart = getattr(widget, "_restart_blink", None)
        if callable(restart):
            restart()
    else:
        pause = getattr(widget, "_pause_blink", None)
        if callable(pause):
            pause(visible=False)


def batching(app: App) -> bool:
    """Does the app hold an update batch (a frame drawn now would be thrown away)?"""
    return bool(app._batch_count) if SUPPORTED else False


def only_no_colour_filter(app: App) -> None:
    """Replace the app's colour filters by one that drops every colour (a colourless
    terminal). Outside the range, Textual's own NO_COLOR handling stays."""
    if not SUPPORTED:
        return
    from textual.filter import ANSIToTruecolor, Monochrome, NoColor

    kept = [f for f in app._filters if not isinstance(f, ANSIToTruecolor | Monochrome | NoColor)]
    app._filters = [*kept, NoColor()]


def refresh_truecolor_filter(app: App, ansi_theme: Any) -> None:
    """What ``App.watch_theme`` does for the ANSI colours of a theme set without it."""
    if SUPPORTED:
        app._refresh_truecolor_filter(ansi_theme)


# -- screens and modes ----------------------------------------------------------------------------
def mode_names(app: App) -> set[str]:
    """The modes the app has (added or running)."""
    return set(app._modes) if SUPPORTED else set()


def screen_stacks(app: App) -> dict[str, list[Screen]]:
    """Every mode's stack of screens; outside the range only the current mode's."""
    if SUPPORTED:
        return {mode: list(stack) for mode, stack in app._screen_stacks.items()}
    return {app.current_mode: list(app.screen_stack)}


def build_mode(app: App, mode: str) -> Screen | None:
    """Build ``mode``'s base screen without showing it, so that switching to it later is a
    switch, not a build: what ``App._init_mode`` does (the screen made by the mode's factory,
    registered, so it composes and mounts in its own task, and its stack kept), without the
    ScreenResume and the layout, which ``switch_mode`` does when the mode is first shown.
    The screen is in the app's screen stacks from now on, so it is marked stale by the same
    paths as a section left earlier. None (nothing built) when the mode has a screen already,
    is unknown, the app is shutting down (it closes the stacks one by one, and a new one
    would change them under it), or outside the tested range: the mode is then built on its
    first visit."""
    if not SUPPORTED or not app._running or mode in app._screen_stacks or mode not in app._modes:
        return None
    factory = app._modes[mode]
    if not callable(factory) or isinstance(factory, Screen):
        return None
    screen, _await_mount = app._get_screen(factory())
    app._load_screen_css(screen)
    app._screen_stacks[mode] = [screen]
    return screen


def drop_mode(app: App, mode: str) -> Screen | None:
    """Drop ``mode``'s built stack (memory: ``StadstafelApp.KEEP_SECTIONS``): its screens are
    removed, the mode stays, and the next switch to it builds its screen again with the mode's
    factory, as a first visit does. What ``App.remove_mode`` does without removing the mode and
    without repainting the screen shown (``App._replace_screen`` refreshes it, for a stack it
    replaces; this one is not shown). The mode's base screen, or None when nothing was dropped:
    the mode is the one shown or has no stack, or outside the tested range."""
    if not SUPPORTED or mode == app._current_mode or mode not in app._screen_stacks:
        return None
    stack = app._screen_stacks.pop(mode)
    for screen in reversed(stack):
        if not app.is_screen_installed(screen) and screen.is_attached:
            screen.remove()
    return stack[0] if stack else None


def lay_out_unseen(screen: Screen, size: Any, *, again: bool = False) -> bool:
    """Lay out a built screen that is not shown (``build_mode``) at ``size`` and render it
    once, for nothing: its first show then finds its widgets placed and their lines rendered
    (each widget keeps them until it changes), and only puts them together, as a switch to a
    section seen before does. ``again``: only when the screen asked for a layout since (a
    scrollbar mounted by the first layout asks for one, which an unseen screen keeps for its
    first show). True when it laid the screen out; False when there was nothing to do, the
    screen is shown or not mounted yet, or outside the tested range (its first show lays it
    out and renders it)."""
    if not SUPPORTED or not screen.app._running or screen.is_current or not screen.is_mounted:
        return False
    if again and not (screen._layout_required or screen._scroll_required):
        return False
    # A rack of notifications of Textual's was hidden as the screen was first shown, a change
    # of layout that drew the screen's scrollbars again 30 ms after its first frame: it was
    # hidden (or filled) here. The screen has none now: it is put in, hidden, as it is shown
    # (BatchAwareScreen.put_rack), and asks for no layout.
    screen._layout_required = screen._scroll_required = False
    screen._refresh_layout(size)
    screen._dirty_widgets.clear()
    screen._compositor.render_update(full=True)
    forget_table_renders(screen)  # as for a screen left: its lines stay, ready to show
    compact_widgets(screen)
    # A screen's update timer, made paused, waits a whole period (1/60 s) after its first
    # resume before it ticks; once it has ticked it ticks as soon as it is resumed. Run now,
    # it ticks once, finds the screen not shown and pauses: the first show does not wait.
    screen._update_timer.resume()
    return True


def drop_racks(app: App) -> int:
    """Remove the racks for notifications of the screens not shown (``BatchAwareScreen``s
    only, and only a rack that shows no toast: hidden, with at most the empty holders of
    toasts gone, which Textual leaves): a widget each, with its message pump, styles
    and layer, that a hidden screen never uses; the screen gets a rack again as it is shown
    (``BatchAwareScreen.put_rack``, before Textual's ``App._refresh_notifications`` looks
    for it). Removed without asking its screen for a layout: a hidden rack is in none. The
    number removed (0 outside the tested range)."""
    if not SUPPORTED or not app._running:
        return 0
    from textual.widgets._toast import ToastRack

    try:
        shown = app.screen
    except Exception:
        return 0
    racks = [
        child
        for stack in app._screen_stacks.values()
        for screen in stack
        if screen is not shown and isinstance(screen, BatchAwareScreen) and screen.is_attached
        for child in screen._nodes
        if isinstance(child, ToastRack) and not child.display  # hidden: shows no toast
    ]
    if racks:
        app._prune(*racks)
    return len(racks)


def count_drawing(monkeypatch: Any) -> tuple[list[Any], list[Any]]:
    """For tests (``stadstafel.testing.drawing_counted``): from now on the screen of every
    frame the app draws (``App._display`` with something to draw) and the node of every style
    application, in order; pytest's ``monkeypatch`` undoes it after the test."""
    from textual.css.stylesheet import Stylesheet

    frames: list[Any] = []
    styled: list[Any] = []
    display, apply = App._display, Stylesheet.apply

    def counted_display(self: Any, screen: Any, renderable: Any) -> Any:
        if renderable is not None:
            frames.append(screen)
        return display(self, screen, renderable)

    def counted_apply(self: Any, node: Any, *args: Any, **kwargs: Any) -> Any:
        styled.append(node)
        return apply(self, node, *args, **kwargs)

    monkeypatch.setattr(App, "_display", counted_display)
    monkeypatch.setattr(Stylesheet, "apply", counted_apply)
    return frames, styled


def screen_strips(app: App) -> list:
    """The current screen as composed, one Strip of segments a line (what reaches the
    terminal): for tests that check what was drawn."""
    return app.screen._compositor.render_strips()


def input_waiting(app: App) -> bool:
    """Has the terminal given the app a key, a paste or a click that it has not handled yet
    (in its message queue)? Work done in the user's pauses waits for it: the time of the
    last key, which says the user paused, is taken only when the app handles the key, and a
    key that came while the pause work ran was next after it. False outside the tested
    range."""
    if not SUPPORTED:
        return False
    from textual import events

    waiting = getattr(app._message_queue, "values", ())  # textual._queue.Queue
    return any(isinstance(m, (events.Key, events.Paste, events.MouseDown)) for m in waiting)


def exiting(app: App) -> bool:
    """Has the app been asked to exit?"""
    return bool(app._exit) if SUPPORTED else False


def shutting_down(app: App) -> bool:
    """For a screen being mounted: has the app begun to shut down (``App._shutdown``)? A
    section built in a pause just before then gets its Mount without its children, which
    are not mounted any more. False outside the tested range."""
    return not app._running if SUPPORTED else False


# -- classes that override a private method ----------------------------------------------------
class FaultEndsApp(App):
    """An app whose ``fatal_fault(error)`` may end the session itself (True) on an error no
    screen expected, instead of Textual's traceback."""

    def fatal_fault(self, error: Exception) -> bool:
        return False

    if SUPPORTED:

        def _handle_exception(self, error: Exception) -> None:
            if not self.fatal_fault(error):
                super()._handle_exception(error)


def escape_grace() -> float:
    """Seconds a lone ESC waits for the rest of an escape sequence. Textual waits
    ``ESCDELAY`` ms (100 by default) and, reading in steps of 0.1 s, notices it only at the
    next step. A terminal writes an escape sequence (arrow, function key, mouse report, the
    bracketed-paste markers) in one piece, and bytes already waiting are read before the
    grace ends (a sequence cut by the read buffer is whole again), so a local terminal needs
    no more than a few ms: 3 (10 cost Escape 7 ms of its 16; crossterm waits for none);
    over SSH a sequence may come in two packets, and Textual's delay stays. ``ESCDELAY``,
    when set, is honoured as it is."""
    if "ESCDELAY" in os.environ:
        from textual import constants

        return constants.ESCAPE_DELAY
    if os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"):
        return 0.1
    return 0.003


class PasteGuard:
    """What a terminal sends, with every ESC inside a bracketed paste (between
    ``ESC[200~`` and ``ESC[201~``) but the end marker's replaced by U+FFFD, as
    ``textsafe.neutralise`` shows one, and so every other control character in it (a bell,
    a C1 CSI, a direction override) but the line breaks and tabs a pasted text is made of:
    a field takes the paste as it is, and no control character reaches it. Textual's parser
    read an ESC in a paste as the start of a key's sequence: the characters after it left
    the paste and arrived before it as keys (acted upon: a pasted ``ESC q`` quit), and the
    paste lost them. With no ESC in it but its end, a paste arrives whole, as typed, in its
    order. A marker cut between two reads is found across them; outside a paste nothing is
    held back (a lone Escape is not delayed)."""

    START = "\x1b[200~"
    END = "\x1b[201~"

    def __init__(self) -> None:
        self._inside = False
        self._tail = ""  # the last characters outside a paste (a start marker cut in two)
        self._held = ""  # inside a paste: the start of what may be its end marker

    #: The control characters of a paste (``textsafe``'s) but tab, line feed and return.
    CONTROLS = {
        c: "\ufffd"
        for c in (*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
        if c not in (0x09, 0x0A, 0x0D)
    }

    def gave_up(self) -> None:
        """The parser handed on what it held as keys (its wait for a sequence ended): the
        characters before are no part of a start marker."""
        if not self._inside:
            self._tail = ""

    def __call__(self, data: str) -> str:
        from stadstafel.textsafe import REPLACEMENT

        text, self._held = self._held + data, ""
        out: list[str] = []
        i = 0
        while i < len(text):
            if not self._inside:
                probe = self._tail + text[i:]
                found = probe.find(self.START)
                if found < 0:
                    out.append(text[i:])
                    self._tail = probe[-(len(self.START) - 1) :]
                    break
                stop = i + found + len(self.START) - len(self._tail)
                out.append(text[i:stop])
                i, self._inside, self._tail = stop, True, ""
                continue
            found = text.find("\x1b", i)
            if found < 0:
                out.append(text[i:].translate(self.CONTROLS))
                break
            out.append(text[i:found].translate(self.CONTROLS))
            rest = text[found : found + len(self.END)]
            if rest == self.END:
                out.append(rest)
                i, self._inside = found + len(rest), False
            elif len(rest) < len(self.END) and self.END.startswith(rest):
                self._held = rest  # the end marker, cut by the read: whole at the next
                break
            else:
                out.append(REPLACEMENT)
                i = found + 1
        return "".join(out)


@functools.cache
def guarded_parser() -> type:
    """Textual's ``XTermParser`` reading what it is fed through a ``PasteGuard``: a paste
    arrives as typed whichever driver reads the terminal (or the browser)."""
    from textual._xterm_parser import XTermParser

    class GuardedParser(XTermParser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._guard = PasteGuard()

        def feed(self, data: str) -> Any:
            if not data:  # the end of the input
                return super().feed(data)
            data = self._guard(data)
            return super().feed(data) if data else ()  # empty: all of it held back

        def tick(self) -> Any:
            for event in super().tick():
                # The parser gave up waiting for a sequence's next byte (a lone Escape went
                # on as a key): what comes next is typed, never the rest of a paste's marker.
                self._guard.gave_up()
                yield event

    return GuardedParser


#: A driver module whose input loop is in another module, which makes the parser: Windows'
#: console is read by ``win32.EventMonitor``.
_INPUT_LOOPS = {"textual.drivers.windows_driver": "textual.drivers.win32"}


def guard_pastes(driver: type) -> type:
    """``driver``, whose input loop's module now makes a ``guarded_parser()`` where it made
    Textual's parser (a driver chosen in TEXTUAL_DRIVER: the browser's, Textual's own Linux
    driver; Windows' driver; idempotent)."""
    module = sys.modules.get(_INPUT_LOOPS.get(driver.__module__, driver.__module__))
    if SUPPORTED and module is not None:
        from textual._xterm_parser import XTermParser

        if getattr(module, "XTermParser", None) is XTermParser:
            module.XTermParser = guarded_parser()  # type: ignore[attr-defined]
    return driver


def quick_escape_driver() -> type | None:
    """Textual's Linux driver with an input loop that hands a lone ESC on within
    ``escape_grace()``; None outside the tested range or where Textual has no such driver."""
    if not SUPPORTED or os.name != "posix":
        return None
    import selectors
    from codecs import getincrementaldecoder

    from textual._parser import ParseError
    from textual._time import get_time
    from textual.drivers.linux_driver import LinuxDriver

    parser_class = guarded_parser()

    grace = escape_grace()

    class QuickEscapeDriver(LinuxDriver):
        def run_input_thread(self) -> None:
            # Textual's own loop (LinuxDriver.run_input_thread), with three changes: an
            # escape sequence's wait for its next byte is at most ``grace``, the select
            # wakes when that wait ends instead of after its fixed 0.1 s, and a paste's own
            # ESCs are neutralised before the parser sees them (``guarded_parser``).
            selector = selectors.SelectSelector()
            selector.register(self.fileno, selectors.EVENT_READ)
            fileno = self.fileno
            parser = parser_class(self._debug)
            decode = getincrementaldecoder("utf-8")().decode

            def process(events_: list, final: bool = False) -> None:
                for index, (_key, mask) in enumerate(events_):
                    if mask & selectors.EVENT_READ:
                        last = index == len(events_) - 1
                        data = decode(os.read(fileno, 1024 * 4), final=final and last)
                        if not data:
                            break
                        for event in parser.feed(data):
                            self.process_message(event)
                        due = parser._timeout_time
                        if due is not None:
                            parser._timeout_time = min(due, get_time() + grace)
                for event in parser.tick():
                    self.process_message(event)

            def wait() -> float:
                due = parser._timeout_time
                return 0.1 if due is None else min(0.1, max(0.0, due - get_time()))

            try:
                while not self.exit_event.is_set():
                    process(selector.select(wait()))
                selector.unregister(self.fileno)
                process(selector.select(0.1), final=True)
            finally:
                selector.close()
                with contextlib.suppress(EOFError, ParseError):
                    for _event in parser.feed(""):
                        pass

    return QuickEscapeDriver


class QuickEscapeApp(App):
    """An app that reads a terminal with ``quick_escape_driver()`` where there is one: Escape
    arrives a few ms after the key instead of 100-200 ms."""

    def get_driver_class(self) -> type:
        from textual import constants

        default = super().get_driver_class()
        if constants.DRIVER or default.__module__ != "textual.drivers.linux_driver":
            return guard_pastes(default)  # a driver chosen in TEXTUAL_DRIVER, or another's
        return quick_escape_driver() or guard_pastes(default)


class QuietPopApp(App):
    """An app whose closed screens go without the screen they uncover noticing. Textual
    removes a popped screen after the uncovered one has drawn itself whole as it resumed;
    the removal then blurs the popped screen's focused widget (restyling it and its parts,
    and the footer for its bindings) and asks the uncovered screen for a new layout and a
    whole repaint (two more frames, the same picture). A screen that is in no stack and not
    shown is removed with its focus forgotten (its widgets go with it) and without that
    layout."""

    if SUPPORTED:

        def _prune(self, *nodes: Any, parent: Any = None) -> Any:
            if (
                parent is self
                and nodes
                and all(
                    isinstance(node, Screen)
                    and node is not self.screen
                    and not any(node in stack for stack in self._screen_stacks.values())
                    for node in nodes
                )
            ):
                for node in nodes:
                    if node.focused is not None:
                        node.set_reactive(Screen.focused, None)
                parent = None  # Textual's post-removal refresh of the app, and so its screen
            return super()._prune(*nodes, parent=parent)


@functools.cache
def capped_command_palette() -> type:
    """Textual's command palette showing only its ``SHOWN`` best hits, and under them a line
    (disabled, never chosen) that says how many more there are (``more_text``). Textual put
    every hit of every provider in its list at each key (a letter or two: hundreds, each
    measured and laid out), for a list that shows a dozen. The hits shown are Textual's
    first ones, in its order (by score). The text typed is drawn with its results, when they
    come within ``HOLD``."""
    from operator import attrgetter
    from time import monotonic

    from textual.command import CommandInput, CommandList, CommandPalette
    from textual.css.query import NoMatches
    from textual.widgets.option_list import Option
    from textual.worker import get_current_worker

    class CappedCommandPalette(CommandPalette):
        SHOWN = 20
        MORE_ID = "--more-hits"
        #: seconds the text typed waits, undrawn, for its results (then it is drawn alone)
        HOLD = 0.05
        _results_for = ""  # the text whose results the list shows
        _searching: tuple[Any, str] = (None, "")  # (worker, text) of the newest search
        _held_since: float | None = None
        _hold_timer_set = False

        def more_text(self, more: int) -> str:
            return f"+{more}"

        def no_matches_text(self) -> str:
            """The line shown when a text typed matches no command."""
            return "No matches found"

        if SUPPORTED:

            def _start_no_matches_countdown(self, search_value: str) -> None:
                # Textual's, with the line from no_matches_text (its own is English only)
                self._stop_no_matches_countdown()
                self._no_matches_timer = self.set_timer(
                    self._NO_MATCHES_COUNTDOWN, lambda: self._show_no_matches(search_value)
                )

            def _show_no_matches(self, search_value: str) -> None:
                if not search_value:  # nothing typed: nothing to say, as in Textual
                    self._list_visible = False
                    return
                self.query_one(CommandList).add_option(
                    Option(
                        Text(self.no_matches_text(), style="not bold", justify="center"),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True

            async def _on_idle(self, event: Any) -> None:
                # The text typed and its results in one frame: Textual drew the text at once
                # and the results in a frame after it, which its frame rate (60/s) kept a
                # 60th of a second or more behind the first.
                if self._holding():
                    event.prevent_default()
                    return
                await super()._on_idle(event)

            def _on_timer_update(self) -> None:
                if self._holding():  # a frame already asked for: it waits too
                    self._update_timer.pause()
                    return
                super()._on_timer_update()

            def _holding(self) -> bool:
                """Whether what is drawn waits for the results of the text typed."""
                if not self._list_visible:
                    return False  # a command chosen: its text is not searched
                try:
                    typed = self.query_one(CommandInput).value.strip()
                except NoMatches:
                    return False
                if typed == self._results_for:
                    self._held_since = None
                    return False
                now = monotonic()
                if self._held_since is None:
                    self._held_since = now
                left = self._held_since + self.HOLD - now
                if left <= 0:
                    return False
                if not self._hold_timer_set:
                    self._hold_timer_set = True
                    self.set_timer(left + 0.001, self._hold_over)
                return True

            def _hold_over(self) -> None:
                self._hold_timer_set = False
                self.check_idle()

            def _search_for(self, search_value: str) -> Any:
                # Which text the gathering now running searches (called in its worker).
                self._searching = (get_current_worker(), search_value)
                return super()._search_for(search_value)

            def _refresh_command_list(
                self, command_list: Any, commands: list, clear_current: bool
            ) -> None:
                try:
                    typed = self.query_one(CommandInput).value.strip()
                except NoMatches:
                    return
                worker, searched = self._searching
                if worker is not get_current_worker() or searched != typed:
                    # The results of a text typed over (its change not handled yet, so its
                    # search not cancelled yet): never shown under the newer text, whose
                    # own search comes.
                    return
                self._results_for = typed
                ranked = sorted(commands, key=attrgetter("hit.score"), reverse=True)
                shown: list = ranked[: self.SHOWN]
                if len(ranked) > len(shown):
                    more = self.more_text(len(ranked) - len(shown))
                    shown.append(Option(Text(more), id=self.MORE_ID, disabled=True))
                command_list.clear_options().add_options(shown)
                if ranked:
                    command_list.highlighted = 0
                self._list_visible = bool(command_list.option_count)
                self._hit_count = command_list.option_count

    return CappedCommandPalette


#: > 0 while a BatchAwareScreen lays itself out (``_size_updated`` below)
_QUIET_SIZES = 0
#: the widgets that showed or hid a scrollbar in the layout going on (``_size_updated`` below)
_SCROLLBARS_CHANGED: list[Any] = []


def _install_quiet_sizes() -> None:
    from textual.widget import Widget

    size_updated = Widget._size_updated

    def _size_updated(
        self: Any, size: Any, virtual_size: Any, container_size: Any, layout: bool = True
    ) -> bool:
        if not _QUIET_SIZES:
            return size_updated(self, size, virtual_size, container_size, layout=layout)
        shown = (self.show_vertical_scrollbar, self.show_horizontal_scrollbar)
        changed = size_updated(self, size, virtual_size, container_size, layout=False)
        if shown != (self.show_vertical_scrollbar, self.show_horizontal_scrollbar):
            _SCROLLBARS_CHANGED.append(self)
        return changed

    Widget._size_updated = _size_updated  # type: ignore[method-assign]


if SUPPORTED:
    _install_quiet_sizes()


class BatchAwareScreen(Screen):
    """A screen that draws nothing while the app holds an update batch: Textual renders a
    frame then that ``App._display`` throws away while the compositor counts its regions as
    drawn, so the terminal's first frame was only what changed after the batch. Marked for a
    repaint instead, the first refresh after the batch draws the whole screen. A Resize to
    the size the screen is already laid out at lays nothing out again.

    Built without Textual's tooltip (stadstafel shows no tooltips): a widget on every
    screen. Its rack for notifications stays part of every screen as Textual makes it: a rack
    mounted only when a notification was shown changed when and where toasts showed (a
    notification raised as a screen was covered or left showed late, or stayed)."""

    def draws_last_line(self) -> bool:
        """Does the screen draw its last line itself (a footer that is not a widget)?"""
        return False

    if SUPPORTED:

        def _extend_compose(self, widgets: list[Any]) -> None:
            # Textual's, without the tooltip, and without the rack: it is put in as the
            # screen is shown (_on_screen_resume, ``put_rack``)
            pass

        def put_rack(self) -> None:
            """The rack for notifications, as the screen is shown (before Textual's
            ``App._refresh_notifications`` looks for it): a screen not shown holds none
            (``drop_racks``). Registered as Textual's ``mount`` does, without asking for a
            layout: the rack is hidden (``display: none``) until it shows a toast, and
            showing one lays the screen out, as it did."""
            from textual.widgets._toast import ToastRack

            if self.app._disable_notifications or not self.is_attached:
                return
            racks = [c for c in self._nodes if type(c) is ToastRack]
            if any(not rack._pruning for rack in racks):
                return
            # A rack being removed (dropped a moment ago) is left to go: the new one is put
            # first, where Textual looks for the screen's rack, without its id meanwhile
            rack = ToastRack(id=None if racks else "textual-toastrack")
            if self.draws_last_line():
                # Textual's rack keeps its toasts a line above the bottom, over a footer;
                # a screen that draws its footer itself has its widgets above it already
                rack.styles.margin = (0, 0, 0, 0)
            self.app._register(self, rack, before=0)

        def _compositor_refresh(self) -> None:
            if self.app._batch_count:
                self._held_in_batch = True
                self.refresh()
                return
            if _QUIET_SIZES and _SCROLLBARS_CHANGED and not self._lay_out_again:
                self._lay_out_again = True  # laid out again at once, then drawn (below)
                return
            super()._compositor_refresh()

        def _on_screen_resume(self, event: Any) -> None:
            # Textual's (which this stops), but a screen laid out (and so drawn whole) as it
            # resumes is not marked to be drawn whole once more right after (a third of a
            # record screen's drawing). A screen that resumes at the size it has is drawn
            # again, as before.
            event.prevent_default()
            if self.app.SUSPENDED_SCREEN_CLASS:
                self.remove_class(self.app.SUSPENDED_SCREEN_CLASS)
            self.stack_updates += 1
            self.put_rack()
            self.app._refresh_notifications()
            size = self.app.size
            self._update_auto_focus()
            if self.is_attached:
                if event.refresh_styles:
                    self.update_node_styles(animate=False)
                if self._size != size:
                    self._refresh_layout(size)
                    self._just_drawn = True
                else:
                    self.refresh()

        _just_drawn = False  # laid out and drawn whole as it resumed, not updated since

        def refresh(self, *regions: Any, repaint: bool = True, **kwargs: Any) -> Any:
            # Right after the screen was drawn whole as it resumed, the layout its children's
            # mounting asks for (Textual's AwaitMount) draws what it moves, and does not draw
            # the whole screen again (as that asks, with ``repaint``).
            if self._just_drawn and kwargs.get("layout") and not regions:
                repaint = False
            return super().refresh(*regions, repaint=repaint, **kwargs)

        def _on_timer_update(self) -> None:
            self._just_drawn = False
            self._updated = True
            super()._on_timer_update()

        _held_in_batch = False  # a frame not drawn because the app held an update batch
        _updated = False  # the update timer's work (``_on_timer_update``) ran once

        async def _on_idle(self, event: Any) -> None:
            # A frame held back by an update batch is drawn by the screen's update timer,
            # which Textual makes paused and which waits a whole period (1/60 s) after its
            # first resume before it ticks. The app's start-up is such a batch: the home
            # screen's first frame came 16-18 ms after the app was ready, the interpreter
            # idle meanwhile (a fifteenth of a start). Drawn here at once instead, and the
            # timer started now, so a frame asked for right after waits for its tick as any
            # other. Textual's ``Screen._on_idle`` runs after this one otherwise.
            if (
                self._held_in_batch
                and not self._updated
                and not self.app._batch_count
                and self.is_current
            ):
                self._held_in_batch = False
                event.prevent_default()
                if self._layout_required:
                    # The layout draws every region the batch held back (nothing of the
                    # screen was drawn yet): the repaint of the whole screen asked for in the
                    # batch (``_compositor_refresh``) would draw it all once more, a second
                    # frame (1-2 ms and 10 kB) right behind the first, before it is written.
                    self._repaint_required = False
                self._on_timer_update()
                self._update_timer.resume()

        _lay_out_again = False  # a frame not drawn: the layout is done again first (below)

        def _refresh_layout(self, size: Any = None, scroll: bool = False) -> None:
            # Textual places a scrollbar by what the widget knew before the layout, and finds
            # in the layout that its content overflows (a trajectory's text, a long list):
            # the frame drawn then had the text at the wrong width and no scrollbar, and two
            # more frames followed. Here such a layout is done again before anything is drawn.
            global _QUIET_SIZES
            _QUIET_SIZES += 1
            _SCROLLBARS_CHANGED.clear()
            try:
                super()._refresh_layout(size, scroll)
                if self._lay_out_again:
                    self._lay_out_again = False
                    changed = list(_SCROLLBARS_CHANGED)
                    _SCROLLBARS_CHANGED.clear()
                    super()._refresh_layout(size, scroll)
                    for widget in changed:  # laid out, and drawn, with its scrollbar just now
                        widget._layout_required = False
                        for bar in (widget._vertical_scrollbar, widget._horizontal_scrollbar):
                            if bar is not None:
                                bar._repaint_required = False
            finally:
                _QUIET_SIZES -= 1
                _SCROLLBARS_CHANGED.clear()

        def _screen_resized(self, size: Any) -> None:
            # A screen pushed is laid out at the terminal's size as it resumes; the Resize
            # that its first layout posts to it then lays it (and every screen under it) out
            # again at that same size (4-5 ms per screen opened). A real resize changes the
            # size, and pending layout work is done by the screen's update timer.
            if size == self._compositor.size:
                return
            super()._screen_resized(size)


class BatchAwareModalScreen(ModalScreen, BatchAwareScreen):
    """A ModalScreen drawn as ``BatchAwareScreen`` draws (once as it opens), and not styled
    a second time as it first shows (its widgets were styled as they mounted, a moment
    before; a dialog closes before the CSS could change). ModalScreen comes first: Textual
    takes a class's CSS (the dimmed screen behind) along its first bases only."""

    _shown_once = False
    #: Kept after it closes and shown again (a form refilled for another record,
    #: ``FormScreen.refill``): not restyled as it shows again while the app's CSS is the
    #: one it was styled with (its widgets are restyled as their classes and focus change).
    kept = False

    def on_screen_resume(self, event: Any) -> None:
        if not self._shown_once:
            self._shown_once = True
            event.refresh_styles = False
            count_as_styled(self, self.app)
        elif self.kept and SUPPORTED and self._css_update_count == self.app._css_update_count:
            event.refresh_styles = False
        elif self.kept:
            count_as_styled(self, self.app)  # restyled now (the theme changed meanwhile)

    if SUPPORTED:

        def render(self) -> Any:
            # The screen below, dimmed, tinted straight from its lines: Textual renders it
            # through Rich (the compositor as a renderable, split into lines again) and
            # tints every segment anew; the same cells, a style tinted once per style.
            from textual.renderables.background_screen import BackgroundScreen

            rendered = super().render()
            if type(rendered) is BackgroundScreen:
                return _TintedScreen(rendered.screen, rendered.color)
            return rendered


def lay_out_before_shown(screen: Screen, size: Any) -> None:
    """Lay out a screen about to be shown again whose widgets changed while it was not
    shown (a kept form refilled), now, before it is pushed: each widget's request for a
    layout is taken as the widget would pass it on when next idle (``Widget._check_refresh``:
    its containers' arrangements forgotten, up to the first of fixed size), its request to
    be drawn again dropped (the screen is drawn whole as it shows), and the screen laid out
    if any asked. Left to the widgets, their requests reached the screen once it was shown
    (or before its ScreenResume, in no fixed order), and a part of it was drawn after a
    layout and the whole in another frame: two or three frames, the first one incomplete."""
    if not SUPPORTED or screen.is_current or not screen.is_mounted:
        return
    from textual.widget import Widget

    pending = bool(screen._layout_required)
    for widget in screen.walk_children(with_self=False):
        widget._repaint_required = False
        if widget._layout_required:
            widget._layout_required = False
            pending = True
            for ancestor in widget.ancestors:
                if not isinstance(ancestor, Widget):
                    break
                ancestor._clear_arrangement_cache()
                ancestor._layout_updates += 1
                if not ancestor.styles.auto_dimensions:
                    break
    if pending:
        screen._refresh_layout(size)
        screen._layout_required = False
    screen._dirty_widgets.clear()


def _tinted_screen() -> type:
    from textual.renderables.background_screen import BackgroundScreen
    from textual.strip import Strip
    from textual.visual import Visual

    class TintedScreen(Visual):
        """What ``BackgroundScreen`` shows (the screen below, each cell's colours blended
        with the dialog's translucent background, links and meta removed), drawn from the
        lower screen's strips without Rich's rendering and line splitting in between."""

        def __init__(self, screen: Screen, color: Any) -> None:
            self.screen = screen
            self.color = color

        def render_strips(self, width: int, height: Any, style: Any, options: Any) -> list:
            base = style.rich_style
            color = self.color
            process = BackgroundScreen.process_segments
            # the styles tinted for this colour and base before (the same dialog opened
            # again over the same screen tints the same few dozen styles), kept bounded
            key = (color, base)
            if _TINTED[0] != key or len(_TINTED[1]) > TINTED_STYLES:
                _TINTED[:] = [key, {}]
            tinted: dict[Any, Any] = _TINTED[1]

            def tint(segment_style: Any) -> Any:
                # As Textual: tinted (BackgroundScreen), then under the screen's own style
                # (Widget.post_render's _Styled); once per style.
                (segment,) = process([Segment(" ", segment_style)], color)
                styled = tinted[segment_style] = base + segment.style
                return styled

            get = tinted.get
            out = []
            for strip in self.screen._compositor.render_strips()[:height]:
                line = Strip(
                    [Segment(text, get(st) or tint(st)) for text, st, _control in strip],
                    strip.cell_length,
                )
                out.append(line if strip.cell_length == width else line.crop(0, width))
            return out

        def get_optimal_width(self, rules: Any, container_width: int) -> int:
            return container_width

        def get_height(self, rules: Any, width: int) -> int:
            return self.screen._compositor.size.height

    return TintedScreen


#: the styles a TintedScreen tinted last, for one (colour, base style): [key, {style: tinted}]
_TINTED: list[Any] = [None, {}]
TINTED_STYLES = 256  # at most so many kept (a screen has a few dozen)

_TintedScreen: Any = _tinted_screen() if SUPPORTED else None


_JOIN = Text("\n")  # what Text.__rich_console__ joins its lines with


# How many rendered rows and lines (each) and cells a FastDataTable keeps. Textual keeps 1,000
# and 10,000: every row scrolled past stays rendered (as a row, a line and its cells, and
# again for each time the cursor was on it), so a long list scrolled through held up to 4-5
# MiB that no frame would draw again. Four screens of 60 lines and ten columns.
TABLE_ROW_CACHE = 240
TABLE_CELL_CACHE = 2_400


class FastDataTable(DataTable):
    """A DataTable that skips measuring rows when every column has a fixed width, renders
    a one-line ``Text`` cell straight to its segments (``test_lists.py`` checks, cell by cell,
    that both ways give the same characters and styles), and keeps fewer rendered rows and
    cells (``TABLE_ROW_CACHE``, ``TABLE_CELL_CACHE``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if SUPPORTED:
            self._row_render_cache.maxsize = TABLE_ROW_CACHE
            self._row_renderable_cache.maxsize = TABLE_ROW_CACHE
            self._line_cache.maxsize = TABLE_ROW_CACHE
            self._cell_render_cache.maxsize = TABLE_CELL_CACHE

    if SUPPORTED:

        def _update_dimensions(self, new_rows: Iterable[Any]) -> None:
            # DataTable measures every cell of every new row to size its columns; with fixed
            # widths (and one-line rows) the measure is never used: half of a page's cost.
            if self.columns and not any(c.auto_width for c in self.columns.values()):
                new_rows = ()
            super()._update_dimensions(new_rows)

        def clear(self, columns: bool = False) -> Any:
            # DataTable.clear empties its caches and then reads its row offsets (to empty
            # them), which works them out again from the rows it is about to drop: the old
            # rows stayed in its one-entry row and offset caches until the table drew again;
            # a table not drawn again (the search after Escape) kept its last 100 for good.
            super().clear(columns)
            self._offset_cache.clear()
            self._ordered_row_cache.clear()
            return self

        def _render_cell(
            self,
            row_index: int,
            column_index: int,
            base_style: Style,
            width: int,
            cursor: bool = False,
            hover: bool = False,
        ) -> list[list[Segment]]:
            # DataTable renders every cell through Rich's console (a Padding in a Styled,
            # rendered to lines, cropped and padded again); after a filter keystroke every
            # visible cell is new, and that was half of the frame. For a row of height 1
            # holding a Text the same segments come from the Text's own wrap and render,
            # padded as the Padding pads. The header is such a row too (its titles were
            # two thirds of the cells' cost in the home screen's first frame); row labels,
            # fixed cells and the rest go the usual way.
            header = row_index == -1
            if column_index < self.fixed_columns or (not header and row_index < self.fixed_rows):
                return super()._render_cell(
                    row_index, column_index, base_style, width, cursor, hover
                )
            row_key = self._header_row_key if header else self._row_locations.get_key(row_index)
            column_key = self._column_locations.get_key(column_index)
            cache_key = (
                row_key,
                column_key,
                base_style,
                cursor,
                hover,
                self._show_hover_cursor,
                self._update_count,
                self._pseudo_class_state,
            )
            cached = self._cell_render_cache.get(cache_key)
            if cached is not None:
                return cached
            if header:
                height = self.header_height
            else:
                row = self.rows.get(row_key) if row_key is not None else None
                height = row.height if row is not None else 0
            cells = self._get_row_renderables(row_index).cells
            cell = cells[column_index] if column_index < len(cells) else None
            pad = self.cell_padding
            inner = width - 2 * pad
            if height != 1 or not isinstance(cell, Text) or inner < 1:
                return super()._render_cell(
                    row_index, column_index, base_style, width, cursor, hover
                )
            console = self.app.console
            plain = cell.plain
            if (
                cell.justify in (None, "default")
                and cell.cell_len <= inner
                and not ("\n" in plain or "\t" in plain)
            ):
                line = cell  # what wrap would return: one line, as it is
            elif (
                cell.overflow == "ellipsis"
                and cell.justify in (None, "default")
                and not cell.spans
                and not ("\n" in plain or "\t" in plain)
            ):
                # what wrap returns for one line too long, cut with "…" (a long name in a
                # list: every such cell of a filter keystroke's page went through wrap)
                line = Text(set_cell_size(plain, inner - 1) + "…", style=cell.style)
            else:
                line = cell.wrap(
                    console,
                    inner,
                    justify=cell.justify or "default",
                    overflow=cell.overflow or "fold",
                    tab_size=cell.tab_size or console.tab_size or 8,
                    no_wrap=True,
                )[0]
            blank = Style.null()
            segments = [Segment(" " * pad, blank)] if pad else []
            if line.spans:
                segments += _JOIN.join([line]).render(console)
            else:  # what the join and render give for a text without spans
                segments.append(
                    Segment(line.plain, console.get_style(line.style) if line.style else None)
                )
            fill = inner - line.cell_len
            if fill > 0:
                segments.append(Segment(" " * fill, blank))
            if pad:
                segments.append(Segment(" " * pad, blank))
            component_style, post_style = self._get_styles_to_render_cell(
                header,
                False,
                False,
                hover,
                cursor,
                self.show_cursor,
                self._show_hover_cursor,
                self.cursor_foreground_priority == "css",
                self.cursor_background_priority == "css",
            )
            pre_style = (
                base_style + Style.from_meta({"row": row_index, "column": column_index})
            ) + component_style
            lines = [list(Segment.apply_style(segments, pre_style, post_style))]
            self._cell_render_cache[cache_key] = lines
            return lines


class PlainCell(str):
    """A table cell of plain text, kept as a string: turned into the ``Text`` it shows
    (one line, cut with "…") as its row is drawn, never read as markup. A ``Text`` per cell
    held by every list of every section built was 0.4-0.5 MB; a drawn row's ``Text`` goes
    with the table's renders (``forget_table_renders``) when its screen is left."""

    __slots__ = ()

    @property
    def plain(self) -> str:  # as a ``Text`` cell reads
        return str(self)


_format_cell: Any = None  # Textual's default_cell_formatter, once ``plain_cells`` replaced it


def _cell_formatter(obj: object, wrap: bool = True, height: int = 0) -> Any:
    if type(obj) is PlainCell:
        return Text(str(obj), no_wrap=True, overflow="ellipsis")
    return _format_cell(obj, wrap, height)


def plain_cells() -> bool:
    """Let tables draw ``PlainCell`` as plain text (idempotent); True when it applies (the
    tested range, where DataTable formats each cell through its module's
    ``default_cell_formatter``). False: a cell must be given as a ``Text``."""
    global _format_cell
    from textual.widgets import _data_table

    if _data_table.default_cell_formatter is _cell_formatter:
        return True
    if not SUPPORTED or "default_cell_formatter" not in (
        _data_table.DataTable._compute_row_renderables.__code__.co_names
    ):
        return False
    _format_cell = _data_table.default_cell_formatter
    _data_table.default_cell_formatter = _cell_formatter  # type: ignore[assignment]
    return True


PLAIN_CELLS = plain_cells()


def plain_cell(text: str) -> Any:
    """A cell showing ``text`` (already on one line, without control characters) as it is:
    a ``PlainCell`` where tables draw them, else the ``Text`` it stands for."""
    if PLAIN_CELLS:
        return PlainCell(text)
    return Text(text, no_wrap=True, overflow="ellipsis")


def screen_text(screen: Screen) -> str:
    """What ``screen`` shows, as plain text, one line per terminal row (for tests that look at
    the screen as a person would). Outside the range: the text of its widgets' renders."""
    if SUPPORTED:
        strips = screen._compositor.render_strips()
        return "\n".join("".join(seg.text for seg in strip) for strip in strips)
    return "\n".join(str(widget.render()) for widget in screen.walk_children())


def column_widths_changed(table: DataTable, *, drawing: bool = False) -> None:
    """A DataTable whose columns' widths were set directly: drop its rendered cells and
    measure again. Outside the range: a refresh (the new widths show as rows are redrawn).

    Its new virtual width is set at once, quietly: measuring again later then finds it
    unchanged and does not lay the whole screen out again for it. ``drawing``: called while
    the table draws itself (it is drawing with the new widths, nothing to refresh)."""
    if SUPPORTED:
        from textual.geometry import Size

        table._clear_caches()
        table._require_update_dimensions = True
        width = sum(c.get_render_width(table) for c in table.columns.values())
        width += table._row_label_column_width
        table.set_reactive(DataTable.virtual_size, Size(width, table.virtual_size.height))
        if drawing:
            return
    table.refresh()


class QuietInput(Input):
    """An Input whose change of text does not lay the whole screen out again: Input sets its
    virtual size to the text's width on every change, a reactive with layout=True. For an
    input of fixed size without a scrollbar the new virtual size is set quietly first (as
    ``watch_value`` runs), and Input finds it unchanged and only repaints."""

    if SUPPORTED:

        def _watch_value(self, value: str) -> None:
            from textual.geometry import Size

            self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
            super()._watch_value(value)


class SteadyOptionList(OptionList):
    """An OptionList drawn once as its dialog opens (the table picker's). Textual's drew its
    options a second time right after the first frame, the same lines, for two reasons:
    it sets its virtual size as it first draws (the lines its options make at its width), a
    change that asks for a layout and a repaint; and it throws its rendered lines away at
    every Resize, the one its first layout posts included, which arrives after the first
    frame was drawn at that very width. Here a list whose options all fit has that virtual
    size set quietly before it first draws at a width (no scrollbar to update); lines
    rendered at another width are made anew as it draws (Textual's drew the old ones first,
    then the Resize's); and a Resize that leaves the width as drawn keeps the lines (only
    the width shapes a rendered option, its height follows from it). As options change, or
    when they do not fit, it is Textual's."""

    _drawn_width: int | None = None  # the width the options were last rendered at

    if SUPPORTED:

        def render_lines(self, crop: Any) -> list:
            width = self.scrollable_content_region.width
            if width != self._drawn_width:
                if self._drawn_width is not None:  # lines of another width: made anew now
                    self._option_render_cache.clear()
                    self._line_cache.clear()
                self._drawn_width = width
                self._size_quietly(width)
            return super().render_lines(crop)

        def _size_quietly(self, width: int) -> None:
            from textual.geometry import Size
            from textual.widget import Widget

            width -= self._get_left_gutter_width()  # as OptionList._update_lines measures
            height = self.get_content_height(self.size, self.size, width)
            if height <= self.scrollable_content_region.height and not (
                self.show_vertical_scrollbar or self.show_horizontal_scrollbar
            ):
                self.set_reactive(Widget.virtual_size, Size(width, height))

        def _on_resize(self, event: Any) -> None:
            # Textual runs each class's handler down the MRO (OptionList's clears) unless
            # the event's default is prevented
            if self._drawn_width == self.scrollable_content_region.width:
                event.prevent_default()


# -- memory --------------------------------------------------------------------------------------
# Textual caches ``StylesCache.get_inner_outer`` with ``functools.lru_cache`` on the method, so
# the cache's key holds the StylesCache itself: every widget that was ever drawn keeps its
# StylesCache, and with it every line it last rendered, alive in that cache until 1,024 newer
# entries push it out. Each visit of a screen that is closed again (search, a form, a
# record) left 9-40 of them behind: about 100 KB a visit, 10 MiB and more after a few hundred.
# The colours are the whole key of what the method works out; here only they are kept.
@functools.lru_cache(1024)
def _inner_outer(base_background: Any, background: Any) -> tuple[Any, Any]:
    from textual.style import Style as ContentStyle  # Textual's own, not Rich's

    return (
        ContentStyle(background=base_background + background),
        ContentStyle(background=base_background),
    )


def _get_inner_outer(_cache: Any, base_background: Any, background: Any) -> tuple[Any, Any]:
    return _inner_outer(base_background, background)


def keep_no_dead_widgets() -> None:
    """Install the colour-keyed ``get_inner_outer`` (idempotent; only in the tested range)."""
    if SUPPORTED:
        from textual._styles_cache import StylesCache

        StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign]


keep_no_dead_widgets()


def move_table_rows(
    table: DataTable,
    order: list[str],
    added: dict[str, list[Any]],
    dropped: Iterable[str],
    cursor_row: int,
) -> bool:
    """Make ``order`` (row keys) the table's rows: the rows ``added`` (key → cells, one line
    each) are new, the rows ``dropped`` go, every other row stays as it is. ``clear`` and
    ``add_row`` made every row of a window of 200 anew for a page of 50 (and ``remove_row``
    renumbers every row for each row it removes): a page-up in a long list cost 40-197 ms.
    The cursor goes to ``cursor_row`` without scrolling and without a highlight message (the
    caller keeps it on its record, and the view where it was). False outside the tested
    range: nothing done (the caller shows the rows anew)."""
    if not SUPPORTED:
        return False
    from itertools import zip_longest

    from textual._two_way_dict import TwoWayDict
    from textual.coordinate import Coordinate
    from textual.widgets._data_table import CellKey, Row, RowKey

    for key in dropped:
        row_key = RowKey(key)
        for column_key in table._data.pop(row_key, None) or ():
            table._updated_cells.discard(CellKey(row_key, column_key))
        table.rows.pop(row_key, None)
        table._new_rows.discard(row_key)
    columns = table.ordered_columns
    for key, cells in added.items():
        row_key = RowKey(key)
        table._data[row_key] = {c.key: cell for c, cell in zip_longest(columns, cells)}
        table.rows[row_key] = Row(row_key, 1)
        table._new_rows.add(row_key)
    table._row_locations = TwoWayDict({RowKey(key): n for n, key in enumerate(order)})
    table._require_update_dimensions = True
    table._update_count += 1
    table.set_reactive(DataTable.cursor_coordinate, Coordinate(cursor_row, table.cursor_column))
    table.refresh(layout=True)
    table.check_idle()
    return True


def on_a_stack(app: App, screen: Screen) -> bool:
    """Is ``screen`` open on any section's (mode's) stack, not only the current one's? A
    form left open in one section stays open there while another section is shown. Outside
    the tested range: True (taken as open, so never shown twice)."""
    if not SUPPORTED:
        return True
    return any(screen in stack for stack in screen_stacks(app).values())


def forget_own_render(screen: Screen) -> None:
    """Drop the lines a screen rendered of its own (a dialog's: the dimmed screen below,
    every line of the terminal, 100-110 KiB), marked to be rendered again when next drawn:
    for a screen kept while not shown (a closed form kept to be shown again), whose own lines
    are rendered anew each time it shows, over whatever is below it then. Outside the
    tested range: nothing."""
    if not SUPPORTED:
        return
    from textual.geometry import Size
    from textual.widget import _RenderCache

    screen._set_dirty()
    screen._render_cache = _RenderCache(Size(0, 0), [])


def repaint_rows(screen: Screen, *regions: Region) -> None:
    """Draw these regions of ``screen`` (its own coordinates) again, and nothing else: the
    lines a screen draws itself (its header and footer, ``StadstafelScreen``). Textual's
    ``refresh(region)`` on a screen drops the other widgets waiting to be drawn and clears
    the screen's caches; outside the tested range the whole screen is drawn again."""
    if not SUPPORTED:
        screen.refresh()
        return
    screen._repaint_regions.update(regions)
    screen._dirty_widgets.add(screen)
    screen.check_idle()


def forget_table_renders(screen: Screen) -> None:
    """Drop what the screen's tables rendered on the way to the lines on the screen (rows,
    cells, lines; up to ``TABLE_ROW_CACHE`` rows and lines and ``TABLE_CELL_CACHE`` cells
    each): for a screen that is left, 60-80 KB a list. The lines last drawn stay (Textual's
    per-widget lines), so the screen shows again without drawing its table anew; a row is
    rendered again when it changes. Outside the tested range: nothing."""
    if not SUPPORTED:
        return
    for table in screen.query(DataTable):
        table._row_render_cache.clear()
        table._cell_render_cache.clear()
        table._row_renderable_cache.clear()
        table._line_cache.clear()


#: A line's filter cache holds this for a filter that leaves the line as it is.
_UNCHANGED = object()
_FILTER_MARKS: list[Any] = []  # the truecolour filter's class and the cache's slot, once patched


class _UnchangedBy:
    """A line's filter cache while all it says is that one filter (with one background)
    leaves the line as it is: one object for every such line, none of their own."""

    __slots__ = ("key",)

    def __init__(self, key: tuple) -> None:
        self.key = key

    def get(self, key: tuple, default: Any = None) -> Any:
        return _UNCHANGED if key == self.key else default


_UNCHANGED_BY: dict[tuple, _UnchangedBy] = {}  # per filter and background; a new theme, anew


def _apply_filter(self: Any, filter: Any, background: Any) -> Any:
    """Textual's ``Strip.apply_filter``, but a line that the truecolour filter leaves as it
    is (no segment with an ANSI colour, a dim colour or a control code: every line of a theme
    in true colours) is its own result, not a copy of itself (``filtered_lines_once``)."""
    truecolor, slot = _FILTER_MARKS
    key = (filter, background)
    try:
        cache = slot.__get__(self, None)
    except AttributeError:  # never filtered
        cache = None
    else:
        cached = cache.get(key)
        if cached is _UNCHANGED:
            return self
        if cached is not None:
            return cached
    unchanged = type(filter) is truecolor and _unchanged_by(filter, self._segments, background)
    if unchanged and cache is None:
        shared = _UNCHANGED_BY.get(key)
        if shared is None:
            if len(_UNCHANGED_BY) >= 256:
                _UNCHANGED_BY.clear()
            shared = _UNCHANGED_BY[key] = _UnchangedBy(key)
        slot.__set__(self, shared)
        return self
    if cache is None or type(cache) is _UnchangedBy:
        from textual.cache import FIFOCache

        own = FIFOCache(_STRIP_CACHES["_filter_cache"])
        if cache is not None:
            own[cache.key] = _UNCHANGED
        slot.__set__(self, own)
        cache = own
    if unchanged:
        cache[key] = _UNCHANGED
        return self
    cached = type(self)(filter.apply(self._segments, background), self._cell_length)
    cache[key] = cached
    return cached


def _unchanged_by(filter: Any, segments: list, background: Any) -> bool:
    """Would ``ANSIToTruecolor.apply`` make the same segments again (same text, an equal
    style, no control)? If so, a segment whose style is equal to the filter's but another
    object takes the filter's (its cache of styles answers an equal style with the one it
    met first), in place, as the filter's copy would have had it: what is drawn holds the
    very style objects it did (their codes for the terminal are worked out once per
    object). The segments stay equal, so the line means what it meant."""
    truecolor_style = filter.truecolor_style
    rich_background = background.rich_color
    others = []
    for index, (text, style, control) in enumerate(segments):
        if control is not None:
            return False
        if style is None:
            continue
        own = truecolor_style(style, rich_background)
        if own is not style:
            if own != style:
                return False
            others.append((index, text, own))
    for index, text, own in others:
        segments[index] = Segment(text, own)
    return True


def filtered_lines_once() -> bool:
    """Every widget line is kept with, in its cache, the line the app's line filters made of
    it, drawn from then on: with a theme in true colours the truecolour filter (always on)
    made a copy of every line, segment for segment, the same styles, no colour changed,
    kept for as long as the line (0.4 MB after every section opened). Here such a line is
    its own filtered form (``_apply_filter``); a line the filter changes is copied as
    before, and other filters (16 colours, no colour) are Textual's. Patches
    ``Strip.apply_filter`` (idempotent); True when it applies (the tested range, a line's
    caches made when used, Textual's ``apply_filter`` and ``ANSIToTruecolor.apply`` as
    read)."""
    from textual.filter import ANSIToTruecolor
    from textual.strip import Strip

    if _FILTER_MARKS:
        return True
    apply_names = set(Strip.apply_filter.__code__.co_names)
    truecolor_names = set(ANSIToTruecolor.apply.__code__.co_names)
    slot = getattr(Strip.__dict__.get("_filter_cache"), "fset", None)
    if (
        not SUPPORTED
        or Strip.__init__ is not _strip_init
        or slot is None
        or apply_names != {"_filter_cache", "get", "Strip", "apply", "_segments", "_cell_length"}
        or truecolor_names != {"Segment", "truecolor_style", "rich_color"}
        or not hasattr(ANSIToTruecolor.truecolor_style, "cache_info")  # lru-cached
    ):
        return False
    Strip.apply_filter = _apply_filter  # type: ignore[method-assign]
    _FILTER_MARKS.extend((ANSIToTruecolor, slot.__self__))
    return True


# Every rendered line (``Strip``) makes seven caches of its own as it is made (crop, divide,
# style, ...): 900 bytes a line, three quarters of them for lines that are never cropped,
# divided or styled again (the lines a cache already holds, the derived lines those caches
# hold). A session that opened every section kept some 13,000 of them: 1.7 MiB. Here a
# line's cache is made when the line first uses it; the caches, their sizes and what they
# hold stay Textual's.
_STRIP_CACHES = {
    "_divide_cache": 4,
    "_crop_cache": 16,
    "_style_cache": 16,
    "_filter_cache": 4,
    "_line_length_cache": 4,
    "_crop_extend_cache": 4,
    "_offsets_cache": 4,
}
# What Textual's ``Strip.__init__`` sets, in the versions read: the patch applies only to it.
_STRIP_INIT_NAMES = {"_segments", "_cell_length", "_render_cache", "_link_ids", "_cell_count"}


def _made_when_used(slot: Any, size: int) -> property:
    from textual.cache import FIFOCache

    def get(strip: Any) -> Any:
        try:
            return slot.__get__(strip, None)
        except AttributeError:  # not used yet
            cache: Any = FIFOCache(size)
            slot.__set__(strip, cache)
            return cache

    return property(get, slot.__set__)


def _strip_init(self: Any, segments: Iterable[Segment], cell_length: int | None = None) -> None:
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def strip_caches_when_used() -> bool:
    """Make a Strip's caches on first use (idempotent); True when it applies (the tested
    range, and a ``Strip`` laid out as read)."""
    from textual.strip import Strip

    if Strip.__init__ is _strip_init:
        return True
    names = set(Strip.__init__.__code__.co_names)
    slots = [Strip.__dict__.get(name) for name in _STRIP_CACHES]
    if not SUPPORTED or names != _STRIP_INIT_NAMES | set(_STRIP_CACHES) | {"list", "FIFOCache"}:
        return False
    if not all(type(slot).__name__ == "member_descriptor" for slot in slots):
        return False
    for (name, size), slot in zip(_STRIP_CACHES.items(), slots, strict=True):
        setattr(Strip, name, _made_when_used(slot, size))
    Strip.__init__ = _strip_init  # type: ignore[method-assign]
    return True


strip_caches_when_used()
filtered_lines_once()


# For every component class of a widget (a DataTable has 13: cursor, header, hover, ...; an
# Input, a Footer's keys, a scrollbar have some) Textual's stylesheet makes a virtual DOMNode
# to read that component's styles from, and keeps it for as long as the widget lives (its
# styles point back to it). Each is a whole message pump: a query cache, a set of timers, a
# message signal, a child list and a copy of the bindings, 6.5 KB a node, none of them ever
# used (the node never mounts, has no children, gets no message). A session that opened every
# section kept some 230 of them. Here those parts (and its disabled messages, its callbacks,
# its own empty component styles, the set of its type names, the same for every such node)
# are one shared object each for every such node, and so are its empty inline styles (nothing
# sets a style on a component node: the stylesheet writes its CSS styles) and the set of its
# one class name (per name). What every such node has the same (its flags, None, the shared
# parts) is read from the class, not kept in each node's own attribute dict: a DOMNode sets
# some 35 attributes, so its dict is a full table of 1.6 KB (the interpreter shares the keys
# of an instance dict up to 30 only); what is left per node is its parent, its class name,
# its CSS styles and the styles read from it, in a dict of 0.2-0.4 KB
# (``_compact_component_nodes``, after the stylesheet styled them). What the stylesheet reads
# from a node, and a widget from its component styles, is unchanged.
_COMPONENT_SHARED = (
    "_query_one_cache",
    "_timers",
    "message_signal",
    "_nodes",
    "_bindings",
    "_disabled_messages",
    "_next_callbacks",
    "_component_styles",
    "_css_types",
    "_inline_styles",
)
#: What only a running message pump reads (when it last idled, the thread it runs in, the
#: messages stopped as it mounts): a component node never runs, so the first node's are kept
#: for all.
_COMPONENT_UNREAD = ("_last_idle", "_thread_id", "_prevented_messages_on_mount")
_CLASS_SETS: dict[frozenset, set[str]] = {}  # a component node's class names, one set per names


class ComponentNode(DOMNode):
    """The virtual node Textual's stylesheet reads a component class's styles from, without
    the parts of a message pump it never uses (shared by every such node)."""

    _shared: ClassVar[dict[str, Any] | None] = None  # the class's values: name -> value

    def __init__(self, *, classes: str | None = None, **kwargs: Any) -> None:
        super().__init__(classes=classes, **kwargs)
        shared = ComponentNode._shared
        if shared is None:
            shared = ComponentNode._shared = _component_defaults(self)
        self.__dict__.update((name, shared[name]) for name in _COMPONENT_SHARED)
        self.styles._inline_styles = shared["_inline_styles"]
        names = frozenset(self._classes)
        self._classes = _CLASS_SETS.setdefault(names, self._classes)


def _component_defaults(node: DOMNode) -> dict[str, Any]:
    """The values read from ``ComponentNode`` itself, set there: the shared parts, what a
    component node never reads, and every flag and None the first node was made with."""
    from textual.css.styles import Styles

    defaults = {name: getattr(node, name) for name in _COMPONENT_SHARED + _COMPONENT_UNREAD}
    defaults["_inline_styles"] = Styles()  # empty, for every node (its node: none)
    for name, value in vars(node).items():
        if value is None or type(value) is bool:
            defaults.setdefault(name, value)
    for cls in ComponentNode.__mro__[1:]:
        for name in list(defaults):
            if name in vars(cls):  # a property or a class's own value: not shadowed
                del defaults[name]
    for name, value in defaults.items():
        setattr(ComponentNode, name, value)
    return defaults


def _compact_component_nodes(widget: DOMNode) -> None:
    """Give each of ``widget``'s component nodes a dict of only what is its own: what equals
    the class's value is read from the class (a new, smaller dict: a dict never shrinks)."""
    shared = ComponentNode._shared
    if not shared:
        return
    for styles in widget._component_styles.values():
        node = styles.node
        if type(node) is not ComponentNode:
            continue
        own = node.__dict__
        if len(own) <= len(_COMPONENT_SHARED):
            continue  # compact already
        node.__dict__ = {
            name: value
            for name, value in own.items()
            if name not in shared or not (value is shared[name] or name in _COMPONENT_UNREAD)
        }
        _share_css_styles(node)


#: The CSS styles of component nodes, one per set of rules: each node's styles are written
#: once, by the stylesheet as it makes the node (a restyle makes new nodes), and only read
#: after; nodes with equal rules (the same component of the same widget class in the same
#: place, most of the 230) read them from one ``Styles`` (its node: none; a Styles reads its
#: rules without it). Up to ``CSS_STYLES_SHARED`` sets are kept (a theme's change makes new).
#: A node's own Styles held it (the styles its widget reads hold it by a weak reference):
#: its read styles hold it instead (``_Held``).
_CSS_STYLES: dict[frozenset, Any] = {}
CSS_STYLES_SHARED = 512


def _share_css_styles(node: DOMNode) -> None:
    own = node.__dict__
    styles = own.get("_css_styles")
    render = own.get("styles")
    if styles is None or render is None or render._base_styles is not styles or styles.important:
        return
    try:
        key = frozenset(styles._rules.items())
        kept = _CSS_STYLES.get(key)
    except TypeError:  # a rule's value that cannot be a key: the node keeps its own
        return
    if kept is None:
        if len(_CSS_STYLES) >= CSS_STYLES_SHARED:
            return
        kept = _CSS_STYLES[key] = type(styles)(None, dict(styles._rules), styles._updates)
    render._node = _Held(node)
    own["_css_styles"] = render._base_styles = kept
    render._updates += 1  # what it cached from the styles it read before is stale


class _Held:
    """A node, answered when called as a weak reference to it is (held, not weakly)."""

    __slots__ = ("node",)

    def __init__(self, node: DOMNode) -> None:
        self.node = node

    def __call__(self) -> DOMNode:
        return self.node


def _process_compacting(process: Any) -> Any:
    def process_component_classes(self: Any, node: Any) -> None:
        process(self, node)
        _compact_component_nodes(node)

    process_component_classes.__wrapped__ = process  # type: ignore[attr-defined]
    return process_component_classes


def light_component_nodes() -> bool:
    """Make the stylesheet's component nodes ``ComponentNode``s, their dicts compact
    (idempotent); True when it applies (the tested range, where the stylesheet makes them as
    read)."""
    from textual.css import stylesheet

    if stylesheet.DOMNode is ComponentNode:
        return True
    process = stylesheet.Stylesheet._process_component_classes
    names = process.__code__.co_names
    probe = DOMNode()
    if (
        not SUPPORTED
        or "DOMNode" not in names
        or not all(hasattr(probe, n) for n in _COMPONENT_SHARED + _COMPONENT_UNREAD)
        or not hasattr(probe.styles, "_inline_styles")
    ):
        return False
    stylesheet.DOMNode = ComponentNode  # type: ignore[misc]  # read there only to make them
    stylesheet.Stylesheet._process_component_classes = _process_compacting(process)  # type: ignore[method-assign]
    return True


light_component_nodes()


# A widget sets some 100-150 attributes of its own, so its dict is a full table of 3.3 KB
# (the interpreter shares the keys of an instance dict up to 30 only, and a table of up to
# 85 keys is 1.6 KB). A third of them hold, on nearly every built widget, the same flag or
# None: those are read from ``Widget`` itself (``_WIDGET_DEFAULTS``, set there), and a built
# screen's widgets keep only the values that differ (``compact_widgets``, as the screen is
# left or built unseen: its widgets then wait, a value changed later is the widget's own
# again). A mounted widget's mounted-event (an ``asyncio.Event`` with a queue of waiters,
# 0.9 KB) is set once and never cleared: the mounted widgets of a built screen share one set
# event. Reactive values are never read from the class (a reactive starts as it is first
# read), nor anything a class of the widget defines.
_WIDGET_DEFAULTS: dict[str, Any] = {
    **dict.fromkeys(
        (
            "_anchor_released",
            "_anchored",
            "_closed",
            "_closing",
            "_has_focus_within",
            "_has_hover_style",
            "_has_odd_or_even",
            "_has_order_style",
            "_layout_required",
            "_pruning",
            "_recompose_required",
            "_refresh_styles_required",
            "_repaint_required",
            "_scroll_required",
            "_trap_focus",
        ),
        False,
    ),
    **dict.fromkeys(
        (
            "_animate",
            "_auto_refresh",
            "_auto_refresh_timer",
            "_border_subtitle",
            "_border_title",
            "_cover_widget",
            "_horizontal_scrollbar",
            "_max_idle",
            "_name",
            "_pending_message",
            "_scrollbar_corner",
            "_tooltip",
            "_vertical_scrollbar",
            "absolute_offset",
            "highlight_style",
        ),
        None,
    ),
    **dict.fromkeys(("_is_mounted", "_render_markup", "_running"), True),
}
_MOUNTED: list[Any] = []  # the one set mounted-event the built screens' widgets share


def widget_defaults() -> bool:
    """Set ``_WIDGET_DEFAULTS`` on ``Widget`` (idempotent); True when it applies (the tested
    range, where a widget sets each of them and no class of Textual's defines one)."""
    import asyncio

    from textual.widget import Widget

    if _MOUNTED:
        return True
    own = vars(Widget())
    if (
        not SUPPORTED
        or not all(name in own for name in _WIDGET_DEFAULTS)
        or any(name in vars(cls) for cls in Widget.__mro__ for name in _WIDGET_DEFAULTS)
        or not hasattr(asyncio.Event(), "_waiters")
    ):
        return False
    for name, value in _WIDGET_DEFAULTS.items():
        setattr(Widget, name, value)
    mounted = asyncio.Event()
    mounted.set()
    _MOUNTED.append(mounted)
    return True


def compact_widgets(screen: Screen) -> None:
    """Give the screen and each of its widgets a dict of what is their own (see above)."""
    if not _MOUNTED:
        return
    mounted = _MOUNTED[0]
    for widget in (screen, *screen.walk_children()):
        own = widget.__dict__
        cls = type(widget)
        same = [
            name
            for name in _WIDGET_DEFAULTS
            if name in own and own[name] is getattr(cls, name, own)
        ]
        event = own.get("_mounted_event")
        if type(event) is type(mounted) and event.is_set() and not event._waiters:
            own["_mounted_event"] = mounted
        if same:
            for name in same:
                del own[name]
            widget.__dict__ = dict(own)  # a new dict, sized to what is left


widget_defaults()


def parse_css_through(lookup: Any) -> Any:
    """Textual's CSS parse (``Stylesheet._parse_rules``, what a stylesheet parses its sources
    with) asks ``lookup(variables, key, parse)`` first: the rules of one source under the
    stylesheet's variables, ``parse()`` when it has none (``stadstafel.tui.css_cache``).
    Returns a function that puts Textual's own back; does nothing outside ``TESTED``."""
    if not SUPPORTED:
        return lambda: None
    from textual.css.stylesheet import Stylesheet

    original = Stylesheet._parse_rules

    def parse_rules(
        self: Any,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        key = (css, read_from, is_default_rules, tie_breaker, scope)
        rules = lookup(
            self._variables,
            key,
            lambda: original(self, css, read_from, is_default_rules, tie_breaker, scope),
        )
        self._parse_cache[key] = rules
        return rules

    Stylesheet._parse_rules = parse_rules  # type: ignore[method-assign]

    def restore() -> None:
        Stylesheet._parse_rules = original  # type: ignore[method-assign]

    return restore


# -- forms ---------------------------------------------------------------------------------------
def _drawn_current() -> type:
    from rich.style import Style as RichStyle
    from textual.content import Content
    from textual.strip import Strip
    from textual.style import Style as VisualStyle
    from textual.visual import Visual
    from textual.widgets._select import SelectCurrent

    class Drawn(Visual):
        """A select's current value as Textual lays out its three Statics: the label wrapped
        in the width less two cells, beside it on the first line a cell of padding and the
        arrow; the rest of that column is the current value's background."""

        def __init__(self, label: Content, label_color: Any, arrow: str, arrow_color: Any):
            self.label = label
            self.label_color = label_color
            self.arrow = arrow
            self.arrow_color = arrow_color

        def render_strips(self, width: int, height: Any, style: Any, options: Any) -> list:
            label_width = max(width - 2, 0)
            label_style = style + VisualStyle(foreground=self.label_color)
            lines = self.label.render_strips(label_width, None, label_style, options) or [Strip([])]
            fill = RichStyle(bgcolor=style.rich_style.bgcolor)  # as a Static pads a line
            arrow_style = style + VisualStyle(foreground=self.arrow_color)
            arrow = Strip(
                [
                    Segment(" ", fill),
                    Segment(self.arrow, arrow_style.rich_style),
                ]
            )
            blank = Strip([Segment("  ", fill)])
            out = []
            for index, line in enumerate(lines):
                line = line.extend_cell_length(label_width, fill).crop(0, label_width)
                out.append(Strip.join([line, arrow if index == 0 else blank]))
            return out[:height] if height is not None else out

        def get_optimal_width(self, rules: Any, container_width: int) -> int:
            return self.label.get_optimal_width(rules, container_width) + 2

        def get_height(self, rules: Any, width: int) -> int:
            return max(1, self.label.get_height(rules, max(width - 2, 1)))

    class DrawnCurrent(SelectCurrent):
        """Select's current value as one widget that draws its label and arrow itself, as
        Textual's three Statics (label, ▼, a hidden ▲) look: the label dimmed while it is
        the prompt, the arrow dimmed, a long label wrapped onto more lines. Three widgets
        fewer to compose, style, mount and draw for each select of a form."""

        COMPONENT_CLASSES = {"drawn-current--dim", "drawn-current--value"}
        DEFAULT_CSS = """
        DrawnCurrent > .drawn-current--dim { color: $foreground 50%; }
        DrawnCurrent > .drawn-current--value { color: $foreground; }
        """

        def __init__(self, placeholder: str, label: Any = Select.NULL) -> None:
            super().__init__(placeholder)
            self.label = label
            self._content: Any = None

        def compose(self) -> Any:
            return ()

        def update(self, label: Any) -> None:
            # Laid out again only when the new label takes another number of lines at the
            # width it has (a kept form shown for another record: most labels fit one line).
            width = self.content_size.width
            before = self._label_content().get_height(self.styles, max(width - 2, 1))
            self.label = label
            self._content = None
            self.has_value = label is not Select.NULL
            after = self._label_content().get_height(self.styles, max(width - 2, 1))
            self.refresh(layout=not width or before != after)

        def _watch_has_value(self, has_value: bool) -> None:
            self.set_class(has_value, "-has-value")
            self.refresh()

        def _label_content(self) -> Any:
            if self._content is None:
                label = self.placeholder if self.label is Select.NULL else self.label
                if isinstance(label, Text):
                    self._content = Content.from_rich_text(label, console=self.app.console)
                else:
                    self._content = Content(str(label))
            return self._content

        def render(self) -> Any:
            dim = self.get_component_styles("drawn-current--dim").color
            value = self.get_component_styles("drawn-current--value").color
            expanded = isinstance(self.parent, Select) and self.parent.expanded
            return Drawn(
                self._label_content(),
                value if self.has_value else dim,
                "▲" if expanded else "▼",
                dim,
            )

        def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
            if not width:
                return 0
            return max(1, self._label_content().get_height(self.styles, max(width - 2, 1)))

        def get_content_width(self, container: Any, viewport: Any) -> int:
            return self._label_content().get_optimal_width(self.styles, container.width) + 2

    return DrawnCurrent


_DrawnCurrent: Any = _drawn_current() if SUPPORTED else None


class LazySelect(Select):
    """A Select whose list of options (its overlay, an OptionList of every option) is made
    when it is first opened, not as the form mounts: a form of three selects of every member
    organisation or person composed, styled, mounted and filled three option lists that a
    person mostly never opens (docs/benchmarks.md, seventh round). Opened, it is Textual's
    Select: the same list, keys, type-to-search and look."""

    if SUPPORTED:
        _overlay_made = False
        _handed: list[Any]

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._handed = []

        def compose(self) -> Any:
            # Composed showing its value, styled as having one: setting them as it mounts
            # restyled the current value and its three parts again.
            from textual.widgets._select import SelectCurrent

            value = self._value
            if value == self.NULL and not self._allow_blank:
                value = self._options[0][1]
            shown = next((p for p, v in self._options if v == value and v != self.NULL), None)
            if shown is None:
                yield _DrawnCurrent(self.prompt)
                return
            current = _DrawnCurrent(self.prompt, shown)
            current.set_reactive(SelectCurrent.has_value, True)
            current.add_class("-has-value", update=False)  # styled as it mounts
            yield current

        def refill(self, options: list[tuple[Any, Any]], value: Any, allow_blank: bool) -> None:
            """Other options and value, as a select made with them shows them (a kept form
            shown for another record): closed, its list (made when it was opened) dropped,
            to be made again from these options when it is next opened."""
            from textual.widgets._select import SelectOverlay

            if self._overlay_made:
                for overlay in list(self._nodes):
                    if isinstance(overlay, SelectOverlay):
                        overlay.remove()
                self._overlay_made = False
            self._handed.clear()
            self.set_reactive(Select.expanded, False)
            self.remove_class("-expanded")
            self._allow_blank = allow_blank
            self._setup_variables_for_options(options)
            if value == self.NULL and not allow_blank:
                value = self._options[0][1]
            self.set_reactive(Select.value, value)
            shown = next((p for p, v in self._options if v == value and v != self.NULL), None)
            for child in self._nodes:
                if isinstance(child, _DrawnCurrent):
                    child.update(self.NULL if shown is None else shown)

        async def _make_overlay(self) -> None:
            from textual.widgets._select import SelectOverlay

            if self._overlay_made:
                return
            self._overlay_made = True
            await self.mount(SelectOverlay(type_to_search=self._type_to_search))
            self._setup_options_renderables()

        def _setup_options_renderables(self) -> None:
            if self._overlay_made:
                super()._setup_options_renderables()

        def _watch_value(self, value: Any) -> None:
            if self._overlay_made:
                super()._watch_value(value)
                return
            # Select's, without the overlay's highlight (set as the overlay opens).
            from textual.css.query import NoMatches
            from textual.widgets._select import SelectCurrent

            self._value = value
            try:
                current = self.query_one(SelectCurrent)
            except NoMatches:
                return
            if value == self.NULL:
                current.update(self.NULL)
            else:
                for prompt, option in self._options:
                    if option == value:
                        if current.label is not prompt:  # not composed with it
                            current.update(prompt)
                        break
            self.post_message(self.Changed(self, value))

        def _watch_expanded(self, expanded: bool) -> None:
            # In step, as Select's: run later (async), it unset the highlight that opening
            # had put on the first choice, after a Down typed meanwhile had moved it (one
            # Down lost). Opened by a key the list is made first; by a click, made here.
            if expanded and not self._overlay_made:
                self.call_next(self._make_overlay_and_expand)
                return
            super()._watch_expanded(expanded)
            self._redraw_current()

        async def _make_overlay_and_expand(self) -> None:
            await self._make_overlay()
            if self.expanded:
                super()._watch_expanded(True)
                self._redraw_current()

        def _redraw_current(self) -> None:
            # Its arrow (▼ closed, ▲ open) is drawn by the current value, not shown by CSS.
            for child in self._nodes:
                if isinstance(child, _DrawnCurrent):
                    child.refresh()

        async def action_show_overlay(self) -> None:
            await self._make_overlay()
            super().action_show_overlay()

        def _forward_event(self, event: Any) -> None:
            # Keys the app hands this select (focused), told apart from keys its list lets
            # bubble up (those never pass here).
            from textual import events

            if isinstance(event, events.Key):
                self._handed.append(event)
            super()._forward_event(event)

        async def _on_key(self, event: Any) -> None:
            # Keys typed quickly after the one that opens the list reach this select, not its
            # list: they were handed here before the list was made and focused (its focus
            # moves later). Opened here, in this select's own turn, they wait behind the
            # opening and then go to the list in order, as if typed into it; left to the
            # bindings, a Down opened the open list again and was lost (an owner one above
            # the one chosen).
            from textual.widgets._select import SelectOverlay

            handed = next((i for i, e in enumerate(self._handed) if e is event), None)
            if handed is None:  # bubbled up from the list: the app's bindings see it
                await super()._on_key(event)
                return
            del self._handed[handed]
            if self.expanded and self._overlay_made:
                event.stop()
                event.prevent_default()
                overlay = self.query_one(SelectOverlay)
                for binding in overlay._bindings.key_to_bindings.get(event.key, []):
                    if await self.app.run_action(binding.action, overlay):
                        return
                await overlay._on_key(event)  # type to search
                return
            if not self.expanded and event.key in ("enter", "down", "space", "up"):
                event.stop()
                event.prevent_default()
                await self.action_show_overlay()
                return
            await super()._on_key(event)


# -- cycles Textual leaves for the collector -------------------------------------------------
# Textual's rendered lines and caches freed as they are dropped, not left to the collector.
#
# Two of Textual's structures are reference cycles, so what they hold is freed only by a full
# garbage collection, which the app runs in the user's longer pauses
# (``StadstafelApp.collect_in_pause``): until then it is memory, and the interpreter takes new
# 1 MiB arenas for it. An arena is kept as long as one object in it lives, and the objects the
# screens keep (lines on screen, the rows of a page) land in them as well: the first round of
# use took three arenas more than every section had, kept for the session, mostly free room.
# Of the cyclic garbage a round of use made, most was these four:
#
# - *A line divided at its own end* (``Strip.divide``, for every line of a widget as wide as
#   the region it is drawn in): Textual caches the answer, ``[line]``, in the line's own
#   divide cache, so every line drawn once and replaced was a cycle, with its segments.
# - *An LRU cache cleared or dropped* (``textual.cache.LRUCache``, a ring of links ``[prev,
#   next, key, value]``): ``clear`` forgets the links but leaves them linked, so every value a
#   DataTable's render caches held (rendered rows and cells, a refilled page's rows) waited
#   for the collector, as did a whole cache when its widget went.
# - *A widget restyled* (a focus change, a class set): the stylesheet makes each of its
#   component classes' virtual node anew (``Stylesheet._process_component_classes``), and the
#   one it replaces and its styles point at each other (a DataTable's thirteen, 3.8 KB each).
# - *A screen laid out* (``Compositor._arrange_root``): the map of every widget's place it
#   makes is held by the function that made it, which refers to itself; each map replaced (at
#   every layout and every scroll of the visible part) kept its geometry until a collection.
#
# Here a line divided at its own end returns ``[line]`` without caching it (making it costs
# less than the cache's look-up), a cleared or dropped LRU cache unlinks its links, and a
# replaced component node lets go of its styles, and a compositor empties the maps it
# replaced, so what they hold goes back at once. Applied only to the tested range of Textual
# where the four are as read (``acyclic_caches``).


def _unlink(cache: Any) -> None:
    for link in getattr(cache, "_cache", {}).values():
        link.clear()


#: A component node's attributes that point at its styles (which point back at it).
_NODE_STYLES = ("styles", "_css_styles", "_inline_styles")


def _process_acyclic(process: Any) -> Any:
    def process_component_classes(self: Any, node: Any) -> None:
        old = list(node._component_styles.values())
        process(self, node)
        if old:
            kept = {id(styles) for styles in node._component_styles.values()}
            for styles in old:
                if id(styles) not in kept:
                    replaced = styles.node.__dict__
                    for name in _NODE_STYLES:
                        replaced.pop(name, None)

    return process_component_classes


def _maps_emptied(method: Any) -> Any:
    """``method`` of the compositor, emptying the maps and widget sets it replaced (Textual
    empties its map in place too, ``Compositor.clear``); only the compositor reads them."""

    def replacing(self: Any, *args: Any) -> Any:
        before = (self._full_map, self._visible_map, self.widgets)
        result = method(self, *args)
        now = (id(self._full_map), id(self._visible_map), id(self.widgets))
        for old in before:
            if old is not None and id(old) not in now:
                old.clear()
        return result

    return replacing


def acyclic_caches() -> bool:
    """Make the four free what they hold as they drop it (idempotent); True when it applies."""
    from textual._compositor import Compositor
    from textual.cache import LRUCache
    from textual.css.stylesheet import Stylesheet
    from textual.dom import DOMNode
    from textual.strip import Strip

    if getattr(Strip.divide, "_acyclic", False):
        return True
    divide, clear = Strip.divide, LRUCache.clear
    process = Stylesheet._process_component_classes
    full_map = Compositor.__dict__.get("full_map")
    layouts = (Compositor.reflow, Compositor.reflow_visible, getattr(full_map, "fget", None))
    if (
        not SUPPORTED
        or "_component_styles" not in getattr(process, "__wrapped__", process).__code__.co_names
        or not set(_NODE_STYLES) <= set(vars(DOMNode()))
        or not all(
            layout is not None and "_arrange_root" in layout.__code__.co_names for layout in layouts
        )
        or "_divide_cache" not in divide.__code__.co_names
        or set(clear.__code__.co_names) != {"_cache", "clear", "_full", "_head"}
        or "__del__" in LRUCache.__dict__
    ):
        return False

    def divide_acyclic(self: Strip, cuts: Any) -> Any:
        cell_length = self.cell_length
        cuts = [cut for cut in cuts if cut <= cell_length]
        if cuts == [cell_length]:
            return [self]  # Textual's answer, not kept in the line's own cache
        return divide(self, cuts)

    def clear_acyclic(self: LRUCache) -> None:
        _unlink(self)
        clear(self)

    divide_acyclic._acyclic = True  # type: ignore[attr-defined]
    Strip.divide = divide_acyclic  # type: ignore[method-assign]
    LRUCache.clear = clear_acyclic  # type: ignore[method-assign]
    LRUCache.__del__ = _unlink  # type: ignore[attr-defined]
    Stylesheet._process_component_classes = _process_acyclic(process)  # type: ignore[method-assign]
    Compositor.reflow = _maps_emptied(Compositor.reflow)  # type: ignore[method-assign]
    Compositor.reflow_visible = _maps_emptied(Compositor.reflow_visible)  # type: ignore[method-assign]
    Compositor.full_map = property(_maps_emptied(full_map.fget))  # type: ignore[method-assign, union-attr]
    return True


acyclic_caches()


# -- key names -------------------------------------------------------------------------------
#: What Textual's ``keys.key_to_character`` answers for the names of keys (``textual.keys``:
#: ``Keys``, the names it replaces and the Unicode names it knows, a few more): None for a
#: key that is no character. Textual finds each with ``unicodedata.lookup``, which for the
#: bindings of a screen read 0.4 MiB of the module's tables into memory (pages of a file,
#: counted in RSS). ``tests/tui/test_key_names.py`` compares every answer with Textual's.
_NO_CHARACTER = (
    "at backslash ctrl-at down end enter home insert left minus pagedown pageup plus return"
    " right slash underscore up"
)
_CHARACTER_NAMES = (
    "backspace delete escape space tab ampersand apostrophe asterisk circumflex_accent colon"
    " comma commercial_at dollar_sign equals_sign exclamation_mark full_stop grave_accent"
    " greater_than_sign hyphen_minus left_curly_bracket left_parenthesis left_square_bracket"
    " less_than_sign low_line number_sign percent_sign plus_sign question_mark quotation_mark"
    " reverse_solidus right_curly_bracket right_parenthesis right_square_bracket semicolon"
    " vertical_line"
)
KEY_CHARACTERS: dict[str, str | None] = {
    **dict.fromkeys(_NO_CHARACTER.split() + [f"f{n}" for n in range(1, 25)]),
    **dict(
        zip(_CHARACTER_NAMES.split(), "\b\x7f\x1b \t&'*^:,@$=!.`>-{([<_#%+?\"\\})];|", strict=True)
    ),
}


def key_characters_known() -> bool:
    """A screen's chain of bindings asks ``key_to_character`` of every key bound: answer the
    names in ``KEY_CHARACTERS`` from it, any other key as Textual does (idempotent); True
    when it applies."""
    from textual import screen
    from textual.keys import key_to_character

    current = getattr(screen, "key_to_character", None)
    if getattr(current, "_known", False):
        return True
    if not SUPPORTED or current is not key_to_character:
        return False

    known, ask = KEY_CHARACTERS, object()

    def known_key_to_character(key: str) -> str | None:
        character = known.get(key, ask)
        return key_to_character(key) if character is ask else character  # type: ignore[return-value]

    known_key_to_character._known = True  # type: ignore[attr-defined]
    screen.key_to_character = known_key_to_character  # type: ignore[attr-defined]
    return True


key_characters_known()


def replace_everywhere(old: Any, new: Any) -> None:
    """``new`` for ``old`` under every name a Rich or Textual module imported it as."""
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").partition(".")[0] in ("rich", "textual"):
            for name, value in list(vars(module).items()):
                if value is old:
                    setattr(module, name, new)


#: The key name of every ASCII character that is no letter or digit, as Textual's
#: ``keys._character_to_key`` names it. Textual names a typed character through
#: ``unicodedata.name`` (the terminal's parser, for every key that is not alphanumeric): the
#: first "/" of a session (search) read 0.3 MiB of the module's name tables into memory, pages
#: of a file counted in RSS that the minimal app never reads. Control characters are their own
#: name (tab aside), as Textual's look-up fails for them.
_PUNCTUATION_NAMES = (
    "space exclamation_mark quotation_mark number_sign dollar_sign percent_sign ampersand"
    " apostrophe left_parenthesis right_parenthesis asterisk plus comma minus full_stop slash"
    " colon semicolon less_than_sign equals_sign greater_than_sign question_mark at"
    " left_square_bracket backslash right_square_bracket circumflex_accent underscore"
    " grave_accent left_curly_bracket vertical_line right_curly_bracket tilde"
)
ASCII_KEY_NAMES: dict[str, str] = {
    **{chr(code): chr(code) for code in [*range(32), 127]},
    "\t": "tab",
    **dict(zip(" !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", _PUNCTUATION_NAMES.split(), strict=True)),
}


def ascii_keys_named() -> bool:
    """Name a typed ASCII character from ``ASCII_KEY_NAMES``, any other as Textual does, in
    every Textual module that imported ``_character_to_key`` (idempotent); True when it
    applies."""
    from textual import keys

    current = keys._character_to_key
    if getattr(current, "_known", False):
        return True
    if not SUPPORTED:
        return False
    known = ASCII_KEY_NAMES

    def character_to_key(character: str) -> str:
        name = known.get(character)
        return current(character) if name is None else name

    character_to_key._known = True  # type: ignore[attr-defined]
    character_to_key.textual = current  # type: ignore[attr-defined]
    replace_everywhere(current, character_to_key)
    return True


ascii_keys_named()

# -- the text measured, kept to a working set ---------------------------------------------------
# Rich measures every string under 512 characters through ``rich.cells.cached_cell_len``, an
# lru_cache of 4,096 strings, and Textual's ``cell_len`` is that same function: every text
# ever measured (a row's cells, a search's snippets, every word typed into a filter and each
# prefix of it, lines' control-stripped copies) stays alive in it, with its key, until 4,096
# newer ones push it out. A session fills it over use (2,600 after every section and three
# rounds of use on the large workspace; ~1 MB at the cap), in pools among the objects use
# keeps. What a frame measures again and again is a screen's own few hundred strings: a cache
# of CELL_LEN_CACHE keeps those, and a miss costs what Rich's own miss costs.
CELL_LEN_CACHE = 512


def bounded_cell_len() -> bool:
    """Measure text through a cache of CELL_LEN_CACHE strings, in Rich and Textual alike
    (every module that imported ``cached_cell_len`` by name; idempotent); True when it
    applies."""
    from rich import cells

    cached = cells.cached_cell_len
    info = getattr(cached, "cache_info", None)
    measure = getattr(cached, "__wrapped__", None)
    if info is None or measure is None:
        return False  # not the Rich read here
    if info().maxsize == CELL_LEN_CACHE:
        return True
    replace_everywhere(cached, functools.lru_cache(CELL_LEN_CACHE)(measure))
    return True


bounded_cell_len()
