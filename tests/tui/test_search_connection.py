"""The search's worker never reads on the UI thread's SQLite connection
(``SearchScreen._search``)."""

from __future__ import annotations

import threading

from support import drive, searched
from test_search import SIZE, open_search


@drive
async def test_the_worker_reads_on_a_connection_of_its_own(app, two_sessions, monkeypatch):
    """Two threads on one SQLite connection can lock each other for good: one waits for
    SQLite's lock holding the interpreter's (binding a parameter, reading a row), the other,
    holding SQLite's lock, calls one of the workspace's SQL functions (``st_today`` in a
    list's query, ``st_words`` in the triggers of a save), which needs the interpreter's.
    The search's worker therefore never reads on the UI thread's connection, and its own is
    closed with the search. (A workspace in a file: one in memory has one connection.)"""
    from stadstafel.store import Store

    ws = two_sessions[0]

    used: list = []
    query = Store.query

    def recording(self, *args, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            used.append(self)
        return query(self, *args, **kwargs)

    monkeypatch.setattr(Store, "query", recording)
    async with app(ws).run_test(size=SIZE) as pilot:
        screen = await open_search(pilot)
        await pilot.press(*"leiden")
        await searched(pilot)
        assert screen.results.records  # it found something, on the worker's connection
        assert used and ws.store not in used
        await pilot.press("escape")  # the search closed: its connection too
        await pilot.pause()
        assert all(store.conn is None or not _open(store.conn) for store in used)


@drive
async def test_a_query_that_starts_after_the_search_closed_closes_its_connection(
    app, two_sessions, monkeypatch
):
    """A worker that passed its check of the generation as the search closed runs its query
    after the close: its connection is closed as it ends, not kept for a next search."""
    ws = two_sessions[0]
    async with app(ws).run_test(size=SIZE) as pilot:
        screen = await open_search(pilot)
        await pilot.press("escape")
        await pilot.pause()
        late = threading.Thread(target=screen._search, args=("leiden",))
        late.start()  # as a worker of the closed search would
        late.join(30)
        assert screen._readers == []
        again = await open_search(pilot)  # typing in the open search keeps them again
        await pilot.press(*"leiden")
        await searched(pilot)
        assert again._readers and all(_open(reader.store.conn) for reader in again._readers)


def _open(conn) -> bool:
    import sqlite3

    try:
        conn.execute("SELECT 1")
    except sqlite3.ProgrammingError:  # closed
        return False
    return True


@drive
async def test_the_search_keeps_to_the_persons_scope_as_it_changes(app, two_sessions):
    """The worker's connection is made as the search's first query runs and kept while the
    search is open; what the person may see is the session's as it is at each query. A chair
    who hands the chair of their table on (this session's own change, the search left open
    beneath the table's form) no longer finds that table's input from the city."""
    from types import SimpleNamespace

    ws = two_sessions[0]
    ws.config.users = {
        "voorzitter": SimpleNamespace(person="i.hoekstra@example.nl", role="gebruiker")
    }
    ws.act_as("voorzitter")  # the chair of the housing table, which has intake
    table = ws.tables.get(1)
    assert ws.actor.table_roles.get(table.id) == {"voorzitter"}

    def kinds(screen) -> set[str]:
        return {record["kind"] for record in screen.results.records.values()}

    async with app(ws).run_test(size=SIZE) as pilot:
        screen = await open_search(pilot)
        await pilot.press(*"nieuwbouw")
        await searched(pilot)
        assert "intake" in kinds(screen)
        ws.tables.update(table.id, table.version, chair_person_id=table.secretary_person_id)
        assert ws.actor.table_roles.get(table.id) is None  # no longer the chair
        await pilot.press("backspace", "w")  # the same query again
        await searched(pilot)
        assert screen.results.records and "intake" not in kinds(screen)
