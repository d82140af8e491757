"""Tabs of a table's screen: the contract core and plugin tabs share.

A tab is a widget made by ``factory(workspace, table)`` (the ``table_tabs`` hook registers one
for a plugin). Subclass :class:`TableTab`: it knows the workspace and the table, and the table
screen calls ``refresh_data()`` when the data changed (another session committed, or the user
came back to the tab).
"""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical

from stadstafel.tui.textual_private import first_composed, style_as_focused
from stadstafel.tui.widgets.base import translate_bindings


class TableTab(Vertical):
    """The base of a tab on a table's screen. Override ``compose`` and ``refresh_data``."""

    DEFAULT_CSS = """
    TableTab { height: 1fr; }
    """

    #: The list the screen focuses as it opens on this tab (``focus_first``); set before the
    #: tab is mounted, the list is styled focused as it mounts, and once only.
    focused_first: Any = None

    def __init__(self, workspace: Any, table: Any, **kwargs: Any):
        super().__init__(**kwargs)
        self.workspace = workspace
        self.table = table
        self._focus_first = False
        translate_bindings(self)  # a tab's own keys (BINDINGS, made with ``bind``) in English

    def focus_first(self) -> None:
        """The screen will focus this tab's first list before its first frame (call before
        the tab is mounted)."""
        self._focus_first = True

    async def mount_composed_widgets(self, widgets: list[Any]) -> None:
        if self._focus_first:
            from textual.widgets import DataTable

            self.focused_first = first_composed(widgets, DataTable)
            if self.focused_first is not None:
                style_as_focused(self.focused_first)
        await super().mount_composed_widgets(widgets)

    @property
    def ws(self) -> Any:
        return self.workspace

    def refresh_data(self) -> None:
        """Reload what the tab shows. Override."""
