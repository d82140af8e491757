"""The module's services: the only code that writes its records, and the rules.

``Trajectories`` holds one instrument's trajectory (facts, phases, dates, the motivering); its
parts are records of their own, each written by its own service on the trajectory's table's
right (``Part``): the kennisgeving participatie, the participatieplan and the
participatieverslag (one per trajectory), the activities and the belangenafweging (several).

The flags are computed from these records in the database (``rules_sql``): one SQL expression
per rule, used both to filter the list (``flagged``) and to explain each flag, so a rule is
written once. Local choices (minimum rung, lead time, the council's BOPA list) come from
``[plugins.omgevingswet]``; the statutory sources are data in ``rules.py``.
"""

from __future__ import annotations

from typing import Any, ClassVar

import stadstafel
from stadstafel import (
    Field,
    L,
    Page,
    PermissionDenied,
    Record,
    TableScoped,
    ValidationError,
)

from stadstafel_omgevingswet.rules import (
    BEVOEGD_GEZAG,
    DRAAGVLAK,
    INSTRUMENTS,
    LEGAL_BASIS,
    METHODS,
    PHASES,
    SOURCES,
    WEIGHINGS,
)

NAME = "omgevingswet"
RIGHT = "omgevingswet.trajectories.edit"
MOTIVERING_RIGHT = "omgevingswet.motivering.set"
TRAJECTORIES = "omgevingswet_trajectories"
ACTIVITIES = "omgevingswet_activities"


def _ladder(ws: Any) -> list[str]:
    return list(ws.plugins.settings(NAME)["ladder"])


class Flag(dict):
    """A rule that a trajectory does not meet: ``code``, ``text`` (in the workspace's language)
    and ``source``."""


class Guarded:
    """``may(right, table_id)``: whether the actor holds a right there (screens hide keys)."""

    def may(self: Any, right: str, table_id: int | None) -> bool:
        try:
            self.require(right, table_id=table_id)
        except PermissionDenied:
            return False
        return True


# -- the rules, in SQL ---------------------------------------------------------------------------
# Each rule is an expression over one trajectory ``t`` (with its kennisgeving ``k``, plan ``p``
# and verslag ``v`` joined; activities in subqueries) that is NULL when the rule is met and
# otherwise the fact that breaks it (a date, the rung, the groups missed, the days, the BOPA
# category), shown in the flag's text.
JOINS = (
    f"{TRAJECTORIES} t"
    " LEFT JOIN omgevingswet_kennisgevingen k ON k.trajectory_id = t.id"
    " LEFT JOIN omgevingswet_plans p ON p.trajectory_id = t.id"
    " LEFT JOIN omgevingswet_verslagen v ON v.trajectory_id = t.id"
)
_ACT = f"FROM {ACTIVITIES} a WHERE a.trajectory_id = t.id"
_START = f"(SELECT MIN(a.date) {_ACT})"


