"""Progress against the target: chart, per year, pipeline, shares."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from stadstafel.ui import (
    L,
    bind,
    plain,
)
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from stadstafel_woningbouw.model import (
    SEGMENT_SHORT,
    SEGMENTS,
    capacity_label,
    fmt_eur,
    fmt_pct,
)
from stadstafel_woningbouw.screens.base import _lang, _n, _RegisterScreen


def _mark(met: bool | None) -> str:
    if met is None:
        return "–"
    return L("gehaald", "met") if met else L("! niet gehaald", "! not met")


def years_table(progress: dict) -> Table:
    table = Table(expand=False, show_edge=False, pad_edge=False, box=None)
    for label in (
        L("Jaar", "Year"),
        L("Opgeleverd", "Delivered"),
        L("Cumulatief", "Cumul."),
        L("Rechte lijn", "Straight line"),
        L("Verschil", "Difference"),
    ):
        table.add_column(label, justify="right")
    for r in progress["years"]:
        future = bool(r["future"])
        diff = r["diff"]
        table.add_row(
            str(r["year"]) + (" *" if future else ""),
            "" if future else _n(r["delivered"]),
            "" if future else _n(r["cumulative"]),
            _n(r["needed"]),
            "" if future else ("+" if diff > 0 else "") + _n(diff),
            style="dim" if future else None,
        )
    return table


def pipeline_table(progress: dict) -> Table:
    table = Table(expand=False, show_edge=False, pad_edge=False, box=None)
    table.add_column(L("Fase", "Phase"), no_wrap=True)
    table.add_column(L("Plan", "Plan"))
    table.add_column(L("Proj.", "Proj."), justify="right")
    for s in SEGMENTS:
        table.add_column(SEGMENT_SHORT[s], justify="right")
    table.add_column(L("Totaal", "Total"), justify="right")
    settings = progress["settings"]
    for row in progress["pipeline"]:
        phase = settings.phase(row["phase"])
        cap = capacity_label(phase)
        table.add_row(
            Text(plain(row["phase"])),  # a rich Table reads a str cell as markup
            L(cap, {"zacht": "soft"}.get(cap, cap)),
            str(row["projects"]),
            *[_n(row["homes"][s]) for s in SEGMENTS],
            _n(row["total"]),
            style="dim" if not phase.active else None,
        )
    totals = progress["pipeline_homes"]
    table.add_row(
        L("in de pijplijn", "in the pipeline"),
        "",
        "",
        *[_n(totals[s]) for s in SEGMENTS],
        _n(sum(totals.values())),
        style="bold",
    )
    return table


def shares_text(progress: dict) -> str:
    s = progress["settings"]
    sp = progress["shares_pipeline"]
    sd = progress["shares_delivered"]
    cap = progress["capacity"]
    lang = _lang()
    lines = [
        L(
            "Aandelen in de pijplijn (plannen en in aanbouw):",
            "Shares in the pipeline (plans and under construction):",
        ),
        L(
            f"  betaalbaar {fmt_pct(sp.affordable_share, lang)} (doel"
            f" {fmt_pct(s.affordable_share, lang)}): {_mark(sp.affordable_met)}",
            f"  affordable {fmt_pct(sp.affordable_share, lang)} (target"
            f" {fmt_pct(s.affordable_share, lang)}): {_mark(sp.affordable_met)}",
        ),
        L(
            f"  sociale huur {fmt_pct(sp.social_share, lang)} (doel"
            f" {fmt_pct(s.social_rent_share, lang)}): {_mark(sp.social_met)}",
            f"  social rent {fmt_pct(sp.social_share, lang)} (target"
            f" {fmt_pct(s.social_rent_share, lang)}): {_mark(sp.social_met)}",
        ),
        L(
            f"Opgeleverd: betaalbaar {fmt_pct(sd.affordable_share, lang)}, sociale huur"
            f" {fmt_pct(sd.social_share, lang)}",
            f"Delivered: affordable {fmt_pct(sd.affordable_share, lang)}, social rent"
            f" {fmt_pct(sd.social_share, lang)}",
        ),
        "",
        L(
            f"Plancapaciteit: hard {_n(cap['hard'])} (waarvan {_n(cap['construction'])} in"
            f" aanbouw), zacht {_n(cap['soft'])}",
            f"Plan capacity: hard {_n(cap['hard'])} ({_n(cap['construction'])} of it under"
            f" construction), soft {_n(cap['soft'])}",
        ),
    ]
    ratio = progress["capacity_ratio"]
    if ratio is not None:
        lines.append(
            L(
                f"  = {fmt_pct(ratio, lang, 0)} van de resterende opgave ({_n(progress['gap'])});"
                f" norm {fmt_pct(s.plan_capacity_norm, lang, 0)}",
                f"  = {fmt_pct(ratio, lang, 0)} of the remaining task ({_n(progress['gap'])});"
                f" norm {fmt_pct(s.plan_capacity_norm, lang, 0)}",
            )
        )
    limits = progress["limits"]
    lines.append("")
    if limits is None:
        lines.append(
            L(
                "Geen segmentgrenzen voor dit jaar geconfigureerd.",
                "No segment limits configured for this year.",
            )
        )
    else:
        year, lim = limits
        parts = []
        if "sociale_huur_rent_max" in lim:
            parts.append(
                L("sociale huur ≤ ", "social rent ≤ ")
                + fmt_eur(lim["sociale_huur_rent_max"], lang)
                + L("/mnd", "/month")
            )
        if "middenhuur_rent_max" in lim:
            parts.append(
                L("middenhuur ≤ ", "mid-rent ≤ ")
                + fmt_eur(lim["middenhuur_rent_max"], lang)
                + (
                    f" ({lim['middenhuur_points_max']} WWS)"
                    if "middenhuur_points_max" in lim
                    else ""
                )
            )
        if "betaalbare_koop_price_max" in lim:
            parts.append(
                L("betaalbare koop ≤ ", "affordable purchase ≤ ")
                + fmt_eur(lim["betaalbare_koop_price_max"], lang)
            )
        lines.append(L(f"Segmentgrenzen {year}: ", f"Segment limits {year}: ") + "; ".join(parts))
        lines.append(L("  bron: ", "  source: ") + str(lim.get("source", "")))
    lines.append(
        L("Bronnen: ", "Sources: ") + f"{s.affordable_source}; {s.social_rent_source};"
        f" {s.plan_capacity_source}"
    )
    return "\n".join(lines)


def summary_line(progress: dict) -> str:
    s = progress["settings"]
    per_year = progress["per_year_needed"]
    year = progress["today"].year
    text = L(
        f"Doel: {_n(s.target_homes)} woningen in {s.target_start_year}–{s.target_year}"
        f" · bron: {s.target_source}\nOpgeleverd {_n(progress['delivered'])} · nodig eind"
        f" {year}: {_n(progress['needed_now'])} · tekort {_n(progress['gap'])}",
        f"Target: {_n(s.target_homes)} homes in {s.target_start_year}–{s.target_year}"
        f" · source: {s.target_source}\nDelivered {_n(progress['delivered'])} · needed by the"
        f" end of {year}: {_n(progress['needed_now'])} · gap {_n(progress['gap'])}",
    )
    if per_year is not None:
        text += L(f" = {_n(per_year)} per jaar", f" = {_n(per_year)} a year")
    return text


class ProgressScreen(_RegisterScreen):
    """Progress against the target: chart (1), per year (2), pipeline (3), shares (4)."""

    TITLE_NL, TITLE_EN = "Woningbouw: voortgang", "Housing: progress"
    BINDINGS = [
        bind("escape", "back", "Terug", "Back", id="woningbouw.progress.back"),
        bind("1", "tab('grafiek')", "Grafiek", "Chart", id="woningbouw.progress.tab_chart"),
        bind("2", "tab('jaren')", "Per jaar", "Per year", id="woningbouw.progress.tab_years"),
        bind("3", "tab('pijplijn')", "Pijplijn", "Pipeline", id="woningbouw.progress.tab_pipe"),
        bind("4", "tab('aandelen')", "Aandelen", "Shares", id="woningbouw.progress.tab_shares"),
    ]

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield from self.compose_header()
        yield Static("", id="summary", classes="hint", markup=False)
        with TabbedContent(id="tabs"):
            with TabPane(L("1 Grafiek", "1 Chart"), id="grafiek"):
                yield PlotextPlot(id="chart")
            with TabPane(L("2 Per jaar", "2 Per year"), id="jaren"), VerticalScroll():
                yield Static("", id="years")
            with TabPane(L("3 Pijplijn", "3 Pipeline"), id="pijplijn"), VerticalScroll():
                yield Static("", id="pipeline")
            with TabPane(L("4 Aandelen", "4 Shares"), id="aandelen"), VerticalScroll():
                yield Static("", id="shares", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        progress = self.reg.progress()
        self.query_one("#summary", Static).update(summary_line(progress))
        self.query_one("#years", Static).update(years_table(progress))
        self.query_one("#pipeline", Static).update(pipeline_table(progress))
        self.query_one("#shares", Static).update(shares_text(progress))
        self.draw_chart(progress)

    def draw_chart(self, progress: dict) -> None:
        from textual_plotext import PlotextPlot

        widget = self.query_one("#chart", PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        rows = progress["years"]
        years = [r["year"] for r in rows]
        past = [r for r in rows if not r["future"]]
        plt.bar(
            [r["year"] for r in past],
            [r["cumulative"] for r in past],
            label=L("opgeleverd (cumulatief)", "delivered (cumulative)"),
            color="blue",
            width=0.6,
        )
        plt.plot(
            years,
            [r["needed"] for r in rows],
            label=L("rechte lijn naar doel", "straight line to target"),
            color="red",
            marker="•",
        )
        s = progress["settings"]
        plt.title(
            L(
                f"Woningen opgeleverd t.o.v. {_n(s.target_homes)} in {s.target_year}",
                f"Homes delivered vs. {_n(s.target_homes)} by {s.target_year}",
            )
        )
        plt.xticks(years, [str(y)[2:] if len(years) > 8 else str(y) for y in years])
        top = max(s.target_homes, max((r["cumulative"] for r in rows), default=0))
        plt.ylim(0, top)
        ticks = [round(top * i / 4) for i in range(5)]
        plt.yticks(ticks, [_n(t) for t in ticks])
        widget.refresh()

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def action_back(self) -> None:
        self.app.pop_screen()
