"""Switched off, the module leaves the core alone and keeps its data."""

from __future__ import annotations

from omgevingswet_testkit import SERVICE
from stadstafel.testing import make_config, open_workspace, plugin_host


def opened(path, disabled=()):
    """As the app opens it: the installed plugins found through their entry points."""
    config = make_config(path, disabled=disabled)
    host = plugin_host({}, config, entry_points=True, env={})
    return host, open_workspace(config, host)


def test_switched_off_leaves_core_alone_and_keeps_the_data(tmp_path, frozen):
    path = tmp_path / "off.db"
    host, on = opened(path)
    assert host.is_enabled("omgevingswet")
    table = on.tables.create(name="Tafel A", kind="samenwerkingstafel")
    t = on.service(SERVICE).create(
        table_id=table.id, title="Roomburgerpark", instrument="programma"
    )
    on.service("omgevingswet.plans").save(t.id, rung="informeren")
    assert on.plugin_agenda_suggestions(on.tables.get(table.id), None)
    on.close()

    host, off = opened(path, disabled=("omgevingswet",))
    try:
        assert not host.is_enabled("omgevingswet")
        assert [s for s in host.screens() if s.plugin == "omgevingswet"] == []
        assert host.is_enabled("woningbouw")  # other plugins untouched
        assert [c for c in off.plugin_dashboard_cards() if c["plugin"] == "omgevingswet"] == []
        suggestions = off.plugin_agenda_suggestions(off.tables.get(table.id), None)
        assert [s for s in suggestions if "Roomburgerpark" in s["title"]] == []
        assert off.search.search("Roomburgerpark") == []
        off.organisations.create(name="Ons Doel", kind="woningcorporatie")  # the core works
    finally:
        off.close()

    host, again = opened(path)
    try:
        assert [t.title for t in again.service(SERVICE).list().rows] == ["Roomburgerpark"]
        assert again.service("omgevingswet.plans").one(t.id).rung == "informeren"
    finally:
        again.close()
