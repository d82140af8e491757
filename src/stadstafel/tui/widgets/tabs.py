"""``RecordTabs``: a record screen's tabs as one line of labels above the tab in view.

    RecordTabs([("leden", "1 Leden"), ("doelen", "2 Doelen")], build=make_body,
               initial="leden", id="tabs")

Textual's ``TabbedContent`` is some 2n+6 widgets for n tabs (a tab widget each, a pane each,
scroll containers, an underline), each styled and mounted with its messages as a screen opens:
for a table's ten or more tabs, most of the cost of opening it. Here the bar is one widget
that draws every label (``TabBar``), and a tab's body (a ``TabBody``, id = the tab's id) is
built by ``build(tab)`` and mounted only when the tab is first shown; a built body is kept,
hidden while another tab shows.

Keys and mouse as with Textual's tabs: with the bar focused, left and right move to the tab
before and after (round the ends); a click on a label shows that tab. A screen binds the
number keys itself (``show``). Showing another tab posts ``RecordTabs.TabActivated``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import AwaitMount, Widget

from stadstafel.tui.text import plain
from stadstafel.tui.textual_private import style_as_focused

Body = Widget | Iterable[Widget] | None


class TabBar(Widget, can_focus=True):
    """One line: every tab's label, the active one marked; left/right and clicks switch."""

    BINDINGS = [
        Binding("left", "step(-1)", "Previous tab", show=False),
        Binding("right", "step(1)", "Next tab", show=False),
    ]
    COMPONENT_CLASSES = {"tab-bar--tab", "tab-bar--active", "tab-bar--more"}
    DEFAULT_CSS = """
    TabBar { width: 1fr; height: 1; }
    TabBar > .tab-bar--tab { color: $foreground 50%; }
    TabBar > .tab-bar--active { color: $foreground; text-style: bold underline; }
    TabBar > .tab-bar--more { color: $foreground 50%; }
    TabBar:focus > .tab-bar--active {
        text-style: $block-cursor-text-style;
        color: $block-cursor-foreground;
        background: $block-cursor-background;
    }
    TabBar:ansi > .tab-bar--tab { text-style: dim; }
    TabBar:ansi > .tab-bar--active { text-style: not dim bold underline; }
    TabBar:nocolor > .tab-bar--active { text-style: reverse bold; }
    """

    def __init__(self, labels: Sequence[tuple[str, str]], active: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # drawn as text, never markup; a label that names a record has its controls neutralised
        self.labels = [(tab, plain(label)) for tab, label in labels]
        self.active = active
        self._start = 0  # the first label drawn when they do not all fit
        self._spans: list[tuple[int, int, str]] = []  # (from, to, tab) in cells, as drawn

    def set_active(self, tab: str) -> None:
        if tab != self.active:
            self.active = tab
            self.refresh()

    def _first_shown(self, width: int) -> int:
        """The first label to draw so that the active one is in view."""
        widths = [cell_len(label) + 2 for _tab, label in self.labels]
        index = next((i for i, (t, _l) in enumerate(self.labels) if t == self.active), 0)
        start = min(self._start, index)

        def fits(first: int) -> bool:
            more = 1 if first else 0  # the "‹" marking labels out of view
            return more + sum(widths[first : index + 1]) <= width

        while start < index and not fits(start):
            start += 1
        return start

    def render(self) -> Text:
        width = self.size.width
        self._start = self._first_shown(width) if width else 0
        text = Text(no_wrap=True, overflow="crop", end="")
        tab_style = self.get_component_rich_style("tab-bar--tab")
        active_style = self.get_component_rich_style("tab-bar--active")
        more_style = self.get_component_rich_style("tab-bar--more")
        self._spans = []
        at = 0
        if self._start:
            text.append("‹", more_style)
            at = 1
        for tab, label in self.labels[self._start :]:
            cells = cell_len(label) + 2
            self._spans.append((at, at + cells, tab))
            text.append(f" {label} ", active_style if tab == self.active else tab_style)
            at += cells
        if at > width and width:
            text.truncate(width - 1)
            text.append("›", more_style)
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, tab in self._spans:
            if start <= event.x < end:
                event.stop()
                self._ask(tab)
                return

    def action_step(self, step: int) -> None:
        tabs = [tab for tab, _label in self.labels]
        if self.active in tabs:
            self._ask(tabs[(tabs.index(self.active) + step) % len(tabs)])

    def _ask(self, tab: str) -> None:
        parent = self.parent
        if isinstance(parent, RecordTabs):
            parent.show(tab)
        else:
            self.set_active(tab)


class TabBody(Widget):
    """One tab's body (id: the tab's id): what ``build`` made for it."""

    DEFAULT_CSS = "TabBody { height: 1fr; }"


class RecordTabs(Widget):
    """The tab bar above the body of the tab in view; bodies built when first shown.

    ``bare``: ``build`` makes one widget (without an id) per tab that is the tab's body
    itself, given the tab's id and the body's height, rather than being put in a ``TabBody``
    (a widget fewer to compose, style, mount and lay out as a screen opens).

    ``focus``: the first widget ``build`` made for the tab shown first that can take the focus
    (a list, a scrolled text) is focused as the tabs mount, before the screen's first frame,
    and styled focused as it mounts: one styling and one frame, where focusing it from the
    screen's ``on_mount`` (``Widget.focus`` waits a turn) drew the screen with the tab bar
    focused first, restyled both and drew it twice more."""

    DEFAULT_CSS = """
    RecordTabs { height: 1fr; }
    RecordTabs > .-tab-body { height: 1fr; }
    """

    class TabActivated(Message):
        """Another tab is shown (``tab``: its id); posted once its body is mounted, ``built``
        when that body was built for this showing (the first)."""

        def __init__(self, tabs: RecordTabs, tab: str, built: bool = False) -> None:
            super().__init__()
            self.tabs = tabs
            self.tab = tab
            self.built = built

        @property
        def control(self) -> RecordTabs:
            return self.tabs

    def __init__(
        self,
        labels: Sequence[tuple[str, str]],
        *,
        build: Callable[[str], Body],
        initial: str | None = None,
        bare: bool = False,
        focus: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.labels = list(labels)
        self.build = build
        self.bare = bare
        self.focus_first = focus  # (not ``self.focus``: that is Widget.focus())
        self._focus_first: Widget | None = None  # focused as the tabs mount (``focus``)
        known = [tab for tab, _label in self.labels]
        self._active = initial if initial in known else (known[0] if known else "")
        self.bodies: dict[str, Widget] = {}
        self.bar = TabBar(self.labels, self._active)
        self._composed = False

    @property
    def tab_ids(self) -> list[str]:
        return [tab for tab, _label in self.labels]

    @property
    def active(self) -> str:
        """The id of the tab in view."""
        return self._active

    @active.setter
    def active(self, tab: str) -> None:
        self.show(tab)

    def _make_body(self, tab: str, first: bool = False) -> Widget:
        made = self.build(tab)
        if self.focus_first and first:  # the tab shown first, before it mounts
            widgets = [made] if isinstance(made, Widget) else list(made or ())
            self._focus_first = next((w for w in widgets if w.can_focus), None)
            if self._focus_first is not None:
                style_as_focused(self._focus_first)
        if self.bare and isinstance(made, Widget) and made.id is None:
            made.id = tab
            made.add_class("-tab-body")
            body: Widget = made
        else:
            children = [made] if isinstance(made, Widget) else list(made or ())
            body = TabBody(*children, id=tab)
        self.bodies[tab] = body
        return body

    def compose(self) -> ComposeResult:
        self._composed = True
        yield self.bar
        if self._active:
            yield self._make_body(self._active, first=True)

    def on_mount(self) -> None:
        target, self._focus_first = self._focus_first, None
        if target is not None and self.screen.focused is None:
            # Screen.set_focus at once: Widget.focus waits a turn, after the first frame
            self.screen.set_focus(target)
        if target is not None and self.screen.focused is not target:
            style_as_focused(target, False)  # focused elsewhere after all: styled back

    def body(self, tab: str) -> tuple[Widget, AwaitMount | None]:
        """The body of ``tab``, built and mounted (hidden unless shown) if it was not yet;
        with the mount to await when it was built now."""
        body = self.bodies.get(tab)
        if body is not None:
            return body, None
        if tab not in self.tab_ids:
            raise ValueError(f"no tab {tab!r}")
        body = self._make_body(tab)
        body.display = tab == self._active
        return body, self.mount(body)

    def show(self, tab: str) -> AwaitMount | None:
        """Show ``tab`` (built if it was not yet); the mount to await when it was built now."""
        if tab not in self.tab_ids:
            raise ValueError(f"no tab {tab!r}")
        if tab == self._active and (tab in self.bodies or not self._composed):
            return None
        previous = self.bodies.get(self._active)
        self._active = tab
        self.bar.set_active(tab)
        if not self._composed:  # its compose builds the tab asked for
            return None
        if previous is not None:
            previous.display = False
            focused = self.screen.focused
            if focused is not None and previous in focused.ancestors_with_self:
                # Hidden, it keeps the focus until the next layout: a key typed right after
                # (before a new tab is mounted and focused) acted on the tab just hidden.
                self.screen.set_focus(self.bar, scroll_visible=False)
        body, mounted = self.body(tab)
        body.display = True
        if mounted is None:
            self.post_message(self.TabActivated(self, tab))
        else:

            async def announce() -> None:
                await mounted
                self.post_message(self.TabActivated(self, tab, built=True))

            self.call_later(announce)
        return mounted
