"""stadstafel domain module "sociaal-domein": leerkringen and indicators compared across cities.

Written on stadstafel's public API only (``stadstafel``, ``stadstafel.ui``,
``stadstafel.testing``; see docs/plugins.md):

- ``schema``      the module's migrations (tables ``sociaal_domein_*``);
- ``service``     the services, the only code that writes them, and every rule;
- ``importer``    figures from a CBS StatLine CSV, all or nothing;
- ``views``       the comparison as text (command line, screens, exports);
- ``screens``     the section and the tab on a thematafel's screen;
- ``demo``        the demo network (invented figures, marked as demo data).

Textual is imported only inside the factories (many commands never start the interface).
"""

from __future__ import annotations

from typing import Any

from stadstafel import SchemaKey, hookimpl

__version__ = "0.1.0"

NAME = "sociaal-domein"
EDIT = "sociaal-domein.edit"
CONFIDENTIAL = "sociaal-domein.vertrouwelijk"


# -- data ----------------------------------------------------------------------------------------
@hookimpl
def migrations():
    from stadstafel_sociaal_domein.schema import migrations as module_migrations

    return module_migrations


@hookimpl
def services(register):
    # named, not imported: the service module is imported when a service is first used
    for name in ("leerkringen", "sessions", "outputs", "regions", "indicators", "figures",
                 "measures"):  # fmt: skip
        register(name, f"stadstafel_sociaal_domein.service:{name.capitalize()}")


@hookimpl
def record_labels(register):
    """The records' names and their fields' labels for the audit screen and audit list."""
    from stadstafel_sociaal_domein import service

    # the columns a service sets itself (a region code, a figure) named too
    own = {
        service.Regions: {"code": ("Regiocode", "Region code"),
                          "organisation_id": ("Gemeente", "City")},
        service.Sessions: {"hidden": ("Verborgen", "Hidden")},
        service.Figures: {"indicator_id": ("Indicator", "Indicator"),
                          "organisation_id": ("Gemeente", "City"),
                          "period": ("Periode", "Period"), "value": ("Waarde", "Value"),
                          "status": ("Status", "Status"), "origin": ("Herkomst", "Origin"),
                          "current": ("Geldend", "Current"),
                          "recorded_on": ("Vastgelegd op", "Recorded on")},
    }  # fmt: skip
    for cls in (service.Leerkringen, service.Sessions, service.Outputs, service.Regions,
                service.Indicators, service.Figures, service.Measures):  # fmt: skip
        register.service(cls, fields=own.get(cls))


@hookimpl
def permissions(register):
    register(
        EDIT,
        label=("sociaal domein beheren", "manage sociaal domein"),
        roles=("voorzitter", "secretaris"),
    )
    # Who besides the leerkring's own participants may read a confidential casus: by default
    # nobody but a beheerder; a workspace maps roles in [plugins.sociaal-domein.rights].
    register(
        CONFIDENTIAL,
        label=("vertrouwelijke casus lezen", "read confidential cases"),
        roles=(),
    )


@hookimpl
def register_topics(register):
    from stadstafel_sociaal_domein.goals import VOCABULARY

    register.topic(NAME)
    register.vocabulary("goal_indicators", *VOCABULARY)  # offered in the goal form


@hookimpl
def goal_indicators(workspace, goal):
    from stadstafel_sociaal_domein.goals import measure

    return measure(workspace, goal)


@hookimpl
def config_schema():
    return {
        "wrong_way_pct": SchemaKey(
            float,
            5.0,
            "An indicator moving the wrong way by more than this percentage between two"
            " periods is proposed for the agenda.",
        ),
        "gemeente": SchemaKey(
            str,
            "GM0546",
            "CBS region code of the workspace's own city, whose position among the cities is"
            " shown and put on the agenda (default: Leiden).",
        ),
    }


# -- the app -------------------------------------------------------------------------------------
@hookimpl
def register_screens(register, workspace):
    def screen(ws: Any):
        from stadstafel_sociaal_domein.screens import SociaalDomeinScreen

        return SociaalDomeinScreen(ws)

    # imported in the user's first pauses (its forms with the first form a key opens)
    screen.module = "stadstafel_sociaal_domein.screens"  # type: ignore[attr-defined]
    register(f"{NAME}.main", "Sociaal domein", screen, key="i")


@hookimpl
def table_tabs(register):
    def tab(workspace: Any, table: Any):
        from stadstafel_sociaal_domein.screens import LeerkringenTab

        return LeerkringenTab(workspace, table)

    def applies(workspace: Any, table: Any) -> bool:
        if NAME in (table.topics or []):
            return True
        return bool(workspace.service(f"{NAME}.leerkringen").list(table_id=table.id).total)

    register(f"{NAME}.leerkringen", tab, label=("Leerkringen", "Learning circles"), applies=applies)