def rules_sql(cfg: dict, today: str) -> list[tuple[str, str, list]]:
    """``(code, expression, params)`` for every rule, in the order flags are shown."""
    ladder = list(cfg["ladder"])
    minimum = cfg["minimum_rung"]
    low = ladder[: ladder.index(minimum)] if minimum in ladder else []
    cats = list(cfg["bopa_categories"])
    when = " ".join(
        "WHEN 1 THEN ?" if cat.get("all") else "WHEN COALESCE(t.dwellings, 0) >= ? THEN ?"
        for cat in cats
    )
    cat_params: list = []
    for cat in cats:
        cat_params += [cat["name"]] if cat.get("all") else [int(cat["min_dwellings"]), cat["name"]]
    held = f"{_ACT} AND a.date <= ?"
    return [
        (
            "kennisgeving",
            (
                "CASE WHEN t.instrument IN ('omgevingsplan', 'projectbesluit')"
                " AND t.verkenning_start IS NOT NULL"
                " AND (k.date IS NULL OR k.date > t.verkenning_start) THEN COALESCE(k.date, '') END"
            ),
            [],
        ),
        (
            "laat",
            (
                f"CASE WHEN t.ontwerp_published IS NOT NULL"
                f" AND COALESCE({_START}, '9999') > t.ontwerp_published"
                f" THEN COALESCE({_START}, '') END"
            ),
            [],
        ),
        (
            "trede",
            f"CASE WHEN p.rung IN ({', '.join('?' for _ in low)}) THEN p.rung END"
            if low
            else "NULL",
            low,
        ),
        (
            "bereik",
            (
                f"CASE WHEN EXISTS (SELECT 1 {held}) THEN (SELECT group_concat(g.value, ', ')"
                " FROM json_each(COALESCE(p.groups_meant, '[]')) g WHERE g.value NOT IN"
                f" (SELECT r.value FROM {ACTIVITIES} a, json_each(COALESCE(a.groups_reached, '[]')) r"
                " WHERE a.trajectory_id = t.id AND a.date <= ?)) END"
            ),
            [today, today],
        ),
        (
            "uitnodiging",
            (
                "(SELECT CAST(MIN(julianday(a.date) - julianday(a.invitation_date)) AS INTEGER)"
                f" {_ACT} AND a.invitation_date IS NOT NULL AND a.date IS NOT NULL"
                " AND julianday(a.date) - julianday(a.invitation_date) < ?)"
            ),
            [int(cfg["invitation_lead_days"])],
        ),
        (
            "verslag",
            (
                "CASE WHEN t.submitted IS NOT NULL AND (v.shared IS NULL OR v.shared > t.submitted)"
                " THEN COALESCE(v.shared, '') END"
            ),
            [],
        ),
        (
            "bopa",
            f"CASE WHEN t.bopa AND NOT EXISTS (SELECT 1 {_ACT}) THEN CASE {when} END END"
            if cats
            else "NULL",
            cat_params,
        ),
        (
            "aanvraag",
            (
                "CASE WHEN t.instrument = 'omgevingsvergunning' AND t.submitted IS NOT NULL"
                " AND t.application_participation IS NULL THEN t.submitted END"
            ),
            [],
        ),
    ]


# The rules by what they cost to evaluate: columns of the joined rows first, the subqueries
# over activities (date arithmetic, JSON) last.
CHEAP_FIRST = [
    "verslag",
    "aanvraag",
    "kennisgeving",
    "trede",
    "laat",
    "bopa",
    "bereik",
    "uitnodiging",
]


def flag_of(ws: Any, code: str, value: Any) -> Flag:
    """The flag of rule ``code`` broken by ``value`` (what its expression returned)."""
    cfg = ws.plugins.settings(NAME)
    minimum, lead = cfg["minimum_rung"], int(cfg["invitation_lead_days"])
    texts = {
        "kennisgeving": L(
            "Kennisgeving participatie na start verkenning",
            "Participation notice after the exploration started",
        ),
        "laat": L(
            "Participatie pas na publicatie van het ontwerp",
            "Participation started after the draft was published",
        ),
        "trede": L(
            f"Trede {value} onder het minimum {minimum}",
            f"Rung {value} below the minimum {minimum}",
        ),
        "bereik": L("Niet bereikt: ", "Not reached: ") + str(value),
        "uitnodiging": L(
            f"Uitnodiging {value} dagen voor de bijeenkomst (minimaal {lead})",
            f"Invitation {value} days before the meeting (at least {lead})",
        ),
        "verslag": L(
            "Verslag niet vóór indiening met deelnemers gedeeld",
            "Report not shared with participants before submission",
        ),
        "bopa": L(
            f"BOPA in categorie '{value}' zonder participatie: risico buiten behandeling",
            f"BOPA in category '{value}' without participation: risk of 'buiten behandeling'",
        ),
        "aanvraag": L(
            "Aanvraag zonder antwoord op 'participatie gedaan?' (aanvraagvereiste)",
            "Application without an answer to 'participation done?' (aanvraagvereiste)",
        ),
    }
    sources = {
        "trede": f"{cfg['minimum_rung_source']} ({cfg['minimum_rung_date']})",
        "uitnodiging": cfg["invitation_lead_source"],
        "bopa": f"{SOURCES['bopa']}; {cfg['bopa_list_source']} ({cfg['bopa_list_date']})",
    }
    return Flag(code=code, text=texts[code], source=sources.get(code) or SOURCES[code])


