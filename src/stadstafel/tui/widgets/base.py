"""Building blocks shared by every screen: bilingual bindings, the header, a section screen.

Bindings are written in Dutch with ``bind()``, which also records the English description;
``translate_bindings(node)`` swaps them in when the workspace language is English.

    BINDINGS = [bind("n", "new", "Nieuw", "New", id="partners.new")]

A section's main screen subclasses ``SectionScreen``: it gets the header and footer, a
``refresh_data()`` hook the app calls when another session committed, and English binding
descriptions when the language is "en".
"""

from __future__ import annotations

import dataclasses
import sqlite3
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual, visualize
from textual.widgets import Static

from stadstafel import i18n
from stadstafel.errors import (
    BusyError,
    ConflictError,
    DatabaseError,
    PermissionDenied,
    StadstafelError,
)
from stadstafel.tui.rights import RIGHTS, lacks
from stadstafel.tui.text import L, plain
from stadstafel.tui.textual_private import (
    BatchAwareScreen,
    compact_widgets,
    css_update_count,
    forget_table_renders,
    key_bindings,
    repaint_rows,
)

if TYPE_CHECKING:
    from stadstafel.tui.app import StadstafelApp

W = TypeVar("W")

# binding id -> English description (filled by bind())
ENGLISH: dict[str, str] = {}
# binding id -> Dutch description (filled by bind(); for a switch back from English)
DUTCH: dict[str, str] = {}


def bind(
    key: str,
    action: str,
    nl: str,
    en: str | None = None,
    *,
    id: str,
    show: bool = True,
    priority: bool = False,
    key_display: str | None = None,
    group: Binding.Group | None = None,
    right: str | None = None,
) -> Binding:
    """A Binding with a Dutch description, its English one recorded under ``id``.

    ``right``: the right the action needs (a core right such as "agenda.edit", or one a plugin
    declared): the key is offered only to who holds it, and refused before the action runs
    otherwise (``tui/rights.py``)."""
    ENGLISH[id] = en or nl
    DUTCH[id] = nl
    if right:
        RIGHTS[id] = right
    else:
        RIGHTS.pop(id, None)
    return Binding(
        key,
        action,
        nl,
        show=show,
        priority=priority,
        id=id,
        key_display=key_display,
        group=group,
    )


def translate_bindings(node: DOMNode, *, again: bool = False) -> None:
    """Give the node's bindings the descriptions of the current language. They are declared
    in Dutch, so in Dutch there is nothing to do, unless ``again``: the node's bindings were
    translated before and the language was switched back in the app."""
    if i18n.language() != "en" and not again:
        return
    words = ENGLISH if i18n.language() == "en" else DUTCH
    keys = key_bindings(node)
    if keys is None:  # a Textual this was not written for: the descriptions stay Dutch
        return
    for key, bindings in list(keys.items()):
        # new lists: the map's lists are shared with the class (BindingsMap.copy is shallow)
        keys[key] = [
            dataclasses.replace(b, description=words[b.id]) if b.id in words else b
            for b in bindings
        ]


def is_textual_builtin(node: object, binding: Binding) -> bool:
    """Is this binding one of Textual's own (declared on a class in the textual package)?"""
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("textual."):
            continue
        for item in cls.__dict__.get("BINDINGS", []):
            key, action = (item.key, item.action) if isinstance(item, Binding) else item[:2]
            if action == binding.action and binding.key in key.split(","):
                return True
    return hasattr(node, "COMMAND_PALETTE_BINDING") and binding.action == "command_palette"


# What a screen action may meet and must turn into a message: the services' own errors, and
# database or file faults that reached it raw (a plugin's SQL, a file it read).
FAULTS = (StadstafelError, sqlite3.Error, OSError)


def as_fault(app: Any, exc: BaseException) -> StadstafelError:
    """``exc`` as a StadstafelError with a plain message (sqlite3/OS errors translated), after
    rolling back a transaction the failed call may have left open: nothing half-written.

    The workspace does both (``Workspace.fault``): the interface never touches the store."""
    fault = getattr(getattr(app, "workspace", None), "fault", None)
    if callable(fault):
        return fault(exc)
    from stadstafel.workspace import translate_fault

    return translate_fault(exc, getattr(exc, "filename", None) or "?")


