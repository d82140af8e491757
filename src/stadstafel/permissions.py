"""Who may do what. The matrix here is the single source; ``docs/permissions.md`` renders it
and a test keeps the two equal.

Roles:
- ``beheerder``  — global (from config): may do everything.
- ``voorzitter`` — per table: the person set as the table's chair.
- ``secretaris`` — per table: the person set as the table's secretary.
- ``partner``    — per membership: a person of an organisation that is a current member.
- ``lezer``      — everyone else, and anyone configured as ``lezer``: reads only.

Some mutations are allowed to a partner only for their *own* organisation (``own``): signing
the mission for it, submitting or withdrawing its agenda items, recording its interests,
editing its people, and closing actions it owns.
"""

from __future__ import annotations

from stadstafel import i18n
from stadstafel.errors import PermissionDenied

ROLES = ["beheerder", "voorzitter", "secretaris", "partner", "lezer"]

# mutation -> roles allowed. "partner:own" means: a partner, for its own organisation only.
# "secretaris:any" means: the secretary (or chair) of *any* table (for records outside a table).
MATRIX: dict[str, set[str]] = {
    "organisation.create": {"beheerder", "secretaris:any"},
    "organisation.update": {"beheerder", "secretaris:any", "partner:own"},
    "organisation.delete": {"beheerder"},
    "person.create": {"beheerder", "secretaris:any", "partner:own"},
    "person.update": {"beheerder", "secretaris:any", "partner:own"},
    "person.delete": {"beheerder", "secretaris:any"},
    "table.create": {"beheerder"},
    "table.update": {"beheerder", "voorzitter", "secretaris"},
    "table.delete": {"beheerder"},
    "membership.manage": {"beheerder", "voorzitter", "secretaris"},
    "mission.revise": {"beheerder", "voorzitter", "secretaris"},
    "mission.sign": {"beheerder", "partner:own"},
    "mission.record_signature": {"beheerder", "secretaris"},
    "goal.manage": {"beheerder", "voorzitter", "secretaris"},
    "working_agreement.manage": {"beheerder", "voorzitter", "secretaris"},
    "interest.manage": {"beheerder", "voorzitter", "secretaris", "partner:own"},
    "initiative.manage": {"beheerder", "voorzitter", "secretaris", "partner"},
    "initiative.admit": {"beheerder", "voorzitter", "secretaris"},
    "meeting.manage": {"beheerder", "voorzitter", "secretaris"},
    "agenda.submit": {"beheerder", "voorzitter", "secretaris", "partner:own"},
    "agenda.withdraw": {"beheerder", "voorzitter", "secretaris", "partner:own"},
    "agenda.edit": {"beheerder", "voorzitter", "secretaris", "partner:own"},
    "agenda.manage": {"beheerder", "voorzitter", "secretaris"},
    "minutes.record": {"beheerder", "voorzitter", "secretaris"},
    "minutes.adopt": {"beheerder", "voorzitter", "secretaris"},
    "minutes.correct": {"beheerder", "voorzitter", "secretaris"},
    "action.manage": {"beheerder", "voorzitter", "secretaris"},
    "action.close": {"beheerder", "voorzitter", "secretaris", "partner:own"},
    "intake.manage": {"beheerder", "voorzitter", "secretaris"},
    "workspace.backup": {"beheerder"},
    "reminders.send": {"beheerder"},
    "person.export": {"beheerder", "secretaris:any"},
    "audit.read": {"beheerder"},
}

ACTION_LABELS: dict[str, tuple[str, str]] = {
    "organisation.create": ("organisatie aanmaken", "create organisation"),
    "organisation.update": ("organisatie wijzigen", "edit organisation"),
    "organisation.delete": ("organisatie verwijderen", "delete organisation"),
    "person.create": ("persoon aanmaken", "create person"),
    "person.update": ("persoon wijzigen", "edit person"),
    "person.delete": ("persoon verwijderen", "delete person"),
    "table.create": ("tafel aanmaken", "create table"),
    "table.update": ("tafel wijzigen", "edit table"),
    "table.delete": ("tafel verwijderen", "delete table"),
    "membership.manage": ("leden beheren", "manage members"),
    "mission.revise": ("missie herzien", "revise mission"),
    "mission.sign": ("missie ondertekenen", "sign mission"),
    "mission.record_signature": ("ondertekening vastleggen", "record signature"),
    "goal.manage": ("doelen beheren", "manage goals"),
    "working_agreement.manage": ("werkafspraken beheren", "manage working agreements"),
    "interest.manage": ("belangen vastleggen", "record interests"),
    "initiative.manage": ("initiatieven beheren", "manage initiatives"),
    "initiative.admit": ("initiatief toelaten", "admit initiative"),
    "meeting.manage": ("vergaderingen beheren", "manage meetings"),
    "agenda.submit": ("agendapunt indienen", "submit agenda item"),
    "agenda.withdraw": ("agendapunt intrekken", "withdraw agenda item"),
    "agenda.edit": ("agendapunt wijzigen", "edit agenda item"),
    "agenda.manage": ("agenda beheren", "manage agenda"),
    "minutes.record": ("verslag vastleggen", "record minutes"),
    "minutes.adopt": ("verslag vaststellen", "approve minutes"),
    "minutes.correct": ("verslag corrigeren", "correct minutes"),
    "action.manage": ("acties beheren", "manage actions"),
    "action.close": ("actie afronden", "close action"),
    "intake.manage": ("inbreng uit de stad beheren", "manage input from the city"),
    "workspace.backup": ("kopie van de database maken", "back up the database"),
    "reminders.send": ("rappels versturen", "send reminders"),
    "person.export": ("persoonsgegevens uitvoeren", "export personal data"),
    "audit.read": ("auditlog lezen", "read the audit log"),
}


