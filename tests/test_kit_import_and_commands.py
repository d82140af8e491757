"""The kit's import helpers and the CLI opener for a plugin's commands, used as a plugin author
uses them (``stadstafel`` and ``stadstafel.testing`` only): a file chosen from the imports
folder, read as text, its problems written the one way, an all-or-nothing refusal carrying its
report; and a command that opens the workspace and turns every fault into a message with an
exit status, in the configured language."""

from __future__ import annotations

from dataclasses import dataclass, field

import click
import pytest
from click.testing import CliRunner

from stadstafel import (
    ValidationError,
    command_workspace,
    import_error_lines,
    import_files,
    read_import_text,
    refuse_import,
)
from stadstafel.testing import make_config, open_workspace, plugin_host, set_language


@pytest.fixture
def folder(tmp_path):
    """The imports folder (the database's folder, as make_config sets it) with two CSV files,
    a text file, a hidden CSV, a link to a CSV outside it and a folder named like one."""
    (tmp_path / "b.csv").write_text("x\n", encoding="utf-8")
    (tmp_path / "A.CSV").write_bytes(b"\xef\xbb\xbfnaam;waarde\nHofblok;1\n")
    (tmp_path / "notities.txt").write_text("geen csv", encoding="utf-8")
    (tmp_path / ".verborgen.csv").write_text("x\n", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-geheim.csv"
    outside.write_text("geheim\n", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(outside)
    (tmp_path / "map.csv").mkdir()
    set_language("nl")
    yield tmp_path
    set_language("nl")


def config_in(folder, language: str = "nl"):
    return make_config(folder / "ws.db", language=language)


# -- import helpers -------------------------------------------------------------------------------
def test_import_files_lists_plain_files_of_the_suffixes_by_name(folder):
    config = config_in(folder)
    assert import_files(config) == ["A.CSV", "b.csv"]  # no hidden file, link, folder or .txt
    assert import_files(config, (".txt", ".csv")) == ["A.CSV", "b.csv", "notities.txt"]
    assert import_files(config, limit=1) == ["A.CSV"]


def test_read_import_text_reads_utf8_and_refuses_what_it_cannot(folder):
    config = config_in(folder)
    assert read_import_text("A.CSV", config) == "naam;waarde\nHofblok;1\n"  # the BOM is gone
    (folder / "latin.csv").write_bytes("naam\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(ValidationError) as err:
        read_import_text("latin.csv", config)
    assert err.value.fields == {"file": "latin.csv: geen UTF-8-tekst."}
    with pytest.raises(ValidationError, match="symlink"):
        read_import_text("link.csv", config)  # confined: a link out is refused
    with pytest.raises(ValidationError, match="buiten de map"):
        read_import_text("/etc/passwd", config)
    set_language("en")
    with pytest.raises(ValidationError, match=r"^latin\.csv: not UTF-8 text\.$"):
        read_import_text("latin.csv", config)


def test_import_error_lines_one_way_in_both_languages():
    errors = [(2, "naam", "Naam is verplicht."), (3, "fase", "onbekend"), "een regel"]
    assert import_error_lines(errors) == [
        "rij 2, kolom naam: Naam is verplicht.",
        "rij 3, kolom fase: onbekend",
        "een regel",
    ]
    assert import_error_lines(errors, limit=1) == [
        "rij 2, kolom naam: Naam is verplicht.",
        "… en 2 meer",
    ]
    set_language("en")
    try:
        assert import_error_lines(errors, limit=2)[1:] == ["row 3, column fase: onbekend",
                                                           "… and 1 more"]  # fmt: skip
    finally:
        set_language("nl")


@dataclass
class Report:
    errors: list = field(default_factory=list)

    def summary(self) -> str:
        return f"Niets geïmporteerd: {len(self.errors)} fout(en)."


def test_refuse_import_carries_the_whole_report_and_shows_the_first_twenty():
    report = Report([(row, "waarde", "geen getal") for row in range(2, 27)])
    with pytest.raises(ValidationError) as err:
        refuse_import(report)
    lines = err.value.message.split("\n")
    assert lines[0] == "Niets geïmporteerd: 25 fout(en)."
    assert lines[1] == "rij 2, kolom waarde: geen getal"
    assert lines[20:] == ["rij 21, kolom waarde: geen getal", "… en 5 meer"]
    assert err.value.report is report  # every problem, for a screen


# -- the CLI opener -------------------------------------------------------------------------------
class Root:
    """The core's context object (``ctx.obj``): ``workspace()`` opens the workspace."""

    def __init__(self, config):
        self.config = config
        self.closed = False

    def workspace(self):
        ws = open_workspace(self.config, plugin_host({}, self.config))
        close = ws.close

        def closing() -> None:
            self.closed = True
            close()

        ws.close = closing
        return ws


@click.group("groen")
def groen() -> None:
    """A plugin's command group."""


@groen.command("count")
def count_command() -> None:
    with command_workspace("groen") as ws:
        click.echo(ws.read.count("organisations"))


@groen.command("refuse")
def refuse_command() -> None:
    with command_workspace("groen"):
        refuse_import(Report([(2, "naam", "Naam is verplicht."), (3, "fase", "\x1b[2Jweg")]))


def invoke(obj, *args):
    return CliRunner().invoke(groen, list(args), obj=obj, catch_exceptions=False)


def test_the_workspace_is_opened_for_the_command_and_closed_after(folder):
    root = Root(config_in(folder))
    (folder / "ws.db").touch()
    result = invoke(root, "count")
    assert result.exit_code == 0, result.output
    assert result.stdout == "0\n"
    assert root.closed


def test_outside_stadstafel_one_line_exit_2():
    result = invoke(None, "count")
    assert result.exit_code == 2
    assert result.stderr == "Gebruik dit als 'stadstafel groen …'.\n"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "Databasefout: "), ("en", "Database error: ")],
)
def test_a_database_that_cannot_be_opened_is_one_line_exit_2(folder, language, expected):
    (folder / "ws.db").write_bytes(b"dit is geen database" * 100)
    result = invoke(Root(config_in(folder, language)), "count")
    assert result.exit_code == 2
    assert result.stderr.startswith(expected)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_a_configuration_fault_is_one_line_exit_2(folder):
    from stadstafel.errors import ConfigError

    class Broken(Root):
        def workspace(self):
            raise ConfigError("stadstafel.toml", "workspace.database", "a file", "\x1b[31m")

    result = invoke(Broken(config_in(folder)), "count")
    assert result.exit_code == 2
    assert result.stderr.startswith("Configuratiefout: ") and result.stderr.count("\n") == 1


