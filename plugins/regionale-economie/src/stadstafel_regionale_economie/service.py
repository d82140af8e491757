"""The module's services, the only code that writes its records.

- ``Verbanden``  samenwerkingsverbanden with their type, organen, deelnemers and the Wgr rules
  (``wgr.toml`` says what each rule cites and whether a breach is refused or flagged);
- ``Control``    the control cycle per GR: ontwerp-begroting → zienswijze deadline, jaarrekening,
  reporting, consent; flags a begroting whose zienswijze is not planned on a meeting of the
  following table before its deadline, read through the core's public services;
- ``Deals``      Regio Deals with the flags of ``[plugins.regionale-economie]``.

Core records are read through ``workspace.read`` and the core's services, never with SQL.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from stadstafel import (
    Field,
    L,
    Page,
    Record,
    Service,
    TableScoped,
    ValidationError,
    parse_toml,
    today,
)

NAME = "regionale-economie"
RIGHT = "regionale-economie.edit"

GR_TYPES = [
    "openbaar lichaam",
    "gemeenschappelijk orgaan",
    "bedrijfsvoeringsorganisatie",
    "centrumgemeenteregeling",
    "regeling zonder meer",
]
TYPES = [
    *GR_TYPES,
    "convenant",
    "Regio Deal",
    "netwerk/triple helix",
    "privaatrechtelijke rechtspersoon",
]
ORGANEN = ["AB", "DB", "voorzitter"]
CONTROL_KINDS = [
    "ontwerp-begroting",
    "jaarrekening",
    "verantwoording vertegenwoordiger",
    "wijziging/toetreding/uittreding",
]
BEGROTING = "ontwerp-begroting"
INACTIVE_ITEMS = {"ingetrokken", "doorgeschoven"}


@cache
def wgr_rules() -> dict[str, dict]:
    """The Wgr rules with their article and source, from ``wgr.toml`` (data, not code)."""
    # beside this module, not through importlib.resources: that import (with zipfile) is
    # 0.4 MiB that would stay in every session's memory for one file; parsed through the
    # kit's kept parse, so a session that shows the collaborations (their flags) does not
    # import tomllib (0.1 MB) once the text was parsed at an earlier start
    text = Path(__file__).with_name("wgr.toml").read_text("utf-8")
    return parse_toml(text)["rules"]


def _text(rule: dict) -> str:
    return L(rule["nl"], rule["en"])


def wgr_breaches(v: dict) -> list[tuple[str, dict]]:
    """The Wgr rules a collaboration ``v`` (a dict of its fields) breaks: ``[(id, rule)]``."""
    rules, out = wgr_rules(), []
    kind = v.get("type")
    if kind == "regeling zonder meer" and v.get("mandaat_delegatie"):
        out.append("zonder_meer_mandaat")
    if kind == "gemeenschappelijk orgaan" and (v.get("legal_personality") or v.get("personnel")):
        out.append("orgaan_rechtspersoon")
    if kind == "bedrijfsvoeringsorganisatie" and any(
        not t.get("beleidsarm") or t.get("van", "college") != "college"
        for t in (v.get("taken") or [])
    ):
        out.append("bvo_beleidsarm")
    if kind == "openbaar lichaam":
        present = {o.get("orgaan") for o in (v.get("organen") or []) if o.get("leden")}
        if not set(ORGANEN) <= present:
            out.append("ol_organen")
    return [(rid, rules[rid]) for rid in out]


def _taken_ok(value: Any) -> None:
    for t in value or []:
        if not isinstance(t, dict) or not str(t.get("taak", "")).strip():
            raise ValidationError(
                L("Taken: elke taak heeft een naam", "Tasks: every task has a name")
            )


class ModuleService(TableScoped):
    """The base of the module's services. ``check(merged)`` runs on the whole record on every
    write, after the base's permission check; with ``parent = (field, service)`` a record's
    ``table_id`` defaults to the table of the record it belongs to."""

    parent: ClassVar[tuple[str, str] | None] = None

    def check(self, merged: dict) -> None:
        """Raise ValidationError when the record ``merged`` breaks a rule of the module."""

    def create(self, **values) -> Record:
        if self.parent is not None and values.get("table_id") is None:
            field, service = self.parent
            owner = self.ws.service(f"{NAME}.{service}").find(values.get(field))
            if owner is not None:
                values["table_id"] = owner.table_id
        return super().create(**values)

    def insert(self, values: dict, *, action: str = "create") -> Record:
        self.check(values)
        return super().insert(values, action=action)

    def write_update(
        self, id: int, version: int | None, changes: dict, *, action: str = "update"
    ) -> Record:
        self.check({**self.get(id), **changes})
        return super().write_update(id, version, changes, action=action)

    # -- deleting ----------------------------------------------------------------------------
    #: The module's records that belong to one of this service's, ``(service, field)``: they go
    #: with it (each audited), and what refers to them stops the delete as if to it.
    children: ClassVar[tuple[tuple[str, str], ...]] = ()

    def core_references(self, record: Record) -> list[str]:
        """The core's records that refer to ``record``, each named ("agendapunt '…'"): a
        delete is refused while any does. None by default."""
        return []

    def display_name(self, record: dict) -> str:
        """What a question or message calls ``record``: its name, or its kind."""
        return str(record.get("name") or record.get("kind") or f"#{record['id']}")

    def child_records(self, id: int) -> list[tuple[Any, Record]]:
        """``(service, record)`` of every record that goes with record ``id``, children first."""
        out = []
        for name, field in self.children:
            child = self.ws.service(f"{NAME}.{name}")
            for row in child.rows(
                f"SELECT * FROM {child.table} WHERE {field} = ? ORDER BY id", [id]
            ):
                out += [*child.child_records(row.id), (child, row)]
        return out

    def delete_effects(self, id: int) -> tuple[list[str], dict[str, int]]:
        """What deleting record ``id`` would meet: the core's records that refer to it or to
        what goes with it (named), and how many of the module's records go with it, by label."""
        refs = self.core_references(self.get(id))
        going: dict[str, int] = {}
        for service, row in self.child_records(id):
            refs += service.core_references(row)
            label = L(*service.record_label)
            going[label] = going.get(label, 0) + 1
        return refs, going

    def write_delete(self, id: int, version: int | None) -> None:
        """Refused, naming them, while a core record refers to the record or to one that goes
        with it; otherwise its children are deleted with it, in one transaction, each audited."""
        with self.transaction():
            record = self.get(id)
            refs, _going = self.delete_effects(id)
            if refs:
                name = self.display_name(record)
                raise ValidationError(
                    L(
                        "{r} '{n}' kan niet weg: {refs} verwijst ernaar.",
                        "{r} '{n}' cannot be deleted: {refs} refers to it.",
                    ).format(r=L(*self.record_label).capitalize(), n=name, refs="; ".join(refs))
                )
            for service, row in self.child_records(id):
                Service.write_delete(service, row.id, None)
            Service.write_delete(self, id, version)

    def agenda_references(self, prefix: str, *, exact: bool = False) -> list[str]:
        """The core's agenda items made from this module's suggestion ``prefix`` (the key
        itself when ``exact``), named with their meeting's date."""
        out = []
        for item in self.ws.read.agenda_items_from(prefix):
            if exact and item["source_key"] != prefix:
                continue
            title = self.ws.agenda.get(item["id"]).title
            where = (
                L("vergadering {d}", "meeting {d}").format(d=(item["starts_at"] or "")[:10])
                if item["meeting_id"]
                else L("werkvoorraad", "backlog")
            )
            out.append(L("agendapunt '{t}' ({w})", "agenda item '{t}' ({w})").format(
                t=title, w=where))  # fmt: skip
        return out


