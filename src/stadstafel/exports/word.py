"""Documents as DOCX (Office Open XML) for partners who ask for Word, through python-docx.

ODT stays the revisable format of record (Forum Standaardisatie); DOCX is an optional extra
(``stadstafel[docx]``): without python-docx these formats say in one line how to install it.

The content is the same :class:`~stadstafel.exports.documents.Document` the other formats
render: headings, paragraphs (newlines as line breaks), numbered entries ``"1.<tab>title"`` with
indented detail lines. User text only ever becomes the text of a run: python-docx escapes it
for XML, so nothing a person typed is read as markup.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from stadstafel import i18n
from stadstafel.errors import ValidationError
from stadstafel.exports import Scope
from stadstafel.exports.documents import Document, Heading, ListBlock, Paragraph, build

if TYPE_CHECKING:
    from stadstafel.workspace import Workspace

DETAIL_INDENT_CM = 1.0


def _docx():
    try:
        import docx
    except ImportError:
        raise ValidationError(
            i18n.L(
                "DOCX vraagt de extra 'docx': installeer stadstafel[docx] (python-docx).",
                "DOCX needs the 'docx' extra: install stadstafel[docx] (python-docx).",
            )
        ) from None
    return docx


def _lines(paragraph, text: str) -> None:
    """``text`` as runs of ``paragraph``, each newline a line break."""
    for i, part in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if i:
            run.add_break()
        run.add_text(part)


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _set_language(document, language: str) -> None:
    """The document's proofing language on the Normal style (``w:lang``), so Word checks the
    spelling in Dutch (or English) rather than the reader's default."""
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(_qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(_qn("w:lang"), {})
        rpr.append(lang)
    lang.set(_qn("w:val"), language)


def render(doc: Document, *, author: str = "stadstafel") -> bytes:
    docx = _docx()
    from docx.shared import Cm

    out_doc = docx.Document()
    language = "nl-NL" if doc.language == "nl" else "en-GB"
    _set_language(out_doc, language)
    for block in doc.blocks:
        if isinstance(block, Heading):
            heading = out_doc.add_heading("", level=min(max(block.level, 0), 9))
            _lines(heading, block.text)
        elif isinstance(block, Paragraph):
            _lines(out_doc.add_paragraph(), block.text)
        elif isinstance(block, ListBlock):
            for entry in block.entries:
                label = entry.number if entry.number else "•"
                _lines(out_doc.add_paragraph(), f"{label}\t{entry.text}")
                for detail in entry.details:
                    para = out_doc.add_paragraph()
                    para.paragraph_format.left_indent = Cm(DETAIL_INDENT_CM)
                    _lines(para, detail)
    props = out_doc.core_properties
    props.title = doc.title
    props.language = language
    props.author = author
    out = io.BytesIO()
    out_doc.save(out)
    return out.getvalue()


def export(ws: Workspace, scope: Scope, kind: str) -> bytes:
    author = getattr(ws.config, "workspace_name", "") or "stadstafel"
    return render(build(ws, kind, scope.id), author=author)
