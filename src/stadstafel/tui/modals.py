"""Small dialogs every screen uses: confirm, conflict (two versions side by side), picker,
and ``TextBox``, the base of a box of text to read and close (help, an import's report).

    self.app.push_screen(ConfirmScreen("Partner verwijderen?"), callback)   # -> bool
    self.app.push_screen(ConflictScreen(error), callback)                   # -> "reload"|…
    self.app.push_screen(PickerScreen("Kies een partner", [(label, id), …]), callback)

Each returns its answer through ``dismiss`` (so ``push_screen_wait`` works in workers too).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from stadstafel import i18n
from stadstafel.errors import ConflictError
from stadstafel.tui.text import L, plain
from stadstafel.tui.textual_private import (
    BatchAwareModalScreen,
    SteadyOptionList,
    style_as_focused,
)
from stadstafel.tui.widgets.base import bind, translate_bindings

RELOAD = "reload"
REAPPLY = "reapply"
CANCEL = "cancel"

# Columns never worth showing in a conflict dialog.
_HIDDEN = {"id", "version", "created_at"}

DIALOG_CSS = """
    align: center middle;
    & > Vertical {
        width: auto;
        min-width: 40;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    .dialog-title { text-style: bold; width: 100%; margin-bottom: 1; }
    .dialog-buttons { height: auto; width: 100%; margin-top: 1; align-horizontal: right; }
    .dialog-buttons Button { margin-left: 1; min-width: 8; }
"""


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question. ``j``/``y``/Enter on "Ja" answers True; ``n``/Escape False."""

    DEFAULT_CSS = "ConfirmScreen {" + DIALOG_CSS + "} ConfirmScreen > Vertical { width: 60; }"
    BINDINGS = [
        bind("j", "answer(True)", "Ja", "Yes", id="confirm.yes"),
        bind("y", "answer(True)", "Ja", "Yes", show=False, id="confirm.yes_en"),
        bind("n", "answer(False)", "Nee", "No", id="confirm.no"),
        bind("escape", "answer(False)", "Annuleren", "Cancel", show=False, id="confirm.cancel"),
    ]

    def __init__(self, question: str, *, yes: str | None = None, no: str | None = None):
        super().__init__()
        translate_bindings(self)
        self.question = question
        self.yes_label = yes or L("Ja", "Yes")
        self.no_label = no or L("Nee", "No")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                plain(self.question, multiline=True),
                classes="dialog-title",
                id="question",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes_label} (j)", id="yes", variant="error")
                yield Button(f"{self.no_label} (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")


