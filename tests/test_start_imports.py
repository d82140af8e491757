"""What the ``stadstafel`` command imports before its ``main`` switches the garbage collector
off for the start (``stadstafel.start.main``), and that what was left for later still works."""

from __future__ import annotations

import subprocess
import sys

import pluggy

import stadstafel

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
