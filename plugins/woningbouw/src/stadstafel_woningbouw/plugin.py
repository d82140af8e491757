"""The hooks of the woningbouw module (entry point ``woningbouw`` in the ``stadstafel`` group).

Everything here is thin: the rules are in ``model``, the reads and writes in ``service``, the
screens in ``screens`` (imported only when a screen is opened, so start-up stays fast).
"""

from __future__ import annotations

from typing import Any

from stadstafel import hookimpl

from stadstafel_woningbouw import __version__, texts
from stadstafel_woningbouw.model import BASIS_LABELS, default_values, fmt_int, parse_settings

NAME = "woningbouw"
INDICATOR = "woningbouw:homes_delivered"
SCREEN_ID = "woningbouw"
SEARCH_KIND = "woningbouw.project"
TAB_ID = "woningbouw.register"
# The module's own right: editing the register (projects, phases, knelpunten) on its table.
RIGHT = "woningbouw.register.edit"
RIGHT_LABEL = ("woningbouwregister bewerken", "edit the housing register")
RIGHT_ROLES = ("beheerder", "voorzitter", "secretaris")

# A type per key of [plugins.woningbouw] (the defaults and their sources are in defaults.toml).
_TYPES: dict[str, type] = {
    "table": str,
    "target_homes": int,
    "target_start_year": int,
    "target_year": int,
    "target_source": str,
    "target_basis": str,
    "target_other_homes": int,
    "target_other_source": str,
    "affordable_segments": list,
    "affordable_share": float,
    "affordable_source": str,
    "social_rent_share": float,
    "social_rent_source": str,
    "plan_capacity_norm": float,
    "plan_capacity_source": str,
    "stalled_months": int,
    "stalled_months_construction": int,
    "slip_months": int,
    "initiator_kinds": list,
    "cbs_region": str,
    "phases": list,
    "segment_limits": dict,
}
_DESCRIPTIONS: dict[str, str] = {
    "table": "Name of the table this module serves (agenda suggestions, permission).",
    "target_homes": "Homes to deliver by the end of target_year.",
    "target_start_year": "First year that counts towards the target.",
    "target_year": "Year by whose end the target is due.",
    "target_source": "Where the target comes from (shown with every figure).",
    "target_basis": 'What the target counts: "gross" (new homes) or "net" (minus withdrawn).',
    "target_other_homes": "The same target on the other basis (0: not known).",
    "target_other_source": "Source of target_other_homes.",
    "affordable_segments": "Segments that count as betaalbaar.",
    "affordable_share": "Share of betaalbare homes wanted in new build (0-1).",
    "affordable_source": "Source of affordable_share.",
    "social_rent_share": "Share of sociale huur wanted in new build (0-1).",
    "social_rent_source": "Source of social_rent_share.",
    "plan_capacity_norm": "Wanted plan capacity as a multiple of the remaining task.",
    "plan_capacity_source": "Source of plan_capacity_norm.",
    "stalled_months": "Months without a phase change after which a project is stalled.",
    "stalled_months_construction": "The same for a project in a construction phase.",
    "slip_months": "Months within which a later delivery year is reported as slipped.",
    "initiator_kinds": "Organisation kinds that may be a project's initiator.",
    "cbs_region": 'CBS region code of the municipality (e.g. "GM0546") for the CBS check.',
    "phases": "Ordered plan phases: [[phases]] name, hard (harde plancapaciteit), kind.",
    "segment_limits": "Per year: rent and price limits of the segments, with their source.",
}


def _settings(workspace: Any):
    from stadstafel_woningbouw.service import settings_for

    return settings_for(workspace)


def _register(workspace: Any):
    from stadstafel_woningbouw.service import register_for

    return register_for(workspace)


# -- data ----------------------------------------------------------------------------------------
@hookimpl
def migrations():
    from stadstafel_woningbouw.migrations import migrations as woningbouw_migrations

    return woningbouw_migrations


@hookimpl
def config_schema():
    """Every key of ``[plugins.woningbouw]`` with its default from ``defaults.toml``."""
    defaults = default_values()
    return {
        key: {"type": typ, "default": defaults[key], "description": _DESCRIPTIONS[key]}
        for key, typ in _TYPES.items()
    }


@hookimpl
def demo_settings():
    """Leiden's own target for the demo: 8,800 homes net 2021-2030 (data/demo-leiden.toml)."""
    import tomllib
    from importlib.resources import files

    text = files("stadstafel_woningbouw").joinpath("data/demo-leiden.toml").read_text("utf-8")
    return tomllib.loads(text)


@hookimpl
def check_settings(settings):
    """The whole section as the plugin reads it: ``stadstafel config check`` reports a value
    it cannot use (e.g. ``affordable_share = 1.5``) with its key, before anything runs."""
    parse_settings(settings)


@hookimpl
def register_topics(register):
    register.topic("woningbouw")
    register.vocabulary("goal_indicators", INDICATOR)  # offered in the goal form


