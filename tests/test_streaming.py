"""CLI listings in JSON and CSV are written as their rows are read: the writer holds one piece
of rows at a time (constant memory), and the text is what rendering the whole list gave.

The golden files are the installed command's output on the demo: made before listings
streamed, and made again (``STADSTAFEL_UPDATE_GOLDEN=1``) when the demo's data changed."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stadstafel import cli, formats
from stadstafel.textsafe import csv_cell

BIN = Path(sys.executable).parent / "stadstafel"
GOLDEN = Path(__file__).parent / "golden" / "lists"
COLUMNS = [("id", "id"), ("text", "tekst"), ("due", "uiterlijk"), ("none", "leeg")]


def endless_rows(pulled: list[int]):
    """A source as good as endless (it fails a writer that reads 50 pieces ahead instead of
    running out of memory); ``pulled[0]`` counts the rows taken from it."""
    for n in itertools.count(1):
        pulled[0] = n
        assert n < 50 * formats.PIECE_ROWS, "the writer reads the whole source first"
        yield {"id": n, "text": f'actie {n}, met "quotes"\nen regels', "due": None, "none": None}


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_pieces_come_before_the_source_ends(fmt):
    pulled = [0]
    source = formats.pieces(endless_rows(pulled), COLUMNS, fmt)
    first = [next(source) for _ in range(3)]
    # Three pieces from a source without end: each was given after its own rows only.
    assert pulled[0] <= 3 * formats.PIECE_ROWS + 1
    assert "actie 1," in first[0] and f"actie {2 * formats.PIECE_ROWS}," in first[1]


def test_the_cli_writes_rows_before_it_has_read_them_all(monkeypatch):
    written: list[str] = []

    def echo(text: str | bytes = "", nl: bool = True, **_) -> None:
        written.append(text.decode() if isinstance(text, bytes) else text)  # JSON is bytes

    monkeypatch.setattr(cli.click, "echo", echo)
    total = 5 * formats.PIECE_ROWS

    def rows():
        for n in range(1, total + 1):
            if n == total:  # the last row: most of the list is out already
                assert sum(w.count("actie ") for w in written) >= total - formats.PIECE_ROWS
            yield {"id": n, "text": f"actie {n}", "due": "2027-01-04", "none": None}

    cli._echo_rows(rows(), COLUMNS, "json")
    assert len(json.loads("".join(written))) == total


@pytest.mark.parametrize("count", [0, 1, formats.PIECE_ROWS, formats.PIECE_ROWS + 1, 1000])
def test_pieces_join_to_what_rendering_the_whole_list_gave(count):
    rows = [
        {
            "id": n,
            "text": f'regel {n}: "x", y\n=1+1' if n % 3 else f"=HYPERLINK({n})\x1b[31m",
            "due": None if n % 2 else "2027-01-04",
            "extra": [n, {"a": []}] if n % 7 == 0 else 1.5,
            "none": None,
        }
        for n in range(count)
    ]
    as_json = json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    assert "".join(formats.pieces(iter(rows), COLUMNS, "json")) == as_json
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(key) for key, _ in COLUMNS])
    for row in rows:
        writer.writerow([csv_cell(row.get(k)) for k, _ in COLUMNS])
    assert "".join(formats.pieces(iter(rows), COLUMNS, "csv")) == out.getvalue().rstrip("\n")


@pytest.fixture(scope="module")
def demo_config(tmp_path_factory):
    target = tmp_path_factory.mktemp("streamed") / "leiden"
    env = {**os.environ, "STADSTAFEL_TODAY": "2027-01-04 09:00"}
    subprocess.run([str(BIN), "demo", "--create", str(target)], check=True, env=env, timeout=120)
    return target / "stadstafel.toml", env


@pytest.mark.parametrize(
    "args",
    [
        "actions list --all --format json",
        "actions list --all --format csv",
        "actions list --format csv",
        "meetings list --format json",
        "meetings list --format csv",
        # made by the code before tables streamed and lists went batch by batch
        "actions list --all --format table",
        "actions list --format table",
        "actions list --format json",
        "meetings list --format table",
        "partners list --format table",
        "partners list --format json",
        "partners list --format csv",
        "agenda list --format table",
        "agenda list --format csv",
    ],
)
def test_the_demo_lists_are_what_they_were(demo_config, args):
    config, env = demo_config
    result = subprocess.run(
        [str(BIN), "--config", str(config), *args.split()],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    name = args.replace("--format ", "").replace("--", "").replace(" ", "-")
    # A meeting's calendar uid is random per workspace (added after these files were made).
    got = "".join(line for line in result.stdout.splitlines(True) if '"uid": ' not in line)
    if os.environ.get("STADSTAFEL_UPDATE_GOLDEN"):  # the demo changed: read the diff first
        (GOLDEN / f"{name}.txt").write_text(got, encoding="utf-8")
    assert got == (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")


def test_streamed_csv_keeps_formulas_and_control_characters_inert():
    rows = [{"id": 1, "text": '=HYPERLINK("x")', "due": "\x1b[2J", "none": "-2"}]
    text = "".join(formats.pieces(iter(rows), COLUMNS, "csv"))
    assert "'=HYPERLINK" in text and "\x1b" not in text
    assert text.splitlines()[1].endswith(",-2")  # a plain number stays a number


@pytest.mark.parametrize("count", [1, formats.PIECE_ROWS, formats.PIECE_ROWS * 2 + 3])
def test_rows_of_plain_values_encoded_together_are_what_json_gave(count):
    # A piece of rows of plain values is encoded in one call and cut between the rows: text
    # that looks like the cut ("},", a line break, "{") stays inside its string.
    rows = [
        {
            "id": n,
            "text": "}},\n    {{ x }}" if n % 2 else f'é {n}\t"q" \u202e',
            "ratio": n / 3,
            "flag": n % 5 == 0,
            "none": None,
        }
        for n in range(count)
    ]
    as_json = json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    assert "".join(formats.pieces(iter(rows), COLUMNS, "json")) == as_json


def test_rows_read_in_batches_are_neutralised_as_one_by_one():
    from stadstafel.records import Record

    names = ["id", "text", "topics"]
    rows = [(n, f"tekst {n}", None) for n in range(300)]
    plain = Record.from_tuples(names[:2], [r[:2] for r in rows])
    assert plain == [{"id": n, "text": f"tekst {n}"} for n in range(300)]
    assert all(type(r) is Record for r in plain)
    # one row with a control character among many: that row is neutralised, the rest as read
    rows[150] = (150, "rood\x1b[31m", '["a\\u001bb"]')
    batch = Record.from_tuples(names, rows)
    assert batch == [Record.from_row(dict(zip(names, r, strict=True))) for r in rows]
    assert batch[150]["text"] == "rood\ufffd[31m" and batch[150]["topics"] == ["a\ufffdb"]
    assert batch[0]["topics"] == []  # a JSON list column is decoded in every row


def test_listings_read_in_linear_time(tmp_path):
    """``meetings list`` counts each meeting's items from an index alone (not by reading
    every item in random order); all actions are read in order from the listing's index,
    every column of them or only the shown ones, all meetings by one scan and a sort, without
    a join of every row (the names are looked up once per distinct id)."""
    from support import make_config

    from stadstafel.services.actions import Actions
    from stadstafel.services.meetings import Meetings
    from stadstafel.workspace import Workspace

    ws = Workspace.open(make_config(tmp_path / "ws.db"), login="beheer")

    def plan(select: str, read) -> str:
        """The query plan of the statement ``read()`` runs that begins as ``select``."""
        captured: list[str] = []
        ws.store.conn.set_trace_callback(captured.append)
        list(read())
        ws.store.conn.set_trace_callback(None)
        return " | ".join(
            row[3]
            for sql in captured
            if sql.startswith(select[:40])
            for row in ws.store.conn.execute("EXPLAIN QUERY PLAN " + sql)
        )

    try:
        # every column (JSON): read in order from the listing's index too, no sort
        actions = plan(Actions.EACH, lambda: ws.actions.each(status=None))
        assert "COVERING INDEX idx_actions_listing" in actions and "TEMP" not in actions, actions
        assert "SEARCH" not in actions, actions  # no join: tables, organisations, people
        # the columns a table or CSV shows: read in order from the listing's index, no sort
        shown = ["id", "kind", "text", "owner_org", "owner_person", "due", "status", "overdue"]
        projected = 'SELECT "id", "kind", "text"'  # Rows.only's statement
        listed = plan(projected, lambda: ws.actions.each(status=None).only(shown).batches())
        assert "COVERING INDEX idx_actions_listing" in listed and "TEMP" not in listed, listed
        meetings = plan(Meetings.EACH, ws.meetings.each)
        assert "SCAN m" in meetings and "SCAN m USING" not in meetings, meetings
        assert "SEARCH t" not in meetings, meetings
        assert "COVERING INDEX idx_agenda_items_meeting_status" in meetings, meetings
    finally:
        ws.close()


def _table_as_it_was(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    """The table as ``render`` wrote it before tables streamed: every cell through
    ``_cell``, the widths of all rows."""
    cells = [[formats._cell(row.get(k)) for k, _ in columns] for row in rows]
    heads = [formats._cell(h) for _, h in columns]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(heads)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def _mixed_rows(count: int) -> list[dict]:
    return [
        {
            "id": n,
            # some batches with a line break, a tab or a control character, most without
            "text": (f"regel {n}\nen\tnog " if n in (5, 300) else f"actie {n} ")
            + ("\x1b[2J" if n == 333 else ""),
            "due": None if n % 2 else "2027-01-04",
            "none": None,
            "flag": n % 3 == 0,
            "ratio": n / 4,
            "count": -n if n % 7 == 0 else n,
        }
        for n in range(count)
    ]


def _as_service_rows(rows: list[dict], size: int = 150):
    """``rows`` as a service hands out a listing: (names, tuples) in batches of ``size``."""
    from stadstafel.records import Rows

    names = list(rows[0]) if rows else ["id"]
    batches = [
        (names, [tuple(r[n] for n in names) for r in rows[i : i + size]])
        for i in range(0, len(rows), size)
    ]
    return Rows(lambda columns: iter(batches))


@pytest.mark.parametrize("count", [0, 1, 7, 450])
def test_tables_and_service_rows_give_the_text_the_whole_list_gave(count):
    """Batches take whole-batch paths (None as "", numbers and flags as text, no cell
    looked at) and cell-by-cell ones (a line break, a tab, a control character): both
    give what every cell through ``_cell`` gave, from dicts and from a service's rows."""
    from stadstafel.records import Record

    rows = _mixed_rows(count)
    columns = [*COLUMNS, ("flag", "vlag"), ("ratio", "deel"), ("count", "aantal")]
    expected = _table_as_it_was(rows, columns)
    assert "".join(formats.pieces(iter(rows), columns, "table")) == expected
    assert "".join(formats.pieces(_as_service_rows(rows), columns, "table")) == expected
    records = [Record.from_row(dict(r)) for r in rows]  # what a service's rows hold
    for fmt in ("json", "csv"):
        whole = "".join(formats.pieces(iter(records), columns, fmt))
        assert "".join(formats.pieces(_as_service_rows(rows), columns, fmt)) == whole


