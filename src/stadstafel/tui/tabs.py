"""Tabs of a table's screen: the contract core and plugin tabs share.

A tab is a widget made by ``factory(workspace, table)`` (the ``table_tabs`` hook registers one
for a plugin). Subclass :class:`TableTab`: it knows the workspace and the table, and the table
screen calls ``refresh_data()`` when the data changed (another session committed, or the user
came back to the tab).
"""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical

from stadstafel.tui.widgets.base import translate_bindings


class TableTab(Vertical):
    """The base of a tab on a table's screen. Override ``compose`` and ``refresh_data``."""

    DEFAULT_CSS = """
    TableTab { height: 1fr; }
    """

    def __init__(self, workspace: Any, table: Any, **kwargs: Any):
        super().__init__(**kwargs)
        self.workspace = workspace
        self.table = table
        translate_bindings(self)  # a tab's own keys (BINDINGS, made with ``bind``) in English

    @property
    def ws(self) -> Any:
        return self.workspace

    def refresh_data(self) -> None:
        """Reload what the tab shows. Override."""
