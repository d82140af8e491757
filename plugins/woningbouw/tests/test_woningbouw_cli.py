"""``stadstafel woningbouw import|export``: through click, and through the installed command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from woningbouw_testkit import TABLE, add_partners, open_ws

from stadstafel_woningbouw.cli import woningbouw
from stadstafel_woningbouw.importer import HEADER, PROGRESS_MIN_ROWS
from stadstafel_woningbouw.service import register_for

GOOD = (
    "naam,fase,sociale_huur,initiatiefnemers\nHofblok,vergund,140,Portaal\nKade,vastgesteld,60,\n"
)
BAD = "naam,fase,sociale_huur\nHofblok,vergund,140\n,vergund,veel\n"


class Obj:
    """Stands in for the core CLI's context object: ``workspace()`` opens the workspace."""

    def __init__(self, path: Path):
        self.path = path

    def workspace(self):
        return open_ws(self.path)


@pytest.fixture
def db(tmp_path, frozen):
    path = tmp_path / "cli.db"
    ws = open_ws(path)
    add_partners(ws)
    ws.close()
    return path


def run(db, *args):
    return CliRunner().invoke(woningbouw, list(args), obj=Obj(db), catch_exceptions=False)


def count(db) -> int:
    ws = open_ws(db)
    try:
        return register_for(ws).list().total
    finally:
        ws.close()


def test_import_good_file(db, tmp_path):
    (tmp_path / "good.csv").write_text(GOOD, encoding="utf-8")
    result = run(db, "import", str(tmp_path / "good.csv"))
    assert result.exit_code == 0, result.output
    assert "2 nieuw, 0 bijgewerkt, 0 ongewijzigd." in result.output
    assert count(db) == 2


def test_import_bad_file_changes_nothing_and_exits_1(db, tmp_path):
    (tmp_path / "bad.csv").write_text(BAD, encoding="utf-8")
    result = run(db, "import", str(tmp_path / "bad.csv"))
    assert result.exit_code == 1
    assert "rij 3, kolom naam: Naam is verplicht." in result.output
    assert "rij 3, kolom sociale_huur: geen geheel getal: 'veel'" in result.output
    assert "er is niets gewijzigd" in result.output
    assert count(db) == 0


def test_import_skip_invalid(db, tmp_path):
    (tmp_path / "bad.csv").write_text(BAD, encoding="utf-8")
    result = run(db, "import", "--skip-invalid", str(tmp_path / "bad.csv"))
    assert result.exit_code == 0
    assert "1 nieuw, 0 bijgewerkt, 0 ongewijzigd; 1 rij overgeslagen." in result.output
    assert count(db) == 1


def test_large_file_shows_progress_and_is_one_transaction(db, tmp_path):
    rows = [f"Project {i:04d},idee/visie,{i % 50 + 1}" for i in range(PROGRESS_MIN_ROWS + 50)]
    rows.append(",idee/visie,1")  # one bad row at the very end
    (tmp_path / "big.csv").write_text(
        "naam,fase,sociale_huur\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    result = run(db, "import", str(tmp_path / "big.csv"))
    assert result.exit_code == 1
    assert f"rij {PROGRESS_MIN_ROWS + 52}, kolom naam" in result.output
    assert count(db) == 0  # the 250 good rows before it were not kept either
    ok = run(db, "import", "--skip-invalid", str(tmp_path / "big.csv"))
    assert "Importeren big.csv" in ok.output  # the progress bar's label
    assert count(db) == PROGRESS_MIN_ROWS + 50


def test_export_to_file_and_stdout(db, tmp_path):
    (tmp_path / "good.csv").write_text(GOOD, encoding="utf-8")
    run(db, "import", str(tmp_path / "good.csv"))
    out = tmp_path / "out.csv"
    result = run(db, "export", str(out))
    assert result.exit_code == 0
    assert "2 projecten geschreven naar" in result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(HEADER)
    assert lines[1].startswith("1,Hofblok,,,Portaal,vergund,2027-01-04,140,0,0,0,0")
    stdout = run(db, "export")
    assert stdout.output.splitlines() == lines


def refused(result, text: str) -> None:
    """One line on standard error naming the problem, exit 1 (the kit's command_workspace)."""
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Fout: ") and result.stderr.count("\n") == 1
    assert text in result.stderr


def test_missing_or_outside_file_is_refused(db, tmp_path):
    refused(run(db, "import", "missing.csv"), "Bestand niet gevonden: missing.csv in")
    refused(run(db, "import", "/etc/passwd"), "buiten de map")
    refused(run(db, "export", "../elders.csv"), "buiten de map")


def test_export_never_overwrites_without_force(db, tmp_path):
    (tmp_path / "out.csv").write_text("oud", encoding="utf-8")
    refused(run(db, "export", "out.csv"), "bestaat al")
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "oud"
    result = run(db, "export", "--force", "out.csv")
    assert result.exit_code == 0
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").startswith("id,naam")
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o600


# -- the installed command ----------------------------------------------------------------------
def _stadstafel() -> list[str]:
    exe = Path(sys.executable).with_name("stadstafel")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "stadstafel"]


