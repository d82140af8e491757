"""The core schema as a ``sqlite_utils.Migrations`` set named ``stadstafel``.

Rules for every migration here: never edit one that has shipped; add a new one. Each runs in a
transaction together with the record that it was applied.

Every editable table has ``version`` (optimistic concurrency), ``created_at``, ``updated_at``
and ``updated_by``.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

core = Migrations("stadstafel")

EDITABLE = {"version": int, "created_at": str, "updated_at": str, "updated_by": str}
EDITABLE_DEFAULTS = {"version": 1}
EDITABLE_NOT_NULL = {"version"}

# Tables with the columns that full-text search covers.
FTS_COLUMNS: dict[str, list[str]] = {
    "organisations": ["name", "notes"],
    "people": ["name", "function", "notes"],
    "agenda_items": ["title", "description", "minutes"],
    "decisions": ["text"],
    "actions": ["text"],
}


def _create(db: Database, name: str, columns: dict, *, fks=(), not_null=(), defaults=None):
    db[name].create(
        {"id": int, **columns, **EDITABLE},
        pk="id",
        foreign_keys=list(fks),
        not_null=set(not_null) | EDITABLE_NOT_NULL,
        defaults={**EDITABLE_DEFAULTS, **(defaults or {})},
    )


@core()
def m001_core_tables(db: Database) -> None:
    _create(
        db,
        "organisations",
        {"name": str, "kind": str, "website": str, "notes": str},
        not_null={"name", "kind"},
    )
    db.execute("CREATE UNIQUE INDEX idx_organisations_name ON organisations(name COLLATE NOCASE)")
    _create(
        db,
        "people",
        {
            "name": str,
            "organisation_id": int,
            "function": str,
            "email": str,
            "phone": str,
            "notes": str,
        },
        fks=[("organisation_id", "organisations", "id")],
        not_null={"name"},
    )
    _create(
        db,
        "tables",
        {
            "name": str,
            "kind": str,
            "topics": str,  # JSON list of topic names
            "description": str,
            "chair_person_id": int,
            "secretary_person_id": int,
            "rhythm": str,
            "period_start": str,
            "period_end": str,
            "admission_min_partners": int,
            "default_minutes": int,
        },
        fks=[
            ("chair_person_id", "people", "id"),
            ("secretary_person_id", "people", "id"),
        ],
        not_null={"name", "kind"},
        defaults={"topics": "[]", "admission_min_partners": 1, "default_minutes": 120},
    )
    db.execute("CREATE UNIQUE INDEX idx_tables_name ON tables(name COLLATE NOCASE)")
    _create(
        db,
        "memberships",
        {
            "table_id": int,
            "organisation_id": int,
            "role": str,
            "representatives": str,  # JSON list of person ids
            "since": str,
            "until": str,
        },
        fks=[("table_id", "tables", "id"), ("organisation_id", "organisations", "id")],
        not_null={"table_id", "organisation_id", "role"},
        defaults={"representatives": "[]"},
    )
    _create(
        db,
        "missions",
        {"table_id": int, "revision": int, "statement": str, "adopted_on": str},
        fks=[("table_id", "tables", "id")],
        not_null={"table_id", "revision", "statement"},
    )
    db.execute("CREATE UNIQUE INDEX idx_missions_rev ON missions(table_id, revision)")
    _create(
        db,
        "signatures",
        {"mission_id": int, "organisation_id": int, "person_id": int, "signed_on": str},
        fks=[
            ("mission_id", "missions", "id"),
            ("organisation_id", "organisations", "id"),
            ("person_id", "people", "id"),
        ],
        not_null={"mission_id", "organisation_id", "signed_on"},
    )
    db.execute("CREATE UNIQUE INDEX idx_signatures ON signatures(mission_id, organisation_id)")
    _create(
        db,
        "goals",
        {
            "table_id": int,
            "description": str,
            "target_value": float,
            "unit": str,
            "deadline": str,
            "indicator": str,  # "manual" or "<plugin>:<indicator>"
            "current_value": float,
            "position": int,
        },
        fks=[("table_id", "tables", "id")],
        not_null={"table_id", "description"},
        defaults={"indicator": "manual", "position": 0},
    )
    _create(
        db,
        "working_agreements",
        {"table_id": int, "subject": str, "text": str, "position": int},
        fks=[("table_id", "tables", "id")],
        not_null={"table_id", "subject", "text"},
        defaults={"position": 0},
    )
    _create(
        db,
        "interests",
        {"table_id": int, "organisation_id": int, "topic": str, "text": str},
        fks=[("table_id", "tables", "id"), ("organisation_id", "organisations", "id")],
        not_null={"table_id", "organisation_id", "topic"},
    )
    _create(
        db,
        "initiatives",
        {
            "table_id": int,
            "title": str,
            "topic": str,
            "description": str,
            "status": str,
            "organisation_ids": str,  # JSON list
        },
        fks=[("table_id", "tables", "id")],
        not_null={"table_id", "title", "status"},
        defaults={"organisation_ids": "[]", "status": "voorstel"},
    )
    _create(
        db,
        "meetings",
        {
            "table_id": int,
            "kind": str,
            "title": str,
            "starts_at": str,
            "ends_at": str,
            "location": str,
            "status": str,
            "submission_deadline": str,
            "series": str,
            "notes": str,
        },
        fks=[("table_id", "tables", "id")],
        not_null={"table_id", "starts_at", "ends_at", "status"},
        defaults={"status": "gepland"},
    )
    _create(
        db,
        "agenda_items",
        {
            "table_id": int,
            "meeting_id": int,  # NULL: the table's unscheduled backlog
            "title": str,
            "description": str,
            "submitted_by_org_id": int,
            "submitted_by_person_id": int,
            "submitted_at": str,
            "late": int,
            "purpose": str,
            "duration_minutes": int,
            "position": int,
            "status": str,
            "origin": str,
            "minutes": str,
            "postponed_count": int,
            "carried_from_id": int,
            "source_key": str,  # what a carried-forward item came from: action:5, plugin:…
        },
        fks=[
            ("table_id", "tables", "id"),
            ("meeting_id", "meetings", "id"),
            ("submitted_by_org_id", "organisations", "id"),
            ("submitted_by_person_id", "people", "id"),
            ("carried_from_id", "agenda_items", "id"),
        ],
        not_null={"table_id", "title", "status", "purpose", "origin"},
        defaults={
            "late": 0,
            "duration_minutes": 15,
            "position": 0,
            "postponed_count": 0,
            "status": "ingediend",
            "purpose": "bespreking",
            "origin": "partner",
        },
    )
    _create(
        db,
        "decisions",
        {"meeting_id": int, "agenda_item_id": int, "text": str, "review_date": str},
        fks=[("meeting_id", "meetings", "id"), ("agenda_item_id", "agenda_items", "id")],
        not_null={"meeting_id", "text"},
    )
    _create(
        db,
        "actions",
        {
            "table_id": int,
            "kind": str,  # actie | toezegging
            "text": str,
            "owner_org_id": int,
            "owner_person_id": int,
            "due": str,
            "status": str,  # open | gereed | vervallen
            "meeting_id": int,
            "agenda_item_id": int,
            "done_on": str,
        },
        fks=[
            ("table_id", "tables", "id"),
            ("owner_org_id", "organisations", "id"),
            ("owner_person_id", "people", "id"),
            ("meeting_id", "meetings", "id"),
            ("agenda_item_id", "agenda_items", "id"),
        ],
        not_null={"table_id", "kind", "text", "status"},
        defaults={"kind": "actie", "status": "open"},
    )
    db["audit"].create(
        {
            "id": int,
            "at": str,
            "actor": str,
            "action": str,  # create | update | delete | <verb>
            "record_type": str,
            "record_id": int,
            "before": str,  # JSON
            "after": str,  # JSON
        },
        pk="id",
        not_null={"at", "actor", "action", "record_type"},
    )


@core()
def m002_indexes(db: Database) -> None:
    for table, cols in [
        ("people", ["organisation_id"]),
        ("people", ["name"]),
        ("memberships", ["table_id"]),
        ("memberships", ["organisation_id"]),
        ("goals", ["table_id"]),
        ("working_agreements", ["table_id"]),
        ("interests", ["table_id"]),
        ("initiatives", ["table_id"]),
        ("meetings", ["table_id", "starts_at"]),
        ("meetings", ["starts_at"]),
        ("agenda_items", ["meeting_id", "position"]),
        ("agenda_items", ["table_id", "status"]),
        ("agenda_items", ["submitted_by_org_id"]),
        ("decisions", ["meeting_id"]),
        ("decisions", ["review_date"]),
        ("actions", ["status", "due"]),
        ("actions", ["owner_org_id"]),
        ("actions", ["table_id"]),
        ("actions", ["meeting_id"]),
        ("audit", ["record_type", "record_id"]),
    ]:
        db[table].create_index(cols, find_unique_name=True)


@core()
def m003_search(db: Database) -> None:
    for table, columns in FTS_COLUMNS.items():
        db[table].enable_fts(
            columns, create_triggers=True, tokenize="unicode61 remove_diacritics 2"
        )


@core()
def m004_list_indexes(db: Database) -> None:
    """Indexes for the home screen and the lists that page and filter (docs/benchmarks.md).

    - overdue actions per owner (home): covering, so the grouping never reads the table;
    - the actions list, open ones by due date with undated ones last, for all tables or one;
    - meetings whose submission deadline closes this week (home);
    - agenda items of one status, newest first (the agenda-items list);

    No ANALYZE: the lists are as fast without statistics (measured on the large workspace),
    and statistics taken while a database is small stay with it as it grows. Taken of a new,
    empty database they made the generator's 200,000 agenda items take minutes, not seconds.
    """
    db.execute("CREATE INDEX idx_actions_overdue_owner ON actions(status, due, owner_org_id)")
    db.execute("CREATE INDEX idx_actions_by_due ON actions(due IS NULL, due)")
    db.execute("CREATE INDEX idx_actions_open_by_due ON actions(status, due IS NULL, due)")
    db.execute(
        "CREATE INDEX idx_actions_table_open_by_due ON actions(table_id, status, due IS NULL, due)"
    )
    db.execute("CREATE INDEX idx_meetings_deadline ON meetings(submission_deadline)")
    db.execute("CREATE INDEX idx_agenda_items_status ON agenda_items(status)")


@core()
def m005_organisation_filter_index(db: Database) -> None:
    """Organisations by name with their kind: the partners filter (a fragment of the name or
    the kind) reads this index in name order and touches the table only for a match, so a
    fragment that few names contain costs a third (docs/benchmarks.md). The unique name
    index stays for uniqueness; the list names this one (``INDEXED BY``)."""
    db.execute(
        "CREATE INDEX idx_organisations_name_kind ON organisations(name COLLATE NOCASE, kind)"
    )


@core()
def m006_meeting_search(db: Database) -> None:
    """Full-text index of meetings' titles and locations: the meetings filter matches words
    by prefix from the index (as every other list's filter does) instead of a LIKE over every
    meeting, 24-26 ms for a word no meeting has on the large workspace (docs/benchmarks.md).
    Table names stay a LIKE over the tables, a few hundred rows at most."""
    db["meetings"].enable_fts(
        ["title", "location"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )


@core()
def m8_reminders_sent(db: Database) -> None:
    """The log of sent reminder digests: one row per recipient and day, so a rerun or a
    catch-up never sends the same day's digest twice."""
    _create(
        db,
        "reminders_sent",
        {"recipient": str, "day": str, "message_id": str, "entries": int, "sent_at": str},
        not_null={"recipient", "day", "message_id"},
    )
    db.execute("CREATE UNIQUE INDEX idx_reminders_sent ON reminders_sent(recipient, day)")


@core()
def m2b_1_initiative_admission(db: Database) -> None:
    """Admission as a step: when an initiative was admitted and by whom, and why it needs
    admission again (a partner left the table, or an involved partner was taken off)."""
    db["initiatives"].add_column("admitted_on", str)
    db["initiatives"].add_column("admitted_by", str)
    db["initiatives"].add_column("admission_note", str)


# A random (version 4) UUID as SQLite text, for the meetings that exist before the migration.
SQL_UUID4 = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||"
    " substr(lower(hex(randomblob(2))), 2) || '-' ||"
    " substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' ||"
    " lower(hex(randomblob(6)))"
)


