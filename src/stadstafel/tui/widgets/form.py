"""A modal form that saves through a service and shows its errors next to the fields.

    fields = [
        FormField("name", "Naam", required=True, value=org.name),
        FormField("kind", "Soort", "select", options=kinds, value=org.kind),
        FormField("website", "Website", value=org.website),
    ]
    screen = FormScreen(
        "Partner wijzigen", fields,
        submit=lambda v: ws.organisations.update(org.id, **v),
        version=org.version,
    )
    self.app.push_screen(screen, on_saved)     # on_saved(record) or on_saved(None) on Escape

``submit(values)`` gets a dict of field name -> value: text as typed (stripped; empty -> None),
a select's option value, and - only when the form was opened with ``version=`` - ``"version"``,
the version the update must be checked against. It returns the saved record.

Errors: ``ValidationError.fields`` are shown under each field (key ``""``, or an unknown field,
at the top of the form); ``PermissionDenied``, ``NotFound``, ``BusyError`` (any other
``StadstafelError``) at the top; ``ConflictError`` opens ``ConflictScreen``: "reload" puts the
stored values in the fields, "reapply" saves your values again on the stored version.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static

from stadstafel.errors import BusyError, ConflictError, StadstafelError, ValidationError
from stadstafel.records import Record
from stadstafel.tui.modals import REAPPLY, RELOAD, ConfirmScreen, ConflictScreen
from stadstafel.tui.text import L, literal, plain
from stadstafel.tui.textual_private import (
    BatchAwareModalScreen,
    LazySelect,
    cursor_blinks,
    focus_arrived,
    forget_own_render,
    lay_out_before_shown,
    on_a_stack,
    style_as_focused,
)
from stadstafel.tui.widgets.base import FAULTS, as_fault, bind, translate_bindings

# While another process holds the database's write lock a save is retried every
# BUSY_RETRY_SECONDS for at most BUSY_GIVE_UP_SECONDS; the form stays open, keeps its input
# and says it is waiting. Each attempt waits at most the app's short busy timeout.
BUSY_RETRY_SECONDS = 0.5
BUSY_GIVE_UP_SECONDS = 15.0

KINDS = ("text", "textarea", "select", "date", "datetime", "int")


def is_text_area(widget: Widget) -> bool:
    """Whether ``widget`` is a TextArea. Textual's TextArea module (with its document model
    and tree-sitter glue, 0.7 MiB for the session) is imported when a form first has a
    multi-line field, not when a section that may open a form is."""
    module = sys.modules.get("textual.widgets._text_area")
    return module is not None and isinstance(widget, module.TextArea)


@dataclass
class FormField:
    """One field of a form.

    ``options`` (for kind "select"): a list of values, or of (label, value) pairs.
    ``value``: the initial value. ``help``: an optional hint under the field.
    """

    name: str
    label: str
    kind: str = "text"
    options: Sequence[Any] | None = None
    value: Any = None
    required: bool = False
    help: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown field kind {self.kind!r}; expected one of {KINDS}")

    def option_pairs(self) -> list[tuple[str, Any]]:
        out = []
        for opt in self.options or []:
            if isinstance(opt, tuple) and len(opt) == 2:
                out.append((str(opt[0]), opt[1]))
            else:
                out.append((str(opt), opt))
        return out


#: The rows a field's widget takes: a TextArea 5 (``FormScreen TextArea``), an Input 3. A
#: select's value wraps onto more lines where it is long for the form's width: auto.
WIDGET_HEIGHT = {"textarea": 5, "text": 3, "date": 3, "datetime": 3, "int": 3}
LABEL_WIDTH = 17  # a field's label: 18 cells, one of them padding


def _fixed_height(field: FormField, mark: str) -> str:
    """The class giving a field's row a fixed height where its height is known as it is
    composed: the widget's, when the label (wrapped at its width, under one line of padding)
    is not taller and no help line is under it. Textual works an ``auto`` height out by
    laying the row's content out, and with the form's nested auto heights that was most of
    a form's layout."""
    height = WIDGET_HEIGHT.get(field.kind)
    if height is None or field.help:  # its help line's wrap depends on the form's width
        return ""
    lines = len(Content(f"{plain(field.label)}{mark}").wrap(LABEL_WIDTH))
    return f" -h{height}" if 1 + lines <= height else ""


