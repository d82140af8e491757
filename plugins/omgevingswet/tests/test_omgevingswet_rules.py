"""The records and their rules: every flag from a hand-worked example, each with its source,
and the refusals (vaststelling without motivering; the motivering right)."""

from __future__ import annotations

import pytest
from omgevingswet_testkit import SERVICE, add_tables, open_plugin_ws
from stadstafel import ConflictError, PermissionDenied, ValidationError
from stadstafel.testing import check_migrations

from stadstafel_omgevingswet.schema import migrations


def test_migrations():
    assert check_migrations(migrations, "omgevingswet") == []


PARTS = {
    "kennisgeving": "omgevingswet.kennisgevingen",
    "plan": "omgevingswet.plans",
    "verslag": "omgevingswet.verslagen",
}


def codes(ws, table, *, activities=(), **values):
    """The flags of a trajectory made of ``values`` (its own fields, and ``kennisgeving``,
    ``plan``, ``verslag`` dicts and ``activities``, each written through its service)."""
    service = ws.service(SERVICE)
    parts = {k: values.pop(k) for k in list(values) if k in PARTS}
    values = {"title": "T", "instrument": "programma", **values}
    t = service.create(table_id=table.id, **values)
    for part, fields in parts.items():
        ws.service(PARTS[part]).save(t.id, **fields)
    for activity in activities:
        ws.service("omgevingswet.activities").create(trajectory_id=t.id, **activity)
    return {f["code"]: f for f in service.flags(t.id)}


def meeting(date="2026-04-01", invited=None, reached=()):
    return {"date": date, "invitation_date": invited, "groups_reached": list(reached)}


def test_a_trajectory_in_order_has_no_flags(ws, tables):
    gemeente, mine, _ = tables
    found = codes(
        ws,
        mine,
        instrument="omgevingsplan",
        initiatiefnemer_id=gemeente.id,
        verkenning_start="2026-03-01",
        ontwerp_published="2026-06-01",
        submitted="2026-05-10",
        kennisgeving={"date": "2026-02-20"},
        plan={"rung": "raadplegen", "groups_meant": ["omwonenden"]},
        activities=[meeting("2026-04-01", "2026-03-10", ["omwonenden"])],
        verslag={"shared": "2026-05-01"},
    )
    assert found == {}


def test_kennisgeving_after_the_start_of_the_verkenning(ws, tables):
    mine = tables[1]
    late = codes(ws, mine, instrument="omgevingsplan", verkenning_start="2026-03-01",
                 kennisgeving={"date": "2026-03-15"})  # fmt: skip
    assert "kennisgeving" in late and "Ow 5.47 lid 4" in late["kennisgeving"]["source"]
    assert "kennisgeving" in codes(ws, mine, instrument="projectbesluit",
                                   verkenning_start="2026-03-01")  # fmt: skip
    assert "kennisgeving" not in codes(ws, mine, instrument="omgevingsplan",
                                       verkenning_start="2026-03-01",
                                       kennisgeving={"date": "2026-03-01"})  # fmt: skip
    assert "kennisgeving" not in codes(ws, mine, instrument="programma",
                                       verkenning_start="2026-03-01")  # fmt: skip


def test_participation_started_after_the_draft_was_published(ws, tables):
    mine = tables[1]
    late = codes(ws, mine, ontwerp_published="2026-06-01", activities=[meeting("2026-06-10")])
    assert "laat" in late and "Ob art. 10" in late["laat"]["source"]
    assert "laat" in codes(ws, mine, ontwerp_published="2026-06-01")  # none at all
    # the earliest activity is the start
    assert "laat" not in codes(ws, mine, ontwerp_published="2026-06-01",
                               activities=[meeting("2026-06-10"), meeting("2026-05-01")])  # fmt: skip


def test_rung_below_the_configured_minimum(ws, tables):
    mine = tables[1]
    low = codes(ws, mine, plan={"rung": "informeren"})
    assert "trede" in low and "2023-05-16" in low["trede"]["source"]
    assert "informeren" in low["trede"]["text"]
    assert "trede" not in codes(ws, mine, plan={"rung": "raadplegen"})


def test_the_minimum_rung_comes_from_the_configuration(tmp_path, frozen):
    with open_plugin_ws(tmp_path, {"minimum_rung": "adviseren"}) as ws:
        mine = add_tables(ws)[1]
        assert "trede" in codes(ws, mine, plan={"rung": "raadplegen"})
        assert "trede" not in codes(ws, mine, plan={"rung": "adviseren"})


