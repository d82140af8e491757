"""The rules of the module's services, from hand-worked examples."""

from __future__ import annotations

import pytest
from stadstafel import PermissionDenied, ValidationError
from stadstafel.testing import check_migrations

from stadstafel_regionale_economie.schema import migrations

V, C, D = "regionale-economie.verbanden", "regionale-economie.control", "regionale-economie.deals"
FULL = [
    {"orgaan": "AB", "leden": ["a"]},
    {"orgaan": "DB", "leden": ["b"]},
    {"orgaan": "voorzitter", "leden": ["c"]},
]


def test_migrations():
    assert check_migrations(migrations, "regionale-economie") == []


def test_regeling_zonder_meer_refuses_mandaat(ws, tables):
    v = ws.service(V)
    with pytest.raises(ValidationError, match="mandaat"):
        v.create(
            table_id=tables[0].id, name="Licht", type="regeling zonder meer", mandaat_delegatie=True
        )
    ok = v.create(table_id=tables[0].id, name="Licht", type="regeling zonder meer")
    with pytest.raises(ValidationError, match="Wgr"):  # also on update, against the whole record
        v.update(ok.id, ok.version, mandaat_delegatie=True)
    # the same powers are fine in a centrumgemeenteregeling
    v.create(
        table_id=tables[0].id,
        name="Centrum",
        type="centrumgemeenteregeling",
        mandaat_delegatie=True,
    )


def test_gemeenschappelijk_orgaan_has_no_legal_personality_or_personnel(ws, tables):
    v = ws.service(V)
    for extra in ({"legal_personality": True}, {"personnel": True}):
        with pytest.raises(ValidationError, match=r"Wgr art\. 8"):
            v.create(table_id=tables[0].id, name="Orgaan", type="gemeenschappelijk orgaan", **extra)
    v.create(table_id=tables[0].id, name="Orgaan", type="gemeenschappelijk orgaan")


def test_bedrijfsvoeringsorganisatie_takes_only_beleidsarme_college_tasks(ws, tables):
    v = ws.service(V)
    for taak in (
        {"taak": "armoedebeleid", "beleidsarm": False, "van": "college"},
        {"taak": "ICT", "beleidsarm": True, "van": "raad"},
    ):
        with pytest.raises(ValidationError, match="beleidsarme"):
            v.create(
                table_id=tables[0].id, name="BVO", type="bedrijfsvoeringsorganisatie", taken=[taak]
            )
    v.create(
        table_id=tables[0].id,
        name="BVO",
        type="bedrijfsvoeringsorganisatie",
        taken=[{"taak": "ICT", "beleidsarm": True, "van": "college"}],
    )


def test_openbaar_lichaam_without_ab_db_voorzitter_is_flagged_with_its_article(ws, tables):
    v = ws.service(V)
    partial = v.create(table_id=tables[0].id, name="OL", type="openbaar lichaam", organen=FULL[:2])
    flags = v.flags(partial)
    assert [f["rule"] for f in flags] == ["ol_organen"]
    assert "Wgr art. 8" in flags[0]["article"] and flags[0]["source"]
    whole = v.update(partial.id, partial.version, organen=FULL)
    assert v.flags(whole) == []
    # an orgaan without members does not count
    empty = [*FULL[:2], {"orgaan": "voorzitter", "leden": []}]
    assert v.flags({"type": "openbaar lichaam", "organen": empty})


def test_deelnemers_are_core_organisations(ws, tables):
    v = ws.service(V)
    leiden = ws.read.organisation_by_name("Gemeente Leiden")
    rec = v.create(table_id=tables[0].id, name="C", type="convenant", deelnemers=[leiden.id])
    assert v.deelnemer_names(rec) == ["Gemeente Leiden"]
    with pytest.raises(ValidationError, match="onbekende organisatie 999"):
        v.create(table_id=tables[0].id, name="C2", type="convenant", deelnemers=[999])


def test_the_right_is_scoped_to_the_table(ws, tables):
    ws.act_as("secr")
    v = ws.service(V)
    v.create(table_id=tables[0].id, name="Mag", type="convenant")
    with pytest.raises(PermissionDenied):
        v.create(table_id=tables[1].id, name="Mag niet", type="convenant")


def _meeting(ws, table, day):
    return ws.meetings.create(
        table_id=table.id, title="Overleg", starts_at=f"{day} 10:00", ends_at=f"{day} 12:00"
    )


def _unplanned(control):
    """``unplanned_zienswijzen()``, checked against the count the dashboard card uses."""
    found = control.unplanned_zienswijzen()
    assert control.unplanned_count() == len(found)
    return found


