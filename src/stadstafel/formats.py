"""Rendering rows for scripts and pipes: table, json, csv, markdown.

Every format shows user text as data: table and markdown cells are neutralised (no control
character reaches the terminal), CSV cells go through ``csv_cell`` (neutralised, and no cell a
spreadsheet would run as a formula), JSON escapes control characters itself.

Table, JSON and CSV are written in pieces as the rows come (``pieces``), a batch of rows at a
time: a batch whose text needs nothing changed (most) goes to C code whole (the csv writer,
json's encoder, ``str.format``), without Python work per cell. A table's column widths are
those of its first TABLE_WINDOW rows; a longer cell further down is written whole and pushes
the rest of its line to the right.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from json.encoder import encode_basestring
from operator import itemgetter

from stadstafel.records import _INT, _NONE, Rows, batch_text
from stadstafel.textsafe import csv_cell, has_control, neutralise

#: Formats written piece by piece as the rows come (``pieces``); markdown needs every row.
STREAMED = ("json", "csv", "table")


#: Rows per piece that ``pieces`` gives for rows of dicts (a service's ``Rows`` come in the
#: batches the cursor reads): few enough to hold, enough that writing is not per row.
PIECE_ROWS = 200

#: Rows whose cells set a streamed table's column widths (held until the widths are known).
TABLE_WINDOW = 1000


def render(rows: Iterable[dict], columns: Sequence[tuple[str, str]], fmt: str) -> str:
    """``columns`` is a list of (key, header). JSON keeps every key of the rows. The table's
    widths are those of all its rows."""
    if fmt == "markdown":
        cells = [[_cell(row.get(k)) for k, _ in columns] for row in rows]
        headers = [_cell(h) for _, h in columns]
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in cells]
        return "\n".join(lines)
    if fmt == "table":
        return "".join(_table_pieces(rows, columns, window=None))
    return "".join(pieces(rows, columns, fmt))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    return neutralise(value, multiline=False)


def pieces(rows: Iterable[dict], columns: Sequence[tuple[str, str]], fmt: str) -> Iterator[str]:
    """Table, JSON or CSV text for ``rows`` (dicts, or a service's ``Rows``) in pieces, each
    given as soon as its rows were read: a writer that writes every piece holds one piece at
    a time, whatever the number of rows. Joined, the pieces are exactly ``render``'s text
    (for a table of at most TABLE_WINDOW rows)."""
    if fmt == "json":
        yield from _json_pieces(rows, encoded=False)
    elif fmt == "csv":
        yield from _csv_pieces(rows, columns)
    elif fmt == "table":
        yield from _table_pieces(rows, columns, window=TABLE_WINDOW)
    else:
        raise ValueError(f"not a streamed format: {fmt}")


def encoded_pieces(
    rows: Iterable[dict], columns: Sequence[tuple[str, str]], fmt: str
) -> Iterator[bytes]:
    """``pieces`` as the UTF-8 bytes a writer sends: for a pipe or a file, without a text
    stream's encoding of every piece. JSON made a column at a time comes as bytes with no
    pass of the encoder over its text (``_json_columns``' ``carried``); the rest encoded."""
    if fmt == "json":
        for piece in _json_pieces(rows, encoded=True):
            yield piece if piece.__class__ is bytes else piece.encode()
        return
    for piece in pieces(rows, columns, fmt):
        yield piece.encode()


def _json_pieces(rows: Iterable[dict], *, encoded: bool) -> Iterator[str | bytes]:
    # One array, as json.dumps(list, indent=2) writes it: each object indented one level.
    lead = "[\n"
    for text in _json_batches(rows, encoded=encoded):
        if text.__class__ is bytes:
            yield lead.encode() + text
        else:
            yield lead + text
        lead = ",\n"
    yield "[]" if lead == "[\n" else "\n]"


def _json_batches(rows: Iterable[dict], *, encoded: bool = False) -> Iterator[str | bytes]:
    """The objects of each batch of ``rows`` as json.dumps(rows, indent=2) writes them in
    the array, joined by ",\n"; ``encoded``: a batch made a column at a time as its UTF-8
    bytes (the others as text)."""
    if not isinstance(rows, Rows):
        for batch in _batched(rows):
            yield ",\n".join(_json_objects(batch))
        return
    for names, columns, texts, kinds in rows.column_batches():
        text = _json_columns(names, columns, texts, kinds, carried=encoded)
        if text is None:
            rows_of = zip(*columns, strict=True)
            yield ",\n".join(_json_objects([dict(zip(names, r, strict=True)) for r in rows_of]))
        elif encoded:
            yield text.encode("latin-1")  # carried: each character one byte of the UTF-8
        else:
            yield text


# The values of a column, one after the other, each on a line of its own: a plain value's
# JSON has no line break of its own (a string's is escaped), so the lines are the values.
_VALUE_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=("\n", ": "))
# What json escapes in a string (ensure_ascii off): a text without any is its JSON between
# two quotes.
_ESCAPED = ('"', "\\", *map(chr, range(0x20)))
_STR = frozenset({str})


def _json_columns(
    names: list[str],
    columns: list[Sequence],
    texts: list[str | None],
    kinds: list[frozenset[type] | None],
    *,
    carried: bool = False,
) -> str | None:
    """The objects of a batch given as ``columns`` (``Rows.column_batches``) as
    ``_json_objects`` of its rows' dicts gives them, made a column at a time without a dict
    or a call a row: a column of text that json would not escape is written as it is
    between quotes (``texts``: its text where every value is text; ``kinds``: the types
    of a column's values where known), one of whole numbers by ``str``, None as ``null``,
    any other column of plain values by one call of json's C encoder; the pieces joined
    once. None where that does not hold: a value that is not
    plain (bytes, a list), a name twice, no names.

    ``carried``: the text's UTF-8 carried in a text of characters below U+0100, one a byte
    (its ``encode("latin-1")`` is the UTF-8 of the text): a column of values that are not
    all ASCII is given as the UTF-8 of its values read as Latin-1, the other pieces are
    ASCII. Python's UTF-8 encoder goes over a text a character at a time once it holds one
    character that is not ASCII (an owner's "Coöperatie" puts one in nearly every batch of
    a listing): about 1 ms for a batch's 290,000 characters, where Latin-1 copies them."""
    if not names or len(set(names)) < len(names):
        return None
    count = len(columns[0])
    quoted: list[bool] = []
    values: list[Sequence] = []
    for column, text, types in zip(columns, texts, kinds, strict=True):
        if text is None and types is None:  # not known: a name looked up, a derived value
            types = frozenset(map(type, column))
            if types == _STR:
                text = " ".join(column)
        if text is not None:
            if not any(map(text.__contains__, _ESCAPED)):
                quoted.append(True)
                made = column
            else:
                quoted.append(False)
                made = list(map(encode_basestring, column))
            if carried and not text.isascii():  # (the text of every value: none is ASCII)
                made = _carried(made)
            values.append(made)
            continue
        quoted.append(False)
        if types == _INT:
            values.append(list(map(int.__repr__, column)))
        elif types == _NONE:
            values.append(["null"] * count)
        elif types <= _PLAIN:
            encoded = _VALUE_ENCODER.encode(list(column))[1:-1]
            if carried and not encoded.isascii():  # text among floats or flags
                encoded = encoded.encode().decode("latin-1")
            made = encoded.split("\n")
            if len(made) != count:
                return None
            values.append(made)
        else:  # bytes (which the encoder refuses), a list or a dict: row by row
            return None
    first, row, close = _json_row(tuple(names), tuple(quoted), carried)
    width = len(row)
    pieces = list(row) * count
    for at, column in enumerate(values):
        pieces[2 * at + 1 :: width] = column
    pieces[0] = first
    pieces.append(close)
    return "".join(pieces)


def _carried(values: list[str]) -> list[str]:
    """``values`` (JSON texts: no line break in any) each as its UTF-8 read as Latin-1."""
    return "\n".join(values).encode().decode("latin-1").split("\n")


@functools.lru_cache(maxsize=64)
def _json_row(
    names: tuple[str, ...], quoted: tuple[bool, ...], carried: bool = False
) -> tuple[str, tuple, str]:
    """A row's pieces around its values (``quoted``: a value written between quotes) as
    ``[before the first value, None, between it and the next, None, ...]``, where the text
    before a row's first value closes the row before it; what begins the first row and
    what ends the last. ``carried``: a key's UTF-8 read as Latin-1 (``_json_columns``)."""
    quotes = ['"' if q else "" for q in quoted]
    keys = [json.dumps(name, ensure_ascii=False) + ": " for name in names]
    if carried:
        keys = _carried(keys)
    close = quotes[-1] + "\n  }"
    before = [close + ",\n  {\n    " + keys[0] + quotes[0]]
    before += [quotes[at - 1] + ",\n    " + keys[at] + quotes[at] for at in range(1, len(names))]
    row = tuple(chain.from_iterable(zip(before, [None] * len(names), strict=True)))
    return "  {\n    " + keys[0] + quotes[0], row, close


def _batched(rows: Iterable[dict]) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= PIECE_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def _value_batches(rows: Iterable[dict], keys: Sequence[str]) -> Iterator[list[tuple]]:
    """Batches of the rows' values of ``keys`` (None where a row has no such key) as tuples."""
    if not isinstance(rows, Rows):
        for batch in _batched(rows):
            yield [tuple([row.get(k) for k in keys]) for row in batch]
        return
    for names, batch in rows.only(keys).batches():
        at = {name: i for i, name in enumerate(names)}  # the last of a repeated name, as dict
        if not all(k in at for k in keys):
            batch = [(*row, None) for row in batch]
        picks = [at.get(k, len(names)) for k in keys]
        if picks == list(range(len(names))):
            yield batch
        elif len(picks) == 1:
            yield [(row[picks[0]],) for row in batch]
        else:
            yield list(map(itemgetter(*picks), batch))


# A cell of the batch's text (each after a line break) that a spreadsheet could read as a
# formula (csv_cell's check): where none is found, no cell of the batch starts with one.
_FORMULA_CELL = re.compile(r"\n'*[=+\-@\t\r]")


def _csv_pieces(rows: Iterable[dict], columns: Sequence[tuple[str, str]]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    keys = [key for key, _ in columns]
    writer.writerow([csv_cell(key) for key in keys])
    # A row of plain cells that need no quotes is its values between commas (None as ""),
    # as the writer writes it; a row of one cell is not (an empty one is written "").
    line = ",".join(["%s"] * len(keys)) if len(keys) > 1 else None
    # Every piece but the last ends before its final line break, which the next piece
    # begins with: the text ends without one, as render's did.
    lead = ""
    neutral = isinstance(rows, Rows)  # its text has no control character
    for batch in _value_batches(rows, keys):
        text, plain = batch_text(batch, "\n")
        if not plain or _FORMULA_CELL.search("\n" + text) or (not neutral and has_control(text)):
            batch = [[csv_cell(v) for v in row] for row in batch]  # this batch cell by cell
        elif line is not None and not ('"' in text or "," in text or "\r" in text):
            lines = _joined(line, batch)
            if lines.count("\n") == len(batch) - 1:  # no line break inside a cell
                yield lead + out.getvalue() + lines  # the heading before the first
                lead = "\n"
                out.seek(0)
                out.truncate()
                continue
        writer.writerows(batch)  # None as "", bool and numbers as csv_cell gives them
        yield lead + out.getvalue()[:-1]
        lead = "\n"
        out.seek(0)
        out.truncate()
    if not lead:
        yield out.getvalue()[:-1]


def _joined(line: str, batch: list[tuple]) -> str:
    """Each row of ``batch`` through ``line`` (a ``%s`` field a value, None given as ""),
    the rows joined by line breaks: the whole batch's text made by one ``%`` in C, without
    a call a row."""
    flat = list(chain.from_iterable(batch))
    if None in flat:
        flat = ["" if v is None else v for v in flat]
    return "\n".join([line] * len(batch)) % tuple(flat)


def _table_pieces(
    rows: Iterable[dict], columns: Sequence[tuple[str, str]], *, window: int | None
) -> Iterator[str]:
    """The table's lines: the widths from the first ``window`` rows (all when None)."""
    headers = [_cell(h) for _, h in columns]
    batches = _value_batches(rows, [key for key, _ in columns])
    neutral = isinstance(rows, Rows)  # its text has no control character
    held: list[list[tuple]] = []
    count = 0
    for batch in batches:
        held.append(_table_cells(batch, neutral))
        count += len(batch)
        if window is not None and count >= window:
            break
    widths = [  # None is shown as "" (``_joined``)
        max([len(h), *(len(str(r[i])) for b in held for r in b if r[i] is not None)])
        for i, h in enumerate(headers)
    ]
    template = "  ".join(f"{{!s:<{w}}}" for w in widths)
    head = [template.format(*headers).rstrip(), "  ".join("-" * w for w in widths)]
    # A row as template.format(*row).rstrip() gives it: the last cell is not padded, so
    # only a row whose last cell is empty or ends in white space has any to strip.
    line = "  ".join([f"%-{w}s" for w in widths[:-1]] + ["%s"]) if widths else ""
    yield "\n".join(head + [_table_lines(line, b) for b in held if b])
    del held
    for batch in batches:
        yield "\n" + _table_lines(line, _table_cells(batch, neutral))


def _table_lines(line: str, cells: list[tuple]) -> str:
    text = _joined(line, cells)
    if not line:  # no columns: an empty line a row
        return text
    last = [row[-1] for row in cells]
    try:
        bare = all(last) and list(map(str.rstrip, last)) == last
    except TypeError:  # a number: as text, it has no white space at its end
        bare = False
    return text if bare else "\n".join([t.rstrip() for t in text.split("\n")])


def _table_cells(batch: list[tuple], neutral: bool) -> list[tuple]:
    """``batch`` with each value as ``_cell`` shows it: as it is (None shown as "" by
    ``_joined``) when no text in it has a control character (none in ``neutral`` text),
    line break or tab."""
    text, plain = batch_text(batch, " ")
    if not plain or "\n" in text or "\t" in text or (not neutral and has_control(text)):
        return [tuple([_cell(v) for v in row]) for row in batch]
    return batch


_PLAIN = frozenset({str, int, float, bool, type(None)})
# One call of json's fast (C) encoder per row: a compact object whose separator between
# members is the line break and indent that json.dumps(rows, indent=2) puts there.
_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str, separators=(",\n    ", ": "))


def _json_objects(rows: Sequence[dict]) -> list[str]:
    """``_json_object`` of each row; rows of plain values in one call of the encoder (a
    third less time than a call a row). A string's line breaks are escaped in JSON, so the
    only ``},`` + line break in that text is between two rows."""
    if all(row and _PLAIN.issuperset(map(type, row.values())) for row in rows):
        text = _ROW_ENCODER.encode(rows)  # [{…},\n    {…}]
        return ["  {\n    " + body + "\n  }" for body in text[2:-2].split("},\n    {")]
    return [_json_object(row) for row in rows]


def _json_object(row: dict) -> str:
    """``row`` as json.dumps(rows, indent=2) writes it inside the array. With ``indent`` json
    takes its slow pure-Python encoder, which took most of a listing's time; a row of plain
    values (every listing's) is written by one fast call instead."""
    if not row:
        return "  {}"
    if not _PLAIN.issuperset(map(type, row.values())):  # a list in a row, say
        text = json.dumps(dict(row), ensure_ascii=False, indent=2, default=str)
        return "  " + text.replace("\n", "\n  ")
    return "  {\n    " + _ROW_ENCODER.encode(row)[1:-1] + "\n  }"