@hookimpl
def services(register):
    register("projects", "stadstafel_woningbouw.service:ProjectRegister")  # imported on first use


@hookimpl
def record_labels(register):
    """The records' names and their fields' labels for the audit screen and audit list."""
    own = {"woningbouw_cbs": texts.CBS_FIELDS, "woningbouw_history": texts.HISTORY_FIELDS}
    for record, label in texts.RECORDS.items():
        register(record, label=label, fields=own.get(record, texts.FIELDS))


@hookimpl
def permissions(register):
    register(RIGHT, label=RIGHT_LABEL, roles=RIGHT_ROLES)


@hookimpl
def search_kinds(register):
    def search(workspace: Any, query: str, limit: int) -> list[dict]:
        return _register(workspace).search(query, limit=limit)

    def open_project(app: Any, project_id: int) -> None:
        from stadstafel_woningbouw.screens import ProjectScreen

        app.push_screen(ProjectScreen(app.workspace, project_id))

    register(
        SEARCH_KIND,
        search,
        label=("Woningbouwproject", "Housing project"),
        open=open_project,
    )


@hookimpl
def record_references(register):
    # A project's initiators are organisation ids in a JSON list that SQLite cannot see:
    # deleting such an organisation in the core is refused with the projects named.
    register(
        "organisations",
        "woningbouw_projects",
        "organisation_ids",
        label=("woningbouwproject(en)", "housing project(s)"),
        record="woningbouw_project",
    )


@hookimpl
def table_tabs(register):
    def applies(workspace: Any, table: Any) -> bool:
        return (table.get("name") or "").casefold() == _settings(workspace).table.casefold()

    def factory(workspace: Any, table: Any):
        from stadstafel_woningbouw.screens import RegisterTab

        return RegisterTab(workspace, table)

    register(TAB_ID, factory, label=("Woningbouw", "Housing"), applies=applies)


# -- registration --------------------------------------------------------------------------------
@hookimpl
def register_screens(register, workspace):
    # Check the whole [plugins.woningbouw] section now, so a bad value is reported at start-up
    # (naming its key) instead of on first use.
    parse_settings(register.settings or None)

    def open_register(ws: Any):
        from stadstafel_woningbouw.screens import ProjectsScreen

        return ProjectsScreen(ws)

    open_register.module = "stadstafel_woningbouw.screens.register"  # type: ignore[attr-defined]
    register(SCREEN_ID, "Woningbouw", open_register, key="w")


@hookimpl
def register_commands(register, workspace):
    def progress(app: Any) -> None:
        from stadstafel_woningbouw.screens import ProgressScreen

        app.push_screen(ProgressScreen(app.workspace))

    def stalled(app: Any) -> None:
        from stadstafel_woningbouw.screens import SignalsScreen

        app.push_screen(SignalsScreen(app.workspace))

    def import_csv(app: Any) -> None:
        from stadstafel_woningbouw.screens import open_import

        open_import(app)

    # (Dutch, English): the palette shows them in the language of the moment
    register(
        "woningbouw.progress",
        ("Woningbouw: voortgang", "Housing: progress"),
        progress,
        help=(
            "Opgeleverd per jaar tegen de rechte lijn, pijplijn per fase en segment",
            "Delivered per year against the straight line, pipeline per phase and segment",
        ),
    )
    register(
        "woningbouw.stalled",
        ("Woningbouw: stilgevallen projecten", "Housing: stalled projects"),
        stalled,
        help=(
            "Projecten zonder fasewijziging, met verschoven oplevering of knelpunt over datum",
            "Projects without a phase change, with a delivery moved or a bottleneck overdue",
        ),
    )
    register(
        "woningbouw.import",
        ("Woningbouw: importeer CSV", "Housing: import CSV"),
        import_csv,
        help=(
            "Projecten uit een CSV-bestand inlezen (kolommen: zie README)",
            "Read projects from a CSV file (columns: see README)",
        ),
    )


# -- content -------------------------------------------------------------------------------------
@hookimpl
def goal_indicators(workspace, goal):
    """``woningbouw:homes_delivered``: homes delivered from the target's start year up to the
    goal's deadline year (or this year, whichever is earlier), from the register."""
    if (goal.get("indicator") or "").strip() != INDICATOR:
        return None
    import stadstafel

    reg = _register(workspace)
    s = reg.settings
    this_year = stadstafel.today().year
    through = this_year
    deadline = goal.get("deadline")
    if deadline:
        through = min(through, int(str(deadline)[:4]))
    by_year = reg.delivered_by_year()
    value = sum(n for y, n in by_year.items() if s.target_start_year <= y <= through)
    lang = texts.lang()
    from stadstafel_woningbouw.model import needed_by

    needed = needed_by(s, through)
    detail = texts.L(
        f"{fmt_int(value)} woningen opgeleverd {s.target_start_year}–{through} volgens het"
        f" woningbouwregister; de rechte lijn naar {fmt_int(s.target_homes)} in"
        f" {s.target_year} vraagt eind {through} {fmt_int(needed)}; bron: {s.target_source}",
        f"{fmt_int(value, lang)} homes delivered {s.target_start_year}–{through} according to"
        f" the housing register; the straight line to {fmt_int(s.target_homes, lang)} in"
        f" {s.target_year} needs {fmt_int(needed, lang)} by the end of {through};"
        f" source: {s.target_source}",
    )
    return {"value": float(value), "detail": detail}


