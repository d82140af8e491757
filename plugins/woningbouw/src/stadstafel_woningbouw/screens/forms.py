"""The forms of the register: a project, a phase change, a knelpunt."""

from __future__ import annotations

import difflib
from typing import Any

import stadstafel
from stadstafel import Record, ValidationError
from stadstafel.ui import (
    FormField,
    FormScreen,
    L,
)

from stadstafel_woningbouw import texts
from stadstafel_woningbouw.model import (
    HOME_COLUMNS,
    KNELPUNT_STATUSES,
    WITHDRAWN_COLUMNS,
)
from stadstafel_woningbouw.service import ProjectRegister


def _org_names(ws: Any, ids: list[int] | None) -> str:
    names = []
    for org_id in ids or []:
        org = ws.organisations.find(org_id)
        names.append(org.name if org else f"#{org_id}")
    return ", ".join(names)


def resolve_orgs(reg: ProjectRegister, text: str | None) -> list[int]:
    """Comma-separated organisation names -> ids; unknown names are a ValidationError that
    suggests the nearest initiator name."""
    options = reg.initiator_options()
    by_name = {o.name.casefold(): o.id for o in options}
    ids: list[int] = []
    for name in [n.strip() for n in (text or "").split(",") if n.strip()]:
        org_id = by_name.get(name.casefold())
        if org_id is None:
            close = difflib.get_close_matches(name, [o.name for o in options], n=1)
            hint = L(f"; bedoelt u {close[0]}?", f"; did you mean {close[0]}?") if close else ""
            kinds = ", ".join(reg.settings.initiator_kinds)
            raise ValidationError(
                {
                    "organisation_ids": L(
                        f"Geen initiatiefnemer '{name}' ({kinds}){hint}",
                        f"No initiator '{name}' ({kinds}){hint}",
                    )
                }
            )
        if org_id not in ids:
            ids.append(org_id)
    return ids


def project_fields(reg: ProjectRegister, project: Record | None = None) -> list[FormField]:
    p = project or Record()
    new = project is None
    options = ", ".join(o.name for o in reg.initiator_options()[:6])
    fields = [
        FormField("name", texts.field_label("name"), required=True, value=p.name),
        FormField("area", texts.field_label("area"), value=p.area, help="bijv. Stationsgebied"),
        FormField("location", texts.field_label("location"), value=p.location),
        FormField(
            "organisation_ids",
            texts.field_label("organisation_ids"),
            value=_org_names(reg.ws, p.organisation_ids),
            help=L(
                f"namen, gescheiden door komma's: {options}…",
                f"names separated by commas: {options}…",
            ),
        ),
    ]
    if new:
        fields += [
            FormField(
                "phase",
                texts.field_label("phase"),
                "select",
                options=reg.settings.phase_names,
                value=reg.settings.phase_names[0],
                required=True,
            ),
            FormField(
                "phase_since",
                texts.field_label("phase_since"),
                "date",
                value=stadstafel.today().isoformat(),
            ),
        ]
    fields += [
        FormField(col, texts.field_label(col), "int", value=p.get(col) or 0)
        for col in HOME_COLUMNS + WITHDRAWN_COLUMNS
    ]
    fields += [
        FormField("start_year", texts.field_label("start_year"), "int", value=p.start_year),
        FormField(
            "delivery_year", texts.field_label("delivery_year"), "int", value=p.delivery_year
        ),
        FormField("notes", texts.field_label("notes"), "textarea", value=p.notes),
    ]
    return fields


def _project_values(reg: ProjectRegister, values: dict) -> dict:
    values = dict(values)
    values["organisation_ids"] = resolve_orgs(reg, values.get("organisation_ids"))
    for col in HOME_COLUMNS + WITHDRAWN_COLUMNS:
        if values.get(col) is None:
            values[col] = 0
    return values


def new_project_form(reg: ProjectRegister) -> FormScreen:
    def submit(values: dict) -> Record:
        values = _project_values(reg, values)
        return reg.create(**values)

    return FormScreen(
        L("Nieuw woningbouwproject", "New housing project"), project_fields(reg), submit=submit
    )