# -- the trajectory ------------------------------------------------------------------------------
class Trajectories(Guarded, TableScoped):
    table = TRAJECTORIES
    record = "omgevingswet_trajectory"
    record_label = ("traject", "trajectory")
    perm = RIGHT
    fields: ClassVar[dict[str, Field]] = {
        "table_id": Field("ref", required=True, ref="tables", label=("Tafel", "Table")),
        "title": Field(required=True, max_len=160, label=("Titel", "Title")),
        "instrument": Field(
            "choice", required=True, choices=INSTRUMENTS, label=("Instrument", "Instrument")
        ),
        "bopa": Field("bool", label=("BOPA", "BOPA")),
        "dwellings": Field("int", max=100_000, label=("Woningen", "Homes")),
        "bevoegd_gezag": Field(
            "choice", choices=BEVOEGD_GEZAG, label=("Bevoegd gezag", "Competent authority")
        ),
        "initiatiefnemer_id": Field(
            "ref", ref="organisations", label=("Initiatiefnemer", "Initiator")
        ),
        "phase": Field("choice", choices=PHASES, label=("Fase", "Phase")),
        "verkenning_start": Field("date", label=("Start verkenning", "Exploration start")),
        "ontwerp_published": Field("date", label=("Ontwerp gepubliceerd", "Draft published")),
        "submitted": Field("date", label=("Ingediend/voorgelegd", "Submitted")),
        "decided": Field("date", label=("Vastgesteld/besloten", "Decided")),
        "application_participation": Field(
            "choice",
            choices=["ja", "nee"],
            label=("Participatie gedaan? (aanvraag)", "Participation done? (application)"),
        ),
        "application_how": Field(
            max_len=4000,
            label=("Hoe en met welk resultaat", "How, and with what result"),
        ),
        "motivering": Field(
            max_len=8000, label=("Motivering participatie", "Participation motivation")
        ),
    }

    # -- writing ---------------------------------------------------------------------------
    def prepare(self, data: dict) -> dict:
        data = {"phase": "verkenning", **data}
        self._refuse(data)
        return super().prepare(data)

    def update(self, id: int, version: int, **values) -> Record:
        current = self.get(id)
        merged = {**dict(current), **self.clean(values, partial=True)}
        self._refuse(merged)
        if "motivering" in values and (values["motivering"] or "") != (current.motivering or ""):
            self.require(MOTIVERING_RIGHT, table_id=current.table_id)
        return super().update(id, version, **values)

    def _refuse(self, data: dict) -> None:
        """The rules that refuse a write: vaststelling needs a motivering (Ob 10.2/10.7/10.8);
        only a permit is a BOPA or answers the aanvraagvereiste."""
        deciding = data.get("phase") == "vaststelling" and data.get("decided")
        if deciding and not (data.get("motivering") or "").strip():
            raise ValidationError(
                {
                    "motivering": L(
                        "Vaststelling zonder motivering van de participatie kan niet ({s}).",
                        "A decision without a participation motivation is refused ({s}).",
                    ).format(s=SOURCES["motivering"])
                }
            )
        permit = data.get("instrument") == "omgevingsvergunning"
        if data.get("bopa") and not permit:
            raise ValidationError(
                {
                    "bopa": L(
                        "Alleen een omgevingsvergunning is een BOPA.",
                        "Only an omgevingsvergunning can be a BOPA.",
                    )
                }
            )
        if data.get("application_participation") and not permit:
            raise ValidationError(
                {
                    "application_participation": L(
                        "Alleen een aanvraag omgevingsvergunning vraagt dit ({s}).",
                        "Only a permit application asks this ({s}).",
                    ).format(s=SOURCES["aanvraag"])
                }
            )

    # -- the flags -------------------------------------------------------------------------
    def _rules(self) -> list[tuple[str, str, list]]:
        return rules_sql(self.ws.plugins.settings(NAME), stadstafel.today().isoformat())

    def flags_of(self, ids: list[int]) -> dict[int, list[Flag]]:
        """Every rule each trajectory of ``ids`` does not meet, each with its source."""
        if not ids:
            return {}
        rules = self._rules()
        cols = ", ".join(f"({sql}) AS f_{code}" for code, sql, _ in rules)
        params = [p for _, _, ps in rules for p in ps]
        marks = ", ".join("?" for _ in ids)
        out: dict[int, list[Flag]] = {}
        for row in self.query(
            f"SELECT t.id AS id, {cols} FROM {JOINS} WHERE t.id IN ({marks})", [*params, *ids]
        ):
            out[row["id"]] = [
                flag_of(self.ws, code, row[f"f_{code}"])
                for code, _, _ in rules
                if row[f"f_{code}"] is not None
            ]
        return out

    def flags(self, t: Any) -> list[Flag]:
        """The flags of one trajectory (a record or an id)."""
        tid = t if isinstance(t, int) else t.id
        return self.flags_of([tid]).get(tid, [])

    # -- reading ---------------------------------------------------------------------------
    def list(
        self,
        *,
        table_id: int | None = None,
        filter: str = "",
        phase: str = "",
        instrument: str = "",
        flagged: bool = False,
        offset: int = 0,
        limit: int | None = None,
    ) -> Page:
        """A page of trajectories by title; ``flagged`` keeps only those with a flag (in the
        database: the rules are SQL)."""
        where, params = ["1=1"], []
        for column, value in (("table_id", table_id), ("phase", phase), ("instrument", instrument)):
            if value:
                where.append(f"t.{column} = ?")
                params.append(value)
        if filter:
            where.append("t.title LIKE ?")
            params.append(f"%{filter}%")
        if flagged:
            # OR stops at the first rule broken: the cheap ones (no activity subquery) first
            rules = sorted(self._rules(), key=lambda r: CHEAP_FIRST.index(r[0]))
            where.append("(" + " OR ".join(f"({sql}) IS NOT NULL" for _, sql, _ in rules) + ")")
            params += [p for _, _, ps in rules for p in ps]
        from_where = f"FROM {JOINS} WHERE {' AND '.join(where)}"
        page = self.paged(
            f"SELECT t.*, p.rung AS rung {from_where}"
            " ORDER BY t.title COLLATE NOCASE, t.id LIMIT ? OFFSET ?",
            from_where,
            params,
            offset=offset,
            limit=limit,
        )
        return Page(self.enrich(page.rows), page.total, page.offset, page.limit)

    def enrich(self, rows: list[Record]) -> list[Record]:
        """Add table and initiatiefnemer names (via ``workspace.read``), flags, legal basis."""
        tables = self.ws.read.table_names({r.table_id for r in rows})
        orgs = self.ws.read.organisation_names(
            {r.initiatiefnemer_id for r in rows if r.initiatiefnemer_id}
        )
        flags = self.flags_of([r.id for r in rows])
        for r in rows:
            r["table_name"] = tables.get(r.table_id, "?")
            r["initiatiefnemer"] = (
                orgs.get(r.initiatiefnemer_id, "") if r.initiatiefnemer_id else ""
            )
            r["flags"] = flags.get(r.id, [])
            r["legal_basis"] = legal_basis(r)
        return rows

    def open_counts(self) -> tuple[int, int]:
        """(open trajectories, of them flagged), counted in the database: the dashboard card."""
        rules = sorted(self._rules(), key=lambda r: CHEAP_FIRST.index(r[0]))
        flagged = " OR ".join(f"({sql}) IS NOT NULL" for _, sql, _ in rules)
        row = self.query(
            f"SELECT count(*) AS open, coalesce(sum({flagged}), 0) AS flagged"
            f" FROM {JOINS} WHERE t.decided IS NULL",
            [p for _, _, ps in rules for p in ps],
        )[0]
        return row["open"], row["flagged"]

    def share_in_order(self, table_id: int | None = None) -> tuple[int, int]:
        """(trajectories at or above the minimum rung with a shared verslag, all trajectories),
        of one table or all: the goal indicator ``omgevingswet:op_orde``."""
        cfg = self.ws.plugins.settings(NAME)
        ladder = list(cfg["ladder"])
        good = ladder[ladder.index(cfg["minimum_rung"]) :] if cfg["minimum_rung"] in ladder else []
        where, params = ("WHERE t.table_id = ?", [table_id]) if table_id else ("", [])
        row = self.query(
            f"SELECT count(*) AS total, coalesce(sum(p.rung IN ({', '.join('?' for _ in good)})"
            f" AND v.shared IS NOT NULL), 0) AS good FROM {JOINS} {where}",
            [*good, *params],
        )[0]
        return row["good"], row["total"]

    def detail(self, id: int) -> Record:
        rows = self.rows(f"SELECT t.*, p.rung AS rung FROM {JOINS} WHERE t.id = ?", [id])
        if not rows:
            self.get(id)  # NotFound, worded by the base
        return self.enrich(rows)[0]

    def search(self, query: str, limit: int) -> list[dict]:
        """Trajectories whose title, plan or motivering hold every word."""
        where, params = every_word(
            query, ("t.title", "t.motivering", "p.rung_rationale", "p.stakeholders")
        )
        if not params:
            return []
        rows = self.query(
            f"SELECT t.id, t.title, t.instrument, t.phase FROM {JOINS}"
            f" WHERE {where} ORDER BY t.title LIMIT ?",
            [*params, limit],
        )
        return [
            {"id": r["id"], "title": r["title"], "snippet": f"{r['instrument']} · {r['phase']}"}
            for r in rows
        ]


