"""Forms of a table's screen: ``PickFormScreen`` (multi-pick fields and a "pick from everyone"
key) and the form for the table itself (``table_form``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Select, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

from stadstafel import i18n
from stadstafel.records import Record
from stadstafel.tui.modals import PickerScreen
from stadstafel.tui.screens.table.options import chair_options, everyone
from stadstafel.tui.text import L, literal
from stadstafel.tui.values import rhythm_help, rhythm_text
from stadstafel.tui.widgets.base import bind
from stadstafel.tui.widgets.form import FormField, FormScreen


class TickList(SelectionList):
    """A ``SelectionList`` that reads without colour: a ticked option shows ✓, others a blank."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 3 or segments[1].text != "X":  # ToggleButton.BUTTON_INNER
            return strip
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        inner = "✓" if selection.value in self.selected else " "
        segments[1] = Segment(inner, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)


class PickFormScreen(FormScreen):
    """A ``FormScreen`` where

    - fields named in ``multi`` (kind "select") are a ``SelectionList``: space ticks an
      option, the value is the list of ticked values;
    - fields named in ``people`` (kind "select") can be filled from a ``PickerScreen`` of
      every person with ctrl+o (the select itself offers the likely candidates).
    """

    DEFAULT_CSS = """
    PickFormScreen .field-row > SelectionList {
        width: 1fr; height: auto; max-height: 8; border: tall $border-blurred;
    }
    PickFormScreen .field-row > SelectionList:focus { border: tall $border; }
    PickFormScreen .field.-invalid SelectionList { border: tall $error; }
    """
    BINDINGS = [
        bind("ctrl+o", "pick_person", "Kies uit iedereen", "Choose from everyone",
             id="form.pick_person"),
    ]  # fmt: skip

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        submit: Callable[[dict], Record],
        *,
        multi: Sequence[str] = (),
        people: Sequence[str] = (),
        version: int | None = None,
    ):
        self.multi = set(multi)
        self.people = list(people)
        super().__init__(title, fields, submit, version=version)

    def _widget(self, field: FormField) -> Widget:
        if field.name in self.multi:
            chosen = set(field.value or [])
            return TickList(
                *[
                    (literal(label), value, value in chosen)  # prompts are markup: escape names
                    for label, value in field.option_pairs()
                ],
                id=f"input-{field.name}",
            )
        return super()._widget(field)

    def values(self) -> dict[str, Any]:
        fields = self.fields
        self.fields = [f for f in fields if f.name not in self.multi]
        try:
            out = super().values()
        finally:
            self.fields = fields
        for name in self.multi:
            out[name] = list(self.query_one(f"#input-{name}", SelectionList).selected)
        return out

    def set_values(self, record: dict) -> None:
        super().set_values(record)
        for name in self.multi & set(record):
            widget = self.query_one(f"#input-{name}", SelectionList)
            widget.deselect_all()
            for value in record[name] or []:
                widget.select(value)

    def action_pick_person(self) -> None:
        if not self.people:
            return
        focused = self.focused
        name = next(
            (n for n in self.people if focused is not None and focused.id == f"input-{n}"),
            self.people[0],
        )
        field = next(f for f in self.fields if f.name == name)
        select = self.query_one(f"#input-{name}", Select)
        current = None if select.value is Select.NULL else select.value
        options = everyone(self.app.workspace)  # type: ignore[attr-defined]

        def picked(person_id: int | None) -> None:
            if person_id is None:
                return
            pairs = field.option_pairs()
            if person_id not in [v for _, v in pairs]:
                label = next((lbl for lbl, v in options if v == person_id), str(person_id))
                pairs.append((label, person_id))
                pairs.sort(key=lambda o: o[0].casefold())
                field.options = pairs
                select.set_options(pairs)
            select.value = person_id
            select.focus()

        self.app.push_screen(PickerScreen(field.label, options, value=current), picked)


def meeting_rule_fields(table: Record) -> list[FormField]:
    """How the table meets (docs/record.md): day and hour, the submission deadline in working
    days, and the standard agenda every new meeting starts with."""
    days = [(i18n.format_date(f"2027-01-{3 + n:02d}").split()[0], n) for n in range(1, 8)]
    return [
        FormField("meeting_weekday", L("Vergaderdag", "Meeting day"), "select", options=days,
                  value=table.meeting_weekday),
        FormField("meeting_time", L("Vergadertijd", "Meeting time"), value=table.meeting_time,
                  help=L("bijvoorbeeld 14:00", "for example 14:00")),
        FormField("deadline_working_days", L("Indienen: werkdagen vooraf",
                  "Submit: working days before"), "int", value=table.deadline_working_days,
                  help=L("leeg: de instelling van de installatie",
                         "empty: the installation's setting")),
        FormField("standard_agenda", L("Standaardagenda", "Standard agenda"), "textarea",
                  value="\n".join(table.standard_agenda or []),
                  help=L("één punt per regel; voor elke nieuwe vergadering",
                         "one item per line; for every new meeting")),
    ]  # fmt: skip


def table_fields(ws: Any, table: Record | None = None) -> list[FormField]:
    table = table or Record()
    people = chair_options(ws, table)
    many = L("ctrl+o: kies uit alle personen", "ctrl+o: choose from everyone")
    return [
        FormField("name", L("Naam", "Name"), required=True, value=table.name),
        FormField("kind", L("Soort", "Kind"), "select", options=ws.vocabulary("table_kinds"),
                  value=table.kind or "samenwerkingstafel", required=True),
        FormField("chair_person_id", L("Voorzitter", "Chair"), "select", options=people,
                  value=table.chair_person_id, help=many),
        FormField("secretary_person_id", L("Secretaris", "Secretary"), "select",
                  options=people, value=table.secretary_person_id, help=many),
        FormField("description", L("Omschrijving", "Description"), "textarea",
                  value=table.description),
        FormField("rhythm", L("Ritme", "Rhythm"), value=rhythm_text(table.rhythm),
                  help=rhythm_help()),
        *meeting_rule_fields(table),
        FormField("topics", L("Thema's", "Topics"), value=", ".join(table.topics or []),
                  help=L("gescheiden door komma's; bekend: ", "separated by commas; known: ")
                  + ", ".join(ws.topics())),
        FormField("period_start", L("Begin periode", "Period start"), "date",
                  value=table.period_start),
        FormField("period_end", L("Einde periode", "Period end"), "date", value=table.period_end),
        FormField("admission_min_partners", L("Min. partners", "Min. partners"), "int",
                  value=table.admission_min_partners,
                  help=L("per initiatief, om binnen het kader te passen",
                         "per initiative, to fall within the frame")),
    ]  # fmt: skip


def table_form(
    ws: Any, table: Record | None, title: str, submit: Callable[[dict], Record]
) -> PickFormScreen:
    return PickFormScreen(
        title,
        table_fields(ws, table),
        submit,
        people=["chair_person_id", "secretary_person_id"],
        version=table.version if table else None,
    )


def edit_table_form(ws: Any, table: Record) -> PickFormScreen:
    """The form that edits ``table`` (read just before), at the version it was read."""
    return table_form(
        ws,
        table,
        L(f"Tafel wijzigen: {table.name}", f"Edit table: {table.name}"),
        lambda v: ws.tables.update(table.id, **v),
    )
