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
