"""The documents (stukken) of one agenda item: list, attach from the imports folder, remove.

    AttachmentsScreen(item_id)    pushed from a meeting's agenda (``s``)

The list shows each document's name, kind, size, organisation and when it was added. ``n``
offers the plain files in the imports folder (``[files] imports``; the right to attach is
checked before the folder is looked at) and attaches the chosen one through the service, which
checks the right, the deadline, the kind and the size; ``d`` removes the highlighted document
after a confirmation (audited; the service refuses it once the agenda is vastgesteld). The
meeting pack (``vergaderstukken``) carries what is listed here.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from stadstafel.records import Record
from stadstafel.tui.calls import call_service
from stadstafel.tui.modals import ConfirmScreen, PickerScreen
from stadstafel.tui.styles import SCREEN_CSS
from stadstafel.tui.text import L, plain
from stadstafel.tui.widgets.base import StadstafelScreen, bind
from stadstafel.tui.widgets.lists import RecordTable, clip

KINDS = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "text/plain": "tekst",
    "text/csv": "CSV",
    "application/zip": "zip",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.oasis.opendocument.presentation": "ODP",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
}


def kind_text(media_type: str | None) -> str:
    """A short name for a media type: ``PDF``, ``ODT``; the type itself when unknown."""
    short = KINDS.get(media_type or "", media_type or "")
    return L("tekst", "text") if short == "tekst" else short


def size_text(size: int | None) -> str:
    """``980 B``, ``12 kB``, ``3,4 MB`` (a decimal comma in Dutch)."""
    size = int(size or 0)
    if size < 1000:
        return f"{size} B"
    if size < 1000 * 1000:
        return f"{round(size / 1000)} kB"
    text = f"{size / 1000 / 1000:.1f} MB"
    return L(text.replace(".", ","), text)


class AttachmentsScreen(StadstafelScreen):
    """One agenda item's documents."""

    TITLE_NL = "Stukken"
    TITLE_EN = "Documents"
    DEFAULT_CSS = (
        SCREEN_CSS
        + """
    AttachmentsScreen #attachments { height: 1fr; }
    AttachmentsScreen #attachments-head, AttachmentsScreen #attachments-status {
        height: auto; padding: 0 1;
    }
    """
    )
    BINDINGS = [
        bind("n", "add", "Toevoegen", "Add", id="attachments.add"),
        bind("d", "remove", "Verwijderen", "Remove", id="attachments.remove"),
        bind("escape", "back", "Terug", "Back", id="attachments.back"),
    ]

    def __init__(self, item_id: int) -> None:
        super().__init__()
        self.item_id = item_id
        self.item: Record | None = None
        self._allowed: set[str] = set()

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="attachments-head", markup=False)
        yield RecordTable(
            [
                (L("Bestand", "File"), 30),
                (L("Soort", "Kind"), 6),
                (L("Grootte", "Size"), 8),
                (L("Organisatie", "Organisation"), 14),
                (L("Toegevoegd", "Added"), 10),
            ],
            cells=self._cells,
            id="attachments",
        )
        yield Static("", id="attachments-status", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.refresh_data()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#attachments", RecordTable)

    @staticmethod
    def _cells(att: Record) -> list[Any]:
        return [
            plain(clip(att.filename, 30)),
            Text(kind_text(att.media_type)),
            Text(size_text(att.size), justify="right"),
            plain(clip(att.organisation_name or "", 14)),
            Text((att.added_at or "")[:10]),
        ]

    def refresh_data(self) -> None:
        item = call_service(self, self.ws.agenda.get, self.item_id)
        if item is None:
            return
        self.item = item
        rows = call_service(self, self.ws.attachments.of_item, self.item_id) or []
        self.query_one("#attachments-head", Static).update(
            L(f"Agendapunt: {clip(item.title, 66)}", f"Agenda item: {clip(item.title, 66)}")
        )
        self.table.show(rows)
        total = sum(int(r.size or 0) for r in rows)
        settings = getattr(self.ws.config, "attachments", None) or {}
        limit = settings.get("max_mb", 20)
        self.query_one("#attachments-status", Static).update(
            L(
                f"{len(rows)} stuk(ken), samen {size_text(total)} · hoogstens {limit} MB per stuk"
                " · uit de importmap",
                f"{len(rows)} document(s), {size_text(total)} together · at most {limit} MB each"
                " · from the imports folder",
            )
        )
        allowed = set()
        if self.ws.attachments.can_add(self.item_id):
            allowed.add("add")
        if rows and self.ws.attachments.can_remove(self.item_id):
            allowed.add("remove")
        if allowed != self._allowed:
            self._allowed = allowed
            self.refresh_bindings()

    def footer_hides(self, action: str) -> bool:
        return action in ("add", "remove") and action not in self._allowed

    # -- actions ------------------------------------------------------------------------------
    def action_add(self) -> None:
        """Pick a file in the imports folder (listed only after the right was checked)."""
        files = call_service(self, self.ws.attachments.importable, self.item_id)
        if files is None:
            return
        if not files:
            self.app.notify(
                L(
                    "De importmap is leeg: zet het stuk daar eerst neer.",
                    "The imports folder is empty: put the document there first.",
                ),
                severity="warning",
            )
            return
        options = [(f"{name}  ({size_text(size)})", name) for name, size in files]

        def chosen(name: str | None) -> None:
            if name is None:
                return
            att = call_service(self, self.ws.attachments.add_from_imports, self.item_id, name)
            if att is not None:
                self.app.notify(
                    L(f"Toegevoegd: {att.filename}", f"Added: {att.filename}"), markup=False
                )
                self.refresh_data()
                self.table.select_key(att.id)

        self.app.push_screen(
            PickerScreen(L("Stuk uit de importmap", "Document from the imports folder"), options),
            chosen,
        )

    def action_remove(self) -> None:
        att = self.table.current_record
        if att is None:
            return

        def remove() -> bool:
            self.ws.attachments.delete(att.id, att.version)
            return True

        def answered(yes: bool | None) -> None:
            if yes and call_service(self, remove):
                self.app.notify(
                    L(f"Verwijderd: {att.filename}", f"Removed: {att.filename}"), markup=False
                )
                self.refresh_data()

        self.app.push_screen(
            ConfirmScreen(
                L(f"Stuk {att.filename} verwijderen?", f"Remove document {att.filename}?")
            ),
            answered,
        )

    def action_back(self) -> None:
        self.dismiss(None)