def test_begroting_without_zienswijze_on_a_meeting_before_the_deadline(ws, tables):
    table = tables[0]
    gr = ws.service(V).create(table_id=table.id, name="GR", type="openbaar lichaam", organen=FULL)
    control = ws.service(C)
    e = control.create(
        verband_id=gr.id,
        kind="ontwerp-begroting",
        year=2028,
        received="2027-02-20",
        deadline="2027-04-15",
    )
    assert e.table_id == table.id  # the table that follows the GR
    control.create(verband_id=gr.id, kind="jaarrekening", deadline="2027-04-01")  # not a begroting
    assert [u["event"].id for u in _unplanned(control)] == [e.id]
    assert _unplanned(control)[0]["missed"] is False

    # planned on a meeting AFTER the deadline: still flagged
    late = _meeting(ws, table, "2027-04-20")
    key = control.suggestion_key(e)
    ws.carry_forward.accept(late.id, {"key": key, "title": "Zienswijze GR (te laat)"})
    assert [u["event"].id for u in _unplanned(control)] == [e.id]
    # planned on a meeting before the deadline that is then cancelled: still flagged
    cancelled = _meeting(ws, table, "2027-04-01")
    ws.carry_forward.accept(cancelled.id, {"key": key, "title": "Zienswijze GR"})
    assert control.planned_meeting(e).id == cancelled.id
    ws.meetings.cancel(cancelled.id, ws.meetings.get(cancelled.id).version, "verplaatst")
    assert [u["event"].id for u in _unplanned(control)] == [e.id]
    suggestions = ws.plugin_agenda_suggestions(table, late)
    assert [s["key"] for s in suggestions if s["key"] == key] == []  # too late to suggest
    before = _meeting(ws, table, "2027-04-10")
    sug = next(s for s in ws.plugin_agenda_suggestions(table, before) if s["key"] == key)
    ws.carry_forward.accept(before.id, sug)
    assert control.planned_meeting(e).id == before.id
    assert _unplanned(control) == []

    # withdrawn from that agenda: flagged again; and once the deadline passed, "missed"
    item = next(i for i in ws.meetings.agenda(before.id)["items"] if i.source_key == key)
    ws.agenda.withdraw(item.id, item.version)
    assert [u["event"].id for u in _unplanned(control)] == [e.id]


def test_a_passed_deadline_is_missed(ws, tables):
    gr = ws.service(V).create(table_id=tables[0].id, name="GR", type="convenant")
    control = ws.service(C)
    control.create(verband_id=gr.id, kind="ontwerp-begroting", deadline="2027-02-15")
    control.create(verband_id=gr.id, kind="ontwerp-begroting", deadline="2027-01-15", done=True)
    (u,) = _unplanned(control)
    assert u["missed"] is True


def test_regio_deal_flags_from_configuration(ws, tables):
    deals = ws.service(D)
    base = {"table_id": tables[0].id, "name": "Deal", "tranche": 5}
    # 12 m Rijk + 10 m regio: 54.5 % Rijk share > 50 %
    d = deals.create(**base, rijk_eur=12_000_000, regio_eur=10_000_000)
    assert [f["rule"] for f in deals.flags(d)] == ["rijk_share"]
    assert "Regio Deals" in deals.flags(d)[0]["source"]
    # exactly half is allowed
    assert deals.flags({**base, "rijk_eur": 10_000_000, "regio_eur": 10_000_000}) == []
    # 4 m and 41 m are outside 5–40 m for tranche 4–6; 5 m and 40 m are inside
    for rijk, flagged in (
        (4_000_000, True),
        (5_000_000, False),
        (40_000_000, False),
        (41_000_000, True),
    ):
        got = [f["rule"] for f in deals.flags({**base, "rijk_eur": rijk, "regio_eur": 10**9})]
        assert ("rijk_bounds" in got) is flagged, rijk
    # tranche 2 has no bounds
    assert deals.flags({**base, "tranche": 2, "rijk_eur": 1_000_000, "regio_eur": 10**9}) == []


def test_regio_deal_rules_come_from_the_settings(tmp_path):
    from stadstafel.testing import plugin_workspace

    import stadstafel_regionale_economie

    settings = {"rijk_share_max": 0.6, "rijk_bounds_tranches": [4]}
    with plugin_workspace(
        tmp_path, stadstafel_regionale_economie, "regionale-economie", settings=settings
    ) as ws:
        deals = ws.service(D)
        deal = {"tranche": 5, "rijk_eur": 12_000_000, "regio_eur": 10_000_000}
        assert deals.flags(deal) == []
        assert deals.flags({**deal, "tranche": 4, "rijk_eur": 4_000_000})


def test_the_filtered_list_walks_the_name_index(ws, tables, monkeypatch):
    """A key in the collaborations filter reads the first page of matches from the name
    index in the list's order (as the partners list does): no sort of every collaboration."""
    v = ws.service(V)
    for name, veld in (("beta", "economie"), ("Alfa", "afval"), ("gamma", "economie")):
        v.create(table_id=tables[0].id, name=name, type="convenant", beleidsveld=veld)
    assert [r.name for r in v.list(filter="econ").rows] == ["beta", "gamma"]  # by the field
    assert [r.name for r in v.list(filter="A").rows] == ["Alfa", "beta", "gamma"]
    seen = []
    rows = v.rows
    monkeypatch.setattr(
        v, "rows", lambda sql, params: seen.append((sql, params)) or rows(sql, params)
    )
    v.list(filter="a", limit=20)
    sql, params = seen[0]
    plan = v.query(f"EXPLAIN QUERY PLAN {sql}", params)
    top = " ".join(r["detail"] for r in plan if r["parent"] == 0)
    assert "idx_regionale_economie_verbanden_name_veld" in top
    assert "TEMP B-TREE" not in top
