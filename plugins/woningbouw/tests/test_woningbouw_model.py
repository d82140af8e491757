"""The pure rules, checked against examples worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest

from stadstafel_woningbouw.model import (
    SettingsError,
    add_months,
    capacity,
    default_values,
    delivered_in_period,
    fmt_eur,
    fmt_int,
    fmt_pct,
    gap,
    has_signal,
    months_between,
    needed_by,
    parse_settings,
    per_year_needed,
    progress_rows,
    project_problems,
    shares,
    signals,
)

S = parse_settings(None)  # the defaults from defaults.toml


def homes(soc=0, mid=0, vrij=0, bkoop=0, dkoop=0, phase="vergund", **extra):
    return {
        "homes_sociale_huur": soc,
        "homes_middenhuur": mid,
        "homes_vrije_sector_huur": vrij,
        "homes_betaalbare_koop": bkoop,
        "homes_dure_koop": dkoop,
        "phase": phase,
        **extra,
    }


# -- settings ------------------------------------------------------------------------------------
def test_defaults_come_from_configuration_with_their_sources():
    assert S.table == "Samenwerkingstafel Woningbouw"
    assert (S.target_homes, S.target_start_year, S.target_year) == (8000, 2021, 2030)
    assert S.target_source == "seed 002 (ruim 8.000 voor 2030)"
    assert S.affordable_share == pytest.approx(0.6667)
    assert S.social_rent_share == pytest.approx(0.30)
    assert S.stalled_months == 9
    assert S.phase_names == [
        "idee/visie",
        "in voorbereiding",
        "vastgesteld",
        "onherroepelijk",
        "vergund",
        "in aanbouw",
        "opgeleverd",
        "vervallen",
    ]
    assert [p.name for p in S.phases if p.hard] == [
        "vastgesteld",
        "onherroepelijk",
        "vergund",
        "in aanbouw",
    ]
    assert S.segment_limits[2025]["sociale_huur_rent_max"] == 900.07
    assert S.segment_limits[2026]["middenhuur_rent_max"] == 1228.07
    assert S.segment_limits[2026]["betaalbare_koop_price_max"] == 420000
    assert all(limits["source"] for limits in S.segment_limits.values())


def test_limits_of_a_later_year_fall_back_to_the_latest_configured():
    assert S.limits_for(2026)[0] == 2026
    assert S.limits_for(2031)[0] == 2026
    assert S.limits_for(2024) is None


def test_the_8800_alternative_is_documented_in_the_defaults_file():
    from importlib import resources

    text = resources.files("stadstafel_woningbouw").joinpath("defaults.toml").read_text("utf-8")
    assert "8,800" in text and "Programmabegroting 2024" in text


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"target_homes": "8000"}, "target_homes"),
        ({"target_homes": True}, "target_homes"),
        ({"target_year": 2019}, "target_year"),
        ({"social_rent_share": 30}, "social_rent_share"),
        ({"affordable_segments": ["sociale_huur", "koop"]}, "affordable_segments[1]"),
        ({"phases": [{"name": "a", "hard": "ja"}]}, "phases[0].hard"),
        ({"phases": [{"name": "a", "kind": "plan"}]}, "phases"),
        (
            {"segment_limits": {"2027": {"sociale_huur_rent_max": 950}}},
            "segment_limits.2027.source",
        ),
        ({"target": 8000}, "target"),
    ],
)
def test_bad_settings_name_their_key(raw, key):
    with pytest.raises(SettingsError) as info:
        parse_settings(raw)
    assert info.value.key == key
    assert str(info.value).startswith(f"plugins.woningbouw.{key}: expected ")


def test_other_phases_can_be_configured():
    raw = {
        "phases": [
            {"name": "plan", "hard": False, "kind": "plan"},
            {"name": "bestemmingsplan", "hard": True, "kind": "plan"},
            {"name": "bouw", "hard": False, "kind": "construction"},
            {"name": "klaar", "kind": "delivered"},
        ]
    }
    s = parse_settings(raw)
    assert s.delivered_phase == "klaar"
    # a construction phase not flagged hard counts as soft capacity
    cap = capacity([homes(soc=10, phase="bouw"), homes(mid=5, phase="bestemmingsplan")], s)
    assert cap == {"hard": 5, "soft": 10, "construction": 10, "delivered": 0, "dropped": 0}


def test_default_values_is_a_fresh_copy():
    one = default_values()
    one["phases"].clear()
    assert default_values()["phases"]


# -- the straight line and progress --------------------------------------------------------------
def test_straight_line_by_hand():
    # 8,000 homes over 2021..2030 = 10 years = 800 a year, cumulative at each year's end.
    assert needed_by(S, 2020) == 0
    assert needed_by(S, 2021) == 800
    assert needed_by(S, 2023) == 2400
    assert needed_by(S, 2029) == 7200
    assert needed_by(S, 2030) == 8000
    assert needed_by(S, 2035) == 8000


def test_progress_rows_by_hand():
    # Delivered: 2021: 500, 2022: 900, 2023: 1,000 (2020 is before the target period).
    # cumulative: 500, 1,400, 2,400; needed: 800, 1,600, 2,400; diff: -300, -200, 0.
    rows = progress_rows({2020: 70, 2021: 500, 2022: 900, 2023: 1000}, S, 2023)
    assert [r["year"] for r in rows] == list(range(2021, 2031))
    assert [r["cumulative"] for r in rows[:3]] == [500, 1400, 2400]
    assert [r["needed"] for r in rows[:3]] == [800, 1600, 2400]
    assert [r["diff"] for r in rows[:3]] == [-300, -200, 0]
    assert [r["future"] for r in rows] == [0, 0, 0, 1, 1, 1, 1, 1, 1, 1]
    # delivered in the period 2021..2030 = 2,400; gap = 8,000 - 2,400 = 5,600;
    # from 2024 to 2030 are 7 years: 5,600 / 7 = 800 a year.
    by_year = {2020: 70, 2021: 500, 2022: 900, 2023: 1000}
    assert delivered_in_period(by_year, S) == 2400
    assert gap(2400, S) == 5600
    assert per_year_needed(2400, S, 2024) == 800
    # ceiling: 5,601 over 7 years is 800.14 -> 801
    assert per_year_needed(2399, S, 2024) == 801
    assert per_year_needed(2400, S, 2031) is None
    assert gap(9000, S) == 0


# -- shares --------------------------------------------------------------------------------------
def test_shares_by_hand():
    # 300 sociale huur + 200 middenhuur + 150 vrije sector + 100 betaalbare koop + 250 dure koop
    # = 1,000 homes. Affordable = 300 + 200 + 100 = 600 -> 60 % < 66.7 %: not met.
    # Sociale huur = 300 -> 30 % >= 30 %: met.
    sh = shares(
        {
            "sociale_huur": 300,
            "middenhuur": 200,
            "vrije_sector_huur": 150,
            "betaalbare_koop": 100,
            "dure_koop": 250,
        },
        S,
    )
    assert (sh.total, sh.affordable, sh.social) == (1000, 600, 300)
    assert sh.affordable_share == pytest.approx(0.6)
    assert sh.social_share == pytest.approx(0.3)
    assert sh.affordable_met is False
    assert sh.social_met is True


def test_two_thirds_meets_the_configured_two_thirds():
    # 100 sociale huur of 150 homes = 66.67 %; the configured 0.6667 is two-thirds written to
    # four decimals, so the share counts as met (compared at 0.1 percentage point).
    sh = shares({"sociale_huur": 100, "dure_koop": 50}, S)
    assert sh.affordable_met is True
    # 99 of 150 = 66.0 %: not met
    assert shares({"sociale_huur": 99, "dure_koop": 51}, S).affordable_met is False
    # 29 of 100 sociale huur = 29 % < 30 %
    assert shares({"sociale_huur": 29, "dure_koop": 71}, S).social_met is False


def test_shares_of_nothing_are_unknown_not_failed():
    sh = shares({}, S)
    assert sh.total == 0
    assert sh.affordable_share is None and sh.affordable_met is None


# -- capacity ------------------------------------------------------------------------------------
def test_capacity_by_hand():
    projects = [
        homes(soc=100, phase="idee/visie"),  # soft
        homes(mid=50, dkoop=30, phase="in voorbereiding"),  # soft: 80
        homes(soc=40, phase="vastgesteld"),  # hard
        homes(bkoop=60, phase="vergund"),  # hard
        homes(soc=70, mid=30, phase="in aanbouw"),  # hard and construction: 100
        homes(soc=500, phase="opgeleverd"),  # delivered
        homes(dkoop=80, phase="vervallen"),  # dropped
    ]
    # hard = 40 + 60 + 100 = 200; soft = 100 + 80 = 180
    assert capacity(projects, S) == {
        "hard": 200,
        "soft": 180,
        "construction": 100,
        "delivered": 500,
        "dropped": 80,
    }


# -- project rules -------------------------------------------------------------------------------
def test_project_problems():
    assert project_problems(homes(soc=10, start_year=2026, delivery_year=2028), S, 2027) == {}
    problems = project_problems(homes(start_year=2029, delivery_year=2028), S, 2027)
    assert set(problems) == {"homes_sociale_huur", "delivery_year"}
    assert problems["delivery_year"][0] == "wb_delivery_before_start"
    delivered = homes(soc=10, phase="opgeleverd", delivery_year=2028)
    assert project_problems(delivered, S, 2027)["delivery_year"][0] == "wb_delivered_future"
    no_year = homes(soc=10, phase="opgeleverd")
    assert project_problems(no_year, S, 2027)["delivery_year"][0] == "wb_delivered_needs_year"


# -- dates and signals ---------------------------------------------------------------------------
def test_months():
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 1, 4), -9) == dt.date(2026, 4, 4)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)
    assert months_between(dt.date(2026, 4, 4), dt.date(2027, 1, 4)) == 9
    assert months_between(dt.date(2026, 4, 5), dt.date(2027, 1, 4)) == 8


TODAY = dt.date(2027, 1, 4)


def test_stalled_after_nine_months_in_a_plan_phase():
    # 2026-04-04 is exactly 9 months before 2027-01-04: stalled; a day later is not.
    stalled = homes(soc=1, phase="vastgesteld", phase_since="2026-04-04")
    fresh = homes(soc=1, phase="vastgesteld", phase_since="2026-04-05")
    found = signals(stalled, [], [], S, TODAY)
    assert [s.kind for s in found] == ["stalled"]
    assert "2026-04-04 (9 maanden in fase 'vastgesteld')" in found[0].text_nl
    assert signals(fresh, [], [], S, TODAY) == []
    assert has_signal(stalled, S, TODAY) and not has_signal(fresh, S, TODAY)


def test_construction_is_stalled_only_after_its_own_limit():
    building = homes(soc=1, phase="in aanbouw", phase_since="2025-06-01")  # 19 months
    assert signals(building, [], [], S, TODAY) == []
    long = homes(soc=1, phase="in aanbouw", phase_since="2024-12-01")  # 25 months > 24
    assert [s.kind for s in signals(long, [], [], S, TODAY)] == ["stalled"]


def test_delivered_and_dropped_projects_give_no_signals():
    old = {"phase_since": "2020-01-01", "overdue_knelpunten": 1}
    for phase in ("opgeleverd", "vervallen"):
        assert signals(homes(soc=1, phase=phase, **old), [], [], S, TODAY) == []
        assert not has_signal(homes(soc=1, phase=phase, **old), S, TODAY)


def test_slipped_delivery_within_the_window():
    project = homes(soc=1, phase="vergund", phase_since="2026-10-01")
    history = [
        {"changed_on": "2025-03-01", "delivery_year_from": None, "delivery_year_to": 2027},
        {"changed_on": "2026-08-01", "delivery_year_from": 2027, "delivery_year_to": 2028},
        {"changed_on": "2026-11-01", "delivery_year_from": 2028, "delivery_year_to": 2029},
    ]
    found = signals(project, history, [], S, TODAY)
    assert [s.kind for s in found] == ["slipped"]
    assert found[0].text_nl == "oplevering verschoven van 2027 naar 2029 (vastgelegd 2026-11-01)"
    # a slip recorded more than slip_months (12) ago is old news
    old = [{"changed_on": "2025-12-01", "delivery_year_from": 2026, "delivery_year_to": 2027}]
    assert signals(project, old, [], S, TODAY) == []
    # an earlier delivery year is no slip
    earlier = [{"changed_on": "2026-12-01", "delivery_year_from": 2029, "delivery_year_to": 2028}]
    assert signals(project, earlier, [], S, TODAY) == []


def test_overdue_open_knelpunt():
    project = homes(soc=1, phase="vergund", phase_since="2026-10-01")
    knelpunten = [
        {
            "title": "Netcongestie",
            "owner_name": "Gemeente Leiden",
            "due": "2027-01-03",
            "status": "open",
        },
        {"title": "Vandaag", "due": "2027-01-04", "status": "open"},
        {"title": "Opgelost", "due": "2026-01-01", "status": "opgelost"},
    ]
    found = signals(project, [], knelpunten, S, TODAY)
    assert [s.text_nl for s in found] == [
        "knelpunt 'Netcongestie' (eigenaar Gemeente Leiden) over de datum sinds 2027-01-03"
    ]


def test_formatting():
    assert fmt_int(8000) == "8.000" and fmt_int(8000, "en") == "8,000"
    assert fmt_int(None) == "–"
    assert fmt_pct(0.6667) == "66,7 %" and fmt_pct(0.3, "en") == "30.0%"
    assert fmt_eur(932.93) == "€ 932,93" and fmt_eur(420000) == "€ 420.000"
    assert fmt_eur(1228.07, "en") == "€1,228.07"
