"""Backup and restore: beheerder only, owner-only files, complete under writers, checked restore."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from support import make_config

from stadstafel.backup import RestoreError, check_file, known_migrations, restore
from stadstafel.errors import PermissionDenied, ValidationError
from stadstafel.migrations import core
from stadstafel.store import with_functions
from stadstafel.workspace import Workspace

USERS = {"beheer": (None, "beheerder"), "lezer": (None, "lezer"), "gewoon": (None, "gebruiker")}
KNOWN = known_migrations([core])


def open_ws(path: Path, login: str = "beheer") -> Workspace:
    return Workspace.open(make_config(path, users=USERS), login=login)


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def count(path: Path, sql: str = "SELECT count(*) FROM organisations") -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path, frozen):
    path = tmp_path / "ws.db"
    ws = open_ws(path)
    for i in range(20):
        ws.organisations.create(name=f"Organisatie {i}", kind="overig")
    ws.close()
    return path


@pytest.mark.parametrize("login", ["lezer", "gewoon"])
def test_backup_is_refused_for_anyone_but_a_beheerder(db, tmp_path, login):
    ws = open_ws(db, login)
    try:
        with pytest.raises(PermissionDenied, match="kopie van de database maken"):
            ws.maintenance.backup(tmp_path / "copy.db")
    finally:
        ws.close()
    assert not (tmp_path / "copy.db").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_backup_is_owner_only_audited_and_never_overwrites(db, tmp_path):
    ws = open_ws(db)
    old = os.umask(0)  # even with a permissive umask: never a world-readable window
    try:
        dest = ws.maintenance.backup(tmp_path / "copy.db")
    finally:
        os.umask(old)
    try:
        assert dest.stat().st_mode & 0o777 == 0o600
        assert integrity(dest) == "ok" and count(dest) == 20
        assert not Path(f"{dest}-wal").exists()  # one self-contained file
        last = ws.audit.recent(1)[0]
        assert (last.action, last.actor, last.record_type) == ("backup", "beheer", "workspace")
        with pytest.raises(ValidationError, match="bestaat al"):
            ws.maintenance.backup(dest)
        ws.organisations.create(name="Nog een", kind="overig")
        ws.maintenance.backup(dest, force=True)
        assert count(dest) == 21
        assert dest.stat().st_mode & 0o777 == 0o600
        folder = tmp_path / "copies"
        folder.mkdir()
        named = ws.maintenance.backup(folder)
        assert named.parent == folder and named.name.startswith("ws-")
    finally:
        ws.close()


def test_backup_refuses_a_fifo_and_a_symlink(db, tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "link.db").symlink_to(tmp_path / "elsewhere.db")
    ws = open_ws(db)
    try:
        with pytest.raises(ValidationError):
            ws.maintenance.backup(tmp_path / "pipe", force=True)
        with pytest.raises(ValidationError):
            ws.maintenance.backup(tmp_path / "link.db", force=True)
    finally:
        ws.close()
    assert not (tmp_path / "elsewhere.db").exists()


def test_backup_completes_while_writers_keep_writing(db, tmp_path):
    """Three writers commit as fast as they can until the backup is done (or a generous cap
    ends them: then the backup only finished because the writers stopped, and the test fails).
    No figure about time is asserted; bench/backup.py measures that."""
    ws = open_ws(db)
    with ws.store.write_lock() as conn:  # 20 MB: a copy in steps would take many of them
        conn.executemany(
            "INSERT INTO organisations (name, kind, notes, version, created_at, updated_at)"
            " VALUES (?, 'overig', ?, 1, '2027-01-04', '2027-01-04')",
            [(f"Vulling {i}", "x" * 2000) for i in range(10_000)],
        )
    done = threading.Event()
    cap = time.monotonic() + 30
    written = [0, 0, 0]
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        conn = with_functions(sqlite3.connect(db, timeout=10, isolation_level=None))
        try:
            while not done.is_set() and time.monotonic() < cap:
                conn.execute("BEGIN IMMEDIATE")  # as the services write
                conn.execute(
                    "INSERT INTO organisations (name, kind, version, created_at, updated_at)"
                    " VALUES (?, 'overig', 1, '2027-01-04', '2027-01-04')",
                    [f"Schrijver {n}-{written[n]}"],
                )
                conn.execute("COMMIT")
                written[n] += 1
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    try:
        while sum(written) < 30:  # the writers are going
            time.sleep(0.01)
        dest = ws.maintenance.backup(tmp_path / "under-load.db")
        finished_while_writing = time.monotonic() < cap and not done.is_set()
        before_stop = sum(written)
    finally:
        done.set()
        for t in threads:
            t.join()
        ws.close()
    assert not errors
    assert finished_while_writing, "the backup only ended after the writers were stopped"
    assert integrity(dest) == "ok"
    copied = count(dest, "SELECT count(*) FROM organisations WHERE name LIKE 'Schrijver %'")
    assert 0 < copied <= before_stop
    assert count(dest, "SELECT count(*) FROM organisations WHERE name LIKE 'Vulling %'") == 10_000


# -- restore ----------------------------------------------------------------------------------
def test_restore_round_trip_keeps_the_old_file_aside(db, tmp_path):
    ws = open_ws(db)
    copy = ws.maintenance.backup(tmp_path / "copy.db")
    ws.organisations.create(name="Na de kopie", kind="overig")
    ws.close()
    aside = restore(db, copy, KNOWN)
    assert aside.name.startswith("ws.pre-restore-") and aside.exists()
    assert count(aside, "SELECT count(*) FROM organisations WHERE name = 'Na de kopie'") == 1
    ws = open_ws(db)
    try:
        assert ws.organisations.by_name("Na de kopie") is None
        assert ws.organisations.by_name("Organisatie 3") is not None
        ws.organisations.create(name="Na het terugzetten", kind="overig")  # it works as before
    finally:
        ws.close()
    assert integrity(db) == "ok"


def test_restore_refuses_a_broken_file_and_changes_nothing(db, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    before = db.read_bytes()
    with pytest.raises(RestoreError, match=r"niets gewijzigd|geen bruikbare"):
        restore(db, bad, KNOWN)
    text = tmp_path / "notes.db"
    text.write_text("hallo", encoding="utf-8")
    with pytest.raises(RestoreError):
        restore(db, text, KNOWN)
    assert db.read_bytes() == before
    assert not list(tmp_path.glob("*.pre-restore-*"))


def test_restore_refuses_a_backup_of_a_newer_version(db, tmp_path):
    newer = tmp_path / "newer.db"
    ws = open_ws(db)
    ws.maintenance.backup(newer)
    ws.close()
    conn = sqlite3.connect(newer)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('stadstafel', 'm999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    assert "m999_from_the_future" in check_file(newer, KNOWN)[0]
    with pytest.raises(RestoreError, match="nieuwere versie"):
        restore(db, newer, KNOWN)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    assert "geen stadstafel-database" in check_file(other, KNOWN)[0]


def test_restore_refuses_while_another_session_is_open(db, tmp_path):
    ws = open_ws(db)
    copy = ws.maintenance.backup(tmp_path / "copy.db")
    ws.close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(db)!r})\n"
            "c.execute('SELECT count(*) FROM organisations').fetchone()\n"
            "print('open', flush=True)\n"
            "sys.stdin.readline()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(RestoreError, match="nog open in een andere sessie"):
            restore(db, copy, KNOWN)
    finally:
        holder.communicate("\n", timeout=30)
    restore(db, copy, KNOWN)  # once the session ended it goes


def test_restore_command_for_a_beheerder_only(tmp_path, frozen):
    config = tmp_path / "s.toml"
    db = tmp_path / "ws.db"
    config.write_text(
        f'[workspace]\ndatabase = "{db}"\ncreate = true\n'
        '[users.iemand_anders]\nrole = "beheerder"\n',
        encoding="utf-8",
    )
    bin_ = Path(sys.executable).parent / "stadstafel"
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    env.pop("STADSTAFEL_CONFIG", None)
    subprocess.run([str(bin_), "--config", str(config), "partners", "list"], env=env, check=True)
    sqlite3.connect(tmp_path / "c.db").execute("CREATE TABLE t (x)").connection.close()
    done = subprocess.run(
        [str(bin_), "--config", str(config), "restore", str(tmp_path / "c.db")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "mag 'de database terugzetten' niet doen" in done.stderr
    assert "Traceback" not in done.stderr


def test_backup_and_restore_through_the_installed_command(tmp_path, frozen):
    """A single-user install (no [users]): its user is the beheerder."""
    config = tmp_path / "s.toml"
    db = tmp_path / "ws.db"
    config.write_text(f'[workspace]\ndatabase = "{db}"\n', encoding="utf-8")
    bin_ = Path(sys.executable).parent / "stadstafel"
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    env.pop("STADSTAFEL_CONFIG", None)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(bin_), "--config", str(config), *args], env=env, capture_output=True, text=True
        )

    ws = Workspace.open(make_config(db), login="x")
    ws.organisations.create(name="Voor de kopie", kind="overig")
    ws.close()
    made = run("backup", str(tmp_path / "kopie.db"))
    assert made.returncode == 0, made.stderr
    again = run("backup", str(tmp_path / "kopie.db"))
    assert again.returncode == 1 and "bestaat al" in again.stderr
    ws = Workspace.open(make_config(db), login="x")
    ws.organisations.create(name="Na de kopie", kind="overig")
    ws.close()
    back = run("restore", str(tmp_path / "kopie.db"))
    assert back.returncode == 0, back.stderr
    assert "Het vorige bestand staat in" in back.stdout
    listed = run("partners", "list", "--format", "csv")
    assert "Voor de kopie" in listed.stdout and "Na de kopie" not in listed.stdout
