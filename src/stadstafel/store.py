"""Opening a workspace database: WAL, foreign keys, busy timeout, migrations, backup.

Only the services and the store touch SQL. A ``Store`` owns one connection; every SSH user is
a process with its own ``Store`` on the same file.

Migrations are ``sqlite_utils.Migrations`` sets (the core's and each enabled plugin's).
Checking them means importing sqlite_utils and every plugin's migrations, a fifth of the
terminal UI's start-up; so after a check the store writes a *schema stamp*: which plugins were
enabled (``plugin_key``) and the size and modification time of every file that defines a
migration. When the next start finds the same plugins and unchanged files, nothing can be
pending and the check is skipped; any difference (an upgrade, an edited migration, another
plugin) means the full check, as before.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from stadstafel import clock
from stadstafel.errors import BusyError
from stadstafel.i18n import t

if TYPE_CHECKING:  # imported when a check runs (see the module docstring)
    from sqlite_utils import Database, Migrations

BUSY_TIMEOUT_MS = 5000
WRITE_ATTEMPTS = 40


def _connect(path: str | Path) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves, so a write
    # transaction takes the write lock up front and never fails half-way on upgrade.
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=0)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    # SQL sees the same (freezable) clock as Python: st_today() instead of date('now').
    # Deterministic: like date('now'), one value per statement, worked out once and not for
    # every row (a listing of 100,000 actions called it 100,000 times).
    conn.create_function("st_today", 0, clock.today_text, deterministic=True)
    return conn


def _has_user_data(db: Database) -> bool:
    return any(
        not name.startswith(("_sqlite", "sqlite_", STAMP_TABLE)) for name in db.table_names()
    )


def _pending(db: Database, sets: Iterable[Migrations]) -> list[tuple[Migrations, str]]:
    return [(s, m.name) for s in sets for m in s.pending(db)]


STAMP_TABLE = "_stadstafel_schema_stamp"


def _file_state(path: str) -> list | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [path, st.st_mtime_ns, st.st_size]


def schema_stamp(sets: Iterable[Migrations], plugin_key: str) -> str | None:
    """The stamp for these migration sets (see the module docstring); None when a migration's
    file cannot be told (then every start checks)."""
    files: set[str] = set()
    names = []
    for migration_set in sets:
        migrations = getattr(migration_set, "_migrations", None)
        if migrations is None:  # another sqlite_utils: no stamp, always check
            return None
        for migration in migrations:
            code = getattr(migration.fn, "__code__", None)
            if code is None or not os.path.isfile(code.co_filename):
                return None
            files.add(code.co_filename)
            names.append(f"{migration_set.name}:{migration.name}")
    states = [_file_state(f) for f in sorted(files)]
    if any(state is None for state in states):
        return None
    return json.dumps({"plugins": plugin_key, "migrations": names, "files": states})


def _stamp_holds(conn: sqlite3.Connection, plugin_key: str) -> bool:
    """Does the stored stamp name these plugins and files that are all unchanged?"""
    try:
        row = conn.execute(f"SELECT stamp FROM {STAMP_TABLE} WHERE id = 1").fetchone()
    except sqlite3.Error:  # no stamp yet
        return False
    if row is None:
        return False
    try:
        stamp = json.loads(row[0])
        files = stamp["files"]
        return stamp["plugins"] == plugin_key and all(
            _file_state(path) == [path, mtime, size] for path, mtime, size in files
        )
    except (ValueError, KeyError, TypeError):
        return False


class Store:
    """One connection to a workspace file, with the write discipline every service uses."""

    def __init__(
        self,
        path: str | Path,
        *,
        migration_sets: Iterable[Migrations] | Callable[[], Iterable[Migrations]] = (),
        plugin_key: Callable[[], str | None] | None = None,
    ):
        """Open ``path`` and bring its schema up to date with the core's migrations and
        ``migration_sets`` (or what that callable returns, called only when the schema stamp
        for ``plugin_key()`` does not hold; without a key the sets are always checked)."""
        self.path = Path(path)
        self.memory = str(path) == ":memory:"
        self.conn = _connect(path)
        if not self.memory:
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":  # pragma: no cover - only on odd filesystems
                raise BusyError(f"{self.path}: could not switch to WAL (got {mode})")
        self._db: Database | None = None
        self.backup_path: Path | None = None
        # Change events raised inside a transaction wait here until it commits.
        self.pending_events: list = []
        self.dispatch = None  # set by the workspace: called with each event after commit
        self.checked_migrations = False  # False: the schema stamp held, nothing was checked
        key = plugin_key() if plugin_key is not None and not self.memory else None
        if key is not None and _stamp_holds(self.conn, key):
            return
        from stadstafel.migrations import core

        sets = [core, *(migration_sets() if callable(migration_sets) else migration_sets)]
        self.migrate(sets)
        self.checked_migrations = True
        if key is not None:
            # A plugin whose migrations were refused was switched off meanwhile: no stamp, so
            # the next start checks it again instead of trusting the plugins it saw before.
            self._write_stamp(schema_stamp(sets, key) if plugin_key() == key else None)

    @property
    def db(self) -> Database:
        """``sqlite_utils.Database`` on this connection (imported on first use)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    def _write_stamp(self, stamp: str | None) -> None:
        with self.write_lock() as conn:
            conn.execute(
                f"CREATE TABLE IF NOT EXISTS {STAMP_TABLE}"
                " (id INTEGER PRIMARY KEY CHECK (id = 1), stamp TEXT NOT NULL)"
            )
            if stamp is None:
                conn.execute(f"DELETE FROM {STAMP_TABLE}")
            else:
                conn.execute(
                    f"INSERT INTO {STAMP_TABLE} (id, stamp) VALUES (1, ?)"
                    " ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp"
                    " WHERE stamp IS NOT excluded.stamp",
                    [stamp],
                )

    # -- schema -------------------------------------------------------------------------
    def migrate(self, sets: Iterable[Migrations]) -> list[tuple[str, str]]:
        """Apply pending migrations; back the file up first when it already holds data."""
        sets = list(sets)
        pending = _pending(self.db, sets)
        if not pending:
            return []
        if not self.memory and _has_user_data(self.db):
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            target = self.path.with_name(f"{self.path.stem}.pre-migrate-{stamp}{self.path.suffix}")
            self.backup(target)
            self.backup_path = target
        for migration_set in sets:
            self._apply_with_retry(migration_set)
        return [(s.name, name) for s, name in pending]

    def _apply_with_retry(self, migration_set: Migrations) -> None:
        for attempt in range(WRITE_ATTEMPTS):
            try:
                migration_set.apply(self.db)
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if attempt == WRITE_ATTEMPTS - 1:
                    raise BusyError(t("busy")) from exc
                time.sleep(0.05 + random.random() * 0.1)

    # -- transactions ---------------------------------------------------------------------
    @contextlib.contextmanager
    def write_lock(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, retried while other writers hold the lock.

        Everything inside runs in one transaction: it is stored whole or not at all.
        """
        if self.conn.in_transaction:  # nested: the outer block owns the transaction
            yield self.conn
            return
        for attempt in range(WRITE_ATTEMPTS):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if attempt == WRITE_ATTEMPTS - 1:
                    raise BusyError(t("busy")) from exc
                time.sleep(0.02 + random.random() * 0.08)
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            self.pending_events.clear()
            raise
        else:
            self.conn.execute("COMMIT")
            events, self.pending_events = self.pending_events, []
            if self.dispatch is not None:
                for event in events:
                    self.dispatch(event)

    # -- reading --------------------------------------------------------------------------
    def query(self, sql: str, params: Iterable | dict = ()) -> list[dict]:
        cursor = self.conn.execute(sql, params if isinstance(params, dict) else tuple(params))
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def query_one(self, sql: str, params: Iterable | dict = ()) -> dict | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Iterable | dict = ()):
        row = self.conn.execute(sql, params if isinstance(params, dict) else tuple(params))
        found = row.fetchone()
        return found[0] if found else None

    def data_version(self) -> int:
        """Changes when *another* connection commits: screens poll this to refresh."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    # -- maintenance ----------------------------------------------------------------------
    def backup(self, dest: str | Path, *, force: bool = False) -> Path:
        """An online, consistent copy (mode 0600) while others keep working; see
        ``stadstafel.backup``. A folder as ``dest`` gets a time-stamped file name. Callers
        check rights and confine the path (``Maintenance.backup``)."""
        from stadstafel.backup import copy_database, default_name

        dest = Path(dest)
        if dest.is_dir():
            dest = dest / default_name(self.path)
        return copy_database(self.conn, dest, force=force)

    def integrity_check(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]

    def close(self) -> None:
        self.conn.close()