@core()
def m7_1_meeting_uid(db: Database) -> None:
    """A stable identity for every meeting outside this database: calendar UIDs (RFC 5545)
    and open data must not change when a meeting moves, and must not be row ids, which a
    restore into another workspace or a renumbering would reuse.

    The service (and the demo generator) writes a UUID when it creates a meeting; existing
    meetings get one here. Once written it never changes: a trigger refuses an update of it.
    (No trigger fills it in on insert: an UPDATE from an AFTER INSERT trigger runs before the
    full-text index's insert trigger and leaves that index inconsistent.)"""
    db.execute("ALTER TABLE meetings ADD COLUMN uid TEXT")
    db.execute(f"UPDATE meetings SET uid = {SQL_UUID4} WHERE uid IS NULL")
    db.execute("CREATE UNIQUE INDEX idx_meetings_uid ON meetings(uid)")
    db.execute(
        "CREATE TRIGGER meetings_uid_fixed BEFORE UPDATE OF uid ON meetings"
        " WHEN OLD.uid IS NOT NULL AND NEW.uid IS NOT OLD.uid"
        " BEGIN SELECT RAISE(ABORT, 'meetings.uid never changes'); END"
    )


@core()
def m7_2_attachments(db: Database) -> None:
    """Documents attached to agenda items (vergaderstukken).

    The content is stored once per SHA-256 in ``attachment_blobs`` inside the database, so
    backup, restore and replication carry it with the rest and a document attached twice is
    stored once; ``attachments`` names it per agenda item. Nothing is ever executed or opened:
    the content only goes out again, byte for byte, checked against its checksum."""
    db["attachment_blobs"].create(
        {"sha256": str, "size": int, "data": bytes}, pk="sha256", not_null={"size", "data"}
    )
    _create(
        db,
        "attachments",
        {
            "agenda_item_id": int,
            "filename": str,
            "media_type": str,
            "size": int,
            "sha256": str,
            "organisation_id": int,
        },
        fks=[
            ("agenda_item_id", "agenda_items", "id"),
            ("sha256", "attachment_blobs", "sha256"),
            ("organisation_id", "organisations", "id"),
        ],
        not_null={"agenda_item_id", "filename", "media_type", "size", "sha256"},
    )
    db["attachments"].create_index(["agenda_item_id"])


