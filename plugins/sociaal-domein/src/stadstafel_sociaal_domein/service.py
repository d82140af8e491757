"""The module's services: the only code that writes its records.

- ``Leerkringen``: a leerkring (lerend netwerk) of a thematafel, with its participants;
- ``Sessions``: the leerkring's sessions. A session cannot be closed without a host and a
  casus; a *confidential* session's casus and notes are readable only by the leerkring's
  participants (or whoever holds the right ``sociaal-domein.vertrouwelijk`` on the table):
  every read of a session goes through ``record_from``, which blanks them for anyone else, so
  lists, search and exports cannot leak them;
- ``Indicators`` and ``Figures``: indicators and their values per city and period, each with
  its CBS status; a newer status replaces the figure in force and keeps the older as history.

Core records are read through ``workspace.read``; the rights are the plugin's own.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from stadstafel import (
    Field,
    L,
    Page,
    PermissionDenied,
    Record,
    Service,
    TableScoped,
    ValidationError,
    today,
)

EDIT = "sociaal-domein.edit"
CONFIDENTIAL = "sociaal-domein.vertrouwelijk"

PARTS = ["actualiteiten", "intervisie", "verdieping", "projectbezoek"]
SESSION_STATUSES = ["gepland", "gesloten"]
OUTPUT_KINDS = ["kennisdocument", "paper"]
LAWS = ["Wmo 2015", "Jeugdwet", "Participatiewet"]
PERIOD_TYPES = ["jaar", "halfjaar", "peildatum"]
STATUSES = ["voorlopig", "nader voorlopig", "definitief"]
MEASURE_STATUSES = ["idee", "lopend", "afgerond"]
RANK = {status: rank for rank, status in enumerate(STATUSES)}
# The statuses as SQL lists (constants, not user text), for the status index.
DEFINITIVE = "'definitief'"
PROVISIONAL = ", ".join(f"'{s}'" for s in STATUSES if s != "definitief")


def page_of(service: Service, where: list[str], params: list, order: str, *, offset: int,
            limit: int | None) -> Page:  # fmt: skip
    """One page of ``service``'s rows matching every condition of ``where``, in ``order``."""
    clause = " AND ".join(where) or "1=1"
    return service.paged(
        f"SELECT * FROM {service.table} WHERE {clause} ORDER BY {order} LIMIT ? OFFSET ?",
        f"FROM {service.table} WHERE {clause}",
        params,
        offset=offset,
        limit=limit,
    )


class Leerkringen(TableScoped):
    table = "sociaal_domein_leerkringen"
    record = "sociaal_domein_leerkring"
    record_label = ("leerkring", "learning circle")
    perm = EDIT
    fields: ClassVar[dict[str, Field]] = {
        "table_id": Field("ref", required=True, ref="tables", label=("Tafel", "Table")),
        "theme": Field(required=True, max_len=160, label=("Thema", "Theme")),
        "organisation_ids": Field("list", label=("Deelnemende organisaties", "Organisations")),
        "person_ids": Field("list", label=("Deelnemers", "Participants")),
        "planned_sessions": Field("int", min=1, max=20, label=("Bijeenkomsten", "Sessions")),
        "digital_space": Field("url", label=("Digitale ruimte", "Digital space")),
        "notes": Field(max_len=4000, label=("Notities", "Notes")),
    }

    def prepare(self, data: dict) -> dict:
        # Platform31's leerkringen run a series of four meetings (facts: sociaal-domein.md).
        defaults = {"planned_sessions": 4, "organisation_ids": [], "person_ids": []}
        return {**defaults, **super().prepare(data)}

    def list(self, *, table_id: int | None = None, filter: str = "", offset=0, limit=None) -> Page:
        where, params = [], []
        if table_id is not None:
            where.append("table_id = ?")
            params.append(table_id)
        if filter:
            where.append("theme LIKE ?")
            params.append(f"%{filter}%")
        return page_of(self, where, params, "theme COLLATE NOCASE, id", offset=offset, limit=limit)

    def is_participant(self, leerkring: Record) -> bool:
        """May the actor read this leerkring's confidential casus and notes?"""
        actor = self.ws.actor
        if actor.person_id is not None and actor.person_id in (leerkring.person_ids or []):
            return True
        try:
            self.require(CONFIDENTIAL, table_id=leerkring.table_id)
        except PermissionDenied:
            return False
        return True


