"""The module's forms, on ``stadstafel.ui`` only: a collaboration, a control event, a Regio
Deal and a Deal's project, new or changed. Each saves through the module's service (which
checks the right ``regionale-economie.edit`` on the record's table); the screens open a form
only for an actor who holds that right (``may_edit``). Imported only when one is opened."""

from __future__ import annotations

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


def verband_form(ws: Any, current: Record | None = None) -> FormScreen:
    """New or changed collaboration. Organen: members separated by ``;``; deelnemers: names of
    organisations, separated by ``;`` (each must exist)."""
    verbanden = ws.service(f"{NAME}.verbanden")
    leden = {o.get("orgaan"): "; ".join(o.get("leden") or []) for o in (current or {}).get(
        "organen") or []}  # fmt: skip
    names = verbanden.deelnemer_names(current) if current else []
    c = current or {}
    fields = [
        _table_field(ws, current),
        FormField("name", L("Naam", "Name"), value=c.get("name"), required=True),
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

    def submit(values: dict) -> Record:
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
        return _save(verbanden, current, values)

    title = (
        L("Samenwerkingsverband wijzigen", "Edit collaboration")
        if current
        else L("Nieuw samenwerkingsverband", "New collaboration")
    )
    return FormScreen(title, fields, submit, version=current.version if current else None)


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

    def submit(values: dict) -> Record:
        if current is None:
            values["verband_id"] = verband.id
        return _save(control, current, values)

    title = (
        L("Controlmoment wijzigen", "Edit control event")
        if current
        else L("Nieuw controlmoment: {v}", "New control event: {v}").format(v=verband.name)
    )
    return FormScreen(title, fields, submit, version=current.version if current else None)


def deal_form(ws: Any, current: Record | None = None) -> FormScreen:
    """New or changed Regio Deal; themes separated by ``;``."""
    deals = ws.service(f"{NAME}.deals")
    c = current or {}
    fields = [
        _table_field(ws, current),
        FormField("name", L("Naam", "Name"), value=c.get("name"), required=True),
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

    def submit(values: dict) -> Record:
        values["themes"] = _split(values.get("themes"))
        return _save(deals, current, values)

    title = L("Regio Deal wijzigen", "Edit Regio Deal") if current else L(
        "Nieuwe Regio Deal", "New Regio Deal")  # fmt: skip
    return FormScreen(title, fields, submit, version=current.version if current else None)


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

    def submit(values: dict) -> Record:
        if current is None:
            values["deal_id"] = deal.id
        return _save(projecten, current, values)

    title = L("Project wijzigen", "Edit project") if current else L(
        "Nieuw project: {d}", "New project: {d}").format(d=deal.name)  # fmt: skip
    return FormScreen(title, fields, submit, version=current.version if current else None)
