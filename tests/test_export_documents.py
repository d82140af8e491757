"""Agenda, verslag, besluitenlijst and mission as Markdown (golden files) and ODT (read back)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from odfdo import Document as OdfDocument

from stadstafel.exports import Scope, find, run

GOLDEN = Path(__file__).parent / "golden"
HOSTILE = "[b]vet[/b] <script>alert(1)</script> =1+1 *x* # \x1b[31mrood\x07"


@pytest.fixture
def held(ws, table_setup):
    """A held meeting: four items (one withdrawn in the middle, one postponed), minutes,
    decisions, an action and a toezegging; and a signed mission."""
    s = table_setup
    m = s.meetings[0]
    ws.meetings.update(m.id, m.version, location="Stadhuis, Burgerzaal")
    a = ws.agenda.submit(
        s.table.id,
        "Doorstroming senioren",
        meeting_id=m.id,
        org_id=s.portaal.id,
        person_id=s.partner.id,
        description="Wat kan de tafel doen?\nTwee voorstellen.",
        purpose="besluitvorming",
        duration_minutes=30,
    )
    b = ws.agenda.submit(s.table.id, "Ingetrokken onderwerp", meeting_id=m.id)
    c = ws.agenda.submit(s.table.id, HOSTILE, meeting_id=m.id, org_id=s.sleutels.id)
    d = ws.agenda.submit(s.table.id, "Participatie nieuwbouw", meeting_id=m.id)
    ws.agenda.withdraw(b.id, b.version)
    for item in (a, c, d):
        item = ws.agenda.accept(item.id, ws.agenda.get(item.id).version)
    ws.meetings.set_agenda(m.id, ws.meetings.get(m.id).version)  # minutes from then on
    ws.agenda.postpone(d.id, ws.agenda.get(d.id).version)
    ws.agenda.handled(a.id, ws.agenda.get(a.id).version, minutes="Besproken.\n1. eerst dit")
    ws.agenda.handled(c.id, ws.agenda.get(c.id).version, minutes=HOSTILE)
    ws.decisions.record_decision(
        m.id,
        "De tafel start een pilot doorstroming.",
        agenda_item_id=a.id,
        review_date="2027-06-01",
    )
    ws.actions.create(
        table_id=s.table.id,
        text="Pilot uitwerken",
        owner_org_id=s.portaal.id,
        owner_person_id=s.partner.id,
        due="2027-02-01",
        meeting_id=m.id,
        agenda_item_id=a.id,
    )
    ws.actions.create(
        table_id=s.table.id,
        text="Cijfers aanleveren",
        kind="toezegging",
        owner_org_id=s.gemeente.id,
        due="2027-01-28",
        meeting_id=m.id,
    )
    ws.meetings.set_status(m.id, ws.meetings.get(m.id).version, "gehouden")
    ws.missions.revise(s.table.id, "Samen bouwen we " + HOSTILE, adopted_on="2026-12-01")
    ws.missions.sign(s.table.id, s.gemeente.id, person_id=s.secretary.id)
    ws.missions.sign(s.table.id, s.portaal.id, person_id=s.partner.id)
    return m


CASES = [
    ("agenda", "meeting"),
    ("verslag", "meeting"),
    ("besluitenlijst", "meeting"),
    ("missie", "table"),
]


def _scope(kind, held, table_setup):
    return Scope("meeting", held.id) if kind == "meeting" else Scope("table", table_setup.table.id)


@pytest.mark.parametrize(("doc", "kind"), CASES)
def test_markdown_matches_golden_file(ws, held, table_setup, doc, kind):
    out = run(ws, find(f"{doc}-md"), _scope(kind, held, table_setup)).decode("utf-8")
    golden = GOLDEN / f"{doc}.md"
    if os.environ.get("STADSTAFEL_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def test_markdown_user_text_is_data(ws, held, table_setup):
    for doc, kind in CASES:
        md = run(ws, find(f"{doc}-md"), _scope(kind, held, table_setup)).decode("utf-8")
        html = _html(md)
        assert "\x1b" not in md and "\x07" not in md
        assert "<script>" not in html and "<em>" not in html and "<strong>[b]" not in html
        if doc != "besluitenlijst":  # the others carry the hostile title or minutes
            assert "\ufffd" in md  # control characters neutralised
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
            assert "[b]vet[/b]" in html and "*x* #" in html  # *x* stays literal, no emphasis
            assert "=1+1" in html
    agenda = _html(run(ws, find("agenda-md"), Scope("meeting", held.id)).decode())
    # one numbered list of the two items on the agenda: no gap where the withdrawn one was
    assert agenda.count("<ol>") == 1 and agenda.count("<li>") == 2 + 2  # + withdrawn, postponed
    ol = agenda[agenda.index("<ol>") : agenda.index("</ol>")]
    assert ol.count("<li>") == 2 and "Ingetrokken onderwerp" not in ol
    assert "Ingetrokken onderwerp" in agenda[agenda.index("Ingetrokken</h2>") :]


def _odt(ws, name, scope) -> tuple[bytes, OdfDocument]:
    data = run(ws, find(name), scope)
    return data, OdfDocument(io.BytesIO(data))


def _paragraph_texts(doc: OdfDocument) -> list[str]:
    return [str(el.text_recursive) for el in doc.body.children if el.tag in ("text:p", "text:h")]


def test_odt_reads_back_numbered_without_gaps_withdrawn_apart(ws, held):
    data, doc = _odt(ws, "agenda-odt", Scope("meeting", held.id))
    z = zipfile.ZipFile(io.BytesIO(data))
    first = z.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    texts = _paragraph_texts(doc)
    numbered = [t for t in texts if t[:1].isdigit() and "\t" in t]
    assert [t.split("\t")[0] for t in numbered] == ["1.", "2."]
    assert numbered[0].endswith("Doorstroming senioren")
    assert numbered[1].split("\t", 1)[1].startswith("[b]vet[/b] <script>")
    withdrawn_at = texts.index("Ingetrokken")
    assert any("Ingetrokken onderwerp" in t for t in texts[withdrawn_at:])
    assert not any("Ingetrokken onderwerp" in t for t in texts[:withdrawn_at])
    assert doc.meta.title.startswith("Agenda ")
    headings = [el for el in doc.body.children if el.tag == "text:h"]
    assert headings and all(h.get_attribute("text:is-list-header") for h in headings)
    # each heading names its style, so a house style's "Heading 1" and "Heading 2" apply
    assert [h.get_attribute("text:style-name") for h in headings[:2]] == [
        "Heading_20_1",
        "Heading_20_2",
    ]


def check_minutes_decisions_mission(lines, held, table_setup) -> None:
    """What the minutes, the besluitenlijst and the mission hold, in any document format;
    ``lines(name, scope)`` reads one back as its paragraphs' texts."""
    text = "\n".join(lines("verslag", Scope("meeting", held.id)))
    assert "De tafel start een pilot doorstroming." in text
    assert "Pilot uitwerken" in text and "Cijfers aanleveren" in text
    assert "Toezegging" in text and "Besproken." in text
    assert HOSTILE.replace("\x1b", "\ufffd").replace("\x07", "\ufffd") in text
    text = "\n".join(lines("besluitenlijst", Scope("meeting", held.id)))
    assert "B1.\tDe tafel start een pilot doorstroming." in text
    assert "Bij agendapunt 1" in text
    text = "\n".join(lines("missie", Scope("table", table_setup.table.id)))
    assert "Gemeente Leiden, Sam Secretaris" in text and "De Sleutels" in text
    assert text.index("De Sleutels") > text.index("Nog niet ondertekend")


