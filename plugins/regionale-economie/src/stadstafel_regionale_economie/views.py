"""Text views shared by the screens and the CLI (no Textual here)."""

from __future__ import annotations

from typing import Any

from stadstafel import L

from stadstafel_regionale_economie.economie import compare, format_number, plot_lines


def location_lines(loc: Any) -> list[str]:
    """The location's name, gemeente and area with its source and date."""
    lines = [loc.name + (f" ({loc.gemeente})" if loc.gemeente else "")]
    if loc.area_ha is not None:
        lines.append(
            L("Oppervlakte", "Area")
            + f": {format_number(loc.area_ha)} ha · "
            + L("bron", "source")
            + f": {loc.area_source or '?'}"
            + (f" ({loc.area_date})" if loc.area_date else "")
        )
    return lines


def comparison_lines(
    ws: Any, loc: Any, measures: list[str] | None = None, width: int = 30
) -> list[str]:
    """Every series of the location, one block per definition, each with its own plot.
    Series of one measure are scaled alike so their bars compare; their figures are never
    added up or joined into one line. ``*`` marks an invented (demo) figure."""
    entries = compare(ws, loc.id, measures)
    lines = location_lines(loc)
    if not entries:
        return [*lines, L("Nog geen reeksen.", "No series yet.")]
    tops: dict[str, float] = {}
    for e in entries:
        top = max((f.value for f in e["figures"]), default=0)
        tops[e["measure"]] = max(tops.get(e["measure"], 0), top)
    measure = None
    for e in entries:
        if e["measure"] != measure:
            measure = e["measure"]
            others = sum(1 for x in entries if x["measure"] == measure)
            lines.append("")
            lines.append(
                f"== {measure}"
                + (
                    L(
                        f" · {others} definities naast elkaar, niet optellen",
                        f" · {others} definitions side by side, do not add up",
                    )
                    if others > 1
                    else ""
                )
            )
        lines.append(f"-- {e['label']}")
        sources = sorted({f.source for f in e["figures"]})
        if sources:
            lines.append("   " + L("bron", "source") + ": " + "; ".join(sources))
        lines += plot_lines(e["figures"], width=width, top=tops[measure])
    if any(f.demo for e in entries for f in e["figures"]):
        lines += ["", L("* = verzonnen demo-cijfer", "* = invented demo figure")]
    return lines


def measured_goal(ws: Any, goal: Any, definition: str) -> dict | None:
    """The goal's value from the latest figure of a series of ``definition`` at a location of
    the goal's table (the one named in the goal's description when there are several)."""
    from stadstafel_regionale_economie.economie import definition_label

    series = ws.service("regionale-economie.reeksen").of_table(goal.get("table_id"), definition)
    text = (goal.get("description") or "").casefold()
    named = [s for s in series if s.locatie.casefold() in text]
    if len(named) == 1:
        series = named
    if len(series) != 1:
        return {
            "value": None,
            "detail": L(
                "{n} locaties met deze reeks; noem er één in de omschrijving",
                "{n} locations with this series; name one in the description",
            ).format(n=len(series)),
        } if series else None  # fmt: skip
    s = series[0]
    last = ws.service("regionale-economie.cijfers").latest(s.id)
    if last is None:
        return {"value": None, "detail": L("nog geen cijfers", "no figures yet")}
    return {
        "value": float(last.value),
        "detail": L(
            "{loc}: {v} op {d} ({lab}; bron: {src}){demo}",
            "{loc}: {v} on {d} ({lab}; source: {src}){demo}",
        ).format(
            loc=s.locatie,
            v=format_number(last.value),
            d=last.peildatum,
            lab=definition_label(definition),
            src=last.source,
            demo=L(" (demo-cijfer)", " (demo figure)") if last.demo else "",
        ),
    }
