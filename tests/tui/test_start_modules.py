"""What the installed domain modules cost a start: up to the home screen's first frame no
module imports its screens, forms, importers, documents or services (its dashboard card,
which may use them, is read after the first frame); a module's section's screen is imported
after the first frame (``stadstafel.tui.preimport``, or its opening); the home screen shows
every module's card with the figures its services count.

Each start runs in a fresh interpreter (``sys.modules`` of this one holds everything), on the
Leiden demo made by the installed command with every module of this repository enabled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "stadstafel"
MODULES = {
    "woningbouw": "stadstafel_woningbouw",
    "omgevingswet": "stadstafel_omgevingswet",
    "regionale-economie": "stadstafel_regionale_economie",
    "sociaal-domein": "stadstafel_sociaal_domein",
}
# The parts a start never needs: the interface of a section, its forms, importing files,
# documents and CLI commands, demo and generated data, regionale-economie's series.
HEAVY = {
    "screens",
    "forms",
    "importer",
    "documents",
    "cli",
    "demo",
    "generate",
    "economie",
    "cbs",
    "mapping",
    "iv3",
}
ENV = {"STADSTAFEL_TODAY": "2027-01-04 09:00"}

# Starts the UI as `stadstafel --config CONFIG` does (stadstafel.start.run_tui), notes the
# modules imported at the first frame, then opens each module's section by its key.
START = textwrap.dedent(
    """
    import asyncio, json, sys, threading
    import stadstafel.store as store
    from stadstafel.start import Context, ReadAhead

    def ours():
        return sorted(m for m in sys.modules if m.startswith("stadstafel_"))

    # SQL statements per thread that opened the connection (as bench/start_cpu.py counts)
    statements = {}
    connect = store._connect

    def traced(*args, **kwargs):
        conn = connect(*args, **kwargs)
        current = threading.current_thread()
        name = "main" if current is threading.main_thread() else current.name
        name = name if name in ("main", "stadstafel-read-ahead") else "other"
        statements.setdefault(name, [])
        conn.set_trace_callback(lambda sql: statements[name].append(sql))
        return conn

    store._connect = traced

    def queries():
        # the app's poll for other sessions' commits (PRAGMA data_version, every 1.5 s)
        # is no card query: a start slower than that (a loaded machine) runs one
        return {
            name: len([sql for sql in found if "data_version" not in sql])
            for name, found in statements.items()
        }

    ctx = Context(sys.argv[1], None, False)
    host = ctx.host
    after_hooks = ours()  # the host loaded: entry points imported, registration hooks run
    ahead = ReadAhead(ctx.workspace)
    from stadstafel.tui.app import StadstafelApp

    host.themes()
    ws = ahead.workspace()
    app = StadstafelApp(ws, host=host, read_ahead=ahead)
    # No section built in a pause: the statements counted are the start's and the cards'
    # (a start slower than half a second, on a loaded machine, built partners meanwhile).
    app.paused = lambda: False
    out = {"after_hooks": after_hooks}

    def first_frame():
        out["first_frame"] = ours()
        out["first_sql"] = queries()
        out["first_cards"] = str(app.screen.query_one("#cards").render())
        out["first_overdue"] = list(app.screen.query_one("#overdue").region)

    app.call_after_refresh(first_frame)

    async def run():
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            out["cards"] = str(app.screen.query_one("#cards").render())
            out["sql"] = queries()
            out["overdue"] = list(app.screen.query_one("#overdue").region)
            out["opened"] = {}
            for section in app.sections:
                if section.plugin in (None, "core"):
                    continue
                before = ours()
                await pilot.press(section.key)
                await pilot.pause()
                out["opened"][section.plugin] = {
                    "module": section.module,
                    "screen": type(app.screen).__module__,
                    "imported": sorted(set(ours()) - set(before)),
                }
    asyncio.run(run())
    rc = ws.service("regionale-economie.control")
    out["unplanned"] = len(rc.unplanned_zienswijzen())
    out["cards_now"] = ws.plugin_dashboard_cards()
    ws.close()
    print(json.dumps(out))
    """
)


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.count(".") and set(m.split(".")[1:]) & HEAVY]


@pytest.fixture(scope="module")
def started(tmp_path_factory):
    target = tmp_path_factory.mktemp("modules") / "demo"
    env = {**os.environ, **ENV}
    env.pop("STADSTAFEL_LOAD_PLUGINS", None)  # every installed module, as a user has them
    made = subprocess.run(
        [str(BIN), "demo", "--create", str(target)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    config = str(target / "stadstafel.toml")
    result = subprocess.run(
        [sys.executable, "-c", START, config], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_module_is_loaded_and_its_hooks_import_only_light_parts(started):
    loaded = started["after_hooks"]
    for package in MODULES.values():
        assert package in loaded or f"{package}.plugin" in loaded
    # registering (services named, labels read later, vocabulary from data) imports no
    # service, screen or series module
    services = [m for m in loaded if m.rpartition(".")[2] == "service"]
    assert services == [] and heavy(loaded) == []


def test_no_modules_heavy_part_is_imported_before_the_first_frame(started):
    assert heavy(started["first_frame"]) == []
    # nor its services: the cards that use them are read after the first frame
    services = [m for m in started["first_frame"] if m.rpartition(".")[2] == "service"]
    assert services == []


def test_opening_a_modules_section_imports_its_screen(started):
    opened = started["opened"]
    assert sorted(opened) == sorted(MODULES)
    for plugin, seen in opened.items():
        package = MODULES[plugin]
        assert seen["screen"].startswith(f"{package}.screens"), (plugin, seen)
        named = seen["module"]  # a module, or several imported one per pause step
        named = [named] if isinstance(named, str) else named or []
        assert all(m.startswith(package) for m in named), (plugin, seen)
        # imported after the first frame (by the helper thread that imports the sections'
        # modules, or by this opening), never before it
        assert seen["screen"] not in started["first_frame"], (plugin, seen)
        assert heavy([seen["screen"]]), (plugin, seen)


def test_the_home_screen_shows_every_modules_card_with_its_figures(started):
    shown = started["cards"]
    cards = started["cards_now"]
    assert sorted({c["plugin"] for c in cards}) == sorted(MODULES)
    for card in cards:
        assert f"{card['title']}: {card['value']}" in shown
    # regionale-economie counts what its list of unplanned zienswijzen holds
    (gr,) = [c for c in cards if c["plugin"] == "regionale-economie"]
    assert f"; {started['unplanned']} zienswijze" in gr["detail"]


def test_no_cards_query_runs_before_the_first_frame(started):
    # the read-ahead read the core's lists; the modules' cards are read after the first
    # frame on a connection of their own, nothing on the app's thread before it
    first, later = started["first_sql"], started["sql"]
    assert first.get("main", 0) == 0 and first["stadstafel-read-ahead"] > 0
    assert first.get("other", 0) == 0 and later["other"] > 0
    assert later["stadstafel-read-ahead"] == first["stadstafel-read-ahead"]


def test_the_first_frame_says_the_cards_come_and_they_fill_in_right_after(started):
    # Their wrapped text overflowed the right column before the first frame (a scrollbar and
    # a second layout): the first frame shows the cards' title and a line, the cards follow.
    assert started["first_cards"].splitlines() == ["Cijfers uit modules", "…"]
    assert started["cards"].startswith("Cijfers uit modules\n")
    assert len(started["cards"].splitlines()) > 2
    # the right column kept room for the scrollbar the cards then need: its lists stay put
    assert started["overdue"] == started["first_overdue"]
