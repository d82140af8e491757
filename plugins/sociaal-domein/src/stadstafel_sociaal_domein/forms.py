"""The module's forms and dialogs, on ``stadstafel.ui`` only: create and edit a leerkring, a
session, an indicator, a figure and a measure from the keyboard, and import a CSV file of
figures chosen from the imports folder.

Every form saves through a service (which checks the right again); the screens offer a form
only to whoever holds the right (``sociaal-domein.edit`` on the table).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stadstafel import Record, ValidationError
from stadstafel.ui import (
    FormField,
    FormScreen,
    L,
    PickerScreen,
    call_service,
    plain,
)

from stadstafel_sociaal_domein.iv3 import TAAKVELDEN
from stadstafel_sociaal_domein.service import (
    LAWS,
    MEASURE_STATUSES,
    OUTPUT_KINDS,
    PERIOD_TYPES,
    STATUSES,
    editable_tables,
)

NAME = "sociaal-domein"
Done = Callable[[Any], None]

# The law combinations a measure can carry, as one choice (a select, keyboard only).
LAW_CHOICES = [
    [LAWS[0]], [LAWS[1]], [LAWS[2]], [LAWS[0], LAWS[1]], [LAWS[0], LAWS[2]],
    [LAWS[1], LAWS[2]], list(LAWS),
]  # fmt: skip


def _pick_table(screen: Any, service: Any, then: Callable[[Record], None]) -> None:
    """Choose one of the tables the actor may edit on (none: a message; one: that one)."""
    tables = editable_tables(service)
    if not tables:
        screen.notify(
            L("U mag op geen enkele tafel sociaal domein beheren.",
              "You may not manage sociaal domein on any table."),
            severity="warning",
        )  # fmt: skip
        return
    if len(tables) == 1:
        then(tables[0])
        return
    by_id = {t.id: t for t in tables}
    screen.app.push_screen(
        PickerScreen(L("Kies de tafel", "Choose the table"), [(t.name, t.id) for t in tables]),
        lambda chosen: then(by_id[chosen]) if chosen is not None else None,
    )


def _cities(ws: Any, *extra: int | None) -> list[tuple[str, int]]:
    """Organisations of kind gemeente (and ``extra`` ids), as select options."""
    rows = ws.read.organisations(kind="gemeente", limit=1000).rows
    options = {o.id: o.name for o in rows}
    missing = [i for i in extra if i and i not in options]
    options.update(ws.read.organisation_names(missing))
    return sorted(((n, i) for i, n in options.items()), key=lambda p: p[0].lower())


def _version(values: dict) -> int | None:
    return values.pop("version", None)


def _open(screen: Any, service: Any, record: Record | None, titles: tuple[str, str],
          fields: list[FormField], create: dict, done: Done,
          convert: Callable[[dict], None] | None = None) -> None:  # fmt: skip
    """The form that creates a record (``record`` None: with ``create``'s values too) or
    updates ``record`` at its version; ``convert`` turns the form's values into the
    service's before saving. ``titles``: (new, edit)."""

    def submit(values: dict) -> Record:
        if convert is not None:
            convert(values)
        if record is None:
            return service.create(**create, **values)
        return service.update(record.id, _version(values), **values)

    title = titles[0] if record is None else titles[1]
    version = record.version if record is not None else None
    screen.app.push_screen(FormScreen(title, fields, submit=submit, version=version), done)


# -- leerkring --------------------------------------------------------------------------------
def leerkring_form(screen: Any, table: Any, kring: Record | None, done: Done) -> None:
    """Create a leerkring on ``table`` (``kring`` None) or edit one. Participating cities and
    people are chosen on the leerkring's screen (``o``, ``p``)."""
    service = screen.ws.service(f"{NAME}.leerkringen")
    fields = [
        FormField("theme", L("Thema", "Theme"), required=True, value=kring and kring.theme),
        FormField("planned_sessions", L("Bijeenkomsten", "Sessions"), "int",
                  value=kring.planned_sessions if kring else 4,
                  help=L("Platform31: een reeks van vier", "Platform31: a series of four")),
        FormField("digital_space", L("Digitale ruimte", "Digital space"),
                  value=kring and kring.digital_space),
        FormField("notes", L("Notities", "Notes"), "textarea", value=kring and kring.notes),
    ]  # fmt: skip

    titles = (L("Nieuwe leerkring", "New learning circle"),
              L("Leerkring wijzigen", "Edit learning circle"))  # fmt: skip
    _open(screen, service, kring, titles, fields, {"table_id": table.id}, done)


def toggle_member(screen: Any, kring: Record, field: str, done: Done) -> None:
    """Add or remove a participating city (``organisation_ids``) or person (``person_ids``):
    a picker marks the current members with ✓; choosing one toggles it."""
    ws = screen.ws
    current = list(kring.get(field) or [])
    if field == "organisation_ids":
        options = _cities(ws, *current)
        title = L("Gemeente erbij of eraf", "Add or remove a city")
    else:
        people: dict[int, str] = {}
        for org in kring.organisation_ids or []:
            for p in ws.read.people(organisation_id=org, limit=200).rows:
                people[p.id] = p.name
        for pid in current:
            if pid not in people:
                person = ws.read.person(pid)
                people[pid] = person.name if person else str(pid)
        options = sorted(((n, i) for i, n in people.items()), key=lambda p: p[0].lower())
        title = L("Deelnemer erbij of eraf (uit de deelnemende gemeenten)",
                  "Add or remove a participant (from the participating cities)")  # fmt: skip
    marked = [(("✓ " if i in current else "  ") + n, i) for n, i in options]

    def chosen(value: Any) -> None:
        if value is None:
            return
        new = [i for i in current if i != value] if value in current else [*current, value]
        service = ws.service(f"{NAME}.leerkringen")
        saved = call_service(screen, service.update, kring.id, kring.version, **{field: new})
        done(saved)

    screen.app.push_screen(PickerScreen(title, marked), chosen)


# -- session ----------------------------------------------------------------------------------
def session_form(screen: Any, kring: Record, session: Record | None, done: Done) -> None:
    """Plan a new session (``session`` None) or prepare one: date, host, guest expert, and -
    for whoever may read it - the casus and who brings it, and whether it is confidential."""
    ws = screen.ws
    sessions = ws.service(f"{NAME}.sessions")
    names = ws.read.organisation_names(kring.organisation_ids or [])
    people = [p for p in (ws.read.person(i) for i in kring.person_ids or []) if p]
    s = session
    fields = [
        FormField("date", L("Datum", "Date"), "date", value=s and s.date),
        FormField("host_organisation_id", L("Gastgemeente", "Host city"), "select",
                  options=sorted(((n, i) for i, n in names.items()), key=lambda p: p[0]),
                  value=s and s.host_organisation_id),
        FormField("guest_expert", L("Gastexpert", "Guest expert"), value=s and s.guest_expert),
    ]  # fmt: skip
    if s is None or not s.get("hidden"):
        fields += [
            FormField("casus", L("Casus", "Case"), "textarea", value=s and s.casus),
            FormField("casus_by_person_id", L("Casus van", "Case by"), "select",
                      options=[(p.name, p.id) for p in people],
                      value=s and s.casus_by_person_id),
            FormField("confidential", L("Vertrouwelijk", "Confidential"), "select",
                      options=[(L("nee", "no"), "0"), (L("ja: alleen deelnemers", "yes: "
                               "participants only"), "1")],
                      value="1" if s and s.confidential else "0", required=True),
        ]  # fmt: skip

    def convert(values: dict) -> None:
        if "confidential" in values:
            values["confidential"] = values["confidential"] == "1"

    titles = (L("Nieuwe bijeenkomst", "New session"),
              L("Bijeenkomst {n} voorbereiden", "Prepare session {n}").format(
                  n=s.number if s else ""))  # fmt: skip
    _open(screen, sessions, s, titles, fields, {"leerkring_id": kring.id}, done, convert)


def output_form(screen: Any, kring: Record, done: Done) -> None:
    """An output of the leerkring: a kennisdocument or paper, with a link."""
    outputs = screen.ws.service(f"{NAME}.outputs")
    fields = [
        FormField("kind", L("Soort", "Kind"), "select", options=OUTPUT_KINDS,
                  value="kennisdocument", required=True),
        FormField("title", L("Titel", "Title"), required=True),
        FormField("url", L("Link", "Link"), help="https://…"),
    ]  # fmt: skip
    titles = (L("Nieuwe opbrengst", "New output"), "")
    _open(screen, outputs, None, titles, fields, {"leerkring_id": kring.id}, done)


# -- indicator and figure ---------------------------------------------------------------------
def indicator_form(screen: Any, indicator: Record | None, done: Done) -> None:
    """A new indicator (on a table the actor may edit) or an existing one changed."""
    indicators = screen.ws.service(f"{NAME}.indicators")

    def open_form(table: Record | None) -> None:
        i = indicator
        fields = [
            FormField("name", L("Naam", "Name"), required=True, value=i and i.name),
            FormField("unit", L("Eenheid", "Unit"), value=i and i.unit,
                      help=L("bijv. per 1.000 inwoners, % van 0-17 jaar",
                             "e.g. per 1,000 inhabitants, % of 0-17")),
            FormField("law", L("Wet", "Law"), "select", options=LAWS, value=i and i.law),
            FormField("period_type", L("Periode", "Period"), "select", options=PERIOD_TYPES,
                      value=i.period_type if i else "jaar", required=True),
            FormField("source", L("Bron", "Source"), value=i and i.source,
                      help="CBS StatLine / waarstaatjegemeente.nl"),
            FormField("cbs_table", L("CBS-tabel", "CBS table"), value=i and i.cbs_table),
            FormField("bbv_number", L("BBV-nummer", "BBV number"), value=i and i.bbv_number),
            FormField("higher_is_better", L("Richting", "Direction"), "select",
                      options=[(L("lager is beter", "lower is better"), "0"),
                               (L("hoger is beter", "higher is better"), "1")],
                      value="1" if i and i.higher_is_better else "0", required=True),
            FormField("caveat", L("Kanttekening", "Caveat"), "textarea", value=i and i.caveat),
        ]  # fmt: skip

        def convert(values: dict) -> None:
            values["higher_is_better"] = values.get("higher_is_better") == "1"

        titles = (L("Nieuwe indicator", "New indicator"),
                  L("Indicator wijzigen", "Edit indicator"))  # fmt: skip
        create = {"table_id": table.id} if table is not None else {}
        _open(screen, indicators, i, titles, fields, create, done, convert)

    if indicator is None:
        _pick_table(screen, indicators, open_form)
    else:
        open_form(None)


def figure_form(screen: Any, indicator: Record, done: Done) -> None:
    """One figure for a city and period; a newer status replaces the one in force (history
    kept), an older one is refused by the service."""
    ws = screen.ws
    figures = ws.service(f"{NAME}.figures")
    regions = ws.service(f"{NAME}.regions")
    example = {"jaar": "2024JJ00", "halfjaar": "2024HJ01"}.get(indicator.period_type, "2024MM06")
    fields = [
        FormField("organisation_id", L("Gemeente", "City"), "select", required=True,
                  options=regions.cities()),
        FormField("period", L("Periode", "Period"), required=True, value=example,
                  help=L("CBS-code: 2024JJ00, 2024HJ01, 2024MM06",
                         "CBS code: 2024JJ00, 2024HJ01, 2024MM06")),
        FormField("value", L("Waarde", "Value"), required=True),
        FormField("status", L("Status", "Status"), "select", options=STATUSES,
                  value="voorlopig", required=True),
    ]  # fmt: skip

    def submit(values: dict) -> Record:
        from stadstafel_sociaal_domein.importer import ACCEPTS, PERIOD

        period = str(values["period"]).strip().upper()
        if not PERIOD.match(period) or period[4:6] not in ACCEPTS[indicator.period_type]:
            raise ValidationError({"period": L(
                "'{p}' is geen CBS-periode voor periodetype {t} (bijv. {e}).",
                "'{p}' is not a CBS period for period type {t} (e.g. {e}).",
            ).format(p=period[:12], t=indicator.period_type, e=example)})  # fmt: skip
        try:
            value = float(str(values["value"]).replace(",", "."))
        except ValueError:
            raise ValidationError({"value": L("Geen getal.", "Not a number.")}) from None
        outcome = figures.put(indicator.id, int(values["organisation_id"]), period, value,
                              values["status"], origin="invoer")  # fmt: skip
        return Record(outcome=outcome, period=period)

    screen.app.push_screen(
        FormScreen(L("Cijfer invoeren: {i}", "Enter a figure: {i}").format(i=plain(
            indicator.name)), fields, submit=submit), done)  # fmt: skip


# -- measure ----------------------------------------------------------------------------------
def measure_form(screen: Any, measure: Record | None, done: Done) -> None:
    """A measure or initiative: title, law(s), Iv3 taakveld, owner, goal of its table."""
    ws = screen.ws
    measures = ws.service(f"{NAME}.measures")

    def open_form(table_id: int) -> None:
        m = measure
        goals = ws.goals.of_table(table_id)
        laws = m.laws if m else None
        fields = [
            FormField("title", L("Titel", "Title"), required=True, value=m and m.title),
            FormField("laws", L("Wet(ten)", "Law(s)"), "select", required=True,
                      options=[(" + ".join(c), "|".join(c)) for c in LAW_CHOICES],
                      value="|".join(laws) if laws else None),
            FormField("taakveld", L("Taakveld (Iv3)", "Task field (Iv3)"), "select",
                      options=[(f"{c} {n}", c) for c, n in TAAKVELDEN],
                      value=m and m.taakveld),
            FormField("owner_organisation_id", L("Eigenaar", "Owner"), "select",
                      options=_cities(ws, m and m.owner_organisation_id),
                      value=m and m.owner_organisation_id),
            FormField("goal_id", L("Doel", "Goal"), "select",
                      options=[(g.description[:60], g.id) for g in goals],
                      value=m and m.goal_id),
            FormField("status", L("Status", "Status"), "select", options=MEASURE_STATUSES,
                      value=m.status if m else "idee", required=True),
            FormField("description", L("Omschrijving", "Description"), "textarea",
                      value=m and m.description),
        ]  # fmt: skip

        def convert(values: dict) -> None:
            values["laws"] = [x for x in str(values.get("laws") or "").split("|") if x]

        titles = (L("Nieuwe maatregel", "New measure"), L("Maatregel wijzigen", "Edit measure"))
        _open(screen, measures, m, titles, fields, {"table_id": table_id}, done, convert)

    if measure is None:
        _pick_table(screen, measures, lambda t: open_form(t.id))
    else:
        open_form(measure.table_id)


# -- import -----------------------------------------------------------------------------------
def import_dialog(screen: Any, indicator: Record, done: Callable[[], None]) -> None:
    """Choose a CSV file from the imports folder and import it into ``indicator``: all or
    nothing; the report shows the count imported and the cities whose figures became
    definitief, or every error with its row and column."""
    from stadstafel.ui import import_file_dialog  # for an import, not with the forms

    from stadstafel_sociaal_domein.importer import import_text

    import_file_dialog(
        screen,
        L("Importeren in: {i}", "Import into: {i}").format(i=indicator.name),
        lambda text, name: import_text(screen.ws, indicator.id, text, origin=name[:200]),
        done=lambda _report: done(),
    )