def placeholder(kind: str) -> str:
    """What an empty field shows: the shape of a value, never something that reads as one
    (an example date in an empty field was taken for a date already filled in)."""
    return {
        "date": L("jjjj-mm-dd", "yyyy-mm-dd"),
        "datetime": L("jjjj-mm-dd uu:mm", "yyyy-mm-dd hh:mm"),
    }.get(kind, "")


class FieldRow(Horizontal):
    """A field's row: its label drawn by the row itself (bold, wrapped in 17 cells under a
    line of padding, as the ``Label`` of 18 cells it replaces drew it) left of the field's
    widget, which stands 18 cells in, and its help line (muted, 18 cells in) under both, as
    the ``Static`` that followed the row drew it. Two widgets fewer per field to compose,
    style, mount and draw as a form opens."""

    COMPONENT_CLASSES = {"field-row--label"}  # and a help line's (``HelpedFieldRow``)

    def __init__(self, label: str, help: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.label = Content(label)
        self.label_lines = len(self.label.wrap(LABEL_WIDTH))
        self.help = Content(help) if help else None

    def help_lines(self, width: int) -> int:
        if self.help is None:
            return 0
        return len(self.help.wrap(max(width - LABEL_WIDTH - 1, 1)))

    def render(self) -> Visual:
        return LabelColumn(
            self.label,
            self.get_visual_style("field-row--label"),
            self.help,
            self.get_visual_style("field-row--help") if self.help is not None else None,
        )

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        height = super().get_content_height(container, viewport, width)
        return max(height, 1 + self.label_lines) + self.help_lines(width)


class HelpedFieldRow(FieldRow):
    """A field's row with a help line: its style is a component (a style application as
    the row mounts) that rows without one do not need."""

    COMPONENT_CLASSES = {"field-row--label", "field-row--help"}


class LabelColumn(Visual):
    """What a field's row draws under its widget: the label in its first 17 cells from the
    second line on, the rest blank (the widget covers it), and its help line in the last
    lines from the 19th cell, on the row's background."""

    def __init__(
        self, label: Content, label_style: Any, help: Content | None, help_style: Any
    ) -> None:
        self.label = label
        self.label_style = label_style
        self.help = help
        self.help_style = help_style

    def render_strips(self, width: int, height: Any, style: Any, options: Any) -> list[Strip]:
        fill = RichStyle(bgcolor=style.rich_style.bgcolor)  # as a Label pads its lines
        blank = Strip([Segment(" " * width, fill)], width)
        out = [blank]
        for line in self.label.render_strips(LABEL_WIDTH, None, self.label_style, options):
            out.append(line.extend_cell_length(width, fill).crop(0, width))
        helps: list[Strip] = []
        if self.help is not None:
            indent = Strip([Segment(" " * (LABEL_WIDTH + 1), fill)], LABEL_WIDTH + 1)
            inner = max(width - LABEL_WIDTH - 1, 1)
            for line in self.help.render_strips(inner, None, self.help_style, options):
                line = line.extend_cell_length(inner, fill).crop(0, inner)
                helps.append(Strip.join([indent, line]).crop(0, width))
        rows = len(out) + len(helps) if height is None else height
        top = max(rows - len(helps), 0)
        return ((out + [blank] * (top - len(out)))[:top] + helps)[:rows]

    def get_optimal_width(self, rules: Any, container_width: int) -> int:
        return LABEL_WIDTH + 1

    def get_height(self, rules: Any, width: int) -> int:
        return 1 + len(self.label.wrap(LABEL_WIDTH))


class FormScreen(BatchAwareModalScreen):
    """A form over a list of ``FormField``; saves with Enter or ctrl+s, Escape cancels.

    Drawn once as it opens, with the first field focused before that frame (``on_mount``):
    focusing another widget first and moving on restyled the field (a Select of every
    organisation with its list) twice more."""

    AUTO_FOCUS = ""

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > #form {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        border-title-style: bold;
        background: $surface;
    }
    FormScreen #fields { height: auto; max-height: 100%; padding: 0 1; }
    FormScreen .field-row { height: auto; }
    FormScreen .field-row.-h3 { height: 3; }
    FormScreen .field-row.-h5 { height: 5; }
    FormScreen FieldRow > .field-row--label { color: $text; text-style: bold; }
    FormScreen FieldRow > .field-row--help { color: $text-muted; }
    FormScreen .field-row > Widget { margin-left: 18; }
    FormScreen .field-row > Input, FormScreen .field-row > Select,
    FormScreen .field-row > TextArea { width: 1fr; }
    FormScreen .field-error { color: $text-error; padding-left: 18; }
    FormScreen .field.-invalid Input, FormScreen .field.-invalid TextArea,
    FormScreen .field.-invalid Select > SelectCurrent { border: tall $error; }
    FormScreen TextArea { height: 5; }
    FormScreen #form-error {
        display: none; color: $text-error; background: $error-muted; padding: 0 1;
    }
    FormScreen #form-error.-shown { display: block; }
    FormScreen #buttons { height: auto; align-horizontal: right; padding: 0 1; }
    FormScreen #buttons Button { margin-left: 1; }
    """
    BINDINGS = [
        bind("ctrl+s", "save", "Opslaan", "Save", id="form.save", priority=True),
        bind("escape", "cancel", "Annuleren", "Cancel", id="form.cancel"),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        submit: Callable[[dict], Record],
        *,
        version: int | None = None,
        name: str | None = None,
        id: str | None = None,
    ):
        super().__init__(name=name, id=id)
        translate_bindings(self)
        self.form_title = title
        self.fields = list(fields)
        self.submit = submit
        self.version = version
        self.errors: dict[str, str] = {}
        self.saving = False
        self.initial: dict[str, Any] = {}
        self.waiting_since: float | None = None  # monotonic time the first busy save began
        self._retry: Any = None  # the timer of the next attempt while the database is busy
        self._banner: Static | None = None  # the form-wide error's line, once made

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="form") as form:
            form.border_title = literal(self.form_title)
            # The banner of a form-wide error and a field's error line are made when there
            # is one to show (``show_errors``): six widgets fewer for a form of five fields
            # to compose, style and mount as it opens.
            with VerticalScroll(id="fields"):
                # A field is its row (label and widget, ``#field-NAME``), its help and error
                # lines after it: no container around them to compose, style and lay out.
                for field in self.fields:
                    mark = " *" if field.required else ""
                    row = f"field field-row{_fixed_height(field, mark)}"
                    label = f"{plain(field.label)}{mark}"
                    kind = HelpedFieldRow if field.help else FieldRow
                    with kind(label, plain(field.help), classes=row, id=f"field-{field.name}"):
                        widget = self._widget(field)
                        if field is self.fields[0]:  # focused before the first frame
                            style_as_focused(widget)
                        yield widget
            with Horizontal(id="buttons"):
                # With the classes Button and Input give themselves as they mount (their
                # variant, their style, valid): styled once, not restyled for each class.
                yield Button(
                    L("Opslaan (ctrl+s)", "Save (ctrl+s)"),
                    id="save",
                    variant="primary",
                    classes="-style-default -primary",
                )
                yield Button(
                    L("Annuleren (Esc)", "Cancel (Esc)"), id="cancel", classes="-style-default"
                )

    def _widget(self, field: FormField) -> Widget:
        wid = f"input-{field.name}"
        if field.kind == "textarea":
            from textual.widgets import TextArea  # see is_text_area

            text = plain(field.value or "", multiline=True)
            return TextArea(text, id=wid, soft_wrap=True, tab_behavior="focus")
        if field.kind == "select":
            options, value, allow_blank = _select_setup(field)
            prompt = L("(kies)", "(choose)")
            return LazySelect(options, id=wid, value=value, allow_blank=allow_blank, prompt=prompt)
        return Input(
            "" if field.value is None else plain(field.value),
            id=wid,
            placeholder=placeholder(field.kind),
            select_on_focus=False,
            classes="-valid",  # see the buttons
        )

    def on_mount(self) -> None:
        self.initial = self.values()
        if self.fields:
            first = self.query_one(f"#input-{self.fields[0].name}")
            self.set_focus(first)
            focus_arrived(first)  # styled focused as it mounted (compose)

    # -- kept and shown again -------------------------------------------------------------
    def shape(self) -> tuple:
        """What a form is built from, apart from values and options: a kept form is shown
        again (``refill``) only for fields of the same shape, in the same language."""
        return form_shape(self.fields)

    def refill(
        self,
        title: str,
        fields: Sequence[FormField],
        submit: Callable[[dict], Record],
        *,
        version: int | None = None,
    ) -> None:
        """Make this form, closed, what a new ``FormScreen(title, fields, submit,
        version=version)`` would be as it opens: the title, every field's value and (for a
        dropdown) its options and whether it may be blank, no error shown, nothing being
        saved or retried, the first field focused, scrolled to the top, a text area's undo
        history gone, and the version the save is checked against. Only for ``fields`` of
        this form's ``shape`` (a ValueError otherwise)."""
        fields = list(fields)
        if form_shape(fields) != self.shape():
            raise ValueError("a kept form is refilled only with fields of its own shape")
        self._stop_retry()
        self.saving = False
        self.waiting_since = None
        self.form_title = title
        self.query_one("#form").border_title = literal(title)
        self.fields = fields
        self.submit = submit
        self.version = version
        banner = self._banner
        if self.errors or (banner is not None and banner.has_class("-shown")):
            self.clear_errors()
        for field in fields:
            widget = self.field_widget(field.name)
            if isinstance(widget, LazySelect):
                options, value, allow_blank = _select_setup(field)
                widget.refill(options, value, allow_blank)
            elif is_text_area(widget):
                # Its undo history cleared, its cursor and view back at the start.
                widget.load_text(plain(field.value or "", multiline=True))
            else:
                assert isinstance(widget, Input)
                widget.value = "" if field.value is None else plain(field.value)
                widget.cursor_position = len(widget.value)
        self.query_one("#fields").scroll_to(0, 0, animate=False, immediate=True)
        if fields:
            first = self.field_widget(fields[0].name)
            if self.focused is not first:
                self.set_focus(first, scroll_visible=False)
            else:  # its cursor stopped as the form closed (on_screen_suspend)
                cursor_blinks(first, True)
        self.initial = self.values()

    def on_screen_suspend(self) -> None:
        if self.kept and not on_a_stack(self.app, self):  # closed, kept
            if self.focused is not None:
                cursor_blinks(self.focused, False)  # no timer ticks meanwhile
            forget_own_render(self)  # the dimmed screen below it: drawn anew as it shows

    # -- values ---------------------------------------------------------------------------
    def field_widget(self, name: str) -> Widget:
        return self.query_one(f"#input-{name}")

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for field in self.fields:
            widget = self.field_widget(field.name)
            if isinstance(widget, Select):
                value = widget.value
                out[field.name] = None if value is Select.NULL else value
            elif is_text_area(widget):
                out[field.name] = widget.text.strip() or None
            else:
                assert isinstance(widget, Input)
                out[field.name] = widget.value.strip() or None
        if self.version is not None:
            out["version"] = self.version
        return out

    def set_values(self, record: dict) -> None:
        """Put stored values into the fields (after "reload")."""
        for field in self.fields:
            if field.name not in record:
                continue
            value = record[field.name]
            widget = self.field_widget(field.name)
            if isinstance(widget, Select):
                values = [v for _, v in field.option_pairs()]
                widget.value = value if value in values else Select.NULL
            elif is_text_area(widget):
                widget.text = "" if value is None else plain(value, multiline=True)
            elif isinstance(widget, Input):
                if isinstance(value, list):
                    value = ", ".join(str(v) for v in value)
                widget.value = "" if value is None else plain(value)

    # -- errors ---------------------------------------------------------------------------
    def show_errors(self, errors: dict[str, str]) -> None:
        names = {f.name for f in self.fields}
        self.errors = dict(errors)
        general = [msg for key, msg in errors.items() if key not in names]
        for field in self.fields:
            message = errors.get(field.name, "")
            row = self.query_one(f"#field-{field.name}")
            row.set_class(bool(message), "-invalid")
            text = f"! {plain(message)}" if message else ""
            shown = self.query(f"#error-{field.name}")
            if shown:
                line = shown.first(Static)
                line.update(text)
                line.display = bool(message)
            elif message:  # its first error: the line under the field (and its help) now
                under = [row]  # its help line is part of the row
                self.query_one("#fields").mount(
                    Static(text, classes="field-error", id=f"error-{field.name}", markup=False),
                    after=under[0],
                )
        self.show_form_error(" ".join(general))
        first = next((f for f in self.fields if f.name in errors), None)
        if first is not None:
            widget = self.field_widget(first.name)
            widget.focus()
            self.query_one(f"#field-{first.name}").scroll_visible(animate=False)

    def show_form_error(self, message: str) -> None:
        shown = self.query("#form-error")
        if not shown and not message:
            return
        if shown:
            banner = shown.first(Static)
        else:  # its first error: the banner above the fields is made now
            banner = Static("", id="form-error", markup=False)
            self.query_one("#form").mount(banner, before="#fields")
        self._banner = banner
        banner.update(f"! {plain(message)}" if message else "")
        banner.set_class(bool(message), "-shown")

    def clear_errors(self) -> None:
        self.show_errors({})

    # -- saving ---------------------------------------------------------------------------
    def action_save(self) -> None:
        self.save()

    def save(self) -> Record | None:
        """Call ``submit`` with the values; dismiss with the record, or show what is wrong.

        A busy database (another process holds the write lock) is retried on a timer while
        the form says so and keeps drawing; after BUSY_GIVE_UP_SECONDS the form says the
        database is busy and keeps the input. A database or file fault is shown at the top
        (the transaction was rolled back); the form stays open with its input."""
        if self.saving:
            return None
        if self._retry is not None:
            self._retry.stop()
            self._retry = None
        self.saving = True
        try:
            record = self.submit(self.values())
        except ValidationError as exc:
            self.waiting_since = None
            self.show_errors(exc.fields)
            return None
        except ConflictError as exc:
            self.waiting_since = None
            self.clear_errors()
            self.app.push_screen(ConflictScreen(exc), self._conflict_answer(exc))
            return None
        except BusyError as exc:
            self._busy(as_fault(self.app, exc))
            return None
        except FAULTS as exc:
            self.waiting_since = None
            self.show_errors({})
            self.show_form_error(_with_nothing_saved(as_fault(self.app, exc)))
            return None
        finally:
            self.saving = False
        self.waiting_since = None
        self.dismiss(record)
        return record

    def _busy(self, exc: StadstafelError) -> None:
        now = time.monotonic()
        if self.waiting_since is None:
            self.waiting_since = now
        if now - self.waiting_since < BUSY_GIVE_UP_SECONDS:
            self.show_form_error(
                L(
                    "Wachten op de database… (een ander schrijft; uw invoer blijft staan)",
                    "Waiting for the database… (someone else is writing; your input stays)",
                )
            )
            self._retry = self.set_timer(BUSY_RETRY_SECONDS, self._retry_save, name="busy-retry")
            return
        self.waiting_since = None
        self.show_form_error(
            exc.message
            + " "
            + L(
                "Er is niets opgeslagen; uw invoer staat er nog (Enter of Ctrl+S probeert "
                "opnieuw).",
                "Nothing was saved; your input is still here (Enter or Ctrl+S tries again).",
            )
        )

    def _retry_save(self) -> None:
        self._retry = None
        if not self.is_attached or not on_a_stack(self.app, self):
            return  # closed (a kept form stays attached, closed, until shown again)
        if self.app.screen is self:
            self.save()
        else:  # a dialog is on top: try again when it is gone
            self._retry = self.set_timer(BUSY_RETRY_SECONDS, self._retry_save, name="busy-retry")

    def _conflict_answer(self, error: ConflictError) -> Callable[[str | None], None]:
        def answer(choice: str | None) -> None:
            current = error.current
            if choice == RELOAD and current is not None:
                self.set_values(current)
                self.initial = self.values()  # the stored version, untouched: Escape closes
                self.version = current.get("version", self.version)
                self.show_form_error(
                    L(
                        "De opgeslagen versie is geladen; uw wijziging is niet bewaard.",
                        "The stored version was loaded; your change was not saved.",
                    )
                )
            elif choice == REAPPLY and current is not None:
                # Keep what I changed; take everything else from the stored version.
                mine = self.values()
                changed = {
                    k: v for k, v in mine.items() if k != "version" and v != self.initial.get(k)
                }
                self.set_values(current)
                self.initial = self.values()
                self.set_values(changed)
                self.version = current.get("version", self.version)
                self.save()
            else:
                self.show_form_error(error.message)

        return answer

    @property
    def changed(self) -> bool:
        """Has anything been typed or chosen since the form opened (or was reloaded)?"""
        now = {k: v for k, v in self.values().items() if k != "version"}
        return now != {k: v for k, v in self.initial.items() if k != "version"}

    def action_cancel(self) -> None:
        """Close; a form with changes asks first whether to throw them away."""
        self._stop_retry()
        if not self.changed:
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                L("Uw wijzigingen weggooien?", "Throw your changes away?"),
                yes=L("Weggooien", "Throw away"),
                no=L("Verder bewerken", "Keep editing"),
            ),
            answer,
        )

    def _stop_retry(self) -> None:
        if self._retry is not None:
            self._retry.stop()
            self._retry = None

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()


