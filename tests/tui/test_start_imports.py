"""What the ``stadstafel`` command imports before its ``main`` switches the garbage collector
off for the start (``stadstafel.start.main``), and that what was left for later still works."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pluggy
import pytest
from support import drive, settle

import stadstafel
from stadstafel.tui.textual_private import screen_text

# Imported on the way to the first frame, but only after main(): with the collector on, the
# imports of pluggy, typing and inspect, sqlite3 and pathlib ran 19 collections (2.7 ms).
LATER = ["pluggy", "typing", "inspect", "sqlite3", "pathlib", "threading"]


def test_the_command_imports_little_before_main_switches_the_collector_off():
    code = (
        "import gc, sys\n"
        "runs = []\n"
        "gc.callbacks.append(lambda phase, info: runs.append(phase))\n"
        "from stadstafel.start import main\n"  # what the console script does first
        f"print([m for m in {LATER!r} if m in sys.modules], runs.count('start'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    early, collections = result.stdout.split("]")
    assert early + "]" == "[]", f"imported before main(): {early}]"
    assert int(collections) <= 8  # 19 before


def test_the_hook_marker_is_made_on_first_use_and_is_one_marker():
    first = stadstafel.hookimpl
    assert isinstance(first, pluggy.HookimplMarker)
    assert first is stadstafel.hookimpl
    from stadstafel import hookimpl

    assert hookimpl is first and "hookimpl" in dir(stadstafel)

    @hookimpl
    def register_topics():
        return ["x"]

    assert getattr(register_topics, "stadstafel_impl", None) is not None


# What stadstafel --config CONFIG does up to the home screen's first frame (as
# bench/first_frame.py), then the modules imported by then, written to argv[2].
FIRST_FRAME = """
import gc, json, sys
from pathlib import Path
gc.disable()
from stadstafel.start import Context, ReadAhead
ctx = Context(sys.argv[1], None, False)
host = ctx.host
ahead = ReadAhead(ctx.workspace)
from stadstafel.tui.app import StadstafelApp
from stadstafel.tui.css_cache import ParsedCss
host.themes()
parsed_css = ParsedCss(Path(sys.argv[3])).install()
ws = ahead.workspace()
app = StadstafelApp(ws, host=host, read_ahead=ahead)
app.parsed_css = parsed_css
def done():
    with open(sys.argv[2], "w") as out:
        json.dump([sorted(sys.modules), parsed_css.taken], out)
    parsed_css.save()
    app.exit()
app.call_after_refresh(done)
app.run(headless=True, size=(80, 24))
ws.close()
"""

# Not imported on the way to the first frame: the command line (click), the database tool
# (migrations), the ctypes package (the memory policy calls glibc through its C part, _ctypes),
# the palette's providers (when the palette opens), another section's screen, forms.
NOT_AT_START = [
    "click",
    "sqlite_utils",
    "ctypes",
    "getpass",  # os_login reads the user database (pwd)
    "importlib.util",  # a plugins folder's files only
    "stadstafel.cli",
    "stadstafel.tui.commands",
    "stadstafel.tui.screens.partners",
    "stadstafel.tui.screens.meetings",
    "stadstafel.tui.widgets.form",
]


@pytest.fixture(scope="module")
def demo_config(tmp_path_factory) -> str:
    target = tmp_path_factory.mktemp("start") / "demo"
    command = str(Path(sys.executable).parent / "stadstafel")
    made = subprocess.run([command, "demo", "--create", str(target)], capture_output=True)
    assert made.returncode == 0, made.stderr
    return str(target / "stadstafel.toml")


@pytest.mark.parametrize("css", ["parsed", "kept"])
def test_the_first_frame_imports_nothing_it_does_not_show(demo_config, tmp_path, css):
    """Neither when the CSS is parsed nor when it is unpickled from the last start's file."""
    found, kept = tmp_path / "modules.json", tmp_path / "textual-css.pickle"
    for _ in range(1 if css == "parsed" else 2):
        result = subprocess.run(
            [sys.executable, "-c", FIRST_FRAME, demo_config, str(found), str(kept)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
    modules, taken = json.loads(found.read_text())
    assert (taken > 0) is (css == "kept")
    assert "stadstafel.tui.screens.home" in modules  # it did get to the first frame
    assert [name for name in NOT_AT_START if name in modules] == []
    if css == "kept":  # the configuration's and the modules' TOML kept by the first run too
        assert "tomllib" not in modules  # (stadstafel.kept.parse_toml)


@drive
async def test_the_palette_imports_its_providers_when_it_opens(app):
    from textual.command import CommandPalette

    from stadstafel.tui import commands
    from stadstafel.tui.app import StadstafelApp

    assert {load() for load in StadstafelApp.COMMANDS} == commands.PROVIDERS
    async with app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CommandPalette)
        await pilot.press(*"partners")
        await settle(pilot)
        assert "Partners" in screen_text(pilot.app.screen)


def test_bench_start_cpu_prints_each_phase_and_count(demo_config):
    """bench/start_cpu.py reaches into the start (the read-ahead, the store's connect): one
    round on the demo, only that it prints every phase and count."""
    script = Path(__file__).resolve().parents[2] / "bench" / "start_cpu.py"
    done = subprocess.run(
        [sys.executable, str(script), demo_config, "1"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    phases = ["imports of stadstafel.start", "first frame", "read-ahead thread CPU"]
    counts = ["SQL on the read-ahead thread", "SQL on the main thread before the first frame"]
    for line in phases + counts:
        assert line in done.stdout, done.stdout
