"""CSV import and export of the register (``stadstafel woningbouw import|export``).

The column layout is documented in the README and in the template
``config/woningbouw-projecten.csv``. An import is checked whole before anything is kept:
every problem is reported with its row (as a spreadsheet counts them: the header is row 1),
its column and what is wrong. With any problem nothing changes, unless ``skip_invalid`` is
given: then the good rows are imported and the bad ones reported.

A file of up to ``BATCH_ROWS`` rows is one transaction: stored whole or not at all. A larger
file is first checked whole, in batches that are each undone (so every problem is reported and,
without ``skip_invalid``, nothing changes when there is one), and then stored in batches of
``BATCH_ROWS`` rows, one transaction each: the write lock is held for one batch at a time, and
other sessions write in between (a 100,000-row import no longer freezes everyone). Should a
batch still fail while it is stored (someone changed a project between the check and the
write), that batch is undone, the import stops, and the report says up to which row the file
was stored. Importing the same file again then continues where it stopped: a row matches its
project by id or name, so rows already stored count as unchanged.

Cells are stripped of surrounding spaces, but a tab before ``= + - @`` stays, and a leading
quote is never removed: a cell written as text (``'=1+1``, ``"\t=1+1"``) stays text. Files
may end their lines with CRLF, LF or a lone CR; two rows with the same ``id`` are refused,
naming both rows.

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

from stadstafel import csv_cell, csv_uncell, strip_outer

from stadstafel_woningbouw import texts
from stadstafel_woningbouw.model import (
    MAX_HOMES,
    MAX_YEAR,
    MIN_YEAR,
    SEGMENTS,
    WITHDRAWAL_REASONS,
)

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
    *[
        (f"{r}_{s}", f"out_{r}_{s}", f"woningen {s.replace('_', ' ')} die vervallen door {r}")
        for r in WITHDRAWAL_REASONS
        for s in SEGMENTS
    ],
    ("start_bouw", "start_year", "verwacht jaar van de start van de bouw"),
    ("oplevering", "delivery_year", "verwacht (of werkelijk) jaar van oplevering"),
    ("opmerkingen", "notes", "vrije tekst"),
    ("bron_id", "source_ref", "id van het project in de eigen lijst van de gemeente"),
    (
        "historie",
        "history",
        "een regel per wijziging: datum | fase_van | fase_naar | oplevering_van |"
        " oplevering_naar | opmerking (leeg = historie blijft zoals hij is)",
    ),
    (
        "knelpunten",
        "knelpunten",
        "een regel per knelpunt: titel | eigenaar | deadline | status | opgelost_op |"
        " omschrijving (leeg = knelpunten blijven zoals ze zijn)",
    ),
]
HISTORY_FIELDS = ("changed_on", "phase_from", "phase_to", "delivery_year_from",
                  "delivery_year_to", "note")  # fmt: skip
KNELPUNT_FIELDS = ("title", "owner_org_id", "due", "status", "resolved_on", "description")
HEADER = [c for c, _, _ in COLUMNS]
REQUIRED = ("naam", "fase")
FIELD_TO_COLUMN = {f: c for c, f, _ in COLUMNS} | {"changed_on": "fase_sinds", "": "-"}
ORG_SEPARATOR = "|"
PROGRESS_MIN_ROWS = 200  # show a progress bar from this many rows on
# Rows stored per transaction (see the module documentation): on the large workspace 50 rows
# held the write lock about 50 ms (500 rows: about 1.1 s) on a quiet machine, but 90-150 ms at
# a load of 4-5, so a save waited longer than 100 ms behind one batch; 20 rows hold it for
# about a third of that. A save waits for one batch only (see ``Store.write_lock``).
BATCH_ROWS = 20

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
    history: list[dict] | None = None  # None: the file says nothing about the history
    knelpunten: list[dict] | None = None
    bad: bool = False  # a cell could not be read: checked, never written


@dataclass
class ImportReport:
    rows: int = 0  # data rows read (blank rows not counted)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False  # False: nothing was changed
    stored_through: int | None = None  # a stopped import: the last row stored
    stopped_at: int | None = None  # a stopped import: the first row of the batch undone

    @property
    def skipped_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row > 1})

    @property
    def complete(self) -> bool:
        """Applied, and not stopped half-way."""
        return self.applied and self.stopped_at is None

    def summary(self) -> str:
        if self.applied and self.stopped_at is not None:
            done = texts.L(
                f"{self.created} nieuw, {self.updated} bijgewerkt, {self.unchanged} ongewijzigd",
                f"{self.created} new, {self.updated} updated, {self.unchanged} unchanged",
            )
            return texts.L(
                f"Gestopt bij rij {self.stopped_at}: de rijen tot en met {self.stored_through}"
                f" zijn opgeslagen ({done}), de rest niet. Verbeter de fout en importeer"
                " hetzelfde bestand opnieuw: opgeslagen rijen tellen dan als ongewijzigd.",
                f"Stopped at row {self.stopped_at}: the rows up to {self.stored_through}"
                f" were stored ({done}), the rest was not. Fix the error and import the same"
                " file again: rows already stored then count as unchanged.",
            )
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


_LINE_END = re.compile(r"\r\n|\r|\n")


def read_text(path: str | Path, *, config: Any = None) -> str:
    """The file as text: UTF-8 (with or without byte-order mark).

    ``path`` is confined to the imports folder (``stadstafel.files``): check the user's right
    before calling this."""
    from stadstafel import open_for_reading

    with open_for_reading(path, "import", config) as fh:
        data = fh.read()
    return decode(data, path)


def decode(data: bytes, path: str | Path = "") -> str:
    """Bytes of a CSV file as text, or ValueError naming the first row that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = len(_LINE_END.findall(data[: exc.start].decode("latin-1"))) + 1
        raise ValueError(
            texts.L(
                f"{path}: rij {line} is geen UTF-8-tekst; sla het bestand op als CSV UTF-8.",
                f"{path}: row {line} is not UTF-8 text; save the file as CSV UTF-8.",
            )
        ) from exc


