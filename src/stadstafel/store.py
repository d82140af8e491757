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
import itertools
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from stadstafel import clock
from stadstafel.errors import BusyError, DatabaseError, StadstafelError, ValidationError
from stadstafel.i18n import t
from stadstafel.textsafe import search_text

if TYPE_CHECKING:  # imported when a check runs (see the module docstring)
    from sqlite_utils import Database, Migrations

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
WRITE_ATTEMPTS = 40  # migrations' retries (sqlite_utils' own transactions)
# Waiting for the write lock (``Store._begin``): tries this often, with jitter. SQLite's own
# busy handler sleeps 1, 2, 5, … up to 100 ms between tries, so under 20 writers whoever has
# waited longest tries least often and the last few waited seconds; short, even tries keep
# the wait near the time the writers ahead of it hold the lock.
BEGIN_RETRY_SECONDS = (0.0005, 0.002)
# WAL frames are copied back into the database (a checkpoint) by a thread of the store with
# its own connection, at most this often after a commit, so that the save that fills the WAL
# (SQLite's automatic checkpoint) is rare and does not wait for the copy and its sync.
CHECKPOINT_INTERVAL_SECONDS = 0.5
# A long write (an import) is stored in transactions of this many items (``write_batches``),
# with a pause between them in which the writers that wait take their turn.
BATCH_ROWS = 100
# An import of at most this many items is stored in one transaction (``write_batches`` with
# ``whole_up_to``): all or nothing even when a row fails only while it is stored.
WHOLE_IMPORT_ROWS = 2000
BATCH_PAUSE_SECONDS = 0.002
#: A writer whose last turn at the write gate was this long (a long write's batch) comes
#: back giving way: finding the gate free while others wait, it lets them go first, for up
#: to GIVE_WAY_SECONDS.
LONG_TURN_SECONDS = 0.01
GIVE_WAY_SECONDS = 0.01
#: Rows a cursor hands over at a time to a listing read whole (``Store.batches``).
FETCH_ROWS = 500
WRITE_WAIT_SECONDS = 30.0  # at most this long for the write lock (commands, start-up)
SQLITE_HEADER = b"SQLite format 3\x00"


def _is_busy(exc: BaseException) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text or "busy" in text


def database_error(exc: BaseException, path: object, *, opening: bool = False) -> StadstafelError:
    """The message a person can act on for an ``sqlite3.Error`` (or ``OSError``) on ``path``.

    A foreign key or other constraint becomes a ``ValidationError``; a lock a ``BusyError``
    (at start-up naming the file and the other process); everything else a ``DatabaseError``
    naming the file and what to do. Never the SQL or the values it carried.
    """
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    where = str(path)
    if isinstance(exc, sqlite3.IntegrityError):
        if "FOREIGN KEY" in text:
            return ValidationError(t("fk_failed"))
        return ValidationError(t("constraint_failed", detail=text.split(":")[0]))
    if _is_busy(exc):
        return BusyError(t("db_locked", path=where) if opening else t("busy"), where)
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        key = "db_readonly"
    elif name.startswith("SQLITE_FULL") or "is full" in text:
        key = "db_full"
    elif name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        key = "db_corrupt"
    elif name == "SQLITE_NOTADB" or "not a database" in text:
        key = "db_not_sqlite"
    elif name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        key = "db_cantopen"
    elif name.startswith("SQLITE_IOERR") or "I/O" in text or isinstance(exc, OSError):
        key = "db_io"
    else:
        key = "db_error"
    detail = getattr(exc, "strerror", None) or text
    return DatabaseError(t(key, path=where, detail=detail), where)


