"""The terminal UI's start: the workspace opened and the home screen's data read on a helper
thread while the UI's modules import (``stadstafel.start.ReadAhead``), then handed over."""

from __future__ import annotations

import asyncio
import threading
from types import SimpleNamespace

import pytest
from support import drive, settle

from stadstafel import hookimpl
from stadstafel.errors import BusyError, ConfigError, StadstafelError
from stadstafel.plugins import PluginHost
from stadstafel.records import Record
from stadstafel.services.review import HOME_ROWS
from stadstafel.start import Context, ReadAhead, run_tui
from stadstafel.workspace import Workspace


@pytest.fixture
def shared_file(two_sessions):
    """A demo workspace on a file; ``open()`` opens another session on it."""
    first, _second = two_sessions
    opened: list = []

    def open_session():
        ws = Workspace.open(first.config, login="demo")
        opened.append(ws)
        return ws

    yield SimpleNamespace(open=open_session)
    for ws in opened:
        ws.close()


def test_read_ahead_runs_beside_the_caller_and_hands_the_home_data_over_once(shared_file):
    started, release = threading.Event(), threading.Event()

    def slow_open():
        started.set()
        assert release.wait(10)
        return shared_file.open()

    ahead = ReadAhead(slow_open)  # returns while the open is still waiting: another thread
    assert started.wait(10)
    release.set()
    ws = ahead.workspace()
    home = ahead.take_home()
    assert home is not None and home["upcoming"]
    # the core's lists; the modules' cards are read after the first frame (None: not read)
    assert home == ws.overview.home(limit=HOME_ROWS, cards=False) and home["cards"] is None
    assert ahead.take_home() is None  # once: later refreshes read the workspace
    assert ahead.data_version == ws.store.data_version()  # nothing committed meanwhile


def test_read_ahead_raises_what_opening_raised_on_the_callers_thread():
    def broken():
        raise ConfigError("x.toml", "workspace.database", "a path", "nergens")

    ahead = ReadAhead(broken)
    with pytest.raises(ConfigError, match=r"workspace\.database"):
        ahead.workspace()
    ahead.close()  # nothing was opened: nothing to close, no error


@drive
async def test_home_shows_what_was_read_ahead_and_reads_fresh_on_reload(app, shared_file):
    ahead = ReadAhead(shared_file.open)
    ws = ahead.workspace()
    table = ws.tables.list()[0]
    ws.meetings.create(table_id=table.id, starts_at="2027-01-06 10:00", title="Ingelast overleg")
    async with app(ws, read_ahead=ahead).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = [m.title for m in pilot.app.screen.query_one("#upcoming").records.values()]
        assert "Ingelast overleg" not in titles  # the first fill is the data read at start
        await pilot.press("r")
        await settle(pilot)
        titles = [m.title for m in pilot.app.screen.query_one("#upcoming").records.values()]
        assert "Ingelast overleg" in titles


@drive
async def test_a_commit_by_another_session_after_the_read_ahead_is_picked_up(app, shared_file):
    ahead = ReadAhead(shared_file.open)
    ws = ahead.workspace()
    other = shared_file.open()
    table = other.tables.list()[0]
    other.meetings.create(table_id=table.id, starts_at="2027-01-06 10:00", title="Van elders")
    # Anything read before the app polls (the app's own start reads the workspace) makes this
    # connection see the new data version; the home lists still show what was read ahead.
    ws.tables.list()
    async with app(ws, read_ahead=ahead).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        home = pilot.app.screen
        assert "Van elders" not in [m.title for m in home.query_one("#upcoming").records.values()]
        # The data version is the one the read-ahead saw, so the first poll sees the commit.
        assert pilot.app.poll_changes() is True
        await settle(pilot)
        assert "Van elders" in [m.title for m in home.query_one("#upcoming").records.values()]


@drive
async def test_a_failed_read_ahead_is_a_message_on_the_home_screen(app, shared_file):
    def open_busy():
        ws = shared_file.open()

        def busy(**_):
            raise BusyError("bezig")

        ws.overview.home = busy
        return ws

    ahead = ReadAhead(open_busy)
    ws = ahead.workspace()
    del ws.overview.home  # the next read works again
    async with app(ws, read_ahead=ahead).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert any("bezig" in str(n.message) for n in pilot.app._notifications)
        assert not pilot.app.screen.query_one("#upcoming").records
        await pilot.press("r")
        await settle(pilot)
        assert pilot.app.screen.query_one("#upcoming").records