def test_groups_meant_but_not_reached(ws, tables):
    mine = tables[1]
    plan = {"groups_meant": ["omwonenden", "jongeren", "senioren"]}
    found = codes(ws, mine, plan=plan, activities=[meeting(reached=["omwonenden"]),
                  meeting("2026-05-01", reached=["senioren"])])  # fmt: skip
    assert "bereik" in found and found["bereik"]["text"].endswith(": jongeren")
    assert "bereik" not in codes(ws, mine, plan={"groups_meant": ["omwonenden"]},
                                 activities=[meeting(reached=["omwonenden"])])  # fmt: skip
    # before any activity was held nobody could be reached yet (today is 2026-12-01)
    assert "bereik" not in codes(ws, mine, plan=plan, activities=[meeting("2027-01-10")])


def test_invitation_closer_than_the_lead_time(ws, tables):
    mine = tables[1]
    close = codes(ws, mine, activities=[meeting("2026-05-10", "2026-05-01"),
                                        meeting("2026-06-30", "2026-06-01")])  # fmt: skip
    assert "uitnodiging" in close and "9 dagen" in close["uitnodiging"]["text"]
    assert "Noordwijk" in close["uitnodiging"]["source"]
    assert "uitnodiging" not in codes(ws, mine,
                                      activities=[meeting("2026-05-15", "2026-05-01")])  # fmt: skip


def test_the_lead_time_comes_from_the_configuration(tmp_path, frozen):
    with open_plugin_ws(tmp_path, {"invitation_lead_days": 7}) as ws:
        mine = add_tables(ws)[1]
        assert "uitnodiging" not in codes(ws, mine,
                                          activities=[meeting("2026-05-10", "2026-05-01")])  # fmt: skip
        assert "uitnodiging" in codes(ws, mine,
                                      activities=[meeting("2026-05-10", "2026-05-05")])  # fmt: skip


def test_verslag_not_shared_before_submission(ws, tables):
    mine = tables[1]
    assert "verslag" in codes(ws, mine, submitted="2026-04-15")
    assert "verslag" in codes(ws, mine, submitted="2026-04-15", verslag={"shared": "2026-04-20"})
    assert "verslag" in codes(ws, mine, submitted="2026-04-15", verslag={"draagvlak": "groot"})
    assert "verslag" not in codes(ws, mine, submitted="2026-04-15",
                                  verslag={"shared": "2026-04-10"})  # fmt: skip


def test_bopa_in_a_designated_category_without_participation(ws, tables):
    mine = tables[1]
    permit = {"instrument": "omgevingsvergunning", "bopa": True}
    big = codes(ws, mine, dwellings=48, **permit)
    assert "bopa" in big and "16.55 lid 7" in big["bopa"]["source"]
    assert "meer dan 12" in big["bopa"]["text"] and "Elburg" in big["bopa"]["source"]
    assert "bopa" not in codes(ws, mine, dwellings=12, **permit)
    assert "bopa" not in codes(ws, mine, dwellings=48, activities=[meeting()], **permit)
    assert "bopa" not in codes(ws, mine, instrument="omgevingsvergunning", dwellings=48)


def test_the_bopa_list_is_evaluated_from_the_configuration(tmp_path, frozen):
    settings = {
        "bopa_categories": [
            {"name": "groot", "min_dwellings": 50},
            {"name": "alle BOPA", "all": True},
        ],
        "bopa_list_source": "raadsbesluit X",
        "bopa_list_date": "2025-12-13",
    }
    with open_plugin_ws(tmp_path, settings) as ws:
        mine = add_tables(ws)[1]
        small = codes(ws, mine, instrument="omgevingsvergunning", bopa=True, dwellings=2)
        assert "alle BOPA" in small["bopa"]["text"]
        assert "raadsbesluit X (2025-12-13)" in small["bopa"]["source"]
        big = codes(ws, mine, instrument="omgevingsvergunning", bopa=True, dwellings=60)
        assert "'groot'" in big["bopa"]["text"]  # the first category that applies
    (tmp_path / "none").mkdir()
    with open_plugin_ws(tmp_path / "none", {"bopa_categories": []}) as ws:
        mine = add_tables(ws)[1]
        assert "bopa" not in codes(ws, mine, instrument="omgevingsvergunning", bopa=True,
                                   dwellings=200)  # fmt: skip