def check_database_file(path: str | Path, *, create: bool = False, writable: bool = True) -> None:
    """Refuse, before SQLite sees it, a database file that would be used wrongly or fail.

    A missing or empty (0-byte) file would silently become a new, empty workspace (a typo,
    an unmounted volume): allowed only with ``create``. Not a regular file (``/dev/null``),
    not SQLite, unreadable, read-only file or folder: a ``DatabaseError`` naming the file
    and what to do. ``:memory:`` is always fine.
    """
    text = str(path)
    if text == ":memory:":
        return
    if "\x00" in text:
        raise DatabaseError(t("db_not_file", path=text.replace("\x00", "\\0")), text)
    file = Path(path)
    folder = file.parent
    try:
        st = os.stat(file)
    except FileNotFoundError:
        if not create:
            raise DatabaseError(t("db_missing", path=text), text) from None
        if not os.access(folder, os.W_OK | os.X_OK):
            raise DatabaseError(t("db_cantopen", path=text), text) from None
        return
    except OSError as exc:
        raise DatabaseError(t("db_unreadable", path=text, reason=_reason(exc)), text) from exc
    import stat

    if not stat.S_ISREG(st.st_mode):
        raise DatabaseError(t("db_not_file", path=text), text)
    if st.st_size == 0:
        if not create:
            raise DatabaseError(t("db_empty", path=text), text)
    else:
        try:
            with open(file, "rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise DatabaseError(t("db_unreadable", path=text, reason=_reason(exc)), text) from exc
        if head != SQLITE_HEADER:
            raise DatabaseError(t("db_not_sqlite", path=text), text)
    if writable and (not os.access(file, os.W_OK) or not os.access(folder, os.W_OK | os.X_OK)):
        raise DatabaseError(t("db_readonly", path=text), text)


def check_file(path: str | Path) -> list[str]:
    """``stadstafel check``: what is wrong with the database file, one line each (empty when
    it is sound). Opens the file read-only and runs no migration, so a damaged or newer file
    can be checked too; a file that cannot be opened at all is one problem."""
    try:
        check_database_file(path, writable=False)
    except DatabaseError as exc:
        return [exc.message]
    uri = Path(path).absolute().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        return [database_error(exc, path, opening=True).message]
    try:
        return _check_connection(conn, path)
    finally:
        conn.close()


def schema_state(path: str | Path, sets: Iterable[Migrations]) -> tuple[list[str], list[str]]:
    """``(newer, pending)`` for ``stadstafel check``: migrations the file records that this
    version does not know (a newer stadstafel wrote it), and migrations it still lacks (the
    next start applies them). Read-only; ``([], [])`` when the file records none at all."""
    uri = Path(path).absolute().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        try:
            rows = conn.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall()
        except sqlite3.OperationalError:
            return [], []
    finally:
        conn.close()
    recorded = {(s, n) for s, n in rows}
    newer: list[str] = []
    pending: list[str] = []
    for migration_set in sets:
        known = [m.name for m in getattr(migration_set, "_migrations", [])]
        newer += [
            f"{s}:{n}" for s, n in sorted(recorded) if s == migration_set.name and n not in known
        ]
        pending += [
            f"{migration_set.name}:{n}" for n in known if (migration_set.name, n) not in recorded
        ]
    return newer, pending


def _check_connection(conn: sqlite3.Connection, path: object) -> list[str]:
    problems: list[str] = []
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        problems += [str(row[0]) for row in rows if row[0] != "ok"]
        for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(t("fk_dangling", table=table, rowid=rowid, parent=parent))
    except sqlite3.Error as exc:
        problems.append(database_error(exc, path, opening=True).message)
    return problems


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


CACHED_STATEMENTS = 32
# A connection of ``Store.reading`` keeps at most this many KiB of database pages: it reads a
# few counts (the home screen's cards) and is closed; SQLite's default of 2,000 KiB filled up
# on the large workspace and stayed in the process's peak memory.
READING_PAGE_CACHE_KIB = 512


def _connect(path: str | Path) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves, so a write
    # transaction takes the write lock up front and never fails half-way on upgrade.
    # cached_statements: the module keeps 128 prepared statements by default; a session of the
    # terminal UI prepares more than a hundred different ones (each list, filter and search),
    # 0.5 MiB of SQLite memory that only a repeat of the same statement soon after uses.
    conn = sqlite3.connect(
        str(path),
        isolation_level=None,
        check_same_thread=False,
        timeout=0,
        cached_statements=CACHED_STATEMENTS,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    # Under WAL, NORMAL syncs at checkpoints, not at every commit: a commit is a write to the
    # WAL, not a wait for the disk while holding the write lock. The file stays consistent
    # after any crash; a power cut may lose the last commits, never corrupt the file.
    conn.execute("PRAGMA synchronous = NORMAL")
    return with_functions(conn)


def with_functions(conn: sqlite3.Connection) -> sqlite3.Connection:
    """``conn`` with the SQL functions the schema calls: a connection of another program
    without them cannot write the tables that are indexed for search (their triggers call
    ``st_words``), as the services are their only writers."""
    # SQL sees the same (freezable) clock as Python: st_today() instead of date('now').
    # Deterministic: like date('now'), one value per statement, worked out once and not for
    # every row (a listing of 100,000 actions called it 100,000 times).
    conn.create_function("st_today", 0, clock.today_text, deterministic=True)
    # The full-text indexes' triggers read stored text as a person sees its words
    # (migrations.rv9_1_search_the_words_seen).
    conn.create_function("st_words", 1, search_text, deterministic=True)
    return conn


def _has_user_data(db: Database) -> bool:
    return any(
        not name.startswith(("_sqlite", "sqlite_", STAMP_TABLE)) for name in db.table_names()
    )


def _pending(db: Database, sets: Iterable[Migrations]) -> list[tuple[Migrations, str]]:
    return [(s, m.name) for s in sets for m in s.pending(db)]


def _unknown_applied(db: Database, sets: Iterable[Migrations]) -> list[str]:
    """Migrations recorded in the file for a set we know, that this version does not have:
    the file was upgraded by a newer stadstafel (or plugin)."""
    unknown = []
    for migration_set in sets:
        known = {m.name for m in getattr(migration_set, "_migrations", [])}
        if not known:
            continue
        unknown += [
            f"{migration_set.name}:{m.name}"
            for m in migration_set.applied(db)
            if m.name not in known
        ]
    return unknown


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
        if stamp["plugins"] != plugin_key or not all(
            _file_state(path) == [path, mtime, size] for path, mtime, size in files
        ):
            return False
        names = set(stamp["migrations"])
    except (ValueError, KeyError, TypeError):
        return False
    # A migration recorded in the file that the stamp does not name (of a set it names) was
    # applied by another version: check, and refuse a newer schema (Store.migrate).
    sets = {name.split(":", 1)[0] for name in names}
    try:
        recorded = conn.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall()
    except sqlite3.Error:
        return False
    return all(f"{s}:{n}" in names for s, n in recorded if s in sets)


class Store:
    """One connection to a workspace file, with the write discipline every service uses."""

    def __init__(
        self,
        path: str | Path,
        *,
        migration_sets: Iterable[Migrations] | Callable[[], Iterable[Migrations]] = (),
        plugin_key: Callable[[], str | None] | None = None,
        reading: bool = False,
    ):
        """Open ``path`` and bring its schema up to date with the core's migrations and
        ``migration_sets`` (or what that callable returns, called only when the schema stamp
        for ``plugin_key()`` does not hold; without a key the sets are always checked).
        ``reading``: see ``Store.reading``."""
        self.read_only = reading
        self.path = Path(path)
        self.memory = str(path) == ":memory:"
        self.write_wait = WRITE_WAIT_SECONDS
        self.busy_timeout_ms = BUSY_TIMEOUT_MS
        self.begin_retries = 0  # how often a write waited for another writer's lock
        self._checkpointer: Checkpointer | None = None
        self.gate: WriteGate | None = None
        if "\x00" in str(path):
            raise DatabaseError(t("db_not_file", path=str(path).replace("\x00", "\\0")))
        try:
            self.conn = _connect(path)
        except sqlite3.Error as exc:
            raise database_error(exc, self.path, opening=True) from None
        try:
            self._open(migration_sets, plugin_key)
        except BaseException as exc:
            self.conn.close()
            if isinstance(exc, sqlite3.Error | OSError):
                raise database_error(exc, self.path, opening=True) from None
            if type(exc) is BusyError:  # the write lock at start: name the file
                raise BusyError(t("db_locked", path=self.path), self.path) from None
            raise

    def _open(
        self,
        migration_sets: Iterable[Migrations] | Callable[[], Iterable[Migrations]],
        plugin_key: Callable[[], str | None] | None,
    ) -> None:
        if self.read_only:
            self.conn.execute("PRAGMA query_only = ON")
        elif not self.memory:
            # Read the header first: a file that is not SQLite fails here, not half-way.
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":  # pragma: no cover - only on odd filesystems
                raise DatabaseError(t("db_error", path=self.path, detail=f"journal mode {mode}"))
            # SQLite's own checkpoint (when a commit leaves 1,000 pages in the WAL) stays, as
            # a bound for long runs of writes; in ordinary use the checkpointer's come first.
            self.gate = WriteGate.beside(self.path)
        self._db: Database | None = None
        self.backup_path: Path | None = None
        # Change events raised inside a transaction wait here until it commits.
        self.pending_events: list = []
        self._savepoints = itertools.count(1)
        self._last_turn = 0.0  # how long this store's last turn at the gate was held
        self.dispatch = None  # set by the workspace: called with each event after commit
        self.checked_migrations = False  # False: the schema stamp held, nothing was checked
        if self.read_only:
            return
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

    @classmethod
    def reading(cls, path: str | Path) -> Store:
        """A second connection to a workspace file that a Store opened (and migrated) in this
        process, for a thread that reads beside it: nothing is checked or migrated, and it
        cannot write (``PRAGMA query_only``: a write raises, nothing is changed)."""
        store = cls(path, reading=True)
        store.set_page_cache(READING_PAGE_CACHE_KIB)
        return store

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
        newer = _unknown_applied(self.db, sets)
        if newer:
            raise DatabaseError(t("db_newer", path=self.path, names=", ".join(newer)), self.path)
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
        deadline = time.monotonic() + self.write_wait
        for attempt in range(WRITE_ATTEMPTS):
            try:
                migration_set.apply(self.db)
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or attempt == WRITE_ATTEMPTS - 1:
                    raise
                if time.monotonic() >= deadline:
                    raise
                import random  # here: a busy database only (0.8 ms of every command)

                time.sleep(0.05 + random.random() * 0.1)

    # -- transactions ---------------------------------------------------------------------
    def set_patience(self, busy_timeout_ms: int, write_wait: float) -> None:
        """How long a statement waits for a lock (SQLite's busy timeout) and how long
        ``write_lock`` keeps trying for the write lock before it raises ``BusyError``.

        Commands wait long (``BUSY_TIMEOUT_MS``, ``WRITE_WAIT_SECONDS``); the terminal UI
        waits briefly on its own thread and lets the screen retry visibly (see
        ``docs/architecture.md``, "Faults")."""
        self.busy_timeout_ms = int(busy_timeout_ms)
        self.conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
        self.write_wait = write_wait

    def set_page_cache(self, kib: int) -> None:
        """At most ``kib`` KiB of database pages kept in this connection's memory (SQLite's
        default is 2,000 KiB, filled by opening the file on a large workspace). Pages beyond it
        are read again from the system's file cache when needed; a smaller limit frees what
        the cache holds above it at once."""
        self.conn.execute(f"PRAGMA cache_size = -{max(1, int(kib))}")

    def release_memory(self) -> None:
        """Give back what this connection holds between uses: its page cache (``PRAGMA
        shrink_memory``: the pages are read again from the system's file cache by the next
        statements that need them, at most the cache's size of them, ``set_page_cache``) and
        its prepared statements (the ``sqlite3`` module keeps the last ``CACHED_STATEMENTS``,
        a search's about 10 KiB each, and has no call to forget them: as many statements of
        one constant each push them out; a statement used again is prepared again). A
        failure is nothing to report: the memory is kept until the next time."""
        with contextlib.suppress(sqlite3.Error):
            for n in range(CACHED_STATEMENTS):
                self.conn.execute(f"SELECT {n}")
            self.conn.execute("PRAGMA shrink_memory")

    def _begin(self) -> None:
        """``BEGIN IMMEDIATE``, tried every 0.5-2 ms until ``write_wait`` has passed (see
        ``BEGIN_RETRY_SECONDS``): SQLite's busy handler is off while it tries (6 µs)."""
        deadline = time.monotonic() + self.write_wait
        self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.Error as exc:
                    if not _is_busy(exc):
                        raise database_error(exc, self.path) from None
                    if time.monotonic() >= deadline:
                        raise BusyError(t("busy"), self.path) from None
                self.begin_retries += 1
                import random

                time.sleep(random.uniform(*BEGIN_RETRY_SECONDS))
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")

    def _rollback(self) -> None:
        # SQLite may have rolled back already (a full disk, an I/O error): then nothing to do.
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, retried while other writers hold the lock.

        Everything inside runs in one transaction: it is stored whole or not at all. An
        ``sqlite3.Error`` inside or at the commit (a foreign key, a read-only file, a full
        disk, a lock) rolls the whole transaction back and is raised as a ``StadstafelError``
        with a plain message (``database_error``).
        """
        if self.conn.in_transaction:  # nested: the outer block owns the transaction
            yield self.conn
            return
        turn = None
        if self.gate is not None:
            # After a long turn (a batch of an import, of generated data) a writer gives way
            # to those that wait: a save waits behind one batch, not behind batch after batch.
            came_back = self._last_turn >= LONG_TURN_SECONDS
            turn = self.gate.enter(self.write_wait, came_back=came_back)
        if turn is False:
            raise BusyError(t("busy"), self.path)
        taken = time.monotonic()
        try:
            events = yield from self._transaction()
        finally:
            if turn is not None:
                self.gate.leave(turn)
                self._last_turn = time.monotonic() - taken
        # After the turn is given back: the next writer does not wait for what the
        # committed change sets off here (plugins' on_change, the screens that listen), and
        # a listener that writes takes a turn of its own instead of waiting on this one.
        if not self.memory:
            if self._checkpointer is None:
                self._checkpointer = Checkpointer(self.path)
            self._checkpointer.wake()
        if self.dispatch is not None:
            for event in events:
                self.dispatch(event)

    def _transaction(self) -> Generator[sqlite3.Connection, None, list]:
        """BEGIN … COMMIT around the block; gives back the change events it committed."""
        self._begin()
        try:
            yield self.conn
        except BaseException as exc:
            self._rollback()
            self.pending_events.clear()
            if isinstance(exc, sqlite3.Error):
                raise database_error(exc, self.path) from None
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            self.pending_events.clear()
            raise database_error(exc, self.path) from None
        events, self.pending_events = self.pending_events, []
        return events

    def write_batches(
        self,
        items: Sequence[T],
        write: Callable[[Sequence[T]], object],
        *,
        size: int = BATCH_ROWS,
        keep: bool = True,
        whole_up_to: int = 0,
    ) -> None:
        """``write(batch)`` for each batch of ``size`` of ``items``, each batch in its own
        transaction, with a short pause between two: a long import holds the write lock one
        batch at a time, and whoever saves meanwhile waits for one batch, not for all of it.
        With ``keep=False`` every batch is undone after it ran (a check pass: run it all, see
        what fails, keep nothing). Inside a transaction the batches are part of it; so are
        they when there are at most ``whole_up_to`` items: one transaction, all or nothing."""
        size = max(1, size)
        if keep and len(items) <= whole_up_to and not self.conn.in_transaction:
            with self.write_lock():
                self.write_batches(items, write, size=size)
            return
        for start in range(0, len(items), size):
            if start and not self.conn.in_transaction:
                time.sleep(BATCH_PAUSE_SECONDS)
            batch = items[start : start + size]
            if keep:
                with self.write_lock():
                    write(batch)
                continue
            with contextlib.suppress(_Undo), self.savepoint():
                write(batch)
                raise _Undo

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[sqlite3.Connection]:
        """A savepoint inside the current (or a new) transaction: when the block raises, what
        it wrote and the change events it queued are undone and the error goes on; the outer
        transaction continues."""
        with self.write_lock() as conn:
            name = f"sp_{next(self._savepoints)}"
            mark = len(self.pending_events)
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield conn
            except BaseException:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
                del self.pending_events[mark:]
                raise
            else:
                conn.execute(f"RELEASE {name}")

    # -- reading --------------------------------------------------------------------------
    def _execute(self, sql: str, params: Iterable | dict) -> sqlite3.Cursor:
        try:
            return self.conn.execute(sql, params if isinstance(params, dict) else tuple(params))
        except sqlite3.Error as exc:
            raise database_error(exc, self.path) from None

    def query(self, sql: str, params: Iterable | dict = ()) -> list[dict]:
        cursor = self._execute(sql, params)
        names = [d[0] for d in cursor.description or ()]
        try:
            rows = cursor.fetchall()
        except sqlite3.Error as exc:
            raise database_error(exc, self.path) from None
        return [dict(zip(names, row, strict=True)) for row in rows]

    def each(
        self, sql: str, params: Iterable | dict = (), *, fetch: int | None = None
    ) -> Iterator[dict]:
        """The rows of ``sql`` one by one from a cursor, ``fetch`` at a time: a caller that
        writes each as it comes holds a few hundred, however many there are."""
        for names, batch in self.batches(sql, params, fetch=fetch):
            for row in batch:
                yield dict(zip(names, row, strict=True))

    def batches(
        self, sql: str, params: Iterable | dict = (), *, fetch: int | None = None
    ) -> Iterator[tuple[list[str], list[tuple]]]:
        """``(column names, up to fetch rows as tuples)`` from a cursor (FETCH_ROWS when
        not given): ``each`` without a dict per row, for a caller that handles a batch at
        once."""
        fetch = fetch or FETCH_ROWS
        cursor = self._execute(sql, params)
        names = [d[0] for d in cursor.description or ()]
        while True:
            try:
                batch = cursor.fetchmany(fetch)
            except sqlite3.Error as exc:
                raise database_error(exc, self.path) from None
            if not batch:
                return
            yield names, batch

    def projected(self, sql: str, params: Iterable | dict, columns: frozenset[str] | None) -> str:
        """``sql`` giving only its columns named in ``columns`` (all when None), in its
        order: ``SELECT "a", "b" FROM (sql)``, which SQLite flattens into one statement that
        reads, joins and sorts no more than those columns and keeps the inner ORDER BY. The
        columns are looked up with ``LIMIT 0`` (nothing is read or sorted for that)."""
        if columns is None:
            return sql
        names = [d[0] for d in self._execute(f"SELECT * FROM ({sql}) LIMIT 0", params).description]
        keep = [name for name in names if name in columns]
        if len(keep) == len(names) or not keep or len(set(names)) < len(names):
            return sql  # nothing to leave out, or a name twice (which one would be meant?)
        quoted = ", ".join('"' + name.replace('"', '""') + '"' for name in keep)
        return f"SELECT {quoted} FROM ({sql})"

    def query_one(self, sql: str, params: Iterable | dict = ()) -> dict | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Iterable | dict = ()):
        try:
            found = self._execute(sql, params).fetchone()
        except sqlite3.Error as exc:
            raise database_error(exc, self.path) from None
        return found[0] if found else None

    def data_version(self) -> int:
        """Changes when *another* connection commits: screens poll this to refresh."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def references(self, table: str) -> list[tuple[str, str]]:
        """``(child_table, column)`` of every foreign key that points at ``table`` and stops
        a delete (no ``ON DELETE CASCADE`` or ``SET NULL``); plugins' tables included. Read
        from the schema, again whenever it changed."""
        version = self.conn.execute("PRAGMA schema_version").fetchone()[0]
        if getattr(self, "_references_version", None) != version:
            found: dict[str, list[tuple[str, str]]] = {}
            names = [
                row[0]
                for row in self.conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%'"
                )
            ]
            for child in names:
                quoted = child.replace('"', '""')
                for fk in self.conn.execute(f'PRAGMA foreign_key_list("{quoted}")'):
                    parent, column, on_delete = fk[2], fk[3], str(fk[6]).upper()
                    if on_delete in ("NO ACTION", "RESTRICT"):
                        found.setdefault(parent, []).append((child, column))
            self._references = found
            self._references_version = version
        return list(self._references.get(table, []))

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

    def check(self) -> list[str]:
        """Every problem ``PRAGMA integrity_check`` and ``foreign_key_check`` find, one line
        each; empty when the file is sound."""
        return _check_connection(self.conn, self.path)

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
            # What this store wrote since the last checkpoint, copied back now: a command
            # that wrote and ends leaves no WAL for others to carry.
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        self.conn.close()


class _Undo(Exception):
    """Raised to undo a batch of a check pass (``Store.write_batches``)."""


class WriteGate:
    """Writers of one workspace take turns at ``<database>-gate`` (an ``flock``) before
    ``BEGIN IMMEDIATE``. SQLite's write lock has no queue: whoever tries at the moment it is
    free gets it, so a writer that just committed and writes again wins over those that
    wait, and under 20 busy writers some waited seconds. A blocked ``flock`` is woken by the
    kernel the moment the holder lets go, so the writers that wait are the ones that get it.

    The kernel wakes the waiters but does not hand the turn over: a writer that comes
    straight back for its next turn (a long write's next batch) would often take it again
    before a woken waiter runs, and a save waited behind batch after batch (up to 0.6 s
    behind a woningbouw import's check on the large workspace). So a writer holds a shared
    ``flock`` on ``<database>-gate-queue`` while it waits, and one that comes back
    (``enter(came_back=True)``) and finds the gate free while someone waits gives way for up
    to GIVE_WAY_SECONDS: the waiters go first.

    Without the files (a folder we cannot write to) there is no gate and ``Store._begin``'s
    retries alone decide. A process that dies lets go of its turn with its descriptors."""

    def __init__(self, path: str, queue: str | None = None):
        self.path = path
        self.queue = queue  # None: no giving way (the file could not be made)

    @classmethod
    def beside(cls, database: Path) -> WriteGate | None:
        path, queue = f"{database}-gate", f"{database}-gate-queue"
        try:
            mode = os.stat(database).st_mode & 0o666
            os.close(os.open(path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, mode))
        except OSError:
            return None
        try:
            os.close(os.open(queue, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, mode))
        except OSError:
            queue = None
        return cls(path, queue)

    def enter(self, patience: float, *, came_back: bool = False) -> int | bool | None:
        """Wait up to ``patience`` seconds for the turn: its descriptor (give it back with
        ``leave``), False when the wait ran out, None when the file cannot be opened (then
        go without the gate). A writer that ``came_back`` (see ``Store.write_lock``) lets
        those that wait go first."""
        import fcntl

        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            return None
        give_way_until = time.monotonic() + (min(GIVE_WAY_SECONDS, patience) if came_back else 0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                break
            except OSError:
                os.close(fd)
                return None
            if time.monotonic() >= give_way_until or not self._someone_waits():
                return fd
            fcntl.flock(fd, fcntl.LOCK_UN)  # a woken waiter has not taken it yet: let it
            os.sched_yield()
        # Wait on a thread of its own, so that the wait can end at ``patience``: a turn
        # that comes after that is given back at once.
        got = threading.Event()
        guard = threading.Lock()
        abandoned = []
        waiting = self._mark_waiting()

        def wait() -> None:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_EX)
            if waiting is not None:
                os.close(waiting)
            with guard:
                if abandoned:
                    os.close(fd)
                else:
                    got.set()

        threading.Thread(target=wait, name="stadstafel-gate", daemon=True).start()
        if got.wait(patience):
            return fd
        with guard:
            if got.is_set():
                return fd
            abandoned.append(True)
        return False

    def _queue_lock(self, how: int) -> int | bool | None:
        """The queue file's descriptor with an ``flock`` of ``how`` on it; False when that
        would block (``LOCK_NB``), None without the file."""
        import fcntl

        try:
            fd = os.open(self.queue, os.O_RDONLY | os.O_CLOEXEC) if self.queue else None
        except OSError:
            return None
        if fd is None:
            return None
        try:
            fcntl.flock(fd, how)
        except BlockingIOError:
            os.close(fd)
            return False
        except OSError:
            os.close(fd)
            return None
        return fd

    def _mark_waiting(self) -> int | None:
        """A shared ``flock`` on the queue file for as long as this writer waits."""
        import fcntl

        mark = self._queue_lock(fcntl.LOCK_SH)
        return mark if type(mark) is int else None  # a blocking lock is never False

    def _someone_waits(self) -> bool:
        """A waiter's shared lock is on the queue file."""
        import fcntl

        probe = self._queue_lock(fcntl.LOCK_EX | fcntl.LOCK_NB)
        if type(probe) is int:  # (not a bool) nobody waits
            os.close(probe)  # and with it the probe's lock
        return probe is False

    def leave(self, fd: int) -> None:
        os.close(fd)  # the last descriptor of the open file: the flock goes with it


class Checkpointer:
    """Copies the WAL back into the database (``PRAGMA wal_checkpoint(PASSIVE)``) on a
    thread of its own with its own connection, at most every ``CHECKPOINT_INTERVAL_SECONDS``
    after a commit woke it. A passive checkpoint never waits for a lock and never holds up a
    writer or a reader; what it cannot copy yet (a reader still needs it) a later one does.
    ``count`` is how many it ran."""

    def __init__(self, path: Path):
        self.path = path
        self.count = 0
        self._wanted = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stadstafel-checkpoint", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wanted.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wanted.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        except sqlite3.Error:  # pragma: no cover - the store itself just opened the file
            return
        try:
            conn.execute("PRAGMA busy_timeout = 0")
            while True:
                self._wanted.wait()
                if self._stopping.is_set():
                    return
                self._wanted.clear()
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    self.count += 1
                if self._stopping.wait(CHECKPOINT_INTERVAL_SECONDS):
                    return
        finally:
            conn.close()
