"""``stadstafel plugin new NAME [DIR]``: write a plugin distribution to start from.

The result installs with ``uv pip install -e DIR`` and its tests pass as written::

    DIR/pyproject.toml                      hatchling, entry point group "stadstafel"
    DIR/README.md
    DIR/src/stadstafel_<name>/__init__.py   hookimpls: a topic, a theme, config_schema, a card
    DIR/src/stadstafel_<name>/<name>.tcss   styles for the plugin's screens
    DIR/tests/test_<name>.py

With ``module=True`` (``stadstafel plugin new NAME --module``) it writes a domain module
instead, on the public API only: a migration, a service with its own right, a section screen,
a tab on every table's screen, a search kind, a CSV export, demo data and tests of each::

    DIR/src/stadstafel_<name>/__init__.py   the hooks
    DIR/src/stadstafel_<name>/schema.py     its migrations (a module named migrations would
                                            hide the hook of that name)
    DIR/src/stadstafel_<name>/service.py
    DIR/src/stadstafel_<name>/screens.py
    DIR/tests/test_<name>.py

The templates live in ``stadstafel/scaffold_templates/`` and use ``{{key}}`` placeholders (not
``$``, which Textual CSS uses for variables).
"""

from __future__ import annotations

import re
import tomllib
from importlib.resources import files
from pathlib import Path

from stadstafel import __version__

# Lower case, starting with a letter; words joined by "-" or "_". It becomes the entry-point
# name, the [plugins.<name>] section, the migration set "stadstafel-<name>" and a table prefix.
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$")
RESERVED = {"core", "enabled", "disabled", "plugins_dir", "stadstafel"}


class ScaffoldError(ValueError):
    """The plugin cannot be written (bad name, folder not empty)."""


def names(name: str) -> dict[str, str]:
    """The derived names for plugin ``name``."""
    snake = name.replace("-", "_")
    return {
        "name": name,
        "module": f"stadstafel_{snake}",
        "dist": f"stadstafel-{name.replace('_', '-')}",
        "snake": snake,
        "title": name.replace("-", " ").replace("_", " ").capitalize(),
        "prefix": f"{snake}_",
        "env_name": snake.upper(),
        "stadstafel_version": __version__,
    }


def check_name(name: str) -> None:
    if not NAME_PATTERN.match(name or ""):
        raise ScaffoldError(
            f"ongeldige pluginnaam {name!r}: gebruik kleine letters en cijfers, begin met een"
            " letter, woorden gescheiden door '-' of '_' (bijvoorbeeld 'groen' of"
            " 'regionale-economie')"
        )
    if name in RESERVED:
        raise ScaffoldError(f"de naam {name!r} is voorbehouden; kies een andere")


def in_stadstafel_workspace(folder: Path) -> bool:
    """True when ``folder`` lies inside the stadstafel repository's uv workspace."""
    for parent in [folder, *folder.parents]:
        pyproject = parent / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            if data.get("project", {}).get("name") == "stadstafel":
                return "workspace" in data.get("tool", {}).get("uv", {})
    return False


def _render(template: str, values: dict[str, str]) -> str:
    text = (
        files("stadstafel")
        .joinpath("scaffold_templates", *template.split("/"))
        .read_text(encoding="utf-8")
    )
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    leftover = re.search(r"\{\{\w+\}\}", text)
    if leftover:  # pragma: no cover - a template bug
        raise ScaffoldError(f"{template}: placeholder {leftover.group(0)} niet ingevuld")
    return text


def scaffold(
    name: str,
    directory: str | Path | None = None,
    *,
    workspace: bool | None = None,
    module: bool = False,
):
    """Write the plugin distribution for ``name`` into ``directory`` and return its path.

    ``directory`` defaults to ``./stadstafel-<name>``; it must not exist or be empty.
    ``workspace`` adds ``[tool.uv.sources] stadstafel = { workspace = true }`` (for a plugin
    under the stadstafel repository's ``plugins/``); by default that is detected.
    """
    check_name(name)
    values = names(name)
    target = Path(directory) if directory is not None else Path.cwd() / values["dist"]
    target = target.expanduser().absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} bestaat al en is niet leeg; kies een andere map")
    if workspace is None:
        workspace = in_stadstafel_workspace(target.parent)
    values["uv_sources"] = (
        "\n[tool.uv.sources]\nstadstafel = { workspace = true }\n" if workspace else ""
    )
    package = values["module"]
    plan = {
        "pyproject.toml": "pyproject.toml.tmpl",
        "README.md": "README.md.tmpl",
        f"src/{package}/__init__.py": "__init__.py.tmpl",
        f"src/{package}/{name}.tcss": "plugin.tcss.tmpl",
        f"tests/test_{values['snake']}.py": "test_plugin.py.tmpl",
    }
    if module:
        plan = {
            "pyproject.toml": "pyproject.toml.tmpl",
            "README.md": "README.md.tmpl",
            f"src/{package}/__init__.py": "module/__init__.py.tmpl",
            f"src/{package}/schema.py": "module/schema.py.tmpl",
            f"src/{package}/service.py": "module/service.py.tmpl",
            f"src/{package}/screens.py": "module/screens.py.tmpl",
            f"tests/test_{values['snake']}.py": "module/test_module.py.tmpl",
        }
    for relative, template in plan.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_render(template, values), encoding="utf-8")
    return target
