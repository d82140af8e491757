"""Documents as DOCX (the ``docx`` extra), read back with python-docx."""

from __future__ import annotations

import io
import zipfile

import pytest
from test_export_documents import (  # noqa: F401 - held: the fixture
    HOSTILE,
    check_minutes_decisions_mission,
    held,
)

from stadstafel.exports import Scope, find, run

docx = pytest.importorskip("docx")

SHOWN = HOSTILE.replace("\x1b", "\ufffd").replace("\x07", "\ufffd")


def read(ws, name, scope):
    data = run(ws, find(name), scope)
    return data, docx.Document(io.BytesIO(data))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_agenda_numbered_without_gaps_withdrawn_apart(ws, held):  # noqa: F811
    data, document = read(ws, "agenda-docx", Scope("meeting", held.id))
    assert data[:2] == b"PK"
    lines = texts(document)
    numbered = [t for t in lines if t[:1].isdigit() and "\t" in t]
    assert [t.split("\t")[0] for t in numbered] == ["1.", "2."]
    assert numbered[0].endswith("Doorstroming senioren")
    assert numbered[1] == f"2.\t{SHOWN}"
    withdrawn_at = lines.index("Ingetrokken")
    assert any("Ingetrokken onderwerp" in t for t in lines[withdrawn_at:])
    assert not any("Ingetrokken onderwerp" in t for t in lines[:withdrawn_at])
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings and headings[0].text.startswith("Agenda ")
    assert document.core_properties.title.startswith("Agenda ")
    assert document.core_properties.language == "nl-NL"
    page = document.sections[0]
    assert (round(page.page_width.cm, 1), round(page.page_height.cm, 1)) == (21.0, 29.7)  # A4
    props = document.core_properties
    assert props.author == "test" and props.comments == ""  # the workspace's name, no ad
    assert props.created.year == 2027 and props.modified == props.created  # the clock's now
    # a description's newline is a line break inside one paragraph, not a second paragraph
    assert "Wat kan de tafel doen?\nTwee voorstellen." in "\n".join(lines)


def test_minutes_decisions_and_mission_read_back(ws, held, table_setup):  # noqa: F811
    def lines(name, scope):
        return texts(read(ws, f"{name}-docx", scope)[1])

    check_minutes_decisions_mission(lines, held, table_setup)
    _, document = read(ws, "verslag-docx", Scope("meeting", held.id))
    details = [p for p in document.paragraphs if p.paragraph_format.left_indent]
    assert details, "detail lines under a numbered entry are indented"


def test_same_content_as_the_odt(ws, held):  # noqa: F811
    """DOCX and ODT render one document: the same lines in the same order."""
    from odfdo import Document as OdfDocument

    for name in ("agenda", "verslag", "besluitenlijst"):
        _, document = read(ws, f"{name}-docx", Scope("meeting", held.id))
        odt = OdfDocument(io.BytesIO(run(ws, find(f"{name}-odt"), Scope("meeting", held.id))))
        odt_lines = [
            str(el.text_recursive) for el in odt.body.children if el.tag in ("text:p", "text:h")
        ]
        assert texts(document) == odt_lines


def test_user_text_never_becomes_markup(ws, held):  # noqa: F811
    data, _ = read(ws, "verslag-docx", Scope("meeting", held.id))
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "\x1b" not in body


def test_without_python_docx_one_line_says_how_to_install(ws, held, monkeypatch):  # noqa: F811
    import sys

    from stadstafel.errors import ValidationError

    monkeypatch.setitem(sys.modules, "docx", None)  # import docx raises ImportError
    with pytest.raises(ValidationError) as info:
        run(ws, find("agenda-docx"), Scope("meeting", held.id))
    message = str(info.value)
    assert "stadstafel[docx]" in message and "\n" not in message
