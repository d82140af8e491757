"""Net and gross: homes withdrawn per reason and segment, progress and shares on the target's
basis with the other beside it, the whole programme, plan capacity per year.

Every figure below is worked out by hand in the comments. Today is 2027-01-04 (the testkit's
frozen clock), so 2021–2026 are past years and 2027–2030 are left.
"""

from __future__ import annotations

import pytest
from stadstafel import ValidationError
from woningbouw_testkit import open_ws

from stadstafel_woningbouw.model import capacity_per_year, parse_settings
from stadstafel_woningbouw.service import register_for

LEIDEN = {
    "target_homes": 8800,
    "target_basis": "net",
    "target_source": "Programmabegroting 2024 Leiden: 8.800 netto 2021–2030",
    "target_other_homes": 10469,
    "target_other_source": "Terpstra maart 2024: ~10.469 bruto",
}


@pytest.fixture
def leiden(tmp_path, frozen):
    ws = open_ws(tmp_path / "net.db", settings=LEIDEN)
    reg = register_for(ws)
    # A, delivered 2022: 300 soc + 100 mid + 100 dkoop = 500 gross; sloop 120 soc -> net 380
    reg.create(name="A", phase="opgeleverd", delivery_year=2022, phase_since="2022-06-01",
               homes_sociale_huur=300, homes_middenhuur=100, homes_dure_koop=100,
               out_sloop_sociale_huur=120)  # fmt: skip
    # B, delivered 2024: 200 mid + 200 bkoop + 200 dkoop = 600 gross; samenvoeging 20 dkoop
    # -> net 580
    reg.create(name="B", phase="opgeleverd", delivery_year=2024, phase_since="2024-03-01",
               homes_middenhuur=200, homes_betaalbare_koop=200, homes_dure_koop=200,
               out_samenvoeging_dure_koop=20)  # fmt: skip
    # C, in aanbouw (hard), delivery 2027: 400 soc + 200 mid = 600 gross; sloop 200 soc
    # -> net 400
    reg.create(name="C", phase="in aanbouw", delivery_year=2027, phase_since="2026-01-01",
               homes_sociale_huur=400, homes_middenhuur=200,
               out_sloop_sociale_huur=200)  # fmt: skip
    # D, in voorbereiding (soft), delivery 2029: 400 dkoop gross = net
    reg.create(name="D", phase="in voorbereiding", delivery_year=2029, phase_since="2026-05-01",
               homes_dure_koop=400)  # fmt: skip
    yield reg
    ws.close()


def test_progress_is_net_with_gross_beside_it(leiden):
    p = leiden.progress()
    assert p["basis"] == "net" and p["other_basis"] == "gross"
    # net delivered 2021–2026: 380 + 580 = 960; gross 500 + 600 = 1,100
    assert p["delivered"] == 960 and p["delivered_other"] == 1100
    # straight line: 8,800 / 10 years = 880 a year; by the end of 2027: 7 × 880 = 6,160
    assert p["needed_now"] == 6160
    # the gross target 10,469: 10,469 × 7/10 = 7,328.3 -> 7,328
    assert p["needed_now_other"] == 7328
    # gap: 8,800 − 960 = 7,840 net; 10,469 − 1,100 = 9,369 gross
    assert p["gap"] == 7840 and p["gap_other"] == 9369
    # per remaining year (2027–2030, 4 years): 7,840 / 4 = 1,960
    assert p["per_year_needed"] == 1960
    y2022 = next(r for r in p["years"] if r["year"] == 2022)
    # 2022: net 380 (gross 500); cumulative needed 2 × 880 = 1,760 net, 2,093.8 -> 2,094 gross
    assert (y2022["delivered"], y2022["net"], y2022["gross"]) == (380, 380, 500)
    assert (y2022["needed"], y2022["other_needed"]) == (1760, 2094)
    y2024 = next(r for r in p["years"] if r["year"] == 2024)
    # cumulative 2024: net 380 + 580 = 960, gross 500 + 600 = 1,100
    assert (y2024["cumulative"], y2024["other_cumulative"]) == (960, 1100)


