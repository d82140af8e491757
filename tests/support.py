"""Helpers shared by the core tests."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path
from types import SimpleNamespace


def make_config(database, users=None, language="nl"):
    users = {
        login: SimpleNamespace(login=login, person=person, role=role)
        for login, (person, role) in (users or {}).items()
    }
    return SimpleNamespace(
        database=Path(database) if database != ":memory:" else database,
        users=users,
        language=language,
        theme="stadstafel",
        workspace_name="test",
        service_accounts=[],
        source=None,
    )


async def settle(pilot) -> None:
    """No blinking cursors, no pending work: the same picture every run (for snapshots)."""
    from textual.widgets import Input, TextArea

    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def drive(test):
    """Run an async Pilot test in its own event loop (no async plugin needed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return run