def every_word(query: str, columns: Any) -> tuple[str, list]:
    """A WHERE clause (and its parameters) that every word of ``query`` is in one of
    ``columns``; no parameters for an empty query."""
    where, params = [], []
    for word in query.split():
        where.append("(" + " OR ".join(f"{c} LIKE ?" for c in columns) + ")")
        params += [f"%{word}%"] * len(columns)
    return " AND ".join(where) or "1=1", params


def legal_basis(t: Any) -> str:
    key = "bopa" if t.bopa else t.instrument
    return LEGAL_BASIS.get(key, "")


# -- the parts -----------------------------------------------------------------------------------
class Part(Guarded, TableScoped):
    """A record of a trajectory: checked on the right of the trajectory's table."""

    perm = RIGHT
    table_field = None
    order = "id"

    def table_of(self, record: dict) -> int | None:
        return self.scalar(
            f"SELECT table_id FROM {TRAJECTORIES} WHERE id = ?", [record.get("trajectory_id")]
        )

    def update(self, id: int, version: int, **values) -> Record:
        if "trajectory_id" in values and values["trajectory_id"] != self.get(id).trajectory_id:
            raise ValidationError(
                {"trajectory_id": L("Hoort bij een ander traject.", "Belongs to another one.")}
            )
        return super().update(id, version, **values)

    def of(self, trajectory_id: int) -> list[Record]:
        return self.rows(
            f"SELECT * FROM {self.table} WHERE trajectory_id = ? ORDER BY {self.order}",
            [trajectory_id],
        )