class Verbanden(ModuleService):
    """Samenwerkingsverbanden; a breach of a Wgr rule marked ``refuse`` is refused with its
    article, one marked ``flag`` is stored and shown by ``flags()``."""

    table = "regionale_economie_verbanden"
    record = "regionale_economie_verband"
    record_label = ("samenwerkingsverband", "collaboration")
    perm = RIGHT
    children = (("control", "verband_id"),)
    fields: ClassVar[dict[str, Field]] = {
        "table_id": Field("ref", required=True, ref="tables", label=("Tafel", "Table")),
        "name": Field(required=True, max_len=120, label=("Naam", "Name")),
        "type": Field("choice", required=True, choices=TYPES, label=("Vorm", "Type")),
        "legal_personality": Field("bool", label=("Rechtspersoonlijkheid", "Legal personality")),
        "personnel": Field("bool", label=("Eigen personeel", "Own personnel")),
        "mandaat_delegatie": Field("bool", label=("Mandaat/delegatie", "Mandate/delegation")),
        "organen": Field("list", label=("Organen", "Bodies")),
        "deelnemers": Field("list", label=("Deelnemers", "Participants")),
        "taken": Field("list", label=("Taken en bevoegdheden", "Tasks and powers")),
        "beleidsveld": Field(max_len=80, label=("Beleidsveld", "Policy field")),
        "start": Field("date", label=("Start", "Start")),
        "instrument": Field(max_len=200, label=("Instrument", "Instrument")),
        "notes": Field(max_len=4000, label=("Notities", "Notes")),
    }

    def prepare(self, data: dict) -> dict:
        return {
            "legal_personality": False,
            "personnel": False,
            "mandaat_delegatie": False,
            "organen": [],
            "deelnemers": [],
            "taken": [],
            **super().prepare(data),
        }

    def check(self, merged: dict) -> None:
        """The Wgr rules marked ``refuse``, on the whole record."""
        _taken_ok(merged.get("taken"))
        for o in merged.get("organen") or []:
            if not isinstance(o, dict) or o.get("orgaan") not in ORGANEN:
                raise ValidationError(
                    L("Organen: kies uit {o}", "Bodies: choose from {o}").format(
                        o=", ".join(ORGANEN)
                    )
                )
        ids = [int(i) for i in merged.get("deelnemers") or []]
        missing = set(ids) - set(self.ws.read.organisation_names(ids))
        if missing:
            raise ValidationError(
                L(
                    "Deelnemers: onbekende organisatie {ids}",
                    "Participants: unknown organisation {ids}",
                ).format(ids=", ".join(map(str, sorted(missing))))
            )
        for _rid, rule in wgr_breaches(merged):
            if rule["action"] == "refuse":
                raise ValidationError(f"{_text(rule)} ({rule['article']})")

    def flags(self, v: dict) -> list[dict]:
        """The flagged (not refused) Wgr breaches of ``v``: ``text``, ``article``, ``source``."""
        return [
            {"rule": rid, "text": _text(r), "article": r["article"], "source": r["source"]}
            for rid, r in wgr_breaches(v)
            if r["action"] == "flag"
        ]

    def list(
        self,
        *,
        table_id: int | None = None,
        type: str | None = None,
        filter: str = "",
        offset: int = 0,
        limit: int | None = None,
    ) -> Page:
        """A page of collaborations by name, filtered by table, type and a name fragment."""
        where, params = ["1=1"], []
        if table_id is not None:
            where.append("table_id = ?")
            params.append(table_id)
        if type:
            where.append("type = ?")
            params.append(type)
        if filter:
            where.append("(name LIKE ? OR beleidsveld LIKE ?)")
            params += [f"%{filter}%", f"%{filter}%"]
        sql_where = " AND ".join(where)
        # By name, filtered: walk the name-and-field index (re3_1), which holds both columns
        # the filter matches, in the list's order; it stops at the first page of matches and
        # the next deadlines are read for those rows only (as the core's partners list does).
        source = (
            f"{self.table} INDEXED BY idx_regionale_economie_verbanden_name_veld"
            if filter and table_id is None
            else self.table
        )
        return self.paged(
            f"SELECT *, (SELECT min(c.deadline) FROM regionale_economie_control c"
            f" WHERE c.verband_id = {self.table}.id AND NOT c.done) AS next_deadline,"
            " (SELECT c.kind FROM regionale_economie_control c"
            f" WHERE c.verband_id = {self.table}.id AND NOT c.done AND c.deadline IS NOT NULL"
            " ORDER BY c.deadline, c.id LIMIT 1) AS next_kind"
            f" FROM {source} WHERE {sql_where}"
            " ORDER BY name COLLATE NOCASE, beleidsveld, id LIMIT ? OFFSET ?",
            f"FROM {self.table} WHERE {sql_where}",
            params,
            offset=offset,
            limit=limit,
        )

    def deelnemer_names(self, v: Record) -> list[str]:
        names = self.ws.read.organisation_names(v.deelnemers or [])
        return [names[i] for i in v.deelnemers or [] if i in names]

    def search(self, query: str, limit: int) -> list[dict]:
        where, params = [], []
        for word in query.split():
            where.append("(name LIKE ? OR beleidsveld LIKE ? OR instrument LIKE ?)")
            params += [f"%{word}%"] * 3
        if not where:
            return []
        rows = self.rows(
            f"SELECT * FROM {self.table} WHERE {' AND '.join(where)} ORDER BY name LIMIT ?",
            [*params, limit],
        )
        return [{"id": r.id, "title": r.name, "snippet": r.type} for r in rows]


