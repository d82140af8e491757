"""Actions and toezeggingen: filters, close, reopen, edit, new, and the stuck review."""

from __future__ import annotations

from support import drive
from textual.widgets import Input, Select

from stadstafel.tui.modals import PickerScreen
from stadstafel.tui.screens.actions import ActionsScreen, StuckScreen
from stadstafel.tui.widgets.form import FormScreen

SIZE = (80, 24)


def text_of(screen) -> str:
    strips = screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


def fill_form(form: FormScreen, **values) -> None:
    for name, value in values.items():
        widget = form.field_widget(name)
        if isinstance(widget, Select):
            widget.value = value
        elif isinstance(widget, Input):
            widget.value = str(value)
        else:
            widget.text = str(value)


async def open_actions(pilot) -> ActionsScreen:
    await pilot.press("a")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ActionsScreen)
    return screen


def shown(screen: ActionsScreen) -> list:
    view = screen.list_view
    return [view.records[key] for key in view.order]


@drive
async def test_open_actions_sorted_by_due_with_overdue_marked(app, demo_ws):
    expected = demo_ws.actions.list()
    overdue = demo_ws.actions.list(overdue=True).total
    assert 0 < overdue < expected.total
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        rows = shown(screen)
        assert screen.list_view.total == expected.total
        assert all(r.status == "open" for r in rows)
        dues = [r.due for r in rows if r.due]
        assert dues == sorted(dues)
        assert text_of(screen).count("! te laat") >= min(overdue, 15)


@drive
async def test_overdue_only(app, demo_ws):
    overdue = demo_ws.actions.list(overdue=True)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        await pilot.press("o")
        await pilot.pause()
        rows = shown(screen)
        assert screen.list_view.total == overdue.total
        assert {r.id for r in rows} == {r.id for r in overdue.rows}
        assert all(r.overdue for r in rows)
        assert "alleen te laat" in text_of(screen)
        await pilot.press("o")
        await pilot.pause()
        assert screen.list_view.total == demo_ws.actions.list().total


@drive
async def test_close_an_action_and_reopen_it(app, demo_ws):
    first = demo_ws.actions.list().rows[0]
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        assert screen.list_view.current_record.id == first.id
        await pilot.press("g")
        await pilot.pause()
        closed = demo_ws.actions.get(first.id)
        assert closed.status == "gereed" and closed.done_on == "2027-01-04"
        assert first.id not in {r.id for r in shown(screen)}
        await pilot.press("A")  # show done ones too
        await pilot.pause()
        assert first.id in {r.id for r in shown(screen)}
        screen.list_view.select_key(first.id)
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert demo_ws.actions.get(first.id).status == "open"


@drive
async def test_filter_by_partner_through_the_dialog(app, demo_ws):
    gemeente = demo_ws.organisations.by_name("Gemeente Leiden")
    expected = demo_ws.actions.list(owner_org_id=gemeente.id)
    assert 0 < expected.total < demo_ws.actions.list().total
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickerScreen)
        await pilot.press("enter")  # "Partner: alle"
        await pilot.pause()
        await pilot.press(*"Gemeente Leiden", "enter")
        await pilot.pause()
        assert screen.owner_org_id == gemeente.id
        assert {r.id for r in shown(screen)} == {r.id for r in expected.rows}
        assert "partner: Gemeente Leiden" in text_of(screen)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"wissen", "enter")
        await pilot.pause()
        assert screen.owner_org_id is None
        assert screen.list_view.total == demo_ws.actions.list().total


@drive
async def test_filter_by_table_and_kind(app, demo_ws):
    table = demo_ws.tables.by_name("Samenwerkingstafel Woningbouw")
    expected = demo_ws.actions.list(table_id=table.id, kind="toezegging")
    assert expected.total > 0
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        await pilot.press("f", *"Tafel", "enter")
        await pilot.pause()
        await pilot.press(*"Woningbouw", "enter")
        await pilot.pause()
        await pilot.press("f", *"Soort", "enter")
        await pilot.pause()
        await pilot.press(*"toezegging", "enter")
        await pilot.pause()
        assert {r.id for r in shown(screen)} == {r.id for r in expected.rows}


@drive
async def test_typing_searches_the_text(app, demo_ws):
    expected = demo_ws.actions.list(filter="woonprogramma")
    assert 0 < expected.total < demo_ws.actions.list().total
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        await pilot.press(*"woonprogramma")  # "w" is no key here: typing goes to the filter
        await pilot.pause()
        assert screen.query_one("#filter", Input).value == "woonprogramma"
        assert {r.id for r in shown(screen)} == {r.id for r in expected.rows}


@drive
async def test_edit_with_enter(app, demo_ws):
    first = demo_ws.actions.list().rows[0]
    async with app().run_test(size=SIZE) as pilot:
        await open_actions(pilot)
        await pilot.press("enter")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        assert form.field_widget("text").text == first.text
        fill_form(form, due="2027-02-15")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen)
    assert demo_ws.actions.get(first.id).due == "2027-02-15"