def organisations_by_name(register: ProjectRegister) -> dict[str, Any]:
    """The workspace's organisations by case-folded name (what ``initiatiefnemers`` names)."""
    return {o.name.casefold(): o for o in register.ws.organisations.list().rows}


def parse(
    text: str, register: ProjectRegister | None = None, *, orgs: dict[str, Any] | None = None
) -> tuple[list[ParsedRow], list[RowError], int]:
    """Read CSV text into typed rows. Returns (rows, errors, number of data rows).

    With ``orgs`` (from :func:`organisations_by_name`) nothing is read from the database, so
    the terminal UI parses a large file on a thread while it keeps drawing."""
    errors: list[RowError] = []
    first = _LINE_END.split(text, 1)[0]
    # newline="": the csv module sees every line end (CRLF, LF, a lone CR) itself
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(first))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], [RowError(1, "-", texts.L("het bestand is leeg", "the file is empty"))], 0
    except csv.Error as exc:
        raise _unreadable(1, exc) from None
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
    if orgs is None:
        assert register is not None
        orgs = organisations_by_name(register)
    rows: list[ParsedRow] = []
    ids: dict[int, int] = {}  # project id -> the row it first appeared in
    count = 0
    index = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _unreadable(index + 1, exc) from None
        index += 1
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
        # "\t=1+1" stays text (strip_outer), and the quote that an export put before a
        # formula sign comes off (csv_uncell): a file read back is what was exported.
        cells = [csv_uncell(strip_outer(c)) for c in cells]
        raw = dict(zip(header, cells + [""] * len(header), strict=False))
        row, row_errors = _typed(index, raw, orgs)
        if row.project_id is not None:
            if row.project_id in ids:
                first_row = ids[row.project_id]
                row_errors.append(
                    RowError(
                        index,
                        "id",
                        texts.L(
                            f"id {row.project_id} staat ook in rij {first_row};"
                            " elk project mag maar één keer in het bestand staan",
                            f"id {row.project_id} is also in row {first_row};"
                            " each project may appear only once in the file",
                        ),
                    )
                )
            else:
                ids[row.project_id] = index
        errors += row_errors
        row.bad = bool(row_errors)
        rows.append(row)
    return rows, errors, count


