"""The hooks as the host calls them: indicator, agenda suggestions, cards, settings, demo,
migrations, the entry point, and the plugin switched off."""

from __future__ import annotations

import importlib.metadata
import io

import pytest
from stadstafel.testing import (
    build_demo,
    check_migrations,
    open_workspace,
    plugin_host,
)
from stadstafel.testing import make_config as kit_config
from woningbouw_testkit import TABLE, make_config, open_ws

from stadstafel_woningbouw import plugin
from stadstafel_woningbouw.importer import export_csv
from stadstafel_woningbouw.migrations import migrations
from stadstafel_woningbouw.service import register_for

INDICATOR = "woningbouw:homes_delivered"


def project(reg, name, phase, homes, *, since="2026-06-01", delivery=None, orgs=()):
    return reg.create(
        name=name,
        phase=phase,
        homes_sociale_huur=homes,
        phase_since=since,
        delivery_year=delivery,
        organisation_ids=list(orgs),
    )


def deliver(reg, p, on):
    return reg.change_phase(p.id, p.version, "opgeleverd", on=on)


@pytest.fixture
def filled(ws, reg, partners):
    """Delivered: 2021: 300, 2023: 500, 2026: 200, 2027: 40. In the pipeline: hard 600
    (vergund 250 + in aanbouw 350), soft 120. One stalled, one with an overdue knelpunt."""
    for name, homes, on in [
        ("A", 300, "2021-06-01"),
        ("B", 500, "2023-03-01"),
        ("C", 200, "2026-10-01"),
        ("D", 40, "2027-01-02"),
    ]:
        p = project(reg, name, "in aanbouw", homes, since="2020-01-01", orgs=[partners.portaal.id])
        deliver(reg, p, on)
    project(reg, "Vergund", "vergund", 250, since="2026-02-01")  # 11 months: stalled
    bouw = project(reg, "Bouw", "in aanbouw", 350, since="2026-09-01", delivery=2028)
    reg.add_knelpunt(
        bouw.id, title="Netcongestie", owner_org_id=partners.gemeente.id, due="2026-12-01"
    )
    project(reg, "Idee", "idee/visie", 120, since="2026-12-01")
    return partners


def test_entry_point_is_declared():
    points = importlib.metadata.entry_points(group="stadstafel")
    ours = [ep for ep in points if ep.name == "woningbouw"]
    assert [ep.value for ep in ours] == ["stadstafel_woningbouw.plugin"]
    assert ours[0].load() is plugin


def test_migrations_follow_the_host_rules():
    assert check_migrations(migrations, "woningbouw") == []


def test_goal_indicator_measures_delivered_homes(ws, reg, filled):
    goal = ws.goals.create(
        table_id=filled.table.id,
        description="8.000 woningen in 2030",
        target_value=8000,
        unit="woningen",
        deadline="2030-12-31",
        indicator=INDICATOR,
    )
    progress = ws.goals.progress(ws.goals.get(goal.id))
    # 300 + 500 + 200 + 40 = 1,040 delivered in 2021..2027
    assert progress["value"] == 1040
    assert progress["source"] == INDICATOR
    assert progress["ratio"] == pytest.approx(1040 / 8000)
    assert progress["detail"].startswith("1.040 woningen opgeleverd 2021–2027")
    assert "vraagt eind 2027 5.600" in progress["detail"]


def test_the_indicator_is_offered_in_the_goal_form(ws):
    assert INDICATOR in ws.vocabulary("goal_indicators")


def test_goal_indicator_stops_at_the_goal_deadline(ws, reg, filled):
    goal = ws.goals.create(
        table_id=filled.table.id,
        description="tot 2025",
        target_value=1000,
        deadline="2025-12-31",
        indicator=INDICATOR,
    )
    assert ws.goals.progress(ws.goals.get(goal.id))["value"] == 800  # 2021 + 2023


def test_other_indicators_are_not_ours(ws, filled):
    goal = ws.goals.create(
        table_id=filled.table.id, description="handmatig", indicator="manual", current_value=7
    )
    assert plugin.goal_indicators(ws, ws.goals.get(goal.id)) is None
    other = ws.goals.create(
        table_id=filled.table.id, description="ander", indicator="sociaal:iets", current_value=3
    )
    assert plugin.goal_indicators(ws, ws.goals.get(other.id)) is None
    assert ws.goals.progress(ws.goals.get(other.id))["value"] == 3


