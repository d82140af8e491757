"""Work locations and economic indicators: the services that write them.

- ``Locaties``  work locations (the Bio Science Park) with their area, its source and date;
- ``Reeksen``   a series: the figures of one location under ONE definition of
  ``definitions.toml`` (banen by CBS in December, werkzame personen by LISA on 1 April, …);
- ``Cijfers``   one figure of a series with its peildatum and source; ``demo`` marks an
  invented one. A figure of another definition than its series', or with a peildatum that does
  not fit the definition, is refused: two definitions never end up in one series.

Figures of different definitions of the same measure are shown side by side (``compare``),
never added up or drawn as one line.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

from stadstafel import Field, L, Page, Record, ValidationError

from stadstafel_regionale_economie.definitions import definitions
from stadstafel_regionale_economie.service import ModuleService

NAME = "regionale-economie"
RIGHT = "regionale-economie.edit"
MEASURES = ["banen", "werkzame personen", "bedrijven", "vestigingen"]


def definition_label(key: str) -> str:
    d = definitions().get(key)
    return L(d["nl"], d["en"]) if d else key


def definition_short(key: str) -> str:
    d = definitions().get(key)
    return L(d.get("short_nl", d["nl"]), d.get("short_en", d["en"])) if d else key


def peildatum_fits(key: str, peildatum: str) -> bool:
    """Does a figure taken on ``peildatum`` fit definition ``key`` (its month and day)?"""
    d = definitions()[key]
    day = dt.date.fromisoformat(peildatum)
    return day.month == d.get("month", day.month) and day.day == d.get("day", day.day)


def peildatum_rule(key: str) -> str:
    d = definitions()[key]
    if "day" in d:
        return L("peildatum {d}-{m}", "peildatum {d}-{m}").format(d=d["day"], m=d["month"])
    if "month" in d:
        return L("peildatum in maand {m}", "peildatum in month {m}").format(m=d["month"])
    return L("elke peildatum", "any peildatum")


class Locaties(ModuleService):
    """Work locations, each on the table that follows it."""

    table = "regionale_economie_locaties"
    record = "regionale_economie_locatie"
    record_label = ("werklocatie", "work location")
    perm = RIGHT
    children = (("reeksen", "locatie_id"),)
    fields: ClassVar[dict[str, Field]] = {
        "table_id": Field("ref", required=True, ref="tables", label=("Tafel", "Table")),
        "name": Field(required=True, max_len=120, label=("Naam", "Name")),
        "gemeente": Field(max_len=80, label=("Gemeente", "Municipality")),
        "area_ha": Field("float", min=0, max=100_000, label=("Oppervlakte (ha)", "Area (ha)")),
        "area_source": Field(max_len=300, label=("Bron oppervlakte", "Source of the area")),
        "area_date": Field("date", label=("Datum oppervlakte", "Date of the area")),
        "notes": Field(max_len=4000, label=("Notities", "Notes")),
    }

    def check(self, merged: dict) -> None:
        if merged.get("area_ha") is not None and not merged.get("area_source"):
            raise ValidationError(
                {"area_source": L("Een oppervlakte heeft een bron", "An area needs a source")}
            )

    def list(self, *, filter: str = "", offset: int = 0, limit: int | None = None) -> Page:
        where, params = "1=1", []
        if filter:
            where, params = "(name LIKE ? OR gemeente LIKE ?)", [f"%{filter}%"] * 2
        return self.paged(
            f"SELECT *, (SELECT count(*) FROM regionale_economie_reeksen r"
            f" WHERE r.locatie_id = {self.table}.id) AS series"
            f" FROM {self.table} WHERE {where} ORDER BY name COLLATE NOCASE, id LIMIT ? OFFSET ?",
            f"FROM {self.table} WHERE {where}",
            params,
            offset=offset,
            limit=limit,
        )

    def by_name(self, name: str) -> Record | None:
        rows = self.rows(
            f"SELECT * FROM {self.table} WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1", [name]
        )
        return rows[0] if rows else None


class Reeksen(ModuleService):
    """A series holds the figures of one location under one definition."""

    table = "regionale_economie_reeksen"
    record = "regionale_economie_reeks"
    record_label = ("reeks", "series")
    perm = RIGHT
    parent = ("locatie_id", "locaties")
    children = (("cijfers", "reeks_id"),)
    fields: ClassVar[dict[str, Field]] = {
        "table_id": Field("ref", required=True, ref="tables", label=("Tafel", "Table")),
        "locatie_id": Field(
            "ref", required=True, ref="regionale_economie_locaties", label=("Locatie", "Location")
        ),
        "definition": Field(
            "choice",
            required=True,
            choices=lambda: sorted(definitions()),
            label=("Definitie", "Definition"),
        ),
        "measure": Field("choice", choices=MEASURES, label=("Grootheid", "Measure")),
        "notes": Field(max_len=4000, label=("Notities", "Notes")),
    }

    def create(self, **values) -> Record:
        """One series per location and definition; ``measure`` is the definition's."""
        loc = self.ws.service(f"{NAME}.locaties").find(values.get("locatie_id"))
        d = definitions().get(values.get("definition") or "")
        if d is not None:
            values["measure"] = d["measure"]
            if loc is not None and self.of(loc.id, values["definition"]) is not None:
                raise ValidationError(
                    {
                        "definition": L(
                            "{n} heeft al een reeks '{d}'", "{n} already has a series '{d}'"
                        ).format(n=loc.name, d=values["definition"])
                    }
                )
        return super().create(**values)

    def write_update(
        self, id: int, version: int | None, changes: dict, *, action: str = "update"
    ) -> Record:
        current = self.get(id)
        moved = {
            k for k in ("definition", "locatie_id") if k in changes and changes[k] != current[k]
        }
        if moved and self.scalar(
            "SELECT count(*) FROM regionale_economie_cijfers WHERE reeks_id = ?", [id]
        ):
            raise ValidationError(
                {
                    "definition": L(
                        "Deze reeks heeft cijfers: definitie en locatie liggen vast"
                        " (maak een nieuwe reeks)",
                        "This series has figures: its definition and location are fixed"
                        " (make a new series)",
                    )
                }
            )
        if "definition" in changes:
            changes["measure"] = definitions()[changes["definition"]]["measure"]
        return super().write_update(id, version, changes, action=action)

    def display_name(self, record: dict) -> str:
        """The series by its definition and location: "campus, alleen bedrijven (Park)"."""
        loc = self.ws.service(f"{NAME}.locaties").find(record["locatie_id"])
        return definition_short(record["definition"]) + (f" ({loc.name})" if loc else "")

    def core_references(self, record: Record) -> list[str]:
        """The core's goals measured from this series (``regionale-economie:<definition>``)."""
        indicator = f"{NAME}:{record.definition}"
        return [
            L("doel '{d}'", "goal '{d}'").format(d=g.description[:60])
            for g in self.ws.goals.of_table(record.table_id)
            if g.indicator == indicator
            and [s.id for s in self.for_goal(g, record.definition)] == [record.id]
        ]

    def for_goal(self, goal: Any, definition: str) -> list[Record]:
        """The series a goal on ``definition`` is measured from: those of that definition at
        the goal's table's locations, narrowed to the one its description names (one when the
        goal is measurable; several or none and it is not)."""
        series = self.of_table(goal.get("table_id"), definition)
        text = (goal.get("description") or "").casefold()
        named = [s for s in series if s.locatie.casefold() in text]
        return named if len(named) == 1 else series

    def of(self, locatie_id: int, definition: str) -> Record | None:
        rows = self.rows(
            f"SELECT * FROM {self.table} WHERE locatie_id = ? AND definition = ?",
            [locatie_id, definition],
        )
        return rows[0] if rows else None

    def of_table(self, table_id: int, definition: str) -> list[Record]:
        """The series of ``definition`` at the locations of table ``table_id``, with the
        location's name as ``locatie``."""
        return self.rows(
            f"SELECT r.*, l.name AS locatie FROM {self.table} r"
            " JOIN regionale_economie_locaties l ON l.id = r.locatie_id"
            " WHERE r.table_id = ? AND r.definition = ? ORDER BY l.name LIMIT 100",
            [table_id, definition],
        )

    def of_location(self, locatie_id: int, *, measure: str | None = None) -> list[Record]:
        """The location's series with their latest figure (``last_value``, ``last_date``,
        ``last_source``, ``last_demo``), by measure and definition."""
        where, params = "r.locatie_id = ?", [locatie_id]
        if measure:
            where += " AND r.measure = ?"
            params.append(measure)
        return self.rows(
            "SELECT r.*, c.value AS last_value, c.peildatum AS last_date,"
            " c.source AS last_source, c.demo AS last_demo,"
            " (SELECT count(*) FROM regionale_economie_cijfers n WHERE n.reeks_id = r.id)"
            " AS figures"
            f" FROM {self.table} r LEFT JOIN regionale_economie_cijfers c ON c.id = ("
            "   SELECT id FROM regionale_economie_cijfers WHERE reeks_id = r.id"
            "   ORDER BY peildatum DESC LIMIT 1)"
            f" WHERE {where} ORDER BY r.measure, r.definition",
            params,
        )


