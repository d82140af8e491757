"""``stadstafel export`` as a secretary or a timer runs it."""

from __future__ import annotations

import io
import json

import pytest
from icalendar import Calendar
from odfdo import Document as OdfDocument
from test_cli import run


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    target = tmp_path_factory.mktemp("demo") / "leiden"
    assert run("demo", "--create", str(target)).returncode == 0
    return target


def export(demo_dir, *args, login=None):
    who = ["--as", login] if login else []
    return run("--config", str(demo_dir / "stadstafel.toml"), *who, "export", *args)


def test_list_names_core_and_plugin_formats(demo_dir):
    out = export(demo_dir, "--list")
    assert out.returncode == 0, out.stderr
    names = [line.split()[0] for line in out.stdout.splitlines()]
    for name in (
        "ics",
        "agenda-md",
        "agenda-odt",
        "verslag-odt",
        "besluitenlijst-md",
        "missie-odt",
        "open-data",
    ):
        assert name in names
    assert "woningbouw-csv" in names  # a plugin's exporter, through the same command


def test_ics_per_table_to_a_file_and_mine_to_stdout(demo_dir, tmp_path):
    target = tmp_path / "woningbouw.ics"
    out = export(demo_dir, "ics", "--table", "Samenwerkingstafel Woningbouw", "-o", str(target))
    assert out.returncode == 0, out.stderr
    cal = Calendar.from_ical(target.read_bytes())
    assert cal.walk("VEVENT") and str(cal["x-wr-calname"]) == "Samenwerkingstafel Woningbouw"
    mine = export(demo_dir, "ics", "--mine", login="portaal")
    assert mine.returncode == 0, mine.stderr
    assert Calendar.from_ical(mine.stdout.encode()).walk("VEVENT")
    assert [p.name for p in tmp_path.iterdir()] == ["woningbouw.ics"]  # no temporary left


def test_documents_from_the_command(demo_dir, tmp_path):
    meetings = json.loads(
        run(
            "--config", str(demo_dir / "stadstafel.toml"), "meetings", "list", "--format", "json"
        ).stdout
    )
    held = next(m for m in meetings if m["status"] == "verslag vastgesteld" and m["items"])
    md = export(demo_dir, "verslag-md", "--meeting", str(held["id"]))
    assert md.returncode == 0 and md.stdout.startswith("# Verslag ")
    target = tmp_path / "verslag.odt"
    odt = export(demo_dir, "verslag-odt", "--meeting", str(held["id"]), "-o", str(target))
    assert odt.returncode == 0, odt.stderr
    doc = OdfDocument(io.BytesIO(target.read_bytes()))
    assert doc.meta.title.startswith("Verslag ")


def test_faults_are_messages(demo_dir, tmp_path):
    unknown = export(demo_dir, "docx", "--meeting", "1")
    assert unknown.returncode != 0 and "docx" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    wrong_scope = export(demo_dir, "agenda-md", "--table", "Samenwerkingstafel Woningbouw")
    assert wrong_scope.returncode != 0 and "agenda-md" in wrong_scope.stderr
    no_table = export(demo_dir, "ics", "--table", "Bestaat niet")
    assert no_table.returncode != 0 and "Traceback" not in no_table.stderr
    (tmp_path / "elsewhere").write_text("keep")
    (tmp_path / "link.ics").symlink_to(tmp_path / "elsewhere")
    link = export(demo_dir, "ics", "--table", "1", "-o", str(tmp_path / "link.ics"))
    assert link.returncode != 0 and (tmp_path / "elsewhere").read_text() == "keep"
    missing = export(demo_dir, "ics", "--table", "1", "-o", str(tmp_path / "nope" / "x.ics"))
    assert missing.returncode != 0 and "Traceback" not in missing.stderr


def test_attach_from_the_command_and_the_pack_carries_it(demo_dir, tmp_path):
    cfg = ["--config", str(demo_dir / "stadstafel.toml")]
    meetings = json.loads(
        run(
            *cfg,
            "meetings",
            "list",
            "--table",
            "Samenwerkingstafel Woningbouw",
            "--from",
            "2027-01-04",
            "--format",
            "json",
        ).stdout
    )
    meeting = next(m for m in meetings if m["items"])
    items = json.loads(run(*cfg, "agenda", "show", str(meeting["id"]), "--format", "json").stdout)
    item = next(i for i in items if i["status"] in ("ingediend", "geagendeerd"))
    doc = tmp_path / "notitie.pdf"
    doc.write_bytes(b"%PDF-1.7\n% notitie\n")
    done = run(*cfg, "--as", "secretaris", "agenda", "attach", str(item["id"]), str(doc))
    assert done.returncode == 0, done.stderr
    refused = run(*cfg, "--as", "lezer", "agenda", "attach", str(item["id"]), str(doc))
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    (tmp_path / "link.pdf").symlink_to(doc)
    link = run(
        *cfg, "--as", "secretaris", "agenda", "attach", str(item["id"]), str(tmp_path / "link.pdf")
    )
    assert link.returncode != 0
    listed = json.loads(
        run(*cfg, "agenda", "attachments", str(item["id"]), "--format", "json").stdout
    )
    assert [a["filename"] for a in listed] == ["notitie.pdf"]
    pack = tmp_path / "pack.zip"
    out = export(demo_dir, "vergaderstukken", "--meeting", str(meeting["id"]), "-o", str(pack))
    assert out.returncode == 0, out.stderr
    import zipfile

    names = zipfile.ZipFile(pack).namelist()
    assert any(n.endswith("-notitie.pdf") for n in names) and names[0] == "inhoud.txt"
