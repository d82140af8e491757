"""Faults while the app runs: a plain message, the session goes on, nothing half-written.

A delete that something still refers to, a database that turned read-only (SQLite's
``PRAGMA query_only``, which fails a write with the same SQLITE_READONLY error a read-only
file gives: a read-only remount is refused while the app holds the file open), a full disk
(a real small tmpfs, skipped where mounting is not permitted), a write lock held by another
session, and raw database errors on the paths screens call services through.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from support import drive, make_config
from textual.widgets import Static

from stadstafel.errors import ValidationError
from stadstafel.services.base import Service
from stadstafel.tui.modals import ConfirmScreen
from stadstafel.tui.screens.partners import PartnerDetailScreen, PartnersScreen
from stadstafel.tui.widgets import form as form_module
from stadstafel.tui.widgets.form import FormScreen

SIZE = (80, 24)


def demo_on_file(path: Path):
    """The Leiden demo in a workspace on ``path``."""
    import datetime as dt

    from stadstafel.demo import build_demo
    from stadstafel.workspace import Workspace

    ws = Workspace.open(make_config(path), login="demo")
    build_demo(ws, today=dt.date(2027, 1, 4))
    return ws


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def banner(form: FormScreen) -> str:
    return str(form.query_one("#form-error", Static).render())


async def open_partners(pilot) -> PartnersScreen:
    await pilot.press("p")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PartnersScreen)
    return screen


async def edit_partner(pilot, ws, name: str, new_name: str) -> FormScreen:
    """Open the edit form of partner ``name`` and type ``new_name`` (not saved yet)."""
    screen = await open_partners(pilot)
    assert screen.table.select_key(ws.organisations.by_name(name).id)
    await pilot.press("e")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    form.field_widget("name").value = new_name
    return form


def audit_rows(ws) -> int:
    return ws.store.scalar("SELECT count(*) FROM audit")


# -- a delete that is still referred to -------------------------------------------------------


def test_deleting_a_partner_names_everything_that_still_refers_to_it(ws, table_setup):
    portaal = table_setup.portaal
    ws.people.create(name="Tweede Portaal", organisation_id=portaal.id)
    with pytest.raises(ValidationError) as info:
        ws.organisations.delete(portaal.id)
    message = info.value.message
    assert "Portaal" in message and "2 personen" in message and "1 lidmaatschappen" in message
    assert " en " in message and "Er is niets verwijderd" in message
    assert ws.organisations.find(portaal.id) is not None


def test_a_foreign_key_the_services_did_not_foresee_is_a_message_and_rolled_back(
    ws, table_setup, monkeypatch
):
    """Were the reference check ever to miss one (a plugin's table, a race), SQLite's
    FOREIGN KEY error still becomes a plain ValidationError and the transaction is undone."""
    monkeypatch.setattr(Service, "references", lambda self, id: [])
    before = audit_rows(ws)
    with pytest.raises(ValidationError) as info:
        ws.people.delete(table_setup.chair.id)
    assert "verwijzen er nog naar" in info.value.message
    assert not ws.store.conn.in_transaction
    assert ws.people.find(table_setup.chair.id) is not None
    assert audit_rows(ws) == before


@drive
async def test_deleting_a_chair_in_the_app_says_why_and_the_session_goes_on(app, demo_ws):
    table = demo_ws.tables.list()[0]
    chair = demo_ws.people.get(table.chair_person_id)
    org = demo_ws.organisations.get(chair.organisation_id)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        assert screen.table.select_key(org.id)
        await pilot.press("enter")
        await pilot.pause()
        detail = pilot.app.screen
        assert isinstance(detail, PartnerDetailScreen)
        await pilot.press("1")  # the people tab
        await pilot.pause()
        assert detail.people_table.select_key(chair.id)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
        assert pilot.app.screen is detail and pilot.app.is_running
        shown = " ".join(messages(pilot.app))
        assert chair.name in shown and "wordt nog gebruikt door" in shown and "tafels" in shown
    assert demo_ws.people.find(chair.id) is not None


# -- a read-only database ---------------------------------------------------------------------


@drive
async def test_saving_to_a_read_only_database_keeps_the_form_and_the_session(app, demo_ws):
    org = demo_ws.organisations.by_name("Portaal")
    before = audit_rows(demo_ws)
    async with app().run_test(size=SIZE) as pilot:
        form = await edit_partner(pilot, demo_ws, "Portaal", "Portaal Nieuw")
        demo_ws.store.conn.execute("PRAGMA query_only = ON")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form and pilot.app.is_running
        assert "alleen-lezen" in banner(form) and "niets opgeslagen" in banner(form)
        assert "Traceback" not in banner(form)
        assert form.field_widget("name").value == "Portaal Nieuw"
        assert not demo_ws.store.conn.in_transaction
        assert demo_ws.organisations.get(org.id).name == "Portaal"
        assert audit_rows(demo_ws) == before
        # The file is writable again: the same form saves.
        demo_ws.store.conn.execute("PRAGMA query_only = OFF")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is not form
    assert demo_ws.organisations.get(org.id).name == "Portaal Nieuw"


@drive
async def test_a_key_action_on_a_read_only_database_is_a_notification(app, demo_ws):
    org = demo_ws.organisations.create(name="Aaa Tijdelijk", kind="overig")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        assert screen.table.select_key(org.id)
        demo_ws.store.conn.execute("PRAGMA query_only = ON")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert pilot.app.screen is screen and pilot.app.is_running
        shown = " ".join(messages(pilot.app))
        assert "alleen-lezen" in shown and "niets opgeslagen" in shown
        demo_ws.store.conn.execute("PRAGMA query_only = OFF")
    assert demo_ws.organisations.find(org.id) is not None


# -- a full disk --------------------------------------------------------------------------------


@contextlib.contextmanager
def small_disk(megabytes: int):
    folder = Path(tempfile.mkdtemp(prefix="stadstafel-full-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)],
        capture_output=True,
    )
    if done.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a small filesystem here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        folder.rmdir()


def fill_up(folder: Path) -> Path:
    """Write a file until the filesystem is full; return it (delete it to free the space)."""
    filler = folder / "filler"
    # Unbuffered: a buffered file keeps the part of the last block that did not fit and
    # fails again as it closes (whether a block fits in part depends on the database's size).
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
        except OSError:
            pass
    return filler


@drive
async def test_a_full_disk_is_a_message_and_nothing_is_half_written(app, frozen_clock):
    from stadstafel.tui.app import StadstafelApp

    with small_disk(8) as folder:
        ws = demo_on_file(folder / "ws.db")
        try:
            ws.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            org = ws.organisations.by_name("Portaal")
            before = audit_rows(ws)
            long_notes = "Een lange notitie. " * 200  # new pages in the emptied WAL file
            async with StadstafelApp(ws).run_test(size=SIZE) as pilot:
                form = await edit_partner(pilot, ws, "Portaal", "Portaal Vol")
                form.field_widget("notes").text = long_notes
                filler = fill_up(folder)
                await pilot.press("ctrl+s")
                await pilot.pause()
                assert pilot.app.screen is form and pilot.app.is_running
                assert "schijf is vol" in banner(form), banner(form)
                assert form.field_widget("name").value == "Portaal Vol"
                assert not ws.store.conn.in_transaction
                assert ws.organisations.get(org.id).name == "Portaal"
                assert audit_rows(ws) == before
                filler.unlink()  # space again: the same form saves
                await pilot.press("ctrl+s")
                await pilot.pause()
                assert pilot.app.screen is not form
            assert ws.organisations.get(org.id).name == "Portaal Vol"
            assert ws.store.integrity_check() == "ok"
        finally:
            ws.close()


# -- a write lock held by another session -----------------------------------------------------


def hold_write_lock(path: str) -> sqlite3.Connection:
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


@drive
async def test_a_held_write_lock_shows_waiting_keeps_drawing_and_saves_once_free(app, two_sessions):
    ws, _other = two_sessions
    org = ws.organisations.by_name("Portaal")
    lock = hold_write_lock(str(ws.store.path))
    try:
        async with app(ws).run_test(size=SIZE) as pilot:
            form = await edit_partner(pilot, ws, "Portaal", "Portaal Wacht")
            started = time.monotonic()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert time.monotonic() - started < 1.5  # not frozen for the lock's duration
            assert pilot.app.screen is form
            assert "Wachten op de database" in banner(form)
            # Meanwhile the app takes keys where the user sees them: in the form.
            await pilot.press("end", "!")
            assert form.field_widget("name").value == "Portaal Wacht!"
            await pilot.pause(0.8)
            assert pilot.app.screen is form and form.waiting_since is not None
            lock.execute("ROLLBACK")  # the other session is done
            for _ in range(20):
                await pilot.pause(0.1)
                if pilot.app.screen is not form:
                    break
            assert pilot.app.screen is not form
    finally:
        lock.close()
    assert ws.organisations.get(org.id).name == "Portaal Wacht!"


@drive
async def test_a_lock_that_stays_ends_in_busy_and_keeps_the_input(app, two_sessions, monkeypatch):
    monkeypatch.setattr(form_module, "BUSY_GIVE_UP_SECONDS", 1.0)
    ws, _other = two_sessions
    org = ws.organisations.by_name("Portaal")
    before = audit_rows(ws)
    lock = hold_write_lock(str(ws.store.path))
    try:
        async with app(ws).run_test(size=SIZE) as pilot:
            form = await edit_partner(pilot, ws, "Portaal", "Portaal Bezet")
            await pilot.press("ctrl+s")
            for _ in range(30):
                await pilot.pause(0.1)
                if "bezet" in banner(form):
                    break
            assert "bezet" in banner(form) and "invoer staat er nog" in banner(form)
            assert pilot.app.screen is form and pilot.app.is_running
            assert form.field_widget("name").value == "Portaal Bezet"
            await pilot.pause(0.7)
            assert form.waiting_since is None  # it gave up: no more attempts behind the scenes
    finally:
        lock.close()
    assert ws.organisations.get(org.id).name == "Portaal"
    assert audit_rows(ws) == before


@drive
async def test_a_key_action_while_locked_says_busy_without_freezing(app, two_sessions):
    ws, _other = two_sessions
    org = ws.organisations.create(name="Aaa Tijdelijk", kind="overig")
    lock = hold_write_lock(str(ws.store.path))
    try:
        async with app(ws).run_test(size=SIZE) as pilot:
            screen = await open_partners(pilot)
            assert screen.table.select_key(org.id)
            await pilot.press("d")
            await pilot.pause()
            started = time.monotonic()
            await pilot.press("j")
            await pilot.pause()
            assert time.monotonic() - started < 1.5
            assert pilot.app.screen is screen and pilot.app.is_running
            assert any("bezet" in m and "niets opgeslagen" in m for m in messages(pilot.app))
    finally:
        lock.close()
    assert ws.organisations.find(org.id) is not None


# -- raw database errors on every path screens use ----------------------------------------------


@drive
async def test_raw_sqlite_and_os_errors_become_messages_on_every_service_path(app, demo_ws):
    from stadstafel.ui import call_service, service_action

    def disk_error():
        raise sqlite3.OperationalError("disk I/O error")

    def no_file():
        raise PermissionError(13, "Permission denied", "/srv/x.csv")

    class Probe:
        def __init__(self, app):
            self.app = app

        @service_action
        def action(self, fn):
            return fn()

    async with app().run_test(size=SIZE) as pilot:
        pilot.app.notify  # noqa: B018 - the app is running
        assert call_service(pilot.app, disk_error) is None
        assert call_service(Probe(pilot.app), disk_error) is None
        assert Probe(pilot.app).action(no_file) is None
        assert Probe(pilot.app).action(disk_error) is None
        await pilot.pause()
        shown = messages(pilot.app)
        assert sum("lees- of schrijffout" in m for m in shown) == 3
        assert any("Bestand /srv/x.csv: Permission denied" in m for m in shown)
        assert pilot.app.is_running


@drive
async def test_an_unguarded_key_action_that_meets_a_database_fault_is_a_message(
    app, demo_ws, monkeypatch
):
    """PartnersScreen.action_new is not a service_action: it reads option lists for its form."""

    def damaged(*args, **kwargs):
        raise sqlite3.DatabaseError("database disk image is malformed")

    async with app().run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        monkeypatch.setattr(demo_ws, "vocabulary", damaged)
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.is_running and pilot.app.screen is screen
        assert any("beschadigd" in m for m in messages(pilot.app))
        monkeypatch.undo()
        await pilot.press("n")  # the screen still takes keys
        await pilot.pause()
        assert isinstance(pilot.app.screen, FormScreen)


@drive
async def test_a_database_fault_while_a_screen_is_built_ends_with_one_plain_line(
    app, demo_ws, monkeypatch
):
    def malformed(*args, **kwargs):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(demo_ws.organisations, "list", malformed)
    async with app().run_test(size=SIZE) as pilot:
        # The partners key, without the Pilot waiting for a screen that never finishes.
        pilot.app.call_later(pilot.app.action_section, "partners")
        for _ in range(50):
            if not pilot.app.is_running:
                break
            await asyncio.sleep(0.05)
    assert pilot.app.return_code == 2
    assert pilot.app._exit_renderables == []  # no traceback (with the records it showed)
    message = pilot.app.fault_message
    assert "beschadigd" in message and "stadstafel check" in message and "\n" not in message


@drive
async def test_code_missing_behind_a_rows_enter_ends_with_one_plain_line(app, monkeypatch):
    """A row's Enter (a message handler, not a key's action) that imports a screen's module
    missing from the installation: one plain line naming the module and exit status 2, never
    a traceback (the handler that met it takes no more messages)."""
    from stadstafel.tui.screens import home

    def missing(*args, **kwargs):
        raise ModuleNotFoundError("No module named 'stadstafel.tui.screens.agenda'",
                                  name="stadstafel.tui.screens.agenda")  # fmt: skip

    monkeypatch.setattr(home, "open_agenda", missing)
    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        upcoming = pilot.app.screen.query_one("#upcoming")
        upcoming.focus()
        await pilot.pause()
        # Enter's action, without the Pilot waiting for a screen that never comes
        pilot.app.call_later(upcoming.action_select_cursor)
        for _ in range(50):
            if not pilot.app.is_running:
                break
            await asyncio.sleep(0.05)
    assert pilot.app.return_code == 2
    assert pilot.app._exit_renderables == []  # no traceback
    assert pilot.app.fault_title == "Installatiefout"
    assert "stadstafel.tui.screens.agenda" in pilot.app.fault_message
    assert "niet compleet" in pilot.app.fault_message