class Actor:
    """Who is acting. Per-table roles are derived from the data by ``Permissions``.

    A plain class rather than a dataclass: defined at every start, where a dataclass costs ten
    times as much (its methods are compiled then)."""

    def __init__(
        self,
        login: str,
        person_id: int | None = None,
        organisation_id: int | None = None,
        global_role: str = "gebruiker",  # beheerder | gebruiker | lezer
        display: str = "",
        table_roles: dict[int, set[str]] | None = None,
    ):
        self.login = login
        self.person_id = person_id
        self.organisation_id = organisation_id
        self.global_role = global_role
        self.display = display
        # Filled by Permissions.refresh(): table id -> set of roles there.
        self.table_roles: dict[int, set[str]] = {} if table_roles is None else table_roles

    def __repr__(self) -> str:
        return f"Actor({self.login!r}, global_role={self.global_role!r})"

    @property
    def label(self) -> str:
        return self.display or self.login

    @property
    def is_admin(self) -> bool:
        return self.global_role == "beheerder"

    @property
    def read_only(self) -> bool:
        return self.global_role == "lezer"

    def roles_at(self, table_id: int | None) -> set[str]:
        if self.is_admin:
            return {"beheerder"}
        if self.read_only:
            return {"lezer"}
        return set(self.table_roles.get(table_id, set())) if table_id is not None else set()


SYSTEM = Actor(login="system", global_role="beheerder", display="systeem")


def holders(action: str, rules: set[str] | frozenset[str] | None = None) -> list[tuple[str, str]]:
    """Every role that holds the right to ``action``, in ``ROLES`` order, each with its scope:
    "" (everywhere it has that role), "own" (its own organisation) or "any" (at any table).
    "secretaris:any" is held by the chair as well (``allowed`` lets either act)."""
    found: dict[str, str] = {}
    for rule in MATRIX[action] if rules is None else rules:
        role, _, scope = rule.partition(":")
        found[role] = scope
        if role == "secretaris" and scope == "any":
            found.setdefault("voorzitter", "any")
    # a plugin's right may name roles a workspace mapped to it that are not core roles
    order = [*ROLES, *sorted(r for r in found if r not in ROLES)]
    return [(role, found[role]) for role in order if role in found]


def holders_text(action: str, rules: set[str] | frozenset[str] | None = None) -> str:
    """``holders`` as the words of a refusal: "beheerder, voorzitter (bij elke tafel), …"."""
    keys = {"own": "role_own_org", "any": "role_any_table"}
    return ", ".join(
        i18n.t(keys[scope], role=role) if scope in keys else role
        for role, scope in holders(action, rules)
    )


def allowed(
    actor: Actor,
    action: str,
    *,
    table_id: int | None = None,
    org_id: int | None = None,
    rules: set[str] | frozenset[str] | None = None,
) -> bool:
    """May ``actor`` do ``action``? ``rules`` are a plugin's right's roles (the core's come
    from ``MATRIX``)."""
    rules = MATRIX[action] if rules is None else rules
    if actor.is_admin:
        return "beheerder" in rules
    if actor.read_only:
        return False
    roles = actor.roles_at(table_id)
    for rule in rules:
        role, _, scope = rule.partition(":")
        if scope == "any":
            if any(role in r or "voorzitter" in r for r in actor.table_roles.values()):
                return True
        elif scope == "own":
            own = org_id is not None and org_id == actor.organisation_id
            # A partner acts for its own organisation: inside a table it must be a member.
            if role == "partner" and own and (table_id is None or "partner" in roles):
                return True
        elif role in roles:
            return True
    return False


def require(
    actor: Actor,
    action: str,
    *,
    table_id: int | None = None,
    org_id: int | None = None,
    table_name: str | None = None,
    rules: set[str] | frozenset[str] | None = None,
    label_pair: tuple[str, str] | None = None,
) -> None:
    """PermissionDenied naming the action, the table and the roles that may, unless allowed.
    A plugin's right passes its ``rules`` and ``label_pair``."""
    if allowed(actor, action, table_id=table_id, org_id=org_id, rules=rules):
        return
    lang = i18n.language()
    label = (label_pair or ACTION_LABELS[action])[0 if lang == "nl" else 1]
    where = i18n.t("permission_where", table=table_name) if table_name else ""
    raise PermissionDenied(
        i18n.t(
            "permission",
            who=actor.label,
            action=label,
            where=where,
            roles=holders_text(action, rules),
        )
    )


def render_markdown() -> str:
    """The matrix as a Markdown table (``docs/permissions.md`` embeds exactly this)."""
    columns = ["beheerder", "voorzitter", "secretaris", "partner", "lezer"]
    lines = [
        "| mutatie | " + " | ".join(columns) + " |",
        "|---|" + "|".join("---" for _ in columns) + "|",
    ]
    for action in MATRIX:
        held = dict(holders(action))
        cells = [
            {"": "ja", "own": "eigen organisatie", "any": "bij elke tafel"}[held[role]]
            if role in held
            else "–"
            for role in columns
        ]
        lines.append(f"| `{action}` ({ACTION_LABELS[action][0]}) | " + " | ".join(cells) + " |")
    return "\n".join(lines)