def test_looked_up_names_are_fetched_once_each_and_neutralised():
    """A looked-up column (an id in the query, a name in the rows) asks only for the ids
    not met before, once a batch, and neutralises each name once; None and an id not
    found read as None, and a projection keeps the lookup."""
    from stadstafel.records import Rows

    asked: list[set] = []

    def fetch(ids: set) -> dict:
        asked.append(set(ids))
        return {i: f"naam {i}\x1b[2J" for i in ids if i != 99}

    batches = [
        (["id", "owner"], [(1, 10), (2, 11), (3, None)]),
        (["id", "owner"], [(4, 10), (5, 12), (6, 99)]),
        (["id", "owner"], [(7, 11), (8, 10)]),
    ]
    rows = Rows(lambda columns: iter(batches), lookups=(("owner", fetch),))
    got = [(r["id"], r["owner"]) for r in rows.only(["owner"])]
    assert asked == [{10, 11}, {12, 99}]  # the third batch knew all its ids
    assert got[0] == (1, "naam 10\ufffd[2J") and got[7] == (8, "naam 10\ufffd[2J")
    assert got[2] == (3, None) and got[5] == (6, None)


def test_actions_each_gives_the_names_the_joined_list_gives(ws):
    """``each`` looks the owner's and the table's names up instead of joining: every row
    equals the joined query's (``list``), a name with a control character neutralised."""
    org = ws.organisations.create(name="Portaal", kind="woningcorporatie")
    table = ws.tables.create(name="Woningbouw", kind="samenwerkingstafel")
    for n in range(3):
        ws.actions.create(table_id=table.id, text=f"actie {n}", owner_org_id=org.id)
    ws.actions.create(table_id=table.id, text="zonder eigenaar", due="2027-01-04")
    with ws.store.write_lock() as conn:  # written around the services
        conn.execute("UPDATE organisations SET name = 'Por\x1b[31mtaal' WHERE id = ?", [org.id])
    listed = list(ws.actions.each(status=None))
    assert listed == ws.actions.list(status=None).rows
    assert [r.owner_org for r in listed].count("Por\ufffd[31mtaal") == 3
    assert {r.table_name for r in listed} == {"Woningbouw"}


