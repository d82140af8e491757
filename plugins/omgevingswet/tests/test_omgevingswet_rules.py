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


def codes(ws, table, **values):
    service = ws.service(SERVICE)
    values = {"title": "T", "instrument": "programma", **values}
    t = service.create(table_id=table.id, **values)
    return {f["code"]: f for f in service.flags(service.get(t.id))}


def test_a_trajectory_in_order_has_no_flags(ws, tables):
    gemeente, mine, _ = tables
    found = codes(
        ws,
        mine,
        instrument="omgevingsplan",
        initiatiefnemer_id=gemeente.id,
        verkenning_start="2026-03-01",
        kennisgeving_date="2026-02-20",
        ontwerp_published="2026-06-01",
        participation_start="2026-04-01",
        rung="raadplegen",
        groups_meant=["omwonenden"],
        groups_reached=["omwonenden"],
        invitation_date="2026-03-10",
        meeting_date="2026-04-01",
        verslag_shared="2026-05-01",
        submitted="2026-05-10",
    )
    assert found == {}


def test_kennisgeving_after_the_start_of_the_verkenning(ws, tables):
    mine = tables[1]
    late = codes(ws, mine, instrument="omgevingsplan", verkenning_start="2026-03-01",
                 kennisgeving_date="2026-03-15")  # fmt: skip
    assert "kennisgeving" in late and "Ow 5.47 lid 4" in late["kennisgeving"]["source"]
    assert "kennisgeving" in codes(ws, mine, instrument="projectbesluit",
                                   verkenning_start="2026-03-01")  # fmt: skip
    assert "kennisgeving" not in codes(ws, mine, instrument="omgevingsplan",
                                       verkenning_start="2026-03-01",
                                       kennisgeving_date="2026-03-01")  # fmt: skip


def test_participation_started_after_the_draft_was_published(ws, tables):
    mine = tables[1]
    late = codes(ws, mine, ontwerp_published="2026-06-01", participation_start="2026-06-10")
    assert "laat" in late and "Ob art. 10" in late["laat"]["source"]
    assert "laat" not in codes(ws, mine, ontwerp_published="2026-06-01",
                               participation_start="2026-05-01")  # fmt: skip


def test_rung_below_the_configured_minimum(ws, tables):
    mine = tables[1]
    low = codes(ws, mine, rung="informeren")
    assert "trede" in low and "2023-05-16" in low["trede"]["source"]
    assert "trede" not in codes(ws, mine, rung="raadplegen")


def test_the_minimum_rung_comes_from_the_configuration(tmp_path, frozen):
    with open_plugin_ws(tmp_path, {"minimum_rung": "adviseren"}) as ws:
        mine = add_tables(ws)[1]
        assert "trede" in codes(ws, mine, rung="raadplegen")
        assert "trede" not in codes(ws, mine, rung="adviseren")


def test_groups_meant_but_not_reached(ws, tables):
    mine = tables[1]
    found = codes(ws, mine, groups_meant=["omwonenden", "jongeren"],
                  groups_reached=["omwonenden"], meeting_date="2026-04-01")  # fmt: skip
    assert "bereik" in found and "jongeren" in found["bereik"]["text"]
    assert "omwonenden" not in found["bereik"]["text"]
    assert "bereik" not in codes(ws, mine, groups_meant=["omwonenden"],
                                 groups_reached=["omwonenden"], meeting_date="2026-04-01")  # fmt: skip


def test_invitation_closer_than_the_lead_time(ws, tables):
    mine = tables[1]
    close = codes(ws, mine, invitation_date="2026-05-01", meeting_date="2026-05-10")
    assert "uitnodiging" in close and "9" in close["uitnodiging"]["text"]
    assert "Noordwijk" in close["uitnodiging"]["source"]
    assert "uitnodiging" not in codes(ws, mine, invitation_date="2026-05-01",
                                      meeting_date="2026-05-15")  # fmt: skip


def test_the_lead_time_comes_from_the_configuration(tmp_path, frozen):
    with open_plugin_ws(tmp_path, {"invitation_lead_days": 7}) as ws:
        mine = add_tables(ws)[1]
        assert "uitnodiging" not in codes(ws, mine, invitation_date="2026-05-01",
                                          meeting_date="2026-05-10")  # fmt: skip
        assert "uitnodiging" in codes(ws, mine, invitation_date="2026-05-05",
                                      meeting_date="2026-05-10")  # fmt: skip


def test_verslag_not_shared_before_submission(ws, tables):
    mine = tables[1]
    assert "verslag" in codes(ws, mine, submitted="2026-04-15")
    assert "verslag" in codes(ws, mine, submitted="2026-04-15", verslag_shared="2026-04-20")
    assert "verslag" not in codes(ws, mine, submitted="2026-04-15", verslag_shared="2026-04-10")


def test_bopa_in_a_designated_category_without_participation(ws, tables):
    mine = tables[1]
    permit = {"instrument": "omgevingsvergunning", "bopa": True}
    big = codes(ws, mine, dwellings=48, **permit)
    assert "bopa" in big and "16.55 lid 7" in big["bopa"]["source"]
    assert "meer dan 12" in big["bopa"]["text"] and "Elburg" in big["bopa"]["source"]
    assert "bopa" not in codes(ws, mine, dwellings=12, **permit)
    assert "bopa" not in codes(ws, mine, dwellings=48, participation_start="2026-01-05", **permit)
    assert "bopa" not in codes(ws, mine, instrument="omgevingsvergunning", dwellings=48)


def test_the_bopa_list_is_evaluated_from_the_configuration(tmp_path, frozen):
    settings = {
        "bopa_categories": [{"name": "alle BOPA", "all": True}],
        "bopa_list_source": "raadsbesluit X",
        "bopa_list_date": "2025-12-13",
    }
    with open_plugin_ws(tmp_path, settings) as ws:
        mine = add_tables(ws)[1]
        small = codes(ws, mine, instrument="omgevingsvergunning", bopa=True, dwellings=2)
        assert "alle BOPA" in small["bopa"]["text"]
        assert "raadsbesluit X (2025-12-13)" in small["bopa"]["source"]


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
    service.update(t.id, t.version, rung="adviseren")
    with pytest.raises(ConflictError):
        service.update(t.id, t.version, rung="raadplegen")
    with pytest.raises(ValidationError):
        service.create(table_id=tables[1].id, title="T", instrument="wet")
    with pytest.raises(ValidationError):
        service.create(table_id=tables[1].id, title="T", instrument="programma", rung="zelf")


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
    service = ws.service(SERVICE)
    base = {"table_id": mine.id, "title": "T", "instrument": "programma"}
    service.create(**base, rung="adviseren", verslag_shared="2026-04-01")  # in order
    service.create(**base, rung="informeren", verslag_shared="2026-04-01")  # rung too low
    service.create(**base, rung="raadplegen")  # no verslag shared
    service.create(**base, rung="raadplegen", verslag_shared="2026-05-01")  # in order
    service.create(**{**base, "table_id": other.id}, rung="informeren")  # another table
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
    finally:
        ws.close()
