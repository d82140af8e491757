"""Forms as a secretary expects them (issue 21, item 6): Escape on a changed form asks first,
empty date fields show the shape of a date (not a date), the rhythm is written as people say
it, the conflict dialog names fields and organisations and fits 80 columns, and after saving
a new record the list's cursor is on it."""

from __future__ import annotations

import pytest
from support import drive, settle
from textual.widgets import Input

from stadstafel import i18n
from stadstafel.tui.modals import ConfirmScreen, ConflictScreen
from stadstafel.tui.screens.partners import PartnersScreen
from stadstafel.tui.screens.tables import TablesScreen
from stadstafel.tui.widgets.form import FormField, FormScreen

SIZE = (80, 24)


def text_of(screen) -> str:
    strips = screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def open_form(pilot, form: FormScreen, answers: list) -> FormScreen:
    pilot.app.push_screen(form, answers.append)
    await pilot.pause()
    return form


def a_form(ws) -> FormScreen:
    return FormScreen(
        "Proef",
        [FormField("name", "Naam", required=True, value="Portaal"),
         FormField("due", "Uiterlijk", "date"),
         FormField("starts_at", "Begin", "datetime")],
        submit=lambda values: values,
    )  # fmt: skip


# -- Escape -------------------------------------------------------------------------------------
@drive
async def test_escape_on_an_unchanged_form_closes_it_at_once(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        answers: list = []
        form = await open_form(pilot, a_form(demo_ws), answers)
        await pilot.press("escape")
        await pilot.pause()
        assert answers == [None] and pilot.app.screen is not form


@drive
async def test_escape_on_a_changed_form_asks_before_throwing_it_away(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        answers: list = []
        form = await open_form(pilot, a_form(demo_ws), answers)
        form.field_widget("name").value = "Portaal Leiden"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert "weggooien" in text_of(pilot.app.screen)
        await pilot.press("n")  # keep editing: the typed text is still there
        await pilot.pause()
        assert pilot.app.screen is form and answers == []
        assert form.field_widget("name").value == "Portaal Leiden"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("j")  # throw it away
        await pilot.pause()
        assert answers == [None] and pilot.app.screen is not form


# -- placeholders -------------------------------------------------------------------------------
@drive
async def test_empty_date_fields_show_the_shape_of_a_date_not_a_date(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        form = await open_form(pilot, a_form(demo_ws), [])
        due, starts = form.field_widget("due"), form.field_widget("starts_at")
        assert isinstance(due, Input) and due.value == "" and starts.value == ""
        assert due.placeholder == "jjjj-mm-dd"
        assert starts.placeholder == "jjjj-mm-dd uu:mm"
        assert not any(ch.isdigit() for ch in due.placeholder + starts.placeholder)
    i18n.set_language("en")
    try:
        async with app().run_test(size=SIZE) as pilot:
            form = await open_form(pilot, a_form(demo_ws), [])
            assert form.field_widget("due").placeholder == "yyyy-mm-dd"
    finally:
        i18n.set_language("nl")


# -- rhythm -------------------------------------------------------------------------------------
def test_the_rhythm_is_taken_as_people_say_it(demo_ws):
    table = demo_ws.tables.by_name("Leiden Kennisstad")
    for said, stored in [
        ("elke 6 weken", "weeks:6"),
        ("maandelijks", "monthly"),
        ("elk kwartaal", "quarterly"),
        ("om de week", "weeks:2"),
        ("every 3 weeks", "weeks:3"),
        ("Elke twee weken", "weeks:2"),
        ("weeks:5", "weeks:5"),
    ]:
        table = demo_ws.tables.update(table.id, table.version, rhythm=said)
        assert table.rhythm == stored, said


@drive
async def test_the_table_form_shows_and_takes_the_rhythm_in_words(app, demo_ws):
    table = demo_ws.tables.by_name("Leiden Kennisstad")
    assert table.rhythm == "weeks:4"
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, TablesScreen)
        screen.table.select_key(table.id)
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        assert form.field_widget("rhythm").value == "elke 4 weken"
        form.field_widget("rhythm").value = "om de week"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert "elke 2 weken" in text_of(screen)
    assert demo_ws.tables.get(table.id).rhythm == "weeks:2"


# -- the conflict dialog ------------------------------------------------------------------------
def conflicting_action_form(ws) -> FormScreen:
    """An action's form whose record another session changes before it is saved."""
    action = next(a for a in ws.actions.list(limit=None).rows if a.owner_org_id)
    orgs = [(o.name, o.id) for o in ws.organisations.list(limit=None).rows]
    members = ws.tables.members(action.table_id)
    other = ws.organisations.get(
        next(m.organisation_id for m in members if m.organisation_id != action.owner_org_id)
    )
    form = FormScreen(
        "Actie wijzigen",
        [FormField("text", "Tekst", "textarea", value=action.text),
         FormField("owner_org_id", "Eigenaar", "select", options=orgs,
                   value=action.owner_org_id)],
        submit=lambda v: ws.actions.update(action.id, **v),
        version=action.version,
    )  # fmt: skip
    # someone else saves first
    ws.actions.update(action.id, action.version, owner_org_id=other.id, owner_person_id=None)
    return form, action, other


@drive
async def test_the_conflict_dialog_names_fields_and_organisations(app, demo_ws):
    form, action, other = conflicting_action_form(demo_ws)
    mine = demo_ws.organisations.get(action.owner_org_id)
    async with app().run_test(size=SIZE) as pilot:
        await open_form(pilot, form, [])
        form.field_widget("text").text = "Cijfers aanleveren, nu echt"
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ConflictScreen)
        await pilot.pause(0.3)  # the dialog's first frame
        shown = text_of(dialog)
        assert "Eigenaar" in shown and "(organisatie)" in shown
        assert "owner_org_id" not in shown
        assert other.name.split()[0] in shown and mine.name.split()[0] in shown
        for button in ("Herladen (r)", "Mijn wijziging (m)", "Annuleren (Esc)"):
            assert button in shown  # all three whole at 80 columns


def test_the_conflict_dialog_at_80_columns(snap_compare, app, demo_ws):
    form, _action, _other = conflicting_action_form(demo_ws)

    async def run_before(pilot) -> None:
        pilot.app.push_screen(form)
        await pilot.pause()
        form.field_widget("text").text = "Cijfers aanleveren, nu echt"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await settle(pilot)

    assert snap_compare(app(), terminal_size=SIZE, run_before=run_before)


# -- the cursor after saving --------------------------------------------------------------------
@drive
async def test_after_saving_a_new_partner_the_cursor_is_on_it(app, demo_ws):
    for n in range(40):  # a list longer than what is loaded at first
        demo_ws.organisations.create(name=f"Stichting {n:02}", kind="overig")
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, PartnersScreen)
        shown_before = len(screen.table.order)
        total = screen.table.total
        assert total > shown_before  # the new one sorts beyond the loaded rows
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        form.field_widget("name").value = "Zzz Wijkraad Noord"
        kind = form.field_widget("kind")
        kind.value = next(v for _label, v in form.fields[1].option_pairs())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.table.current_record.name == "Zzz Wijkraad Noord"