class Control(ModuleService):
    """The control events of the year per GR, on the table that follows the GR (``table_id``
    defaults to it)."""

    table = "regionale_economie_control"
    record = "regionale_economie_control"
    record_label = ("controlmoment", "control event")
    perm = RIGHT
    parent = ("verband_id", "verbanden")
    fields: ClassVar[dict[str, Field]] = {
        "table_id": Field("ref", required=True, ref="tables", label=("Tafel", "Table")),
        "verband_id": Field(
            "ref",
            required=True,
            ref="regionale_economie_verbanden",
            label=("Samenwerkingsverband", "Collaboration"),
        ),
        "year": Field("int", min=1900, max=2200, label=("Jaar", "Year")),
        "kind": Field("choice", required=True, choices=CONTROL_KINDS, label=("Soort", "Kind")),
        "received": Field("date", label=("Ontvangen", "Received")),
        "deadline": Field("date", label=("Termijn", "Deadline")),
        "done": Field("bool", label=("Afgehandeld", "Done")),
        "notes": Field(max_len=4000, label=("Notities", "Notes")),
    }

    def prepare(self, data: dict) -> dict:
        return {"done": False, **super().prepare(data)}

    @staticmethod
    def suggestion_key(event: Record) -> str:
        return f"{NAME}:zienswijze:{event.id}"

    def core_references(self, record: Record) -> list[str]:
        """The agenda items made from this event's zienswijze."""
        return self.agenda_references(self.suggestion_key(record), exact=True)

    def suggestion(self, event: Record) -> dict:
        """The agenda suggestion for a begroting's zienswijze (the same for every meeting)."""
        return {
            "key": self.suggestion_key(event),
            "title": L(
                "Zienswijze ontwerp-begroting {y} {v}", "Zienswijze on the draft budget {y} {v}"
            ).format(y=event.year or "", v=event.verband),
            "description": event.notes or "",
            "detail": L(
                "termijn {d}; nog niet geagendeerd", "deadline {d}; not planned yet"
            ).format(d=event.deadline),
        }

    def meetings_in_time(self, event: Record) -> list[Record]:
        """The meetings of the event's table from today up to its deadline, not cancelled:
        where its zienswijze can still be planned."""
        if not event.deadline or event.deadline < today().isoformat():
            return []
        page = self.ws.read.meetings(
            table_id=event.table_id, start=today().isoformat(), end=event.deadline, limit=50
        )
        return [m for m in page.rows if m.status != "geannuleerd"]

    def plan_zienswijze(self, event_id: int, meeting_id: int) -> Record:
        """Put the zienswijze of begroting ``event_id`` on the agenda of ``meeting_id`` (a
        meeting of the table that follows the GR, before the deadline); the agenda item is the
        core's, made by its service (which checks the right to manage the agenda)."""
        event = self.events_by_id(event_id)
        if event.kind != BEGROTING:
            raise ValidationError(
                L("Alleen een ontwerp-begroting krijgt een zienswijze",
                  "Only a draft budget gets a zienswijze")
            )  # fmt: skip
        if meeting_id not in {m.id for m in self.meetings_in_time(event)}:
            raise ValidationError(
                L(
                    "Kies een vergadering van deze tafel vóór de termijn ({d})",
                    "Choose a meeting of this table before the deadline ({d})",
                ).format(d=event.deadline)
            )
        return self.ws.carry_forward.accept(meeting_id, self.suggestion(event))

    def events_by_id(self, event_id: int) -> Record:
        """One event with its collaboration's name as ``verband``."""
        self.get(event_id)  # NotFound for an unknown id
        return self.rows(
            f"SELECT c.*, v.name AS verband FROM {self.table} c"
            " JOIN regionale_economie_verbanden v ON v.id = c.verband_id WHERE c.id = ?",
            [event_id],
        )[0]

    def planned_meeting(self, event: Record) -> Record | None:
        """The meeting of the event's table before its deadline with an active agenda item for
        this zienswijze (accepted from the suggestion), or None. A cancelled meeting's items
        move to the next meeting (the core does that), so they count only if it is in time."""
        found = self._planned(self.suggestion_key(event), event, self._planned_items())
        return self.ws.read.meeting(found) if found is not None else None

    def _planned_items(self) -> dict[str, list[dict]]:
        """The active agenda items made from this module's zienswijze suggestions, by key
        (one query on the core's index)."""
        out: dict[str, list[dict]] = {}
        for item in self.ws.read.agenda_items_from(f"{NAME}:zienswijze:"):
            if item["status"] in INACTIVE_ITEMS or item["meeting_id"] is None:
                continue
            if item["meeting_status"] == "geannuleerd":
                continue
            out.setdefault(item["source_key"], []).append(item)
        return out

    @staticmethod
    def _planned(key: str, event: Record, items: dict[str, list[dict]]) -> int | None:
        """The id of the first meeting in time that holds ``key`` for ``event``, or None."""
        if not event.deadline:
            return None
        for item in sorted(items.get(key, []), key=lambda i: i["starts_at"] or ""):
            if item["table_id"] == event.table_id and (item["starts_at"] or "") < event.deadline:
                return item["meeting_id"]
        return None

    def events(
        self,
        *,
        verband_id: int | None = None,
        table_id: int | None = None,
        start: str | None = None,
        end: str | None = None,
        limit: int = 500,
    ) -> list[Record]:
        """Events by deadline, with the collaboration's name as ``verband``."""
        where, params = ["1=1"], []
        for col, op, val in (
            ("c.verband_id", "=", verband_id),
            ("c.table_id", "=", table_id),
            ("c.deadline", ">=", start),
            ("c.deadline", "<", end),
        ):
            if val is not None:
                where.append(f"{col} {op} ?")
                params.append(val)
        return self.rows(
            f"SELECT c.*, v.name AS verband FROM {self.table} c"
            " JOIN regionale_economie_verbanden v ON v.id = c.verband_id"
            f" WHERE {' AND '.join(where)} ORDER BY c.deadline, c.id LIMIT ?",
            [*params, limit],
        )

    def deadlines(
        self,
        *,
        start: str | None = None,
        end: str | None = None,
        open_only: bool = True,
        filter: str = "",
        offset: int = 0,
        limit: int | None = None,
    ) -> Page:
        """A page of control deadlines by date, with the collaboration's name as ``verband``:
        from ``start``, by default the first day of this quarter (so this quarter comes first)
        and, for open ones, also every open deadline that passed before it (marked missed in
        the screens). Filtered in the database: open only, a fragment of the name."""
        where, params = ["c.deadline IS NOT NULL"], []
        if start or not open_only:
            where.append("c.deadline >= ?")
            params.append(start or quarter(today())[0].isoformat())
        if end:
            where.append("c.deadline < ?")
            params.append(end)
        if open_only:
            where.append("NOT c.done")
        if filter:
            where.append("v.name LIKE ?")
            params.append(f"%{filter}%")
        sql_where = " AND ".join(where)
        joined = (
            f"FROM {self.table} c JOIN regionale_economie_verbanden v ON v.id = c.verband_id"
            f" WHERE {sql_where}"
        )
        return self.paged(
            f"SELECT c.*, v.name AS verband {joined} ORDER BY c.deadline, c.id LIMIT ? OFFSET ?",
            joined,
            params,
            offset=offset,
            limit=limit,
        )

    def unplanned_among(self, events: list[Record]) -> set[int]:
        """The ids of the open begrotingen among ``events`` (a page of a list) whose
        zienswijze is not planned in time (one query)."""
        return {i for i, day in self.planning_among(events).items() if day is None}

    def planning_among(self, events: list[Record]) -> dict[int, str | None]:
        """For each open begroting among ``events`` (a page of a list): the date of the meeting
        in time that has its zienswijze on the agenda, or None when none has (one query)."""
        begrotingen = [e for e in events if e.kind == BEGROTING and not e.done and e.deadline]
        if not begrotingen:
            return {}
        items = self._planned_items()
        out: dict[int, str | None] = {}
        for e in begrotingen:
            meeting_id = self._planned(self.suggestion_key(e), e, items)
            out[e.id] = next(
                (i["starts_at"][:10] for i in items.get(self.suggestion_key(e), [])
                 if i["meeting_id"] == meeting_id), None,
            ) if meeting_id is not None else None  # fmt: skip
        return out

    def _open_begrotingen(self, table_id: int | None) -> tuple[str, list]:
        """``FROM … WHERE …`` of the open begrotingen with a deadline (of one table)."""
        where, params = ["c.kind = ?", "NOT c.done", "c.deadline IS NOT NULL"], [BEGROTING]
        if table_id is not None:
            where.append("c.table_id = ?")
            params.append(table_id)
        return (
            f"FROM {self.table} c JOIN regionale_economie_verbanden v ON v.id = c.verband_id"
            f" WHERE {' AND '.join(where)}",
            params,
        )

    def unplanned_zienswijzen(self, *, table_id: int | None = None) -> list[dict]:
        """Open begrotingen whose zienswijze is not on a meeting before the deadline:
        ``{"event", "missed"}``; ``missed`` when the deadline has passed. Two queries,
        whatever the number of begrotingen (the open ones are chosen in the database)."""
        now = today().isoformat()
        joined, params = self._open_begrotingen(table_id)
        begrotingen = self.rows(
            f"SELECT c.*, v.name AS verband {joined} ORDER BY c.deadline, c.id", params
        )
        items = self._planned_items()
        return [
            {"event": e, "missed": e.deadline < now}
            for e in begrotingen
            if self._planned(self.suggestion_key(e), e, items) is None
        ]

    def unplanned_count(self) -> int:
        """How many ``unplanned_zienswijzen()`` lists, without reading them (the dashboard
        card at every start): the open begrotingen counted in the database, less those of
        them an agenda item plans in time (read one by one: agenda items made from this
        module's suggestions are few)."""
        joined, params = self._open_begrotingen(None)
        total = self.scalar(f"SELECT count(*) {joined}", params) or 0
        items = self._planned_items()
        ids = sorted(
            {int(key.rpartition(":")[2]) for key in items if key.rpartition(":")[2].isdigit()}
        )
        planned = 0
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for e in self.rows(f"SELECT c.* {joined} AND c.id IN ({marks})", [*params, *chunk]):
                planned += self._planned(self.suggestion_key(e), e, items) is not None
        return total - planned


