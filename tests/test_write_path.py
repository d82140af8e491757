"""The write path under many writers: no fsync per commit, writers take turns at a gate,
the write lock is retried in short steps, and checkpoints run beside the saves."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time

import pytest

from stadstafel import store as store_module
from stadstafel.errors import BusyError
from stadstafel.store import Store


def _table(store: Store) -> None:
    with store.write_lock() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)")


def _write(store: Store, value: str) -> None:
    with store.write_lock() as conn:
        conn.execute("INSERT INTO t (v) VALUES (?)", [value])


def test_commits_do_not_sync(tmp_path):
    store = Store(tmp_path / "ws.db")
    try:
        assert store.scalar("PRAGMA synchronous") == 1  # NORMAL: under WAL, sync at checkpoints
    finally:
        store.close()


def test_the_checkpointer_runs_after_commits(tmp_path):
    store = Store(tmp_path / "ws.db")
    try:
        _table(store)
        _write(store, "a")
        checkpointer = store._checkpointer
        assert checkpointer is not None
        deadline = time.monotonic() + 10
        while checkpointer.count == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert checkpointer.count >= 1
    finally:
        store.close()
    assert not checkpointer._thread.is_alive()  # close stops it


def test_a_writer_waits_its_turn_at_the_gate(tmp_path):
    path = tmp_path / "ws.db"
    store = Store(path)
    try:
        _table(store)
        assert store.gate is not None and os.path.exists(f"{path}-gate")
        other = os.open(f"{path}-gate", os.O_RDONLY)
        fcntl.flock(other, fcntl.LOCK_EX)  # another process's writer has the turn
        try:
            store.set_patience(100, 0.2)
            with pytest.raises(BusyError):
                _write(store, "too early")
            store.set_patience(5000, 10)
            threading.Timer(0.2, os.close, [other]).start()  # … and ends its transaction
            _write(store, "after the turn")
        except BaseException:
            os.close(other)
            raise
        assert [r["v"] for r in store.query("SELECT v FROM t")] == ["after the turn"]
    finally:
        store.close()


def test_begin_is_retried_in_short_steps_while_another_holds_the_lock(tmp_path, monkeypatch):
    path = tmp_path / "ws.db"
    store = Store(path)
    try:
        _table(store)
        store.gate = None  # a writer outside the gate (another tool, a migration)
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        threading.Timer(0.2, other.execute, ["COMMIT"]).start()
        started = time.monotonic()
        _write(store, "x")
        assert time.monotonic() - started >= 0.15  # it waited for the other's commit
        # tried often, each try brief (not SQLite's busy handler sleeping 100 ms at a time)
        assert store.begin_retries >= 20
        assert store.scalar("PRAGMA busy_timeout") == store_module.BUSY_TIMEOUT_MS
        other.close()
    finally:
        store.close()


def test_a_long_write_in_batches_lets_another_writer_commit_between_them(tmp_path):
    path = tmp_path / "ws.db"
    importer, other = Store(path), Store(path)
    try:
        _table(importer)
        other_done = threading.Event()
        batches: list[int] = []

        def save_meanwhile() -> None:
            _write(other, "saved during the import")
            other_done.set()

        def write(batch) -> None:
            batches.append(len(batch))
            if len(batches) == 1:  # someone saves a form while the first batch is written
                threading.Thread(target=save_meanwhile, daemon=True).start()
                time.sleep(0.05)  # … and waits for the write lock
            if len(batches) == 3:  # two batches later that save is stored, the import not
                assert other_done.wait(5), "the other writer waited for the whole import"
            with importer.write_lock() as conn:  # joins the batch's transaction
                conn.executemany("INSERT INTO t (v) VALUES (?)", [(v,) for v in batch])

        importer.write_batches([f"rij {n}" for n in range(1000)], write, size=200)
        assert batches == [200] * 5
        values = [r["v"] for r in importer.query("SELECT v FROM t ORDER BY id")]
        assert len(values) == 1001 and values.index("saved during the import") in (200, 400)
    finally:
        importer.close()
        other.close()


def test_a_check_pass_undoes_every_batch_and_batches_join_an_outer_transaction(tmp_path):
    store = Store(tmp_path / "ws.db")
    try:
        _table(store)

        def write(batch) -> None:
            store.conn.executemany("INSERT INTO t (v) VALUES (?)", [(v,) for v in batch])

        seen = []
        store.write_batches(list("abcdefg"), lambda b: (write(b), seen.append(len(b))), size=3)
        assert seen == [3, 3, 1]
        store.write_batches(list("xyz"), write, size=2, keep=False)  # checked, not kept
        assert store.scalar("SELECT count(*) FROM t") == 7
        with pytest.raises(ValueError), store.write_lock():
            store.write_batches(list("klm"), write, size=1)
            raise ValueError  # the outer transaction is undone, its batches with it
        assert store.scalar("SELECT count(*) FROM t") == 7
    finally:
        store.close()


def test_what_a_commit_sets_off_runs_after_the_turn_was_given_back(tmp_path):
    """Listeners (plugins' on_change, the screens) run once the gate is free: the next
    writer does not wait for them, and a listener that writes takes a turn of its own
    (inside the turn it waited on itself until its patience ran out)."""
    path = tmp_path / "ws.db"
    store = Store(path)
    heard: list[tuple[str, bool]] = []

    def listener(event: str) -> None:
        probe = os.open(f"{path}-gate", os.O_RDONLY)
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another writer could go now
            free = True
        except BlockingIOError:
            free = False
        finally:
            os.close(probe)
        heard.append((event, free))
        if event == "first":
            with store.write_lock() as conn:
                conn.execute("INSERT INTO t (v) VALUES ('from the listener')")
                store.pending_events.append("second")

    try:
        _table(store)
        store.dispatch = listener
        store.set_patience(50, 0.3)
        with store.write_lock() as conn:
            conn.execute("INSERT INTO t (v) VALUES ('a')")
            store.pending_events.append("first")
        assert heard == [("first", True), ("second", True)]
        assert store.scalar("SELECT count(*) FROM t") == 2
    finally:
        store.close()


def test_a_writer_back_from_a_long_turn_lets_those_waiting_go_first(tmp_path, monkeypatch):
    """The kernel wakes a waiter when the gate is given back but does not hand it over; a
    long write's next batch, coming straight back, gives way while someone waits."""
    monkeypatch.setattr(store_module, "GIVE_WAY_SECONDS", 60.0)  # until the waiter went
    store = Store(tmp_path / "ws.db")
    gate = store.gate
    order: list[str] = []
    asked = threading.Event()
    mark = gate._mark_waiting()  # another writer is waiting for the gate

    def waiter() -> None:
        asked.wait(30)
        other = os.open(gate.path, os.O_RDONLY)
        fcntl.flock(other, fcntl.LOCK_EX)  # woken: it takes its turn
        os.close(mark)  # and is no longer waiting
        order.append("waiter")
        fcntl.flock(other, fcntl.LOCK_UN)
        os.close(other)

    someone_waits = gate._someone_waits

    def watched() -> bool:
        asked.set()  # the writer holds the gate now and asks whether to give way
        return someone_waits()

    monkeypatch.setattr(gate, "_someone_waits", watched)
    thread = threading.Thread(target=waiter)
    thread.start()
    try:
        turn = gate.enter(5.0, came_back=True)
        assert isinstance(turn, int)
        order.append("writer")
        gate.leave(turn)
        asked.set()
        thread.join(30)
        assert order == ["waiter", "writer"]
    finally:
        store.close()


def test_giving_way_costs_nothing_when_nobody_waits(tmp_path, monkeypatch):
    store = Store(tmp_path / "ws.db")
    yields: list[int] = []
    monkeypatch.setattr(store_module.os, "sched_yield", lambda: yields.append(1))
    try:
        _table(store)
        store._last_turn = 1.0  # as after a long batch
        _write(store, "b")
        assert yields == [] and store.scalar("SELECT count(*) FROM t") == 1
        assert 0 <= store._last_turn < 1.0  # the turn just taken was measured
    finally:
        store.close()
