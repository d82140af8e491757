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
    BASIS_LABELS,
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


def _basis(basis: str) -> str:
    nl, en = BASIS_LABELS[basis]
    return L(nl, en)


def years_table(progress: dict) -> Table:
    """Per year on the target's basis, with the other basis beside it."""
    other = _basis(progress["other_basis"])
    table = Table(expand=False, show_edge=False, pad_edge=False, box=None)
    for label in (
        L("Jaar", "Year"),
        L("Opgeleverd", "Delivered") + f" ({_basis(progress['basis'])})",
        L("Cumulatief", "Cumul."),
        L("Rechte lijn", "Straight line"),
        L("Verschil", "Difference"),
        other.capitalize(),
        L("Cum.", "Cum."),
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
            "" if future else _n(r[progress["other_basis"]]),
            "" if future else _n(r["other_cumulative"]),
            style="dim" if future else None,
        )
    return table


def cbs_table(progress: dict) -> Table | str:
    """Register against CBS per year, with CBS's status; a hint when there are no figures."""
    check = progress.get("cbs")
    if not check or not check["rows"]:
        return L(
            "Geen CBS-cijfers voor deze gemeente; importeer een StatLine-download met"
            " 'stadstafel woningbouw cbs import BESTAND'.",
            "No CBS figures for this municipality; import a StatLine download with"
            " 'stadstafel woningbouw cbs import FILE'.",
        )
    table = Table(expand=False, show_edge=False, pad_edge=False, box=None)
    for label in (
        L("Jaar", "Year"),
        L("Register", "Register"),
        L("netto", "net"),
        "CBS",
        L("CBS netto", "CBS net"),
        L("Verschil", "Difference"),
        L("Mnd", "Mon"),
    ):
        table.add_column(label, justify="right", no_wrap=True)
    table.add_column(L("Status CBS", "CBS status"), no_wrap=True)
    for r in check["rows"]:
        diff = r["diff"]
        table.add_row(
            str(r["year"]),
            _n(r["register"]),
            _n(r["register_net"]),
            _n(r["cbs"]),
            _n(r["cbs_net"]),
            "–" if diff is None else ("+" if diff > 0 else "") + _n(diff),
            "" if r["months"] is None else str(r["months"]),
            r["status"] or "?",
        )
    return table


def cbs_source(progress: dict) -> str:
    from stadstafel_woningbouw.cbs import source_text

    check = progress.get("cbs")
    if not check or not check["rows"]:
        return ""
    return L(
        "Mnd: een jaar dat nog loopt, opgeteld uit de maanden tot nu. ",
        "Mon: a year still in progress, added up from its months so far. ",
    ) + source_text(check["source"])


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


def _share_lines(title: str, ours, other, progress: dict) -> list[str]:
    """A heading and the two shares on the target's basis, the other basis beside them."""
    s, lang = progress["settings"], _lang()
    other_name = _basis(progress["other_basis"])
    lines = [title]
    for nl, en, share, theirs, target, met in (
        ("betaalbaar", "affordable", ours.affordable_share, other.affordable_share,
         s.affordable_share, ours.affordable_met),
        ("sociale huur", "social rent", ours.social_share, other.social_share,
         s.social_rent_share, ours.social_met),
    ):  # fmt: skip
        lines.append(
            f"  {L(nl, en)} {fmt_pct(share, lang)} ({other_name} {fmt_pct(theirs, lang)};"
            f" {L('doel', 'target')} {fmt_pct(target, lang)}): {_mark(met)}"
        )
    return lines


