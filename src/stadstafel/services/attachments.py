"""Documents attached to agenda items (vergaderstukken).

A partner attaches documents to its own agenda items until the meeting's submission deadline
(the contributor deadline is the item's); the chair and the secretary may attach to any item
until the minutes are adopted. Removing one follows the same rights, and ends when the agenda is
vastgesteld: what was sent out with the agenda stays with it (a correction is a new document).
The kind of a document is recognised from its content, never from its name, and must be one of
``[attachments] types``; its size is at most ``[attachments] max_mb``. The content is stored
once per SHA-256 in the database and only ever handed out again byte for byte, after its
checksum is checked: nothing is opened, parsed beyond recognising the kind, or executed.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from stadstafel import i18n, rules
from stadstafel.errors import StadstafelError, ValidationError
from stadstafel.permissions import allowed
from stadstafel.records import Record
from stadstafel.services.base import Service, now, parse_datetime
from stadstafel.textsafe import neutralise

DEFAULT_MAX_MB = 20
FIXED = ("verslag vastgesteld",)

ODF = "application/vnd.oasis.opendocument."
OOXML = "application/vnd.openxmlformats-officedocument."
_OOXML_PARTS = {
    "word/": OOXML + "wordprocessingml.document",
    "xl/": OOXML + "spreadsheetml.sheet",
    "ppt/": OOXML + "presentationml.presentation",
}


def _l(nl: str, en: str) -> str:
    return nl if i18n.language() == "nl" else en


def sniff(data: bytes, filename: str = "") -> str:
    """The media type of ``data``, recognised from its first bytes (and, for a zip, the names
    of its entries and an ODF's ``mimetype`` entry); ``application/octet-stream`` otherwise."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        import io
        import zipfile  # here, not at the top: the app's start imports every service

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = z.namelist()
                if names and names[0] == "mimetype":
                    kind = z.read("mimetype")[:100].decode("ascii", "replace").strip()
                    if kind.startswith(ODF):
                        return kind
                if "[Content_Types].xml" in names:
                    for prefix, kind in _OOXML_PARTS.items():
                        if any(n.startswith(prefix) for n in names):
                            return kind
        except (zipfile.BadZipFile, OSError, KeyError, ValueError):
            return "application/octet-stream"
        return "application/zip"
    if b"\x00" not in data[:8192]:
        try:
            data[:65536].decode("utf-8")
        except UnicodeDecodeError:
            return "application/octet-stream"
        return "text/csv" if filename.lower().endswith(".csv") else "text/plain"
    return "application/octet-stream"


def safe_filename(name: str) -> str:
    """The last part of ``name`` as one line of text: no folders, no leading dots, no control
    characters, at most 120 characters (the suffix kept)."""
    base = PurePosixPath(str(name).replace("\\", "/")).name
    base = neutralise(base, multiline=False).strip().lstrip(".").strip()
    if len(base) > 120:
        stem, dot, suffix = base.rpartition(".")
        base = (
            (stem[: 119 - len(suffix)] + dot + suffix) if dot and len(suffix) <= 10 else base[:120]
        )
    return base or "bijlage"


class Attachments(Service):
    table = "attachments"
    record = "attachment"
    fields = {}

    SELECT = (
        "SELECT x.id, x.agenda_item_id, x.filename, x.media_type, x.size, x.sha256,"
        " x.organisation_id, o.name AS organisation_name, x.version, x.created_at,"
        " x.created_at AS added_at, x.updated_by AS added_by"
        " FROM attachments x LEFT JOIN organisations o ON o.id = x.organisation_id"
    )

    def _limits(self) -> tuple[int, list[str]]:
        settings = getattr(self.ws.config, "attachments", None) or {}
        from stadstafel.config import ATTACHMENT_TYPES

        return (
            int(settings.get("max_mb", DEFAULT_MAX_MB)) * 1024 * 1024,
            list(settings.get("types", ATTACHMENT_TYPES)),
        )

    def _check_open(self, item: Record) -> None:
        """The right to change an item's documents, and its deadline."""
        self.require("agenda.submit", table_id=item.table_id, org_id=item.submitted_by_org_id)
        if item.meeting_id is None:
            return
        meeting = self.ws.meetings.get(item.meeting_id)
        if meeting.status in FIXED:
            raise ValidationError(
                i18n.t("meeting_closed", meeting=meeting.title, status=meeting.status)
            )
        manager = allowed(self.ws.actor, "agenda.manage", table_id=item.table_id)
        deadline = meeting.submission_deadline
        if not manager and deadline and rules.is_late(now(), parse_datetime(deadline)):
            when = i18n.format_datetime(deadline)
            raise ValidationError(
                {
                    "file": _l(
                        f"De termijn voor stukken bij deze vergadering is verstreken ({when}).",
                        f"The deadline for documents for this meeting has passed ({when}).",
                    )
                }
            )

    def check_open(self, agenda_item_id: int) -> None:
        """Raise unless the actor may attach to this item now (right and deadline): for a
        caller that must check before it reads a file."""
        self._check_open(self.ws.agenda.get(agenda_item_id))

    def _check_removable(self, item: Record) -> None:
        self._check_open(item)
        if item.meeting_id is None:
            return
        meeting = self.ws.meetings.get(item.meeting_id)
        if meeting.status != "gepland":
            raise ValidationError(
                {
                    "file": _l(
                        "De agenda is vastgesteld: de stukken die ermee zijn verstuurd blijven"
                        " (voeg zo nodig een nieuwe versie toe).",
                        "The agenda is set: the documents sent out with it stay"
                        " (add a new version if needed).",
                    )
                }
            )

    def can_add(self, agenda_item_id: int) -> bool:
        """May the actor attach to this item now? (For a screen that offers the key.)"""
        return self._may(self._check_open, agenda_item_id)

    def can_remove(self, agenda_item_id: int) -> bool:
        """May the actor remove this item's documents now?"""
        return self._may(self._check_removable, agenda_item_id)

    def _may(self, check, agenda_item_id: int) -> bool:
        try:
            check(self.ws.agenda.get(agenda_item_id))
        except StadstafelError:
            return False
        return True

    def importable(self, agenda_item_id: int) -> list[tuple[str, int]]:
        """The plain files in the imports folder (``[files] imports``) as (name, size), for a
        picker: only after the right to attach to this item was checked, so a refused user
        learns nothing of the server's files. Hidden files and links are left out."""
        import os

        from stadstafel.files import folder

        self.check_open(agenda_item_id)
        base = folder("import", self.ws.config)
        out = []
        try:
            entries = list(os.scandir(base))
        except OSError:
            return []
        for entry in entries:
            if entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
                continue
            try:
                out.append((entry.name, entry.stat(follow_symlinks=False).st_size))
            except OSError:
                continue
        return sorted(out, key=lambda row: row[0].casefold())

    def add_from_imports(self, agenda_item_id: int, name: str) -> Record:
        """Attach the file ``name`` from the imports folder (confined: ``stadstafel.files``);
        the right is checked before the path is looked at, and no more than the size limit
        (plus one byte, so the limit is reported) is read."""
        from pathlib import Path

        from stadstafel.files import open_for_reading

        self.check_open(agenda_item_id)
        max_bytes, _types = self._limits()
        with open_for_reading(name, "import", self.ws.config) as fh:
            data = fh.read(max_bytes + 1)
        return self.add(agenda_item_id, Path(name).name, data)

    def add(self, agenda_item_id: int, filename: str, data: bytes) -> Record:
        """Attach ``data`` (the document's bytes) to an agenda item as ``filename``."""
        item = self.ws.agenda.get(agenda_item_id)
        self._check_open(item)
        max_bytes, types = self._limits()
        name = safe_filename(filename)
        if not data:
            raise ValidationError({"file": _l(f"{name} is leeg.", f"{name} is empty.")})
        if len(data) > max_bytes:
            mb = max_bytes // (1024 * 1024)
            raise ValidationError(
                {"file": _l(f"{name} is groter dan {mb} MB.", f"{name} is larger than {mb} MB.")}
            )
        kind = sniff(data, name)
        if kind not in types:
            raise ValidationError(
                {
                    "file": _l(
                        f"{name} is van een soort die hier niet mag ({kind}).",
                        f"{name} is of a kind that is not allowed here ({kind}).",
                    )
                }
            )
        import hashlib

        digest = hashlib.sha256(data).hexdigest()
        with self.store.write_lock():
            self.store.conn.execute(
                "INSERT OR IGNORE INTO attachment_blobs (sha256, size, data) VALUES (?, ?, ?)",
                [digest, len(data), data],
            )
            return self.insert(
                {
                    "agenda_item_id": item.id,
                    "filename": name,
                    "media_type": kind,
                    "size": len(data),
                    "sha256": digest,
                    "organisation_id": item.submitted_by_org_id,
                },
                action="attach",
            )

    def of_item(self, agenda_item_id: int) -> list[Record]:
        return self.rows(
            f"{self.SELECT} WHERE x.agenda_item_id = ? ORDER BY x.id", [agenda_item_id]
        )

    def of_meeting(self, meeting_id: int) -> list[Record]:
        return self.rows(
            f"{self.SELECT} JOIN agenda_items a ON a.id = x.agenda_item_id"
            " WHERE a.meeting_id = ? ORDER BY x.agenda_item_id, x.id",
            [meeting_id],
        )

    def content(self, id: int) -> bytes:
        """The document's bytes, exactly as attached (its checksum is checked)."""
        att = self.get(id)
        row = self.store.query_one(
            "SELECT data FROM attachment_blobs WHERE sha256 = ?", [att.sha256]
        )
        data = bytes(row["data"]) if row else b""
        import hashlib

        if hashlib.sha256(data).hexdigest() != att.sha256:
            raise StadstafelError(
                _l(
                    f"Bijlage {att.filename} is beschadigd (controlegetal klopt niet).",
                    f"Attachment {att.filename} is damaged (checksum mismatch).",
                )
            )
        return data

    def delete(self, id: int, version: int | None = None) -> None:
        att = self.get(id)
        self._check_removable(self.ws.agenda.get(att.agenda_item_id))
        with self.store.write_lock():
            self.write_delete(id, version)
            self.store.conn.execute(
                "DELETE FROM attachment_blobs WHERE sha256 = ? AND NOT EXISTS"
                " (SELECT 1 FROM attachments WHERE sha256 = ?)",
                [att.sha256, att.sha256],
            )
