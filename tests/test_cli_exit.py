"""The command's fixed cost around a subcommand: its configuration read once, and its exit
without the interpreter's teardown (``stadstafel.start.command``)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import stadstafel.config
from stadstafel.start import main

# The console script, with an object whose finaliser says when the interpreter tears down,
# an exit function, and (with "thread" as the first argument) a thread that is not a daemon.
SCRIPT = """
import atexit, os, sys, threading


class Teardown:
    def __del__(self, write=os.write):
        write(1, b"torn down\\n")


keep = Teardown()
atexit.register(lambda: print("exit function ran"))
sys.argv, thread = ["stadstafel", *sys.argv[2:]], sys.argv[1] == "thread"
import stadstafel.start

if thread:  # it runs until the command has looked for threads
    asked = threading.Event()
    running = stadstafel.start._threads_running
    stadstafel.start._threads_running = lambda: [running(), asked.set()][0]
    threading.Thread(target=asked.wait).start()
stadstafel.start.command()
"""


def console(*args: str, thread: bool = False) -> subprocess.CompletedProcess:
    # the output buffered, as a script's usually is (PYTHONUNBUFFERED would hide a lost flush)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, "thread" if thread else "-", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_a_subcommand_ends_without_the_teardown_its_output_and_exit_functions_kept():
    result = console("--version")
    assert result.returncode == 0, result.stderr
    # stdout is a pipe (block-buffered): flushed before the process ends, then what the exit
    # function printed; the interpreter's teardown is skipped
    assert result.stdout == "stadstafel 0.1.0\nexit function ran\n"


def test_a_fault_keeps_its_exit_status_and_one_line(tmp_path):
    result = console("--config", str(tmp_path / "missing.toml"), "actions", "list")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Configuratiefout: ")
    assert result.stdout == "exit function ran\n"


def test_a_thread_still_running_gets_the_ordinary_exit():
    result = console("--version", thread=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "stadstafel 0.1.0\nexit function ran\ntorn down\n"


@pytest.fixture
def config_reads(monkeypatch):
    reads: list[object] = []
    load = stadstafel.config.load_config

    def counted(*args, **kwargs):
        reads.append(args[0] if args else None)
        return load(*args, **kwargs)

    monkeypatch.setattr(stadstafel.config, "load_config", counted)
    return reads


def test_a_command_line_reads_its_configuration_once(tmp_path, config_reads, capsys):
    path = tmp_path / "s.toml"
    path.write_text('[workspace]\ndatabase = "ws.db"\n[ui]\nlanguage = "nl"\n', encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["--config", str(path), "config", "show"])
    assert info.value.code == 0
    # click's language is read from it before the command uses it: one read for both
    assert config_reads == [str(path)]
    assert 'language = "nl"' in capsys.readouterr().out

    # the next command line (in the same process) reads the file as it is then
    path.write_text('[workspace]\ndatabase = "ws.db"\n[ui]\nlanguage = "en"\n', encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["--config", str(path), "config", "show"])
    assert config_reads == [str(path), str(path)]
    assert 'language = "en"' in capsys.readouterr().out


def test_the_actor_is_looked_up_from_indexes(tmp_path):
    """Every command and start looks the actor's person up by e-mail address or name: from
    the indexes on both, not by reading every person."""
    from support import make_config

    from stadstafel.workspace import Workspace

    config = make_config(tmp_path / "ws.db", users={"beheer": ("a.b@example.nl", "beheerder")})
    ws = Workspace.open(config, login="beheer")
    try:
        captured: list[str] = []
        ws.store.conn.set_trace_callback(captured.append)
        ws.refresh_actor()
        ws.store.conn.set_trace_callback(None)
        [lookup] = [sql for sql in captured if "FROM people" in sql and "email" in sql]
        plan = " | ".join(row[3] for row in ws.store.conn.execute("EXPLAIN QUERY PLAN " + lookup))
        assert "SCAN" not in plan, plan
        assert "INDEX idx_people_email_nocase" in plan and "INDEX idx_people_name" in plan, plan
    finally:
        ws.close()