class Sessions(TableScoped):
    table = "sociaal_domein_sessions"
    record = "sociaal_domein_session"
    record_label = ("bijeenkomst", "session")
    perm = EDIT
    fields: ClassVar[dict[str, Field]] = {
        "table_id": Field("ref", ref="tables", label=("Tafel", "Table")),
        "leerkring_id": Field(
            "ref", required=True, ref="sociaal_domein_leerkringen", label=("Leerkring", "Circle")
        ),
        "number": Field("int", min=1, max=100, label=("Nummer", "Number")),
        "date": Field("date", label=("Datum", "Date")),
        "host_organisation_id": Field("ref", ref="organisations", label=("Gastgemeente", "Host")),
        "parts": Field("list", label=("Onderdelen", "Parts")),
        "guest_expert": Field(max_len=160, label=("Gastexpert", "Guest expert")),
        "casus": Field(max_len=4000, label=("Casus", "Case")),
        "casus_by_person_id": Field("ref", ref="people", label=("Casus van", "Case by")),
        "notes": Field(max_len=8000, label=("Notities", "Notes")),
        "confidential": Field("bool", label=("Vertrouwelijk", "Confidential")),
        "status": Field("choice", choices=SESSION_STATUSES, label=("Status", "Status")),
    }

    # -- confidentiality: every read goes through here ------------------------------------------
    def record_from(self, row: dict | None) -> Record | None:
        rec = super().record_from(row)
        if rec is None or not rec.get("confidential"):
            return rec
        if self._may_read(rec.leerkring_id):
            rec["hidden"] = False
            return rec
        rec.update(casus=None, notes=None, casus_by_person_id=None, hidden=True)
        return rec

    def _may_read(self, leerkring_id: int) -> bool:
        kringen = self.ws.service("sociaal-domein.leerkringen")
        leerkring = kringen.find(leerkring_id)
        return leerkring is not None and kringen.is_participant(leerkring)

    # -- writing ----------------------------------------------------------------------------------
    def clean(self, values: dict, *, partial: bool = False) -> dict:
        data = super().clean(values, partial=partial)
        bad = [p for p in data.get("parts") or [] if p not in PARTS]
        if bad:
            raise ValidationError({"parts":
                L("Onbekend onderdeel: {p} (kies uit {c}).", "Unknown part: {p} (choose {c}).")
                .format(p=", ".join(map(str, bad)), c=", ".join(PARTS))
            })  # fmt: skip
        return data

    def prepare(self, data: dict) -> dict:
        leerkring = self.ws.service("sociaal-domein.leerkringen").get(data["leerkring_id"])
        number = data.get("number") or 1 + (
            self.scalar(
                f"SELECT max(number) FROM {self.table} WHERE leerkring_id = ?", [leerkring.id]
            )
            or 0
        )
        defaults = {"parts": list(PARTS), "status": "gepland", "confidential": False}
        return {**defaults, **super().prepare(data), "table_id": leerkring.table_id,
                "number": number}  # fmt: skip

    def create(self, **values) -> Record:
        leerkring = self.ws.service("sociaal-domein.leerkringen").find(values.get("leerkring_id"))
        if leerkring is not None:
            values = {**values, "table_id": leerkring.table_id}
        return super().create(**values)

    def update(self, id: int, version: int, **values) -> Record:
        current = self.get(id)
        values.pop("table_id", None)
        values.pop("leerkring_id", None)
        if current.get("hidden") and (
            {"casus", "notes", "casus_by_person_id", "confidential"} & set(values)
        ):
            self._refuse_hidden()
        if current.status == "gesloten" and values.get("status", "gesloten") == "gesloten":
            values.pop("status", None)
        return super().update(id, version, **values)

    def close(self, id: int, version: int) -> Record:
        """Close a session: refused without a host city or without a casus."""
        session = self.get(id)
        if session.get("hidden"):
            self._refuse_hidden()
        missing = {}
        if not session.host_organisation_id:
            missing["host_organisation_id"] = L(
                "Bijeenkomst {n} kan niet worden gesloten zonder gastgemeente.",
                "Session {n} cannot be closed without a host city.",
            ).format(n=session.number)
        if not (session.casus or "").strip():
            missing["casus"] = L(
                "Bijeenkomst {n} kan niet worden gesloten zonder casus.",
                "Session {n} cannot be closed without a case.",
            ).format(n=session.number)
        if missing:
            raise ValidationError(missing)
        return super().update(id, version, status="gesloten")

    def _refuse_hidden(self) -> None:
        raise PermissionDenied(
            L(
                "Deze casus is vertrouwelijk: alleen deelnemers van de leerkring zien hem.",
                "This case is confidential: only the learning circle's participants see it.",
            )
        )

    # -- reading ----------------------------------------------------------------------------------
    def of_leerkring(self, leerkring_id: int) -> list[Record]:
        return self.rows(
            f"SELECT * FROM {self.table} WHERE leerkring_id = ? ORDER BY number, id",
            [leerkring_id],
        )

    def next_session(self) -> Record | None:
        rows = self.rows(
            f"SELECT * FROM {self.table} WHERE status = 'gepland' AND date >= ?"
            " ORDER BY date, id LIMIT 1",
            [today().isoformat()],
        )
        return rows[0] if rows else None

    def search(self, query: str, limit: int) -> list[dict]:
        """Sessions whose casus or guest expert matches; a confidential casus only for those who
        may read it: the match is checked again on the record as the actor may see it."""
        words = query.split()
        if not words:
            return []
        where, params = [], []
        for word in words:
            where.append("(casus LIKE ? OR guest_expert LIKE ?)")
            params += [f"%{word}%", f"%{word}%"]
        hits = []
        for s in self.rows(
            f"SELECT * FROM {self.table} WHERE {' AND '.join(where)} ORDER BY date DESC, id",
            params,
        ):
            text = f"{s.casus or ''} {s.guest_expert or ''}".lower()
            if not all(w.lower() in text for w in words):
                continue
            kring = self.ws.service("sociaal-domein.leerkringen").find(s.leerkring_id)
            hits.append(
                {
                    "id": s.id,
                    "title": f"{kring.theme if kring else '?'}: {s.number}",
                    "snippet": (s.casus or s.guest_expert or "")[:80],
                }
            )
            if len(hits) >= limit:
                break
        return hits


