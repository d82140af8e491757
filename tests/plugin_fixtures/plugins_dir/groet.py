"""A single-file plugin for [plugins] plugins_dir."""

from stadstafel import hookimpl

__version__ = "1.2"


@hookimpl
def register_topics(register):
    register.topic("groet")


@hookimpl
def dashboard_cards(workspace):
    return [{"title": "Groet", "value": "hallo", "detail": "uit plugins_dir"}]
