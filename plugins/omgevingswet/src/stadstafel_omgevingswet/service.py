"""``Trajectories``: the only code that writes the module's records, and the rules.

The base (``stadstafel.TableScoped``) validates, checks the right ``omgevingswet.trajectories.edit``
on the trajectory's table (by id), writes in one transaction with the version check, the audit
row and the change event. Core records (tables, organisations) are read through
``workspace.read``. Local choices (minimum rung, lead time, the council's BOPA list) come from
``[plugins.omgevingswet]``; the statutory sources are data in ``rules.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from stadstafel import Field, L, Page, Record, TableScoped, ValidationError

from stadstafel_omgevingswet.rules import (
    BEVOEGD_GEZAG,
    INSTRUMENTS,
    LEGAL_BASIS,
    PHASES,
    SOURCES,
)

NAME = "omgevingswet"
RIGHT = "omgevingswet.trajectories.edit"
MOTIVERING_RIGHT = "omgevingswet.motivering.set"


def _ladder(ws: Any) -> list[str]:
    return list(ws.plugins.settings(NAME)["ladder"])


class Flag(dict):
    """A rule that a trajectory does not meet: ``code``, ``text`` (in the workspace's language)
    and ``source``."""


class Trajectories(TableScoped):
    table = "omgevingswet_trajectories"
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
        "kennisgeving_date": Field(
            "date", label=("Kennisgeving participatie", "Participation notice")
        ),
        "ontwerp_published": Field("date", label=("Ontwerp gepubliceerd", "Draft published")),
        "participation_start": Field("date", label=("Start participatie", "Participation start")),
        "rung": Field("choice", choices=list, label=("Trede", "Rung")),
        "rung_rationale": Field(max_len=2000, label=("Motivering trede", "Why this rung")),
        "groups_meant": Field("list", label=("Beoogde groepen", "Groups meant")),
        "groups_reached": Field("list", label=("Bereikte groepen", "Groups reached")),
        "invitation_date": Field("date", label=("Uitnodiging verstuurd", "Invitation sent")),
        "meeting_date": Field("date", label=("Bijeenkomst", "Meeting")),
        "verslag_shared": Field(
            "date", label=("Verslag gedeeld", "Report shared with participants")
        ),
        "submitted": Field("date", label=("Ingediend/voorgelegd", "Submitted")),
        "decided": Field("date", label=("Vastgesteld/besloten", "Decided")),
        "motivering": Field(
            max_len=8000, label=("Motivering participatie", "Participation motivation")
        ),
    }

    def __init__(self, ws: Any):
        super().__init__(ws)
        # The ladder is configuration: the rung field takes its values from it.
        self.fields = {**type(self).fields}
        self.fields["rung"] = self.fields["rung"]._replace(choices=_ladder(ws))

    # -- writing ---------------------------------------------------------------------------
    def prepare(self, data: dict) -> dict:
        data = {"phase": "verkenning", "groups_meant": [], "groups_reached": [], **data}
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
        """The rules that refuse a write: vaststelling needs a motivering (Ob 10.2/10.7/10.8)."""
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
        if data.get("bopa") and data.get("instrument") != "omgevingsvergunning":
            raise ValidationError(
                {
                    "bopa": L(
                        "Alleen een omgevingsvergunning is een BOPA.",
                        "Only an omgevingsvergunning can be a BOPA.",
                    )
                }
            )

    # -- the flags -------------------------------------------------------------------------
    def bopa_category(self, t: Any) -> dict | None:
        """The council-designated category (from config) this BOPA falls in, or None."""
        if not t.bopa:
            return None
        for cat in self.ws.plugins.settings(NAME)["bopa_categories"]:
            if cat.get("all"):
                return cat
            least = cat.get("min_dwellings")
            if least is not None and (t.dwellings or 0) >= int(least):
                return cat
        return None

    def flags(self, t: Any) -> list[Flag]:
        """Every rule ``t`` does not meet, each with its source."""
        cfg = self.ws.plugins.settings(NAME)
        out: list[Flag] = []

        def flag(code: str, text: str, source: str) -> None:
            out.append(Flag(code=code, text=text, source=source))

        needs_notice = t.instrument in ("omgevingsplan", "projectbesluit") and t.verkenning_start
        if needs_notice and (not t.kennisgeving_date or t.kennisgeving_date > t.verkenning_start):
            flag(
                "kennisgeving",
                L(
                    "Kennisgeving participatie na start verkenning",
                    "Participation notice after the exploration started",
                ),
                SOURCES["kennisgeving"],
            )
        if t.ontwerp_published and (
            not t.participation_start or t.participation_start > t.ontwerp_published
        ):
            flag(
                "laat",
                L(
                    "Participatie pas na publicatie van het ontwerp",
                    "Participation started after the draft was published",
                ),
                SOURCES["laat"],
            )
        ladder = list(cfg["ladder"])
        minimum = cfg["minimum_rung"]
        known = t.rung in ladder and minimum in ladder
        if t.rung and known and ladder.index(t.rung) < ladder.index(minimum):
            flag(
                "trede",
                L(
                    f"Trede {t.rung} onder het minimum {minimum}",
                    f"Rung {t.rung} below the minimum {minimum}",
                ),
                f"{cfg['minimum_rung_source']} ({cfg['minimum_rung_date']})",
            )
        missed = [g for g in t.groups_meant or [] if g not in (t.groups_reached or [])]
        if missed and t.meeting_date:
            flag(
                "bereik",
                L("Niet bereikt: ", "Not reached: ") + ", ".join(missed),
                SOURCES["bereik"],
            )
        lead = int(cfg["invitation_lead_days"])
        if t.invitation_date and t.meeting_date:
            days = (_day(t.meeting_date) - _day(t.invitation_date)).days
            if days < lead:
                flag(
                    "uitnodiging",
                    L(
                        f"Uitnodiging {days} dagen voor de bijeenkomst (minimaal {lead})",
                        f"Invitation {days} days before the meeting (at least {lead})",
                    ),
                    cfg["invitation_lead_source"],
                )
        if t.submitted and (not t.verslag_shared or t.verslag_shared > t.submitted):
            flag(
                "verslag",
                L(
                    "Verslag niet vóór indiening met deelnemers gedeeld",
                    "Report not shared with participants before submission",
                ),
                SOURCES["verslag"],
            )
        cat = self.bopa_category(t)
        if cat is not None and not t.participation_start:
            flag(
                "bopa",
                L(
                    f"BOPA in categorie '{cat['name']}' zonder participatie: "
                    "risico buiten behandeling",
                    f"BOPA in category '{cat['name']}' without participation: "
                    "risk of 'buiten behandeling'",
                ),
                f"{SOURCES['bopa']}; {cfg['bopa_list_source']} ({cfg['bopa_list_date']})",
            )
        return out

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
        """A page of trajectories by title; ``flagged`` keeps only those with a flag."""
        where, params = ["1=1"], []
        for column, value in (("table_id", table_id), ("phase", phase), ("instrument", instrument)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        if filter:
            where.append("title LIKE ?")
            params.append(f"%{filter}%")
        sql_where = " AND ".join(where)
        if flagged:
            # Flags are computed from rules in config: filter in Python, page over the result.
            rows = [
                r
                for r in self.rows(
                    f"SELECT * FROM {self.table} WHERE {sql_where} ORDER BY title COLLATE NOCASE, id",
                    params,
                )
                if self.flags(r)
            ]
            end = None if limit is None else offset + limit
            page = Page(rows[offset:end], len(rows), offset, limit)
        else:
            page = self.paged(
                f"SELECT * FROM {self.table} WHERE {sql_where}"
                " ORDER BY title COLLATE NOCASE, id LIMIT ? OFFSET ?",
                f"FROM {self.table} WHERE {sql_where}",
                params,
                offset=offset,
                limit=limit,
            )
        return Page(self.enrich(page.rows), page.total, page.offset, page.limit)

    def enrich(self, rows: list[Record]) -> list[Record]:
        """Add table and initiatiefnemer names (via ``workspace.read``), flags, legal basis."""
        tables: dict[int, str] = {}
        orgs = self.ws.read.organisation_names(
            {r.initiatiefnemer_id for r in rows if r.initiatiefnemer_id}
        )
        for r in rows:
            if r.table_id not in tables:
                table = self.ws.read.table(r.table_id)
                tables[r.table_id] = table.name if table else "?"
            r["table_name"] = tables[r.table_id]
            r["initiatiefnemer"] = (
                orgs.get(r.initiatiefnemer_id, "") if r.initiatiefnemer_id else ""
            )
            r["flags"] = self.flags(r)
            r["legal_basis"] = legal_basis(r)
        return rows

    def share_in_order(self, table_id: int | None = None) -> tuple[int, int]:
        """(trajectories at or above the minimum rung with a shared verslag, all trajectories),
        of one table or all: the goal indicator ``omgevingswet:op_orde``."""
        cfg = self.ws.plugins.settings(NAME)
        ladder = list(cfg["ladder"])
        least = ladder.index(cfg["minimum_rung"]) if cfg["minimum_rung"] in ladder else 0
        where, params = ("WHERE table_id = ?", [table_id]) if table_id else ("", [])
        rows = self.query(f"SELECT rung, verslag_shared FROM {self.table} {where}", params)
        good = sum(
            1
            for r in rows
            if r["rung"] in ladder and ladder.index(r["rung"]) >= least and r["verslag_shared"]
        )
        return good, len(rows)

    def detail(self, id: int) -> Record:
        return self.enrich([self.get(id)])[0]

    def search(self, query: str, limit: int) -> list[dict]:
        where, params = [], []
        for word in query.split():
            where.append("(title LIKE ? OR motivering LIKE ? OR rung_rationale LIKE ?)")
            params += [f"%{word}%"] * 3
        if not where:
            return []
        rows = self.rows(
            f"SELECT * FROM {self.table} WHERE {' AND '.join(where)} ORDER BY title LIMIT ?",
            [*params, limit],
        )
        return [
            {"id": r.id, "title": r.title, "snippet": f"{r.instrument} · {r.phase}"} for r in rows
        ]


def legal_basis(t: Any) -> str:
    key = "bopa" if t.bopa else t.instrument
    return LEGAL_BASIS.get(key, "")


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])