class Cijfers(ModuleService):
    """Figures of a series. The definition is the series'; the peildatum must fit it."""

    table = "regionale_economie_cijfers"
    record = "regionale_economie_cijfer"
    record_label = ("cijfer", "figure")
    perm = RIGHT
    parent = ("reeks_id", "reeksen")
    fields: ClassVar[dict[str, Field]] = {
        "table_id": Field("ref", required=True, ref="tables", label=("Tafel", "Table")),
        "reeks_id": Field(
            "ref", required=True, ref="regionale_economie_reeksen", label=("Reeks", "Series")
        ),
        "peildatum": Field("date", required=True, label=("Peildatum", "Reference date")),
        "value": Field("float", required=True, min=0, max=10**12, label=("Waarde", "Value")),
        "source": Field(required=True, max_len=300, label=("Bron", "Source")),
        "demo": Field("bool", label=("Demo (verzonnen)", "Demo (invented)")),
        "notes": Field(max_len=4000, label=("Notities", "Notes")),
    }

    def create(self, *, definition: str | None = None, **values) -> Record:
        """A figure for series ``reeks_id``. ``definition``, when given, is what the figure
        counts: it must be the series' own (a LISA figure never enters a CBS series)."""
        series = self.ws.service(f"{NAME}.reeksen").find(values.get("reeks_id"))
        if series is not None and definition is not None and definition != series.definition:
            raise ValidationError(mixed_message(series.definition, definition))
        return super().create(**values)

    def update(self, id: int, version: int | None = None, *, definition: str | None = None,
               **values) -> Record:  # fmt: skip
        """As ``create``: ``definition``, when given, must be the series' own."""
        series = self.ws.service(f"{NAME}.reeksen").get(
            values.get("reeks_id") or self.get(id).reeks_id
        )
        if definition is not None and definition != series.definition:
            raise ValidationError(mixed_message(series.definition, definition))
        return super().update(id, version, **values)

    def prepare(self, data: dict) -> dict:
        return {"demo": False, **super().prepare(data)}

    def check(self, merged: dict) -> None:
        series = self.ws.service(f"{NAME}.reeksen").get(merged["reeks_id"])
        if merged.get("peildatum") and not peildatum_fits(series.definition, merged["peildatum"]):
            raise ValidationError(
                {
                    "peildatum": L(
                        "{p} past niet bij de definitie van de reeks ({r}): {d}",
                        "{p} does not fit the series' definition ({r}): {d}",
                    ).format(
                        p=merged["peildatum"],
                        r=peildatum_rule(series.definition),
                        d=definition_label(series.definition),
                    )
                }
            )

    def of_series(self, reeks_id: int, *, limit: int = 500) -> list[Record]:
        return self.rows(
            f"SELECT * FROM {self.table} WHERE reeks_id = ? ORDER BY peildatum LIMIT ?",
            [reeks_id, limit],
        )

    def latest(self, reeks_id: int) -> Record | None:
        rows = self.rows(
            f"SELECT * FROM {self.table} WHERE reeks_id = ? ORDER BY peildatum DESC LIMIT 1",
            [reeks_id],
        )
        return rows[0] if rows else None


