"""The store: WAL, foreign keys, migrations on fresh and older files, backup."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database
from support import make_config

from stadstafel.migrations import core
from stadstafel.store import Store
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
