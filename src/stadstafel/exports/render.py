"""A plugin's own document in the core's document formats.

A plugin builds a ``Document`` from blocks (``Heading``, ``Paragraph``, ``ListBlock`` of
``Entry``; the same model the core's agenda and minutes use, see ``documents``) and turns it
into a file with ``render_document(document, fmt, workspace)``: each format escapes user
text for its own syntax (Markdown backslashes, ODT element text, Typst through JSON), so a
plugin never writes markup itself. ``DOCUMENT_FORMATS`` lists the formats with their media
type and suffix, for registering one exporter per format.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from stadstafel.errors import ValidationError
from stadstafel.exports.documents import Document


class DocumentFormat(NamedTuple):
    name: str  # "md", "odt", "pdf": the suffix of an exporter's name (``<plugin>-x-md``)
    label: str  # as shown beside the document's own label: "Markdown", "ODT", "PDF/A"
    media_type: str
    suffix: str  # the file suffix, without the dot


DOCUMENT_FORMATS: tuple[DocumentFormat, ...] = (
    DocumentFormat("md", "Markdown", "text/markdown; charset=utf-8", "md"),
    DocumentFormat("odt", "ODT", "application/vnd.oasis.opendocument.text", "odt"),
    DocumentFormat("pdf", "PDF/A", "application/pdf", "pdf"),
)


def render_document(document: Document, fmt: str, workspace: Any = None) -> bytes:
    """``document`` as the bytes of format ``fmt`` (one of ``DOCUMENT_FORMATS``' names).

    With ``workspace``, ODT starts from its house style (``[exports] odt_template``) and PDF
    names the workspace as author. PDF needs the ``pdf`` extra (Typst): without it this is a
    ``ValidationError`` saying how to install it."""
    config = getattr(workspace, "config", None)
    if fmt == "md":
        from stadstafel.exports import markdown

        return markdown.render(document).encode("utf-8")
    if fmt == "odt":
        from stadstafel.exports import odt

        exports = getattr(config, "exports", None) or {}
        return odt.render(document, exports.get("odt_template"))
    if fmt == "pdf":
        from stadstafel.exports import pdf

        author = getattr(config, "workspace_name", "") or "stadstafel"
        return pdf.render(document, author=author)
    known = ", ".join(f.name for f in DOCUMENT_FORMATS)
    raise ValidationError(f"unknown document format '{fmt}' (known: {known})")
