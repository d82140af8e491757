"""The module's forms, on ``stadstafel.ui`` only: a collaboration, a control event, a Regio
Deal and a Deal's project, new or changed. Each saves through the module's service (which
checks the right ``regionale-economie.edit`` on the record's table); the screens open a form
only for an actor who holds that right (``may_edit``). Imported only when one is opened."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stadstafel import Record, ValidationError
from stadstafel.ui import FormField, FormScreen, L

from stadstafel_regionale_economie.service import (
    CONTROL_KINDS,
    ORGANEN,
    PROJECT_STATUSES,
    TYPES,
    editable_tables,
)

NAME = "regionale-economie"


def yes_no() -> list[tuple[str, bool]]:
    return [(L("ja", "yes"), True), (L("nee", "no"), False)]


def _table_field(ws: Any, current: Record | None) -> FormField:
    options = [(t.name, t.id) for t in editable_tables(ws)]
    return FormField(
        "table_id",
        L("Tafel", "Table"),
        "select",
        options=options,
        value=current.table_id if current else (options[0][1] if len(options) == 1 else None),
        required=True,
    )


def _split(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(";") if p.strip()]


def _changes(values: dict, current: Record | None) -> dict:
    """Only what changed, for an update (every value for a new record)."""
    if current is None:
        return values
    return {k: v for k, v in values.items() if v != current.get(k)}


def _save(service: Any, current: Record | None, values: dict) -> Record:
    version = values.pop("version", None)
    if current is None:
        return service.create(**values)
    return service.update(current.id, version, **_changes(values, current))


def child_form(
    service: Any, parent: tuple[str, int], current: Record | None, fields: list, title: str
) -> FormScreen:
    """The form of a record that belongs to another (``parent = (field, id)``, set on a new
    one): saves through ``service``."""

    def submit(values: dict) -> Record:
        if current is None:
            values[parent[0]] = parent[1]
        return _save(service, current, values)

    return FormScreen(title, fields, submit, version=current.version if current else None)


def table_record_form(
    ws: Any,
    service: Any,
    current: Record | None,
    titles: tuple[str, str],
    fields: list[FormField],
    prepare: Callable[[dict], Any] | None = None,
) -> FormScreen:
    """The form of a record of a table of its own (a collaboration, a Regio Deal, a work
    location): its table and its name first, then ``fields``; ``prepare(values)`` turns the
    form's text into what ``service`` stores (or raises ValidationError) before it saves.
    ``titles`` = (new, edit)."""
    c = current or {}
    head = [
        _table_field(ws, current),
        FormField("name", L("Naam", "Name"), value=c.get("name"), required=True),
    ]

    def submit(values: dict) -> Record:
        if prepare is not None:
            prepare(values)
        return _save(service, current, values)

    title = titles[1] if current else titles[0]
    return FormScreen(title, [*head, *fields], submit, version=current.version if current else None)


def verband_form(ws: Any, current: Record | None = None) -> FormScreen:
    """New or changed collaboration. Organen: members separated by ``;``; deelnemers: names of
    organisations, separated by ``;`` (each must exist)."""
    verbanden = ws.service(f"{NAME}.verbanden")
    leden = {o.get("orgaan"): "; ".join(o.get("leden") or []) for o in (current or {}).get(
        "organen") or []}  # fmt: skip
    names = verbanden.deelnemer_names(current) if current else []
    c = current or {}
    fields = [
        FormField("type", L("Vorm", "Type"), "select", options=TYPES, value=c.get("type"),
                  required=True),
        FormField("legal_personality", L("Rechtspersoon", "Legal person"), "select",
                  options=yes_no(), value=bool(c.get("legal_personality"))),
        FormField("personnel", L("Eigen personeel", "Own personnel"), "select",
                  options=yes_no(), value=bool(c.get("personnel"))),
        FormField("mandaat_delegatie", L("Mandaat/delegatie", "Mandate/delegation"), "select",
                  options=yes_no(), value=bool(c.get("mandaat_delegatie"))),
        *[FormField(f"orgaan_{o}", o, value=leden.get(o), help=L(
            "leden gescheiden door ;", "members separated by ;")) for o in ORGANEN],
        FormField("deelnemers", L("Deelnemers", "Participants"), value="; ".join(names),
                  help=L("namen van organisaties, gescheiden door ;",
                         "organisation names, separated by ;")),
        FormField("beleidsveld", L("Beleidsveld", "Policy field"), value=c.get("beleidsveld")),
        FormField("start", L("Start", "Start"), "date", value=c.get("start")),
        FormField("instrument", L("Instrument", "Instrument"), value=c.get("instrument")),
        FormField("notes", L("Notities", "Notes"), "textarea", value=c.get("notes")),
    ]  # fmt: skip

    def prepare(values: dict) -> None:
        organen = [
            {"orgaan": o, "leden": _split(values.pop(f"orgaan_{o}"))}
            for o in ORGANEN
            if _split(values.get(f"orgaan_{o}"))
        ]
        for o in ORGANEN:
            values.pop(f"orgaan_{o}", None)
        ids, unknown = [], []
        for n in _split(values.pop("deelnemers")):
            org = ws.read.organisation_by_name(n)
            (ids.append(org.id) if org else unknown.append(n))
        if unknown:
            raise ValidationError(
                {
                    "deelnemers": L(
                        "Onbekende organisatie: {n}", "Unknown organisation: {n}"
                    ).format(n=", ".join(unknown))
                }
            )
        values.update(organen=organen, deelnemers=ids)

    titles = (
        L("Nieuw samenwerkingsverband", "New collaboration"),
        L("Samenwerkingsverband wijzigen", "Edit collaboration"),
    )
    return table_record_form(ws, verbanden, current, titles, fields, prepare)


def control_form(ws: Any, verband: Record, current: Record | None = None) -> FormScreen:
    """New or changed control event of ``verband`` (its table is the collaboration's)."""
    control = ws.service(f"{NAME}.control")
    c = current or {}
    fields = [
        FormField("kind", L("Soort", "Kind"), "select", options=CONTROL_KINDS, value=c.get("kind"),
                  required=True),
        FormField("year", L("Jaar", "Year"), "int", value=c.get("year")),
        FormField("received", L("Ontvangen", "Received"), "date", value=c.get("received")),
        FormField("deadline", L("Termijn", "Deadline"), "date", value=c.get("deadline")),
        FormField("done", L("Afgehandeld", "Done"), "select", options=yes_no(),
                  value=bool(c.get("done"))),
        FormField("notes", L("Notities", "Notes"), "textarea", value=c.get("notes")),
    ]  # fmt: skip

    title = (
        L("Controlmoment wijzigen", "Edit control event")
        if current
        else L("Nieuw controlmoment: {v}", "New control event: {v}").format(v=verband.name)
    )
    return child_form(control, ("verband_id", verband.id), current, fields, title)


def deal_form(ws: Any, current: Record | None = None) -> FormScreen:
    """New or changed Regio Deal; themes separated by ``;``."""
    deals = ws.service(f"{NAME}.deals")
    c = current or {}
    fields = [
        FormField("tranche", L("Tranche", "Tranche"), "int", value=c.get("tranche"),
                  required=True),
        FormField("year", L("Jaar", "Year"), "int", value=c.get("year")),
        FormField("region", L("Regio", "Region"), value=c.get("region")),
        FormField("themes", L("Thema's", "Themes"), value="; ".join(c.get("themes") or []),
                  help=L("gescheiden door ;", "separated by ;")),
        FormField("start", L("Start", "Start"), "date", value=c.get("start")),
        FormField("end", L("Einde", "End"), "date", value=c.get("end")),
        FormField("rijk_eur", L("Rijksbijdrage (€)", "Rijk (€)"), "int", value=c.get("rijk_eur")),
        FormField("regio_eur", L("Regio (€)", "Region (€)"), "int", value=c.get("regio_eur")),
        FormField("notes", L("Notities", "Notes"), "textarea", value=c.get("notes")),
    ]  # fmt: skip

    def prepare(values: dict) -> None:
        values["themes"] = _split(values.get("themes"))

    titles = (L("Nieuwe Regio Deal", "New Regio Deal"), L("Regio Deal wijzigen", "Edit Regio Deal"))
    return table_record_form(ws, deals, current, titles, fields, prepare)


def project_form(ws: Any, deal: Record, current: Record | None = None) -> FormScreen:
    """New or changed project of Regio Deal ``deal``."""
    projecten = ws.service(f"{NAME}.projecten")
    c = current or {}
    fields = [
        FormField("name", L("Naam", "Name"), value=c.get("name"), required=True),
        FormField("status", L("Status", "Status"), "select", options=PROJECT_STATUSES,
                  value=c.get("status") or "gepland"),
        FormField("progress", L("Voortgang (%)", "Progress (%)"), "int", value=c.get("progress")),
        FormField("notes", L("Notities", "Notes"), "textarea", value=c.get("notes")),
    ]  # fmt: skip

    title = L("Project wijzigen", "Edit project") if current else L(
        "Nieuw project: {d}", "New project: {d}").format(d=deal.name)  # fmt: skip
    return child_form(projecten, ("deal_id", deal.id), current, fields, title)


def _number_text(value: float | None) -> str | None:
    """A stored number as the form shows it, read back alike by ``parse_number``."""
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _number(values: dict, name: str) -> None:
    """Read field ``name`` as a figure (``24.600,5`` or ``24.6``), or say which it is not."""
    from stadstafel_regionale_economie.economie import parse_number

    text = values.get(name)
    if text is None:
        return
    try:
        values[name] = parse_number(text)
    except ValueError:
        raise ValidationError(
            {name: L("'{v}' is geen getal", "'{v}' is not a number").format(v=text[:20])}
        ) from None


def locatie_form(ws: Any, current: Record | None = None) -> FormScreen:
    """New or changed work location: name, municipality, area with its source and date."""
    locaties = ws.service(f"{NAME}.locaties")
    c = current or {}
    fields = [
        FormField("gemeente", L("Gemeente", "Municipality"), value=c.get("gemeente")),
        FormField("area_ha", L("Oppervlakte (ha)", "Area (ha)"),
                  value=_number_text(c.get("area_ha"))),
        FormField("area_source", L("Bron oppervlakte", "Source of the area"),
                  value=c.get("area_source"), help=L("verplicht bij een oppervlakte",
                                                     "required with an area")),
        FormField("area_date", L("Datum oppervlakte", "Date of the area"), "date",
                  value=c.get("area_date")),
        FormField("notes", L("Notities", "Notes"), "textarea", value=c.get("notes")),
    ]  # fmt: skip

    titles = (
        L("Nieuwe werklocatie", "New work location"),
        L("Werklocatie wijzigen", "Edit work location"),
    )
    return table_record_form(
        ws, locaties, current, titles, fields, lambda values: _number(values, "area_ha")
    )


def definition_options() -> list[tuple[str, str]]:
    from stadstafel_regionale_economie.economie import definition_label, definitions

    return [(definition_label(key), key) for key in definitions()]


def reeks_form(ws: Any, locatie: Record, current: Record | None = None) -> FormScreen:
    """New or changed series of work location ``locatie``: ONE definition (what its figures
    count, from which source, on which peildatum); fixed once it has figures."""
    reeksen = ws.service(f"{NAME}.reeksen")
    c = current or {}
    fields = [
        FormField("definition", L("Definitie", "Definition"), "select",
                  options=definition_options(), value=c.get("definition"), required=True,
                  help=L("één definitie per reeks; ligt vast zodra er cijfers zijn",
                         "one definition per series; fixed once it has figures")),
        FormField("notes", L("Notities", "Notes"), "textarea", value=c.get("notes")),
    ]  # fmt: skip

    title = L("Reeks wijzigen: {l}", "Edit series: {l}") if current else L(
        "Nieuwe reeks: {l}", "New series: {l}")  # fmt: skip
    return child_form(reeksen, ("locatie_id", locatie.id), current, fields, title.format(
        l=locatie.name))  # fmt: skip


def cijfer_form(ws: Any, reeks: Record, current: Record | None = None) -> FormScreen:
    """New or changed figure of series ``reeks``. The definition field says what the figure
    counts: the service refuses one that is not the series' own (never two in one series)."""
    from stadstafel_regionale_economie.economie import definition_label, peildatum_rule

    cijfers = ws.service(f"{NAME}.cijfers")
    c = current or {}
    fields = [
        FormField("definition", L("Definitie van dit cijfer", "Definition of this figure"),
                  "select", options=definition_options(), value=reeks.definition, required=True),
        FormField("peildatum", L("Peildatum", "Reference date"), "date",
                  value=c.get("peildatum"), required=True, help=peildatum_rule(reeks.definition)),
        FormField("value", L("Waarde", "Value"), value=_number_text(c.get("value")),
                  required=True, help=L("24.600 of 24600; 12,5", "24.600 or 24600; 12,5")),
        FormField("source", L("Bron", "Source"), value=c.get("source"), required=True),
        FormField("demo", L("Verzonnen (demo)", "Invented (demo)"), "select", options=yes_no(),
                  value=bool(c.get("demo"))),
        FormField("notes", L("Notities", "Notes"), "textarea", value=c.get("notes")),
    ]  # fmt: skip

    def submit(values: dict) -> Record:
        _number(values, "value")
        version = values.pop("version", None)
        if current is None:
            return cijfers.create(reeks_id=reeks.id, **values)
        definition = values.pop("definition")
        return cijfers.update(
            current.id, version, definition=definition, **_changes(values, current)
        )

    title = L("Cijfer wijzigen: {d}", "Edit figure: {d}") if current else L(
        "Nieuw cijfer: {d}", "New figure: {d}")  # fmt: skip
    return FormScreen(
        title.format(d=definition_label(reeks.definition)),
        fields,
        submit,
        version=current.version if current else None,
    )
