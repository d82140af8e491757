"""What the module's Pilot tests share: the size, keys, form filling, a list's rows."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

SIZE = (80, 24)


def rows(table: Any) -> list:
    """The records a list shows, in its order."""
    return [table.records[k] for k in table.order]


async def go(pilot: Any, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def fill(pilot: Any, form: Any, **values: Any) -> None:
    """Put values into a form's fields (Input, TextArea or Select alike)."""
    for name, value in values.items():
        form.query_one(f"#input-{name}").value = value
    await pilot.pause()


def text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())
