"""Documents, calendars and open data out of a workspace.

Each format is a module here with pure functions from records (read through the services,
never SQL) to bytes. This module lists them as exporters in the shape the plugin kit's exporter
hook uses: a name, a label in Dutch and English, a media type, a file suffix, the scopes it
takes, and ``function(workspace, scope) -> bytes``.

Nothing heavy is imported here: a format's module (icalendar, odfdo, typst, python-docx) is
imported when it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Any, NamedTuple

from stadstafel.errors import ValidationError

# The document formats (suffix -> media type) live in the kit's module, imported at start: a
# plugin registers its document exporters with them without importing this package.
from stadstafel.exporting import DOCUMENT_FORMATS, DOCX, MD, ODT

if TYPE_CHECKING:
    from stadstafel.workspace import Workspace

__all__ = [
    "CORE_EXPORTERS",
    "DOCUMENT_FORMATS",
    "SCOPES",
    "Exporter",
    "Scope",
    "find",
    "render_document",
    "run",
]

# What an export covers: the whole workspace ("none"), one table, one meeting, or the tables
# of the user ("mine"). The first three are the plugin kit's scopes (stadstafel.exporting).
SCOPES = ("none", "table", "meeting", "mine")


class Scope(NamedTuple):
    """The shape of the kit's ``ExportScope``: formats read only ``kind`` and ``id``."""

    kind: str = "none"  # one of SCOPES
    id: int | None = None  # the table's or meeting's id
    record: Any = None  # the table or meeting record, when the caller read it


class Exporter(NamedTuple):
    name: str
    label_nl: str
    label_en: str
    media_type: str
    suffix: str  # without the dot
    scopes: tuple[str, ...]
    function: Callable[[Workspace, Scope], bytes]
    plugin: str = "stadstafel"


def _lazy(module: str, function: str, *args: Any) -> Callable[[Workspace, Scope], bytes]:
    def call(workspace: Workspace, scope: Scope) -> bytes:
        return getattr(import_module(f"stadstafel.exports.{module}"), function)(
            workspace, scope, *args
        )

    call.__name__ = f"{module}_{function}"
    return call


_DOCUMENTS = (
    ("agenda", "Agenda", "Agenda", ("meeting",)),
    ("verslag", "Verslag", "Minutes", ("meeting",)),
    ("besluitenlijst", "Besluitenlijst", "Decisions list", ("meeting",)),
    ("missie", "Missie en ondertekening", "Mission and signatories", ("table",)),
)

CORE_EXPORTERS: tuple[Exporter, ...] = (
    Exporter(
        "ics",
        "Agenda voor je kalender (iCalendar)",
        "Calendar feed (iCalendar)",
        "text/calendar; charset=utf-8",
        "ics",
        ("table", "mine"),
        _lazy("ics", "export"),
    ),
    *(
        Exporter(
            f"{doc}-{fmt}",
            f"{nl} ({label})",
            f"{en} ({label})",
            media,
            suffix,
            scopes,
            _lazy(module, "export", doc),
        )
        for doc, nl, en, scopes in _DOCUMENTS
        for fmt, label, media, suffix, module in (
            ("md", "Markdown", MD, "md", "markdown"),
            ("odt", "ODT", ODT, "odt", "odt"),
            ("pdf", "PDF/A", "application/pdf", "pdf", "pdf"),
            ("docx", "Word", DOCX, "docx", "word"),
        )
    ),
    Exporter(
        "vergaderstukken",
        "Vergaderstukken: agenda en bijlagen (zip)",
        "Meeting pack: agenda and attachments (zip)",
        "application/zip",
        "zip",
        ("meeting",),
        _lazy("pack", "export"),
    ),
    Exporter(
        "open-data",
        "Open data (JSON, Popolo en OpenBesluitvorming)",
        "Open data (JSON, Popolo and OpenBesluitvorming)",
        "application/json",
        "json",
        ("none",),
        _lazy("opendata", "export"),
    ),
)


def find(name: str, exporters: tuple[Exporter, ...] | list[Exporter] = CORE_EXPORTERS) -> Exporter:
    for exporter in exporters:
        if exporter.name == name:
            return exporter
    known = ", ".join(e.name for e in exporters)
    raise ValidationError(
        {"format": f"onbekend exportformaat '{name}' (bekend: {known})"}
        if _nl()
        else {"format": f"unknown export format '{name}' (known: {known})"}
    )


def run(workspace: Workspace, exporter: Exporter, scope: Scope) -> bytes:
    """The exported bytes; a scope the exporter does not take is a ValidationError."""
    if scope.kind not in exporter.scopes:
        takes = ", ".join(exporter.scopes)
        raise ValidationError(
            f"'{exporter.name}' exporteert per {takes}, niet per {scope.kind}"
            if _nl()
            else f"'{exporter.name}' exports per {takes}, not per {scope.kind}"
        )
    return exporter.function(workspace, scope)


def render_document(workspace: Workspace, doc: Any, fmt: str) -> bytes:
    """``doc`` (a ``documents.Document``) as a file in format ``fmt`` ("md", "odt", "pdf",
    "docx"),
    with the workspace's house style: the ODT template of ``[exports] odt_template`` and the
    workspace's name as the PDF's author. PDF needs the extra ``stadstafel[pdf]``. Every text
    of ``doc`` is neutralised first (control characters), so a plugin's document is data
    whatever it holds."""
    doc = _neutralised(doc)
    if fmt == "md":
        from stadstafel.exports.markdown import render

        return render(doc).encode("utf-8")
    if fmt == "odt":
        from stadstafel.exports.odt import render as odt

        config = workspace.config
        return odt(doc, config.exports.get("odt_template") if hasattr(config, "exports") else None)
    if fmt == "pdf":
        from stadstafel.exports.pdf import render as pdf

        return pdf(doc, author=getattr(workspace.config, "workspace_name", "") or "stadstafel")
    if fmt == "docx":
        from stadstafel.exports.word import render as word

        return word(doc, author=getattr(workspace.config, "workspace_name", "") or "stadstafel")
    known = ", ".join(DOCUMENT_FORMATS)
    raise ValidationError(
        f"onbekend documentformaat '{fmt}' (bekend: {known})"
        if _nl()
        else f"unknown document format '{fmt}' (known: {known})"
    )


def _neutralised(doc: Any) -> Any:
    from stadstafel.exports.documents import Entry, Heading, ListBlock, Paragraph
    from stadstafel.textsafe import neutralise

    def clean(block: Any) -> Any:
        if isinstance(block, Heading):
            return Heading(block.level, neutralise(block.text, multiline=False))
        if isinstance(block, Paragraph):
            return Paragraph(neutralise(block.text))
        if isinstance(block, ListBlock):
            entries = tuple(
                Entry(
                    e.number and neutralise(e.number, multiline=False),
                    neutralise(e.text),
                    tuple(neutralise(d) for d in e.details),
                )
                for e in block.entries
            )
            return ListBlock(entries, block.numbered)
        return block

    return doc._replace(
        title=neutralise(doc.title, multiline=False), blocks=tuple(clean(b) for b in doc.blocks)
    )


def _nl() -> bool:
    from stadstafel import i18n

    return i18n.language() == "nl"
