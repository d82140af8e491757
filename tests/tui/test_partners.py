"""Partners: filter, sort, paging, detail, edit with validation, people, delete, conflict."""

from __future__ import annotations

from support import drive
from textual.widgets import Input, Static

from stadstafel.testing import burst
from stadstafel.tui.modals import ConfirmScreen, ConflictScreen
from stadstafel.tui.screens.partners import PartnerDetailScreen, PartnersScreen
from stadstafel.tui.widgets.form import FormScreen

SIZE = (80, 24)


def text_of(screen) -> str:
    """Everything the screen shows, as plain text."""
    strips = screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def open_partners(pilot) -> PartnersScreen:
    await pilot.press("p")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PartnersScreen)
    return screen


async def open_detail(pilot, ws, name: str) -> PartnerDetailScreen:
    screen = await open_partners(pilot)
    org = ws.organisations.by_name(name)
    assert screen.table.select_key(org.id)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()
    detail = pilot.app.screen
    assert isinstance(detail, PartnerDetailScreen)
    assert detail.organisation_id == org.id
    return detail


def names(screen: PartnersScreen) -> list[str]:
    return [screen.table.records[k].name for k in screen.table.order]


@drive
async def test_typing_filters_the_partners(app, demo_ws):
    expected = {o.name for o in demo_ws.organisations.list(filter="Leiden").rows}
    everyone = demo_ws.organisations.list().total
    assert 0 < len(expected) < everyone
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        assert len(names(screen)) == everyone
        # "L" is not a key of this screen: typing goes straight to the filter
        await pilot.press(*"Leiden")
        await pilot.pause()
        assert screen.query_one("#filter", Input).value == "Leiden"
        assert set(names(screen)) == expected
        assert "filter: 'Leiden'" in screen.line_text("count")
        await pilot.press("escape")
        await pilot.pause()
        assert screen.query_one("#filter", Input).value == ""
        assert len(names(screen)) == everyone


@drive
async def test_a_word_typed_fast_keeps_every_letter(app, demo_ws):
    """A paste or a fast typist: "Portaal" reaches the app before the filter has the focus;
    its section keys (o, t, a) go into the filter too, not to the list ("Prl")."""
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        await burst(pilot, *"Portaal")
        assert pilot.app.screen is screen
        assert screen.query_one("#filter", Input).value == "Portaal"
        assert names(screen) == ["Portaal"]
        await pilot.press("escape")  # back to the list; then f and a word typed fast
        await pilot.pause()
        await burst(pilot, *"fPlatform")
        assert screen.query_one("#filter", Input).value == "Platform"


@drive
async def test_s_cycles_the_sort_order(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        by_name = names(screen)
        assert by_name == sorted(by_name, key=str.casefold)
        await pilot.press("s")
        await pilot.pause()
        kinds = [screen.table.records[k].kind for k in screen.table.order]
        assert kinds == sorted(kinds)
        await pilot.press("s")
        await pilot.pause()
        people = [screen.table.records[k].people for k in screen.table.order]
        assert people == sorted(people, reverse=True)
        assert "personen" in screen.line_text("count")


@drive
async def test_the_list_pages_from_the_database(app, demo_ws):
    for i in range(250):
        demo_ws.organisations.create(name=f"Zz Bewonersgroep {i:03d}", kind="bewonersinitiatief")
    total = demo_ws.organisations.list(limit=1).total
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        table = screen.table
        assert table.total == total
        page = table.page_size
        # the first page only: what the terminal can show and the margin (read before the
        # list was laid out)
        first = min(page, SIZE[1] + table.margin)
        assert len(table.order) == first < total
        table.move_cursor(row=first - 5)
        await pilot.pause()
        assert len(table.order) == first + page
        for _ in range(5):
            await pilot.press("ctrl+end")
            await pilot.pause()
        assert table.first + len(table.order) == total  # the end reached
        assert len(table.order) <= table.window  # the first pages dropped on the way


@drive
async def test_enter_opens_the_partner_detail(app, demo_ws):
    org = demo_ws.organisations.by_name("Portaal")
    detail = demo_ws.organisations.detail(org.id)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, demo_ws, "Portaal")
        text = text_of(screen)
        assert "Portaal" in text
        assert "woningcorporatie" in text
        people = screen.query_one("#people")
        assert [people.records[k].name for k in people.order] == [p.name for p in detail["people"]]
        await pilot.press("2")  # the memberships tab
        await pilot.pause()
        assert "Samenwerkingstafel Woningbouw" in text_of(screen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PartnersScreen)


@drive
async def test_edit_shows_the_error_next_to_the_field_then_saves(app, demo_ws):
    org = demo_ws.organisations.by_name("Portaal")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        screen.table.select_key(org.id)
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        form.field_widget("website").value = "www"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form  # still open
        error = str(form.query_one("#error-website", Static).render())
        assert "http://" in error and "www" in error
        assert form.query_one("#field-website").has_class("-invalid")
        assert not form.query_one("#field-name").has_class("-invalid")
        assert demo_ws.organisations.get(org.id).website == org.website
        form.field_widget("website").value = "https://www.portaal.nl"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
    stored = demo_ws.organisations.get(org.id)
    assert stored.website == "https://www.portaal.nl"
    assert stored.version == org.version + 1


