"""A core goal measured from an indicator series (hook ``goal_indicators``).

A goal's ``indicator`` names the series: ``sociaal-domein:bbv<N>`` (the indicator with BBV
number N) or ``sociaal-domein:indicator:<id>``, optionally followed by ``@GMxxxx`` for a city
other than the workspace's own (``[plugins.sociaal-domein] gemeente``). The measured value is
the city's latest figure in force; the detail names its period, status and source, so a
voorlopig figure is never taken for a definitive one.
"""

from __future__ import annotations

import re
from typing import Any

from stadstafel import L

NAME = "sociaal-domein"
PATTERN = re.compile(r"^sociaal-domein:(?:bbv(\w{1,10})|indicator:(\d{1,9}))(?:@(GM\d{4,5}))?$")

# The verplichte BBV-beleidsindicatoren of the sociaal domein (facts: sociaal-domein.md,
# numbers as printed by Beverwijk, Begroting 2020): offered in the goal form.
BBV_NUMBERS = ["21", "22", "23", "24", "27", "28", "29", "30", "31", "32"]
VOCABULARY = [f"{NAME}:bbv{n}" for n in BBV_NUMBERS]


def measure(workspace: Any, goal: Any) -> dict | None:
    from stadstafel_sociaal_domein.agenda import home_city
    from stadstafel_sociaal_domein.service import period_label

    match = PATTERN.match((goal.get("indicator") or "").strip())
    if match is None:
        return None
    bbv, ind_id, code = match.groups()
    indicators = workspace.service(f"{NAME}.indicators")
    if ind_id:
        indicator = indicators.find(int(ind_id))
    else:
        rows = indicators.rows(
            f"SELECT * FROM {indicators.table} WHERE bbv_number = ? ORDER BY id LIMIT 1", [bbv]
        )
        indicator = rows[0] if rows else None
    if code:
        org_id = workspace.service(f"{NAME}.regions").organisation_of(code)
        city = workspace.read.organisation(org_id) if org_id else None
    else:
        city = home_city(workspace)
    if indicator is None or city is None:
        return None
    figures = workspace.service(f"{NAME}.figures")
    rows = figures.rows(
        f"SELECT * FROM {figures.table} WHERE indicator_id = ? AND organisation_id = ?"
        " AND current = 1 ORDER BY period DESC LIMIT 1",
        [indicator.id, city.id],
    )
    if not rows:
        return None
    fig = rows[0]
    return {
        "value": float(fig.value),
        "detail": L(
            "{i}, {c}, {p} ({s}; {b})", "{i}, {c}, {p} ({s}; {b})"
        ).format(i=indicator.name, c=city.name, p=period_label(fig.period), s=fig.status,
                 b=indicator.source or indicator.cbs_table or "-"),
    }  # fmt: skip
