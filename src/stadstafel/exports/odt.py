"""Documents as ODT (OpenDocument Text), built through odfdo's element API.

User text only ever becomes the text of an element: odfdo escapes it for XML, so nothing a
person types is read as markup. An admin's house style (``[exports] odt_template``, an .ott) is
the starting point when configured: its styles, page layout, headers and footers stay, its
body is replaced.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from stadstafel.errors import ConfigError
from stadstafel.exports import Scope
from stadstafel.exports.documents import Document, Heading, ListBlock, Paragraph, build

if TYPE_CHECKING:
    from stadstafel.workspace import Workspace

BODY_STYLE = "Text_20_body"
# Detail lines under a numbered entry: indented. A house-style template may define a style of
# this name; otherwise it is added, derived from "Text body".
DETAIL_STYLE = "Stadstafel_20_Detail"


def _new_document(template: Path | None):
    from odfdo import Document as OdfDocument

    if template is None:
        doc = OdfDocument("text")
    else:
        try:
            doc = OdfDocument.new(template)
        except (OSError, ValueError, KeyError) as exc:
            raise ConfigError(
                "[exports]", "odt_template", "an .ott or .odt file", f"{template}: {exc}"
            ) from None
    doc.body.clear()
    if doc.get_style("paragraph", DETAIL_STYLE) is None:
        from odfdo import Style

        style = Style(
            "paragraph",
            name=DETAIL_STYLE,
            display_name="Stadstafel Detail",
            parent_style=BODY_STYLE,
            area="paragraph",
            margin_left="1cm",
        )
        doc.insert_style(style)
    return doc


def _paragraph(text: str, style: str):
    """A paragraph whose newlines are line breaks; the text is only ever element text."""
    from odfdo import LineBreak
    from odfdo import Paragraph as OdfParagraph

    para = OdfParagraph("", style=style)
    for i, part in enumerate(text.split("\n")):
        if i:
            para.append(LineBreak())
        if part:
            para.append(part)
    return para


def render(doc: Document, template: Path | None = None) -> bytes:
    from odfdo import Header

    odf = _new_document(template)
    body = odf.body
    for block in doc.blocks:
        if isinstance(block, Heading):
            heading = Header(block.level, block.text)
            # odfdo's Header drops its style argument: without the name a house style's
            # "Heading 1" would apply only through the template's outline numbering.
            heading.set_attribute("text:style-name", f"Heading_20_{block.level}")
            # No chapter numbers from the template's outline ("1.", "1.1."): the documents
            # number their items themselves. LibreOffice honours is-list-header for this.
            heading.set_attribute("text:is-list-header", "true")
            body.append(heading)
        elif isinstance(block, Paragraph):
            body.append(_paragraph(block.text, BODY_STYLE))
        elif isinstance(block, ListBlock):
            for entry in block.entries:
                label = entry.number if entry.number else "•"
                body.append(_paragraph(f"{label}\t{entry.text}", BODY_STYLE))
                for detail in entry.details:
                    body.append(_paragraph(detail, DETAIL_STYLE))
    meta = odf.meta
    meta.title = doc.title
    meta.language = "nl-NL" if doc.language == "nl" else "en-GB"
    out = io.BytesIO()
    odf.save(out)
    return out.getvalue()


def export(ws: Workspace, scope: Scope, kind: str) -> bytes:
    from stadstafel.exports import render_document

    return render_document(ws, build(ws, kind, scope.id), "odt")