def mixed_message(series_definition: str, definition: str) -> str:
    return L(
        "Een reeks houdt één definitie: deze reeks telt '{s}', dit cijfer '{d}'."
        " Zet het in een eigen reeks.",
        "A series holds one definition: this series counts '{s}', this figure '{d}'."
        " Put it in a series of its own.",
    ).format(s=definition_label(series_definition), d=definition_label(definition))


def compare(ws: Any, locatie_id: int, measures: list[str] | None = None) -> list[dict]:
    """The location's series side by side, one entry per definition: ``{"series",
    "definition", "label", "measure", "figures"}``. Never merged into one line."""
    reeksen = ws.service(f"{NAME}.reeksen")
    cijfers = ws.service(f"{NAME}.cijfers")
    out = []
    for s in reeksen.of_location(locatie_id):
        if measures and s.measure not in measures:
            continue
        out.append(
            {
                "series": s,
                "definition": s.definition,
                "label": definition_label(s.definition),
                "measure": s.measure,
                "figures": cijfers.of_series(s.id),
            }
        )
    return out


THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


def parse_number(text: str) -> float:
    """A figure as people here write it: with a decimal comma, dots group thousands
    (``24.600,5``); without one, dots that group whole thousands do too (``24.600`` is
    24600: jobs and companies are counted, in Dutch), any other dot is the decimal point
    (``24.6``). ValueError when it is no number."""
    text = text.replace(" ", "")
    if "," in text or THOUSANDS.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    return float(text)


def format_number(value: float | None) -> str:
    """12.345 (Dutch thousands) or 12,5."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")


def plot_lines(figures: list[Any], width: int = 30, top: float | None = None) -> list[str]:
    """A terminal bar plot of ONE series: a bar per peildatum, scaled to ``top`` (the
    largest value of the series shown beside it, so two series compare by length)."""
    if not figures:
        return [L("  (geen cijfers)", "  (no figures)")]
    top = top or max(f.value for f in figures) or 1
    lines = []
    for f in figures:
        n = round(width * f.value / top) if top else 0
        mark = "*" if f.demo else " "
        lines.append(f"  {f.peildatum} {'█' * n}{'·' * (width - n)} {format_number(f.value)}{mark}")
    return lines
