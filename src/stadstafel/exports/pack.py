"""The meeting pack (vergaderstukken): one zip per meeting that the secretary sends or publishes.

In it, in this order: ``inhoud.txt`` (what is in the pack, per agenda item, with each
document's size and SHA-256), the agenda (``00-agenda.pdf``, PDF/A when the pdf extra is
installed, else ``00-agenda.odt``), and per numbered agenda item its documents as
``stukken/<item number>-<n>-<file name>``. Withdrawn and postponed items' documents stay out.
Entry names are made from safe file names only (no folders, no ``..``); every entry has the
meeting's date, so the same pack comes out as the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from stadstafel import i18n
from stadstafel.errors import ValidationError
from stadstafel.exports import Scope
from stadstafel.exports.documents import agenda as agenda_document
from stadstafel.exports.documents import line, numbered_agenda, tr
from stadstafel.services.attachments import safe_filename

if TYPE_CHECKING:
    from stadstafel.workspace import Workspace


def _size(n: int) -> str:
    return f"{n / 1024:.0f} kB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _agenda_file(ws: Workspace, meeting_id: int) -> tuple[str, bytes]:
    from stadstafel.exports import odt, pdf

    doc = agenda_document(ws, meeting_id)
    try:
        return "00-agenda.pdf", pdf.render(doc, author=getattr(ws.config, "workspace_name", ""))
    except ValidationError:  # the pdf extra is not installed
        template = (getattr(ws.config, "exports", None) or {}).get("odt_template")
        return "00-agenda.odt", odt.render(doc, template)


def export(ws: Workspace, scope: Scope) -> bytes:
    ag = numbered_agenda(ws, scope.id)
    meeting = ag.meeting
    year, month, day = (int(x) for x in meeting.starts_at[:10].split("-"))
    stamp = (year, month, day, 0, 0, 0)
    by_item: dict[int, list] = {}
    for att in ws.attachments.of_meeting(meeting.id):
        by_item.setdefault(att.agenda_item_id, []).append(att)

    files: list[tuple[str, bytes]] = [_agenda_file(ws, meeting.id)]
    index = [
        f"{tr('Vergaderstukken', 'Meeting pack')}: {line(meeting.title)}",
        f"{line(meeting.table_name)} · {i18n.format_datetime(meeting.starts_at)}",
        "",
        f"{files[0][0]}  {tr('de agenda', 'the agenda')}",
        "",
    ]
    for number, item in ag.items:
        index.append(f"{number}. {line(item.title)}")
        documents = by_item.get(item.id, [])
        if not documents:
            index.append(f"   {tr('(geen stukken)', '(no documents)')}")
        for n, att in enumerate(documents, start=1):
            name = f"stukken/{number:02d}-{n}-{safe_filename(att.filename)}"
            files.append((name, ws.attachments.content(att.id)))
            index.append(f"   {name}  {_size(att.size)}  sha256 {att.sha256}")
        index.append("")

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in [("inhoud.txt", "\n".join(index).encode("utf-8")), *files]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return out.getvalue()