@core()
def m2a_1_record(db: Database) -> None:
    """The record of a meeting (docs/record.md): notes on agenda items (why an item went to the
    backlog or was dropped) and the meeting a late item was meant for; a cancelled meeting's
    reason; per table the submission deadline in working days, the weekday and time it meets
    and its standard agenda; attendance per person; corrections of adopted minutes, which keep
    the old text beside the new."""
    db["agenda_items"].add_column("note", str)
    db["agenda_items"].add_column("requested_meeting_id", int)
    db["meetings"].add_column("cancel_reason", str)
    db["tables"].add_column("deadline_working_days", int)
    db["tables"].add_column("meeting_weekday", int)  # 1 = Monday … 7 = Sunday
    db["tables"].add_column("meeting_time", str)  # "14:00"
    db["tables"].add_column("standard_agenda", str)  # JSON list of titles
    _create(
        db,
        "attendance",
        {
            "meeting_id": int,
            "person_id": int,
            "organisation_id": int,
            "status": str,  # aanwezig | afwezig met bericht | afwezig
            "note": str,
        },
        fks=[
            ("meeting_id", "meetings", "id"),
            ("person_id", "people", "id"),
            ("organisation_id", "organisations", "id"),
        ],
        not_null={"meeting_id", "person_id", "status"},
    )
    db.execute("CREATE UNIQUE INDEX idx_attendance_person ON attendance(meeting_id, person_id)")
    db["corrections"].create(
        {
            "id": int,
            "at": str,
            "actor": str,
            "meeting_id": int,
            "record_type": str,
            "record_id": int,
            "field": str,
            "old": str,
            "new": str,
            "reason": str,
        },
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id")],
        not_null={"at", "actor", "meeting_id", "record_type", "record_id", "field", "reason"},
    )
    db.execute("CREATE INDEX idx_corrections_record ON corrections(record_type, record_id)")


