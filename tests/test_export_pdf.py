"""Documents as PDF/A-2a, read back with pypdf: the text, the numbering and the PDF/A markers."""

from __future__ import annotations

import io
import re

import pytest
from test_export_documents import held  # noqa: F401 - the fixture

from stadstafel.exports import Scope, find, run

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("typst")

TYPST_HOSTILE = "#set text(fill: red) $x^2$ @ref <label> *vet* _schuin_ `code`"


def pdf(ws, name, scope):
    data = run(ws, find(name), scope)
    return data, pypdf.PdfReader(io.BytesIO(data))


def text_of(reader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_agenda_pdf_text_numbering_and_pdfa_markers(ws, held):  # noqa: F811
    data, reader = pdf(ws, "agenda-pdf", Scope("meeting", held.id))
    assert data.startswith(b"%PDF-1.7")
    xmp = reader.xmp_metadata.stream.get_data().decode("utf-8")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp
    assert "<pdfaid:conformance>A</pdfaid:conformance>" in xmp
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl-NL"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert "/OutputIntents" in root
    assert reader.metadata.title.startswith("Agenda ")
    text = text_of(reader)
    assert text.splitlines()[0] == "test"  # the workspace's name heads every page
    numbers = re.findall(r"^(\d+)\. ", text, flags=re.M)
    assert numbers == ["1", "2"]
    withdrawn_at = text.index("Ingetrokken\n")
    assert text.index("Ingetrokken onderwerp") > withdrawn_at
    assert "[b]vet[/b] <script>alert(1)</script> =1+1 *x* #" in text


def test_typst_markup_in_user_text_stays_text(ws, held, table_setup):  # noqa: F811
    current = ws.meetings.get(held.id)
    ws.meetings.update(held.id, current.version, title=TYPST_HOSTILE, location="#pagebreak()")
    for name in ("agenda-pdf", "verslag-pdf", "besluitenlijst-pdf"):
        _, reader = pdf(ws, name, Scope("meeting", held.id))
        text = text_of(reader)
        assert TYPST_HOSTILE in " ".join(text.split())  # the heading wraps: compare words
        assert "#pagebreak()" in text and len(reader.pages) == 1
    _, reader = pdf(ws, "missie-pdf", Scope("table", table_setup.table.id))
    assert "Nog niet ondertekend" in text_of(reader)


def test_same_input_same_bytes(ws, held):  # noqa: F811
    one = run(ws, find("besluitenlijst-pdf"), Scope("meeting", held.id))
    two = run(ws, find("besluitenlijst-pdf"), Scope("meeting", held.id))
    assert one == two


def test_without_typst_a_message_says_how_to_install(ws, held, monkeypatch):  # noqa: F811
    import sys

    from stadstafel.errors import ValidationError

    monkeypatch.setitem(sys.modules, "typst", None)  # import typst raises ImportError
    with pytest.raises(ValidationError) as info:
        run(ws, find("agenda-pdf"), Scope("meeting", held.id))
    assert "stadstafel[pdf]" in str(info.value)
