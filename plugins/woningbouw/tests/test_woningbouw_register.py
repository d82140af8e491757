"""The register service: create, edit, phase history, knelpunten, audit, conflicts, rights."""

from __future__ import annotations

import json

import pytest
from stadstafel import ConflictError, NotFound, PermissionDenied, ValidationError
from woningbouw_testkit import USERS, add_partners, open_ws

from stadstafel_woningbouw.service import register_for


def new(reg, partners, **values):
    base = {
        "name": "Stationsplein-West",
        "area": "Stationsgebied",
        "organisation_ids": [partners.rijnstad.id, partners.fonds.id],
        "homes_sociale_huur": 150,
        "homes_middenhuur": 200,
        "homes_dure_koop": 100,
        "phase": "vastgesteld",
        "phase_since": "2026-01-15",
        "start_year": 2028,
        "delivery_year": 2030,
    }
    return reg.create(**{**base, **values})


def audit(ws, record_type):
    return ws.store.query(
        "SELECT action, record_id, before, after FROM audit WHERE record_type = ? ORDER BY id",
        [record_type],
    )


def test_create_records_the_first_phase_and_is_audited(ws, reg, partners):
    p = new(reg, partners)
    assert p.version == 1 and p.phase == "vastgesteld" and p.phase_since == "2026-01-15"
    assert p.organisation_ids == [partners.rijnstad.id, partners.fonds.id]
    history = reg.history_of(p.id)
    assert [(h.phase_from, h.phase_to, h.changed_on, h.delivery_year_to) for h in history] == [
        (None, "vastgesteld", "2026-01-15", 2030)
    ]
    rows = audit(ws, "woningbouw_project")
    assert [(r["action"], r["record_id"]) for r in rows] == [("create", p.id)]
    assert json.loads(rows[0]["after"])["name"] == "Stationsplein-West"
    assert [r["action"] for r in audit(ws, "woningbouw_history")] == ["create"]


def test_full_record_has_total_and_initiator_names(reg, partners):
    p = new(reg, partners)
    full = reg.get_full(p.id)
    assert full.homes_total == 450
    assert full.initiators == "Rijnstad Ontwikkeling, Zijlpoort Woonfonds"
    assert full.open_knelpunten == 0


def test_phase_change_history_and_audit(ws, reg, partners):
    p = new(reg, partners)
    p = reg.change_phase(p.id, p.version, "onherroepelijk", on="2026-06-01", note="geen beroep")
    p = reg.change_phase(p.id, p.version, "vergund", on="2026-11-20")
    assert (p.phase, p.phase_since, p.version) == ("vergund", "2026-11-20", 3)
    steps = [(h.phase_from, h.phase_to, h.changed_on, h.note) for h in reg.history_of(p.id)]
    assert steps == [
        (None, "vastgesteld", "2026-01-15", None),
        ("vastgesteld", "onherroepelijk", "2026-06-01", "geen beroep"),
        ("onherroepelijk", "vergund", "2026-11-20", None),
    ]
    actions = [r["action"] for r in audit(ws, "woningbouw_project")]
    assert actions == ["create", "phase", "phase"]
    last = audit(ws, "woningbouw_project")[-1]
    assert json.loads(last["before"])["phase"] == "onherroepelijk"
    assert json.loads(last["after"])["phase"] == "vergund"


def test_phase_change_rules(reg, partners):
    p = new(reg, partners)
    with pytest.raises(ValidationError) as info:
        reg.change_phase(p.id, p.version, "vastgesteld")
    assert "phase" in info.value.fields
    with pytest.raises(ValidationError) as info:
        reg.change_phase(p.id, p.version, "vergund", on="2025-12-31")
    assert info.value.fields["changed_on"] == (
        "De datum ligt vóór de vorige fasewijziging (2026-01-15)."
    )
    with pytest.raises(ValidationError) as info:
        reg.change_phase(p.id, p.version, "vergund", on="2027-02-01")
    assert "toekomst" in info.value.fields["changed_on"]
    with pytest.raises(ValidationError) as info:
        reg.change_phase(p.id, p.version, "gesloopt")
    assert "phase" in info.value.fields
    assert len(reg.history_of(p.id)) == 1  # nothing was written


