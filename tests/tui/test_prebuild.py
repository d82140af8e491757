"""Sections built in the user's pauses (``StadstafelApp.prepare_in_pause``): the first press of
a section's key is then a switch. A section built early shows the data as it is when it is
first shown; a key pressed while the builder works opens its section at once; nothing is
built while the user types."""

from __future__ import annotations

import time

from support import drive

from stadstafel.tui.app import StadstafelApp
from stadstafel.tui.screens.partners import PartnersScreen
from stadstafel.tui.screens.tables import TablesScreen
from stadstafel.tui.textual_private import screen_stacks

SIZE = (80, 24)


async def build(pilot, section_id: str) -> None:
    """Let the builder work, in a pause, until ``section_id`` is built and laid out."""
    app = pilot.app
    for _ in range(200):
        app.last_activity = 0.0  # nobody typed for long
        done = app.prepare_in_pause()
        await pilot.pause()
        built = screen_stacks(app).get(section_id)
        if built and built[0].is_mounted and (app._built or (None, None))[1] is not built[0]:
            return
        if done is None and not app._unprepared and app._built is None:
            break
    raise AssertionError(f"{section_id} was not built")


async def until(pilot, condition, tries: int = 500) -> None:
    """Let the app work until ``condition()`` holds (a count of turns, not a time)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("never happened")


def partner_names(screen) -> list[str]:
    return [r.name for r in screen.table.records.values()]


@drive
async def test_a_section_built_in_a_pause_shows_what_was_written_after(two_sessions):
    ws, other = two_sessions
    async with StadstafelApp(ws).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await build(pilot, "partners")
        await build(pilot, "tables")
        partners = screen_stacks(pilot.app)["partners"][0]
        assert isinstance(partners, PartnersScreen)
        assert pilot.app.current_mode == "home"  # built, not shown
        assert "Aaa Eigen" not in partner_names(partners)
        # this session writes (as a form in another section would), and another session
        ws.organisations.create(name="Aaa Eigen", kind="overig")
        other.organisations.create(name="Aaa Andere", kind="overig")
        pilot.app.poll_changes()
        await pilot.press("p")
        await pilot.pause()
        assert pilot.app.screen is partners  # the screen built early, not a new one
        names = partner_names(partners)
        assert "Aaa Eigen" in names and "Aaa Andere" in names
        # another session's write alone (no own change) reaches a section built early too
        other.tables.create(name="Aaa Nieuwe Tafel", kind="samenwerkingstafel")
        assert pilot.app.poll_changes()
        await pilot.press("t")
        await pilot.pause()
        tables = pilot.app.screen
        assert isinstance(tables, TablesScreen) and tables is screen_stacks(pilot.app)["tables"][0]
        assert "Aaa Nieuwe Tafel" in [r.name for r in tables.query_one("#tables").records.values()]


@drive
async def test_a_section_key_pressed_while_the_builder_works_opens_that_section(app):
    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        application = pilot.app
        application.last_activity = 0.0
        assert application.prepare_in_pause() == "partners"  # partners being built
        assert not screen_stacks(application)["partners"][0].is_mounted  # still composing
        await pilot.press("t")  # the user presses tables meanwhile
        await pilot.pause()
        assert application.current_mode == "tables"
        assert isinstance(application.screen, TablesScreen)
        await pilot.press("p")  # and the section being built, as soon as it is
        await pilot.pause()
        assert isinstance(application.screen, PartnersScreen)
        assert application.screen is screen_stacks(application)["partners"][0]
        # sections opened meanwhile are not built again
        application.last_activity = 0.0
        done = set()
        for _ in range(100):
            step = application.prepare_in_pause()
            await pilot.pause()
            if step is None and not application._unprepared and application._built is None:
                break
            if step and not step.startswith("layout:"):
                done.add(step)
        assert done and not done & {"partners", "tables", "home"}


@drive
async def test_a_key_waiting_to_be_handled_goes_before_the_builders_next_step(app):
    """A key that came while pause work ran is in the app's queue, not handled yet: the time
    of the last key still says "a pause". The builder and the collector see the key and
    leave their next step for after it."""
    from textual import events

    async with app().run_test(size=SIZE) as pilot:
        application = pilot.app
        application.last_activity = time.monotonic() + 3600  # (the app's timer builds nothing)
        await until(pilot, lambda: application._preparing is not None)
        application._preparing.pause()  # the test takes the steps
        application.last_activity = 0.0  # a long pause, as far as the app has handled keys
        application.post_message(events.Key("t", "t"))  # from the terminal, not handled yet
        assert application.prepare_in_pause() is None  # the key first: nothing is built
        assert application.collect_in_pause() is None  # nor collected
        assert "partners" not in screen_stacks(application)
        await pilot.pause()
        assert application.current_mode == "tables"  # the key, handled
        application.last_activity = 0.0
        assert application.prepare_in_pause() == "partners"  # the next pause: built


@drive
async def test_the_builder_waits_while_the_user_types(app):
    """The test takes every step itself: the app's own timer is held, and the user types
    (the last key in the future as far as the clock goes) until the test says it paused, so
    that a slow machine's long turns never let the timer build in between."""
    typing = time.monotonic() + 3600  # a key just now, however long the next lines take
    async with app().run_test(size=SIZE) as pilot:
        application = pilot.app
        application.last_activity = typing
        await until(pilot, lambda: application._preparing is not None)  # after the first frame
        application._preparing.pause()
        queued = list(application._unprepared)
        assert queued[:5] == ["partners", "tables", "meetings", "actions", "mine"]
        stacks = set(screen_stacks(application))
        assert application.prepare_in_pause() is None  # typing: nothing is built
        assert set(screen_stacks(application)) == stacks
        assert application._unprepared == queued
        application.last_activity = 0.0  # a pause
        assert application.prepare_in_pause() == "partners"
        assert application.prepare_in_pause() is None  # waits until partners is mounted
        partners = screen_stacks(application)["partners"][0]
        await until(pilot, lambda: partners.is_mounted)
        assert application.prepare_in_pause() == "layout:partners"
        application.last_activity = typing
        assert application.prepare_in_pause() is None
        assert application._unprepared[0] == "tables"


