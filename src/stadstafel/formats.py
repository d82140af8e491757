"""Rendering rows for scripts and pipes: table, json, csv, markdown.

Every format shows user text as data: table and markdown cells are neutralised (no control
character reaches the terminal), CSV cells go through ``csv_cell`` (neutralised, and no cell a
spreadsheet would run as a formula), JSON escapes control characters itself.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from stadstafel.textsafe import csv_cell, neutralise


def render(rows: Sequence[dict], columns: Sequence[tuple[str, str]], fmt: str) -> str:
    """``columns`` is a list of (key, header). JSON keeps every key of the rows."""
    if fmt == "json":
        return json.dumps([dict(r) for r in rows], ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([csv_cell(key) for key, _ in columns])
        for row in rows:
            writer.writerow([csv_cell(row.get(k)) for k, _ in columns])
        return out.getvalue().rstrip("\n")
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