def test_odt_minutes_and_decisions_read_back(ws, held, table_setup):
    def lines(name, scope):
        return _paragraph_texts(_odt(ws, f"{name}-odt", scope)[1])

    check_minutes_decisions_mission(lines, held, table_setup)


def test_odt_user_text_never_becomes_markup(ws, held):
    data, _ = _odt(ws, "verslag-odt", Scope("meeting", held.id))
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode("utf-8")
    assert "<script>" not in content and "&lt;script&gt;" in content
    assert "\x1b" not in content


def test_odt_house_style_template_is_used(ws, held, tmp_path):
    from odfdo import Style

    template = OdfDocument("text")
    template.body.clear()
    template.insert_style(
        Style("paragraph", name="Huisstijl_20_Leiden", display_name="Huisstijl Leiden")
    )
    path = tmp_path / "huisstijl.ott"
    template.save(path)
    ws.config.exports = {"odt_template": path}
    _, doc = _odt(ws, "agenda-odt", Scope("meeting", held.id))
    assert doc.get_style("paragraph", "Huisstijl_20_Leiden") is not None
    assert any(t.startswith("1.\t") for t in _paragraph_texts(doc))
    ws.config.exports = {}
    _, plain = _odt(ws, "agenda-odt", Scope("meeting", held.id))
    assert plain.get_style("paragraph", "Huisstijl_20_Leiden") is None


