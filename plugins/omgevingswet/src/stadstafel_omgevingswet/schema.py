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


# The parts of a trajectory, each a record of its own (issue 17, round 2). The columns the
# trajectory held for them move into these records; nothing a person entered is lost.
MOVED = (
    "kennisgeving_date",
    "participation_start",
    "rung",
    "rung_rationale",
    "groups_meant",
    "groups_reached",
    "invitation_date",
    "meeting_date",
    "verslag_shared",
)
STAMP = {"version": int, "created_at": str, "updated_at": str, "updated_by": str}
PARTS = {
    # one per trajectory
    "omgevingswet_kennisgevingen": {
        "date": str,  # published on
        "involved": str,  # who is involved
        "subject": str,  # about what
        "timing": str,  # when
        "roles": str,  # roles of bevoegd gezag and initiatiefnemer
        "information": str,  # where the information is
    },
    "omgevingswet_plans": {
        "date": str,  # plan made / agreed on
        "rung": str,
        "rung_rationale": str,
        "stakeholders": str,  # belanghebbenden
        "groups_meant": str,  # JSON list: the groups the plan means to reach
        "fixed_frameworks": str,  # vaste kaders
        "room_for_influence": str,  # ruimte voor invloed
        "reactions_handling": str,  # what happens with reactions
        "reporting": str,  # how it is reported
    },
    "omgevingswet_verslagen": {
        "date": str,  # written on
        "participants": str,  # who took part
        "interests": str,  # interests and objections
        "ideas": str,
        "adjusted": str,  # what was adjusted
        "not_adjusted": str,  # what not, and why
        "draagvlak": str,  # groot | beperkt | geen
        "shared": str,  # shared with the participants on
        "reactions": str,  # their reactions to the verslag
    },
    # several per trajectory
    "omgevingswet_activities": {
        "date": str,
        "title": str,
        "method": str,
        "invitation_date": str,
        "turnout": int,
        "groups_reached": str,  # JSON list
        "notes": str,
    },
    "omgevingswet_afwegingen": {
        "interest": str,  # the interest (belang)
        "whose": str,  # whose interest it is
        "weighing": str,  # overgenomen | deels overgenomen | niet overgenomen
        "reasoning": str,  # how it was weighed
        "explanation": str,  # the explanation given back
        "explained_on": str,
    },
}
SINGLE = ("omgevingswet_kennisgevingen", "omgevingswet_plans", "omgevingswet_verslagen")


@migrations()
def ow2_1_parts(db: Database) -> None:
    """Kennisgeving, participatieplan, activities, participatieverslag and belangenafweging as
    records of their own; the trajectory's columns for them are moved into them.

    An old trajectory's meeting becomes an activity (with its invitation and the groups
    reached); a participation start before that meeting becomes an activity of its own, so the
    earliest activity is still the start."""
    old = list(db["omgevingswet_trajectories"].rows)
    db["omgevingswet_trajectories"].transform(drop=set(MOVED))
    db["omgevingswet_trajectories"].add_column("application_participation", str)  # ja | nee
    db["omgevingswet_trajectories"].add_column("application_how", str)
    for name, columns in PARTS.items():
        db[name].create(
            {"id": int, "trajectory_id": int, **columns, **STAMP},
            pk="id",
            not_null={"trajectory_id", "version"},
            foreign_keys=[("trajectory_id", "omgevingswet_trajectories", "id")],
        )
        db[name].create_index(["trajectory_id"], unique=name in SINGLE)
    for t in old:
        stamp = {
            "trajectory_id": t["id"],
            "version": 1,
            "created_at": t["created_at"],
            "updated_at": t["updated_at"],
            "updated_by": t["updated_by"],
        }
        if t["kennisgeving_date"]:
            db["omgevingswet_kennisgevingen"].insert({**stamp, "date": t["kennisgeving_date"]})
        if t["rung"] or t["rung_rationale"] or _listed(t["groups_meant"]):
            db["omgevingswet_plans"].insert(
                {
                    **stamp,
                    "rung": t["rung"],
                    "rung_rationale": t["rung_rationale"],
                    "groups_meant": t["groups_meant"],
                }
            )
        start, meeting = t["participation_start"], t["meeting_date"]
        if start and (not meeting or start < meeting):
            title = "Start participatie"
            db["omgevingswet_activities"].insert({**stamp, "date": start, "title": title})
        if meeting or t["invitation_date"] or _listed(t["groups_reached"]):
            db["omgevingswet_activities"].insert(
                {
                    **stamp,
                    "date": meeting or start,
                    "title": "Bijeenkomst",
                    "method": "bijeenkomst",
                    "invitation_date": t["invitation_date"],
                    "groups_reached": t["groups_reached"],
                }
            )
        if t["verslag_shared"]:
            db["omgevingswet_verslagen"].insert({**stamp, "shared": t["verslag_shared"]})


@migrations()
def ow2_2_title_order(db: Database) -> None:
    """The list's order (title, case-insensitive, then id) as an index: a page, and the
    flagged filter, read rows in order and stop when the page is full instead of sorting
    every trajectory first."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS omgevingswet_trajectories_title"
        " ON omgevingswet_trajectories (title COLLATE NOCASE, id)"
    )


def _listed(value: str | None) -> bool:
    return bool(value) and value not in ("[]", "null")