# -- the list behind the dialog ----------------------------------------------------------------
@drive
async def test_the_list_behind_a_form_is_dimmed_exactly_as_textual_dims_it(
    app, demo_ws, monkeypatch
):
    # Tinted straight from the lower screen's lines, not through Rich: every cell (text
    # and style) as Textual's own drawing of a dialog's dimmed background gives; and under
    # the discard question, the form behind it.
    from textual.screen import Screen

    from stadstafel.tui import textual_private

    drawn = []
    tinted = textual_private._TintedScreen.render_strips
    monkeypatch.setattr(
        textual_private._TintedScreen,
        "render_strips",
        lambda self, *a: drawn.append(self) or tinted(self, *a),
    )

    async def as_textual_draws_it(screen) -> tuple[list, list]:
        ours = [list(s) for s in screen._compositor.render_strips()]
        with monkeypatch.context() as patched:
            patched.setattr(type(screen), "render", Screen.render)
            screen.refresh()
            await pilot.pause()
            theirs = [list(s) for s in screen._compositor.render_strips()]
        return ours, theirs

    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen) and drawn
        ours, theirs = await as_textual_draws_it(form)
        assert ours == theirs
        form.field_widget("name").value = "Iets"
        await pilot.press("escape")
        await pilot.pause()
        question = pilot.app.screen
        assert isinstance(question, ConfirmScreen)
        ours, theirs = await as_textual_draws_it(question)
        assert ours == theirs