def test_aanvraagvereiste_answered_for_a_submitted_permit(ws, tables):
    mine = tables[1]
    permit = {"instrument": "omgevingsvergunning", "submitted": "2026-04-15"}
    found = codes(ws, mine, **permit)
    assert "aanvraag" in found and "Orr art. 7.4" in found["aanvraag"]["source"]
    assert "aanvraag" not in codes(ws, mine, application_participation="nee", **permit)
    assert "aanvraag" not in codes(ws, mine, instrument="omgevingsvergunning")  # not submitted
    assert "aanvraag" not in codes(ws, mine, submitted="2026-04-15")  # a programma
    with pytest.raises(ValidationError):
        codes(ws, mine, application_participation="ja")  # only a permit answers it


def test_flagged_filter_runs_on_the_same_rules(ws, tables):
    mine = tables[1]
    codes(ws, mine, title="In orde")
    codes(ws, mine, title="Te laag", plan={"rung": "informeren"})
    codes(ws, mine, title="Te kort", activities=[meeting("2026-05-10", "2026-05-05")])
    page = ws.service(SERVICE).list(flagged=True)
    assert [t.title for t in page.rows] == ["Te kort", "Te laag"] and page.total == 2


def test_only_a_permit_is_a_bopa(ws, tables):
    with pytest.raises(ValidationError):
        ws.service(SERVICE).create(table_id=tables[1].id, title="X", instrument="programma",
                                   bopa=True)  # fmt: skip


def test_vaststelling_without_motivering_is_refused(ws, tables):
    service = ws.service(SERVICE)
    t = service.create(table_id=tables[1].id, title="Visie", instrument="omgevingsvisie")
    with pytest.raises(ValidationError) as refused:
        service.update(t.id, t.version, phase="vaststelling", decided="2026-06-01")
    assert "Ob art. 10.2" in str(refused.value)
    with pytest.raises(ValidationError):
        service.create(table_id=tables[1].id, title="V2", instrument="omgevingsvisie",
                       phase="vaststelling", decided="2026-06-01", motivering="  ")  # fmt: skip
    done = service.update(t.id, t.version, phase="vaststelling", decided="2026-06-01",
                          motivering="Zes wijkgesprekken; zie verslag.")  # fmt: skip
    assert done.phase == "vaststelling"
    with pytest.raises(ValidationError):
        service.update(done.id, done.version, motivering="")


def test_rights_edit_and_motivering(ws, tables):
    _, mine, other = tables
    ws.act_as("secr")
    service = ws.service(SERVICE)
    t = service.create(table_id=mine.id, title="Mag", instrument="programma")
    with pytest.raises(PermissionDenied):
        service.create(table_id=other.id, title="Mag niet", instrument="programma")
    with pytest.raises(PermissionDenied):
        service.update(t.id, t.version, motivering="De secretaris mag dit niet.")
    ws.act_as("chair")
    t = ws.service(SERVICE).update(t.id, t.version, motivering="De voorzitter wel.")
    assert t.motivering == "De voorzitter wel."


def test_versioned_and_validated(ws, tables):
    service = ws.service(SERVICE)
    t = service.create(table_id=tables[1].id, title="T", instrument="programma")
    service.update(t.id, t.version, phase="ontwerp")
    with pytest.raises(ConflictError):
        service.update(t.id, t.version, phase="verkenning")
    with pytest.raises(ValidationError):
        service.create(table_id=tables[1].id, title="T", instrument="wet")
    plans = ws.service("omgevingswet.plans")
    with pytest.raises(ValidationError):
        plans.save(t.id, rung="zelf")  # not on the configured ladder
    plan = plans.save(t.id, rung="adviseren")
    with pytest.raises(ConflictError):
        plans.save(t.id, version=plan.version - 1 or 99, rung="raadplegen")
    assert plans.save(t.id, groups_meant=["jongeren"]).id == plan.id  # one plan per trajectory
    other = service.create(table_id=tables[1].id, title="U", instrument="programma")
    with pytest.raises(ValidationError):
        plans.update(plan.id, plans.get(plan.id).version, trajectory_id=other.id)
    with pytest.raises(ValidationError):
        ws.service("omgevingswet.verslagen").save(t.id, draagvlak="enorm")
    with pytest.raises(ValidationError):
        ws.service("omgevingswet.activities").create(trajectory_id=t.id, turnout=3)  # no date
    with pytest.raises(ValidationError):
        ws.service("omgevingswet.afwegingen").create(trajectory_id=t.id, whose="buren")