class Outputs(TableScoped):
    table = "sociaal_domein_outputs"
    record = "sociaal_domein_output"
    record_label = ("opbrengst", "output")
    perm = EDIT
    fields: ClassVar[dict[str, Field]] = {
        "table_id": Field("ref", ref="tables", label=("Tafel", "Table")),
        "leerkring_id": Field(
            "ref", required=True, ref="sociaal_domein_leerkringen", label=("Leerkring", "Circle")
        ),
        "kind": Field("choice", required=True, choices=OUTPUT_KINDS, label=("Soort", "Kind")),
        "title": Field(required=True, max_len=200, label=("Titel", "Title")),
        "url": Field("url", label=("Link", "Link")),
    }

    def create(self, **values) -> Record:
        kring = self.ws.service("sociaal-domein.leerkringen").find(values.get("leerkring_id"))
        if kring is not None:
            values = {**values, "table_id": kring.table_id}
        return super().create(**values)

    def of_leerkring(self, leerkring_id: int) -> list[Record]:
        return self.rows(
            f"SELECT * FROM {self.table} WHERE leerkring_id = ? ORDER BY id", [leerkring_id]
        )


class Measures(TableScoped):
    """Measures and initiatives of the sociaal domein: each tagged with the law(s) it carries
    out and its Iv3 taakveld, owned by an organisation, carried by a table, towards a goal of
    that table."""

    table = "sociaal_domein_measures"
    record = "sociaal_domein_measure"
    record_label = ("maatregel", "measure")
    perm = EDIT
    same_table: ClassVar[dict[str, str]] = {"goal_id": "goals"}
    fields: ClassVar[dict[str, Field]] = {
        "table_id": Field("ref", required=True, ref="tables", label=("Tafel", "Table")),
        "title": Field(required=True, max_len=160, label=("Titel", "Title")),
        "description": Field(max_len=4000, label=("Omschrijving", "Description")),
        "laws": Field("list", label=("Wetten", "Laws")),
        "taakveld": Field(max_len=8, label=("Taakveld (Iv3)", "Task field (Iv3)")),
        "owner_organisation_id": Field("ref", ref="organisations", label=("Eigenaar", "Owner")),
        "goal_id": Field("ref", ref="goals", label=("Doel", "Goal")),
        "status": Field("choice", choices=MEASURE_STATUSES, label=("Status", "Status")),
    }

    def clean(self, values: dict, *, partial: bool = False) -> dict:
        from stadstafel_sociaal_domein.iv3 import NAMES, main_code

        data = super().clean(values, partial=partial)
        errors = {}
        if "laws" in data:
            laws = [str(x).strip() for x in data["laws"] or []]
            known = {law.casefold(): law for law in LAWS}
            bad = [law for law in laws if law.casefold() not in known]
            if bad:
                errors["laws"] = L(
                    "Onbekende wet: {b} (kies uit {c}).", "Unknown law: {b} (choose {c})."
                ).format(b=", ".join(bad)[:80], c=", ".join(LAWS))
            data["laws"] = list(dict.fromkeys(known[x.casefold()] for x in laws if not bad))
            if not partial and not data["laws"] and not bad:
                errors["laws"] = L("Kies minstens één wet.", "Choose at least one law.")
        elif not partial:
            errors["laws"] = L("Kies minstens één wet.", "Choose at least one law.")
        if data.get("taakveld") is not None:
            main = main_code(data["taakveld"])
            if main is None:
                errors["taakveld"] = L(
                    "'{t}' is geen taakveld sociaal domein (kies uit {c}).",
                    "'{t}' is not a sociaal domein task field (choose {c}).",
                ).format(t=data["taakveld"], c=", ".join(NAMES))
            else:
                data["taakveld"] = data["taakveld"].strip().lower()
        if errors:
            raise ValidationError(errors)
        return data

    def prepare(self, data: dict) -> dict:
        return {"status": "idee", **super().prepare(data)}

    def list(
        self,
        *,
        law: str | None = None,
        taakveld: str | None = None,
        table_id: int | None = None,
        filter: str = "",
        offset: int = 0,
        limit: int | None = None,
    ) -> Page:
        """Measures, filtered in the database: by law, by taakveld (``6.7`` takes 6.71 and
        6.72 and their sub-taakvelden), by table and by words, each in the title, the
        description, a law or the taakveld (``jeugd`` finds the Jeugdwet's measures)."""
        where, params = [], []
        if law:
            where.append("EXISTS (SELECT 1 FROM json_each(laws) WHERE json_each.value = ?)")
            params.append(law)
        if taakveld:
            code = taakveld.strip().lower()
            where.append("taakveld LIKE ?")
            params.append(f"{code}%")
        if table_id is not None:
            where.append("table_id = ?")
            params.append(table_id)
        for word in filter.split():  # each word in the title, description, a law or taakveld
            where.append("(title LIKE ? OR description LIKE ? OR laws LIKE ? OR taakveld LIKE ?)")
            params += [f"%{word}%"] * 4
        order = "taakveld, title COLLATE NOCASE, id"
        return page_of(self, where, params, order, offset=offset, limit=limit)

    def search(self, query: str, limit: int) -> list[dict]:
        from stadstafel_sociaal_domein.iv3 import label

        page = self.list(filter=query, limit=limit) if query.split() else None
        if page is None:
            return []
        return [
            {"id": m.id, "title": m.title,
             "snippet": f"{', '.join(m.laws or [])} · {label(m.taakveld)}"[:80]}
            for m in page.rows
        ]  # fmt: skip


