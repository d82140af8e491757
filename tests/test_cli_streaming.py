"""Every CLI list in every format streams: with batches of a few rows (the cursor's, the
pieces', the table's window) a list spans many of them, and its output is complete, in
order, and the same as in one batch: JSON valid, CSV cells neutralised and defused, the
table's lines one a row. Run in-process (click's runner) so the batch sizes can be shrunk.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from click.testing import CliRunner

from stadstafel import cli, formats
from stadstafel import store as store_module
from stadstafel.store import with_functions

LISTS = [
    ("actions", "list", "--all"),
    ("actions", "list"),
    ("meetings", "list"),
    ("partners", "list"),
    ("people", "list"),
    ("tables", "list"),
    ("agenda", "list"),
    ("goals", "list"),
    ("initiatives", "list"),
    ("interests", "list"),
    ("intake", "list"),
    ("audit", "list"),
    ("decisions", "list", "--table", "Samenwerkingstafel Woningbouw"),
    ("search", "woning"),
]
HOSTILE = '=HYPERLINK("http://x")\x1b[31m rood'
# Non-ASCII text that starts as a formula and ends in control characters (a bell, a
# right-to-left override): what every format writes of it, neutralised, is NONASCII_SHOWN.
NONASCII = "+31 Café «Ωmega» – 日本\u202e\x07 eind"
NONASCII_SHOWN = "+31 Café «Ωmega» – 日本\ufffd\ufffd eind"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The small demo, with one action whose text was written around the services (a
    formula and a terminal control sequence, as an old import might have stored it)."""
    target = tmp_path_factory.mktemp("streamed-lists") / "leiden"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STADSTAFEL_TODAY", "2027-01-04 09:00")
        result = CliRunner().invoke(cli.cli, ["demo", "--create", str(target)])
    assert result.exit_code == 0, result.output
    conn = with_functions(sqlite3.connect(target / "stadstafel.db"))
    with conn:
        conn.execute(
            "UPDATE actions SET text = ? WHERE id = (SELECT max(id) FROM actions)", [HOSTILE]
        )
        conn.execute(
            "UPDATE actions SET text = ? WHERE id = (SELECT min(id) FROM actions)", [NONASCII]
        )
    conn.close()
    return str(target / "stadstafel.toml")


def _list(config: str, command: tuple[str, ...], fmt: str) -> str:
    result = CliRunner().invoke(cli.cli, ["--config", config, *command, "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def small_batches(monkeypatch):
    def shrink():
        monkeypatch.setattr(store_module, "FETCH_ROWS", 2)
        monkeypatch.setattr(formats, "PIECE_ROWS", 2)
        monkeypatch.setattr(formats, "TABLE_WINDOW", 2)

    monkeypatch.setenv("STADSTAFEL_TODAY", "2027-01-04 09:00")
    return shrink


@pytest.mark.parametrize("command", LISTS, ids=" ".join)
def test_a_list_of_many_batches_is_complete_ordered_and_the_same(demo, small_batches, command):
    whole = {fmt: _list(demo, command, fmt) for fmt in ("json", "csv", "table")}
    small_batches()
    pieces = {fmt: _list(demo, command, fmt) for fmt in ("json", "csv", "table")}

    rows = json.loads(pieces["json"])  # valid JSON, however many pieces
    assert len(rows) > 2, "the demo's list must span several batches for this test"
    assert pieces["json"] == whole["json"]
    assert pieces["csv"] == whole["csv"]

    table = list(csv.DictReader(io.StringIO(pieces["csv"])))
    assert len(table) == len(rows)
    if "id" in rows[0]:
        assert [r["id"] for r in table] == [str(r["id"]) for r in rows]  # same rows, same order
    for cell in (value for row in table for value in row.values()):
        assert not any(c in cell for c in "\x1b\x07\x00\u202e"), cell
        assert not cell.startswith(("=", "+", "@")), cell  # a formula keeps its quote

    lines = pieces["table"].splitlines()
    assert len(lines) == 2 + len(rows)  # headings, rule, one line a row
    assert lines[0].split() == whole["table"].splitlines()[0].split()
    assert "\x1b" not in pieces["table"]
    if "id" in rows[0] and command[0] != "search":
        assert [line.split()[0] for line in lines[2:]] == [str(r["id"]) for r in rows]


def test_hostile_text_stays_data_in_every_format(demo, small_batches):
    small_batches()
    command = ("actions", "list", "--all")
    as_json = json.loads(_list(demo, command, "json"))
    assert HOSTILE.replace("\x1b", "\ufffd") in {r["text"] for r in as_json}
    as_csv = _list(demo, command, "csv")
    assert "'=HYPERLINK" in as_csv and "\x1b" not in as_csv
    as_table = _list(demo, command, "table")
    assert '=HYPERLINK("http://x")\ufffd[31m rood' in as_table and "\x1b" not in as_table


@pytest.mark.parametrize("batched", [False, True], ids=["whole", "small-batches"])
def test_non_ascii_text_is_written_as_itself_and_only_its_controls_change(
    demo, small_batches, batched
):
    """The text as bytes: JSON keeps non-ASCII characters as they are (no ``\\u`` escape),
    with the control characters replaced; CSV defuses the formula start and nothing else;
    the table shows the text as it is, neutralised."""
    if batched:
        small_batches()
    command = ("actions", "list", "--all")
    as_json = _list(demo, command, "json")
    assert f'"text": {json.dumps(NONASCII_SHOWN, ensure_ascii=False)},' in as_json
    assert "\\u" not in as_json and "\x07" not in as_json and "\u202e" not in as_json
    as_csv = _list(demo, command, "csv")
    assert f",'{NONASCII_SHOWN}," in as_csv and "\x07" not in as_csv
    assert f"  {NONASCII_SHOWN}  " in _list(demo, command, "table")


def test_a_long_cell_after_the_window_is_written_whole(demo, small_batches):
    """The table's widths come from its first rows; a longer cell further down pushes its
    line out rather than being cut."""
    small_batches()
    lines = _list(demo, ("actions", "list", "--all"), "table").splitlines()
    widths = [len(part) for part in lines[1].split("  ")]
    assert any(len(line) > sum(widths) + 2 * (len(widths) - 1) for line in lines[2:]), (
        "the hostile action's text is longer than any in the first rows"
    )
    assert any('=HYPERLINK("http://x")' in line for line in lines[2:])