@hookimpl
def agenda_suggestions(workspace, table, meeting):
    """Stalled, slipped and blocked projects, for the configured Woningbouw table only."""
    s = _settings(workspace)
    if (table.get("name") or "").casefold() != s.table.casefold():
        return None
    reg = _register(workspace)
    en = texts.lang() == "en"
    out = []
    for project, found in reg.signals():
        kinds = {sig.kind for sig in found}
        short = [
            texts.L(nl, en_)
            for kind, nl, en_ in (
                ("stalled", "stilgevallen", "stalled"),
                ("slipped", "oplevering verschoven", "delivery slipped"),
                ("knelpunt_overdue", "knelpunt over de datum", "bottleneck overdue"),
            )
            if kind in kinds
        ]
        facts = [sig.text_en if en else sig.text_nl for sig in found]
        context = texts.L(
            f"{project.name} ({project.area or 'geen wijk'}): {fmt_int(project.homes_total)}"
            f" woningen, fase {project.phase}, initiatief {project.initiators or '-'}",
            f"{project.name} ({project.area or 'no area'}): {fmt_int(project.homes_total, 'en')}"
            f" homes, phase {project.phase}, initiator {project.initiators or '-'}",
        )
        out.append(
            {
                "key": f"woningbouw:project:{project.id}",
                "title": texts.L(
                    f"Woningbouw: {project.name} ({', '.join(short)})",
                    f"Housing: {project.name} ({', '.join(short)})",
                )[:200],
                "description": context + ". " + "; ".join(facts) + ".",
                "detail": "woningbouw: " + "; ".join(facts),
            }
        )
    return out


@hookimpl
def dashboard_cards(workspace):
    reg = _register(workspace)
    p = reg.progress()
    s = p["settings"]
    lang = texts.lang()
    cap = p["capacity"]
    construction_projects = sum(r["projects"] for r in p["pipeline"] if r["kind"] == "construction")
    basis_nl, basis_en = BASIS_LABELS[s.target_basis]
    return [
        {
            "title": texts.L(f"Opgeleverd {p['today'].year}", f"Delivered {p['today'].year}"),
            "value": fmt_int(p["delivered_this_year"], lang),
            "detail": texts.L(
                f"woningen dit jaar, {basis_nl} (woningbouwregister)",
                f"homes this year, {basis_en} (housing register)",
            ),
        },
        {
            "title": texts.L("In aanbouw", "Under construction"),
            "value": fmt_int(cap["construction"], lang),
            "detail": texts.L(
                f"woningen in {construction_projects} projecten",
                f"homes in {construction_projects} projects",
            ),
        },
        {
            "title": texts.L("Harde plancapaciteit", "Hard plan capacity"),
            "value": fmt_int(cap["hard"], lang),
            "detail": texts.L(
                f"woningen; zacht {fmt_int(cap['soft'], lang)}",
                f"homes; soft {fmt_int(cap['soft'], lang)}",
            ),
        },
        {
            "title": texts.L("Tekort op doel", "Gap to target"),
            "value": fmt_int(p["gap"], lang),
            "detail": texts.L(
                f"nog op te leveren ({basis_nl}) voor {fmt_int(s.target_homes, lang)} in"
                f" {s.target_year}; bron: {s.target_source}",
                f"still to deliver ({basis_en}) for {fmt_int(s.target_homes, lang)} by"
                f" {s.target_year}; source: {s.target_source}",
            ),
        },
    ]


@hookimpl
def demo_data(workspace):
    from stadstafel_woningbouw.demo import build

    build(workspace)


@hookimpl
def generate_data(workspace, size, seed):
    from stadstafel_woningbouw.generate import generate

    return generate(workspace, size, seed)


@hookimpl
def cli_commands(cli):
    from stadstafel_woningbouw.cli import woningbouw

    cli.add_command(woningbouw)


@hookimpl
def exporters(register):
    def export(workspace: Any, scope: Any) -> bytes:
        import io

        from stadstafel_woningbouw.importer import export_csv

        out = io.StringIO()
        export_csv(_register(workspace), out)
        return out.getvalue().encode("utf-8")

    register(
        "woningbouw-csv",
        export,
        label=("Woningbouwregister (CSV)", "Housing register (CSV)"),
        media_type="text/csv",
        suffix="csv",
        scopes=("none",),
    )


__all__ = ["INDICATOR", "NAME", "__version__"]
