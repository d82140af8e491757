"""The module's schema: one migration set, ``stadstafel-omgevingswet``, tables ``omgevingswet_*``.

Never edit a migration that has shipped; add a new one below it.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("stadstafel-omgevingswet")


@migrations()
def m001_trajectories(db: Database) -> None:
    """One participation trajectory per Omgevingswet instrument (a plan, a permit, ...)."""
    db["omgevingswet_trajectories"].create(
        {
            "id": int,
            "table_id": int,
            "title": str,
            "instrument": str,
            "bopa": int,
            "dwellings": int,
            "bevoegd_gezag": str,
            "initiatiefnemer_id": int,
            "phase": str,
            "verkenning_start": str,
            "kennisgeving_date": str,
            "ontwerp_published": str,
            "participation_start": str,
            "rung": str,
            "rung_rationale": str,
            "groups_meant": str,  # JSON list
            "groups_reached": str,  # JSON list
            "invitation_date": str,
            "meeting_date": str,
            "verslag_shared": str,
            "submitted": str,
            "decided": str,
            "motivering": str,
            "version": int,
            "created_at": str,
            "updated_at": str,
            "updated_by": str,
        },
        pk="id",
        not_null={"table_id", "title", "instrument", "version"},
    )
    db["omgevingswet_trajectories"].create_index(["table_id"])
    db["omgevingswet_trajectories"].create_index(["phase"])