# -- errors -----------------------------------------------------------------------------------
@drive
async def test_a_form_makes_its_error_lines_when_there_is_an_error_to_show(app, demo_ws):
    """A form opens without its error lines (six widgets fewer as it opens); a field's first
    error makes the line under that field, the form-wide banner comes above the fields, a
    corrected field's line is emptied and hidden again, and a second error reuses it."""
    from textual.widgets import Static

    async with app().run_test(size=SIZE) as pilot:
        form = await open_form(pilot, a_form(demo_ws), [])
        assert not form.query(".field-error") and not form.query("#form-error")
        form.show_errors({"due": "Geen datum", "": "Het ging mis"})
        await pilot.pause()
        assert [w.id for w in form.query(".field-error")] == ["error-due"]
        line = form.query_one("#error-due", Static)
        assert line.display  # the line under the field's row
        rows = list(form.query_one("#fields").children)
        assert rows[rows.index(form.query_one("#field-due")) + 1] is line
        assert "! Geen datum" in text_of(form) and "! Het ging mis" in text_of(form)
        form_children = [w.id for w in form.query_one("#form").children]
        assert form_children.index("form-error") < form_children.index("fields")
        form.clear_errors()
        await pilot.pause()
        assert "Geen datum" not in text_of(form) and "Het ging mis" not in text_of(form)
        assert not line.display
        form.show_errors({"due": "Nog steeds geen datum"})
        await pilot.pause()
        assert form.query_one("#error-due", Static) is line and line.display
        assert "! Nog steeds geen datum" in text_of(form)


# -- a select's list made when first opened ---------------------------------------------------
def a_select_form(options: list, value: str | None, first: bool = False) -> FormScreen:
    """A name and a required select of ``options`` (first or after the name)."""
    name = FormField("name", "Naam", value="Portaal")
    kind = FormField("kind", "Soort", "select", required=True, value=value, options=options)
    return FormScreen("Proef", [kind, name] if first else [name, kind], submit=lambda v: v)


HOSTILE_CHOICES = [("Alfa", "a"), ("[/x] [@click=app.quit]x \x1b[31mrood", "b"), ("Gamma", "c")]


@drive
async def test_a_select_makes_its_list_when_opened_and_offers_every_choice_literally(app, demo_ws):
    from textual.widgets._select import SelectOverlay

    form = a_select_form(HOSTILE_CHOICES, "b")
    async with app().run_test(size=SIZE) as pilot:
        answers: list = []
        await open_form(pilot, form, answers)
        select = form.field_widget("kind")
        assert not select.query(SelectOverlay)  # not made as the form opened
        assert "[/x] [@click=app.quit]x" in text_of(form)  # its value shown, literally
        await pilot.press("tab", "enter")
        await pilot.pause()
        overlay = select.query_one(SelectOverlay)
        prompts = [str(overlay.get_option_at_index(i).prompt) for i in range(3)]
        assert prompts[0] == "Alfa" and prompts[2] == "Gamma"
        assert "[/x] [@click=app.quit]x" in prompts[1] and "\x1b" not in prompts[1]
        assert overlay.highlighted == 1  # on the current value
        await pilot.press("down", "enter")
        await pilot.pause()
        assert select.value == "c" and not select.expanded
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert answers == [{"name": "Portaal", "kind": "c"}]


@drive
async def test_a_select_draws_its_value_and_arrow_itself_wrapping_a_long_value(app, demo_ws):
    # One widget, not a row of three Statics (label, ▼, a hidden ▲): the value wrapped at
    # the width less the arrow's two cells, the arrow on its first line, ▲ while open; the
    # prompt when nothing is chosen. (Cell for cell as Textual's Statics drew it: the
    # action form's snapshots.)
    from textual.widgets._select import SelectCurrent

    long = "Laura Timmermans — Stationskwartier Ontwikkeling Leiden [b]x[/b] " * 2
    form = a_select_form([(long, "a"), ("Beta", "b")], "a")
    async with app().run_test(size=SIZE) as pilot:
        await open_form(pilot, form, [])
        select = form.field_widget("kind")
        current = select.query_one(SelectCurrent)
        assert not current.children

        def rows() -> list[str]:
            x, y, width, height = current.content_region
            return [ln[x : x + width] for ln in text_of(form).splitlines()[y : y + height]]

        drawn = rows()
        assert len(drawn) > 1  # wrapped
        assert drawn[0].endswith(" ▼") and all(r.endswith("  ") for r in drawn[1:])
        assert " ".join(r[:-2].strip() for r in drawn) == long.strip()  # literally, in order
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert rows()[0].endswith(" ▲")  # open
        await pilot.press("escape")
        await pilot.pause()
        assert rows()[0].endswith(" ▼")
    blank = a_select_form([("Alfa", "a")], None)
    blank.fields[1].required = False
    async with app().run_test(size=SIZE) as pilot:
        await open_form(pilot, blank, [])
        assert "(kies)" in text_of(blank) and not blank.field_widget("kind").query("Static")


