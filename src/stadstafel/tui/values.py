"""Stored values as people read them: a field by its label, a reference by the name of what it
points to (``owner_org_id 1`` is "Eigenaar: Gemeente Leiden"), a list of ids by their names.

Used where the screens show raw columns otherwise: the conflict dialog (a record changed by
someone else while it was being edited) and the audit screen (a record's history). Every read
goes through the workspace's services; the text returned is plain (escape it, or show it with
markup off).
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from stadstafel import i18n, rules

#: Columns the system keeps (never a person's change).
SYSTEM = frozenset({"id", "version", "created_at", "updated_at", "updated_by"})

# A reference column's service: by its exact name, else by how its name ends.
_REFERENCES = {
    "table_id": "tables",
    "meeting_id": "meetings",
    "requested_meeting_id": "meetings",
    "agenda_item_id": "agenda",
    "carried_from_id": "agenda",
    "mission_id": "missions",
    "organisation_ids": "organisations",
    "representatives": "people",
}
_ENDINGS = (("org_id", "organisations"), ("organisation_id", "organisations"),
            ("person_id", "people"))  # fmt: skip


def service_for(ws: Any, record_type: str) -> Any:
    """The workspace's service whose records are ``record_type`` (None: none is)."""
    for value in vars(ws).values():
        if getattr(value, "record", None) == record_type and hasattr(value, "fields"):
            return value
    return None


def _plugin_labels(ws: Any, record_type: str) -> Any:
    """What a plugin named ``record_type`` and its fields (``record_labels`` hook), or None."""
    getter = getattr(getattr(ws, "plugins", None), "record_labels", None)
    try:
        return getter(record_type) if getter is not None else None
    except Exception:  # a host that could not load: the raw names
        return None


def record_label(ws: Any, record_type: str) -> str:
    """A record type by its label in the user's language (a plugin's through its
    ``record_labels``)."""
    named = _plugin_labels(ws, record_type)
    return i18n.pick(named.label) if named is not None else i18n.record_label(record_type)


def field_label(ws: Any, record_type: str, field: str) -> str:
    """``field`` of a ``record_type`` by its label in the user's language: the core service's,
    else what the plugin named it (the ``record_labels`` hook), else the core's word."""
    service = service_for(ws, record_type)
    try:
        if service is not None:
            return service.label(field)
        named = _plugin_labels(ws, record_type)
        pair = named.field(field) if named is not None else None
        if pair:
            return i18n.pick(pair)
    except Exception:
        pass
    return i18n.field_label(field)


def _referenced(field: str) -> str | None:
    if field in _REFERENCES:
        return _REFERENCES[field]
    for ending, service in _ENDINGS:
        if field.endswith(ending):
            return service
    return None


def _name(ws: Any, service_name: str, record_id: Any) -> str:
    try:
        record = getattr(ws, service_name).find(int(record_id))
    except (TypeError, ValueError, AttributeError):
        return str(record_id)
    if record is None:
        return f"#{record_id}"
    if service_name == "meetings":
        title = record.title or ""
        return f"{title} {str(record.starts_at or '')[:10]}".strip()
    if service_name == "missions":
        return i18n.pick(("versie", "version")) + f" {record.revision}"
    return str(record.get("name") or record.get("title") or record.get("text") or record_id)


def value_text(ws: Any, field: str, value: Any) -> str:
    """``value`` of ``field`` as a person reads it: names for references, "—" for nothing."""
    if value is None or value == "" or value == []:
        return "—"
    service = _referenced(field)
    if isinstance(value, str) and value.startswith("[") and field in _REFERENCES:
        with contextlib.suppress(ValueError):
            value = json.loads(value)
    if service is not None:
        if isinstance(value, list):
            return ", ".join(_name(ws, service, v) for v in value) or "—"
        return _name(ws, service, value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def changed_fields(before: dict | None, after: dict | None) -> list[str]:
    """The fields whose values differ between ``before`` and ``after``, system columns left
    out, in the record's order."""
    before, after = before or {}, after or {}
    fields = [*before, *(k for k in after if k not in before)]
    return [f for f in fields if f not in SYSTEM and before.get(f) != after.get(f)]


def changes(
    ws: Any, record_type: str, before: dict | None, after: dict | None
) -> list[tuple[str, str, str]]:
    """The fields a change touched, as (label, old text, new text); system columns left out."""
    before, after = before or {}, after or {}
    return [
        (field_label(ws, record_type, field), value_text(ws, field, before.get(field)),
         value_text(ws, field, after.get(field)))
        for field in changed_fields(before, after)
    ]  # fmt: skip


def rhythm_text(rhythm: str | None) -> str:
    """A stored rhythm as people say it ("elke 4 weken", "every 4 weeks"); empty for none."""
    if not rhythm:
        return ""
    try:
        return rules.describe_rhythm(rhythm, i18n.language())
    except (ValueError, KeyError):
        return rhythm


def rhythm_help() -> str:
    """The hint under a rhythm field: it takes what people say."""
    return i18n.pick(
        (
            'zoals u het zegt: "elke 6 weken", "om de week", "maandelijks", "elk kwartaal"',
            'as you would say it: "every 6 weeks", "every other week", "monthly", "quarterly"',
        )
    )