def test_agenda_suggestions_for_the_woningbouw_table_only(ws, reg, filled):
    table = ws.tables.get(filled.table.id)
    suggestions = ws.plugin_agenda_suggestions(table, None)
    by_title = {s["title"]: s for s in suggestions}
    vergund = reg.by_name("Vergund")
    bouw = reg.by_name("Bouw")
    assert set(by_title) == {
        "Woningbouw: Vergund (stilgevallen)",
        "Woningbouw: Bouw (knelpunt over de datum)",
    }
    stalled = by_title["Woningbouw: Vergund (stilgevallen)"]
    assert stalled["key"] == f"woningbouw:project:{vergund.id}"
    assert (
        "geen fasewijziging sinds 2026-02-01 (11 maanden in fase 'vergund')"
        in (stalled["description"])
    )
    assert stalled["detail"].startswith("woningbouw: geen fasewijziging")
    blocked = by_title["Woningbouw: Bouw (knelpunt over de datum)"]
    assert blocked["key"] == f"woningbouw:project:{bouw.id}"
    assert (
        "knelpunt 'Netcongestie' (eigenaar Gemeente Leiden) over de datum sinds 2026-12-01"
        in (blocked["description"])
    )
    other = ws.tables.create(name="Leiden Kennisstad", kind="samenwerkingstafel")
    assert ws.plugin_agenda_suggestions(other, None) == []


def test_slipped_project_is_suggested(ws, reg, filled):
    idee = reg.by_name("Idee")
    reg.update(idee.id, idee.version, delivery_year=2031)
    reg.update(idee.id, idee.version + 1, delivery_year=2032)
    titles = [
        s["title"] for s in ws.plugin_agenda_suggestions(ws.tables.get(filled.table.id), None)
    ]
    assert "Woningbouw: Idee (oplevering verschoven)" in titles


def test_suggestions_reach_the_carry_forward_of_a_meeting(ws, filled):
    meetings = ws.meetings.create_series(filled.table.id, "2027-01-14 14:00", "weeks:6", 2)
    draft = ws.carry_forward.suggestions(meetings[0].id)
    keys = [s["key"] for s in draft["suggestions"]]
    assert sum(k.startswith("woningbouw:project:") for k in keys) == 2
    sug = next(s for s in draft["suggestions"] if s["key"].startswith("woningbouw:"))
    item = ws.carry_forward.accept(meetings[1].id, sug)
    assert item.origin == "plugin"
    again = ws.carry_forward.suggestions(meetings[0].id)["suggestions"]
    assert sug["key"] not in [s["key"] for s in again]  # accepted: not proposed twice


def test_dashboard_cards(ws, filled):
    cards = {c["title"]: c for c in ws.plugin_dashboard_cards()}
    assert cards["Opgeleverd 2027"]["value"] == "40"
    assert cards["In aanbouw"]["value"] == "350"
    assert cards["In aanbouw"]["detail"] == "woningen in 1 projecten"
    assert cards["Harde plancapaciteit"]["value"] == "600"
    assert cards["Harde plancapaciteit"]["detail"] == "woningen; zacht 120"
    # 8,000 - 1,040 delivered = 6,960
    assert cards["Tekort op doel"]["value"] == "6.960"
    assert "bron: seed 002 (ruim 8.000 voor 2030)" in cards["Tekort op doel"]["detail"]
    assert all(c["plugin"] == "woningbouw" for c in cards.values())


def test_progress_figures(reg, filled):
    p = reg.progress()
    assert p["delivered"] == 1040
    assert [(r["year"], r["delivered"], r["cumulative"]) for r in p["years"][:3]] == [
        (2021, 300, 300),
        (2022, 0, 300),
        (2023, 500, 800),
    ]
    assert p["capacity"]["hard"] == 600 and p["capacity"]["soft"] == 120
    # remaining 6,960; plan capacity 720 -> 10.3 %
    assert p["capacity_ratio"] == pytest.approx(720 / 6960)
    vergund = next(r for r in p["pipeline"] if r["phase"] == "vergund")
    assert (vergund["projects"], vergund["total"], vergund["hard"]) == (1, 250, True)
    assert p["shares_pipeline"].social_share == 1.0
    assert p["limits"][0] == 2026


def test_settings_from_the_deployment_file_are_used(tmp_path, frozen):
    ws = open_ws(
        tmp_path / "s.db",
        settings={
            "target_homes": 8800,
            "stalled_months": 3,
            "target_source": "Programmabegroting 2024",
        },
    )
    try:
        s = register_for(ws).settings
        assert (s.target_homes, s.stalled_months, s.target_source) == (
            8800,
            3,
            "Programmabegroting 2024",
        )
        assert ws.plugins.settings("woningbouw")["target_homes"] == 8800
    finally:
        ws.close()


