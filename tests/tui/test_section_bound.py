"""The bound on the section screens kept built (``StadstafelApp``, ``KEEP_SECTIONS``): beyond
it a section not shown for ``DROP_AFTER_SECONDS`` is dropped in a pause, with the person's
place in it, and built again at that place when it is opened again. Home and the section the
app started on are always kept; a section shown lately or holding what the person typed (a
form over it, text in an input) is never dropped."""

from __future__ import annotations

import pytest
from support import drive
from textual.widgets import Input

from stadstafel.tui import app as app_module
from stadstafel.tui.screens.partners import PartnersScreen
from stadstafel.tui.textual_private import screen_stacks

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def two_kept(monkeypatch):
    """Two sections kept besides home (the demo's core sections are six more), and a section
    left may go at once (a test of the time a section stays sets it back)."""
    monkeypatch.setattr(app_module, "KEEP_SECTIONS", 2)
    monkeypatch.setattr(app_module, "DROP_AFTER_SECONDS", 0.0)


def built(app) -> set[str]:
    return set(screen_stacks(app)) - {"home"}


async def settle(pilot) -> list[str]:
    """A long pause: the app's pause work (building up to the bound, dropping beyond it) until
    there is nothing left to do; the steps it took."""
    app = pilot.app
    steps = []
    for _ in range(300):
        app.last_activity = 0.0  # nobody typed for long
        step = app.prepare_in_pause()
        await pilot.pause()
        if step is None and app._built is None:
            return steps
        steps.append(step)
    raise AssertionError("the pause work never ended")


async def open_section(pilot, key: str) -> None:
    await pilot.press(key)
    await pilot.pause()
    await settle(pilot)


@drive
async def test_the_bound_holds_after_every_section_was_opened(app):
    async with app().run_test(size=SIZE) as pilot:
        application = pilot.app
        for _ in range(200):  # the builder is queued after the first frame
            if application._preparing is not None:
                break
            await pilot.pause()
        await settle(pilot)  # the pauses after a start build every section, then drop
        assert len(built(application)) == 2
        for key in "ptvaz":
            await open_section(pilot, key)
            assert len(built(application)) <= 2
            assert application.current_mode in built(application)
        await pilot.press("h")
        await settle(pilot)
        assert "home" in screen_stacks(application)  # never dropped
        assert built(application) == {"actions", "mine"}  # the two shown last


@drive
async def test_a_dropped_section_comes_back_with_its_filter_and_highlighted_record(app):
    async with app().run_test(size=SIZE) as pilot:
        application = pilot.app
        await open_section(pilot, "p")
        partners = application.screen
        assert isinstance(partners, PartnersScreen)
        await pilot.press("f", "e")  # the filter, then a letter in it
        await pilot.pause()
        await pilot.press("enter", "down", "down")  # to the list, the third record
        await pilot.pause()
        key, filtered = partners.table.current_key, partners.filter_text
        assert filtered == "e" and key is not None and partners.table.cursor_row == 2
        assert key != partners.table.order[0]
        partners.action_sort()  # sorted otherwise: part of the place too
        assert partners.table.current_key == key  # (the sort keeps the cursor's record)
        for section in "tv":
            await open_section(pilot, section)
        assert "partners" not in built(application)  # dropped: the least recently shown
        await pilot.press("p")
        await pilot.pause()
        again = application.screen
        assert isinstance(again, PartnersScreen) and again is not partners
        assert again.filter_text == "e" and again.sort_index == 1
        assert again.table.current_key == key  # the same record, by its id
        assert again.focused is again.table


async def left_far_down(pilot):
    """Partners opened, its cursor 250 rows down (its first rows let go), then left for two
    sections so that it is dropped; the list's table as it was."""
    await open_section(pilot, "p")
    table = pilot.app.screen.table
    for _ in range(250):
        table.action_cursor_down()
        await pilot.pause()
    assert table.first > 0 and table.current_key is not None  # the first rows were let go
    for section in "tv":
        await open_section(pilot, section)
    assert "partners" not in built(pilot.app)
    return table


