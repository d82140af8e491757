"""Documents attached to agenda items, and the meeting pack that carries them."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from support import make_config

from stadstafel import clock
from stadstafel.errors import PermissionDenied, StadstafelError, ValidationError
from stadstafel.exports import Scope, find, run
from stadstafel.services.attachments import safe_filename, sniff
from stadstafel.workspace import Workspace

PDF = b"%PDF-1.7\n% a document\n" + b"x" * 2000
USERS = {
    "pim": ("pim@example.org", "gebruiker"),  # Portaal, a partner
    "sam": ("secr@example.org", "gebruiker"),  # the table's secretary
}


@pytest.fixture
def items(ws, table_setup):
    s = table_setup
    m = s.meetings[0]
    own = ws.agenda.submit(s.table.id, "Doorstroming", meeting_id=m.id, org_id=s.portaal.id)
    other = ws.agenda.submit(s.table.id, "Sleutels", meeting_id=m.id, org_id=s.sleutels.id)
    gone = ws.agenda.submit(s.table.id, "Weg", meeting_id=m.id, org_id=s.portaal.id)
    return {"own": own, "other": other, "gone": gone, "meeting": m}


def as_user(db_path, login):
    return Workspace.open(make_config(db_path, users=USERS), login=login)


def test_partner_attaches_to_its_own_item_until_the_deadline(db_path, items):
    with as_user(db_path, "pim") as pim:
        att = pim.attachments.add(items["own"].id, "notitie.pdf", PDF)
        assert att.media_type == "application/pdf" and att.size == len(PDF)
        assert att.sha256 == hashlib.sha256(PDF).hexdigest()
        assert pim.attachments.content(att.id) == PDF
        assert [a.filename for a in pim.attachments.of_item(items["own"].id)] == ["notitie.pdf"]
        with pytest.raises(PermissionDenied):
            pim.attachments.add(items["other"].id, "notitie.pdf", PDF)
        clock.freeze("2027-01-08 09:00")  # after the meeting's submission deadline (7 January)
        with pytest.raises(ValidationError) as info:
            pim.attachments.add(items["own"].id, "laat.pdf", PDF)
        assert "termijn" in str(info.value)
    with as_user(db_path, "sam") as sam:  # the secretary may still add one
        assert sam.attachments.add(items["own"].id, "nagekomen.pdf", PDF).id


def test_kind_from_content_size_limit_and_safe_names(ws, items):
    item = items["own"].id
    with pytest.raises(ValidationError):
        ws.attachments.add(item, "rapport.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 100)
    plain = ws.attachments.add(item, "rapport.pdf", b"=1+1 just text")
    assert plain.media_type == "text/plain"  # the name says pdf, the content does not
    ws.config.attachments = {"max_mb": 1, "types": ["application/pdf"]}
    with pytest.raises(ValidationError):
        ws.attachments.add(item, "groot.pdf", b"%PDF-" + b"x" * (1024 * 1024))
    with pytest.raises(ValidationError):
        ws.attachments.add(item, "tekst.txt", b"now not allowed")
    hostile = ws.attachments.add(item, "../../etc/pass\x1bwd <script>.pdf", PDF)
    assert hostile.filename == "pass\ufffdwd <script>.pdf"
    assert safe_filename("..\\..\\.bashrc") == "bashrc" and safe_filename("/") == "bijlage"
    odt = run(ws, find("agenda-odt"), Scope("meeting", items["meeting"].id))
    assert sniff(odt) == "application/vnd.oasis.opendocument.text"


def test_stored_once_checked_on_the_way_out_removed_with_the_last_use(ws, items):
    a = ws.attachments.add(items["own"].id, "a.pdf", PDF)
    b = ws.attachments.add(items["other"].id, "b.pdf", PDF)
    blobs = lambda: ws.store.scalar("SELECT count(*) FROM attachment_blobs")  # noqa: E731
    assert blobs() == 1
    ws.attachments.delete(a.id, a.version)
    assert blobs() == 1 and ws.attachments.content(b.id) == PDF
    with ws.store.write_lock():
        ws.store.conn.execute("UPDATE attachment_blobs SET data = ?", [b"%PDF-changed"])
    with pytest.raises(StadstafelError):
        ws.attachments.content(b.id)
    ws.attachments.delete(b.id, b.version)
    assert blobs() == 0


def test_attachments_travel_with_backup_and_restore(ws, items, tmp_path, db_path):
    from stadstafel.backup import known_migrations, restore
    from stadstafel.migrations import core

    att = ws.attachments.add(items["own"].id, "a.pdf", PDF)
    copy = ws.maintenance.backup(tmp_path / "backup.db")
    with Workspace.open(make_config(copy), login="admin") as copied:
        assert copied.attachments.content(att.id) == PDF
    ws.attachments.delete(att.id, att.version)  # gone here, and its content with it
    assert ws.store.scalar("SELECT count(*) FROM attachment_blobs") == 0
    ws.close()
    restore(db_path, copy, known_migrations([core]))
    with Workspace.open(make_config(db_path), login="admin") as restored:
        assert restored.attachments.content(att.id) == PDF
        assert restored.attachments.of_item(items["own"].id)[0].filename == "a.pdf"


def test_meeting_pack_holds_agenda_index_and_documents(ws, items):
    ws.attachments.add(items["own"].id, "notitie.pdf", PDF)
    ws.attachments.add(items["own"].id, "../bijlage 2.txt", b"tweede stuk")
    ws.attachments.add(items["gone"].id, "weg.pdf", PDF)
    ws.agenda.withdraw(items["gone"].id, ws.agenda.get(items["gone"].id).version)
    scope = Scope("meeting", items["meeting"].id)
    data = run(ws, find("vergaderstukken"), scope)
    z = zipfile.ZipFile(io.BytesIO(data))
    names = z.namelist()
    assert names[0] == "inhoud.txt" and names[1].startswith("00-agenda.")
    assert names[2:] == ["stukken/01-1-notitie.pdf", "stukken/01-2-bijlage 2.txt"]
    assert z.read("stukken/01-1-notitie.pdf") == PDF
    index = z.read("inhoud.txt").decode("utf-8")
    assert "1. Doorstroming" in index and "2. Sleutels\n   (geen stukken)" in index
    assert hashlib.sha256(PDF).hexdigest() in index and "Weg" not in index
    assert all(".." not in n and not n.startswith("/") for n in names)
    assert run(ws, find("vergaderstukken"), scope) == data  # the same pack, the same bytes
