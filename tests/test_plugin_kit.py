"""The plugin kit, used as a plugin author uses it: a small domain module ``groen`` written on
the public API only (``stadstafel``, ``stadstafel.ui``, ``stadstafel.testing``), with a service
whose list column has its own name, its own right, a search kind, a table tab, an exporter, a
meeting kind, a topic and a theme derived from a core one. The app parts run through Pilot.
"""

from __future__ import annotations

import pytest
from sqlite_utils import Migrations
from support import searched

import stadstafel
from stadstafel import (
    Field,
    PermissionDenied,
    StadstafelError,
    TableScoped,
    ValidationError,
    hookimpl,
)
from stadstafel.testing import (
    app_for,
    frozen_clock,
    make_config,
    open_workspace,
    plugin_host,
    plugin_workspace,
    run_async,
)

# -- the plugin ----------------------------------------------------------------------------------
groen_migrations = Migrations("stadstafel-groen")


@groen_migrations()
def m001_parks(db):
    db["groen_parks"].create(
        {
            "id": int,
            "table_id": int,
            "name": str,
            "hectares": float,
            "trees": str,  # a JSON list, declared as Field("list") below
            "version": int,
            "created_at": str,
            "updated_at": str,
            "updated_by": str,
        },
        pk="id",
    )


class Parks(TableScoped):
    table = "groen_parks"
    record = "groen_park"
    record_label = ("park", "park")
    perm = "groen.parks.edit"
    fields = {
        "table_id": Field("ref", required=True, ref="tables"),
        "name": Field(required=True, max_len=80, label=("Parknaam", "Park name")),
        "hectares": Field("float", label=("Oppervlakte", "Area")),
        "trees": Field("list", label=("Bomen", "Trees")),
    }

    def search(self, query: str, limit: int) -> list[dict]:
        rows = self.rows(
            "SELECT * FROM groen_parks WHERE name LIKE ? ORDER BY name LIMIT ?",
            [f"%{query}%", limit],
        )
        return [{"id": r.id, "title": r.name, "snippet": f"{r.hectares} ha"} for r in rows]


class Groen:
    """The module's hooks (a class, so each test gets its own instance)."""

    def __init__(self):
        self.opened: list[int] = []
        self.events: list = []

    @hookimpl
    def migrations(self):
        return groen_migrations

    @hookimpl
    def services(self, register):
        register("parks", Parks)

    @hookimpl
    def permissions(self, register):
        register(
            "groen.parks.edit", label=("parken beheren", "manage parks"), roles=("secretaris",)
        )

    @hookimpl
    def register_topics(self, register):
        register.topic("groen")
        register.vocabulary("meeting_kinds", "schouw")

    @hookimpl
    def exporters(self, register):
        def parks_csv(workspace, scope):
            parks = workspace.service("groen.parks").rows("SELECT * FROM groen_parks ORDER BY id")
            return "".join(f"{p.name};{p.hectares}\n" for p in parks).encode()

        register(
            "groen-csv",
            parks_csv,
            label=("Parken (CSV)", "Parks (CSV)"),
            media_type="text/csv",
            suffix="csv",
        )

    @hookimpl
    def search_kinds(self, register):
        def search(workspace, query, limit):
            return workspace.service("groen.parks").search(query, limit)

        register("groen.park", search, label=("Park", "Park"), open=self.open_park)

    def open_park(self, app, park_id):
        self.opened.append(park_id)

    @hookimpl
    def table_tabs(self, register):
        def tab(workspace, table):
            from stadstafel.ui import L, RecordTable, TableTab

            class ParksTab(TableTab):
                DEFAULT_CSS = "ParksTab RecordTable { color: $groen-park; }"

                def compose(self):
                    yield RecordTable([(L("Park", "Park"), 30, lambda p: p.name)], id="parks")

                def on_mount(self):
                    self.refresh_data()

                def refresh_data(self):
                    rows = self.workspace.service("groen.parks").rows(
                        "SELECT * FROM groen_parks WHERE table_id = ?", [self.table.id]
                    )
                    self.query_one("#parks", RecordTable).show(rows)

            return ParksTab(workspace, table)

        register("groen.parks", tab, label=("Parken", "Parks"))

    @hookimpl
    def register_themes(self, register):
        register.derive("leiden", "leiden-groen", primary="#2E7D5B")
        register.extend("*", {"groen-park": "#2E7D5B"})

    @hookimpl
    def on_change(self, workspace, event):
        self.events.append(event)


