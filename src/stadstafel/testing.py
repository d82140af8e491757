"""Helpers for a plugin's tests (public: the names in ``__all__``).

::

    import pytest
    from stadstafel.testing import frozen_clock, plugin_workspace

    import stadstafel_groen


    @pytest.fixture
    def ws(tmp_path):
        with frozen_clock("2027-01-04 09:00"):
            with plugin_workspace(tmp_path, stadstafel_groen, "groen") as workspace:
                yield workspace

- :func:`plugin_workspace` opens a workspace on a new database with the plugin loaded by a real
  host (entry points off, so other installed plugins stay out), its settings validated and its
  migrations applied, as the app would.
- :func:`plugin_host` is the host alone; :func:`make_config` a configuration.
- :func:`app_for` is the app for Pilot: ``async with app_for(ws).run_test(size=(80, 24))``;
  :func:`run_async` runs an ``async def`` test without an async pytest plugin;
  :func:`burst` presses keys as a fast typist or a paste does (all queued at once);
  :func:`paste_on_the_list` pastes as a terminal's bracketed paste does, on a list;
  :func:`until` lets the app work until a condition holds (never a guessed time),
  :func:`searched` until the search screen shows its query's results.
- :func:`build_demo` writes the core's Leiden demo and the plugins' ``demo_data`` into a
  workspace.
- :func:`check_migrations` lists what is wrong with a plugin's migration set.
- :func:`frozen_clock` freezes ``stadstafel.today()``/``now()`` (and restores Dutch).
- :func:`list_width_problems` checks a list against the width rule at 80, 120 and 200 columns.
- :data:`HOSTILE` is text a partner could type into any name (markup, escape sequences, a CSV
  formula, …); :func:`hostile_shown` what a screen or listing must show for it,
  :func:`assert_no_control` that no control character is in an output, :func:`drawn_text`
  the app's screen as drawn, checked.
- :func:`drawing_counted` the frames an app draws and the style applications it makes (how
  often an opening draws and styles, not how long it takes); :func:`opened_counted` opens a
  record (or presses any key) and counts only what that drew.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from stadstafel.plugins import check_migrations

__all__ = [
    "HOSTILE",
    "app_for",
    "assert_no_control",
    "build_demo",
    "burst",
    "check_migrations",
    "core_section_keys",
    "drawing_counted",
    "drawn_text",
    "frozen_clock",
    "generate_demo",
    "hostile_shown",
    "list_width_problems",
    "make_config",
    "open_workspace",
    "opened_counted",
    "paste_on_the_list",
    "plugin_host",
    "plugin_workspace",
    "run_async",
    "searched",
    "set_language",
    "until",
]

ADMIN = {"admin": {"role": "beheerder"}}


def make_config(
    database: str | Path,
    *,
    settings: Mapping[str, Mapping] | None = None,
    users: Mapping[str, Mapping] | None = None,
    language: str = "nl",
    disabled: Sequence[str] = (),
    files: Mapping[str, str] | None = None,
) -> Any:
    """A configuration with ``database``, ``[plugins.<name>]`` ``settings`` (by plugin name),
    ``[users]`` (login -> ``{"person": ..., "role": ...}``), ``[plugins] disabled`` and
    ``[files]`` (by default imports and exports in the database's folder, so a test's files
    live next to its database)."""
    from stadstafel.config import parse_config

    data: dict = {"workspace": {"name": "test", "database": str(database)}}
    data["ui"] = {"language": language}
    if files is None and str(database) != ":memory:":
        folder = str(Path(database).parent)
        files = {"imports": folder, "exports": folder}
    if files:
        data["files"] = dict(files)
    if settings or disabled:
        data["plugins"] = {name: dict(values) for name, values in (settings or {}).items()}
    if disabled:
        data["plugins"]["disabled"] = list(disabled)
    if users:
        data["users"] = {login: dict(user) for login, user in users.items()}
    return parse_config(data, None, env={})


def plugin_host(
    plugins: Mapping[str, Any] | None = None,
    config: Any = None,
    *,
    strict: bool = False,
    entry_points: bool = False,
    env: Mapping[str, str] | None = None,
) -> Any:
    """A loaded plugin host with ``plugins`` (name -> module or object) registered by hand.

    By default nothing else is loaded but the core (``entry_points=True`` also loads the
    installed plugins, as the app does; ``env`` stands for the environment, e.g.
    ``{"STADSTAFEL_LOAD_PLUGINS": ""}``). A plugin that fails is switched off and reported in
    ``host.problems()``, or raises when ``strict``."""
    from stadstafel.plugins import PluginHost

    host = PluginHost(config, strict=strict, env=dict(env or {}), load_entry_points=entry_points)
    host.load()
    for name, obj in (plugins or {}).items():
        host.register(obj, name)
    return host


def open_workspace(config: Any, host: Any, *, login: str = "admin") -> Any:
    """Open the workspace of ``config`` with the plugins of ``host`` as ``login`` (close it
    yourself, or use it in a ``with`` block)."""
    from stadstafel.workspace import Workspace

    return Workspace.open(config, login=login, plugins=host)


@contextlib.contextmanager
def plugin_workspace(
    folder: str | Path,
    plugin: Any,
    name: str,
    *,
    settings: Mapping | None = None,
    users: Mapping[str, Mapping] | None = None,
    login: str = "admin",
    database: str | Path | None = None,
    others: Mapping[str, Any] | None = None,
) -> Iterator[Any]:
    """A workspace in ``folder`` (``ws.db``, or ``database``) with plugin ``name`` loaded,
    acting as ``login`` (``admin``, a beheerder, unless ``users`` say otherwise)."""
    path = Path(database) if database is not None else Path(folder) / "ws.db"
    config = make_config(
        path,
        settings={name: settings} if settings is not None else None,
        users=users if users is not None else ADMIN,
    )
    host = plugin_host({name: plugin, **(others or {})}, config, strict=True)
    ws = open_workspace(config, host, login=login)
    try:
        yield ws
    finally:
        ws.close()


def app_for(workspace: Any, *, theme: str | None = None) -> Any:
    """The stadstafel app on ``workspace`` (with its plugins), for ``run_test``."""
    from stadstafel.tui.app import StadstafelApp

    return StadstafelApp(workspace, host=workspace.plugins, theme=theme)


def run_async(test: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate an ``async def`` test so pytest runs it in an event loop of its own."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def until(pilot: Any, done: Callable[[], Any], what: str, timeout: float = 30.0) -> None:
    """Let the app work until ``done()`` holds, by its own steps rather than a guessed time
    (a loaded machine takes longer, never shorter); fails naming ``what`` after ``timeout``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not done():
        assert loop.time() < deadline, f"{what} never happened"
        await pilot.pause(0.02)
    await pilot.pause()


