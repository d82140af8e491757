"""What covers the app while the terminal is smaller than it can be used at.

In a module of its own: the app imports it only when a window is too small, not at every
start (each Textual screen class costs half a millisecond to define).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import ModalScreen
from textual.widgets import Static

from stadstafel import i18n
from stadstafel.tui.widgets.base import MIN_HEIGHT, MIN_WIDTH, bind, translate_bindings


class TooSmallScreen(ModalScreen[None]):
    """Covers everything while the terminal is smaller than 60×16."""

    covers_small_window = True  # what the app checks (without importing this module)

    DEFAULT_CSS = """
    TooSmallScreen { background: $background; }
    TooSmallScreen Static { width: auto; max-width: 100%; text-align: center; }
    """
    BINDINGS = [bind("q", "app.quit", "Stoppen", "Quit", id="toosmall.quit")]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(self.message(), id="too-small", markup=False)

    def message(self) -> str:
        w, h = self.app.size
        if i18n.language() == "en":
            return (
                f"The window is too small ({w}×{h}).\n"
                f"Make it at least {MIN_WIDTH}×{MIN_HEIGHT}.\nq quits."
            )
        return (
            f"Het venster is te klein ({w}×{h}).\n"
            f"Maak het minstens {MIN_WIDTH}×{MIN_HEIGHT}.\nq stopt."
        )

    def on_resize(self) -> None:
        self.query_one("#too-small", Static).update(self.message())
