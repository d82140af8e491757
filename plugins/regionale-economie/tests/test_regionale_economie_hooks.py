"""Each hook of the module: demo data, agenda suggestions, dashboard card, search, exports,
rights, settings; and the plugin switched off leaving the rest alone."""

from __future__ import annotations

import csv
import io

import pytest
from stadstafel import StadstafelError
from stadstafel.testing import frozen_clock, plugin_workspace

import stadstafel_regionale_economie
from stadstafel_regionale_economie import CONTROL, DEALS, NAME, VERBANDEN

TODAY = "2027-03-01 09:00"


def test_demo_data(demo):
    v = demo.service(VERBANDEN)
    hr = v.list(filter="Holland Rijnland").rows[0]
    assert hr.type == "openbaar lichaam" and len(hr.deelnemers) == 13
    assert v.flags(hr) == []  # AB, DB and voorzitter present
    e071 = v.list(filter="Economie071").rows[0]
    assert "Universiteit Leiden" in v.deelnemer_names(e071)
    (deal,) = demo.service(DEALS).list().rows
    assert [f["rule"] for f in demo.service(DEALS).flags(deal)] == ["rijk_share"]
    # one missed zienswijze (Holland Rijnland), one still to plan (the bvo)
    unplanned = demo.service(CONTROL).unplanned_zienswijzen()
    assert sorted((u["event"].verband, u["missed"]) for u in unplanned) == [
        ("Bedrijfsvoering Leidse regio (demo)", False),
        ("Holland Rijnland", True),
    ]


def test_agenda_suggestions_before_the_deadline(demo):
    table = demo.read.table_by_name("Leiden Kennisstad")
    bvo_event = next(
        u["event"] for u in demo.service(CONTROL).unplanned_zienswijzen() if not u["missed"]
    )
    meetings = demo.read.meetings(table_id=table.id, start="2027-03-01").rows
    before = [m for m in meetings if m.starts_at[:10] < bvo_event.deadline]
    after = [m for m in meetings if m.starts_at[:10] >= bvo_event.deadline]
    assert before and after
    keys = [s["key"] for s in demo.plugin_agenda_suggestions(table, before[0])]
    assert f"{NAME}:zienswijze:{bvo_event.id}" in keys
    assert any(k.startswith(f"{NAME}:deal:") for k in keys)  # the flagged Regio Deal
    # the missed one is never suggested: no meeting comes before its deadline any more
    assert len([k for k in keys if ":zienswijze:" in k]) == 1
    late = [s["key"] for s in demo.plugin_agenda_suggestions(table, after[0])]
    assert f"{NAME}:zienswijze:{bvo_event.id}" not in late
    # a table that follows no collaboration gets none
    other = demo.read.table_by_name("Samenwerkingstafel Woningbouw")
    assert demo.plugin_agenda_suggestions(other, None) == []


def test_dashboard_card(demo):
    hr = demo.service(VERBANDEN).list(filter="Holland Rijnland").rows[0]
    demo.service(CONTROL).create(
        verband_id=hr.id, kind="jaarrekening", deadline="2027-03-20", done=True
    )  # handled: not counted
    (card,) = [c for c in demo.plugin_dashboard_cards() if c.get("plugin") == NAME]
    # within 8 weeks of 2027-03-01: the bvo begroting (04-10) and the jaarrekening (04-15)
    assert card["value"] == 2
    assert "2 zienswijze(n) niet geagendeerd" in card["detail"]


def test_no_card_without_collaborations(tmp_path):
    with frozen_clock(TODAY), plugin_workspace(tmp_path, stadstafel_regionale_economie, NAME) as ws:
        assert ws.plugin_dashboard_cards() == []


def test_search_kind(demo):
    hits = demo.search.search("Rijnland")
    assert (f"{NAME}.verband", "Holland Rijnland") in [(h.kind, h.title) for h in hits]


def test_exports(demo):
    text = demo.export(f"{NAME}-register-csv").decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "naam" and len(rows) == 4
    hr = next(r for r in rows if r[0] == "Holland Rijnland")
    assert hr[1] == "openbaar lichaam" and "Gemeente Teylingen" in hr[6]
    # the next open control event: the missed ontwerp-begroting, with its kind
    assert hr[7] == "ontwerp-begroting 2027-02-15"
    md = demo.export(f"{NAME}-register-md").decode()
    assert "| Economie071 | convenant |" in md
    # ODT through the core's document renderer: the same collaborations, read back with odfdo
    import io as _io

    from odfdo import Document as Odf

    odt = Odf(_io.BytesIO(demo.export(f"{NAME}-register-odt")))
    body = odt.body.text_recursive
    assert "Holland Rijnland (openbaar lichaam)" in body and "Economie071 (convenant)" in body
    assert "eerstvolgende termijn: ontwerp-begroting 2027-02-15" in body


def test_csv_cells_are_safe(demo):
    table = demo.read.table_by_name("Leiden Kennisstad")
    demo.service(VERBANDEN).create(table_id=table.id, name="=HYPERLINK(1)", type="convenant")
    assert "'=HYPERLINK(1)" in demo.export(f"{NAME}-register-csv").decode()


def test_the_right_is_declared_and_mapped(tmp_path):
    users = {
        "admin": {"role": "beheerder"},
        "secr": {"person": "secr@example.org", "role": "gebruiker"},
    }
    with (
        frozen_clock(TODAY),
        plugin_workspace(tmp_path, stadstafel_regionale_economie, NAME, users=users) as ws,
    ):
        org = ws.organisations.create(name="Gemeente", kind="gemeente")
        ws.people.create(name="Sam", organisation_id=org.id, email="secr@example.org")
        table = ws.tables.create(name="T", kind="samenwerkingstafel")
        ws.act_as("secr")
        with pytest.raises(StadstafelError, match="regionale economie beheren"):
            ws.service(VERBANDEN).create(table_id=table.id, name="X", type="convenant")


def test_plugin_switched_off_leaves_the_rest(tmp_path):
    from stadstafel.testing import make_config, open_workspace, plugin_host

    with frozen_clock(TODAY):
        with plugin_workspace(tmp_path, stadstafel_regionale_economie, NAME) as ws:
            t = ws.tables.create(name="T", kind="samenwerkingstafel")
            ws.service(VERBANDEN).create(table_id=t.id, name="GR Rijnland", type="convenant")
        config = make_config(tmp_path / "ws.db")
        off = open_workspace(config, plugin_host({}, config))
        try:
            table = off.read.table_by_name("T")
            assert table is not None
            assert off.plugin_agenda_suggestions(table, None) == []
            assert off.plugin_dashboard_cards() == []
            assert not [h for h in off.search.search("Rijnland") if h.kind.startswith(NAME)]
            with pytest.raises(StadstafelError):
                off.service(VERBANDEN)
        finally:
            off.close()
        # enabled again, the data is where it was
        with plugin_workspace(tmp_path, stadstafel_regionale_economie, NAME) as again:
            assert again.service(VERBANDEN).list().total == 1
