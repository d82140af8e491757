"""The register's schema: the migration set ``stadstafel-woningbouw``.

Never edit a migration that has shipped; add a new one. Every table is prefixed
``woningbouw_`` and every editable row carries ``version`` (optimistic concurrency),
``created_at``, ``updated_at`` and ``updated_by``, like the core tables, so the core's
``Service`` base class writes it with audit rows and version checks.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("stadstafel-woningbouw")

_EDITABLE = """
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT,
    updated_at TEXT,
    updated_by TEXT
"""


@migrations()
def m001_register(db: Database) -> None:
    # organisation_ids: a JSON list of core organisation ids (the initiators); the core's
    # Record decodes the column by its name, and the audit row shows the list as it was.
    db.execute(
        f"""
        CREATE TABLE woningbouw_projects (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            area TEXT,
            location TEXT,
            organisation_ids TEXT NOT NULL DEFAULT '[]',
            homes_sociale_huur INTEGER NOT NULL DEFAULT 0,
            homes_middenhuur INTEGER NOT NULL DEFAULT 0,
            homes_vrije_sector_huur INTEGER NOT NULL DEFAULT 0,
            homes_betaalbare_koop INTEGER NOT NULL DEFAULT 0,
            homes_dure_koop INTEGER NOT NULL DEFAULT 0,
            phase TEXT NOT NULL,
            phase_since TEXT,
            start_year INTEGER,
            delivery_year INTEGER,
            notes TEXT,
            {_EDITABLE}
        )
        """
    )
    db.execute(
        "CREATE UNIQUE INDEX idx_woningbouw_projects_name"
        " ON woningbouw_projects(name COLLATE NOCASE)"
    )
    db.execute("CREATE INDEX idx_woningbouw_projects_phase ON woningbouw_projects(phase)")
    db.execute("CREATE INDEX idx_woningbouw_projects_area ON woningbouw_projects(area)")
    # One row per phase change and per change of the expected delivery year.
    db.execute(
        f"""
        CREATE TABLE woningbouw_history (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL
                REFERENCES woningbouw_projects(id) ON DELETE CASCADE,
            changed_on TEXT NOT NULL,
            phase_from TEXT,
            phase_to TEXT,
            delivery_year_from INTEGER,
            delivery_year_to INTEGER,
            note TEXT,
            {_EDITABLE}
        )
        """
    )
    db.execute(
        "CREATE INDEX idx_woningbouw_history_project ON woningbouw_history(project_id, changed_on)"
    )
    # Knelpunten: the owner is a core organisation; if it is deleted the knelpunt stays.
    db.execute(
        f"""
        CREATE TABLE woningbouw_knelpunten (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL
                REFERENCES woningbouw_projects(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            description TEXT,
            owner_org_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
            due TEXT,
            status TEXT NOT NULL DEFAULT 'open',
            resolved_on TEXT,
            {_EDITABLE}
        )
        """
    )
    db.execute(
        "CREATE INDEX idx_woningbouw_knelpunten_project ON woningbouw_knelpunten(project_id)"
    )
    db.execute("CREATE INDEX idx_woningbouw_knelpunten_due ON woningbouw_knelpunten(status, due)")


# Reasons homes leave the stock, as CBS counts them (sloop; samenvoeging and functiewijziging
# are "overige onttrekking"). Kept here, not imported from model: a shipped migration never
# changes with the code.
_WB2_REASONS = ("sloop", "samenvoeging", "functiewijziging")
_WB2_SEGMENTS = ("sociale_huur", "middenhuur", "vrije_sector_huur", "betaalbare_koop", "dure_koop")


@migrations()
def wb2_1_withdrawals(db: Database) -> None:
    # Homes a project withdraws from the stock, per reason and segment (net = homes − these).
    # source_ref: the project's id in the municipality's own list it was imported from (a
    # re-import of that list finds the project by it).
    db.execute("ALTER TABLE woningbouw_projects ADD COLUMN source_ref TEXT")
    for reason in _WB2_REASONS:
        for segment in _WB2_SEGMENTS:
            db.execute(
                f"ALTER TABLE woningbouw_projects ADD COLUMN out_{reason}_{segment}"
                " INTEGER NOT NULL DEFAULT 0"
            )


@migrations()
def wb2_2_cbs(db: Database) -> None:
    # Figures from CBS StatLine (86098NED and the like) per region, period and measure, with
    # their status (Voorlopig, Nader voorlopig, Definitief) and where they came from.
    db.execute(
        f"""
        CREATE TABLE woningbouw_cbs (
            id INTEGER PRIMARY KEY,
            table_id TEXT NOT NULL,
            region TEXT NOT NULL,
            period TEXT NOT NULL,
            year INTEGER NOT NULL,
            month INTEGER,
            measure TEXT NOT NULL,
            value INTEGER,
            status TEXT,
            source TEXT,
            {_EDITABLE},
            UNIQUE (table_id, region, period, measure)
        )
        """
    )