async def searched(pilot: Any, timeout: float = 30.0) -> None:
    """Until the screen's pending query (the search screen's debounced worker) is shown."""
    await until(
        pilot, lambda: not getattr(pilot.app.screen, "searching", False), "the search", timeout
    )


async def burst(pilot: Any, *keys: str) -> None:
    """Press ``keys`` as a fast typist or a paste through the terminal does: every key is in
    the app's queue before the first is handled. (``pilot.press`` waits after each key, so
    with it a key never arrives before what the one before it started, a focus move, is
    done.) A key is a character, or a name without one (``ctrl+f``)."""
    from textual import events

    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
    await pilot.pause()
    await pilot.pause()


async def paste_on_the_list(pilot: Any, text: str) -> Any:
    """Paste ``text`` as a terminal's bracketed paste does (one ``Paste`` event, to the
    focused widget) with the focus on the screen's list, its first focusable widget that is
    not an Input; returns the screen's filter (``FilterInput``), where the text should be."""
    from textual import events
    from textual.widgets import Input

    from stadstafel.tui.widgets.paged import FilterInput

    screen = pilot.app.screen
    screen.set_focus(next(w for w in screen.focus_chain if not isinstance(w, Input)))
    await pilot.pause()
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()
    await pilot.pause()
    return next(f for f in screen.query(FilterInput) if f.region.area)