def _select_setup(field: FormField) -> tuple[list[tuple[Text, Any]], Any, bool]:
    """A dropdown's (options, value, allow_blank) for ``field``: its labels as plain text,
    never markup; a value not among the options is blank, and then allowed to be."""
    pairs = field.option_pairs()
    values = [v for _, v in pairs]
    value = field.value if field.value in values else Select.NULL
    options = [(Text(plain(label)), v) for label, v in pairs]
    return options, value, not field.required or value is Select.NULL


def form_shape(fields: Sequence[FormField]) -> tuple:
    """The language and each field's name, kind, label, help and whether it is required."""
    from stadstafel import i18n

    shape = tuple((f.name, f.kind, f.label, f.help, f.required) for f in fields)
    return (i18n.language(), shape)


#: The name under which the app keeps the form it shows again (``push_form``).
KEPT_FORM = "stadstafel-kept-form"


def push_form(
    app: Any,
    title: str,
    fields: Sequence[FormField],
    submit: Callable[[dict], Record],
    callback: Callable[[Record | None], Any] | None = None,
    *,
    version: int | None = None,
) -> FormScreen:
    """Open a form of ``fields`` as ``app.push_screen(FormScreen(title, fields, submit,
    version=version), callback)`` does, on a form the app keeps for the next one: the
    first time it is built (and kept once closed), later ones of the same shape refill it
    (``FormScreen.refill``) instead of building 19 widgets again; one of another shape
    replaces it. One form is kept at a time. For the forms opened often (an action's)."""
    kept = app.get_screen(KEPT_FORM) if app.is_screen_installed(KEPT_FORM) else None
    if kept is not None and on_a_stack(app, kept):
        kept = None  # open (a form over a form, or left open in another section): another
    elif kept is not None and form_shape(fields) != kept.shape():
        app.uninstall_screen(kept)
        kept.remove()
        kept = None
    if kept is None:
        form = FormScreen(title, fields, submit, version=version)
        if not app.is_screen_installed(KEPT_FORM):
            form.kept = True
            app.install_screen(form, KEPT_FORM)
    else:
        form = kept
        form.refill(title, fields, submit, version=version)
        lay_out_before_shown(form, app.size)  # shown in one frame, drawn whole
    app.push_screen(form, callback)
    return form


def _with_nothing_saved(exc: StadstafelError) -> str:
    from stadstafel.i18n import t

    return f"{exc.message} {t('nothing_saved')}"


def no_empty(values: dict) -> dict:
    """Form values without the fields left empty (and without ``version``)."""
    return {k: v for k, v in values.items() if v is not None and k != "version"}
