"""A login finds its person by the e-mail address or name configured in ``[users]``: nobody but
the beheerder may give a person that address or name, and an address belongs to one person."""

from __future__ import annotations

import pytest
from support import make_config

from stadstafel.errors import ValidationError
from stadstafel.workspace import Workspace

USERS = {
    "beheer": (None, "beheerder"),
    "voorz": ("chair@example.org", "gebruiker"),
    "pim": ("pim@example.org", "gebruiker"),
    "later": ("later@example.org", "gebruiker"),  # a login whose person is not entered yet
}


@pytest.fixture
def world(tmp_path):
    ws = Workspace.open(make_config(tmp_path / "ws.db", users=USERS), login="beheer")
    gem = ws.organisations.create(name="Gemeente", kind="gemeente")
    portaal = ws.organisations.create(name="Portaal", kind="woningcorporatie")
    old = ws.people.create(name="Oud lid", organisation_id=portaal.id, email="oud@example.org")
    chair = ws.people.create(name="Voorzitter", organisation_id=gem.id, email="chair@example.org")
    ws.people.create(name="Pim", organisation_id=portaal.id, email="pim@example.org")
    table = ws.tables.create(name="Tafel", kind="samenwerkingstafel", chair_person_id=chair.id)
    ws.memberships.add(table.id, portaal.id)
    yield ws, old, portaal
    ws.close()


def test_a_partner_cannot_edit_a_person_into_another_logins_identity(world):
    ws, old, _ = world
    ws.act_as("pim")
    with pytest.raises(ValidationError):
        ws.people.update(old.id, old.version, email="CHAIR@example.org")
    for field in ("email", "name"):
        with pytest.raises(ValidationError) as refused:
            ws.people.update(old.id, old.version, **{field: "later@example.org"})
        assert "login" in refused.value.message
    with pytest.raises(ValidationError):
        ws.people.update(old.id, old.version, name="chair@example.org")
    assert ws.people.get(old.id).email == "oud@example.org"
    # The chair's login still finds the chair.
    ws.act_as("voorz")
    assert ws.actor.display == "Voorzitter"


def test_an_email_address_belongs_to_one_person(world):
    ws, old, portaal = world
    with pytest.raises(ValidationError):
        ws.people.create(name="Dubbel", organisation_id=portaal.id, email="OUD@example.org")
    with pytest.raises(ValidationError):
        ws.people.update(old.id, old.version, email="pim@example.org")


def test_the_beheerder_may_map_and_a_person_keeps_its_own_address(world):
    ws, old, _ = world
    ws.act_as("pim")
    pim = next(p for p in ws.people.list().rows if p.name == "Pim")
    ws.people.update(pim.id, pim.version, function="projectleider", email="pim@example.org")
    ws.act_as("beheer")
    moved = ws.people.update(old.id, old.version, email="later@example.org")
    assert moved.email == "later@example.org"
    ws.act_as("later")
    assert ws.actor.display == "Oud lid"