class Single(Part):
    """A part a trajectory has once (kennisgeving, plan, verslag)."""

    def one(self, trajectory_id: int) -> Record | None:
        found = self.of(trajectory_id)
        return found[0] if found else None

    def save(self, trajectory_id: int, version: int | None = None, **values) -> Record:
        """Write the trajectory's part: create it the first time, update it after."""
        current = self.one(trajectory_id)
        if current is None:
            return self.create(trajectory_id=trajectory_id, **values)
        return self.update(current.id, current.version if version is None else version, **values)


def _trajectory() -> Field:
    return Field("ref", required=True, ref=TRAJECTORIES, label=("Traject", "Trajectory"))


class Kennisgevingen(Single):
    table = "omgevingswet_kennisgevingen"
    record = "omgevingswet_kennisgeving"
    record_label = ("kennisgeving participatie", "participation notice")
    fields: ClassVar[dict[str, Field]] = {
        "trajectory_id": _trajectory(),
        "date": Field("date", label=("Gepubliceerd op", "Published on")),
        "involved": Field(max_len=2000, label=("Wie betrokken", "Who is involved")),
        "subject": Field(max_len=2000, label=("Waarover", "About what")),
        "timing": Field(max_len=1000, label=("Wanneer", "When")),
        "roles": Field(
            max_len=2000,
            label=("Rollen bevoegd gezag en initiatiefnemer", "Roles of authority and initiator"),
        ),
        "information": Field(max_len=1000, label=("Waar informatie", "Where information is")),
    }


class Plans(Single):
    table = "omgevingswet_plans"
    record = "omgevingswet_plan"
    record_label = ("participatieplan", "participation plan")
    fields: ClassVar[dict[str, Field]] = {
        "trajectory_id": _trajectory(),
        "date": Field("date", label=("Plan van", "Plan dated")),
        "rung": Field("choice", choices=list, label=("Trede", "Rung")),
        "rung_rationale": Field(max_len=2000, label=("Motivering trede", "Why this rung")),
        "stakeholders": Field(max_len=4000, label=("Belanghebbenden", "Stakeholders")),
        "groups_meant": Field("list", label=("Beoogde groepen", "Groups meant")),
        "fixed_frameworks": Field(max_len=4000, label=("Vaste kaders", "Fixed frameworks")),
        "room_for_influence": Field(
            max_len=4000, label=("Ruimte voor invloed", "Room for influence")
        ),
        "reactions_handling": Field(
            max_len=4000, label=("Wat gebeurt met reacties", "What happens with reactions")
        ),
        "reporting": Field(max_len=2000, label=("Hoe verslag", "How it is reported")),
    }

    def __init__(self, ws: Any):
        super().__init__(ws)
        # The ladder is configuration: the rung field takes its values from it.
        self.fields = {**type(self).fields}
        self.fields["rung"] = self.fields["rung"]._replace(choices=_ladder(ws))