def build_demo(workspace: Any) -> None:
    """The core's Leiden demo, then every plugin's ``demo_data``, as ``stadstafel demo``."""
    from stadstafel.demo import build_demo as core_demo

    actor = workspace.actor
    role = actor.global_role
    actor.global_role = "beheerder"
    try:
        core_demo(workspace)
        workspace.plugins.call("demo_data", workspace=workspace)
    finally:
        actor.global_role = role


def generate_demo(workspace: Any, size: str = "tiny") -> dict[str, int]:
    """A generated workspace of ``size`` (``DEMO_SIZES``), core and plugins, as
    ``stadstafel demo --size``: ``{table: rows written}``."""
    from stadstafel.demo.generate import generate

    return generate(workspace, size=size)


def core_section_keys() -> set[str]:
    """The keys of the core's sections (a plugin's screen keys should leave them alone)."""
    from stadstafel.builtin import CORE_SCREENS

    return {key for *_rest, key, _target in CORE_SCREENS}


def set_language(language: str) -> None:
    """Switch the language of messages and the UI (``"nl"`` or ``"en"``)."""
    from stadstafel import i18n

    i18n.set_language(language)


@contextlib.contextmanager
def frozen_clock(moment: Any) -> Iterator[None]:
    """Freeze the clock at ``moment`` (``"2027-01-04 09:00"``, a date or datetime)."""
    from stadstafel import clock, i18n

    clock.freeze(moment)
    try:
        yield
    finally:
        clock.freeze(None)
        i18n.set_language("nl")


def list_width_problems(
    make_app: Callable[[], Any],
    open_list: Callable[[Any], Any],
    *,
    widths: Sequence[int] = (80, 120, 200),
    height: int = 40,
    list_id: str | None = None,
) -> list[str]:
    """What breaks the width rule in one list (empty: nothing).

    The rule (``stadstafel.ui.RecordTable``): the longest text column (``flex``; by default
    the widest declared one) takes the room a wider terminal gives; every other column keeps
    its declared width, so figures, dates and statuses are never cut; and no cell is cut to a
    fixed width in code (``clip(name, 24)``): at the widest size, the longest text of the flex
    column shows whole when it fits.

    ``make_app()`` makes a fresh app (``lambda: app_for(ws)``); ``await open_list(pilot)``
    opens the list (press its key, or push its screen); ``list_id`` picks the list when the
    screen has several (default: the first). The data should hold a text longer than the flex
    column's declared width, or the last check cannot tell."""

    async def measure(width: int) -> tuple[list[int], int, list[int], list[str], str]:
        from stadstafel.tui.textual_private import screen_text
        from stadstafel.tui.widgets.lists import RecordTable

        async with make_app().run_test(size=(width, height)) as pilot:
            await pilot.pause()
            result = open_list(pilot)
            if asyncio.iscoroutine(result):
                await result
            await pilot.pause()
            await pilot.pause()
            screen = pilot.app.screen
            found = screen.query(f"#{list_id}" if list_id else RecordTable)
            table = found.first(RecordTable)
            declared = [w or 0 for _label, w in table.columns_spec]
            flex = table.flex if table.flex is not None else declared.index(max(declared))
            first = int(table.scroll_y)  # the rows on screen (the header takes one line)
            rows = range(first, min(table.row_count, first + table.size.height - 1))
            texts = [table.get_row_at(row)[flex].plain for row in rows]
            text = screen_text(screen)
            return [c.width for c in table.ordered_columns], flex, declared, texts, text

    seen = {width: asyncio.run(measure(width)) for width in sorted(widths)}
    problems = []
    narrow, wide = min(seen), max(seen)
    _w, flex, declared, _t, _s = seen[narrow]
    growth = [seen[width][0][flex] for width in sorted(seen)]
    if growth != sorted(growth) or growth[0] >= growth[-1]:
        problems.append(f"column {flex} does not grow with the terminal: {growth}")
    for width, (got, _flex, _declared, _texts, _text) in seen.items():
        if got[flex] < declared[flex]:
            problems.append(f"at {width}: column {flex} narrower than declared ({got[flex]})")
        others = [w for i, w in enumerate(got) if i != flex]
        if others != [w for i, w in enumerate(declared) if i != flex]:
            problems.append(f"at {width}: the other columns changed width: {got} ({declared})")
    got, _flex, _declared, texts, text = seen[wide]
    longest = max(texts, key=len, default="")
    if len(longest) <= declared[flex]:
        problems.append(f"no text longer than column {flex}'s {declared[flex]}: {longest!r}")
    elif len(longest) <= got[flex] and longest not in text:
        problems.append(f"at {wide}: {longest!r} is cut")
    return problems


