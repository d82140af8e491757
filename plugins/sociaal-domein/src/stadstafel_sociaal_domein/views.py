"""Plain-text views shared by the command line, the screens and the exports (no Textual)."""

from __future__ import annotations

from stadstafel import L, language

from stadstafel_sociaal_domein.service import period_label

MARK = "*"


def number(value: float) -> str:
    """A figure as a Dutch (decimal comma) or English reader expects it."""
    text = f"{value:g}"
    return text.replace(".", ",") if language() == "nl" else text


def cell(value: float, status: str, mixed: bool) -> str:
    """A figure as shown: a voorlopig or nader voorlopig one next to definitive figures of the
    same period gets a mark (CBS: definitive figures are often 1–5% higher)."""
    text = number(value)
    return text + (MARK if mixed and status != "definitief" else "")


def comparison_lines(data: dict, focus_name: str = "") -> list[str]:
    ind = data["indicator"]
    periods = data["periods"][-6:]
    lines = [f"{ind.name} ({ind.unit or '-'})"]
    lines.append(f"{'gemeente':<24}" + "".join(f"{period_label(p):>12}" for p in periods))
    for row in data["rows"]:
        cells = [
            cell(*row["values"][p], data["mixed"][p]) if p in row["values"] else "-"
            for p in periods
        ]
        lines.append(f"{row['city'][:23]:<24}" + "".join(f"{c:>12}" for c in cells))
    if any(data["mixed"][p] for p in periods):
        lines.append(
            L(
                "* voorlopig naast definitieve cijfers van andere gemeenten: niet gelijkwaardig.",
                "* provisional next to other cities' definitive figures: not like for like.",
            )
        )
    if data["position"]:
        rank, total, period = data["position"]
        lines.append(
            L("{c} staat {r}e van {t} ({p}).", "{c} ranks {r} of {t} ({p}).").format(
                c=focus_name, r=rank, t=total, p=period_label(period)
            )
        )
    if data["caveat"]:
        lines.append(data["caveat"])
    return lines
