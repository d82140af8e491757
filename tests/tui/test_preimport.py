"""The sections' screen modules imported on a helper thread right after the first frame
(``stadstafel.tui.preimport``): a section key pressed before any pause finds its module
imported; the thread and the app never import at once (a key opening a section waits for the
module the thread is on, the builder leaves its step for the next pause); the thread lets a
key waiting to be handled go first; a section opened that way shows what one built in a
pause shows."""

from __future__ import annotations

import sys
import threading
import time

from support import drive
from test_prebuild import until

from stadstafel.tui.app import StadstafelApp
from stadstafel.tui.preimport import Preimport
from stadstafel.tui.textual_private import screen_stacks

SIZE = (80, 24)


class Holder:
    """Another thread holding a gate until told to let go (as the preimport thread holds it
    while it imports a module); ``log`` says in what order things happened."""

    def __init__(self, gate, log: list[str]):
        self.gate, self.log = gate, log
        self.held, self.go = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert self.held.wait(5)

    def _run(self) -> None:
        with self.gate:
            self.held.set()
            self.go.wait(10)
            self.log.append("thread's import done")

    def let_go_in(self, seconds: float) -> None:
        threading.Timer(seconds, self.go.set).start()


def test_the_thread_imports_in_order_after_a_waiting_key_and_past_a_broken_module(monkeypatch):
    for name in ("colorsys", "netrc"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    busy = threading.Event()
    busy.set()
    preimport = Preimport(
        ["colorsys", "stadstafel.no_such_module", "netrc", "colorsys"], busy.is_set
    ).start()
    time.sleep(0.1)
    assert preimport.done == [] and "colorsys" not in sys.modules  # a key waits: not yet
    busy.clear()
    preimport.thread.join(10)
    assert preimport.done == ["colorsys", "netrc"]  # the broken one left, each once
    assert "colorsys" in sys.modules


@drive
async def test_a_key_pressed_before_any_pause_finds_its_sections_module_imported(app, monkeypatch):
    """No pause at all (the builder never builds), yet the modules of the sections not shown
    are imported, in the builder's order, by the time the thread ends; nothing is built."""
    monkeypatch.setattr(StadstafelApp, "paused", lambda self: False)
    application = app()
    modules = {s.id: s.module for s in application.sections if s.id in ("meetings", "mine")}
    assert all(isinstance(m, str) for m in modules.values())
    for module in modules.values():
        monkeypatch.delitem(sys.modules, module, raising=False)
    async with application.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: application._preimport is not None)
        preimport = application._preimport
        await until(pilot, lambda: not preimport.thread.is_alive())
        assert all(m in sys.modules for m in modules.values())
        assert [m for m in preimport.done if m in modules.values()] == [
            modules["meetings"],
            modules["mine"],
        ]
        assert set(screen_stacks(application)) == {"home"}  # imported, not built


@drive
async def test_a_section_key_waits_for_the_module_the_thread_is_importing(app):
    """Keys typed while the thread imports: the first opens its section after the thread's
    module, never beside it, and the keys are handled in the order they were typed."""
    log: list[str] = []
    async with app().run_test(size=SIZE) as pilot:
        application = pilot.app
        await until(pilot, lambda: application._preimport is not None)
        switch = application._switch_mode

        def logged(mode: str):
            log.append(f"switch {mode}")
            return switch(mode)

        application._switch_mode = logged
        holder = Holder(threading.RLock(), log)
        application._preimport.thread = holder.thread  # as if it were importing
        application._preimport.gate = holder.gate
        holder.let_go_in(0.2)
        await pilot.press("t", "p")
        await until(pilot, lambda: application.current_mode == "partners")
        assert log == ["thread's import done", "switch tables", "switch partners"]
        assert "tables" in screen_stacks(application)


@drive
async def test_the_builder_leaves_its_step_while_the_thread_imports(app):
    async with app().run_test(size=SIZE) as pilot:
        application = pilot.app
        application.last_activity = time.monotonic() + 3600  # (the app's timer builds nothing)
        await until(pilot, lambda: application._preparing is not None)
        application._preparing.pause()  # the test takes the steps
        log: list[str] = []
        holder = Holder(threading.RLock(), log)
        application._preimport.thread = holder.thread
        application._preimport.gate = holder.gate
        application.last_activity = 0.0  # a long pause
        assert application.prepare_in_pause() is None  # the thread imports: not now
        assert "partners" not in screen_stacks(application)
        holder.go.set()
        holder.thread.join(5)
        assert application.prepare_in_pause() == "partners"  # the next step


def shown(screen) -> tuple:
    """What a person sees of the partners section: its rows, the count line, the focused
    widget and the footer's keys."""

    return (
        [r.name for r in screen.table.records.values()],
        screen.line_text("count"),
        screen.focused.id if screen.focused else None,
        screen.footer._items(),
    )


@drive
async def test_a_section_opened_while_its_module_is_imported_shows_what_a_prebuilt_one_does(
    app, monkeypatch
):
    """Partners opened at once, its module still being imported by the thread (the key
    waits for it), against partners built in a pause: the same rows, count, focus and
    footer."""
    module = "stadstafel.tui.screens.partners"
    async with app().run_test(size=SIZE) as pilot:
        application = pilot.app
        application.last_activity = 0.0
        await until(pilot, lambda: "partners" in screen_stacks(application))
        await until(pilot, lambda: (application._built or ("",))[0] != "partners")
        await pilot.press("p")
        await until(pilot, lambda: application.current_mode == "partners")
        await pilot.pause()
        prebuilt = shown(application.screen)
    monkeypatch.delitem(sys.modules, module)
    monkeypatch.setattr(StadstafelApp, "paused", lambda self: False)
    async with app().run_test(size=SIZE) as pilot:
        application = pilot.app
        await pilot.press("p")  # at once: the thread may be on partners' module
        await until(pilot, lambda: application.current_mode == "partners")
        await pilot.pause()
        assert module in sys.modules
        assert shown(application.screen) == prebuilt
        assert prebuilt[0] and prebuilt[2] == "organisations"
