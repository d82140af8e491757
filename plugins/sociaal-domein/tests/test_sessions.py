"""Leerkring sessions: the closing rule and confidentiality, enforced in the services."""

from __future__ import annotations

import pytest
from sociaal_domein_testkit import USERS, make_net
from stadstafel import PermissionDenied, ValidationError
from stadstafel.testing import frozen_clock, plugin_workspace

import stadstafel_sociaal_domein

NAME = "sociaal-domein"


def sessions(ws):
    return ws.service(f"{NAME}.sessions")


def test_defaults_follow_platform31(ws, net):
    assert net["kring"].planned_sessions == 4
    s = sessions(ws).create(leerkring_id=net["kring"].id)
    assert (s.number, s.status, s.table_id) == (1, "gepland", net["table"].id)
    assert s.parts == ["actualiteiten", "intervisie", "verdieping", "projectbezoek"]
    assert sessions(ws).create(leerkring_id=net["kring"].id).number == 2
    with pytest.raises(ValidationError):
        sessions(ws).create(leerkring_id=net["kring"].id, parts=["borrel"])


def test_a_session_without_host_or_casus_cannot_be_closed(ws, net):
    s = sessions(ws).create(leerkring_id=net["kring"].id)
    with pytest.raises(ValidationError) as error:
        sessions(ws).close(s.id, s.version)
    assert set(error.value.fields) == {"host_organisation_id", "casus"}
    s = sessions(ws).update(s.id, s.version, host_organisation_id=net["orgs"]["Leiden"])
    with pytest.raises(ValidationError) as error:
        sessions(ws).close(s.id, s.version)
    assert set(error.value.fields) == {"casus"}
    s = sessions(ws).update(s.id, s.version, casus="   ")
    with pytest.raises(ValidationError):
        sessions(ws).close(s.id, s.version)
    s = sessions(ws).update(s.id, s.version, casus="Schoolverzuim")
    assert sessions(ws).close(s.id, s.version).status == "gesloten"


def _confidential(ws, net):
    return sessions(ws).create(
        leerkring_id=net["kring"].id,
        host_organisation_id=net["orgs"]["Leiderdorp"],
        confidential=True,
        casus="Gezin Jansen met schulden",
        casus_by_person_id=net["ilse"].id,
        notes="niet delen",
        guest_expert="Jeugdarts",
    )


def test_confidential_casus_only_for_participants(ws, net):
    s = _confidential(ws, net)
    ws.act_as("ilse")  # a participant
    mine = sessions(ws).get(s.id)
    assert (mine.casus, mine.notes, mine.hidden) == (
        "Gezin Jansen met schulden",
        "niet delen",
        False,
    )
    assert [h["id"] for h in sessions(ws).search("Jansen", 10)] == [s.id]
    ws.act_as("chair")  # may edit the table's records, but is no participant
    theirs = sessions(ws).get(s.id)
    assert (theirs.casus, theirs.notes, theirs.casus_by_person_id) == (None, None, None)
    assert theirs.hidden and theirs.guest_expert == "Jeugdarts"
    assert [r.casus for r in sessions(ws).of_leerkring(net["kring"].id)] == [None]
    assert sessions(ws).search("Jansen", 10) == []
    assert [h.id for h in ws.search.search("Jansen")] == []
    with pytest.raises(PermissionDenied):
        sessions(ws).update(s.id, s.version, confidential=False)
    with pytest.raises(PermissionDenied):
        sessions(ws).update(s.id, s.version, casus="overschreven")
    with pytest.raises(PermissionDenied):
        sessions(ws).close(s.id, s.version)
    ws.act_as("admin")  # a beheerder holds every right, the plugin's too
    assert sessions(ws).get(s.id).casus == "Gezin Jansen met schulden"


def test_confidential_casus_never_in_the_export_for_others(ws, net):
    _confidential(ws, net)
    ws.act_as("chair")
    text = ws.export(f"{NAME}-leerkringen").decode()
    assert "Bijeenkomst 1" in text and "Casus: vertrouwelijk" in text
    assert "Jansen" not in text and "niet delen" not in text
    ws.act_as("ilse")
    assert "Jansen" in ws.export(f"{NAME}-leerkringen").decode()


def test_the_sessions_command_lists_them_without_a_confidential_casus(ws, net):
    """``stadstafel sociaal-domein sessions``: every session with its leerkring, host and
    status; a confidential casus only for who may read it, as every other read."""
    import contextlib
    import json

    from click.testing import CliRunner

    from stadstafel_sociaal_domein.cli import sociaal_domein

    s = _confidential(ws, net)
    sessions(ws).update(s.id, s.version, host_organisation_id=net["orgs"]["Leiderdorp"])
    sessions(ws).create(leerkring_id=net["kring"].id, casus="Open casus")

    class Obj:
        def workspace(self):
            return contextlib.nullcontext(ws)

    def listed(*args):
        out = CliRunner().invoke(sociaal_domein, ["sessions", *args], obj=Obj())
        assert out.exit_code == 0, out.output
        return out.output

    ws.act_as("chair")  # no participant
    text = listed()
    assert "Jansen" not in text and "(vertrouwelijk)" in text and "Open casus" in text
    rows = json.loads(listed("--format", "json"))
    assert [(r["number"], r["host"], r["casus"], r["confidential"]) for r in rows] == [
        (1, "Gemeente Leiderdorp", "(vertrouwelijk)", True), (2, None, "Open casus", False)]  # fmt: skip
    assert "Jansen" not in listed("--format", "csv")
    ws.act_as("ilse")  # a participant
    assert "Gezin Jansen met schulden" in listed()
    assert listed("--leerkring", "wonen").count("\n") == 2  # no such leerkring: the header
    ws.act_as("admin")
    s = sessions(ws).get(s.id)
    sessions(ws).close(s.id, s.version)
    assert [r["number"] for r in json.loads(listed("--gepland", "--format", "json"))] == [2]


def test_the_confidential_right_can_be_mapped(tmp_path):
    settings = {"rights": {f"{NAME}.vertrouwelijk": ["voorzitter"]}}
    with (
        frozen_clock("2027-01-04 09:00"),
        plugin_workspace(
            tmp_path, stadstafel_sociaal_domein, NAME, users=USERS, settings=settings
        ) as ws,
    ):
        network = make_net(ws)
        s = _confidential(ws, network)
        ws.act_as("chair")
        assert sessions(ws).get(s.id).casus == "Gezin Jansen met schulden"


def test_confidential_casus_never_in_the_odt_or_pdf_for_others(ws, net):
    import io

    import pytest
    from odfdo import Document as OdfDocument

    _confidential(ws, net)
    ws.act_as("chair")
    odt = OdfDocument(io.BytesIO(ws.export(f"{NAME}-leerkringen-odt")))
    text = "\n".join(str(el.text_recursive) for el in odt.body.children)
    assert "Leerkring: Jeugd en onderwijs" in text and "Casus: vertrouwelijk" in text
    assert "Jansen" not in text and "niet delen" not in text
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("typst")
    pdf = pypdf.PdfReader(io.BytesIO(ws.export(f"{NAME}-leerkringen-pdf")))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "vertrouwelijk" in text and "Jansen" not in text
    ws.act_as("ilse")  # a participant reads it in every format
    odt = OdfDocument(io.BytesIO(ws.export(f"{NAME}-leerkringen-odt")))
    assert "Gezin Jansen" in "\n".join(str(el.text_recursive) for el in odt.body.children)
