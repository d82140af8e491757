"""The store: WAL, foreign keys, migrations on fresh and older files, backup."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database
from support import make_config

from stadstafel.migrations import core
from stadstafel.store import CACHED_STATEMENTS, Store
from stadstafel.workspace import Workspace


def test_fresh_database_pragmas_and_schema(tmp_path):
    store = Store(tmp_path / "ws.db")
    try:
        assert store.scalar("PRAGMA journal_mode") == "wal"
        assert store.scalar("PRAGMA foreign_keys") == 1
        assert store.scalar("PRAGMA busy_timeout") == 5000
        applied = [m.name for m in core.applied(store.db)]
        assert applied == [m.name for m in core._migrations]
        assert store.backup_path is None  # nothing to back up in a new file
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute("INSERT INTO people (name, organisation_id) VALUES ('x', 999)")
    finally:
        store.close()


def test_older_database_is_backed_up_then_migrated(tmp_path):
    path = tmp_path / "old.db"
    db = Database(path)
    core.apply(db, stop_before="m002_indexes")  # a database from before the later migrations
    db["organisations"].insert({"name": "Portaal", "kind": "woningcorporatie", "version": 1})
    db.close()

    store = Store(path)
    try:
        assert store.backup_path is not None and store.backup_path.exists()
        assert store.backup_path.name.startswith("old.pre-migrate-")
        old = sqlite3.connect(store.backup_path)
        assert old.execute("SELECT name FROM organisations").fetchall() == [("Portaal",)]
        names = {r[0] for r in old.execute("SELECT name FROM _sqlite_migrations")}
        assert names == {"m001_core_tables"}
        old.close()
        assert [m.name for m in core.pending(store.db)] == []
        # the search index migration indexed the existing row
        assert (
            store.scalar(
                "SELECT count(*) FROM organisations_fts WHERE organisations_fts MATCH 'portaal'"
            )
            == 1
        )
    finally:
        store.close()


def test_reopening_a_current_database_migrates_nothing(tmp_path):
    path = tmp_path / "ws.db"
    Store(path).close()
    store = Store(path)
    try:
        assert store.backup_path is None
        assert store.migrate([core]) == []
    finally:
        store.close()


def test_write_lock_is_all_or_nothing(tmp_path):
    store = Store(tmp_path / "ws.db")
    try:
        with pytest.raises(RuntimeError), store.write_lock():
            store.conn.execute("INSERT INTO organisations (name, kind) VALUES ('A', 'overig')")
            raise RuntimeError("half-way")
        assert store.scalar("SELECT count(*) FROM organisations") == 0
    finally:
        store.close()


def test_online_backup_while_another_connection_writes(tmp_path, frozen):
    path = tmp_path / "ws.db"
    writer = Workspace.open(make_config(path), login="a")
    reader = Workspace.open(make_config(path), login="b")
    try:
        for i in range(50):
            writer.organisations.create(name=f"Org {i}", kind="overig")
        writer.store.conn.execute("BEGIN IMMEDIATE")  # a writer holds the lock mid-transaction
        writer.store.conn.execute("INSERT INTO organisations (name, kind) VALUES ('x', 'overig')")
        dest = reader.store.backup(tmp_path / "copies")
        writer.store.conn.execute("COMMIT")
        copy = sqlite3.connect(dest)
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM organisations").fetchone()[0] == 50
        copy.close()
    finally:
        writer.close()
        reader.close()


def test_data_version_changes_when_another_session_commits(tmp_path, frozen):
    path = tmp_path / "ws.db"
    one = Workspace.open(make_config(path), login="a")
    two = Workspace.open(make_config(path), login="b")
    try:
        before = two.store.data_version()
        one.organisations.create(name="Nieuw", kind="overig")
        assert two.store.data_version() != before
    finally:
        one.close()
        two.close()


# -- the schema stamp: no migration check while nothing that decides the schema changed -----


def _sets_asked(counter: list):
    """A ``migration_sets`` callable that counts how often the store asked for the sets."""

    def sets():
        counter.append(1)
        return []

    return sets


def test_the_schema_stamp_skips_the_check_until_something_changes(tmp_path):
    path, asked = tmp_path / "ws.db", []

    def open_store(key: str) -> Store:
        return Store(path, migration_sets=_sets_asked(asked), plugin_key=lambda: key)

    open_store("plugins-a").close()  # a new file: checked and migrated, then stamped
    assert len(asked) == 1
    store = open_store("plugins-a")  # same plugins, same files: nothing asked or checked
    assert (len(asked), store.checked_migrations) == (1, False)
    store.close()
    open_store("plugins-b").close()  # another set of plugins: the full check again
    assert len(asked) == 2
    open_store("plugins-b").close()
    assert len(asked) == 2

    # An edited (or upgraded) migration file: its size or time differs from the stamp's.
    stamped = sqlite3.connect(path).execute("SELECT stamp FROM _stadstafel_schema_stamp").fetchone()
    assert "migrations.py" in stamped[0]
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE _stadstafel_schema_stamp SET stamp = json_replace(stamp, '$.files[0][1]', 1)"
    )
    conn.commit()
    conn.close()
    store = open_store("plugins-b")
    assert (len(asked), store.checked_migrations) == (3, True)
    assert [m.name for m in core.pending(store.db)] == []
    store.close()


def test_no_stamp_when_a_plugin_was_switched_off_during_the_check(tmp_path):
    """A plugin whose migrations were refused is off after the check: the next start must
    check again rather than trust the plugins it saw before."""
    path, keys = tmp_path / "ws.db", iter(["with-plugin", "without-plugin"])
    Store(path, plugin_key=lambda: next(keys)).close()
    asked: list = []
    store = Store(path, migration_sets=_sets_asked(asked), plugin_key=lambda: "with-plugin")
    assert (len(asked), store.checked_migrations) == (1, True)
    store.close()


def test_a_workspace_reopened_with_the_same_plugins_does_not_check(tmp_path):
    from stadstafel.plugins import PluginHost

    config = make_config(tmp_path / "ws.db")
    config.plugins = None
    host = PluginHost(config)
    host.load()
    first = Workspace.open(config, login="jan", plugins=host)
    assert first.store.checked_migrations
    first.close()
    again = Workspace.open(config, login="jan", plugins=host)
    try:
        assert not again.store.checked_migrations
        assert again.organisations.list().total == 0  # and the schema is all there
    finally:
        again.close()


def test_release_memory_gives_back_the_page_cache_and_the_statements(tmp_path):
    """``Store.release_memory`` frees what the connection's page cache holds (SQLite's own
    memory, read through the library the ``sqlite3`` module links), and the pages are read
    again by the next statement, which gives the same answer."""
    ctypes = pytest.importorskip("ctypes")
    try:
        with open("/proc/self/maps", encoding="ascii", errors="replace") as maps:
            if "libsqlite3.so" not in maps.read():  # the module has SQLite built in
                pytest.skip("the sqlite3 module does not link SQLite's shared library")
        lib = ctypes.CDLL("libsqlite3.so.0")
        lib.sqlite3_memory_used.restype = ctypes.c_int64
    except (OSError, AttributeError):
        pytest.skip("SQLite is not a shared library here")
    store = Store(tmp_path / "ws.db")
    try:
        store.set_page_cache(512)
        # written on a connection of its own: a commit of the store's would start its
        # checkpointer, whose connection's memory SQLite's count would take in meanwhile
        other = sqlite3.connect(tmp_path / "ws.db")
        with other:
            other.execute("CREATE TABLE filler (t TEXT)")
            other.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 1000)
        other.close()
        count = "SELECT count(*), sum(length(t)) FROM filler"
        before = store.conn.execute(count).fetchone()
        full = lib.sqlite3_memory_used()
        store.release_memory()
        released = lib.sqlite3_memory_used()
        assert full - released > 100 * 1024  # ~125 pages of 4 KiB were held
        assert store.conn.execute(count).fetchone() == before == (1000, 500_000)
        assert lib.sqlite3_memory_used() > released + 100 * 1024  # read again
        # The prepared statements the sqlite3 module keeps (a long one each) go too
        store.set_page_cache(1)
        store.release_memory()
        empty = lib.sqlite3_memory_used()
        cases = " ".join(f"WHEN t = '{n}' THEN {n}" for n in range(150))
        for n in range(CACHED_STATEMENTS):
            store.conn.execute(f"SELECT count(CASE {cases} END) + {n} FROM filler").fetchone()
        prepared = lib.sqlite3_memory_used()
        assert prepared - empty > CACHED_STATEMENTS * 5 * 1024  # ~37 KiB each
        store.release_memory()
        assert lib.sqlite3_memory_used() - empty < 20 * 1024
    finally:
        store.close()