@pytest.fixture
def installed(tmp_path):
    """A deployment file and database for the real ``stadstafel`` command."""
    from stadstafel.testing import frozen_clock

    with frozen_clock(None):
        pass
    config = tmp_path / "stadstafel.toml"
    config.write_text(
        f'[workspace]\nname = "cli"\ndatabase = "{tmp_path / "ws.db"}"\ncreate = true\n'
        f'[files]\nimports = "{tmp_path}"\nexports = "{tmp_path}"\n',
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "STADSTAFEL_LOAD_PLUGINS": "woningbouw",
        "STADSTAFEL_TODAY": "2027-01-04",
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
    }
    env.pop("STADSTAFEL_CONFIG", None)

    def stadstafel(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*_stadstafel(), "--config", str(config), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    probe = stadstafel("woningbouw", "--help")
    assert probe.returncode == 0, probe.stderr  # main() adds the plugin's subcommands
    return stadstafel, tmp_path


def test_installed_command_import_and_export(installed):
    stadstafel, tmp_path = installed
    # the organisations and the table exist in the workspace the command opens
    ws = open_ws(tmp_path / "ws.db")
    add_partners(ws)
    assert ws.tables.by_name(TABLE)
    ws.close()
    (tmp_path / "bad.csv").write_text(BAD, encoding="utf-8")
    bad = stadstafel("woningbouw", "import", str(tmp_path / "bad.csv"))
    assert bad.returncode == 1
    assert "rij 3, kolom naam: Naam is verplicht." in bad.stderr
    (tmp_path / "good.csv").write_text(GOOD, encoding="utf-8")
    good = stadstafel("woningbouw", "import", str(tmp_path / "good.csv"))
    assert good.returncode == 0, good.stderr
    assert "2 nieuw" in good.stdout
    out = stadstafel("woningbouw", "export")
    assert out.returncode == 0
    assert out.stdout.splitlines()[1].startswith("1,Hofblok,")
    # a path outside the folders: one line, exit 1, nothing of the file shown
    outside = stadstafel("woningbouw", "import", "/proc/self/environ")
    assert outside.returncode == 1
    assert outside.stderr.count("\n") == 1 and "buiten de map" in outside.stderr
    assert "PATH=" not in outside.stderr and "Traceback" not in outside.stderr


def test_a_bad_setting_switches_the_command_off_with_one_plain_line(installed):
    """``affordable_share = 1.5``: the command says the plugin is off and why, in the
    workspace's language, exit 2 and no traceback (not click's "No such command")."""
    stadstafel, tmp_path = installed
    config = tmp_path / "stadstafel.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + "[plugins.woningbouw]\naffordable_share = 1.5\n",
        encoding="utf-8",
    )
    out = stadstafel("woningbouw", "export")
    assert out.returncode == 2 and not out.stdout
    assert out.stderr.count("\n") == 1, out.stderr
    assert "'woningbouw' werkt nu niet: plugin 'woningbouw' staat uit" in out.stderr
    assert "plugins.woningbouw.affordable_share" in out.stderr
    assert "No such command" not in out.stderr and "Traceback" not in out.stderr
    check = stadstafel("config", "check")
    assert check.returncode == 2 and "plugins.woningbouw.affordable_share" in check.stderr


@pytest.mark.parametrize(
    ("broken", "says"),
    [
        ('database = "nergens/ws.db"', "workspace.database"),  # a folder that does not exist
        ("[workspace", "expected valid TOML"),  # a file that cannot be read as TOML
        ("[ui]\nlanguage = 5", "ui.language"),  # a bad value
    ],
)
def test_a_broken_configuration_gives_the_config_error_not_no_such_command(installed, broken, says):
    """The plugin's command cannot be added when the configuration cannot be read: it says
    what a core command says (one line, exit 2), not click's "No such command"."""
    stadstafel, tmp_path = installed
    config = tmp_path / "stadstafel.toml"
    config.write_text(f'[workspace]\nname = "cli"\n{broken}\n', encoding="utf-8")
    for command in (["woningbouw", "export"], ["woningbouw", "--help"], ["actions", "list"]):
        out = stadstafel(*command)
        assert out.returncode == 2 and not out.stdout, (command, out.stdout)
        assert out.stderr.count("\n") == 1, out.stderr
        assert out.stderr.startswith("Configuratiefout: ") and says in out.stderr
        assert "No such command" not in out.stderr and "Traceback" not in out.stderr


def test_with_strict_a_failing_plugin_gives_its_error_not_no_such_command(installed):
    stadstafel, tmp_path = installed
    config = tmp_path / "stadstafel.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + "[plugins.woningbouw]\naffordable_share = 1.5\n",
        encoding="utf-8",
    )
    out = stadstafel("--strict", "woningbouw", "export")
    assert out.returncode == 2 and out.stderr.count("\n") == 1, out.stderr
    assert out.stderr.startswith("Pluginfout: ") and "affordable_share" in out.stderr