def test_scope_must_fit_the_format(ws, held):
    from stadstafel.errors import ValidationError

    with pytest.raises(ValidationError):
        run(ws, find("agenda-md"), Scope("table", 1))
    with pytest.raises(ValidationError):
        find("docx")


def test_odt_opens_in_libreoffice(ws, held, tmp_path):
    """Where LibreOffice is installed: it converts our ODT, and what it shows has the items
    numbered once (no chapter numbers before the headings) and the user text as text."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    pypdf = pytest.importorskip("pypdf")
    source = tmp_path / "verslag.odt"
    source.write_bytes(run(ws, find("verslag-odt"), Scope("meeting", held.id)))
    done = subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(tmp_path / "verslag.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert text.startswith("Verslag Samenwerkingstafel Woningbouw")
    assert "\nBesluiten\n" in text and "1.1." not in text
    assert "[b]vet[/b] <script>alert(1)</script>" in text


def test_attendance_in_the_minutes_when_the_workspace_has_a_register(ws, held):
    """The attendance register (being added beside this) shows as sections of the minutes."""
    from types import SimpleNamespace

    rows = [
        {"person_name": "Pim Portaal", "organisation_name": "Portaal", "status": "aanwezig"},
        {
            "person_name": "Stella",
            "organisation_name": "De Sleutels",
            "status": "afwezig met bericht",
        },
        {"person_name": "Niet genoteerd", "organisation_name": "X", "status": None},
    ]
    ws.attendance = SimpleNamespace(of_meeting=lambda meeting_id: rows)
    try:
        md = run(ws, find("verslag-md"), Scope("meeting", held.id)).decode()
    finally:
        del ws.attendance
    assert "## Aanwezig\n\n- Pim Portaal (Portaal)" in md
    assert "## Afwezig met bericht\n\n- Stella (De Sleutels)" in md
    assert "Niet genoteerd" not in md
    assert md.index("## Aanwezig") < md.index("## Verslag per agendapunt")


def test_render_document_for_a_plugin_in_every_format(ws):
    """The public ``render_document``: a plugin's own document through the core's renderers,
    user text escaped for each; an unknown format is a message."""
    import stadstafel
    from stadstafel import Document, Entry, Heading, ListBlock, Paragraph, render_document

    doc = Document(
        "Plan",
        (
            Heading(1, HOSTILE),
            Paragraph("Tekst\nmet regel"),
            ListBlock((Entry(None, HOSTILE, ("detail",)),), numbered=False),
        ),
        "nl",
    )
    md = render_document(ws, doc, "md").decode("utf-8")
    assert md.startswith("# \\[b\\]vet") and "\x1b" not in md and "\x07" not in md
    assert "<script>" not in md and "\\<script\\>" in md
    odt = OdfDocument(io.BytesIO(render_document(ws, doc, "odt")))
    assert any("<script>alert(1)</script>" in t for t in _paragraph_texts(odt))
    assert odt.meta.title == "Plan"
    assert render_document(ws, doc, "pdf").startswith(b"%PDF")
    assert render_document(ws, doc, "docx").startswith(b"PK")
    assert set(stadstafel.DOCUMENT_FORMATS) == {"md", "odt", "pdf", "docx"}
    with pytest.raises(stadstafel.ValidationError, match="rtf"):
        render_document(ws, doc, "rtf")
