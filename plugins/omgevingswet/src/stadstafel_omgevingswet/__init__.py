"""stadstafel domain module "omgevingswet": participation trajectories under the Omgevingswet.

Written on stadstafel's public API only (``stadstafel``, ``stadstafel.ui``,
``stadstafel.testing``; see docs/plugins.md):

- ``schema``      the module's migrations: ``omgevingswet_trajectories``;
- ``service``     ``Trajectories``, the only code that writes them, and the flags from the rules;
- ``rules``       statutory vocabulary and sources; local choices are in ``defaults.toml``;
- ``screens``     a section of its own and a tab on every table's screen;
- ``documents``   the participatieplan/-verslag as Markdown;
- the hooks below: two rights, a search kind, an export, agenda suggestions, a card, demo data.

Textual is imported only inside the factories (many commands never start the interface).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stadstafel import L, SchemaKey, hookimpl, parse_toml, today

__version__ = "0.1.0"

NAME = "omgevingswet"
SERVICE = "omgevingswet.trajectories"
RIGHT = "omgevingswet.trajectories.edit"
MOTIVERING_RIGHT = "omgevingswet.motivering.set"
INDICATOR = "omgevingswet:op_orde"
EXPORT = "omgevingswet-verslagen"


def default_values() -> dict:
    # parsed at every start (the settings' schema): kept from the last one
    return parse_toml(Path(__file__).with_name("defaults.toml").read_text("utf-8"))


_DESCRIPTIONS = {
    "ladder": ("The participatieladder, lowest rung first.", list, str),
    "minimum_rung": ("The lowest rung local policy accepts.", str, None),
    "minimum_rung_date": ("Date of the policy that sets the minimum rung.", str, None),
    "minimum_rung_source": ("Source of the minimum rung.", str, None),
    "invitation_lead_days": ("Days at least between invitation and meeting.", int, None),
    "invitation_lead_source": ("Source of the lead time.", str, None),
    "bopa_list_date": ("Date of the council's BOPA list (raadsbesluit).", str, None),
    "bopa_list_source": ("Source of the council's BOPA list.", str, None),
    "bopa_categories": (
        (
            "BOPA categories with mandatory participation (Ow 16.55 lid 7): "
            "{name, min_dwellings} or {name, all = true}."
        ),
        list,
        dict,
    ),
}


# -- data ----------------------------------------------------------------------------------------
@hookimpl
def config_schema():
    """Every key of ``[plugins.omgevingswet]`` with its default from ``defaults.toml``."""
    defaults = default_values()
    return {
        key: SchemaKey(typ, defaults[key], text, item=item)
        for key, (text, typ, item) in _DESCRIPTIONS.items()
    }


@hookimpl
def migrations():
    from stadstafel_omgevingswet.schema import migrations as module_migrations

    return module_migrations


@hookimpl
def services(register):
    # named, not imported: the service module is imported when a service is first used
    for name, cls in (("trajectories", "Trajectories"), ("kennisgevingen", "Kennisgevingen"),
                      ("plans", "Plans"), ("activities", "Activities"),
                      ("verslagen", "Verslagen"), ("afwegingen", "Afwegingen")):  # fmt: skip
        register(name, f"stadstafel_omgevingswet.service:{cls}")


@hookimpl
def record_labels(register):
    """The records' names and their fields' labels for the audit screen and audit list."""
    from stadstafel_omgevingswet import service

    for cls in (service.Trajectories, service.Kennisgevingen, service.Plans,
                service.Activities, service.Verslagen, service.Afwegingen):  # fmt: skip
        register.service(cls)


@hookimpl
def permissions(register):
    register(
        RIGHT,
        label=("participatietrajecten beheren", "manage participation trajectories"),
        roles=("voorzitter", "secretaris"),
    )
    register(
        MOTIVERING_RIGHT,
        label=("motivering participatie vastleggen", "set the participation motivation"),
        roles=("voorzitter",),
    )


class SettingError(ValueError):
    """A local choice the module cannot use: the host reports it as an invalid configuration
    naming ``plugins.omgevingswet.<key>`` (``check_settings`` hook), as for a wrong type."""

    def __init__(self, key: str, expected: str, found: str):
        super().__init__(f"plugins.{NAME}.{key}: expected {expected}, found {found}")
        self.key, self.expected, self.found = key, expected, found


@hookimpl
def check_settings(settings: dict) -> None:
    """What the types of config_schema cannot say, checked when the host loads (and by
    ``stadstafel config check``)."""
    ladder = list(settings["ladder"])
    if settings["minimum_rung"] not in ladder:
        raise SettingError(
            "minimum_rung", f"one of {', '.join(ladder)}", repr(settings["minimum_rung"])
        )
    for i, cat in enumerate(settings["bopa_categories"]):
        least = cat.get("min_dwellings")
        fine = isinstance(cat.get("name"), str) and (
            cat.get("all") is True or (isinstance(least, int) and not isinstance(least, bool))
        )
        if not fine or set(cat) - {"name", "min_dwellings", "all"}:
            raise SettingError(
                f"bopa_categories[{i}]",
                "{name, min_dwellings} or {name, all = true}",
                repr(cat),
            )


@hookimpl
def register_topics(register):
    register.topic(NAME)
    register.vocabulary("goal_indicators", INDICATOR)


# -- the app -------------------------------------------------------------------------------------
@hookimpl
def register_screens(register, workspace):
    def trajectories_screen(ws: Any):
        from stadstafel_omgevingswet.screens import TrajectoriesScreen

        return TrajectoriesScreen(ws)

    trajectories_screen.module = "stadstafel_omgevingswet.screens"  # type: ignore[attr-defined]
    register(SERVICE, "Omgevingswet", trajectories_screen, key="o")


@hookimpl
def table_tabs(register):
    def trajectories_tab(workspace: Any, table: Any):
        from stadstafel_omgevingswet.screens import TrajectoriesTab

        return TrajectoriesTab(workspace, table)

    register(SERVICE, trajectories_tab, label=("Participatie", "Participation"))


@hookimpl
def search_kinds(register):
    """Trajectories (title, plan, motivering) and participatieverslagen (what they record);
    a verslag opens its trajectory on the verslag tab."""

    def opener(tab: str):
        def open_trajectory(app: Any, item_id: int) -> None:
            from stadstafel_omgevingswet.trajectory import TrajectoryScreen

            app.push_screen(TrajectoryScreen(app.workspace, item_id, tab=tab))

        return open_trajectory

    register(
        f"{NAME}.trajectory",
        lambda workspace, query, limit: workspace.service(SERVICE).search(query, limit),
        label=("Participatietraject", "Participation trajectory"),
        open=opener("traject"),
    )
    register(
        f"{NAME}.verslag",
        lambda workspace, query, limit: workspace.service(f"{NAME}.verslagen").search(query, limit),
        label=("Participatieverslag", "Participation report"),
        open=opener("verslag"),
    )


@hookimpl
def exporters(register):
    """The participatieplannen and -verslagen (whole workspace or one table) in each of the
    core's document formats: ``omgevingswet-verslagen`` (Markdown), ``-odt``, ``-pdf``."""
    from stadstafel import DOCUMENT_FORMATS

    labels = {"md": "Markdown", "odt": "ODT", "pdf": "PDF/A", "docx": "Word"}
    for fmt, media in DOCUMENT_FORMATS.items():

        def documents(workspace: Any, scope: Any, fmt: str = fmt) -> bytes:
            from stadstafel import render_document

            from stadstafel_omgevingswet.documents import workspace_document

            table_id = scope.id if scope.kind == "table" else None
            return render_document(workspace, workspace_document(workspace, table_id=table_id), fmt)

        register(
            EXPORT if fmt == "md" else f"{EXPORT}-{fmt}",
            documents,
            label=(
                f"Participatieplannen en -verslagen ({labels.get(fmt, fmt)})",
                f"Participation plans and reports ({labels.get(fmt, fmt)})",
            ),
            media_type=media,
            suffix=fmt,
            scopes=("none", "table"),
        )


