"""Economic figures from a CSV file, all or nothing.

The layout (header names in any case, ``,`` or ``;`` as separator, a decimal comma is read)::

    locatie;definitie;peildatum;waarde;bron;demo;notitie
    Leiden Bio Science Park;lisa-werkzame-personen;2024-04-01;24600;LISA 2024;ja;

- ``locatie``: the name of a work location that exists;
- ``definitie``: a key of ``definitions.toml`` (``cbs-banen``, ``lisa-werkzame-personen``, …);
  the figure goes into that location's series of that definition (made when missing), so two
  definitions never share a series;
- ``peildatum``: a date that fits the definition (LISA: 1 April; CBS banen: December);
- ``waarde``: a number; ``bron``: required; ``demo`` (optional): ja/nee; ``notitie`` optional.

A figure already stored for the same series and peildatum is replaced. Every error is collected
with its row and column, and nothing is stored unless the whole file is good.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from stadstafel import (
    BATCH_ROWS,
    WHOLE_IMPORT_ROWS,
    L,
    StadstafelError,
    csv_uncell,
    neutralise,
    refuse_import,
    stopped_summary,
    store_import,
    strip_outer,
)

from stadstafel_regionale_economie.economie import (
    definitions,
    parse_number,
    peildatum_fits,
    peildatum_rule,
)

NAME = "regionale-economie"
REQUIRED = ("locatie", "definitie", "peildatum", "waarde", "bron")
OPTIONAL = ("demo", "notitie")
YES = {
    "ja": True,
    "j": True,
    "yes": True,
    "1": True,
    "nee": False,
    "n": False,
    "no": False,
    "0": False,
    "": False,
}


@dataclass
class Report:
    rows: int = 0
    new: int = 0
    replaced: int = 0
    series_made: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, message)
    stored_through: int | None = None  # a very large file stopped half-way: the last row kept

    def summary(self) -> str:
        if stopped := stopped_summary(self):
            return stopped
        if self.errors:
            return L("Niets geïmporteerd: {n} fout(en).", "Nothing imported: {n} error(s).").format(
                n=len(self.errors)
            )
        return L(
            "{r} rijen: {n} nieuw, {p} vervangen; {s} nieuwe reeks(en).",
            "{r} rows: {n} new, {p} replaced; {s} new series.",
        ).format(r=self.rows, n=self.new, p=self.replaced, s=self.series_made)


def import_text(workspace: Any, text: str) -> Report:
    """Import ``text``; raises ValidationError (every row/column error in its message, the
    report as ``.report``) and stores nothing when any row is bad."""
    report = Report()
    parsed = _parse(workspace, text, report)
    if report.errors:
        refuse_import(report)
    reeksen = workspace.service(f"{NAME}.reeksen")
    cijfers = workspace.service(f"{NAME}.cijfers")

    def write(batch: list, keep: bool = True) -> None:
        for number, row in batch:
            try:
                series = reeksen.of(row["locatie_id"], row["definition"])
                if series is None:
                    series = reeksen.create(
                        locatie_id=row["locatie_id"], definition=row["definition"]
                    )
                    report.series_made += keep
                values = {k: row[k] for k in ("peildatum", "value", "source", "demo", "notes")}
                old = _stored(cijfers, series.id, row["peildatum"])
                if old is None:
                    cijfers.create(reeks_id=series.id, definition=row["definition"], **values)
                    report.new += keep
                else:
                    cijfers.update(old.id, old.version, **values)
                    report.replaced += keep
            except StadstafelError as exc:
                report.errors.append((number, "-", str(exc)))
        if keep and report.errors:
            refuse_import(report)  # an error raised inside undoes the batch

    # checked whole first, then stored all or nothing
    store_import(cijfers, parsed, write, report, size=BATCH_ROWS, whole_up_to=WHOLE_IMPORT_ROWS)
    return report


def _stored(cijfers: Any, reeks_id: int, peildatum: str) -> Any:
    rows = cijfers.rows(
        f"SELECT * FROM {cijfers.table} WHERE reeks_id = ? AND peildatum = ?", [reeks_id, peildatum]
    )
    return rows[0] if rows else None


def _parse(ws: Any, text: str, report: Report) -> list[tuple[int, dict]]:
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [neutralise(strip_outer(csv_uncell(h))).lower() for h in next(reader, [])]
    except csv.Error as exc:
        report.errors.append((1, "-", str(exc)))
        return []
    for need in REQUIRED:
        if need not in header:
            report.errors.append((1, need, L("kolom ontbreekt", "column missing")))
    for extra in header:
        if extra not in REQUIRED + OPTIONAL:
            report.errors.append((1, extra[:30], L("onbekende kolom", "unknown column")))
    if report.errors:
        return []
    locaties = ws.service(f"{NAME}.locaties")
    known = definitions()
    col = {name: header.index(name) for name in REQUIRED + OPTIONAL if name in header}
    parsed, seen, places = [], {}, {}
    try:
        for number, raw in enumerate(reader, start=2):
            if not any(cell.strip() for cell in raw):
                continue
            report.rows += 1
            if len(raw) != len(header):
                report.errors.append(
                    (
                        number,
                        "-",
                        L("{n} cellen, {h} verwacht", "{n} cells, expected {h}").format(
                            n=len(raw), h=len(header)
                        ),
                    )
                )
                continue
            # a cell is user text: neutralised before it is read, stored or quoted in a message
            cell = {
                k: neutralise(strip_outer(csv_uncell(raw[i])), multiline=k == "notitie").strip()
                for k, i in col.items()
            }
            row = _row(number, cell, report, locaties, known, places)
            if row is None:
                continue
            key = (row["locatie_id"], row["definition"], row["peildatum"])
            if key in seen:
                report.errors.append(
                    (
                        number,
                        "peildatum",
                        L(
                            "zelfde locatie, definitie en peildatum als rij {r}",
                            "same location, definition and peildatum as row {r}",
                        ).format(r=seen[key]),
                    )
                )
                continue
            seen[key] = number
            parsed.append((number, row))
    except csv.Error as exc:
        report.errors.append((reader.line_num, "-", str(exc)))
    return parsed


def _row(number, cell, report, locaties, known, places) -> dict | None:
    bad = len(report.errors)

    def err(column: str, message: str) -> None:
        report.errors.append((number, column, message))

    name = cell["locatie"]
    if name not in places:
        places[name] = locaties.by_name(name) if name else None
    loc = places[name]
    if loc is None:
        err("locatie", L("onbekende locatie '{n}'", "unknown location '{n}'").format(n=name[:60]))
    definition = cell["definitie"].lower()
    if definition not in known:
        err(
            "definitie",
            L(
                "onbekende definitie '{d}' (kies uit {k})",
                "unknown definition '{d}' (choose from {k})",
            ).format(d=definition[:40], k=", ".join(sorted(known))),
        )
    peildatum = cell["peildatum"]
    try:
        dt.date.fromisoformat(peildatum)
    except ValueError:
        err(
            "peildatum",
            L("'{p}' is geen datum (2024-04-01)", "'{p}' is not a date (2024-04-01)").format(
                p=peildatum[:20]
            ),
        )
    else:
        if definition in known and not peildatum_fits(definition, peildatum):
            err(
                "peildatum",
                L("{p} past niet bij {d}: {r}", "{p} does not fit {d}: {r}").format(
                    p=peildatum, d=definition, r=peildatum_rule(definition)
                ),
            )
    value = None
    try:
        value = parse_number(cell["waarde"])
        if value < 0:
            raise ValueError
    except ValueError:
        err(
            "waarde",
            L("'{v}' is geen getal van 0 of meer", "'{v}' is not a number of 0 or more").format(
                v=cell["waarde"][:20]
            ),
        )
    if not cell["bron"]:
        err("bron", L("een cijfer heeft een bron", "a figure needs a source"))
    demo = YES.get(cell.get("demo", "").lower())
    if demo is None:
        err("demo", L("ja of nee", "ja or nee"))
    if len(report.errors) > bad:
        return None
    return {
        "locatie_id": loc.id,
        "definition": definition,
        "peildatum": peildatum,
        "value": value,
        "source": cell["bron"],
        "demo": demo,
        "notes": cell.get("notitie") or None,
    }
