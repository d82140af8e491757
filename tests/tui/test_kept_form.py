"""An action's form is built once and shown again (``push_form``, ``FormScreen.refill``): each
opening must look and behave as a new form of that action would, with nothing of the form
before it (values, typed text, errors, focus, scroll, undo history, options, the version a
save is checked against)."""

from __future__ import annotations

import pytest
from support import drive, steady_cursor
from test_role_keys import act_as

from stadstafel.tui.modals import ConfirmScreen, ConflictScreen
from stadstafel.tui.screens.actions import ActionsScreen
from stadstafel.tui.widgets.form import KEPT_FORM, FormScreen

SIZE = (80, 24)


def cells(app) -> list[list[tuple[str, str]]]:
    """Every cell of the screen: its character and its style (as text)."""
    rows = []
    for strip in app.screen._compositor.render_strips():
        rows.append([(ch, str(seg.style)) for seg in strip for ch in seg.text])
    return rows


async def open_actions(pilot) -> ActionsScreen:
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ActionsScreen)
    return pilot.app.screen


async def edit_row(pilot, downs: int) -> FormScreen:
    """Enter on the list's row ``downs`` below the first (the list's cursor on the first)."""
    screen = pilot.app.screen
    assert isinstance(screen, ActionsScreen)
    screen.list_view.move_cursor(row=0)
    await pilot.pause()
    for _ in range(downs):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    return form


async def edit_action(pilot, action_id: int) -> FormScreen:
    """Enter on the list's row of ``action_id``."""
    screen = pilot.app.screen
    assert isinstance(screen, ActionsScreen) and screen.list_view.find(action_id)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    return form


async def save_due(pilot, form: FormScreen, due: str) -> None:
    """``due`` typed into ``form``'s deadline, then Ctrl+S, settled."""
    form.field_widget("due").value = due
    await pilot.press("ctrl+s")
    await pilot.pause()


async def throw_away(pilot) -> None:
    """Escape, and throw the changes away when asked."""
    await pilot.press("escape")
    await pilot.pause()
    if isinstance(pilot.app.screen, ConfirmScreen):
        await pilot.press("j")
        await pilot.pause()
    assert isinstance(pilot.app.screen, ActionsScreen)


def still_cursor(form: FormScreen) -> None:
    """The text area's cursor drawn steadily, shown (it has the focus): a blink between two
    pictures is not a difference (``support.steady_cursor``: stopped shown, not turned off)."""
    text = form.field_widget("text")
    assert text.has_focus  # else the focus arriving later would start the blink again
    steady_cursor(text)


async def messy(pilot, form: FormScreen) -> None:
    """Leave every trace a person can leave on a form: text typed over several lines (the
    text area scrolled, an undo history), the due date wrong (its error, after a failed
    save), a dropdown opened and closed, the focus moved on."""
    await pilot.press("end")
    for line in ("twee", "drie", "vier", "vijf", "zes"):
        await pilot.press("enter", *f"regel {line}")
    await pilot.pause()
    assert form.field_widget("text").scroll_y > 0
    await save_due(pilot, form, "morgen")
    assert set(form.errors) == {"due"}
    assert pilot.app.focused is form.field_widget("due")  # the field in error
    await pilot.press("shift+tab", "shift+tab", "enter")  # the organisation's list, opened
    await pilot.pause()
    assert form.field_widget("owner_org_id").expanded
    await pilot.press("escape")  # closed again
    await pilot.press("tab", "tab")  # on to the due date
    await pilot.pause()
    assert pilot.app.focused is form.field_widget("due")