@drive
async def test_a_dropped_paged_list_comes_back_on_a_record_far_down(app, demo_ws):
    """A record beyond the rows the list keeps loaded from its top (its window moved on): the
    list is read again where it was, not from the top."""
    for n in range(260):
        demo_ws.organisations.create(name=f"Zz organisatie {n:03}", kind="overig")
    async with app().run_test(size=SIZE) as pilot:
        application = pilot.app
        table = await left_far_down(pilot)
        key = table.current_key
        reads = []
        listed = demo_ws.organisations.list

        def counted(*args, **kwargs):
            reads.append(kwargs.get("offset"))
            return listed(*args, **kwargs)

        demo_ws.organisations.list = counted
        await pilot.press("p")
        await pilot.pause()
        again = application.screen.table
        assert again is not table and again.current_key == key
        # read where it was: its first page, then the window it had, not every page between
        assert len(reads) == 2 and reads[-1] > 0


@drive
async def test_a_dropped_paged_list_whose_rows_went_meanwhile_shows_the_rows_left(app, demo_ws):
    """The list far down when dropped, and most of its records (the one highlighted among
    them) deleted before it is opened again: it shows the rows there are, from the top, not
    an empty window where the rows used to be ("31 partners · 0 geladen")."""
    made = [
        demo_ws.organisations.create(name=f"Zz organisatie {n:03}", kind="overig")
        for n in range(260)
    ]
    async with app().run_test(size=SIZE) as pilot:
        application = pilot.app
        await left_far_down(pilot)
        for org in made[:250]:
            demo_ws.organisations.delete(org.id)
        await pilot.press("p")
        await pilot.pause()
        again = application.screen.table
        assert again.total > 0 and again.first == 0
        assert len(again.order) == min(again.total, again.first_page_size())
        assert again.current_key == again.order[0]


@drive
async def test_a_section_with_a_form_open_or_text_typed_is_never_dropped(app):
    async with app().run_test(size=SIZE) as pilot:
        application = pilot.app
        await open_section(pilot, "p")
        await pilot.press("n")  # a new partner's form over the list
        await pilot.pause()
        await pilot.press(*"Nog niet bewaard")
        await pilot.pause()
        form = application.screen
        assert not isinstance(form, PartnersScreen)
        application.switch_mode("tables")  # left open (the palette's "Ga naar")
        await pilot.pause()
        await settle(pilot)
        # tables holds a text typed in an input that is not a filter (as a screen's own
        # field would be)
        tables = application.screen
        field = Input(id="own-field")
        await tables.mount(field)
        field.value = "half getypt"
        for section in "vaz":
            await open_section(pilot, section)
        stacks = screen_stacks(application)
        assert stacks["partners"][-1] is form  # kept, with what was typed
        assert "Nog niet bewaard" in [w.value for w in form.query(Input)]
        assert isinstance(stacks["partners"][0], PartnersScreen)
        assert stacks["tables"] == [tables]
        field.value = ""  # nothing typed any more: it may go now
        await pilot.press("h")
        await settle(pilot)
        assert "tables" not in built(application) and "partners" in built(application)


@drive
async def test_a_change_made_while_a_section_was_dropped_shows_when_it_is_opened(two_sessions):
    from stadstafel.tui.app import StadstafelApp

    ws, other = two_sessions
    async with StadstafelApp(ws, few_colours=False).run_test(size=SIZE) as pilot:
        application = pilot.app
        await open_section(pilot, "p")
        for section in "tv":
            await open_section(pilot, section)
        assert "partners" not in built(application)
        ws.organisations.create(name="Aaa Eigen", kind="overig")  # this session
        other.organisations.create(name="Aaa Andere", kind="overig")  # another
        application.poll_changes()
        await pilot.press("p")
        await pilot.pause()
        names = [r.name for r in application.screen.table.records.values()]
        assert "Aaa Eigen" in names and "Aaa Andere" in names


