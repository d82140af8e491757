"""CBS StatLine figures for the cross-check of delivered homes (standard library only).

CBS publishes the mutations of the housing stock per municipality in table 86098NED (the
successor of the discontinued 81955NED: the same dimensions, renamed measures) and the monthly
pipeline in 82211NED. A CSV downloaded from StatLine has quirks this reader handles:

- region codes are space-padded (``"GM0546    "`` is Leiden);
- periods are codes: ``2024JJ00`` (the year), ``2024MM03`` (a month), ``2024KW01`` (a
  quarter);
- every value has a status: Voorlopig, Nader voorlopig or Definitief (a ``Status`` column, or
  a period written ``2024*`` / ``2024**`` as StatLine shows provisional years);
- a missing value is ``.`` or empty; the file may start with a byte-order mark and use ``;``.

Measures are recognised by the start of their column name (``Nieuwbouw_2`` -> ``nieuwbouw``);
other columns are ignored. CBS data is CC BY 4.0: wherever these figures are shown, the screen
says "Bron: CBS" with the table.

A small snapshot ships with the module (``data/cbs-86098NED-leiden.csv`` with a sidecar
``.json`` naming the table, the retrieval date and the licence, and whether the figures are
real); the demo imports it. ``stadstafel woningbouw cbs import FILE`` imports a download.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from stadstafel_woningbouw import texts
from stadstafel_woningbouw.importer import RowError

DEFAULT_TABLE = "86098NED"
SNAPSHOT = "cbs-86098NED-leiden"  # data/<name>.csv and data/<name>.json
# measure -> the starts of the column names it has in 81955NED / 86098NED / 82211NED
MEASURES: dict[str, tuple[str, ...]] = {
    "nieuwbouw": ("nieuwbouw",),
    "sloop": ("sloop",),
    "overige_toevoeging": ("overigetoevoeging",),
    "overige_onttrekking": ("overigeonttrekking",),
    "vergunningen": ("verleendebouwvergunningen", "vergunningen"),
    "bouw_gestart": ("bouwgestart", "startbouw"),
}
STATUSES = {
    "voorlopig": "Voorlopig",
    "nader voorlopig": "Nader voorlopig",
    "definitief": "Definitief",
}
_PERIOD = re.compile(r"^(\d{4})(?:(JJ)00|(MM)(\d\d)|(KW)(\d\d))?(\*{0,2})$")


@dataclass
class Figure:
    region: str
    period: str
    year: int
    month: int | None
    measure: str
    value: int | None
    status: str | None


@dataclass
class Parsed:
    figures: list[Figure] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.casefold())


def measure_of(column: str) -> str | None:
    key = _key(column)
    for measure, starts in MEASURES.items():
        if key.startswith(starts):
            return measure
    return None


def parse_period(text: str) -> tuple[str, int, int | None, str | None] | None:
    """``2024JJ00`` -> ("2024JJ00", 2024, None, None); ``2024MM03`` -> month 3; ``2024*`` ->
    ("2024JJ00", 2024, None, "Voorlopig"); a quarter keeps its code with month None.
    None for anything else."""
    match = _PERIOD.match(text.strip())
    if match is None:
        return None
    year = int(match.group(1))
    stars = match.group(7)
    status = {"*": "Voorlopig", "**": "Nader voorlopig"}.get(stars)
    if match.group(3):
        month = int(match.group(4))
        if not 1 <= month <= 12:
            return None
        return f"{year}MM{month:02d}", year, month, status
    if match.group(5):
        return f"{year}KW{match.group(6)}", year, None, status
    return f"{year}JJ00", year, None, status


def parse_statline(text: str) -> Parsed:
    """Read a StatLine CSV; every problem as ``rij R, kolom K: …``."""
    out = Parsed()
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        out.errors.append(RowError(1, "-", texts.L("het bestand is leeg", "the file is empty")))
        return out
    keys = [_key(h) for h in header]
    region_col = next((i for i, k in enumerate(keys) if k.startswith(("regio", "wijken"))), None)
    period_col = next((i for i, k in enumerate(keys) if k.startswith("perioden")), None)
    status_col = next((i for i, k in enumerate(keys) if k.startswith("status")), None)
    measures = {i: m for i, h in enumerate(header) if (m := measure_of(h)) is not None}
    for name, col in (("RegioS", region_col), ("Perioden", period_col)):
        if col is None:
            out.errors.append(
                RowError(1, name, texts.L("deze kolom ontbreekt", "this column is missing"))
            )
    if not measures:
        out.errors.append(
            RowError(
                1,
                "-",
                texts.L(
                    "geen bekende meetwaarde (zoals Nieuwbouw of Sloop)",
                    "no known measure (such as Nieuwbouw or Sloop)",
                ),
            )
        )
    if out.errors:
        return out
    for index, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        region = cells[region_col].strip()  # "GM0546    " -> "GM0546"
        period = parse_period(cells[period_col])
        if period is None:
            out.errors.append(
                RowError(
                    index,
                    header[period_col],
                    texts.L(
                        f"onbekende periode '{cells[period_col].strip()}' (verwacht bijv. 2024JJ00"
                        " of 2024MM03)",
                        f"unknown period '{cells[period_col].strip()}' (expected e.g. 2024JJ00 or"
                        " 2024MM03)",
                    ),
                )
            )
            continue
        code, year, month, status = period
        if status_col is not None and cells[status_col].strip():
            raw = cells[status_col].strip()
            status = STATUSES.get(raw.casefold())
            if status is None:
                out.errors.append(
                    RowError(
                        index,
                        header[status_col],
                        texts.L(
                            f"onbekende status '{raw}' (Voorlopig, Nader voorlopig of Definitief)",
                            f"unknown status '{raw}' (Voorlopig, Nader voorlopig or Definitief)",
                        ),
                    )
                )
                continue
        for col, measure in measures.items():
            raw = cells[col].strip().replace(" ", "")
            if raw in ("", ".", "-", "x"):
                value = None
            elif re.fullmatch(r"-?\d+", raw):
                value = int(raw)
            else:
                out.errors.append(
                    RowError(
                        index,
                        header[col],
                        texts.L(f"geen geheel getal: '{raw}'", f"not a whole number: '{raw}'"),
                    )
                )
                continue
            out.figures.append(Figure(region, code, year, month, measure, value, status))
    return out


# -- the shipped snapshot ------------------------------------------------------------------------
def snapshot() -> tuple[str, dict]:
    """The shipped snapshot: its CSV text and its sidecar (table id, retrieval date, licence,
    whether the figures are real)."""
    base = resources.files("stadstafel_woningbouw").joinpath("data")
    text = base.joinpath(f"{SNAPSHOT}.csv").read_text(encoding="utf-8")
    meta = json.loads(base.joinpath(f"{SNAPSHOT}.json").read_text(encoding="utf-8"))
    return text, meta


def source_text(meta: dict[str, Any]) -> str:
    """What the screen says under CBS figures: "Bron: CBS 86098NED (…), CC BY 4.0"."""
    retrieved = meta.get("retrieved") or "?"
    table, licence = meta.get("table_id", "?"), meta.get("licence", "CC BY 4.0")
    text = texts.L(
        f"Bron: CBS {table}, opgehaald {retrieved}, {licence}",
        f"Source: CBS {table}, retrieved {retrieved}, {licence}",
    )
    if meta.get("invented"):
        text += texts.L(
            " — VERZONNEN demo-cijfers, geen echte CBS-cijfers",
            " — INVENTED demo figures, not real CBS figures",
        )
    return text
