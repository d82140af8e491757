"""CSV import and export of the register (``stadstafel woningbouw import|export``).

The column layout is documented in the README and in the template
``config/woningbouw-projecten.csv``. An import is checked whole before anything is kept:
every problem is reported with its row (as a spreadsheet counts them: the header is row 1),
its column and what is wrong. With any problem nothing changes, unless ``skip_invalid`` is
given: then the good rows are imported and the bad ones reported. Either way the import is
one transaction: it is stored whole or not at all.

A row with an ``id`` updates that project; a row whose ``naam`` matches a project (ignoring
case) updates it; any other row adds a project. A different ``fase`` is recorded as a phase
change on ``fase_sinds`` (default: today).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from stadstafel.textsafe import csv_cell, csv_uncell

from stadstafel_woningbouw import texts
from stadstafel_woningbouw.model import MAX_HOMES, MAX_YEAR, MIN_YEAR, SEGMENTS

if TYPE_CHECKING:
    from stadstafel_woningbouw.service import ProjectRegister

# column, register field, description (for the README and `--help`)
COLUMNS: list[tuple[str, str, str]] = [
    ("id", "id", "leeg voor een nieuw project; het id uit een export werkt dat project bij"),
    ("naam", "name", "verplicht; uniek (hoofdletters tellen niet)"),
    ("wijk", "area", "wijk of gebied, bijv. Stationsgebied"),
    ("locatie", "location", "adres of omschrijving van de plek"),
    ("initiatiefnemers", "organisation_ids", "namen van organisaties, gescheiden door |"),
    ("fase", "phase", "verplicht; een van de fasen uit de configuratie"),
    ("fase_sinds", "phase_since", "datum JJJJ-MM-DD waarop het project in deze fase kwam"),
    ("sociale_huur", "homes_sociale_huur", "aantal woningen (leeg = 0)"),
    ("middenhuur", "homes_middenhuur", "aantal woningen (leeg = 0)"),
    ("vrije_sector_huur", "homes_vrije_sector_huur", "aantal woningen (leeg = 0)"),
    ("betaalbare_koop", "homes_betaalbare_koop", "aantal woningen (leeg = 0)"),
    ("dure_koop", "homes_dure_koop", "aantal woningen (leeg = 0)"),
    ("start_bouw", "start_year", "verwacht jaar van de start van de bouw"),
    ("oplevering", "delivery_year", "verwacht (of werkelijk) jaar van oplevering"),
    ("opmerkingen", "notes", "vrije tekst"),
]
HEADER = [c for c, _, _ in COLUMNS]
REQUIRED = ("naam", "fase")
FIELD_TO_COLUMN = {f: c for c, f, _ in COLUMNS} | {"changed_on": "fase_sinds", "": "-"}
ORG_SEPARATOR = "|"
PROGRESS_MIN_ROWS = 200  # show a progress bar from this many rows on

_INT = re.compile(r"^\d{1,3}([.,]\d{3})+$|^\d+$")


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet counts: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        return texts.L(
            f"rij {self.row}, kolom {self.column}: {self.message}",
            f"row {self.row}, column {self.column}: {self.message}",
        )


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]
    project_id: int | None = None
    phase_since: str | None = None
    bad: bool = False  # a cell could not be read: checked, never written


@dataclass
class ImportReport:
    rows: int = 0  # data rows read (blank rows not counted)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False  # False: nothing was changed

    @property
    def skipped_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row > 1})

    def summary(self) -> str:
        if not self.applied:
            n, rows = len(self.errors), self.rows
            return texts.L(
                f"Niets geïmporteerd: {n} {'fout' if n == 1 else 'fouten'} in {rows}"
                f" {'rij' if rows == 1 else 'rijen'}; er is niets gewijzigd.",
                f"Nothing imported: {n} {'error' if n == 1 else 'errors'} in {rows}"
                f" {'row' if rows == 1 else 'rows'}; nothing was changed.",
            )
        text = texts.L(
            f"{self.created} nieuw, {self.updated} bijgewerkt, {self.unchanged} ongewijzigd",
            f"{self.created} new, {self.updated} updated, {self.unchanged} unchanged",
        )
        if self.skipped_rows:
            n = len(self.skipped_rows)
            text += texts.L(
                f"; {n} {'rij' if n == 1 else 'rijen'} overgeslagen",
                f"; {n} {'row' if n == 1 else 'rows'} skipped",
            )
        return text + "."


# -- reading -------------------------------------------------------------------------------------
def _dialect(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_text(path: str | Path) -> str:
    """The file as text: UTF-8 (with or without byte-order mark)."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValueError(
            texts.L(
                f"{path}: rij {line} is geen UTF-8-tekst; sla het bestand op als CSV UTF-8.",
                f"{path}: row {line} is not UTF-8 text; save the file as CSV UTF-8.",
            )
        ) from exc


