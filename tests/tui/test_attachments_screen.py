"""Documents on an agenda item from the app: attach from the imports folder, list, remove;
rights and deadline from the service, the meeting pack carries them."""

from __future__ import annotations

import io
import zipfile

import pytest
from support import drive
from test_attachments import PDF, as_user, items  # noqa: F401 - items: the fixture

from stadstafel import clock
from stadstafel.exports import Scope, find, run
from stadstafel.tui.modals import ConfirmScreen, PickerScreen
from stadstafel.tui.screens.agenda import AgendaScreen
from stadstafel.tui.screens.attachments import AttachmentsScreen

SIZE = (80, 24)


@pytest.fixture
def imports(tmp_path, monkeypatch):
    """The default imports folder ($XDG_DATA_HOME/stadstafel/imports) with a document, a
    hidden file, a program and a link to a file outside it."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = tmp_path / "data" / "stadstafel" / "imports"
    folder.mkdir(parents=True)
    (folder / "notitie.pdf").write_bytes(PDF)
    (folder / ".verborgen.pdf").write_bytes(PDF)
    (folder / "programma.pdf").write_bytes(b"\x7fELF\x02\x01\x01" + b"\x00" * 100)
    (tmp_path / "geheim.pdf").write_bytes(PDF)
    (folder / "link.pdf").symlink_to(tmp_path / "geheim.pdf")
    return folder


def make_app(ws):
    from stadstafel.tui.app import StadstafelApp

    return StadstafelApp(ws, few_colours=False)


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


def footer_keys(screen) -> set[str]:
    return {
        b.action
        for _n, b, _e, _t in screen.active_bindings.values()
        if b.show and not screen.footer_hides(b.action)
    }


async def open_documents(pilot, meeting_id: int, item_id: int) -> AttachmentsScreen:
    pilot.app.push_screen(AgendaScreen(meeting_id))
    await pilot.pause()
    agenda = pilot.app.screen
    assert agenda.table.select_key(item_id)
    await pilot.press("s")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, AttachmentsScreen) and screen.item_id == item_id
    return screen


@drive
async def test_secretary_attaches_from_the_imports_folder_lists_and_removes(
    db_path,
    items,  # noqa: F811
    imports,
):
    meeting, item = items["meeting"], items["own"]
    with as_user(db_path, "sam") as sam:
        app = make_app(sam)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_documents(pilot, meeting.id, item.id)
            assert footer_keys(screen) >= {"add", "back"} and "remove" not in footer_keys(screen)
            await pilot.press("n")
            await pilot.pause()
            picker = pilot.app.screen
            assert isinstance(picker, PickerScreen)
            # plain files only: no hidden file, no link out of the folder
            assert [value for _label, value in picker.options] == ["notitie.pdf", "programma.pdf"]
            await pilot.press("enter")
            await pilot.pause()
            assert pilot.app.screen is screen
            (att,) = sam.attachments.of_item(item.id)
            assert att.filename == "notitie.pdf" and att.media_type == "application/pdf"
            row = " ".join(str(c) for c in screen.table.get_row_at(0))
            assert "notitie.pdf" in row and "PDF" in row and "2 kB" in row
            assert "Toegevoegd: notitie.pdf" in notifications(pilot.app)
            assert "remove" in footer_keys(screen)
            # the meeting pack carries it
            pack = zipfile.ZipFile(io.BytesIO(run(sam, find("vergaderstukken"), Scope(
                "meeting", meeting.id))))  # fmt: skip
            assert any(n.endswith("notitie.pdf") for n in pack.namelist())
            # a program named .pdf is refused by its content, and nothing is attached
            await pilot.press("n")
            await pilot.pause()
            for ch in "programma":
                await pilot.press(ch)
            await pilot.press("enter")
            await pilot.pause()
            assert len(sam.attachments.of_item(item.id)) == 1
            assert any("niet mag" in m for m in notifications(pilot.app))
            # remove, after a confirmation; audited
            await pilot.press("d")
            await pilot.pause()
            assert isinstance(pilot.app.screen, ConfirmScreen)
            await pilot.press("j")
            await pilot.pause()
            assert sam.attachments.of_item(item.id) == []
            assert screen.table.row_count == 0
            trail = sam.audit.recent(5, record_type="attachment", record_id=att.id)
            assert [a.action for a in trail][:2] == ["delete", "attach"]
            assert trail[0].actor == "sam"


@drive
async def test_a_partner_sees_no_files_for_another_organisations_item(
    db_path,
    items,  # noqa: F811
    imports,
):
    with as_user(db_path, "pim") as pim:
        app = make_app(pim)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_documents(pilot, items["meeting"].id, items["other"].id)
            assert "add" not in footer_keys(screen)
            await pilot.press("n")  # the key still says why
            await pilot.pause()
            assert pilot.app.screen is screen  # no picker: the folder was never listed
            assert not any("notitie" in m for m in notifications(pilot.app))
            assert notifications(pilot.app)
            # its own item, before the deadline: it may
            pilot.app.pop_screen()
            await pilot.pause()
            pilot.app.pop_screen()
            await pilot.pause()
            screen = await open_documents(pilot, items["meeting"].id, items["own"].id)
            assert "add" in footer_keys(screen)
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert [a.filename for a in pim.attachments.of_item(items["own"].id)] == ["notitie.pdf"]
            clock.freeze("2027-01-08 09:00")  # after the submission deadline (7 January)
            screen.refresh_data()
            await pilot.pause()
            assert not {"add", "remove"} & footer_keys(screen)
            await pilot.press("d")
            await pilot.pause()
            await pilot.press("j")
            await pilot.pause()
            assert len(pim.attachments.of_item(items["own"].id)) == 1  # refused: too late
            assert any("termijn" in m for m in notifications(pilot.app))


def test_once_the_agenda_is_set_documents_stay(db_path, items, imports):  # noqa: F811
    """The secretary may add a late document but not remove what went out with the agenda."""
    from stadstafel.errors import ValidationError

    meeting, item = items["meeting"], items["own"]
    with as_user(db_path, "sam") as sam:
        att = sam.attachments.add_from_imports(item.id, "notitie.pdf")
        assert sam.attachments.can_remove(item.id)
        for it in (items["own"], items["other"], items["gone"]):
            sam.agenda.accept(it.id, sam.agenda.get(it.id).version)
        sam.meetings.set_agenda(meeting.id, sam.meetings.get(meeting.id).version)
        assert not sam.attachments.can_remove(item.id) and sam.attachments.can_add(item.id)
        with pytest.raises(ValidationError) as info:
            sam.attachments.delete(att.id, att.version)
        assert "vastgesteld" in str(info.value)
        assert sam.attachments.add_from_imports(item.id, "notitie.pdf").id  # a late one: yes


def test_the_size_limit_and_links_out_of_the_imports_folder(
    db_path,
    items,  # noqa: F811
    imports,
):
    from stadstafel.errors import ValidationError

    (imports / "groot.pdf").write_bytes(b"%PDF-" + b"x" * (2 * 1024 * 1024))
    with as_user(db_path, "sam") as sam:
        sam.config.attachments = {"max_mb": 1}
        with pytest.raises(ValidationError) as info:
            sam.attachments.add_from_imports(items["own"].id, "groot.pdf")
        assert "1 MB" in str(info.value)
        with pytest.raises(ValidationError):  # a link out of the folder
            sam.attachments.add_from_imports(items["own"].id, "link.pdf")