class _FullHome:
    """A stand-in read-ahead: ten meetings in both lists of the left column."""

    data_version = None

    def __init__(self):
        self.rows = [
            Record(
                id=i,
                starts_at=f"2027-01-{5 + i:02d} 10:00",
                table_name=f"Tafel {i}",
                title="",
                items=i,
            )
            for i in range(HOME_ROWS)
        ]

    def take_home(self):
        rows, self.rows = self.rows, None
        if rows is None:
            return None
        return {"upcoming": rows, "deadlines": rows, "overdue": [], "overdue_total": 0,
                "unsigned": [], "cards": []}  # fmt: skip


@drive
async def test_a_full_home_list_shows_every_row_without_a_scrollbar(app):
    async with app(read_ahead=_FullHome()).run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one("#upcoming")
        assert len(table.records) == HOME_ROWS
        assert table.size.height == HOME_ROWS + 1  # the header and every row
        assert not table.show_vertical_scrollbar
        note = str(pilot.app.screen.query_one("#upcoming-title").render())
        assert f"De eerste {HOME_ROWS}" in note


def test_run_tui_closes_the_workspace_when_the_start_fails(monkeypatch, shared_file):
    opened = []

    def open_and_note(self):
        ws = shared_file.open()
        opened.append(ws)
        return ws

    class Host:
        def themes(self):
            raise ConfigError("plugins", "themes", "one theme per name", "twee keer 'paars'")

    monkeypatch.setattr(Context, "host", property(lambda self: Host()))
    monkeypatch.setattr(Context, "workspace", open_and_note)
    with pytest.raises(ConfigError, match="themes"):
        run_tui(Context(None, None, False))
    assert len(opened) == 1
    with pytest.raises(Exception, match="closed"):
        opened[0].store.conn.execute("SELECT 1")


@drive
async def test_a_home_column_longer_than_the_window_starts_at_its_top(app):
    """Two full lists do not fit the left column at 80x24: it scrolls, but it opens at the
    top, with the first list's title in view and that list focused."""
    async with app(read_ahead=_FullHome()).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        column = pilot.app.screen.query_one("#left")
        assert column.max_scroll_y > 0  # it does overflow
        assert column.scroll_y == 0
        assert pilot.app.screen.focused is pilot.app.screen.query_one("#upcoming")
        assert "Vergaderingen, komende 4 weken" in str(
            pilot.app.screen.query_one("#upcoming-title").render()
        )
        assert pilot.app.screen.query_one("#upcoming-title").region.y == 1  # under the header


@drive
async def test_the_first_frame_is_drawn_after_the_start_up_batch(app):
    """Textual holds an update batch while it composes and mounts the app; a frame rendered
    inside it is thrown away (App._display) while the compositor counts it as drawn, and the
    terminal's first frame then lacked the home screen's left column. No screen of ours
    renders inside a batch, so the first frame drawn is the whole screen."""
    shown: list[tuple[int, str]] = []
    application = app()
    display = application._display

    def spy(screen, renderable):
        if renderable is not None:
            shown.append((application._batch_count, type(renderable).__name__))
        display(screen, renderable)

    application._display = spy
    async with application.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert shown, "no frame was rendered"
    assert [batch for batch, _kind in shown] == [0] * len(shown)
    assert shown[0][1] == "LayoutUpdate"  # the first frame covers the whole screen


@drive
async def test_the_first_frame_does_not_wait_for_the_screens_update_timer(app, monkeypatch):
    """The home screen's first frame is drawn as the start-up batch ends, not at the first
    tick of the screen's update timer (Textual's waits a whole period after its first resume:
    16-18 ms of every start with the interpreter idle). With a period of a minute it is
    drawn all the same, whole, and with its first list already styled as focused (the frame
    does not come before the focus's restyle: there is none), in one frame."""
    import textual.screen

    monkeypatch.setattr(textual.screen, "UPDATE_PERIOD", 60.0)
    shown: list[tuple[str, bool, object]] = []
    application = app(read_ahead=_FullHome())
    display = application._display

    def spy(screen, renderable):
        if renderable is not None:
            upcoming = screen.query_one("#upcoming")
            shown.append((type(renderable).__name__, upcoming.has_focus, upcoming.rich_style))
        display(screen, renderable)

    application._display = spy
    async with application.run_test(size=(80, 24)) as pilot:
        # not pilot.pause(): it runs the screen's update itself
        for _ in range(200):
            if shown:
                break
            await asyncio.sleep(0.05)
        assert shown, "no frame was drawn before the update timer's first tick"
        kind, focused, style = shown[0]
        assert kind == "LayoutUpdate"  # the whole screen
        assert focused and pilot.app.screen.focused is pilot.app.screen.query_one("#upcoming")
        assert style == pilot.app.screen.query_one("#upcoming").rich_style  # styled as focused
        for _ in range(4):
            await asyncio.sleep(0.05)
        # one frame: not the whole screen once more right behind it (the repaint the batch
        # asked for, which the layout's frame already drew)
        assert len(shown) == 1, shown