@pytest.mark.parametrize(("language", "prefix"), [("nl", "Fout: "), ("en", "Error: ")])
def test_a_refusal_in_the_command_is_its_message_and_exit_1(folder, language, prefix):
    (folder / "ws.db").touch()
    root = Root(config_in(folder, language))
    result = invoke(root, "refuse")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{prefix}Niets geïmporteerd: 2 fout(en).",
        ("rij 2, kolom naam: Naam is verplicht." if language == "nl"
         else "row 2, column naam: Naam is verplicht."),
        ("rij 3, kolom fase: \ufffd[2Jweg" if language == "nl"
         else "row 3, column fase: \ufffd[2Jweg"),  # no escape reaches the terminal
    ]  # fmt: skip
    assert root.closed


def test_a_missing_database_through_the_cores_context_in_english(folder):
    from stadstafel.start import Context

    toml = folder / "stadstafel.toml"
    toml.write_text(
        f'[workspace]\nname = "x"\ndatabase = "{folder / "weg.db"}"\n[ui]\nlanguage = "en"\n',
        encoding="utf-8",
    )
    result = invoke(Context(str(toml), None, False), "count")
    assert result.exit_code == 2
    assert result.stderr.startswith("Database error: ") and result.stderr.count("\n") == 1
    assert not (folder / "weg.db").exists()  # never a new, empty workspace