class Regions(Service):
    """CBS region codes (``GM0546``) of the cities, core organisations of kind gemeente."""

    table = "sociaal_domein_regions"
    record = "sociaal_domein_region"
    record_label = ("regiocode", "region code")

    def set(self, code: str, organisation_id: int) -> Record:
        organisation = self.ws.read.organisation(organisation_id)
        if organisation is None or organisation.kind != "gemeente":
            raise ValidationError(
                {"organisation_id": L("Een regiocode hoort bij een gemeente.",
                                      "A region code belongs to a city.")}
            )  # fmt: skip
        code = code.strip().upper()
        if not code.startswith("GM") or not code[2:].isdigit():
            raise ValidationError({"code":
                L("Regiocode '{c}' is geen GMxxxx.", "Region code '{c}' is not GMxxxx.")
                .format(c=code[:20])
            })  # fmt: skip
        if self.ws.actor.global_role != "beheerder":
            raise PermissionDenied(
                L("Alleen een beheerder legt regiocodes vast.", "Only an admin sets region codes.")
            )
        current = self.rows(f"SELECT * FROM {self.table} WHERE code = ?", [code])
        if current:
            return self.write_update(current[0].id, None, {"organisation_id": organisation_id})
        return self.insert({"code": code, "organisation_id": organisation_id})

    def organisation_of(self, code: str) -> int | None:
        value = self.scalar(
            f"SELECT organisation_id FROM {self.table} WHERE code = ?", [code.strip().upper()]
        )
        return int(value) if value is not None else None

    def cities(self) -> list[tuple[str, int]]:
        """(name, organisation id) of every city with a region code, by name: two queries."""
        ids = [r["organisation_id"] for r in self.query(
            f"SELECT organisation_id FROM {self.table} ORDER BY organisation_id")]  # fmt: skip
        names = self.ws.read.organisation_names(ids)
        return sorted(((n, i) for i, n in names.items()), key=lambda p: p[0].lower())

    def code_of(self, organisation_id: int) -> str | None:
        return self.scalar(
            f"SELECT code FROM {self.table} WHERE organisation_id = ?", [organisation_id]
        )