def edit_project_form(reg: ProjectRegister, project: Record) -> FormScreen:
    def submit(values: dict) -> Record:
        version = values.pop("version", None)
        values = _project_values(reg, values)
        return reg.update(project.id, version, **values)

    return FormScreen(
        L(f"Project wijzigen: {project.name}", f"Edit project: {project.name}"),
        project_fields(reg, project),
        submit=submit,
        version=project.version,
    )


def phase_form(reg: ProjectRegister, project: Record) -> FormScreen:
    names = [n for n in reg.settings.phase_names if n != project.phase]
    index = reg.settings.phase_index(project.phase)
    following = reg.settings.phase_names[index + 1 : index + 2]
    fields = [
        FormField(
            "phase",
            L(f"Nieuwe fase (nu: {project.phase})", f"New phase (now: {project.phase})"),
            "select",
            options=names,
            value=following[0] if following and following[0] in names else None,
            required=True,
        ),
        FormField(
            "changed_on",
            texts.field_label("changed_on"),
            "date",
            value=stadstafel.today().isoformat(),
            required=True,
            help=L(
                "de dag waarop het project in de nieuwe fase kwam",
                "the day the project entered the new phase",
            ),
        ),
        FormField(
            "delivery_year",
            texts.field_label("delivery_year"),
            "int",
            value=project.delivery_year,
            help=L("bij opgeleverd: het jaar van oplevering", "when delivered: the actual year"),
        ),
        FormField("note", texts.field_label("note"), value=None),
    ]

    def submit(values: dict) -> Record:
        version = values.pop("version", None)
        on = values.pop("changed_on", None)
        phase = values.pop("phase", None)
        note = values.pop("note", None)
        if values.get("delivery_year") in (None, project.delivery_year):
            values.pop("delivery_year", None)
        return reg.change_phase(project.id, version, phase, on=on, note=note, **values)

    return FormScreen(
        L(f"Fase wijzigen: {project.name}", f"Change phase: {project.name}"),
        fields,
        submit=submit,
        version=project.version,
    )


def knelpunt_form(
    reg: ProjectRegister, project: Record, knelpunt: Record | None = None
) -> FormScreen:
    k = knelpunt or Record()
    owners: dict[int, str] = {}
    table = reg.table_record()
    if table is not None:
        for m in reg.ws.tables.members(table.id):
            owners[m.organisation_id] = m.organisation_name
    for org_id in project.organisation_ids or []:
        org = reg.ws.organisations.find(org_id)
        if org:
            owners[org.id] = org.name
    if k.owner_org_id and k.owner_org_id not in owners:
        org = reg.ws.organisations.find(k.owner_org_id)
        owners[k.owner_org_id] = org.name if org else f"#{k.owner_org_id}"
    fields = [
        FormField("title", texts.field_label("title"), required=True, value=k.title),
        FormField("description", texts.field_label("description"), "textarea", value=k.description),
        FormField(
            "owner_org_id",
            texts.field_label("owner_org_id"),
            "select",
            options=sorted(
                ((name, org_id) for org_id, name in owners.items()), key=lambda o: o[0].casefold()
            ),
            value=k.owner_org_id,
        ),
        FormField("due", texts.field_label("due"), "date", value=k.due),
    ]
    if knelpunt is not None:
        fields.append(
            FormField(
                "status",
                texts.field_label("status"),
                "select",
                options=list(KNELPUNT_STATUSES),
                value=k.status,
                required=True,
            )
        )

    def submit(values: dict) -> Record:
        version = values.pop("version", None)
        if knelpunt is None:
            return reg.add_knelpunt(project.id, **values)
        return reg.update_knelpunt(knelpunt.id, version, **values)

    title = (
        L(f"Knelpunt bij {project.name}", f"Bottleneck at {project.name}")
        if knelpunt is None
        else L(f"Knelpunt wijzigen: {k.title}", f"Edit bottleneck: {k.title}")
    )
    return FormScreen(title, fields, submit=submit, version=knelpunt.version if knelpunt else None)