@pytest.mark.parametrize("size", [SIZE, (80, 16)])  # at 16 lines the fields scroll
@drive
async def test_a_kept_form_shows_the_next_action_as_a_new_form_would(app, demo_ws, size):
    """Every cell of the form for the second action, reopened after a messy edit of the
    first (typed, errors, dropdown, focus moved, thrown away), equals the form a new app
    builds for it; the kept form is the same screen."""
    rows = demo_ws.actions.list().rows
    async with app().run_test(size=size) as pilot:
        await open_actions(pilot)
        first = await edit_row(pilot, 0)
        await messy(pilot, first)
        scrolled = first.query_one("#fields").scroll_y
        assert scrolled > 0 or size == SIZE
        await throw_away(pilot)
        kept = await edit_row(pilot, 1)
        assert kept is first and pilot.app.get_screen(KEPT_FORM) is kept
        still_cursor(kept)
        await pilot.pause()
        again = cells(pilot.app)
        assert kept.field_widget("text").text == rows[1].text
        assert pilot.app.focused is kept.field_widget("text")
        assert not kept.errors and not kept.query(".field-row.-invalid")
        assert not [w for w in kept.query(".field-error") if w.display]
    async with app().run_test(size=size) as pilot:
        await open_actions(pilot)
        new = await edit_row(pilot, 1)
        still_cursor(new)
        await pilot.pause()
        assert cells(pilot.app) == again
    assert demo_ws.actions.get(rows[0].id).version == rows[0].version  # nothing saved


@drive
async def test_edit_a_then_b_saves_b_on_its_own_version(app, demo_ws):
    """The kept form saves the action it shows, checked against that action's version:
    after editing and saving A, B's save changes B only; A opened again saves on A's new
    version (no conflict); a change by another writer meanwhile is still a conflict."""
    a, b = demo_ws.actions.list().rows[:2]
    async with app().run_test(size=SIZE) as pilot:
        await open_actions(pilot)
        form = await edit_row(pilot, 0)
        await save_due(pilot, form, "2027-05-01")
        assert not isinstance(pilot.app.screen, FormScreen)
        a_saved = demo_ws.actions.get(a.id)
        assert a_saved.due == "2027-05-01"
        form_b = await edit_action(pilot, b.id)
        assert form_b is form and form_b.version == b.version
        assert form_b.field_widget("due").value == (b.due or "")
        await save_due(pilot, form_b, "2027-05-02")
        assert not isinstance(pilot.app.screen, FormScreen)
        assert demo_ws.actions.get(b.id).due == "2027-05-02"
        assert demo_ws.actions.get(a.id).version == a_saved.version  # A untouched
        form_a = await edit_action(pilot, a.id)
        assert form_a.version == a_saved.version
        await save_due(pilot, form_a, "2027-05-03")
        assert not isinstance(pilot.app.screen, FormScreen)
        a_again = demo_ws.actions.get(a.id)
        assert a_again.due == "2027-05-03"
        form_a = await edit_action(pilot, a.id)
        other = demo_ws.actions.update(a.id, a_again.version, due="2027-06-01")
        await save_due(pilot, form_a, "2027-05-04")
        assert isinstance(pilot.app.screen, ConflictScreen)
    stored = demo_ws.actions.get(a.id)
    assert stored.due == "2027-06-01" and stored.version == other.version


@drive
async def test_new_after_edit_and_edit_after_new(app, demo_ws):
    """A new action's form after an edit shows no value of the action edited (the kind's
    default, nothing else) and creates; an edit after a new action's form shows the action
    edited, not what was typed into the new one, and updates it."""
    a = demo_ws.actions.list().rows[0]
    table = demo_ws.tables.get(a.table_id)
    before = demo_ws.actions.list(table_id=table.id, status=None).total
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        form = await edit_row(pilot, 0)
        await pilot.press(*"getypt")
        await throw_away(pilot)
        screen._new_for(table.id)
        await pilot.pause()
        new = pilot.app.screen
        assert new is form and new.version is None
        assert new.values() == {
            "text": None,
            "kind": "actie",
            "owner_org_id": None,
            "owner_person_id": None,
            "due": None,
        }
        assert table.name in new.form_title and not new.changed
        new.field_widget("text").text = "Nieuw na een wijziging"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen)
        assert demo_ws.actions.list(table_id=table.id, status=None).total == before + 1
        screen._new_for(table.id)
        await pilot.pause()
        await pilot.press(*"nooit bewaard")
        await throw_away(pilot)
        edit = await edit_action(pilot, a.id)
        assert edit is form and edit.version == a.version
        assert edit.field_widget("text").text == a.text and not edit.changed
        await save_due(pilot, edit, "2027-07-01")
    assert demo_ws.actions.get(a.id).due == "2027-07-01"
    assert demo_ws.actions.list(table_id=table.id, status=None).total == before + 1
    assert not [r for r in demo_ws.actions.list(status=None).rows if "nooit" in (r.text or "")]