def test_agenda_each_gives_the_rows_the_joined_list_gives(ws, table_setup):
    """``agenda list`` streams (``each``): the same rows as the joined, paged ``list``, with
    each filter, the submitter's, meeting's and table's values looked up, not joined."""
    s = table_setup
    for n in range(4):
        ws.agenda.submit(
            s.table.id,
            f"woningbouw punt {n}",
            meeting_id=s.meetings[n % 2].id if n < 3 else None,
            org_id=s.portaal.id if n % 2 else None,
            person_id=s.partner.id if n == 1 else None,
        )
    with ws.store.write_lock() as conn:  # written around the services
        conn.execute(
            "UPDATE meetings SET title = 'Ver\x1b[2Jgadering' WHERE id = ?", [s.meetings[0].id]
        )
    for filters in ({}, {"status": "ingediend"}, {"org_id": s.portaal.id}, {"filter": "punt"}):
        assert list(ws.agenda.each(**filters)) == ws.agenda.list(**filters).rows, filters
    titles = {r.meeting_title for r in ws.agenda.each()}
    assert "Ver\ufffd[2Jgadering" in titles and None in titles
    traced: list[str] = []
    ws.store.conn.set_trace_callback(traced.append)
    list(ws.agenda.each())
    ws.store.conn.set_trace_callback(None)
    assert not [sql for sql in traced if " JOIN " in sql], traced