class Deals(ModuleService):
    """Regio Deals; ``flags()`` applies the rules of ``[plugins.regionale-economie]``."""

    table = "regionale_economie_deals"
    record = "regionale_economie_deal"
    record_label = ("Regio Deal", "Regio Deal")
    perm = RIGHT
    children = (("projecten", "deal_id"),)

    def core_references(self, record: Record) -> list[str]:
        """The agenda items made from this deal's flag suggestions."""
        return self.agenda_references(f"{NAME}:deal:{record.id}:")

    fields: ClassVar[dict[str, Field]] = {
        "table_id": Field("ref", required=True, ref="tables", label=("Tafel", "Table")),
        "name": Field(required=True, max_len=120, label=("Naam", "Name")),
        "tranche": Field("int", required=True, min=1, max=20, label=("Tranche", "Tranche")),
        "year": Field("int", min=2000, max=2200, label=("Jaar", "Year")),
        "region": Field(max_len=120, label=("Regio", "Region")),
        "themes": Field("list", label=("Thema's", "Themes")),
        "start": Field("date", label=("Start", "Start")),
        "end": Field("date", label=("Einde", "End")),
        "rijk_eur": Field("int", min=0, max=10**11, label=("Rijksbijdrage (€)", "Rijk (€)")),
        "regio_eur": Field(
            "int",
            min=0,
            max=10**11,
            label=("Regionale cofinanciering (€)", "Regional co-financing (€)"),
        ),
        "notes": Field(max_len=4000, label=("Notities", "Notes")),
    }

    def prepare(self, data: dict) -> dict:
        return {"themes": [], **super().prepare(data)}

    def flags(self, deal: dict) -> list[dict]:
        """The configured rules the deal breaks: ``text``, ``source``."""
        cfg = self.ws.plugins.settings(NAME)
        rijk, regio = deal.get("rijk_eur") or 0, deal.get("regio_eur") or 0
        out = []
        if rijk + regio and rijk / (rijk + regio) > cfg["rijk_share_max"]:
            out.append(
                {
                    "rule": "rijk_share",
                    "text": L(
                        "Rijksaandeel {p:.0f}% boven {m:.0f}%", "Rijk share {p:.0f}% above {m:.0f}%"
                    ).format(p=100 * rijk / (rijk + regio), m=100 * cfg["rijk_share_max"]),
                    "source": cfg["regio_deal_source"],
                }
            )
        if deal.get("tranche") in cfg["rijk_bounds_tranches"] and not (
            cfg["rijk_min_eur"] <= rijk <= cfg["rijk_max_eur"]
        ):
            out.append(
                {
                    "rule": "rijk_bounds",
                    "text": L(
                        "Rijksbijdrage {r} buiten {a}–{b} (tranche {t})",
                        "Rijk contribution {r} outside {a}–{b} (tranche {t})",
                    ).format(
                        r=euro(rijk),
                        a=euro(cfg["rijk_min_eur"]),
                        b=euro(cfg["rijk_max_eur"]),
                        t=deal.get("tranche"),
                    ),
                    "source": cfg["regio_deal_source"],
                }
            )
        return out

    def list(
        self, *, table_id: int | None = None, offset: int = 0, limit: int | None = None
    ) -> Page:
        where, params = ("table_id = ?", [table_id]) if table_id is not None else ("1=1", [])
        return self.paged(
            f"SELECT * FROM {self.table} WHERE {where} ORDER BY name, id LIMIT ? OFFSET ?",
            f"FROM {self.table} WHERE {where}",
            params,
            offset=offset,
            limit=limit,
        )