@drive
async def test_undo_does_not_bring_back_the_text_of_the_form_before(app, demo_ws):
    """ctrl+z in the reopened form's text area undoes nothing of the previous action's
    typing (its undo history went with it); the focus is on the first field, the fields
    scrolled to the top."""
    a, b = demo_ws.actions.list().rows[:2]
    async with app().run_test(size=SIZE) as pilot:
        await open_actions(pilot)
        form = await edit_row(pilot, 0)
        await pilot.press(*"weg ermee")
        await pilot.pause()
        assert form.field_widget("text").text != a.text
        await pilot.press("tab", "tab", "tab", "tab")  # down to the due date: scrolled
        await throw_away(pilot)
        again = await edit_row(pilot, 1)
        assert again is form
        text = again.field_widget("text")
        assert pilot.app.focused is text and again.query_one("#fields").scroll_y == 0
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")
        await pilot.pause()
        assert text.text == b.text
        assert not again.changed


@drive
async def test_the_options_are_those_of_now(app, demo_ws):
    """An organisation that joined the action's table and a person added to it after the
    form was first shown are offered when it is shown again; an organisation that left
    the table is not."""
    a = demo_ws.actions.list().rows[0]
    async with app().run_test(size=SIZE) as pilot:
        await open_actions(pilot)
        form = await edit_row(pilot, 0)
        await pilot.press("tab", "tab", "enter")  # the organisation's list made
        await pilot.pause()
        await pilot.press("escape")  # the list closed
        await pilot.press("escape")  # the form closed
        await pilot.pause()
        assert isinstance(pilot.app.screen, ActionsScreen)
        newcomer = demo_ws.organisations.create(name="Aaa Nieuwkomer", kind="overig")
        demo_ws.memberships.add(a.table_id, newcomer.id)
        person = demo_ws.people.create(name="Nel Nieuw", organisation_id=newcomer.id)
        leaving = next(
            m
            for m in demo_ws.tables.members(a.table_id)
            if m.organisation_id not in (a.owner_org_id, newcomer.id)
        )
        demo_ws.memberships.remove(leaving.id, leaving.version)
        again = await edit_row(pilot, 0)
        assert again is form
        orgs = {v for _label, v in again.field_widget("owner_org_id")._options}
        people = {v for _label, v in again.field_widget("owner_person_id")._options}
        assert newcomer.id in orgs and person.id in people
        assert leaving.organisation_id not in orgs
        await pilot.press("tab", "tab", "enter")  # made again, from the options of now
        await pilot.pause()
        from textual.widgets._select import SelectOverlay

        overlay = again.field_widget("owner_org_id").query_one(SelectOverlay)
        labels = [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)]
        assert "Aaa Nieuwkomer" in labels
        assert len(labels) == len(again.field_widget("owner_org_id")._options)


@drive
async def test_a_role_without_the_right_and_the_error_it_left(app, demo_ws):
    """A save refused in the form (the role became a reader's while it was open: the refusal
    at the top); the form shown next, for someone who may, has no refusal on it and saves; a
    reader's new action is refused before any form opens, kept or not."""
    a, b = demo_ws.actions.list().rows[:2]
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        form = await edit_row(pilot, 0)
        act_as(demo_ws, "lezer")
        await save_due(pilot, form, "2027-08-01")
        assert pilot.app.screen is form
        banner = form.query_one("#form-error")
        assert banner.has_class("-shown")
        await throw_away(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ActionsScreen)
        act_as(demo_ws, "beheerder")
        again = await edit_row(pilot, 1)
        assert again is form and not banner.has_class("-shown")
        await save_due(pilot, again, "2027-08-02")
        assert not isinstance(pilot.app.screen, FormScreen)
        assert screen is pilot.app.screen
    assert demo_ws.actions.get(a.id).due == a.due
    assert demo_ws.actions.get(b.id).due == "2027-08-02"