def _csv_as_it_was(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    """CSV as the writer gave it with every cell through ``csv_cell``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(key) for key, _ in columns])
    writer.writerows([[csv_cell(row.get(k)) for k, _ in columns] for row in rows])
    return out.getvalue()[:-1]


# The last cells that a batch's one-``%`` text must strip or quote as a row at a time did:
# none, empty, white space at the end (a no-break space is white space to rstrip too), a
# number; for CSV a comma, a quote, a line break in a cell.
LAST_CELLS = [None, "", "naam ", "naam\xa0", "\u3000", 7, 2.5, True, "a, b", 'zegt "ja"', "x\ny"]


@pytest.mark.parametrize("last", LAST_CELLS)
@pytest.mark.parametrize("service", [False, True])
def test_a_batch_written_whole_is_what_each_row_gave(last, service):
    """Tables and CSV write a batch of plain rows with one ``%`` for the whole batch: the
    text equals each row written by itself, whatever the last cell holds, in the batch
    that has it and in the batches around it."""
    rows = [
        {"id": n, "text": f"actie {n}", "none": None, "last": last if n == 400 else f"t {n}"}
        for n in range(700)
    ]
    columns = [("id", "id"), ("none", ""), ("text", "tekst"), ("last", "laatste")]
    source = (lambda: _as_service_rows(rows)) if service else (lambda: iter(rows))
    table = "".join(formats.pieces(source(), columns, "table"))
    assert table == _table_as_it_was(rows, columns)
    assert "".join(formats.pieces(source(), columns, "csv")) == _csv_as_it_was(rows, columns)
    # one column: an empty cell is written "" by the CSV writer, not as nothing
    one = [{"last": last if n == 3 else f"t {n}"} for n in range(5)]
    ones = (lambda: _as_service_rows(one)) if service else (lambda: iter(one))
    assert "".join(formats.pieces(ones(), [("last", "x")], "csv")) == _csv_as_it_was(
        one, [("last", "x")]
    )


@pytest.mark.parametrize("odd", [b"\x00made", [1, 2], {"a": 1}, [], ("x",), 2.5, None])
def test_json_of_service_rows_with_a_value_that_is_not_plain_is_what_json_gave(odd):
    """A service's batch is encoded whole after only its derived columns were looked at (the
    rest hold what SQLite gives): bytes from SQLite in one batch, or any value a derived
    column made in another, still give what json.dumps gave for the rows."""
    rows = [{"id": n, "blob": b"\x00blob" if n == 3 else f"t {n}", "k": n} for n in range(250)]
    service = _as_service_rows(rows).with_column("made", "k", lambda k: odd if k == 200 else k)
    expected = [dict(r, made=odd if r["k"] == 200 else r["k"]) for r in rows]
    got = "".join(formats.pieces(service, COLUMNS, "json"))
    assert got == json.dumps(expected, ensure_ascii=False, indent=2, default=str)


def test_a_table_of_no_columns_is_an_empty_line_a_row():
    rows = [{"id": n} for n in range(3)]
    assert "".join(formats.pieces(iter(rows), [], "table")) == "\n" * 4  # heading, rule, rows
    assert formats.render(rows, [], "table") == "\n" * 4


# Text that json escapes, that must be neutralised, or that a terminal or a spreadsheet
# would act on; each in some rows of a column, the rest of it plain.
HOSTILE = [
    'zegt "ja"',
    "pad\\naar",
    "regel\nregel\ttab",
    "[/x] [@click=app.quit]x",
    "\x1b[31mROOD",
    "=1+1",
    "c1\x85\x9b bidi\u202e",
    "del\x7f",
    "cr\r\nlf\rlos",
    "é ü 漢字",
]


def _hostile_service_rows(count: int, size: int = 150):
    """A service's rows whose columns hold each kind of value a column can: text (hostile
    in some rows), whole numbers, None, both, text and None, a float, a flag; a looked-up
    name (its ids are text) and a derived column."""
    from stadstafel.records import Rows

    names = ["id", "text", "count", "nothing", "maybe", "done_on", "ratio", "flag", "owner"]
    rows = [
        (
            n,
            # the batches after the first: ASCII only (a control character found by search)
            HOSTILE[n % len(HOSTILE)] if n % 40 < len(HOSTILE) - (n > 150) else f"actie {n} " * 30,
            -n,
            None,
            None if n % 3 else n,
            None if n % 2 else (HOSTILE[n % len(HOSTILE)] if n % 50 == 0 else "2027-01-04"),
            n / 7 if n % 5 else None,
            n % 4 == 0,
            f"o{n % 6}",
        )
        for n in range(count)
    ]
    batches = [(names, rows[i : i + size]) for i in range(0, count, size)]

    def fetch(ids: set) -> dict:
        return {i: f'org "{i}"\x1b[2J' if i == "o1" else f"org {i}" for i in ids if i != "o5"}

    service = Rows(lambda columns: iter(batches), lookups=(("owner", fetch),))
    return service.with_column("mark", "count", lambda c: "\x9blaat" if c % 9 == 0 else "")


@pytest.mark.parametrize("count", [1, 149, 450])
def test_json_of_service_rows_by_column_is_what_json_gave_of_its_records(count):
    """JSON of a service's rows is made a column at a time (its text between quotes where
    json escapes nothing, None as null, numbers as text, the control check on a column's
    text): the same text as json.dumps of the same rows as Records (each neutralised as
    one by one), names looked up and derived columns included."""
    rows = _hostile_service_rows(count)
    got = "".join(formats.pieces(rows, COLUMNS, "json"))
    expected = json.dumps(list(rows), ensure_ascii=False, indent=2, default=str)
    assert got == expected
    listed = json.loads(got)
    assert len(listed) == count and listed[0]["maybe"] == 0 and listed[0]["nothing"] is None
    if count > 100:
        assert {"\x1b", "\x85", "\x7f", "\x9b", "\r", "\u202e"}.isdisjoint(got)
        assert listed[1]["owner"] == 'org "o1"\ufffd[2J' and listed[5]["owner"] is None
        assert listed[4]["text"] == "\ufffd[31mROOD" and listed[9]["mark"] == "\ufffdlaat"
        assert listed[4]["maybe"] is None and listed[3]["text"] == "[/x] [@click=app.quit]x"
        assert listed[8]["text"] == "cr\nlf\ufffdlos" and listed[9]["text"] == "é ü 漢字"


def test_a_long_ascii_text_with_any_control_character_has_one():
    """``has_control`` looks at a long ASCII text (a batch's) by a search for each control
    character: every one of them is found there, tab and newline are not controls."""
    from stadstafel.textsafe import has_control

    long = "actie 1 \t\n" * 200
    assert not has_control(long)
    for code in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F]:
        assert has_control(long + chr(code) + long), hex(code)
    assert has_control(long + "\x9b") and has_control(long + "\u2066")  # not ASCII


def test_json_of_service_rows_with_a_json_list_column_decodes_it_as_a_record_does():
    """A JSON-list column (``topics``) comes from SQLite as text: written by column it is
    decoded and its strings neutralised in each row, as in a Record, not written as text."""
    from stadstafel.records import Rows

    names = ["id", "topics"]
    rows = [(n, '["wonen", "a\\u001bb"]' if n % 2 else None) for n in range(300)]
    service = Rows(lambda columns: iter([(names, rows[:150]), (names, rows[150:])]))
    got = "".join(formats.pieces(service, COLUMNS, "json"))
    assert got == json.dumps(list(service), ensure_ascii=False, indent=2, default=str)
    assert (
        json.loads(got)[1]["topics"] == ["wonen", "a\ufffdb"] and json.loads(got)[0]["topics"] == []
    )


# Text that is not ASCII in each of its widths (Latin-1, two bytes, four), beside ASCII.
NOT_ASCII = ["Coöperatie", "é ü", "漢字 \u2028 \u2029", "😀 \ufffd", "plain", "ÿ\u0100"]


@pytest.mark.parametrize("count", [1, 149, 450])
def test_json_as_bytes_is_the_utf8_of_its_text(count):
    """The CLI writes JSON as bytes, its non-ASCII columns carried as their UTF-8 (read as
    Latin-1) instead of a pass of the encoder over all the text: the bytes are the UTF-8
    of the JSON text, for text with nothing to escape and with escapes, text and None (the
    encoder's column), a float beside text, a key, a looked-up name and a derived column
    that are not ASCII, and batches that are all ASCII."""
    from stadstafel.records import Rows

    names = ["id", "tekst", "escaped", "maybe", "mixed", "eigenaar_ö", "owner"]

    def value(n: int) -> str:
        return NOT_ASCII[n % len(NOT_ASCII)] if n < 300 else f"ascii {n}"

    rows = [
        (
            n,
            value(n),
            value(n) + ' "x"\\\n',
            None if n % 3 else value(n),
            n / 4 if n % 2 else value(n),
            value(n + 1),
            n % 4,
        )
        for n in range(count)
    ]
    batches = [(names, rows[i : i + 150]) for i in range(0, count, 150)]

    def fetch(ids: set) -> dict:
        return {i: f"org {NOT_ASCII[i]}" for i in ids}

    service = Rows(lambda columns: iter(batches), lookups=(("owner", fetch),))
    service = service.with_column("mark", "id", lambda n: "laat ✓" if n % 5 == 0 else "")
    got = b"".join(formats.encoded_pieces(service, COLUMNS, "json"))
    text = json.dumps(list(service), ensure_ascii=False, indent=2, default=str)
    assert got == text.encode()
    assert "".join(formats.pieces(service, COLUMNS, "json")) == text  # as text, as before
    assert json.loads(got)[0]["eigenaar_ö"] == "é ü"


def test_the_cli_writes_json_as_bytes_and_other_formats_as_text(monkeypatch):
    written: list = []
    monkeypatch.setattr(cli.click, "echo", lambda text="", nl=True, **_: written.append(text))
    rows = [{"id": n, "text": f"Coöperatie {n}", "due": None, "none": None} for n in range(3)]
    for fmt in ("json", "csv", "table"):
        written.clear()
        cli._echo_rows(iter(rows), COLUMNS, fmt)
        assert {type(w) for w in written[:-1]} == {bytes if fmt == "json" else str}, fmt


class _TextOnly(io.StringIO):
    encoding = "utf-8"  # as it says, but no bytes under it


@pytest.mark.parametrize("encoding", ["utf-8", "UTF8", "latin-1", None])
def test_the_cli_writes_json_bytes_only_where_stdout_writes_utf8(monkeypatch, encoding):
    """JSON goes out as UTF-8 bytes only where stdout's text would be written as UTF-8:
    a stdout of another encoding (``PYTHONIOENCODING=latin-1``) and one without a byte
    stream under it (text only) get the text as before."""
    rows = [{"id": n, "text": f"Coöperatie {n}", "due": None, "none": None} for n in range(3)]
    buffer = io.BytesIO()
    stdout = _TextOnly() if encoding is None else io.TextIOWrapper(buffer, encoding=encoding)
    monkeypatch.setattr(sys, "stdout", stdout)
    cli._echo_rows(iter(rows), COLUMNS, "json")
    stdout.flush()
    text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if encoding is None:
        assert stdout.getvalue() == text
    else:
        assert buffer.getvalue() == text.encode(encoding)


def _repeating_service_rows(count: int, *, stored: bool, size: int = 150):
    """A service's rows over many batches: whole numbers, whole numbers and None, text and
    None (escaped, not ASCII, a quote), a number that is 1 in the first batches and a flag
    (where not ``stored``) or a float later, a looked-up name (one of them a number) and a
    derived column that turns from whole numbers to flags."""
    from stadstafel.records import Rows

    names = ["id", "table", "maybe", "day", "one", "owner"]
    later = 1 if stored else True  # SQLite gives no flag
    rows = [
        (
            n,
            n % 7,
            None if n % 3 else n % 11,
            None if n % 4 == 1 else ["2027-01-04", 'zegt "ja"', "é ü", "a\\b"][n % 4],
            1 if n < 2_500 else (later if n < 3_000 else 1.0),
            n % 13,
        )
        for n in range(count)
    ]
    batches = [(names, rows[i : i + size]) for i in range(0, count, size)]

    def fetch(ids: set) -> dict:
        return {i: 5 if i == 5 else f'org "{i}" ö' for i in ids if i != 12}

    service = Rows(lambda columns: iter(batches), lookups=(("owner", fetch),), stored=stored)
    return service.with_column("made", "id", lambda n: n % 2 if n < 2_600 else n % 2 == 0)


@pytest.mark.parametrize("stored", [False, True])
def test_json_of_columns_whose_types_change_is_what_json_gave(stored):
    """JSON of a long listing whose columns change their types from batch to batch (told
    by ``sum`` and ``count`` where the rows are ``stored``) is json.dumps of the same rows,
    as text and as bytes: a flag or a float never written as the whole number it equals."""
    rows = _repeating_service_rows(3_300, stored=stored)
    expected = json.dumps(list(rows), ensure_ascii=False, indent=2, default=str)
    assert "".join(formats.pieces(rows, COLUMNS, "json")) == expected
    assert b"".join(formats.encoded_pieces(rows, COLUMNS, "json")) == expected.encode()
    listed = json.loads(expected)
    assert listed[3_100]["one"] == 1.0 and listed[2_700]["made"] is True
    assert listed[5]["owner"] == 5 and listed[12]["owner"] is None
    if not stored:
        assert listed[2_600]["one"] is True


@pytest.mark.parametrize(
    "column",
    [
        (1, 2, 3),
        (1, 2**70, -(2**63)),
        (1, 2.5, 3),
        (1, None, 3),
        (None, None),
        (None, 1),
        (None, "x"),
        ("a", "b"),
        ("a", None, "b"),
        (1, "x"),
        (1, b"x"),
        (b"x", None),
        (2.5, 1),
    ],
)
def test_a_stored_column_is_told_as_column_text_tells_it(column):
    """The faster look at a column as SQLite gives it (``sum``, ``count``) tells its text and
    types as ``column_text`` does, a float, None, text or bytes among whole numbers too."""
    from stadstafel.records import _stored_column_text, column_text

    assert _stored_column_text(column) == column_text(column, " ")


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_a_listing_of_batches_keeps_freed_memory_for_the_next(monkeypatch, fmt):
    """The CLI asks C's malloc to keep what a batch freed once a third piece comes: a short
    listing (a batch) never loads ctypes for it."""
    from stadstafel import cli_lists

    asked: list[int] = []
    monkeypatch.setattr(cli.click, "echo", lambda text="", nl=True, **_: None)
    monkeypatch.setattr(cli_lists, "_keep_freed_memory", lambda: asked.append(1))
    first = formats.TABLE_WINDOW if fmt == "table" else formats.PIECE_ROWS  # the first piece
    for count, expected in [(first, []), (first + 3 * formats.PIECE_ROWS, [1])]:
        asked.clear()
        rows = [{"id": n, "text": f"actie {n}", "due": None, "none": None} for n in range(count)]
        cli._echo_rows(iter(rows), COLUMNS, fmt)
        assert asked == expected, count


def test_keeping_freed_memory_changes_no_output():
    """mallopt's settings (where the C library has it) in a process that then lists: the
    same text as without, and no fault where it is missing."""
    code = (
        "import sys; from stadstafel import cli_lists, formats\n"
        "rows = [{'id': n, 'text': 'actie %d' % n} for n in range(1200)]\n"
        "cols = [('id', 'id'), ('text', 'tekst')]\n"
        "before = ''.join(formats.pieces(iter(rows), cols, 'json'))\n"
        "cli_lists._keep_freed_memory()\n"
        "assert ''.join(formats.pieces(iter(rows), cols, 'json')) == before\n"
        "print(len(before))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 1200 * 20


@pytest.mark.parametrize("missing", ["ctypes", "_ctypes"])
def test_a_listing_where_ctypes_cannot_be_loaded_is_written_whole(missing):
    """An interpreter without ``ctypes`` (a build without libffi; another's ``_ctypes``): a
    listing long enough to ask malloc to keep freed memory is written whole, no traceback
    after its second piece (as ``memory``'s calls already leave such a C library alone)."""
    code = (
        "import sys\n"
        f"sys.modules[{missing!r}] = None  # cannot be imported\n"
        "from stadstafel import cli, formats\n"
        "rows = [{'id': n, 'text': 'actie %d' % n} for n in range(4 * formats.PIECE_ROWS)]\n"
        "cli._echo_rows(iter(rows), [('id', 'id'), ('text', 'tekst')], 'json')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)[-1]["id"] == 4 * formats.PIECE_ROWS - 1
