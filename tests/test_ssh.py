"""The shared-account SSH deployment, end to end against a throwaway sshd on loopback.

An ``authorized_keys`` line ``restrict,pty,command="stadstafel --config … --as portaal"``
must open the app as that partner, whatever command the client asks for
(``SSH_ORIGINAL_COMMAND`` is untrusted and ignored).
"""

from __future__ import annotations

import getpass
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

BIN = Path(sys.executable).parent / "stadstafel"
SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _screen(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
    ).stdout


def _wait_for(session: str, text: str, timeout: float = 30) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        screen = _screen(session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"never saw {text!r}; screen:\n{_screen(session)}")


@pytest.fixture
def sshd(tmp_path):
    if not Path(SSHD).exists() or shutil.which("tmux") is None:
        pytest.skip("needs OpenSSH's sshd and tmux (.ci/run installs both)")
    workspace = tmp_path / "leiden"
    subprocess.run([str(BIN), "demo", "--create", str(workspace)], check=True, capture_output=True)
    keys = tmp_path / "keys"
    keys.mkdir()
    for name in ("host", "client"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / name)], check=True
        )
    forced = f"{BIN} --config {workspace / 'stadstafel.toml'} --as portaal"
    pub = (keys / "client.pub").read_text().strip()
    (keys / "authorized_keys").write_text(f'restrict,pty,command="{forced}" {pub}\n')
    port = _free_port()
    config = tmp_path / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {keys / 'host'}\n"
        f"AuthorizedKeysFile {keys / 'authorized_keys'}\nPidFile {tmp_path / 'sshd.pid'}\n"
        "StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
        "PermitRootLogin prohibit-password\n"
    )
    Path("/run/sshd").mkdir(exist_ok=True)  # privilege-separation directory
    proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE)
    for _ in range(50):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    yield {"port": port, "key": keys / "client", "workspace": workspace}
    proc.terminate()
    proc.wait(timeout=10)


def _ssh_session(sshd, *remote: str) -> str:
    session = "ssh-" + uuid.uuid4().hex[:8]
    command = [
        "ssh",
        "-tt",
        "-p",
        str(sshd["port"]),
        "-i",
        str(sshd["key"]),
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "LogLevel=ERROR",
        f"{getpass.getuser()}@127.0.0.1",
        *remote,
    ]
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", " ".join(command)],
        check=True,
    )
    return session


def test_forced_command_opens_the_app_as_the_configured_partner(sshd):
    session = _ssh_session(sshd)
    try:
        screen = _wait_for(session, "(portaal)")
        assert "Leiden (demo)" in screen and "Traceback" not in screen
        subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=True)
        end = time.monotonic() + 15
        while (
            time.monotonic() < end
            and subprocess.run(
                ["tmux", "has-session", "-t", session], capture_output=True
            ).returncode
            == 0
        ):
            time.sleep(0.2)
        assert (
            subprocess.run(["tmux", "has-session", "-t", session], capture_output=True).returncode
            != 0
        ), "q should end the session"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def test_requested_command_is_ignored(sshd):
    session = _ssh_session(sshd, "stadstafel", "--as", "beheer")
    try:
        screen = _wait_for(session, "(portaal)")
        assert "(beheer)" not in screen
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def test_hostile_text_of_one_login_reaches_another_over_ssh_as_plain_text(sshd):
    """The shared-account mode end to end: what one login (a secretary) stored reaches the
    partner's terminal over SSH without any escape sequence of its own and without markup."""
    import re

    from hostile import CORPUS
    from test_e2e_hostile import session

    from stadstafel.config import load_config
    from stadstafel.workspace import Workspace

    config = load_config(sshd["workspace"] / "stadstafel.toml")
    ws = Workspace.open(config, login="secretaris")
    try:
        table = next(t for t in ws.tables.list() if t.name == "Samenwerkingstafel Woningbouw")
        for key in ("title", "clipboard", "clear", "click"):
            ws.agenda.submit(table.id, f"{CORPUS[key]} punt")
        ws.actor.global_role = "beheerder"
        ws.organisations.create(name=f"{CORPUS['title']} org", kind="overig")
    finally:
        ws.close()
    # ... and one name went around the services, as an older version could have stored it.
    import sqlite3

    from stadstafel.store import with_functions

    with with_functions(sqlite3.connect(sshd["workspace"] / "stadstafel.db")) as conn:
        conn.execute(
            "UPDATE organisations SET name = ? WHERE name LIKE 'Titel%'",
            ["Aaa oud\x1b]0;pwned\x07\x1b]52;c;aGk=\x07"],
        )
    command = [
        "ssh", "-tt", "-p", str(sshd["port"]), "-i", str(sshd["key"]),
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "LogLevel=ERROR", f"{getpass.getuser()}@127.0.0.1",
    ]  # fmt: skip
    seen = session(command, {}, [(b"(portaal)", b"p"), (b"Partners", b"\x11")])
    for raw in (b"\x1b]0;pwned", b"\x1b]52;c;aGk=", b"pwned\x07"):
        assert raw not in seen, raw
    assert set(re.findall(rb"\x1b\](\d+);", seen)) <= {b"22"}
    assert b"Traceback" not in seen