def parse(text: str, register: ProjectRegister) -> tuple[list[ParsedRow], list[RowError], int]:
    """Read CSV text into typed rows. Returns (rows, errors, number of data rows)."""
    errors: list[RowError] = []
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=_dialect(first))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], [RowError(1, "-", texts.L("het bestand is leeg", "the file is empty"))], 0
    for name in header:
        if name not in HEADER:
            errors.append(
                RowError(
                    1,
                    name or "?",
                    texts.L(
                        f"onbekende kolom; bekend zijn: {', '.join(HEADER)}",
                        f"unknown column; known are: {', '.join(HEADER)}",
                    ),
                )
            )
    for name in REQUIRED:
        if name not in header:
            errors.append(
                RowError(1, name, texts.L("deze kolom ontbreekt", "this column is missing"))
            )
    dupes = {h for h in header if header.count(h) > 1}
    for name in sorted(dupes):
        errors.append(
            RowError(1, name, texts.L("kolom staat er twee keer", "column appears twice"))
        )
    if errors:
        return [], errors, 0
    orgs = {o.name.casefold(): o for o in register.ws.organisations.list().rows}
    rows: list[ParsedRow] = []
    count = 0
    for index, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        count += 1
        if len(cells) > len(header):
            errors.append(
                RowError(
                    index,
                    "-",
                    texts.L(
                        f"{len(cells)} cellen, de kop heeft er {len(header)}",
                        f"{len(cells)} cells, the header has {len(header)}",
                    ),
                )
            )
            continue
        # A quote that the export put before a formula sign comes off after the spaces: the
        # text is what was exported, and a cell "'\t=1+1" never turns into a live "=1+1".
        cells = [csv_uncell(c.strip()) for c in cells]
        raw = dict(zip(header, cells + [""] * len(header), strict=False))
        row, row_errors = _typed(index, raw, orgs)
        errors += row_errors
        row.bad = bool(row_errors)
        rows.append(row)
    return rows, errors, count


def _typed(index: int, raw: dict[str, str], orgs: dict) -> tuple[ParsedRow, list[RowError]]:
    errors: list[RowError] = []
    values: dict[str, Any] = {}

    def err(column: str, nl: str, en: str) -> None:
        errors.append(RowError(index, column, texts.L(nl, en)))

    def integer(column: str, lo: int, hi: int) -> int | None:
        text = raw.get(column, "")
        if not text:
            return None
        if not _INT.match(text):
            err(column, f"geen geheel getal: '{text}'", f"not a whole number: '{text}'")
            return None
        number = int(re.sub(r"[.,]", "", text))
        if not lo <= number <= hi:
            err(column, f"{number} ligt niet tussen {lo} en {hi}",
                f"{number} is not between {lo} and {hi}")  # fmt: skip
            return None
        return number

    project_id = integer("id", 1, 2**62) if raw.get("id") else None
    for column, field_name, _ in COLUMNS:
        if column in ("id", "initiatiefnemers", "fase_sinds") or column not in raw:
            continue
        if field_name.startswith("homes_"):
            values[field_name] = integer(column, 0, MAX_HOMES) or 0
        elif field_name in ("start_year", "delivery_year"):
            values[field_name] = integer(column, MIN_YEAR, MAX_YEAR)
        else:
            values[field_name] = raw[column] or None
    if "initiatiefnemers" in raw:
        ids = []
        for name in (n.strip() for n in raw["initiatiefnemers"].split(ORG_SEPARATOR)):
            if not name:
                continue
            org = orgs.get(name.casefold())
            if org is None:
                err(
                    "initiatiefnemers",
                    f"organisatie '{name}' bestaat niet in deze werkplaats",
                    f"organisation '{name}' does not exist in this workspace",
                )
            else:
                ids.append(org.id)
        values["organisation_ids"] = ids
    since = raw.get("fase_sinds") or None
    return ParsedRow(index, values, project_id, since), errors


