"""The hooks: search kinds, exporters, agenda suggestions, dashboard card, demo data."""

from __future__ import annotations

from stadstafel.testing import build_demo

from stadstafel_sociaal_domein.importer import import_text

NAME = "sociaal-domein"


def _indicator(ws, net):
    return ws.service(f"{NAME}.indicators").create(
        table_id=net["table"].id, name="Jongeren met jeugdhulp", unit="%", law="Jeugdwet",
        cbs_table="82972NED", period_type="halfjaar",
    )  # fmt: skip


def test_search_finds_indicators_and_open_sessions(ws, net):
    _indicator(ws, net)
    ws.service(f"{NAME}.sessions").create(leerkring_id=net["kring"].id, casus="Schoolverzuim")
    kinds = [(h.kind, h.title) for h in ws.search.search("82972NED")]
    assert kinds == [(f"{NAME}.indicator", "Jongeren met jeugdhulp")]
    assert [h.kind for h in ws.search.search("schoolverzuim")] == [f"{NAME}.session"]


def test_the_comparison_export(ws, net):
    ind = _indicator(ws, net)
    import_text(
        ws, ind.id,
        "RegioS;Perioden;Jeugdhulp;Status\nGM0546  ;2024HJ01;11,8;Voorlopig\n"
        "GM0547  ;2024HJ01;10,2;Definitief\n",
    )  # fmt: skip
    text = ws.export(f"{NAME}-vergelijking").decode()
    assert "Gemeente Leiden,2024HJ01,11.8,voorlopig,ja" in text
    assert "Gemeente Leiderdorp,2024HJ01,10.2,definitief,ja" in text


def test_the_comparison_as_a_document(ws, net):
    import io

    from odfdo import Document as OdfDocument

    ind = _indicator(ws, net)
    ws.service(f"{NAME}.indicators").update(ind.id, ind.version, caveat="Woonplaatsbeginsel.")
    import_text(
        ws, ind.id,
        "RegioS;Perioden;Jeugdhulp;Status\nGM0546  ;2024HJ01;11,8;Voorlopig\n"
        "GM0547  ;2024HJ01;10,2;Definitief\n",
    )  # fmt: skip
    md = ws.export(f"{NAME}-indicatoren-md").decode()
    assert "## Jongeren met jeugdhulp (%)" in md
    assert "- Gemeente Leiden: 2024 1e hj: 11,8\\*" in md  # the mark, escaped as Markdown
    assert "- Gemeente Leiderdorp: 2024 1e hj: 10,2" in md
    assert "Gemeente Leiden staat 2e van 2 (2024 1e hj)." in md and "Woonplaatsbeginsel." in md
    odt = OdfDocument(io.BytesIO(ws.export(f"{NAME}-indicatoren-odt")))
    texts = [str(el.text_recursive) for el in odt.body.children]
    assert "•\tGemeente Leiden: 2024 1e hj: 11,8*" in texts


def test_agenda_suggests_preparation_and_definitive_figures(ws, net):
    sessions = ws.service(f"{NAME}.sessions")
    s = sessions.create(leerkring_id=net["kring"].id, date="2027-01-20")
    ind = _indicator(ws, net)
    import_text(
        ws, ind.id,
        "RegioS;Perioden;Waarde;Status\nGM0547;2024HJ01;10;Definitief\nGM0546;2024HJ01;12;*\n",
    )  # fmt: skip
    found = ws.plugins.call("agenda_suggestions", workspace=ws, table=net["table"], meeting=None)
    items = [item for _, result in found for item in (result or [])]
    by_key = {i["key"]: i for i in items}
    prepare = by_key[f"{NAME}:prepare:{s.id}"]
    assert "gastgemeente" in prepare["description"] and "casus" in prepare["description"]
    definitive = [i for k, i in by_key.items() if k.startswith(f"{NAME}:definitief:{ind.id}:")]
    assert [i["description"] for i in definitive] == [
        (
            "Gemeente Leiderdorp (2024 1e hj)."
            " Gemeente Leiden staat 2e van 2 (2024 1e hj: 12, voorlopig)."  # [plugins] gemeente
        )
    ]
    s = sessions.update(s.id, s.version, host_organisation_id=net["orgs"]["Leiden"], casus="x")
    found = ws.plugins.call("agenda_suggestions", workspace=ws, table=net["table"], meeting=None)
    keys = [item["key"] for _, result in found for item in (result or [])]
    assert f"{NAME}:prepare:{s.id}" not in keys


