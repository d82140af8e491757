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


def export(demo_dir, *args, login=None, data_home=None):
    """``stadstafel export``; with ``data_home`` the default [files] folders lie inside it
    (``<data_home>/stadstafel/exports`` and ``imports``)."""
    who = ["--as", login] if login else []
    env = {"XDG_DATA_HOME": str(data_home)} if data_home else None
    return run("--config", str(demo_dir / "stadstafel.toml"), *who, "export", *args, env=env)


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
    csv = export(demo_dir, "woningbouw-csv")
    assert csv.returncode == 0, csv.stderr
    assert csv.stdout.count("\n") > 2 and "," in csv.stdout.splitlines()[0]


def test_ics_per_table_to_a_file_and_mine_to_stdout(demo_dir, tmp_path):
    out = export(
        demo_dir,
        "ics",
        "--table",
        "Samenwerkingstafel Woningbouw",
        "-o",
        "woningbouw.ics",
        data_home=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    folder = tmp_path / "stadstafel" / "exports"  # relative names go into the exports folder
    target = folder / "woningbouw.ics"
    cal = Calendar.from_ical(target.read_bytes())
    assert cal.walk("VEVENT") and str(cal["x-wr-calname"]) == "Samenwerkingstafel Woningbouw"
    again = export(demo_dir, "ics", "--table", "1", "-o", "woningbouw.ics", data_home=tmp_path)
    assert again.returncode != 0 and "--force" in again.stderr  # no silent overwrite
    forced = export(
        demo_dir, "ics", "--table", "1", "-o", "woningbouw.ics", "--force", data_home=tmp_path
    )
    assert forced.returncode == 0, forced.stderr
    assert [p.name for p in folder.iterdir()] == ["woningbouw.ics"]  # no temporary left
    mine = export(demo_dir, "ics", "--mine", login="portaal")
    assert mine.returncode == 0, mine.stderr
    assert Calendar.from_ical(mine.stdout.encode()).walk("VEVENT")


def test_documents_from_the_command(demo_dir, tmp_path):
    meetings = json.loads(
        run(
            "--config", str(demo_dir / "stadstafel.toml"), "meetings", "list", "--format", "json"
        ).stdout
    )
    held = next(m for m in meetings if m["status"] == "verslag vastgesteld" and m["items"])
    md = export(demo_dir, "verslag-md", "--meeting", str(held["id"]))
    assert md.returncode == 0 and md.stdout.startswith("# Verslag ")
    odt = export(
        demo_dir,
        "verslag-odt",
        "--meeting",
        str(held["id"]),
        "-o",
        "verslag.odt",
        data_home=tmp_path,
    )
    assert odt.returncode == 0, odt.stderr
    target = tmp_path / "stadstafel" / "exports" / "verslag.odt"
    doc = OdfDocument(io.BytesIO(target.read_bytes()))
    assert doc.meta.title.startswith("Verslag ")
    word = export(
        demo_dir,
        "besluitenlijst-docx",
        "--meeting",
        str(held["id"]),
        "-o",
        "b.docx",
        data_home=tmp_path,
    )
    assert word.returncode == 0, word.stderr
    docx = pytest.importorskip("docx")
    document = docx.Document(str(tmp_path / "stadstafel" / "exports" / "b.docx"))
    assert document.paragraphs[0].text.startswith("Besluitenlijst ")


def test_faults_are_messages(demo_dir, tmp_path):
    unknown = export(demo_dir, "docx", "--meeting", "1")
    assert unknown.returncode != 0 and "docx" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    wrong_scope = export(demo_dir, "agenda-md", "--table", "Samenwerkingstafel Woningbouw")
    assert wrong_scope.returncode != 0 and "agenda-md" in wrong_scope.stderr
    no_table = export(demo_dir, "ics", "--table", "Bestaat niet")
    assert no_table.returncode != 0 and "Traceback" not in no_table.stderr
    folder = tmp_path / "stadstafel" / "exports"
    folder.mkdir(parents=True)
    (tmp_path / "elsewhere").write_text("keep")
    (folder / "link.ics").symlink_to(tmp_path / "elsewhere")
    link = export(demo_dir, "ics", "--table", "1", "-o", "link.ics", "--force", data_home=tmp_path)
    assert link.returncode != 0 and (tmp_path / "elsewhere").read_text() == "keep"
    outside = export(
        demo_dir, "ics", "--table", "1", "-o", str(tmp_path / "x.ics"), data_home=tmp_path
    )
    assert outside.returncode != 0 and not (tmp_path / "x.ics").exists()
    assert "Traceback" not in outside.stderr
    missing = export(demo_dir, "ics", "--table", "1", "-o", "nope/x.ics", data_home=tmp_path)
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
    env = {"XDG_DATA_HOME": str(tmp_path)}
    imports = tmp_path / "stadstafel" / "imports"
    imports.mkdir(parents=True)
    (imports / "notitie.pdf").write_bytes(b"%PDF-1.7\n% notitie\n")
    refused = run(*cfg, "--as", "lezer", "agenda", "attach", str(item["id"]), "geheim.pdf", env=env)
    # a reader is refused before any file is looked at: not even whether one exists shows
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "mag" in refused.stderr and "niet gevonden" not in refused.stderr
    outside = tmp_path / "elders.pdf"
    outside.write_bytes(b"%PDF-1.7\n")
    out = run(
        *cfg, "--as", "secretaris", "agenda", "attach", str(item["id"]), str(outside), env=env
    )
    assert out.returncode != 0 and "buiten de map" in out.stderr
    done = run(
        *cfg, "--as", "secretaris", "agenda", "attach", str(item["id"]), "notitie.pdf", env=env
    )
    assert done.returncode == 0, done.stderr
    listed = json.loads(
        run(*cfg, "agenda", "attachments", str(item["id"]), "--format", "json").stdout
    )
    assert [a["filename"] for a in listed] == ["notitie.pdf"]
    out = export(
        demo_dir,
        "vergaderstukken",
        "--meeting",
        str(meeting["id"]),
        "-o",
        "pack.zip",
        data_home=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    pack = tmp_path / "stadstafel" / "exports" / "pack.zip"
    import zipfile

    names = zipfile.ZipFile(pack).namelist()
    assert any(n.endswith("-notitie.pdf") for n in names) and names[0] == "inhoud.txt"