def _unreadable(row: int, exc: Exception) -> ValueError:
    return ValueError(
        texts.L(
            f"Rij {row} kan niet als CSV worden gelezen ({exc}); sla het bestand op als"
            " CSV UTF-8 en probeer het opnieuw.",
            f"Row {row} cannot be read as CSV ({exc}); save the file as CSV UTF-8 and try again.",
        )
    )


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
        if column in ("id", "initiatiefnemers", "fase_sinds", "historie", "knelpunten"):
            continue
        if column not in raw:
            continue
        if field_name.startswith(("homes_", "out_")):
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
    history = _entries(raw.get("historie"), HISTORY_FIELDS)
    for entry in history or []:
        n = entry["line"]
        for key in ("delivery_year_from", "delivery_year_to"):
            text = entry[key] or ""
            if text and not (text.isdigit() and MIN_YEAR <= int(text) <= MAX_YEAR):
                err("historie", f"regel {n}: geen jaar: '{text}'",
                    f"line {n}: not a year: '{text}'")  # fmt: skip
            entry[key] = int(text) if text.isdigit() else None
    knelpunten = _entries(raw.get("knelpunten"), KNELPUNT_FIELDS)
    for entry in knelpunten or []:
        owner, n = entry["owner_org_id"], entry["line"]
        if owner:
            org = orgs.get(owner.casefold())
            if org is None:
                err("knelpunten", f"regel {n}: organisatie '{owner}' bestaat niet",
                    f"line {n}: organisation '{owner}' does not exist")  # fmt: skip
            entry["owner_org_id"] = org.id if org is not None else None
    return ParsedRow(index, values, project_id, since, history, knelpunten), errors


def _entries(text: str | None, names: tuple[str, ...]) -> list[dict] | None:
    """The entries of a ``historie`` or ``knelpunten`` cell as dicts of ``names`` (empty
    fields None, ``line`` the line in the cell); None for an empty cell. More fields than
    names: the extra ones belong to the last (free text with an unescaped ``|``)."""
    if not text:
        return None
    out = []
    for n, fields in enumerate(split_entries(text), 1):
        last = len(names) - 1
        if len(fields) > len(names):
            fields = [*fields[:last], " | ".join(fields[last:])]
        entry = dict(zip(names, fields + [""] * len(names), strict=False))
        out.append({k: (v if v != "" else None) for k, v in entry.items()} | {"line": n})
    return out


# -- lists in one cell: one entry per line, fields separated by " | " -------------------------
def join_entries(entries: Iterable[Iterable[Any]]) -> str:
    """Entries (each a list of fields) as the text of one cell: a line per entry, fields
    separated by `` | ``; a ``|``, backslash or newline inside a field is escaped with ``\\``
    so :func:`split_entries` gives back exactly the same fields."""

    def esc(value: Any) -> str:
        text = "" if value is None else str(value)
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")

    return "\n".join(" | ".join(esc(v) for v in entry) for entry in entries)


def split_entries(text: str) -> list[list[str]]:
    """The entries of a cell written by :func:`join_entries` (fields stripped of spaces)."""
    out = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        fields, current, i = [], [], 0
        while i < len(line):
            char = line[i]
            if char == "\\" and i + 1 < len(line):
                nxt = line[i + 1]
                current.append("\n" if nxt == "n" else nxt)
                i += 2
                continue
            if char == "|":
                fields.append("".join(current).strip())
                current = []
            else:
                current.append(char)
            i += 1
        fields.append("".join(current).strip())
        out.append(fields)
    return out


# -- importing -----------------------------------------------------------------------------------
def import_file(
    register: ProjectRegister,
    path: str | Path,
    *,
    skip_invalid: bool = False,
    progress: Callable[[int], None] | None = None,
    config: Any = None,
) -> ImportReport:
    """Import ``path`` (inside the imports folder) into the register; see the module
    documentation for the rules. The right to edit is checked before the file is opened."""
    register.check_permission()
    text = read_text(path, config=config if config is not None else register.ws.config)
    return import_text(register, text, skip_invalid=skip_invalid, progress=progress)