@drive
async def test_the_kept_search_and_a_kept_form_outlive_the_sections_dropped(app):
    async with app().run_test(size=SIZE) as pilot:
        application = pilot.app
        await open_section(pilot, "p")
        await pilot.press("slash")
        await pilot.pause()
        search = application.screen
        await pilot.press("escape")
        await pilot.pause()
        for section in "tvaz":
            await open_section(pilot, section)
        assert "partners" not in built(application)
        await pilot.press("slash")  # the same search screen, kept
        await pilot.pause()
        assert application.screen is search
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(application.screen, PartnersScreen)


def test_a_dropped_section_is_collected_in_the_pause_it_was_dropped_in(app, monkeypatch):
    """Its widgets are garbage in cycles: collected fully at once in that short pause (not
    only after the longer pause of a full collection), so that the next section built takes
    their memory instead of more; and not while the user types."""
    import gc
    import time

    monkeypatch.setattr(app_module.memory, "trim", lambda: True)
    tui = app()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        tui._dropped = True  # (drop_section)
        tui.last_activity = time.monotonic()  # typing
        assert tui.collect_in_pause() is None
        tui.last_activity = time.monotonic() - app_module.GC_PAUSE_SECONDS - 0.1  # a pause
        assert tui.collect_in_pause() == 2  # everything, in a short pause
        assert not tui._dropped
        assert tui.collect_in_pause() is None  # once
    finally:
        if was_enabled:
            gc.enable()


@drive
async def test_a_section_shown_lately_stays_however_many_are_built(app, monkeypatch):
    """A person going round the sections they use never waits for one built again: only a
    section not shown for ``DROP_AFTER_SECONDS`` goes."""
    monkeypatch.setattr(app_module, "DROP_AFTER_SECONDS", 300.0)
    async with app().run_test(size=SIZE) as pilot:
        application = pilot.app
        for key in "ptvaz":
            await open_section(pilot, key)
        assert {"partners", "tables", "meetings", "actions", "mine"} <= built(application)
        for mode in ("partners", "tables"):  # left five minutes ago and more
            application._shown_at[mode] -= 301.0
        await open_section(pilot, "h")
        kept = built(application)
        assert not kept & {"partners", "tables"}  # left long ago: dropped
        assert {"meetings", "actions", "mine"} <= kept  # shown lately: kept over the bound


@drive
async def test_meetings_dropped_in_the_month_view_come_back_on_that_month_and_day(app):
    import datetime as dt

    from stadstafel.tui.screens.meetings import MeetingsScreen, MonthView

    async with app().run_test(size=SIZE) as pilot:
        application = pilot.app
        await open_section(pilot, "v")
        meetings = application.screen
        assert isinstance(meetings, MeetingsScreen)
        await pilot.press("m")  # the month view
        await pilot.pause()
        view = meetings.query_one(MonthView)
        view.move_month(2)  # two months on
        await pilot.pause()
        day = view.day
        for section in "tp":
            await open_section(pilot, section)
        assert "meetings" not in built(application)
        await pilot.press("v")
        await pilot.pause()
        again = application.screen
        assert isinstance(again, MeetingsScreen) and again is not meetings
        assert again.month_mode and again.query_one(MonthView).display
        assert again.query_one(MonthView).day == day != dt.date(2027, 1, 4)


@drive
async def test_a_section_with_a_worker_of_its_own_running_is_kept_until_it_ends(app):
    import asyncio

    async with app().run_test(size=SIZE) as pilot:
        application = pilot.app
        await open_section(pilot, "t")
        tables = application.screen
        done = asyncio.Event()

        async def saving() -> None:  # as a save on its way would be
            await done.wait()

        tables.run_worker(saving())
        for section in "vaz":
            await open_section(pilot, section)
        assert screen_stacks(application)["tables"] == [tables]
        done.set()  # saved
        await pilot.pause()
        await open_section(pilot, "p")  # one more over the bound: now tables may go
        assert "tables" not in built(application)