USERS = {
    "admin": {"role": "beheerder"},
    "secr": {"person": "secr@example.org", "role": "gebruiker"},
}


@pytest.fixture
def groen():
    return Groen()


@pytest.fixture
def ws(tmp_path, groen):
    with (
        frozen_clock("2027-01-04 09:00"),
        plugin_workspace(tmp_path, groen, "groen", users=USERS) as workspace,
    ):
        yield workspace


@pytest.fixture
def tables(ws):
    gemeente = ws.organisations.create(name="Gemeente Leiden", kind="gemeente")
    secr = ws.people.create(name="Sam", organisation_id=gemeente.id, email="secr@example.org")
    groen_tafel = ws.tables.create(
        name="Tafel Groen", kind="samenwerkingstafel", secretary_person_id=secr.id
    )
    andere = ws.tables.create(name="Tafel Wonen", kind="samenwerkingstafel")
    return groen_tafel, andere


# -- the hooks -----------------------------------------------------------------------------------
def test_hook_services(ws, groen, tables):
    parks = ws.service("groen.parks")
    assert isinstance(parks, Parks) and parks.plugin == "groen"
    assert ws.service("groen.parks") is parks  # made once
    park = parks.create(table_id=tables[0].id, name="Hortus", hectares=2.5, trees=["eik", "es"])
    # a list column of the plugin's own name is stored as JSON and comes back a list
    assert parks.get(park.id).trees == ["eik", "es"]
    # the base checks the version, writes the audit row and sends the change event
    parks.update(park.id, park.version, trees=["linde"])
    with pytest.raises(stadstafel.ConflictError):
        parks.update(park.id, park.version, name="Oud")
    assert [e.action for e in groen.events if e.record_type == "groen_park"] == [
        "create",
        "update",
    ]
    assert [a.action for a in ws.audit.recent(record_type="groen_park")] == ["update", "create"]
    # unknown fields are refused; labels are the plugin's, in both languages
    with pytest.raises(ValidationError) as info:
        parks.create(table_id=tables[0].id, name="", kleur="groen")
    assert set(info.value.fields) == {"kleur", "name"}
    assert "Parknaam" in info.value.fields["name"]
    # a savepoint undoes its writes and its queued events; the transaction goes on
    before = len(groen.events)
    with parks.transaction():
        with pytest.raises(ValidationError), parks.savepoint():
            parks.create(table_id=tables[0].id, name="Weg", hectares=1)
            parks.create(table_id=tables[0].id, name="")
        parks.create(table_id=tables[0].id, name="Blijft", hectares=1)
    names = [p.name for p in parks.rows("SELECT name FROM groen_parks ORDER BY id")]
    assert names == ["Hortus", "Blijft"]
    assert [e.after["name"] for e in groen.events[before:]] == ["Blijft"]
    # bulk writes only to the plugin's own tables
    assert parks.bulk_insert([{"table_id": tables[0].id, "name": "Veel", "trees": ["x"]}]) == 1
    with pytest.raises(ValueError, match="not a table of 'groen'"):
        parks.bulk_insert([{"name": "x"}], table="organisations")
    with pytest.raises(StadstafelError, match=r"geen service 'groen\.bomen'"):
        ws.service("groen.bomen")