@drive
async def test_shown_again_drawn_whole_and_not_restyled(app, demo_ws, monkeypatch):
    """Shown again for another action, the kept form's first frame is the whole screen,
    laid out with the new values (an owner's name wrapping onto a second line): not a part
    drawn after a layout that the widgets asked for as the form showed, followed by the
    whole. It is not restyled while the CSS is the one it was styled with; a theme chosen
    meanwhile restyles it, to the picture a new form in that theme has."""
    from textual.app import App

    from stadstafel.testing import drawing_counted

    long = "Een organisatie met een naam zo lang dat zij in de keuzelijst over twee regels loopt"
    org = demo_ws.organisations.create(name=long, kind="overig")
    rows = demo_ws.actions.list().rows
    demo_ws.memberships.add(rows[1].table_id, org.id)
    b = demo_ws.actions.update(
        rows[1].id, rows[1].version, owner_org_id=org.id, owner_person_id=None
    )
    _frames, styled = drawing_counted(monkeypatch)
    drawn: list = []
    display = App._display

    def recorded(self, screen, renderable):
        if renderable is not None:
            drawn.append((screen, type(renderable).__name__))
        return display(self, screen, renderable)

    monkeypatch.setattr(App, "_display", recorded)
    async with app().run_test(size=SIZE) as pilot:
        await open_actions(pilot)
        form = await edit_row(pilot, 0)
        await throw_away(pilot)
        assert pilot.app.screen.list_view.find(b.id)
        await pilot.pause()
        styled.clear()
        drawn.clear()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        assert pilot.app.screen is form
        first = next(kind for screen, kind in drawn if screen is form)
        assert first == "LayoutUpdate"  # the whole screen (a part is a ChopsUpdate)
        assert form.field_widget("owner_org_id").children[0].size.height == 2  # wrapped
        # Only the dropdown whose value went from none to one (its class), not the screen.
        assert {type(node).__name__ for node in styled} <= {"DrawnCurrent", "ComponentNode"}
        await throw_away(pilot)
        pilot.app.theme = "leiden"
        await pilot.pause()
        await edit_action(pilot, b.id)
        assert form in styled  # restyled for the theme
        still_cursor(form)
        await pilot.pause()
        themed = cells(pilot.app)
    async with app().run_test(size=SIZE) as pilot:
        pilot.app.theme = "leiden"
        await open_actions(pilot)
        new = await edit_action(pilot, b.id)
        still_cursor(new)
        await pilot.pause()
        assert cells(pilot.app) == themed


@drive
async def test_closed_it_stops_blinking_and_retrying(app, demo_ws, monkeypatch):
    """Closed, the kept form's focused text area stops its cursor's timer (it would tick
    twice a second for the rest of the session), and shows its cursor again when the form
    is shown again; the form lets go of the dimmed screen it drew; a save waiting for a busy
    database is not retried once the form is closed, however it was closed."""
    from stadstafel.errors import BusyError

    async with app().run_test(size=SIZE) as pilot:
        await open_actions(pilot)
        form = await edit_row(pilot, 0)
        text = form.field_widget("text")
        await throw_away(pilot)
        assert not text._cursor_visible and not text.blink_timer._active.is_set()
        assert form._render_cache.lines == []  # the dimmed list it drew: not kept
        again = await edit_row(pilot, 1)
        assert again is form
        assert text._cursor_visible and text.blink_timer._active.is_set()
        tries = []

        def busy(values):
            tries.append(values)
            raise BusyError("bezig")

        monkeypatch.setattr(form, "submit", busy)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(tries) == 1 and form._retry is not None
        pilot.app.pop_screen()  # closed without Escape (which stops the retry itself)
        await pilot.pause(0.8)  # longer than a retry's wait
        assert len(tries) == 1 and form._retry is None