# -- importing -----------------------------------------------------------------------------------
def import_file(
    register: ProjectRegister,
    path: str | Path,
    *,
    skip_invalid: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import ``path`` into the register; see the module documentation for the rules."""
    return import_text(register, read_text(path), skip_invalid=skip_invalid, progress=progress)


def import_text(
    register: ProjectRegister,
    text: str,
    *,
    skip_invalid: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    register.check_permission()
    rows, errors, count = parse(text, register)
    report = ImportReport(rows=count, errors=list(errors))
    if any(e.row == 1 for e in errors):  # a bad header: nothing can be read
        return report
    if errors:
        # Check every row against the register's rules too (cells that could not be read
        # left out), so one run reports every problem; nothing of this check is kept.
        checked = register.import_rows(rows, dry_run=True, progress=progress)
        _merge(report, checked.errors)
        if not skip_invalid:
            return report
        progress = None  # the check already counted every row
    good = [r for r in rows if not r.bad]
    result = register.import_rows(good, dry_run=False, skip_invalid=skip_invalid, progress=progress)
    _merge(report, result.errors)
    report.created, report.updated, report.unchanged = (
        result.created,
        result.updated,
        result.unchanged,
    )
    report.applied = result.applied
    return report


def _merge(report: ImportReport, more: list[RowError]) -> None:
    """Add errors not already reported for the same row and column; keep them in order."""
    seen = {(e.row, e.column) for e in report.errors}
    report.errors += [e for e in more if (e.row, e.column) not in seen]
    order = {c: i for i, c in enumerate(HEADER)}
    report.errors.sort(key=lambda e: (e.row, order.get(e.column, -1)))


def column_of(field_name: str) -> str:
    return FIELD_TO_COLUMN.get(field_name, field_name)


# -- exporting -----------------------------------------------------------------------------------
def export_rows(register: ProjectRegister) -> Iterable[list[Any]]:
    """The header and one row per project, each cell safe for a spreadsheet (``csv_cell``)."""
    orgs = {o.id: o.name for o in register.ws.organisations.list().rows}
    yield HEADER
    for p in register.all():
        names = [orgs.get(i, f"#{i}") for i in p.organisation_ids or []]
        values = {
            "id": p.id,
            "naam": p.name,
            "wijk": p.area,
            "locatie": p.location,
            "initiatiefnemers": f" {ORG_SEPARATOR} ".join(names),
            "fase": p.phase,
            "fase_sinds": p.phase_since,
            **{s: p[f"homes_{s}"] for s in SEGMENTS},
            "start_bouw": p.start_year,
            "oplevering": p.delivery_year,
            "opmerkingen": p.notes,
        }
        yield [csv_cell(values[c]) for c in HEADER]


def export_csv(register: ProjectRegister, out: TextIO) -> int:
    """Write the register as CSV (the import layout) to ``out``; return the number of rows."""
    writer = csv.writer(out, lineterminator="\n")
    count = -1
    for row in export_rows(register):
        writer.writerow(row)
        count += 1
    return count