def euro(amount: int | float) -> str:
    """€ 12,5 m style, for messages."""
    m = amount / 1_000_000
    return f"€ {m:,.1f} m".replace(",", "_").replace(".", ",").replace("_", ".")


def quarter(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of ``day``'s quarter and the first day of the next."""
    first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    nxt = dt.date(first.year + (first.month == 10), (first.month + 2) % 12 + 1, 1)
    return first, nxt


def days_until(date_text: str) -> int:
    return (dt.date.fromisoformat(date_text) - today()).days


PROJECT_STATUSES = ["gepland", "lopend", "vertraagd", "afgerond"]


class DealProjecten(ModuleService):
    """The projects of a Regio Deal with their status and progress (percent)."""

    table = "regionale_economie_deal_projecten"
    record = "regionale_economie_deal_project"
    record_label = ("Regio Deal-project", "Regio Deal project")
    perm = RIGHT
    parent = ("deal_id", "deals")
    fields: ClassVar[dict[str, Field]] = {
        "table_id": Field("ref", required=True, ref="tables", label=("Tafel", "Table")),
        "deal_id": Field(
            "ref", required=True, ref="regionale_economie_deals", label=("Regio Deal", "Regio Deal")
        ),
        "name": Field(required=True, max_len=120, label=("Naam", "Name")),
        "status": Field("choice", choices=PROJECT_STATUSES, label=("Status", "Status")),
        "progress": Field("int", min=0, max=100, label=("Voortgang (%)", "Progress (%)")),
        "notes": Field(max_len=4000, label=("Notities", "Notes")),
    }

    def prepare(self, data: dict) -> dict:
        return {"status": "gepland", "progress": 0, **super().prepare(data)}

    def of_deal(self, deal_id: int) -> list[Record]:
        return self.rows(
            f"SELECT * FROM {self.table} WHERE deal_id = ? ORDER BY name, id LIMIT 500", [deal_id]
        )

    def progress(self, deal_id: int) -> dict:
        """``{"projects", "done", "mean"}``: counts and the mean progress of the deal's projects."""
        row = self.query(
            f"SELECT count(*) AS n, sum(status = 'afgerond') AS done, avg(progress) AS mean"
            f" FROM {self.table} WHERE deal_id = ?",
            [deal_id],
        )[0]
        return {"projects": row["n"], "done": row["done"] or 0, "mean": round(row["mean"] or 0)}


def may_edit(ws: Any, table_id: int | None, right: str = RIGHT) -> bool:
    """May the actor use ``right`` (the module's own by default) on table ``table_id``? For
    screens that hide what the actor may not do (the services check it anyway)."""
    from stadstafel import PermissionDenied

    try:
        ws.service(f"{NAME}.verbanden").require(right, table_id=table_id)
    except PermissionDenied:
        return False
    return True


def editable_tables(ws: Any, limit: int = 500) -> list[Record]:
    """The tables on which the actor may write the module's records (for a form's choice)."""
    return [t for t in ws.read.tables(limit=limit).rows if may_edit(ws, t.id)]


def may_edit_somewhere(ws: Any) -> bool:
    """Does the actor hold the module's right on any table (a beheerder always does)?"""
    return may_edit(ws, None) or any(
        may_edit(ws, t) for t in sorted(getattr(ws.actor, "table_roles", {}) or {})
    )