@drive
async def test_new_action_for_a_table(app, demo_ws):
    table = demo_ws.tables.by_name("Leiden Kennisstad")
    member = demo_ws.tables.members(table.id)[0]
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickerScreen)
        await pilot.press(*"Leiden Kennisstad")
        await pilot.pause()
        picker = pilot.app.screen
        picker.query_one("OptionList").highlighted = next(
            i for i, (label, _) in enumerate(picker.shown) if label == table.name
        )
        await pilot.press("enter")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        fill_form(
            form,
            text="Nieuwe actie uit de gang",
            owner_org_id=member.organisation_id,
            due="2027-01-20",
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.list_view.current_record.text == "Nieuwe actie uit de gang"
    rows = demo_ws.actions.list(table_id=table.id).rows
    assert any(r.text == "Nieuwe actie uit de gang" for r in rows)


@drive
async def test_stuck_review(app, demo_ws):
    stuck = demo_ws.overview.stuck()
    async with app().run_test(size=SIZE) as pilot:
        await open_actions(pilot)
        await pilot.press("s")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, StuckScreen)
        text = text_of(screen)
        assert f"Te laat per partner ({len(stuck['overdue'])})" in text
        assert f"Punten twee keer of vaker doorgeschoven ({len(stuck['postponed'])})" in text
        assert "Doelen zonder open actie" in text
        for row in stuck["overdue"][:3]:
            assert row.organisation[:20] in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ActionsScreen)


@drive
async def test_refresh_keeps_the_cursor(app, demo_ws):
    rows = demo_ws.actions.list().rows
    target = rows[4]
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        screen.list_view.select_key(target.id)
        demo_ws.actions.close(rows[0].id, rows[0].version)  # another session
        screen.refresh_data()
        await pilot.pause()
        assert screen.list_view.current_record.id == target.id
        assert rows[0].id not in {r.id for r in shown(screen)}


@drive
async def test_focus_action_finds_it_behind_filters(app, demo_ws):
    rows = demo_ws.actions.list().rows
    target = rows[-1]
    demo_ws.actions.close(target.id, target.version)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        await pilot.press("o")  # overdue only: the closed action is hidden twice over
        await pilot.pause()
        screen.focus_action(target.id)
        await pilot.pause()
        assert screen.list_view.current_record.id == target.id
        assert not screen.overdue and screen.closed_too


@drive
async def test_the_form_offers_names_as_they_are_now_and_never_overwrites_silently(app, demo_ws):
    """An organisation and a person renamed by another writer after the list was shown are
    offered by their new names (literally) when the form opens; its owner dropdowns, made
    when opened, choose and save; a change by another writer meanwhile is a conflict."""
    from textual.widgets._select import SelectOverlay

    from stadstafel.tui.modals import ConflictScreen

    first = demo_ws.actions.list().rows[0]
    member = next(
        m for m in demo_ws.tables.members(first.table_id)
        if demo_ws.people.of_organisation(m.organisation_id)
    )  # fmt: skip
    org = demo_ws.organisations.get(member.organisation_id)
    person = demo_ws.people.of_organisation(org.id)[0]
    async with app().run_test(size=SIZE) as pilot:
        await open_actions(pilot)
        renamed = "Hernoemd [/x] [@click=app.quit]x \x1b[2J"
        demo_ws.organisations.update(org.id, org.version, name=renamed)
        demo_ws.people.update(person.id, person.version, name="Nieuwe [b]Naam[/b]")
        await pilot.press("enter")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        owner = form.field_widget("owner_org_id")
        await pilot.press("tab", "tab", "enter")  # Wat → Soort → Eigenaar (organisatie)
        await pilot.pause()
        assert owner.expanded and pilot.app.focused is owner.query_one(SelectOverlay)
        overlay = owner.query_one(SelectOverlay)
        labels = [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)]
        assert org.name not in labels
        assert "Hernoemd [/x] [@click=app.quit]x" in " ".join(labels)
        assert not any("\x1b" in label for label in labels)
        overlay.highlighted = next(i for i, label in enumerate(labels) if "Hernoemd" in label)
        await pilot.press("enter")
        await pilot.pause()
        assert owner.value == org.id and not owner.expanded
        people = form.field_widget("owner_person_id")
        labels = {value: str(label) for label, value in people._options}
        assert labels[person.id].startswith("Nieuwe [b]Naam[/b] — Hernoemd [/x]")
        people.value = person.id
        other = demo_ws.actions.update(first.id, first.version, due="2027-03-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConflictScreen), form.errors
    stored = demo_ws.actions.get(first.id)
    assert stored.due == "2027-03-01" and stored.version == other.version