class Indicators(TableScoped):
    table = "sociaal_domein_indicators"
    record = "sociaal_domein_indicator"
    record_label = ("indicator", "indicator")
    perm = EDIT
    fields: ClassVar[dict[str, Field]] = {
        "table_id": Field("ref", required=True, ref="tables", label=("Tafel", "Table")),
        "name": Field(required=True, max_len=160, label=("Naam", "Name")),
        "unit": Field(max_len=80, label=("Eenheid", "Unit")),
        "law": Field("choice", choices=LAWS, label=("Wet", "Law")),
        "source": Field(max_len=200, label=("Bron", "Source")),
        "cbs_table": Field(max_len=20, label=("CBS-tabel", "CBS table")),
        "bbv_number": Field(max_len=10, label=("BBV-nummer", "BBV number")),
        "period_type": Field(
            "choice", required=True, choices=PERIOD_TYPES, label=("Periode", "Period")
        ),
        "higher_is_better": Field("bool", label=("Hoger is beter", "Higher is better")),
        "caveat": Field(max_len=1000, label=("Kanttekening", "Caveat")),
    }

    def list(self, *, filter: str = "", offset=0, limit=None) -> Page:
        where, params = [], []
        if filter:
            where, params = ["(name LIKE ? OR law LIKE ? OR cbs_table LIKE ?)"], [f"%{filter}%"] * 3
        return page_of(self, where, params, "name COLLATE NOCASE, id", offset=offset, limit=limit)

    def search(self, query: str, limit: int) -> list[dict]:
        where, params = [], []
        for word in query.split():
            where.append("(name LIKE ? OR cbs_table LIKE ?)")
            params += [f"%{word}%"] * 2
        if not where:
            return []
        rows = self.rows(
            f"SELECT * FROM {self.table} WHERE {' AND '.join(where)} ORDER BY name LIMIT ?",
            [*params, limit],
        )
        return [{"id": r.id, "title": r.name, "snippet": r.cbs_table or ""} for r in rows]


