"""Rendering rows for scripts and pipes: table, json, csv, markdown.

Every format shows user text as data: table and markdown cells are neutralised (no control
character reaches the terminal), CSV cells go through ``csv_cell`` (neutralised, and no cell a
spreadsheet would run as a formula), JSON escapes control characters itself.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence

from stadstafel.textsafe import csv_cell, neutralise

#: Formats written row by row as the rows come (``pieces``); table and markdown need every
#: row first, for the widths of the columns.
STREAMED = ("json", "csv")


#: Rows per piece that ``pieces`` gives: few enough to hold, enough that writing is not per row.
PIECE_ROWS = 200


def render(rows: Sequence[dict], columns: Sequence[tuple[str, str]], fmt: str) -> str:
    """``columns`` is a list of (key, header). JSON keeps every key of the rows."""
    if fmt in STREAMED:
        return "".join(pieces(rows, columns, fmt))
    cells = [[_cell(row.get(k)) for k, _ in columns] for row in rows]
    headers = [_cell(h) for _, h in columns]
    if fmt == "markdown":
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in cells]
        return "\n".join(lines)
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    return neutralise(value, multiline=False)


def pieces(rows: Iterable[dict], columns: Sequence[tuple[str, str]], fmt: str) -> Iterator[str]:
    """JSON or CSV text for ``rows`` in pieces of PIECE_ROWS rows, each given as soon as its
    rows were read: a writer that writes every piece holds one piece at a time, whatever the
    number of rows. Joined, the pieces are exactly ``render``'s text."""
    if fmt == "json":
        yield from _json_pieces(rows)
    elif fmt == "csv":
        yield from _csv_pieces(rows, columns)
    else:
        raise ValueError(f"not a streamed format: {fmt}")


def _json_pieces(rows: Iterable[dict]) -> Iterator[str]:
    # One array, as json.dumps(list, indent=2) writes it: each object indented one level.
    lead = "[\n"
    for batch in _batched(rows):
        yield lead + ",\n".join(_json_objects(batch))
        lead = ",\n"
    yield "[]" if lead == "[\n" else "\n]"


def _batched(rows: Iterable[dict]) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= PIECE_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def _csv_pieces(rows: Iterable[dict], columns: Sequence[tuple[str, str]]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    keys = [key for key, _ in columns]
    writer.writerow([csv_cell(key) for key in keys])
    # Every piece but the last ends before its final line break, which the next piece
    # begins with: the text ends without one, as render's did.
    lead = ""
    for count, row in enumerate(rows, 1):
        writer.writerow([csv_cell(row.get(k)) for k in keys])
        if count % PIECE_ROWS == 0:
            yield lead + out.getvalue()[:-1]
            lead = "\n"
            out.seek(0)
            out.truncate()
    yield (lead + out.getvalue()).rstrip("\n")


# One call of json's fast (C) encoder per row: a compact object whose separator between
# members is the line break and indent that json.dumps(rows, indent=2) puts there.
_PLAIN = frozenset({str, int, float, bool, type(None)})
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
