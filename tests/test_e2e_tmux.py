"""End to end: the installed ``stadstafel`` command in a real pseudo-terminal, driven by keys.

The first test reads what the command writes to a bare pseudo-terminal at start: its first
frame must be the whole home screen. The second drives a session: a demo workspace is
written with ``stadstafel demo --create DIR``; the app is opened on it in tmux at 80×24; a
secretary goes to the meetings (v), picks the Woningbouw table (f), opens the next meeting's
agenda (Enter), submits an item (i, a title, ctrl+s) after the deadline, so it goes to the
backlog, places it on the meeting (b) and quits (q). The CLI's ``agenda show`` must then list
the item.

The keys go through ``tui-drive`` from the shared tools next to the repository when it is
there, and straight through tmux otherwise.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from support import pty_read_until, pty_spawn

TODAY = "2027-01-04"
WONINGBOUW = "Samenwerkingstafel Woningbouw"
TUI_DRIVE = Path(__file__).resolve().parents[2] / "shared/tools/tui-drive"

pytestmark = pytest.mark.e2e
needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None,
    reason="tmux is not installed; the end-to-end test drives the app in tmux",
)


def stadstafel_command() -> str:
    """The command installed in the environment that runs these tests."""
    exe = Path(sys.executable).with_name("stadstafel")
    if exe.exists():
        return str(exe)
    found = shutil.which("stadstafel")
    assert found, "the stadstafel command is not installed (uv sync installs it)"
    return found


def environment(home: Path) -> dict[str, str]:
    """A frozen clock and throwaway XDG folders, so the user's own settings stay untouched."""
    return {
        "STADSTAFEL_TODAY": TODAY,
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "STADSTAFEL_CONFIG": "",
    }