def test_text_inside_a_plugins_json_lists_and_dicts_is_neutralised(ws, groen, tables):
    """JSON keeps a control character as an escape, so a string nested in a list of dicts came
    back from the database with its ESC: it is neutralised on write and on read, at any depth."""
    parks = ws.service("groen.parks")
    hostile = "Rood\x1b[31m\x07"
    park = parks.create(
        table_id=tables[0].id, name="Hortus", trees=[{"soort": hostile, "oud": [hostile]}, hostile]
    )
    stored = parks.scalar("SELECT trees FROM groen_parks WHERE id = ?", [park.id])
    assert "u001b" not in stored and "u0007" not in stored  # not even as JSON escapes
    (nested, flat) = parks.get(park.id).trees
    assert nested == {"soort": "Rood\ufffd[31m\ufffd", "oud": ["Rood\ufffd[31m\ufffd"]}
    assert flat == "Rood\ufffd[31m\ufffd"
    # written around the services (an old row): neutralised on the way out
    with ws.store.conn:
        ws.store.conn.execute(
            "UPDATE groen_parks SET trees = ? WHERE id = ?",
            ['[{"soort": "Wis\\u001b[2J"}]', park.id],
        )
    assert parks.get(park.id).trees == [{"soort": "Wis\ufffd[2J"}]


def test_hook_permissions(ws, tables):
    groen_tafel, andere = tables
    ws.act_as("secr")
    parks = ws.service("groen.parks")
    parks.create(table_id=groen_tafel.id, name="Hortus")  # the secretary of this table
    with pytest.raises(PermissionDenied, match="parken beheren"):
        parks.create(table_id=andere.id, name="Elders")  # not of that one: scoped by table id


def test_hook_permissions_roles_come_from_the_configuration(tmp_path, groen):
    config = make_config(
        tmp_path / "ws.db",
        users=USERS,
        settings={"groen": {"rights": {"groen.parks.edit": ["beheerder"]}}},
    )
    host = plugin_host({"groen": groen}, config, strict=True)
    assert [r.roles for r in host.rights()] == [frozenset({"beheerder"})]
    with frozen_clock("2027-01-04 09:00"), open_workspace(config, host) as ws:
        gemeente = ws.organisations.create(name="Gemeente", kind="gemeente")
        secr = ws.people.create(name="Sam", organisation_id=gemeente.id, email="secr@example.org")
        table = ws.tables.create(
            name="Tafel Groen", kind="samenwerkingstafel", secretary_person_id=secr.id
        )
        ws.act_as("secr")
        with pytest.raises(PermissionDenied):
            ws.service("groen.parks").create(table_id=table.id, name="Hortus")


def test_hook_search_kinds(ws, groen, tables):
    park = ws.service("groen.parks").create(table_id=tables[0].id, name="Kasteelpark")
    hits = ws.search.search("Kasteel")
    assert [(h.kind, h.id, h.title) for h in hits] == [("groen.park", park.id, "Kasteelpark")]

    @run_async
    async def in_the_app():
        from stadstafel.tui.screens.search import SearchScreen

        app = app_for(ws)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("slash")
            await pilot.pause()
            assert isinstance(app.screen, SearchScreen)
            for ch in "kasteel":
                await pilot.press(ch)
            await searched(pilot)  # the search screen's query runs on a worker thread
            table = app.screen.results
            assert [table.records[k].title for k in table.order] == ["Kasteelpark"]
            assert "Park" in str(table.get_row_at(0)[0])
            await pilot.press("down", "enter")
            await pilot.pause()
            assert groen.opened == [park.id]

    in_the_app()


def test_hook_table_tabs(ws, tables):
    ws.service("groen.parks").create(table_id=tables[0].id, name="Hortus")

    @run_async
    async def in_the_app():
        from stadstafel.tui.screens.table.detail import TableDetailScreen
        from stadstafel.tui.widgets.tabs import RecordTabs

        app = app_for(ws)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.push_screen(TableDetailScreen(tables[0].id))
            await pilot.pause()
            await pilot.press("7")  # the first tab after the core's six
            await pilot.pause()
            screen = app.screen
            assert screen.query_one("#tabs", RecordTabs).active == "plugin-groen-parks"
            parks = screen.query_one("#plugin-groen-parks #parks")
            assert [parks.records[k].name for k in parks.order] == ["Hortus"]
            assert screen.heading.endswith("Parken")

    in_the_app()


