"""Export keys on the agenda, minutes and besluitenlijst screens: the formats that apply come
from the exporter registry, the file lands in the downloads folder in a terminal and is a
browser download under ``stadstafel serve``."""

from __future__ import annotations

import pytest
from support import drive

from stadstafel.tui.modals import PickerScreen
from stadstafel.tui.screens.agenda import AgendaScreen
from stadstafel.tui.screens.decisions import DecisionsScreen
from stadstafel.tui.screens.minutes import MinutesScreen

SIZE = (80, 24)


@pytest.fixture
def downloads(tmp_path, monkeypatch):
    folder = tmp_path / "Downloads"
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(folder))
    return folder


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


def held_meeting(ws):
    """A demo meeting whose minutes are adopted and that has decisions."""
    for meeting in ws.meetings.list(limit=500).rows:
        if meeting.status == "verslag vastgesteld" and ws.decisions.of_meeting(meeting.id):
            return meeting
    raise AssertionError("the demo has no adopted meeting with decisions")


async def open_picker(pilot, screen) -> PickerScreen:
    pilot.app.push_screen(screen)
    await pilot.pause()
    await pilot.press("E")
    await pilot.pause()
    picker = pilot.app.screen
    assert isinstance(picker, PickerScreen)
    return picker


async def choose(pilot, words: str) -> None:
    for ch in words:
        await pilot.press("space" if ch == " " else ch)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


@drive
async def test_agenda_key_offers_the_registry_formats_and_saves_to_downloads(
    app, demo_ws, downloads
):
    meeting = held_meeting(demo_ws)
    async with app().run_test(size=SIZE) as pilot:
        picker = await open_picker(pilot, AgendaScreen(meeting.id))
        offered = [value for _label, value in picker.options]
        meeting_formats = [e.name for e in demo_ws.exporters("meeting")]
        table_formats = [e.name for e in demo_ws.exporters("table")]
        assert [v[0] for v in offered if v[1] == "meeting"] == sorted(
            meeting_formats, key=lambda name: not name.startswith("agenda-")
        )
        assert {v[0] for v in offered if v[1] == "table"} == set(table_formats)
        assert {v[2] for v in offered} == {meeting.id, meeting.table_id}
        assert "open-data" not in {v[0] for v in offered}  # not about this meeting
        assert offered[0][0].startswith("agenda-")  # the screen's own document first
        await choose(pilot, "odt")  # the first match: the agenda as ODT
        assert isinstance(pilot.app.screen, AgendaScreen)
        written = downloads / f"agenda-odt-meeting-{meeting.id}.odt"
        assert written.read_bytes()[:2] == b"PK"
        assert any(written.name in m for m in notifications(pilot.app))
        # a second export of the same document does not overwrite the first
        await pilot.press("E")
        await pilot.pause()
        await choose(pilot, "odt")
        assert (downloads / f"agenda-odt-meeting-{meeting.id}-2.odt").exists()


@drive
async def test_minutes_key_puts_the_minutes_first_and_writes_docx(app, demo_ws, downloads):
    docx = pytest.importorskip("docx")
    meeting = held_meeting(demo_ws)
    async with app().run_test(size=SIZE) as pilot:
        picker = await open_picker(pilot, MinutesScreen(meeting.id))
        assert picker.options[0][1][0].startswith("verslag-")
        await choose(pilot, "word")
        written = downloads / f"verslag-docx-meeting-{meeting.id}.docx"
        document = docx.Document(str(written))
        assert document.paragraphs[0].text.startswith("Verslag ")


@drive
async def test_besluitenlijst_key_exports_the_highlighted_decisions_meeting(
    app, demo_ws, downloads
):
    meeting = held_meeting(demo_ws)
    async with app().run_test(size=SIZE) as pilot:
        pilot.app.push_screen(DecisionsScreen(meeting.table_id))
        await pilot.pause()
        await pilot.press("down")  # from the filter to the list
        await pilot.pause()
        screen = pilot.app.screen
        while screen.list_view.current_record.meeting_id != meeting.id:
            await pilot.press("down")
            await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        picker = pilot.app.screen
        assert isinstance(picker, PickerScreen)
        assert picker.options[0][1] == ("besluitenlijst-md", "meeting", meeting.id)
        await pilot.press("enter")
        await pilot.pause()
        written = downloads / f"besluitenlijst-md-meeting-{meeting.id}.md"
        assert written.read_text(encoding="utf-8").startswith("# Besluitenlijst ")


@drive
async def test_under_serve_the_file_is_a_browser_download(app, demo_ws, downloads, monkeypatch):
    from stadstafel.tui.app import StadstafelApp

    meeting = held_meeting(demo_ws)
    delivered = []
    monkeypatch.setattr(StadstafelApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(
        StadstafelApp,
        "deliver_binary",
        lambda self, data, **kw: delivered.append((data.read(), kw)),
    )
    async with app().run_test(size=SIZE) as pilot:
        await open_picker(pilot, AgendaScreen(meeting.id))
        await pilot.press("enter")  # the first: the agenda as Markdown
        await pilot.pause()
        assert len(delivered) == 1
        data, kw = delivered[0]
        assert data.startswith(b"# Agenda ")
        name = f"agenda-md-meeting-{meeting.id}.md"
        assert kw["save_filename"] == name and kw["mime_type"].startswith("text/markdown")
        assert any(name in m for m in notifications(pilot.app))
    assert not downloads.exists() or not any(downloads.iterdir())  # nothing on the server