def test_delivery_sets_the_actual_year(reg, partners):
    p = new(reg, partners, phase="in aanbouw", start_year=2025, delivery_year=2027)
    p = reg.change_phase(p.id, p.version, "opgeleverd", on="2026-12-18")
    assert p.delivery_year == 2026
    assert reg.delivered_by_year() == {2026: 450}


def test_later_delivery_year_is_recorded_as_a_slip(reg, partners):
    p = new(reg, partners)
    p = reg.update(p.id, p.version, delivery_year=2031, note="netcongestie")
    last = reg.history_of(p.id)[-1]
    assert (last.phase_to, last.delivery_year_from, last.delivery_year_to, last.note) == (
        None,
        2030,
        2031,
        "netcongestie",
    )
    assert last.changed_on == "2027-01-04"
    kinds = {s.kind for _, sigs in reg.signals() for s in sigs}
    assert "slipped" in kinds


def test_validation_names_every_bad_field(reg, partners):
    with pytest.raises(ValidationError) as info:
        reg.create(
            name="",
            homes_sociale_huur="veel",
            start_year=2031,
            delivery_year=2029,
            phase="vastgesteld",
        )
    fields = info.value.fields
    assert fields["name"] == "Naam is verplicht."
    assert fields["homes_sociale_huur"].startswith("Woningen sociale huur moet een geheel getal")
    with pytest.raises(ValidationError) as info:
        reg.create(name="Leeg", phase="vastgesteld")
    assert "minstens één woning" in info.value.fields["homes_sociale_huur"]
    with pytest.raises(ValidationError) as info:
        new(reg, partners, start_year=2031, delivery_year=2029)
    assert info.value.fields["delivery_year"] == (
        "Oplevering (2029) ligt vóór de start van de bouw (2031)."
    )


def test_initiators_must_exist_and_be_of_an_initiator_kind(reg, partners):
    with pytest.raises(ValidationError) as info:
        new(reg, partners, organisation_ids=[999])
    assert info.value.fields["organisation_ids"] == "Organisatie 999 bestaat niet."
    with pytest.raises(ValidationError) as info:
        new(reg, partners, organisation_ids=[partners.hbv.id])
    assert "HBV Leiden is een huurdersorganisatie" in info.value.fields["organisation_ids"]


def test_names_are_unique_ignoring_case(reg, partners):
    new(reg, partners)
    with pytest.raises(ValidationError) as info:
        new(reg, partners, name="stationsplein-west")
    assert "bestaat al" in info.value.fields["name"]


def test_stale_version_is_a_conflict(reg, partners):
    p = new(reg, partners)
    reg.update(p.id, p.version, notes="eerste")
    with pytest.raises(ConflictError) as info:
        reg.update(p.id, p.version, notes="tweede")
    assert info.value.current["notes"] == "eerste"
    assert info.value.message.startswith("Woningbouwproject is intussen gewijzigd")
    with pytest.raises(ConflictError):
        reg.change_phase(p.id, p.version, "vergund")


def test_not_found_has_a_readable_message(reg):
    with pytest.raises(NotFound) as info:
        reg.get(42)
    assert info.value.message == "Woningbouwproject 42 bestaat niet (meer)."