def shares_text(progress: dict) -> str:
    s = progress["settings"]
    cap = progress["capacity"]
    lang = _lang()
    basis, other = _basis(progress["basis"]), _basis(progress["other_basis"])
    sp, sw = progress["shares_pipeline"], progress["shares_programme"]
    lines = [
        *_share_lines(
            L(
                f"Pijplijn (plannen en in aanbouw): {_n(sp.total)} {basis}"
                f" ({other} {_n(progress['shares_pipeline_other'].total)})",
                f"Pipeline (plans and under construction): {_n(sp.total)} {basis}"
                f" ({other} {_n(progress['shares_pipeline_other'].total)})",
            ),
            sp,
            progress["shares_pipeline_other"],
            progress,
        ),
        *_share_lines(
            L(
                f"Hele programma {s.target_start_year}–{s.target_year} (opgeleverd +"
                f" pijplijn): {_n(sw.total)} {basis}"
                f" ({other} {_n(progress['shares_programme_other'].total)})",
                f"Whole programme {s.target_start_year}–{s.target_year} (delivered +"
                f" pipeline): {_n(sw.total)} {basis}"
                f" ({other} {_n(progress['shares_programme_other'].total)})",
            ),
            sw,
            progress["shares_programme_other"],
            progress,
        ),
        *_share_lines(
            L("Opgeleverd (alle jaren):", "Delivered (all years):"),
            progress["shares_delivered"],
            progress["shares_delivered_other"],
            progress,
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
    """The target on its basis with its source, and where we stand (the other basis beside)."""
    s = progress["settings"]
    per_year = progress["per_year_needed"]
    year = progress["today"].year
    basis, other = _basis(progress["basis"]), _basis(progress["other_basis"])
    gap_other = progress["gap_other"]
    text = L(
        f"Doel: {_n(s.target_homes)} woningen {basis} in {s.target_start_year}–{s.target_year}"
        f" · bron: {s.target_source}\nOpgeleverd {_n(progress['delivered'])}"
        f" ({other} {_n(progress['delivered_other'])}) · nodig eind {year}:"
        f" {_n(progress['needed_now'])} · tekort {_n(progress['gap'])}",
        f"Target: {_n(s.target_homes)} homes {basis} in {s.target_start_year}–{s.target_year}"
        f" · source: {s.target_source}\nDelivered {_n(progress['delivered'])}"
        f" ({other} {_n(progress['delivered_other'])}) · needed by the end of {year}:"
        f" {_n(progress['needed_now'])} · gap {_n(progress['gap'])}",
    )
    if gap_other is not None:
        text += f" ({other} {_n(gap_other)})"
    if per_year is not None:
        text += L(f" = {_n(per_year)} per jaar", f" = {_n(per_year)} a year")
    return text


def capacity_table(progress: dict) -> Table:
    """Plan capacity per expected delivery year against the remaining task × the norm."""
    cap = progress["capacity_years"]
    lang = _lang()
    norm = fmt_pct(progress["settings"].plan_capacity_norm, lang, 0)
    table = Table(expand=False, show_edge=False, pad_edge=False, box=None)
    for label in (
        L("Jaar", "Year"),
        L("Opgave", "Task"),
        f"{L('Norm', 'Norm')} {norm}",
        L("Hard", "Hard"),
        L("Zacht", "Soft"),
        L("Cum. cap.", "Cum. cap."),
        L("Cum. norm", "Cum. norm"),
        "",
    ):
        table.add_column(label, justify="right")
    for r in cap["rows"]:
        table.add_row(
            str(r["year"]),
            _n(r["task"]),
            _n(r["norm"]),
            _n(r["hard"]),
            _n(r["soft"]),
            _n(r["cum_capacity"]),
            _n(r["cum_norm"]),
            L("gehaald", "met") if r["cum_met"] else L("! te weinig", "! too little"),
        )
    later = cap["later"]
    table.add_row(L("later/?", "later/?"), "", "", _n(later["hard"]), _n(later["soft"]), "", "", "")
    return table


def capacity_note(progress: dict) -> str:
    cap = progress["capacity_years"]
    s = progress["settings"]
    return L(
        f"Resterende opgave {_n(cap['remaining'])} {_basis(cap['basis'])} verdeeld over de"
        f" jaren tot en met {s.target_year}; plannen {_basis(cap['basis'])} naar verwacht"
        f" opleverjaar (verstreken jaar telt nu). Bron norm: {s.plan_capacity_source}",
        f"Remaining task {_n(cap['remaining'])} {_basis(cap['basis'])} spread over the years"
        f" up to {s.target_year}; plans {_basis(cap['basis'])} by expected delivery year (a"
        f" year passed counts now). Source of the norm: {s.plan_capacity_source}",
    )


class ProgressScreen(_RegisterScreen):
    """Progress against the target: chart (1), per year (2), pipeline (3), shares (4), plan
    capacity per year (5)."""

    TITLE_NL, TITLE_EN = "Woningbouw: voortgang", "Housing: progress"
    BINDINGS = [
        bind("escape", "back", "Terug", "Back", id="woningbouw.progress.back"),
        bind("1", "tab('grafiek')", "Grafiek", "Chart", id="woningbouw.progress.tab_chart"),
        bind("2", "tab('jaren')", "Per jaar", "Per year", id="woningbouw.progress.tab_years"),
        bind("3", "tab('pijplijn')", "Pijplijn", "Pipeline", id="woningbouw.progress.tab_pipe"),
        bind("4", "tab('aandelen')", "Aandelen", "Shares", id="woningbouw.progress.tab_shares"),
        bind(
            "5",
            "tab('capaciteit')",
            "Capaciteit",
            "Capacity",
            id="woningbouw.progress.tab_capacity",
        ),
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
                yield Static(L("Register en CBS", "Register and CBS"), classes="hint")
                yield Static("", id="cbs")
                yield Static("", id="cbs-source", markup=False)
            with TabPane(L("3 Pijplijn", "3 Pipeline"), id="pijplijn"), VerticalScroll():
                yield Static("", id="pipeline")
            with TabPane(L("4 Aandelen", "4 Shares"), id="aandelen"), VerticalScroll():
                yield Static("", id="shares", markup=False)
            with TabPane(L("5 Capaciteit", "5 Capacity"), id="capaciteit"), VerticalScroll():
                yield Static("", id="capacity")
                yield Static("", id="capacity-note", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        progress = self.reg.progress()
        self.query_one("#summary", Static).update(summary_line(progress))
        self.query_one("#years", Static).update(years_table(progress))
        self.query_one("#cbs", Static).update(cbs_table(progress))
        self.query_one("#cbs-source", Static).update(cbs_source(progress))
        self.query_one("#pipeline", Static).update(pipeline_table(progress))
        self.query_one("#shares", Static).update(shares_text(progress))
        self.query_one("#capacity", Static).update(capacity_table(progress))
        self.query_one("#capacity-note", Static).update(capacity_note(progress))
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