def notify_error(app: Any, exc: StadstafelError) -> None:
    """Show a service error as a notification (the app keeps running)."""
    nl = i18n.language() == "nl"
    message = exc.message
    if isinstance(exc, ConflictError):
        title = "Tegelijk gewijzigd" if nl else "Changed meanwhile"
    elif isinstance(exc, PermissionDenied):
        title = "Geen toestemming" if nl else "Not allowed"
    elif isinstance(exc, BusyError):
        title = "Database bezet" if nl else "Database busy"
        message = f"{message} {i18n.t('nothing_saved')}"
    elif isinstance(exc, DatabaseError):
        title = "Databasefout" if nl else "Database problem"
        message = f"{message} {i18n.t('nothing_saved')}"
    else:
        title = "Niet gelukt" if nl else "Not done"
    app.notify(plain(message), title=title, severity="error", timeout=8, markup=False)


def _cut(text: str, cells: int) -> str:
    """``text`` in at most ``cells`` cells: cut with "…" when longer (a wide character, CJK
    or emoji, takes two cells)."""
    if cell_len(text) <= cells:
        return text
    if cells <= 0:
        return ""
    return set_cell_size(text, cells - 1) + "…"  # a wide character cut in two: a space


def header_text(app: Any, section: str, width: int) -> str:
    """The header's line: workspace name, the section, and who is acting (login and role),
    shortened to ``width`` cells. Plain text: the names are data, never markup."""
    name = getattr(app, "workspace_name", "") or "stadstafel"
    who = getattr(app, "actor_label", "") or ""
    name, who = plain(name), plain(who)
    left = f"{name} · {plain(section)}" if section else name
    if cell_len(left) + cell_len(who) + 2 > width:
        room = width - cell_len(who) - 2
        if room >= 24:  # shorten the left part, keep who is acting
            left = _cut(left, room)
        else:
            who = ""
            left = _cut(left, width)
    gap = max(1, width - cell_len(left) - cell_len(who))
    return f"{left}{' ' * gap}{who}" if who else left


class AppHeader(Static):
    """One line: workspace name, the section, and who is acting (login and role).

    A ``StadstafelScreen`` draws its header itself (``compose_header()``, and
    ``set_heading()`` to change the section); this widget is for a screen of another kind."""

    DEFAULT_CSS = """
    AppHeader {
        dock: top;
        height: 1;
        width: 100%;
        background: $primary;
        color: $text;
        text-style: bold;
        padding: 0 1;
    }
    """

    def __init__(self, section: str = "", **kwargs: Any):
        super().__init__("", markup=False, **kwargs)
        self.section = section
        self._text = ""

    def on_mount(self) -> None:
        self.update_text()

    def update_text(self, section: str | None = None) -> None:
        if section is not None:
            self.section = section
        # before its first layout: the width it will have (the screen's, less its padding)
        width = max(0, (self.size.width or self.app.size.width - 2) - 2)
        text = header_text(self.app, self.section, width)
        if text != self._text:
            # one line of fixed size: a new text never changes the layout, and the same
            # text (a first Resize to the width it was written for) is not drawn again
            self._text = text
            self.update(text, layout=False)

    def on_resize(self) -> None:
        self.update_text()


#: The footer's key groups by their (Dutch) description, in English.
GROUPS_EN = {"Secties": "Sections"}


def group_label(group: Any) -> str:
    """A key group's description in the user's language."""
    return L(group.description, GROUPS_EN.get(group.description, group.description))


HELP_KEYS = {"question_mark", "f1"}  # the footer always shows help: the keys it leaves out


#: The footer's lines drawn last, most recent first: (keys, width, styles), line, click places
_FOOTER_LINES: list[tuple[tuple, Strip, tuple]] = []
FOOTER_LINES = 8  # kept at most