@hookimpl
def dashboard_cards(workspace):
    open_, flagged = workspace.service(SERVICE).open_counts()
    return [
        {
            "title": L("Participatietrajecten", "Participation trajectories"),
            "value": open_,
            "detail": L(
                f"open, waarvan {flagged} met een signaal",
                f"open, {flagged} of them flagged",
            ),
        }
    ]


@hookimpl
def goal_indicators(workspace, goal):
    """``omgevingswet:op_orde``: the share (%) of the goal's table's trajectories at or above
    the minimum rung with a verslag shared with the participants."""
    if (goal.get("indicator") or "").strip() != INDICATOR:
        return None
    good, total = workspace.service(SERVICE).share_in_order(goal.get("table_id"))
    value = round(100 * good / total, 1) if total else 0.0
    return {
        "value": value,
        "detail": L(
            f"{good} van {total} trajecten op of boven de minimumtrede met gedeeld verslag",
            f"{good} of {total} trajectories at or above the minimum rung with a shared report",
        ),
    }


def suggestions_for(workspace: Any, t: Any) -> list[dict]:
    """What of trajectory ``t`` (enriched, with flags) a table should discuss, each with its
    facts: any flag; a plan before activities start; a verslag before submission. Keys are
    stable: the same reason, the same key."""
    parts = {
        name: workspace.service(f"{NAME}.{name}") for name in ("plans", "verslagen", "activities")
    }
    day = today().isoformat()
    out = []
    base = L(
        f"{t.instrument}, fase {t.phase}, trede {t.rung or '-'}",
        f"{t.instrument}, phase {t.phase}, rung {t.rung or '-'}",
    )
    if t.flags:
        out.append(
            {
                "key": f"{NAME}:{t.id}:{','.join(f['code'] for f in t.flags)}",
                "title": L(f"Participatie: {t.title}", f"Participation: {t.title}"),
                "description": base,
                "detail": "; ".join(f"{f['text']} ({f['source']})" for f in t.flags),
            }
        )
    verslag = parts["verslagen"].one(t.id)
    if verslag is not None and not t.submitted:
        out.append(
            {
                "key": f"{NAME}:{t.id}:verslag",
                "title": L(f"Participatieverslag: {t.title}", f"Participation report: {t.title}"),
                "description": base,
                "detail": L(
                    f"verslag vóór indiening bespreken; draagvlak {verslag.draagvlak or '-'},"
                    f" gedeeld {verslag.shared or '-'}",
                    f"discuss the report before submission; support {verslag.draagvlak or '-'},"
                    f" shared {verslag.shared or '-'}",
                ),
            }
        )
    started = any(a.date <= day for a in parts["activities"].of(t.id))
    if parts["plans"].one(t.id) is not None and not started and not t.decided:
        out.append(
            {
                "key": f"{NAME}:{t.id}:plan",
                "title": L(f"Participatieplan: {t.title}", f"Participation plan: {t.title}"),
                "description": base,
                "detail": L(
                    "plan bespreken voordat de activiteiten beginnen",
                    "discuss the plan before the activities start",
                ),
            }
        )
    return out