def import_text(
    register: ProjectRegister,
    text: str,
    *,
    skip_invalid: bool = False,
    progress: Callable[[int], None] | None = None,
    batch_size: int | None = None,
    on_batch: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    job = ImportJob(
        register, text, skip_invalid=skip_invalid, batch_size=batch_size, on_batch=on_batch
    )
    return job.run(progress)


class ImportJob:
    """One import, step by step: each step is one batch in its own transaction.

    ``ImportJob(reg, text).run()`` does it all; the terminal UI iterates :meth:`steps` in a
    worker and redraws between batches (the write lock is free at every ``yield``).
    ``total`` is the number of rows the steps go through (checked and stored rows both
    count), ``done`` how many they went through so far.
    """

    def __init__(
        self,
        register: ProjectRegister,
        text: str,
        *,
        skip_invalid: bool = False,
        batch_size: int | None = None,  # default BATCH_ROWS
        on_batch: Callable[[ImportReport], None] | None = None,
        parsed: tuple[list[ParsedRow], list[RowError], int] | None = None,
    ):
        register.check_permission()
        self.register = register
        self.skip_invalid = skip_invalid
        self.batch_size = max(1, batch_size or BATCH_ROWS)
        self.on_batch = on_batch
        self.rows, errors, count = parsed if parsed is not None else parse(text, register)
        self.report = ImportReport(rows=count, errors=list(errors))
        self.fatal = any(e.row == 1 for e in errors)  # a bad header: nothing can be read
        self.check_first = bool(errors) or len(self.rows) > self.batch_size
        good = sum(1 for r in self.rows if not r.bad)
        self.total = 0 if self.fatal else good + (len(self.rows) if self.check_first else 0)
        # (rows with a cell that could not be read are checked too, with that cell left out)
        self.done = 0
        self._progress: Callable[[int], None] | None = None

    def _count(self, n: int) -> None:
        self.done += n
        if self._progress is not None:
            self._progress(n)

    def _batches(self, rows: list[ParsedRow]) -> list[list[ParsedRow]]:
        return [rows[i : i + self.batch_size] for i in range(0, len(rows), self.batch_size)]

    def run(self, progress: Callable[[int], None] | None = None) -> ImportReport:
        self._progress = progress
        for _ in self.steps():
            pass
        return self.report

    def steps(self) -> Iterable[int]:
        """Do the import one batch at a time; yield the rows done after each batch."""
        report, reg = self.report, self.register
        if self.fatal:
            return
        good = [r for r in self.rows if not r.bad]
        if self.check_first:
            # Check every row against the register's rules too (cells that could not be read
            # left out), so one run reports every problem; nothing of this check is kept.
            seen: dict[str, int] = {}
            for batch in self._batches(self.rows):
                checked = reg.import_rows(batch, dry_run=True, progress=self._count, seen=seen)
                _merge(report, checked.errors)
                yield self.done
            if report.errors and not self.skip_invalid:
                return
            failed = {e.row for e in report.errors}
            good = [r for r in good if r.row not in failed]
            self.total = self.done + len(good)
        seen = {}
        for batch in self._batches(good) or [[]]:
            result = reg.import_rows(
                batch,
                dry_run=False,
                skip_invalid=self.skip_invalid,
                progress=self._count,
                seen=seen,
            )
            _merge(report, result.errors)
            if not result.applied:  # this batch was undone whole
                if report.applied:
                    report.stopped_at = batch[0].row
                return
            report.created += result.created
            report.updated += result.updated
            report.unchanged += result.unchanged
            report.applied = True
            if batch:
                report.stored_through = batch[-1].row
            if self.on_batch is not None:
                self.on_batch(report)
            yield self.done


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
    """The header and one row per project with its history and knelpunten, each cell safe
    for a spreadsheet (``csv_cell``). Importing the file gives back the same register."""
    orgs = {o.id: o.name for o in register.ws.organisations.list().rows}
    histories: dict[int, list] = {}
    for h in register.rows("SELECT * FROM woningbouw_history ORDER BY changed_on, id"):
        histories.setdefault(h.project_id, []).append([h[k] for k in HISTORY_FIELDS])
    knelpunten_of: dict[int, list] = {}
    for k in register.rows("SELECT * FROM woningbouw_knelpunten ORDER BY id"):
        knelpunten_of.setdefault(k.project_id, []).append(
            [orgs.get(k[f], f"#{k[f]}") if f == "owner_org_id" and k[f] else k[f]
             for f in KNELPUNT_FIELDS]
        )  # fmt: skip
    yield HEADER
    for p in register.all():
        names = [orgs.get(i, f"#{i}") for i in p.organisation_ids or []]
        history = histories.get(p.id, [])
        knelpunten = knelpunten_of.get(p.id, [])
        values = {
            "id": p.id,
            "naam": p.name,
            "wijk": p.area,
            "locatie": p.location,
            "initiatiefnemers": f" {ORG_SEPARATOR} ".join(names),
            "fase": p.phase,
            "fase_sinds": p.phase_since,
            **{s: p[f"homes_{s}"] for s in SEGMENTS},
            **{f"{r}_{s}": p[f"out_{r}_{s}"] for r in WITHDRAWAL_REASONS for s in SEGMENTS},
            "start_bouw": p.start_year,
            "oplevering": p.delivery_year,
            "opmerkingen": p.notes,
            "bron_id": p.source_ref,
            "historie": join_entries(history),
            "knelpunten": join_entries(knelpunten),
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
