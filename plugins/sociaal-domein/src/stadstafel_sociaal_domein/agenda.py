"""Agenda suggestions and the dashboard card (hooks ``agenda_suggestions``, ``dashboard_cards``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from stadstafel import L, today

from stadstafel_sociaal_domein.service import period_label

NAME = "sociaal-domein"


def _since(workspace: Any, table: Any) -> str:
    """The day of the table's last meeting before today (figures since then are new)."""
    start = (today() - dt.timedelta(days=365)).isoformat()
    meetings = workspace.read.meetings(table_id=table.id, start=start, end=today().isoformat()).rows
    days = sorted(str(m.starts_at)[:10] for m in meetings if m.starts_at)
    return days[-1] if days else start


def suggestions(workspace: Any, table: Any, meeting: Any) -> list[dict]:
    kringen = workspace.service(f"{NAME}.leerkringen")
    sessions = workspace.service(f"{NAME}.sessions")
    out: list[dict] = []
    for kring in kringen.list(table_id=table.id).rows:
        for s in sessions.of_leerkring(kring.id):
            if s.status != "gepland":
                continue
            missing = []
            if not s.host_organisation_id:
                missing.append(L("gastgemeente", "host city"))
            if not s.casus and not s.get("hidden"):
                missing.append(L("casus", "case"))
            if not missing:
                continue
            out.append(
                {
                    "key": f"{NAME}:prepare:{s.id}",
                    "title": L("Voorbereiden: {k}, bijeenkomst {n}",
                               "Prepare: {k}, session {n}").format(k=kring.theme, n=s.number),
                    "description": L("Nog nodig: {m}.", "Still needed: {m}.").format(
                        m=", ".join(missing)),
                    "detail": L("bijeenkomst op {d}", "session on {d}").format(d=s.date or "?"),
                }
            )  # fmt: skip
            break  # the next session only
    figures = workspace.service(f"{NAME}.figures")
    indicators = workspace.service(f"{NAME}.indicators")
    since = _since(workspace, table)
    fresh = figures.became_definitive_since(since)
    by_indicator: dict[int, list] = {}
    for f in fresh:
        by_indicator.setdefault(f.indicator_id, []).append(f)
    for ind_id, rows in by_indicator.items():
        ind = indicators.find(ind_id)
        if ind is None or ind.table_id != table.id:
            continue
        names = workspace.read.organisation_names({r.organisation_id for r in rows})
        periods = sorted({period_label(r.period) for r in rows})
        out.append(
            {
                "key": f"{NAME}:definitief:{ind_id}:{max(r.id for r in rows)}",
                "title": L("Definitieve cijfers: {i}", "Definitive figures: {i}").format(i=ind.name),
                "description": ", ".join(sorted(names.values())) + f" ({', '.join(periods)})",
                "detail": L("definitief geworden sinds {d}", "became definitive since {d}")
                .format(d=since),
            }
        )  # fmt: skip
    out += _wrong_way(workspace, table)
    return out


def wrong_way(figures: Any, indicator: Any, pct: float) -> list[tuple[int, str, float, float]]:
    """Cities whose figure moved the wrong way by more than ``pct`` percent between their two
    latest periods: ``(organisation_id, period, before, after)``."""
    series: dict[int, list] = {}
    for f in figures.current(indicator.id):  # ordered by period
        series.setdefault(f.organisation_id, []).append(f)
    found = []
    for org, rows in series.items():
        if len(rows) < 2 or not rows[-2].value:
            continue
        before, after = rows[-2].value, rows[-1].value
        change = (after - before) / abs(before) * 100
        if (change < -pct) if indicator.higher_is_better else (change > pct):
            found.append((org, rows[-1].period, before, after))
    return found


def _wrong_way(workspace: Any, table: Any) -> list[dict]:
    pct = workspace.plugins.settings(NAME)["wrong_way_pct"]
    figures = workspace.service(f"{NAME}.figures")
    out = []
    for ind in workspace.service(f"{NAME}.indicators").list(limit=200).rows:
        if ind.table_id != table.id:
            continue
        moved = wrong_way(figures, ind, pct)
        if not moved:
            continue
        names = workspace.read.organisation_names({m[0] for m in moved})
        parts = [f"{names.get(o, '?')}: {b:g} → {a:g} ({period_label(p)})" for o, p, b, a in moved]
        out.append(
            {
                "key": f"{NAME}:wrong-way:{ind.id}:{max(m[1] for m in moved)}",
                "title": L("Verkeerde kant op: {i}", "Wrong direction: {i}").format(i=ind.name),
                "description": "; ".join(parts),
                "detail": L("meer dan {p}% ten opzichte van de vorige periode",
                            "more than {p}% against the previous period").format(p=f"{pct:g}"),
            }
        )  # fmt: skip
    return out


def dashboard(workspace: Any) -> list[dict]:
    sessions = workspace.service(f"{NAME}.sessions")
    figures = workspace.service(f"{NAME}.figures")
    cards = []
    nxt = sessions.next_session()
    if nxt is not None:
        kring = workspace.service(f"{NAME}.leerkringen").find(nxt.leerkring_id)
        cards.append(
            {
                "title": L("Volgende leerkring", "Next learning circle"),
                "value": nxt.date,
                "detail": (kring.theme if kring else "?")[:60],
            }
        )
    if not workspace.service(f"{NAME}.indicators").list(limit=1).total:
        return cards  # nothing followed yet: no card (a workspace without the module's data)
    since = (today() - dt.timedelta(days=30)).isoformat()
    count = len(figures.became_definitive_since(since, limit=1000))
    cards.append(
        {
            "title": L("Nieuwe definitieve cijfers", "New definitive figures"),
            "value": count,
            "detail": L("sinds {d}", "since {d}").format(d=since),
        }
    )
    return cards