@core()
def c2_1_intake(db: Database) -> None:
    """Input from the city (issue 21): topics that inwoners or organisations outside a table
    bring to it — who (free text, as little personal data as the topic needs), what, which
    table, when it came in and by which channel; placed on an agenda as an item (its origin
    shown there and in the minutes) and answered (what was done with it, when)."""
    _create(
        db,
        "intake",
        {
            "table_id": int,
            "sender": str,  # a name or an organisation, free text
            "subject": str,
            "description": str,
            "received_on": str,  # YYYY-MM-DD
            "channel": str,  # e-mail | brief | spreekuur | website | telefoon | overig
            "status": str,  # nieuw | geagendeerd | beantwoord
            "agenda_item_id": int,
            "answer": str,
            "answered_on": str,
        },
        fks=[("table_id", "tables", "id"), ("agenda_item_id", "agenda_items", "id")],
        not_null={"table_id", "sender", "subject", "received_on", "channel", "status"},
        defaults={"status": "nieuw"},
    )
    db["intake"].create_index(["table_id", "status"])
    db["intake"].enable_fts(
        ["subject", "description", "sender"],
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 2",
    )


# Tables of the records that search finds besides FTS_COLUMNS' (issue 21, item 7); meetings
# have their index since m006.
FTS_MORE_COLUMNS: dict[str, list[str]] = {
    "tables": ["name", "description"],
    "missions": ["statement"],
    "working_agreements": ["subject", "text"],
    "goals": ["description", "unit"],
    "interests": ["topic", "text"],
    "initiatives": ["title", "topic", "description"],
}