def test_dashboard_card(ws, net):
    assert [c for _, r in ws.plugins.call("dashboard_cards", workspace=ws) for c in r] == []
    ws.service(f"{NAME}.sessions").create(leerkring_id=net["kring"].id, date="2027-01-20")
    _indicator(ws, net)
    cards = [c for _, result in ws.plugins.call("dashboard_cards", workspace=ws) for c in result]
    values = {c["title"]: c["value"] for c in cards}
    assert values["Volgende leerkring"] == "2027-01-20"
    assert values["Nieuwe definitieve cijfers"] == 0


def test_the_demo(ws):
    build_demo(ws)
    kringen = ws.service(f"{NAME}.leerkringen").list().rows
    assert len(kringen) == 2
    assert all(len(k.person_ids) >= 1 for k in kringen)
    indicators = ws.service(f"{NAME}.indicators").list().rows
    assert 5 <= len(indicators) <= 8
    cities = ws.read.organisations(kind="gemeente", limit=100).rows
    assert "Gemeente Leiden" in {c.name for c in cities}
    assert sum(1 for s in ws.service(f"{NAME}.sessions").rows(
        "SELECT * FROM sociaal_domein_sessions WHERE confidential = 1", [])) == 1  # fmt: skip
    statuses = {f.status for i in indicators for f in ws.service(f"{NAME}.figures").current(i.id)}
    assert {"voorlopig", "definitief"} <= statuses
    measures = ws.service(f"{NAME}.measures").list().rows
    assert {law for m in measures for law in m.laws} == {"Wmo 2015", "Jeugdwet", "Participatiewet"}
    goal = ws.goals.get(next(m.goal_id for m in measures if m.goal_id))
    assert ws.goals.progress(goal)["source"] == f"{NAME}:bbv30"  # measured from the series


def test_agenda_names_an_indicator_moving_the_wrong_way(ws, net):
    ind = _indicator(ws, net)  # lower is better (higher_is_better not set)
    import_text(
        ws, ind.id,
        "RegioS;Perioden;Waarde;Status\nGM0546;2023HJ02;10;Definitief\n"
        "GM0546;2024HJ01;10,6;Voorlopig\nGM0547;2023HJ02;10;Definitief\n"
        "GM0547;2024HJ01;10,4;Voorlopig\n",
    )  # fmt: skip
    found = ws.plugins.call("agenda_suggestions", workspace=ws, table=net["table"], meeting=None)
    items = [i for _, r in found for i in (r or []) if ":wrong-way:" in i["key"]]
    # Leiden +6% is past the default 5%; Leiderdorp +4% is not
    assert [i["description"] for i in items] == ["Gemeente Leiden: 10 → 10,6 (2024 1e hj)"]


def test_generated_data(ws):
    from stadstafel.testing import generate_demo

    generate_demo(ws, "tiny")
    cities = ws.read.organisations(kind="gemeente", limit=1000).total
    assert cities > 0
    figures = ws.service(f"{NAME}.figures")
    first = ws.service(f"{NAME}.indicators").list().rows[0]
    data = figures.compare(first.id)
    assert len(data["rows"]) == cities and len(data["periods"]) >= 10
    regions = ws.service(f"{NAME}.regions")
    assert len(regions.cities()) == cities  # one query for all, not one per city
    assert regions.organisation_of("GM0546") is not None  # the own city exists at every size
    measures = ws.service(f"{NAME}.measures")
    tables = ws.read.tables(limit=1000).total
    assert measures.list(limit=1).total == 4 * tables
    jeugd = measures.list(law="Jeugdwet", limit=1000).rows
    assert jeugd and all("Jeugdwet" in m.laws for m in jeugd)
