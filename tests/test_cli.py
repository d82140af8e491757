"""The installed ``stadstafel`` command, run as a person or a script would run it."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "stadstafel"


def run(
    *args: str, env: dict | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "STADSTAFEL_TODAY": "2027-01-04 09:00", **(env or {})}
    return subprocess.run(
        [str(BIN), *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=120
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    target = tmp_path_factory.mktemp("demo") / "leiden"
    result = run("demo", "--create", str(target))
    assert result.returncode == 0, result.stderr
    assert (target / "stadstafel.toml").exists() and (target / "stadstafel.db").exists()
    return target


def with_config(demo_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return run("--config", str(demo_dir / "stadstafel.toml"), *args)


def test_installed_command_exists_and_reports_version():
    result = run("--version")
    assert result.returncode == 0
    assert "stadstafel" in result.stdout and "0.1.0" in result.stdout


def test_partners_list_json_lists_the_seed_organisations(demo_dir):
    result = with_config(demo_dir, "partners", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    names = {row["name"] for row in json.loads(result.stdout)}
    assert {
        "Gemeente Leiden",
        "Universiteit Leiden",
        "Hogeschool Leiden",
        "Naturalis Biodiversity Center",
        "mboRijnland",
        "Platform31",
        "Portaal",
    } <= names


def test_partners_list_table_and_csv(demo_dir):
    table = with_config(demo_dir, "partners", "list", "--kind", "woningcorporatie")
    assert table.returncode == 0
    assert table.stdout.splitlines()[0].split()[:3] == ["id", "naam", "soort"]
    assert "Portaal" in table.stdout and "Universiteit" not in table.stdout
    rows = list(
        csv.DictReader(
            io.StringIO(with_config(demo_dir, "partners", "list", "--format", "csv").stdout)
        )
    )
    assert rows and {"id", "name", "kind"} <= set(rows[0])


def test_search_finds_agenda_items_by_a_word_in_their_text(demo_dir):
    result = with_config(demo_dir, "search", "doorstroming", "--format", "json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert any(h["kind"] == "agenda_item" for h in hits)


def test_search_consensus_finds_the_werkafspraak_as_the_app_does(demo_dir):
    hits = json.loads(with_config(demo_dir, "search", "consensus", "--format", "json").stdout)
    assert [(h["kind"], h["title"]) for h in hits] == [("working_agreement", "besluitvorming")]
    table = with_config(demo_dir, "search", "consensus")
    assert table.returncode == 0 and "Werkafspraak" in table.stdout  # the kind's name


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("station", "woningbouw.project"),
        ("station", "omgevingswet.trajectory"),
        ("jeugd", "sociaal-domein.indicator"),
        ("jeugd", "sociaal-domein.session"),
        ("regio", "regionale-economie.verband"),
    ],
)
def test_search_reaches_every_modules_records(demo_dir, query, kind):
    rows = list(csv.DictReader(io.StringIO(with_config(demo_dir, "search", query, "--format",
                                                       "csv").stdout)))  # fmt: skip
    kinds = [r["kind"] for r in rows]
    assert kind in kinds
    first = kinds.index(kind)  # grouped: the kind's hits follow each other
    assert kinds[first : first + kinds.count(kind)] == [kind] * kinds.count(kind)


def test_meetings_and_agenda_show(demo_dir):
    meetings = json.loads(
        with_config(
            demo_dir,
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
    assert meetings, "the demo has upcoming Woningbouw meetings"
    with_items = next(m for m in meetings if m["items"])
    agenda = with_config(demo_dir, "agenda", "show", str(with_items["id"]), "--format", "markdown")
    assert agenda.returncode == 0, agenda.stderr
    assert agenda.stdout.startswith("# Agenda ") and "\n1. " in agenda.stdout
    items = json.loads(
        with_config(demo_dir, "agenda", "show", str(with_items["id"]), "--format", "json").stdout
    )
    assert len(items) == with_items["items"] or len(items) >= with_items["items"]
    assert [i["position"] for i in items if i["status"] in ("ingediend", "geagendeerd")] == sorted(
        i["position"] for i in items if i["status"] in ("ingediend", "geagendeerd")
    )


def test_unknown_meeting_is_a_clear_error(demo_dir):
    result = with_config(demo_dir, "agenda", "show", "99999")
    assert result.returncode == 1
    assert "Vergadering 99999 bestaat niet" in result.stderr
    assert "Traceback" not in result.stderr


def test_actions_list_overdue(demo_dir):
    result = with_config(demo_dir, "actions", "list", "--overdue", "--format", "json")
    rows = json.loads(result.stdout)
    assert rows and all(r["due"] < "2027-01-04" and r["status"] == "open" for r in rows)


def test_backup_passes_integrity_check(demo_dir, tmp_path):
    dest = tmp_path / "copy.db"
    result = with_config(demo_dir, "backup", str(dest))
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(dest)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM organisations").fetchone()[0] > 10
    finally:
        conn.close()


BAD_CONFIGS = [
    ('[ui]\nlanguage = "fr"\n', "ui.language"),
    ("[ui\nlanguage = 'nl'\n", "1:"),
    ("[workspace]\ndatabase = 3\n", "workspace.database"),
    ('[workspace]\ndatabase = "no/such/dir/x.db"\n', "workspace.database"),
    ('[users.anna]\nrole = "baas"\n', "users.anna.role"),
    ("[onbekend]\nx = 1\n", "onbekend"),
    ('[plugins]\nenabled = ["a", 3]\n', "plugins.enabled[1]"),
]


@pytest.mark.parametrize(("text", "key"), BAD_CONFIGS)
def test_broken_config_exits_2_naming_file_and_key(tmp_path, text, key):
    path = tmp_path / "kapot.toml"
    path.write_text(text, encoding="utf-8")
    result = run("--config", str(path), "partners", "list")
    assert result.returncode == 2
    assert "kapot.toml" in result.stderr and key in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_config_file_exits_2(tmp_path):
    result = run("--config", str(tmp_path / "nergens.toml"), "partners", "list")
    assert result.returncode == 2 and "nergens.toml" in result.stderr


def test_init_then_check_and_show(tmp_path):
    xdg = {"XDG_CONFIG_HOME": str(tmp_path / "cfg"), "XDG_DATA_HOME": str(tmp_path / "data")}
    result = run("init", str(tmp_path), env=xdg)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "stadstafel.toml"
    assert path.exists()
    check = run("--config", str(path), "config", "check", env=xdg)
    assert check.returncode == 0 and "in orde" in check.stdout
    again = run("init", str(tmp_path), env=xdg)
    assert again.returncode == 2  # never overwrites an existing configuration


def test_config_show_hides_secrets(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        '[workspace]\ndatabase = "ws.db"\n[users.anna]\nrole = "beheerder"\n'
        'person = { env = "ANNA_PERSON" }\n',
        encoding="utf-8",
    )
    result = run("--config", str(path), "config", "show", env={"ANNA_PERSON": "geheim@example.org"})
    assert result.returncode == 0, result.stderr
    assert "geheim@example.org" not in result.stdout and "***" in result.stdout


def test_as_is_refused_for_ordinary_logins(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        '[workspace]\ndatabase = "ws.db"\n[ssh]\nservice_accounts = []\n', encoding="utf-8"
    )
    result = run("--config", str(path), "--as", "iemand-anders", "partners", "list")
    assert result.returncode == 2
    assert "ssh.service_accounts" in result.stderr


def test_as_lets_a_service_account_act_for_a_partner(demo_dir):
    result = with_config(demo_dir, "--as", "lezer", "partners", "list", "--format", "json")
    assert result.returncode == 0, result.stderr


def test_exit_status_of_a_command_survives_main():
    import click

    import stadstafel.cli as cli_module

    @cli_module.cli.command("exit-drie", hidden=True)
    def _exit_three():
        click.get_current_context().exit(3)

    try:
        with pytest.raises(SystemExit) as info:
            cli_module.main(["exit-drie"])
        assert info.value.code == 3
    finally:
        cli_module.cli.commands.pop("exit-drie")


def test_a_plain_start_is_read_without_click():
    """``stadstafel`` with only --config/--as/--strict starts the UI without click; anything
    else (a subcommand, help, a repeated or unknown option) goes to click."""
    from stadstafel.start import tui_options

    assert tui_options([]) == {"config_path": None, "login": None, "strict": False}
    assert tui_options(["--config", "a.toml", "--as=lezer", "--strict"]) == {
        "config_path": "a.toml",
        "login": "lezer",
        "strict": True,
    }
    assert tui_options(["--config=a.toml"])["config_path"] == "a.toml"
    for args in [
        ["demo"],
        ["--config", "a.toml", "partners", "list"],
        ["--help"],
        ["--version"],
        ["--config"],
        ["--config", "a", "--config", "b"],
        ["--bogus"],
    ]:
        assert tui_options(args) is None, args
    code = (
        "import sys; import stadstafel.start, stadstafel.plugins, stadstafel.tui.app;"
        " assert 'click' not in sys.modules, 'click imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_export_lists_and_runs_registered_formats(demo_dir, tmp_path):
    listing = with_config(demo_dir, "export", "--list")
    assert listing.returncode == 0, listing.stderr
    line = next(x for x in listing.stdout.splitlines() if x.startswith("woningbouw-csv"))
    assert "Woningbouwregister (CSV)" in line and ".csv" in line  # the plugin's, beside the core's
    # -o names a file in the exports folder ([files] exports; by default under XDG_DATA_HOME)
    env = {"XDG_DATA_HOME": str(tmp_path)}
    config = str(demo_dir / "stadstafel.toml")
    result = run("--config", config, "export", "woningbouw-csv", "-o", "register.csv", env=env)
    assert result.returncode == 0, result.stderr
    target = tmp_path / "stadstafel" / "exports" / "register.csv"
    header = target.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id,naam,wijk")
    wrong = with_config(demo_dir, "export", "woningbouw-csv", "--meeting", "1")
    assert wrong.returncode == 1
    assert "niet per meeting" in wrong.stderr and "Traceback" not in wrong.stderr