@core()
def r2_1_search_every_type(db: Database) -> None:
    """Full-text indexes for tables, missions, werkafspraken, goals, belangen and initiatives,
    so that ``/`` and ``stadstafel search`` find every record type (filled from the rows that
    exist, kept up to date by triggers, as m003's)."""
    for table, columns in FTS_MORE_COLUMNS.items():
        db[table].enable_fts(
            columns, create_triggers=True, tokenize="unicode61 remove_diacritics 2"
        )


@core()
def re2_1_agenda_source_key(db: Database) -> None:
    """An index on the key of the suggestion an agenda item was made from, so a plugin can ask
    which of its suggestions are on an agenda in one query (``workspace.read
    .agenda_items_from``) at the large size."""
    db.execute("CREATE INDEX idx_agenda_items_source_key ON agenda_items(source_key)")


@core()
def pd3_1_agenda_items_per_meeting(db: Database) -> None:
    """An index that counts a meeting's agenda items by status without reading the items:
    ``meetings list`` counts them for every meeting, and through the (meeting, position)
    index it read 200,000 rows in random order at the large size (0.66 s of SQLite's time,
    growing faster than the list); from this index 0.13 s."""
    db.execute("CREATE INDEX idx_agenda_items_meeting_status ON agenda_items(meeting_id, status)")


@core()
def po4_1_mine_indexes(db: Database) -> None:
    """Indexes on the person who owns an action and who submitted an agenda item: "Mijn werk"
    asks for the actor's person *or* organisation, and with one side of the OR unindexed
    SQLite read all 100,000 actions and 200,000 agenda items at the large size (80-100 ms of
    every first opening); with both it reads the actor's rows only."""
    db.execute("CREATE INDEX idx_actions_owner_person ON actions(owner_person_id)")
    db.execute(
        "CREATE INDEX idx_agenda_items_submitted_by_person ON agenda_items(submitted_by_person_id)"
    )


@core()
def dt5_1_actions_listing_index(db: Database) -> None:
    """An index that holds what ``actions list`` shows, in its order (due date, undated
    last, then id): the listing of all actions reads it from start to end, with no sort and
    no visit of the table (100,000 actions: 0.15 against 0.18-0.28 s of SQLite's time). The
    text is in it: about 7 MiB at the large size."""
    db.execute(
        "CREATE INDEX idx_actions_listing ON actions(due IS NULL, due, id, kind, status,"
        " table_id, owner_org_id, owner_person_id, text)"
    )


