"""Help (``?`` or F1): every key of the current screen, then the keys that work everywhere."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.screen import Screen

from stadstafel.tui.modals import TextBox
from stadstafel.tui.rights import lacks
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import ENGLISH, bind, is_textual_builtin

HIDDEN_ACTIONS = {"command_palette"}


def binding_rows(screen: Screen) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(this screen's keys, the app's keys) as (key display, description) pairs."""
    app = screen.app
    here: dict[str, list[str]] = {}
    everywhere: dict[str, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    for _key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or not active.enabled:
            continue
        if binding.id not in ENGLISH and is_textual_builtin(active.node, binding):
            continue  # Textual's own keys (cursor movement, focus): summarised below
        if lacks(active.node, binding):
            continue  # a right the actor lacks: not offered (tui/rights.py)
        target = everywhere if active.node is app else here
        display = binding.key_display or app.get_key_display(binding)
        if (display, binding.description) in seen:
            continue
        seen.add((display, binding.description))
        target.setdefault(binding.description, []).append(display)
    return (
        [(" / ".join(keys), desc) for desc, keys in here.items()],
        [(" / ".join(keys), desc) for desc, keys in everywhere.items()],
    )


class HelpScreen(TextBox):
    """Lists the bindings of ``screen`` (the one help was asked on)."""

    BOX, BODY_ID = "help", "help-keys"
    BINDINGS = [
        bind("escape", "close", "Sluiten", "Close", id="help.close"),
        bind("question_mark", "close", "Sluiten", "Close", id="help.close_q", show=False),
        bind("f1", "close", "Sluiten", "Close", id="help.close_f1", show=False),
    ]

    def __init__(self, screen: Screen):
        super().__init__()
        self.target = screen
        self.here, self.everywhere = binding_rows(screen)

    def _keys(self, rows: list[tuple[str, str]]) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(width=14, no_wrap=True)
        table.add_column()
        for key, desc in rows:
            table.add_row(Text(key, style="bold"), Text(desc))
        return table

    def box_title(self) -> str:
        return L("Toetsen", "Keys")

    def foot(self) -> str:
        return L("Esc sluit deze hulp.", "Esc closes this help.")

    def body(self) -> Group:
        title = getattr(self.target, "heading", "") or type(self.target).__name__
        here = self.here or [("", L("(geen eigen toetsen)", "(no keys of its own)"))]
        general = [
            *self.everywhere,
            ("ctrl+p", L("Opdrachtenpalet: alles wat kan", "Command palette: everything")),
            ("↑ ↓ pgup pgdn", L("Door de lijst bewegen", "Move through the list")),
            ("enter", L("Openen / kiezen", "Open / choose")),
            ("tab shift+tab", L("Volgend / vorig veld of lijst", "Next / previous field")),
        ]
        return Group(
            Text(L(f"Dit scherm: {title}", f"This screen: {title}"), style="bold underline"),
            self._keys(here),
            Text(""),
            Text(L("Overal", "Everywhere"), style="bold underline"),
            self._keys(general),
        )