def test_a_wrong_type_in_the_settings_switches_the_plugin_off_with_its_key(tmp_path):
    config = make_config(tmp_path / "b.db", {"target_homes": "veel"})
    host = plugin_host({"woningbouw": plugin}, config)
    assert not host.is_enabled("woningbouw")
    assert any("plugins.woningbouw.target_homes" in p for p in host.problems())


def test_a_bad_phase_list_is_reported_at_start(tmp_path, frozen):
    config = make_config(tmp_path / "c.db", {"phases": [{"name": "plan", "kind": "plan"}]})
    host = plugin_host({"woningbouw": plugin}, config)
    ws = open_workspace(config, host)
    try:
        assert not host.is_enabled("woningbouw")
        assert any(
            'plugins.woningbouw.phases: expected exactly one phase with kind = "delivered"' in p
            for p in host.problems()
        )
        assert [e for e in host.screens() if e.plugin == "woningbouw"] == []
    finally:
        ws.close()


def test_config_schema_lists_every_key_with_a_default():
    schema = plugin.config_schema()
    assert schema["target_homes"] == {
        "type": int,
        "default": 8000,
        "description": "Homes to deliver by the end of target_year.",
    }
    assert schema["phases"]["default"][6] == {
        "name": "opgeleverd",
        "hard": False,
        "kind": "delivered",
    }
    assert set(schema) == set(plugin._TYPES)


def test_screens_and_commands_are_registered(ws):
    host = ws.plugins
    screens = [(s.id, s.title, s.key, s.plugin) for s in host.screens()]
    assert ("woningbouw", "Woningbouw", "w", "woningbouw") in screens
    titles = [c.title for c in host.commands() if c.plugin == "woningbouw"]
    assert titles == [
        "Woningbouw: voortgang",
        "Woningbouw: stilgevallen projecten",
        "Woningbouw: importeer CSV",
    ]
    assert "woningbouw" in host.topics()
    assert [e.name for e in host.exporters() if e.plugin == "woningbouw"] == ["woningbouw-csv"]


def test_the_commands_speak_the_sessions_language(tmp_path, frozen):
    """An English session's palette offers the module's commands in English (they were
    Dutch in both languages), and in Dutch after the language is switched in the app."""
    from stadstafel.testing import set_language
    from woningbouw_testkit import make_host

    def commands() -> list:
        return [c for c in workspace.plugins.commands() if c.plugin == "woningbouw"]

    config = kit_config(tmp_path / "en.db", language="en")
    workspace = open_workspace(config, make_host(config))
    try:
        assert [c.title for c in commands()] == [
            "Housing: progress",
            "Housing: stalled projects",
            "Housing: import CSV",
        ]
        assert all(c.help.startswith(("Delivered", "Projects without", "Read")) for c in commands())
        set_language("nl")  # as the app's switch does
        assert commands()[0].title == "Woningbouw: voortgang"
        assert commands()[0].help.startswith("Opgeleverd per jaar")
    finally:
        workspace.close()
        set_language("nl")


# -- the demo ------------------------------------------------------------------------------------
def build_demo_ws(path):
    ws = open_ws(path)
    build_demo(ws)
    return ws


def test_demo_data(tmp_path, frozen):
    ws = build_demo_ws(tmp_path / "demo.db")
    try:
        reg = register_for(ws)
        rows = reg.all()
        assert 25 <= len(rows) <= 40
        assert {r.phase for r in rows} == set(reg.settings.phase_names)  # every phase
        from stadstafel_woningbouw.model import HOME_COLUMNS

        assert all(sum(r[c] for r in rows) > 0 for c in HOME_COLUMNS)  # every segment
        # initiators are the core demo's organisations, of every initiator kind
        kinds = {ws.organisations.get(i).kind for r in rows for i in r.organisation_ids}
        assert kinds == {"woningcorporatie", "ontwikkelaar", "belegger", "gemeente"}
        names = {ws.organisations.get(i).name for r in rows for i in r.organisation_ids}
        assert {"Portaal", "Ons Doel", "De Sleutels"} <= names
        assert not [o for o in ws.organisations.all() if "demo)" in (o.name or "")]
        # histories, knelpunten and signals
        assert all(len(reg.history_of(r.id)) >= 1 for r in rows)
        assert sum(len(reg.knelpunten_of(r.id)) for r in rows) >= 5
        kinds = {s.kind for _, sigs in reg.signals() for s in sigs}
        assert kinds == {"stalled", "slipped", "knelpunt_overdue"}
        # the core demo already has a goal with this indicator: no second one
        table = ws.tables.by_name(TABLE)
        goals = [g for g in ws.goals.of_table(table.id) if g.indicator == INDICATOR]
        assert len(goals) == 1
        assert ws.goals.progress(goals[0])["source"] == INDICATOR
    finally:
        ws.close()