def test_knelpunten(ws, reg, partners):
    p = new(reg, partners)
    k = reg.add_knelpunt(
        p.id, title="Netcongestie", owner_org_id=partners.gemeente.id, due="2027-01-01"
    )
    assert k.status == "open"
    row = reg.knelpunten_of(p.id)[0]
    assert (row.owner_name, row.overdue) == ("Gemeente Leiden", 1)
    assert reg.get_full(p.id).overdue_knelpunten == 1
    k = reg.resolve_knelpunt(k.id, k.version)
    assert (k.status, k.resolved_on) == ("opgelost", "2027-01-04")
    assert reg.knelpunten_of(p.id, open_only=True) == []
    with pytest.raises(ValidationError):
        reg.add_knelpunt(p.id, title="", due="morgen")
    assert [r["action"] for r in audit(ws, "woningbouw_knelpunt")] == ["create", "update"]


def test_delete_removes_history_and_knelpunten_with_audit(ws, reg, partners):
    p = new(reg, partners)
    reg.add_knelpunt(p.id, title="Stikstof")
    reg.delete(p.id, p.version)
    assert reg.list().total == 0
    assert ws.store.scalar("SELECT count(*) FROM woningbouw_history") == 0
    assert [r["action"] for r in audit(ws, "woningbouw_knelpunt")][-1] == "delete"
    assert [r["action"] for r in audit(ws, "woningbouw_project")][-1] == "delete"


def test_list_filters_sorts_and_pages(reg, partners):
    specs = [
        ("Kooiplein", "Groenoord", "opgeleverd", 220, [partners.portaal.id], 2024),
        ("Lorentzkade", "Stationsgebied", "in aanbouw", 260, [partners.rijnstad.id], 2027),
        ("Hofblok", "Willem de Zwijgerlaan", "vergund", 200, [partners.portaal.id], 2029),
        ("Trekvliet", "Stationsgebied", "in voorbereiding", 700, [partners.gemeente.id], 2032),
        ("Kanaalweg", "Lammenschans", "idee/visie", 160, [partners.onsdoel.id], 2033),
    ]
    for name, area, phase, n, orgs, year in specs:
        reg.create(
            name=name,
            area=area,
            phase=phase,
            homes_middenhuur=n,
            organisation_ids=orgs,
            delivery_year=year,
            phase_since="2026-05-01",
        )
    names = lambda page: [r.name for r in page.rows]  # noqa: E731
    assert names(reg.list()) == ["Hofblok", "Kanaalweg", "Kooiplein", "Lorentzkade", "Trekvliet"]
    assert names(reg.list(filter="station")) == ["Lorentzkade", "Trekvliet"]
    assert names(reg.list(filter="portaal")) == ["Hofblok", "Kooiplein"]  # by initiator
    assert names(reg.list(filter="portaal hof")) == ["Hofblok"]  # every word must match
    assert names(reg.list(capacity="hard")) == ["Hofblok", "Lorentzkade"]
    assert names(reg.list(capacity="zacht")) == ["Kanaalweg", "Trekvliet"]
    assert names(reg.list(order="phase")) == [
        "Kanaalweg",
        "Trekvliet",
        "Hofblok",
        "Lorentzkade",
        "Kooiplein",
    ]
    assert names(reg.list(order="homes", descending=True))[0] == "Trekvliet"
    assert names(reg.list(organisation_id=partners.portaal.id)) == ["Hofblok", "Kooiplein"]
    page = reg.list(order="delivery", offset=1, limit=2)
    assert (page.total, names(page)) == (5, ["Lorentzkade", "Hofblok"])


# -- permissions ---------------------------------------------------------------------------------
@pytest.fixture
def multi(tmp_path, frozen):
    """A workspace with configured users: beheerder, secretary, chair, partner, reader."""
    path = tmp_path / "multi.db"
    admin = open_ws(path, users=USERS, login="admin")
    parts = add_partners(admin)
    project = new(register_for(admin), parts)
    admin.close()
    opened = []

    def as_user(login):
        ws = open_ws(path, users=USERS, login=login)
        opened.append(ws)
        return register_for(ws)

    yield as_user, project
    for ws in opened:
        ws.close()