def test_pipeline_shares_on_the_net_basis_with_gross_beside(leiden):
    p = leiden.progress()
    net, gross = p["shares_pipeline"], p["shares_pipeline_other"]
    # pipeline = C + D. Net: soc 400 − 200 = 200, mid 200, dkoop 400 -> 800;
    # betaalbaar 200 + 200 = 400 / 800 = 50 %; sociale huur 200 / 800 = 25 %
    assert (net.total, net.affordable, net.social) == (800, 400, 200)
    assert net.affordable_share == pytest.approx(0.5) and net.social_share == pytest.approx(0.25)
    assert net.affordable_met is False and net.social_met is False  # 2/3 and 30 %
    # Gross: soc 400, mid 200, dkoop 400 -> 1,000; betaalbaar 600 = 60 %; soc 400 = 40 %
    assert (gross.total, gross.affordable, gross.social) == (1000, 600, 400)
    assert gross.social_met is True


def test_the_whole_programme_delivered_plus_pipeline(leiden):
    p = leiden.progress()
    # Net, delivered since 2021: A soc 180, mid 100, dkoop 100; B mid 200, bkoop 200,
    # dkoop 180 -> soc 180, mid 300, bkoop 200, dkoop 280 (= 960).
    assert p["programme_delivered"] == {"sociale_huur": 180, "middenhuur": 300,
        "vrije_sector_huur": 0, "betaalbare_koop": 200, "dure_koop": 280}  # fmt: skip
    # + pipeline net soc 200, mid 200, dkoop 400 -> soc 380, mid 500, bkoop 200, dkoop 680
    net = p["shares_programme"]
    assert p["programme"]["sociale_huur"] == 380 and net.total == 1760
    # betaalbaar 380 + 500 + 200 = 1,080 / 1,760 = 61.36 %; sociale huur 380 / 1,760 = 21.6 %
    assert net.affordable == 1080 and net.affordable_share == pytest.approx(1080 / 1760)
    assert net.affordable_met is False
    # Gross: soc 300 + 400 = 700, mid 100 + 200 + 200 = 500, bkoop 200, dkoop 100 + 200 + 400
    # = 700 -> 2,100; betaalbaar 1,400 / 2,100 = 66.7 % (meets two-thirds); soc 33.3 %
    gross = p["shares_programme_other"]
    assert (gross.total, gross.affordable, gross.social) == (2100, 1400, 700)
    assert gross.affordable_met is True and gross.social_met is True


def test_plan_capacity_per_year_on_the_net_remaining_task(leiden):
    cap = leiden.progress()["capacity_years"]
    # net remaining 7,840 over 2027–2030 = 1,960 a year; × 1.3 = 2,548 wanted a year
    assert cap["basis"] == "net" and cap["remaining"] == 7840
    rows = {r["year"]: r for r in cap["rows"]}
    assert [r["task"] for r in cap["rows"]] == [1960] * 4
    assert rows[2027]["norm"] == 2548
    # C (hard, net 400) delivers in 2027; D (soft, net 400) in 2029
    assert (rows[2027]["hard"], rows[2027]["soft"]) == (400, 0)
    assert (rows[2029]["hard"], rows[2029]["soft"]) == (0, 400)
    # cumulative to 2029: task 3 × 1,960 = 5,880, wanted 5,880 × 1.3 = 7,644, capacity 800
    assert (rows[2029]["cum_task"], rows[2029]["cum_norm"], rows[2029]["cum_capacity"]) == (
        5880, 7644, 800)  # fmt: skip
    assert rows[2029]["cum_met"] is False