# -- hostile text --------------------------------------------------------------------------------
#: Strings a partner could type into any name, title or text (each fits a name of 120
#: characters): markup, a click action, terminal escape sequences (clear, title, clipboard,
#: colour), BEL, CR, a C1 byte, a bidi override, emoji and a spreadsheet formula. Shown, stored
#: and exported, each must stay data.
HOSTILE: dict[str, str] = {
    "close": "Overleg [/x] gesloten",
    "bold": "[b]vet[/b] en [concept]",
    "click": "[@click=app.screenshot('x','/tmp')]klik[/]",
    "clear": "Wis\x1b[2Jscherm",
    "title": "Titel\x1b]0;pwned\x07weg",
    "clipboard": "Klembord\x1b]52;c;aGk=\x07weg",
    "csi": "Rood\x1b[31mgekleurd\x1b[0m",
    "bell": "Bel\x07bel",
    "cr": "Terug\rover",
    "c1": "C1\x9b31mcode",
    "bidi": "Omgekeerd\u202eesrever",
    "emoji": "Feest 🎉 👩‍👩‍👧 tafel",
    "formula": '=HYPERLINK("http://x.example","klik")',
}

# Bytes that must never reach a terminal: C0 controls other than tab and newline, DEL, C1.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def hostile_shown(value: str, *, multiline: bool = False) -> str:
    """What a screen or listing shows for ``value`` (control characters replaced, markup not
    interpreted)."""
    from stadstafel.textsafe import neutralise

    return neutralise(value, multiline=multiline)


def assert_no_control(text: str, where: str = "output") -> None:
    """No ESC, BEL, CR, C1 or other control character in ``text`` (newline and tab aside)."""
    found = _CONTROL.search(text)
    assert found is None, f"control character {found.group()!r} in {where}: {text!r:.300}"


def drawing_counted(monkeypatch: Any) -> tuple[list[Any], list[Any]]:
    """``(frames, styled)``: from now on one entry in ``frames`` per frame an app draws (the
    screen it was drawn for), and in ``styled`` the node of every style application, in
    order; ``monkeypatch`` is pytest's fixture, which undoes it after the test."""
    from stadstafel.tui.textual_private import count_drawing

    return count_drawing(monkeypatch)


async def opened_counted(
    pilot: Any,
    *counted: list,
    row: Any = None,
    table: Any = None,
    press: str | Callable[[], Any] = "enter",
) -> Any:
    """Open a record as a person does, and count what that alone draws: ``row`` (a record's
    key) selected in ``table`` (the current screen's ``table`` when None) and the app let
    settle, then the lists in ``counted`` (``drawing_counted``'s, or a test's own) emptied,
    ``press`` pressed (a key, or called) and the app let settle again, its animations too.
    The screen shown then."""
    if row is not None:
        shown = pilot.app.screen.table if table is None else table
        assert shown.select_key(row), f"no row {row!r} in the list"
        await pilot.pause()
        await pilot.pause()
    for entries in counted:
        entries.clear()
    if callable(press):
        press()
    else:
        await pilot.press(press)
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    return pilot.app.screen


def drawn_text(app: Any) -> str:
    """The text of the app's current screen as drawn (in ``run_test``), checked: no control
    character and no ``@click`` action in any segment (markup that ran would carry one)."""
    from stadstafel.tui.textual_private import screen_strips

    lines = []
    for strip in screen_strips(app):
        for seg in strip:
            assert_no_control(seg.text, type(app.screen).__name__)
            meta = seg.style.meta if seg.style is not None else {}
            assert "screenshot" not in str(meta), meta
        lines.append("".join(seg.text for seg in strip))
    return "\n".join(lines)