@drive
async def test_new_partner_with_a_missing_name_then_saved(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        form.field_widget("kind").value = "bewonersinitiatief"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "verplicht" in str(form.query_one("#error-name", Static).render())
        form.field_widget("name").value = "Buurtvereniging Noord"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        created = demo_ws.organisations.by_name("Buurtvereniging Noord")
        assert created is not None and created.kind == "bewonersinitiatief"
        assert screen.table.current_record.id == created.id


@drive
async def test_create_and_delete_a_person(app, demo_ws):
    org = demo_ws.organisations.by_name("Portaal")
    before = len(demo_ws.people.of_organisation(org.id))
    async with app().run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, demo_ws, "Portaal")
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        form.field_widget("name").value = "Ria Nieuw"
        form.field_widget("email").value = "geen-adres"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "e-mailadres" in str(form.query_one("#error-email", Static).render())
        form.field_widget("email").value = "ria@portaal.nl"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is detail
        people = demo_ws.people.of_organisation(org.id)
        assert len(people) == before + 1
        ria = next(p for p in people if p.name == "Ria Nieuw")
        table = detail.query_one("#people")
        assert table.current_record.id == ria.id
        assert "Ria Nieuw" in text_of(detail)

        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
        assert pilot.app.screen is detail
        assert demo_ws.people.find(ria.id) is None
        assert "Ria Nieuw" not in text_of(detail)


@drive
async def test_deleting_a_partner_in_use_is_refused_with_a_message(app, demo_ws):
    org = demo_ws.organisations.by_name("Portaal")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        screen.table.select_key(org.id)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert pilot.app.screen is screen
        messages = [n.message for n in pilot.app._notifications]
        assert any("wordt nog gebruikt" in m for m in messages)
    assert demo_ws.organisations.find(org.id) is not None


@drive
async def test_deleting_an_unused_partner(app, demo_ws):
    org = demo_ws.organisations.create(name="Aaa Tijdelijk", kind="overig")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        assert screen.table.select_key(org.id)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert str(org.id) not in screen.table.records
    assert demo_ws.organisations.find(org.id) is None


@drive
async def test_a_conflicting_edit_opens_the_conflict_dialog(app, demo_ws):
    org = demo_ws.organisations.by_name("Portaal")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        screen.table.select_key(org.id)
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        # Somebody else saves the same version first.
        demo_ws.organisations.update(org.id, org.version, notes="Gewijzigd door een ander")
        form.field_widget("website").value = "https://portaal.nl/nieuw"
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ConflictScreen)
        shown = text_of(dialog)
        assert "Opgeslagen versie" in shown and "Uw wijziging" in shown
        assert "Gewijzigd door een ander" in shown  # the stored version
        assert "https://portaal.nl/nieuw" in shown  # your change
        await pilot.press("m")  # reapply my change on the new version
        await pilot.pause()
        assert pilot.app.screen is screen
    stored = demo_ws.organisations.get(org.id)
    assert stored.website == "https://portaal.nl/nieuw"
    assert stored.notes == "Gewijzigd door een ander"
    assert stored.version == org.version + 2


@drive
async def test_conflict_reload_shows_the_stored_version(app, demo_ws):
    org = demo_ws.organisations.by_name("Portaal")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        screen.table.select_key(org.id)
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        demo_ws.organisations.update(org.id, org.version, website="https://ander.nl")
        form.field_widget("website").value = "https://mijn.nl"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConflictScreen)
        await pilot.press("r")
        await pilot.pause()
        assert pilot.app.screen is form
        assert form.field_widget("website").value == "https://ander.nl"
        assert form.version == org.version + 1
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen
    assert demo_ws.organisations.get(org.id).website == "https://ander.nl"


@drive
async def test_names_with_brackets_are_shown_as_typed(app, demo_ws):
    org = demo_ws.organisations.create(name="Aaa [/b] Bouw [red]", kind="overig")
    demo_ws.people.create(name="Piet [bold]", organisation_id=org.id)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        assert "Aaa [/b] Bouw [red]" in text_of(screen)
        detail = await open_detail(pilot, demo_ws, "Aaa [/b] Bouw [red]")
        assert "Piet [bold]" in text_of(detail)
        await pilot.press("d", "j")  # a confirm question with brackets, then the notice
        await pilot.pause()
        assert "Piet [bold]" not in text_of(detail)


def test_a_capped_total_reads_as_at_least():
    """Counts stop at COUNT_CAP; every paged list shows such a total as "10000+"."""
    from stadstafel.records import COUNT_CAP
    from stadstafel.tui.widgets.paged import PagedRecordTable

    table = PagedRecordTable([])
    table.total = COUNT_CAP
    assert table.total_text == f"{COUNT_CAP}+"
    table.total = COUNT_CAP - 1
    assert table.total_text == str(COUNT_CAP - 1)


@drive
async def test_a_tab_is_filled_when_it_is_first_shown(app, demo_ws):
    """Opening a partner builds and fills the people list only; another tab's list is built
    and filled when that tab is shown, and shows the partner's records then."""
    org = demo_ws.organisations.by_name("Portaal")
    detail = demo_ws.organisations.detail(org.id)
    assert detail["memberships"]
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, demo_ws, "Portaal")
        assert screen.focused is screen.query_one("#people")
        assert not screen.query("#memberships")  # not built while hidden
        await pilot.press("2")
        await pilot.pause()
        memberships = screen.query_one("#memberships")
        assert len(memberships.order) == len(detail["memberships"])
        assert screen.focused is memberships
