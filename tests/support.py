"""Helpers shared by the core tests."""

from __future__ import annotations

import asyncio
import functools
import time
from pathlib import Path
from types import SimpleNamespace

from stadstafel.testing import searched


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


def steady_cursor(widget) -> None:
    """``widget``'s cursor (an Input's, a TextArea's) no longer blinks: shown while it has the
    focus, the same picture every run.

    A TextArea's blink is stopped with the cursor as the focus says, not turned off
    (``cursor_blink = False``): Textual's TextArea keys each line it caches on the cursor's
    place only while the cursor blinks shown, so with blinking off a line cached in a blink's
    dark half (a loaded machine holds a test over half a second) came back without the cursor
    that is drawn when focused. The app never turns blinking off."""
    from textual.widgets import TextArea

    if isinstance(widget, TextArea):
        widget._pause_blink(visible=widget.has_focus)  # its timer stopped, shown if focused
    else:
        widget.cursor_blink = False


async def settle(pilot) -> None:
    """No blinking cursors, no pending work: the same picture every run (for snapshots)."""
    from textual.widgets import Input, TextArea

    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            steady_cursor(widget)
    await searched(pilot)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def open_from_list(pilot, section: str, key: int, kind: type):
    """Open the record ``key`` from the section's list (Enter), as a person does."""
    await pilot.press(section)
    await pilot.pause()
    assert pilot.app.screen.table.select_key(key)
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen


async def built(pilot, limit: int = 400) -> None:
    """Let the app build every section it builds in the user's pauses (``prepare_in_pause``)
    now, as if the user paused long enough: a test that counts objects or caches measures
    its own steps, not a build that a slow pause let in."""
    app = pilot.app
    for _ in range(limit):
        app.last_activity = 0.0
        step = app.prepare_in_pause()
        await pilot.pause()
        if step is None and not app._unprepared and app._built is None:
            app.last_activity = time.monotonic()
            return
    raise AssertionError("the sections were never all built")


def drive(test):
    """Run an async Pilot test in its own event loop (no async plugin needed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return run


def sixteen_colours(app):
    """Make ``app`` draw what a 16-colour terminal shows (``TERM=xterm-16color`` without
    ``COLORTERM``): every colour mapped to the nearest of the 16, as rich does on output, so
    that a snapshot's SVG shows it. The app must know it draws for 16 colours (made with
    ``few_colours=True``, as it detects from the terminal)."""
    from rich.color import Color, ColorSystem
    from rich.segment import Segment
    from rich.style import Style
    from textual.filter import LineFilter

    def nearest(color):
        if color is None or color.is_default:
            return color
        standard = color.downgrade(ColorSystem.STANDARD)
        return Color.from_triplet(standard.get_truecolor(app.ansi_theme))

    class Sixteen(LineFilter):
        def apply(self, segments, background):
            return [
                Segment(text, style + Style.from_color(nearest(style.color),
                                                       nearest(style.bgcolor)), control)
                if style else Segment(text, style, control)
                for text, style, control in segments
            ]  # fmt: skip

    assert app.few_colours
    app._filters.append(Sixteen())
    return app


def pty_spawn(cmd: list[str], env: dict | None = None, *, cols: int = 80, rows: int = 24):
    """Start ``cmd`` on a new pseudo-terminal: the benchmark's ``bench/ptyrun.py`` ``spawn``
    (one piece for both; the benchmark's folder is scripts, not a package). Returns the
    process and the terminal's master end."""
    return _bench_module("ptyrun").spawn(cmd, env, cols=cols, rows=rows)


def pty_read_until(master: int, marker: bytes, timeout: float = 30.0) -> bytes:
    """What the program on ``master`` writes until ``marker`` (``bench/ptyrun.py``)."""
    return _bench_module("ptyrun").read_until(master, marker, timeout)


@functools.cache
def _bench_module(name: str):
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