@hookimpl
def search_kinds(register):
    def sessions(workspace: Any, query: str, limit: int) -> list[dict]:
        return workspace.service(f"{NAME}.sessions").search(query, limit)

    def indicators(workspace: Any, query: str, limit: int) -> list[dict]:
        return workspace.service(f"{NAME}.indicators").search(query, limit)

    def open_session(app: Any, session_id: int) -> None:
        from stadstafel_sociaal_domein.details import LeerkringScreen

        session = app.workspace.service(f"{NAME}.sessions").get(session_id)
        app.push_screen(LeerkringScreen(app.workspace, session.leerkring_id))

    def open_indicator(app: Any, indicator_id: int) -> None:
        from stadstafel_sociaal_domein.details import IndicatorScreen

        app.push_screen(IndicatorScreen(app.workspace, indicator_id))

    register(
        f"{NAME}.session",
        sessions,
        label=("Leerkringbijeenkomst", "Circle session"),
        open=open_session,
    )
    register(f"{NAME}.indicator", indicators, label=("Indicator", "Indicator"), open=open_indicator)

    def measures(workspace: Any, query: str, limit: int) -> list[dict]:
        return workspace.service(f"{NAME}.measures").search(query, limit)

    def open_measure(app: Any, measure_id: int) -> None:
        from stadstafel_sociaal_domein.details import MeasureScreen

        app.push_screen(MeasureScreen(app.workspace, measure_id))

    register(
        f"{NAME}.measure",
        measures,
        label=("Maatregel sociaal domein", "Sociaal domein measure"),
        open=open_measure,
    )


@hookimpl
def exporters(register):
    from stadstafel import DOCUMENT_FORMATS  # the exports themselves when one runs

    def leerkringen(fmt: str):
        def run(workspace: Any, scope: Any) -> bytes:
            from stadstafel import render_document

            from stadstafel_sociaal_domein.documents import leerkringen_document

            table_id = scope.id if scope.kind == "table" else None
            return render_document(workspace, leerkringen_document(workspace, table_id), fmt)

        return run

    def comparison(fmt: str):
        def run(workspace: Any, scope: Any) -> bytes:
            from stadstafel import render_document

            from stadstafel_sociaal_domein.agenda import home_city
            from stadstafel_sociaal_domein.documents import comparison_document

            doc = comparison_document(workspace, home_city(workspace))
            return render_document(workspace, doc, fmt)

        return run

    def comparison_csv(workspace: Any, scope: Any) -> bytes:
        import csv
        import io

        from stadstafel import csv_cell

        figures = workspace.service(f"{NAME}.figures")
        out = b""
        for ind in workspace.service(f"{NAME}.indicators").list().rows:
            line = io.StringIO()  # the name is a cell too: quoted, never a formula
            csv.writer(line, lineterminator="\n").writerow([csv_cell(f"# {ind.name}")])
            out += line.getvalue().encode() + figures.compare_csv(ind.id)
        return out

    labels = {"md": "Markdown", "odt": "ODT", "pdf": "PDF/A"}
    for fmt, media in DOCUMENT_FORMATS.items():
        label = labels.get(fmt, fmt)
        # the Markdown one keeps its first name: sociaal-domein-leerkringen
        suffix = "" if fmt == "md" else f"-{fmt}"
        register(
            f"{NAME}-leerkringen{suffix}",
            leerkringen(fmt),
            label=(f"Leerkringen: opbrengstdocument ({label})",
                   f"Learning circles: output ({label})"),
            media_type=media,
            suffix=fmt,
            scopes=("none", "table"),
        )  # fmt: skip
        register(
            f"{NAME}-indicatoren-{fmt}",
            comparison(fmt),
            label=(f"Indicatoren vergeleken ({label})", f"Indicators compared ({label})"),
            media_type=media,
            suffix=fmt,
        )
    register(
        f"{NAME}-vergelijking",
        comparison_csv,
        label=("Indicatoren vergeleken (CSV)", "Indicators compared (CSV)"),
        media_type="text/csv",
        suffix="csv",
    )


@hookimpl
def dashboard_cards(workspace):
    from stadstafel_sociaal_domein.agenda import dashboard

    return dashboard(workspace)


@hookimpl
def agenda_suggestions(workspace, table, meeting):
    from stadstafel_sociaal_domein.agenda import suggestions

    return suggestions(workspace, table, meeting)


@hookimpl
def cli_commands(cli):
    from stadstafel_sociaal_domein.cli import sociaal_domein

    cli.add_command(sociaal_domein)


@hookimpl
def demo_data(workspace):
    from stadstafel_sociaal_domein.demo import build

    build(workspace)


@hookimpl
def generate_data(workspace, size, seed):
    from stadstafel_sociaal_domein.generate import generate

    return generate(workspace, size, seed)