def test_the_parts_are_guarded_by_the_trajectory_table(ws, tables):
    _, mine, other = tables
    service = ws.service(SERVICE)
    here = service.create(table_id=mine.id, title="Hier", instrument="programma")
    there = service.create(table_id=other.id, title="Daar", instrument="programma")
    ws.act_as("secr")
    activities = ws.service("omgevingswet.activities")
    done = activities.create(trajectory_id=here.id, date="2026-05-01", turnout=20)
    assert activities.of(here.id)[0].turnout == 20
    with pytest.raises(PermissionDenied):
        activities.create(trajectory_id=there.id, date="2026-05-01")
    with pytest.raises(ValidationError):  # an activity stays with its trajectory
        activities.update(done.id, done.version, trajectory_id=there.id)
    with pytest.raises(PermissionDenied):
        ws.service("omgevingswet.verslagen").save(there.id, draagvlak="geen")
    assert activities.may("omgevingswet.trajectories.edit", mine.id)
    assert not activities.may("omgevingswet.trajectories.edit", other.id)
    ws.act_as("admin")
    with pytest.raises(ValidationError):  # a trajectory with parts is not deleted with them
        service.delete(here.id)


def test_migration_moves_the_trajectory_fields_into_the_parts():
    from sqlite_utils import Database

    from stadstafel_omgevingswet import schema

    db = Database(memory=True)
    schema.m001_trajectories(db)
    stamp = {"version": 3, "created_at": "2026-01-01", "updated_at": "2026-02-01",
             "updated_by": "secr"}  # fmt: skip
    db["omgevingswet_trajectories"].insert_all(
        [
            {
                "id": 1,
                "table_id": 1,
                "title": "Oud",
                "instrument": "omgevingsplan",
                "kennisgeving_date": "2026-01-05",
                "participation_start": "2026-02-01",
                "rung": "adviseren",
                "rung_rationale": "Waarom",
                "groups_meant": '["a", "b"]',
                "groups_reached": '["a"]',
                "invitation_date": "2026-02-10",
                "meeting_date": "2026-03-01",
                "verslag_shared": "2026-04-01",
                "motivering": "M",
                **stamp,
            },
            {"id": 2, "table_id": 1, "title": "Kaal", "instrument": "programma", **stamp},
        ]
    )
    schema.ow2_1_parts(db)
    t = db["omgevingswet_trajectories"].get(1)
    assert "rung" not in t and t["motivering"] == "M" and t["version"] == 3
    assert db["omgevingswet_kennisgevingen"].get(1)["date"] == "2026-01-05"
    plan = next(db["omgevingswet_plans"].rows)
    assert (plan["rung"], plan["rung_rationale"], plan["groups_meant"]) == (
        "adviseren", "Waarom", '["a", "b"]'
    )  # fmt: skip
    acts = list(db["omgevingswet_activities"].rows_where(order_by="date"))
    assert [(a["date"], a["invitation_date"], a["groups_reached"]) for a in acts] == [
        ("2026-02-01", None, None),
        ("2026-03-01", "2026-02-10", '["a"]'),
    ]
    assert next(db["omgevingswet_verslagen"].rows)["shared"] == "2026-04-01"
    assert db["omgevingswet_plans"].count == 1  # "Kaal" had nothing to move
    assert {a["updated_by"] for a in acts} == {"secr"}


def test_detail_names_the_initiatiefnemer_table_and_legal_basis(ws, tables):
    gemeente, mine, _ = tables
    service = ws.service(SERVICE)
    t = service.create(table_id=mine.id, title="P", instrument="omgevingsvergunning", bopa=True,
                       initiatiefnemer_id=gemeente.id)  # fmt: skip
    d = service.detail(t.id)
    assert (d.initiatiefnemer, d.table_name) == ("Gemeente Leiden", "Tafel A")
    assert "16.55 lid 7" in d.legal_basis
    assert (
        "Ob art. 10.7"
        in service.detail(
            service.create(table_id=mine.id, title="V", instrument="omgevingsvisie").id
        ).legal_basis
    )