# -- vocabularies, topics, exports, themes ---------------------------------------------------------
def test_a_plugin_meeting_kind_is_offered_and_accepted(ws, tables):
    meeting = ws.meetings.create(
        table_id=tables[0].id, title="Schouw Hortus", kind="schouw", starts_at="2027-02-01 10:00"
    )
    assert meeting.kind == "schouw"
    assert "schouw" in ws.vocabulary("meeting_kinds")

    @run_async
    async def in_the_app():
        from textual.widgets import Select

        from stadstafel.tui.screens.meetings import MeetingsScreen

        app = app_for(ws)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("v")
            await pilot.pause()
            assert isinstance(app.screen, MeetingsScreen)
            await pilot.press("n")
            await pilot.pause()
            kinds = app.screen.query_one("#field-kind Select", Select)
            assert "schouw" in [value for _label, value in kinds._options]

    in_the_app()


def test_a_status_vocabulary_stays_closed(tmp_path):
    class Statussen:
        @hookimpl
        def register_topics(self, register):
            register.vocabulary("meeting_statuses", "uitgesteld")

    host = plugin_host({"status": Statussen()})
    assert host.record("status").status == "error"
    assert "gesloten" in host.record("status").error


def test_plugin_topics_are_offered_where_a_topic_is_chosen(ws, tables):
    from stadstafel.tui.screens.table.forms import table_fields
    from stadstafel.tui.screens.table.options import topic_options

    assert "groen" in ws.topics() and "wonen" in ws.topics()
    assert "groen" in topic_options(tables[0], ws=ws)
    topics = next(f for f in table_fields(ws, tables[0]) if f.name == "topics")
    assert "groen" in topics.help


def test_an_export_runs_from_the_palette(ws, tables, tmp_path):
    ws.service("groen.parks").create(table_id=tables[0].id, name="Hortus", hectares=2.5)
    assert ws.export("groen-csv") == b"Hortus;2.5\n"

    @run_async
    async def in_the_app():
        app = app_for(ws)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+p")
            await pilot.pause()
            for ch in "Exporteren: Parken":
                await pilot.press("space" if ch == " " else ch)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause()

    in_the_app()
    # written in the exports folder ([files] exports: the test's folder)
    assert (tmp_path / "groen-csv.csv").read_bytes() == b"Hortus;2.5\n"


def test_a_theme_is_derived_and_extended(ws):
    themes = {t.name: t for t in ws.plugins.themes()}
    assert themes["leiden-groen"].primary == "#2E7D5B"
    assert themes["leiden-groen"].background == themes["leiden"].background
    assert themes["stadstafel"].variables["groen-park"] == "#2E7D5B"
    assert themes["leiden"].variables["footer-key-foreground"] == "#E2001A"  # kept

    @run_async
    async def in_the_app():
        app = app_for(ws, theme="leiden-groen")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.theme == "leiden-groen"
            assert app.get_css_variables()["groen-park"] == "#2E7D5B"

    in_the_app()


def test_call_service_is_the_one_way_to_call_a_service_from_a_screen(ws, tables):
    from stadstafel.ui import ConflictScreen, call_service

    parks = ws.service("groen.parks")
    park = parks.create(table_id=tables[0].id, name="Hortus")
    parks.update(park.id, park.version, name="Hortus botanicus")  # someone else, meanwhile
    redone = []

    @run_async
    async def in_the_app():
        app = app_for(ws)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = app.screen
            # a result comes back as it is
            assert call_service(screen, parks.get, park.id).name == "Hortus botanicus"
            # a fault is a message and None; the app keeps running
            assert call_service(screen, parks.create, table_id=tables[0].id, name="") is None
            await pilot.pause()
            assert any("Parknaam" in n.message for n in app._notifications)
            # a conflict opens the conflict screen; "reapply" runs redo
            result = call_service(
                screen,
                parks.update,
                park.id,
                park.version,
                name="Oud",
                redo=lambda: redone.append(True),
            )
            assert result is None
            await pilot.pause()
            assert isinstance(app.screen, ConflictScreen)
            app.screen.dismiss("reapply")
            await pilot.pause()
            assert redone == [True]

    in_the_app()