@drive
async def test_a_fields_row_draws_its_label_and_grows_for_a_long_one(app, demo_ws):
    # The label is drawn by the field's row (no Label widget): bold, in the first 17 cells
    # from the row's second line, wrapped; a label longer than its widget makes the row
    # taller; the help line (no Static either) comes under both, not over the label.
    fields = [
        FormField("kind", "Een heel lang veldlabel dat over drie regels loopt [b]", "select",
                  options=[("Alfa", "a")], value="a", help="Hulp"),
        FormField("name", "Naam", required=True, value="Portaal"),
    ]  # fmt: skip
    form = FormScreen("Proef", fields, submit=lambda v: v)
    async with app().run_test(size=SIZE) as pilot:
        await open_form(pilot, form, [])
        assert not form.query("Label")
        row = form.query_one("#field-kind")
        x, y, _, height = row.content_region
        lines = [ln[x : x + 18] for ln in text_of(form).splitlines()[y : y + height]]
        assert height == 6 and lines[0].strip() == ""  # 1 + 4 lines (the select 3), help
        assert [ln.strip() for ln in lines[1:-1]] == [
            "Een heel lang", "veldlabel dat", "over drie regels", "loopt [b]",
        ]  # fmt: skip
        strip = form._compositor.render_strips()[y + 1]
        assert any(s.text.startswith("Een") and s.style.bold for s in strip)
        assert not form.query("#help-kind")  # drawn by the row too, under its widget
        assert lines[-1].strip() == "" and "Hulp" in text_of(form).splitlines()[y + height - 1]
        name = form.query_one("#field-name")
        assert name.content_region.height == 3
        assert "Naam *" in text_of(form).splitlines()[name.content_region.y + 1]


async def burst(pilot, *keys: str) -> None:
    """Keys as a terminal delivers them typed quickly: all queued at once, no pause between
    them (Pilot's ``press`` waits for the app to be idle after each key); ``wait`` lets the
    app finish what the keys before it started."""
    from textual import events

    app = pilot.app
    for key in keys:
        if key == "wait":
            for _ in range(5):
                await pilot.pause()
            continue
        event = events.Key(key, key if len(key) == 1 else {"enter": "\r"}.get(key))
        event.set_sender(app)
        app._driver.send_message(event)


@pytest.mark.parametrize(
    ("keys", "chosen", "value"),
    [(("enter", "down", "down", "enter"), "c", "a"),  # two on from the value
     (("down", "down", "enter"), "b", "a"),  # Down opens, then moves one
     (("enter", "d", "enter"), "d", "a"),  # typed to search
     (("enter", "down", "down", "enter"), "b", None),  # (kies), Alfa, Beta: owner's list
     (("enter", "wait", "down", "down", "enter"), "b", None)],  # the list shown first
)  # fmt: skip
@drive
async def test_keys_typed_right_after_opening_a_select_apply_to_its_list_in_order(
    app, demo_ws, keys, chosen, value
):
    # Keys arriving while the list is being made are neither lost nor sent to the closed
    # select (it opened again on a Down, and the owner saved was the one above).
    choices = [("Alfa", "a"), ("Beta", "b"), ("Gamma", "c"), ("Delta", "d")]
    form = a_select_form(choices, value, first=True)
    async with app().run_test(size=SIZE) as pilot:
        answers: list = []
        await open_form(pilot, form, answers)
        select = form.field_widget("kind")
        assert select.has_focus
        await burst(pilot, *keys)
        for _ in range(5):
            await pilot.pause()
        assert select.value == chosen and not select.expanded
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert answers == [{"kind": chosen, "name": "Portaal"}]


@drive
async def test_a_select_opened_and_chosen_by_mouse_makes_its_list_and_takes_the_choice(
    app, demo_ws
):
    from textual.widgets._select import SelectCurrent, SelectOverlay

    form = a_select_form(HOSTILE_CHOICES, "a")
    async with app().run_test(size=SIZE) as pilot:
        answers: list = []
        await open_form(pilot, form, answers)
        select = form.field_widget("kind")
        assert not select.query(SelectOverlay)
        await pilot.click(select.query_one(SelectCurrent))
        await pilot.pause()
        await pilot.pause()
        overlay = select.query_one(SelectOverlay)  # made by the click
        assert select.expanded and overlay.highlighted == 0
        at = overlay.region
        await pilot.click(offset=(at.x + 3, at.y + 2))  # the second choice (a border above)
        await pilot.pause()
        assert select.value == "b" and not select.expanded
        assert "[/x] [@click=app.quit]x" in text_of(form) and pilot.app.is_running
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert answers == [{"name": "Portaal", "kind": "b"}]
