"""A core goal measured from an indicator series (the kit's goal-indicator hook)."""

from __future__ import annotations

from stadstafel_sociaal_domein.importer import import_text

NAME = "sociaal-domein"
CSV = (
    "RegioS;Perioden;Jeugdbescherming;Status\n"
    "GM0546;2023JJ00;1,2;Definitief\nGM0546;2024JJ00;1,1;Voorlopig\n"
    "GM0547;2024JJ00;0,8;Definitief\n"
)


def _series(ws, net):
    ind = ws.service(f"{NAME}.indicators").create(
        table_id=net["table"].id, name="Jongeren met jeugdbescherming", unit="%",
        law="Jeugdwet", period_type="jaar", bbv_number="30", source="CBS StatLine 82972NED",
    )  # fmt: skip
    import_text(ws, ind.id, CSV)
    return ind


def test_a_goal_is_measured_from_the_series(ws, net):
    _series(ws, net)
    goal = ws.goals.create(
        table_id=net["table"].id, description="Minder jeugdbescherming", target_value=0.9,
        unit="%", indicator=f"{NAME}:bbv30", current_value=5.0,
    )  # fmt: skip
    progress = ws.goals.progress(goal)
    assert progress["value"] == 1.1  # Leiden's latest figure, not the manual 5.0
    assert progress["source"] == f"{NAME}:bbv30"
    assert progress["detail"] == (
        "Jongeren met jeugdbescherming, Gemeente Leiden, 2024 (voorlopig; CBS StatLine 82972NED)"
    )


def test_another_city_by_region_code_and_an_indicator_by_id(ws, net):
    ind = _series(ws, net)
    goal = ws.goals.create(table_id=net["table"].id, description="x",
                           indicator=f"{NAME}:indicator:{ind.id}@GM0547")  # fmt: skip
    assert ws.goals.progress(goal)["value"] == 0.8


def test_unmeasured_goals_fall_back_to_the_manual_value(ws, net):
    _series(ws, net)
    goal = ws.goals.create(table_id=net["table"].id, description="x",
                           indicator=f"{NAME}:bbv99", current_value=3.0)  # fmt: skip
    assert ws.goals.progress(goal)["value"] == 3.0
    assert f"{NAME}:bbv30" in ws.vocabulary("goal_indicators")  # the goal form offers it