@core()
def dt6_1_people_email_index(db: Database) -> None:
    """An index on a person's e-mail address as the actor is looked up (``refresh_actor``:
    ``email = ? COLLATE NOCASE OR name = ?``): with only the name indexed SQLite read all
    20,000 people at the large size, 2-4 ms of every command and start of a workspace with
    ``[users]``; with both sides indexed it reads the matching rows only."""
    db.execute("CREATE INDEX idx_people_email_nocase ON people(email COLLATE NOCASE)")


@core()
def js7_1_actions_listing_every_column(db: Database) -> None:
    """The listing index (``dt5_1``) holding every column of an action, in the same order:
    a listing of every column (JSON) reads it from start to end too, with no sort and no
    visit of the table (100,000 actions: 0.18 against 0.28 s for the scan, the sort and the
    cursor's values), and the other listings read it as fast as the narrower one. About
    12.6 MiB at the large size, 5.6 more than before."""
    db.execute("DROP INDEX IF EXISTS idx_actions_listing")
    db.execute(
        "CREATE INDEX idx_actions_listing ON actions(due IS NULL, due, id, kind, status,"
        " table_id, owner_org_id, owner_person_id, text, meeting_id, agenda_item_id, done_on,"
        " version, created_at, updated_at, updated_by)"
    )


# Every full-text index and the columns it indexes (m003, m006, the intake's, r2_1).
FTS_INDEXES: dict[str, list[str]] = {
    **FTS_COLUMNS,
    "meetings": ["title", "location"],
    "intake": ["subject", "description", "sender"],
    **FTS_MORE_COLUMNS,
}


@core()
def rv9_1_search_the_words_seen(db: Database) -> None:
    """The full-text indexes read each text as a person sees its words (``st_words``:
    ``textsafe.search_text``): a word right after a neutralised escape sequence
    (``\ufffd[31mROOD`` shows ROOD) was indexed glued to the sequence (``31mrood``), and a
    search for it found nothing. The triggers index through it from now on; the rows already
    indexed that hold a neutralised character (U+FFFD) are indexed again, the rest stays
    as it is (``search_text`` leaves their text alone). The connection that migrates gets
    the function here too, whoever opened it (a plugin's test of its migrations)."""
    from stadstafel.store import with_functions

    with_functions(db.conn)
    for table, columns in FTS_INDEXES.items():
        fts = f'"{table}_fts"'
        names = ", ".join(f'"{c}"' for c in columns)

        def words(row: str, columns: list[str] = columns) -> str:
            return ", ".join(f'st_words({row}"{c}")' for c in columns)

        delete = f"INSERT INTO {fts} ({fts}, rowid, {names})"
        insert = f"INSERT INTO {fts} (rowid, {names})"
        for suffix in ("ai", "ad", "au"):
            db.execute(f'DROP TRIGGER IF EXISTS "{table}_{suffix}"')
        deleted = f"{delete} VALUES ('delete', old.rowid, {words('old.')});"
        inserted = f"{insert} VALUES (new.rowid, {words('new.')});"
        db.execute(f'CREATE TRIGGER "{table}_ai" AFTER INSERT ON "{table}" BEGIN {inserted} END')
        db.execute(f'CREATE TRIGGER "{table}_ad" AFTER DELETE ON "{table}" BEGIN {deleted} END')
        db.execute(
            f'CREATE TRIGGER "{table}_au" AFTER UPDATE ON "{table}" BEGIN {deleted} {inserted} END'
        )
        # The rows indexed as stored that read otherwise now: out as indexed, in as read.
        marked = " OR ".join(f'instr("{c}", char(65533))' for c in columns)
        db.execute(f"{delete} SELECT 'delete', rowid, {names} FROM \"{table}\" WHERE {marked}")
        db.execute(f'{insert} SELECT rowid, {words("")} FROM "{table}" WHERE {marked}')