@drive
async def test_a_section_built_early_shows_the_notifications_of_when_it_is_shown(app):
    """Its rack of notifications is set as it is built (none then: hidden); a notification
    that comes after shows on it when it is first shown."""
    from textual.widgets._toast import Toast

    async with app().run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await build(pilot, "partners")
        partners = screen_stacks(pilot.app)["partners"][0]
        assert not list(partners.query(Toast))
        pilot.app.notify("Een bericht van later", timeout=30)
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert pilot.app.screen is partners
        assert [str(t._notification.message) for t in partners.query(Toast)] == [
            "Een bericht van later"
        ]


@drive
async def test_a_sections_module_is_imported_a_step_before_it_is_built(app, monkeypatch):
    """Importing a section's screens and building it are two steps: a key pressed in the
    pause waits for one of them, not for both."""
    import sys

    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        application = pilot.app
        module = next(s.module for s in application.sections if s.id == "mine")
        assert module
        monkeypatch.delitem(sys.modules, module, raising=False)  # not imported yet
        application._unprepared = ["mine"]
        application.last_activity = 0.0
        assert application.prepare_in_pause() == module  # the import alone
        assert module in sys.modules and "mine" not in screen_stacks(application)
        assert application.prepare_in_pause() == "mine"  # then the build
        assert "mine" in screen_stacks(application)


@drive
async def test_a_sections_modules_are_imported_one_step_each(app, monkeypatch):
    """A factory that names several modules (``factory.module = (a, b)``) has them imported
    in that order, one per pause step, before the section is built."""
    import sys

    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        application = pilot.app
        first, second = "stadstafel.tui.screens.intake", "stadstafel.tui.screens.mine"
        for name in (first, second):
            monkeypatch.delitem(sys.modules, name, raising=False)
        application.sections = [
            s._replace(module=(first, second)) if s.id == "mine" else s
            for s in application.sections
        ]
        application._unprepared = ["mine"]
        application.last_activity = 0.0
        assert application.prepare_in_pause() == first
        assert first in sys.modules and second not in sys.modules
        assert application.prepare_in_pause() == second
        assert "mine" not in screen_stacks(application)
        assert application.prepare_in_pause() == "mine"
        assert "mine" in screen_stacks(application)