def test_demo_is_deterministic(tmp_path, frozen):
    exports = []
    for name in ("one.db", "two.db"):
        ws = build_demo_ws(tmp_path / name)
        out = io.StringIO()
        export_csv(register_for(ws), out)
        exports.append(out.getvalue())
        ws.close()
    assert exports[0] == exports[1]


def test_demo_adds_the_goal_when_missing_and_creates_organisations_only_if_absent(ws, frozen):
    table = ws.tables.create(name=TABLE, kind="samenwerkingstafel")
    ws.plugins.call("demo_data", workspace=ws)
    goals = ws.goals.of_table(table.id)
    assert [(g.description, g.target_value, g.deadline, g.indicator) for g in goals] == [
        ("8.000 woningen in 2030 (seed 002 (ruim 8.000 voor 2030))", 8000, "2030-12-31", INDICATOR)
    ]
    kinds = sorted({o.kind for o in ws.organisations.all()})
    assert kinds == ["belegger", "gemeente", "ontwikkelaar", "woningcorporatie"]
    count = register_for(ws).list().total
    ws.plugins.call("demo_data", workspace=ws)  # a second call adds nothing
    assert register_for(ws).list().total == count


# -- switched off --------------------------------------------------------------------------------
def _config(path, disabled=False):
    return kit_config(path, disabled=["woningbouw"] if disabled else ())


@pytest.mark.parametrize(
    ("env", "disabled"),
    [({"STADSTAFEL_LOAD_PLUGINS": ""}, False), ({}, True)],
    ids=["STADSTAFEL_LOAD_PLUGINS empty", "plugins.disabled"],
)
def test_switched_off_leaves_core_alone_and_keeps_the_data(tmp_path, frozen, env, disabled):
    path = tmp_path / "off.db"
    # 1. with the plugin (found through its entry point): a project and a measured goal
    on = open_workspace(_config(path), _host(_config(path), {}))
    assert on.plugins.is_enabled("woningbouw")
    portaal = on.organisations.create(name="Portaal", kind="woningcorporatie")
    table = on.tables.create(name=TABLE, kind="samenwerkingstafel")
    p = register_for(on).create(
        name="Hofblok",
        phase="in aanbouw",
        homes_sociale_huur=80,
        organisation_ids=[portaal.id],
        phase_since="2025-01-01",
    )
    register_for(on).change_phase(p.id, p.version, "opgeleverd", on="2026-05-01")
    goal = on.goals.create(
        table_id=table.id,
        description="8.000",
        target_value=8000,
        indicator=INDICATOR,
        current_value=12,
    )
    assert on.goals.progress(goal)["value"] == 80
    on.close()

    # 2. switched off
    config = _config(path, disabled)
    host = _host(config, env)
    off = open_workspace(config, host)
    try:
        assert not host.is_enabled("woningbouw")
        assert [s for s in host.screens() if s.plugin == "woningbouw"] == []
        assert [c for c in host.commands() if c.plugin == "woningbouw"] == []
        # Other installed modules (omgevingswet, ...) may still show cards of their own.
        assert [c for c in off.plugin_dashboard_cards() if c["plugin"] == "woningbouw"] == []
        assert off.plugin_agenda_suggestions(off.tables.get(table.id), None) == []
        progress = off.goals.progress(off.goals.get(goal.id))
        assert (progress["value"], progress["source"]) == (12, "manual")
        # the core works as before
        off.organisations.create(name="Ons Doel", kind="woningcorporatie")
        assert off.store.integrity_check() == "ok"
        # and the register's data is still there, untouched
        names = [r["name"] for r in off.store.query("SELECT name FROM woningbouw_projects")]
        assert names == ["Hofblok"]
        assert off.store.scalar("SELECT count(*) FROM woningbouw_history") == 2
    finally:
        off.close()

    # 3. on again: everything is back
    again = open_workspace(_config(path), _host(_config(path), {}))
    try:
        assert register_for(again).list().total == 1
        assert again.goals.progress(again.goals.get(goal.id))["value"] == 80
    finally:
        again.close()


def _host(config, env):
    return plugin_host(config=config, entry_points=True, env=env)
