"""Agenda suggestions and the dashboard card (hooks ``agenda_suggestions``, ``dashboard_cards``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from stadstafel import L, today

from stadstafel_sociaal_domein.service import period_label
from stadstafel_sociaal_domein.views import number

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
    focus = home_city(workspace)
    for ind_id, rows in by_indicator.items():
        ind = indicators.find(ind_id)
        if ind is None or ind.table_id != table.id:
            continue
        names = workspace.read.organisation_names({r.organisation_id for r in rows})
        pairs = [(names.get(r.organisation_id, "?"), r.period) for r in rows]
        description = ", ".join(cities_with_periods(pairs))  # each city with its own periods
        if focus is not None:
            description += ". " + _standing(workspace, ind, focus)
        out.append(
            {
                "key": f"{NAME}:definitief:{ind_id}:{max(r.id for r in rows)}",
                "title": L("Definitieve cijfers: {i}", "Definitive figures: {i}").format(i=ind.name),
                "description": description,
                "detail": L("definitief geworden sinds {d}", "became definitive since {d}")
                .format(d=since),
            }
        )  # fmt: skip
    out += _wrong_way(workspace, table)
    return out


def home_city(workspace: Any) -> Any:
    """The city of ``[plugins.sociaal-domein] gemeente`` (a CBS region code), or None."""
    code = workspace.plugins.settings(NAME).get("gemeente") or ""
    org_id = workspace.service(f"{NAME}.regions").organisation_of(code) if code else None
    return workspace.read.organisation(org_id) if org_id else None


def _standing(workspace: Any, indicator: Any, city: Any) -> str:
    """Where ``city`` stands on ``indicator`` in its latest period: value, status, rank."""
    pos = workspace.service(f"{NAME}.figures").position(indicator, city.id)
    if pos is None:
        return L("{c}: geen cijfer.", "{c}: no figure.").format(c=city.name)
    return L(
        "{c} staat {r}e van {t} ({p}: {v}, {s}).", "{c} ranks {r} of {t} ({p}: {v}, {s})."
    ).format(c=city.name, r=pos["rank"], t=pos["total"], p=period_label(pos["period"]),
             v=number(pos["value"]), s=pos["status"])  # fmt: skip


def cities_with_periods(pairs: Any) -> list[str]:
    """``[city (period, period), …]`` from ``(city name, period code)`` pairs: each city once,
    by name, with its periods in time order (a city named once per period said the same city
    again and again, and pushed other cities out of a short list)."""
    periods: dict[str, set[str]] = {}
    for city, period in pairs:
        periods.setdefault(city, set()).add(period)
    return [
        f"{city} ({', '.join(period_label(p) for p in sorted(codes))})"
        for city, codes in sorted(periods.items())
    ]


def definitive_by_indicator(workspace: Any, days: int = 90) -> list[tuple[str, list[str]]]:
    """``(indicator name, [city (period, …), …])`` of the figures that became definitief in
    the last ``days`` days, newest first (at most 200 figures read); each city once."""
    since = (today() - dt.timedelta(days=days)).isoformat()
    fresh = workspace.service(f"{NAME}.figures").definitive_keys_since(since, limit=200)
    names = workspace.read.organisation_names({f["organisation_id"] for f in fresh})
    indicators = workspace.service(f"{NAME}.indicators")
    grouped: dict[int, list[tuple[str, str]]] = {}
    for f in fresh:
        city = names.get(f["organisation_id"], "?")
        grouped.setdefault(f["indicator_id"], []).append((city, f["period"]))
    out = []
    for ind_id, pairs in grouped.items():
        ind = indicators.find(ind_id)
        if ind is not None:
            out.append((ind.name, cities_with_periods(pairs)))
    return out


def position_suggestion(workspace: Any, indicator: Any, organisation_id: int) -> dict:
    """An agenda item: where a city stands on an indicator, with the figures that became
    definitief recently (the facts attached)."""
    city = workspace.read.organisation(organisation_id)
    since = (today() - dt.timedelta(days=90)).isoformat()
    fresh = [
        f
        for f in workspace.service(f"{NAME}.figures").became_definitive_since(since, limit=500)
        if f.indicator_id == indicator.id
    ]
    names = workspace.read.organisation_names({f.organisation_id for f in fresh})
    parts = [_standing(workspace, indicator, city)]
    if fresh:
        cities = cities_with_periods((names.get(f.organisation_id, "?"), f.period) for f in fresh)
        parts.append(L("Definitief geworden: {c}.", "Became definitive: {c}.").format(
            c=", ".join(cities)))  # fmt: skip
    if indicator.caveat:
        parts.append(indicator.caveat)
    return {
        "key": f"{NAME}:positie:{indicator.id}:{organisation_id}:{today().isoformat()}",
        "title": L("{i}: waar staat {c}?", "{i}: where does {c} stand?").format(
            i=indicator.name, c=city.name if city else "?"),
        "description": "\n".join(parts),
        "detail": L("cijfers per gemeente, sociaal domein", "figures per city, sociaal domein"),
    }  # fmt: skip


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
        parts = [
            f"{names.get(o, '?')}: {number(b)} → {number(a)} ({period_label(p)})"
            for o, p, b, a in moved
        ]
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
    count = figures.count_definitive_since(since)
    cards.append(
        {
            "title": L("Nieuwe definitieve cijfers", "New definitive figures"),
            "value": count,
            "detail": L("sinds {d}", "since {d}").format(d=since),
        }
    )
    return cards