@drive
async def test_another_language_builds_the_form_anew(app, demo_ws):
    """The kept form's labels and buttons are in the language it was built in: after a
    switch the next form is built anew, in the new language, and kept instead."""
    from stadstafel import i18n

    async with app().run_test(size=SIZE) as pilot:
        await open_actions(pilot)
        dutch = await edit_row(pilot, 0)
        await throw_away(pilot)
        try:
            i18n.set_language("en")
            english = await edit_row(pilot, 1)
            assert english is not dutch and pilot.app.get_screen(KEPT_FORM) is english
            assert "Save (ctrl+s)" in str(english.query_one("#save").label)
            assert not dutch.is_attached or not pilot.app.is_screen_installed(dutch)
        finally:
            i18n.set_language("nl")


@drive
async def test_shown_again_after_the_terminal_was_resized(app, demo_ws):
    """A terminal resized while the form was closed: the kept form shows at the new size as
    a new form would."""
    async with app().run_test(size=SIZE) as pilot:
        await open_actions(pilot)
        form = await edit_row(pilot, 0)
        await throw_away(pilot)
        await pilot.resize_terminal(100, 20)
        await pilot.pause()
        again = await edit_row(pilot, 1)
        assert again is form
        still_cursor(again)
        await pilot.pause()
        resized = cells(pilot.app)
    async with app().run_test(size=(100, 20)) as pilot:
        await open_actions(pilot)
        new = await edit_row(pilot, 1)
        still_cursor(new)
        await pilot.pause()
        assert cells(pilot.app) == resized


@pytest.mark.parametrize("role", ["lezer", "partner"])
@drive
async def test_enter_on_an_action_one_may_not_change_opens_no_form(app, demo_ws, role):
    """A role without the right to manage an action (a reader, a partner) gets no form to type
    into for nothing (its save would be refused): Enter says why, in the words of the key
    refused, and the list stays; whoever may gets the form."""
    act_as(demo_ws, role)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_actions(pilot)
        screen.list_view.move_cursor(row=0)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        said = [str(n.message) for n in pilot.app._notifications]
        assert any(m.startswith("U mist het recht 'acties beheren'") for m in said), said
        act_as(demo_ws, "beheerder")
        assert isinstance(await edit_row(pilot, 0), FormScreen)


@drive
async def test_a_form_left_open_in_another_section_is_not_taken_for_the_next(app, demo_ws):
    """An action's form left open in Actions while the person goes to Partners (the palette
    goes there over a form) and makes a partner's new action there: that is another form,
    and the edit waiting in Actions is as it was left, saved on that action alone (the kept
    form was refilled for the new action while still open in Actions, and its Ctrl+S there
    made the new action a second time)."""
    from test_contextual_new import open_partner

    a = demo_ws.actions.list().rows[0]
    async with app().run_test(size=SIZE) as pilot:
        await open_actions(pilot)
        editing = await edit_row(pilot, 0)
        editing.field_widget("due").value = "2027-09-09"
        pilot.app.switch_mode("partners")
        await pilot.pause()
        detail, _org = await open_partner(pilot, demo_ws, "De Sleutels")
        await pilot.press("4", "n")
        await pilot.pause()
        made = pilot.app.screen
        assert isinstance(made, FormScreen) and made is not editing
        made.field_widget("text").text = "Plintenlijst delen"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is detail
        pilot.app.switch_mode("actions")
        await pilot.pause()
        assert pilot.app.screen is editing and editing.field_widget("due").value == "2027-09-09"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ActionsScreen)
    assert demo_ws.actions.get(a.id).due == "2027-09-09"
    texts = [r.text for r in demo_ws.actions.list(limit=None).rows]
    assert texts.count("Plintenlijst delen") == 1


@drive
async def test_the_status_line_offers_enter_only_to_whom_may_change_the_action(app, demo_ws):
    """The list's status line says what Enter does: "Enter wijzigen" to whoever may change
    the action under the cursor, not to a reader (for whom Enter says why not)."""
    for role, offered in (("lezer", False), ("beheerder", True)):
        act_as(demo_ws, role)
        async with app().run_test(size=SIZE) as pilot:
            screen = await open_actions(pilot)
            status = screen.line_text("status")
            assert ("Enter wijzigen" in status) is offered, (role, status)
            assert "acties en toezeggingen" in status
