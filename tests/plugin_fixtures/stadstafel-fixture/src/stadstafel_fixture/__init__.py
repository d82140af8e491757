"""An installable fixture plugin: a topic, a vocabulary value, settings and a migration set."""

from __future__ import annotations

from sqlite_utils import Migrations

from stadstafel import hookimpl

NAME = "fixture"

fixture_migrations = Migrations("stadstafel-fixture")


@fixture_migrations()
def m001_notes(db):
    db["fixture_notes"].create({"id": int, "text": str}, pk="id")


@hookimpl
def migrations():
    return fixture_migrations


@hookimpl
def register_topics(register):
    register.topic("fixture-thema")
    register.vocabulary("organisation_kinds", "netbeheerder")


@hookimpl
def config_schema():
    return {"greeting": {"type": str, "default": "hallo", "description": "A greeting."}}


@hookimpl
def dashboard_cards(workspace):
    greeting = workspace.plugins.settings(NAME)["greeting"]
    return [{"title": "Fixture", "value": greeting, "detail": "from an installed plugin"}]
