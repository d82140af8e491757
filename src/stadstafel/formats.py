"""Rendering rows for scripts and pipes: table, json, csv, markdown."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence


def render(rows: Sequence[dict], columns: Sequence[tuple[str, str]], fmt: str) -> str:
    """``columns`` is a list of (key, header). JSON keeps every key of the rows."""
    if fmt == "json":
        return json.dumps([dict(r) for r in rows], ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([key for key, _ in columns])
        for row in rows:
            writer.writerow(["" if row.get(k) is None else row.get(k) for k, _ in columns])
        return out.getvalue().rstrip("\n")
    cells = [[_cell(row.get(k)) for k, _ in columns] for row in rows]
    headers = [h for _, h in columns]
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
        return ", ".join(map(str, value))
    return str(value).replace("\n", " ")
