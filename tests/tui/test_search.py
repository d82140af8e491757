"""The search screen's keystrokes stay cheap: queries run on a worker thread after a pause in
typing, a later key supersedes an earlier query, and a superseded query's results are never
shown. The service ranks only a capped number of matches per kind.

No test here depends on how fast anything is, except that Pilot types a burst of keys with
gaps well under the (enlarged) debounce."""

from __future__ import annotations

import threading

import pytest
from support import drive, searched

from stadstafel.records import Record
from stadstafel.services.base import fts_query
from stadstafel.services.review import SEARCH_KINDS, Search, grouped
from stadstafel.tui.screens.search import Searched, SearchScreen
from stadstafel.tui.widgets.base import as_fault

SIZE = (80, 24)


def hit(title: str, id_: int = 1) -> Record:
    return Record(kind="organisation", id=id_, title=title, extra="", snippet=title, rank=-1.0)


class FakeSearch:
    """Stands in for ``ws.search.search``: records each query; a query listed in ``hold``
    blocks its worker thread until released."""

    def __init__(self, answers: dict[str, list[Record]], hold: tuple[str, ...] = ()):
        self.answers = answers
        self.calls: list[str] = []
        self.started = {q: threading.Event() for q in hold}
        self.release = {q: threading.Event() for q in hold}
        self.finished = {q: threading.Event() for q in hold}

    def __call__(self, text: str, **_kwargs) -> list[Record]:
        self.calls.append(text)
        if text in self.release:
            self.started[text].set()
            assert self.release[text].wait(30), "the held query was never released"
            self.finished[text].set()
        return self.answers.get(text, [])


def shown_log(screen: SearchScreen) -> list[list[str]]:
    """Every list of titles the results table is given, in order."""
    log: list[list[str]] = []
    original = screen.results.show

    def show(records, **kwargs):
        records = list(records)
        log.append([r.title for r in records])
        return original(records, **kwargs)

    screen.results.show = show
    return log