def test_capacity_per_year_rounding_overdue_and_later():
    s = parse_settings({"target_start_year": 2021, "target_year": 2029})
    projects = [
        {"phase": "vergund", "delivery_year": 2025, "homes_dure_koop": 50},  # overdue -> 2027
        {"phase": "idee/visie", "delivery_year": None, "homes_dure_koop": 70},  # later, soft
        {"phase": "vastgesteld", "delivery_year": 2031, "homes_dure_koop": 30},  # later, hard
        {"phase": "opgeleverd", "delivery_year": 2026, "homes_dure_koop": 999},  # not counted
    ]
    out = capacity_per_year(projects, 1000, s, 2027)
    # 1,000 over 2027–2029: round(333.3) = 333, round(666.7) − 333 = 334, 1,000 − 667 = 333
    assert [r["task"] for r in out["rows"]] == [333, 334, 333]
    assert out["rows"][0]["hard"] == 50
    assert out["later"] == {"hard": 30, "soft": 70}


def test_gross_target_without_a_net_figure_shows_no_other_line(reg):
    reg.create(name="X", phase="opgeleverd", delivery_year=2023, phase_since="2023-01-01",
               homes_dure_koop=100, out_sloop_dure_koop=40)  # fmt: skip
    p = reg.progress()
    assert p["basis"] == "gross" and p["delivered"] == 100 and p["delivered_other"] == 60
    assert p["gap_other"] is None and p["years"][2]["other_needed"] is None
    # with no net target the capacity per year falls back to the gross remaining task
    assert p["capacity_years"]["basis"] == "gross"


def test_a_pure_demolition_project_is_allowed_an_empty_one_is_not(reg):
    p = reg.create(name="Sloop flat", phase="vergund", out_sloop_sociale_huur=40)
    assert p.out_sloop_sociale_huur == 40
    with pytest.raises(ValidationError):
        reg.create(name="Leeg", phase="vergund")


def test_target_basis_is_checked():
    with pytest.raises(ValueError, match="target_basis"):
        parse_settings({"target_basis": "bruto"})
    with pytest.raises(ValueError, match="target_other_homes"):
        parse_settings({"target_other_homes": -1})


def test_dashboard_cards_say_the_basis(leiden):
    from stadstafel_woningbouw.plugin import dashboard_cards

    cards = {c["title"]: c for c in dashboard_cards(leiden.ws)}
    # gap 8,800 − 960 = 7,840 net
    assert cards["Tekort op doel"]["value"] == "7.840"
    assert cards["Tekort op doel"]["detail"].startswith("nog op te leveren (netto) voor 8.800")


def test_screens_show_net_figures_for_a_net_target(leiden):
    from stadstafel.testing import app_for
    from stadstafel.ui import PagedRecordTable
    from textual.widgets import Static
    from woningbouw_testkit import drive

    from stadstafel_woningbouw.screens import ProgressScreen, ProjectScreen

    @drive
    async def run():
        app = app_for(leiden.ws)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("w")
            await pilot.pause()
            table = app.screen.query_one("#projects", PagedRecordTable)
            # the list counts on the target's basis: C is 600 new − 200 demolished = 400 net
            header = [str(c.label) for c in table.columns.values()]
            assert "Netto" in header
            row = next(
                table.get_row_at(i) for i in range(table.row_count)
                if str(table.get_row_at(i)[0]) == "C"
            )  # fmt: skip
            assert str(row[header.index("Netto")]) == "400"
            app.push_screen(ProjectScreen(leiden.ws, leiden.by_name("C").id))
            await pilot.pause()
            summary = str(app.screen.query_one("#summary", Static).content)
            assert "Vervalt: sloop 200 · netto 400" in summary
            app.pop_screen()
            app.push_screen(ProgressScreen(leiden.ws))
            await pilot.pause()
            text = str(app.screen.query_one("#summary", Static).content)
            # 8,800 net; delivered 960 net (1,100 gross); gap 7,840 (gross 9,369); 1,960 a year
            assert text.startswith("Doel: 8.800 woningen netto in 2021–2030")
            assert "Opgeleverd 960 (bruto 1.100) · nodig eind 2027: 6.160" in text
            assert "tekort 7.840 (bruto 9.369) = 1.960 per jaar" in text

    run()