class Verslagen(Single):
    table = "omgevingswet_verslagen"
    record = "omgevingswet_verslag"
    record_label = ("participatieverslag", "participation report")
    fields: ClassVar[dict[str, Field]] = {
        "trajectory_id": _trajectory(),
        "date": Field("date", label=("Verslag van", "Report dated")),
        "participants": Field(max_len=4000, label=("Wie deed mee", "Who took part")),
        "interests": Field(
            max_len=8000, label=("Belangen en bezwaren", "Interests and objections")
        ),
        "ideas": Field(max_len=8000, label=("Ideeën", "Ideas")),
        "adjusted": Field(max_len=8000, label=("Aangepast", "Adjusted")),
        "not_adjusted": Field(
            max_len=8000, label=("Niet aangepast, en waarom", "Not adjusted, and why")
        ),
        "draagvlak": Field("choice", choices=DRAAGVLAK, label=("Draagvlak", "Support")),
        "shared": Field("date", label=("Gedeeld met deelnemers", "Shared with participants")),
        "reactions": Field(max_len=8000, label=("Reacties deelnemers", "Participants' reactions")),
    }

    def search(self, query: str, limit: int) -> list[dict]:
        """Verslagen holding every word (in what they record), by trajectory title."""
        columns = ("participants", "interests", "ideas", "adjusted", "not_adjusted", "reactions")
        where, params = every_word(query, [f"v.{c}" for c in columns])
        if not params:
            return []
        rows = self.query(
            f"SELECT t.id, t.title, v.draagvlak, v.shared FROM {self.table} v"
            f" JOIN {TRAJECTORIES} t ON t.id = v.trajectory_id"
            f" WHERE {where} ORDER BY t.title LIMIT ?",
            [*params, limit],
        )
        return [
            {
                "id": r["id"],
                "title": L(f"Verslag: {r['title']}", f"Report: {r['title']}"),
                "snippet": L(
                    f"draagvlak {r['draagvlak'] or '-'} · gedeeld {r['shared'] or '-'}",
                    f"support {r['draagvlak'] or '-'} · shared {r['shared'] or '-'}",
                ),
            }
            for r in rows
        ]


class Activities(Part):
    table = ACTIVITIES
    record = "omgevingswet_activity"
    record_label = ("participatieactiviteit", "participation activity")
    order = "date, id"
    fields: ClassVar[dict[str, Field]] = {
        "trajectory_id": _trajectory(),
        "date": Field("date", required=True, label=("Datum", "Date")),
        "title": Field(max_len=160, label=("Omschrijving", "Description")),
        "method": Field("choice", choices=METHODS, label=("Methode", "Method")),
        "invitation_date": Field("date", label=("Uitnodiging verstuurd", "Invitations sent")),
        "turnout": Field("int", max=1_000_000, label=("Opkomst", "Turnout")),
        "groups_reached": Field("list", label=("Bereikte groepen", "Groups reached")),
        "notes": Field(max_len=4000, label=("Notities", "Notes")),
    }


class Afwegingen(Part):
    table = "omgevingswet_afwegingen"
    record = "omgevingswet_afweging"
    record_label = ("belangenafweging", "weighing of interests")
    fields: ClassVar[dict[str, Field]] = {
        "trajectory_id": _trajectory(),
        "interest": Field(required=True, max_len=400, label=("Belang", "Interest")),
        "whose": Field(max_len=200, label=("Van wie", "Whose")),
        "weighing": Field("choice", choices=WEIGHINGS, label=("Afweging", "Weighed as")),
        "reasoning": Field(max_len=4000, label=("Hoe gewogen", "How it was weighed")),
        "explanation": Field(max_len=4000, label=("Uitleg teruggegeven", "Explanation given")),
        "explained_on": Field("date", label=("Uitgelegd op", "Explained on")),
    }