def run_cli(exe: str, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [exe, *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"stadstafel {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout


# -- driving the terminal ---------------------------------------------------------------------


def drive_with_tui_drive(steps: list[tuple[str, str]], command: list[str]) -> tuple[int, str]:
    args = [sys.executable, str(TUI_DRIVE), "-s", "80x24", "-t", "30"]
    for flag, value in steps:
        args += [flag] if flag == "-p" else [flag, value]
    result = subprocess.run([*args, "--", *command], capture_output=True, text=True, timeout=300)
    return result.returncode, result.stdout + result.stderr


def drive_with_tmux(steps: list[tuple[str, str]], command: list[str]) -> tuple[int, str]:
    """The same steps as tui-drive understands (-w, -n, -k, -p, -z), straight through tmux."""
    name = "stadstafel-e2e-" + uuid.uuid4().hex[:8]

    def tmux(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", *args], capture_output=True, text=True, timeout=30)

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", name).stdout

    created = tmux("new-session", "-d", "-s", name, "-x", "80", "-y", "24", " ".join(command))
    if created.returncode != 0:
        return 1, created.stderr
    tmux("set-option", "-t", name, "remain-on-exit", "on")
    log = []
    try:
        for flag, value in steps:
            if flag == "-w":
                deadline = time.monotonic() + 30
                while not re.search(value, screen(), re.MULTILINE):
                    if time.monotonic() > deadline:
                        return 1, f"never saw {value!r}; the screen:\n{screen()}"
                    time.sleep(0.05)
            elif flag == "-n" and re.search(value, screen(), re.MULTILINE):
                return 1, f"the screen shows {value!r}:\n{screen()}"
            elif flag == "-k":
                tmux("send-keys", "-t", name, value)
            elif flag == "-p":
                log.append(screen())
            elif flag == "-z":
                time.sleep(float(value))
        return 0, "\n".join(log)
    finally:
        tmux("kill-session", "-t", name)


def drive(steps: list[tuple[str, str]], command: list[str]) -> tuple[int, str]:
    if TUI_DRIVE.is_file():
        return drive_with_tui_drive(steps, command)
    return drive_with_tmux(steps, command)


def read_until(command: list[str], env: dict[str, str], marker: bytes) -> bytes:
    """What ``command`` writes to a fresh 80x24 pseudo-terminal until ``marker`` appears (or
    30 s passed); then the app is asked to quit (ctrl+q) and, failing that, killed."""
    proc, master = pty_spawn(command, {**os.environ, "TERM": "xterm-256color", **env})
    try:
        seen = pty_read_until(master, marker)
        os.write(master, b"\x11")
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    finally:
        os.close(master)
    return seen


# -- steps both record tests take ---------------------------------------------------------------


def woningbouw_meetings() -> list[tuple[str, str]]:
    """From the start: the meetings (v), filtered to the Woningbouw table (f)."""
    return [
        ("-w", r"Leiden \(demo\)"),
        ("-k", "v"),
        ("-w", "Enter opent de agenda"),
        ("-k", "f"),
        ("-w", "Welke tafel"),
        ("-k", "Woningbouw"),
        ("-z", "0.3"),
        ("-k", "Enter"),
        ("-w", "Tafel: Samenwerkingstafel Woningbouw"),
    ]


def place_late(title: str) -> list[tuple[str, str]]:
    """On an agenda: place the late item ``title`` from the backlog (b, type, Enter) and
    accept it (o)."""
    return [
        ("-k", "b"),
        ("-w", "Backlog"),
        ("-k", title),
        ("-z", "0.3"),
        ("-k", "Enter"),
        ("-w", re.escape(title) + r".*ingediend\s+!"),
        ("-k", "o"),
        ("-w", re.escape(title) + r".*geagendeerd"),
    ]


def apologies_and_decision(decision: str) -> list[tuple[str, str]]:
    """In the minutes: the first person afwezig met bericht (w), then a decision (b)."""
    return [
        ("-k", "w"),
        ("-w", "Aanwezigheid: wie"),
        ("-k", "Enter"),
        ("-w", "afwezig met bericht"),
        ("-k", "Down"),
        ("-k", "Enter"),
        ("-w", "afwezig met bericht: [A-Z]"),
        ("-k", "b"),
        ("-w", "Besluit bij"),
        ("-k", decision),
        ("-z", "0.3"),
        ("-k", "C-s"),
        ("-w", "Besluit: " + decision),
    ]


# -- the tests --------------------------------------------------------------------------------


def test_the_first_frame_on_the_terminal_is_the_whole_home_screen(tmp_path):
    """Textual renders the start screen once inside its start-up batch and throws that frame
    away; the first frame written was then only the header, the right column and the footer,
    with the left column 20-40 ms later (textual_private.BatchAwareScreen)."""
    exe = stadstafel_command()
    env = environment(tmp_path)
    demo = tmp_path / "demo"
    run_cli(exe, env, "demo", "--create", str(demo))
    left, right = b"Vergaderingen, komende 4 weken", b"Te late acties"
    seen = read_until([exe, "--config", str(demo / "stadstafel.toml")], env, left)
    assert left in seen, seen[-2000:].decode("utf-8", "replace")
    # Row 2 of the first frame holds both column titles, left then right; the right column
    # drawn before the left one means the first frame had no left column.
    assert right in seen
    assert seen.index(left) < seen.index(right)


@needs_tmux
def test_submit_an_agenda_item_with_keys_only(tmp_path):
    exe = stadstafel_command()
    env = environment(tmp_path)
    demo = tmp_path / "demo"
    run_cli(exe, env, "demo", "--create", str(demo))
    config = demo / "stadstafel.toml"
    assert config.is_file()

    upcoming = json.loads(
        run_cli(
            exe, env, "--config", str(config), "meetings", "list",
            "--table", WONINGBOUW, "--from", TODAY, "--format", "json",
        )
    )  # fmt: skip
    assert upcoming, "the demo has an upcoming Woningbouw meeting"
    meeting_id = upcoming[0]["id"]

    title = f"E2E punt {uuid.uuid4().hex[:6]}"
    command = [
        "env",
        *(f"{key}={shlex.quote(value)}" for key, value in env.items()),
        shlex.quote(exe),
        "--config",
        shlex.quote(str(config)),
    ]
    steps = [
        *woningbouw_meetings(),
        ("-k", "Enter"),
        ("-w", "indienen tot"),
        ("-k", "i"),
        ("-w", "Agendapunt indienen"),
        ("-k", title),
        ("-z", "0.3"),
        ("-k", "C-s"),
        # after the deadline: the item waits on the table's backlog, with a note
        ("-w", "Te laat ingediend"),
        ("-n", re.escape(title) + r".*ingediend"),
        # the secretary places it explicitly: b, type to find it, Enter
        ("-k", "b"),
        ("-w", "Backlog"),
        ("-k", title),
        ("-z", "0.3"),
        ("-k", "Enter"),
        # now the agenda lists it as submitted, with "!" (late)
        ("-w", re.escape(title) + r".*ingediend\s+!"),
        ("-n", "Traceback"),
        ("-p", ""),
        ("-k", "q"),
        ("-z", "1"),
    ]
    status, output = drive(steps, command)
    assert status == 0, output

    agenda = json.loads(
        run_cli(exe, env, "--config", str(config), "agenda", "show", str(meeting_id),
                "--format", "json")
    )  # fmt: skip
    titles = [item["title"] for item in agenda]
    assert title in titles
    item = next(i for i in agenda if i["title"] == title)
    assert item["status"] == "ingediend"
    assert item["late"]  # the deadline of the meeting of 8 January was 1 January


@needs_tmux
def test_a_meetings_record_from_late_submission_to_adopted_minutes(tmp_path):
    """Issue 15, end to end with the installed command: a partner submits after the deadline
    (the item goes to the backlog); the secretary places and accepts it, sets the agenda,
    takes the minutes (attendance, a decision, one item handled), marks the meeting held,
    carries the unhandled items back to the backlog, adopts the minutes; afterwards a key
    that would change the record is refused and the CLI shows the record unchanged."""
    exe = stadstafel_command()
    env = environment(tmp_path)
    demo = tmp_path / "demo"
    run_cli(exe, env, "demo", "--create", str(demo))
    config = demo / "stadstafel.toml"
    upcoming = json.loads(
        run_cli(
            exe, env, "--config", str(config), "meetings", "list",
            "--table", WONINGBOUW, "--from", TODAY, "--format", "json",
        )
    )  # fmt: skip
    meeting_id = upcoming[0]["id"]

    def command(login: str) -> list[str]:
        return [
            "env",
            *(f"{key}={shlex.quote(value)}" for key, value in env.items()),
            shlex.quote(exe),
            "--config",
            shlex.quote(str(config)),
            "--as",
            login,
        ]

    def to_agenda() -> list[tuple[str, str]]:
        return [
            *woningbouw_meetings(),
            ("-k", "Enter"),
            ("-w", "indienen tot"),
        ]

    title = f"Laat punt {uuid.uuid4().hex[:6]}"
    partner = [
        *to_agenda(),
        ("-k", "i"),
        ("-w", "Agendapunt indienen"),
        ("-k", title),
        ("-z", "0.3"),
        ("-k", "C-s"),
        ("-w", "Te laat ingediend"),
        ("-n", "Traceback"),
        ("-k", "q"),
        ("-z", "1"),
    ]
    status, output = drive(partner, command("portaal"))
    assert status == 0, output

    decision = f"Besluit {uuid.uuid4().hex[:6]}"
    secretary = [
        *to_agenda(),
        # place the late item, accept it, set the agenda (after a confirmation)
        *place_late(title),
        ("-k", "V"),
        ("-w", "Agenda vaststellen\\?"),
        ("-k", "j"),
        ("-w", "Status: agenda vastgesteld"),
        # minutes: attendance, a decision, the first item handled, the meeting held
        ("-k", "g"),
        ("-w", "Punt 1 van"),
        *apologies_and_decision(decision),
        ("-k", "h"),
        ("-w", "Punt 2 van"),
        ("-k", "G"),
        ("-w", "als gehouden"),
        ("-k", "j"),
        ("-w", "A Vaststellen"),  # held: adopting the minutes is the next step
        # carry forward: every unhandled item back to the backlog
        ("-k", "Escape"),
        ("-w", "Status: gehouden"),
        ("-k", "c"),
        ("-w", "niet behandeld"),
        *[("-k", "B") for _ in range(12)],
        ("-z", "1"),
        ("-n", r"\[ \]\s+niet behandel"),
        ("-k", "Escape"),
        ("-z", "0.5"),  # tmux would send Escape and the next key as one alt-key
        # adopt the minutes
        ("-k", "g"),
        ("-w", "A Vaststellen"),
        ("-k", "A"),
        ("-w", "Verslag vaststellen\\?"),
        ("-k", "j"),
        ("-w", "Verslag vastgesteld"),
        ("-n", "A Vaststellen"),
        # afterwards: reopening the handled item is refused, Enter changes nothing
        ("-k", "H"),
        ("-w", "verslag ligt vast"),
        ("-k", "Escape"),
        (
            "-k",
            "Up",
        ),
        ("-k", "Enter"),
        ("-k", "Escape"),
        ("-n", "Traceback"),
        ("-p", ""),
        ("-k", "q"),
        ("-z", "1"),
    ]
    status, output = drive(secretary, command("secretaris"))
    assert status == 0, output

    agenda = json.loads(
        run_cli(exe, env, "--config", str(config), "agenda", "show", str(meeting_id),
                "--format", "json")
    )  # fmt: skip
    statuses = {item["title"]: item["status"] for item in agenda}
    assert statuses[title] == "doorgeschoven"
    assert "behandeld" in statuses.values()
    assert not {"ingediend", "geagendeerd"} & set(statuses.values())
    meetings = json.loads(
        run_cli(exe, env, "--config", str(config), "meetings", "list", "--table", WONINGBOUW,
                "--from", TODAY, "--format", "json")
    )  # fmt: skip
    assert next(m for m in meetings if m["id"] == meeting_id)["status"] == "verslag vastgesteld"