def suggestion_for(workspace: Any, t: Any) -> dict:
    """The one item the "op agenda" key puts on the agenda: the verslag before submission, else
    the flags, else the plan, else the trajectory itself."""
    found = {s["key"].rsplit(":", 1)[1]: s for s in suggestions_for(workspace, t)}
    for reason in ("verslag",):
        if reason in found:
            return found[reason]
    flagged = [s for k, s in found.items() if k not in ("verslag", "plan")]
    if flagged:
        return flagged[0]
    if "plan" in found:
        return found["plan"]
    return {
        "key": f"{NAME}:{t.id}:traject",
        "title": L(f"Participatie: {t.title}", f"Participation: {t.title}"),
        "description": L(f"{t.instrument}, fase {t.phase}", f"{t.instrument}, phase {t.phase}"),
        "detail": "",
    }


@hookimpl
def agenda_suggestions(workspace, table, meeting):
    """For every open trajectory of this table: its flags, its plan before the activities
    start, its verslag before submission, with the facts."""
    out = []
    for t in workspace.service(SERVICE).list(table_id=table["id"], limit=200).rows:
        if not t.decided:
            out += suggestions_for(workspace, t)
    return out


@hookimpl
def generate_data(workspace, size, seed):
    from stadstafel_omgevingswet.generate import generate

    return generate(workspace, size, seed)


@hookimpl
def demo_data(workspace):
    from stadstafel_omgevingswet.demo import build

    build(workspace)