class FooterKeys:
    """The keys of a screen on its last line, which the screen draws itself
    (``StadstafelScreen.compose_footer``): no widget of its own.

    Textual's Footer builds a widget per key (a dozen on most screens) and rebuilds them all
    whenever the bindings may have changed: every focus change and every switch of section.
    This renders the same line from the screen's active bindings and draws again only when
    the keys it shows changed. Clicking a key presses it, as in Textual's. Its colours are the
    screen's component classes ``app-footer`` and ``app-footer--*`` (the theme's footer
    colours)."""

    __slots__ = (
        "_check_queued",
        "_current_at",
        "_drawing",
        "_keys",
        "_line",
        "_published",
        "_shown",
        "screen",
    )

    def __init__(self, screen: StadstafelScreen):
        self.screen = screen
        self._shown: tuple | None = None  # what render() last drew: (items, palette)
        # (from, to, key) for a click; render() fills
        self._keys: list[tuple[int, int, str]] | tuple = ()
        # The screen's bindings are published as changed several times as a screen opens
        # (its focus, its stack, reactives that touch bindings), each of which worked the
        # keys out anew (0.2-0.7 ms each, most of it Textual's ``active_bindings``). They are
        # counted here and looked at once, after the messages already waiting; not at all
        # when the footer draws after the last of them (its drawing works the keys out) or
        # while its screen is covered (it is published again as the screen returns).
        self._drawing: tuple | None = None  # the keys render_line() just worked out
        self._published = 0  # how often the bindings were published as changed
        self._current_at = -1  # the count at which ``_shown`` was last known to be current
        self._check_queued = False
        # the line last drawn: (width, styles, line), until the keys change (refresh())
        self._line: tuple | None = None

    def bindings_published(self, screen: Screen) -> None:
        if screen is not self.screen:
            return
        self._published += 1
        if not self._check_queued:
            self._check_queued = True
            self.screen.call_next(self._check_bindings)

    def _check_bindings(self) -> None:
        self._check_queued = False
        if self._shown is None or self._current_at == self._published:
            return  # not drawn yet (its first drawing works the keys out), or drawn since
        stack = self.screen.app.screen_stack
        if stack and stack[-1] is self.screen:
            self.bindings_changed(self.screen)

    def _items(self) -> tuple:
        """(key, shown key, description, enabled, group, the app's) per shown binding, one per
        action, and the command palette's binding (or None)."""
        screen = self.screen
        app = screen.app
        active = screen.active_bindings
        # A screen may leave out keys that cannot change anything now (footer_hides(action
        # name)); the key still runs its action, which says why, rather than falling through
        # to a key of the app.
        hides = getattr(screen, "footer_hides", None)
        # A screen that hosts widgets with keys of their own may order them
        # (footer_order(node, binding), lower first; the order of the chain otherwise).
        order = getattr(screen, "footer_order", None)
        shown = list(active.values())
        if order is not None:
            shown.sort(key=lambda a: order(a[0], a[1]))
        items: dict[str, tuple] = {}
        for node, binding, enabled, _tooltip in shown:
            if hides is not None and hides(binding.action.split("(", 1)[0]):
                continue
            if lacks(node, binding):  # the actor lacks the right the key needs
                continue
            if binding.show and binding.action not in items:
                items[binding.action] = (
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    enabled,
                    binding.group,
                    node is app,
                )
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
        return tuple(items.values()), palette

    def bindings_changed(self, screen: Screen) -> None:
        if screen is not self.screen:
            return
        published = self._published
        if self._items() != self._shown:
            self.refresh()
        else:
            self._current_at = published

    def refresh(self) -> None:
        """Draw the keys again (the screen's last line)."""
        self._line = None
        self.screen.repaint_footer()

    def _style(self, *parts: str) -> Style:
        return self.screen.get_visual_style("app-footer", *parts).rich_style

    def _part(self, line: Text, key: str, text: str, style: Style, enabled: bool) -> None:
        if not enabled:
            style += self._style("app-footer--disabled")
        self._keys.append((line.cell_len, line.cell_len + len(text), key))
        line.append(text, style=style)

    @staticmethod
    def _runs(items: tuple) -> list[list[tuple]]:
        """The items in runs: a group's keys together, every other key on its own."""
        runs: list[list[tuple]] = []
        for item in items:
            group = item[4]
            if runs and group is not None and runs[-1][0][4] is group:
                runs[-1].append(item)
            else:
                runs.append([item])
        return runs

    @staticmethod
    def _width(run: list[tuple]) -> int:
        if len(run) > 1:
            return 1 + sum(len(item[1]) for item in run) + len(group_label(run[0][4])) + 2
        _key, shown, description = run[0][:3]
        return len(shown) + len(description) + 3

    def _fit(self, runs: list[list[tuple]], room: int) -> set[int]:
        """Which runs the footer leaves out so that every key it shows fits in ``room`` with
        its word (a key alone says little; every key and what it does is under ? and in the
        palette). Left out first: the screen's own keys from the last one back to the third
        (the main keys come first), then Escape's "Terug", a group (the sections), the
        screen's second key, the app's other keys (search), and its first key last. Help
        stays: it lists what is left out. A key left out that fits again after a wider one
        went is shown after all, the more important first."""
        own = [i for i, run in enumerate(runs) if len(run) == 1 and not run[0][5]]
        back = [i for i in own if runs[i][0][0] == "escape"]
        own = [i for i in own if i not in back]
        groups = [i for i, run in enumerate(runs) if len(run) > 1]
        app_keys = [i for i, run in enumerate(runs) if len(run) == 1 and run[0][5]]
        others = [i for i in app_keys if runs[i][0][0] not in HELP_KEYS]
        order = [*reversed(own[2:]), *back, *groups, *own[1:2], *reversed(others), *own[:1]]
        width = [self._width(run) for run in runs]
        used = sum(width)
        left_out: list[int] = []
        for index in order:
            if used <= room:
                break
            left_out.append(index)
            used -= width[index]
        for index in reversed(left_out):  # the more important first
            if used + width[index] <= room:
                left_out.remove(index)
                used += width[index]
        return set(left_out)

    def render_line(self, width: int) -> Strip:
        """The footer's line at ``width``, before the screen's line filters.

        Every screen has a footer of its own, and most show the keys another footer drew a
        moment before (a record opened after the one before it): the line drawn for the same
        keys at the same width in the same styles is used again (Textual's turning the
        footer's text into a line was 0.6-0.8 ms of every opening's first frame)."""
        screen = self.screen
        style = screen.get_visual_style("app-footer")
        drawn = (width, style, css_update_count(screen.app))
        if self._line is not None and self._line[0] == drawn:
            return self._line[1]  # as a widget keeps its lines: the frames after the first
        shown = self._items()
        key = (shown, *drawn)
        for kept, line, keys in _FOOTER_LINES:
            if kept == key:
                self._shown, self._keys, self._current_at = shown, list(keys), self._published
                self._line = (drawn, line)
                return line
        self._drawing = shown  # what render() shows: worked out just now
        try:
            text = self.render(width)
        finally:
            self._drawing = None
        # as Widget._render_content turns what render() gives into lines
        lines = Visual.to_strips(screen, visualize(screen, text), width, 1, style)
        line = lines[0] if lines else Strip.blank(width, style.rich_style)
        _FOOTER_LINES.insert(0, (key, line, tuple(self._keys)))
        del _FOOTER_LINES[FOOTER_LINES:]
        self._line = (drawn, line)
        return line

    def render(self, width: int | None = None) -> Text:
        """The footer's keys as text, ``width`` wide (the screen's width)."""
        if width is None:
            width = self.screen.size.width
        self._current_at = self._published
        items, palette = self._shown = self._drawing or self._items()
        key_style = self._style("app-footer--key")
        text_style = self._style("app-footer--description")
        self._keys = []
        line = Text(no_wrap=True, overflow="crop")
        runs = self._runs(items)
        room = width
        if palette is not None:
            room -= len(palette[1]) + len(palette[2]) + 3
        left_out = self._fit(runs, room)
        for index, run in enumerate(runs):
            if index in left_out:
                continue
            key, shown, description, enabled, group, _app = run[0]
            if len(run) > 1:  # a group: its keys side by side, then its description
                line.append(" ")
                for k, s, _d, e, _g, _a in run:
                    self._part(line, k, s, key_style, e)
                self._part(line, key, f" {group_label(group)} ", text_style, True)
            else:
                self._part(line, key, f" {shown} ", key_style, enabled)
                self._part(line, key, f"{description} ", text_style, enabled)
        if palette is not None:
            key, shown, description, enabled = palette
            # Docked at the right, over whatever keys do not fit (as Textual's footer does).
            room = max(0, width - 1 - len(shown) - len(description) - 2)
            line.truncate(room, pad=True)
            self._keys = [(a, min(b, room), k) for a, b, k in self._keys if a < room]
            line.append("▏", style=self._style("app-footer--separator"))
            self._part(line, key, shown, key_style, enabled)
            self._part(line, key, f" {description} ", text_style, enabled)
        return line

    def key_at(self, x: int) -> str | None:
        """The key drawn at column ``x``, if any."""
        for start, end, key in self._keys:
            if start <= x < end:
                return key
        return None


