"""The module's schema: one migration set, ``stadstafel-sociaal-domein``, tables ``sociaal_domein_*``.

Never edit a migration that has shipped; add a new one below it.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("stadstafel-sociaal-domein")

BOOK = {"version": int, "created_at": str, "updated_at": str, "updated_by": str}


@migrations()
def m001_leerkringen(db: Database) -> None:
    db["sociaal_domein_leerkringen"].create(
        {
            "id": int,
            "table_id": int,  # the thematafel the leerkring belongs to
            "theme": str,
            "organisation_ids": str,  # JSON list: participating cities and organisations
            "person_ids": str,  # JSON list: the participants (who may read confidential casus)
            "planned_sessions": int,
            "digital_space": str,
            "notes": str,
            **BOOK,
        },
        pk="id",
        not_null={"table_id", "theme", "version"},
    )
    db["sociaal_domein_leerkringen"].create_index(["table_id"])
    db["sociaal_domein_sessions"].create(
        {
            "id": int,
            "table_id": int,  # copied from the leerkring: the right is checked on it
            "leerkring_id": int,
            "number": int,
            "date": str,
            "host_organisation_id": int,
            "parts": str,  # JSON list of session parts
            "guest_expert": str,
            "casus": str,
            "casus_by_person_id": int,
            "notes": str,
            "confidential": int,
            "status": str,  # gepland | gesloten
            **BOOK,
        },
        pk="id",
        not_null={"table_id", "leerkring_id", "version"},
        foreign_keys=[("leerkring_id", "sociaal_domein_leerkringen", "id")],
    )
    db["sociaal_domein_sessions"].create_index(["leerkring_id", "number"])
    db["sociaal_domein_outputs"].create(
        {
            "id": int,
            "table_id": int,
            "leerkring_id": int,
            "kind": str,  # kennisdocument | paper
            "title": str,
            "url": str,
            **BOOK,
        },
        pk="id",
        not_null={"table_id", "leerkring_id", "title", "version"},
        foreign_keys=[("leerkring_id", "sociaal_domein_leerkringen", "id")],
    )


@migrations()
def m002_indicators(db: Database) -> None:
    db["sociaal_domein_indicators"].create(
        {
            "id": int,
            "table_id": int,  # the thematafel that follows it (its right guards imports)
            "name": str,
            "unit": str,
            "law": str,  # Wmo 2015 | Jeugdwet | Participatiewet
            "source": str,  # CBS StatLine | waarstaatjegemeente
            "cbs_table": str,
            "bbv_number": str,
            "period_type": str,  # jaar | halfjaar | peildatum
            "higher_is_better": int,
            "caveat": str,  # comparability note, with its source
            **BOOK,
        },
        pk="id",
        not_null={"table_id", "name", "version"},
    )
    db["sociaal_domein_regions"].create(
        {"code": str, "organisation_id": int, **BOOK, "id": int},
        pk="id",
        not_null={"code", "organisation_id", "version"},
    )
    db["sociaal_domein_regions"].create_index(["code"], unique=True)
    db["sociaal_domein_values"].create(
        {
            "id": int,
            "indicator_id": int,
            "organisation_id": int,
            "period": str,  # CBS period code, e.g. 2023JJ00, 2023HJ01
            "value": float,
            "status": str,  # voorlopig | nader voorlopig | definitief
            "current": int,  # 1 for the figure in force; older ones are history
            "recorded_on": str,
            "origin": str,  # file name or "demo"
            **BOOK,
        },
        pk="id",
        not_null={"indicator_id", "organisation_id", "period", "status", "version"},
        foreign_keys=[("indicator_id", "sociaal_domein_indicators", "id")],
    )
    db["sociaal_domein_values"].create_index(
        ["indicator_id", "organisation_id", "period", "current"]
    )
    db["sociaal_domein_values"].create_index(["indicator_id", "period", "current"])


@migrations()
def m003_measures(db: Database) -> None:
    db["sociaal_domein_measures"].create(
        {
            "id": int,
            "table_id": int,  # the table that carries it (its right guards every write)
            "title": str,
            "description": str,
            "laws": str,  # JSON list: Wmo 2015 | Jeugdwet | Participatiewet
            "taakveld": str,  # Iv3 taakveld code, 6.1 … 6.82 (sub-taakveld 6.71a allowed)
            "owner_organisation_id": int,  # the organisation that owns it
            "goal_id": int,  # a goal of the same table (core goals)
            "status": str,  # idee | lopend | afgerond
            **BOOK,
        },
        pk="id",
        not_null={"table_id", "title", "version"},
    )
    db["sociaal_domein_measures"].create_index(["table_id", "title"])
    db["sociaal_domein_measures"].create_index(["taakveld"])
    db["sociaal_domein_measures"].create_index(["owner_organisation_id"])


@migrations()
def m004_value_indexes(db: Database) -> None:
    # The comparison ranks one period's figures and pages them (large: ~1,000 cities); the
    # agenda, the dashboard and the per-city view ask which figures became definitief lately.
    db["sociaal_domein_values"].create_index(
        ["indicator_id", "period", "current", "value", "organisation_id"]
    )
    db["sociaal_domein_values"].create_index(["status", "current", "recorded_on"])


@migrations()
def sd3_1_status_lookup(db: Database) -> None:
    # The voorlopig/definitief mark and a city's position ask whether a period has figures of
    # a status: one step in this index each, instead of reading every figure's row. It starts
    # with the status so that the ranking keeps its covering (indicator, period, …) index.
    db["sociaal_domein_values"].create_index(
        ["status", "indicator_id", "period", "current"], if_not_exists=True
    )


@migrations()
def sd4_1_measures_order(db: Database) -> None:
    # The measures list, filtered as you type, in the order it shows (taakveld, then title
    # without case): walked in this index it stops at the first page of matches instead of
    # reading every measure and sorting the titles of each taakveld (as the collaborations
    # and partners lists walk their name index).
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_sociaal_domein_measures_order"
        " ON sociaal_domein_measures(taakveld, title COLLATE NOCASE)"
    )
