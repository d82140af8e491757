"""What a section shows when its screen cannot be built (a missing module, a broken plugin).

In a module of its own, imported only then: not at every start.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.widgets import Static

from stadstafel.tui.text import L, plain
from stadstafel.tui.widgets.base import SectionScreen


class PlaceholderScreen(SectionScreen):
    """Stands in for a section whose screen is not available (yet)."""

    DEFAULT_CSS = """
    PlaceholderScreen #placeholder {
        width: 60; max-width: 100%; height: auto; border: round $secondary; padding: 1 2;
    }
    """

    def __init__(self, title: str, reason: str):
        super().__init__()
        self.TITLE_NL = self.TITLE_EN = title
        self.reason = reason

    def compose_body(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(
                plain(
                    L(
                        f"{self.TITLE_NL}: dit scherm is (nog) niet beschikbaar.\n\n{self.reason}",
                        f"{self.TITLE_NL}: this screen is not available (yet).\n\n{self.reason}",
                    ),
                    multiline=True,
                ),
                id="placeholder",
                markup=False,
            )
