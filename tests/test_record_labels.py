"""The ``record_labels`` hook: a plugin names its record types and fields (Dutch, English), and
the audit screen and ``stadstafel audit list`` show those names, not ``groen_park`` and
``hectares``."""

from __future__ import annotations

import pytest
from support import drive
from test_plugin_kit import Groen, Parks
from textual.widgets import Static

from stadstafel import hookimpl
from stadstafel.cli_lists import _audit_words
from stadstafel.plugins import LabelRegister
from stadstafel.testing import app_for, frozen_clock, plugin_workspace, set_language
from stadstafel.tui import values


class LabelledGroen(Groen):
    @hookimpl
    def record_labels(self, register):
        # what the service declares (record_label, Field labels), and a column it sets itself
        register.service(Parks, fields={"surveyed_on": ("Geschouwd op", "Surveyed on")})
        register("groen_tree", label=("boom", "tree"), fields={"species": ("Soort", "Species")})


@pytest.fixture
def ws(tmp_path):
    with (
        frozen_clock("2027-01-04 09:00"),
        plugin_workspace(tmp_path, LabelledGroen(), "groen") as w,
    ):
        yield w
    set_language("nl")


@pytest.fixture
def park(ws):
    table = ws.tables.create(name="Groene tafel", kind="samenwerkingstafel")
    parks = ws.service("groen.parks")
    made = parks.create(table_id=table.id, name="Hofpark", hectares=2.0, trees=[])
    return parks.update(made.id, made.version, hectares=3.5, trees=["eik"])


def test_hook_record_labels(ws, park):
    named = ws.plugins.record_labels("groen_park")
    assert named.label == ("park", "park") and named.plugin == "groen"
    assert named.fields == {
        "name": ("Parknaam", "Park name"),
        "hectares": ("Oppervlakte", "Area"),
        "trees": ("Bomen", "Trees"),
        "surveyed_on": ("Geschouwd op", "Surveyed on"),
    }
    assert ws.plugins.record_labels("groen_tree").field("species") == ("Soort", "Species")
    assert ws.plugins.record_labels("groen_nothing") is None
    # the names the core shows, in the user's language
    assert values.record_label(ws, "groen_tree") == "boom"
    assert values.field_label(ws, "groen_park", "hectares") == "Oppervlakte"
    set_language("en")
    assert values.record_label(ws, "groen_tree") == "tree"
    assert values.field_label(ws, "groen_park", "hectares") == "Area"
    set_language("nl")
    # audit list (table format): the type and the fields an update changed, by their names
    update = ws.audit.list(record_type="groen_park", limit=1)[0]
    assert update.action == "update"
    words = _audit_words(ws, update)
    assert (words["record_type"], words["fields"]) == ("park", "Oppervlakte, Bomen")


def test_a_record_type_must_carry_the_plugins_prefix(ws):
    with pytest.raises(ValueError, match="groen_"):
        LabelRegister(ws.plugins, "groen")("park", label=("park", "park"))


@drive
async def test_the_audit_screen_names_a_plugins_fields(ws, park):
    from stadstafel.tui.screens.audit import AuditScreen

    async with app_for(ws).run_test(size=(100, 24)) as pilot:
        pilot.app.push_screen(AuditScreen([("groen_park", park.id)], "Hofpark"))
        await pilot.pause()
        await pilot.pause()
        screen = pilot.app.screen
        first = screen.list_view.records[screen.list_view.order[0]]
        assert first.action == "update"  # newest first
        detail = str(screen.query_one("#audit-detail", Static).render())
        assert "park" in detail.splitlines()[0]
        assert "Oppervlakte: 2 → 3.5" in detail and "Bomen: — → eik" in detail
        assert "hectares" not in detail and "groen_park" not in detail
        row = " ".join(str(c) for c in screen.list_view.get_row_at(0))
        assert "Oppervlakte, Bomen" in row