async def open_search(pilot) -> SearchScreen:
    await pilot.press("slash")
    await searched(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def wait_for(pilot, event: threading.Event) -> None:
    for _ in range(1500):
        if event.is_set():
            return
        await pilot.pause(0.02)
    raise AssertionError("the worker never got there")


@drive
async def test_a_later_key_supersedes_a_running_query_whose_results_never_show(app, demo_ws):
    fake = FakeSearch({"a": [hit("stale")], "ab": [hit("fresh")]}, hold=("a",))
    demo_ws.search.search = fake
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_search(pilot)
        log = shown_log(screen)
        await pilot.press("a")
        await wait_for(pilot, fake.started["a"])  # "a" runs on its thread, held there
        await pilot.press("b")
        await searched(pilot)  # "ab" ran on another thread meanwhile and is shown
        assert fake.calls == ["a", "ab"]
        assert [r.title for r in screen.results.records.values()] == ["fresh"]
        fake.release["a"].set()  # now the superseded query returns its results
        await wait_for(pilot, fake.finished["a"])
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert [r.title for r in screen.results.records.values()] == ["fresh"]
        assert ["stale"] not in log
        assert not screen.searching


@drive
async def test_a_superseded_outcome_that_reaches_the_screen_is_dropped(app, demo_ws):
    """The screen's own check: an outcome of an older generation is not shown, even when it
    arrives after a newer one (its worker checked before a later key came)."""
    demo_ws.search.search = FakeSearch({"x": [hit("current")]})
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_search(pilot)
        await pilot.press("x")
        await searched(pilot)
        log = shown_log(screen)
        screen.post_message(Searched(screen._generation - 1, "old", [hit("old")], None))
        await pilot.pause()
        await pilot.pause()
        assert log == []
        assert [r.title for r in screen.results.records.values()] == ["current"]


@drive
async def test_a_burst_of_keys_makes_one_query_off_the_ui_thread(app, demo_ws):
    threads: list[str] = []
    fake = FakeSearch({"bespreking": [hit("Bespreking")]})

    def recording(text: str, **kwargs):
        threads.append(threading.current_thread().name)
        return fake(text, **kwargs)

    demo_ws.search.search = recording
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_search(pilot)
        screen.DEBOUNCE = 1.0  # Pilot's gaps between keys are far below this
        await pilot.press(*"bespreking")
        assert fake.calls == []  # typing alone asked nothing
        await searched(pilot)
        assert fake.calls == ["bespreking"]
        assert threads and threads[0] != threading.main_thread().name
        assert [r.title for r in screen.results.records.values()] == ["Bespreking"]


@drive
async def test_the_thread_that_ran_a_query_ends_with_it(app, demo_ws):
    """Each query runs on a thread that ends with it (``memory.threads_that_end``): an idle
    thread kept the blocks it freed out of the trim's reach."""
    ran: list[threading.Thread] = []

    def recording(text: str, **_kwargs):
        ran.append(threading.current_thread())
        return [hit(text)]

    demo_ws.search.search = recording
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_search(pilot)
        for key in "xy":
            await pilot.press(key)
            await searched(pilot)
        await pilot.app.workers.wait_for_complete()
        assert len(ran) == 2 and threading.main_thread() not in ran
        for thread in ran:
            thread.join(5)
        assert [thread.is_alive() for thread in ran] == [False, False]
        assert [r.title for r in screen.results.records.values()] == ["xy"]


@drive
async def test_clearing_the_query_drops_a_pending_one(app, demo_ws):
    fake = FakeSearch({"w": [hit("late")]}, hold=("w",))
    demo_ws.search.search = fake
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_search(pilot)
        await pilot.press("w")
        await wait_for(pilot, fake.started["w"])
        await pilot.press("backspace")
        await searched(pilot)
        fake.release["w"].set()
        await wait_for(pilot, fake.finished["w"])
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.results.records == {}
        assert "Typ een zoekterm." in screen.line_text("status")


@drive
async def test_the_list_holds_a_screenful_of_hits_and_the_rest_as_the_cursor_comes(app, demo_ws):
    """Of a query's hits the list holds what it shows and a margin; the cursor coming near
    its last row adds the rest, so every hit found is reached with the arrow keys."""
    hits = [hit(f"Partner {n:03d}", n) for n in range(1, 101)]
    demo_ws.search.search = FakeSearch({"p": hits})
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_search(pilot)
        await pilot.press("p")
        await searched(pilot)
        assert "100 resultaten" in screen.line_text("status")
        table = screen.results
        held = len(table.order)
        assert table.size.height <= held < 50
        assert table.order == [f"organisation:{n}" for n in range(1, held + 1)]
        await pilot.press("down", *["down"] * held)
        assert len(table.order) == 100
        await pilot.press(*["down"] * (100 - held))
        assert table.current_record.title == "Partner 100"
        await pilot.press("escape")
        await pilot.pause()
        assert screen._hits == []  # closed, the search lets go of its hits


@drive
async def test_a_key_in_the_query_repaints_it_without_laying_the_screen_out(app, demo_ws):
    """Textual's Input sets its virtual size to its text's width at every key, which lays
    the whole screen out again: the search's query is an Input that only repaints."""
    demo_ws.search.search = FakeSearch({})
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_search(pilot)
        screen.DEBOUNCE = 30.0  # no query: the keys' own work only
        layouts: list = []
        lay_out = screen._refresh_layout
        screen._refresh_layout = lambda *a, **k: (layouts.append(a), lay_out(*a, **k))[1]
        for key in "leiden":
            await pilot.press(key)
            await pilot.pause()
        assert screen.query_one("#query").value == "leiden"
        assert layouts == []


def test_ranking_is_capped_to_the_newest_matches_per_kind(demo_ws, monkeypatch):
    everything = demo_ws.search.search("de", kinds=["agenda_item"], limit=500)
    assert len(everything) > 5  # the demo has enough matches to cap
    monkeypatch.setattr(Search, "RANK_CAP", 3)
    capped = demo_ws.search.search("de", kinds=["agenda_item"], limit=500)
    newest = sorted((h.id for h in everything), reverse=True)[:3]
    assert sorted(h.id for h in capped) == sorted(newest)
    assert [h.rank for h in capped] == sorted(h.rank for h in capped)  # best first
    assert all(h.snippet for h in capped)


def test_uncapped_results_are_the_full_ranking(demo_ws):
    """Below the cap the two-step query gives what ranking every match gives."""
    store = demo_ws.store
    rows = store.query(
        "SELECT t.id, snippet(agenda_items_fts, -1, '[', ']', '…', 12) AS snippet"
        " FROM agenda_items_fts JOIN agenda_items t ON t.rowid = agenda_items_fts.rowid"
        " WHERE agenda_items_fts MATCH ? ORDER BY rank LIMIT 20",
        ['"de"*'],
    )
    hits = demo_ws.search.search("de", kinds=["agenda_item"], limit=20)
    assert [(h.id, h.snippet) for h in hits] == [(r["id"], r["snippet"]) for r in rows]


@pytest.mark.parametrize("query", ["de", "e", "w", "a b"])
def test_the_best_so_far_bound_what_is_fetched_and_not_what_is_found(demo_ws, query):
    """Kinds read one after the other keep only the best ``limit`` so far, and a kind's rows
    and snippets are fetched only for matches that rank better than the last of those: the
    same hits (ids, ranks, snippets, order) as ranking every kind's best ``limit`` and
    cutting after, with fewer rows fetched."""
    search = demo_ws.search
    fetched: list[int] = []
    query_rows = demo_ws.store.query

    def counting(sql, params=()):
        rows = query_rows(sql, params)
        if "snippet(" in sql:
            fetched.append(len(rows))
        return rows

    limit = 4
    q = fts_query(query)
    every: list[Record] = []
    for kind, (table, title_sql, extra_sql, table_sql) in SEARCH_KINDS.items():
        rows = search._ranked(table, title_sql, extra_sql, table_sql, q, limit)
        if kind == "intake":
            rows = search._visible_intake(rows)
        every += [Record.from_row({"kind": kind, **r}) for r in rows]
    every.sort(key=lambda r: r["rank"])
    expected = grouped(every[:limit])
    demo_ws.store.query = counting
    try:
        hits = search.search(query, limit=limit)
    finally:
        del demo_ws.store.query
    assert len({h.kind for h in every}) > 1  # several kinds match: something to bound
    assert [(h.kind, h.id, h.rank, h.snippet) for h in hits] == [
        (h.kind, h.id, h.rank, h.snippet) for h in expected
    ]
    assert sum(fetched) < len(every)
    assert search.search(query, limit=0) == []  # nothing kept yet is no bound


@drive
async def test_a_database_fault_in_the_worker_is_a_message_and_the_screen_stays(app, demo_ws):
    import sqlite3

    def failing(text: str, **_kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    demo_ws.search.search = failing
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_search(pilot)
        await pilot.press("x")
        await searched(pilot)
        assert pilot.app.screen is screen and pilot.app.is_running
        status = screen.line_text("status")
        message = as_fault(pilot.app, sqlite3.OperationalError("disk I/O error")).message
        assert status == message  # the line shows what fits of it, the toast all of it
        assert [n.message for n in pilot.app._notifications] == [message]
        assert screen.results.records == {}


@drive
async def test_the_next_search_shows_its_own_results_and_nothing_of_the_last(app, demo_ws):
    """The search screen is kept between searches: closed, it comes back as new (no query,
    no results, the focus on the query), and a second search shows its own results."""
    demo_ws.search.search = FakeSearch({"x": [hit("first")], "y": [hit("second")]})
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_search(pilot)
        await pilot.press("x")
        await searched(pilot)
        await pilot.press("down")  # into the results
        assert screen.results.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert screen.results.records == {}  # closed: its results let go
        again = await open_search(pilot)
        assert again is screen  # kept, not built anew
        assert again.query_one("#query").value == ""
        assert again.query_one("#query").has_focus
        assert again.results.records == {}
        assert "Typ een zoekterm." in again.line_text("status")
        await pilot.press("y")
        await searched(pilot)
        assert [r.title for r in again.results.records.values()] == ["second"]


@drive
async def test_a_query_running_when_the_search_closed_never_shows_in_the_next(app, demo_ws):
    fake = FakeSearch({"a": [hit("stale")]}, hold=("a",))
    demo_ws.search.search = fake
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_search(pilot)
        await pilot.press("a")
        await wait_for(pilot, fake.started["a"])
        await pilot.press("escape")
        await pilot.pause()
        again = await open_search(pilot)
        log = shown_log(again)
        fake.release["a"].set()
        await wait_for(pilot, fake.finished["a"])
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert again is screen
        assert again.results.records == {} and ["stale"] not in log
        assert not again.searching


@drive
async def test_a_search_covered_by_what_it_opened_keeps_its_results(app, demo_ws):
    """Back from a hit it opened (a screen on top of it), the search shows what it showed;
    opened from that screen, a search of its own, not the one underneath."""
    from stadstafel.tui.screens.help import HelpScreen

    demo_ws.search.search = FakeSearch({"x": [hit("kept")]})
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_search(pilot)
        await pilot.press("x")
        await searched(pilot)
        await pilot.app.push_screen(HelpScreen(screen))
        await pilot.pause()
        pilot.app.action_search()
        await searched(pilot)
        on_top = pilot.app.screen
        assert isinstance(on_top, SearchScreen) and on_top is not screen
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert [r.title for r in screen.results.records.values()] == ["kept"]
        assert screen.query_one("#query").value == "x"


@drive
async def test_after_a_change_of_language_the_search_is_built_in_the_new_one(app, demo_ws):
    from stadstafel import i18n

    async with app().run_test(size=SIZE) as pilot:
        first = await open_search(pilot)
        await pilot.press("escape")
        await pilot.pause()
        try:
            await pilot.app.action_switch_language("en")
            await pilot.pause()
            again = await open_search(pilot)
            assert again is not first and not first.is_attached
            assert again.query_one("#query").placeholder.startswith("Search partners")
            await pilot.press("escape")
            await pilot.pause()
            assert await open_search(pilot) is again  # kept in its place
        finally:
            i18n.set_language("nl")
