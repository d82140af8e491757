"""A municipality's own project list, read through a mapping into the register's layout.

Many municipalities keep their housing projects in a list of their own (Amsterdam publishes
one as open data, "woningbouwplannen"): a project id, a name, the phase in their own words,
the dates each phase started, and homes per segment. A mapping (TOML, an example is
``config/woningbouw-koppeling-gemeente.toml``) says which of their columns is which of ours,
which of their phases is which configured phase, and which date columns mark the start of a
phase::

    [columns]                # our column = their column
    bron_id = "projectnummer"
    naam = "projectnaam"
    fase = "fase"
    sociale_huur = "sociale_huur"

    [phases]                 # their phase = our phase
    "Initiatief" = "idee/visie"

    [phase_dates]            # their date column = the phase that started on that date
    "datum_initiatief" = "idee/visie"

``apply_mapping`` turns their file into the register's CSV layout, row for row (so row
numbers in later messages are theirs), with the phase dates as the project's ``historie`` and
the date of its current phase as ``fase_sinds``. A phase not in the mapping is refused by
name, as is a column the mapping names but the file lacks; then nothing is imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tomllib
from typing import Any

from stadstafel_woningbouw import texts
from stadstafel_woningbouw.importer import HEADER, RowError, join_entries

_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d")


class Mapping:
    """A parsed mapping: ``columns`` (ours -> theirs), ``phases`` (their name folded ->
    ours) and ``phase_dates`` (their column -> our phase)."""

    def __init__(self, columns: dict, phases: dict, phase_dates: dict, names: list[str]):
        self.columns = columns
        self.phases = phases
        self.phase_dates = phase_dates
        self.names = names  # their phases as the mapping writes them


def load_mapping(text: str) -> Mapping:
    """Read a mapping; ValueError naming the key that cannot be used."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(
            texts.L(f"koppeling: geen geldige TOML ({exc})", f"mapping: not valid TOML ({exc})")
        ) from None
    unknown = set(data) - {"columns", "phases", "phase_dates"}
    if unknown:
        key = sorted(unknown)[0]
        raise ValueError(
            texts.L(f"koppeling: onbekende sectie [{key}]", f"mapping: unknown section [{key}]")
        )
    columns = data.get("columns", {})
    for ours, theirs in columns.items():
        if ours not in HEADER or ours in ("historie", "knelpunten"):
            raise ValueError(
                texts.L(
                    f"koppeling: columns.{ours} is geen kolom van het register",
                    f"mapping: columns.{ours} is not a register column",
                )
            )
        if not isinstance(theirs, str) or not theirs.strip():
            raise ValueError(
                texts.L(
                    f"koppeling: columns.{ours} moet een kolomnaam zijn",
                    f"mapping: columns.{ours} must be a column name",
                )
            )
    for need in ("naam", "fase"):
        if need not in columns:
            raise ValueError(
                texts.L(
                    f"koppeling: columns.{need} ontbreekt", f"mapping: columns.{need} is missing"
                )
            )
    phases = {str(k).strip().casefold(): str(v) for k, v in data.get("phases", {}).items()}
    phase_dates = {str(k): str(v) for k, v in data.get("phase_dates", {}).items()}
    names = [str(k).strip() for k in data.get("phases", {})]
    return Mapping(columns, phases, phase_dates, names)


def _date(text: str) -> str | None:
    text = text.strip()[:10]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def apply_mapping(text: str, mapping: Mapping) -> tuple[str, list[RowError]]:
    """Their CSV text as CSV text in the register's layout, and the problems found."""
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return "", [RowError(1, "-", texts.L("het bestand is leeg", "the file is empty"))]
    folded = {h.casefold(): i for i, h in enumerate(header)}
    errors: list[RowError] = []
    wanted = {
        **{theirs: None for theirs in mapping.columns.values()},
        **dict.fromkeys(mapping.phase_dates),
    }
    for theirs in wanted:
        if theirs.casefold() not in folded:
            errors.append(
                RowError(1, theirs, texts.L("deze kolom ontbreekt", "this column is missing"))
            )
    if errors:
        return "", errors
    ours_used = [c for c in HEADER if c in mapping.columns]
    extra = [c for c in ("fase_sinds", "historie") if c not in ours_used]
    out_header = ours_used + extra
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(out_header)
    known = ", ".join(mapping.names)
    for index, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            writer.writerow([])  # keep the row numbers theirs
            continue

        def cell(theirs: str, cells: list[str] = cells) -> str:
            i = folded[theirs.casefold()]
            return cells[i].strip() if i < len(cells) else ""

        row: dict[str, Any] = {ours: cell(theirs) for ours, theirs in mapping.columns.items()}
        their_phase = row.get("fase", "")
        phase = mapping.phases.get(their_phase.casefold())
        if phase is None:
            errors.append(
                RowError(
                    index,
                    mapping.columns["fase"],
                    texts.L(
                        f"fase '{their_phase}' staat niet in de koppeling; bekend zijn: {known}",
                        f"phase '{their_phase}' is not in the mapping; known are: {known}",
                    ),
                )
            )
            phase = their_phase
        row["fase"] = phase
        steps = []
        for column, step_phase in mapping.phase_dates.items():
            value = cell(column)
            if not value:
                continue
            day = _date(value)
            if day is None:
                errors.append(
                    RowError(
                        index, column, texts.L(f"geen datum: '{value}'", f"not a date: '{value}'")
                    )
                )
                continue
            steps.append((day, step_phase))
        steps.sort()
        entries, previous = [], None
        for day, step_phase in steps:
            entries.append([day, previous or "", step_phase, "", "", ""])
            previous = step_phase
        if "fase_sinds" in extra:
            current = [day for day, p in steps if p == phase]
            row["fase_sinds"] = current[-1] if current else ""
        if "historie" in extra:
            row["historie"] = join_entries(entries)
        writer.writerow([row.get(c, "") for c in out_header])
    return out.getvalue(), errors