def test_goal_indicator_share_at_minimum_rung_with_shared_verslag(ws, tables):
    mine, other = tables[1], tables[2]
    codes(ws, mine, plan={"rung": "adviseren"}, verslag={"shared": "2026-04-01"})  # in order
    codes(ws, mine, plan={"rung": "informeren"}, verslag={"shared": "2026-04-01"})  # too low
    codes(ws, mine, plan={"rung": "raadplegen"}, verslag={"draagvlak": "groot"})  # not shared
    codes(ws, mine, plan={"rung": "raadplegen"}, verslag={"shared": "2026-05-01"})  # in order
    codes(ws, other, plan={"rung": "informeren"})  # another table
    goal = ws.goals.create(table_id=mine.id, description="Participatie op orde",
                           target_value=100, indicator="omgevingswet:op_orde")  # fmt: skip
    measured = ws.goals.progress(goal)
    assert measured["value"] == 50.0
    assert "2 van 4" in measured["detail"]
    assert "omgevingswet:op_orde" in ws.vocabulary("goal_indicators")


@pytest.mark.parametrize(
    ("settings", "key"),
    [
        ({"minimum_rung": "inspraak"}, "plugins.omgevingswet.minimum_rung"),
        ({"bopa_categories": [{"name": "groot", "min_dwellings": "12"}]}, "bopa_categories[0]"),
        ({"bopa_categories": [{"min_dwellings": 12}]}, "bopa_categories[0]"),
    ],
)
def test_a_bad_local_choice_is_reported_at_start_with_its_key(tmp_path, frozen, settings, key):
    from stadstafel.testing import make_config, open_workspace, plugin_host

    import stadstafel_omgevingswet

    config = make_config(tmp_path / "c.db", settings={"omgevingswet": settings})
    host = plugin_host({"omgevingswet": stadstafel_omgevingswet}, config)
    ws = open_workspace(config, host)
    try:
        assert not host.is_enabled("omgevingswet")
        assert any(key in p for p in host.problems()), host.problems()
        # worded as every module's bad setting is (check_settings), not as a hook's crash
        said = " ".join(host.problems())
        assert "ongeldige configuratie" in said and "faalde" not in said, said
        assert host.config_errors  # what `stadstafel config check` reports (exit 2)
    finally:
        ws.close()


def test_the_list_reads_in_title_order_from_an_index(ws, tables):
    """A page (and the flagged filter) stops when it is full: no sort of every trajectory."""
    from stadstafel_omgevingswet.service import JOINS

    service = ws.service(SERVICE)
    for title in ("beta", "Alfa", "gamma"):
        service.create(table_id=tables[1].id, title=title, instrument="programma")
    assert [t.title for t in service.list().rows] == ["Alfa", "beta", "gamma"]
    plan = service.query(
        f"EXPLAIN QUERY PLAN SELECT t.id FROM {JOINS} ORDER BY t.title COLLATE NOCASE, t.id"
    )
    details = " ".join(r["detail"] for r in plan)
    assert "omgevingswet_trajectories_title" in details and "TEMP B-TREE" not in details


def test_agenda_suggestions_plan_verslag_and_flags(ws, tables):
    """A plan before the activities start, a verslag before submission, any flag: each its
    own suggestion with a stable key; a trajectory in order with nothing pending: none."""
    mine = tables[1]
    table = ws.tables.get(mine.id)

    def keys():
        return {s["key"].split(":", 2)[2] for s in ws.plugin_agenda_suggestions(table, None)}

    codes(ws, mine, title="Klaar", plan={"rung": "adviseren"},
          activities=[meeting("2026-05-01")], submitted="2026-06-01",
          verslag={"shared": "2026-05-20"})  # fmt: skip
    assert keys() == set()
    codes(ws, mine, title="Plan", plan={"rung": "adviseren"},
          activities=[meeting("2027-01-15")])  # fmt: skip
    assert keys() == {"plan"}
    codes(ws, mine, title="Verslag", plan={"rung": "adviseren"},
          activities=[meeting("2026-05-01")], verslag={"draagvlak": "groot"})  # fmt: skip
    assert keys() == {"plan", "verslag"}
    codes(ws, mine, title="Laag", plan={"rung": "informeren"}, activities=[meeting()])
    assert keys() == {"plan", "verslag", "trede"}
    verslag = next(s for s in ws.plugin_agenda_suggestions(table, None) if "verslag" in s["key"])
    assert "draagvlak groot" in verslag["detail"] and verslag["title"].startswith("Participatie")
