"""A plugin's own document in the core's formats (``stadstafel.render_document``): the same
escaping as the core's documents, through the public names only."""

from __future__ import annotations

import io

import pytest

import stadstafel
from stadstafel import (
    DOCUMENT_FORMATS,
    Document,
    Entry,
    Heading,
    ListBlock,
    Paragraph,
    ValidationError,
    render_document,
)

HOSTILE = "*vet* <b>x</b> #set text(fill: red) [@click=quit]"


def _doc() -> Document:
    return Document(
        "Leerkring",
        (
            Heading(1, "Leerkring: " + HOSTILE),
            Paragraph("regel een\nregel twee"),
            ListBlock((Entry(None, "Casus: " + HOSTILE, ("van Ilse",)),), numbered=False),
        ),
        "nl",
    )


def test_the_formats_are_listed_with_media_type_and_suffix():
    assert [(f.name, f.suffix) for f in DOCUMENT_FORMATS] == [
        ("md", "md"), ("odt", "odt"), ("pdf", "pdf")]  # fmt: skip
    assert {"render_document", "Document", "DOCUMENT_FORMATS"} <= set(stadstafel.__all__)


def test_markdown_escapes_user_text():
    md = render_document(_doc(), "md").decode("utf-8")
    assert md.startswith("# Leerkring: \\*vet\\* \\<b\\>x\\</b\\> \\#set")
    assert "- Casus: \\*vet\\*" in md and "van Ilse" in md


def test_odt_reads_back_as_text():
    from odfdo import Document as OdfDocument

    odt = OdfDocument(io.BytesIO(render_document(_doc(), "odt")))
    texts = [str(el.text_recursive) for el in odt.body.children]
    heading, paragraph, entry, detail = texts
    assert (heading, entry) == ("Leerkring: " + HOSTILE, "•\tCasus: " + HOSTILE)
    assert (paragraph, detail) == ("regel een\nregel twee", "van Ilse")
    assert odt.meta.title == "Leerkring"


def test_pdf_keeps_typst_markup_as_text():
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("typst")
    data = render_document(_doc(), "pdf")
    assert data.startswith(b"%PDF-1.7")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "#set text(fill: red)" in text


def test_an_unknown_format_is_a_message():
    with pytest.raises(ValidationError, match="unknown document format 'rtf'"):
        render_document(_doc(), "rtf")