class Figures(Service):
    """Values of an indicator per city and period, with their CBS status and history."""

    table = "sociaal_domein_values"
    record = "sociaal_domein_value"
    record_label = ("cijfer", "figure")

    def _indicator(self, indicator_id: int) -> Record:
        return self.ws.service("sociaal-domein.indicators").get(indicator_id)

    def put(self, indicator_id: int, organisation_id: int, period: str, value: float,
               status: str, *, origin: str = "", recorded_on: str | None = None) -> str:  # fmt: skip
        """Record one figure; returns ``new``, ``replaced`` or ``unchanged``. A figure with the
        same or a newer status replaces the one in force (which stays as history); an older
        status than the one in force is refused."""
        indicator = self._indicator(indicator_id)
        self.require(EDIT, table_id=indicator.table_id)
        return self._record(indicator, organisation_id, period, value, status, origin, recorded_on)

    def _record(
        self, indicator, organisation_id, period, value, status, origin, recorded_on=None
    ) -> str:
        if status not in RANK:
            raise ValidationError(
                {
                    "status": L("Onbekende status '{s}'.", "Unknown status '{s}'.").format(
                        s=status[:30]
                    )
                }
            )
        current = self.rows(
            f"SELECT * FROM {self.table} WHERE indicator_id = ? AND organisation_id = ?"
            " AND period = ? AND current = 1",
            [indicator.id, organisation_id, period],
        )
        if current:
            old = current[0]
            if RANK[status] < RANK[old.status]:
                raise ValidationError(
                    {
                        "status": L(
                            "{p}: er is al een {o} cijfer; een {s} cijfer vervangt het niet.",
                            "{p}: a {o} figure exists; a {s} figure does not replace it.",
                        ).format(p=period, o=old.status, s=status)
                    }
                )
            if old.status == status and old.value == value:
                return "unchanged"
            self.write_update(old.id, None, {"current": 0}, action="supersede")
        self.insert(
            {
                "indicator_id": indicator.id,
                "organisation_id": organisation_id,
                "period": period,
                "value": value,
                "status": status,
                "current": 1,
                "recorded_on": recorded_on or today().isoformat(),
                "origin": origin,
            }
        )
        return "replaced" if current else "new"

    def history(self, indicator_id: int, organisation_id: int, period: str) -> list[Record]:
        return self.rows(
            f"SELECT * FROM {self.table} WHERE indicator_id = ? AND organisation_id = ?"
            " AND period = ? ORDER BY id",
            [indicator_id, organisation_id, period],
        )

    def current(self, indicator_id: int) -> list[Record]:
        return self.rows(
            f"SELECT * FROM {self.table} WHERE indicator_id = ? AND current = 1"
            " ORDER BY period, organisation_id",
            [indicator_id],
        )

    def became_definitive_since(self, day: str, limit: int = 50) -> list[Record]:
        """Figures in force that became definitief on or after ``day`` (ISO date)."""
        return self.rows(
            f"SELECT * FROM {self.table} WHERE current = 1 AND status = 'definitief'"
            " AND recorded_on >= ? ORDER BY recorded_on DESC, id DESC LIMIT ?",
            [day, limit],
        )

    def definitive_keys_since(self, day: str, limit: int = 200) -> list[dict]:
        """As ``became_definitive_since``, only ``indicator_id``, ``organisation_id`` and
        ``period`` of each (a list on a screen needs no more than these, and whole records
        cost a screenful's time at the large size)."""
        return self.query(
            f"SELECT indicator_id, organisation_id, period FROM {self.table}"
            " WHERE current = 1 AND status = 'definitief' AND recorded_on >= ?"
            " ORDER BY recorded_on DESC, id DESC LIMIT ?",
            [day, limit],
        )

    def count_definitive_since(self, day: str) -> int:
        """How many figures in force became definitief on or after ``day`` (up to
        ``COUNT_CAP``): read from the index, never the figures themselves."""
        return self.count(
            f"FROM {self.table} WHERE current = 1 AND status = 'definitief' AND recorded_on >= ?",
            [day],
        )

    def compare(self, indicator_id: int, *, focus: int | None = None) -> dict:
        """One indicator across the cities that have figures for it: ``periods``, ``rows``
        (city, {period: (value, status)}), per period a ``mixed`` flag (voorlopig beside
        definitief: shown with a mark), the ``caveat`` and, for ``focus`` (an organisation id),
        its ``position`` among the cities in its own latest period (1 = best)."""
        indicator = self._indicator(indicator_id)
        figures = self.current(indicator_id)
        periods = sorted({f.period for f in figures})
        names = self.ws.read.organisation_names(sorted({f.organisation_id for f in figures}))
        table: dict[int, dict[str, tuple[float, str]]] = {}
        for f in figures:
            table.setdefault(f.organisation_id, {})[f.period] = (f.value, f.status)
        mixed = {
            p: len({row[p][1] == "definitief" for row in table.values() if p in row}) > 1
            for p in periods
        }
        rows = sorted(
            ({"organisation_id": oid, "city": names.get(oid, "?"), "values": vals}
             for oid, vals in table.items()),
            key=lambda r: r["city"].lower(),
        )  # fmt: skip
        position = None
        if focus is not None and table.get(focus):
            # the city's latest period: a newer one where only a few cities have figures yet
            # (an early voorlopig one) would leave the city out (as ``position`` does)
            last = max(table[focus])
            ranked = sorted(
                (vals[last][0] for vals in table.values() if last in vals),
                reverse=bool(indicator.higher_is_better),
            )
            position = (ranked.index(table[focus][last][0]) + 1, len(ranked), last)
        return {
            "indicator": indicator,
            "periods": periods,
            "rows": rows,
            "mixed": mixed,
            "caveat": indicator.caveat or "",
            "position": position,
        }

    # -- paged from the database: one indicator across hundreds of cities ------------------------
    def latest_periods(self, indicator_id: int, n: int = 4) -> list[str]:
        """The ``n`` latest periods with figures in force, oldest first."""
        rows = self.query(
            f"SELECT DISTINCT period FROM {self.table} WHERE indicator_id = ? AND current = 1"
            " ORDER BY period DESC LIMIT ?",
            [indicator_id, n],
        )
        return sorted(r["period"] for r in rows)

    def mixed_periods(self, indicator_id: int, periods: list[str]) -> dict[str, bool]:
        """Per period: are voorlopig figures beside definitive ones (shown with a mark)?"""

        # Per period: is a definitive figure in force, and a provisional one? Each a step in
        # the (status, indicator, period) index; counting the statuses read every row.
        def exists(statuses: str) -> str:
            return (
                f"EXISTS (SELECT 1 FROM {self.table} WHERE status IN ({statuses})"
                " AND indicator_id = ? AND period = p.value AND current = 1)"
            )

        rows = self.query(
            f"SELECT p.value AS period, {exists(DEFINITIVE)} AS d, {exists(PROVISIONAL)} AS v"
            " FROM json_each(?) AS p",
            [indicator_id, indicator_id, json.dumps(periods)],
        )
        return {r["period"]: bool(r["d"] and r["v"]) for r in rows}

    def compare_page(self, indicator_id: int, periods: list[str], *, offset: int = 0,
                     limit: int | None = 50, total: int | None = None,
                     rank_by: str | None = None) -> Page:  # fmt: skip
        """The cities with a figure in one of ``periods``, ranked by their figure in the last
        of them, or in ``rank_by`` when it is one of them (best first, by the indicator's
        direction; cities without one follow, by id), one page at a time: each row has
        ``organisation_id``, ``rank`` and ``by_period`` {period: (value, status)}. The
        ranking is read in index order, page by page; a ``total`` from an earlier page of the
        same periods is not counted again."""
        indicator = self._indicator(indicator_id)
        if not periods:
            return Page([], 0, offset, limit or 0)
        last = rank_by if rank_by in periods else periods[-1]
        earlier = json.dumps([p for p in periods if p != last])
        direction = "DESC" if indicator.higher_is_better else "ASC"
        in_last = (
            f"SELECT organisation_id FROM {self.table}"
            " WHERE indicator_id = ? AND period = ? AND current = 1"
        )
        ranked_total = self.count(f"FROM {self.table} WHERE indicator_id = ? AND period = ?"
                                  " AND current = 1", [indicator_id, last])  # fmt: skip
        rest = (
            f"FROM {self.table} WHERE indicator_id = ? AND current = 1"
            " AND period IN (SELECT value FROM json_each(?))"
            f" AND organisation_id NOT IN ({in_last}) GROUP BY organisation_id"
        )
        rest_params = [indicator_id, earlier, indicator_id, last]
        want = limit if limit is not None else 1_000_000
        ids: list[tuple[int, int | None]] = []
        if offset < ranked_total:
            found = self.query(
                f"{in_last} ORDER BY value {direction}, organisation_id LIMIT ? OFFSET ?",
                [indicator_id, last, want, offset],
            )
            ids += [(r["organisation_id"], offset + n) for n, r in enumerate(found, start=1)]
        if len(ids) < want:
            found = self.query(
                f"SELECT organisation_id {rest} ORDER BY organisation_id LIMIT ? OFFSET ?",
                [*rest_params, want - len(ids), max(0, offset - ranked_total)],
            )
            ids += [(r["organisation_id"], None) for r in found]
        # a short page ends the list; a full one counts the cities without a latest figure
        if len(ids) < want:
            total = offset + len(ids)
        elif total is None:
            total = self.count(
                f"FROM (SELECT DISTINCT organisation_id FROM {self.table} WHERE indicator_id = ?"
                " AND current = 1 AND period IN (SELECT value FROM json_each(?)))",
                [indicator_id, json.dumps(periods)],
            )
        figures: dict[int, dict] = {}
        for r in self.query(
            f"SELECT organisation_id, period, value, status FROM {self.table}"
            " WHERE indicator_id = ? AND current = 1"
            " AND period IN (SELECT value FROM json_each(?))"
            " AND organisation_id IN (SELECT value FROM json_each(?))",
            [indicator_id, json.dumps(periods), json.dumps([i for i, _ in ids])],
        ):
            figures.setdefault(r["organisation_id"], {})[r["period"]] = (r["value"], r["status"])
        rows = [
            Record(id=org, organisation_id=org, rank=rank, by_period=figures.get(org, {}))
            for org, rank in ids
        ]
        return Page(rows, total, offset, limit or total)

    def position(self, indicator: Record, organisation_id: int) -> dict | None:
        """Where a city stands in its latest period: ``rank`` (1 = best), ``total`` (cities
        with a figure then), ``period``, ``value``, ``status``, ``mixed``. Two queries."""
        rows = self.rows(
            f"SELECT * FROM {self.table} WHERE indicator_id = ? AND organisation_id = ?"
            " AND current = 1 ORDER BY period DESC LIMIT 1",
            [indicator.id, organisation_id],
        )
        if not rows:
            return None
        fig = rows[0]
        better = ">" if indicator.higher_is_better else "<"
        # Three counts, each from an index alone (one count over the rows read every row).
        where = f"FROM {self.table} WHERE indicator_id = ? AND period = ? AND current = 1"
        at = [indicator.id, fig.period]
        counts = self.query(
            f"SELECT (SELECT count(*) {where}) AS total,"
            f" (SELECT count(*) {where} AND value {better} ?) AS ahead,"
            f" (SELECT count(*) {where} AND status IN ({PROVISIONAL})) AS provisional",
            [*at, *at, fig.value, *at],
        )[0]
        provisional = counts["provisional"] or 0
        return {
            "rank": (counts["ahead"] or 0) + 1,
            "total": counts["total"],
            "period": fig.period,
            "value": fig.value,
            "status": fig.status,
            # voorlopig beside definitief in the same period: not like for like
            "mixed": 0 < provisional < counts["total"],
        }

    def series(self, indicator_id: int, organisation_id: int) -> list[Record]:
        """One city's figures in force, oldest period first."""
        return self.rows(
            f"SELECT * FROM {self.table} WHERE indicator_id = ? AND organisation_id = ?"
            " AND current = 1 ORDER BY period",
            [indicator_id, organisation_id],
        )

    def city_profile(self, organisation_id: int, *, limit: int = 200) -> list[dict]:
        """One city across the indicators: per indicator its latest figure in force, the
        status, and its position among the cities with a figure for that period (1 = best,
        by the indicator's direction). Ranked in the database: a count per indicator."""
        out = []
        for ind in self.ws.service("sociaal-domein.indicators").list(limit=limit).rows:
            pos = self.position(ind, organisation_id)
            out.append({"indicator": ind, "position": pos})
        return out

    def compare_csv(self, indicator_id: int) -> bytes:
        import csv
        import io

        from stadstafel import csv_cell

        data = self.compare(indicator_id)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["gemeente", "periode", "waarde", "status", "gemengde_status"])
        for row in data["rows"]:
            for p in data["periods"]:
                if p in row["values"]:
                    value, status = row["values"][p]
                    flag = "ja" if data["mixed"][p] else ""
                    writer.writerow([csv_cell(row["city"]), p, value, status, flag])
        if data["caveat"]:
            writer.writerow([csv_cell("# " + data["caveat"])])
        return out.getvalue().encode("utf-8")