@drive
async def test_the_home_titles_are_styled_once_with_their_classes(app, monkeypatch):
    """The lists' titles are made with their text and classes (-noted: a full list; -alone:
    an empty one) from the data read at start: none is restyled after mounting (each class
    set then was a style pass of the first frame: five on a large workspace)."""
    from textual.css.stylesheet import Stylesheet

    restyled: list[str] = []
    update_nodes = Stylesheet.update_nodes

    def spy(self, nodes, animate=False):
        nodes = list(nodes)
        restyled.extend(str(node.id) for node in nodes)
        return update_nodes(self, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", spy)
    async with app(read_ahead=_FullHome()).run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        titles = {name: screen.query_one(f"#{name}-title") for name in ("upcoming", "overdue")}
        assert titles["upcoming"].has_class("-noted") and not titles["upcoming"].has_class("-alone")
        assert titles["overdue"].has_class("-alone") and titles["overdue"].has_class("-noted")
        assert "Geen te late acties" in str(titles["overdue"].render())
        assert not [name for name in restyled if name.endswith("-title")], restyled
        screen.action_reload()  # from the workspace now (_FullHome hands its rows over once)
        await settle(pilot)
        for name, title in titles.items():
            shown = screen.query_one(f"#{name}").records
            assert title.has_class("-alone") == (not shown)
            assert title.has_class("-noted") == (not shown or len(shown) >= HOME_ROWS)


# -- the modules' cards, read after the first frame ------------------------------------------
class _Card:
    """A plugin with one card; notes on which thread its hook ran and whether the app had
    drawn its first frame by then."""

    def __init__(self, value, frames):
        self.value = value
        self.frames = frames  # set to True by the app's first after-refresh
        self.seen: list[tuple[str, bool]] = []

    @hookimpl
    def dashboard_cards(self, workspace):
        self.seen.append((threading.current_thread().name, bool(self.frames)))
        return [{"title": f"Kaart {self.value}", "value": self.value, "detail": "uit een test"}]


class _Broken:
    @hookimpl
    def dashboard_cards(self, workspace):
        raise RuntimeError("kapot in de test")


@pytest.fixture
def with_cards(two_sessions):
    """A read-ahead on the demo file with a plugin host of three card plugins, the middle
    one broken; the plugins and the list the app's first after-refresh fills."""
    first, _second = two_sessions
    frames: list[bool] = []
    host = PluginHost(None, env={"STADSTAFEL_LOAD_PLUGINS": ""})
    host.load()
    one, two = _Card(1, frames), _Card(2, frames)
    host.register(one, "eerste")
    host.register(_Broken(), "stuk")
    host.register(two, "tweede")
    opened: list = []

    def open_session():
        ws = Workspace.open(first.config, login="demo", plugins=host)
        opened.append(ws)
        return ws

    yield SimpleNamespace(ahead=ReadAhead(open_session), host=host, cards=(one, two), frames=frames)
    for ws in opened:
        ws.close()


@drive
async def test_the_cards_are_read_after_the_first_frame_on_their_own_thread(app, with_cards):
    ahead = with_cards.ahead
    ws = ahead.workspace()
    made = app(ws, host=with_cards.host, read_ahead=ahead)
    made.call_after_refresh(lambda: with_cards.frames.append(True))
    async with made.run_test(size=(100, 30)) as pilot:
        await made.workers.wait_for_complete()
        await settle(pilot)
        shown = str(pilot.app.screen.query_one("#cards").render())
        for card in with_cards.cards:
            # once, after the first frame, not on the app's thread nor the read-ahead's
            ((thread, after_first_frame),) = card.seen
            assert after_first_frame and thread not in ("MainThread", "stadstafel-read-ahead")
            assert f"Kaart {card.value}: {card.value}" in shown
        # the broken one says so on its card and in a notification; the app keeps running
        assert "stuk: niet beschikbaar" in shown and "kapot in de test" in shown
        assert any("kapot in de test" in str(n.message) for n in pilot.app._notifications)
        assert with_cards.host.implementers("dashboard_cards") == ["eerste", "tweede"]
        assert any("stuk" in p for p in with_cards.host.problems())
        await pilot.press("r")  # a reload reads the cards again, here, without the broken one
        await settle(pilot)
        assert [seen[-1][0] for seen in (c.seen for c in with_cards.cards)] == ["MainThread"] * 2
        assert "stuk" not in str(pilot.app.screen.query_one("#cards").render())


@drive
async def test_the_first_frame_says_the_cards_come(app, with_cards):
    ahead = with_cards.ahead
    ws = ahead.workspace()
    made = app(ws, host=with_cards.host, read_ahead=ahead)
    first: list[str] = []
    made.call_after_refresh(lambda: first.append(str(made.screen.query_one("#cards").render())))
    async with made.run_test(size=(100, 30)) as pilot:
        await made.workers.wait_for_complete()
        await settle(pilot)
        assert first == ["Cijfers uit modules\n…"]
        assert "Kaart 1" in str(pilot.app.screen.query_one("#cards").render())


def test_a_reader_only_reads_on_a_connection_of_its_own(shared_file):
    ws = shared_file.open()
    reader = ws.reader()
    try:
        assert reader.store.conn is not ws.store.conn
        assert reader.tables.list() == ws.tables.list()
        table = ws.tables.list()[0]
        with pytest.raises(StadstafelError):
            reader.tables.update(table.id, table.version, name="Anders")
        assert ws.tables.get(table.id).name == table.name
    finally:
        reader.close()
    assert ws.tables.list()  # its own connection is untouched


@drive
async def test_a_workspace_in_memory_reads_its_cards_on_the_app_thread_after_the_first_frame(
    app, frozen_clock
):
    # another connection would not see a database in memory: no reader, the UI thread reads
    frames: list[bool] = []
    host = PluginHost(None, env={"STADSTAFEL_LOAD_PLUGINS": ""})
    host.load()
    card = host.register(_Card(7, frames), "eerste").obj
    config = SimpleNamespace(database=":memory:", users={}, language="nl", theme="stadstafel")
    ahead = ReadAhead(lambda: Workspace.open(config, login="demo", plugins=host))
    ws = ahead.workspace()
    try:
        made = app(ws, host=host, read_ahead=ahead)
        made.call_after_refresh(lambda: frames.append(True))
        async with made.run_test(size=(100, 30)) as pilot:
            await made.workers.wait_for_complete()
            await settle(pilot)
            assert card.seen == [("MainThread", True)]
            assert "Kaart 7: 7" in str(pilot.app.screen.query_one("#cards").render())
    finally:
        ws.close()


# -- the interpreter's switch interval around the first frame ----------------------------------
def test_run_tui_shortens_the_switch_interval_for_the_first_frame_and_sets_it_back(
    monkeypatch, shared_file
):
    import sys

    from stadstafel import start
    from stadstafel.tui.app import StadstafelApp

    seen: list[tuple[float, float | None]] = []

    def run(self):  # instead of the terminal UI: what the app was started with
        seen.append((sys.getswitchinterval(), self.switch_back))

    monkeypatch.setattr(Context, "workspace", lambda self: shared_file.open())
    monkeypatch.setattr(StadstafelApp, "run", run)
    before = sys.getswitchinterval()
    run_tui(Context(None, None, False))
    assert seen == [(start.FIRST_FRAME_SWITCH_SECONDS, before)]
    assert sys.getswitchinterval() == before


@drive
async def test_the_app_sets_the_switch_interval_back_after_its_first_frame(app, monkeypatch):
    import sys

    from stadstafel.tui import app as app_module

    monkeypatch.setattr(app_module, "SWITCH_BACK_SECONDS", 0.01)
    before = sys.getswitchinterval()
    application = app()
    application.switch_back = before
    sys.setswitchinterval(0.0005)  # as the command's start does
    try:
        async with application.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.pause(0.05)  # the timer's 0.01 s are over: it ran before this ends
            assert sys.getswitchinterval() == before
            assert application.switch_back is None
    finally:
        sys.setswitchinterval(before)