class ScreenLine:
    """A line of text a ``StadstafelScreen`` draws itself, in a gap its widgets leave: a
    count above a list (``line_above``) or a status under the widgets (``line_below``), set
    with ``set_line`` (``set_count``, ``set_status``). No widget: no message pump, styles or
    cached lines of its own. User text is shown as it is (never markup), on one line: the
    first line the text would wrap to (as a one-line ``Static`` showed it), or cut with "…"
    (``ellipsis``)."""

    __slots__ = ("anchors", "below", "drawn", "ellipsis", "muted", "text")

    def __init__(self, below: bool, muted: bool, ellipsis: bool):
        self.anchors: tuple[Any, ...] = ()  # the widgets it is drawn beside (the first shown)
        self.below = below
        self.muted = muted  # muted colour, a space in from the edges (.hint, .statusline)
        self.ellipsis = ellipsis
        self.text = ""
        self.drawn: tuple | None = None  # (what it was drawn for, the line)

    def row(self) -> int | None:
        """The screen's row it is drawn on (None: not laid out, or no anchor shown)."""
        for widget in self.anchors:
            if not widget.display:
                continue
            region = widget.region
            if not region:
                return None
            return region.bottom if self.below else region.y - 1
        return None

    @property
    def parts(self) -> tuple[str, ...]:
        """The screen's component classes it is drawn in (none: the screen's own colours)."""
        return ("screen-line--muted",) if self.muted else ()

    def render_line(self, screen: Screen, width: int) -> Strip:
        style = screen.get_visual_style(*self.parts)
        key = (self.text, width, style, css_update_count(screen.app))
        if self.drawn is None or self.drawn[0] != key:
            pad = 1 if self.muted else 0
            room = max(0, width - 2 * pad)
            content = Content(self.text)
            if self.ellipsis:
                content = content.truncate(room, ellipsis=True)
            elif content.cell_length > room:
                content = content.wrap(room)[0] if room else Content("")
            inner = VisualStyle(background=style.background).rich_style
            text = [Segment(content.plain, style.rich_style)] if content.plain else []
            line = Strip([Segment(" ", inner), *text] if pad else text)
            self.drawn = (key, line.adjust_cell_length(width, inner))
        return self.drawn[1]


