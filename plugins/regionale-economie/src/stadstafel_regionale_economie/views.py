"""Text views shared by the screens and the CLI (no Textual here)."""

from __future__ import annotations

from typing import Any

from stadstafel import L

from stadstafel_regionale_economie.economie import (
    compare,
    definition_label,
    definition_short,
    format_number,
    plot_lines,
)


class Sources:
    """Numbered sources, each listed once at the end: ``[1]`` after what it backs."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def mark(self, *sources: str) -> str:
        out = []
        for source in sources:
            if source not in self.numbers:
                self.numbers[source] = len(self.numbers) + 1
            out.append(f"[{self.numbers[source]}]")
        return "".join(out)

    def lines(self) -> list[str]:
        if not self.numbers:
            return []
        return ["", L("Bronnen:", "Sources:")] + [f"[{n}] {s}" for s, n in self.numbers.items()]


def comparison_lines(
    ws: Any, loc: Any, measures: list[str] | None = None, width: int = 30
) -> list[str]:
    """The location and every series of it, grouped by measure: first the latest figure of
    each definition side by side, then one plot per definition. Series of one measure are
    scaled alike so their bars compare; their figures are never added up or joined into one
    line. ``*`` marks an invented (demo) figure; ``[n]`` a source, listed at the end."""
    sources = Sources()
    entries = compare(ws, loc.id, measures)
    head = loc.name + (f" ({loc.gemeente})" if loc.gemeente else "")
    if loc.area_ha is not None:
        head += f" · {format_number(loc.area_ha)} ha"
        head += (f" ({loc.area_date[:4]})" if loc.area_date else "") + sources.mark(
            loc.area_source or "?"
        )
    lines = [head]
    if not entries:
        return [*lines, L("Nog geen reeksen.", "No series yet.")]
    by_measure: dict[str, list[dict]] = {}
    for e in entries:
        by_measure.setdefault(e["measure"], []).append(e)
    for measure, group in by_measure.items():
        top = max((f.value for e in group for f in e["figures"]), default=0)
        lines.append("")
        lines.append(
            f"== {measure}"
            + (
                L(
                    f" · {len(group)} definities naast elkaar, niet optellen",
                    f" · {len(group)} definitions side by side, do not add up",
                )
                if len(group) > 1
                else ""
            )
        )
        for e in group:
            last = e["figures"][-1] if e["figures"] else None
            marks = sources.mark(*sorted({f.source for f in e["figures"]}))
            value = (format_number(last.value) + ("*" if last.demo else "")) if last else "–"
            lines.append(
                f"   {value:>8}  {last.peildatum if last else '':10}  "
                f"{definition_short(e['definition'])} {marks}"
            )
        for e in group:
            lines.append(f"-- {definition_label(e['definition'])}")
            lines += plot_lines(e["figures"], width=width, top=top)
    if any(f.demo for e in entries for f in e["figures"]):
        lines += ["", L("* = verzonnen demo-cijfer", "* = invented demo figure")]
    return lines + sources.lines()


def measured_goal(ws: Any, goal: Any, definition: str) -> dict | None:
    """The goal's value from the latest figure of a series of ``definition`` at a location of
    the goal's table (the one named in the goal's description when there are several)."""
    from stadstafel_regionale_economie.economie import definition_label

    series = ws.service("regionale-economie.reeksen").for_goal(goal, definition)
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