@pytest.mark.parametrize("login", ["admin", "secr", "chair"])
def test_table_chair_secretary_and_admin_may_edit(multi, login):
    as_user, project = multi
    reg = as_user(login)
    assert reg.may_edit()
    p = reg.change_phase(project.id, project.version, "onherroepelijk")
    assert p.updated_by == login


@pytest.mark.parametrize("login", ["pim", "gast", "onbekend"])
def test_partners_and_readers_may_not_edit(multi, login):
    as_user, project = multi
    reg = as_user(login)
    assert not reg.may_edit()
    with pytest.raises(PermissionDenied) as info:
        reg.update(project.id, project.version, notes="mag dit?")
    assert "woningbouwregister bewerken" in info.value.message
    with pytest.raises(PermissionDenied):
        reg.add_knelpunt(project.id, title="x")
    # reading is fine
    assert reg.list().total == 1


def test_without_the_table_only_a_beheerder_may_edit(tmp_path, frozen):
    ws = open_ws(tmp_path / "t.db", settings={"table": "Een tafel die niet bestaat"})
    try:
        reg = register_for(ws)
        assert reg.table_id() is None
        org = ws.organisations.create(name="Portaal", kind="woningcorporatie")
        p = reg.create(name="x", homes_sociale_huur=1, organisation_ids=[org.id])  # beheerder
        assert p.phase == "idee/visie"  # the first configured phase
    finally:
        ws.close()


def test_deleting_an_initiator_organisation_is_refused_naming_the_projects(ws, reg, partners):
    # organisations that are no member of any table: only the projects refer to them
    fonds = ws.organisations.create(name="Rijnfonds", kind="belegger")
    other = ws.organisations.create(name="Leegfonds", kind="belegger")
    new(reg, partners, organisation_ids=[partners.rijnstad.id, fonds.id])
    new(reg, partners, name="Hofblok", organisation_ids=[fonds.id])
    with pytest.raises(ValidationError) as info:
        ws.organisations.delete(fonds.id)
    assert info.value.message == (
        "Organisatie 'Rijnfonds' wordt nog gebruikt door woningbouwproject(en)"
        " 'Stationsplein-West', 'Hofblok'; verwijder of verplaats die eerst. Er is niets"
        " verwijderd."
    )
    assert ws.organisations.get(fonds.id)  # nothing was deleted
    # an organisation no project names can go
    ws.organisations.delete(other.id)
    # once no project names it any more, it can go too
    hof = reg.by_name("Hofblok")
    reg.update(hof.id, hof.version, organisation_ids=[])
    station = reg.by_name("Stationsplein-West")
    reg.update(station.id, station.version, organisation_ids=[partners.rijnstad.id])
    ws.organisations.delete(fonds.id)


def test_the_signals_of_one_project_are_those_the_register_gives_it(reg, partners):
    """A project's screen reads its signals for that project alone (``signals_of``): the
    same as the register's ``signals`` give it, for a slipped project, one with an overdue
    knelpunt, one stalled long in its phase, one delivered and one without any."""
    slipped = new(reg, partners, name="Verschoven")
    reg.update(slipped.id, slipped.version, delivery_year=2031, note="netcongestie")
    late = new(reg, partners, name="Te laat")
    reg.add_knelpunt(late.id, title="Stikstof", owner_org_id=partners.gemeente.id, due="2026-06-01")
    new(reg, partners, name="Stil", phase_since="2019-01-01")
    done = new(reg, partners, name="Klaar", phase="in aanbouw", start_year=2025)
    reg.change_phase(done.id, done.version, "opgeleverd", on="2026-12-18")
    new(reg, partners, name="Rustig", phase_since="2026-12-01")
    every = {p.id: [(s.kind, s.text_nl) for s in found] for p, found in reg.signals()}
    assert len(every) == 3  # the test has projects with signals and without
    for project in reg.all():
        own = [(s.kind, s.text_nl) for s in reg.signals_of(reg.get_full(project.id))]
        assert own == every.get(project.id, []), project.name
