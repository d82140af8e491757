"""The module's schema: one migration set, ``stadstafel-regionale-economie``, tables
``regionale_economie_*``.

Never edit a migration that has shipped; add a new one below it.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("stadstafel-regionale-economie")

AUDITED = {"version": int, "created_at": str, "updated_at": str, "updated_by": str}


@migrations()
def m001_verbanden(db: Database) -> None:
    db["regionale_economie_verbanden"].create(
        {
            "id": int,
            "table_id": int,  # the table that follows this collaboration
            "name": str,
            "type": str,
            "legal_personality": int,
            "personnel": int,
            "mandaat_delegatie": int,
            "organen": str,  # JSON: [{"orgaan": "AB", "leden": ["..."]}]
            "deelnemers": str,  # JSON: [organisation id, ...]
            "taken": str,  # JSON: [{"taak": "...", "beleidsarm": true, "van": "college"}]
            "beleidsveld": str,
            "start": str,
            "instrument": str,
            "notes": str,
            **AUDITED,
        },
        pk="id",
        not_null={"table_id", "name", "type", "version"},
    )
    db["regionale_economie_verbanden"].create_index(["table_id"])
    db["regionale_economie_verbanden"].create_index(["name"])


@migrations()
def m002_control(db: Database) -> None:
    db["regionale_economie_control"].create(
        {
            "id": int,
            "table_id": int,
            "verband_id": int,
            "year": int,
            "kind": str,
            "received": str,
            "deadline": str,
            "done": int,
            "notes": str,
            **AUDITED,
        },
        pk="id",
        not_null={"table_id", "verband_id", "kind", "version"},
    )
    db["regionale_economie_control"].create_index(["verband_id"])
    db["regionale_economie_control"].create_index(["deadline"])


@migrations()
def m003_deals(db: Database) -> None:
    db["regionale_economie_deals"].create(
        {
            "id": int,
            "table_id": int,
            "name": str,
            "tranche": int,
            "year": int,
            "region": str,
            "themes": str,  # JSON list
            "start": str,
            "end": str,
            "rijk_eur": int,
            "regio_eur": int,
            "notes": str,
            **AUDITED,
        },
        pk="id",
        not_null={"table_id", "name", "tranche", "version"},
    )


@migrations()
def m004_locaties(db: Database) -> None:
    """Work locations (the Bio Science Park): area with its source and date."""
    db["regionale_economie_locaties"].create(
        {
            "id": int,
            "table_id": int,
            "name": str,
            "gemeente": str,
            "area_ha": float,
            "area_source": str,
            "area_date": str,
            "notes": str,
            **AUDITED,
        },
        pk="id",
        not_null={"table_id", "name", "version"},
    )
    db["regionale_economie_locaties"].create_index(["name"])
    db["regionale_economie_locaties"].create_index(["table_id"])


@migrations()
def m005_reeksen(db: Database) -> None:
    """A series: the figures of one location under ONE definition (definitions.toml)."""
    db["regionale_economie_reeksen"].create(
        {
            "id": int,
            "table_id": int,
            "locatie_id": int,
            "definition": str,
            "measure": str,  # the definition's measure, kept for filters in the database
            "notes": str,
            **AUDITED,
        },
        pk="id",
        not_null={"table_id", "locatie_id", "definition", "measure", "version"},
        foreign_keys=[("locatie_id", "regionale_economie_locaties", "id")],
    )
    db["regionale_economie_reeksen"].create_index(["locatie_id", "definition"], unique=True)


@migrations()
def m006_cijfers(db: Database) -> None:
    """One figure of a series: value, peildatum, source; ``demo`` marks an invented one."""
    db["regionale_economie_cijfers"].create(
        {
            "id": int,
            "table_id": int,
            "reeks_id": int,
            "peildatum": str,
            "value": float,
            "source": str,
            "demo": int,
            "notes": str,
            **AUDITED,
        },
        pk="id",
        not_null={"table_id", "reeks_id", "peildatum", "value", "source", "version"},
        foreign_keys=[("reeks_id", "regionale_economie_reeksen", "id")],
    )
    db["regionale_economie_cijfers"].create_index(["reeks_id", "peildatum"], unique=True)


@migrations()
def m007_deal_projecten(db: Database) -> None:
    """The projects of a Regio Deal with their progress."""
    db["regionale_economie_deal_projecten"].create(
        {
            "id": int,
            "table_id": int,
            "deal_id": int,
            "name": str,
            "status": str,
            "progress": int,  # percent
            "notes": str,
            **AUDITED,
        },
        pk="id",
        not_null={"table_id", "deal_id", "name", "version"},
        foreign_keys=[("deal_id", "regionale_economie_deals", "id")],
    )
    db["regionale_economie_deal_projecten"].create_index(["deal_id"])


@migrations()
def re3_1_name_index(db: Database) -> None:
    """The collaborations list by name, filtered as you type: walked in this index (name
    without case, the policy field the filter also matches), which stops at the first page of
    matches instead of reading and sorting every collaboration, as the partners list does."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_regionale_economie_verbanden_name_veld"
        " ON regionale_economie_verbanden(name COLLATE NOCASE, beleidsveld)"
    )
