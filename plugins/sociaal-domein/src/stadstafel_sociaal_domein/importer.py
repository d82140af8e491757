"""Figures from a CSV file in the layout CBS StatLine and waarstaatjegemeente export.

The layout (one indicator per file)::

    "ID";"RegioS";"Perioden";"Wmo-clienten per 1 000 inwoners";"Status"
    "1";"GM0546  ";"2023JJ00";"58";"Definitief"
    "2";"GM0546  ";"2024HJ01";"60,4";"Voorlopig"

- the separator is ``;`` (StatLine) or ``,``; region codes are space-padded (``GM0546  ``);
- periods are ``2023JJ00`` (year), ``2023HJ01``/``HJ02`` (half year), ``2023KW01`` (quarter),
  ``2023MM01`` (month); the indicator's period type decides which are accepted;
- the value column is the one column besides ``ID``, ``RegioS``, ``Regio's``, ``Perioden`` and
  ``Status``; a decimal comma is read as a point; ``.`` (CBS: figure unknown) skips the row;
- ``Status``: voorlopig, nader voorlopig, definitief (any case; CBS's ``*`` / ``**`` too).

All or nothing: every error is collected with its row and column and nothing is stored unless
the whole file is good.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from stadstafel import (
    BATCH_ROWS,
    WHOLE_IMPORT_ROWS,
    L,
    ValidationError,
    csv_uncell,
    neutralise,
    refuse_import,
    stopped_summary,
    store_import,
    strip_outer,
)

from stadstafel_sociaal_domein.agenda import cities_with_periods
from stadstafel_sociaal_domein.service import EDIT, RANK

KNOWN = {"id", "regios", "regio's", "perioden", "status"}
PERIOD = re.compile(r"^(\d{4})(JJ00|HJ0[12]|KW0[1-4]|MM(0[1-9]|1[0-2]))$")
ACCEPTS = {"jaar": ("JJ",), "halfjaar": ("HJ",), "peildatum": ("JJ", "HJ", "KW", "MM")}
STATUS_WORDS = {"voorlopig": "voorlopig", "*": "voorlopig", "nader voorlopig": "nader voorlopig",
                "**": "nader voorlopig", "definitief": "definitief", "": None}  # fmt: skip


@dataclass
class Report:
    rows: int = 0
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, message)
    # the cities whose figure became definitief in this import, with the periods
    definitive: dict[str, list[str]] = field(default_factory=dict)
    stored_through: int | None = None  # a very large file stopped half-way: the last row kept

    def summary(self) -> str:
        if stopped := stopped_summary(self):
            return stopped
        if self.errors:
            return L("Niets geïmporteerd: {n} fout(en).", "Nothing imported: {n} error(s).").format(
                n=len(self.errors)
            )
        return L(
            "{r} rijen: {n} nieuw, {p} vervangen (geschiedenis bewaard), {u} ongewijzigd,"
            " {s} overgeslagen (onbekend cijfer).",
            "{r} rows: {n} new, {p} replaced (history kept), {u} unchanged,"
            " {s} skipped (unknown figure).",
        ).format(r=self.rows, n=self.new, p=self.replaced, u=self.unchanged, s=self.skipped) + (
            self.definitive_text()
        )

    def definitive_text(self) -> str:
        if not self.definitive:
            return ""
        pairs = [(city, p) for city, periods in self.definitive.items() for p in periods]
        cities = "; ".join(cities_with_periods(pairs))
        return "\n" + L("Definitief geworden: {c}.", "Became definitive: {c}.").format(c=cities)


def import_text(workspace, indicator_id: int, text: str, *, origin: str = "") -> Report:
    """Import ``text``; raises ValidationError (with every row/column error in its message and
    ``fields``) and stores nothing when any row is bad."""
    figures = workspace.service("sociaal-domein.figures")
    regions = workspace.service("sociaal-domein.regions")
    indicator = workspace.service("sociaal-domein.indicators").get(indicator_id)
    figures.require(EDIT, table_id=indicator.table_id)
    report = Report()
    parsed = _parse(text, indicator, regions, report)
    if report.errors:
        refuse_import(report)
    became: dict[int, list[str]] = {}

    def write(batch: list, keep: bool = True) -> None:
        for row, (org, period, value, status) in batch:
            try:
                outcome = figures._record(indicator, org, period, value, status, origin)
            except ValidationError as exc:
                report.errors.append((row, "Status", str(exc)))
                continue
            if keep:
                setattr(report, outcome, getattr(report, outcome) + 1)
                if status == "definitief" and outcome != "unchanged":
                    became.setdefault(org, []).append(period)
        if keep and report.errors:
            refuse_import(report)  # an error raised inside undoes the batch

    # checked whole first, then stored all or nothing
    store_import(figures, parsed, write, report, size=BATCH_ROWS, whole_up_to=WHOLE_IMPORT_ROWS)
    names = workspace.read.organisation_names(sorted(became))
    report.definitive = {names.get(org, "?"): periods for org, periods in became.items()}
    return report


def _parse(text: str, indicator, regions, report: Report) -> list:
    # The file is user text: its messages quote cells, so control characters go first.
    text = neutralise(text.lstrip("\ufeff"))
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [strip_outer(csv_uncell(h)) for h in next(reader, [])]
    except csv.Error as exc:
        report.errors.append((1, "-", str(exc)))
        return []
    lower = [h.lower() for h in header]
    for need in ("RegioS", "Perioden", "Status"):
        if need.lower() not in lower:
            report.errors.append((1, need, L("kolom ontbreekt", "column missing")))
    values = [i for i, h in enumerate(lower) if h not in KNOWN]
    if len(values) != 1:
        report.errors.append(
            (
                1,
                ", ".join(header[i] for i in values) or "-",
                L("precies één kolom met cijfers verwacht", "expected exactly one value column"),
            )
        )
    if report.errors:
        return []
    col = {name: lower.index(name) for name in ("regios", "perioden", "status")}
    vcol, vname = values[0], header[values[0]]
    parsed, seen = [], {}
    for number, raw in enumerate(reader, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        report.rows += 1
        if len(raw) != len(header):
            report.errors.append((number, "-", L("{n} cellen, {h} verwacht", "{n} cells, "
                                 "expected {h}").format(n=len(raw), h=len(header))))  # fmt: skip
            continue
        code = raw[col["regios"]].strip().upper()
        period = raw[col["perioden"]].strip().upper()
        status_text = raw[col["status"]].strip().lower()
        value_text = raw[vcol].strip()
        bad = len(report.errors)
        org = regions.organisation_of(code) if code else None
        if org is None:
            report.errors.append((number, "RegioS", L("onbekende regiocode '{c}'",
                                  "unknown region code '{c}'").format(c=code[:12])))  # fmt: skip
        match = PERIOD.match(period)
        if not match:
            report.errors.append((number, "Perioden", L("'{p}' is geen CBS-periode (2023JJ00)",
                                  "'{p}' is not a CBS period (2023JJ00)").format(p=period[:12])))  # fmt: skip
        elif period[4:6] not in ACCEPTS.get(indicator.period_type, ()):
            report.errors.append((number, "Perioden", L(
                "'{p}' past niet bij periodetype {t}", "'{p}' does not fit period type {t}"
            ).format(p=period, t=indicator.period_type)))  # fmt: skip
        status = STATUS_WORDS.get(status_text, "?")
        if status not in RANK:
            report.errors.append((number, "Status", L("onbekende status '{s}'",
                                  "unknown status '{s}'").format(s=status_text[:20])))  # fmt: skip
        value = None
        if value_text in (".", ""):
            value = "skip"
        else:
            try:
                value = float(value_text.replace(" ", "").replace(",", "."))
            except ValueError:
                report.errors.append((number, vname, L("'{v}' is geen getal",
                                      "'{v}' is not a number").format(v=value_text[:20])))  # fmt: skip
        if len(report.errors) > bad:
            continue
        if value == "skip":
            report.skipped += 1
            continue
        key = (org, period)
        if key in seen:
            report.errors.append((number, "RegioS", L("dezelfde regio en periode als rij {r}",
                                  "same region and period as row {r}").format(r=seen[key])))  # fmt: skip
            continue
        seen[key] = number
        parsed.append((number, (org, period, value, status)))
    return parsed
