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


async def searched(pilot, timeout: float = 30.0) -> None:
    """Until the screen's pending query (the search screen's debounced worker) is shown."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while getattr(pilot.app.screen, "searching", False):
        assert loop.time() < deadline, "the search never showed its results"
        await pilot.pause(0.02)
    await pilot.pause()


async def settle(pilot) -> None:
    """No blinking cursors, no pending work: the same picture every run (for snapshots)."""
    from textual.widgets import Input, TextArea

    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False
    await searched(pilot)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def drive(test):
    """Run an async Pilot test in its own event loop (no async plugin needed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return run