def _fmt(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def conflict_rows(error: ConflictError, ws: Any = None) -> list[tuple[str, str, str, bool]]:
    """(label, stored value, your value, differs) for every field worth comparing. With the
    workspace ``ws`` a field is named by its label and a reference by the name of what it
    points to (``tui.values``), not by its column and id."""
    from stadstafel.tui.values import field_label, value_text

    record_type = getattr(error, "record_type", None)

    def label_of(name: str) -> str:
        if ws is not None and record_type:
            return field_label(ws, record_type, name)
        return i18n.field_label(name)

    def text(name: str, value: Any) -> str:
        if name == "updated_at" and value:
            return i18n.format_datetime(value)
        return value_text(ws, name, value) if ws is not None else _fmt(value)

    current = dict(error.current or {})
    yours = dict(error.yours or {})
    names = [k for k in yours if k not in _HIDDEN]
    for extra in ("updated_by", "updated_at"):
        if extra in current and extra not in names:
            names.append(extra)
    if not yours:  # e.g. a delete: show the stored record
        names = [k for k in current if k not in _HIDDEN]
    out = []
    for name in names:
        label = {
            "updated_by": L("Gewijzigd door", "Changed by"),
            "updated_at": L("Gewijzigd op", "Changed at"),
        }.get(name) or label_of(name)
        stored = text(name, current.get(name)) if error.current is not None else "—"
        mine = text(name, yours[name]) if name in yours else ""
        out.append((label, stored, mine, name in yours and stored != mine))
    return out


class ConflictScreen(ModalScreen[str]):
    """Somebody else saved first: show both versions side by side and ask what to do.

    Returns ``RELOAD`` ("reload": throw my edit away, show the stored version), ``REAPPLY``
    ("reapply": apply my changes again on top of the stored version) or ``CANCEL``.
    """

    DEFAULT_CSS = (
        "ConflictScreen {"
        + DIALOG_CSS
        + """}
    ConflictScreen > Vertical { width: 78; }
    ConflictScreen #versions { height: auto; max-height: 14; }
    ConflictScreen #message { margin-bottom: 1; }
    """
    )
    BINDINGS = [
        bind("r", "choose('reload')", "Opnieuw laden", "Reload", id="conflict.reload"),
        bind("m", "choose('reapply')", "Mijn wijziging", "My change", id="conflict.reapply"),
        bind("escape", "choose('cancel')", "Annuleren", "Cancel", id="conflict.cancel"),
    ]

    def __init__(self, error: ConflictError):
        super().__init__()
        translate_bindings(self)
        self.error = error

    @property
    def deleted(self) -> bool:
        return self.error.current is None

    def compose(self) -> ComposeResult:
        table = Table(expand=True, show_edge=False, pad_edge=False)
        table.add_column(L("Veld", "Field"), ratio=2)  # a long label wraps, never cut
        table.add_column(L("Opgeslagen versie", "Stored version"), ratio=3)
        table.add_column(L("Uw wijziging", "Your change"), ratio=3)
        ws = getattr(self.app, "workspace", None)
        for label, stored, mine, differs in conflict_rows(self.error, ws):
            marker = "≠ " if differs else "  "
            table.add_row(
                Text(marker + plain(label)),
                Text(plain(stored, multiline=True)),
                Text(plain(mine, multiline=True)),
            )
        with Vertical():
            yield Static(
                L("Tegelijk gewijzigd", "Changed at the same time"), classes="dialog-title"
            )
            yield Static(plain(self.error.message), id="message", markup=False)
            with VerticalScroll(id="versions"):
                yield Static(table, id="table")
            with Horizontal(classes="dialog-buttons"):
                # short enough for the three to fit side by side at 80 columns
                yield Button(L("Herladen (r)", "Reload (r)"), id="reload")
                yield Button(
                    L("Mijn wijziging (m)", "Reapply mine (m)"),
                    id="reapply",
                    variant="primary",
                    disabled=self.deleted,
                )
                yield Button(L("Annuleren (Esc)", "Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#reload", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        reapply = action == "choose" and bool(parameters) and parameters[0] == REAPPLY
        return not (reapply and self.deleted)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or CANCEL)


class PickerScreen(BatchAwareModalScreen):
    """Choose one of ``options`` (label, value); type to filter. Returns the value or None.

    The list holds only the options in view (``WINDOW``, moved along with the highlight):
    building and laying out 500 options (a picker of every table) cost more than the rest of
    the dialog. ``shown`` is every option that passes the filter, ``highlighted`` the index
    of the chosen one in it."""

    #: the options the list shows at once (and holds)
    WINDOW = 14
    DEFAULT_CSS = (
        "PickerScreen {"
        + DIALOG_CSS
        + """}
    PickerScreen > Vertical { width: 64; }
    PickerScreen OptionList { height: auto; max-height: 14; border: none; }
    PickerScreen #empty { color: $text-muted; display: none; }
    PickerScreen.-empty #empty { display: block; }
    PickerScreen #more { color: $text-muted; height: 1; display: none; }
    PickerScreen.-more #more { display: block; }
    """
    )
    BINDINGS = [
        bind("escape", "cancel", "Annuleren", "Cancel", id="picker.cancel"),
        bind("down", "move(1)", "Volgende", "Next", show=False, id="picker.down"),
        bind("up", "move(-1)", "Vorige", "Previous", show=False, id="picker.up"),
        bind(
            "pagedown", "move(10)", "Pagina omlaag", "Page down", show=False, id="picker.pagedown"
        ),
        bind("pageup", "move(-10)", "Pagina omhoog", "Page up", show=False, id="picker.pageup"),
    ]

    def __init__(self, title: str, options: Sequence[tuple[str, Any]], *, value: Any = None):
        super().__init__()
        translate_bindings(self)
        self.title_text = title
        self.options = [(plain(label), val) for label, val in options]
        # The first window, its highlight and the dialog's classes are known before it is
        # built: set in on_mount, the classes restyled the whole dialog once more.
        self.shown: list[tuple[str, Any]] = list(self.options)
        at = next((i for i, (_l, val) in enumerate(self.options) if val == value), 0)
        self.highlighted: int | None = at if self.shown else None  # in ``shown``
        self.top = self._top(self.highlighted, -1)  # the first of ``shown`` in the list
        self.set_class(not self.shown, "-empty", update=False)
        self.set_class(len(self.shown) > self.WINDOW, "-more", update=False)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain(self.title_text), classes="dialog-title", markup=False)
            field = Input(placeholder=L("Typ om te filteren…", "Type to filter…"), id="filter")
            if self.app.app_focus:  # the screen's auto focus: styled focused as it mounts
                style_as_focused(field)
            yield field
            # its options rendered once: not again at the Resize after the first frame
            options = SteadyOptionList(*self._window(), id="options")
            # plain labels, no links: Textual worked a link style out for each option drawn
            options.auto_links = False
            options.styles.height = options.option_count
            yield options
            if not self.shown:  # otherwise made when a filter first leaves nothing
                yield self._empty()
            yield Static(self._more_text(options.option_count), id="more", markup=False)

    def on_mount(self) -> None:
        if self.highlighted is not None:
            self.query_one(OptionList).highlighted = self.highlighted - self.top

    def _top(self, index: int | None, top: int) -> int:
        """The first option of the window that shows ``shown[index]``, from ``top``'s."""
        if index is None:
            return 0
        if top < 0 or index < top or index >= top + self.WINDOW:
            return max(0, min(index - self.WINDOW // 2, len(self.shown) - self.WINDOW))
        return top

    def _window(self) -> list[Option]:
        return [Option(Text(label)) for label, _ in self.shown[self.top : self.top + self.WINDOW]]

    def _more_text(self, count: int) -> str:
        first, last, total = self.top + 1, self.top + count, len(self.shown)
        if total <= self.WINDOW:
            return ""
        return L(f"{first}–{last} van {total} · typ om te filteren",
                 f"{first}–{last} of {total} · type to filter")  # fmt: skip

    def _fill(self, text: str, at: int = 0) -> None:
        needle = text.casefold().split()
        self.shown = [
            (label, val)
            for label, val in self.options
            if all(word in label.casefold() for word in needle)
        ]
        self.top = -1  # the list is rebuilt
        self._show(min(at, len(self.shown) - 1) if self.shown else None)
        if not self.shown and not self.query("#empty"):
            self.query_one(Vertical).mount(self._empty(), before="#more")
        self.set_class(not self.shown, "-empty")

    @staticmethod
    def _empty() -> Static:
        return Static(L("Niets gevonden.", "Nothing found."), id="empty")

    def _show(self, index: int | None) -> None:
        """Highlight ``shown[index]``; the list holds the window of options around it."""
        self.highlighted = index
        top = self._top(index, self.top)
        options = self.query_one(OptionList)
        if top != self.top:
            self.top = top
            options.clear_options()
            options.add_options(self._window())
            # As high as its options, set here: with ``height: auto`` Textual measures every
            # option at each layout to find the list's height.
            options.styles.height = options.option_count
            self.query_one("#more", Static).update(self._more_text(options.option_count))
            self.set_class(len(self.shown) > self.WINDOW, "-more")
        options.highlighted = None if index is None else index - top

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#filter")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        if self.highlighted is not None and self.highlighted < len(self.shown):
            self.dismiss(self.shown[self.highlighted][1])

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # the mouse, or the list's own keys: the list holds the window from ``top``
        if self.top >= 0 and event.option_index + self.top < len(self.shown):
            self.highlighted = event.option_index + self.top

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.shown[self.top + event.option_index][1])

    def action_move(self, delta: int) -> None:
        if not self.shown:
            return
        index = self.highlighted if self.highlighted is not None else -1
        self._show(max(0, min(len(self.shown) - 1, index + delta)))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextBox(ModalScreen[None]):
    """A box of text in the middle of the screen to read and close: a bold title, a body that
    scrolls, an optional foot; Escape (and the subclass's other ``close`` keys) closes it.
    A subclass sets ``BOX`` (the ids: ``#<BOX>-title``, ``#<BOX>-foot``; the body's is
    ``BODY_ID``), fills in ``box_title()``, ``body()`` and ``foot()``, and may set its
    width and the body's height in its own CSS. Every text is shown as data (no markup)."""

    DEFAULT_CSS = """
    TextBox { align: center middle; }
    TextBox > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    TextBox .box-title { text-style: bold; margin-bottom: 1; }
    TextBox VerticalScroll { height: auto; max-height: 100%; }
    TextBox .box-foot { color: $text-muted; margin-top: 1; }
    """
    BOX = "box"
    BODY_ID = "box-body"

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def box_title(self) -> str:
        return ""

    def body(self) -> Any:
        """The text (a ``str``, shown as typed) or a rich renderable."""
        return ""

    def foot(self) -> str | None:
        return None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                plain(self.box_title()), id=f"{self.BOX}-title", classes="box-title", markup=False
            )
            with VerticalScroll():
                yield Static(self.body(), id=self.BODY_ID, markup=False)
            foot = self.foot()
            if foot is not None:
                yield Static(foot, id=f"{self.BOX}-foot", classes="box-foot", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
