"""User text is data: hostile strings are stored neutralised, printed without control
characters by every listing, and CSV cells never become formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import CORPUS, LONG, assert_no_control, populate, shown

from stadstafel import clock
from stadstafel.config import load_config
from stadstafel.store import with_functions
from stadstafel.textsafe import csv_cell, csv_uncell
from stadstafel.workspace import Workspace

BIN = Path(sys.executable).parent / "stadstafel"
TODAY = "2027-01-04 09:00"


# -- the service boundary -----------------------------------------------------------------------
def test_services_store_text_without_control_characters(ws):
    made = populate(ws)
    for table, column in [
        ("organisations", "name"),
        ("organisations", "notes"),
        ("people", "name"),
        ("tables", "name"),
        ("meetings", "title"),
        ("meetings", "location"),
        ("agenda_items", "title"),
        ("agenda_items", "description"),
        ("actions", "text"),
        ("decisions", "text"),
    ]:
        for row in ws.store.query(f"SELECT {column} AS v FROM {table}"):
            if row["v"]:
                assert_no_control(row["v"], f"{table}.{column}")
    org = ws.organisations.get(made.orgs[0].id)
    assert org.name == shown(CORPUS["close"] + " org")  # markup is kept as typed: data
    assert org.notes.endswith(LONG[:3000]) and "\n" in org.notes  # multi-line field: lines kept
    assert ws.agenda.get(made.items[0].id).description.endswith(LONG)
    cr = next(o for o in made.orgs if o.name.startswith("Terug"))
    assert cr.name == "Terug\ufffdover org"
    bidi = next(o for o in made.orgs if o.name.startswith("Omgekeerd"))
    assert "\u202e" not in bidi.name


def test_single_line_fields_lose_their_newlines_and_updates_are_cleaned_too(ws):
    org = ws.organisations.create(name="Twee\nregels\tmet tab", kind="overig", notes="a\nb\tc")
    assert org.name == "Twee regels met tab"
    assert org.notes == "a\nb\tc"
    org = ws.organisations.update(org.id, org.version, name="Nieuw\x1b]0;x\x07")
    assert org.name == "Nieuw\ufffd]0;x\ufffd"


def test_a_5000_character_name_is_refused_with_a_message(ws):
    from stadstafel.errors import ValidationError

    with pytest.raises(ValidationError) as caught:
        ws.organisations.create(name=LONG, kind="overig")
    assert "name" in caught.value.fields


def test_text_written_around_clean_is_neutralised(ws, table_setup):
    item = ws.agenda.submit(table_setup.table.id, "Punt", meeting_id=table_setup.meetings[0].id)
    item = ws.agenda.accept(item.id, item.version)
    meeting = ws.meetings.get(table_setup.meetings[0].id)
    ws.meetings.set_agenda(meeting.id, meeting.version)  # notes are taken from then on
    item = ws.agenda.append_minutes(item.id, item.version, "notitie\x1b[2J\nregel twee")
    stored = ws.store.scalar("SELECT minutes FROM agenda_items WHERE id = ?", [item.id])
    assert stored == "notitie\ufffd[2J\nregel twee"


def test_text_stored_before_the_boundary_is_neutralised_when_read(ws):
    org = ws.organisations.create(name="Oud", kind="overig")
    with ws.store.write_lock():
        ws.store.conn.execute(
            "UPDATE organisations SET name = ? WHERE id = ?", ["Oud\x1b[2J\x9b", org.id]
        )
    assert ws.organisations.get(org.id).name == "Oud\ufffd[2J\ufffd"
    assert all(not o.name.startswith("Oud\x1b") for o in ws.organisations.list().rows)


# -- CSV ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+31 71 123", "'+31 71 123"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "\ufffd=1+1"),  # a CR never survives; the cell no longer starts a formula
        ("'=1+1", "''=1+1"),  # an earlier quote is kept, so reading back is exact
        ("Gewoon", "Gewoon"),
        ("a=b", "a=b"),
        ("-12", "-12"),
        ("-3.5", "-3.5"),
        (-12, -12),
        (-3.5, -3.5),
        (None, ""),
        ("OSC\x1b]52;c;aGk=\x07", "OSC\ufffd]52;c;aGk=\ufffd"),
    ],
)
def test_csv_cell_neutralises_formulas_and_keeps_numbers(value, cell):
    assert csv_cell(value) == cell


@pytest.mark.parametrize("text", ["=1+1", "+1", "-x", "@x", "\t=1", "'=1", "''@x", "'plain", "x"])
def test_csv_cell_round_trip(text):
    assert csv_uncell(csv_cell(text)) == text


# -- every listing, in every format ----------------------------------------------------------
@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    """The demo workspace with the corpus added through the services, and one row written
    around them (as data stored by an older version would be)."""
    target = tmp_path_factory.mktemp("hostile") / "leiden"
    env = {**os.environ, "STADSTAFEL_TODAY": TODAY}
    done = subprocess.run(
        [str(BIN), "demo", "--create", str(target)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    clock.freeze(dt.datetime(2027, 1, 4, 9, 0))
    config = load_config(target / "stadstafel.toml", env={"HOME": str(target)})
    ws = Workspace.open(config, login="beheer")
    try:
        made = populate(ws)
    finally:
        ws.close()
        clock.freeze(None)
    with with_functions(sqlite3.connect(target / "stadstafel.db")) as conn:
        conn.execute(
            "UPDATE organisations SET name = ? WHERE id = ?",
            ["Oud\x1b]52;c;aGk=\x07\x1b[2J\x9b", made.orgs[0].id],
        )
    return target, made


LISTINGS = [
    ("partners", "list"),
    ("meetings", "list"),
    ("actions", "list"),
    ("search", "klik"),
]


def _cli(target: Path, *args: str):
    from stadstafel.cli import cli

    result = CliRunner().invoke(
        cli, ["--config", str(target / "stadstafel.toml"), *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    ("listing", "fmt"),
    [(listing, fmt) for listing in LISTINGS for fmt in ("table", "csv", "json")]
    + [(("agenda", "show"), fmt) for fmt in ("table", "csv", "json", "markdown")],
)
def test_every_listing_prints_no_control_character(hostile_dir, listing, fmt):
    target, made = hostile_dir
    args = list(listing)
    if args[0] == "agenda":
        args.append(str(made.meeting.id))
    out = _cli(target, *args, "--format", fmt)
    assert_no_control(out, " ".join(args) + f" --format {fmt}")
    if fmt == "json":
        json.loads(out)
    if fmt == "csv":
        for row in csv.reader(io.StringIO(out)):
            for cell in row:
                assert cell[:1] not in ("=", "+", "@", "\t", "\r"), cell
                assert not (cell.startswith("-") and not cell.lstrip("-")[:1].isdigit()), cell


def test_listings_show_hostile_names_literally(hostile_dir):
    target, made = hostile_dir
    out = _cli(target, "partners", "list")
    assert shown(CORPUS["click"] + " org") in out
    assert "Oud\ufffd]52;c;aGk=\ufffd\ufffd[2J\ufffd" in out  # stored raw, printed neutralised
    agenda = _cli(target, "agenda", "show", str(made.meeting.id))
    assert shown(CORPUS["close"] + " punt") in agenda
    assert shown(CORPUS["click"] + " vergadering") in agenda


def test_installed_command_prints_no_control_character(hostile_dir):
    target, made = hostile_dir
    env = {**os.environ, "STADSTAFEL_TODAY": TODAY}
    for args in [
        ("partners", "list"),
        ("partners", "list", "--format", "csv"),
        ("agenda", "show", str(made.meeting.id), "--format", "markdown"),
        ("search", "klembord"),
    ]:
        done = subprocess.run(
            [str(BIN), "--config", str(target / "stadstafel.toml"), *args],
            capture_output=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        text = done.stdout.decode("utf-8")
        assert_no_control(text, " ".join(args))
        assert b"\x1b" not in done.stdout and b"\x07" not in done.stdout
        assert text.strip()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "a\x1b[2Jb@example.org"),
        ("phone", "071\x07 123 4567"),
        ("website", "https://example.org/\x1b]52;c;aGk=\x07"),
    ],
)
def test_addresses_numbers_and_links_with_control_characters_are_refused(ws, field, value):
    from stadstafel.errors import ValidationError

    values = {"name": "Org", "kind": "overig", field: value}
    service = ws.organisations
    if field in ("email", "phone"):
        values = {"name": "Persoon", field: value}
        service = ws.people
    with pytest.raises(ValidationError) as caught:
        service.create(**values)
    assert set(caught.value.fields) == {field}
    assert_no_control(caught.value.fields[field], "the message")
