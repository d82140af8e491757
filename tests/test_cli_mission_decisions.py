"""``stadstafel decisions list`` (the besluitenlijst) and ``stadstafel mission show`` (every
version, with a diff to the previous one), run as the installed command."""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_cli import run, with_config

WONINGBOUW = "Samenwerkingstafel Woningbouw"
KENNISSTAD = "Leiden Kennisstad"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    target = tmp_path_factory.mktemp("demo") / "leiden"
    result = run("demo", "--create", str(target))
    assert result.returncode == 0, result.stderr
    return target


def test_decisions_list_json_is_the_tables_besluitenlijst(demo_dir):
    result = with_config(demo_dir, "decisions", "list", "--table", KENNISSTAD, "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) >= 3 and {r["table_name"] for r in rows} == {KENNISSTAD}
    dates = [r["meeting_starts_at"] for r in rows]
    assert dates == sorted(dates, reverse=True)  # newest meeting first
    assert all(r["meeting_title"] and r["meeting_date"] for r in rows)
    assert any("Biodiversiteit in Leidse tuinen" in r["text"] for r in rows)


def test_decisions_list_filters_in_every_format(demo_dir):
    args = ["decisions", "list", "--table", KENNISSTAD, "--filter", "biodiversiteit"]
    table = with_config(demo_dir, *args)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split()[:4] == ["id", "datum", "vergadering", "besluit"]
    assert len(lines) == 3 and "Biodiversiteit in Leidse tuinen" in lines[2]
    rows = list(csv.DictReader(io.StringIO(with_config(demo_dir, *args, "--format", "csv").stdout)))
    assert len(rows) == 1 and rows[0]["meeting_date"] == lines[2].split()[1]
    markdown = with_config(demo_dir, *args, "--format", "markdown").stdout
    assert markdown.startswith(f"# Besluitenlijst {KENNISSTAD}")
    assert "| id | datum | vergadering | besluit |" in markdown


def test_decisions_list_of_an_unknown_table_is_a_clear_error(demo_dir):
    result = with_config(demo_dir, "decisions", "list", "--table", "Geen tafel")
    assert result.returncode == 2 and "geen tafel met de naam 'Geen tafel'" in result.stderr
    assert "Traceback" not in result.stderr


def test_mission_show_the_current_version_and_its_signatures(demo_dir):
    result = with_config(demo_dir, "mission", "show", "--table", WONINGBOUW)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"Missie {WONINGBOUW} — versie 2 van 2")
    assert "een passende woning voor iedere Leidenaar" in out
    assert "Ondertekend (9)" in out and "- Portaal (Erik de Boer), 2025-02-" in out


def test_mission_show_an_older_version_and_the_diff(demo_dir):
    old = with_config(demo_dir, "mission", "show", "--table", WONINGBOUW, "--version", "1")
    assert old.returncode == 0, old.stderr
    assert "versie 1 van 2" in old.stdout and "woningen in Leiden." in old.stdout
    assert "Ondertekend (3)" in old.stdout
    diff = with_config(demo_dir, "mission", "show", "--table", WONINGBOUW, "--diff")
    assert "Wijzigingen t.o.v. versie 1" in diff.stdout
    assert "[-woningen-] {+een passende woning voor iedere Leidenaar,+}" in diff.stdout
    data = json.loads(
        with_config(
            demo_dir, "mission", "show", "--table", WONINGBOUW, "--diff", "--format", "json"
        ).stdout
    )
    assert data["version"] == 2 and data["versions"] == [1, 2]
    assert {"op": "-", "text": "woningen "} in data["diff"]
    assert "".join(d["text"] for d in data["diff"] if d["op"] != "-") == data["statement"]


def test_mission_show_a_version_that_does_not_exist(demo_dir):
    result = with_config(demo_dir, "mission", "show", "--table", KENNISSTAD, "--version", "7")
    assert result.returncode != 0 and "geen missieversie 7" in (result.stderr + result.stdout)
    assert "Traceback" not in result.stderr