def may(service: Service, right: str, table_id: int | None) -> bool:
    """Does the actor hold ``right`` on the table? For screens that hide what one may not do."""
    try:
        service.require(right, table_id=table_id)
    except PermissionDenied:
        return False
    return True


def may_somewhere(service: Service, right: str) -> bool:
    """Does the actor hold ``right`` on some table (to offer a key that creates a record on
    one of them)? From the actor's own roles: a right held everywhere or at any table (a
    beheerder, a role scoped "any"), else the tables the actor has a role at. Not every table
    of the workspace in turn (``editable_tables``): that was a query per table, 500 at the
    large size, whenever the section's rights were read again (its first showing)."""
    if may(service, right, None):
        return True
    roles = getattr(service.ws.actor, "table_roles", None) or {}
    return any(may(service, right, table_id) for table_id in sorted(roles))


def editable_tables(service: Service) -> list[Record]:
    """The tables on which the actor may edit the module's records (for the forms)."""
    return [t for t in service.ws.read.tables(limit=1000).rows if may(service, EDIT, t.id)]


def period_label(code: str) -> str:
    """``2023JJ00`` → ``2023``, ``2023HJ01`` → ``2023 1e hj``, ``2023KW02`` → ``2023 K2``."""
    year, kind, n = code[:4], code[4:6], code[6:]
    if kind == "JJ":
        return year
    if kind == "HJ":
        return f"{year} {int(n)}e hj"
    if kind == "KW":
        return f"{year} K{int(n)}"
    if kind == "MM":
        return f"{year}-{n}"
    return code


def any_of(values: Any) -> list:
    return list(values or [])
