"""Documents as PDF/A-2a (tagged PDF 1.7, PDF/UA-1), typeset by Typst.

Final documents go out as PDF/A (Forum Standaardisatie: PDF 1.7 or later, NEN-ISO). Typst is an
optional extra (``stadstafel[pdf]``): without it these formats say how to install it.

The content goes to a fixed template (``templates/document.typ``) as JSON through
``sys_inputs``, never into the template's text, so nothing a person typed is read as Typst
markup. Only the fonts embedded in Typst are used (``ignore_system_fonts``) and no package is
imported, so the output is the same on every machine and nothing is fetched from the network.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from stadstafel import clock
from stadstafel.errors import ValidationError
from stadstafel.exports import Scope
from stadstafel.exports.documents import Document, Heading, ListBlock, Paragraph, build

if TYPE_CHECKING:
    from stadstafel.workspace import Workspace

STANDARDS = ["a-2a", "ua-1"]
ZONE = ZoneInfo("Europe/Amsterdam")


def _blocks(doc: Document) -> list[dict]:
    out = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append({"kind": "heading", "level": block.level, "text": block.text})
        elif isinstance(block, Paragraph):
            out.append({"kind": "paragraph", "text": block.text})
        elif isinstance(block, ListBlock):
            entries = [
                {"number": e.number, "text": e.text, "details": list(e.details)}
                for e in block.entries
            ]
            out.append({"kind": "list", "numbered": block.numbered, "entries": entries})
    return out


def render(doc: Document, *, author: str = "stadstafel", when: dt.datetime | None = None) -> bytes:
    try:
        import typst
    except ImportError:
        raise ValidationError(
            "PDF vraagt de extra 'pdf': installeer stadstafel[pdf] (Typst)."
        ) from None
    data = {
        "title": doc.title,
        "author": author,
        "lang": doc.language,
        "region": "nl" if doc.language == "nl" else "gb",
        "blocks": _blocks(doc),
    }
    template = files("stadstafel.exports").joinpath("templates/document.typ").read_bytes()
    moment = (when or clock.now()).replace(tzinfo=ZONE).astimezone(dt.UTC)
    return typst.compile(
        template,
        format="pdf",
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        pdf_standards=STANDARDS,
        timestamp=moment,
    )


def export(ws: Workspace, scope: Scope, kind: str) -> bytes:
    from stadstafel.exports import render_document

    return render_document(ws, build(ws, kind, scope.id), "pdf")