#: A paged list taken up far down (``StadstafelScreen.take_up``) is read from this many rows
#: before the record its cursor was on (those above it show; scrolling up reads the rest).
PLACE_ROWS_BEFORE = 10


class StadstafelScreen(BatchAwareScreen):
    """A screen with bilingual bindings and the app's header and footer.

    The header (workspace · section, who is acting) and the footer (the screen's keys) are
    lines the screen draws itself, above and below its widgets (``compose_header()`` and
    ``compose_footer()`` make room for them): two widgets less on every screen, each a
    message pump with its task, queue, styles and cached lines."""

    DEFAULT_CSS = """
    StadstafelScreen > .app-header {
        background: $primary;
        color: $text;
        text-style: bold;
    }
    StadstafelScreen > .app-footer {
        color: $footer-foreground;
        background: $footer-background;
    }
    StadstafelScreen > .app-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    StadstafelScreen > .app-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    StadstafelScreen > .app-footer--disabled { text-style: dim; }
    StadstafelScreen > .app-footer--separator { color: $foreground 20%; }
    StadstafelScreen > .screen-line--muted { color: $text-muted; }
    """
    COMPONENT_CLASSES = {
        "app-header",
        "app-footer",
        "app-footer--key",
        "app-footer--description",
        "app-footer--disabled",
        "app-footer--separator",
        "screen-line--muted",
    }

    #: Dutch and English name of the screen, shown in the header.
    TITLE_NL = ""
    TITLE_EN = ""

    #: The section the header shows (None: the screen draws no header)
    header_section: str | None = None
    #: The keys the footer shows (None: the screen draws no footer)
    footer: FooterKeys | None = None
    _header_line: tuple | None = None  # (what it was drawn for, the line)
    #: The lines the screen draws in gaps between its widgets, by name (``line_above``)
    screen_lines: dict[str, ScreenLine] | None = None

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        translate_bindings(self)
        self.stale = False
        self._left_in: tuple | None = None  # _style_state() when last suspended
        self.remembered: dict[str, Any] | None = None  # a place to take up (start_at)

    @property
    def ws(self):
        return self.stadstafel.workspace

    @property
    def stadstafel(self) -> StadstafelApp:
        return self.app  # type: ignore[return-value]

    @property
    def heading(self) -> str:
        return self.TITLE_EN if i18n.language() == "en" and self.TITLE_EN else self.TITLE_NL

    def compose_header(self) -> ComposeResult:
        """The header: a line the screen draws above its widgets (``set_heading()``)."""
        self.header_section = self.heading
        self._make_room()
        yield from ()

    def compose_footer(self) -> ComposeResult:
        """The footer: a line with the screen's keys, drawn below its widgets."""
        self.footer = FooterKeys(self)
        self._make_room()
        yield from ()

    def _make_room(self) -> None:
        # The screen's widgets one line in from the top and the bottom (its padding), set on
        # the screen itself: a class added in compose restyled the screen (twice) as it built
        top = 0 if self.header_section is None else 1
        self.styles.padding = (top, 0, 0 if self.footer is None else 1, 0)

    def draws_last_line(self) -> bool:
        return self.footer is not None

    def set_heading(self, section: str) -> None:
        """Show ``section`` in the header (after the workspace's name): plain text."""
        self.header_section = section
        if self.is_mounted:
            self.repaint_header()

    @property
    def header_text(self) -> str:
        """The header's text as drawn at the screen's width ("" without a header)."""
        if self.header_section is None:
            return ""
        width = self.outer_size.width or self.app.size.width
        # the width of the header's text: the line, less a space at either end, and less
        # two more (as the header widget had it)
        return header_text(self.app, self.header_section, max(0, width - 4))

    def _draw_header(self, width: int) -> Strip:
        style = self.get_visual_style("app-header")
        key = (self.header_text, width, style, css_update_count(self.app))
        if self._header_line is None or self._header_line[0] != key:
            inner = VisualStyle(background=style.background).rich_style
            text = Strip([Segment(" ", inner), Segment(key[0], style.rich_style)])
            line = text.adjust_cell_length(width - 1, inner).extend_cell_length(width, inner)
            self._header_line = (key, line)
        return self._header_line[1]

    def repaint_header(self) -> None:
        if self.header_section is not None:
            repaint_rows(self, Region(0, 0, self.outer_size.width, 1))

    def repaint_footer(self) -> None:
        if self.footer is not None:
            width, height = self.outer_size
            repaint_rows(self, Region(0, height - 1, width, 1))

    def line_above(
        self, widget: W, name: str = "count", *, muted: bool = True, ellipsis: bool = False
    ) -> W:
        """``widget`` (a child of the screen) with a line of text above it that the screen
        draws (``set_line(name, text)``; a count above a list): the widget is given a margin
        of one line at its top, where the line is drawn. ``muted``: in the muted colour of a
        hint, a space in from either edge; ``ellipsis``: cut with "…" where it is too long
        (else the first line it wraps to)."""
        return self._line_beside(widget, name, False, muted, ellipsis)

    def line_below(
        self, widget: W, name: str = "status", *, muted: bool = True, ellipsis: bool = False
    ) -> W:
        """``widget`` with a line of text under it that the screen draws (a status line):
        as ``line_above``. The same name given to more widgets (of which one is shown at a
        time) draws the line under the one shown."""
        return self._line_beside(widget, name, True, muted, ellipsis)

    def _line_beside(self, widget: W, name: str, below: bool, muted: bool, ellipsis: bool) -> W:
        if self.screen_lines is None:
            self.screen_lines = {}
        line = self.screen_lines.get(name)
        if line is None:
            line = self.screen_lines[name] = ScreenLine(below, muted, ellipsis)
        line.anchors += (widget,)
        top, right, bottom, left = widget.styles.margin
        widget.styles.margin = (top, right, 1, left) if below else (1, right, bottom, left)
        return widget

    def set_line(self, name: str, text: str) -> None:
        """Show ``text`` (plain, on one line) in the screen's line ``name`` (``line_above``)."""
        line = self.screen_lines[name] if self.screen_lines else None
        if line is None:
            raise KeyError(name)
        text = plain(text)
        if text == line.text:
            return
        line.text = text
        row = line.row() if self.is_mounted else None
        if row is not None:
            repaint_rows(self, Region(0, row, self.outer_size.width, 1))

    def line_text(self, name: str) -> str:
        """The text shown in the screen's line ``name`` ("" when it has none)."""
        line = self.screen_lines.get(name) if self.screen_lines else None
        return "" if line is None else line.text

    def set_status(self, text: str) -> None:
        """The screen's status line (``line_below(..., "status")``)."""
        self.set_line("status", text)

    def set_count(self, text: str) -> None:
        """The screen's count line (``line_above(..., "count")``)."""
        self.set_line("count", text)

    def on_mount(self) -> None:
        if self.footer is not None:
            self.bindings_updated_signal.subscribe(
                self, self.footer.bindings_published, immediate=True
            )

    def render_lines(self, crop: Region) -> list[Strip]:
        """The screen's lines, with its header and footer drawn on its first and last line
        (outside its widgets: the screen's padding), and its ``screen_lines`` in the margins
        of the widgets they are drawn beside."""
        strips = super().render_lines(crop)
        width, height = self.outer_size
        mine: list[tuple[int, Strip, tuple[str, ...]]] = []
        if self.header_section is not None and crop.y == 0 and strips:
            mine.append((0, self._draw_header(width), ("app-header",)))
        if self.footer is not None and crop.bottom == height and height > 1 and strips:
            mine.append((len(strips) - 1, self.footer.render_line(width), ("app-footer",)))
        for drawn in (self.screen_lines or {}).values():  # in the gaps between its widgets
            row = drawn.row()
            if row is not None and crop.y <= row < crop.y + len(strips):
                mine.append((row - crop.y, drawn.render_line(self, width), drawn.parts))
        if mine:
            filters = self.get_line_filters()
            x1, x2 = crop.column_span
            for index, line, parts in mine:
                if filters:  # as a widget's lines: over the widget's own background
                    background = self.get_visual_style(*parts).background
                    for line_filter in filters:
                        line = line.apply_filter(line_filter, background)
                strips[index] = line.crop(x1, x2) if (x1, x2) != (0, width) else line
        return strips

    def on_click(self, event: events.Click) -> None:
        """A click on a key of the footer (or its description) presses that key."""
        # Where on the screen: a click on a widget bubbles here with the widget's own x and
        # y, and a widget taller than the screen and scrolled has a line at the footer's y
        if self.footer is None or event.screen_y != self.outer_size.height - 1:
            return
        key = self.footer.key_at(event.screen_x)
        if key is not None:
            event.stop()
            # as App.simulate_key, but sent by the app: a key sent by the screen would stop
            # as it bubbles back to the screen, before the app's bindings saw it
            self.app.post_message(events.Key(key, None).set_sender(self.app))

    def refresh_data(self) -> None:
        """Reload what the screen shows (another session committed). Override."""

    def history_scope(self) -> tuple[list[tuple[str, int]], str] | None:
        """The records whose history ``L`` (action ``history``) shows, as (record type, id)
        pairs, with a title for the header; no pairs: the whole audit log. None: nothing."""
        return None

    def action_history(self) -> None:
        scope = self.history_scope()
        if scope is not None:
            from stadstafel.tui.screens.audit import open_history

            open_history(self.app, *scope)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A key is offered only to whom it is for: the history to whoever may read the
        audit log (``audit.read``)."""
        if action == "history":
            from stadstafel import permissions

            return permissions.allowed(self.ws.actor, "audit.read")
        return True

    def _style_state(self) -> tuple:
        """What a screen's styles depend on besides its own widgets: the app's CSS (its theme
        included; App.refresh_css counts its changes) and whether the terminal has focus."""
        return css_update_count(self.app), self.app.app_focus

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler. Textual restyles every widget of a screen each
        # time it becomes active, in case the CSS or the app's focus changed while it was away:
        # a quarter of the work before a section's first frame (a DataTable alone is some
        # twenty styled parts), and on a later switch 10 ms, after which every line was drawn
        # again. So no restyle the first time (every widget was styled as it mounted, a moment
        # before) nor when the screen returns to the state it was left in. A screen's own
        # changes (classes, pseudo-classes) restyle what they touch as they happen.
        if self._left_in is None or self._left_in == self._style_state():
            event.refresh_styles = False
        if self.stale:
            self.stale = False
            self.refresh_data()

    def on_screen_suspend(self) -> None:
        self._left_in = self._style_state()
        forget_table_renders(self)  # memory: the lines on screen stay, they show it again
        compact_widgets(self)  # memory: what its widgets hold alike is read from the class

    # -- the person's place, kept when the screen is dropped ----------------------------------
    #: Plain attributes that are part of the person's place in a section's screen (a sort, a
    #: scope chosen): ``place()`` remembers them when the app drops the screen to bound its
    #: memory, and the screen built in its stead starts with them (``StadstafelApp``,
    #: ``KEEP_SECTIONS``). Values only: numbers, strings, ids, small dicts of those.
    PLACE: ClassVar[tuple[str, ...]] = ()

    def holds_input(self) -> bool:
        """Whether dropping this screen would lose what the person typed or started: text in
        an input that is not a filter (a filter is part of its ``place``), or a worker of the
        screen or one of its widgets still running (it may be about to write)."""
        from textual.widgets import Input, TextArea

        from stadstafel.tui.widgets.paged import FilterInput

        for widget in self.query(Input):
            if widget.value and not isinstance(widget, FilterInput):
                return True
        if any(area.text for area in self.query(TextArea)):
            return True
        for worker in self.app.workers:
            if worker.is_running and self in getattr(worker.node, "ancestors_with_self", ()):
                return True
        return False

    def place(self) -> dict[str, Any]:
        """The person's place in this screen, as plain values (no widgets): its ``PLACE``
        attributes, the text of every filter, the record under the cursor of every list (by
        its key, not its row, with its row in the whole list) and the widget
        with the focus (by id). A screen that keeps more extends it (and ``take_up``)."""
        from stadstafel.tui.widgets.lists import RecordTable
        from stadstafel.tui.widgets.paged import FilterInput

        filters = {w.id: w.value for w in self.query(FilterInput) if w.id and w.value}
        cursors = {
            t.id: (t.current_key, getattr(t, "first", 0) + t.cursor_row)
            for t in self.query(RecordTable)
            if t.id and t.current_key is not None
        }
        focused = self.focused
        return {
            "attrs": {name: getattr(self, name) for name in self.PLACE},
            "filters": filters,
            "cursors": cursors,
            "focus": focused.id if focused is not None else None,
        }

    def start_at(self, place: dict[str, Any]) -> None:
        """Before it is mounted: this new screen takes up a place ``place()`` gave (of the
        screen it replaces). Its attributes are set now, so its first data is read with them;
        its filters are filled as they mount (``remembered_filter``), and its cursors and
        focus are put back once it has read its first data (``take_up``)."""
        for name, value in place.get("attrs", {}).items():
            if name in self.PLACE:
                setattr(self, name, value)
        self.remembered = place

    def remembered_filter(self, widget_id: str | None) -> str | None:
        """The text a filter of this screen had in the place taken up, if any."""
        if self.remembered is None or widget_id is None:
            return None
        return self.remembered.get("filters", {}).get(widget_id)

    @on(events.Mount)
    def _take_up_place(self) -> None:
        # After the screen's own Mount handlers (Textual calls a subclass's first): its first
        # data is read, with the remembered attributes and filters.
        place, self.remembered = self.remembered, None
        if place is not None:
            self.take_up(place)

    def take_up(self, place: dict[str, Any]) -> None:
        """The mounted screen, its first data read: its lists' cursors on the records they
        were on (a paged list's window opened where it was) and the focus where it was."""
        from stadstafel.tui.widgets.lists import RecordTable

        cursors = place.get("cursors", {})
        for table in self.query(RecordTable):
            key, row = cursors.get(table.id, (None, 0))
            if key is None or RecordTable.select_key(table, key):  # among the rows read
                continue
            reload = getattr(table, "reload", None)  # a paged list, scrolled far
            if reload is not None:  # read where the record was (a little before it) ...
                reload(keep_cursor=False, start=max(0, row - PLACE_ROWS_BEFORE))
                if not table.row_count and table.first:  # the list is shorter now: its top
                    reload(keep_cursor=False)
            table.select_key(key)  # ... and find it (a paged list reads on to it)
        focus = place.get("focus")
        if focus:
            found = self.query(f"#{focus}")
            if found:
                self.set_focus(found.first())


class SectionScreen(StadstafelScreen):
    """The base screen of a main section (one per mode)."""

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield from self.compose_body()
        yield from self.compose_footer()

    def compose_body(self) -> ComposeResult:
        yield from ()


MIN_WIDTH = 60
MIN_HEIGHT = 16
